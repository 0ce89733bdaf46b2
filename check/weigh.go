package check

import (
	"sort"
	"strings"

	"github.com/whichport/whichport/lookup"
	"github.com/whichport/whichport/rules"
)

// weighEntry re-weighs a finished probe's findings by its role in the
// check (rules.WeighProbeFindings): a closed 2525 is a note, not a failure.
func weighEntry(e ProbeEntry) ProbeEntry {
	if e.Role == rules.ProbeAsked || e.Result == nil {
		return e
	}
	res := *e.Result
	res.Findings = rules.WeighProbeFindings(res.Findings, e.Port, e.Role)
	e.Result = &res
	return e
}

// weighSpares marks as spare the official probes that failed while a
// sibling works: a submission port (587, 465, or one SRV names) when
// another official submission probe of the check works, an MX host when
// another MX answers on port 25. Their findings are re-weighed.
func weighSpares(probes []ProbeEntry) {
	var mxOK, subOK int
	for _, p := range probes {
		if ok, _ := outcome(p); ok {
			switch {
			case p.Kind == "mx":
				mxOK++
			case p.Kind == "submission" && p.Role != rules.ProbeFallback:
				subOK++
			}
		}
	}
	for i, p := range probes {
		if p.Role != rules.ProbeAsked {
			continue
		}
		if ok, _ := outcome(p); ok {
			continue
		}
		if p.Kind == "mx" && mxOK > 0 || p.Kind == "submission" && subOK > 0 {
			p.Role = rules.ProbeSpare
			probes[i] = weighEntry(p)
		}
	}
}

// findings gathers the domain's findings and the rules engine's
// findings of every probe, without repeating one that several probes
// share, worst first.
func findings(probes []ProbeEntry, domain []rules.Finding) []rules.Finding {
	// One finding per fact (its id and its title, which names the host and
	// port), at one severity: the worst any probe gave it.
	out := []rules.Finding{}
	seen := map[string]int{}
	keep := func(f rules.Finding) {
		k := f.ID + "\x00" + f.Title
		if i, ok := seen[k]; ok {
			if sevRank[f.Severity] < sevRank[out[i].Severity] {
				out[i] = f
			}
			return
		}
		seen[k] = len(out)
		out = append(out, f)
	}
	for _, f := range domain {
		keep(f)
	}
	for _, p := range probes {
		if p.Result == nil {
			continue
		}
		for _, f := range p.Result.Findings {
			keep(f)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return sevRank[out[i].Severity] < sevRank[out[j].Severity] })
	return out
}

var sevRank = map[rules.Severity]int{rules.SeverityError: 0, rules.SeverityWarning: 1, rules.SeverityInfo: 2, rules.SeverityOK: 3}

// verdict is the word for the whole domain: the worst finding (the
// findings are already weighed by role), at least a warning when some
// probe could not run or the budget ran out.
func verdict(rep Report) rules.Verdict {
	v := rules.VerdictOK
	for _, f := range rep.Findings {
		switch f.Severity {
		case rules.SeverityError:
			return rules.VerdictError
		case rules.SeverityWarning:
			v = rules.VerdictWarning
		}
	}
	if rep.Partial {
		return rules.VerdictWarning
	}
	for _, p := range rep.Probes {
		if p.Role == rules.ProbeAsked && p.Error != "" {
			return rules.VerdictWarning
		}
	}
	return v
}

// domainFacts turns the look-ups of a check into the rules engine's terms.
func domainFacts(rep Report) rules.DomainFacts {
	d := rules.DomainFacts{Domain: rep.Domain}
	if mx := rep.MX; mx != nil {
		d.MXStatus, d.MXError, d.MXDNSSEC = string(mx.Status), mx.Error, mx.DNSSEC
		for _, p := range mx.Problems {
			if p.Code == lookup.ProblemNullMXMixed {
				d.NullMXMixed = true
			}
		}
		for _, h := range mx.Hosts {
			hf := rules.MXHostFacts{Host: h.Host, Preference: int(h.Preference), DNSSEC: h.DNSSEC}
			if n := len(h.CNAME); n > 0 {
				hf.CNAME = h.CNAME[n-1]
			}
			for _, p := range h.Problems {
				switch p.Code {
				case lookup.ProblemMXIPLiteral:
					hf.IPLiteral = true
				case lookup.ProblemMXNXDomain:
					hf.Missing = true
				case lookup.ProblemMXNoAddress:
					hf.NoAddress = true
				case lookup.ProblemMXLookupFailed:
					hf.LookupError = orString(h.Error, p.Message)
				}
			}
			for _, t := range rep.DANE {
				if t.Port == 25 && strings.EqualFold(t.Host, h.Host) {
					hf.TLSA, hf.TLSADNSSEC = len(t.Records), t.DNSSEC
				}
			}
			d.MXHosts = append(d.MXHosts, hf)
		}
	}
	if m := rep.MTASTS; m != nil {
		d.MTASTSRecords = len(m.TXT)
		if len(m.TXT) == 1 && !m.Found {
			d.MTASTSRecordError = syntaxProblem(m.Problems)
		}
		d.MTASTSPolicyError = m.PolicyError
		if m.Policy != nil {
			d.MTASTSPolicyFetched = true
			d.MTASTSMode, d.MTASTSMaxAge = string(m.Policy.Mode), m.Policy.MaxAge
			d.MTASTSMissed = m.Missed
		}
	}
	if t := rep.TLSRPT; t != nil {
		d.TLSRPTRecords = len(t.TXT)
		if len(t.TXT) == 1 && !t.Found {
			d.TLSRPTError = syntaxProblem(t.Problems)
		}
	}
	if s := rep.SPF; s != nil {
		d.SPFRecords = len(s.Records)
	}
	if m := rep.DMARC; m != nil && m.Record != nil {
		d.DMARCPresent, d.DMARCPolicy = m.Found, m.Record.Policy
	}
	if disc := rep.discovery; disc != nil {
		d.SubmissionSearched = disc.Error == ""
		d.SubmissionFound = len(disc.Servers) > 0
		for _, srv := range disc.SRV {
			if srv.NotOffered {
				d.SubmissionNotOffered = append(d.SubmissionNotOffered, srv.Name)
			}
		}
		seen := map[string]bool{}
		for _, sv := range disc.Servers {
			switch {
			case seen[sv.Source+sv.Host]:
			case sv.Source == lookup.SourceGuess:
				d.SubmissionGuessed = append(d.SubmissionGuessed, sv.Host)
			case sv.Source == lookup.SourceSRV && !sv.Authenticated:
				d.SubmissionSRVInsecure = append(d.SubmissionSRVInsecure, sv.Host)
			case sv.Source == lookup.SourceAutoconfig:
				d.SubmissionAutoconfigFound = true
			}
			seen[sv.Source+sv.Host] = true
		}
	}
	return d
}

func orString(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// syntaxProblem is the message of the last syntax problem of a record
// lookup ("" when there is none): why its one record was not taken.
func syntaxProblem(ps []lookup.Problem) string {
	msg := ""
	for _, p := range ps {
		if p.Code == lookup.ProblemSyntax {
			msg = p.Message
		}
	}
	return msg
}
