package probe

import (
	"context"
	"net"
	"net/netip"
	"testing"
)

// BenchmarkProbeStartTLS probes an in-process STARTTLS peer on loopback:
// greeting, EHLO, STARTTLS, TLS 1.3, EHLO, QUIT, chain verification and
// findings; with and without the TLS 1.0/1.1 side checks.
func BenchmarkProbeStartTLS(b *testing.B) {
	for _, old := range []bool{false, true} {
		name := "main"
		if old {
			name = "with-old-tls-check"
		}
		b.Run(name, func(b *testing.B) {
			srv := &server{lax: true}
			srv.tls = serverTLS(getPKI(b).leaf(leafOpts{names: []string{"mx.test"}}))
			addr, stop := listen(b, srv)
			defer stop()
			cfg := testConfig(&net.Dialer{})
			cfg.SkipOldTLSCheck = !old
			tg := Target{Host: "mx.test", Port: int(addr.Port()), Mode: ModeStartTLS, Addrs: []netip.Addr{addr.Addr()}}
			b.ReportAllocs()
			for b.Loop() {
				res, err := Run(context.Background(), cfg, tg)
				if err != nil || res.Addresses[0].Outcome != OutcomeOK {
					b.Fatalf("%v %+v", err, res.Addresses[0])
				}
			}
		})
	}
}

// BenchmarkReadReply parses a real multi-line EHLO reply.
func BenchmarkReadReply(b *testing.B) {
	in := realReplies[3]
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadReply(newReader(in), Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}
