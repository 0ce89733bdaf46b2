package api

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/whichport/whichport/check"
	"github.com/whichport/whichport/lookup"
	"github.com/whichport/whichport/lookup/lookuptest"
	"github.com/whichport/whichport/probe"
)

// smtpPeer is a scripted SMTP server on loopback: a greeting after a delay,
// an EHLO reply without STARTTLS, and 221 to QUIT. silent never greets.
type smtpPeer struct {
	ln     net.Listener
	delay  time.Duration
	silent bool
	tls    *tls.Config   // offer STARTTLS with this
	gate   chan struct{} // when set, greet only once it is closed
	conns  atomic.Int32
	wg     sync.WaitGroup
}

// newPeer starts a peer; set, when given, configures it before it serves.
func newPeer(t *testing.T, delay time.Duration, set ...func(*smtpPeer)) *smtpPeer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &smtpPeer{ln: ln, delay: delay}
	for _, f := range set {
		f(p)
	}
	go p.serve()
	t.Cleanup(func() { ln.Close(); p.wg.Wait() })
	return p
}

func (p *smtpPeer) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.conns.Add(1)
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			defer c.Close()
			c.SetDeadline(time.Now().Add(10 * time.Second))
			if p.silent {
				buf := make([]byte, 512)
				for {
					if _, err := c.Read(buf); err != nil {
						return
					}
				}
			}
			time.Sleep(p.delay)
			if p.gate != nil {
				<-p.gate
			}
			var conn net.Conn = c
			w := bufio.NewWriter(conn)
			r := bufio.NewReader(conn)
			w.WriteString("220 mx.test ESMTP scripted\r\n")
			w.Flush()
			secure := false
			for {
				line, err := r.ReadString('\n')
				if err != nil {
					return
				}
				cmd := strings.ToUpper(strings.TrimSpace(line))
				switch {
				case cmd == "STARTTLS" && p.tls != nil && !secure:
					w.WriteString("220 2.0.0 go ahead\r\n")
					w.Flush()
					tc := tls.Server(c, p.tls)
					if err := tc.Handshake(); err != nil {
						return
					}
					conn, secure = tc, true
					w, r = bufio.NewWriter(conn), bufio.NewReader(conn)
					continue
				case strings.HasPrefix(cmd, "EHLO") && p.tls != nil && !secure:
					w.WriteString("250-mx.test\r\n250-PIPELINING\r\n250 STARTTLS\r\n")
				case strings.HasPrefix(cmd, "EHLO") && secure:
					w.WriteString("250-mx.test\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n")
				case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
					w.WriteString("250-mx.test\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250 8BITMIME\r\n")
				case cmd == "QUIT":
					w.WriteString("221 2.0.0 bye\r\n")
					w.Flush()
					return
				default:
					w.WriteString("502 5.5.2 not here\r\n")
				}
				w.Flush()
			}
		}()
	}
}

// redirectDialer sends every connection to the peer, whatever the address:
// the guard has already checked the address asked for.
type redirectDialer struct {
	to    string
	mu    sync.Mutex
	asked []string
}

func (d *redirectDialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	d.mu.Lock()
	d.asked = append(d.asked, address)
	d.mu.Unlock()
	var nd net.Dialer
	c, err := nd.DialContext(ctx, network, d.to)
	if err != nil {
		return nil, err
	}
	// The connection claims to reach the address asked for, as if the
	// network had routed it there.
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		c.Close()
		return nil, err
	}
	return &redirectedConn{Conn: c, remote: net.TCPAddrFromAddrPort(ap)}, nil
}

type redirectedConn struct {
	net.Conn
	remote net.Addr
}

func (c *redirectedConn) RemoteAddr() net.Addr { return c.remote }

// testDNS is acme-mail.net with three MX hosts, an SRV submission server and
// the TXT records of a check (lookuptest.CheckClient); mx.private-acme.net
// has a private address, fan-acme.net shares acme-mail.net's three MX hosts
// and slow-acme.net has one MX host of its own. (example.com and *.example
// are placeholders, which the API refuses to check.)
func testDNS() *lookup.Client {
	return lookuptest.CheckClient("acme-mail.net",
		"private-acme.net. MX 10 mx.private-acme.net.",
		"mx.private-acme.net. A 10.0.0.25",
		"fan-acme.net. MX 10 mx1.acme-mail.net.",
		"fan-acme.net. MX 20 mx2.acme-mail.net.",
		"fan-acme.net. MX 30 mx3.acme-mail.net.",
		"slow-acme.net. MX 10 mx.slow-acme.net.",
		"mx.slow-acme.net. A 127.0.0.30",
	)
}

// liveConfig is a server whose probes reach the peer through the guard.
func liveConfig(peer *smtpPeer, allowPrivate bool) (Config, *redirectDialer) {
	d := &redirectDialer{to: peer.ln.Addr().String()}
	return Config{
		Static:       testStatic(),
		Lookup:       testDNS(),
		Dialer:       d,
		From:         "test-runner (loopback)",
		EHLOName:     "probe.whichport.test",
		AllowPrivate: allowPrivate,
		Rate:         1000,
		Burst:        1000,
		CheckBudget:  10 * time.Second,
		ProbeTimeout: 8 * time.Second,
	}, d
}

type sseEvent struct {
	Name string
	Data json.RawMessage
}

// parseSSE reads every event of a stream.
func parseSSE(t *testing.T, body string) []sseEvent {
	t.Helper()
	var out []sseEvent
	for _, block := range strings.Split(body, "\n\n") {
		if strings.TrimSpace(block) == "" {
			continue
		}
		var ev sseEvent
		for _, line := range strings.Split(block, "\n") {
			switch {
			case strings.HasPrefix(line, "event: "):
				ev.Name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.Data = json.RawMessage(strings.TrimPrefix(line, "data: "))
			}
		}
		if ev.Name == "" || !json.Valid(ev.Data) {
			t.Fatalf("bad event block %q", block)
		}
		out = append(out, ev)
	}
	return out
}

func TestCheckJSON(t *testing.T) {
	peer := newPeer(t, 0)
	cfg, _ := liveConfig(peer, true)
	e, logs := newTest(t, cfg)
	rec := do(e, "GET", "/api/v1/check?domain=ann@Acme-Mail.NET", "")
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
	}
	var rep CheckReport
	if err := json.Unmarshal(rec.Body.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if rec.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control %q", rec.Header().Get("Cache-Control"))
	}
	if rep.Domain != "acme-mail.net" || rep.From != "test-runner (loopback)" || !strings.Contains(rep.Warning, "your own network") && !strings.Contains(rep.Warning, "Your own network") {
		t.Errorf("domain/from/warning: %q %q %q", rep.Domain, rep.From, rep.Warning)
	}
	if rep.MX == nil || len(rep.MX.Hosts) != 3 {
		t.Fatalf("mx: %+v", rep.MX)
	}
	kinds := map[string]int{}
	for _, p := range rep.Probes {
		kinds[p.Kind]++
		if p.Result == nil {
			t.Errorf("probe %s has no result (error %q)", p.ID, p.Error)
			continue
		}
		if p.Result.From != rep.From {
			t.Errorf("probe %s from %q", p.ID, p.Result.From)
		}
		if p.Kind == "mx" && (p.Port != 25 || len(p.Result.Addresses) != 1 || p.Result.Greeting == nil || p.Result.Greeting.Code != 220) {
			t.Errorf("mx probe %s: %+v", p.ID, p.Result)
		}
	}
	if kinds["mx"] != 3 || kinds["submission"] != 3 {
		t.Errorf("probe kinds %v, want 3 mx and 3 submission (587, 465, 2525)", kinds)
	}
	if len(rep.Discovery) == 0 || rep.Discovery[0].Host != "smtp.acme-mail.net" {
		t.Errorf("discovery %+v", rep.Discovery)
	}
	if rep.SPF == nil || !rep.SPF.Found || rep.DMARC == nil || !rep.DMARC.Found || rep.TLSRPT == nil || !rep.TLSRPT.Found {
		t.Errorf("spf %+v dmarc %+v tls-rpt %+v", rep.SPF, rep.DMARC, rep.TLSRPT)
	}
	if rep.MTASTS == nil || rep.MTASTS.Policy == nil {
		t.Errorf("mta-sts %+v", rep.MTASTS)
	}
	if len(rep.DANE) == 0 {
		t.Error("no TLSA result in dane")
	}
	if !strings.Contains(rep.Summary, "MTA-STS (enforce), TLS-RPT, SPF and DMARC (p=reject): all published.") {
		t.Errorf("summary %q", rep.Summary)
	}
	if rep.Findings == nil || rep.Summary == "" || !strings.Contains(rep.Summary, "test-runner") {
		t.Errorf("findings %v summary %q", rep.Findings, rep.Summary)
	}
	if !strings.Contains(logs.String(), "domain=ann@Acme-Mail.NET") {
		t.Errorf("check query not logged:\n%s", logs.String())
	}
}

func TestCheckStream(t *testing.T) {
	peer := newPeer(t, 0)
	cfg, _ := liveConfig(peer, true)
	e, _ := newTest(t, cfg)
	for _, tc := range []struct {
		name, target string
		header       []string
	}{
		{"accept header", "/api/v1/check?domain=acme-mail.net", []string{"Accept", "text/event-stream"}},
		{"query", "/api/v1/check?domain=acme-mail.net&stream=1", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := do(e, "GET", tc.target, "", tc.header...)
			if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/event-stream") {
				t.Fatalf("status %d type %q", rec.Code, rec.Header().Get("Content-Type"))
			}
			evs := parseSSE(t, rec.Body.String())
			if evs[0].Name != "start" || evs[len(evs)-1].Name != "done" || evs[len(evs)-2].Name != "summary" {
				t.Fatalf("order: first %s, last %s", evs[0].Name, evs[len(evs)-1].Name)
			}
			var start check.Start
			json.Unmarshal(evs[0].Data, &start)
			if start.Domain != "acme-mail.net" || start.From == "" || start.Warning == "" {
				t.Errorf("start %+v", start)
			}
			planned := map[string]bool{}
			probed := map[string]bool{}
			steps := map[string]int{}
			dnsKinds := map[string]bool{}
			for _, ev := range evs {
				switch ev.Name {
				case "dns":
					var d check.DNSAnswer
					json.Unmarshal(ev.Data, &d)
					dnsKinds[d.Kind] = true
				case "planned":
					var p ProbeEntry
					json.Unmarshal(ev.Data, &p)
					planned[p.ID] = true
					if p.Host == "" || p.Port == 0 || p.Mode == "" || p.Kind == "" {
						t.Errorf("planned %s", ev.Data)
					}
				case "step":
					var s check.StepEvent
					json.Unmarshal(ev.Data, &s)
					if !planned[s.ID] {
						t.Errorf("step of %q before it was planned", s.ID)
					}
					if s.Step.Name == "" {
						t.Errorf("step %s", ev.Data)
					}
					steps[s.ID]++
				case "probe":
					var p ProbeEntry
					json.Unmarshal(ev.Data, &p)
					if !planned[p.ID] {
						t.Errorf("probe %q before it was planned", p.ID)
					}
					probed[p.ID] = true
				case "error":
					t.Errorf("error event %s", ev.Data)
				}
			}
			for _, k := range []string{"mx", "discovery", "mta-sts", "tls-rpt", "spf", "dmarc"} {
				if !dnsKinds[k] {
					t.Errorf("no dns event of kind %s", k)
				}
			}
			if len(planned) != 6 || len(probed) != 6 {
				t.Errorf("planned %v probed %v", planned, probed)
			}
			for id := range probed {
				if steps[id] == 0 {
					t.Errorf("no step events for %s", id)
				}
			}
		})
	}
}

// gatedProbe blocks every probe until open is closed (or its context
// ends: then the result says "budget"), counting probes in flight.
type gatedProbe struct {
	open     chan struct{}
	mu       sync.Mutex
	inFlight int
	max      int
	// full, when set, is closed once wantInFlight probes run at once.
	full         chan struct{}
	wantInFlight int
}

func (g *gatedProbe) run(ctx context.Context, cfg probe.Config, t probe.Target) (probe.Result, error) {
	g.mu.Lock()
	g.inFlight++
	if g.inFlight > g.max {
		g.max = g.inFlight
	}
	if g.full != nil && g.inFlight == g.wantInFlight {
		close(g.full)
	}
	g.mu.Unlock()
	defer func() { g.mu.Lock(); g.inFlight--; g.mu.Unlock() }()
	outcome := "ok"
	select {
	case <-g.open:
	case <-ctx.Done():
		outcome = "budget"
	}
	return probe.Result{Host: t.Host, Port: t.Port, Mode: t.Mode, From: cfg.From,
		Addresses: []probe.AddressResult{{IP: "127.0.0.1", Outcome: outcome}}}, nil
}

// TestCheckStreamsAsResultsArrive reads the stream over a real connection:
// every probe waits until the test has read a dns event, so the check
// completes only if events are written as they happen (a buffered stream
// would hold the dns event back and the probes would run into the budget,
// the failure guard).
func TestCheckStreamsAsResultsArrive(t *testing.T) {
	peer := newPeer(t, 0)
	cfg, _ := liveConfig(peer, true)
	g := &gatedProbe{open: make(chan struct{})}
	cfg.Probe = g.run
	cfg.CheckBudget = 30 * time.Second
	e, _ := newTest(t, cfg)
	ts := httptest.NewServer(e)
	defer ts.Close()
	req, _ := http.NewRequest("GET", ts.URL+"/api/v1/check?domain=acme-mail.net", nil)
	req.Header.Set("Accept", "text/event-stream")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var sawDNS, sawDone bool
	probes, okProbes := 0, 0
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "event: dns" && !sawDNS:
			sawDNS = true
			close(g.open)
		case line == "event: probe":
			if !sawDNS {
				t.Error("a probe finished before any dns event was read")
			}
			probes++
			if sc.Scan() && strings.Contains(sc.Text(), `"outcome":"ok"`) {
				okProbes++
			}
		case line == "event: done":
			sawDone = true
		}
		if sawDone {
			break
		}
	}
	if !sawDNS || !sawDone || probes == 0 || okProbes != probes {
		t.Errorf("dns event read %v, done %v, %d probes of which %d ran to the end: events are not streamed as they complete", sawDNS, sawDone, probes, okProbes)
	}
}

// TestCheckFansOut: the three MX probes of fan-acme.net wait at a barrier
// that opens only when all three are in flight at once. Run one after the
// other, the first would wait for ever (here: until the budget, the
// failure guard) and report "budget".
func TestCheckFansOut(t *testing.T) {
	peer := newPeer(t, 0)
	cfg, _ := liveConfig(peer, true)
	g := &gatedProbe{open: make(chan struct{}), full: make(chan struct{}), wantInFlight: 3}
	go func() { <-g.full; close(g.open) }()
	cfg.Probe = g.run
	cfg.CheckBudget = 30 * time.Second
	e, _ := newTest(t, cfg)
	rec := do(e, "GET", "/api/v1/check?domain=fan-acme.net", "")
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
	}
	var rep CheckReport
	if err := json.Unmarshal(rec.Body.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	mx := 0
	for _, p := range rep.Probes {
		if p.Kind != "mx" {
			continue
		}
		mx++
		if p.Result == nil || len(p.Result.Addresses) != 1 || p.Result.Addresses[0].Outcome != "ok" {
			t.Errorf("probe %s did not pass the barrier: %+v", p.ID, p.Result)
		}
	}
	if mx != 3 || g.max < 3 {
		t.Errorf("%d MX probes, at most %d in flight at once; want 3 and 3", mx, g.max)
	}
}

// countingDialer counts connections open per target IP and the most ever
// open at once.
type countingDialer struct {
	inner probe.Dialer
	mu    sync.Mutex
	open  map[string]int
	max   map[string]int
}

func (d *countingDialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	c, err := d.inner.DialContext(ctx, network, address)
	if err != nil {
		return nil, err
	}
	ip, _, _ := net.SplitHostPort(address)
	d.mu.Lock()
	d.open[ip]++
	if d.open[ip] > d.max[ip] {
		d.max[ip] = d.open[ip]
	}
	d.mu.Unlock()
	return &countedConn{Conn: c, done: func() { d.mu.Lock(); d.open[ip]--; d.mu.Unlock() }}, nil
}

func (d *countingDialer) counts(ip string) (open, max int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.open[ip], d.max[ip]
}

type countedConn struct {
	net.Conn
	once sync.Once
	done func()
}

func (c *countedConn) Close() error { c.once.Do(c.done); return c.Conn.Close() }

// waitFor polls cond until it holds; the deadline is only a failure guard.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	guard := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(guard) {
			t.Fatalf("gave up waiting: %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestPerTargetCap: four probes of one IP with a cap of two. The peer greets
// only when the test says so; meanwhile two probes run (two connections
// open) and two wait for admission without connecting. Afterwards, no more
// than two probes of the IP ever ran at once, and all four completed.
func TestPerTargetCap(t *testing.T) {
	peer := newPeer(t, 0, func(p *smtpPeer) { p.gate = make(chan struct{}) })
	var opened sync.Once
	openGate := func() { opened.Do(func() { close(peer.gate) }) }
	t.Cleanup(openGate) // before the peer's own clean-up waits for its connections
	cfg, rd := liveConfig(peer, true)
	cd := &countingDialer{inner: rd, open: map[string]int{}, max: map[string]int{}}
	cfg.Dialer = cd
	cfg.MaxPerTarget = 2
	cfg.CheckBudget = 30 * time.Second
	cfg.AdmitWait = 20 * time.Second
	running := &concurrency{}
	cfg.Probe = running.wrap(probe.Run)
	s, e, err := build(cfg)
	if err != nil {
		t.Fatal(err)
	}
	const ip, n = "127.0.0.11", 4
	var wg sync.WaitGroup
	codes := make([]*httptest.ResponseRecorder, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = do(e, "GET", "/api/v1/probe?host="+ip+"&port=25&mode=starttls", "")
		}()
	}
	// Each running probe opens its dialogue and, beside it, the
	// connections of its TLS 1.0/1.1 checks; the waiting ones open none.
	waitFor(t, "two probes running and connected, two waiting for admission", func() bool {
		s.targets.mu.Lock()
		asked := s.targets.n[ip]
		s.targets.mu.Unlock()
		open, _ := cd.counts(ip)
		return asked >= n && running.running() == 2 && open >= 2
	})
	time.Sleep(50 * time.Millisecond) // a waiting probe that got in would show now
	if r := running.running(); r != 2 {
		t.Errorf("with two waiting: %d probes running, want 2", r)
	}
	openGate()
	wg.Wait()
	if m := running.max(); m != 2 {
		t.Errorf("at most %d probes of %s at once, want 2 (the cap)", m, ip)
	}
	for i, rec := range codes {
		var p ProbeEntry
		if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &p) != nil || p.Result == nil || p.Result.Greeting == nil || p.Result.Greeting.Code != 220 {
			t.Errorf("probe %d: %d %s", i, rec.Code, rec.Body.String())
		}
	}
}

// concurrency wraps a probe function and counts how many run at once.
type concurrency struct {
	mu       sync.Mutex
	now, top int
}

func (c *concurrency) wrap(run func(context.Context, probe.Config, probe.Target) (probe.Result, error)) func(context.Context, probe.Config, probe.Target) (probe.Result, error) {
	return func(ctx context.Context, cfg probe.Config, t probe.Target) (probe.Result, error) {
		c.mu.Lock()
		c.now++
		c.top = max(c.top, c.now)
		c.mu.Unlock()
		defer func() { c.mu.Lock(); c.now--; c.mu.Unlock() }()
		return run(ctx, cfg, t)
	}
}

func (c *concurrency) running() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *concurrency) max() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.top
}

// BenchmarkCheckFanOut prints what a check of three MX hosts whose
// greeting takes 20 ms costs (figures, not a pass/fail timing).
func BenchmarkCheckFanOut(b *testing.B) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	p := &smtpPeer{ln: ln, delay: 20 * time.Millisecond}
	go p.serve()
	defer func() { ln.Close(); p.wg.Wait() }()
	cfg, _ := liveConfig(p, true)
	e, err := New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if rec := do(e, "GET", "/api/v1/check?domain=fan-acme.net", ""); rec.Code != 200 {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

func TestProbeEndpoint(t *testing.T) {
	peer := newPeer(t, 0)
	cfg, dialer := liveConfig(peer, true)
	e, _ := newTest(t, cfg)
	public, _ := liveConfig(peer, false)
	ep, _ := newTest(t, public)
	tests := []struct {
		name   string
		srv    http.Handler
		target string
		status int
		field  string
	}{
		{"ok", e, "/api/v1/probe?host=smtp.acme-mail.net&port=587&mode=starttls", 200, ""},
		{"host:port form", e, "/api/v1/probe?host=smtp.acme-mail.net:2525", 200, ""},
		{"email form", e, "/api/v1/probe?host=ann@smtp.acme-mail.net&port=587", 200, ""},
		{"no such host", e, "/api/v1/probe?host=nope.acme-mail.net&port=587", 200, ""},
		{"missing host", e, "/api/v1/probe?port=587", 400, "host"},
		{"missing port", e, "/api/v1/probe?host=smtp.acme-mail.net", 400, "port"},
		{"bad port", e, "/api/v1/probe?host=smtp.acme-mail.net&port=abc", 400, "port"},
		{"port not allowed", e, "/api/v1/probe?host=smtp.acme-mail.net&port=80", 422, "port"},
		{"port not allowed in host", e, "/api/v1/probe?host=smtp.acme-mail.net:22", 422, "host"},
		{"conflicting ports", e, "/api/v1/probe?host=smtp.acme-mail.net:465&port=587", 400, "port"},
		{"bad mode", e, "/api/v1/probe?host=smtp.acme-mail.net&port=587&mode=ssl", 400, "mode"},
		{"crlf", e, "/api/v1/probe?host=smtp.acme-mail.net%0d%0aRCPT&port=587", 400, "host"},
		{"localhost", e, "/api/v1/probe?host=localhost&port=25", 422, "host"},
		{"loopback literal refused", ep, "/api/v1/probe?host=127.0.0.1&port=25", 422, "host"},
		{"odd loopback form refused", ep, "/api/v1/probe?host=2130706433&port=25", 422, "host"},
		{"name to private refused", ep, "/api/v1/probe?host=mx.private-acme.net&port=25", 422, "host"},
		{"metadata refused", ep, "/api/v1/probe?host=169.254.169.254&port=25", 422, "host"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := do(tc.srv, "GET", tc.target, "")
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.status, rec.Body.String())
			}
			if tc.status != 200 {
				if eb := errorBody(t, rec); eb.Field != tc.field {
					t.Errorf("field %q, want %q (%s)", eb.Field, tc.field, eb.Error)
				}
				return
			}
			var p ProbeEntry
			if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
				t.Fatal(err)
			}
			if p.Result == nil || p.Result.From != "test-runner (loopback)" || p.From != p.Result.From || !strings.Contains(p.Warning, "network may block") {
				t.Errorf("result %+v", p)
			}
		})
	}
	dialer.mu.Lock()
	defer dialer.mu.Unlock()
	for _, a := range dialer.asked {
		if !strings.HasPrefix(a, "127.0.0.") {
			t.Errorf("dialed %q", a)
		}
	}
}

// TestProbeStream: the probe endpoint streams too.
func TestProbeStream(t *testing.T) {
	peer := newPeer(t, 0)
	cfg, _ := liveConfig(peer, true)
	e, _ := newTest(t, cfg)
	rec := do(e, "GET", "/api/v1/probe?host=smtp.acme-mail.net&port=587&stream=1", "")
	evs := parseSSE(t, rec.Body.String())
	var names []string
	for _, ev := range evs {
		if ev.Name != "step" {
			names = append(names, ev.Name)
		}
	}
	if got := strings.Join(names, ","); got != "start,planned,probe,summary,done" {
		t.Errorf("events %s", got)
	}
}

// TestCheckRefusesPrivateMX: without AllowPrivate, MX hosts that resolve
// to private addresses are reported, never dialed.
func TestCheckRefusesPrivateMX(t *testing.T) {
	peer := newPeer(t, 0)
	cfg, dialer := liveConfig(peer, false)
	e, _ := newTest(t, cfg)
	for _, domain := range []string{"private-acme.net", "acme-mail.net"} {
		rec := do(e, "GET", "/api/v1/check?domain="+domain, "")
		if rec.Code != 200 {
			t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
		}
		var rep CheckReport
		json.Unmarshal(rec.Body.Bytes(), &rep)
		if len(rep.Probes) == 0 {
			t.Fatalf("%s: no probes", domain)
		}
		for _, p := range rep.Probes {
			if !strings.Contains(p.Error, "not allowed") {
				t.Errorf("%s probe %s: error %q", domain, p.ID, p.Error)
			}
			if p.Result == nil || p.Result.Error != p.Error || p.Result.Addresses == nil || p.Result.From == "" {
				t.Errorf("%s probe %s: a refused probe needs a result carrying the reason: %+v", domain, p.ID, p.Result)
			}
		}
	}
	if n := peer.conns.Load(); n != 0 || len(dialer.asked) != 0 {
		t.Errorf("private targets were dialed: %d connections, %v", n, dialer.asked)
	}
}

func TestCheckInputErrors(t *testing.T) {
	peer := newPeer(t, 0)
	cfg, _ := liveConfig(peer, false)
	e, _ := newTest(t, cfg)
	noDNS, _ := newTest(t, Config{Static: testStatic()})
	for _, tc := range []struct {
		name   string
		srv    http.Handler
		target string
		status int
	}{
		{"missing domain", e, "/api/v1/check", 400},
		{"ip address", e, "/api/v1/check?domain=192.0.2.1", 400},
		{"domain with port", e, "/api/v1/check?domain=acme-mail.net:25", 400},
		{"crlf", e, "/api/v1/check?domain=exa%0d%0ample.com", 400},
		{"trailing crlf is trimmed", e, "/api/v1/check?domain=acme-mail.net%0d%0a", 200},
		{"localhost", e, "/api/v1/check?domain=localhost", 422},
		{"special-use", e, "/api/v1/check?domain=printer.local", 422},
		{"mx bad", e, "/api/v1/mx?domain=exa%20mple.com", 400},
		{"mx ok", e, "/api/v1/mx?domain=acme-mail.net", 200},
		{"mx nxdomain is an answer", e, "/api/v1/mx?domain=nope.acme-mail.net", 200},
		{"not configured", noDNS, "/api/v1/check?domain=acme-mail.net", 503},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := do(tc.srv, "GET", tc.target, "")
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.status, rec.Body.String())
			}
			if tc.status != 200 {
				errorBody(t, rec)
			}
		})
	}
}

func TestBudget(t *testing.T) {
	peer := newPeer(t, 0, func(p *smtpPeer) { p.silent = true })
	cfg, _ := liveConfig(peer, true)
	cfg.CheckBudget = 300 * time.Millisecond
	e, _ := newTest(t, cfg)

	rec := do(e, "GET", "/api/v1/check?domain=slow-acme.net", "")
	if rec.Code != http.StatusGatewayTimeout {
		t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
	}
	errorBody(t, rec)

	rec = do(e, "GET", "/api/v1/check?domain=slow-acme.net&stream=1", "")
	evs := parseSSE(t, rec.Body.String())
	n := len(evs)
	if n < 3 || evs[n-3].Name != "error" || evs[n-2].Name != "summary" || evs[n-1].Name != "done" {
		t.Fatalf("stream does not end with error, summary, done: %v", evs)
	}
	var ee check.ErrorEvent
	json.Unmarshal(evs[n-3].Data, &ee)
	var sum check.Summary
	json.Unmarshal(evs[n-2].Data, &sum)
	if !ee.Budget || !sum.Partial {
		t.Errorf("error %+v summary partial %v", ee, sum.Partial)
	}

	rec = do(e, "GET", "/api/v1/probe?host=mx.slow-acme.net&port=25", "")
	if rec.Code != http.StatusGatewayTimeout {
		t.Errorf("probe over budget: %d %s", rec.Code, rec.Body.String())
	}
}

func TestRateLimit(t *testing.T) {
	peer := newPeer(t, 0)
	cfg, _ := liveConfig(peer, true)
	cfg.Rate, cfg.Burst = 0.01, 2
	e, _ := newTest(t, cfg)
	for i := 0; i < 2; i++ {
		if rec := do(e, "GET", "/api/v1/mx?domain=acme-mail.net", ""); rec.Code != 200 {
			t.Fatalf("request %d: %d", i, rec.Code)
		}
	}
	rec := do(e, "GET", "/api/v1/mx?domain=acme-mail.net", "")
	if rec.Code != http.StatusTooManyRequests {
		t.Fatalf("third request: %d", rec.Code)
	}
	errorBody(t, rec)
	if ra, err := strconv.Atoi(rec.Header().Get("Retry-After")); err != nil || ra < 1 {
		t.Errorf("Retry-After %q", rec.Header().Get("Retry-After"))
	}
	// Another client has its own bucket; the engine is not rate limited.
	req := httptest.NewRequest("GET", "/api/v1/mx?domain=acme-mail.net", nil)
	req.RemoteAddr = "192.0.2.9:5555"
	rr := httptest.NewRecorder()
	e.ServeHTTP(rr, req)
	if rr.Code != 200 {
		t.Errorf("other client: %d", rr.Code)
	}
	if rec := do(e, "POST", "/api/v1/explain", `{}`); rec.Code != 200 {
		t.Errorf("explain limited with the live checks: %d", rec.Code)
	}
	// X-Forwarded-For is not trusted by default.
	req = httptest.NewRequest("GET", "/api/v1/mx?domain=acme-mail.net", nil)
	req.Header.Set("X-Forwarded-For", "198.51.100.7")
	rr = httptest.NewRecorder()
	e.ServeHTTP(rr, req)
	if rr.Code != http.StatusTooManyRequests {
		t.Errorf("X-Forwarded-For escaped the limit: %d", rr.Code)
	}
}

func TestClientKey(t *testing.T) {
	for in, want := range map[string]string{
		"192.0.2.1":            "192.0.2.1",
		"::ffff:192.0.2.1":     "192.0.2.1",
		"2001:db8:1:2:3:4:5:6": "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff::1": "2001:db8:1:2::/64",
		"not an address":       "not an address",
	} {
		if got := clientKey(in); got != want {
			t.Errorf("clientKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRateLimiterRefills(t *testing.T) {
	now := time.Unix(1000, 0)
	l := newRateLimiter(1, 2, func() time.Time { return now })
	for i := 0; i < 2; i++ {
		if ok, _ := l.allow("a"); !ok {
			t.Fatal("burst refused")
		}
	}
	ok, wait := l.allow("a")
	if ok || wait <= 0 || wait > time.Second {
		t.Fatalf("empty bucket: ok=%v wait=%v", ok, wait)
	}
	now = now.Add(time.Second)
	if ok, _ := l.allow("a"); !ok {
		t.Error("not refilled after a second")
	}
}

var _ probe.Dialer = (*redirectDialer)(nil)

// fakeProbe records targets and answers at once.
type fakeProbe struct {
	mu      sync.Mutex
	targets []probe.Target
	panicOn int
}

func (f *fakeProbe) run(ctx context.Context, cfg probe.Config, t probe.Target) (probe.Result, error) {
	f.mu.Lock()
	f.targets = append(f.targets, t)
	f.mu.Unlock()
	if t.Port == f.panicOn {
		panic("boom")
	}
	if cfg.OnStep != nil {
		cfg.OnStep(t, "127.0.0.1", probe.Step{Name: "connect", OK: true})
	}
	return probe.Result{Host: t.Host, Port: t.Port, Mode: t.Mode, From: cfg.From,
		Addresses: []probe.AddressResult{{IP: "127.0.0.1", Outcome: "ok"}}}, nil
}

// TestDANERecordsReachTheProbe: DNSSEC-validated TLSA records of an MX are
// passed in probe.Target.TLSA; a panicking probe ends only its own entry.
func TestDANERecordsReachTheProbe(t *testing.T) {
	peer := newPeer(t, 0)
	cfg, _ := liveConfig(peer, true)
	fp := &fakeProbe{panicOn: 2525}
	cfg.Probe = fp.run
	e, logs := newTest(t, cfg)
	rec := do(e, "GET", "/api/v1/check?domain=acme-mail.net&stream=1", "")
	evs := parseSSE(t, rec.Body.String())
	if evs[len(evs)-1].Name != "done" {
		t.Fatalf("last event %s", evs[len(evs)-1].Name)
	}
	fp.mu.Lock()
	defer fp.mu.Unlock()
	found := false
	for _, tg := range fp.targets {
		if tg.Host == "mx1.acme-mail.net" {
			found = true
			if len(tg.TLSA) != 1 || tg.TLSA[0].Usage != 3 || tg.TLSA[0].Selector != 1 || len(tg.TLSA[0].Data) != 32 {
				t.Errorf("TLSA passed to the probe: %+v", tg.TLSA)
			}
			if len(tg.Addrs) != 1 || tg.Addrs[0].String() != "127.0.0.11" || tg.Mode != probe.ModeStartTLS || tg.Port != 25 {
				t.Errorf("mx1 target %+v", tg)
			}
		}
		if tg.Host == "mx2.acme-mail.net" && len(tg.TLSA) != 0 {
			t.Errorf("mx2 has no TLSA but got %+v", tg.TLSA)
		}
	}
	if !found {
		t.Fatal("mx1 not probed")
	}
	var sawPanicEntry, sawSRV bool
	for _, ev := range evs {
		if ev.Name == "probe" && strings.Contains(string(ev.Data), "internal error while probing") {
			sawPanicEntry = true
		}
		if ev.Name == "dns" && strings.Contains(string(ev.Data), `"kind":"srv"`) {
			sawSRV = true
		}
	}
	if !sawPanicEntry || !strings.Contains(logs.String(), "panic in probe") {
		t.Error("the panicking probe was not reported as its own error")
	}
	if !sawSRV {
		t.Error("no srv dns event")
	}
}

// selfSigned makes a certificate for names and a pool that trusts it.
func selfSigned(t *testing.T, names ...string) (*tls.Config, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: names[0]},
		DNSNames:              names,
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}, pool
}

// TestProbeUsesConfiguredRoots: a STARTTLS peer whose certificate only the
// configured CA pool trusts verifies, and the name typed is the one checked.
func TestProbeUsesConfiguredRoots(t *testing.T) {
	srvTLS, pool := selfSigned(t, "smtp.acme-mail.net")
	peer := newPeer(t, 0, func(p *smtpPeer) { p.tls = srvTLS })
	for _, tc := range []struct {
		name     string
		roots    *x509.CertPool
		verified bool
	}{
		{"trusted by the pool", pool, true},
		{"system roots do not know it", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, _ := liveConfig(peer, true)
			cfg.Roots = tc.roots
			e, _ := newTest(t, cfg)
			rec := do(e, "GET", "/api/v1/probe?host=smtp.acme-mail.net&port=587&mode=starttls", "")
			var p ProbeEntry
			if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || p.Result == nil {
				t.Fatalf("%d %s", rec.Code, rec.Body.String())
			}
			r := p.Result
			if r.TLS == nil || r.StartTLS == nil || !r.StartTLS.Offered {
				t.Fatalf("no STARTTLS/TLS in %s", rec.Body.String())
			}
			if r.TLS.Verified != tc.verified || !r.TLS.HostnameMatch {
				t.Errorf("verified %v (want %v), hostname match %v: %s", r.TLS.Verified, tc.verified, r.TLS.HostnameMatch, r.TLS.VerifyError)
			}
			if r.EHLO.After == nil || len(r.EHLO.After.Auth) == 0 {
				t.Errorf("AUTH not read from the EHLO after TLS: %+v", r.EHLO.After)
			}
		})
	}
}

// seqResolver answers each LookupAddrs with the next entry (the last one
// repeats): a name that rebinds between look-ups.
type seqResolver struct {
	mu      sync.Mutex
	answers [][]netip.Addr
	calls   int
}

func (r *seqResolver) LookupAddrs(ctx context.Context, host string) ([]netip.Addr, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	i := r.calls
	r.calls++
	if i >= len(r.answers) {
		i = len(r.answers) - 1
	}
	if r.answers[i] == nil {
		return nil, &net.DNSError{Err: "temporary failure", Name: host, IsTemporary: true}
	}
	return r.answers[i], nil
}

// TestRebindingIsRefusedAtDial: the name first fails to resolve, then
// points at loopback when the probe resolves it again; the guard in the
// dialer refuses the loopback address, and nothing is dialed.
func TestRebindingIsRefusedAtDial(t *testing.T) {
	peer := newPeer(t, 0)
	cfg, dialer := liveConfig(peer, false)
	res := &seqResolver{answers: [][]netip.Addr{nil, {netip.MustParseAddr("127.0.0.1")}}}
	cfg.Resolver = res
	e, _ := newTest(t, cfg)
	rec := do(e, "GET", "/api/v1/probe?host=rebind.acme-mail.net&port=587", "")
	if rec.Code != 200 {
		t.Fatalf("%d %s", rec.Code, rec.Body.String())
	}
	if res.calls < 2 {
		t.Fatalf("resolved %d times; the probe did not resolve again", res.calls)
	}
	if n := peer.conns.Load(); n != 0 || len(dialer.asked) != 0 {
		t.Fatalf("the rebound loopback address was dialed: %v", dialer.asked)
	}
	if !strings.Contains(rec.Body.String(), "not allowed") {
		t.Errorf("refusal not reported: %s", rec.Body.String())
	}

	// A public answer is dialed (here redirected to the loopback peer).
	res2 := &seqResolver{answers: [][]netip.Addr{{netip.MustParseAddr("1.1.1.1")}}}
	cfg.Resolver = res2
	e2, _ := newTest(t, cfg)
	rec = do(e2, "GET", "/api/v1/probe?host=public.acme-mail.net&port=587", "")
	var p ProbeEntry
	json.Unmarshal(rec.Body.Bytes(), &p)
	if rec.Code != 200 || p.Result == nil || len(p.Result.Addresses) != 1 || p.Result.Greeting == nil || p.Result.Greeting.Code != 220 {
		t.Errorf("public address not probed: %d %s", rec.Code, rec.Body.String())
	}
}

// TestStreamHeartbeat: a quiet stream gets comment lines, which SSE
// clients ignore. The probe waits until the test has read a heartbeat, so
// the stream ends only if one was sent while it was quiet.
func TestStreamHeartbeat(t *testing.T) {
	old := heartbeat
	heartbeat = 5 * time.Millisecond
	defer func() { heartbeat = old }()
	peer := newPeer(t, 0)
	cfg, _ := liveConfig(peer, true)
	g := &gatedProbe{open: make(chan struct{})}
	cfg.Probe = g.run
	cfg.CheckBudget = 30 * time.Second
	e, _ := newTest(t, cfg)
	ts := httptest.NewServer(e)
	defer ts.Close()
	res, err := http.Get(ts.URL + "/api/v1/probe?host=mx.slow-acme.net&port=25&stream=1")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var beat bool
	var names []string
	for sc.Scan() {
		line := sc.Text()
		if line == ": still working" && !beat {
			beat = true
			close(g.open)
		}
		if name, ok := strings.CutPrefix(line, "event: "); ok {
			names = append(names, name)
			if name == "probe" && sc.Scan() && !strings.Contains(sc.Text(), `"outcome":"ok"`) {
				t.Errorf("the probe was not released by a heartbeat: %s", sc.Text())
			}
		}
	}
	if !beat || len(names) == 0 || names[len(names)-1] != "done" {
		t.Errorf("heartbeat read %v, events %v", beat, names)
	}
}

// TestNoPort25: a server that cannot reach port 25 skips the MX probes and
// says so, and refuses port 25 probes with 422.
func TestNoPort25(t *testing.T) {
	peer := newPeer(t, 0)
	cfg, _ := liveConfig(peer, true)
	cfg.Ports = []int{465, 587, 2525}
	e, _ := newTest(t, cfg)
	rec := do(e, "GET", "/api/v1/check?domain=acme-mail.net", "")
	var rep CheckReport
	if err := json.Unmarshal(rec.Body.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Probes {
		if p.Kind == "mx" {
			t.Errorf("MX probe planned: %s", p.ID)
		}
	}
	if !strings.Contains(rep.Summary, "Port 25 cannot be probed") {
		t.Errorf("summary %q", rep.Summary)
	}
	rec = do(e, "GET", "/api/v1/probe?host=mx1.acme-mail.net&port=25", "")
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(errorBody(t, rec).Error, "465, 587 and 2525") {
		t.Errorf("port 25 probe: %d %s", rec.Code, rec.Body.String())
	}
}

// TestJSONGzip: a large JSON answer is gzipped when the client accepts it;
// errors and streams stay readable.
func TestJSONGzip(t *testing.T) {
	peer := newPeer(t, 0)
	cfg, _ := liveConfig(peer, true)
	e, _ := newTest(t, cfg)
	rec := do(e, "GET", "/api/v1/check?domain=acme-mail.net", "", "Accept-Encoding", "gzip")
	if rec.Code != 200 || rec.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("%d %q", rec.Code, rec.Header().Get("Content-Encoding"))
	}
	var rep CheckReport
	if err := json.Unmarshal(ungzip(t, rec.Body.Bytes()), &rep); err != nil || rep.Domain != "acme-mail.net" {
		t.Fatalf("gzipped report: %v", err)
	}
	rec = do(e, "GET", "/api/v1/check?domain=exa%0d%0ample.com", "", "Accept-Encoding", "gzip")
	body := rec.Body.Bytes()
	if rec.Header().Get("Content-Encoding") == "gzip" {
		body = ungzip(t, body)
	}
	var eb apiError
	if rec.Code != 400 || json.Unmarshal(body, &eb) != nil || eb.Field != "domain" {
		t.Errorf("error answer: %d %q", rec.Code, body)
	}
	rec = do(e, "GET", "/api/v1/check?domain=acme-mail.net&stream=1", "", "Accept-Encoding", "gzip")
	if rec.Header().Get("Content-Encoding") != "" || !strings.HasPrefix(rec.Body.String(), "event: start") {
		t.Errorf("stream was compressed: %q %.40q", rec.Header().Get("Content-Encoding"), rec.Body.String())
	}
}

func TestEngineRateLimit(t *testing.T) {
	e, _ := newTest(t, Config{Static: testStatic(), EngineRate: 0.01, EngineBurst: 3})
	for i := 0; i < 3; i++ {
		if rec := do(e, "POST", "/api/v1/explain", `{}`); rec.Code != 200 {
			t.Fatalf("request %d: %d", i, rec.Code)
		}
	}
	rec := do(e, "POST", "/api/v1/parse", `{"text":"x"}`)
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" {
		t.Fatalf("fourth request: %d", rec.Code)
	}
	errorBody(t, rec)
	if rec := do(e, "GET", "/api/v1/providers", ""); rec.Code != 200 {
		t.Errorf("providers limited: %d", rec.Code)
	}
}
