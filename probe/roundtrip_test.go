package probe

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"io"
	"net"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// A flight pipe is an in-memory connection that counts round trips without
// a clock. What one end writes is held back until both ends wait in Read
// (or have closed): then everything written so far travels at once, as one
// flight per direction, the way bytes cross a slow path in half a round
// trip. A dialogue that waits for each reply takes one flight per turn; a
// client that pipelines takes fewer; one that waits for something the peer
// will never send leaves both ends waiting with nothing in flight, a stall
// that on a real path only a timer ends. The pipe then plays the timer: the
// earliest read deadline of the two ends expires at once, so a test never
// sleeps. net.Pipe cannot tell these apart: its writes block until read.
//
// Reads return at most one line of one write, so that a peer reading a
// line at a time leaves what the client sent behind it in the pipe, where
// the pipe sees it (early).
type flightPipe struct {
	mu   sync.Mutex
	cond *sync.Cond
	ends [2]*flightEnd // client (the probe), peer (the scripted server)

	flights   [2]int // flights delivered from each end
	trace     []byte // "c" or "s" per flight, in order
	early     int    // the peer wrote a reply while the client's next bytes were already waiting
	stalls    int    // both ends waited with nothing in flight
	timerEnds []int  // the end whose deadline ended each stall
	hangAfter int    // when > 0, the peer hangs after that many flights: it writes nothing more and never closes
	tls13     bool   // the client offered TLS 1.3: the probe's main connection
}

const (
	clientEnd = 0
	peerEnd   = 1
)

type flightEnd struct {
	p                  *flightPipe
	side               int
	pending            [][]byte // written, not yet delivered
	inbox              [][]byte // delivered, not yet read
	waiting            bool     // in Read
	closed             bool
	hung               bool      // the peer hangs (hangAfter): it neither writes nor closes
	rdl                time.Time // read deadline
	rExpired, wExpired bool
}

func newFlightPipe() *flightPipe {
	p := &flightPipe{}
	p.cond = sync.NewCond(&p.mu)
	for i := range p.ends {
		p.ends[i] = &flightEnd{p: p, side: i}
	}
	return p
}

func (e *flightEnd) peer() *flightEnd { return e.p.ends[1-e.side] }

func (e *flightEnd) idle() bool {
	return e.closed || e.hung || (e.waiting && len(e.inbox) == 0 && !e.rExpired)
}

// settle delivers what is in flight once both ends are idle, or ends a
// stall; it reports whether anything changed. Called with mu held.
func (p *flightPipe) settle() bool {
	if !p.ends[0].idle() || !p.ends[1].idle() {
		return false
	}
	changed := false
	for i, e := range p.ends {
		if len(e.pending) == 0 {
			continue
		}
		if peer := e.peer(); !peer.closed {
			peer.inbox = append(peer.inbox, e.pending...)
			p.flights[i]++
			p.trace = append(p.trace, "cs"[i])
		}
		e.pending, changed = nil, true
	}
	if !changed && !p.ends[0].closed && !p.ends[1].closed {
		// Both wait, nothing travels: the earliest deadline ends it.
		p.stalls++
		first := -1
		for i, e := range p.ends {
			if !e.rdl.IsZero() && (first < 0 || e.rdl.Before(p.ends[first].rdl)) {
				first = i
			}
		}
		p.timerEnds = append(p.timerEnds, first)
		for i, e := range p.ends {
			if first < 0 || i == first {
				e.rExpired = true
			}
		}
		changed = true
	}
	if changed {
		p.cond.Broadcast()
	}
	return changed
}

func (e *flightEnd) Read(b []byte) (int, error) {
	p := e.p
	p.mu.Lock()
	defer p.mu.Unlock()
	e.waiting = true
	defer func() { e.waiting = false }()
	for {
		switch {
		case e.closed:
			return 0, net.ErrClosed
		case e.rExpired:
			return 0, os.ErrDeadlineExceeded
		case len(e.inbox) > 0:
			chunk := e.inbox[0]
			if i := bytes.IndexByte(chunk, '\n'); i >= 0 {
				chunk = chunk[:i+1]
			}
			n := copy(b, chunk)
			if e.inbox[0] = e.inbox[0][n:]; len(e.inbox[0]) == 0 {
				e.inbox = e.inbox[1:]
			}
			return n, nil
		case e.peer().closed && len(e.peer().pending) == 0:
			return 0, io.EOF
		}
		if !p.settle() {
			p.cond.Wait()
		}
	}
}

func (e *flightEnd) Write(b []byte) (int, error) {
	p := e.p
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case e.closed:
		return 0, net.ErrClosed
	case e.wExpired:
		return 0, os.ErrDeadlineExceeded
	case e.peer().closed:
		return 0, io.ErrClosedPipe
	}
	if e.side == peerEnd {
		if p.hangAfter > 0 && p.flights[peerEnd] >= p.hangAfter {
			e.hung = true
			return len(b), nil
		}
		if len(e.inbox) > 0 {
			p.early++
		}
	}
	e.pending = append(e.pending, bytes.Clone(b))
	return len(b), nil
}

func (e *flightEnd) Close() error {
	p := e.p
	p.mu.Lock()
	defer p.mu.Unlock()
	if e.hung {
		e.rdl = time.Time{} // gone: no deadline of its own ends a stall
	} else {
		e.closed, e.inbox = true, nil
	}
	p.settle()
	p.cond.Broadcast()
	return nil
}

// Deadlines do not run on the wall clock: one already past expires at
// once (abort, tls.Conn.Close), a future one only when it ends a stall.
func (e *flightEnd) SetDeadline(t time.Time) error {
	e.SetReadDeadline(t)
	return e.SetWriteDeadline(t)
}

func (e *flightEnd) SetReadDeadline(t time.Time) error {
	e.p.mu.Lock()
	defer e.p.mu.Unlock()
	e.rdl, e.rExpired = t, !t.IsZero() && !t.After(time.Now())
	e.p.cond.Broadcast()
	return nil
}

func (e *flightEnd) SetWriteDeadline(t time.Time) error {
	e.p.mu.Lock()
	defer e.p.mu.Unlock()
	e.wExpired = !t.IsZero() && !t.After(time.Now())
	return nil
}

type flightAddr struct{}

func (flightAddr) Network() string { return "flight" }
func (flightAddr) String() string  { return "flight" }

func (e *flightEnd) LocalAddr() net.Addr  { return flightAddr{} }
func (e *flightEnd) RemoteAddr() net.Addr { return flightAddr{} }

var _ net.Conn = (*flightEnd)(nil)

// flightDialer connects every dial to srv over a new flight pipe.
type flightDialer struct {
	srv       *server
	hangAfter int
	mu        sync.Mutex
	pipes     []*flightPipe
}

func (d *flightDialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	p := newFlightPipe()
	p.hangAfter = d.hangAfter
	d.mu.Lock()
	d.pipes = append(d.pipes, p)
	d.mu.Unlock()
	d.srv.wg.Add(1)
	go func() {
		defer d.srv.wg.Done()
		d.srv.serve(p.ends[peerEnd])
	}()
	return p.ends[clientEnd], nil
}

var _ Dialer = (*flightDialer)(nil)

// flightServerTLS marks the pipe whose client offers TLS 1.3: the main
// dialogue, not the TLS 1.0/1.1 checks beside it.
func flightServerTLS(t testing.TB) *tls.Config {
	conf := serverTLS(getPKI(t).leaf(leafOpts{names: []string{"mx.test"}}))
	conf.GetConfigForClient = func(hello *tls.ClientHelloInfo) (*tls.Config, error) {
		if e, ok := hello.Conn.(*flightEnd); ok && slices.Contains(hello.SupportedVersions, tls.VersionTLS13) {
			e.p.mu.Lock()
			e.p.tls13 = true
			e.p.mu.Unlock()
		}
		return nil, nil
	}
	return conf
}

// hugeTimeouts: no timer of the probe may end any step of these tests.
func hugeTimeouts(cfg Config) Config {
	cfg.ConnectTimeout, cfg.GreetingTimeout, cfg.StepTimeout = time.Hour, time.Hour, time.Hour
	cfg.SlowGreeting, cfg.Total = time.Hour, time.Hour
	return cfg
}

// TestRoundTripTurns counts, without a clock, the flights of the probe's
// dialogue (the TLS 1.0/1.1 checks on): each is half a round trip, each
// client flight a time the server had to wait for the client. The minimum,
// with TLS 1.3:
//
//	STARTTLS: s greeting, c EHLO, s 250, c STARTTLS, s 220, c ClientHello,
//	          s ServerHello..Finished, c Finished+EHLO, s 250, c QUIT
//	implicit: c ClientHello, s ServerHello..Finished, c Finished,
//	          s greeting, c EHLO, s 250, c QUIT
//
// The probe must take exactly these: never send a command before the
// previous reply is in (RFC 2920; Exim answers 554), never wait for the 221
// to QUIT by default, never sit on a timer. The AwaitQuitReply rows show
// the count sees one more turn, and a stall when the 221 does not come.
func TestRoundTripTurns(t *testing.T) {
	checkGoroutines(t)
	defer func(g time.Duration) { oldTLSGrace = g }(oldTLSGrace)
	oldTLSGrace = time.Hour
	for _, tc := range []struct {
		name      string
		mode      Mode
		awaitQuit bool
		hangAfter int
		trace     string // the main connection's flights
		// client flights of each TLS 1.0/1.1 check: up to its ClientHello
		oldClient int
		stalls    int
	}{
		{name: "starttls", mode: ModeStartTLS, trace: "scscscscsc", oldClient: 3},
		{name: "implicit", mode: ModeImplicit, trace: "cscscsc", oldClient: 1},
		{name: "starttls-await-quit", mode: ModeStartTLS, awaitQuit: true, trace: "scscscscscs", oldClient: 3},
		{name: "implicit-await-quit", mode: ModeImplicit, awaitQuit: true, trace: "cscscscs", oldClient: 1},
		// The server hangs instead of answering QUIT: the probe's quit
		// deadline ends the stall; its close_notify then travels alone.
		{name: "starttls-await-quit-hung-server", mode: ModeStartTLS, awaitQuit: true, hangAfter: 5, trace: "scscscscscc", oldClient: 3, stalls: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := &server{implicit: tc.mode == ModeImplicit, lax: true, tls: flightServerTLS(t)}
			d := &flightDialer{srv: srv, hangAfter: tc.hangAfter}
			cfg := hugeTimeouts(testConfig(d))
			cfg.SkipOldTLSCheck = false
			cfg.AwaitQuitReply = tc.awaitQuit
			res, err := Run(context.Background(), cfg, Target{Host: "mx.test", Port: 587, Mode: tc.mode, Addrs: loopback})
			srv.wg.Wait()
			if err != nil {
				t.Fatal(err)
			}
			a := res.Addresses[0]
			if a.Outcome != OutcomeOK || a.TLS == nil || a.TLS.Version != "TLS 1.3" || !a.TLS.OldTLSChecked || len(a.TLS.OldTLSAccepted) != 0 {
				t.Fatalf("%+v", a)
			}
			if len(d.pipes) != 3 {
				t.Fatalf("%d connections, want the main one and two TLS 1.0/1.1 checks", len(d.pipes))
			}
			// Run has returned and the server is done: the pipes are still.
			mains := 0
			for _, p := range d.pipes {
				kind := "TLS 1.0/1.1 check"
				if p.tls13 {
					kind = "main dialogue"
				}
				t.Logf("%s: flights %s (client %d, server %d), early %d, stalls %d", kind, p.trace, p.flights[clientEnd], p.flights[peerEnd], p.early, p.stalls)
				if p.early != 0 {
					t.Errorf("the probe sent %d times before the server's reply was written: it must wait for every reply (RFC 2920)", p.early)
				}
				if !p.tls13 {
					if p.flights[clientEnd] != tc.oldClient || p.stalls != 0 {
						t.Errorf("TLS 1.0/1.1 check: %d client flights, %d stalls; want %d, 0", p.flights[clientEnd], p.stalls, tc.oldClient)
					}
					continue
				}
				mains++
				if got := string(p.trace); got != tc.trace {
					t.Errorf("flights %s (%d turns), want %s (%d): the probe adds or saves a turn", got, len(got), tc.trace, len(tc.trace))
				}
				if p.stalls != tc.stalls {
					t.Errorf("%d stalls, want %d: the probe waited for what does not come, until a timer", p.stalls, tc.stalls)
				}
				for _, end := range p.timerEnds {
					if end != clientEnd {
						t.Errorf("a stall ended by the server's deadline, not the probe's: %v", p.timerEnds)
					}
				}
			}
			if mains != 1 {
				t.Fatalf("%d connections offered TLS 1.3, want 1", mains)
			}

			// The transcript ends where the dialogue does: QUIT by default.
			last := a.Transcript[len(a.Transcript)-1]
			quit := a.Steps[len(a.Steps)-1]
			switch {
			case !tc.awaitQuit:
				if last.Dir != "c" || last.Text != "QUIT" || quit.Name != "quit" || !quit.OK {
					t.Errorf("last line %+v, last step %+v: want QUIT sent and its 221 not awaited", last, quit)
				}
			case tc.hangAfter == 0:
				if last.Dir != "s" || last.Text != "221 2.0.0 Bye" {
					t.Errorf("last line %+v: want the 221", last)
				}
			default:
				if quit.Name != "quit" || quit.OK {
					t.Errorf("last step %+v: want the quit step to time out", quit)
				}
			}
		})
	}
}

// TestFlightPipeSeesPipelining checks the counter of TestRoundTripTurns on a
// client that sends EHLO and STARTTLS without waiting, in two writes or in
// one: the server answers EHLO with STARTTLS already waiting, and the
// client takes one flight where two are needed.
func TestFlightPipeSeesPipelining(t *testing.T) {
	checkGoroutines(t)
	for _, writes := range [][]string{
		{"EHLO probe.test\r\n", "STARTTLS\r\n"},
		{"EHLO probe.test\r\nSTARTTLS\r\n"},
		{"EHLO probe.test\r\n"}, // the control: waits for the reply
	} {
		srv := &server{lax: true, tls: flightServerTLS(t)}
		d := &flightDialer{srv: srv}
		c, _ := d.DialContext(context.Background(), "tcp", "mx.test:587")
		br := bufio.NewReader(c)
		if r, err := ReadReply(br, Limits{}); err != nil || r.Code != 220 {
			t.Fatalf("greeting %+v %v", r, err)
		}
		for _, w := range writes {
			c.Write([]byte(w))
		}
		if r, err := ReadReply(br, Limits{}); err != nil || r.Code != 250 {
			t.Fatalf("EHLO reply %+v %v", r, err)
		}
		if len(writes) == 1 && !strings.Contains(writes[0], "STARTTLS") {
			c.Write([]byte("STARTTLS\r\n"))
		}
		if r, err := ReadReply(br, Limits{}); err != nil || r.Code != 220 {
			t.Fatalf("STARTTLS reply %+v %v", r, err)
		}
		c.Close()
		srv.wg.Wait()
		p := d.pipes[0]
		pipelined := len(writes) == 2 || strings.Contains(writes[0], "STARTTLS")
		wantEarly, wantTrace := 0, "scscs"
		if pipelined {
			wantEarly, wantTrace = 1, "scs"
		}
		if p.early != wantEarly || string(p.trace) != wantTrace || p.stalls != 0 {
			t.Errorf("%q: early %d, flights %s, stalls %d; want %d, %s, 0", writes, p.early, p.trace, p.stalls, wantEarly, wantTrace)
		}
	}
}
