package lookup_test

import (
	"context"
	"errors"
	"net/netip"
	"reflect"
	"testing"
	"time"

	"github.com/whichport/whichport/lookup"
	"github.com/whichport/whichport/lookup/lookuptest"
)

func mxZone() *lookuptest.Resolver {
	r := lookuptest.New(
		"example.com. MX 20 mx2.example.com.",
		"example.com. MX 10 mx1.example.com.",
		"example.com. MX 10 MX0.example.com.",
		"mx0.example.com. A 192.0.2.10",
		"mx1.example.com. A 192.0.2.11",
		"mx1.example.com. AAAA 2001:db8::11",
		"mx2.example.com. AAAA 2001:db8::12",
		"implicit.example. A 192.0.2.1",
		"nomail.example. TXT \"hello\"",
		"null.example. MX 0 .",
		"nullpref.example. MX 10 .",
		"mixed.example. MX 0 .",
		"mixed.example. MX 10 mx1.example.com.",
		"bad.example. MX 10 alias.bad.example.",
		"bad.example. MX 20 missing.bad.example.",
		"bad.example. MX 30 192.0.2.99.",
		"bad.example. MX 40 noaddr.bad.example.",
		"bad.example. MX 50 broken.bad.example.",
		"alias.bad.example. CNAME mx1.example.com.",
		"noaddr.bad.example. TXT \"no address\"",
		"broken.bad.example. A 192.0.2.50",
		"www.alias.example. CNAME example.com.",
		"loop1.example. CNAME loop2.example.",
		"loop2.example. CNAME loop1.example.",
		"secure.example. MX 10 mx.secure.example.",
		"mx.secure.example. A 192.0.2.7",
	)
	r.Fail["broken.bad.example"] = lookuptest.ServFail
	r.Fail["servfail.example"] = lookuptest.ServFail
	r.Fail["slow.example"] = lookuptest.Timeout
	r.Secure["secure.example"] = true
	r.Secure["mx.secure.example"] = true
	return r
}

func hostNames(hs []lookup.MXHost) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.Host)
	}
	return out
}

func problemCodes(ps []lookup.Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Code)
	}
	return out
}

func TestMXSortedWithAddresses(t *testing.T) {
	c := &lookup.Client{Resolver: mxZone()}
	res, err := c.MX(context.Background(), "user@Example.COM.")
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != lookup.MXFound || res.Domain != "example.com" || res.DNSSEC {
		t.Fatalf("got %+v", res)
	}
	want := []string{"mx0.example.com", "mx1.example.com", "mx2.example.com"}
	if got := hostNames(res.Hosts); !reflect.DeepEqual(got, want) {
		t.Fatalf("hosts %v, want %v", got, want)
	}
	wantAddrs := []netip.Addr{netip.MustParseAddr("192.0.2.11"), netip.MustParseAddr("2001:db8::11")}
	if !reflect.DeepEqual(res.Hosts[1].Addrs, wantAddrs) {
		t.Fatalf("mx1 addrs %v", res.Hosts[1].Addrs)
	}
	for _, h := range res.Hosts {
		if len(h.Problems) > 0 || h.Error != "" {
			t.Errorf("%s: unexpected problems %v %q", h.Host, h.Problems, h.Error)
		}
	}
}

func TestMXCases(t *testing.T) {
	tests := []struct {
		domain   string
		status   lookup.MXStatus
		err      error
		hosts    []string
		problems []string
	}{
		{"implicit.example", lookup.MXImplicit, nil, []string{"implicit.example"}, nil},
		{"nomail.example", lookup.MXNone, nil, nil, []string{lookup.ProblemNoMail}},
		{"nxdomain.example", lookup.MXNXDomain, lookup.ErrNXDomain, nil, nil},
		{"null.example", lookup.MXNull, nil, nil, nil},
		{"nullpref.example", lookup.MXNull, nil, nil, []string{lookup.ProblemNullMXPref}},
		{"mixed.example", lookup.MXFound, nil, []string{"mx1.example.com"}, []string{lookup.ProblemNullMXMixed}},
		{"servfail.example", lookup.MXError, lookup.ErrServFail, nil, nil},
		{"loop1.example", lookup.MXError, lookup.ErrCNAMELoop, nil, []string{lookup.ProblemDomainIsCNAME}},
		{"www.alias.example", lookup.MXFound, nil, []string{"mx0.example.com", "mx1.example.com", "mx2.example.com"}, []string{lookup.ProblemDomainIsCNAME}},
		{"bad name!", lookup.MXError, lookup.ErrBadName, nil, nil},
		{"192.0.2.1", lookup.MXError, lookup.ErrBadName, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.domain, func(t *testing.T) {
			for _, noChase := range []bool{false, true} {
				r := mxZone()
				r.NoChase = noChase
				c := &lookup.Client{Resolver: r}
				res, err := c.MX(context.Background(), tt.domain)
				if tt.err == nil && err != nil || tt.err != nil && !errors.Is(err, tt.err) {
					t.Fatalf("noChase=%v: err %v, want %v", noChase, err, tt.err)
				}
				if err != nil && res.Error == "" {
					t.Errorf("Error field empty")
				}
				if res.Status != tt.status {
					t.Errorf("noChase=%v: status %q, want %q", noChase, res.Status, tt.status)
				}
				if got := hostNames(res.Hosts); !reflect.DeepEqual(got, tt.hosts) {
					t.Errorf("hosts %v, want %v", got, tt.hosts)
				}
				if got := problemCodes(res.Problems); !reflect.DeepEqual(got, tt.problems) {
					t.Errorf("problems %v, want %v", got, tt.problems)
				}
			}
		})
	}
}

func TestMXHostProblems(t *testing.T) {
	c := &lookup.Client{Resolver: mxZone()}
	res, err := c.MX(context.Background(), "bad.example")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"alias.bad.example":   {lookup.ProblemMXIsCNAME},
		"missing.bad.example": {lookup.ProblemMXNXDomain},
		"192.0.2.99":          {lookup.ProblemMXIPLiteral},
		"noaddr.bad.example":  {lookup.ProblemMXNoAddress},
		"broken.bad.example":  {lookup.ProblemMXLookupFailed},
	}
	if len(res.Hosts) != len(want) {
		t.Fatalf("hosts %v", hostNames(res.Hosts))
	}
	for _, h := range res.Hosts {
		if got := problemCodes(h.Problems); !reflect.DeepEqual(got, want[h.Host]) {
			t.Errorf("%s: problems %v, want %v", h.Host, got, want[h.Host])
		}
	}
	if a := res.Hosts[0]; a.Host != "alias.bad.example" || len(a.Addrs) != 2 || !reflect.DeepEqual(a.CNAME, []string{"mx1.example.com"}) {
		t.Errorf("alias host %+v", a)
	}
}

func TestMXDNSSEC(t *testing.T) {
	c := &lookup.Client{Resolver: mxZone()}
	res, err := c.MX(context.Background(), "secure.example")
	if err != nil {
		t.Fatal(err)
	}
	if !res.DNSSEC || !res.Hosts[0].DNSSEC {
		t.Fatalf("want dnssec true: %+v", res)
	}
}

func TestMXTimeout(t *testing.T) {
	c := &lookup.Client{Resolver: mxZone(), Timeout: 50 * time.Millisecond}
	start := time.Now()
	res, err := c.MX(context.Background(), "slow.example")
	if !errors.Is(err, lookup.ErrTimeout) {
		t.Fatalf("err %v, want ErrTimeout", err)
	}
	if res.Status != lookup.MXError {
		t.Errorf("status %q", res.Status)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
	// The context deadline wins when it is earlier.
	c.Timeout = time.Hour
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := c.MX(ctx, "slow.example"); !errors.Is(err, lookup.ErrTimeout) {
		t.Fatalf("err %v, want ErrTimeout", err)
	}
}

func TestLookupAddrs(t *testing.T) {
	r := mxZone()
	r.Fail["mx1.example.com/AAAA"] = lookuptest.ServFail
	c := &lookup.Client{Resolver: r}
	ctx := context.Background()
	addrs, err := c.LookupAddrs(ctx, "MX1.example.com")
	if err != nil || len(addrs) != 1 || addrs[0] != netip.MustParseAddr("192.0.2.11") {
		t.Fatalf("got %v %v", addrs, err)
	}
	if _, err := c.LookupAddrs(ctx, "nope.example"); !errors.Is(err, lookup.ErrNXDomain) {
		t.Errorf("nxdomain: %v", err)
	}
	if _, err := c.LookupAddrs(ctx, "noaddr.bad.example"); !errors.Is(err, lookup.ErrNoAddress) {
		t.Errorf("no address: %v", err)
	}
	if _, err := c.LookupAddrs(ctx, "broken.bad.example"); !errors.Is(err, lookup.ErrServFail) {
		t.Errorf("servfail: %v", err)
	}
	if a, err := c.LookupAddrs(ctx, "[2001:db8::1]"); err != nil || a[0] != netip.MustParseAddr("2001:db8::1") {
		t.Errorf("literal: %v %v", a, err)
	}
	if _, err := c.LookupAddrs(ctx, "a\r\nb"); !errors.Is(err, lookup.ErrBadName) {
		t.Errorf("bad name: %v", err)
	}
}
