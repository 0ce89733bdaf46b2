package check

import (
	"fmt"
	"strings"

	"github.com/whichport/whichport/lookup"
	"github.com/whichport/whichport/probe"
	"github.com/whichport/whichport/rules"
)

// policySentence says which of MTA-STS, TLS-RPT, SPF and DMARC the domain
// publishes: "MTA-STS (enforce), TLS-RPT and SPF are published; DMARC is not."
func policySentence(rep Report) string {
	var yes, no []string
	add := func(name string, found bool) {
		if found {
			yes = append(yes, name)
		} else {
			no = append(no, name)
		}
	}
	if rep.MTASTS != nil {
		name := "MTA-STS"
		if rep.MTASTS.Policy != nil {
			name += " (" + string(rep.MTASTS.Policy.Mode) + ")"
		}
		add(name, rep.MTASTS.Found)
	}
	if rep.TLSRPT != nil {
		add("TLS-RPT", rep.TLSRPT.Found)
	}
	if rep.SPF != nil {
		add("SPF", rep.SPF.Found)
	}
	if rep.DMARC != nil {
		name := "DMARC"
		if rep.DMARC.Record != nil && rep.DMARC.Record.Policy != "" {
			name += " (p=" + rep.DMARC.Record.Policy + ")"
		}
		add(name, rep.DMARC.Found)
	}
	list := func(w []string) string {
		if len(w) < 2 {
			return strings.Join(w, "")
		}
		return strings.Join(w[:len(w)-1], ", ") + " and " + w[len(w)-1]
	}
	switch {
	case len(yes) == 0 && len(no) == 0:
		return ""
	case len(yes) == 0:
		return list(no) + ": none published."
	case len(no) == 0:
		return list(yes) + ": all published."
	}
	verb := " is"
	if len(yes) > 1 {
		verb = " are"
	}
	return list(yes) + verb + " published; " + list(no) + " not."
}

// outcome is a probe's overall outcome in a few words; ok only when a
// client would succeed: the dialogue went through and, where the client
// checks it (e.strictTLS), the certificate verifies for the name asked
// for, or under DANE a TLSA record matches it.
func outcome(e ProbeEntry) (ok bool, word string) {
	if e.Result == nil || len(e.Result.Addresses) == 0 {
		if e.Error != "" {
			return false, "could not be probed"
		}
		return false, "not probed"
	}
	good, why := 0, ""
	for _, a := range e.Result.Addresses {
		if w, reason := addrWorks(a, e.strictTLS); w {
			good++
		} else if why == "" {
			why = reason
		}
	}
	switch {
	case good == len(e.Result.Addresses):
		return true, "works"
	case good > 0:
		return true, fmt.Sprintf("works on %d of %d addresses", good, len(e.Result.Addresses))
	}
	return false, why
}

// addrWorks says whether a client would succeed on one address, and if
// not why, in a few words.
func addrWorks(a probe.AddressResult, strict bool) (bool, string) {
	if a.Outcome != probe.OutcomeOK {
		return false, strings.ReplaceAll(a.Outcome, "-", " ")
	}
	if !strict || a.TLS == nil {
		return true, ""
	}
	if a.DANE != nil && a.DANE.Usable > 0 {
		if a.DANE.Match {
			return true, ""
		}
		return false, "no TLSA record matches the certificate"
	}
	if a.TLS.Verified {
		return true, ""
	}
	return false, certWords(a.TLS)
}

// certWords says why a certificate is refused in a few words.
func certWords(t *probe.TLSInfo) string {
	if len(t.Problems) > 0 {
		switch t.Problems[0].Reason {
		case rules.CertExpired:
			if len(t.Chain) > 0 {
				return "certificate expired on " + t.Chain[0].NotAfter.Format("2 Jan 2006")
			}
			return "certificate expired"
		case rules.CertNotYetValid:
			return "certificate not valid yet"
		case rules.CertSelfSigned:
			return "self-signed certificate"
		case rules.CertUnknownIssuer:
			return "certificate from an unknown issuer"
		case rules.CertNameMismatch:
			return "certificate for another name"
		case rules.CertWeakKey, rules.CertWeakSignature:
			return "weak certificate"
		}
	}
	return "certificate does not verify"
}

// strictTLS: whether a client refuses the port unless its certificate
// verifies. Submission clients always check; servers delivering to an MX
// on port 25 use TLS opportunistically (RFC 7435) unless the domain
// publishes an MTA-STS policy in enforce mode (RFC 8461) or DANE TLSA
// records for the host (RFC 7672).
func strictTLS(rep Report, e ProbeEntry) bool {
	if e.Port != 25 {
		return true
	}
	if rep.MTASTS != nil && rep.MTASTS.Policy != nil && rep.MTASTS.Policy.Mode == lookup.ModeEnforce {
		return true
	}
	for _, t := range rep.DANE {
		if t.Port == 25 && strings.EqualFold(t.Host, e.Host) && len(t.Records) > 0 {
			return true
		}
	}
	return false
}

// failingSentence names the probes that do not work and why: the first
// three, then how many more.
func failingSentence(probes []ProbeEntry) string {
	var bad []string
	for _, p := range probes {
		if ok, w := outcome(p); !ok && !(p.Role == rules.ProbeFallback && p.Result != nil) {
			bad = append(bad, fmt.Sprintf("%s port %d (%s)", p.Host, p.Port, w))
		}
	}
	if len(bad) == 0 {
		return ""
	}
	more := ""
	if len(bad) > 3 {
		more = fmt.Sprintf(" and %d more", len(bad)-3)
		bad = bad[:3]
	}
	return "Not working: " + strings.Join(bad, ", ") + more + ". "
}

// ModeWords names a probe mode as the summaries do: "implicit TLS", "STARTTLS".
func ModeWords(m probe.Mode) string {
	switch m {
	case probe.ModeImplicit:
		return "implicit TLS"
	case probe.ModeStartTLS:
		return "STARTTLS"
	}
	return string(m)
}

// ProbeSentence says how one probe went: "smtp.example.com port 587 (STARTTLS): works."
func ProbeSentence(e ProbeEntry) string {
	_, w := outcome(e)
	return fmt.Sprintf("%s port %d (%s): %s.", e.Host, e.Port, ModeWords(e.Mode), w)
}

func fromSentence(from string) string {
	return "Probed from " + from + "; your own network may differ."
}

// submissionSentence says how to send: the working official submission
// port (465 first, RFC 8314), then what each port tried gave, with the
// alternates marked as not needed.
func submissionSentence(probes []ProbeEntry) string {
	var sub []ProbeEntry
	for _, p := range probes {
		if p.Kind == "submission" {
			sub = append(sub, p)
		}
	}
	if len(sub) == 0 {
		return "No submission server was found for mail clients or applications. "
	}
	var best *ProbeEntry
	for i, p := range sub {
		if ok, _ := outcome(p); !ok || p.Role == rules.ProbeFallback {
			continue
		}
		if best == nil || p.Port == 465 && best.Port != 465 {
			best = &sub[i]
		}
	}
	var b strings.Builder
	if best != nil {
		fmt.Fprintf(&b, "To send, use %s port %d with %s. ", best.Host, best.Port, ModeWords(best.Mode))
	} else {
		b.WriteString("To send: no official submission port (587 with STARTTLS, 465 with implicit TLS) works here. ")
	}
	var words []string
	host := ""
	for _, p := range sub {
		_, w := outcome(p)
		w = fmt.Sprintf("%d %s %s", p.Port, ModeWords(p.Mode), w)
		if ok, _ := outcome(p); !ok {
			switch {
			case p.Role == rules.ProbeFallback && best != nil:
				w += " (an unofficial alternate, not needed)"
			case p.Role == rules.ProbeFallback:
				w += " (an unofficial alternate)"
			case p.Role == rules.ProbeSpare:
				w += " (not needed: another port works)"
			}
		}
		if p.Host != host {
			w = p.Host + ": " + w
			host = p.Host
		}
		words = append(words, w)
	}
	fmt.Fprintf(&b, "Submission tried at %s. ", strings.Join(words, "; "))
	return b.String()
}

// sentence says in plain words what a check found.
func sentence(cfg Config, rep Report) string {
	var b strings.Builder
	switch {
	case rep.MX == nil:
		fmt.Fprintf(&b, "The MX records of %s could not be looked up in time. ", rep.Domain)
	case rep.MX.Status == lookup.MXNull:
		fmt.Fprintf(&b, "%s publishes a null MX: it accepts no mail. ", rep.Domain)
	case rep.MX.Status == lookup.MXNXDomain:
		fmt.Fprintf(&b, "%s does not exist in DNS. ", rep.Domain)
	case rep.MX.Status == lookup.MXNone:
		fmt.Fprintf(&b, "%s has no MX and no address: it cannot receive mail. ", rep.Domain)
	case rep.MX.Status == lookup.MXError:
		fmt.Fprintf(&b, "The MX look-up of %s failed (%s). ", rep.Domain, rep.MX.Error)
	default:
		var mx, mxOK int
		for _, p := range rep.Probes {
			if p.Kind == "mx" {
				mx++
				if ok, _ := outcome(p); ok {
					mxOK++
				}
			}
		}
		fmt.Fprintf(&b, "Mail for %s goes to %d MX host(s)", rep.Domain, len(rep.MX.Hosts))
		if mx > 0 {
			fmt.Fprintf(&b, "; port 25 with STARTTLS works on %d of %d probed", mxOK, mx)
		}
		b.WriteString(". ")
	}
	b.WriteString(submissionSentence(rep.Probes))
	b.WriteString(failingSentence(rep.Probes))
	if p := policySentence(rep); p != "" {
		b.WriteString(p + " ")
	}
	if !cfg.portAllowed(25) {
		b.WriteString("Port 25 cannot be probed from " + cfg.From + ", so the MX hosts were looked up but not connected to. ")
	}
	if rep.Partial {
		b.WriteString("The check ran out of time, so some results are missing. ")
	}
	b.WriteString(fromSentence(cfg.From))
	return b.String()
}
