package api

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strings"
	"sync"
	"testing"
)

// recordingDialer is the inner dialer under the guard. It never touches the
// network: it records every address it is asked for and fails the test when
// that address is one the guard should have refused.
type recordingDialer struct {
	t       *testing.T
	mu      sync.Mutex
	calls   []string
	refused map[string]bool // addresses that must never reach this dialer
}

func (d *recordingDialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	d.mu.Lock()
	d.calls = append(d.calls, address)
	d.mu.Unlock()
	if d.refused[address] {
		d.t.Errorf("inner dialer called for refused address %s", address)
	}
	c1, c2 := net.Pipe()
	c2.Close()
	return c1, nil
}

func (d *recordingDialer) Calls() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.calls...)
}

// mustNotDial fails the test whenever it is called.
type mustNotDial struct{ t *testing.T }

func (d mustNotDial) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	d.t.Errorf("inner dialer called for %s %s", network, address)
	return nil, errors.New("must not dial")
}

// fakeResolver is a resolver built from data: answers per name, in order for
// names listed more than once (to emulate DNS rebinding), plus failing names.
type fakeResolver struct {
	mu      sync.Mutex
	answers map[string][][]string // name -> successive answers
	seen    map[string]int
	fail    map[string]bool
}

func (r *fakeResolver) LookupAddrs(ctx context.Context, host string) ([]netip.Addr, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail[host] {
		return nil, errors.New("fake resolver: SERVFAIL")
	}
	seq, ok := r.answers[host]
	if !ok {
		return nil, errors.New("fake resolver: no such host " + host)
	}
	if r.seen == nil {
		r.seen = map[string]int{}
	}
	i := r.seen[host]
	if i >= len(seq) {
		i = len(seq) - 1
	}
	r.seen[host]++
	var out []netip.Addr
	for _, s := range seq[i] {
		out = append(out, netip.MustParseAddr(s))
	}
	return out, nil
}

func newFakeResolver() *fakeResolver {
	return &fakeResolver{answers: map[string][][]string{
		"evil.example.com":         {{"127.0.0.1"}},
		"ten.example.com":          {{"10.1.2.3"}},
		"v6local.example.com":      {{"::1"}},
		"mapped.example.com":       {{"::ffff:127.0.0.1"}},
		"metadata.google.internal": {{"169.254.169.254"}},
		"meta.example.com":         {{"169.254.169.254"}},
		"ec2meta.example.com":      {{"fd00:ec2::254"}},
		"alibaba.example.com":      {{"100.100.100.200"}},
		"cgnat.example.com":        {{"100.64.0.1"}},
		"mixed.example.com":        {{"10.0.0.1", "192.168.1.1"}},
		"rebind.example.com":       {{"93.184.216.34"}, {"127.0.0.1"}},
		"mx.example.com":           {{"93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"}},
	}}
}

// resolveThenDial is the flow the API uses: normalize and check the input,
// resolve the name, then dial every address through the guarded dialer.
func resolveThenDial(ctx context.Context, g *Guard, r *fakeResolver, d *recordingDialer, input string, port int) error {
	host, p, err := g.CheckTarget(input)
	if err != nil {
		return err
	}
	if p != 0 {
		port = p
	}
	var addrs []netip.Addr
	if a, err := netip.ParseAddr(host); err == nil {
		addrs = []netip.Addr{a}
	} else if addrs, err = r.LookupAddrs(ctx, host); err != nil {
		return err
	}
	dialer := g.Dialer(d)
	var errs []error
	for _, a := range addrs {
		conn, err := dialer.DialContext(ctx, "tcp", netip.AddrPortFrom(a, uint16(port)).String())
		if err != nil {
			errs = append(errs, err)
			continue
		}
		conn.Close()
	}
	return errors.Join(errs...)
}

func TestGuardRefusesSSRF(t *testing.T) {
	cases := []struct {
		input string
		port  int // default port when the input has none
		want  error
	}{
		// IPv4 literals in inet_aton forms.
		{"127.0.0.1", 587, ErrTargetNotAllowed},
		{"2130706433", 587, ErrTargetNotAllowed},
		{"0177.0.0.1", 587, ErrTargetNotAllowed},
		{"0x7f.0.0.1", 587, ErrTargetNotAllowed},
		{"0x7f000001", 587, ErrTargetNotAllowed},
		{"017700000001", 587, ErrTargetNotAllowed},
		{"127.1", 587, ErrTargetNotAllowed},
		{"127.0.1", 587, ErrTargetNotAllowed},
		{"0x7f.1:587", 0, ErrTargetNotAllowed},
		{"127。0。0。1", 587, ErrTargetNotAllowed}, // ideographic full stops
		{"１２７.0.0.1", 587, ErrTargetNotAllowed}, // full-width digits
		{"10.0.0.1", 587, ErrTargetNotAllowed},
		{"172.16.5.4", 587, ErrTargetNotAllowed},
		{"192.168.0.1:25", 0, ErrTargetNotAllowed},
		{"100.64.1.1", 587, ErrTargetNotAllowed},
		{"0", 587, ErrTargetNotAllowed},
		{"0.0.0.0", 587, ErrTargetNotAllowed},
		{"255.255.255.255", 587, ErrTargetNotAllowed},
		{"224.0.0.1", 587, ErrTargetNotAllowed},
		{"240.1.2.3", 587, ErrTargetNotAllowed},
		{"192.0.2.10", 587, ErrTargetNotAllowed},
		{"198.51.100.7", 587, ErrTargetNotAllowed},
		{"203.0.113.9", 587, ErrTargetNotAllowed},
		{"198.18.0.1", 587, ErrTargetNotAllowed},
		{"192.0.0.8", 587, ErrTargetNotAllowed},
		{"192.88.99.1", 587, ErrTargetNotAllowed},
		{"169.254.1.1", 587, ErrTargetNotAllowed},
		// IPv6 forms.
		{"::1", 587, ErrTargetNotAllowed},
		{"[::1]", 587, ErrTargetNotAllowed},
		{"[::1]:587", 0, ErrTargetNotAllowed},
		{"0:0:0:0:0:0:0:1", 587, ErrTargetNotAllowed},
		{"::ffff:127.0.0.1", 587, ErrTargetNotAllowed},
		{"::ffff:7f00:1", 587, ErrTargetNotAllowed},
		{"::ffff:8.8.8.8", 587, ErrTargetNotAllowed}, // mapped form refused even when public
		{"::127.0.0.1", 587, ErrTargetNotAllowed},
		{"fe80::1%25lo", 587, ErrBadHost},
		{"fe80::1%eth0", 587, ErrBadHost},
		{"[fe80::1%25eth0]:587", 0, ErrBadHost},
		{"fe80::1", 587, ErrTargetNotAllowed},
		{"64:ff9b::7f00:1", 587, ErrTargetNotAllowed},
		{"64:ff9b:1::a00:1", 587, ErrTargetNotAllowed},
		{"2002:7f00:1::", 587, ErrTargetNotAllowed},
		{"2001:0:4136:e378:8000:63bf:3fff:fdd2", 587, ErrTargetNotAllowed}, // Teredo
		{"2001:db8::1", 587, ErrTargetNotAllowed},
		{"2001:20::1", 587, ErrTargetNotAllowed},
		{"fc00::1", 587, ErrTargetNotAllowed},
		{"fd12:3456::1", 587, ErrTargetNotAllowed},
		{"fec0::1", 587, ErrTargetNotAllowed},
		{"100::1", 587, ErrTargetNotAllowed},
		{"ff02::1", 587, ErrTargetNotAllowed},
		{"[::]", 587, ErrTargetNotAllowed},
		{"::", 587, ErrTargetNotAllowed},
		// Names that mean this machine or resolve into private space.
		{"localhost", 587, ErrTargetNotAllowed},
		{"localhost.", 587, ErrTargetNotAllowed},
		{"LOCALHOST", 587, ErrTargetNotAllowed},
		{"foo.localhost", 587, ErrTargetNotAllowed},
		{"user@localhost", 587, ErrTargetNotAllowed},
		{"smtp://localhost:587", 0, ErrTargetNotAllowed},
		{"mailbox", 587, ErrTargetNotAllowed}, // single label: search domains
		{"evil.example.com", 587, ErrTargetNotAllowed},
		{"ten.example.com", 587, ErrTargetNotAllowed},
		{"v6local.example.com", 587, ErrTargetNotAllowed},
		{"mapped.example.com", 587, ErrTargetNotAllowed},
		{"mixed.example.com", 587, ErrTargetNotAllowed},
		{"cgnat.example.com", 587, ErrTargetNotAllowed},
		// Cloud metadata.
		{"169.254.169.254", 587, ErrTargetNotAllowed},
		{"metadata.google.internal", 587, ErrTargetNotAllowed},
		{"meta.example.com", 587, ErrTargetNotAllowed},
		{"fd00:ec2::254", 587, ErrTargetNotAllowed},
		{"ec2meta.example.com", 587, ErrTargetNotAllowed},
		{"100.100.100.200", 587, ErrTargetNotAllowed},
		{"alibaba.example.com", 587, ErrTargetNotAllowed},
		// Ports.
		{"mx.example.com:22", 0, ErrPortNotAllowed},
		{"mx.example.com:80", 0, ErrPortNotAllowed},
		{"mx.example.com:443", 0, ErrPortNotAllowed},
		{"mx.example.com:0", 0, ErrPortNotAllowed},
		{"mx.example.com:65536", 0, ErrPortNotAllowed},
		{"mx.example.com:-1", 0, ErrPortNotAllowed},
		{"93.184.216.34", 22, ErrPortNotAllowed},
		{"smtp://mx.example.com:8080", 0, ErrPortNotAllowed},
		// Injection and malformed input.
		{"smtp.example.com\r\nQUIT", 587, ErrBadHost},
		{"smtp.example.com\nQUIT", 587, ErrBadHost},
		{"smtp.example.com%0d%0aQUIT", 587, ErrBadHost},
		{"smtp.example.com\x00", 587, ErrBadHost},
		{"smtp example.com", 587, ErrBadHost},
		{"%2531%2532%2537.0.0.1", 587, ErrBadHost}, // double percent-encoding
		{"http://mx.example.com", 0, ErrBadHost},
		{"0x7f.0.0.0x100", 587, ErrBadHost},
		{"256.0.0.1", 587, ErrBadHost},
		{"1.2.3.4.5", 587, ErrBadHost},
		{"08.0.0.1", 587, ErrBadHost},
	}
	if len(cases) < 40 {
		t.Fatalf("only %d cases", len(cases))
	}
	g := NewGuard(false, DefaultPorts)
	r := newFakeResolver()
	for _, tc := range cases {
		t.Run(tc.input, func(t *testing.T) {
			d := &recordingDialer{t: t}
			err := resolveThenDial(context.Background(), g, r, d, tc.input, tc.port)
			if err == nil {
				t.Fatalf("%q allowed; dialed %v", tc.input, d.Calls())
			}
			if !errors.Is(err, tc.want) {
				t.Errorf("%q: error %v, want %v", tc.input, err, tc.want)
			}
			if calls := d.Calls(); len(calls) != 0 {
				t.Errorf("%q: inner dialer called for %v", tc.input, calls)
			}
		})
	}
}

func TestGuardAllowsPublic(t *testing.T) {
	cases := []struct {
		input    string
		port     int
		wantDial []string
	}{
		{"93.184.216.34", 587, []string{"93.184.216.34:587"}},
		{"8.8.8.8:465", 0, []string{"8.8.8.8:465"}},
		{"1.1.1.1", 25, []string{"1.1.1.1:25"}},
		{"134744072", 587, []string{"8.8.8.8:587"}}, // decimal form of a public address
		{"[2606:4700:4700::1111]:2525", 0, []string{"[2606:4700:4700::1111]:2525"}},
		{"2a00:1450:4001:800::200e", 2587, []string{"[2a00:1450:4001:800::200e]:2587"}},
		{"mx.example.com", 587, []string{"93.184.216.34:587", "[2606:2800:220:1:248:1893:25c8:1946]:587"}},
		{"MX.Example.COM.", 465, []string{"93.184.216.34:465", "[2606:2800:220:1:248:1893:25c8:1946]:465"}},
		{"someone@mx.example.com", 587, []string{"93.184.216.34:587", "[2606:2800:220:1:248:1893:25c8:1946]:587"}},
		{"smtps://mx.example.com", 0, []string{"93.184.216.34:465", "[2606:2800:220:1:248:1893:25c8:1946]:465"}},
		{"  smtp://user:pw@mx.example.com:2465/  ", 0, []string{"93.184.216.34:2465", "[2606:2800:220:1:248:1893:25c8:1946]:2465"}},
	}
	g := NewGuard(false, DefaultPorts)
	for _, tc := range cases {
		t.Run(tc.input, func(t *testing.T) {
			d := &recordingDialer{t: t}
			if err := resolveThenDial(context.Background(), g, newFakeResolver(), d, tc.input, tc.port); err != nil {
				t.Fatalf("%q refused: %v", tc.input, err)
			}
			if got := d.Calls(); strings.Join(got, " ") != strings.Join(tc.wantDial, " ") {
				t.Errorf("%q dialed %v, want %v", tc.input, got, tc.wantDial)
			}
		})
	}
}

// TestGuardRebinding: the name passes the early check and resolves to a
// public address first; the second resolution (the one that is dialed)
// answers a loopback address, and the dialer refuses it.
func TestGuardRebinding(t *testing.T) {
	g := NewGuard(false, DefaultPorts)
	r := newFakeResolver()
	ctx := context.Background()
	// First resolution, e.g. an early ResolveTarget check: public, allowed.
	first, err := g.ResolveTarget(ctx, r, "rebind.example.com", 587)
	if err != nil || len(first) != 1 {
		t.Fatalf("first resolution: %v %v", first, err)
	}
	// Second resolution, at dial time: loopback.
	d := &recordingDialer{t: t, refused: map[string]bool{"127.0.0.1:587": true}}
	err = resolveThenDial(ctx, g, r, d, "rebind.example.com", 587)
	if !errors.Is(err, ErrTargetNotAllowed) {
		t.Fatalf("rebinding dial: %v, want ErrTargetNotAllowed", err)
	}
	if calls := d.Calls(); len(calls) != 0 {
		t.Fatalf("inner dialer called for %v", calls)
	}
}

func TestGuardDialerRefusesNames(t *testing.T) {
	g := NewGuard(true, DefaultPorts) // even with private addresses allowed
	dialer := g.Dialer(mustNotDial{t})
	for _, addr := range []string{
		"localhost:587", "mx.example.com:587", "127.1:587", "2130706433:587", "0x7f.0.0.1:587",
		"[fe80::1%eth0]:587", "[::ffff:127.0.0.1]:587", "0.0.0.0:587", "[::]:587", "127.0.0.1",
		"127.0.0.1:22", "255.255.255.255:587", "224.0.0.1:587", "169.254.169.254:587", "[fd00:ec2::254]:587",
	} {
		if _, err := dialer.DialContext(context.Background(), "tcp", addr); err == nil {
			t.Errorf("%s allowed", addr)
		}
	}
	if _, err := dialer.DialContext(context.Background(), "udp", "127.0.0.1:587"); err == nil {
		t.Error("udp allowed")
	}
	if _, err := dialer.DialContext(context.Background(), "tcp4", "[2606:4700::1]:587"); err == nil {
		t.Error("tcp4 with an IPv6 address allowed")
	}
}

func TestGuardAllowPrivate(t *testing.T) {
	g := NewGuard(true, DefaultPorts)
	allowed := []string{"127.0.0.1:587", "10.0.0.1:25", "192.168.1.1:465", "172.16.0.1:2525", "[::1]:587", "[fd12::1]:587", "8.8.8.8:587"}
	for _, s := range allowed {
		if err := g.CheckAddr(netip.MustParseAddrPort(s)); err != nil {
			t.Errorf("%s refused with allowPrivate: %v", s, err)
		}
	}
	refused := []string{"0.0.0.0:587", "[::]:587", "255.255.255.255:587", "224.0.0.1:587", "[ff02::1]:587",
		"169.254.169.254:587", "[fd00:ec2::254]:587", "100.100.100.200:587", "[::ffff:127.0.0.1]:587", "127.0.0.1:22", "[fe80::1]:587"}
	for _, s := range refused {
		if err := g.CheckAddr(netip.MustParseAddrPort(s)); err == nil {
			t.Errorf("%s allowed with allowPrivate", s)
		}
	}
	d := &recordingDialer{t: t}
	conn, err := g.Dialer(d).DialContext(context.Background(), "tcp", "127.0.0.1:587")
	if err != nil {
		t.Fatal(err)
	}
	conn.Close()
	if c := d.Calls(); len(c) != 1 || c[0] != "127.0.0.1:587" {
		t.Errorf("calls %v", c)
	}
}

func TestGuardCustomPorts(t *testing.T) {
	g := NewGuard(true, []int{1025})
	if err := g.CheckAddr(netip.MustParseAddrPort("127.0.0.1:1025")); err != nil {
		t.Error(err)
	}
	if err := g.CheckAddr(netip.MustParseAddrPort("127.0.0.1:587")); !errors.Is(err, ErrPortNotAllowed) {
		t.Errorf("587 with custom ports: %v", err)
	}
}

func TestHTTPDialContext(t *testing.T) {
	r := newFakeResolver()
	g := NewGuard(false, DefaultPorts)
	ctx := context.Background()
	refused := []struct {
		addr string
		want error
	}{
		{"mta-sts.evil.example.com:443", nil}, // unknown name: resolver error
		{"evil.example.com:443", ErrTargetNotAllowed},
		{"metadata.google.internal:443", ErrTargetNotAllowed},
		{"meta.example.com:443", ErrTargetNotAllowed},
		{"mx.example.com:80", ErrPortNotAllowed},
		{"mx.example.com:8443", ErrPortNotAllowed},
		{"127.0.0.1:443", ErrTargetNotAllowed},
		{"[::1]:443", ErrTargetNotAllowed},
		{"2130706433:443", ErrTargetNotAllowed},
		{"localhost:443", ErrTargetNotAllowed},
		{"mixed.example.com:443", ErrTargetNotAllowed},
	}
	dial := g.HTTPDialContext(r, mustNotDial{t})
	for _, tc := range refused {
		_, err := dial(ctx, "tcp", tc.addr)
		if err == nil {
			t.Errorf("%s allowed", tc.addr)
			continue
		}
		if tc.want != nil && !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.addr, err, tc.want)
		}
	}
	d := &recordingDialer{t: t}
	conn, err := g.HTTPDialContext(r, d)(ctx, "tcp", "mx.example.com:443")
	if err != nil {
		t.Fatal(err)
	}
	conn.Close()
	if c := d.Calls(); len(c) != 1 || c[0] != "93.184.216.34:443" {
		t.Errorf("calls %v, want the checked IP", c)
	}
	// allowPrivate: a local test server on any port.
	d = &recordingDialer{t: t}
	conn, err = NewGuard(true, nil).HTTPDialContext(r, d)(ctx, "tcp", "127.0.0.1:8443")
	if err != nil {
		t.Fatal(err)
	}
	conn.Close()
}

func TestNormalizeHost(t *testing.T) {
	cases := []struct {
		in   string
		host string
		port int
	}{
		{"smtp.gmail.com", "smtp.gmail.com", 0},
		{" SMTP.Gmail.COM. ", "smtp.gmail.com", 0},
		{"smtp.gmail.com:587", "smtp.gmail.com", 587},
		{"alice@Example.org", "example.org", 0},
		{"<alice@example.org>", "example.org", 0},
		{"mailto:alice@example.org?subject=hi", "example.org", 0},
		{"smtp://smtp.example.com:587", "smtp.example.com", 587},
		{"smtps://smtp.example.com", "smtp.example.com", 465},
		{"smtp://user:secret@smtp.example.com:2525/path", "smtp.example.com", 2525},
		{"[2001:4860:4860::8888]:465", "2001:4860:4860::8888", 465},
		{"[2001:4860:4860::8888]", "2001:4860:4860::8888", 0},
		{"2001:4860:4860:0:0:0:0:8888", "2001:4860:4860::8888", 0},
		{"2130706433", "127.0.0.1", 0},
		{"0177.0.0.1", "127.0.0.1", 0},
		{"0x7f.0.0.1", "127.0.0.1", 0},
		{"0x7F.1", "127.0.0.1", 0},
		{"127.1", "127.0.0.1", 0},
		{"127.0.1", "127.0.0.1", 0},
		{"0", "0.0.0.0", 0},
		{"1.2.3.4.", "1.2.3.4", 0},
		{"smtp%2eexample%2ecom", "smtp.example.com", 0},
		{"bücher.example", "xn--bcher-kva.example", 0},
		{"_submission._tcp.example.com", "_submission._tcp.example.com", 0},
	}
	for _, tc := range cases {
		h, p, err := NormalizeHost(tc.in)
		if err != nil || h != tc.host || p != tc.port {
			t.Errorf("NormalizeHost(%q) = %q, %d, %v; want %q, %d", tc.in, h, p, err, tc.host, tc.port)
		}
	}
	bad := []string{"", "   ", "a..b", ".example.com", "-a.example.com", "a-.example.com",
		strings.Repeat("a", 64) + ".com", strings.Repeat("abcdefghi.", 26) + "com",
		"host:", "host:abc", "[::1", "::1]", "[::1]x", "a@", "ftp://host", "ho\tst", "ho st",
		"fe80::1%25eth0", "1.2.3.256", "0x100000000", "09", "a/b", "host%", "host%zz", "exa\u200bmple.com\u00a0x"}
	for _, in := range bad {
		if h, p, err := NormalizeHost(in); err == nil {
			t.Errorf("NormalizeHost(%q) = %q, %d; want an error", in, h, p)
		} else if !errors.Is(err, ErrBadHost) && !errors.Is(err, ErrPortNotAllowed) {
			t.Errorf("NormalizeHost(%q): %v does not wrap a sentinel", in, err)
		}
	}
}

func FuzzNormalizeHost(f *testing.F) {
	for _, s := range []string{"smtp.gmail.com", "alice@example.org", "smtp://h:587", "[::1]:25", "2130706433",
		"0x7f.1", "fe80::1%25lo", "a\r\nb", "bücher.example", "%2531", "127。0。0。1", "::ffff:1.2.3.4",
		"smtps://u:p@[2001:db8::1]:465/x", "xn--bcher-kva.example."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		h, p, err := NormalizeHost(in)
		if err != nil {
			return
		}
		if h == "" || strings.ContainsAny(h, "\r\n %\x00\t") {
			t.Fatalf("NormalizeHost(%q) = %q", in, h)
		}
		if p < 0 || p > 65535 {
			t.Fatalf("port %d", p)
		}
		h2, p2, err := NormalizeHost(h)
		if err != nil || h2 != h || p2 != 0 {
			t.Fatalf("NormalizeHost(%q) = %q; again: %q, %d, %v", in, h, h2, p2, err)
		}
		g := NewGuard(false, DefaultPorts)
		_, _, _ = g.CheckTarget(in)
	})
}

// lyingDialer returns a connection whose peer is not the address asked for
// (a proxy, a NAT64 gateway, a misbehaving inner dialer).
type lyingDialer struct{ peer string }

type peerConn struct {
	net.Conn
	peer net.Addr
}

func (c peerConn) RemoteAddr() net.Addr { return c.peer }

func (d lyingDialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	c1, c2 := net.Pipe()
	c2.Close()
	return peerConn{c1, net.TCPAddrFromAddrPort(netip.MustParseAddrPort(d.peer))}, nil
}

func TestGuardChecksPeerAddress(t *testing.T) {
	g := NewGuard(false, DefaultPorts)
	if _, err := g.Dialer(lyingDialer{"127.0.0.1:587"}).DialContext(context.Background(), "tcp", "93.184.216.34:587"); !errors.Is(err, ErrTargetNotAllowed) {
		t.Errorf("peer 127.0.0.1 behind a public address: %v", err)
	}
	if _, err := g.Dialer(lyingDialer{"[::ffff:10.0.0.1]:587"}).DialContext(context.Background(), "tcp", "93.184.216.34:587"); !errors.Is(err, ErrTargetNotAllowed) {
		t.Errorf("mapped private peer: %v", err)
	}
	c, err := g.Dialer(lyingDialer{"93.184.216.34:587"}).DialContext(context.Background(), "tcp", "93.184.216.34:587")
	if err != nil {
		t.Fatalf("honest peer: %v", err)
	}
	c.Close()
}

func TestResolveTarget(t *testing.T) {
	g := NewGuard(false, DefaultPorts)
	r := newFakeResolver()
	ctx := context.Background()
	if _, err := g.ResolveTarget(ctx, r, "evil.example.com", 587); !errors.Is(err, ErrTargetNotAllowed) || !strings.Contains(err.Error(), "evil.example.com") {
		t.Errorf("private-only name: %v", err)
	}
	if _, err := g.ResolveTarget(ctx, r, "mx.example.com", 22); !errors.Is(err, ErrPortNotAllowed) {
		t.Errorf("port 22: %v", err)
	}
	if _, err := g.ResolveTarget(ctx, r, "mx.example.com", 70000); !errors.Is(err, ErrPortNotAllowed) {
		t.Errorf("port 70000: %v", err)
	}
	aps, err := g.ResolveTarget(ctx, r, "mx.example.com", 465)
	if err != nil || len(aps) != 2 {
		t.Errorf("public name: %v %v", aps, err)
	}
	if _, err := g.ResolveTarget(ctx, r, "nxdomain.example.com", 587); err == nil {
		t.Error("resolver error lost")
	}
}
