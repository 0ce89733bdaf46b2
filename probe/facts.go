package probe

import (
	"github.com/whichport/whichport/rules"

	// rules.ProbeFindings quotes library option names (nodemailer's,
	// JavaMail's...), which each library's formats file registers.
	_ "github.com/whichport/whichport/formats"
)

// Facts turns one address's result into the rules engine's terms, so that a
// live probe is explained by the same rules as typed settings.
func Facts(r Result, a AddressResult) rules.ProbeFacts {
	f := rules.ProbeFacts{
		Host:            r.Host,
		From:            r.From,
		Port:            r.Port,
		Mode:            rules.Security(a.Mode),
		Outcome:         a.Outcome,
		Error:           a.Error,
		SpokeOtherMode:  a.OtherMode,
		OtherModeDetail: a.OtherModeDetail,
		AutoMode:        r.Mode == ModeAuto,
	}
	if a.Mode == "" {
		f.Mode = rules.Security(EffectiveMode(Target{Port: r.Port, Mode: r.Mode}))
	}
	switch a.Outcome {
	case OutcomeRefused, OutcomeTimeout, OutcomeReset, OutcomeUnreachable:
		f.ConnectError = a.Outcome
	case "":
	default:
		f.Connected = true
	}
	if a.OtherMode {
		f.PortSpeaks = rules.Security(a.Mode) // found under ModeAuto, and used
		if a.Outcome == OutcomeOtherMode {
			f.PortSpeaks = rules.Security(otherMode(a.Mode)) // seen, not used
		}
	}
	// A plaintext reply read where a TLS handshake was expected answers our
	// ClientHello (often "554 synchronization error"): not a greeting policy.
	if a.Greeting != nil && a.Outcome != OutcomeOtherMode {
		f.GreetingCode = a.Greeting.Code
		f.GreetingText = a.Greeting.Text()
	}
	if a.GreetingSlow {
		f.GreetingSlowMS = int(a.GreetingMS)
	}
	if a.StartTLS != nil {
		f.StartTLSOffered = a.StartTLS.Offered
		if a.StartTLS.Reply != nil {
			f.StartTLSCode = a.StartTLS.Reply.Code
			f.StartTLSText = a.StartTLS.Reply.Text()
		}
	}
	if a.EHLO.Before != nil {
		f.AuthBeforeTLS = a.EHLO.Before.Auth
		f.EHLOCapable = true
	}
	f.HELOOnly = isHELO(a)
	if a.EHLO.After != nil {
		f.AuthAfterTLS = a.EHLO.After.Auth
		f.EHLOCapable = true
	}
	if a.TLS != nil {
		f.TLSDone = a.Outcome == OutcomeOK || a.EHLO.After != nil
		f.TLSVersion = a.TLS.Version
		f.TLSCipher = a.TLS.Cipher
		f.TLSVerified = a.TLS.Verified
		f.ChainVerified = a.TLS.ChainVerified
		f.VerifyError = a.TLS.VerifyError
		f.HostnameMatch = a.TLS.HostnameMatch
		f.HostnameError = a.TLS.HostnameError
		f.CertProblems = a.TLS.Problems
		f.OldTLSVersions = a.TLS.OldTLSAccepted
		f.OldTLSAccepted = len(a.TLS.OldTLSAccepted) > 0
		if len(a.TLS.Chain) > 0 {
			f.CertNotAfterUnix = a.TLS.Chain[0].NotAfter.Unix()
		}
	}
	if a.Outcome == OutcomeTLSFailed {
		f.TLSError = a.Error
	}
	if a.DANE != nil {
		f.DANEPresent = a.DANE.Records > 0
		f.DANEUsable = a.DANE.Usable > 0
		f.DANEMatch = a.DANE.Match
		f.DANEDetail = a.DANE.Detail
	}
	return f
}

// isHELO: the "ehlo" step fell back to HELO.
func isHELO(a AddressResult) bool {
	for _, s := range a.Steps {
		if s.Name == "ehlo" && len(s.Detail) >= 4 && s.Detail[:4] == "HELO" {
			return true
		}
	}
	return false
}

// findings explains every address and keeps each finding once.
func findings(r Result) []rules.Finding {
	out := []rules.Finding{}
	if len(r.Addresses) == 0 {
		for _, s := range r.Steps {
			if s.Name == "resolve" && !s.OK {
				mode := rules.Security(EffectiveMode(Target{Port: r.Port, Mode: r.Mode}))
				return append(out, rules.ProbeFindings(rules.ProbeFacts{Host: r.Host, Port: r.Port, Mode: mode, Outcome: "unresolved", Error: s.Detail})...)
			}
		}
		return out
	}
	seen := map[string]bool{}
	for _, a := range r.Addresses {
		for _, f := range rules.ProbeFindings(Facts(r, a)) {
			k := f.ID + "\x00" + f.Title + "\x00" + f.Detail
			if seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, f)
		}
	}
	return out
}
