package rules

import (
	"slices"
	"strings"
	"testing"
)

// explainCase is one input: settings, and an embed preset for ExplainAgainst.
type explainCase struct {
	name   string
	s      Settings
	preset *Provider
}

// worstFirstRank ranks severities for checking a report's order.
var worstFirstRank = map[Severity]int{SeverityOK: 0, SeverityInfo: 1, SeverityWarning: 2, SeverityError: 3}

func (c explainCase) run() Report {
	if c.preset != nil {
		return ExplainAgainst(c.s, *c.preset)
	}
	return Explain(c.s)
}

func ids(r Report) []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, f.ID)
	}
	return out
}

// Settings builders: a correct Gmail application setup, changed per case.
func gmail587() Settings {
	return Settings{Host: "smtp.gmail.com", Port: 587, Security: SecurityStartTLS, Auth: AuthAppPassword,
		Username: "me@gmail.com", PasswordPresent: true, Use: UseApplication}
}

func with(s Settings, change func(*Settings)) Settings {
	change(&s)
	return s
}

func hostPort(host string, port int, sec Security) Settings {
	return with(gmail587(), func(s *Settings) { s.Host, s.Port, s.Security = host, port, sec })
}

func withAuth(s Settings, auth Auth, user string) Settings {
	return with(s, func(x *Settings) { x.Auth, x.Username = auth, user })
}

func withEnv(s Settings, env Environment) Settings {
	return with(s, func(x *Settings) { x.Environment = env })
}

func withLib(s Settings, lib Library) Settings {
	return with(s, func(x *Settings) { x.Library = lib })
}

var acmePreset = &Provider{ID: "acme", Name: "Acme Mail", Hosts: []string{"smtp.acme.example"},
	Ports: []Choice{{Port: 587, Security: SecurityStartTLS}, {Port: 465, Security: SecurityImplicit}}}

var acme587 = hostPort("smtp.acme.example", 587, SecurityStartTLS)

func c(name string, s Settings) explainCase { return explainCase{name: name, s: s} }

func cp(name string, s Settings, p *Provider) explainCase {
	return explainCase{name: name, s: s, preset: p}
}

// findingCases holds, for every finding ID, inputs that must produce it and
// inputs that must not. TestFindingRegistry fails when an ID of the
// catalogue has no case on either side.
var findingCases = map[string]struct{ trigger, not []explainCase }{
	"setting-unknown-value": {
		trigger: []explainCase{c("security ssl", hostPort("smtp.gmail.com", 465, "ssl")),
			c("env mars", withEnv(gmail587(), "mars")), c("provider foo", with(gmail587(), func(s *Settings) { s.Provider = "foo" }))},
		not: []explainCase{c("good", gmail587()), c("upper case values", with(gmail587(), func(s *Settings) { s.Security = "STARTTLS"; s.Environment = " AWS " }))},
	},
	"host-empty": {
		trigger: []explainCase{c("empty", hostPort("", 587, SecurityStartTLS)), c("spaces only", hostPort("   ", 587, SecurityStartTLS))},
		not:     []explainCase{c("good", gmail587())},
	},
	"host-has-scheme": {
		trigger: []explainCase{c("smtps url", hostPort("smtps://smtp.gmail.com", 465, SecurityImplicit)),
			c("user@host", hostPort("me@smtp.gmail.com", 587, SecurityStartTLS)), c("path", hostPort("smtp.gmail.com/", 587, SecurityStartTLS))},
		not: []explainCase{c("good", gmail587())},
	},
	"host-has-spaces": {
		trigger: []explainCase{c("inner space", hostPort("smtp. gmail.com", 587, SecurityStartTLS))},
		not:     []explainCase{c("outer spaces only", hostPort("  smtp.gmail.com  ", 587, SecurityStartTLS))},
	},
	"host-has-port": {
		trigger: []explainCase{c("host:587", hostPort("smtp.gmail.com:587", 0, SecurityStartTLS)), c("host:abc", hostPort("smtp.gmail.com:abc", 587, SecurityStartTLS))},
		not:     []explainCase{c("good", gmail587()), c("ipv6 literal", hostPort("2001:db8::1", 587, SecurityStartTLS))},
	},
	"host-invalid": {
		trigger: []explainCase{c("double dot", hostPort("smtp..example.com", 587, SecurityStartTLS)),
			c("bang", hostPort("smtp!.example.com", 587, SecurityStartTLS)), c("hyphen label", hostPort("-smtp.example.com", 587, SecurityStartTLS))},
		not: []explainCase{c("plain name", hostPort("mail.example.org", 587, SecurityStartTLS)), c("ip", hostPort("203.0.113.5", 587, SecurityStartTLS))},
	},
	"host-ip-literal": {
		trigger: []explainCase{c("ipv4", hostPort("203.0.113.5", 587, SecurityStartTLS)), c("ipv6", hostPort("[2001:db8::1]", 587, SecurityStartTLS))},
		not:     []explainCase{c("loopback", hostPort("127.0.0.1", 1025, SecurityStartTLS)), c("name", gmail587()), c("four labels not numbers", hostPort("a.b.c.d", 587, SecurityStartTLS))},
	},
	"host-localhost": {
		trigger: []explainCase{c("localhost 25", hostPort("localhost", 25, SecurityNone)), c("127.0.0.1 587", hostPort("127.0.0.1", 587, SecurityStartTLS))},
		not:     []explainCase{c("proton bridge", hostPort("127.0.0.1", 1025, SecurityStartTLS)), c("good", gmail587())},
	},
	"host-typo": {
		trigger: []explainCase{c("gmial", hostPort("smtp.gmial.com", 587, SecurityStartTLS)), c("con", hostPort("smtp.gmail.con", 587, SecurityStartTLS)),
			c("ses region con", hostPort("email-smtp.us-east-1.amazonaws.con", 587, SecurityStartTLS)),
			c("sendgird", hostPort("smtp.sendgird.net", 587, SecurityStartTLS)), c("bare domain typo", hostPort("gmial.com", 587, SecurityStartTLS)),
			cp("preset typo", hostPort("smtp.acme.exmaple", 587, SecurityStartTLS), acmePreset)},
		not: []explainCase{c("good", gmail587()), c("unrelated", hostPort("mail.example.org", 587, SecurityStartTLS)),
			c("zoho eu is a real host", hostPort("smtp.zoho.eu", 587, SecurityStartTLS)), c("short domain", hostPort("mx.com", 587, SecurityStartTLS)),
			cp("preset exact", acme587, acmePreset)},
	},
	"host-bare-domain": {
		trigger: []explainCase{c("gmail.com", hostPort("gmail.com", 587, SecurityStartTLS)), c("hotmail.com", hostPort("hotmail.com", 587, SecurityStartTLS)),
			c("sendgrid.com", hostPort("sendgrid.com", 587, SecurityStartTLS))},
		not: []explainCase{c("submission host", gmail587()), c("unknown domain", hostPort("example.com", 587, SecurityStartTLS))},
	},
	"host-not-smtp": {
		trigger: []explainCase{c("imap.gmail.com", hostPort("imap.gmail.com", 587, SecurityStartTLS)), c("pop3.example.org", hostPort("pop3.example.org", 587, SecurityStartTLS))},
		not:     []explainCase{c("good", gmail587()), c("mail.", hostPort("mail.example.org", 587, SecurityStartTLS))},
	},
	"provider-host-mismatch": {
		trigger: []explainCase{c("gmail elsewhere", with(hostPort("smtp.example.com", 587, SecurityStartTLS), func(s *Settings) { s.Provider = "gmail" }))},
		not:     []explainCase{c("gmail at gmail", with(gmail587(), func(s *Settings) { s.Provider = "gmail" })), c("no provider given", hostPort("smtp.example.com", 587, SecurityStartTLS))},
	},
	"preset-host-mismatch": {
		trigger: []explainCase{cp("other host", hostPort("smtp.gmail.com", 587, SecurityStartTLS), acmePreset)},
		not:     []explainCase{cp("preset host", acme587, acmePreset), cp("upper case preset host", hostPort("SMTP.ACME.EXAMPLE.", 587, SecurityStartTLS), acmePreset)},
	},
	"proton-bridge": {
		trigger: []explainCase{c("1025", hostPort("127.0.0.1", 1025, SecurityStartTLS)), c("provider proton", with(hostPort("127.0.0.1", 1143, SecurityStartTLS), func(s *Settings) { s.Provider = "proton" }))},
		not:     []explainCase{c("local 25", hostPort("127.0.0.1", 25, SecurityNone)), c("remote 1025", hostPort("mail.example.org", 1025, SecurityStartTLS))},
	},
	"proton-bridge-required": {
		trigger: []explainCase{c("proton.me as host", hostPort("proton.me", 587, SecurityStartTLS)), c("provider proton remote", with(hostPort("mail.example.org", 587, SecurityStartTLS), func(s *Settings) { s.Provider = "proton" }))},
		not:     []explainCase{c("bridge", hostPort("127.0.0.1", 1025, SecurityStartTLS)), c("gmail", gmail587())},
	},
	"port-invalid": {
		trigger: []explainCase{c("70000", hostPort("smtp.gmail.com", 70000, SecurityStartTLS)), c("-1", hostPort("smtp.gmail.com", -1, SecurityStartTLS))},
		not:     []explainCase{c("good", gmail587()), c("65535", hostPort("mail.example.org", 65535, SecurityStartTLS))},
	},
	"port-missing": {
		trigger: []explainCase{c("0", hostPort("smtp.gmail.com", 0, SecurityStartTLS))},
		not:     []explainCase{c("good", gmail587()), c("port in host", hostPort("smtp.gmail.com:587", 0, SecurityStartTLS))},
	},
	"port-unusual": {
		trigger: []explainCase{c("2526", hostPort("mail.example.org", 2526, SecurityStartTLS)), c("8025 unknown provider", hostPort("mail.example.org", 8025, SecurityStartTLS))},
		not:     []explainCase{c("587", hostPort("mail.example.org", 587, SecurityStartTLS)), c("smtp2go 8025", hostPort("mail.smtp2go.com", 8025, SecurityStartTLS))},
	},
	"port-2525-fallback": {
		trigger: []explainCase{c("unknown 2525", hostPort("mail.example.org", 2525, SecurityStartTLS))},
		not:     []explainCase{c("sendgrid 2525", hostPort("smtp.sendgrid.net", 2525, SecurityStartTLS)), c("unknown 587", hostPort("mail.example.org", 587, SecurityStartTLS))},
	},
	"port-provider-specific": {
		trigger: []explainCase{c("unknown 2587", hostPort("mail.example.org", 2587, SecurityStartTLS)), c("unknown 2465", hostPort("mail.example.org", 2465, SecurityImplicit))},
		not:     []explainCase{c("ses 2587", hostPort("email-smtp.eu-west-1.amazonaws.com", 2587, SecurityStartTLS)), c("resend 2465", hostPort("smtp.resend.com", 2465, SecurityImplicit))},
	},
	"security-missing": {
		trigger: []explainCase{c("587 no mode", hostPort("smtp.gmail.com", 587, ""))},
		not:     []explainCase{c("good", gmail587()), c("unusual port no mode", hostPort("mail.example.org", 2526, ""))},
	},
	"port-security-ok": {
		trigger: []explainCase{c("587 starttls", gmail587()), c("465 implicit", hostPort("smtp.gmail.com", 465, SecurityImplicit)),
			c("sendgrid 2525", hostPort("smtp.sendgrid.net", 2525, SecurityStartTLS)),
			c("relay 25", with(hostPort("mx.example.org", 25, SecurityStartTLS), func(s *Settings) { s.Use, s.Auth = UseServerRelay, AuthNone })),
			cp("preset 465", hostPort("smtp.acme.example", 465, SecurityImplicit), acmePreset)},
		not: []explainCase{c("587 implicit", hostPort("smtp.gmail.com", 587, SecurityImplicit)), c("app on 25", hostPort("smtp.sendgrid.net", 25, SecurityStartTLS)),
			c("SmtpClient on 465", withLib(hostPort("smtp.gmail.com", 465, SecurityImplicit), LibSmtpClient))},
	},
	"port-security-mismatch-implicit-on-starttls-port": {
		trigger: []explainCase{c("gmail 587 implicit", hostPort("smtp.gmail.com", 587, SecurityImplicit)),
			c("relay 25 implicit", with(hostPort("mx.example.org", 25, SecurityImplicit), func(s *Settings) { s.Use = UseServerRelay })),
			c("sendgrid 2525 implicit", hostPort("smtp.sendgrid.net", 2525, SecurityImplicit)),
			c("ses 2587 implicit", hostPort("email-smtp.us-east-1.amazonaws.com", 2587, SecurityImplicit))},
		not: []explainCase{c("465 implicit", hostPort("smtp.gmail.com", 465, SecurityImplicit)), c("587 starttls", gmail587())},
	},
	"port-security-mismatch-plaintext-on-implicit-port": {
		trigger: []explainCase{c("465 starttls", hostPort("smtp.gmail.com", 465, SecurityStartTLS)), c("465 none", hostPort("smtp.gmail.com", 465, SecurityNone)),
			c("ses 2465 starttls", hostPort("email-smtp.us-east-1.amazonaws.com", 2465, SecurityStartTLS)),
			c("smtp2go 443 starttls", hostPort("mail.smtp2go.com", 443, SecurityStartTLS))},
		not: []explainCase{c("587 starttls", gmail587()), c("465 implicit", hostPort("smtp.gmail.com", 465, SecurityImplicit))},
	},
	"provider-lacks-port": {
		trigger: []explainCase{c("postmark 465", hostPort("smtp.postmarkapp.com", 465, SecurityImplicit)), c("outlook 465", hostPort("smtp-mail.outlook.com", 465, SecurityImplicit)),
			c("gmail 2587", hostPort("smtp.gmail.com", 2587, SecurityStartTLS)), c("gmail 25", hostPort("smtp.gmail.com", 25, SecurityStartTLS))},
		not: []explainCase{c("postmark 587", hostPort("smtp.postmarkapp.com", 587, SecurityStartTLS)), c("unknown 465", hostPort("mail.example.org", 465, SecurityImplicit))},
	},
	"preset-pair-not-accepted": {
		trigger: []explainCase{cp("2525", hostPort("smtp.acme.example", 2525, SecurityStartTLS), acmePreset),
			cp("587 implicit", hostPort("smtp.acme.example", 587, SecurityImplicit), acmePreset)},
		not: []explainCase{cp("587 starttls", acme587, acmePreset), cp("465 implicit", hostPort("smtp.acme.example", 465, SecurityImplicit), acmePreset)},
	},
	"port25-submission": {
		trigger: []explainCase{c("app to sendgrid 25", hostPort("smtp.sendgrid.net", 25, SecurityStartTLS)),
			c("mail client 25", with(hostPort("mail.example.org", 25, SecurityStartTLS), func(s *Settings) { s.Use = UseMailClient })),
			c("use unset 25", with(hostPort("mail.example.org", 25, SecurityStartTLS), func(s *Settings) { s.Use = "" }))},
		not: []explainCase{c("relay 25", with(hostPort("mx.example.org", 25, SecurityStartTLS), func(s *Settings) { s.Use = UseServerRelay })), c("587", gmail587()),
			c("local MTA on 25", withAuth(hostPort("localhost", 25, SecurityNone), AuthNone, ""))},
	},
	"credentials-without-tls": {
		trigger: []explainCase{c("587 none password", hostPort("mail.example.org", 587, SecurityNone)),
			c("password present, auth unset", with(hostPort("mail.example.org", 587, SecurityNone), func(s *Settings) { s.Auth = "" })),
			c("oauth2 token", withAuth(hostPort("mail.example.org", 587, SecurityNone), AuthOAuth2, "me"))},
		not: []explainCase{c("587 starttls", gmail587()),
			c("none without creds", with(hostPort("mail.example.org", 587, SecurityNone), func(s *Settings) { s.Auth, s.PasswordPresent = AuthNone, false }))},
	},
	"no-tls": {
		trigger: []explainCase{c("587 none, no creds", with(hostPort("mail.example.org", 587, SecurityNone), func(s *Settings) { s.Auth, s.PasswordPresent = AuthNone, false })),
			c("relay 25 none", with(hostPort("mx.example.org", 25, SecurityNone), func(s *Settings) { s.Use, s.Auth, s.PasswordPresent = UseServerRelay, AuthNone, false }))},
		not: []explainCase{c("creds none (credentials-without-tls instead)", hostPort("mail.example.org", 587, SecurityNone)), c("starttls", gmail587()),
			c("local MTA", with(hostPort("127.0.0.1", 25, SecurityNone), func(s *Settings) { s.Auth, s.PasswordPresent = AuthNone, false }))},
	},
	"auth-required": {
		trigger: []explainCase{c("gmail no auth", withAuth(gmail587(), AuthNone, "")), c("unknown no auth", withAuth(hostPort("mail.example.org", 465, SecurityImplicit), AuthNone, ""))},
		not: []explainCase{c("google relay by IP", withAuth(hostPort("smtp-relay.gmail.com", 587, SecurityStartTLS), AuthNone, "")),
			c("relay on 25", with(hostPort("mx.example.org", 25, SecurityStartTLS), func(s *Settings) { s.Use, s.Auth = UseServerRelay, AuthNone })),
			c("auth unset", with(gmail587(), func(s *Settings) { s.Auth = "" })),
			c("local MTA", withAuth(hostPort("localhost", 587, SecurityNone), AuthNone, ""))},
	},
	"password-missing": {
		trigger: []explainCase{c("password auth, the setting there but empty", with(gmail587(), func(s *Settings) { s.PasswordPresent, s.PasswordEmpty = false, true }))},
		not: []explainCase{c("given", gmail587()), c("not given yet (password-to-fill instead)", with(gmail587(), func(s *Settings) { s.PasswordPresent = false })),
			c("oauth2", with(withAuth(gmail587(), AuthOAuth2, "me@gmail.com"), func(s *Settings) { s.PasswordPresent, s.PasswordEmpty = false, true }))},
	},
	"password-to-fill": {
		trigger: []explainCase{c("password auth, none given yet", with(gmail587(), func(s *Settings) { s.PasswordPresent = false }))},
		not: []explainCase{c("given", gmail587()), c("there but empty (password-missing instead)", with(gmail587(), func(s *Settings) { s.PasswordPresent, s.PasswordEmpty = false, true })),
			c("oauth2", with(withAuth(gmail587(), AuthOAuth2, "me@gmail.com"), func(s *Settings) { s.PasswordPresent = false }))},
	},
	"username-missing": {
		trigger: []explainCase{c("user setting there but empty", with(withAuth(gmail587(), AuthAppPassword, ""), func(s *Settings) { s.UsernameEmpty = true }))},
		not: []explainCase{c("user given", gmail587()), c("not given yet (username-to-fill instead)", withAuth(gmail587(), AuthAppPassword, "")),
			c("sendgrid empty user (sendgrid-username instead)", with(withAuth(hostPort("smtp.sendgrid.net", 587, SecurityStartTLS), AuthAPIKey, ""), func(s *Settings) { s.UsernameEmpty = true })),
			c("auth none", withAuth(hostPort("smtp-relay.gmail.com", 587, SecurityStartTLS), AuthNone, ""))},
	},
	"username-to-fill": {
		trigger: []explainCase{c("no user yet", withAuth(gmail587(), AuthAppPassword, ""))},
		not: []explainCase{c("user given", gmail587()), c("there but empty (username-missing instead)", with(withAuth(gmail587(), AuthAppPassword, ""), func(s *Settings) { s.UsernameEmpty = true })),
			c("sendgrid (username-fixed-to-fill instead)", withAuth(hostPort("smtp.sendgrid.net", 587, SecurityStartTLS), AuthAPIKey, ""))},
	},
	"username-fixed-to-fill": {
		trigger: []explainCase{c("sendgrid, no user yet", withAuth(hostPort("smtp.sendgrid.net", 587, SecurityStartTLS), AuthAPIKey, ""))},
		not: []explainCase{c("sendgrid apikey", withAuth(hostPort("smtp.sendgrid.net", 587, SecurityStartTLS), AuthAPIKey, "apikey")),
			c("sendgrid empty in a config (sendgrid-username instead)", with(withAuth(hostPort("smtp.sendgrid.net", 587, SecurityStartTLS), AuthAPIKey, ""), func(s *Settings) { s.UsernameEmpty = true }))},
	},
	"provider-needs-app-password": {
		trigger: []explainCase{c("gmail password", withAuth(gmail587(), AuthPassword, "me@gmail.com")),
			c("yahoo password", withAuth(hostPort("smtp.mail.yahoo.com", 465, SecurityImplicit), AuthPassword, "me@yahoo.com")),
			c("icloud password", withAuth(hostPort("smtp.mail.me.com", 587, SecurityStartTLS), AuthPassword, "me@icloud.com")),
			c("fastmail password", withAuth(hostPort("smtp.fastmail.com", 465, SecurityImplicit), AuthPassword, "me@fastmail.com")),
			c("gmail auth unset with password", withAuth(gmail587(), "", "me@gmail.com"))},
		not: []explainCase{c("gmail app password", gmail587()), c("gmail oauth2", withAuth(gmail587(), AuthOAuth2, "me@gmail.com")),
			c("zoho password", withAuth(hostPort("smtp.zoho.eu", 587, SecurityStartTLS), AuthPassword, "me@zoho.eu"))},
	},
	"provider-needs-oauth2": {
		trigger: []explainCase{c("outlook password", withAuth(hostPort("smtp-mail.outlook.com", 587, SecurityStartTLS), AuthPassword, "me@outlook.com")),
			c("outlook app password", withAuth(hostPort("smtp-mail.outlook.com", 587, SecurityStartTLS), AuthAppPassword, "me@outlook.com"))},
		not: []explainCase{c("outlook oauth2", withAuth(hostPort("smtp-mail.outlook.com", 587, SecurityStartTLS), AuthOAuth2, "me@outlook.com")),
			c("m365 password", withAuth(hostPort("smtp.office365.com", 587, SecurityStartTLS), AuthPassword, "me@contoso.com"))},
	},
	"m365-basic-auth-retirement": {
		trigger: []explainCase{c("m365 password", withAuth(hostPort("smtp.office365.com", 587, SecurityStartTLS), AuthPassword, "me@contoso.com"))},
		not:     []explainCase{c("m365 oauth2", withAuth(hostPort("smtp.office365.com", 587, SecurityStartTLS), AuthOAuth2, "me@contoso.com")), c("gmail", gmail587())},
	},
	"m365-smtp-auth-off-by-default": {
		trigger: []explainCase{c("m365 oauth2", withAuth(hostPort("smtp.office365.com", 587, SecurityStartTLS), AuthOAuth2, "me@contoso.com"))},
		not:     []explainCase{c("outlook.com oauth2", withAuth(hostPort("smtp-mail.outlook.com", 587, SecurityStartTLS), AuthOAuth2, "me@outlook.com"))},
	},
	"sendgrid-username": {
		trigger: []explainCase{c("email as user", withAuth(hostPort("smtp.sendgrid.net", 587, SecurityStartTLS), AuthAPIKey, "me@example.com")),
			c("APIKEY upper", withAuth(hostPort("smtp.sendgrid.net", 587, SecurityStartTLS), AuthAPIKey, "APIKEY"))},
		not: []explainCase{c("apikey", withAuth(hostPort("smtp.sendgrid.net", 587, SecurityStartTLS), AuthAPIKey, "apikey")),
			c("apikey elsewhere", withAuth(hostPort("smtp.mailgun.org", 587, SecurityStartTLS), AuthPassword, "me@example.com"))},
	},
	"sparkpost-username": {
		trigger: []explainCase{c("wrong", withAuth(hostPort("smtp.sparkpostmail.com", 587, SecurityStartTLS), AuthAPIKey, "smtp_injection"))},
		not:     []explainCase{c("right", withAuth(hostPort("smtp.eu.sparkpostmail.com", 587, SecurityStartTLS), AuthAPIKey, "SMTP_Injection"))},
	},
	"resend-username": {
		trigger: []explainCase{c("wrong", withAuth(hostPort("smtp.resend.com", 465, SecurityImplicit), AuthAPIKey, "apikey"))},
		not:     []explainCase{c("right", withAuth(hostPort("smtp.resend.com", 465, SecurityImplicit), AuthAPIKey, "resend"))},
	},
	"icloud-full-address": {
		trigger: []explainCase{c("local part", withAuth(hostPort("smtp.mail.me.com", 587, SecurityStartTLS), AuthAppPassword, "me"))},
		not:     []explainCase{c("full address", withAuth(hostPort("smtp.mail.me.com", 587, SecurityStartTLS), AuthAppPassword, "me@icloud.com"))},
	},
	"ses-smtp-credentials": {
		trigger: []explainCase{c("ses password", withAuth(hostPort("email-smtp.eu-west-1.amazonaws.com", 587, SecurityStartTLS), AuthPassword, "AKIAEXAMPLE")),
			c("ses api key", withAuth(hostPort("email-smtp.eu-west-1.amazonaws.com", 587, SecurityStartTLS), AuthAPIKey, "AKIAEXAMPLE"))},
		not: []explainCase{c("gmail", gmail587()), c("ses without creds", with(hostPort("email-smtp.eu-west-1.amazonaws.com", 587, SecurityStartTLS), func(s *Settings) { s.Auth, s.PasswordPresent = AuthNone, false }))},
	},
	"brevo-smtp-key": {
		trigger: []explainCase{c("api key", withAuth(hostPort("smtp-relay.brevo.com", 587, SecurityStartTLS), AuthAPIKey, "me@example.com"))},
		not:     []explainCase{c("smtp key as password", withAuth(hostPort("smtp-relay.brevo.com", 587, SecurityStartTLS), AuthPassword, "me@example.com"))},
	},
	"google-relay-access": {
		trigger: []explainCase{c("relay", hostPort("smtp-relay.gmail.com", 587, SecurityStartTLS))},
		not:     []explainCase{c("gmail", gmail587())},
	},
	"gmx-enable-access": {
		trigger: []explainCase{c("gmx", hostPort("mail.gmx.net", 587, SecurityStartTLS))},
		not:     []explainCase{c("gmail", gmail587())},
	},
	"provider-credentials": {
		trigger: []explainCase{c("mailgun", withAuth(hostPort("smtp.eu.mailgun.org", 587, SecurityStartTLS), AuthPassword, "postmaster@mg.example.com")),
			c("postmark", withAuth(hostPort("smtp.postmarkapp.com", 587, SecurityStartTLS), AuthAPIKey, "token"))},
		not: []explainCase{c("unknown provider", hostPort("mail.example.org", 587, SecurityStartTLS)),
			c("sendgrid wrong user (specific finding)", withAuth(hostPort("smtp.sendgrid.net", 587, SecurityStartTLS), AuthAPIKey, "me"))},
	},
	"env-blocks-port": {
		trigger: []explainCase{c("ses 25 from aws", withEnv(hostPort("email-smtp.us-east-1.amazonaws.com", 25, SecurityStartTLS), EnvAWS)),
			c("gmail 465 from hetzner", withEnv(hostPort("smtp.gmail.com", 465, SecurityImplicit), EnvHetzner)),
			c("relay 25 from ovh", withEnv(with(hostPort("mx.example.org", 25, SecurityStartTLS), func(s *Settings) { s.Use = UseServerRelay }), EnvOVH)),
			c("587 from render", withEnv(gmail587(), EnvRender))},
		not: []explainCase{c("ses 587 from aws", withEnv(hostPort("email-smtp.us-east-1.amazonaws.com", 587, SecurityStartTLS), EnvAWS)),
			c("465 unknown env", hostPort("smtp.gmail.com", 465, SecurityImplicit)), c("587 from hetzner", withEnv(gmail587(), EnvHetzner)),
			c("25 from office", withEnv(hostPort("mx.example.org", 25, SecurityStartTLS), EnvOffice)),
			c("localhost 25 from aws", withEnv(withAuth(hostPort("localhost", 25, SecurityNone), AuthNone, ""), EnvAWS))},
	},
	"env-ports-dropped": {
		trigger: []explainCase{c("ses 587 from aws drops 25", withEnv(hostPort("email-smtp.us-east-1.amazonaws.com", 587, SecurityStartTLS), EnvAWS)),
			c("sendgrid 2525 from linode", withEnv(withAuth(hostPort("smtp.sendgrid.net", 2525, SecurityStartTLS), AuthAPIKey, "apikey"), EnvLinode))},
		not: []explainCase{c("gmail from aws (nothing blocked)", withEnv(gmail587(), EnvAWS)),
			c("only the port in use is blocked", withEnv(hostPort("smtp.mail.me.com", 587, SecurityStartTLS), EnvHetzner)),
			c("every port blocked", withEnv(hostPort("smtp-mail.outlook.com", 587, SecurityStartTLS), EnvLinode))},
	},
	"env-no-open-port": {
		trigger: []explainCase{c("outlook from linode", withEnv(withAuth(hostPort("smtp-mail.outlook.com", 587, SecurityStartTLS), AuthOAuth2, "me@outlook.com"), EnvLinode)),
			c("icloud from render", withEnv(hostPort("smtp.mail.me.com", 587, SecurityStartTLS), EnvRender))},
		not: []explainCase{c("sendgrid from linode (2525 open)", withEnv(withAuth(hostPort("smtp.sendgrid.net", 587, SecurityStartTLS), AuthAPIKey, "apikey"), EnvLinode)),
			c("outlook from aws", withEnv(hostPort("smtp-mail.outlook.com", 587, SecurityStartTLS), EnvAWS))},
	},
	"dotnet-no-implicit-tls": {
		trigger: []explainCase{c("465 implicit", withLib(hostPort("smtp.gmail.com", 465, SecurityImplicit), LibSmtpClient)),
			c("465 no mode", withLib(hostPort("smtp.gmail.com", 465, ""), LibSmtpClient))},
		not: []explainCase{c("587", withLib(gmail587(), LibSmtpClient)), c("mailkit 465", withLib(hostPort("smtp.gmail.com", 465, SecurityImplicit), LibMailKit))},
	},
	"go-sendmail-no-implicit-tls": {
		trigger: []explainCase{c("465 implicit", withLib(hostPort("smtp.gmail.com", 465, SecurityImplicit), LibGoNetSMTP))},
		not:     []explainCase{c("587", withLib(gmail587(), LibGoNetSMTP)), c("nodemailer 465", withLib(hostPort("smtp.gmail.com", 465, SecurityImplicit), LibNodemailer))},
	},
	"postfix-wrappermode": {
		trigger: []explainCase{c("465 implicit", withLib(hostPort("smtp.sendgrid.net", 465, SecurityImplicit), LibPostfix))},
		not:     []explainCase{c("587", withLib(hostPort("smtp.sendgrid.net", 587, SecurityStartTLS), LibPostfix))},
	},
	"nodemailer-require-tls": {
		trigger: []explainCase{c("587 starttls", withLib(gmail587(), LibNodemailer))},
		not: []explainCase{c("465 implicit", withLib(hostPort("smtp.gmail.com", 465, SecurityImplicit), LibNodemailer)), c("smtplib 587", withLib(gmail587(), LibSmtplib)),
			c("465 starttls (the mismatch says it)", withLib(hostPort("smtp.gmail.com", 465, SecurityStartTLS), LibNodemailer))},
	},
	"library-settings": {
		trigger: []explainCase{c("django", withLib(gmail587(), LibDjango)), c("mail client by use", with(gmail587(), func(s *Settings) { s.Use = UseMailClient }))},
		not:     []explainCase{c("no library", gmail587()), c("other", withLib(gmail587(), LibOther))},
	},
}

func TestFindingRegistry(t *testing.T) {
	catalogued := map[string]bool{}
	for _, f := range findingCatalog {
		if catalogued[f.ID] {
			t.Errorf("finding %q catalogued twice", f.ID)
		}
		catalogued[f.ID] = true
		cases, ok := findingCases[f.ID]
		if !ok || len(cases.trigger) == 0 || len(cases.not) == 0 {
			t.Errorf("finding %q needs at least one triggering and one non-triggering case in findingCases", f.ID)
		}
		if f.When == "" || f.Source == "" {
			t.Errorf("finding %q: catalogue entry needs When and Source", f.ID)
		}
		for _, r := range f.ID {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				t.Errorf("finding %q is not kebab-case", f.ID)
				break
			}
		}
	}
	for id := range findingCases {
		if !catalogued[id] {
			t.Errorf("findingCases has %q, which is not in findingCatalog", id)
		}
	}
}

func TestFindingTriggers(t *testing.T) {
	for id, cases := range findingCases {
		for _, tc := range cases.trigger {
			t.Run(id+"/trigger/"+tc.name, func(t *testing.T) {
				r := tc.run()
				if !slices.Contains(ids(r), id) {
					t.Fatalf("want %s; got %v\n%s", id, ids(r), RenderText(r))
				}
				checkReport(t, r)
			})
		}
		for _, tc := range cases.not {
			t.Run(id+"/not/"+tc.name, func(t *testing.T) {
				r := tc.run()
				if slices.Contains(ids(r), id) {
					t.Fatalf("did not want %s; got %v\n%s", id, ids(r), RenderText(r))
				}
				checkReport(t, r)
			})
		}
	}
}

// checkReport asserts what holds for every report.
func checkReport(t *testing.T, r Report) {
	t.Helper()
	catalogued := map[string]Severity{}
	for _, f := range findingCatalog {
		catalogued[f.ID] = defaultSeverity(f.ID)
	}
	worst := VerdictOK
	for i, f := range r.Findings {
		if _, ok := catalogued[f.ID]; !ok {
			t.Errorf("finding %q is not catalogued", f.ID)
		}
		if f.Title == "" || f.Detail == "" || f.Fix == "" || len(f.Refs) == 0 {
			t.Errorf("finding %q lacks title, detail, fix or refs: %+v", f.ID, f)
		}
		for _, ref := range f.Refs {
			if ref.Name == "" {
				t.Errorf("finding %q has a ref without a name", f.ID)
			}
		}
		for _, text := range []string{f.Title, f.Detail, f.Fix} {
			for _, bad := range []string{"  ", " . ", " ,", "..", " ()", "$1", "$2", "$3", "$4", "$5", "$h", "$n", "$f", "$r", "$c", "$u", "$p", "%h", "%p", "%q", "%a"} {
				if strings.Contains(strings.ReplaceAll(text, "...", ""), bad) && !strings.Contains(settingsTextOf(r), bad) {
					t.Errorf("finding %q: %q holds %q", f.ID, text, bad)
				}
			}
			if strings.HasSuffix(text, " .") || strings.HasPrefix(text, " ") {
				t.Errorf("finding %q: %q is badly punctuated", f.ID, text)
			}
		}
		switch f.Severity {
		case SeverityError:
			worst = VerdictError
		case SeverityWarning:
			if worst != VerdictError {
				worst = VerdictWarning
			}
		case SeverityOK, SeverityInfo:
		default:
			t.Errorf("finding %q has severity %q", f.ID, f.Severity)
		}
		if i > 0 && worstFirstRank[f.Severity] > worstFirstRank[r.Findings[i-1].Severity] {
			t.Errorf("findings not sorted worst first: %s after %s", f.ID, r.Findings[i-1].ID)
		}
		for j := 0; j < i; j++ {
			if r.Findings[j].ID == f.ID && f.ID != "setting-unknown-value" {
				t.Errorf("finding %q twice", f.ID)
			}
		}
	}
	if r.Verdict != worst {
		t.Errorf("verdict %q, worst severity says %q", r.Verdict, worst)
	}
	if r.Recommended.Port <= 0 || r.Recommended.Security == SecurityUnset || r.Recommended.Why == "" {
		t.Errorf("no recommendation: %+v", r.Recommended)
	}
	seen := map[Choice]bool{{Port: r.Recommended.Port, Security: r.Recommended.Security}: true}
	for _, a := range r.Alternatives {
		k := Choice{Port: a.Port, Security: a.Security}
		if seen[k] {
			t.Errorf("pair %d/%s offered twice", a.Port, a.Security)
		}
		seen[k] = true
	}
	if strings.Contains(RenderText(r), "hunter2") {
		t.Errorf("password leaked")
	}
}

// TestMessages: every catalogued finding has its wording, and every wording
// a catalogue entry.
func TestMessages(t *testing.T) {
	for _, f := range findingCatalog {
		if m := messageFor(f.ID); m == nil || m.severity == "" || m.title == "" || m.detail == "" || m.fix == "" || m.setting == "" {
			t.Errorf("finding %q has no complete message", f.ID)
		}
	}
	for _, m := range messages {
		found := false
		for _, f := range findingCatalog {
			found = found || f.ID == m.id
		}
		if !found {
			t.Errorf("message %q is not catalogued", m.id)
		}
	}
}

// settingsTextOf is what the person typed; odd text there may come back.
func settingsTextOf(r Report) string {
	return r.Settings.Host + " " + r.Settings.Username + " " + string(r.Settings.Security) + " " + string(r.Settings.Auth)
}
