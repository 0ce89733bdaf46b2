package rules

// findingCatalog lists every finding ID Explain and ExplainAgainst can
// produce, when it fires and what it rests on; its usual severity is in
// its message (explain_messages.go), which the explainer reads, so these
// texts stay out of the browser module.
// docs/findings.md is generated from it (go test ./rules -run TestFindingsDoc -update)
// and a test fails when an ID has no trigger and no non-trigger case.
var findingCatalog = []findingDoc{
	// settings
	{"setting-unknown-value", "a closed-list setting (security, auth, use, environment, library, provider) holds a value whichport does not know; it is ignored", "whichport value lists (types.go)"},
	// host
	{"host-empty", "the host is empty", "FACTS §1"},
	{"host-has-scheme", "the host field holds a URL (smtp://, smtps://), a user name (user@host) or a path", "FACTS §6 (getaddrinfo ENOTFOUND)"},
	{"host-has-spaces", "the host has spaces or tabs inside", "FACTS §6 (getaddrinfo ENOTFOUND)"},
	{"host-has-port", "the host field ends in :port", "FACTS §6 (getaddrinfo ENOTFOUND)"},
	{"host-invalid", "the host has characters or labels a host name cannot have", "FACTS §6 (getaddrinfo ENOTFOUND)"},
	{"host-ip-literal", "the host is an IP address (not loopback): certificates name host names", "RFC 7817; FACTS §6 (x509 ... not B)"},
	{"host-localhost", "the host is localhost or a loopback address and this is not Proton Mail Bridge", "FACTS §3 (Proton row)"},
	{"host-typo", "the host is one or two edits (a transposition counts one) from a known provider host or mail domain, or from an embed preset's host (error there)", "FACTS §3; FACTS §6 (ENOTFOUND)"},
	{"host-bare-domain", "the host is a provider's mail domain (gmail.com) instead of its submission host (smtp.gmail.com)", "FACTS §3"},
	{"host-not-smtp", "the host starts with imap., pop. or pop3.: a server for reading mail", "RFC 6186"},
	{"provider-host-mismatch", "Settings.Provider names a provider whose hosts do not include the host", "FACTS §3"},
	{"preset-host-mismatch", "ExplainAgainst: the host is not the embed preset's host (and not a typo of it)", "the embedding page's preset"},
	{"proton-bridge", "the host is loopback and the port is 1025 or the provider is proton: Proton Mail Bridge; ok when 1025 with STARTTLS", "FACTS §3 (Proton, M: Proton docs, secondary)"},
	{"proton-bridge-required", "the provider is Proton (proton.me typed as host, or provider=proton) but the host is not this machine", "FACTS §3 (Proton, M)"},
	// port and TLS mode
	{"port-invalid", "the port is below 0 or above 65535", "TCP"},
	{"port-missing", "no port given", "RFC 6409; RFC 8314"},
	{"port-unusual", "no provider known and the port is not 25, 465, 587, 2525, 2587 or 2465", "FACTS §1"},
	{"port-2525-fallback", "port 2525 with no provider known: an unofficial ESP fallback", "FACTS §1"},
	{"port-provider-specific", "port 2587 or 2465 with no provider known: SES and Resend only", "FACTS §1"},
	{"security-missing", "a known port with no TLS mode chosen", "FACTS §1 (never infer the mode from the port)"},
	{"port-security-ok", "the TLS mode is the one the port expects (587 STARTTLS, 465 implicit, 25 STARTTLS for relay, a provider's own pair)", "RFC 6409; RFC 8314 §3.3; RFC 3207; FACTS §3"},
	{"port-security-mismatch-implicit-on-starttls-port", "implicit TLS on a STARTTLS port (587, 25, 2525, 2587, a provider's STARTTLS port): \"wrong version number\"", "RFC 3207; FACTS §5, §6"},
	{"port-security-mismatch-plaintext-on-implicit-port", "STARTTLS or no TLS on an implicit-TLS port (465, 2465, a provider's implicit port): hangs waiting for a greeting, then times out", "RFC 8314 §3.3; FACTS §5, §6; nodemailer issue 1582"},
	{"provider-lacks-port", "the provider does not run this port (Postmark 465 hangs; Outlook.com, Microsoft 365, iCloud, SparkPost have no 465; 2587/2465 outside SES/Resend)", "FACTS §3 (provider's row)"},
	{"preset-pair-not-accepted", "ExplainAgainst: the port/TLS pair is not one the embed preset lists", "the embedding page's preset"},
	{"port25-submission", "port 25 used by an application or mail client (use is not server-relay; not for a mail server on this machine)", "RFC 5321; RFC 6409; FACTS §1, §4"},
	// TLS and credentials
	{"credentials-without-tls", "security none with a password, app password, API key or OAuth2 token", "RFC 4954; RFC 3207 (530); RFC 8314"},
	{"no-tls", "security none without credentials on a port that does not expect implicit TLS (info for relay on port 25, where TLS is opportunistic; not for a mail server on this machine)", "RFC 8314; RFC 3207"},
	{"auth-required", "auth none on a submission port (warning when no provider is known; not for Google's relay, which allows IP allow-lists; not for relay on 25; not for a mail server on this machine)", "RFC 6409; RFC 4954"},
	{"password-missing", "auth password, app-password or api-key with the password setting there but empty (a pasted MAIL_PASSWORD=)", "RFC 4954"},
	{"username-missing", "auth chosen and the user name setting there but empty (not for providers with a fixed user name or Mandrill)", "RFC 4954"},
	{"password-to-fill", "auth password, app-password or api-key and no password given yet (a form being filled in): never changes the verdict", "RFC 4954"},
	{"username-to-fill", "auth chosen and no user name given yet: never changes the verdict", "RFC 4954"},
	{"username-fixed-to-fill", "a provider whose user name is a fixed word (SendGrid apikey, SparkPost SMTP_Injection, Resend resend) and no user name given yet", "provider docs"},
	// providers
	{"provider-needs-app-password", "Gmail, Yahoo, iCloud or Fastmail with auth password or api-key (warning when auth is not given but a password is)", "FACTS §3 (Google notices; ISPDB; Apple HT202304)"},
	{"provider-needs-oauth2", "Outlook.com with a password or app password (warning when auth is not given but a password is)", "FACTS §3 (ISPDB hotmail.com)"},
	{"m365-basic-auth-retirement", "Microsoft 365 with basic authentication: unchanged until end of December 2026, then off by default (550 5.7.30)", "Microsoft message center MC786329 (updated 2026-01-27)"},
	{"m365-smtp-auth-off-by-default", "Microsoft 365 with OAuth2: SMTP AUTH is off by default per tenant", "Microsoft message center MC786329"},
	{"sendgrid-username", "SendGrid with a user name other than literally apikey", "Twilio SendGrid SMTP docs"},
	{"sparkpost-username", "SparkPost with a user name other than SMTP_Injection", "SparkPost SMTP docs"},
	{"resend-username", "Resend with a user name other than resend", "Resend changelog"},
	{"icloud-full-address", "iCloud with a user name that is not a full e-mail address", "Thunderbird ISPDB me.com; Apple HT202304"},
	{"ses-smtp-credentials", "Amazon SES with credentials: SMTP credentials, not AWS access keys (warning with auth api-key)", "AWS SES \"Connecting to an SMTP endpoint\""},
	{"brevo-smtp-key", "Brevo with auth api-key: an SMTP key, not the API key", "Brevo SMTP docs"},
	{"google-relay-access", "Google Workspace relay: IP allow-list or SMTP AUTH (secondary source)", "Google Workspace docs (secondary, M)"},
	{"gmx-enable-access", "GMX: enable POP3/IMAP access first", "Thunderbird ISPDB gmx.net"},
	{"provider-credentials", "a known provider and no more specific credential finding: what to sign in with", "FACTS §3 (provider's row)"},
	// environments
	{"env-blocks-port", "the environment blocks the port by default (never for localhost; warning for M-confidence rows: Vultr, Hetzner, Oracle, Render, home ISPs; info for OVH, which blocks 25 only after spam)", "FACTS §4 (environment's row)"},
	{"env-ports-dropped", "ports the provider offers (other than the one in use) are left out of the recommendation because the environment blocks them", "FACTS §4 (environment's row)"},
	{"env-no-open-port", "every port the provider offers is blocked from the environment (e.g. Outlook.com from Linode); warning when the block is only reported (M rows such as Render)", "FACTS §4"},
	// libraries
	{"dotnet-no-implicit-tls", ".NET SmtpClient with implicit TLS (or no mode on an implicit port)", "FACTS §5"},
	{"go-sendmail-no-implicit-tls", "Go net/smtp with implicit TLS: SendMail cannot, use {go-net-smtp.dial} + {go-net-smtp.newclient}", "FACTS §5"},
	{"postfix-wrappermode", "Postfix {postfix.relayhost} with implicit TLS: needs {postfix.wrappermode}", "FACTS §5"},
	{"nodemailer-require-tls", "nodemailer with STARTTLS: add {nodemailer.require}", "FACTS §5"},
	{"library-settings", "a library or mail client is known: the recommended pair in its own option names, and its trap", "FACTS §5"},
}

// KnownFindings lists every finding ID the explainer can produce, with its
// usual severity, when it fires and its source (docs/findings.md).
// Library option names in When come from the libraries' registrations.
func KnownFindings() []FindingInfo {
	out := make([]FindingInfo, len(findingCatalog))
	for i, d := range findingCatalog {
		out[i] = FindingInfo{ID: d.ID, Severity: defaultSeverity(d.ID), When: LibraryText(d.When), Source: d.Source}
	}
	return out
}

// findingDoc is a row of findingCatalog: a FindingInfo without the
// severity.
type findingDoc struct{ ID, When, Source string }
