package api

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/whichport/whichport/lookup"
	"github.com/whichport/whichport/lookup/lookuptest"
	"github.com/whichport/whichport/probe"
)

// manualTimer is the admission clock of a test: its timers fire only
// when the test says so.
type manualTimer struct {
	mu    sync.Mutex
	chans []chan time.Time
}

func (m *manualTimer) timer(time.Duration) (<-chan time.Time, func()) {
	m.mu.Lock()
	defer m.mu.Unlock()
	ch := make(chan time.Time)
	m.chans = append(m.chans, ch)
	return ch, func() {}
}

// fire expires every timer handed out so far.
func (m *manualTimer) fire() {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, ch := range m.chans {
		close(ch)
	}
	m.chans = nil
}

// routeDialer sends each target IP to its own loopback peer, counts the
// connections per IP, and can cut them all.
type routeDialer struct {
	to    map[string]string // target IP -> peer address
	mu    sync.Mutex
	dials map[string]int
	conns []net.Conn
}

func (d *routeDialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return nil, err
	}
	ip := ap.Addr().String()
	var nd net.Dialer
	c, err := nd.DialContext(ctx, network, d.to[ip])
	if err != nil {
		return nil, err
	}
	d.mu.Lock()
	d.dials[ip]++
	d.conns = append(d.conns, c)
	d.mu.Unlock()
	return &redirectedConn{Conn: c, remote: net.TCPAddrFromAddrPort(ap)}, nil
}

func (d *routeDialer) count(ip string) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.dials[ip]
}

func (d *routeDialer) cut() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, c := range d.conns {
		c.Close()
	}
}

// floodServer is a server whose probes of 127.0.0.66 reach a silent peer
// and of 127.0.0.77 a healthy one, with 4 probes per target, 8 in all and
// a manual admission clock.
func floodServer(t *testing.T) (*server, http.Handler, *routeDialer, *manualTimer) {
	t.Helper()
	silent := newPeer(t, 0, func(p *smtpPeer) { p.silent = true })
	healthy := newPeer(t, 0)
	cfg, _ := liveConfig(healthy, true)
	d := &routeDialer{to: map[string]string{"127.0.0.66": silent.ln.Addr().String(), "127.0.0.77": healthy.ln.Addr().String()},
		dials: map[string]int{}}
	t.Cleanup(d.cut) // before the peers' clean-ups wait for their connections
	cfg.Dialer = d
	cfg.MaxPerTarget, cfg.MaxConcurrent = 4, 8
	cfg.GreetingTimeout = 30 * time.Second
	cfg.CheckBudget = 40 * time.Second
	s, e, err := build(cfg)
	if err != nil {
		t.Fatal(err)
	}
	clock := &manualTimer{}
	s.timer = clock.timer
	return s, e, d, clock
}

// TestAdmissionFlood: 40 probes of one silent host. Four run, four wait
// for the host's slots, and the other 32 are answered 503 with
// Retry-After at once, without a connection; a probe of a healthy host
// meanwhile runs at once (the silent host's probes hold no server-wide
// slot while they wait). When the wait expires the four waiting are
// answered 503 too.
func TestAdmissionFlood(t *testing.T) {
	s, e, d, clock := floodServer(t)
	const n = 40
	recs := make(chan *httptest.ResponseRecorder, n)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			recs <- do(e, "GET", "/api/v1/probe?host=127.0.0.66&port=25&mode=starttls", "")
		}()
	}
	var busy []*httptest.ResponseRecorder
	collect := func(want int) func() bool {
		return func() bool {
			for {
				select {
				case r := <-recs:
					busy = append(busy, r)
				default:
					return len(busy) >= want
				}
			}
		}
	}
	waitFor(t, "32 probes answered at once", collect(n-8))
	s.targets.mu.Lock()
	queued := s.targets.n["127.0.0.66"]
	s.targets.mu.Unlock()
	if queued != 8 || len(s.global) != 4 {
		t.Errorf("%d probes holding or waiting for the silent host, %d server-wide slots taken; want 8 and 4", queued, len(s.global))
	}
	for _, r := range busy {
		if r.Code != http.StatusServiceUnavailable {
			t.Fatalf("a shed probe got %d: %s", r.Code, r.Body.String())
		}
		if ra, err := strconv.Atoi(r.Header().Get("Retry-After")); err != nil || ra < 1 {
			t.Errorf("503 with Retry-After %q", r.Header().Get("Retry-After"))
		}
		if msg := errorBody(t, r).Error; strings.Contains(msg, "timed out") || strings.Contains(msg, "filtered") {
			t.Errorf("a busy server is reported as the network's fault: %q", msg)
		}
	}

	// The healthy host's probe does not wait behind the flood.
	healthy := make(chan *httptest.ResponseRecorder, 1)
	go func() { healthy <- do(e, "GET", "/api/v1/probe?host=127.0.0.77&port=25&mode=starttls", "") }()
	var h *httptest.ResponseRecorder
	waitFor(t, "the healthy host's probe during the flood", func() bool {
		select {
		case h = <-healthy:
			return true
		default:
			return false
		}
	})
	var p ProbeEntry
	if h.Code != 200 || json.Unmarshal(h.Body.Bytes(), &p) != nil || p.Result == nil || p.Result.Greeting == nil || p.Result.Greeting.Code != 220 {
		t.Errorf("healthy probe during the flood: %d %s", h.Code, h.Body.String())
	}

	clock.fire()
	waitFor(t, "the four waiting probes answered when their wait expires", collect(n-4))
	for _, r := range busy[n-8:] {
		if r.Code != http.StatusServiceUnavailable {
			t.Errorf("a probe that waited its turn in vain got %d: %s", r.Code, r.Body.String())
		}
	}
	if got := d.count("127.0.0.66"); got > 4*3 {
		t.Errorf("%d connections to the silent host; only the four admitted probes may connect", got)
	}
	d.cut() // the silent host's four running probes end
	wg.Wait()
}

// TestQueueWaitIsNotFiltered: six probes of a server that greets after
// 300 ms, four at a time, with a connect timeout of 100 ms. The two that
// wait for a slot wait before their probe starts, so none is reported as
// a timeout ("port filtered").
func TestQueueWaitIsNotFiltered(t *testing.T) {
	peer := newPeer(t, 300*time.Millisecond)
	cfg, _ := liveConfig(peer, true)
	cfg.MaxPerTarget = 4
	cfg.ConnectTimeout = 100 * time.Millisecond
	cfg.AdmitWait = 20 * time.Second
	e, _ := newTest(t, cfg)
	const n = 6
	recs := make([]*httptest.ResponseRecorder, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			recs[i] = do(e, "GET", "/api/v1/probe?host=127.0.0.11&port=25&mode=starttls", "")
		}()
	}
	wg.Wait()
	for i, r := range recs {
		var p ProbeEntry
		if r.Code != 200 || json.Unmarshal(r.Body.Bytes(), &p) != nil || p.Result == nil {
			t.Fatalf("probe %d: %d %s", i, r.Code, r.Body.String())
		}
		for _, a := range p.Result.Addresses {
			if a.Outcome == probe.OutcomeTimeout {
				t.Errorf("probe %d: outcome %q after waiting in our own queue", i, a.Outcome)
			}
		}
		for _, f := range p.Result.Findings {
			if f.ID == "probe-filtered" {
				t.Errorf("probe %d: %q", i, f.Title)
			}
		}
		if p.Result.Greeting == nil || p.Result.Greeting.Code != 220 {
			t.Errorf("probe %d: no greeting: %s", i, r.Body.String())
		}
	}
}

// TestCheckProbesQueue: the five probes of a check whose MX hosts and
// submission host share one address queue for it (two at a time here)
// instead of being refused after AdmitWait, and all of them run.
func TestCheckProbesQueue(t *testing.T) {
	peer := newPeer(t, 50*time.Millisecond)
	cfg, _ := liveConfig(peer, true)
	r := lookuptest.New(
		"same-acme.net. MX 10 a.same-acme.net.",
		"same-acme.net. MX 20 b.same-acme.net.",
		"a.same-acme.net. A 127.0.0.30",
		"b.same-acme.net. A 127.0.0.30",
		"_submission._tcp.same-acme.net. SRV 0 1 587 smtp.same-acme.net.",
		"smtp.same-acme.net. A 127.0.0.30",
	)
	cfg.Lookup, cfg.Resolver = &lookup.Client{Resolver: r, HTTP: lookuptest.Web{}}, nil
	cfg.MaxPerTarget = 2
	cfg.AdmitWait = time.Nanosecond
	running := &concurrency{}
	cfg.Probe = running.wrap(probe.Run)
	e, _ := newTest(t, cfg)
	rec := do(e, "GET", "/api/v1/check?domain=same-acme.net", "")
	var rep CheckReport
	if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &rep) != nil {
		t.Fatalf("%d %s", rec.Code, rec.Body.String())
	}
	if len(rep.Probes) != 5 {
		t.Errorf("%d probes, want 5", len(rep.Probes))
	}
	for _, p := range rep.Probes {
		if p.Error != "" || p.Result == nil || len(p.Result.Addresses) == 0 {
			t.Errorf("%s: error %q", p.ID, p.Error)
		}
	}
	if m := running.max(); m != 2 {
		t.Errorf("at most %d probes of 127.0.0.30 at once, want 2", m)
	}
}
