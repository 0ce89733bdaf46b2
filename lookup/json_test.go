package lookup_test

import (
	"context"
	"encoding/json"
	"net/netip"
	"strings"
	"testing"

	"github.com/whichport/whichport/lookup"
)

// *Client must satisfy probe.HostResolver structurally (lookup does not
// import probe).
var _ interface {
	LookupAddrs(ctx context.Context, host string) ([]netip.Addr, error)
} = (*lookup.Client)(nil)

func TestJSONNames(t *testing.T) {
	c := &lookup.Client{Resolver: mxZone()}
	res, _ := c.MX(context.Background(), "bad.example")
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{`"domain":"bad.example"`, `"status":"mx"`, `"dnssec":false`, `"preference":10`,
		`"addrs":["192.0.2.11","2001:db8::11"]`, `"code":"mx-is-cname"`, `"cname":["mx1.example.com"]`} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %s in %s", want, s)
		}
	}
	res, _ = c.MX(context.Background(), "null.example")
	b, _ = json.Marshal(res)
	if !strings.Contains(string(b), `"hosts":[]`) {
		t.Errorf("null MX hosts should be an empty list: %s", b)
	}
	tl := lookup.TLSARecord{Usage: 3, Selector: 1, MatchingType: 1, Data: []byte{0xab}, Hex: "ab"}
	b, _ = json.Marshal(tl)
	if string(b) != `{"usage":3,"selector":1,"matching_type":1,"data":"qw==","hex":"ab"}` {
		t.Errorf("tlsa json %s", b)
	}
}
