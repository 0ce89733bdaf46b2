package diagnose

import "github.com/whichport/whichport/rules"

// The tables of the error explainer: what each error id means (errorInfos,
// FACTS §6) and the wordings that trigger it (errorPatterns).

// errorInfo is what Explain says about one error id.
type errorInfo struct {
	id       string
	severity rules.Severity
	title    string
	cause    string
	fix      string
	setting  string
	refs     []rules.Ref
}

// errorPattern maps wordings to an error id.
type errorPattern struct {
	id    string
	texts []string // see errMatch for the syntax
	// weak: a generic wording; it gives way to any specific match nearby.
	weak bool
	// yieldTo: ids that replace this match when found nearby.
	yieldTo []string
	// onImplicit: the id to report instead when the port in context is an
	// implicit-TLS port (465): a timeout or EOF there means the client
	// waited for a plaintext greeting (FACTS §6).
	onImplicit string
	// needNear: a text that must appear on this line or the 3 before it.
	needNear string
	// unless: texts that, on the same segment, mean another reading.
	unless []string
	// alternatives: causes the same words also fit (ambiguous from the text
	// alone, testdata/corpus/ambiguous.txt); they are offered after the
	// first answer, whose cause then opens with shows.
	alternatives []string
	// shows: what the text does show when it cannot decide between the
	// answer and its alternatives, and what detail would decide.
	shows string
}

// Refs are written out as literals (not built by helpers) so that the
// tables are static data in the WebAssembly module, not init code.

var errorInfos = []errorInfo{
	{
		id: "tls-wrong-version-number", severity: rules.SeverityError, setting: "security",
		title: "TLS was started on a port that expects STARTTLS",
		cause: "The client started TLS immediately (implicit TLS), but this port speaks plaintext first and upgrades with STARTTLS, as 587, 25 and 2525 do. OpenSSL and Node call this \"wrong version number\", Go \"first record does not look like a TLS handshake\", Java \"Unrecognized SSL message\".",
		fix:   "Use STARTTLS on this port (nodemailer {nodemailer.starttls}; Python {python-smtplib.plain}(host, 587) then starttls(); PHPMailer {phpmailer.starttls-name}; MailKit {mailkit.starttls}; Django {django.starttls}), or switch to port 465 with implicit TLS.",
		refs:  []rules.Ref{{Name: "whichport FACTS §6: wrong version number / first record does not look like a TLS handshake"}, {Name: "RFC 3207", URL: "https://www.rfc-editor.org/rfc/rfc3207"}, {Name: "RFC 8314 §3.3", URL: "https://www.rfc-editor.org/rfc/rfc8314#section-3.3"}},
	},
	{
		id: "greeting-never-received", severity: rules.SeverityError, setting: "security",
		title: "The client waited for a plaintext greeting on an implicit-TLS port",
		cause: "On port 465 the server waits for the TLS handshake first, while the client waits for the server's 220 greeting in plaintext: nothing happens until a timeout, or the server hangs up (EOF). nodemailer says \"Greeting never received\"; Python {python-smtplib.plain} hangs or raises SMTPServerDisconnected; Go {go-net-smtp.sendmail} hangs then reports EOF; .NET SmtpClient times out.",
		fix:   "Enable implicit TLS: nodemailer {nodemailer.implicit}; Python smtplib.{python-smtplib.implicit-name}(host, 465); Go {go-net-smtp.dial} then {go-net-smtp.newclient}; MailKit {mailkit.implicit}; PHPMailer {phpmailer.implicit-name}; Postfix {postfix.wrappermode}. System.Net.Mail.SmtpClient cannot do implicit TLS: use MailKit, or port 587 with {dotnet-smtpclient.starttls}.",
		refs:  []rules.Ref{{Name: "whichport FACTS §6: Greeting never received, timeout or EOF right after connect on 465"}, {Name: "whichport FACTS §5: library and client semantics"}, {Name: "RFC 8314 §3.3", URL: "https://www.rfc-editor.org/rfc/rfc8314#section-3.3"}},
	},
	{
		id: "greeting-timeout", severity: rules.SeverityError, setting: "port",
		title: "The server did not greet in time",
		cause: "On this port the server speaks first, in plaintext, so the TLS mode is not the cause: the 220 greeting did not arrive before the client gave up. Some servers pause before the greeting on purpose (RFC 5321 allows up to 5 minutes), or a firewall swallows the connection.",
		fix:   "Check the host and port against the provider's documentation, raise the client's greeting timeout (nodemailer {nodemailer.greeting-timeout}), and try from another network to rule out a firewall.",
		refs:  []rules.Ref{{Name: "whichport FACTS §2: RFC 5321: greeting timeout may be 5 minutes"}, {Name: "whichport FACTS §6: Greeting never received"}, {Name: "RFC 5321 §4.5.3.2", URL: "https://www.rfc-editor.org/rfc/rfc5321#section-4.5.3.2"}},
	},
	{
		id: "greeting-refused", severity: rules.SeverityError, setting: "host",
		title: "The server refused the session in its greeting",
		cause: "The server answered the connection with a refusal (554) instead of the 220 greeting: it will not talk to this client, for example because of the client's IP address or because it is not a server for submission.",
		fix:   "Submit to your provider's submission host on 587 or 465, not to an MX; if you run the sending server, check the reason the refusal gives (an IP on a blocklist, for example).",
		refs:  []rules.Ref{{Name: "whichport FACTS §2: RFC 5321: 421 and 554 at greeting mean refusal"}, {Name: "RFC 5321 §3.1", URL: "https://www.rfc-editor.org/rfc/rfc5321#section-3.1"}},
	},
	{
		id: "starttls-required", severity: rules.SeverityError, setting: "security",
		title: "The server wants STARTTLS before anything else",
		cause: "The client tried to log in or send (AUTH, MAIL) over the plaintext connection without first upgrading it with STARTTLS.",
		fix:   "Enable STARTTLS: nodemailer {nodemailer.starttls} with {nodemailer.require}; Python server.starttls() before login(); .NET {dotnet-smtpclient.starttls}; JavaMail {javamail.starttls-enable}; Django {django.starttls}; PHPMailer {phpmailer.starttls-name}; Rails {rails.starttls}.",
		refs:  []rules.Ref{{Name: "whichport FACTS §6: 530 5.7.0 Must issue a STARTTLS command first"}, {Name: "RFC 3207 §4", URL: "https://www.rfc-editor.org/rfc/rfc3207#section-4"}, {Name: "RFC 4954 §6", URL: "https://www.rfc-editor.org/rfc/rfc4954#section-6"}},
	},
	{
		id: "auth-required", severity: rules.SeverityError, setting: "auth",
		title: "The server wants you to log in before sending",
		cause: "The client sent mail without authenticating (no AUTH command), and this server does not accept mail from anonymous clients.",
		fix:   "Configure the account's username and password (or the provider's API key) in the library so that it logs in before sending.",
		refs:  []rules.Ref{{Name: "whichport FACTS §2: RFC 4954: 530 5.7.0 authentication required"}, {Name: "RFC 4954 §6", URL: "https://www.rfc-editor.org/rfc/rfc4954#section-6"}},
	},
	{
		id: "auth-not-offered", severity: rules.SeverityError, setting: "port",
		title: "The server did not offer login (AUTH)",
		cause: "The server's EHLO reply listed no AUTH. Servers offer PLAIN and LOGIN only over TLS, so AUTH appears after STARTTLS; and port 25 of an MX is for server-to-server relay, where no AUTH is expected.",
		fix:   "Upgrade with STARTTLS before logging in (or use 465 with implicit TLS), and submit to your provider's submission host on 587 or 465, not to port 25.",
		refs:  []rules.Ref{{Name: "whichport FACTS §2: RFC 4954: PLAIN/LOGIN only over TLS; RFC 3207: AUTH is read from the second EHLO"}, {Name: "whichport FACTS §1: port 25: no AUTH expected"}, {Name: "RFC 4954 §4", URL: "https://www.rfc-editor.org/rfc/rfc4954#section-4"}},
	},
	{
		id: "credentials-missing", severity: rules.SeverityError, setting: "password",
		title: "The library had no username or password to log in with",
		cause: "The library was told to log in but its username or password was empty, as when the environment variable meant to hold it is not set where the program runs.",
		fix:   "Check that SMTP_PASSWORD (or whatever variable your configuration reads) is set in the environment the program actually runs in, and that the username is filled in.",
		refs:  []rules.Ref{{Name: "whichport FACTS §2: RFC 4954 (AUTH)"}, {Name: "RFC 4954 §4", URL: "https://www.rfc-editor.org/rfc/rfc4954#section-4"}},
	},
	{
		id: "auth-failed", severity: rules.SeverityError, setting: "password",
		title: "The server rejected the username or password",
		cause: "The login reached the server and was refused (535, usually 5.7.8): the username or password is wrong, or the provider wants an app password, OAuth2 or an API key instead of the account password.",
		fix:   "Check the username (often the full address; SendGrid uses \"apikey\", SparkPost \"SMTP_Injection\", Resend \"resend\") and use the credential the provider asks for: an app password (Gmail, Yahoo, iCloud, Fastmail), OAuth2, or the provider's SMTP credential (SendGrid and Resend: an API key; Brevo: the SMTP key, not the API key; Postmark: the server token; Amazon SES: SMTP credentials, not AWS access keys).",
		refs:  []rules.Ref{{Name: "whichport FACTS §6: 535 5.7.8 / Username and Password not accepted / SMTPAuthenticationError"}, {Name: "whichport FACTS §3: providers: credentials"}, {Name: "RFC 4954 §6", URL: "https://www.rfc-editor.org/rfc/rfc4954#section-6"}},
	},
	{
		id: "m365-basic-auth-disabled", severity: rules.SeverityError, setting: "auth",
		title: "Microsoft 365 refuses password login (basic auth) for SMTP",
		cause: "Basic authentication for SMTP AUTH is disabled for this Microsoft 365 tenant or mailbox (550 5.7.30; users also report 535 5.7.139 \"SmtpClientAuthentication is disabled\"); SMTP AUTH is off by default per tenant. Microsoft message center MC786329 (updated 2026-01-27): basic auth for SMTP AUTH stays until the end of December 2026, then it is off by default.",
		fix:   "Use OAuth2 for SMTP AUTH, or have a tenant admin re-enable SMTP AUTH for this mailbox (and plan for OAuth2 before basic auth goes away).",
		refs:  []rules.Ref{{Name: "whichport FACTS §6: 550 5.7.30"}, {Name: "Microsoft message center MC786329 (updated 2026-01-27)"}},
	},
	{
		id: "gmail-web-login-required", severity: rules.SeverityError, setting: "password",
		title: "Google wants an app password or OAuth2, not the account password",
		cause: "Google refused the login and wants an app password or OAuth2 (534 5.7.9), or a sign-in in the web browser first (534 5.7.14). Google stopped accepting plain passwords from apps on 2022-05-30 for consumer accounts and on 2025-05-01 for Workspace. Outside Google, 534 5.7.9 means the authentication mechanism is too weak (RFC 4954).",
		fix:   "Create an app password for the account and use it as the SMTP password, or use OAuth2.",
		refs:  []rules.Ref{{Name: "whichport FACTS §6: 534 5.7.9 / 5.7.14 (Gmail)"}, {Name: "whichport FACTS §3: Gmail / Google Workspace"}, {Name: "RFC 4954 §6", URL: "https://www.rfc-editor.org/rfc/rfc4954#section-6"}},
	},
	{
		id: "relay-denied", severity: rules.SeverityError, setting: "auth",
		title: "The server refuses to relay this mail",
		cause: "The server will not pass the message on: the client did not log in, or the account may not send as this sender, or this is not your own provider's submission server.",
		fix:   "Log in (SMTP AUTH) and submit to your own provider's submission host on 587 or 465, with a From address the account is allowed to use.",
		refs:  []rules.Ref{{Name: "whichport FACTS §6: 554 5.7.1 Relay access denied"}, {Name: "RFC 6409", URL: "https://www.rfc-editor.org/rfc/rfc6409"}},
	},
	{
		id: "rate-limited", severity: rules.SeverityWarning,
		title: "The server asked you to come back later",
		cause: "The server is limiting you: rate limiting, greylisting or tarpitting (421 4.7.0, \"Too many connections\", \"try again later\"). This is not a TLS or port problem.",
		fix:   "Retry later with back-off, open fewer connections at once, and stay within the provider's sending limits.",
		refs:  []rules.Ref{{Name: "whichport FACTS §6: 421 4.7.0 at greeting, Too many connections, try again later"}, {Name: "RFC 5321 §4.2", URL: "https://www.rfc-editor.org/rfc/rfc5321#section-4.2"}},
	},
	{
		id: "tls-not-available", severity: rules.SeverityWarning,
		title: "The server could not start TLS (454 4.7.0 TLS not available)",
		cause: "The server answered STARTTLS with 454: TLS is temporarily unavailable on its side.",
		fix:   "Try again later and report it to the provider; do not fall back to sending without TLS.",
		refs:  []rules.Ref{{Name: "whichport FACTS §6: 454 4.7.0 TLS not available"}, {Name: "RFC 3207 §4", URL: "https://www.rfc-editor.org/rfc/rfc3207#section-4"}},
	},
	{
		id: "cert-hostname-mismatch", severity: rules.SeverityError, setting: "host",
		title: "The certificate does not cover the host name you connected to",
		cause: "The client connected by a name the server's certificate does not list: an IP address, an alias, or an old host name.",
		fix:   "Connect using a host name the certificate covers (the provider's documented SMTP host). Do not turn certificate verification off.",
		refs:  []rules.Ref{{Name: "whichport FACTS §6: x509: certificate is valid for A, not B / Hostname/IP does not match certificate's altnames"}, {Name: "RFC 7817 §3", URL: "https://www.rfc-editor.org/rfc/rfc7817#section-3"}},
	},
	{
		id: "cert-unknown-authority", severity: rules.SeverityError,
		title: "The server's certificate is not trusted",
		cause: "The certificate chain does not lead to a trusted root: a private CA or self-signed certificate, a missing intermediate certificate on the server, or TLS interception (a proxy or antivirus).",
		fix:   "Install the full chain on the server, or trust the private CA explicitly; never turn certificate verification off in production.",
		refs:  []rules.Ref{{Name: "whichport FACTS §6: certificate signed by unknown authority / self signed certificate in certificate chain"}},
	},
	{
		id: "cert-expired", severity: rules.SeverityError,
		title: "The server's certificate has expired",
		cause: "The server presented an expired certificate.",
		fix:   "Renew the certificate on the server (or tell the provider if the server is not yours).",
		refs:  []rules.Ref{{Name: "whichport FACTS §6: certificate has expired"}},
	},
	{
		id: "cert-invalid", severity: rules.SeverityError, setting: "host",
		title: "The server's certificate was rejected",
		cause: "The client could not verify the server's certificate. The usual reasons: the certificate does not cover the host name used, its chain does not lead to a trusted root, or it has expired; the lines around this one often say which.",
		fix:   "Connect by a host name the certificate covers; install the full chain on the server; renew it if expired. Do not turn verification off.",
		refs:  []rules.Ref{{Name: "whichport FACTS §6: certificate rows"}, {Name: "RFC 7817 §3", URL: "https://www.rfc-editor.org/rfc/rfc7817#section-3"}},
	},
	{
		id: "connect-timeout", severity: rules.SeverityError, setting: "port",
		title: "The connection timed out: the port looks blocked",
		cause: "Nothing answered the connection attempt. Most often a firewall or the hosting provider blocks outbound traffic to this port: many clouds block 25, and some block 465 or 587 too.",
		fix:   "Try 587, 465 or 2525 (whichever the provider offers) and ask the host whether outbound SMTP is blocked. Works on your laptop but times out on the server? Then the server's network blocks it.",
		refs:  []rules.Ref{{Name: "whichport FACTS §6: ETIMEDOUT / i/o timeout / Connection timed out on connect"}, {Name: "whichport FACTS §4: where outbound ports are blocked"}},
	},
	{
		id: "connect-refused", severity: rules.SeverityError, setting: "port",
		title: "The connection was refused",
		cause: "The host answered, but nothing listens on that port, or a local firewall rejects the connection.",
		fix:   "Check the host name and the port: use the provider's submission host and a port it offers (587 or 465).",
		refs:  []rules.Ref{{Name: "whichport FACTS §6: ECONNREFUSED / connection refused"}},
	},
	{
		id: "network-unreachable", severity: rules.SeverityError, setting: "environment",
		title: "The sending machine has no route to the server",
		cause: "The connection could not even start: the network of the sending machine has no route to that address. A common case is an IPv6 address on a machine without IPv6 connectivity.",
		fix:   "If the address is IPv6, make the library or the machine use IPv4; otherwise check the machine's network, routing and firewall.",
		refs:  []rules.Ref{{Name: "whichport FACTS §6: ETIMEDOUT / ECONNREFUSED (connection rows)"}},
	},
	{
		id: "host-not-found", severity: rules.SeverityError, setting: "host",
		title: "The host name could not be found",
		cause: "The SMTP host name does not resolve: a typo in the name, or a DNS failure on the sending machine.",
		fix:   "Check the spelling of the host name against the provider's documentation, and that DNS works on the sending machine.",
		refs:  []rules.Ref{{Name: "whichport FACTS §6: getaddrinfo ENOTFOUND / no such host"}},
	},
	{
		id: "starttls-unsupported", severity: rules.SeverityError, setting: "port",
		title: "The server does not offer STARTTLS here",
		cause: "The client wanted to upgrade the connection with STARTTLS, but the server does not support it on this port (502 5.5.1 after STARTTLS, or no STARTTLS in the EHLO reply).",
		fix:   "Use the port and TLS mode the provider documents: usually 587 with STARTTLS, or 465 with implicit TLS.",
		refs:  []rules.Ref{{Name: "whichport FACTS §6: 502 5.5.1 Unrecognized command after STARTTLS"}, {Name: "RFC 3207 §4", URL: "https://www.rfc-editor.org/rfc/rfc3207#section-4"}},
	},
	{
		id: "smtp-synchronization-error", severity: rules.SeverityError,
		title: "The client spoke before the server replied",
		cause: "The server (Exim, for example) rejected the session because the client sent a command before the 220 greeting or before the reply to EHLO or STARTTLS. Only MAIL, RCPT and DATA may be pipelined.",
		fix:   "Wait for the greeting and for each reply to EHLO and STARTTLS before the next command; turn pipelining off in the client if it has the option.",
		refs:  []rules.Ref{{Name: "whichport FACTS §6: 554 5.5.1 SMTP synchronization error"}, {Name: "whichport FACTS §2: RFC 2920"}, {Name: "RFC 2920 §3.1", URL: "https://www.rfc-editor.org/rfc/rfc2920#section-3.1"}},
	},
	{
		id: "tls-handshake-failed", severity: rules.SeverityError, setting: "security",
		title: "The TLS handshake failed",
		cause: "The client and the server could not set up TLS. The usual causes are a TLS mode that does not match the port (implicit TLS on 587, or STARTTLS on 465) and a certificate the client does not trust; the lines around this one often name the reason.",
		fix:   "Check the pair: 465 with implicit TLS (\"SSL/TLS\", {nodemailer.implicit}, {mailkit.implicit-name}) or 587 with STARTTLS. If that is right, look for the certificate error in the full log.",
		refs:  []rules.Ref{{Name: "whichport FACTS §6: wrong version number; certificate rows"}, {Name: "RFC 8314 §3.3", URL: "https://www.rfc-editor.org/rfc/rfc8314#section-3.3"}},
	},
	{
		id: "connection-closed", severity: rules.SeverityWarning, setting: "security",
		title: "The server closed the connection",
		cause: "The connection ended without an SMTP reply that says why. Right after connecting to 465 this means the client waited for a plaintext greeting on an implicit-TLS port.",
		fix:   "If the port is 465, enable implicit TLS ({nodemailer.implicit}, {python-smtplib.implicit-name}, {mailkit.implicit-name}, {go-net-smtp.dial}). Otherwise look for the server's last reply before this line.",
		refs:  []rules.Ref{{Name: "whichport FACTS §6: Greeting never received, timeout or EOF right after connect on 465"}, {Name: "whichport FACTS §5: Python smtplib: SMTP() on 465 raises SMTPServerDisconnected"}},
	},
	{
		id: "connect-failed", severity: rules.SeverityError,
		title: "The client could not connect to the SMTP server",
		cause: "The library reports a failed connection without its reason (PHPMailer \"SMTP connect() failed\", JavaMail \"Couldn't connect to host\"). The reason is usually a timeout (blocked port), a refused connection, a wrong host name, or a TLS error.",
		fix:   "Turn on the library's debug output (PHPMailer {phpmailer.debug}, JavaMail {javamail.debug}) and paste the whole log here.",
		refs:  []rules.Ref{{Name: "whichport FACTS §6: connection rows"}},
	},
	{
		id: "socket-error", severity: rules.SeverityWarning,
		title: "nodemailer reports a socket error (ESOCKET)",
		cause: "The connection failed below SMTP, in the network or in TLS; the message next to ESOCKET says which.",
		fix:   "Paste the whole error, including the message before code: 'ESOCKET'.",
		refs:  []rules.Ref{{Name: "whichport FACTS §6: error messages"}},
	},
	{
		id: "read-timeout", severity: rules.SeverityError,
		title: "The server stopped answering during the session",
		cause: "The session had started, then a reply did not come before the client gave up (after MAIL FROM, RCPT or DATA, say), so the port and TLS mode work: a slow server, a slow content filter, or a firewall that drops quiet connections.",
		fix:   "Raise the client's read timeout (nodemailer socketTimeout, Python timeout=, JavaMail mail.smtp.timeout, Ruby read_timeout), try again, and check the server's log or status page. Changing the port or TLS mode will not help.",
		refs:  []rules.Ref{{Name: "RFC 5321 §4.5.3.2 (timeouts per command)", URL: "https://www.rfc-editor.org/rfc/rfc5321#section-4.5.3.2"}},
	},
	{
		id: "temporary-failure", severity: rules.SeverityWarning,
		title: "The server is temporarily unavailable (421)",
		cause: "The server answered 421: it will not serve now (shutting down, overloaded, too many connections, greylisting). 421 is temporary, not a refusal: the same settings can work later.",
		fix:   "Retry later with back-off; if it lasts, check the provider's status page and your sending rate. Do not change the port or TLS settings for this.",
		refs:  []rules.Ref{{Name: "whichport FACTS §6: 421 4.7.0 at greeting, try again later"}, {Name: "RFC 5321 §3.8 and §4.2.3", URL: "https://www.rfc-editor.org/rfc/rfc5321#section-3.8"}},
	},
	{
		id: "starttls-garbage", severity: rules.SeverityError,
		title: "STARTTLS was accepted, but what followed was not TLS",
		cause: "The server accepted STARTTLS (220), so your TLS mode is right, but what came next was not a TLS handshake: something in between (a proxy, an antivirus or firewall that inspects mail) or a broken server speaks plaintext there.",
		fix:   "Try from another network, or with the antivirus's mail scanning off; port 465 with implicit TLS avoids the STARTTLS step. If it happens from everywhere, report it to the server's operator.",
		refs:  []rules.Ref{{Name: "whichport FACTS §2: RFC 3207 STARTTLS"}, {Name: "RFC 3207 §4", URL: "https://www.rfc-editor.org/rfc/rfc3207#section-4"}},
	},
	{
		id: "auth-mechanism-unsupported", severity: rules.SeverityError, setting: "auth",
		title: "The server and the client share no login method",
		cause: "The server offers login (AUTH), but only with methods this library does not support (XOAUTH2 only, for example), or it refused the method the library chose (504: mechanism not supported). The password was never checked.",
		fix:   "Use a method both sides support: configure OAuth2 (XOAUTH2) in the library if the provider requires it, or, on your own server, offer PLAIN and LOGIN after STARTTLS.",
		refs:  []rules.Ref{{Name: "whichport FACTS §2: RFC 4954 (AUTH)"}, {Name: "RFC 4954 §4 and §6", URL: "https://www.rfc-editor.org/rfc/rfc4954#section-4"}},
	},
	{
		id: "tls-version-too-old", severity: rules.SeverityError,
		title: "The server speaks only an old TLS version",
		cause: "The handshake failed on the protocol version: the server offers only TLS 1.0 or 1.1 (with SHA-1 signatures), which current clients refuse (\"protocol version\", \"legacy sigalg disallowed\"). RFC 8996 retired both.",
		fix:   "Upgrade the server to TLS 1.2 or newer (or ask the provider to). Lowering the client's minimum TLS version is only a stopgap for a server you control.",
		refs:  []rules.Ref{{Name: "whichport FACTS §2: RFC 8314: TLS 1.2 or newer"}, {Name: "RFC 8996", URL: "https://www.rfc-editor.org/rfc/rfc8996"}},
	},
	{
		id: "recipient-unknown", severity: rules.SeverityError,
		title: "The recipient address does not exist",
		cause: "The server refused the recipient (550 5.1.1, user unknown): it is the mail server for that domain and has no such mailbox. The connection, TLS and login are fine.",
		fix:   "Check the recipient address for typos; if it should exist, ask the recipient's mail administrator.",
		refs:  []rules.Ref{{Name: "RFC 3463 §3.2 (X.1.1 bad destination mailbox address)", URL: "https://www.rfc-editor.org/rfc/rfc3463#section-3.2"}},
	},
	{
		id: "message-too-large", severity: rules.SeverityError,
		title: "The message is larger than the server accepts",
		cause: "The server refused the message for its size (552, 5.3.4 \"message size exceeds fixed limit\"). Attachments grow by about a third when encoded for mail.",
		fix:   "Send smaller attachments or a link instead; on your own server, raise the limit (Postfix message_size_limit).",
		refs:  []rules.Ref{{Name: "RFC 3463 §3.4 (X.3.4 message too big for system)", URL: "https://www.rfc-editor.org/rfc/rfc3463#section-3.4"}, {Name: "RFC 1870 (SIZE)", URL: "https://www.rfc-editor.org/rfc/rfc1870"}},
	},
	{
		id: "cert-no-ip-san", severity: rules.SeverityError, setting: "host",
		title: "You connected by IP address, and the certificate names only host names",
		cause: "The server's certificate lists DNS names but no IP addresses (no IP SANs), and the client was given an IP address, so the check cannot match (Go: \"doesn't contain any IP SANs\"; Python: \"IP address mismatch\").",
		fix:   "Connect by the host name the certificate covers (the provider's documented SMTP host), not by its IP address. Do not turn verification off.",
		refs:  []rules.Ref{{Name: "whichport FACTS §2: RFC 7817: the certificate must match the configured host"}, {Name: "RFC 7817 §3", URL: "https://www.rfc-editor.org/rfc/rfc7817#section-3"}},
	},
	{
		id: "reply-not-shown", severity: rules.SeverityInfo,
		title: "The text does not say what the server answered",
		cause: "The client reports only that it did not like the server's reply (curl: \"Weird server reply\"), not the reply itself, so the cause cannot be read from it.",
		fix:   "Run the client with its verbose or debug output on (curl -v, PHPMailer {phpmailer.debug} = 3, nodemailer debug: true, swaks) and paste the transcript: the server's line says what is wrong.",
		refs:  []rules.Ref{{Name: "whichport FACTS §6: error messages"}},
	},
	{
		id: "input-truncated", severity: rules.SeverityInfo,
		title: "Only the first 256 KB were read",
		cause: "The text is longer than 256 KB; errors after that point were not looked for.",
		fix:   "Paste the part of the log around the failure.",
		refs:  []rules.Ref{{Name: "whichport FACTS §6: error messages"}},
	},
}

// errorPatterns: the wordings, most specific first. Texts are lowercase.
var errorPatterns = []errorPattern{
	// A server's own log (Postfix smtpd, SSL_accept) reporting "wrong version
	// number": the mirror image, a client that spoke plaintext to an
	// implicit-TLS port.
	{id: "greeting-never-received", texts: []string{
		"smtpd*wrong version number", "ssl_accept*wrong version number", "smtpd*wrong_version_number",
	}},
	// Implicit TLS on a STARTTLS or plaintext port.
	{id: "tls-wrong-version-number", unless: []string{"smtpd", "ssl_accept"}, yieldTo: []string{"starttls-unsupported"},
		alternatives: []string{"starttls-garbage"},
		shows:        "The client received something that is not TLS where it expected a TLS handshake. Usually it started TLS at once on a port that speaks plaintext first; if your transcript shows STARTTLS accepted (220) just before, the server or something in between sent plaintext after it instead.",
		texts: []string{
			"wrong version number", "~wrong_version_number", "first record does not look like a tls handshake",
			"unrecognized ssl message", "ssl3_get_record:packet length too long", "ssl23_get_server_hello:unknown protocol",
			"the handshake failed due to an unexpected packet format", "an unexpected tls packet was received",
			"ssl_error_rx_record_too_long",
		}},
	{id: "tls-wrong-version-number", weak: true, unless: []string{"smtpd", "ssl_accept"}, texts: []string{"ssl3_get_record"}},
	{id: "tls-version-too-old", texts: []string{
		"protocol version not supported", "alert protocol version", "alert_protocol_version", "fatal alert: protocol_version",
		"legacy sigalg disallowed", "unsupported protocol", "no protocols available", "unsupported_protocol",
		"no appropriate protocol", "tlsv1_alert_protocol_version",
	}},

	// A plaintext client on an implicit-TLS port.
	{id: "greeting-never-received", alternatives: []string{"greeting-timeout"},
		shows: "The connection opened, but the server's first reply (the 220 greeting) never came. That is what a plaintext client on an implicit-TLS port (465) looks like, and also a server that is very slow to greet; the port you used decides.",
		texts: []string{
			"greeting never received", "timed out while receiving the initial server greeting",
			"lost connection with * while receiving the initial server greeting",
		}},

	{id: "temporary-failure", yieldTo: []string{"rate-limited", "tls-not-available"}, unless: []string{"[net::smtp] timeout"}, texts: []string{
		"421 4.", "421-4.", "(421, b'", "421 \"", "smtp-server response: 421", "response: 421", "response=421",
		"smtpserverbusy", "^421 ", "^421-", "server message: 421",
	}},
	{id: "greeting-refused", yieldTo: []string{"temporary-failure", "rate-limited"}, texts: []string{
		"invalid greeting", "no smtp service here", "blocked using", "smtp-server response: 554", "bad greeting*554",
		"smtpconnecterror: (554", "554*service unavailable", "554 5.3.2",
	}},
	{id: "starttls-required", texts: []string{
		"must issue a starttls command first", "must issue a starttls", "mail failed: 530",
		"538 5.7.11", "538-5.7.11", "encryption required for requested authentication mechanism",
	}},
	// .NET SmtpClient says this both without TLS and without credentials.
	{id: "starttls-required", yieldTo: []string{"auth-required"}, texts: []string{
		"requires a secure connection or the client was not authenticated",
	}},
	{id: "auth-required", texts: []string{
		"530*authentication required", "5.7.0 authentication required", "client host rejected: access denied",
		"client was not authenticated to send", "5.7.57",
	}},
	{id: "auth-mechanism-unsupported", texts: []string{
		"no suitable authentication method", "authentication mechanism not supported", "unrecognized authentication type",
		"504 5.5.4", "504 5.7.4", "504-5.5.4", "no authentication mechanisms supported by both", "no sasl mechanism found",
		"cannot use a secure authentication method", "no advertised types available", "unsupported authentication mechanism",
		"mechanism not supported",
	}},
	{id: "auth-not-offered", texts: []string{
		"smtp auth extension not supported", "server doesn't support auth", "server does not support auth",
		"no supported authentication mechanisms", "authentication not enabled", "auth command used when not advertised",
		"does not support authentication", "did not advertise authentication", "command unknown: 'auth'",
		"authentication not supported", "auth not supported",
	}},

	{id: "credentials-missing", texts: []string{
		"missing credentials for",
	}},
	{id: "m365-basic-auth-disabled", texts: []string{
		"5.7.30", "basic authentication is not supported for client submission",
		"smtpclientauthentication is disabled", "basic authentication is disabled", "security defaults policy",
	}},
	{id: "gmail-web-login-required", texts: []string{
		"534 5.7.9", "534-5.7.9", "534*5.7.14", "5.7.14", "application-specific password required",
		"please log in via your web browser", "web login required",
	}},
	{id: "auth-failed", yieldTo: []string{"m365-basic-auth-disabled", "gmail-web-login-required", "auth-mechanism-unsupported", "auth-not-offered"}, texts: []string{
		"535 5.7.8", "535-5.7.8", "535: 5.7.8", "535, b'5.7.8", "535, '5.7.8", "535 5.7.3",
		"username and password not accepted", "smtpauthenticationerror", "invalid login",
		"authenticationfailedexception", "authentication unsuccessful", "incorrect authentication data",
		"badcredentials", "could not authenticate", "535 authentication", "535-authentication",
		"invalid credentials", "authentication credentials invalid", "535 error: authentication failed",
		"login to server * failed", "535 5.7.0", "535-5.7.0", "bad auth attempts", "responsecode: 535", "said: 535", "^535 ", "^535-",
	}},
	// curl: a refused password and a refused mechanism read the same.
	{id: "auth-failed", alternatives: []string{"auth-mechanism-unsupported"},
		shows: "curl says only that the login was refused (exit 67).",
		texts: []string{"(67) login denied", "login denied"}},
	// "authentication failed" alone, but not .NET's TLS "Authentication failed because ...".
	{id: "auth-failed", yieldTo: []string{"m365-basic-auth-disabled", "gmail-web-login-required", "auth-mechanism-unsupported", "auth-not-offered"}, texts: []string{
		"sasl authentication failed", "sasl login authentication failed", "sasl plain authentication failed",
		"authentication failed:", "authentication failed;", "authentication failed.", "auth failed",
	}},

	{id: "recipient-unknown", texts: []string{
		"550 5.1.1", "550-5.1.1", "550, b'5.1.1", "550 \"5.1.1", "5.1.1 <", "user unknown", "no such user", "unknown user",
		"recipient not found", "mailbox does not exist", "address rejected: user unknown",
	}},
	{id: "message-too-large", texts: []string{
		"552 5.3.4", "552-5.3.4", "552, b'5.3.4", "552 \"5.3.4", "5.3.4 message size", "message size exceeds",
		"message file too big", "message too large", "message is too large", "exceeds size limit", "smtp code: 552",
		"size limit exceeded",
	}},
	// curl's exit 55 names the command and the code only.
	{id: "recipient-unknown", alternatives: []string{"relay-denied", "auth-not-offered"},
		shows: "curl says only that the server refused the recipient with 550 (exit 55): that is an unknown mailbox, or a refused relay (as when the client did not log in because the server offered no AUTH before STARTTLS). curl -v shows the server's words.",
		texts: []string{"rcpt failed: 550"}},
	{id: "relay-denied", alternatives: []string{"auth-required"},
		shows: "curl says only that the server refused the recipient with 554 (exit 55): a refused relay, or a server that takes mail only from clients that logged in. curl -v shows the server's words.",
		texts: []string{"rcpt failed: 554"}},
	{id: "reply-not-shown", texts: []string{"(8) weird server reply"}},
	// A refused relay: usually a client that did not log in, which some
	// libraries (nodemailer, Jakarta Mail, curl) do silently when the
	// server offers no AUTH.
	{id: "relay-denied", alternatives: []string{"auth-not-offered"},
		shows: "The server refused to relay, which usually means the client did not log in. If your settings have a username and password, the library may have skipped the login because the server offered no AUTH (as servers do before STARTTLS).",
		texts: []string{
			"relay access denied", "relaying denied", "relay denied", "unable to relay", "relay not permitted",
			"not permitted to relay", "relaying not permitted", "relay not allowed", "relaying not allowed",
			"we do not relay", "554 5.7.1*relay~", "550 5.7.1*relay~",
		}},
	{id: "relay-denied", texts: []string{
		"sendasdenied~", "not allowed to send as", "does not match a verified sender identity",
		"email address is not verified", "is not a sender signature", "is not allowed to send", "permissions to send as this sender", "sender address rejected: not owned by",
	}},
	{id: "tls-not-available", texts: []string{
		"tls not available", "tls is not available", "454 4.7.0*tls~", "454-4.7.0*tls~",
	}},
	{id: "rate-limited", yieldTo: []string{"tls-not-available"}, texts: []string{
		"421 4.7.0", "421-4.7.0", "too many connections", "too many concurrent", "too many messages",
		"try again later", "rate limit~", "rate-limit~", "ratelimit~", "greylist~", "graylist~", "throttl~",
	}},

	{id: "cert-no-ip-san", texts: []string{
		"doesn't contain any ip sans", "ip address mismatch", "is not in the cert's list", "verify error:num=64",
		"no subject alternative names matching ip address",
	}},
	// Wordings that do not say whether a host name or an IP address failed to match.
	{id: "cert-hostname-mismatch", alternatives: []string{"cert-no-ip-san"},
		shows: "The certificate does not cover the name or address you connected to; the text does not say which one you used.",
		texts: []string{
			"name in the certificate does not match", "hostname verification failed", "(hostname mismatch)",
			"no alternative certificate subject name matches", "did not match expected name",
		}},
	{id: "cert-hostname-mismatch", texts: []string{
		"certificate is valid for", "certificate is not valid for", "does not match certificate's altnames",
		"err_tls_cert_altname_invalid", "hostname mismatch", "hostname * doesn't match",
		"no subject alternative dns name matching", "no subject alternative names matching",
		"no subject alternative names present", "no name matching", "remotecertificatenamemismatch",
		"did not match expected cn", "ssl_error_bad_cert_domain",
	}},
	{id: "cert-expired", texts: []string{
		"certificate has expired", "uses expired certificate", "validity check failed", "cert_has_expired", "certificate_expired", "certificate expired",
		"certificateexpiredexception", "nottimevalid", "sec_error_expired_certificate",
	}},
	{id: "cert-unknown-authority", texts: []string{
		"certificate signed by unknown authority", "self signed certificate", "self-signed certificate",
		"self_signed_cert_in_chain", "depth_zero_self_signed_cert", "unable to verify the first certificate",
		"unable_to_verify_leaf_signature", "unable to get local issuer certificate", "unable_to_get_issuer_cert_locally",
		"pkix path building failed", "unable to find valid certification path", "remotecertificatechainerrors",
		"untrustedroot", "partialchain", "sec_error_unknown_issuer", "issuer is not recognized", "issuer is unknown",
	}},
	{id: "cert-unknown-authority", weak: true, alternatives: []string{"cert-expired", "cert-hostname-mismatch", "cert-no-ip-san"},
		shows: "The text says only that the certificate check failed, not why. The reasons, likeliest first, follow; the verifier's own reason (openssl s_client -connect host:port -verify_return_error) or the lines around this one decide.",
		texts: []string{"certificate verify failed", "certificate_verify_failed"}},
	{id: "cert-invalid", weak: true, texts: []string{
		"certificate verify failed", "remote certificate is invalid", "ssl certificate problem",
		"certificate verification failed", "sslcertverificationerror", "bad certificate", "bad_certificate",
		"certificate_verify_failed",
	}},

	{id: "host-not-found", texts: []string{
		"enotfound", "no such host", "eai_again", "name or service not known", "nodename nor servname provided",
		"unknownhostexception", "temporary failure in name resolution", "host or domain name not found",
		"could not resolve host", "getaddrinfo failed", "name does not resolve", "no address associated with hostname",
		"errno 11001", "errno -2",
	}},
	{id: "network-unreachable", texts: []string{
		"enetunreach", "ehostunreach", "network is unreachable", "no route to host", "errno 101", "errno 113",
	}},
	{id: "connect-refused", texts: []string{
		"~econnrefused", "connection refused", "(7) failed to connect", "actively refused", "errno 111", "errno 10061",
	}},
	// Timeouts after the connection opened: no reply in time. Which step
	// waited decides the cause (timeoutAfterConnect).
	{id: "read-timeout", onImplicit: "greeting-never-received", yieldTo: []string{"greeting-never-received", "connect-timeout"},
		alternatives: []string{"greeting-never-received", "greeting-timeout", "read-timeout"},
		shows:        "The connection opened, but a reply did not come in time. On an implicit-TLS port (465) that is a client waiting for a plaintext greeting; elsewhere a server slow to greet, or slow to answer a later command. The port and the last command sent decide.",
		texts: []string{
			"read tcp*i/o timeout", "read timed out", "net::readtimeout", "network read error", "getline(): timeout",
			"[net::smtp] timeout", "waiting for server response", "operation timed out after * with", "stream timed out",
			"get_lines(): timed-out", "error: timeout", "exception reading response",
		}},
	// Timeouts of the connect itself: a blocked port, even on 465.
	{id: "connect-timeout", yieldTo: []string{"greeting-never-received", "greeting-timeout"}, texts: []string{
		"~etimedout", "connection timed out", "connect timed out", "connection timeout", "dial tcp*i/o timeout",
		"errno 110", "errno 10060", "connected party did not properly respond", "operation timed out",
		"net::opentimeout", "connect: timeout", "timeout was reached",
	}},
	{id: "connect-timeout", needNear: "sock.connect(", texts: []string{"timed out"}},
	// .NET SmtpClient's one timeout wording (as before: a connect timeout
	// unless the port is 465).
	{id: "connect-timeout", onImplicit: "greeting-never-received", texts: []string{"operation has timed out"}},
	// Timeouts that may come after the connect: on 465, a client waiting
	// for a plaintext greeting.
	{id: "read-timeout", onImplicit: "greeting-never-received", yieldTo: []string{"greeting-never-received", "greeting-timeout", "connect-timeout"},
		alternatives: []string{"greeting-never-received", "greeting-timeout", "read-timeout"},
		shows:        "The connection opened, but a reply did not come in time. On an implicit-TLS port (465) that is a client waiting for a plaintext greeting; elsewhere a server slow to greet, or slow to answer a later command. The port and the last command sent decide.",
		unless:       []string{"connection timed out", "connect timed out", "connection timeout", "dial tcp", "connect: timeout", "timeout was reached", "operation has timed out"},
		texts: []string{
			"i/o timeout", "timeouterror", "socket.timeout", "timed out", "context deadline exceeded",
		}},

	{id: "starttls-unsupported", texts: []string{
		"starttls extension not supported", "starttls command used when not advertised", "starttls not supported",
		"did not advertise starttls", "starttls is not supported", "didn't find starttls in server response", "tls is required, but was not offered",
		"starttls is required but host does not support starttls", "does not support the starttls extension",
		"server doesn't support starttls", "server does not support starttls", "unrecognized command*starttls",
		"does not support tls via the starttls command",
		"doesn't advertise that feature", "does not advertise that feature",
	}},
	// Go's smtp.PlainAuth on a connection without TLS: after SendMail
	// that means the server offered no STARTTLS; after a hand-made
	// client, that STARTTLS was not called.
	{id: "starttls-unsupported", alternatives: []string{"starttls-required"},
		shows: "Go refused to send the password over a connection without TLS. {go-net-smtp.sendmail} upgrades with STARTTLS only when the server offers it; a client built by hand must call StartTLS itself.",
		texts: []string{"unencrypted connection"}},
	{id: "starttls-unsupported", needNear: "starttls", texts: []string{
		"502 5.5.1", "502-5.5.1", "502 5.5.2", "502 unrecognized", "502 command not implemented", "500 5.5.1",
	}},

	{id: "smtp-synchronization-error", texts: []string{
		"synchronization error", "554*pipelining", "improper command pipelining", "improper use of smtp command pipelining",
	}},

	// EOF and friends: on 465, a client waiting for a plaintext greeting.
	{id: "connection-closed", weak: true, onImplicit: "greeting-never-received", texts: []string{
		"smtpserverdisconnected", "connection unexpectedly closed", "connection closed unexpectedly",
		"unexpected eof", ": eof", "~econnreset", "connection reset by peer", "socket hang up",
		"lost connection with", "net_io_connectionclosed", "response: -1", "eof caught", "end of file reached",
		"expected response code \"220\" but got an empty response", "unexpected socket close",
		"host closed connection unexpectedly",
	}},
	{id: "tls-handshake-failed", weak: true, texts: []string{
		"sslhandshakeexception", "could not convert socket to tls", "stream_socket_enable_crypto",
		"handshake failure", "handshake_failure", "ssl handshake failed", "tls handshake failed",
		"tls handshake error", "handshake failed", "authentication failed because the remote party",
		"eproto", "ssl operation failed", "eof occurred in violation of protocol", "ssl routines",
		"error occurred while attempting to establish an ssl or tls connection", "unable to connect with starttls",
		"disconnected before secure tls connection was established", "non-properly terminated",
	}},
	// Outlook: the TLS mode chosen does not fit the port.
	{id: "tls-handshake-failed", texts: []string{"does not support the connection encryption type"}},
	{id: "connect-failed", weak: true, texts: []string{
		"smtp connect() failed", "couldn't connect to host", "could not connect to smtp host",
		"failed to connect to server", "mailconnectexception", "unable to connect",
		"connection could not be established with host",
	}},
	{id: "socket-error", weak: true, texts: []string{"esocket"}},
}

// errLibraryMarkers: words in a log that name the library that wrote it,
// most specific first (Django and Laravel use smtplib and Symfony/PHP
// streams underneath).
var errLibraryMarkers = []struct {
	marker string
	lib    rules.Library
}{
	{"nodemailer", rules.LibNodemailer}, {"smtpconnection", rules.LibNodemailer}, {"greeting never received", rules.LibNodemailer},
	{"django", rules.LibDjango},
	{"smtplib", rules.LibSmtplib}, {"traceback (most recent call last)", rules.LibSmtplib},
	{"mailkit", rules.LibMailKit},
	{"system.net.mail", rules.LibSmtpClient}, {"smtpexception", rules.LibSmtpClient},
	{"javax.mail", rules.LibJavaMail}, {"jakarta.mail", rules.LibJavaMail}, {"com.sun.mail", rules.LibJavaMail},
	{"laravel", rules.LibLaravel}, {"illuminate", rules.LibLaravel},
	{"phpmailer", rules.LibPHPMailer}, {"smtp connect() failed", rules.LibPHPMailer},
	{"actionmailer", rules.LibRails}, {"net::smtp", rules.LibRails}, {"net::readtimeout", rules.LibRails}, {"net::opentimeout", rules.LibRails},
	{"net/smtp", rules.LibGoNetSMTP}, {"smtp.sendmail", rules.LibGoNetSMTP}, {"dial tcp", rules.LibGoNetSMTP}, {"x509: ", rules.LibGoNetSMTP},
	{"postfix/", rules.LibPostfix},
	{"outgoing server (smtp)", rules.LibMailClient}, {"thunderbird", rules.LibMailClient},
}

// errLibraryHints: the causes whose fix the library that wrote the log
// words in its own option names (FACTS §5): its rules.WordFix* word, used
// instead of the generic fix.
var errLibraryHints = []struct{ id, word string }{
	{"tls-wrong-version-number", rules.WordFixWrongVersion},
	{"greeting-never-received", rules.WordFixNoGreeting},
	{"starttls-required", rules.WordFixNeedsStartTLS},
}
