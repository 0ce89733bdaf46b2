package check

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"sync"
	"time"

	"github.com/whichport/whichport/lookup"
	"github.com/whichport/whichport/probe"
	"github.com/whichport/whichport/rules"
)

// Target is one host and port to probe on its own.
type Target struct {
	Host string // a host name or IP address
	Port int
	Mode probe.Mode // "" is probe.ModeAuto
}

// Probe runs one probe of t, streaming start, planned, its steps, probe,
// summary and done through emit (nil drops them). Before any event, it
// resolves the host and fails with an error wrapping ErrTargetNotAllowed
// when the Policy refuses every address, or ErrPortNotAllowed for the
// port, or, when cfg.Admit refuses the probe (ErrBusy: our own slots are
// taken), with that error. When the budget runs out it returns the partial
// entry and a *BudgetError (after an "error" event). The entry's From and Warning
// are left for the caller to set (a stream says them in "start").
func Probe(ctx context.Context, cfg Config, t Target, emit func(Event)) (ProbeEntry, error) {
	cfg = cfg.withDefaults()
	if t.Mode == "" {
		t.Mode = probe.ModeAuto
	}
	if !cfg.portAllowed(t.Port) {
		return ProbeEntry{}, fmt.Errorf("%w: port %d", ErrPortNotAllowed, t.Port)
	}
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, cfg.Budget)
	defer cancel()
	start := cfg.Now()
	// Resolve first so a name that only points at refused addresses fails
	// here; the dialer checks every address again.
	aps, err := ResolveTarget(ctx, cfg.Resolver, cfg.Policy, t.Host, t.Port)
	if errors.Is(err, ErrTargetNotAllowed) {
		return ProbeEntry{}, err
	}
	var addrs []netip.Addr
	for _, ap := range aps {
		addrs = append(addrs, ap.Addr())
	}
	addrs = LimitAddrs(addrs, cfg.MaxAddrs)
	entry := ProbeEntry{ID: "probe-" + strconv.Itoa(t.Port), Kind: "probe", Host: t.Host, Port: t.Port, Mode: t.Mode}
	release, err := admit(ctx, cfg, probe.Target{Host: t.Host, Port: t.Port, Mode: t.Mode, Addrs: addrs})
	if err != nil {
		return entry, fmt.Errorf("%s: probe not started: %w", t.Host, err)
	}
	defer release()

	em := &emitter{emit: emit}
	defer em.close()
	em.send("start", Start{Domain: t.Host, From: cfg.From, Warning: cfg.Warning()})
	em.send("planned", entry)
	// With no addresses (the name did not resolve) the probe resolves
	// again itself and reports the failure as its first step.
	// DANE (RFC 7672) as a whole check does it: TLSA records, when the
	// host publishes them with DNSSEC, are matched against the certificate.
	var tlsa []probe.TLSA
	var dane []lookup.TLSAResult
	if cfg.Lookup != nil {
		if t, _ := cfg.Lookup.TLSA(ctx, t.Host, t.Port); len(t.Records) > 0 {
			dane = append(dane, t)
			em.send("dns", DNSAnswer{Kind: "tlsa", Data: t})
			if t.DNSSEC {
				for _, rec := range t.Records {
					tlsa = append(tlsa, probe.TLSA{Usage: rec.Usage, Selector: rec.Selector, MatchingType: rec.MatchingType, Data: rec.Data})
				}
			}
		}
	}
	out := runProbe(ctx, cfg, em, entry, addrs, tlsa)
	release()
	out.strictTLS = strictTLS(Report{DANE: dane}, out)
	over := pastDeadline(ctx) && parent.Err() == nil
	var f []rules.Finding
	if out.Result != nil {
		f = out.Result.Findings
	}
	evs := []Event{
		{"probe", out},
		{"summary", Summary{Findings: nonNil(f), Summary: ProbeSentence(out) + " " + fromSentence(cfg.From), Partial: over}},
		{"done", Done{MS: cfg.Now().Sub(start).Milliseconds(), Partial: over}},
	}
	if !over {
		em.final(evs...)
		return out, nil
	}
	budget := &BudgetError{Budget: cfg.Budget}
	em.final(append([]Event{{"error", ErrorEvent{Error: budget.Error(), Budget: true}}}, evs...)...)
	return out, budget
}

// failed marks an entry that could not be probed, with an empty result
// that carries the reason.
func failed(cfg Config, e ProbeEntry, msg string) ProbeEntry {
	e.Error = msg
	e.Result = &ProbeResult{Result: probe.Result{Host: e.Host, Port: e.Port, Mode: e.Mode, From: cfg.From,
		Addresses: []probe.AddressResult{}, Steps: []probe.Step{}, Transcript: []probe.TranscriptLine{}, Findings: []rules.Finding{}},
		Error: msg}
	return e
}

// admit asks cfg.Admit for t's slots; without one, everything is admitted.
// The release it returns may be called more than once.
func admit(ctx context.Context, cfg Config, t probe.Target) (func(), error) {
	if cfg.Admit == nil {
		return func() {}, nil
	}
	release, err := cfg.Admit(ctx, t)
	if err != nil {
		return nil, err
	}
	var once sync.Once
	return func() { once.Do(release) }, nil
}

// runProbe runs one probe, streaming its steps. The caller has admitted it.
func runProbe(ctx context.Context, cfg Config, em *emitter, e ProbeEntry, addrs []netip.Addr, tlsa []probe.TLSA) (out ProbeEntry) {
	target := probe.Target{Host: e.Host, Port: e.Port, Mode: e.Mode, TLSA: tlsa, Addrs: addrs}
	defer func() {
		if p := recover(); p != nil {
			cfg.Logger.Error("panic in probe", "host", e.Host, "port", e.Port, "panic", truncate(fmt.Sprint(p), 200))
			out = failed(cfg, e, "internal error while probing")
		}
	}()
	pc := probe.Config{
		Dialer:   cfg.Dialer,
		Resolver: cfg.Resolver,
		EHLOName: cfg.EHLOName,
		Roots:    cfg.Roots,
		From:     cfg.From,
		Now:      cfg.Now,
		Total:    cfg.ProbeTimeout,

		ConnectTimeout:  cfg.ConnectTimeout,
		GreetingTimeout: cfg.GreetingTimeout,
	}
	id := e.ID
	pc.OnStep = func(_ probe.Target, ip string, st probe.Step) {
		em.send("step", StepEvent{ID: id, IP: ip, Step: st})
	}
	res, err := cfg.Probe(ctx, pc, target)
	if res.From == "" {
		res.From = cfg.From
	}
	if res.Findings == nil {
		res.Findings = []rules.Finding{}
	}
	e.Result = &ProbeResult{Result: res}
	if err != nil {
		e.Error = err.Error()
		e.Result.Error = err.Error()
	}
	return e
}

// ResolveTarget resolves host (or parses it when it is an IP address) and
// returns the addresses p allows with port (all of them when p is nil). It
// fails with ErrTargetNotAllowed when there are addresses but none is
// allowed, so a name that only resolves to refused addresses is reported
// as such. A guarded dialer still checks every address again at dial time.
func ResolveTarget(ctx context.Context, r probe.HostResolver, p Policy, host string, port int) ([]netip.AddrPort, error) {
	if port < 1 || port > 65535 {
		return nil, fmt.Errorf("%w: port %d", ErrPortNotAllowed, port)
	}
	var addrs []netip.Addr
	if a, err := netip.ParseAddr(host); err == nil {
		addrs = []netip.Addr{a}
	} else {
		if r == nil {
			return nil, errors.New("check: no resolver")
		}
		addrs, err = r.LookupAddrs(ctx, host)
		if err != nil {
			return nil, err
		}
	}
	if p == nil {
		out := make([]netip.AddrPort, 0, len(addrs))
		for _, a := range addrs {
			out = append(out, netip.AddrPortFrom(a, uint16(port)))
		}
		return out, nil
	}
	var ok []netip.AddrPort
	var firstErr error
	for _, a := range addrs {
		ap := netip.AddrPortFrom(a, uint16(port))
		if err := p.CheckAddr(ap); err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		ok = append(ok, ap)
	}
	if len(ok) == 0 && firstErr != nil {
		return nil, fmt.Errorf("%s: %w", host, firstErr)
	}
	return ok, nil
}

// allowed keeps the addresses the policy lets a probe reach on port.
func allowed(cfg Config, addrs []netip.Addr, port int) []netip.Addr {
	var ok []netip.Addr
	for _, a := range addrs {
		if cfg.checkAddr(netip.AddrPortFrom(a, uint16(port))) == nil {
			ok = append(ok, a)
		}
	}
	return ok
}

// LimitAddrs keeps at most max addresses, alternating IPv4 and IPv6 so
// both families are probed.
func LimitAddrs(addrs []netip.Addr, max int) []netip.Addr {
	if len(addrs) <= max {
		return addrs
	}
	var v4, v6 []netip.Addr
	for _, a := range addrs {
		if a.Unmap().Is4() {
			v4 = append(v4, a)
		} else {
			v6 = append(v6, a)
		}
	}
	out := make([]netip.Addr, 0, max)
	for i := 0; len(out) < max && (i < len(v4) || i < len(v6)); i++ {
		if i < len(v4) {
			out = append(out, v4[i])
		}
		if i < len(v6) && len(out) < max {
			out = append(out, v6[i])
		}
	}
	return out
}

// pastDeadline reports whether ctx's deadline has passed, also in the
// instant before its timer fires (a probe cut off by the deadline).
func pastDeadline(ctx context.Context) bool {
	if ctx.Err() != nil {
		return true
	}
	d, ok := ctx.Deadline()
	return ok && time.Until(d) <= 0
}

func contextReason(err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return "the time budget ran out"
	}
	if errors.Is(err, context.Canceled) {
		return "the request was cancelled"
	}
	return err.Error()
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
