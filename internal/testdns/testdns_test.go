package testdns_test

import (
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/whichport/whichport/internal/testdns"
)

func TestStart(t *testing.T) {
	addr := testdns.Start(t, map[string]string{
		"example.test": testdns.Zone("example.test", "@ MX 10 mx1", "mx1 A 192.0.2.1"),
		"other.test.":  testdns.Zone("other.test", "@ MX 0 ."),
	})
	for _, network := range []string{"udp", "tcp"} {
		c := &dns.Client{Net: network, Timeout: time.Second}
		q := new(dns.Msg)
		q.SetQuestion("example.test.", dns.TypeMX)
		resp, _, err := c.Exchange(q, addr)
		if err != nil {
			t.Fatal(network, err)
		}
		if len(resp.Answer) != 1 || resp.Answer[0].(*dns.MX).Mx != "mx1.example.test." {
			t.Fatalf("%s: answer %v", network, resp.Answer)
		}
	}
}
