package rules

import (
	"slices"
	"strconv"
	"strings"
)

// ---- recommendation ----

// candidates are the port/TLS pairs worth using here, best first, before the
// environment and library filters.
//
// A mail server relaying without signing in delivers to the recipient's MX:
// port 25 is what it is for (RFC 5321), and submission ports, which need a
// sign-in, are not offered. Relaying with a sign-in is submission to a
// smarthost: 587 and 465, not 25.
func (e *explainer) candidates() []Choice {
	toMX := e.relayToMX()
	ports := defaultCandidates[1:]
	switch {
	case e.rule != nil:
		ports = e.rule.Ports
	case toMX:
		ports = defaultCandidates[:1]
	}
	// The ports in order, 25 last unless delivering to an MX.
	var out []Choice
	for pass := 0; pass < 2; pass++ {
		for _, c := range ports {
			if (c.Port == 25 && !toMX) == (pass == 1) {
				out = append(out, c)
			}
		}
	}
	return out
}

// relayToMX: a mail server relaying without signing in, which is delivery
// to the recipient's MX on port 25.
func (e *explainer) relayToMX() bool {
	signIn := e.creds || e.s.Username != "" || e.s.Auth != AuthUnset && e.s.Auth != AuthNone
	return e.s.Use == UseServerRelay && !signIn
}

// defaultCandidates are the pairs offered without a provider rule; 25 only
// for relay.
var defaultCandidates = []Choice{{Port: 25, Security: SecurityStartTLS}, {Port: 587, Security: SecurityStartTLS},
	{Port: 465, Security: SecurityImplicit}, {Port: 2525, Security: SecurityStartTLS}}

// recommend ranks the candidates for this person: ports their environment
// blocks are dropped while an open one remains, implicit TLS is dropped for
// .NET SmtpClient and ranked after STARTTLS for Go net/smtp, and a correct
// current setting stays first.
func (e *explainer) recommend() {
	all := e.candidates()
	env := e.s.Environment
	if e.local {
		env = EnvUnknown // loopback never leaves the machine: nothing outbound to block
	}
	list := pickChoices(pickChoices(nil, all, env, 0), all, env, 1)
	if len(list) == 0 {
		list = pickChoices(nil, all, env, 2)
	} else {
		for _, c := range all {
			if blockLevel(env, c.Port) >= 2 && c.Port != e.s.Port && !slices.Contains(e.dropped, c.Port) {
				e.dropped = append(e.dropped, c.Port)
			}
		}
	}
	// .NET SmtpClient and Go's SendMail cannot do implicit TLS: never
	// recommend it there (dotnet-no-implicit-tls and
	// go-sendmail-no-implicit-tls say how to get it anyway).
	if e.s.Library == LibSmtpClient || e.s.Library == LibGoNetSMTP {
		if keep := pickChoices(nil, list, "", 3); len(keep) > 0 {
			list = keep
		}
	}
	// The person's own pair stays first when it is one of the good ones.
	// For a mail server on this machine, plain 25 or 587 is a normal setup:
	// it comes first even when it is not among them.
	if e.s.Port > 0 && e.s.Security != SecurityUnset && !(e.s.Port == 25 && e.s.Use != UseServerRelay && !e.localMTA) {
		own := Choice{Port: e.s.Port, Security: e.s.Security}
		i := 0
		for i < len(list) && (list[i].Port != own.Port || list[i].Security != own.Security) {
			i++
		}
		switch {
		case i < len(list):
			copy(list[1:i+1], list[:i]) // list is this function's own slice
			list[0] = own
		case e.localMTA && (own.Port == 25 || own.Port == 587) && (own.Security == SecurityNone && !e.creds || own.Security == SecurityStartTLS):
			list = append([]Choice{own}, list...)
		}
	}
	for i := range list {
		list[i].Host = e.recHost
		list[i].Why = e.why(list[i])
	}
	e.rec = list[0]
	e.alts = append([]Choice{}, list[1:]...)
}

// pickChoices appends to dst, in order, the choices of src that are open
// from env (what 0), maybe blocked (1), blocked (2), not implicit TLS (3)
// or implicit TLS (4).
func pickChoices(dst, src []Choice, env Environment, what int) []Choice {
	for _, c := range src {
		var k int
		if what < 3 {
			k = min(blockLevel(env, c.Port), 2)
		} else {
			k = 3
			if c.Security == SecurityImplicit {
				k = 4
			}
		}
		if k == what {
			dst = append(dst, c)
		}
	}
	return dst
}

// why says in a few words why a pair is offered.
func (e *explainer) why(c Choice) string {
	name := e.ruleName()
	own := c.Port == e.s.Port && c.Security == e.s.Security
	relay := e.s.Use == UseServerRelay
	var w string
	switch {
	case e.localMTA && own:
		w = "the mail server on this machine, which relays for you"
	case e.bridge || e.rule != nil && e.rule.bridge:
		w = "Proton Mail Bridge's usual local port, with STARTTLS"
	case e.preset:
		w = "accepted by " + name
	case relay && c.Port == 587 && c.Security == SecurityStartTLS:
		w = "submission to your smarthost, signed in, with STARTTLS (RFC 6409)"
	case relay && c.Port == 465 && c.Security == SecurityImplicit:
		w = "submission to your smarthost, signed in, with implicit TLS (RFC 8314)"
	case c.Port == 587 && c.Security == SecurityStartTLS:
		w = "the standard submission port with STARTTLS (RFC 6409)"
	case c.Port == 465 && c.Security == SecurityImplicit:
		w = "implicit TLS on the submissions port, preferred by RFC 8314"
	case c.Port == 2525 && e.rule == nil:
		w = "unofficial fallback when 587 is blocked; only if your provider runs it"
	case c.Port == 2525:
		w = name + "'s unofficial fallback when 587 is blocked"
	case c.Port == 2587 || c.Port == 2465:
		w = name + "'s alternate of " + strconv.Itoa(c.Port-2000) + " (" + SecurityWords(c.Security) + ")"
	case c.Port == 25 && e.relayToMX():
		w = "delivery to the recipient's MX, server to server (RFC 5321), with STARTTLS when offered"
	case c.Port == 25 && relay:
		w = "server-to-server relay (RFC 5321) with STARTTLS when offered"
	case c.Port == 25:
		w = name + " accepts it, but port 25 is for relay and often blocked: last resort"
	default:
		w = name + "'s alternate port with " + SecurityWords(c.Security)
	}
	if own {
		w += "; what you have now"
	}
	return w
}

// fixText is the recommended setting in the person's own option names.
func (e *explainer) fixText() string {
	return e.setting(e.rec.Port, e.rec.Security)
}

// setting is settingText for the person's library and the host to recommend.
func (e *explainer) setting(port int, sec Security) string {
	return settingText(e.lib, e.hostOr(), port, sec)
}

func (e *explainer) hostOr() string {
	if e.recHost != "" {
		return e.recHost
	}
	return "smtp.example.com"
}

// ---- port and TLS mode ----

func (e *explainer) checkPort() {
	port, sec := e.s.Port, e.s.Security
	if port <= 0 || port > 65535 {
		id := "port-invalid"
		if port == 0 {
			id = "port-missing"
		}
		e.sayf(id, "", "")
		return
	}

	// What does this port expect?
	known := true
	if e.rule != nil {
		if s, ok := e.rule.portSecurity(port); ok {
			e.expected = s
		} else {
			known = false
			e.lacksPort(port)
		}
	} else {
		if s, ok := standardSecurity(port); ok {
			e.expected = s
		} else {
			known = false
			e.sayf("port-unusual", "", "")
		}
		if port == 2525 {
			e.sayf("port-2525-fallback", "", "")
		} else if port == 2587 || port == 2465 {
			e.sayf("port-provider-specific", "", "")
		}
	}
	submission25 := port == 25 && e.s.Use != UseServerRelay && !e.localMTA
	if submission25 {
		e.port25Submission()
	}
	if !known {
		return
	}
	switch {
	case sec == SecurityUnset:
		e.sayf("security-missing", SecurityWords(e.expected), e.setting(port, e.expected))
	case sec == e.expected:
		if !submission25 && !(sec == SecurityImplicit && e.s.Library == LibSmtpClient) {
			e.pairOK(port, sec)
		}
	case e.expected == SecurityStartTLS && sec == SecurityImplicit:
		e.say("port-security-mismatch-implicit-on-starttls-port", "", nil,
			symptom(e.lib, false), e.setting(port, SecurityStartTLS), e.implicitAlternative())
	case e.expected == SecurityImplicit && (sec == SecurityStartTLS || sec == SecurityNone):
		hedge, refs := "", []Ref{refRFC8314}
		if e.rule == nil && sec == SecurityStartTLS {
			hedge = " A few servers do run STARTTLS on 465 (reported by users in nodemailer issue 1582); unless yours documents that, it expects implicit TLS."
			refs = append(refs, refNodemailer)
		}
		at587 := e.setting(587, SecurityStartTLS)
		fix := "Turn on implicit TLS: " + e.setting(port, SecurityImplicit) + "; or use 587 with STARTTLS: " + at587
		if e.s.Library == LibSmtpClient {
			fix = "SmtpClient cannot do implicit TLS: use 587 with " + at587 + ", or MailKit with " + LibraryWord(LibMailKit, "implicit") + " for " + strconv.Itoa(port)
		}
		e.say("port-security-mismatch-plaintext-on-implicit-port", "", refs, symptom(e.lib, true), hedge, fix)
	case e.expected == SecurityNone && sec != SecurityNone:
		e.say("preset-pair-not-accepted", "", e.ruleRefs(), "expects no TLS on", "", "lists port "+strconv.Itoa(port)+" without TLS", "security")
	}
	if e.preset && sec != SecurityUnset && !e.rule.acceptsPair(port, sec) && !e.has("preset-pair-not-accepted") {
		e.presetRefuses(" with " + SecurityWords(sec))
	}
}

// presetRefuses says that the preset does not accept the port, or (with "
// with STARTTLS") the port with that TLS mode.
func (e *explainer) presetRefuses(with string) {
	e.say("preset-pair-not-accepted", "", e.ruleRefs(), "does not accept", with, "accepts "+choicesText(e.rule.Ports), "port")
}

func (e *explainer) ruleName() string {
	if e.rule == nil {
		return "your provider"
	}
	return e.rule.Name
}

func choicesText(cs []Choice) string {
	t := ""
	for i, c := range cs {
		sep := ", "
		if i == 0 {
			sep = ""
		}
		t += sep + strconv.Itoa(c.Port) + " with " + SecurityWords(c.Security)
	}
	return t
}

// implicitAlternative offers 465 with implicit TLS where the person's
// provider and library can do it.
func (e *explainer) implicitAlternative() string {
	if e.s.Library == LibSmtpClient {
		return "for implicit TLS on 465 switch to MailKit: " + LibraryWord(LibMailKit, "connect") + "(\"" + e.hostOr() + "\", 465, " + LibraryWord(LibMailKit, "implicit") + ")."
	}
	if e.rule != nil {
		for _, c := range e.rule.Ports {
			if c.Security == SecurityImplicit {
				return "switch to port " + strconv.Itoa(c.Port) + ": " + e.setting(c.Port, SecurityImplicit) + "."
			}
		}
		return "note that " + e.rule.Name + " offers no implicit-TLS port."
	}
	return "switch to port 465: " + e.setting(465, SecurityImplicit) + "."
}

// symptom is what library l shows on a TLS-mode mistake: implicit TLS on a
// STARTTLS port, or (implicitPort) plaintext on an implicit-TLS port.
func symptom(l Library, implicitPort bool) string {
	word, t := WordOnStartTLSPort, "The handshake fails with \"wrong version number\" (OpenSSL) or \"first record does not look like a TLS handshake\" (Go)"
	if implicitPort {
		word, t = WordOnImplicitPort, "The connection hangs, then times out (or ends with EOF)"
	}
	if w := LibraryWord(l, word); w != "" {
		return w
	}
	return t
}

// pairOK is the "your pair is right" finding.
func (e *explainer) pairOK(port int, sec Security) {
	if e.bridge {
		return // proton-bridge says it
	}
	// The title is head + mid + name + tail.
	head := strconv.Itoa(port) + " with " + SecurityWords(sec) + ": "
	mid, name, tail := "matches what ", e.ruleName(), " runs on this port"
	detail, refs := "The TLS mode matches the port.", refsFacts1
	if e.rule != nil {
		refs = e.ruleRefs()
	}
	if e.preset {
		mid, tail, detail, refs = "accepted by ", "", e.rule.Name+" lists this pair.", refsFacts1
	} else {
		for _, t := range pairOKTexts {
			if t.port == port {
				head, mid, tail, detail, refs = t.title, "", t.tail, t.detail, t.refs
				if t.tail == "" {
					name = ""
				}
				break
			}
		}
	}
	e.say("port-security-ok", "", refs, head+mid+name+tail, detail)
}

// pairOKTexts are the port-security-ok texts of the standard ports; a tail
// puts the provider's name between title and tail.
var pairOKTexts = []struct {
	port                int
	title, tail, detail string
	refs                []Ref
}{
	{587, "587 with STARTTLS: the standard submission setup", "",
		"Port 587 is the submission port (RFC 6409): the server greets in plaintext, the client upgrades with STARTTLS and signs in over TLS.",
		[]Ref{refRFC6409, refRFC3207}},
	{465, "465 with implicit TLS: the submission setup RFC 8314 prefers", "",
		"Port 465 starts with the TLS handshake, so nothing travels in plaintext. It is not deprecated: RFC 8314 re-registered it in 2018 and prefers it.",
		[]Ref{refRFC8314}},
	{25, "25 with STARTTLS: server-to-server relay", "",
		"Port 25 is for one mail server handing mail to another (RFC 5321); STARTTLS is used when the receiving server offers it (RFC 3207).",
		[]Ref{refRFC5321, refRFC3207}},
	{2525, "2525 with STARTTLS: ", "'s fallback port",
		"2525 is an unofficial fallback run like 587 (STARTTLS, then sign-in) for networks that block 587.",
		[]Ref{refFacts1}},
}

// lacksPort is a provider (or preset) that does not run this port.
func (e *explainer) lacksPort(port int) {
	if e.preset {
		e.presetRefuses("")
		return
	}
	why := noteFor(e.rule.lacksWhy, port)
	if why == "" {
		why = e.rule.Name + " does not list port " + strconv.Itoa(port) + "; the connection is refused or times out."
	}
	e.sayr("provider-lacks-port", why, choicesText(e.rule.Ports), e.rule.reported())
}

func (e *explainer) port25Submission() {
	who := "an application"
	if e.s.Use == UseMailClient || e.lib == LibMailClient {
		who = "a mail client"
	}
	e.sayf("port25-submission", who, "")
}

// ---- credentials ----

func (e *explainer) checkCredentials() {
	s := e.s
	if s.Security == SecurityNone && e.creds {
		e.sayf("credentials-without-tls", "", "")
	} else if s.Security == SecurityNone && s.Port > 0 && e.expected != SecurityImplicit && !e.preset && !e.localMTA {
		sev, why := SeverityWarning, "With no TLS, the message and its addresses cross the network in cleartext; RFC 8314 considers cleartext obsolete. Submission servers usually answer \"530 5.7.0 Must issue a STARTTLS command first\"."
		if s.Port == 25 && s.Use == UseServerRelay {
			sev, why = SeverityInfo, "Relay on port 25 works without TLS, but then the message crosses the network in cleartext; use STARTTLS whenever the receiving server offers it (opportunistic TLS, RFC 3207)."
		}
		e.say("no-tls", sev, nil, why)
	}
	submission := s.Port != 25 || s.Use != UseServerRelay
	if s.Auth == AuthNone && submission && !e.localMTA && !(e.rule != nil && e.rule.ID == "google-relay") {
		sev := SeverityWarning
		if e.rule != nil {
			sev = SeverityError
		}
		e.say("auth-required", sev, nil)
	}
	// Not given is not wrong: a field not filled in yet is a note that
	// never changes the verdict; a setting that is there but empty (a
	// pasted MAIL_PASSWORD=) is a fault.
	switch s.Auth {
	case AuthPassword, AuthAppPassword, AuthAPIKey:
		if !s.PasswordPresent {
			e.sayf(pickString(s.PasswordEmpty, "password-missing", "password-to-fill"), authWord(s.Auth), "")
		}
	}
	if s.Auth != AuthNone && s.Auth != AuthUnset && s.Username == "" && (e.rule == nil || e.rule.username == "" && e.rule.ID != "mandrill") {
		e.sayf(pickString(s.UsernameEmpty, "username-missing", "username-to-fill"), "", "")
	}
}

func (e *explainer) credentialsText() string {
	if e.rule != nil && e.rule.Credentials != "" {
		return e.rule.Name + "'s credentials: " + e.rule.Credentials
	}
	return "the user name and password your provider gave you for SMTP"
}

// ---- provider rules ----

func (e *explainer) checkProvider() {
	r := e.rule
	if r == nil {
		return
	}
	s := e.s
	ref := e.ruleRefs()
	n := len(e.findings)
	basic := s.Auth == AuthPassword || s.Auth == AuthAPIKey || s.Auth == AuthUnset && s.PasswordPresent
	switch r.cred {
	case credAppPassword:
		if basic {
			sev, what := SeverityError, " refuses your account password"
			if s.Auth == AuthUnset {
				sev, what = SeverityWarning, " needs an app password, not your account password"
			}
			e.say("provider-needs-app-password", sev, ref, what, r.credWhy, r.reported())
		}
	case credOAuth2:
		if basic || s.Auth == AuthAppPassword {
			sev := SeverityError
			if s.Auth == AuthUnset {
				sev = SeverityWarning
			}
			e.say("provider-needs-oauth2", sev, ref, r.credWhy)
		}
	case credM365:
		id := ""
		if basic || s.Auth == AuthAppPassword {
			id = "m365-basic-auth-retirement"
		} else if s.Auth == AuthOAuth2 {
			id = "m365-smtp-auth-off-by-default"
		}
		if id != "" {
			e.sayr(id, "", "", "")
		}
	}
	if r.username != "" && (e.creds || s.Username != "" || s.UsernameEmpty) && s.Username != r.username {
		switch {
		case s.Username != "":
			e.sayr(r.ID+"-username", r.username, strqq(s.Username), "")
		case s.UsernameEmpty:
			e.sayr(r.ID+"-username", r.username, "an empty user name", "")
		default: // not filled in yet
			e.sayr("username-fixed-to-fill", r.username, "", "")
		}
	}
	if r.fullUser && s.Username != "" && !strings.Contains(s.Username, "@") {
		e.sayr("icloud-full-address", s.Username, "", "")
	}
	if r.ID == "ses" && e.creds {
		sev := SeverityInfo
		if s.Auth == AuthAPIKey {
			sev = SeverityWarning
		}
		e.say("ses-smtp-credentials", sev, ref)
	}
	if r.ID == "brevo" && s.Auth == AuthAPIKey {
		e.sayr("brevo-smtp-key", "", "", "")
	}
	if r.noteID != "" {
		e.sayr(r.noteID, r.Credentials, "", "")
	}
	if len(e.findings) == n && !r.bridge && r.Credentials != "" && !e.preset {
		e.sayr("provider-credentials", firstClause(r.Credentials), r.Credentials, r.reported())
	}
}

func firstClause(s string) string {
	if i := strings.IndexAny(s, ";("); i > 0 {
		return TrimSpace(s[:i])
	}
	return s
}

// ---- environment ----

func (e *explainer) checkEnvironment() {
	env := environmentInfo(e.s.Environment)
	if env == nil || len(env.Blocks) == 0 || e.local {
		return // loopback never leaves the machine
	}
	ref := []Ref{env.Source}
	port := e.s.Port
	if lvl := blockLevel(env.ID, port); port > 0 && lvl > 0 {
		cond := ""
		if env.Condition != "" {
			cond = " (" + env.Condition + ")"
		}
		sev, verb, note := SeverityError, " blocks", ""
		switch lvl {
		case 2:
			sev, verb, note = SeverityWarning, " is reported to block", reportedRow
		case 1:
			sev, verb = SeverityInfo, " may block"
		}
		here := ""
		if e.rec.Port != port {
			here = " Here: " + e.fixText()
		}
		e.say("env-blocks-port", sev, ref, verb, env.Name, cond, note, env.WayOut, here)
	}
	if len(e.dropped) > 0 {
		e.say("env-ports-dropped", "", ref, env.Name, portsText(e.dropped))
	}
	if lvl := blockLevel(env.ID, e.rec.Port); lvl >= 2 {
		sev, note := SeverityError, ""
		if lvl == 2 {
			sev, note = SeverityWarning, reportedRow // a reported (M) row
		}
		e.say("env-no-open-port", sev, ref, env.Name, portsText(env.Blocks), choicesText(e.candidates()), env.WayOut, note)
	}
}

func portsText(ps []int) string {
	t := ""
	for i, p := range ps {
		if i > 0 {
			t += ", "
		}
		t += strconv.Itoa(p)
	}
	return t
}

// ---- library ----

func (e *explainer) checkLibrary() {
	s := e.s
	implicit := s.Security == SecurityImplicit || s.Security == SecurityUnset && e.expected == SecurityImplicit
	switch {
	case s.Library == LibSmtpClient && implicit:
		e.sayf("dotnet-no-implicit-tls", e.setting(587, SecurityStartTLS), strconv.Itoa(portOr(s.Port, 465)))
	case s.Library == LibGoNetSMTP && implicit:
		e.sayf("go-sendmail-no-implicit-tls", e.setting(portOr(s.Port, 465), SecurityImplicit), e.setting(587, SecurityStartTLS))
	case s.Library == LibPostfix && implicit:
		e.sayf("postfix-wrappermode", e.setting(portOr(s.Port, 465), SecurityImplicit), "")
	case s.Library == LibNodemailer && s.Security == SecurityStartTLS && e.expected != SecurityImplicit:
		e.sayf("nodemailer-require-tls", e.setting(e.starttlsPort(), SecurityStartTLS), "")
	}
	if li := libraryInfo(e.lib); li != nil && e.lib != LibOther {
		trap := ""
		if li.Trap != "" {
			trap = " Watch out: " + LibraryText(li.Trap)
		}
		e.sayf("library-settings", li.Name, trap)
	}
}

// starttlsPort is the person's port when it expects STARTTLS, else 587.
func (e *explainer) starttlsPort() int {
	if e.s.Port > 0 && e.expected == SecurityStartTLS {
		return e.s.Port
	}
	return 587
}

func portOr(p, def int) int {
	if p > 0 && p <= 65535 {
		return p
	}
	return def
}

// ---- report ----

func (e *explainer) report() Report {
	// Worst first; the order of equal severities is the order of the checks.
	fs := sortWorstFirst(e.findings)
	if fs == nil {
		fs = []Finding{}
	}
	r := Report{Verdict: verdictOf(fs), Settings: e.s, Findings: fs, Recommended: e.rec, Alternatives: e.alts}
	if e.rule != nil {
		r.Provider = e.rule.ID
	}
	return r
}

// sortWorstFirst orders findings error, warning, info, ok (any other
// severity last), keeping the order of equals. It sorts fs in place (a
// report has a few findings) and returns it.
func sortWorstFirst(fs []Finding) []Finding {
	for i := 1; i < len(fs); i++ {
		for j := i; j > 0 && severityRank(fs[j].Severity) > severityRank(fs[j-1].Severity); j-- {
			fs[j], fs[j-1] = fs[j-1], fs[j]
		}
	}
	return fs
}

func severityRank(s Severity) int {
	switch s {
	case SeverityError:
		return 3
	case SeverityWarning:
		return 2
	case SeverityInfo:
		return 1
	case SeverityOK:
		return 0
	}
	return -1
}

// verdictOf is the verdict of a report with these findings: its worst
// severity, an info or ok finding counting as ok.
func verdictOf(fs []Finding) Verdict {
	v := VerdictOK
	for _, f := range fs {
		switch f.Severity {
		case SeverityError:
			return VerdictError
		case SeverityWarning:
			v = VerdictWarning
		}
	}
	return v
}

// WithFindings returns r with more findings among its own, worst first
// (among equals, fs before r's own), and the verdict they call for: how a
// caller that knows more than the settings (a format reader) adds what it
// found.
func (r Report) WithFindings(fs []Finding) Report {
	if len(fs) == 0 {
		return r
	}
	all := make([]Finding, 0, len(fs)+len(r.Findings))
	r.Findings = sortWorstFirst(append(append(all, fs...), r.Findings...))
	r.Verdict = verdictOf(r.Findings)
	return r
}

// authWord names a kind of secret as people say it.
func authWord(a Auth) string {
	switch a {
	case AuthAppPassword:
		return "app password"
	case AuthAPIKey:
		return "API key"
	}
	return "password"
}
