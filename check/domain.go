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

// submissionPorts are probed on the discovered submission host.
var submissionPorts = []int{587, 465, 2525}

// ErrNoLookup is returned by Domain when Config.Lookup is nil.
var ErrNoLookup = errors.New("check: no DNS look-up configured")

// Domain checks the mail set-up of a domain (or of an email address's
// domain): all look-ups and probes run concurrently within cfg.Budget,
// each result streamed through emit as it arrives (nil drops them), in
// the order start, then planned/dns/step/probe as they come, then
// summary and done. emit is never called concurrently, nor after Domain
// returns. It returns the report; when the budget ran out, the partial
// report and a *BudgetError. A bad domain is an error wrapping
// lookup.ErrBadName, before any event.
func Domain(ctx context.Context, cfg Config, domain string, emit func(Event)) (Report, error) {
	cfg = cfg.withDefaults()
	if cfg.Lookup == nil {
		return Report{}, ErrNoLookup
	}
	domain, err := lookup.DomainOf(domain)
	if err != nil {
		return Report{}, err
	}
	r, done := begin(ctx, cfg, domain, emit)
	defer done()
	ctx = r.ctx

	dns := cfg.Lookup
	// MX, then port 25 on every MX (up to MaxMX) and MTA-STS against the MX hosts.
	r.goDo(func() {
		mx, _ := dns.MX(ctx, domain)
		r.set(func(rep *Report) { rep.MX = &mx })
		r.em.send("dns", DNSAnswer{Kind: "mx", Data: mx})
		var hosts []string
		for i, h := range mx.Hosts {
			hosts = append(hosts, h.Host)
			if i >= cfg.MaxMX || !cfg.portAllowed(25) {
				continue
			}
			r.plan("mx", h.Host, 25, "", rules.ProbeAsked, LimitAddrs(h.Addrs, cfg.MaxAddrs), true)
		}
		sts, _ := dns.MTASTS(ctx, domain, hosts)
		r.set(func(rep *Report) { rep.MTASTS = &sts })
		r.em.send("dns", DNSAnswer{Kind: "mta-sts", Data: sts})
	})
	// Submission discovery, then 587/465/2525 on the first discovered host.
	r.goDo(func() {
		d, _ := dns.Discover(ctx, domain)
		r.set(func(rep *Report) { rep.Discovery, rep.discovery = nonNil(d.Servers), &d })
		r.em.send("dns", DNSAnswer{Kind: "srv", Data: nonNil(d.SRV)})
		r.em.send("dns", DNSAnswer{Kind: "discovery", Data: d})
		if len(d.Servers) == 0 {
			return
		}
		first := d.Servers[0]
		for _, p := range submissionPorts {
			role := rules.ProbeAsked
			if rules.IsFallbackPort(p) {
				role = rules.ProbeFallback
			}
			r.plan("submission", first.Host, p, first.Source, role, nil, false)
		}
		// Other servers named by SRV or autoconfig, on their own port.
		for _, sv := range d.Servers[1:] {
			if sv.Source != lookup.SourceGuess && cfg.portAllowed(sv.Port) {
				r.plan("submission", sv.Host, sv.Port, sv.Source, rules.ProbeAsked, nil, false)
			}
		}
	})
	r.goDo(func() {
		t, _ := dns.TLSRPT(ctx, domain)
		r.set(func(rep *Report) { rep.TLSRPT = &t })
		r.em.send("dns", DNSAnswer{Kind: "tls-rpt", Data: t})
	})
	r.goDo(func() {
		t, _ := dns.SPF(ctx, domain)
		r.set(func(rep *Report) { rep.SPF = &t })
		r.em.send("dns", DNSAnswer{Kind: "spf", Data: t})
	})
	r.goDo(func() {
		t, _ := dns.DMARC(ctx, domain)
		r.set(func(rep *Report) { rep.DMARC = &t })
		r.em.send("dns", DNSAnswer{Kind: "dmarc", Data: t})
	})

	return r.end(func(rep *Report) {
		rep.Findings = findings(rep.Probes, rules.DomainFindings(domainFacts(*rep)))
		rep.Verdict = verdict(*rep)
		rep.Summary = sentence(cfg, *rep)
	})
}

// Host checks one submission host: 587 with STARTTLS, 465 with implicit
// TLS and 2525 (an unofficial alternate) as the Policy allows, concurrently
// within cfg.Budget, streamed like Domain. The report's Domain is the
// host; it has no look-ups, only probes, findings, verdict and summary.
// An IP address is probed as it is; a name is resolved for each port.
func Host(ctx context.Context, cfg Config, host string, emit func(Event)) (Report, error) {
	return HostPorts(ctx, cfg, host, nil, emit)
}

// begin starts a run of a check of name (a domain or a host) within
// cfg.Budget and sends its start event; done ends it.
func begin(ctx context.Context, cfg Config, name string, emit func(Event)) (r *run, done func()) {
	r = &run{cfg: cfg, parent: ctx, start: cfg.Now(), em: &emitter{emit: emit}, probes: map[string]*ProbeEntry{}}
	var cancel context.CancelFunc
	r.ctx, cancel = context.WithTimeout(ctx, cfg.Budget)
	r.rep = Report{Domain: name, From: cfg.From, Warning: cfg.Warning(),
		Discovery: []lookup.SubmissionServer{}, DANE: []lookup.TLSAResult{}}
	r.em.send("start", Start{Domain: name, From: cfg.From, Warning: r.rep.Warning})
	return r, func() { cancel(); r.em.close() }
}

// end waits for every part of the run or the end of its budget, freezes
// the report, lets conclude weigh it, and sends the last events.
func (r *run) end(conclude func(*Report)) (Report, error) {
	cfg, parent := r.cfg, r.parent
	all := make(chan struct{})
	go func() { r.wg.Wait(); close(all) }()
	completed := false
	select {
	case <-all:
		completed = true
	case <-r.ctx.Done():
	}
	over := (!completed || pastDeadline(r.ctx)) && parent.Err() == nil

	// Freeze the report: late goroutines only touch r.probes under the lock,
	// and the stream is closed to them below.
	r.mu.Lock()
	rep := r.rep
	rep.Probes = make([]ProbeEntry, 0, len(r.order))
	for _, id := range r.order {
		e := *r.probes[id]
		if e.Result == nil && over {
			e = failed(cfg, e, "not finished within the time budget of "+cfg.Budget.String())
		}
		rep.Probes = append(rep.Probes, e)
	}
	r.mu.Unlock()
	rep.Partial = over
	for i := range rep.Probes {
		rep.Probes[i].strictTLS = strictTLS(rep, rep.Probes[i])
	}
	weighSpares(rep.Probes)
	conclude(&rep)
	rep.MS = cfg.Now().Sub(r.start).Milliseconds()

	evs := []Event{
		{"summary", Summary{Findings: rep.Findings, Verdict: rep.Verdict, Summary: rep.Summary, Partial: over}},
		{"done", Done{MS: rep.MS, Partial: over}},
	}
	if !over {
		r.em.final(evs...)
		return rep, nil
	}
	budget := &BudgetError{Budget: cfg.Budget}
	r.em.final(append([]Event{{"error", ErrorEvent{Error: budget.Error(), Budget: true}}}, evs...)...)
	return rep, budget
}

// run is one domain or host check in progress.
type run struct {
	cfg    Config
	em     *emitter
	parent context.Context // the caller's: its end is not a budget overrun
	ctx    context.Context // parent within the budget
	start  time.Time
	wg     sync.WaitGroup

	mu     sync.Mutex
	rep    Report
	probes map[string]*ProbeEntry
	order  []string
	// modes overrides the TLS mode of some ports (HostPorts).
	modes map[int]probe.Mode
}

// modeFor is the mode port is probed with in this run: the one set for
// it, else probe's default for the port.
func (r *run) modeFor(port int) probe.Mode {
	if m, ok := r.modes[port]; ok {
		return m
	}
	return probe.EffectiveMode(probe.Target{Port: port})
}

func (r *run) set(f func(*Report)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f(&r.rep)
}

// goDo runs f concurrently; a panic in it (a bug in a look-up) is logged
// and ends only that part of the check, not the program.
func (r *run) goDo(f func()) {
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		defer func() {
			if p := recover(); p != nil {
				r.cfg.Logger.Error("panic in check", "panic", truncate(fmt.Sprint(p), 200))
			}
		}()
		f()
	}()
}

// plan records a probe, announces it, and runs it concurrently.
func (r *run) plan(kind, host string, port int, source string, role rules.ProbeRole, addrs []netip.Addr, withTLSA bool) {
	r.mu.Lock()
	id := kind + "-" + host + "-" + strconv.Itoa(port)
	if _, dup := r.probes[id]; dup {
		r.mu.Unlock()
		return
	}
	e := &ProbeEntry{ID: id, Kind: kind, Host: host, Port: port, Mode: r.modeFor(port), Source: source, Role: role}
	r.probes[id] = e
	r.order = append(r.order, id)
	planned := *e
	r.mu.Unlock()
	r.em.send("planned", planned)
	r.goDo(func() {
		var tlsa []probe.TLSA
		if withTLSA {
			t, err := r.cfg.Lookup.TLSA(r.ctx, host, port)
			if err == nil || len(t.Records) > 0 || t.Error != "" {
				r.set(func(rep *Report) { rep.DANE = append(rep.DANE, t) })
				r.em.send("dns", DNSAnswer{Kind: "tlsa", Data: t})
			}
			if t.DNSSEC {
				for _, rec := range t.Records {
					tlsa = append(tlsa, probe.TLSA{Usage: rec.Usage, Selector: rec.Selector, MatchingType: rec.MatchingType, Data: rec.Data})
				}
			}
		}
		if len(addrs) == 0 {
			aps, err := ResolveTarget(r.ctx, r.cfg.Resolver, r.cfg.Policy, host, port)
			if errors.Is(err, ErrTargetNotAllowed) {
				r.finish(failed(r.cfg, planned, err.Error()))
				return
			}
			for _, ap := range aps {
				addrs = append(addrs, ap.Addr())
			}
			addrs = LimitAddrs(addrs, r.cfg.MaxAddrs)
		} else {
			addrs = allowed(r.cfg, addrs, port)
			if len(addrs) == 0 {
				r.finish(failed(r.cfg, planned, fmt.Sprintf("%s: %v: its addresses are not public", host, ErrTargetNotAllowed)))
				return
			}
		}
		release, err := admit(r.ctx, r.cfg, probe.Target{Host: host, Port: port, Mode: planned.Mode, TLSA: tlsa, Addrs: addrs})
		if err != nil {
			r.finish(failed(r.cfg, planned, "not started: "+contextReason(err)))
			return
		}
		out := runProbe(r.ctx, r.cfg, r.em, planned, addrs, tlsa)
		release()
		r.finish(out)
	})
}

func (r *run) finish(e ProbeEntry) {
	e = weighEntry(e)
	r.mu.Lock()
	if p, ok := r.probes[e.ID]; ok {
		*p = e
	}
	r.mu.Unlock()
	r.em.send("probe", e)
}
