package rules

// This file holds FACTS §1: the submission and relay ports, the TLS mode each
// expects, and who blocks them. PortFacts gives the rows to the page and the
// API; the explainer uses standardSecurity to check a port/TLS pair.

var portTable = []PortFact{
	{Port: 587, Name: "submission", Security: SecurityStartTLS,
		TLS:      "STARTTLS: plaintext greeting, the client sends EHLO, STARTTLS, then EHLO again",
		Purpose:  "mail clients and applications submitting to their own provider; sign-in (AUTH) required",
		Standard: Ref{Name: "RFC 6409", URL: "https://www.rfc-editor.org/rfc/rfc6409"}},
	{Port: 465, Name: "submissions", Security: SecurityImplicit,
		TLS:      "implicit TLS: the TLS handshake is the first thing on the wire",
		Purpose:  "the same as 587; RFC 8314 (2018) prefers it over STARTTLS. It is not deprecated",
		Standard: Ref{Name: "RFC 8314 §3.3", URL: "https://www.rfc-editor.org/rfc/rfc8314#section-3.3"}},
	{Port: 25, Name: "smtp", Security: SecurityStartTLS,
		TLS:      "none, or STARTTLS when the server offers it (opportunistic)",
		Purpose:  "server-to-server relay (an MTA to an MX); not for applications or mail clients; blocked outbound by most clouds",
		Standard: Ref{Name: "RFC 5321; STARTTLS RFC 3207", URL: "https://www.rfc-editor.org/rfc/rfc5321"}},
	{Port: 2525, Security: SecurityStartTLS,
		TLS:      "like 587: STARTTLS, then sign-in",
		Purpose:  "unofficial fallback many sending services (ESPs) run for when 587 is blocked",
		Standard: Ref{Name: "no RFC or IANA assignment"}},
	{Port: 2587, Security: SecurityStartTLS,
		TLS:      "STARTTLS, like 587",
		Purpose:  "Amazon SES and Resend alternate of 587",
		Standard: Ref{Name: "provider docs (Amazon SES, Resend)"}},
	{Port: 2465, Security: SecurityImplicit,
		TLS:      "implicit TLS, like 465",
		Purpose:  "Amazon SES and Resend alternate of 465",
		Standard: Ref{Name: "provider docs (Amazon SES, Resend)"}},
}

// PortFacts returns the rows of FACTS §1 (587, 465, 25, 2525, 2587, 2465),
// each with the environments of FACTS §4 that block it by default.
func PortFacts() []PortFact {
	out := make([]PortFact, len(portTable))
	copy(out, portTable)
	for i := range out {
		p := &out[i]
		p.BlockedBy = []Environment{}
		for k := range environmentTable {
			e := &environmentTable[k]
			for _, b := range e.Blocks {
				if b == p.Port {
					p.BlockedBy = append(p.BlockedBy, e.ID)
				}
			}
		}
	}
	return out
}

// standardSecurity is the TLS mode a well-known port expects.
func standardSecurity(port int) (Security, bool) {
	for _, p := range portTable {
		if p.Port == port {
			return p.Security, true
		}
	}
	return SecurityUnset, false
}

// References cited by the port and TLS findings.
var (
	refRFC8314    = Ref{Name: "RFC 8314 §3.3", URL: "https://www.rfc-editor.org/rfc/rfc8314#section-3.3"}
	refRFC8314All = Ref{Name: "RFC 8314", URL: "https://www.rfc-editor.org/rfc/rfc8314"}
	refRFC3207    = Ref{Name: "RFC 3207", URL: "https://www.rfc-editor.org/rfc/rfc3207"}
	refRFC6409    = Ref{Name: "RFC 6409", URL: "https://www.rfc-editor.org/rfc/rfc6409"}
	refRFC5321    = Ref{Name: "RFC 5321", URL: "https://www.rfc-editor.org/rfc/rfc5321"}
	refRFC4954    = Ref{Name: "RFC 4954", URL: "https://www.rfc-editor.org/rfc/rfc4954"}
	refRFC7817    = Ref{Name: "RFC 7817", URL: "https://www.rfc-editor.org/rfc/rfc7817"}
	refRFC6186    = Ref{Name: "RFC 6186", URL: "https://www.rfc-editor.org/rfc/rfc6186"}
	refFacts1     = Ref{Name: "whichport FACTS §1 (ports)"}
	refFacts5     = Ref{Name: "whichport FACTS §5 (libraries)"}
	refNodemailer = Ref{Name: "nodemailer issue 1582 (STARTTLS on 465, reported by users)"}
)

// ImplicitTLSPort reports whether TLS is the first thing on the wire on
// port by convention: 465 (RFC 8314), and the alternates 2465 and 8465 some
// providers run beside it.
func ImplicitTLSPort(port int) bool { return port == 465 || port == 2465 || port == 8465 }
