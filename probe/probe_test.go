package probe

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/whichport/whichport/rules"
)

var update = flag.Bool("update", false, "rewrite the golden transcripts in testdata/")

// golden compares the transcript (timestamps stripped) and what the client
// wrote, byte for byte, with testdata/<name>.golden.
func golden(t *testing.T, name string, res Result, written string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("# transcript (ms stripped)\n")
	for _, l := range res.Transcript {
		text := l.Text
		if res.TLS != nil && res.TLS.Cipher != "" {
			text = strings.ReplaceAll(text, res.TLS.Cipher, "<cipher>")
		}
		b.WriteString(l.Dir + ": " + text + "\n")
	}
	b.WriteString("# bytes the client wrote\n")
	b.WriteString(strings.ReplaceAll(written, "\r\n", "\\r\\n\n"))
	got := b.String()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\n--- got\n%s--- want\n%s", path, got, want)
	}
	// The client lines of the transcript are exactly what went on the wire.
	var c strings.Builder
	for _, l := range res.Transcript {
		if l.Dir == "c" {
			c.WriteString(l.Text + "\r\n")
		}
	}
	if c.String() != written {
		t.Errorf("transcript client lines %q != bytes written %q", c.String(), written)
	}
}

func stepNames(steps []Step) []string {
	var out []string
	for _, s := range steps {
		out = append(out, s.Name)
	}
	return out
}

func findingIDs(res Result) []string {
	var out []string
	for _, f := range res.Findings {
		out = append(out, f.ID)
	}
	return out
}

func wantFinding(t *testing.T, res Result, id string) {
	t.Helper()
	if !slices.Contains(findingIDs(res), id) {
		t.Errorf("finding %q missing; have %v", id, findingIDs(res))
	}
}

func TestStartTLSOK(t *testing.T) {
	checkGoroutines(t)
	srv := &server{}
	var mu sync.Mutex
	var streamed []string
	cfg := testConfig(&pipeDialer{srv: srv, pipe: true})
	cfg.OnStep = func(tg Target, ip string, s Step) {
		mu.Lock()
		defer mu.Unlock()
		streamed = append(streamed, s.Name)
	}
	res := run(t, srv, cfg, ModeStartTLS, 587)
	a := res.Addresses[0]
	if a.Outcome != OutcomeOK || a.Error != "" {
		t.Fatalf("outcome %q %q", a.Outcome, a.Error)
	}
	want := []string{"connect", "greeting", "ehlo", "starttls", "tls", "ehlo-after-tls", "quit"}
	if got := stepNames(res.Steps); !slices.Equal(got, want) {
		t.Errorf("steps %v, want %v", got, want)
	}
	if !slices.Equal(streamed, want) {
		t.Errorf("OnStep saw %v", streamed)
	}
	for _, s := range res.Steps {
		if !s.OK {
			t.Errorf("step %+v not ok", s)
		}
	}
	if res.Greeting.Code != 220 || res.Greeting.Lines[0] != "mx.test ESMTP" {
		t.Errorf("greeting %+v", res.Greeting)
	}
	if b := res.EHLO.Before; !b.StartTLS || len(b.Auth) != 0 || b.Size != 10240000 || !b.Pipelining || !b.Enhanced || !b.EightBit {
		t.Errorf("before %+v", b)
	}
	if a := res.EHLO.After; a.StartTLS || !slices.Equal(a.Auth, []string{"PLAIN", "LOGIN"}) || !a.SMTPUTF8 || !a.Chunking || !a.DSN || len(a.Reply.Lines) != 9 {
		t.Errorf("after %+v", a)
	}
	if res.TLS.Version != "TLS 1.3" || !res.TLS.Verified || !res.TLS.HostnameMatch || !res.TLS.ChainVerified || res.TLS.VerifyError != "" {
		t.Errorf("tls %+v", res.TLS)
	}
	if len(res.TLS.Chain) != 1 || res.TLS.Chain[0].KeyType != "ECDSA" || res.TLS.Chain[0].KeyBits != 256 || res.TLS.Chain[0].SANs[0] != "mx.test" || len(res.TLS.Chain[0].SHA256) != 64 {
		t.Errorf("chain %+v", res.TLS.Chain)
	}
	if !res.StartTLS.Offered || res.StartTLS.Reply.Code != 220 {
		t.Errorf("starttls %+v", res.StartTLS)
	}
	wantFinding(t, res, "probe-works")
	if res.Findings[0].Title != "mx.test:587 answered with STARTTLS and TLS 1.3: use it" {
		t.Errorf("title %q", res.Findings[0].Title)
	}
	golden(t, "starttls_ok", res, srv.written())
}

func TestImplicitOK(t *testing.T) {
	checkGoroutines(t)
	srv := &server{implicit: true, greeting: []string{"220-mx.test ESMTP", "220 second line"}}
	res := run(t, srv, testConfig(&pipeDialer{srv: srv, pipe: true}), ModeImplicit, 465)
	if a := res.Addresses[0]; a.Outcome != OutcomeOK {
		t.Fatalf("outcome %q %q", a.Outcome, a.Error)
	}
	want := []string{"connect", "tls", "greeting", "ehlo", "quit"}
	if got := stepNames(res.Steps); !slices.Equal(got, want) {
		t.Errorf("steps %v", got)
	}
	if len(res.Greeting.Lines) != 2 || res.EHLO.Before != nil || res.EHLO.After == nil || res.StartTLS != nil {
		t.Errorf("greeting %+v ehlo %+v", res.Greeting, res.EHLO)
	}
	wantFinding(t, res, "probe-works")
	golden(t, "implicit_ok", res, srv.written())
}

func TestAutoMode(t *testing.T) {
	checkGoroutines(t)
	// 465 under auto is implicit TLS first.
	res := run(t, &server{implicit: true}, testConfig(nil), ModeAuto, 465)
	if a := res.Addresses[0]; a.Outcome != OutcomeOK || a.Mode != ModeImplicit || a.OtherMode {
		t.Errorf("465 auto: %+v", a)
	}
	// 587 under auto is STARTTLS first.
	res = run(t, &server{}, testConfig(nil), ModeAuto, 587)
	if a := res.Addresses[0]; a.Outcome != OutcomeOK || a.Mode != ModeStartTLS {
		t.Errorf("587 auto: %+v", a)
	}
}

func TestGreeting421(t *testing.T) {
	checkGoroutines(t)
	srv := &server{greeting: []string{"421 4.7.0 mx.test Too many connections, try again later"}}
	res := run(t, srv, testConfig(nil), ModeStartTLS, 587)
	a := res.Addresses[0]
	if a.Outcome != OutcomeRejected || res.Greeting.Code != 421 || res.Greeting.Enhanced != "4.7.0" {
		t.Fatalf("%+v", a)
	}
	if !strings.Contains(a.Error, "Too many connections") {
		t.Errorf("error %q", a.Error)
	}
	wantFinding(t, res, "probe-greeting-421")
	if srv.written() != "" {
		t.Errorf("the client spoke after a 421: %q", srv.written())
	}
	if slices.Contains(findingIDs(res), "probe-no-starttls") {
		t.Error("a 421 is not a missing STARTTLS")
	}
}

func TestGreeting554(t *testing.T) {
	checkGoroutines(t)
	srv := &server{greeting: []string{"554 5.7.1 no service for you"}}
	res := run(t, srv, testConfig(nil), ModeStartTLS, 25)
	if a := res.Addresses[0]; a.Outcome != OutcomeRejected {
		t.Fatalf("%+v", a)
	}
	wantFinding(t, res, "probe-greeting-554")
	if got := srv.written(); got != "QUIT\r\n" {
		t.Errorf("wrote %q, want QUIT", got)
	}
}

func TestStartTLS454(t *testing.T) {
	checkGoroutines(t)
	srv := &server{starttls: "454 4.7.0 TLS not available due to local problem"}
	res := run(t, srv, testConfig(nil), ModeStartTLS, 587)
	if a := res.Addresses[0]; a.Outcome != OutcomeStartTLSFailed || a.TLS != nil {
		t.Fatalf("%+v", a)
	}
	wantFinding(t, res, "probe-starttls-454")
	golden(t, "starttls_454", res, srv.written())
}

func TestNoStartTLS(t *testing.T) {
	checkGoroutines(t)
	srv := &server{ehlo: []string{"250-mx.test", "250-AUTH PLAIN LOGIN", "250 8BITMIME"}}
	res := run(t, srv, testConfig(nil), ModeStartTLS, 587)
	if a := res.Addresses[0]; a.Outcome != OutcomeNoStartTLS || res.StartTLS.Offered {
		t.Fatalf("%+v", a)
	}
	wantFinding(t, res, "probe-no-starttls")
	wantFinding(t, res, "probe-auth-before-tls")
	if res.Findings[0].Title != "STARTTLS not offered on mx.test:587" {
		t.Errorf("title %q", res.Findings[0].Title)
	}
	if got := srv.written(); got != "EHLO probe.test\r\nQUIT\r\n" {
		t.Errorf("wrote %q: never STARTTLS when not offered", got)
	}
}

func TestHELOFallback(t *testing.T) {
	checkGoroutines(t)
	srv := &server{ehloCode: "502"}
	res := run(t, srv, testConfig(nil), ModeStartTLS, 25)
	if a := res.Addresses[0]; a.Outcome != OutcomeNoStartTLS {
		t.Fatalf("%+v", a)
	}
	wantFinding(t, res, "probe-helo-only")
	golden(t, "helo_fallback", res, srv.written())
}

func TestNeverPipelines(t *testing.T) {
	checkGoroutines(t)
	// Every scripted server answers 554 to a client that talks before its
	// reply; this one also greets late, so an impatient client would show.
	srv := &server{greetDelay: 50 * time.Millisecond}
	res := run(t, srv, testConfig(nil), ModeStartTLS, 587)
	if a := res.Addresses[0]; a.Outcome != OutcomeOK {
		t.Fatalf("%+v", a)
	}
	// And a server that does answer 554 is reported as refusing us.
	srv = &server{greeting: []string{"554 5.5.1 SMTP synchronization error"}}
	res = run(t, srv, testConfig(nil), ModeStartTLS, 587)
	if a := res.Addresses[0]; a.Outcome != OutcomeRejected {
		t.Fatalf("%+v", a)
	}
}

func TestSilentServer(t *testing.T) {
	checkGoroutines(t)
	cfg := testConfig(nil)
	cfg.GreetingTimeout = 300 * time.Millisecond
	cfg.SlowGreeting = 100 * time.Millisecond // the TLS side check runs too, and finds nothing
	start := time.Now()
	res := run(t, &server{silent: true}, cfg, ModeStartTLS, 587)
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
	if a := res.Addresses[0]; a.Outcome != OutcomeNoGreeting {
		t.Fatalf("%+v", a)
	}
	wantFinding(t, res, "probe-no-greeting")
}

func TestSlowGreeting(t *testing.T) {
	checkGoroutines(t)
	cfg := testConfig(nil)
	cfg.SlowGreeting = 100 * time.Millisecond
	res := run(t, &server{greetDelay: 250 * time.Millisecond, lax: true}, cfg, ModeStartTLS, 587)
	a := res.Addresses[0]
	if a.Outcome != OutcomeOK || !a.GreetingSlow || a.GreetingMS < 200 {
		t.Fatalf("%+v", a)
	}
	wantFinding(t, res, "probe-greeting-slow")
	wantFinding(t, res, "probe-works")
}

// TestPostscreenPause: a "220-" then a pause is a plaintext server taking its
// time; the probe waits without talking, and tries no TLS on the side.
func TestPostscreenPause(t *testing.T) {
	checkGoroutines(t)
	cfg := testConfig(nil)
	cfg.SlowGreeting = 100 * time.Millisecond
	srv := &server{partial: "220-mx.test ESMTP (pausing)", greetDelay: 300 * time.Millisecond}
	d := &pipeDialer{srv: srv}
	cfg.Dialer = d
	res := run(t, srv, cfg, ModeStartTLS, 25)
	a := res.Addresses[0]
	if a.Outcome != OutcomeOK || !a.GreetingSlow || len(a.Greeting.Lines) != 2 || d.dials != 1 {
		t.Fatalf("dials %d: %+v", d.dials, a)
	}
	wantFinding(t, res, "probe-greeting-slow")
}

func TestSlowDrip(t *testing.T) {
	checkGoroutines(t)
	cfg := testConfig(nil)
	cfg.GreetingTimeout = 300 * time.Millisecond
	start := time.Now()
	srv := &server{drip: 20 * time.Millisecond, greeting: []string{"220 " + strings.Repeat("x", 200)}}
	res := run(t, srv, cfg, ModeStartTLS, 587)
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("a byte-at-a-time server held the probe %v", d)
	}
	if a := res.Addresses[0]; a.Outcome != OutcomeNoGreeting {
		t.Fatalf("%+v", a)
	}
}

func TestEndlessReply(t *testing.T) {
	checkGoroutines(t)
	res := run(t, &server{endless: true, lax: true}, testConfig(nil), ModeStartTLS, 587)
	a := res.Addresses[0]
	if a.Outcome != OutcomeError || !strings.Contains(a.Error, ErrTooManyLines.Error()) {
		t.Fatalf("%+v", a)
	}
}

func TestHugeLine(t *testing.T) {
	checkGoroutines(t)
	res := run(t, &server{hugeLine: 1 << 20, lax: true}, testConfig(nil), ModeStartTLS, 587)
	a := res.Addresses[0]
	if a.Outcome != OutcomeError || !strings.Contains(a.Error, ErrLineTooLong.Error()) {
		t.Fatalf("%+v", a)
	}
}

func TestByteBudget(t *testing.T) {
	checkGoroutines(t)
	cfg := testConfig(nil)
	cfg.MaxBytes = 300
	cfg.Limits.MaxLines = 1000
	res := run(t, &server{endless: true, lax: true}, cfg, ModeStartTLS, 587)
	a := res.Addresses[0]
	if a.Outcome != OutcomeError || !strings.Contains(a.Error, ErrTooMuchData.Error()) {
		t.Fatalf("%+v", a)
	}
}

func TestTLSOnStartTLSPort(t *testing.T) {
	checkGoroutines(t)
	cfg := testConfig(nil)
	cfg.SlowGreeting = 100 * time.Millisecond
	start := time.Now()
	// STARTTLS asked, but the port waits for a ClientHello (implicit TLS).
	res := run(t, &server{implicit: true}, cfg, ModeStartTLS, 465)
	if d := time.Since(start); d > time.Second {
		t.Errorf("detection took %v", d)
	}
	a := res.Addresses[0]
	if a.Outcome != OutcomeOtherMode || !a.OtherMode || !strings.Contains(a.OtherModeDetail, "implicit TLS") {
		t.Fatalf("%+v", a)
	}
	wantFinding(t, res, "probe-port-speaks-tls")

	// Under auto on a port that should be STARTTLS, the probe goes on in implicit TLS.
	res = run(t, &server{implicit: true}, cfg, ModeAuto, 587)
	a = res.Addresses[0]
	if a.Outcome != OutcomeOK || !a.OtherMode || a.Mode != ModeImplicit || res.TLS == nil {
		t.Fatalf("auto: %+v", a)
	}
	wantFinding(t, res, "probe-port-speaks-tls")
	wantFinding(t, res, "probe-works-other-mode")
}

func TestTLSRecordInsteadOfGreeting(t *testing.T) {
	checkGoroutines(t)
	// A TLS alert (handshake failure) where a greeting was expected.
	res := run(t, &server{raw: "\x15\x03\x01\x00\x02\x02\x28\n"}, testConfig(nil), ModeStartTLS, 587)
	if a := res.Addresses[0]; a.Outcome != OutcomeOtherMode {
		t.Fatalf("%+v", a)
	}
	if l := res.Transcript[1]; l.Dir != "s" || l.Text != `\x15\x03\x01\x00\x02\x02(` {
		t.Errorf("transcript shows %+v", l)
	}
	// Plain garbage is an error, not the other mode.
	res = run(t, &server{raw: "HTTP/1.1 400 Bad Request\r\n"}, testConfig(nil), ModeStartTLS, 587)
	if a := res.Addresses[0]; a.Outcome != OutcomeError || !strings.Contains(a.Error, "not an SMTP greeting") {
		t.Fatalf("%+v", a)
	}
}

func TestPlaintextOnImplicitPort(t *testing.T) {
	checkGoroutines(t)
	srv := &server{lax: true, greeting: []string{"220 mx.test ESMTP Postfix"}}
	res := run(t, srv, testConfig(nil), ModeImplicit, 465)
	a := res.Addresses[0]
	if a.Outcome != OutcomeOtherMode || !strings.Contains(a.OtherModeDetail, "220 mx.test ESMTP Postfix") || a.Greeting == nil || a.Greeting.Code != 220 {
		t.Fatalf("%+v", a)
	}
	wantFinding(t, res, "probe-port-speaks-plaintext")
	if res.Findings[0].Title != "mx.test:465 speaks plaintext here (STARTTLS), not implicit TLS" {
		t.Errorf("title %q", res.Findings[0].Title)
	}
	// Exim with a greet-pause answers an early ClientHello with 554: still
	// the other mode, not a refusal of the client.
	res = run(t, &server{greeting: []string{"554 SMTP synchronization error"}, greetDelay: 50 * time.Millisecond}, testConfig(nil), ModeImplicit, 465)
	if a := res.Addresses[0]; a.Outcome != OutcomeOtherMode || slices.Contains(findingIDs(res), "probe-greeting-554") {
		t.Fatalf("554 to a ClientHello: %+v %v", a, findingIDs(res))
	}
	// Under auto, the probe goes on with STARTTLS on a new connection.
	res = run(t, &server{lax: true}, testConfig(nil), ModeAuto, 465)
	a = res.Addresses[0]
	if a.Outcome != OutcomeOK || !a.OtherMode || a.Mode != ModeStartTLS {
		t.Fatalf("auto: %+v", a)
	}
	wantFinding(t, res, "probe-port-speaks-plaintext")
}

func TestGarbageInsteadOfTLS(t *testing.T) {
	checkGoroutines(t)
	res := run(t, &server{afterTLS: "this is not TLS at all\r\n"}, testConfig(nil), ModeStartTLS, 587)
	a := res.Addresses[0]
	if a.Outcome != OutcomeTLSFailed || !errorsContains(a.Error, "not look like a TLS") {
		t.Fatalf("%+v", a)
	}
	wantFinding(t, res, "probe-tls-failed")
	// And on an implicit port.
	res = run(t, &server{raw: "\x00\x01garbage garbage garbage\r\n"}, testConfig(nil), ModeImplicit, 465)
	if a := res.Addresses[0]; a.Outcome != OutcomeTLSFailed || a.OtherMode {
		t.Fatalf("%+v", a)
	}
}

func errorsContains(s, sub string) bool { return strings.Contains(s, sub) }

func TestConnectFailures(t *testing.T) {
	checkGoroutines(t)
	for _, tc := range []struct {
		err     error
		outcome string
		finding string
	}{
		{syscall.ECONNREFUSED, OutcomeRefused, "probe-refused"},
		{syscall.ECONNRESET, OutcomeReset, "probe-reset"},
		{syscall.EHOSTUNREACH, OutcomeUnreachable, "probe-unreachable"},
		{errBlackhole, OutcomeTimeout, "probe-filtered"},
	} {
		d := &pipeDialer{srv: &server{}, fail: map[string]error{"192.0.2.1": tc.err}}
		cfg := testConfig(d)
		cfg.ConnectTimeout = 100 * time.Millisecond
		cfg.SkipOldTLSCheck = false
		res := run(t, &server{}, cfg, ModeStartTLS, 25)
		if a := res.Addresses[0]; a.Outcome != tc.outcome {
			t.Errorf("%v: outcome %q %q", tc.err, a.Outcome, a.Error)
		}
		wantFinding(t, res, tc.finding)
	}
}

func TestEveryAddress(t *testing.T) {
	checkGoroutines(t)
	srv := &server{}
	srv.tls = serverTLS(getPKI(t).leaf(leafOpts{names: []string{"mx.test"}}))
	d := &pipeDialer{srv: srv, fail: map[string]error{"2001:db8::1": syscall.ECONNREFUSED}}
	cfg := testConfig(d)
	cfg.Resolver = mapResolver{"mx.test": {netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("2001:db8::1")}}
	res, err := Run(context.Background(), cfg, Target{Host: "mx.test", Port: 587, Mode: ModeStartTLS})
	if err != nil {
		t.Fatal(err)
	}
	srv.wg.Wait()
	if len(res.Addresses) != 2 || res.Addresses[0].Outcome != OutcomeOK || res.Addresses[1].Outcome != OutcomeRefused || res.Addresses[1].IP != "2001:db8::1" {
		t.Fatalf("%+v", res.Addresses)
	}
	if res.Steps[0].Name != "resolve" || !res.Steps[0].OK || res.TLS == nil {
		t.Errorf("steps %+v", res.Steps)
	}
	wantFinding(t, res, "probe-works")
	wantFinding(t, res, "probe-refused")

	// A name that does not resolve is an error, with a result.
	res, err = Run(context.Background(), cfg, Target{Host: "nx.test", Port: 587})
	if !errors.Is(err, ErrNoAddresses) || len(res.Steps) != 1 || res.Steps[0].OK {
		t.Errorf("nx: %v %+v", err, res.Steps)
	}
	wantFinding(t, res, "probe-unresolved")

	// At most MaxAddresses are probed.
	cfg.MaxAddresses = 1
	res, err = Run(context.Background(), cfg, Target{Host: "mx.test", Port: 587, Mode: ModeStartTLS})
	srv.wg.Wait()
	if err != nil || len(res.Addresses) != 1 || res.SkippedAddresses != 1 {
		t.Errorf("max addresses: %v %d %d", err, len(res.Addresses), res.SkippedAddresses)
	}
}

func TestBadInput(t *testing.T) {
	for _, name := range []string{"", "a b", "x\r\nMAIL FROM:<a@b>", "x\n", "é"} {
		if ValidEHLOName(name) == nil {
			t.Errorf("EHLO name %q accepted", name)
		}
		cfg := testConfig(&pipeDialer{srv: &server{}})
		cfg.EHLOName = name
		if name == "" {
			continue // the default
		}
		if _, err := Run(context.Background(), cfg, Target{Host: "mx.test", Port: 25, Addrs: loopback}); !errors.Is(err, ErrBadEHLOName) {
			t.Errorf("Run with EHLO name %q: %v", name, err)
		}
	}
	cfg := testConfig(&pipeDialer{srv: &server{}})
	if _, err := Run(context.Background(), cfg, Target{Host: "mx.test", Port: 25, Addrs: []netip.Addr{{}}}); !errors.Is(err, ErrBadTarget) {
		t.Errorf("zero address: %v", err)
	}
	for _, tg := range []Target{{Host: "mx.test", Port: 0}, {Host: "", Port: 25}, {Host: "a\r\nb", Port: 25}, {Host: "mx.test", Port: 25, Mode: "ssl"}} {
		tg.Addrs = loopback
		if _, err := Run(context.Background(), cfg, tg); !errors.Is(err, ErrBadTarget) {
			t.Errorf("%+v: %v", tg, err)
		}
	}
	if checkLine("EHLO a\r\nRCPT TO:<x>") != ErrCRLF {
		t.Error("CRLF in a command")
	}
}

func TestContextCancel(t *testing.T) {
	checkGoroutines(t)
	srv := &server{silent: true}
	srv.tls = serverTLS(getPKI(t).leaf(leafOpts{names: []string{"mx.test"}}))
	cfg := testConfig(&pipeDialer{srv: srv})
	cfg.GreetingTimeout = time.Minute
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	res, _ := Run(ctx, cfg, Target{Host: "mx.test", Port: 587, Mode: ModeStartTLS, Addrs: loopback})
	srv.wg.Wait()
	if d := time.Since(start); d > time.Second {
		t.Errorf("cancel took %v", d)
	}
	if res.Addresses[0].Outcome == OutcomeOK {
		t.Error("ok after cancel")
	}
}

func TestCertificates(t *testing.T) {
	checkGoroutines(t)
	p := getPKI(t)
	for _, tc := range []struct {
		name      string
		opts      leafOpts
		verified  bool
		hostMatch bool
		errSub    string
		keyType   string
		keyBits   int
		chainLen  int
		finding   string
		reasons   []rules.CertReason
		plain     string // in the problem's text and the finding's detail
		title     string // in the finding's title
	}{
		{"ecdsa", leafOpts{names: []string{"mx.test"}}, true, true, "", "ECDSA", 256, 1, "probe-works", nil, "", ""},
		{"rsa", leafOpts{names: []string{"mx.test"}, rsa: true}, true, true, "", "RSA", 2048, 1, "probe-works", nil, "", ""},
		{"intermediate", leafOpts{names: []string{"mx.test"}, viaInter: true}, true, true, "", "ECDSA", 256, 2, "probe-works", nil, "", ""},
		{"self-signed", leafOpts{names: []string{"mx.test"}, selfSign: true}, false, true, "unknown authority", "ECDSA", 256, 1, "probe-cert-untrusted",
			[]rules.CertReason{rules.CertSelfSigned}, "self-signed", "mx.test:587 is self-signed"},
		{"expired", leafOpts{names: []string{"mx.test"}, notBefore: time.Now().Add(-96 * time.Hour), notAfter: time.Now().Add(-72 * time.Hour)}, false, true, "expired", "ECDSA", 256, 1, "probe-cert-expired",
			[]rules.CertReason{rules.CertExpired}, "expired on " + time.Now().Add(-72*time.Hour).UTC().Format("2 Jan 2006") + "", "mx.test:587 has expired"},
		{"expired and self-signed", leafOpts{names: []string{"mx.test"}, selfSign: true, notBefore: time.Now().Add(-96 * time.Hour), notAfter: time.Now().Add(-72 * time.Hour)}, false, true, "expired", "ECDSA", 256, 1, "probe-cert-expired",
			[]rules.CertReason{rules.CertExpired, rules.CertSelfSigned}, "(3 days ago)", "has expired"},
		{"not yet valid", leafOpts{names: []string{"mx.test"}, notBefore: time.Now().Add(50 * time.Hour), notAfter: time.Now().Add(100 * time.Hour)}, false, true, "not yet valid", "ECDSA", 256, 1, "probe-cert-expired",
			[]rules.CertReason{rules.CertNotYetValid}, "not valid before", "is not valid yet"},
		{"unknown issuer", leafOpts{names: []string{"mx.test"}, interOnly: true}, false, true, "unknown authority", "ECDSA", 256, 1, "probe-cert-untrusted",
			[]rules.CertReason{rules.CertUnknownIssuer}, `"whichport test intermediate", is not a known authority`, "issuer clients do not trust"},
		{"wrong name", leafOpts{names: []string{"other.test", "smtp.other.test"}}, false, false, "certificate is valid for other.test, smtp.other.test, not mx.test", "ECDSA", 256, 1, "probe-cert-name",
			[]rules.CertReason{rules.CertNameMismatch}, "is for other.test, smtp.other.test, not for mx.test", "mx.test:587 does not name mx.test"},
		{"weak key", leafOpts{names: []string{"mx.test"}, rsaBits: 1024}, true, true, "", "RSA", 1024, 1, "probe-works",
			[]rules.CertReason{rules.CertWeakKey}, "1024-bit RSA key", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := &server{tls: serverTLS(p.leaf(tc.opts))}
			res := run(t, srv, testConfig(nil), ModeStartTLS, 587)
			a := res.Addresses[0]
			if a.Outcome != OutcomeOK || a.TLS == nil {
				t.Fatalf("%+v", a)
			}
			if a.TLS.Verified != tc.verified || a.TLS.HostnameMatch != tc.hostMatch || !strings.Contains(a.TLS.VerifyError, tc.errSub) {
				t.Errorf("tls %+v", a.TLS)
			}
			if len(a.TLS.Chain) != tc.chainLen || a.TLS.Chain[0].KeyType != tc.keyType || a.TLS.Chain[0].KeyBits != tc.keyBits {
				t.Errorf("chain %+v", a.TLS.Chain)
			}
			var reasons []rules.CertReason
			texts := ""
			for _, pr := range a.TLS.Problems {
				reasons = append(reasons, pr.Reason)
				texts += pr.Text + "\n"
				// The verifier's own words are beside the plain ones, never instead of them.
				if strings.HasPrefix(pr.Text, "x509:") {
					t.Errorf("problem text is the verifier's: %q", pr.Text)
				}
			}
			if !slices.Equal(reasons, tc.reasons) {
				t.Errorf("reasons %v, want %v (%s)", reasons, tc.reasons, texts)
			}
			if !strings.Contains(texts, tc.plain) {
				t.Errorf("problem texts %q lack %q", texts, tc.plain)
			}
			wantFinding(t, res, tc.finding)
			if tc.errSub == "" {
				return
			}
			var found bool
			for _, f := range res.Findings {
				if f.ID != tc.finding {
					continue
				}
				found = true
				if !strings.Contains(f.Title, tc.title) {
					t.Errorf("finding title %q lacks %q", f.Title, tc.title)
				}
				if strings.Contains(f.Title, "x509") {
					t.Errorf("finding title %q is in the verifier's words", f.Title)
				}
				if !strings.Contains(f.Detail, tc.plain) || !strings.Contains(f.Detail, "The verifier says: x509:") || !strings.Contains(f.Detail, tc.errSub) {
					t.Errorf("finding detail %q lacks the plain reason or the verifier's text", f.Detail)
				}
			}
			if !found {
				t.Errorf("no %s", tc.finding)
			}
		})
	}
	// The name checked is the one asked for, not one learned elsewhere:
	// the same certificate probed by address does not match.
	srv := &server{tls: serverTLS(p.leaf(leafOpts{names: []string{"mx.test"}}))}
	res, err := Run(context.Background(), testConfig(&pipeDialer{srv: srv}), Target{Host: "192.0.2.1", Port: 587, Mode: ModeStartTLS})
	srv.wg.Wait()
	if err != nil || res.TLS == nil || res.TLS.HostnameMatch {
		t.Errorf("by IP: %v %+v", err, res.TLS)
	}
}

func TestOldTLS(t *testing.T) {
	checkGoroutines(t)
	p := getPKI(t)
	cert := p.leaf(leafOpts{names: []string{"mx.test"}, rsa: true})
	for _, mode := range []Mode{ModeStartTLS, ModeImplicit} {
		srv := &server{implicit: mode == ModeImplicit, lax: true, tls: &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS10}}
		cfg := testConfig(nil)
		cfg.SkipOldTLSCheck = false
		d := &pipeDialer{srv: srv}
		cfg.Dialer = d
		res := run(t, srv, cfg, mode, 587)
		if res.TLS == nil || !slices.Equal(res.TLS.OldTLSAccepted, []string{"TLS 1.0", "TLS 1.1"}) || d.dials != 3 {
			t.Fatalf("%s: %+v dials %d", mode, res.TLS, d.dials)
		}
		wantFinding(t, res, "probe-old-tls-accepted")
	}
	// A server with the modern default accepts neither.
	cfg := testConfig(nil)
	cfg.SkipOldTLSCheck = false
	res := run(t, &server{lax: true}, cfg, ModeStartTLS, 587)
	if res.TLS == nil || len(res.TLS.OldTLSAccepted) != 0 {
		t.Fatalf("%+v", res.TLS)
	}
}

// TestOldTLSGrace: TLS 1.0/1.1 checks that hang do not hold the result.
func TestOldTLSGrace(t *testing.T) {
	checkGoroutines(t)
	defer func(g time.Duration) { oldTLSGrace = g }(oldTLSGrace)
	oldTLSGrace = 200 * time.Millisecond
	cfg := testConfig(nil)
	cfg.SkipOldTLSCheck = false
	// The old-version handshakes are never answered: only the grace can end
	// them before their 30 s timeouts. The bound is far from both the grace
	// and a loaded machine's slowness: it tests the grace, not speed.
	cfg.GreetingTimeout, cfg.StepTimeout, cfg.Total = 30*time.Second, 30*time.Second, time.Minute
	start := time.Now()
	res := run(t, &server{stallOld: true, lax: true}, cfg, ModeStartTLS, 587)
	if d := time.Since(start); d > 15*time.Second {
		t.Errorf("took %v: the old-TLS checks outlived their grace", d)
	}
	if a := res.Addresses[0]; a.Outcome != OutcomeOK || a.TLS.OldTLSChecked || a.TLS.OldTLSAccepted != nil {
		t.Fatalf("%+v", a.TLS)
	}
}

func TestLoopback(t *testing.T) {
	checkGoroutines(t)
	srv := &server{}
	srv.tls = serverTLS(getPKI(t).leaf(leafOpts{names: []string{"localhost"}}))
	addr, stop := listen(t, srv)
	defer stop()
	cfg := testConfig(&net.Dialer{})
	cfg.SkipOldTLSCheck = false
	res, err := Run(context.Background(), cfg, Target{Host: "localhost", Port: int(addr.Port()), Mode: ModeStartTLS, Addrs: []netip.Addr{addr.Addr()}})
	if err != nil || res.Addresses[0].Outcome != OutcomeOK || !res.TLS.Verified {
		t.Fatalf("%v %+v", err, res.Addresses[0])
	}
}

// listen serves srv on a loopback port.
func listen(t testing.TB, srv *server) (netip.AddrPort, func()) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			srv.wg.Add(1)
			go func() {
				defer srv.wg.Done()
				srv.serve(c)
			}()
		}
	}()
	return netip.MustParseAddrPort(l.Addr().String()), func() {
		l.Close()
		<-done
		srv.wg.Wait()
	}
}

// TestSTARTTLSInjection: plaintext behind the 220 to STARTTLS must not be
// read as if it came over TLS (CVE-2011-0411).
func TestSTARTTLSInjection(t *testing.T) {
	checkGoroutines(t)
	res := run(t, &server{inject: "250-INJECTED\r\n"}, testConfig(nil), ModeStartTLS, 587)
	a := res.Addresses[0]
	if a.Outcome != OutcomeOK || slices.Contains(a.EHLO.After.Keywords, "INJECTED") {
		t.Fatalf("%+v", a)
	}
	found := false
	for _, l := range a.Transcript {
		found = found || strings.Contains(l.Text, "14 bytes of plaintext after its 220 to STARTTLS: ignored")
	}
	if !found {
		t.Errorf("injection not said: %+v", a.Transcript)
	}
}

func TestAwaitQuitReply(t *testing.T) {
	checkGoroutines(t)
	cfg := testConfig(nil)
	cfg.AwaitQuitReply = true
	res := run(t, &server{}, cfg, ModeStartTLS, 587)
	last := res.Transcript[len(res.Transcript)-1]
	if last.Dir != "s" || last.Text != "221 2.0.0 Bye" || res.Steps[len(res.Steps)-1].Detail != "221 2.0.0 Bye" {
		t.Errorf("last line %+v, steps %+v", last, res.Steps)
	}
}
