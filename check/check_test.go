package check

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/whichport/whichport/lookup"
	"github.com/whichport/whichport/lookup/lookuptest"
	"github.com/whichport/whichport/probe"
	"github.com/whichport/whichport/rules"
)

// testDNS is example.com with three MX hosts, an SRV submission server and
// the TXT records and policy of a check, all on loopback addresses.
func testDNS() *lookup.Client { return lookuptest.CheckClient("example.com") }

// fakeProbe answers each probe with the outcome given for its port (ok
// when not named) and records what it was asked.
type fakeProbe struct {
	outcomes map[int]string
	// tweak, when set, edits each address result; the findings are then
	// the rules engine's for what it says (probe.Facts).
	tweak func(t probe.Target, a *probe.AddressResult)
	wait  chan struct{} // when set, probes block until it closes or ctx ends

	mu      sync.Mutex
	targets []probe.Target
}

func (f *fakeProbe) run(ctx context.Context, cfg probe.Config, t probe.Target) (probe.Result, error) {
	f.mu.Lock()
	f.targets = append(f.targets, t)
	f.mu.Unlock()
	if f.wait != nil {
		select {
		case <-f.wait:
		case <-ctx.Done():
		}
	}
	out := f.outcomes[t.Port]
	if out == "" {
		out = probe.OutcomeOK
	}
	if cfg.OnStep != nil {
		cfg.OnStep(t, "127.0.0.1", probe.Step{Name: "connect", OK: out == probe.OutcomeOK})
	}
	res := probe.Result{Host: t.Host, Port: t.Port, Mode: t.Mode, From: cfg.From,
		Addresses: []probe.AddressResult{{IP: "127.0.0.1", Mode: t.Mode, Outcome: out}}}
	res.Findings = rules.ProbeFindings(rules.ProbeFacts{Host: t.Host, Port: t.Port, Mode: rules.Security(t.Mode), Outcome: out,
		Connected: out == probe.OutcomeOK, TLSDone: out == probe.OutcomeOK})
	if f.tweak != nil {
		f.tweak(t, &res.Addresses[0])
		res.Findings = rules.ProbeFindings(probe.Facts(res, res.Addresses[0]))
	}
	return res, nil
}

// recorder collects events and notes any that arrive after it is sealed.
type recorder struct {
	mu     sync.Mutex
	events []Event
	sealed bool
	late   int
}

func (r *recorder) emit(e Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.sealed {
		r.late++
		return
	}
	r.events = append(r.events, e)
}

func (r *recorder) seal() {
	r.mu.Lock()
	r.sealed = true
	r.mu.Unlock()
}

func (r *recorder) names() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var n []string
	for _, e := range r.events {
		n = append(n, e.Name)
	}
	return n
}

// refuseLoopback is a policy like a public server's: no loopback, only
// the SMTP ports.
type refuseLoopback struct{}

func (refuseLoopback) PortAllowed(port int) bool {
	return slices.Contains([]int{25, 465, 587, 2525}, port)
}
func (refuseLoopback) CheckAddr(ap netip.AddrPort) error {
	if ap.Addr().IsLoopback() {
		return fmt.Errorf("%w: %s is a loopback address", ErrTargetNotAllowed, ap.Addr())
	}
	return nil
}

var _ Policy = refuseLoopback{}

// TestDomain: without a policy (the command-line tool), a check plans
// port 25 on each MX and 587/465/2525 on the SRV host, streams start
// first and summary, done last, each planned probe once finished, and
// returns the same verdict the summary event says.
func TestDomain(t *testing.T) {
	fake := &fakeProbe{outcomes: map[int]string{2525: probe.OutcomeRefused}}
	rec := &recorder{}
	cfg := Config{Lookup: testDNS(), Probe: fake.run, From: "a test"}
	rep, err := Domain(context.Background(), cfg, "someone@Example.COM", rec.emit)
	rec.seal()
	if err != nil {
		t.Fatal(err)
	}
	if rep.Domain != "example.com" {
		t.Errorf("domain %q", rep.Domain)
	}
	names := rec.names()
	if names[0] != "start" || !slices.Equal(names[len(names)-2:], []string{"summary", "done"}) {
		t.Errorf("events %v: want start first, summary and done last", names)
	}
	planned, finished := map[string]bool{}, map[string]bool{}
	for _, e := range rec.events {
		switch e.Name {
		case "planned":
			planned[e.Data.(ProbeEntry).ID] = true
		case "probe":
			p := e.Data.(ProbeEntry)
			if !planned[p.ID] {
				t.Errorf("probe %s finished before it was planned", p.ID)
			}
			finished[p.ID] = true
		}
	}
	want := []string{"mx-mx1.example.com-25", "mx-mx2.example.com-25", "mx-mx3.example.com-25", "submission-smtp.example.com-587",
		"submission-smtp.example.com-465", "submission-smtp.example.com-2525"}
	for _, id := range want {
		if !planned[id] || !finished[id] {
			t.Errorf("%s: planned %v, finished %v", id, planned[id], finished[id])
		}
	}
	if len(rep.Probes) != len(want) {
		t.Errorf("%d probes in the report, want %d", len(rep.Probes), len(want))
	}
	sum := rec.events[len(rec.events)-2].Data.(Summary)
	if sum.Verdict != rep.Verdict || sum.Summary != rep.Summary {
		t.Errorf("summary event %q %q, report %q %q", sum.Verdict, sum.Summary, rep.Verdict, rep.Summary)
	}
	// A refused 2525 beside a working 587 is a note, not an error.
	if rep.Verdict == rules.VerdictError {
		t.Errorf("verdict %q: %s", rep.Verdict, rep.Summary)
	}
	for _, s := range []string{"To send, use smtp.example.com port 465 with implicit TLS", "Probed from a test"} {
		if !strings.Contains(rep.Summary, s) {
			t.Errorf("summary %q does not say %q", rep.Summary, s)
		}
	}
}

// TestDomainPolicy: a policy that refuses loopback fails every probe of
// the check with ErrTargetNotAllowed's text, and no probe runs.
func TestDomainPolicy(t *testing.T) {
	fake := &fakeProbe{}
	cfg := Config{Lookup: testDNS(), Probe: fake.run, Policy: refuseLoopback{}}
	rep, err := Domain(context.Background(), cfg, "example.com", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(fake.targets) != 0 {
		t.Errorf("probes ran despite the policy: %v", fake.targets)
	}
	if len(rep.Probes) == 0 {
		t.Fatal("no probes planned")
	}
	for _, p := range rep.Probes {
		if !strings.Contains(p.Error, ErrTargetNotAllowed.Error()) || p.Result == nil {
			t.Errorf("%s: error %q, result %v", p.ID, p.Error, p.Result)
		}
	}
}

// TestDomainBudget: when the budget runs out, Domain returns the partial
// report and a *BudgetError after the events error, summary and done;
// the probes still running never emit afterwards.
func TestDomainBudget(t *testing.T) {
	fake := &fakeProbe{wait: make(chan struct{})}
	defer close(fake.wait)
	rec := &recorder{}
	cfg := Config{Lookup: testDNS(), Probe: fake.run, Budget: 200 * time.Millisecond}
	rep, err := Domain(context.Background(), cfg, "example.com", rec.emit)
	var budget *BudgetError
	if !errors.As(err, &budget) || budget.Budget != cfg.Budget {
		t.Fatalf("error %v, want a BudgetError of %v", err, cfg.Budget)
	}
	names := rec.names()
	if !slices.Equal(names[len(names)-3:], []string{"error", "summary", "done"}) || !rep.Partial {
		t.Errorf("events %v, partial %v", names, rep.Partial)
	}
	rec.seal()
	time.Sleep(50 * time.Millisecond) // the probes see their context end and return
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if rec.late != 0 {
		t.Errorf("%d events after Domain returned", rec.late)
	}
}

// TestProbe: one probe streams start, planned, step, probe, summary and
// done; a policy that refuses every address of the host fails before any
// event.
func TestProbe(t *testing.T) {
	fake := &fakeProbe{}
	rec := &recorder{}
	cfg := Config{Lookup: testDNS(), Probe: fake.run}
	out, err := Probe(context.Background(), cfg, Target{Host: "smtp.example.com", Port: 587}, rec.emit)
	if err != nil {
		t.Fatal(err)
	}
	if got := rec.names(); !slices.Equal(got, []string{"start", "planned", "step", "probe", "summary", "done"}) {
		t.Errorf("events %v", got)
	}
	if out.Mode != probe.ModeAuto || out.Result == nil || len(fake.targets) != 1 ||
		!slices.Equal(fake.targets[0].Addrs, []netip.Addr{netip.MustParseAddr("127.0.0.20")}) {
		t.Errorf("entry %+v, probed %+v", out, fake.targets)
	}

	rec = &recorder{}
	cfg.Policy = refuseLoopback{}
	_, err = Probe(context.Background(), cfg, Target{Host: "smtp.example.com", Port: 587}, rec.emit)
	if !errors.Is(err, ErrTargetNotAllowed) || !strings.Contains(err.Error(), "smtp.example.com") {
		t.Errorf("error %v, want ErrTargetNotAllowed naming the host", err)
	}
	if _, err := Probe(context.Background(), cfg, Target{Host: "smtp.example.com", Port: 22}, rec.emit); !errors.Is(err, ErrPortNotAllowed) {
		t.Errorf("port 22: %v, want ErrPortNotAllowed", err)
	}
	if n := rec.names(); len(n) != 0 {
		t.Errorf("events of refused probes: %v", n)
	}
}

// TestAdmitRefuses: a probe that Admit refuses (our own slots are busy)
// fails before any event and without a connection; in a domain check it
// is a probe that could not run, not a network verdict.
func TestAdmitRefuses(t *testing.T) {
	fake := &fakeProbe{}
	rec := &recorder{}
	cfg := Config{Lookup: testDNS(), Probe: fake.run,
		Admit: func(context.Context, probe.Target) (func(), error) { return nil, ErrBusy }}
	_, err := Probe(context.Background(), cfg, Target{Host: "smtp.example.com", Port: 587}, rec.emit)
	if !errors.Is(err, ErrBusy) || len(fake.targets) != 0 || len(rec.names()) != 0 {
		t.Errorf("error %v, probed %v, events %v", err, fake.targets, rec.names())
	}
	rep, err := Domain(context.Background(), cfg, "example.com", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Probes {
		if p.Error != "not started: "+ErrBusy.Error() || len(p.Result.Findings) != 0 {
			t.Errorf("%s: error %q, findings %v", p.ID, p.Error, p.Result.Findings)
		}
	}
	if len(fake.targets) != 0 || rep.Verdict != rules.VerdictWarning {
		t.Errorf("probed %v, verdict %q", fake.targets, rep.Verdict)
	}
}

// TestHost: a host check probes 587, 465 and 2525 on the one host (only
// the ports the policy allows), weighs a closed 465 beside a working 587
// as not needed, and says how to send.
func TestHost(t *testing.T) {
	fake := &fakeProbe{outcomes: map[int]string{465: probe.OutcomeTimeout}}
	rec := &recorder{}
	cfg := Config{Lookup: testDNS(), Probe: fake.run, From: "a test"}
	rep, err := Host(context.Background(), cfg, "smtp.example.com", rec.emit)
	if err != nil {
		t.Fatal(err)
	}
	var ports []int
	for _, p := range rep.Probes {
		ports = append(ports, p.Port)
		if p.Port == 465 && p.Role != rules.ProbeSpare {
			t.Errorf("465 beside a working 587: role %q, want spare", p.Role)
		}
	}
	slices.Sort(ports)
	if !slices.Equal(ports, []int{465, 587, 2525}) {
		t.Errorf("probed ports %v", ports)
	}
	if rep.Verdict == rules.VerdictError || !strings.HasPrefix(rep.Summary, "To send, use smtp.example.com port 587 with STARTTLS.") {
		t.Errorf("verdict %q, summary %q", rep.Verdict, rep.Summary)
	}
	if names := rec.names(); names[0] != "start" || names[len(names)-1] != "done" {
		t.Errorf("events %v", names)
	}

	only587 := Config{Lookup: testDNS(), Probe: (&fakeProbe{}).run, Policy: portsOnly{587}}
	rep, err = Host(context.Background(), only587, "smtp.example.com", nil)
	if err != nil || len(rep.Probes) != 1 || rep.Probes[0].Port != 587 {
		t.Errorf("with only 587 allowed: %v, %+v", err, rep.Probes)
	}
}

// portsOnly allows any address on the listed ports.
type portsOnly []int

func (p portsOnly) PortAllowed(port int) bool { return slices.Contains(p, port) }
func (p portsOnly) CheckAddr(ap netip.AddrPort) error {
	if !p.PortAllowed(int(ap.Port())) {
		return ErrPortNotAllowed
	}
	return nil
}
