package lookup_test

import (
	"context"
	"testing"

	"github.com/miekg/dns"
	"github.com/whichport/whichport/lookup"
)

// wireResolver answers every query with the same wire-format message, with
// the ID and question patched to match, like a hostile server would.
type wireResolver struct{ wire []byte }

func (w wireResolver) Exchange(_ context.Context, q *dns.Msg) (*dns.Msg, error) {
	m := new(dns.Msg)
	if err := m.Unpack(w.wire); err != nil {
		return nil, err
	}
	m.Id = q.Id
	m.Question = q.Question
	m.Response = true
	return m, nil
}

func wire(t testing.TB, rcode int, records ...string) []byte {
	m := new(dns.Msg)
	m.SetQuestion("example.com.", dns.TypeMX)
	m.Rcode = rcode
	for _, s := range records {
		rr, err := dns.NewRR(s)
		if err != nil {
			t.Fatal(err)
		}
		m.Answer = append(m.Answer, rr)
	}
	b, err := m.Pack()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// FuzzClientResponses feeds arbitrary DNS answers to every look-up: none
// may panic or hang.
func FuzzClientResponses(f *testing.F) {
	f.Add(wire(f, dns.RcodeSuccess, "example.com. MX 10 mx.example.com.", "mx.example.com. A 192.0.2.1"))
	f.Add(wire(f, dns.RcodeSuccess, "example.com. CNAME example.com."))
	f.Add(wire(f, dns.RcodeSuccess, "example.com. MX 0 ."))
	f.Add(wire(f, dns.RcodeSuccess, "example.com. TXT \"v=STSv1; id=1\"", "example.com. SRV 0 0 465 ."))
	f.Add(wire(f, dns.RcodeSuccess, "example.com. TLSA 3 1 1 abcd", "example.com. AAAA ::1"))
	f.Add(wire(f, dns.RcodeNameError))
	f.Fuzz(func(t *testing.T, b []byte) {
		if new(dns.Msg).Unpack(b) != nil {
			return
		}
		c := &lookup.Client{Resolver: wireResolver{b}, HTTP: failingDoer{}}
		ctx := context.Background()
		c.MX(ctx, "example.com")
		c.LookupAddrs(ctx, "example.com")
		c.SubmissionSRV(ctx, "example.com")
		c.TLSA(ctx, "example.com", 25)
		c.MTASTS(ctx, "example.com", nil)
		c.TLSRPT(ctx, "example.com")
		c.SPF(ctx, "example.com")
		c.DMARC(ctx, "example.com")
		c.Discover(ctx, "example.com")
	})
}
