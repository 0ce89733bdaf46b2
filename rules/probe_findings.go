package rules

// OWNER: probe helper. Pure: no fmt, no network; it is in the browser module.

import (
	"slices"
	"strconv"
	"strings"
)

// ProbeFacts is what one live probe observed, in the engine's own terms, so
// that live results are explained by the same rules as typed settings.
type ProbeFacts struct {
	Host             string
	Port             int
	From             string   // where the probe ran from (Config.From)
	Mode             Security // starttls or implicit: the mode the result was obtained with
	AutoMode         bool     // the mode was detected, not asked for
	Outcome          string   // probe outcome: ok, refused, timeout, reset, rejected, other-mode, ...
	Error            string   // the probe's error text, when any
	Connected        bool
	ConnectError     string // "refused", "timeout", "reset", "unreachable", ""
	GreetingCode     int
	GreetingText     string
	GreetingSlowMS   int // > 0 when the greeting came late (greet-pause)
	SpokeOtherMode   bool
	PortSpeaks       Security // with SpokeOtherMode: the mode the port actually speaks
	OtherModeDetail  string
	EHLOCapable      bool // an EHLO (or HELO) reply was read
	HELOOnly         bool // EHLO refused, HELO accepted
	StartTLSOffered  bool
	StartTLSCode     int
	StartTLSText     string
	TLSDone          bool   // the handshake completed
	TLSError         string // why the handshake failed
	TLSVersion       string // "TLS 1.3"
	TLSCipher        string
	TLSVerified      bool // chain trusted and the name matches
	ChainVerified    bool
	VerifyError      string
	HostnameMatch    bool
	HostnameError    string
	CertProblems     []CertProblem // why a client would refuse the certificate, in plain language
	CertNotAfterUnix int64
	OldTLSAccepted   bool     // TLS 1.0 or 1.1 accepted
	OldTLSVersions   []string // "TLS 1.0", "TLS 1.1"
	AuthBeforeTLS    []string
	AuthAfterTLS     []string
	DANEPresent      bool
	DANEUsable       bool
	DANEMatch        bool
	DANEDetail       string
	// Role is what the port is for within a whole-domain check; the zero
	// value (ProbeAsked) weighs every failure in full.
	Role ProbeRole
}

// ProbeRole is what a probe's port is for within a whole-domain check, so
// that a failure is weighed by what it costs the domain: a refused 2525
// beside a working 587 is a note, not "will fail".
type ProbeRole string

const (
	// ProbeAsked: the person asked for this host and port (or it is the
	// only way in): every failure counts in full.
	ProbeAsked ProbeRole = ""
	// ProbeFallback: an unofficial alternate (2525, 2465, 2587) tried
	// beside 587 and 465. Closed, it is information; broken, a warning.
	ProbeFallback ProbeRole = "fallback"
	// ProbeSpare: an official port or MX host with a working sibling (465
	// closed while 587 works on the same host; a backup MX down while
	// another MX answers on port 25). Closed, it is information on a
	// submission port and a warning on port 25; broken, a warning.
	ProbeSpare ProbeRole = "spare"
)

// IsFallbackPort reports whether port is an unofficial alternate of the
// submission ports (FACTS §1: 2525, 2465, 2587 and other provider
// alternates), as opposed to 25, 465 and 587.
func IsFallbackPort(port int) bool {
	return isSubmissionPort(port) && port != 465 && port != 587
}

// closedIDs are the findings that say a port is not there at all. A list,
// not a map: a map literal is built by code at start-up in every program
// that imports rules, the browser module included, which never reads it.
var closedIDs = []string{
	"probe-refused", "probe-filtered", "probe-reset", "probe-unreachable", "probe-closed", "probe-no-greeting",
}

var probeRefFactsPorts = Ref{Name: "whichport FACTS §1 (2525, 2465, 2587: unofficial or provider alternates; 587 and 465 are the submission ports)"}

// WeighProbeFindings re-weighs the findings of one probe of port by its
// role in a whole-domain check (see ProbeRole): a port that is not there
// becomes info (warning for a backup MX on port 25), any other error a
// warning, and the detail says why. ProbeAsked returns fs unchanged.
func WeighProbeFindings(fs []Finding, port int, role ProbeRole) []Finding {
	if role == ProbeAsked || len(fs) == 0 {
		return fs
	}
	out := make([]Finding, len(fs))
	for i, f := range fs {
		out[i] = f
		if f.Severity != SeverityError {
			continue
		}
		sev := SeverityWarning
		if slices.Contains(closedIDs, f.ID) && port != 25 {
			sev = SeverityInfo
		}
		var why string
		switch {
		case role == ProbeFallback:
			why = " Port " + strconv.Itoa(port) + " is an unofficial alternate that only some providers run; what matters for sending is 587 (STARTTLS) or 465 (implicit TLS)."
		case port == 25:
			why = " Another MX host of the domain answers on port 25, so senders can still deliver there."
		default:
			why = " Another submission port works on this host, so use that one; a provider need not offer both 587 and 465."
		}
		out[i].Severity = sev
		out[i].Detail = f.Detail + why
		out[i].Refs = append(append([]Ref(nil), f.Refs...), probeRefFactsPorts)
	}
	return out
}

// Probe outcomes, as the probe package names them.
const (
	probeUnresolved     = "unresolved"
	probeOK             = "ok"
	probeRefused        = "refused"
	probeTimeout        = "timeout"
	probeReset          = "reset"
	probeUnreachable    = "unreachable"
	probeClosed         = "closed"
	probeNoGreeting     = "no-greeting"
	probeRejected       = "rejected"
	probeOtherMode      = "other-mode"
	probeNoStartTLS     = "no-starttls"
	probeStartTLSFailed = "starttls-failed"
	probeTLSFailed      = "tls-failed"
)

var (
	probeRefRFC5321Greeting = Ref{Name: "RFC 5321 §3.1", URL: "https://www.rfc-editor.org/rfc/rfc5321#section-3.1"}
	probeRefRFC5321Codes    = Ref{Name: "RFC 5321 §4.2.3", URL: "https://www.rfc-editor.org/rfc/rfc5321#section-4.2.3"}
	probeRefRFC5321EHLO     = Ref{Name: "RFC 5321 §4.1.1.1", URL: "https://www.rfc-editor.org/rfc/rfc5321#section-4.1.1.1"}
	probeRefRFC3207         = Ref{Name: "RFC 3207 §4", URL: "https://www.rfc-editor.org/rfc/rfc3207#section-4"}
	probeRefRFC3207After    = Ref{Name: "RFC 3207 §4.2", URL: "https://www.rfc-editor.org/rfc/rfc3207#section-4.2"}
	probeRefRFC8314         = Ref{Name: "RFC 8314 §3.3", URL: "https://www.rfc-editor.org/rfc/rfc8314#section-3.3"}
	probeRefRFC8314TLS      = Ref{Name: "RFC 8314 §4.1", URL: "https://www.rfc-editor.org/rfc/rfc8314#section-4.1"}
	probeRefRFC8996         = Ref{Name: "RFC 8996 (TLS 1.0 and 1.1 deprecated)", URL: "https://www.rfc-editor.org/rfc/rfc8996"}
	probeRefRFC7817         = Ref{Name: "RFC 7817 §3", URL: "https://www.rfc-editor.org/rfc/rfc7817#section-3"}
	probeRefRFC5280         = Ref{Name: "RFC 5280 §6", URL: "https://www.rfc-editor.org/rfc/rfc5280#section-6"}
	probeRefRFC4954         = Ref{Name: "RFC 4954 §4", URL: "https://www.rfc-editor.org/rfc/rfc4954#section-4"}
	probeRefRFC7672         = Ref{Name: "RFC 7672 §3", URL: "https://www.rfc-editor.org/rfc/rfc7672#section-3"}
	probeRefRFC7672Usable   = Ref{Name: "RFC 7672 §3.1.3", URL: "https://www.rfc-editor.org/rfc/rfc7672#section-3.1.3"}
	probeRefRFC6409         = Ref{Name: "RFC 6409 §4", URL: "https://www.rfc-editor.org/rfc/rfc6409#section-4"}
	probeRefFactsErrors     = Ref{Name: "whichport FACTS §6 (getaddrinfo ENOTFOUND / no such host)"}
	probeRefFactsBlocked    = Ref{Name: "whichport FACTS §4 (where outbound ports are blocked)"}
	probeRefFactsLibraries  = Ref{Name: "whichport FACTS §5 (implicit TLS vs STARTTLS options per library)"}
	probeRefFactsGreylist   = Ref{Name: "whichport FACTS §7.5 (rate limiting and greylisting are not TLS problems)"}
	probeRefFactsGreetPause = Ref{Name: "whichport FACTS §7.6 (greet-pause is not a failure)"}
)

// isSubmissionPort: ports where a mail client or application submits mail.
func isSubmissionPort(p int) bool {
	switch p {
	case 465, 587, 2465, 2525, 2587, 8465, 8025:
		return true
	}
	return false
}

func portName(p int) string { return "port " + strconv.Itoa(p) }

func modeName(m Security) string {
	switch m {
	case SecurityImplicit:
		return "implicit TLS (\"SSL/TLS\")"
	case SecurityStartTLS:
		return "STARTTLS"
	}
	return "plaintext"
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return s
}

// ProbeFindings explains what one probe observed, in plain language, most
// important first. IDs are stable public API.
func ProbeFindings(f ProbeFacts) []Finding {
	out := []Finding{}
	add := func(x Finding) { out = append(out, x) }
	where := f.Host + ":" + strconv.Itoa(f.Port)
	port := portName(f.Port)

	switch f.Outcome {
	case probeUnresolved:
		add(Finding{ID: "probe-unresolved", Severity: SeverityError,
			Title:   "No address found for " + f.Host,
			Detail:  "The host name did not resolve to any IPv4 or IPv6 address: " + orText(f.Error, "no A or AAAA records") + ". A typo in the host name, or a DNS failure, gives \"getaddrinfo ENOTFOUND\" or \"no such host\" in your program.",
			Fix:     "Check the spelling of the host name against your provider's documentation.",
			Setting: "host", Refs: []Ref{probeRefFactsErrors}})
	case probeRefused:
		add(Finding{ID: "probe-refused", Severity: SeverityError,
			Title:   "Nothing accepts connections on " + where + " (connection refused)",
			Detail:  "The address answered, but refused the connection: no mail server listens on this port there, or a firewall next to the server rejects it.",
			Fix:     pickString(f.Port == 25, "If this host receives mail for a domain, its operator must run a mail server on port 25 and open it to the internet: senders deliver on 25 only.", "Check the host name and the port in your provider's documentation; try 587 (STARTTLS) or 465 (implicit TLS)."),
			Setting: "port", Refs: []Ref{probeRefRFC8314}})
	case probeTimeout:
		add(Finding{ID: "probe-filtered", Severity: SeverityError,
			Title:   "Port filtered (timed out): your network or the server's may block " + port,
			Detail:  "The connection attempt got no answer at all, which is what a firewall that drops packets looks like. Many hosting providers block outgoing port 25 (and some 465 or 587); the probe ran from " + orText(f.From, "the whichport server") + ", so your own network may differ.",
			Fix:     pickString(f.Port == 25, "Senders deliver to an MX on port 25 only: if the probe's network blocks outgoing 25, check from a network that allows it; if this MX is yours, make sure its firewall accepts port 25 from the internet.", "Try 587 (STARTTLS) or 465 (implicit TLS), or 2525 if your provider offers it; ask your hosting provider whether outgoing mail ports are blocked."),
			Setting: "port", Refs: []Ref{probeRefFactsBlocked}})
	case probeReset:
		add(Finding{ID: "probe-reset", Severity: SeverityError,
			Title:  "The connection to " + where + " was reset",
			Detail: "Something between the probe and the server, or the server itself, cut the connection. Firewalls and intrusion-prevention systems do this to ports they block.",
			Fix:    pickString(f.Port == 25, "Try again later; if it persists, ask the server's operator (senders deliver to an MX on port 25 only).", "Try again later, or try another port (587, 465); if it persists, ask the server's operator."),
			Refs:   []Ref{probeRefFactsBlocked}})
	case probeUnreachable:
		add(Finding{ID: "probe-unreachable", Severity: SeverityError,
			Title:  "No route to " + where,
			Detail: "The network could not reach the address at all (for example an IPv6 address from a network without IPv6).",
			Fix:    "Check the host name; if only one address family fails, the server's other addresses may still work.",
			Refs:   []Ref{probeRefFactsBlocked}})
	case probeClosed:
		if f.GreetingCode == 0 {
			add(Finding{ID: "probe-closed", Severity: SeverityError,
				Title:  "The server at " + where + " closed the connection without a word",
				Detail: "It accepted the connection and closed it before greeting. Servers do this to clients they refuse (by address or by rate), or when the service behind the port is down.",
				Fix:    "Try again later; if it persists, ask the server's operator.",
				Refs:   []Ref{probeRefRFC5321Greeting}})
		}
	case probeNoGreeting:
		fix := "If your provider documents this port as implicit TLS, set security to implicit TLS (\"SSL/TLS\"); otherwise try 587 with STARTTLS."
		add(Finding{ID: "probe-no-greeting", Severity: SeverityError,
			Title:   "Connected to " + where + ", but the server never greeted",
			Detail:  "A plaintext SMTP server speaks first (a 220 greeting). Silence usually means the port expects implicit TLS, or the server is tarpitting this client.",
			Fix:     fix,
			Setting: "security", Refs: []Ref{probeRefRFC5321Greeting, probeRefFactsLibraries}})
	}

	if f.GreetingCode == 421 {
		add(Finding{ID: "probe-greeting-421", Severity: SeverityWarning,
			Title:  "Greeting 421: the server is rate limiting or greylisting — not a TLS problem",
			Detail: "The server answered \"" + firstLine(f.GreetingText) + "\" and closed: it refuses this client for now (too many connections, greylisting, a temporary block). Nothing is wrong with your port or TLS settings.",
			Fix:    "Retry later; if it persists from your own machine, ask the provider whether your address is blocked.",
			Refs:   []Ref{probeRefRFC5321Codes, probeRefFactsGreylist}})
	} else if f.GreetingCode == 554 {
		add(Finding{ID: "probe-greeting-554", Severity: SeverityError,
			Title:  "Greeting 554: the server refuses connections from here",
			Detail: "The server answered \"" + firstLine(f.GreetingText) + "\": a policy refusal of the connecting address (block list, no service for this network). It is not a TLS or port problem.",
			Fix:    "Check whether the sending address is block-listed, or use the provider's documented submission host.",
			Refs:   []Ref{probeRefRFC5321Greeting}})
	} else if f.GreetingCode != 0 && f.GreetingCode != 220 {
		add(Finding{ID: "probe-greeting-unexpected", Severity: SeverityError,
			Title:  "Unexpected greeting " + strconv.Itoa(f.GreetingCode) + " from " + where,
			Detail: "The server greeted with \"" + firstLine(f.GreetingText) + "\" instead of 220.",
			Fix:    "Try again later, or ask the server's operator.",
			Refs:   []Ref{probeRefRFC5321Greeting}})
	}
	if f.GreetingSlowMS > 0 {
		add(Finding{ID: "probe-greeting-slow", Severity: SeverityInfo,
			Title:  "Slow greeting (greet-pause, " + strconv.Itoa(f.GreetingSlowMS/1000) + " s): normal anti-spam measure, not a failure",
			Detail: "The server waited before greeting. Spam-fighting servers do this on purpose (Postfix postscreen, Exim greet-pause) to catch clients that talk too early. RFC 5321 lets a client wait 5 minutes for a greeting.",
			Fix:    "Nothing to fix; make sure your client's connection timeout is longer than the pause.",
			Refs:   []Ref{probeRefRFC5321Greeting, probeRefFactsGreetPause}})
	}

	if f.SpokeOtherMode {
		detail := f.OtherModeDetail
		if f.PortSpeaks == SecurityStartTLS {
			// the port speaks plaintext first: STARTTLS
			add(Finding{ID: "probe-port-speaks-plaintext", Severity: SeverityError,
				Title:   strconv.Itoa(f.Port) + " speaks plaintext here (STARTTLS), not implicit TLS",
				Detail:  "The server greets in plaintext on " + port + LibraryText(", so a client set to implicit TLS (\"SSL/TLS\", {nodemailer.implicit}, {python-smtplib.implicit-name}) fails with \"wrong version number\" or \"first record does not look like a TLS handshake\". ") + detail,
				Fix:     "Set security to STARTTLS for " + port + LibraryText(" (nodemailer {nodemailer.starttls}, {python-smtplib.plain} then starttls(), PHPMailer {phpmailer.starttls-name})."),
				Setting: "security", Refs: []Ref{probeRefRFC3207, probeRefFactsLibraries}})
		} else {
			add(Finding{ID: "probe-port-speaks-tls", Severity: SeverityError,
				Title:   strconv.Itoa(f.Port) + " speaks implicit TLS here, not plaintext/STARTTLS",
				Detail:  "The server on " + port + " expects the TLS handshake first, so a client set to STARTTLS waits for a greeting that never comes (\"Greeting never received\", a timeout). " + detail,
				Fix:     "Set security to implicit TLS for " + port + LibraryText(" (nodemailer {nodemailer.implicit}, smtplib.{python-smtplib.implicit-name}, PHPMailer {phpmailer.implicit-name}, MailKit {mailkit.implicit-name})."),
				Setting: "security", Refs: []Ref{probeRefRFC8314, probeRefFactsLibraries}})
		}
	}

	if f.HELOOnly {
		add(Finding{ID: "probe-helo-only", Severity: SeverityWarning,
			Title:  "The server does not understand EHLO (only HELO)",
			Detail: "An SMTP server without EHLO announces no extensions: no STARTTLS and no AUTH.",
			Fix:    "Use another server or port; this one cannot protect the connection.",
			Refs:   []Ref{probeRefRFC5321EHLO}})
	}
	if f.Outcome == probeRejected && f.GreetingCode == 220 {
		add(Finding{ID: "probe-ehlo-rejected", Severity: SeverityError,
			Title:  "The server refused EHLO",
			Detail: "After greeting, the server refused the EHLO command: " + firstLine(f.Error),
			Fix:    "Try again later or ask the server's operator.",
			Refs:   []Ref{probeRefRFC5321EHLO}})
	}

	if f.Outcome == probeNoStartTLS {
		sev, fix := SeverityError, "Use a port where the server offers STARTTLS (587) or implicit TLS (465); never send a password over this connection."
		if !isSubmissionPort(f.Port) {
			sev, fix = SeverityWarning, "Mail between servers on port 25 then goes unencrypted; the server's operator should enable STARTTLS."
		}
		add(Finding{ID: "probe-no-starttls", Severity: sev,
			Title:   "STARTTLS not offered on " + strconv.Itoa(f.Port),
			Detail:  "The server's EHLO reply does not list STARTTLS, so a client cannot encrypt this connection (a client that insists gets \"STARTTLS not supported\" or 502).",
			Fix:     fix,
			Setting: "port", Refs: []Ref{probeRefRFC3207}})
	}
	if f.Outcome == probeStartTLSFailed {
		id, title := "probe-starttls-refused", "STARTTLS refused ("+strconv.Itoa(f.StartTLSCode)+")"
		detail := "The server advertised STARTTLS but answered \"" + strconv.Itoa(f.StartTLSCode) + " " + firstLine(f.StartTLSText) + "\"."
		if f.StartTLSCode == 454 {
			id, title = "probe-starttls-454", "STARTTLS answered 454: TLS is temporarily unavailable on the server"
			detail += " 454 means the server's own TLS setup is broken or overloaded (a missing certificate or key, for example); a client must not go on without TLS."
		}
		add(Finding{ID: id, Severity: SeverityError, Title: title, Detail: detail,
			Fix:  pickString(f.Port == 25, "The server's operator should fix its TLS set-up (certificate and key files); senders fall back to cleartext or retry later.", "Try again later, or port 465 with implicit TLS; report it to the provider if it persists."),
			Refs: []Ref{probeRefRFC3207}})
	}
	if f.Outcome == probeTLSFailed {
		add(Finding{ID: "probe-tls-failed", Severity: SeverityError,
			Title:  "The TLS handshake with " + where + " failed",
			Detail: orText(f.TLSError, "The server broke off the TLS handshake."),
			Fix:    f.tlsFailedFix(),
			Refs:   []Ref{probeRefRFC8314TLS}})
	}

	if f.TLSVersion != "" {
		f.addTLSFindings(add, where)
	}

	if len(f.AuthBeforeTLS) > 0 && f.Mode == SecurityStartTLS {
		add(Finding{ID: "probe-auth-before-tls", Severity: SeverityWarning,
			Title:  "AUTH offered before TLS (" + strings.Join(f.AuthBeforeTLS, " ") + ")",
			Detail: "The server offers to take a password before the connection is encrypted. A client that does not insist on STARTTLS may send it in the clear. whichport reads AUTH only from the reply after TLS.",
			Fix:    LibraryText("Make your client require TLS (nodemailer `{nodemailer.require}`, JavaMail `{javamail.require}`); the operator") + " should offer AUTH only after STARTTLS" + f.serverSetting(LibraryText(" (Postfix `{postfix.auth-only}`)"), " (Exim: advertise AUTH only over TLS, `auth_advertise_hosts = ${if eq{$tls_in_cipher}{}{}{*}}`)") + ".",
			Refs:   []Ref{probeRefRFC4954, probeRefRFC3207After}})
	}
	if f.TLSDone && f.EHLOCapable && len(f.AuthAfterTLS) == 0 && isSubmissionPort(f.Port) {
		add(Finding{ID: "probe-no-auth", Severity: SeverityInfo,
			Title:  "No AUTH offered on " + port + " after TLS",
			Detail: "Submission ports normally ask for a login. Without AUTH, the server accepts mail only from addresses it trusts (relay by IP) or not at all from here.",
			Fix:    "If you expected to log in, check the host and port in your provider's documentation.",
			Refs:   []Ref{probeRefRFC6409}})
	}

	if f.DANEPresent {
		if f.DANEDetail == "" {
			switch {
			case f.DANEMatch:
				f.DANEDetail = "A TLSA record matches the certificate the server sent"
			case !f.DANEUsable:
				f.DANEDetail = "SMTP uses only TLSA records with usage 3 (DANE-EE) or 2 (DANE-TA); these records have neither"
			default:
				f.DANEDetail = "No TLSA record matches the certificate the server sent"
			}
		}
		switch {
		case f.DANEMatch:
			add(Finding{ID: "probe-dane-match", Severity: SeverityOK,
				Title:  "DANE: the TLSA record matches the server's certificate",
				Detail: f.DANEDetail + ". DANE counts only when the TLSA and MX answers are DNSSEC-signed.",
				Refs:   []Ref{probeRefRFC7672}})
		case !f.DANEUsable:
			add(Finding{ID: "probe-dane-unusable", Severity: SeverityWarning,
				Title:  "DANE: no usable TLSA record for SMTP",
				Detail: f.DANEDetail,
				Fix:    "Publish TLSA records with usage 3 (DANE-EE) or 2 (DANE-TA), e.g. \"3 1 1 <SHA-256 of the public key>\".",
				Refs:   []Ref{probeRefRFC7672Usable}})
		case f.TLSDone || f.TLSVersion != "":
			add(Finding{ID: "probe-dane-mismatch", Severity: SeverityError,
				Title:  "DANE: no TLSA record matches the server's certificate",
				Detail: f.DANEDetail + ". DANE-enforcing senders will refuse to deliver to this server.",
				Fix:    "Publish TLSA records for the current certificate (keep the old and new ones during a rollover), or roll back the certificate.",
				Refs:   []Ref{probeRefRFC7672}})
		}
	}

	if f.Outcome == probeOK && f.TLSDone && f.TLSVerified && !f.SpokeOtherMode {
		add(Finding{ID: "probe-works", Severity: SeverityOK,
			Title:   strconv.Itoa(f.Port) + " answered with " + modeName(f.Mode) + " and " + f.TLSVersion + ": use it",
			Detail:  "The server greeted, the TLS handshake completed with a certificate valid for " + f.Host + ", and it offers " + authWords(f.AuthAfterTLS) + ".",
			Fix:     "Host " + f.Host + ", port " + strconv.Itoa(f.Port) + ", security " + modeName(f.Mode) + ".",
			Setting: "",
			Refs:    []Ref{probeRefRFC8314}})
	} else if f.Outcome == probeOK && f.TLSDone && f.SpokeOtherMode {
		add(Finding{ID: "probe-works-other-mode", Severity: SeverityInfo,
			Title:   strconv.Itoa(f.Port) + " works with " + modeName(f.Mode) + " and " + f.TLSVersion,
			Detail:  "The probe found the mode this port speaks and completed the dialogue with it.",
			Fix:     "Host " + f.Host + ", port " + strconv.Itoa(f.Port) + ", security " + modeName(f.Mode) + ".",
			Setting: "security",
			Refs:    []Ref{probeRefFactsLibraries}})
	}
	if f.Outcome != "" && f.Outcome != probeOK && len(out) == 0 {
		add(Finding{ID: "probe-failed", Severity: SeverityError,
			Title:  "The probe of " + where + " failed",
			Detail: orText(f.Error, "The dialogue with the server did not complete."),
			Fix:    "Try again later; if it persists, compare with your provider's documented host and port.",
			Refs:   []Ref{probeRefRFC5321Greeting}})
	}
	// Every title names the host and port it is about.
	for i := range out {
		t, p := out[i].Title, strconv.Itoa(f.Port)
		switch {
		case strings.Contains(t, f.Host):
		case strings.HasPrefix(t, p+" "):
			out[i].Title = where + t[len(p):]
		case strings.HasSuffix(t, " on "+p):
			out[i].Title = t[:len(t)-len(p)] + where
		default:
			out[i].Title = where + ": " + t
		}
	}
	return WeighProbeFindings(out, f.Port, f.Role)
}

// software is the mail server the greeting names ("postfix", "exim" or "").
func (f ProbeFacts) software() string {
	g := strings.ToLower(f.GreetingText)
	switch {
	case strings.Contains(g, "postfix"):
		return "postfix"
	case strings.Contains(g, "exim"):
		return "exim"
	}
	return ""
}

// serverSetting is the setting for the server software the greeting names:
// Postfix's, Exim's, or none when the greeting does not say.
func (f ProbeFacts) serverSetting(postfix, exim string) string {
	switch f.software() {
	case "postfix":
		return postfix
	case "exim":
		return exim
	}
	return ""
}

// tlsFailedFix is the fix for a failed handshake, by what was tried.
func (f ProbeFacts) tlsFailedFix() string {
	if f.Mode == SecurityStartTLS {
		// STARTTLS was accepted, then the handshake failed: the mode is right.
		return "The server accepted STARTTLS, then the TLS handshake failed: its TLS set-up is broken or accepts only old versions or ciphers. Report it to the server's operator" + pickString(f.Port == 25, ".", "; until then, try port 465 with implicit TLS if your provider offers it.")
	}
	return "If the server sent something that is not TLS, this port does not speak implicit TLS: use STARTTLS on it (or port 587). Otherwise the server's TLS set-up is broken or accepts only old versions; report it to the provider."
}

func orText(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func authWords(mechs []string) string {
	if len(mechs) == 0 {
		return "no login (AUTH)"
	}
	return "login with " + strings.Join(mechs, ", ")
}

func (f ProbeFacts) addTLSFindings(add func(Finding), where string) {
	// Between servers on port 25, TLS is opportunistic (RFC 7435): senders
	// do not check the certificate unless the domain publishes MTA-STS or
	// DANE, so a bad certificate there is a warning, not a failure.
	certSeverity, relayNote := SeverityError, ""
	if f.Port == 25 {
		certSeverity = SeverityWarning
		relayNote = " On port 25, sending servers use TLS opportunistically and do not check the certificate unless the domain publishes MTA-STS or DANE (then they do, and refuse it)."
	}
	if !f.TLSVerified {
		add(f.certFinding(certSeverity, relayNote))
	} else {
		for _, p := range f.CertProblems {
			if p.Reason == CertWeakKey || p.Reason == CertWeakSignature {
				add(Finding{ID: "probe-cert-weak", Severity: SeverityWarning,
					Title:  "The certificate on " + f.Host + ":" + strconv.Itoa(f.Port) + " is weak: stricter clients refuse it",
					Detail: p.Text + " Go's verifier accepted it; OpenSSL at its default security level, and current browsers, do not.",
					Fix:    "The server's operator should reissue the certificate with a 2048-bit RSA or a P-256 key, signed with SHA-256.",
					Refs:   []Ref{probeRefRFC5280}})
				break
			}
		}
	}
	if f.TLSVersion == "TLS 1.0" || f.TLSVersion == "TLS 1.1" || strings.HasPrefix(f.TLSVersion, "SSL") {
		add(Finding{ID: "probe-tls-version-old", Severity: SeverityError,
			Title:  f.TLSVersion + " negotiated with " + where,
			Detail: "The server chose a TLS version that is deprecated; current clients refuse it.",
			Fix:    "The operator should enable TLS 1.2 and 1.3.",
			Refs:   []Ref{probeRefRFC8996, probeRefRFC8314TLS}})
	}
	if len(f.OldTLSVersions) > 0 {
		v := strings.Join(f.OldTLSVersions, " and ")
		add(Finding{ID: "probe-old-tls-accepted", Severity: SeverityWarning,
			Title:  v + " still accepted",
			Detail: "The server still agrees to a handshake with " + v + " (checked on separate connections), deprecated since 2021 (RFC 8996). Your client will use a newer version; this matters to auditors and to old clients that stay on it.",
			Fix:    "The operator should turn off TLS 1.0 and 1.1" + f.serverSetting(" (Postfix: `smtpd_tls_protocols = >=TLSv1.2` and `smtpd_tls_mandatory_protocols = >=TLSv1.2`)", " (Exim: `openssl_options = +no_tlsv1 +no_tlsv1_1`)") + ".",
			Refs:   []Ref{probeRefRFC8996}})
	}
}

// probeFindingCatalog lists every finding ID ProbeFindings can produce.
var probeFindingCatalog = []FindingInfo{
	{"probe-unresolved", SeverityError, "the host name has no A or AAAA address (Run returns ErrNoAddresses)", "FACTS §6 (ENOTFOUND)"},
	{"probe-refused", SeverityError, "connection refused", "RFC 8314; FACTS §6 (ECONNREFUSED)"},
	{"probe-filtered", SeverityError, "the connection attempt timed out: likely filtered", "FACTS §4, §6 (ETIMEDOUT)"},
	{"probe-reset", SeverityError, "the connection was reset", "FACTS §4"},
	{"probe-unreachable", SeverityError, "no route to the address", "FACTS §4"},
	{"probe-closed", SeverityError, "the server closed the connection before greeting", "RFC 5321 §3.1"},
	{"probe-no-greeting", SeverityError, "connected, but no greeting within the bounded wait (and no TLS found on a second connection)", "RFC 5321 §3.1; FACTS §5"},
	{"probe-greeting-421", SeverityWarning, "421 greeting: rate limiting, greylisting, tarpitting; not a TLS problem", "RFC 5321 §4.2.3; FACTS §6, §7.5"},
	{"probe-greeting-554", SeverityError, "554 greeting: policy refusal of the connecting address", "RFC 5321 §3.1"},
	{"probe-greeting-unexpected", SeverityError, "a greeting code other than 220, 421 or 554", "RFC 5321 §3.1"},
	{"probe-greeting-slow", SeverityInfo, "the greeting came after Config.SlowGreeting (greet-pause): not a failure", "RFC 5321 §4.5.3.2; FACTS §7.6"},
	{"probe-port-speaks-plaintext", SeverityError, "implicit TLS tried, but the port greets in plaintext (STARTTLS port)", "RFC 3207; FACTS §5, §6 (wrong version number)"},
	{"probe-port-speaks-tls", SeverityError, "STARTTLS tried, but the port speaks implicit TLS (silence, then TLS on a second connection, or a TLS record instead of a greeting)", "RFC 8314 §3.3; FACTS §5, §6 (Greeting never received)"},
	{"probe-helo-only", SeverityWarning, "EHLO refused with 500/502, HELO accepted: no extensions", "RFC 5321 §4.1.1.1"},
	{"probe-ehlo-rejected", SeverityError, "the server refused EHLO and HELO after greeting", "RFC 5321 §4.1.1.1"},
	{"probe-no-starttls", SeverityError, "STARTTLS not in the EHLO reply (warning on port 25)", "RFC 3207"},
	{"probe-starttls-454", SeverityError, "STARTTLS answered 454: TLS temporarily unavailable", "RFC 3207 §4; FACTS §6"},
	{"probe-starttls-refused", SeverityError, "STARTTLS answered with another refusal (501, 5xx)", "RFC 3207 §4"},
	{"probe-tls-failed", SeverityError, "the TLS handshake failed (alert, not TLS, timeout)", "RFC 8314 §4.1"},
	{"probe-cert-name", SeverityError, "the chain is trusted but the certificate does not name the host asked for (warning on port 25: opportunistic TLS)", "RFC 7817 §3; FACTS §6 (x509 ... not B)"},
	{"probe-cert-untrusted", SeverityError, "the chain does not verify (unknown authority, missing intermediate...): the verifier's reason (warning on port 25)", "RFC 5280 §6; FACTS §6"},
	{"probe-cert-weak", SeverityWarning, "the certificate verifies here but has a key under 2048 bits (RSA) or a SHA-1/MD5 signature, which stricter clients refuse", "RFC 5280; NIST SP 800-131A"},
	{"probe-cert-expired", SeverityError, "the certificate is expired or not yet valid", "RFC 5280 §6; FACTS §6"},
	{"probe-tls-version-old", SeverityError, "the session was TLS 1.0 or 1.1", "RFC 8996; RFC 8314 §4.1"},
	{"probe-old-tls-accepted", SeverityWarning, "TLS 1.0 or 1.1 still completes a handshake (separate connections)", "RFC 8996"},
	{"probe-auth-before-tls", SeverityWarning, "AUTH offered in the EHLO reply before STARTTLS", "RFC 4954 §4; RFC 3207 §4.2"},
	{"probe-no-auth", SeverityInfo, "no AUTH after TLS on a submission port", "RFC 6409 §4"},
	{"probe-dane-match", SeverityOK, "a usable TLSA record matches the chain", "RFC 7672 §3"},
	{"probe-dane-mismatch", SeverityError, "TLSA records given, none matches the chain", "RFC 7672 §3"},
	{"probe-dane-unusable", SeverityWarning, "TLSA records given, none with usage 2 or 3", "RFC 7672 §3.1.3"},
	{"probe-works", SeverityOK, "the dialogue went through with a verified certificate: use this port and mode", "RFC 8314"},
	{"probe-works-other-mode", SeverityInfo, "under auto mode, the dialogue went through in the mode the port speaks", "FACTS §5"},
	{"probe-failed", SeverityError, "any other failure (garbage, limits, timeouts mid-dialogue)", "RFC 5321"},
}

// KnownProbeFindings lists every finding ID ProbeFindings can produce, with
// its usual severity, when it fires and its source.
func KnownProbeFindings() []FindingInfo {
	return append([]FindingInfo(nil), probeFindingCatalog...)
}

// certProblems are the reasons the certificate would be refused: the
// prober's when it gave them, else read from the verifier's text.
func (f ProbeFacts) certProblems() []CertProblem {
	if len(f.CertProblems) > 0 {
		return f.CertProblems
	}
	var out []CertProblem
	if !f.ChainVerified && f.VerifyError != "" && f.VerifyError != f.HostnameError {
		r, text := CertUnknownIssuer, "The verifier does not trust the chain the server sent: a private or self-signed certificate, a missing intermediate certificate, or TLS interception."
		if strings.Contains(f.VerifyError, "expired") || strings.Contains(f.VerifyError, "not yet valid") {
			r, text = CertExpired, "The certificate is outside its validity period (expired, or not valid yet)."
		}
		out = append(out, CertProblem{Reason: r, Text: text, Verifier: f.VerifyError})
	}
	if !f.HostnameMatch {
		out = append(out, CertProblem{Reason: CertNameMismatch, Text: "The certificate does not name " + f.Host + ", the host asked for.", Verifier: f.HostnameError})
	}
	if len(out) == 0 {
		out = append(out, CertProblem{Reason: CertInvalid, Text: "The certificate does not verify.", Verifier: f.VerifyError})
	}
	return out
}

// certFinding is the one finding about a certificate a client would refuse:
// its title names the host, the port and the first reason in plain words;
// its detail gives every reason with the verifier's own text beside it.
func (f ProbeFacts) certFinding(sev Severity, relayNote string) Finding {
	ps := f.certProblems()
	where := f.Host + ":" + strconv.Itoa(f.Port)
	first := ps[0]
	id := "probe-cert-untrusted"
	switch first.Reason {
	case CertExpired, CertNotYetValid:
		id = "probe-cert-expired"
	case CertNameMismatch:
		id = "probe-cert-name"
	}
	what := map[CertReason]string{
		CertExpired:       "has expired",
		CertNotYetValid:   "is not valid yet",
		CertSelfSigned:    "is self-signed",
		CertUnknownIssuer: "comes from an issuer clients do not trust",
		CertNameMismatch:  "does not name " + f.Host,
		CertWeakKey:       "has a key too weak for clients",
		CertWeakSignature: "has a signature clients no longer accept",
	}[first.Reason]
	if what == "" {
		what = "was refused by the verifier"
	}
	var detail strings.Builder
	fixes := []string{}
	addFix := func(s string) {
		for _, x := range fixes {
			if x == s {
				return
			}
		}
		fixes = append(fixes, s)
	}
	for i, p := range ps {
		if i > 0 {
			detail.WriteString(" ")
		}
		detail.WriteString(p.Text)
		if p.Verifier != "" {
			detail.WriteString(" (The verifier says: " + p.Verifier + ")")
		}
		switch p.Reason {
		case CertExpired:
			addFix("The server's operator should renew the certificate and reload the mail server so that it serves the new one.")
		case CertNotYetValid:
			addFix("The server's operator should check the server's clock, or serve the previous certificate until the new one starts.")
		case CertNameMismatch:
			if len(ps) == 1 {
				addFix("Connect by one of the names the certificate holds, or ask the operator for a certificate that covers " + f.Host + ".")
			} else {
				addFix("The certificate should also cover " + f.Host + ".")
			}
		case CertWeakKey, CertWeakSignature:
			addFix("The server's operator should reissue the certificate with a 2048-bit RSA or a P-256 key, signed with SHA-256.")
		default:
			addFix("The server's operator should install a certificate from a public authority with its full chain (intermediates included); never turn verification off in production.")
		}
	}
	detail.WriteString(" Clients that verify certificates (all of them, by default) refuse it.")
	finding := Finding{ID: id, Severity: sev,
		Title:  "The certificate on " + where + " " + what,
		Detail: detail.String() + relayNote,
		Fix:    strings.Join(fixes, " "),
		Refs:   []Ref{probeRefRFC5280, probeRefRFC7817}}
	if id == "probe-cert-name" && len(ps) == 1 {
		finding.Setting = "host"
		finding.Refs = []Ref{probeRefRFC7817}
	}
	return finding
}
