package check

import (
	"context"
	"fmt"
	"strings"

	"github.com/whichport/whichport/lookup"
	"github.com/whichport/whichport/probe"
	"github.com/whichport/whichport/rules"
)

// HostPorts is Host on the given ports (nil: Host's 587, 465 and 2525),
// for the command-line tool, which also probes a provider's own alternates
// (rules.DetectProvider) and port 25. Ports other than 25 are submission
// probes weighed as in Host (2525 and the other alternates as fallbacks);
// port 25 is a "relay" probe: for sending from a program it is the wrong
// port (FACTS §1), so while an official submission port works, a closed
// 25 is information, not a failure.
func HostPorts(ctx context.Context, cfg Config, host string, ports []int, emit func(Event)) (Report, error) {
	if ports == nil {
		ports = submissionPorts
	}
	cfg = cfg.withDefaults()
	if host == "" {
		return Report{}, fmt.Errorf("%w: no host", lookup.ErrBadName)
	}
	r, done := begin(ctx, cfg, host, emit)
	defer done()
	r.modes = map[int]probe.Mode{}
	for _, p := range ports {
		if !cfg.portAllowed(p) {
			continue
		}
		kind, role := "submission", rules.ProbeAsked
		switch {
		case p == 25:
			kind = "relay"
		case rules.IsFallbackPort(p):
			role = rules.ProbeFallback
		}
		if !knownPort(p) {
			r.modes[p] = probe.ModeAuto // not known: find out which mode it speaks
		}
		r.plan(kind, host, p, "", role, nil, false)
	}
	return r.end(func(rep *Report) {
		weighRelay(rep.Probes)
		rep.Findings = findings(rep.Probes, nil)
		rep.Verdict = verdict(*rep)
		var b strings.Builder
		b.WriteString(submissionSentence(rep.Probes))
		b.WriteString(failingSentence(rep.Probes))
		if rep.Partial {
			b.WriteString("The check ran out of time, so some results are missing. ")
		}
		b.WriteString(fromSentence(cfg.From))
		rep.Summary = b.String()
	})
}

// knownPort: the TLS mode of port is known from FACTS §1 and §3 (the
// official ports, 2525 and the providers' alternates).
func knownPort(port int) bool {
	switch port {
	case 25, 465, 587, 2525, 2465, 2587:
		return true
	}
	for _, p := range rules.Providers() {
		for _, c := range p.Ports {
			if c.Port == port {
				return true
			}
		}
	}
	return false
}

// weighRelay turns the errors of a failed port 25 into notes (closed) or
// warnings (broken) when an official submission port works.
func weighRelay(probes []ProbeEntry) {
	subOK := false
	for _, p := range probes {
		if ok, _ := outcome(p); ok && p.Kind == "submission" && p.Role != rules.ProbeFallback {
			subOK = true
		}
	}
	if !subOK {
		return
	}
	for i, p := range probes {
		if p.Kind != "relay" || p.Result == nil {
			continue
		}
		if ok, _ := outcome(p); ok {
			continue
		}
		res := *p.Result
		res.Findings = append([]rules.Finding(nil), res.Findings...)
		for j, f := range res.Findings {
			if f.Severity != rules.SeverityError {
				continue
			}
			f.Severity = rules.SeverityWarning
			if relayClosed[f.ID] {
				f.Severity = rules.SeverityInfo
			}
			f.Detail += " Port 25 is for server-to-server relay (RFC 5321); a program or mail client submits on 587 or 465 (RFC 6409, RFC 8314), and one of those works here."
			res.Findings[j] = f
		}
		p.Result = &res
		probes[i] = p
	}
}

// relayClosed are the findings that say a port is not there at all.
var relayClosed = map[string]bool{
	"probe-refused": true, "probe-filtered": true, "probe-reset": true, "probe-unreachable": true,
	"probe-closed": true, "probe-no-greeting": true,
}
