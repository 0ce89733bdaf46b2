package rules

import (
	"strconv"
	"strings"
)

// The wording of every finding lives here as a template, apart from the
// logic that decides when it fires. Keeping the text in data (instead of
// building it with string concatenations at each call site) keeps the
// browser module small and puts all user-facing words in one place.
//
// A template may hold these markers, filled in by say:
//
//	$1 … $9  the arguments of the say call
//	$h       the host as understood
//	$p       the port as given
//	$n       the provider's name ("your provider" when unknown)
//	$r       the host to recommend
//	$c       what to sign in with (provider credentials, or a generic phrase)
//	$u       the recommended pair in words ("587 with STARTTLS")
//	$f       the recommended setting in the person's library's option names

type message struct {
	id       string
	severity Severity // the usual one; a say call may give another
	setting  string
	title    string
	detail   string
	fix      string
	refs     []Ref
}

const (
	lookupFails    = "(\"no such host\" or ENOTFOUND)"
	usernameTitle  = "$n's user name is literally \"$1\""
	usernameDetail = "$n expects the user name \"$1\" and an API key as the password; you have $2, so sign-in fails (535 5.7.8)."
	usernameFix    = "Set the user name to $1 and the password to your API key."
	useFix         = "Use $f"
	turnOnTLS      = "Turn on TLS: $f"
	setHostFix     = "Set the host to $h."
	dynamic        = "$1"
	reportedRow    = " This is reported by users and secondary sources, not an official document."
)

var refsFacts1 = []Ref{refFacts1}

var messages = []message{
	{id: "setting-unknown-value", severity: SeverityWarning, setting: "$1", title: "Unknown $1 value \"$2\"",
		detail: "whichport does not know the $1 value \"$2\", so it checked the rest without it.", fix: "Choose $3.", refs: refsFacts1},
	{id: "host-empty", severity: SeverityError, setting: "host", title: "No server host given",
		detail: "Without a host name the program has nothing to connect to.", fix: "$1$2.", refs: refsFacts1},
	{id: "host-has-scheme", severity: SeverityError, setting: "host", title: "The host field holds $1, not a host name",
		detail: "The host setting takes the server name only; a scheme such as smtp:// or smtps://, a user name or a path makes the name lookup fail " + lookupFails + ". whichport read the host as $h.$2",
		fix:    "Set the host to $h and put the port, TLS mode and user name in their own settings.", refs: refsFacts1},
	{id: "host-has-spaces", severity: SeverityError, setting: "host", title: "The host has spaces in it",
		detail: "A host name cannot contain spaces; the name lookup will fail " + lookupFails + ". Spaces often come from copying the name out of a web page.",
		fix:    setHostFix, refs: refsFacts1},
	{id: "host-has-port", severity: SeverityWarning, setting: "host", title: "The host field includes a port",
		detail: "Most libraries take the port in its own setting and treat \"host:port\" as a host name that does not exist.$1",
		fix:    "Set the host to $h and the port on its own.", refs: refsFacts1},
	{id: "host-ip-literal", severity: SeverityWarning, setting: "host", title: "An IP address will not match the server's certificate",
		detail: "TLS checks that the certificate names the host you typed (RFC 7817). Certificates name host names, so connecting by IP address usually fails verification (\"certificate is valid for …, not $h\").",
		fix:    "Use the server's host name, the one its certificate is issued for.", refs: []Ref{refRFC7817}},
	{id: "host-invalid", severity: SeverityError, setting: "host", title: "This is not a valid host name",
		detail: "$1, so the name lookup will fail " + lookupFails + ".",
		fix:    "Copy the SMTP host name from your provider's documentation.", refs: refsFacts1},
	{id: "proton-bridge", severity: SeverityInfo, setting: "host", title: dynamic,
		detail: "Programs send Proton Mail through Proton Mail Bridge (paid plans), which runs on this machine, usually on 127.0.0.1 port 1025 with STARTTLS, and signs in with the password the Bridge generates, not your Proton password (Proton docs, secondary source).",
		fix:    "Keep Bridge running; use 127.0.0.1, the port Bridge shows (usually 1025), STARTTLS and the Bridge password."},
	{id: "host-localhost", severity: SeverityWarning, setting: "host", title: "This connects to the machine the program runs on",
		detail: "$h is this machine itself. That works only when a mail server (or a bridge such as Proton Mail Bridge) listens here; inside a container it is the container, not the host machine.",
		fix:    "Use your provider's SMTP host name, unless you run a mail server on this machine.", refs: refsFacts1},
	{id: "preset-host-mismatch", severity: SeverityError, setting: "host", title: "This is not $n's server",
		detail: "$n sends mail through $1; $h is a different server.", fix: "Set the host to $r."},
	{id: "host-typo", severity: SeverityWarning, setting: "host", title: "Did you mean $1?",
		detail: "$h is one or two letters away from $1 ($2). A typo in the host fails with \"no such host\" (ENOTFOUND), or reaches somebody else's server.",
		fix:    "Set the host to $1."},
	{id: "provider-host-mismatch", severity: SeverityError, setting: "host", title: "This is not $n's SMTP server",
		detail: "$n accepts mail on $1; $h is a different server.", fix: "Set the host to $r."},
	{id: "proton-bridge-required", severity: SeverityError, setting: "host", title: "Proton Mail is reached through Proton Mail Bridge on your own machine",
		detail: "Programs send Proton Mail through Proton Mail Bridge (paid plans), which runs on your own machine, usually on 127.0.0.1 port 1025 with STARTTLS, and gives you the password to use (Proton docs, secondary source).",
		fix:    "Install and start Proton Mail Bridge, then use host 127.0.0.1, port 1025, STARTTLS and the Bridge password."},
	{id: "host-not-smtp", severity: SeverityError, setting: "host", title: "$h is a server for reading mail, not sending it",
		detail: "Names starting with $1. are the $2 server (incoming mail, RFC 6186 names the services apart); sending goes to the SMTP server, which usually has another name.",
		fix:    "$3$4.", refs: []Ref{refRFC6186}},
	{id: "host-bare-domain", severity: SeverityError, setting: "host", title: "$h is the mail domain, not the SMTP server",
		detail: "Your address ends in $h, but $n accepts submitted mail on $r. $h names the mail domain, not its submission server, so connecting to it is unlikely to reach one: expect a refused connection or a timeout.",
		fix:    "Set the host to $r."},

	{id: "port-invalid", severity: SeverityError, setting: "port", title: "Port $p does not exist",
		detail: "TCP ports run from 1 to 65535.", fix: "Use $u: $f", refs: refsFacts1},
	{id: "port-missing", severity: SeverityWarning, setting: "port", title: "No port given",
		detail: "Without a port the library uses its own default, which may be 25 (relay, often blocked) or a port that does not match your TLS mode.",
		fix:    "Use $u: $f", refs: []Ref{refRFC6409, refRFC8314}},
	{id: "port-unusual", severity: SeverityWarning, setting: "port", title: "Port $p is not a usual SMTP port",
		detail: "No standard says what runs on port $p, so whichport cannot tell whether it expects implicit TLS or STARTTLS. Submission normally uses 587 (STARTTLS) or 465 (implicit TLS); check your provider's documentation.",
		fix:    "Unless your provider documents port $p, use $f", refs: []Ref{refRFC6409, refRFC8314}},
	{id: "port-2525-fallback", severity: SeverityInfo, setting: "port", title: "2525 is an unofficial fallback port",
		detail: "Many sending services (ESPs) run port 2525 like 587 (STARTTLS, then sign-in) for networks that block 587, but no RFC or IANA assignment covers it, so only servers that document it listen there.",
		fix:    "Keep 2525 only if your provider documents it; otherwise use $f", refs: refsFacts1},
	{id: "port-provider-specific", severity: SeverityWarning, setting: "port", title: "Port $p is offered by Amazon SES and Resend only",
		detail: "2587 and 2465 are Amazon SES's and Resend's alternates of 587 and 465, not standard ports; other servers may not listen there, and then the connection is refused or times out.",
		fix:    useFix, refs: refsFacts1},
	{id: "security-missing", severity: SeverityWarning, setting: "security", title: "No TLS mode chosen for port $p",
		detail: "Port $p expects $1. Never infer the mode from the port number alone: say it, or the library may guess wrong and hang or fail the handshake.",
		fix:    "Set $2", refs: []Ref{refRFC8314, refRFC3207}},
	{id: "port-security-ok", severity: SeverityOK, setting: "port", title: dynamic, detail: "$2", fix: "Nothing to change here."},
	{id: "port-security-mismatch-implicit-on-starttls-port", severity: SeverityError, setting: "security", title: "This will fail at once with a TLS error",
		detail: "Port $p starts in plaintext and upgrades with STARTTLS, but your program starts the TLS handshake immediately. $1.",
		fix:    "Either keep port $p with STARTTLS: $2; or $3", refs: []Ref{refRFC3207, refRFC8314}},
	{id: "port-security-mismatch-plaintext-on-implicit-port", severity: SeverityError, setting: "security", title: "This will hang until it times out",
		detail: "Port $p expects the TLS handshake first (implicit TLS), but your program waits for the server's plaintext greeting, which never comes. $1.$2",
		fix:    "$3."},
	{id: "preset-pair-not-accepted", severity: SeverityError, setting: "$4", title: "$n $1 port $p$2", detail: "$n $3.", fix: useFix},
	{id: "provider-lacks-port", severity: SeverityError, setting: "port", title: "$n does not offer port $p",
		detail: "$1 It accepts $2.$3", fix: useFix},
	{id: "port25-submission", severity: SeverityWarning, setting: "port", title: "Port 25 is for servers talking to servers, not for $1",
		detail: "Port 25 is server-to-server relay (RFC 5321). Submitting your own mail belongs on 587 with STARTTLS or 465 with implicit TLS (RFC 6409, RFC 8314), and most clouds and home ISPs block outbound 25, so it often times out.",
		fix:    useFix, refs: []Ref{refRFC5321, refRFC6409, refRFC8314}},

	{id: "credentials-without-tls", severity: SeverityError, setting: "security", title: "Your password would travel in cleartext",
		detail: "With no TLS, the user name and password (or token) cross the network readable by anyone on the path. Submission servers refuse this: most answer \"530 5.7.0 Must issue a STARTTLS command first\", and PLAIN/LOGIN are only offered over TLS (RFC 4954).",
		fix:    turnOnTLS, refs: []Ref{refRFC3207, refRFC4954, refRFC8314All}},
	{id: "no-tls", severity: SeverityWarning, setting: "security", title: "Mail would travel unencrypted", detail: "$1", fix: turnOnTLS,
		refs: []Ref{refRFC8314All, refRFC3207}},
	{id: "auth-required", severity: SeverityError, setting: "auth", title: "Submission needs you to sign in",
		detail: "Submission servers accept mail only from signed-in users (RFC 6409, RFC 4954); without it expect \"530 5.7.0 Authentication required\" or \"554 5.7.1 Relay access denied\".",
		fix:    "Sign in with $c.", refs: []Ref{refRFC6409, refRFC4954}},
	{id: "password-missing", severity: SeverityWarning, setting: "password", title: "The password is empty",
		detail: "The settings sign in with a $1, but the password setting is empty; the server will refuse the sign-in (535 5.7.8) or the library will skip it (530 5.7.0).",
		fix:    "Fill in $c.", refs: []Ref{refRFC4954}},
	{id: "username-missing", severity: SeverityWarning, setting: "username", title: "The user name is empty",
		detail: "Signing in needs a user name as well as the secret; the setting is there but empty.", fix: "Fill in $c.", refs: []Ref{refRFC4954}},
	{id: "password-to-fill", severity: SeverityInfo, setting: "password", title: "Fill in the $1 to finish",
		detail: "Nothing is wrong yet: the settings above do not depend on it, but signing in will.", fix: "Fill in $c.", refs: []Ref{refRFC4954}},
	{id: "username-to-fill", severity: SeverityInfo, setting: "username", title: "Fill in the user name to finish",
		detail: "Nothing is wrong yet: signing in needs a user name as well as the secret.", fix: "Fill in $c.", refs: []Ref{refRFC4954}},
	{id: "username-fixed-to-fill", severity: SeverityInfo, setting: "username", title: "For the user name, type \"$1\"",
		detail: "$n's user name is the word \"$1\", with $c.", fix: "Set the user name to $1."},

	{id: "provider-needs-app-password", severity: SeverityError, setting: "auth", title: "$n$1",
		detail: "$2 Signing in with the account password fails with \"535 5.7.8 Username and Password not accepted\"$3.",
		fix:    "Create an app password in your account's security settings and use it as the password (or sign in with OAuth2 where your program supports it)."},
	{id: "provider-needs-oauth2", severity: SeverityError, setting: "auth", title: "$n needs OAuth2 sign-in",
		detail: "$1 A password sign-in is refused (535 5.7.8).",
		fix:    "Sign in with OAuth2 (XOAUTH2) from your program, or send through a sending service that takes an API key."},
	{id: "m365-basic-auth-retirement", severity: SeverityWarning, setting: "auth", title: "Microsoft 365 password sign-in for SMTP is being retired",
		detail: "SMTP AUTH is off by default in each tenant. Basic authentication (user name and password) for SMTP AUTH stays unchanged until the end of December 2026, then is off by default, and sign-in fails with \"550 5.7.30\" (Microsoft message center MC786329, updated 2026-01-27).",
		fix:    "Move to OAuth2 (XOAUTH2); until then a tenant admin must keep SMTP AUTH enabled for this mailbox."},
	{id: "m365-smtp-auth-off-by-default", severity: SeverityInfo, setting: "auth", title: "SMTP AUTH must be enabled for this mailbox",
		detail: "OAuth2 keeps working for SMTP AUTH, but SMTP AUTH itself is off by default in each Microsoft 365 tenant (MC786329).",
		fix:    "Ask a tenant admin to enable SMTP AUTH for the sending mailbox."},
	{id: "sendgrid-username", severity: SeverityError, setting: "username", title: usernameTitle, detail: usernameDetail, fix: usernameFix},
	{id: "sparkpost-username", severity: SeverityError, setting: "username", title: usernameTitle, detail: usernameDetail, fix: usernameFix},
	{id: "resend-username", severity: SeverityError, setting: "username", title: usernameTitle, detail: usernameDetail, fix: usernameFix},
	{id: "icloud-full-address", severity: SeverityError, setting: "username", title: "Use your full e-mail address as the user name",
		detail: "$n signs you in with the full address (name@icloud.com), not the part before the @.",
		fix:    "Set the user name to your full address, e.g. $1@icloud.com."},
	{id: "ses-smtp-credentials", severity: SeverityInfo, setting: "password", title: "Amazon SES needs its SMTP credentials, not AWS access keys",
		detail: "The SES SMTP endpoint signs you in with SES SMTP credentials. The AWS access key ID and secret access key you use with the AWS SDK or CLI are refused (535).",
		fix:    "Create SMTP credentials for SES and use that user name and password."},
	{id: "brevo-smtp-key", severity: SeverityWarning, setting: "password", title: "Brevo's SMTP relay takes an SMTP key, not the API key",
		detail: "Brevo issues separate SMTP keys for its SMTP relay; its API key is for the HTTP API and is refused here.",
		fix:    "Generate an SMTP key in your Brevo account and use it as the password with your SMTP login."},
	{id: "google-relay-access", severity: SeverityInfo, setting: "auth", title: "Google's relay accepts you by IP address or by SMTP AUTH",
		detail: "As reported in Google Workspace documentation (secondary source), smtp-relay.gmail.com lets a sender in either because its IP address is on the Workspace relay allow-list or because it signs in with SMTP AUTH. It is for Workspace domains, not personal Gmail accounts.",
		fix:    "Check: $1."},
	{id: "gmx-enable-access", severity: SeverityInfo, setting: "auth", title: "Enable POP3/IMAP access in GMX first",
		detail: "GMX refuses SMTP sign-in until POP3/IMAP access is switched on in the account settings.",
		fix:    "Check: $1."},
	{id: "provider-credentials", severity: SeverityInfo, setting: "auth", title: "$n: sign in with $1", detail: "$n expects $2$3.", fix: "Use $2."},

	{id: "env-blocks-port", severity: SeverityError, setting: "port", title: "$2$1 outbound port $p",
		detail: "From $2, connections to port $p are blocked by default$3, so they time out (ETIMEDOUT, \"i/o timeout\") before the server is reached.$4",
		fix:    "Way out: $5.$6"},
	{id: "env-ports-dropped", severity: SeverityInfo, setting: "environment", title: "Not offered here: port $2, blocked from $1",
		detail: "$1 blocks outbound port $2 by default, so whichport leaves it out of the ports it offers you.",
		fix:    "Nothing to change; use one of the ports offered."},
	{id: "env-no-open-port", severity: SeverityError, setting: "environment", title: "Every port $n offers is blocked from $1",
		detail: "$1 blocks outbound $2 by default, and $n accepts only $3.$5", fix: "Way out: $4."},

	{id: "dotnet-no-implicit-tls", severity: SeverityError, setting: "library", title: ".NET SmtpClient cannot do implicit TLS",
		detail: "System.Net.Mail.SmtpClient only knows STARTTLS ({dotnet-smtpclient.starttls}); on an implicit-TLS port it times out.",
		fix:    "Use 587 with $1, or switch to MailKit: {mailkit.connect}(\"$r\", $2, {mailkit.implicit}).", refs: []Ref{refFacts5}},
	{id: "go-sendmail-no-implicit-tls", severity: SeverityWarning, setting: "library", title: "Go's {go-net-smtp.sendmail} cannot do implicit TLS",
		detail: "{go-net-smtp.sendmail} speaks plaintext first and upgrades with STARTTLS; to an implicit-TLS port it hangs, then fails with EOF. Dial TLS yourself and hand the connection to {go-net-smtp.newclient}.",
		fix:    "$1; or use 587 with $2", refs: []Ref{refFacts5}},
	{id: "postfix-wrappermode", severity: SeverityInfo, setting: "security", title: "Postfix needs {postfix.wrappermode} for implicit TLS",
		detail: "Postfix as a client speaks plaintext first; without {postfix.wrappermode} a {postfix.relayhost} on 465 hangs.",
		fix:    "$1", refs: []Ref{refFacts5}},
	{id: "nodemailer-require-tls", severity: SeverityInfo, setting: "security", title: "Add {nodemailer.require} so nodemailer insists on STARTTLS",
		detail: "With {nodemailer.starttls} nodemailer upgrades only when the server offers STARTTLS; if the offer is missing or stripped it goes on in cleartext. {nodemailer.require} makes it fail instead.",
		fix:    "$1", refs: []Ref{refFacts5}},
	{id: "library-settings", severity: SeverityInfo, setting: "library", title: "In $1: $u",
		detail: "The recommended setting in $1's own option names.$2", fix: "$f", refs: []Ref{refFacts5}},
}

func messageFor(id string) *message {
	for i := range messages {
		if messages[i].id == id {
			return &messages[i]
		}
	}
	return nil
}

func defaultSeverity(id string) Severity {
	if m := messageFor(id); m != nil {
		return m.severity
	}
	return SeverityInfo
}

// say adds the finding id with its template filled in. sev "" is the
// catalogue's severity; refs nil are the template's references.
func (e *explainer) say(id string, sev Severity, refs []Ref, args ...string) {
	m := messageFor(id)
	if m == nil {
		m = &message{id: id, severity: SeverityInfo} // TestMessages makes sure this never happens
	}
	if sev == "" {
		sev = m.severity
	}
	if refs == nil {
		refs = m.refs
	}
	if refs == nil {
		refs = []Ref{}
	}
	e.findings = append(e.findings, Finding{ID: id, Severity: sev,
		Title: e.expand(m.title, args), Detail: e.expand(m.detail, args), Fix: e.expand(m.fix, args),
		Setting: e.expand(m.setting, args), Refs: refs})
}

// expand fills the {id.word} slots (LibraryText), then the markers of a
// template.
func (e *explainer) expand(t string, args []string) string {
	t = LibraryText(t)
	if strings.IndexByte(t, '$') < 0 {
		return t
	}
	var b strings.Builder
	b.Grow(len(t) + 32)
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c != '$' || i+1 == len(t) {
			b.WriteByte(c)
			continue
		}
		i++
		var v string
		switch k := t[i]; {
		case k >= '1' && k <= '9':
			if n := int(k - '1'); n < len(args) {
				v = args[n]
			}
		case k == 'h':
			v = e.s.Host
		case k == 'p':
			v = strconv.Itoa(e.s.Port)
		case k == 'n':
			v = e.ruleName()
		case k == 'r':
			v = e.hostOr()
		case k == 'c':
			v = e.credentialsText()
		case k == 'u':
			v = strconv.Itoa(e.rec.Port) + " with " + SecurityWords(e.rec.Security)
		case k == 'f':
			v = e.fixText()
		default:
			v = t[i-1 : i+1] // not a marker: "$" and the byte after it
		}
		b.WriteString(v)
	}
	return b.String()
}

// sayf is say with the message's own severity and refs: one short call
// instead of say's long argument list at each call site.
func (e *explainer) sayf(id, a, b string) { e.say(id, "", nil, a, b) }

// sayr is say citing the provider's (or preset's) document.
func (e *explainer) sayr(id, a, b, c string) { e.say(id, "", e.ruleRefs(), a, b, c) }
