package probe

import (
	"context"
	"net"
	"net/netip"
	"sync"
	"testing"
	"time"
)

// delayRelay forwards loopback connections to target, delaying every chunk
// by oneWay in each direction: a path with a round trip time of 2*oneWay.
type delayRelay struct {
	l      net.Listener
	target string
	oneWay time.Duration
	wg     sync.WaitGroup
}

func newDelayRelay(t testing.TB, target string, oneWay time.Duration) *delayRelay {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &delayRelay{l: l, target: target, oneWay: oneWay}
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			r.wg.Add(1)
			go func() {
				defer r.wg.Done()
				r.relay(c.(*net.TCPConn))
			}()
		}
	}()
	t.Cleanup(func() { l.Close(); r.wg.Wait() })
	return r
}

func (r *delayRelay) relay(client *net.TCPConn) {
	defer client.Close()
	s, err := net.Dial("tcp", r.target)
	if err != nil {
		return
	}
	server := s.(*net.TCPConn)
	defer server.Close()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); r.pump(server, client) }()
	go func() { defer wg.Done(); r.pump(client, server) }()
	wg.Wait()
}

type chunk struct {
	data []byte
	due  time.Time
}

// pump copies src to dst, each chunk oneWay late, then half-closes dst.
func (r *delayRelay) pump(dst, src *net.TCPConn) {
	q := make(chan chunk, 1024)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for c := range q {
			time.Sleep(time.Until(c.due))
			if _, err := dst.Write(c.data); err != nil {
				for range q {
				}
				return
			}
		}
		dst.CloseWrite()
	}()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			q <- chunk{append([]byte(nil), buf[:n]...), time.Now().Add(r.oneWay)}
		}
		if err != nil {
			break
		}
	}
	close(q)
	<-done
}

// rttDialer adds one round trip (the TCP handshake) before connecting.
type rttDialer struct{ rtt time.Duration }

func (d rttDialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	select {
	case <-time.After(d.rtt):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	var nd net.Dialer
	return nd.DialContext(ctx, network, addr)
}

// BenchmarkRoundTrips probes over a path with a 50 ms round trip time, the
// TLS 1.0/1.1 checks running beside the main dialogue, and reports the round
// trips a probe took (rtt/op), the minimum its dialogue needs (min-rtt) and
// their ratio. STARTTLS is connect (1) + greeting (0.5) + EHLO (1) +
// STARTTLS (1) + TLS 1.3 (1) + EHLO (1) = 5.5 round trips; implicit TLS is
// connect (1) + TLS (1) + greeting (1: the server greets once it has the
// client's Finished) + EHLO (1) = 4. QUIT is sent, its 221 not awaited.
// TestRoundTripTurns checks the same turns without a clock.
//
//	go test ./probe -run '^$' -bench RoundTrips -benchtime 5x
func BenchmarkRoundTrips(b *testing.B) {
	const rtt = 50 * time.Millisecond
	for _, tc := range []struct {
		mode   Mode
		minRTT float64
	}{
		{ModeStartTLS, 5.5},
		{ModeImplicit, 4},
	} {
		b.Run(string(tc.mode), func(b *testing.B) {
			srv := &server{implicit: tc.mode == ModeImplicit, lax: true} // lax: the strict check waits 15 ms before each reply
			srv.tls = serverTLS(getPKI(b).leaf(leafOpts{names: []string{"mx.test"}}))
			addr, stop := listen(b, srv)
			defer stop()
			relay := newDelayRelay(b, addr.String(), rtt/2)
			relayAddr := netip.MustParseAddrPort(relay.l.Addr().String())
			cfg := testConfig(rttDialer{rtt})
			cfg.SkipOldTLSCheck = false
			tg := Target{Host: "mx.test", Port: int(relayAddr.Port()), Mode: tc.mode, Addrs: []netip.Addr{relayAddr.Addr()}}
			probes := 0
			for b.Loop() {
				res, err := Run(context.Background(), cfg, tg)
				if err != nil || res.Addresses[0].Outcome != OutcomeOK || !res.TLS.OldTLSChecked {
					b.Fatalf("%v %+v", err, res.Addresses[0])
				}
				probes++
			}
			took := float64(b.Elapsed()) / float64(probes) / float64(rtt)
			b.ReportMetric(took, "rtt/op")
			b.ReportMetric(tc.minRTT, "min-rtt")
			b.ReportMetric(took/tc.minRTT, "ratio")
		})
	}
}
