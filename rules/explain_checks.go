package rules

import "strings"

// ---- recommendation ----

// candidates are the port/TLS pairs worth using here, best first, before the
// environment and library filters.
func (e *explainer) candidates() []Choice {
	relay := e.s.Use == UseServerRelay
	var out []Choice
	if e.rule != nil {
		var last []Choice
		for _, c := range e.rule.Ports {
			if c.Port == 25 && !relay {
				last = append(last, c)
				continue
			}
			out = append(out, c)
		}
		out = append(out, last...)
	} else {
		if relay {
			out = append(out, sp(25))
		}
		out = append(out, sp(587), ip(465), sp(2525))
	}
	return out
}

// recommend ranks the candidates for this person: ports their environment
// blocks are dropped while an open one remains, implicit TLS is dropped for
// .NET SmtpClient and ranked after STARTTLS for Go net/smtp, and a correct
// current setting stays first.
func (e *explainer) recommend() {
	all := e.candidates()
	env := e.s.Environment
	var open, maybe, blocked []Choice
	for _, c := range all {
		switch lvl := blockLevel(env, c.Port); {
		case lvl >= 2:
			blocked = append(blocked, c)
		case lvl == 1:
			maybe = append(maybe, c)
		default:
			open = append(open, c)
		}
	}
	list := append(open, maybe...)
	if len(list) == 0 {
		list = blocked
	}
	if e.s.Library == LibSmtpClient {
		var keep []Choice
		for _, c := range list {
			if c.Security != SecurityImplicit {
				keep = append(keep, c)
			}
		}
		if len(keep) > 0 {
			list = keep
		}
	}
	if e.s.Library == LibGoNetSMTP {
		var first, second []Choice
		for _, c := range list {
			if c.Security == SecurityImplicit {
				second = append(second, c)
			} else {
				first = append(first, c)
			}
		}
		list = append(first, second...)
	}
	// The person's own pair stays first when it is one of the good ones.
	if e.s.Port > 0 && e.s.Security != SecurityUnset && !(e.s.Port == 25 && e.s.Use != UseServerRelay) {
		for i, c := range list {
			if c.Port == e.s.Port && c.Security == e.s.Security && i > 0 {
				list = append([]Choice{c}, append(append([]Choice(nil), list[:i]...), list[i+1:]...)...)
				break
			}
		}
	}
	for i := range list {
		list[i].Host = e.recHost
		list[i].Why = e.why(list[i])
	}
	e.rec = list[0]
	e.alts = append([]Choice{}, list[1:]...)
}

// why says in a few words why a pair is offered.
func (e *explainer) why(c Choice) string {
	name := "your provider"
	if e.rule != nil {
		name = e.rule.Name
	}
	var w string
	switch {
	case e.bridge || e.rule != nil && e.rule.bridge:
		w = "Proton Mail Bridge's usual local port, with STARTTLS"
	case e.preset:
		w = "accepted by " + name
	case c.Port == 587 && c.Security == SecurityStartTLS:
		w = "the standard submission port with STARTTLS (RFC 6409)"
	case c.Port == 465 && c.Security == SecurityImplicit:
		w = "implicit TLS on the submissions port, preferred by RFC 8314"
	case c.Port == 2525 && e.rule == nil:
		w = "unofficial fallback when 587 is blocked; only if your provider runs it"
	case c.Port == 2525:
		w = name + "'s unofficial fallback when 587 is blocked"
	case c.Port == 2587 || c.Port == 2465:
		w = name + "'s alternate of " + itoa(c.Port-2000) + " (" + securityWords(c.Security) + ")"
	case c.Port == 25 && e.s.Use == UseServerRelay:
		w = "server-to-server relay (RFC 5321) with STARTTLS when offered"
	case c.Port == 25:
		w = name + " accepts it, but port 25 is for relay and often blocked: last resort"
	default:
		w = name + "'s alternate port with " + securityWords(c.Security)
	}
	if c.Port == e.s.Port && c.Security == e.s.Security {
		w += "; what you have now"
	}
	return w
}

// fixText is the recommended setting in the person's own option names.
func (e *explainer) fixText() string {
	return settingText(e.lib, e.hostOr(), e.rec.Port, e.rec.Security)
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
	refPort := []Ref{refFacts1}
	if port < 0 || port > 65535 {
		e.add(Finding{ID: "port-invalid", Severity: SeverityError,
			Title:   "Port " + itoa(port) + " does not exist",
			Detail:  "TCP ports run from 1 to 65535.",
			Fix:     "Use " + itoa(e.rec.Port) + " with " + securityWords(e.rec.Security) + ": " + e.fixText(),
			Setting: "port", Refs: refPort})
		return
	}
	if port == 0 {
		e.add(Finding{ID: "port-missing", Severity: SeverityWarning,
			Title:   "No port given",
			Detail:  "Without a port most libraries pick 25 or guess from the TLS option, which is rarely what you want for sending from an application or a mail client.",
			Fix:     "Use " + itoa(e.rec.Port) + " with " + securityWords(e.rec.Security) + ": " + e.fixText(),
			Setting: "port", Refs: []Ref{refRFC6409, refRFC8314}})
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
			e.add(Finding{ID: "port-unusual", Severity: SeverityWarning,
				Title:   "Port " + itoa(port) + " is not a usual SMTP port",
				Detail:  "No standard says what runs on port " + itoa(port) + ", so whichport cannot tell whether it expects implicit TLS or STARTTLS. Submission normally uses 587 (STARTTLS) or 465 (implicit TLS); check your provider's documentation.",
				Fix:     "Unless your provider documents port " + itoa(port) + ", use " + e.fixText(),
				Setting: "port", Refs: []Ref{refRFC6409, refRFC8314}})
		}
		switch port {
		case 2525:
			e.add(Finding{ID: "port-2525-fallback", Severity: SeverityInfo,
				Title:   "2525 is an unofficial fallback port",
				Detail:  "Many sending services (ESPs) run port 2525 like 587 (STARTTLS, then sign-in) for networks that block 587, but no RFC or IANA assignment covers it, and mailbox providers usually do not listen there.",
				Fix:     "Keep 2525 only if your provider documents it; otherwise use " + e.fixText(),
				Setting: "port", Refs: refPort})
		case 2587, 2465:
			e.add(Finding{ID: "port-provider-specific", Severity: SeverityWarning,
				Title:   "Port " + itoa(port) + " is offered by Amazon SES and Resend only",
				Detail:  "2587 and 2465 are Amazon SES's and Resend's alternates of 587 and 465; other servers usually do not listen there, so the connection is refused or times out.",
				Fix:     "Use " + e.fixText(),
				Setting: "port", Refs: refPort})
		}
	}
	if !known {
		if port == 25 && e.s.Use != UseServerRelay {
			e.port25Submission()
		}
		return
	}

	submission25 := port == 25 && e.s.Use != UseServerRelay
	if submission25 {
		e.port25Submission()
	}
	switch {
	case sec == SecurityUnset:
		e.add(Finding{ID: "security-missing", Severity: SeverityWarning,
			Title:   "No TLS mode chosen for port " + itoa(port),
			Detail:  "Port " + itoa(port) + " expects " + securityWords(e.expected) + ". Never infer the mode from the port number alone: say it, or the library may guess wrong and hang or fail the handshake.",
			Fix:     "Set " + settingText(e.lib, e.hostOr(), port, e.expected),
			Setting: "security", Refs: []Ref{refRFC8314, refRFC3207}})
	case sec == e.expected:
		if !submission25 && !(sec == SecurityImplicit && e.s.Library == LibSmtpClient) {
			e.pairOK(port, sec)
		}
	case e.expected == SecurityStartTLS && sec == SecurityImplicit:
		e.add(Finding{ID: "port-security-mismatch-implicit-on-starttls-port", Severity: SeverityError,
			Title:   "This will fail at once with a TLS error",
			Detail:  "Port " + itoa(port) + " starts in plaintext and upgrades with STARTTLS, but your program starts the TLS handshake immediately. " + implicitOnStartTLSSymptom(e.lib) + ".",
			Fix:     "Either keep port " + itoa(port) + " with STARTTLS: " + settingText(e.lib, e.hostOr(), port, SecurityStartTLS) + "; or " + e.implicitAlternative(),
			Setting: "security", Refs: []Ref{refRFC3207, refRFC8314}})
	case e.expected == SecurityImplicit && (sec == SecurityStartTLS || sec == SecurityNone):
		detail := "Port " + itoa(port) + " expects the TLS handshake first (implicit TLS), but your program waits for the server's plaintext greeting, which never comes. " + plaintextOnImplicitSymptom(e.lib) + "."
		if e.rule == nil && sec == SecurityStartTLS {
			detail += " A few servers do run STARTTLS on 465 (reported by users in nodemailer issue 1582); unless yours documents that, it expects implicit TLS."
		}
		fix := "Turn on implicit TLS: " + settingText(e.lib, e.hostOr(), port, SecurityImplicit) + "; or use 587 with STARTTLS: " + settingText(e.lib, e.hostOr(), 587, SecurityStartTLS)
		if e.s.Library == LibSmtpClient {
			fix = "SmtpClient cannot do implicit TLS: use 587 with " + settingText(e.lib, e.hostOr(), 587, SecurityStartTLS) + ", or MailKit with SecureSocketOptions.SslOnConnect for " + itoa(port)
		}
		refs := []Ref{refRFC8314}
		if e.rule == nil && sec == SecurityStartTLS {
			refs = append(refs, refNodemailer)
		}
		e.add(Finding{ID: "port-security-mismatch-plaintext-on-implicit-port", Severity: SeverityError,
			Title:  "This will hang until it times out",
			Detail: detail, Fix: fix + ".", Setting: "security", Refs: refs})
	case e.expected == SecurityNone && sec != SecurityNone:
		e.add(Finding{ID: "preset-pair-not-accepted", Severity: SeverityError,
			Title:  e.ruleName() + " expects no TLS on port " + itoa(port),
			Detail: e.ruleName() + " lists port " + itoa(port) + " without TLS.",
			Fix:    "Use " + e.fixText(), Setting: "security", Refs: []Ref{e.rule.ref()}})
	}
	if e.preset && sec != SecurityUnset && !e.rule.acceptsPair(port, sec) && !e.has("preset-pair-not-accepted") {
		e.add(Finding{ID: "preset-pair-not-accepted", Severity: SeverityError,
			Title:  e.ruleName() + " does not accept port " + itoa(port) + " with " + securityWords(sec),
			Detail: e.ruleName() + " accepts " + choicesText(e.rule.Ports) + ".",
			Fix:    "Use " + e.fixText(), Setting: "port", Refs: []Ref{e.rule.ref()}})
	}
}

func (e *explainer) ruleName() string {
	if e.rule == nil {
		return "your provider"
	}
	return e.rule.Name
}

func choicesText(cs []Choice) string {
	var parts []string
	for _, c := range cs {
		parts = append(parts, itoa(c.Port)+" with "+securityWords(c.Security))
	}
	return strings.Join(parts, ", ")
}

// implicitAlternative offers 465 with implicit TLS where the person's
// provider and library can do it.
func (e *explainer) implicitAlternative() string {
	if e.s.Library == LibSmtpClient {
		return "for implicit TLS on 465 switch to MailKit: client.Connect(\"" + e.hostOr() + "\", 465, SecureSocketOptions.SslOnConnect)."
	}
	if e.rule != nil {
		for _, c := range e.rule.Ports {
			if c.Security == SecurityImplicit {
				return "switch to port " + itoa(c.Port) + ": " + settingText(e.lib, e.hostOr(), c.Port, SecurityImplicit) + "."
			}
		}
		return "note that " + e.rule.Name + " offers no implicit-TLS port."
	}
	return "switch to port 465: " + settingText(e.lib, e.hostOr(), 465, SecurityImplicit) + "."
}

func implicitOnStartTLSSymptom(l Library) string {
	switch l {
	case LibNodemailer:
		return "nodemailer with `secure: true` fails with \"wrong version number\""
	case LibSmtplib:
		return "smtplib.SMTP_SSL raises \"[SSL: WRONG_VERSION_NUMBER] wrong version number\""
	case LibGoNetSMTP:
		return "Go reports \"first record does not look like a TLS handshake\""
	case LibRails:
		return "ActionMailer with `tls: true` fails the handshake (\"wrong version number\")"
	}
	return "The handshake fails with \"wrong version number\" (OpenSSL) or \"first record does not look like a TLS handshake\" (Go)"
}

func plaintextOnImplicitSymptom(l Library) string {
	switch l {
	case LibNodemailer:
		return "nodemailer with `secure: false` fails with \"Greeting never received\""
	case LibSmtplib:
		return "smtplib.SMTP() hangs, then raises SMTPServerDisconnected or a timeout"
	case LibGoNetSMTP:
		return "smtp.SendMail hangs, then fails with EOF"
	case LibSmtpClient:
		return "SmtpClient with EnableSsl = true times out"
	case LibPostfix:
		return "Postfix without smtp_tls_wrappermode = yes hangs, then times out"
	}
	return "The connection hangs, then times out (or ends with EOF)"
}

// pairOK is the "your pair is right" finding.
func (e *explainer) pairOK(port int, sec Security) {
	var title, detail string
	refs := []Ref{refFacts1}
	switch {
	case e.bridge:
		return // proton-bridge says it
	case e.preset:
		title = itoa(port) + " with " + securityWords(sec) + ": accepted by " + e.rule.Name
		detail = e.rule.Name + " lists this pair."
	case port == 587:
		title = "587 with STARTTLS: the standard submission setup"
		detail = "Port 587 is the submission port (RFC 6409): the server greets in plaintext, the client upgrades with STARTTLS and signs in over TLS."
		refs = []Ref{refRFC6409, refRFC3207}
	case port == 465:
		title = "465 with implicit TLS: the submission setup RFC 8314 prefers"
		detail = "Port 465 starts with the TLS handshake, so nothing travels in plaintext. It is not deprecated: RFC 8314 re-registered it in 2018 and prefers it."
		refs = []Ref{refRFC8314}
	case port == 25:
		title = "25 with STARTTLS: server-to-server relay"
		detail = "Port 25 is for one mail server handing mail to another (RFC 5321); STARTTLS is used when the receiving server offers it (RFC 3207)."
		refs = []Ref{refRFC5321, refRFC3207}
	case port == 2525:
		title = "2525 with STARTTLS: " + e.ruleName() + "'s fallback port"
		detail = "2525 is an unofficial fallback run like 587 (STARTTLS, then sign-in) for networks that block 587."
	default:
		title = itoa(port) + " with " + securityWords(sec) + ": matches what " + e.ruleName() + " runs on this port"
		detail = "The TLS mode matches the port."
		if e.rule != nil {
			refs = []Ref{e.rule.ref()}
		}
	}
	e.add(Finding{ID: "port-security-ok", Severity: SeverityOK, Title: title, Detail: detail,
		Fix: "Nothing to change here.", Setting: "port", Refs: refs})
}

// lacksPort is a provider (or preset) that does not run this port.
func (e *explainer) lacksPort(port int) {
	if e.preset {
		e.add(Finding{ID: "preset-pair-not-accepted", Severity: SeverityError,
			Title:  e.rule.Name + " does not accept port " + itoa(port),
			Detail: e.rule.Name + " accepts " + choicesText(e.rule.Ports) + ".",
			Fix:    "Use " + e.fixText(), Setting: "port", Refs: []Ref{e.rule.ref()}})
		return
	}
	detail := e.rule.lacksWhy[port]
	if detail == "" {
		detail = e.rule.Name + " does not list port " + itoa(port) + "; the connection is refused or times out."
	}
	detail += " It accepts " + choicesText(e.rule.Ports) + "."
	e.add(Finding{ID: "provider-lacks-port", Severity: SeverityError,
		Title:  e.rule.Name + " does not offer port " + itoa(port),
		Detail: detail + e.rule.reported(),
		Fix:    "Use " + e.fixText(), Setting: "port", Refs: []Ref{e.rule.ref()}})
}

func (e *explainer) port25Submission() {
	who := "an application"
	if e.s.Use == UseMailClient || e.lib == LibMailClient {
		who = "a mail client"
	}
	e.add(Finding{ID: "port25-submission", Severity: SeverityWarning,
		Title:   "Port 25 is for servers talking to servers, not for " + who,
		Detail:  "Port 25 is server-to-server relay (RFC 5321). Submitting your own mail belongs on 587 with STARTTLS or 465 with implicit TLS (RFC 6409, RFC 8314), and most clouds and home ISPs block outbound 25, so it often times out.",
		Fix:     "Use " + e.fixText(),
		Setting: "port", Refs: []Ref{refRFC5321, refRFC6409, refRFC8314}})
}

// ---- credentials ----

func (e *explainer) checkCredentials() {
	s := e.s
	if s.Security == SecurityNone && e.creds {
		e.add(Finding{ID: "credentials-without-tls", Severity: SeverityError,
			Title:   "Your password would travel in cleartext",
			Detail:  "With no TLS, the user name and password (or token) cross the network readable by anyone on the path. Submission servers refuse this: most answer \"530 5.7.0 Must issue a STARTTLS command first\", and PLAIN/LOGIN are only offered over TLS (RFC 4954).",
			Fix:     "Turn on TLS: " + e.fixText(),
			Setting: "security", Refs: []Ref{refRFC3207, refRFC4954, refRFC8314All}})
	} else if s.Security == SecurityNone && s.Port > 0 && e.expected != SecurityImplicit && !e.preset {
		sev := SeverityWarning
		detail := "With no TLS, the message and its addresses cross the network in cleartext; RFC 8314 considers cleartext obsolete. Submission servers usually answer \"530 5.7.0 Must issue a STARTTLS command first\"."
		if s.Port == 25 && s.Use == UseServerRelay {
			sev = SeverityInfo
			detail = "Relay on port 25 works without TLS, but then the message crosses the network in cleartext; use STARTTLS whenever the receiving server offers it (opportunistic TLS, RFC 3207)."
		}
		e.add(Finding{ID: "no-tls", Severity: sev,
			Title:   "Mail would travel unencrypted",
			Detail:  detail,
			Fix:     "Turn on TLS: " + e.fixText(),
			Setting: "security", Refs: []Ref{refRFC8314All, refRFC3207}})
	}
	submission := s.Port != 25 || s.Use != UseServerRelay
	if s.Auth == AuthNone && submission && !(e.rule != nil && e.rule.ID == "google-relay") {
		sev := SeverityWarning
		if e.rule != nil {
			sev = SeverityError
		}
		e.add(Finding{ID: "auth-required", Severity: sev,
			Title:   "Submission needs you to sign in",
			Detail:  "Submission servers accept mail only from signed-in users (RFC 6409, RFC 4954); without it expect \"530 5.7.0 Authentication required\" or \"554 5.7.1 Relay access denied\".",
			Fix:     "Sign in with " + e.credentialsText() + ".",
			Setting: "auth", Refs: []Ref{refRFC6409, refRFC4954}})
	}
	switch s.Auth {
	case AuthPassword, AuthAppPassword, AuthAPIKey:
		if !s.PasswordPresent {
			e.add(Finding{ID: "password-missing", Severity: SeverityWarning,
				Title:  "No password given",
				Detail: "You chose to sign in with a " + string(s.Auth) + " but left the password empty; the server will refuse the sign-in (535 5.7.8) or the library will skip it (530 5.7.0).",
				Fix:    "Fill in " + e.credentialsText() + ".", Setting: "password", Refs: []Ref{refRFC4954}})
		}
	}
	if s.Auth != AuthNone && s.Auth != AuthUnset && s.Username == "" && (e.rule == nil || e.rule.username == "" && e.rule.ID != "mandrill") {
		e.add(Finding{ID: "username-missing", Severity: SeverityWarning,
			Title:  "No user name given",
			Detail: "Signing in needs a user name as well as the secret.",
			Fix:    "Fill in " + e.credentialsText() + ".", Setting: "username", Refs: []Ref{refRFC4954}})
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
	ref := []Ref{r.ref()}
	specific := false
	basic := s.Auth == AuthPassword || s.Auth == AuthAPIKey || s.Auth == AuthUnset && s.PasswordPresent
	switch r.cred {
	case credAppPassword:
		if basic {
			sev := SeverityError
			title := r.Name + " refuses your account password"
			if s.Auth == AuthUnset {
				sev = SeverityWarning
				title = r.Name + " needs an app password, not your account password"
			}
			e.add(Finding{ID: "provider-needs-app-password", Severity: sev, Title: title,
				Detail:  r.credWhy + " Signing in with the account password fails with \"535 5.7.8 Username and Password not accepted\"" + r.reported() + ".",
				Fix:     "Create an app password in your account's security settings and use it as the password (or sign in with OAuth2 where your program supports it).",
				Setting: "auth", Refs: ref})
			specific = true
		}
	case credOAuth2:
		if basic || s.Auth == AuthAppPassword {
			sev := SeverityError
			if s.Auth == AuthUnset {
				sev = SeverityWarning
			}
			e.add(Finding{ID: "provider-needs-oauth2", Severity: sev,
				Title:   r.Name + " needs OAuth2 sign-in",
				Detail:  r.credWhy + " A password sign-in is refused (535 5.7.8 or 5.7.139).",
				Fix:     "Sign in with OAuth2 (XOAUTH2) from your program, or send through a sending service that takes an API key.",
				Setting: "auth", Refs: ref})
			specific = true
		}
	case credM365:
		if basic || s.Auth == AuthAppPassword {
			e.add(Finding{ID: "m365-basic-auth-retirement", Severity: SeverityWarning,
				Title:   "Microsoft 365 password sign-in for SMTP is being retired",
				Detail:  "SMTP AUTH is off by default in each tenant. Basic authentication (user name and password) for SMTP AUTH stays unchanged until the end of December 2026, then is off by default, and sign-in fails with \"550 5.7.30 Basic authentication is not supported\" (Microsoft message center MC786329, updated 2026-01-27).",
				Fix:     "Move to OAuth2 (XOAUTH2); until then a tenant admin must keep SMTP AUTH enabled for this mailbox.",
				Setting: "auth", Refs: ref})
			specific = true
		} else if s.Auth == AuthOAuth2 {
			e.add(Finding{ID: "m365-smtp-auth-off-by-default", Severity: SeverityInfo,
				Title:   "SMTP AUTH must be enabled for this mailbox",
				Detail:  "OAuth2 keeps working for SMTP AUTH, but SMTP AUTH itself is off by default in each Microsoft 365 tenant (MC786329).",
				Fix:     "Ask a tenant admin to enable SMTP AUTH for the sending mailbox.",
				Setting: "auth", Refs: ref})
			specific = true
		}
	}
	if r.username != "" && (e.creds || s.Username != "") && s.Username != r.username {
		id := r.ID + "-username"
		got := "an empty user name"
		if s.Username != "" {
			got = strqq(s.Username)
		}
		e.add(Finding{ID: id, Severity: SeverityError,
			Title:   r.Name + "'s user name is literally \"" + r.username + "\"",
			Detail:  r.Name + " expects the user name \"" + r.username + "\" and an API key as the password; you have " + got + ", so sign-in fails (535 5.7.8).",
			Fix:     "Set the user name to " + r.username + " and the password to your API key.",
			Setting: "username", Refs: ref})
		specific = true
	}
	if r.fullUser && s.Username != "" && !strings.Contains(s.Username, "@") {
		e.add(Finding{ID: "icloud-full-address", Severity: SeverityError,
			Title:   "Use your full e-mail address as the user name",
			Detail:  r.Name + " signs you in with the full address (name@icloud.com), not the part before the @.",
			Fix:     "Set the user name to your full address, e.g. " + s.Username + "@icloud.com.",
			Setting: "username", Refs: ref})
		specific = true
	}
	if r.ID == "ses" && e.creds {
		sev := SeverityInfo
		if s.Auth == AuthAPIKey {
			sev = SeverityWarning
		}
		e.add(Finding{ID: "ses-smtp-credentials", Severity: sev,
			Title:   "Amazon SES needs its SMTP credentials, not AWS access keys",
			Detail:  "The SES SMTP endpoint signs you in with SES SMTP credentials. The AWS access key ID and secret access key you use with the AWS SDK or CLI are refused (535 Authentication Credentials Invalid).",
			Fix:     "Create SMTP credentials for SES and use that user name and password.",
			Setting: "password", Refs: ref})
		specific = true
	}
	if r.ID == "brevo" && s.Auth == AuthAPIKey {
		e.add(Finding{ID: "brevo-smtp-key", Severity: SeverityWarning,
			Title:   "Brevo's SMTP relay takes an SMTP key, not the API key",
			Detail:  "Brevo issues separate SMTP keys for its SMTP relay; its API key is for the HTTP API and is refused here.",
			Fix:     "Generate an SMTP key in Brevo's SMTP & API settings and use it as the password with your SMTP login.",
			Setting: "password", Refs: ref})
		specific = true
	}
	if r.noteID != "" {
		e.add(Finding{ID: r.noteID, Severity: SeverityInfo, Title: r.noteTitle, Detail: r.noteDetail,
			Fix: "Check: " + r.Credentials + ".", Setting: "auth", Refs: ref})
		specific = true
	}
	if !specific && !r.bridge && r.Credentials != "" && !e.preset {
		e.add(Finding{ID: "provider-credentials", Severity: SeverityInfo,
			Title:  r.Name + ": sign in with " + firstClause(r.Credentials),
			Detail: r.Name + " expects " + r.Credentials + r.reported() + ".",
			Fix:    "Use " + r.Credentials + ".", Setting: "auth", Refs: ref})
	}
}

func firstClause(s string) string {
	if i := strings.IndexAny(s, ";("); i > 0 {
		return strings.TrimSpace(s[:i])
	}
	return s
}

// ---- environment ----

func (e *explainer) checkEnvironment() {
	env := environmentInfo(e.s.Environment)
	if env == nil || len(env.Blocks) == 0 {
		return
	}
	ref := []Ref{env.Source}
	port := e.s.Port
	if port > 0 {
		if lvl := blockLevel(env.ID, port); lvl > 0 {
			sev := SeverityError
			cond := ""
			if env.Condition != "" {
				cond = " (" + env.Condition + ")"
			}
			title := env.Name + " blocks outbound port " + itoa(port)
			switch lvl {
			case 2:
				sev = SeverityWarning
				title = env.Name + " is reported to block outbound port " + itoa(port)
			case 1:
				sev = SeverityInfo
				title = env.Name + " may block outbound port " + itoa(port)
			}
			fix := "Way out: " + env.WayOut + "."
			if e.rec.Port != port {
				fix += " Here: " + e.fixText()
			}
			e.add(Finding{ID: "env-blocks-port", Severity: sev, Title: title,
				Detail: "From " + env.Name + ", connections to port " + itoa(port) + " are blocked by default" + cond + ", so they time out (ETIMEDOUT, \"i/o timeout\") before the server is reached." + reportedNote(lvl),
				Fix:    fix, Setting: "port", Refs: ref})
		}
	}
	if blockLevel(env.ID, e.rec.Port) >= 2 {
		e.add(Finding{ID: "env-no-open-port", Severity: SeverityError,
			Title:  "Every port " + e.ruleName() + " offers is blocked from " + env.Name,
			Detail: env.Name + " blocks outbound " + portsText(env.Blocks) + " by default, and " + e.ruleName() + " accepts only " + choicesText(e.candidates()) + ".",
			Fix:    "Way out: " + env.WayOut + ".", Setting: "environment", Refs: ref})
	}
}

// reportedNote is the wording FACTS.md asks for on M-confidence rows.
func reportedNote(level int) string {
	if level == 2 {
		return " This is reported by users and secondary sources, not an official document."
	}
	return ""
}

func portsText(ps []int) string {
	var parts []string
	for _, p := range ps {
		parts = append(parts, itoa(p))
	}
	return strings.Join(parts, ", ")
}

// ---- library ----

func (e *explainer) checkLibrary() {
	s := e.s
	ref := []Ref{refFacts5}
	implicit := s.Security == SecurityImplicit || s.Security == SecurityUnset && e.expected == SecurityImplicit
	switch s.Library {
	case LibSmtpClient:
		if implicit {
			e.add(Finding{ID: "dotnet-no-implicit-tls", Severity: SeverityError,
				Title:   ".NET SmtpClient cannot do implicit TLS",
				Detail:  "System.Net.Mail.SmtpClient only knows STARTTLS (EnableSsl = true); on an implicit-TLS port it times out.",
				Fix:     "Use 587 with " + settingText(LibSmtpClient, e.hostOr(), 587, SecurityStartTLS) + ", or switch to MailKit: client.Connect(\"" + e.hostOr() + "\", " + itoa(portOr(s.Port, 465)) + ", SecureSocketOptions.SslOnConnect).",
				Setting: "library", Refs: ref})
		}
	case LibGoNetSMTP:
		if implicit {
			e.add(Finding{ID: "go-sendmail-no-implicit-tls", Severity: SeverityWarning,
				Title:   "Go's smtp.SendMail cannot do implicit TLS",
				Detail:  "smtp.SendMail speaks plaintext first and upgrades with STARTTLS; to an implicit-TLS port it hangs, then fails with EOF. Dial TLS yourself and hand the connection to smtp.NewClient.",
				Fix:     settingText(LibGoNetSMTP, e.hostOr(), portOr(s.Port, 465), SecurityImplicit) + "; or use 587 with " + settingText(LibGoNetSMTP, e.hostOr(), 587, SecurityStartTLS),
				Setting: "library", Refs: ref})
		}
	case LibPostfix:
		if implicit {
			e.add(Finding{ID: "postfix-wrappermode", Severity: SeverityInfo,
				Title:   "Postfix needs smtp_tls_wrappermode = yes for implicit TLS",
				Detail:  "Postfix as a client speaks plaintext first; without smtp_tls_wrappermode = yes a relayhost on 465 hangs.",
				Fix:     settingText(LibPostfix, e.hostOr(), portOr(s.Port, 465), SecurityImplicit),
				Setting: "security", Refs: ref})
		}
	case LibNodemailer:
		if s.Security == SecurityStartTLS && e.expected != SecurityImplicit {
			e.add(Finding{ID: "nodemailer-require-tls", Severity: SeverityInfo,
				Title:   "Add requireTLS: true so nodemailer insists on STARTTLS",
				Detail:  "With secure: false nodemailer upgrades only when the server offers STARTTLS; if the offer is missing or stripped it goes on in cleartext. requireTLS: true makes it fail instead.",
				Fix:     settingText(LibNodemailer, e.hostOr(), e.starttlsPort(), SecurityStartTLS),
				Setting: "security", Refs: ref})
		}
	}
	if li := libraryInfo(e.lib); li != nil && e.lib != LibOther {
		detail := "The recommended setting in " + li.Name + "'s own option names."
		if li.Trap != "" {
			detail += " Watch out: " + li.Trap
		}
		e.add(Finding{ID: "library-settings", Severity: SeverityInfo,
			Title:  "In " + li.Name + ": " + itoa(e.rec.Port) + " with " + securityWords(e.rec.Security),
			Detail: detail,
			Fix:    e.fixText(), Setting: "library", Refs: ref})
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

var severityRank = map[Severity]int{SeverityOK: 0, SeverityInfo: 1, SeverityWarning: 2, SeverityError: 3}

func (e *explainer) report() Report {
	// Worst first; the order of equal severities is the order of the checks.
	fs := e.findings
	for i := 1; i < len(fs); i++ {
		for j := i; j > 0 && severityRank[fs[j].Severity] > severityRank[fs[j-1].Severity]; j-- {
			fs[j], fs[j-1] = fs[j-1], fs[j]
		}
	}
	v := VerdictOK
	for _, f := range fs {
		switch f.Severity {
		case SeverityError:
			v = VerdictError
		case SeverityWarning:
			if v != VerdictError {
				v = VerdictWarning
			}
		}
	}
	if fs == nil {
		fs = []Finding{}
	}
	r := Report{Verdict: v, Settings: e.s, Findings: fs, Recommended: e.rec, Alternatives: e.alts}
	if e.rule != nil {
		r.Provider = e.rule.ID
	}
	return r
}
