package probe

import (
	"context"
	"net"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/whichport/whichport/internal/testmta"
)

// TestPostfix probes a real Postfix (internal/testmta) on each of its
// listeners. Skipped when Postfix is missing, unless CI=true.
func TestPostfix(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Postfix")
	}
	m := testmta.Start(t)
	cfg := Config{
		Dialer: &net.Dialer{}, Roots: m.Roots, EHLOName: "probe.whichport.test",
		GreetingTimeout: 10 * time.Second, SlowGreeting: time.Second, StepTimeout: 10 * time.Second,
	}
	probe := func(ap netip.AddrPort, mode Mode) Result {
		t.Helper()
		res, err := Run(context.Background(), cfg, Target{Host: testmta.Host, Port: int(ap.Port()), Mode: mode, Addrs: []netip.Addr{ap.Addr()}})
		if err != nil {
			t.Fatalf("%s %s: %v", ap, mode, err)
		}
		for _, l := range res.Transcript {
			t.Logf("%s %6d %s %s", ap, l.MS, l.Dir, l.Text)
		}
		return res
	}
	ok := func(name string, res Result, mode Mode) {
		t.Helper()
		a := res.Addresses[0]
		if a.Outcome != OutcomeOK || a.Mode != mode {
			t.Fatalf("%s: outcome %q mode %q: %s", name, a.Outcome, a.Mode, a.Error)
		}
		if res.Greeting == nil || res.Greeting.Code != 220 || !strings.HasPrefix(res.Greeting.Lines[0], testmta.Host+" ESMTP") {
			t.Errorf("%s: greeting %+v", name, res.Greeting)
		}
		if res.TLS == nil || res.TLS.Version != "TLS 1.3" || !res.TLS.Verified || !res.TLS.HostnameMatch {
			t.Errorf("%s: tls %+v", name, res.TLS)
		}
		if res.EHLO.After == nil || res.EHLO.After.StartTLS || !res.EHLO.After.Pipelining {
			t.Errorf("%s: EHLO after TLS %+v", name, res.EHLO.After)
		}
		t.Logf("%s: %d ms, old TLS accepted %v, findings %v", name, res.MS, res.TLS.OldTLSAccepted, findingIDs(res))
	}

	res := probe(m.SMTP, ModeStartTLS)
	ok("25-like", res, ModeStartTLS)
	if !res.StartTLS.Offered || res.EHLO.Before == nil || !res.EHLO.Before.StartTLS {
		t.Errorf("25-like: STARTTLS %+v", res.StartTLS)
	}

	res = probe(m.Submission, ModeStartTLS)
	ok("587-like", res, ModeStartTLS)

	res = probe(m.Submissions, ModeImplicit)
	ok("465-like (wrapper mode)", res, ModeImplicit)
	if res.EHLO.Before != nil || res.StartTLS != nil {
		t.Errorf("465-like: no plaintext EHLO expected: %+v", res.EHLO.Before)
	}

	// Implicit TLS asked on the STARTTLS port: Postfix greets in plaintext.
	res = probe(m.Submission, ModeImplicit)
	if a := res.Addresses[0]; a.Outcome != OutcomeOtherMode || !strings.Contains(a.OtherModeDetail, testmta.Host) {
		t.Errorf("implicit on 587-like: %+v", a)
	}
	wantFinding(t, res, "probe-port-speaks-plaintext")

	// STARTTLS asked on the wrapper-mode port: silence, then TLS found on a
	// second connection.
	res = probe(m.Submissions, ModeStartTLS)
	if a := res.Addresses[0]; a.Outcome != OutcomeOtherMode {
		t.Errorf("starttls on 465-like: %+v", a)
	}
	wantFinding(t, res, "probe-port-speaks-tls")

	// Auto on a high port starts with STARTTLS, finds TLS, and goes on with it.
	res = probe(m.Submissions, ModeAuto)
	ok("auto on 465-like", res, ModeImplicit)
	if !res.Addresses[0].OtherMode {
		t.Errorf("auto on 465-like: other mode not said")
	}
}
