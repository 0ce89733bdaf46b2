package lookup_test

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/whichport/whichport/lookup"
)

// testServer is an in-process DNS server on 127.0.0.1 (UDP and TCP on the
// same port) answering from a fixed table.
type testServer struct {
	addr      string
	udpCount  atomic.Int32
	tcpCount  atomic.Int32
	sawDO     atomic.Bool
	sawNoEDNS atomic.Bool
}

// zoneHandler answers like a validating recursive resolver would.
func (s *testServer) handle(w dns.ResponseWriter, q *dns.Msg) {
	udp := w.LocalAddr().Network() == "udp"
	if udp {
		s.udpCount.Add(1)
	} else {
		s.tcpCount.Add(1)
	}
	if opt := q.IsEdns0(); opt != nil {
		if opt.Do() {
			s.sawDO.Store(true)
		}
	} else {
		s.sawNoEDNS.Store(true)
	}
	m := new(dns.Msg)
	m.SetReply(q)
	m.RecursionAvailable = true
	name, qtype := strings.ToLower(q.Question[0].Name), q.Question[0].Qtype
	rr := func(s string) dns.RR {
		r, err := dns.NewRR(s)
		if err != nil {
			panic(err)
		}
		return r
	}
	switch {
	case name == "example.test." && qtype == dns.TypeMX:
		m.Answer = []dns.RR{rr("example.test. 300 MX 20 mx2.example.test."), rr("example.test. 300 MX 10 mx1.example.test.")}
	case name == "mx1.example.test." && qtype == dns.TypeA:
		m.Answer = []dns.RR{rr("mx1.example.test. 300 A 192.0.2.1")}
	case name == "mx2.example.test." && qtype == dns.TypeA:
		m.Answer = []dns.RR{rr("mx2.example.test. 300 A 192.0.2.2")}
	case name == "mx1.example.test.", name == "mx2.example.test.", name == "example.test.":
		// NODATA
	case name == "signed.test.":
		if qtype == dns.TypeMX {
			m.Answer = []dns.RR{rr("signed.test. 300 MX 0 .")}
		}
		m.AuthenticatedData = true
	case name == "big.test." && qtype == dns.TypeTXT:
		if udp {
			m.Truncated = true
		} else {
			for i := 0; i < 20; i++ {
				m.Answer = append(m.Answer, rr("big.test. 300 TXT \""+strings.Repeat("x", 200)+"\""))
			}
		}
	case name == "noedns.test.":
		if q.IsEdns0() != nil {
			m.Rcode = dns.RcodeFormatError
		} else if qtype == dns.TypeA {
			m.Answer = []dns.RR{rr("noedns.test. 300 A 192.0.2.53")}
		}
	case name == "servfail.test.":
		m.Rcode = dns.RcodeServerFailure
	case name == "refused.test.":
		m.Rcode = dns.RcodeRefused
	case name == "loop.test.":
		m.Answer = []dns.RR{rr("loop.test. 300 CNAME loop2.test."), rr("loop2.test. 300 CNAME loop.test.")}
	case name == "loop2.test.":
		m.Answer = []dns.RR{rr("loop2.test. 300 CNAME loop.test."), rr("loop.test. 300 CNAME loop2.test.")}
	case name == "nodata.test.":
		m.Ns = []dns.RR{rr("nodata.test. 300 SOA ns.test. h.test. 1 2 3 4 300")}
	default:
		m.Rcode = dns.RcodeNameError
		m.Ns = []dns.RR{rr("test. 300 SOA ns.test. h.test. 1 2 3 4 300")}
	}
	w.WriteMsg(m)
}

// startServer starts UDP and TCP listeners on one loopback port.
func startServer(t *testing.T) *testServer {
	t.Helper()
	s := &testServer{}
	var pc net.PacketConn
	var ln net.Listener
	for i := 0; ; i++ {
		var err error
		pc, err = net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ln, err = net.Listen("tcp", pc.LocalAddr().String())
		if err == nil {
			break
		}
		pc.Close()
		if i > 10 {
			t.Fatal(err)
		}
	}
	s.addr = pc.LocalAddr().String()
	h := dns.HandlerFunc(s.handle)
	var wg sync.WaitGroup
	wg.Add(2)
	udpStarted, tcpStarted := make(chan struct{}), make(chan struct{})
	us := &dns.Server{PacketConn: pc, Handler: h, NotifyStartedFunc: func() { close(udpStarted) }}
	ts := &dns.Server{Listener: ln, Handler: h, NotifyStartedFunc: func() { close(tcpStarted) }}
	go func() { defer wg.Done(); us.ActivateAndServe() }()
	go func() { defer wg.Done(); ts.ActivateAndServe() }()
	<-udpStarted
	<-tcpStarted
	t.Cleanup(func() {
		us.Shutdown()
		ts.Shutdown()
		wg.Wait()
	})
	return s
}

// silentServer reads UDP queries and never answers.
func silentServer(t *testing.T) string {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pc.Close() })
	go func() {
		buf := make([]byte, 2048)
		for {
			if _, _, err := pc.ReadFrom(buf); err != nil {
				return
			}
		}
	}()
	return pc.LocalAddr().String()
}

func TestDNSResolverMX(t *testing.T) {
	s := startServer(t)
	c := &lookup.Client{Resolver: lookup.NewDNSResolver([]string{s.addr}, time.Second)}
	res, err := c.MX(context.Background(), "example.test")
	if err != nil {
		t.Fatal(err)
	}
	if got := hostNames(res.Hosts); !reflect.DeepEqual(got, []string{"mx1.example.test", "mx2.example.test"}) {
		t.Fatalf("hosts %v", got)
	}
	if res.Hosts[0].Addrs[0] != netip.MustParseAddr("192.0.2.1") {
		t.Errorf("addrs %v", res.Hosts[0].Addrs)
	}
	if !s.sawDO.Load() || s.sawNoEDNS.Load() {
		t.Errorf("queries must carry EDNS0 with the DO bit")
	}
	if s.tcpCount.Load() != 0 {
		t.Errorf("unexpected TCP queries")
	}
}

func TestDNSResolverTruncatedRetriesTCP(t *testing.T) {
	s := startServer(t)
	r := lookup.NewDNSResolver([]string{s.addr}, time.Second)
	q := new(dns.Msg)
	q.SetQuestion("big.test.", dns.TypeTXT)
	q.SetEdns0(1232, true)
	resp, err := r.Exchange(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Truncated || len(resp.Answer) != 20 {
		t.Fatalf("truncated=%v answers=%d", resp.Truncated, len(resp.Answer))
	}
	if s.udpCount.Load() != 1 || s.tcpCount.Load() != 1 {
		t.Errorf("udp=%d tcp=%d, want 1 and 1", s.udpCount.Load(), s.tcpCount.Load())
	}
}

func TestDNSResolverRcodes(t *testing.T) {
	s := startServer(t)
	c := &lookup.Client{Resolver: lookup.NewDNSResolver([]string{s.addr}, time.Second)}
	ctx := context.Background()
	if _, err := c.MX(ctx, "servfail.test"); !errors.Is(err, lookup.ErrServFail) {
		t.Errorf("servfail: %v", err)
	}
	if _, err := c.MX(ctx, "refused.test"); !errors.Is(err, lookup.ErrRefused) {
		t.Errorf("refused: %v", err)
	}
	if res, err := c.MX(ctx, "missing.test"); !errors.Is(err, lookup.ErrNXDomain) || res.Status != lookup.MXNXDomain {
		t.Errorf("nxdomain: %v %q", err, res.Status)
	}
	if res, err := c.MX(ctx, "nodata.test"); err != nil || res.Status != lookup.MXNone {
		t.Errorf("nodata: %v %q", err, res.Status)
	}
	if _, err := c.MX(ctx, "loop.test"); !errors.Is(err, lookup.ErrCNAMELoop) {
		t.Errorf("loop: %v", err)
	}
	res, err := c.MX(ctx, "signed.test")
	if err != nil || res.Status != lookup.MXNull || !res.DNSSEC {
		t.Errorf("null MX with AD: %v %+v", err, res)
	}
}

func TestDNSResolverTimeoutAndFallback(t *testing.T) {
	silent := silentServer(t)
	r := lookup.NewDNSResolver([]string{silent}, 100*time.Millisecond)
	c := &lookup.Client{Resolver: r}
	start := time.Now()
	_, err := c.MX(context.Background(), "example.test")
	if !errors.Is(err, lookup.ErrTimeout) {
		t.Fatalf("err %v, want ErrTimeout", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}

	// The client's per-query timeout wins over a longer resolver timeout.
	c = &lookup.Client{Resolver: lookup.NewDNSResolver([]string{silent}, time.Hour), Timeout: 100 * time.Millisecond}
	start = time.Now()
	if _, err := c.LookupAddrs(context.Background(), "mx1.example.test"); !errors.Is(err, lookup.ErrTimeout) {
		t.Fatalf("err %v, want ErrTimeout", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}

	// A silent first server falls through to a working second one, also
	// when the resolver's own timeout is longer than the client's: the
	// time left is shared.
	s := startServer(t)
	c = &lookup.Client{Resolver: lookup.NewDNSResolver([]string{silent, s.addr}, 100*time.Millisecond)}
	if _, err := c.MX(context.Background(), "example.test"); err != nil {
		t.Fatalf("fallback: %v", err)
	}
	c = &lookup.Client{Resolver: lookup.NewDNSResolver([]string{silent, s.addr}, time.Hour), Timeout: time.Second}
	if _, err := c.MX(context.Background(), "example.test"); err != nil {
		t.Fatalf("fallback with shared deadline: %v", err)
	}

	// SERVFAIL from the first server: the second is asked.
	s2 := startServer(t)
	r2 := lookup.NewDNSResolver([]string{s.addr, s2.addr}, time.Second)
	q := new(dns.Msg)
	q.SetQuestion("servfail.test.", dns.TypeA)
	resp, err := r2.Exchange(context.Background(), q)
	if err != nil || resp.Rcode != dns.RcodeServerFailure || s2.udpCount.Load() != 1 {
		t.Fatalf("servfail fallback: %v %v, second server asked %d times", err, resp, s2.udpCount.Load())
	}
}

func TestServersFromFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "resolv.conf")
	os.WriteFile(p, []byte("# comment\nnameserver 192.0.2.53\nnameserver 2001:db8::53\nsearch example\n"), 0o644)
	got, err := lookup.ServersFromFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"192.0.2.53:53", "[2001:db8::53]:53"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	os.WriteFile(p, []byte("search example\n"), 0o644)
	if _, err := lookup.ServersFromFile(p); err == nil {
		t.Error("no nameserver: want error")
	}
	if r := lookup.NewDNSResolver([]string{"192.0.2.1", "::1", "[::1]:5353"}, 0); !reflect.DeepEqual(r.Servers, []string{"192.0.2.1:53", "[::1]:53", "[::1]:5353"}) {
		t.Errorf("NewDNSResolver servers %v", r.Servers)
	}
}

func TestDNSResolverCanceled(t *testing.T) {
	silent := silentServer(t)
	c := &lookup.Client{Resolver: lookup.NewDNSResolver([]string{silent}, time.Second)}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(30 * time.Millisecond); cancel() }()
	_, err := c.MX(ctx, "example.test")
	if !errors.Is(err, context.Canceled) || errors.Is(err, lookup.ErrTimeout) {
		t.Fatalf("err %v, want context.Canceled", err)
	}
}

func TestDNSResolverRetriesWithoutEDNS(t *testing.T) {
	s := startServer(t)
	c := &lookup.Client{Resolver: lookup.NewDNSResolver([]string{s.addr}, time.Second)}
	addrs, err := c.LookupAddrs(context.Background(), "noedns.test")
	if err != nil || len(addrs) != 1 || addrs[0].String() != "192.0.2.53" {
		t.Fatalf("%v %v", addrs, err)
	}
}
