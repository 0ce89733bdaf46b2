package rules

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func pairs(r Report) []Choice {
	out := []Choice{{Port: r.Recommended.Port, Security: r.Recommended.Security}}
	for _, a := range r.Alternatives {
		out = append(out, Choice{Port: a.Port, Security: a.Security})
	}
	return out
}

func findingByID(r Report, id string) (Finding, bool) {
	for _, f := range r.Findings {
		if f.ID == id {
			return f, true
		}
	}
	return Finding{}, false
}

// The issue's own example: SES from AWS ranks 587, 465, 2587, 2465 and drops
// 25, which AWS blocks.
func TestExplainSESFromAWSRanking(t *testing.T) {
	r := Explain(Settings{Host: "email-smtp.eu-central-1.amazonaws.com", Port: 25, Security: SecurityStartTLS,
		Environment: EnvAWS, Use: UseApplication, Auth: AuthPassword, Username: "AKIAEXAMPLE", PasswordPresent: true})
	want := []Choice{sp(587), ip(465), sp(2587), ip(2465)}
	if got := pairs(r); !slices.Equal(got, want) {
		t.Fatalf("ranking %v, want %v", got, want)
	}
	if r.Recommended.Host != "email-smtp.eu-central-1.amazonaws.com" {
		t.Errorf("recommended host %q", r.Recommended.Host)
	}
	for _, id := range []string{"env-blocks-port", "port25-submission", "ses-smtp-credentials"} {
		if !slices.Contains(ids(r), id) {
			t.Errorf("missing %s in %v", id, ids(r))
		}
	}
	if r.Verdict != VerdictError || r.Provider != "ses" {
		t.Errorf("verdict %s provider %s", r.Verdict, r.Provider)
	}
}

// Every environment, library and use: a provider's pairs are the only ones
// offered, and ports the environment blocks are never offered while an open
// one exists.
func TestExplainRecommendationsRespectProviderAndEnvironment(t *testing.T) {
	for _, p := range providerTable {
		host := strings.Replace(p.Hosts[0], regionLabel, "us-west-2", 1)
		for _, env := range Environments() {
			for _, lib := range append(Libraries(), LibUnset) {
				for _, use := range []Use{UseApplication, UseMailClient, UseServerRelay, UseUnset} {
					r := Explain(Settings{Host: host, Provider: p.ID, Port: 587, Security: SecurityStartTLS, Environment: env, Library: lib, Use: use})
					offered := pairs(r)
					anyOpen := false
					for _, c := range p.Ports {
						if blockLevel(env, c.Port) < 2 {
							anyOpen = true
						}
					}
					for _, c := range offered {
						if !p.acceptsPair(c.Port, c.Security) {
							t.Errorf("%s/%s/%s: offered %d/%s, which %s does not accept", p.ID, env, lib, c.Port, c.Security, p.ID)
						}
						if anyOpen && blockLevel(env, c.Port) >= 2 {
							t.Errorf("%s/%s/%s: offered blocked port %d", p.ID, env, lib, c.Port)
						}
						if lib == LibSmtpClient && c.Security == SecurityImplicit && len(offered) > 0 && hasStartTLS(p.Ports, env) {
							t.Errorf("%s/%s: SmtpClient offered implicit TLS on %d", p.ID, env, c.Port)
						}
					}
					if !anyOpen && !slices.Contains(ids(r), "env-no-open-port") {
						t.Errorf("%s/%s: every port blocked but no env-no-open-port: %v", p.ID, env, ids(r))
					}
					if p.ID == "postmark" && slices.ContainsFunc(offered, func(c Choice) bool { return c.Port == 465 }) {
						t.Errorf("Postmark offered 465")
					}
					if lib == LibGoNetSMTP {
						seenImplicit := false
						for _, c := range offered {
							if c.Security == SecurityImplicit {
								seenImplicit = true
							} else if seenImplicit {
								t.Errorf("%s/%s: Go net/smtp ranks implicit TLS before STARTTLS: %v", p.ID, env, offered)
							}
						}
					}
					if use != UseServerRelay && len(offered) > 1 && offered[0].Port == 25 {
						t.Errorf("%s/%s: port 25 recommended for %q", p.ID, env, use)
					}
					checkReport(t, r)
				}
			}
		}
	}
}

// Explain never writes into the provider table it recommends from.
func TestExplainLeavesTablesAlone(t *testing.T) {
	for _, p := range providerTable {
		Explain(Settings{Host: strings.Replace(p.Hosts[0], regionLabel, "eu-west-1", 1), Port: 587, Security: SecurityStartTLS, Environment: EnvAWS})
		ExplainAgainst(Settings{Host: "x.example", Port: 465}, p.Provider)
	}
	for _, p := range providerTable {
		for _, c := range p.Ports {
			if c.Host != "" || c.Why != "" {
				t.Fatalf("%s: table changed: %+v", p.ID, c)
			}
		}
	}
}

func hasStartTLS(cs []Choice, env Environment) bool {
	for _, c := range cs {
		if c.Security == SecurityStartTLS && blockLevel(env, c.Port) < 2 {
			return true
		}
	}
	return false
}

func TestExplainKeepsACorrectCurrentPair(t *testing.T) {
	r := Explain(Settings{Host: "smtp.gmail.com", Port: 465, Security: SecurityImplicit, Auth: AuthAppPassword, Username: "a@gmail.com", PasswordPresent: true})
	if r.Recommended.Port != 465 || r.Recommended.Security != SecurityImplicit {
		t.Errorf("a working 465 should stay recommended, got %+v", r.Recommended)
	}
	if r.Verdict != VerdictOK {
		t.Errorf("verdict %s: %v", r.Verdict, ids(r))
	}
	f, ok := findingByID(r, "port-security-ok")
	if !ok || !strings.Contains(f.Title, "465 with implicit TLS") {
		t.Errorf("ok finding %+v", f)
	}
	// A wrong pair is never kept.
	r = Explain(Settings{Host: "smtp.gmail.com", Port: 465, Security: SecurityStartTLS})
	if r.Recommended.Port == 465 && r.Recommended.Security == SecurityStartTLS {
		t.Errorf("kept a wrong pair: %+v", r.Recommended)
	}
}

func TestExplainStandardOKFinding(t *testing.T) {
	r := Explain(Settings{Host: "mail.example.org", Port: 587, Security: SecurityStartTLS, Auth: AuthPassword, Username: "me", PasswordPresent: true})
	f, ok := findingByID(r, "port-security-ok")
	if !ok || f.Title != "587 with STARTTLS: the standard submission setup" || f.Severity != SeverityOK {
		t.Fatalf("got %+v", f)
	}
	if r.Verdict != VerdictOK {
		t.Errorf("verdict %s %v", r.Verdict, ids(r))
	}
}

// The Fix of a mismatch speaks the person's library.
func TestExplainFixUsesLibraryOptionNames(t *testing.T) {
	cases := []struct {
		lib            Library
		implicitOption string // offered when the person used STARTTLS on 465
		starttlsOption string // offered when the person used implicit TLS on 587
	}{
		{LibNodemailer, "secure: true", "secure: false, requireTLS: true"},
		{LibSmtplib, "smtplib.SMTP_SSL(", "s.starttls()"},
		{LibGoNetSMTP, "tls.Dial(", "smtp.SendMail("},
		{LibSmtpClient, "SecureSocketOptions.SslOnConnect", "EnableSsl = true"},
		{LibMailKit, "SecureSocketOptions.SslOnConnect", "SecureSocketOptions.StartTls"},
		{LibPHPMailer, "ENCRYPTION_SMTPS", "ENCRYPTION_STARTTLS"},
		{LibDjango, "EMAIL_USE_SSL = True", "EMAIL_USE_TLS = True"},
		{LibLaravel, "MAIL_SCHEME=smtps", "MAIL_SCHEME=smtp "},
		{LibRails, "tls: true", "enable_starttls_auto: true"},
		{LibJavaMail, "mail.smtp.ssl.enable=true", "mail.smtp.starttls.enable=true"},
		{LibPostfix, "smtp_tls_wrappermode = yes", "relayhost = [smtp.gmail.com]:587"},
		{LibMailClient, "Connection security: SSL/TLS", "Connection security: STARTTLS"},
	}
	for _, tc := range cases {
		t.Run(string(tc.lib), func(t *testing.T) {
			r := Explain(Settings{Host: "smtp.gmail.com", Port: 465, Security: SecurityStartTLS, Library: tc.lib})
			f, ok := findingByID(r, "port-security-mismatch-plaintext-on-implicit-port")
			if !ok || !strings.Contains(f.Fix, tc.implicitOption) {
				t.Errorf("465 starttls fix %q lacks %q", f.Fix, tc.implicitOption)
			}
			r = Explain(Settings{Host: "smtp.gmail.com", Port: 587, Security: SecurityImplicit, Library: tc.lib})
			f, ok = findingByID(r, "port-security-mismatch-implicit-on-starttls-port")
			if !ok || !strings.Contains(f.Fix, tc.starttlsOption) {
				t.Errorf("587 implicit fix %q lacks %q", f.Fix, tc.starttlsOption)
			}
			r = Explain(Settings{Host: "smtp.gmail.com", Port: 587, Security: SecurityNone, Library: tc.lib, Auth: AuthAppPassword, Username: "a@gmail.com", PasswordPresent: true})
			f, ok = findingByID(r, "credentials-without-tls")
			if !ok || !strings.Contains(f.Fix, tc.starttlsOption) {
				t.Errorf("587 none fix %q lacks %q", f.Fix, tc.starttlsOption)
			}
		})
	}
}

// The symptom named in the detail is the one FACTS §5/§6 gives.
func TestExplainMismatchSymptoms(t *testing.T) {
	cases := []struct {
		s    Settings
		id   string
		want string
	}{
		{Settings{Host: "smtp.gmail.com", Port: 587, Security: SecurityImplicit}, "port-security-mismatch-implicit-on-starttls-port", "wrong version number"},
		{Settings{Host: "smtp.gmail.com", Port: 587, Security: SecurityImplicit, Library: LibGoNetSMTP}, "port-security-mismatch-implicit-on-starttls-port", "first record does not look like a TLS handshake"},
		{Settings{Host: "smtp.gmail.com", Port: 465, Security: SecurityStartTLS}, "port-security-mismatch-plaintext-on-implicit-port", "times out"},
		{Settings{Host: "smtp.gmail.com", Port: 465, Security: SecurityNone, Library: LibNodemailer}, "port-security-mismatch-plaintext-on-implicit-port", "Greeting never received"},
		{Settings{Host: "smtp.gmail.com", Port: 465, Security: SecurityStartTLS, Library: LibSmtplib}, "port-security-mismatch-plaintext-on-implicit-port", "SMTPServerDisconnected"},
		{Settings{Host: "mail.example.org", Port: 465, Security: SecurityStartTLS}, "port-security-mismatch-plaintext-on-implicit-port", "nodemailer issue 1582"},
		{Settings{Host: "mail.example.org", Port: 587, Security: SecurityNone, PasswordPresent: true}, "credentials-without-tls", "530 5.7.0 Must issue a STARTTLS command first"},
		{Settings{Host: "smtp.postmarkapp.com", Port: 465, Security: SecurityImplicit}, "provider-lacks-port", "hangs"},
		{Settings{Host: "smtp.office365.com", Port: 587, Security: SecurityStartTLS, Auth: AuthPassword}, "m365-basic-auth-retirement", "550 5.7.30"},
		{Settings{Host: "smtp.office365.com", Port: 587, Security: SecurityStartTLS, Auth: AuthPassword}, "m365-basic-auth-retirement", "end of December 2026"},
		{Settings{Host: "203.0.113.9", Port: 587, Security: SecurityStartTLS}, "host-ip-literal", "RFC 7817"},
	}
	for _, tc := range cases {
		r := Explain(tc.s)
		f, ok := findingByID(r, tc.id)
		if !ok {
			t.Errorf("%+v: no %s in %v", tc.s, tc.id, ids(r))
			continue
		}
		if !strings.Contains(f.Detail+" "+f.Title, tc.want) {
			t.Errorf("%s: %q lacks %q", tc.id, f.Detail, tc.want)
		}
	}
}

func TestExplainNormalisesSettings(t *testing.T) {
	r := Explain(Settings{Host: "  SMTP.Gmail.COM. ", Port: 587, Security: " StartTLS", Auth: "App-Password", Use: "Application",
		Library: "NodeMailer", Username: " me@gmail.com ", PasswordPresent: true})
	s := r.Settings
	if s.Host != "smtp.gmail.com" || s.Security != SecurityStartTLS || s.Auth != AuthAppPassword || s.Use != UseApplication ||
		s.Library != LibNodemailer || s.Environment != EnvUnknown || s.Username != "me@gmail.com" || !s.PasswordPresent {
		t.Errorf("normalised %+v", s)
	}
	if r.Provider != "gmail" {
		t.Errorf("provider %q", r.Provider)
	}
	if slices.Contains(ids(r), "setting-unknown-value") {
		t.Errorf("case differences are not unknown values: %v", ids(r))
	}
	// A URL in the host field is read, and its port used when none is given.
	r = Explain(Settings{Host: "smtps://me@smtp.gmail.com:465", Security: SecurityImplicit})
	if r.Settings.Host != "smtp.gmail.com" || r.Settings.Port != 465 || r.Provider != "gmail" {
		t.Errorf("read %+v provider %q", r.Settings, r.Provider)
	}
}

func TestExplainCorrectsTheHostInTheRecommendation(t *testing.T) {
	for host, want := range map[string]string{
		"smtp.gmial.com":   "smtp.gmail.com",
		"gmail.com":        "smtp.gmail.com",
		"imap.gmail.com":   "smtp.gmail.com",
		"smtp.gmail.con":   "smtp.gmail.com",
		"hotmail.com":      "smtp-mail.outlook.com",
		"proton.me":        "127.0.0.1",
		"mail.example.org": "mail.example.org",
	} {
		r := Explain(Settings{Host: host, Port: 587, Security: SecurityStartTLS})
		if r.Recommended.Host != want {
			t.Errorf("%s: recommended host %q, want %q", host, r.Recommended.Host, want)
		}
	}
}

func TestExplainAgainstPreset(t *testing.T) {
	preset := Provider{Name: "Acme Mail", Hosts: []string{"SMTP.Acme.Example"}, Ports: []Choice{{Port: 2525, Security: SecurityStartTLS}, {Port: 465, Security: SecurityImplicit}}}
	r := ExplainAgainst(Settings{Host: "smtp.gmail.com", Port: 587, Security: SecurityStartTLS}, preset)
	if r.Verdict != VerdictError {
		t.Errorf("verdict %s", r.Verdict)
	}
	for _, id := range []string{"preset-host-mismatch", "preset-pair-not-accepted"} {
		if !slices.Contains(ids(r), id) {
			t.Errorf("missing %s: %v", id, ids(r))
		}
	}
	if r.Recommended != (Choice{Host: "smtp.acme.example", Port: 2525, Security: SecurityStartTLS, Why: "accepted by Acme Mail"}) {
		t.Errorf("recommended %+v", r.Recommended)
	}
	if got := pairs(r); !slices.Equal(got, []Choice{sp(2525), ip(465)}) {
		t.Errorf("offered %v", got)
	}
	r = ExplainAgainst(Settings{Host: "smtp.acme.example", Port: 465, Security: SecurityImplicit, Auth: AuthPassword, Username: "me", PasswordPresent: true}, preset)
	if r.Verdict != VerdictOK || r.Recommended.Port != 465 {
		t.Errorf("a preset pair should pass: %s %v %+v", r.Verdict, ids(r), r.Recommended)
	}
	// A known provider's ID brings its credential rules.
	r = ExplainAgainst(Settings{Host: "smtp.sendgrid.net", Port: 587, Security: SecurityStartTLS, Auth: AuthAPIKey, Username: "me"},
		Provider{ID: "sendgrid", Name: "SendGrid", Hosts: []string{"smtp.sendgrid.net"}, Ports: []Choice{{Port: 587, Security: SecurityStartTLS}}})
	if !slices.Contains(ids(r), "sendgrid-username") {
		t.Errorf("preset with a known ID lost its rules: %v", ids(r))
	}
	// An empty preset still answers with the standard pairs, and without
	// hosts it does not judge the host.
	r = ExplainAgainst(Settings{Host: "mail.example.org", Port: 587, Security: SecurityStartTLS}, Provider{})
	if r.Recommended.Port != 587 || r.Recommended.Host != "mail.example.org" || slices.Contains(ids(r), "preset-host-mismatch") {
		t.Errorf("empty preset: %+v %v", r.Recommended, ids(r))
	}
	checkReport(t, r)
}

func TestDetectProvider(t *testing.T) {
	for _, p := range Providers() {
		if p.ID == "proton" {
			continue
		}
		for _, h := range p.Hosts {
			h = strings.Replace(h, regionLabel, "ap-southeast-2", 1)
			got, ok := DetectProvider(" " + strings.ToUpper(h) + ". ")
			if !ok || got.ID != p.ID {
				t.Errorf("DetectProvider(%q) = %q %v, want %q", h, got.ID, ok, p.ID)
			}
		}
	}
	for _, h := range []string{"", "email-smtp.amazonaws.com", "email-smtp.us_east.amazonaws.com", "smtp.example.com", "127.0.0.1", "gmail.com", "x.smtp.gmail.com"} {
		if p, ok := DetectProvider(h); ok {
			t.Errorf("DetectProvider(%q) = %q, want none", h, p.ID)
		}
	}
}

func TestProvidersTable(t *testing.T) {
	want := []string{"gmail", "google-relay", "outlook", "microsoft365", "yahoo", "icloud", "zoho", "fastmail", "proton", "gmx",
		"sendgrid", "mailgun", "postmark", "ses", "sparkpost", "brevo", "mailjet", "resend", "mandrill", "smtp2go", "azure-communication"}
	var got []string
	for _, p := range Providers() {
		got = append(got, p.ID)
		if p.Name == "" || len(p.Hosts) == 0 || len(p.Ports) == 0 || p.Credentials == "" || p.Source.Name == "" {
			t.Errorf("%s: incomplete %+v", p.ID, p)
		}
		if !slices.Contains([]string{"H", "M", "L"}, p.Confidence) {
			t.Errorf("%s: confidence %q", p.ID, p.Confidence)
		}
		seen := map[int]bool{}
		for _, c := range p.Ports {
			if seen[c.Port] || (c.Security != SecurityStartTLS && c.Security != SecurityImplicit) {
				t.Errorf("%s: bad pair %+v", p.ID, c)
			}
			seen[c.Port] = true
		}
		if q, ok := ProviderByID(strings.ToUpper(p.ID)); !ok || q.ID != p.ID {
			t.Errorf("ProviderByID(%s)", p.ID)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("ids %v\nwant %v", got, want)
	}
	if _, ok := ProviderByID("nope"); ok {
		t.Error("ProviderByID(nope) found something")
	}
	// Callers may change what they get.
	ps := Providers()
	ps[0].Ports[0].Port = 1
	ps[0].Hosts[0] = "x"
	if p, _ := ProviderByID(ps[0].ID); p.Ports[0].Port == 1 || p.Hosts[0] == "x" {
		t.Error("Providers shares its slices")
	}
}

func TestValidValues(t *testing.T) {
	for _, e := range Environments() {
		if !ValidEnvironment(string(e)) {
			t.Errorf("ValidEnvironment(%s)", e)
		}
	}
	for _, l := range Libraries() {
		if !ValidLibrary(string(l)) {
			t.Errorf("ValidLibrary(%s)", l)
		}
	}
	if len(Environments()) != 15 || len(Libraries()) != 13 || len(EnvironmentDetails()) != 15 || len(LibraryDetails()) != 13 {
		t.Errorf("%d environments, %d libraries", len(Environments()), len(Libraries()))
	}
	for _, v := range []string{"", "nope", "465"} {
		if ValidEnvironment(v) || ValidLibrary(v) || ValidSecurity(v) || ValidAuth(v) || ValidUse(v) {
			t.Errorf("%q accepted", v)
		}
	}
	for _, v := range []string{"none", "starttls", "implicit", " Implicit "} {
		if !ValidSecurity(v) {
			t.Errorf("ValidSecurity(%q)", v)
		}
	}
	for _, v := range []string{"none", "password", "app-password", "oauth2", "api-key"} {
		if !ValidAuth(v) {
			t.Errorf("ValidAuth(%q)", v)
		}
	}
	for _, v := range []string{"application", "mail-client", "server-relay"} {
		if !ValidUse(v) {
			t.Errorf("ValidUse(%q)", v)
		}
	}
	for _, l := range LibraryDetails() {
		if l.Name == "" || l.StartTLS == "" || l.Source.Name == "" {
			t.Errorf("library %s incomplete", l.ID)
		}
		if (l.Implicit == "") != (l.ID == LibSmtpClient) {
			t.Errorf("library %s: implicit option %q", l.ID, l.Implicit)
		}
	}
}

func TestPortFacts(t *testing.T) {
	facts := PortFacts()
	byPort := map[int]PortFact{}
	for _, f := range facts {
		byPort[f.Port] = f
		if f.TLS == "" || f.Purpose == "" || f.Standard.Name == "" || f.Security == SecurityUnset {
			t.Errorf("port %d incomplete", f.Port)
		}
	}
	for _, p := range []int{25, 465, 587, 2525, 2587, 2465} {
		if _, ok := byPort[p]; !ok {
			t.Errorf("port %d missing", p)
		}
	}
	if !slices.Contains(byPort[25].BlockedBy, EnvAWS) || !slices.Contains(byPort[587].BlockedBy, EnvLinode) ||
		slices.Contains(byPort[587].BlockedBy, EnvAWS) || byPort[2525].BlockedBy == nil {
		t.Errorf("blocked-by: 25 %v, 587 %v", byPort[25].BlockedBy, byPort[587].BlockedBy)
	}
	for _, env := range EnvironmentDetails() {
		for _, p := range env.Blocks {
			if f, ok := byPort[p]; ok && !slices.Contains(f.BlockedBy, env.ID) {
				t.Errorf("%s blocks %d but PortFacts does not say so", env.ID, p)
			}
		}
	}
}

func TestReportJSONNames(t *testing.T) {
	r := Explain(Settings{Host: "smtp.gmail.com", Port: 587, Security: SecurityImplicit, PasswordPresent: true, Library: LibDjango})
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"verdict", "settings", "provider", "findings", "recommended", "alternatives"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON lacks %q: %s", k, b)
		}
	}
	settings := m["settings"].(map[string]any)
	for k := range settings {
		if strings.Contains(k, "password") && k != "password_present" {
			t.Errorf("settings JSON has %q", k)
		}
	}
	f := m["findings"].([]any)[0].(map[string]any)
	for _, k := range []string{"id", "severity", "title", "detail", "fix", "refs", "setting"} {
		if _, ok := f[k]; !ok {
			t.Errorf("finding JSON lacks %q", k)
		}
	}
}

// TestExplainSweep runs a deterministic spread of settings through every
// invariant of checkReport.
func TestExplainSweep(t *testing.T) {
	hosts := []string{"smtp.gmail.com", "smtp.postmarkapp.com", "email-smtp.us-east-1.amazonaws.com", "smtp.sendgrid.net", "127.0.0.1",
		"mail.example.org", "gmail.com", "smtp.gmial.com", "203.0.113.1", "", "smtps://smtp.office365.com", "smtp.mail.me.com", "mail.smtp2go.com"}
	ports := []int{0, 25, 465, 587, 2525, 2587, 2465, 1025, 8025, 443, 70000}
	secs := []Security{"", SecurityNone, SecurityStartTLS, SecurityImplicit}
	auths := []Auth{"", AuthNone, AuthPassword, AuthAppPassword, AuthOAuth2, AuthAPIKey}
	uses := []Use{"", UseApplication, UseMailClient, UseServerRelay}
	envs := Environments()
	libs := append(Libraries(), LibUnset)
	seed := uint32(1)
	next := func(n int) int { seed = seed*1664525 + 1013904223; return int(seed>>8) % n }
	for i := 0; i < 5000; i++ {
		s := Settings{Host: hosts[next(len(hosts))], Port: ports[next(len(ports))], Security: secs[next(len(secs))], Auth: auths[next(len(auths))],
			Username: []string{"", "apikey", "me@example.com", "me"}[next(4)], PasswordPresent: next(2) == 0, Use: uses[next(len(uses))],
			Environment: envs[next(len(envs))], Library: libs[next(len(libs))]}
		r := Explain(s)
		checkReport(t, r)
		if t.Failed() {
			t.Fatalf("settings %+v\n%s", s, RenderText(r))
		}
	}
}

func FuzzExplain(f *testing.F) {
	f.Add("smtp.gmail.com", 465, "starttls", "password", "me", true, "application", "aws", "nodemailer")
	f.Add("smtps://user@[::1]:465/x", 0, "IMPLICIT", "", "", false, "", "", "")
	f.Add("email-smtp.eu-west-1.amazonaws.con", 2587, "none", "api-key", "apikey", true, "server-relay", "linode", "dotnet-smtpclient")
	f.Add(" gmail.com. ", -5, "ssl", "x", "", false, "x", "mars", "cobol")
	f.Fuzz(func(t *testing.T, host string, port int, sec, auth, user string, pw bool, use, env, lib string) {
		s := Settings{Host: host, Port: port, Security: Security(sec), Auth: Auth(auth), Username: user, PasswordPresent: pw,
			Use: Use(use), Environment: Environment(env), Library: Library(lib)}
		r := Explain(s)
		checkReport(t, r)
		r = ExplainAgainst(s, Provider{Name: host, Hosts: []string{user}, Ports: []Choice{{Port: port, Security: Security(sec)}}})
		checkReport(t, r)
	})
}

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"smtp.gmail.com", "smtp.gmail.com", 0},
		{"smtp.gmial.com", "smtp.gmail.com", 1},
		{"smtp.gmail.con", "smtp.gmail.com", 1},
		{"smtp.gmail.co", "smtp.gmail.com", 1},
		{"smpt.gmial.com", "smtp.gmail.com", 2},
		{"smtp.yahoo.com", "smtp.gmail.com", 3}, // over the limit
	} {
		if got := editDistance(tc.a, tc.b, 2); got != tc.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestCleanHost(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want hostReading
	}{
		{"smtp.gmail.com", hostReading{host: "smtp.gmail.com"}},
		{"SMTP.GMAIL.COM.", hostReading{host: "smtp.gmail.com"}},
		{"smtp://smtp.gmail.com:587", hostReading{host: "smtp.gmail.com", scheme: "smtp", port: 587}},
		{"user@host.example:99999", hostReading{host: "host.example", hadUser: true, badPort: true}},
		{"[2001:db8::1]:465", hostReading{host: "2001:db8::1", port: 465}},
		{"2001:db8::1", hostReading{host: "2001:db8::1"}},
		{"smtp .gmail.com/path", hostReading{host: "smtp.gmail.com", hadSpaces: true, hadPath: true}},
	} {
		if got := cleanHost(tc.in); got != tc.want {
			t.Errorf("cleanHost(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

func BenchmarkExplain(b *testing.B) {
	s := Settings{Host: "smtp.gmial.com", Port: 465, Security: SecurityStartTLS, Auth: AuthPassword, Username: "me@gmail.com",
		PasswordPresent: true, Use: UseApplication, Environment: EnvAWS, Library: LibNodemailer}
	b.ReportAllocs()
	for b.Loop() {
		Explain(s)
	}
}

func BenchmarkExplainKnownHost(b *testing.B) {
	s := Settings{Host: "smtp.gmail.com", Port: 587, Security: SecurityStartTLS, Auth: AuthAppPassword, Username: "me@gmail.com",
		PasswordPresent: true, Use: UseApplication, Environment: EnvAWS, Library: LibNodemailer}
	b.ReportAllocs()
	for b.Loop() {
		Explain(s)
	}
}

// Every blocking environment of FACTS §4, on every port it blocks, says so
// with its way out and offers an open port when the provider has one.
func TestExplainEveryBlockingEnvironment(t *testing.T) {
	for _, env := range EnvironmentDetails() {
		for _, port := range env.Blocks {
			sec := SecurityStartTLS
			if port == 465 {
				sec = SecurityImplicit
			}
			r := Explain(Settings{Host: "smtp.sendgrid.net", Port: port, Security: sec, Environment: env.ID, Auth: AuthAPIKey, Username: "apikey", PasswordPresent: true})
			f, ok := findingByID(r, "env-blocks-port")
			if !ok {
				t.Errorf("%s/%d: no env-blocks-port in %v", env.ID, port, ids(r))
				continue
			}
			if env.WayOut == "" || !strings.Contains(f.Fix, env.WayOut) || f.Refs[0] != env.Source {
				t.Errorf("%s/%d: fix %q lacks the way out %q or the source", env.ID, port, f.Fix, env.WayOut)
			}
			want := map[string]Severity{"H": SeverityError, "M": SeverityWarning}[env.Confidence]
			if env.ID == EnvOVH {
				want = SeverityInfo
			}
			if f.Severity != want {
				t.Errorf("%s/%d: severity %s, want %s", env.ID, port, f.Severity, want)
			}
			if env.Confidence == "M" && !strings.Contains(f.Detail, "reported") {
				t.Errorf("%s: an M-confidence row must say it is reported: %q", env.ID, f.Detail)
			}
			if env.ID != EnvOVH && blockLevel(env.ID, r.Recommended.Port) >= 2 {
				t.Errorf("%s/%d: recommended blocked port %d", env.ID, port, r.Recommended.Port)
			}
		}
	}
}

// A block that is only reported (M rows) is a warning, a documented one an
// error, and both say so.
func TestExplainNoOpenPortSeverityFollowsConfidence(t *testing.T) {
	for env, want := range map[Environment]Severity{EnvLinode: SeverityError, EnvRender: SeverityWarning} {
		r := Explain(Settings{Host: "smtp.mail.me.com", Port: 587, Security: SecurityStartTLS, Environment: env})
		f, ok := findingByID(r, "env-no-open-port")
		if !ok || f.Severity != want {
			t.Errorf("%s: %+v", env, f)
		}
		if reported := strings.Contains(f.Detail, "reported by users"); reported != (want == SeverityWarning) {
			t.Errorf("%s: detail %q", env, f.Detail)
		}
	}
}

// Applying the recommendation fixes every port, TLS and literal user-name
// problem: explaining Fixed() again finds none of them.
func TestReportFixedIsAFixedPoint(t *testing.T) {
	fixable := []string{"port-security-mismatch-implicit-on-starttls-port", "port-security-mismatch-plaintext-on-implicit-port",
		"provider-lacks-port", "port-invalid", "port-missing", "port-unusual", "security-missing", "credentials-without-tls", "no-tls",
		"port25-submission", "dotnet-no-implicit-tls", "sendgrid-username", "sparkpost-username", "resend-username",
		"host-typo", "host-bare-domain", "host-has-scheme", "host-has-port", "host-has-spaces", "host-not-smtp", "provider-host-mismatch", "env-blocks-port"}
	hosts := []string{"smtp.gmial.com", "gmail.com", "smtps://smtp.sendgrid.net:465", "smtp.postmarkapp.com", "email-smtp.eu-west-1.amazonaws.com",
		"smtp.resend.com", "smtp.sparkpostmail.com", "mail.example.org", "imap.gmail.com", "smtp.mail.me.com", "127.0.0.1"}
	for _, h := range hosts {
		for _, port := range []int{0, 25, 465, 587, 2525, 2465, 9999} {
			for _, sec := range []Security{"", SecurityNone, SecurityStartTLS, SecurityImplicit} {
				for _, env := range []Environment{EnvUnknown, EnvAWS, EnvHetzner, EnvDigitalOcean} {
					for _, lib := range []Library{LibUnset, LibSmtpClient, LibGoNetSMTP} {
						s := Settings{Host: h, Port: port, Security: sec, Environment: env, Library: lib, Auth: AuthAPIKey, Username: "someone", PasswordPresent: true, Use: UseApplication}
						r := Explain(s)
						again := Explain(r.Fixed())
						for _, id := range ids(again) {
							if slices.Contains(fixable, id) {
								t.Errorf("%+v\nFixed() = %+v still has %s:\n%s", s, r.Fixed(), id, RenderText(again))
								return
							}
						}
					}
				}
			}
		}
	}
}

// A mail server on this machine (sendmail, a local Postfix) on plain 25 is a
// normal setup: one warning about what localhost means, nothing else, and
// the pair is kept.
func TestExplainLocalMTA(t *testing.T) {
	r := Explain(Settings{Host: "localhost", Port: 25, Security: SecurityNone, Auth: AuthNone, Use: UseApplication})
	if got := ids(r); !slices.Equal(got, []string{"host-localhost"}) {
		t.Errorf("findings %v", got)
	}
	if r.Recommended.Port != 25 || r.Recommended.Security != SecurityNone || r.Recommended.Host != "localhost" {
		t.Errorf("recommended %+v", r.Recommended)
	}
	// A password in cleartext is still refused by the server.
	r = Explain(Settings{Host: "localhost", Port: 587, Security: SecurityNone, Auth: AuthPassword, Username: "me", PasswordPresent: true})
	if !slices.Contains(ids(r), "credentials-without-tls") {
		t.Errorf("findings %v", ids(r))
	}
}

func TestValueLists(t *testing.T) {
	for _, v := range Securities() {
		if !ValidSecurity(string(v)) {
			t.Errorf("Securities has %q", v)
		}
	}
	for _, v := range Auths() {
		if !ValidAuth(string(v)) {
			t.Errorf("Auths has %q", v)
		}
	}
	for _, v := range Uses() {
		if !ValidUse(string(v)) {
			t.Errorf("Uses has %q", v)
		}
	}
	if len(Securities()) != 3 || len(Auths()) != 5 || len(Uses()) != 3 {
		t.Errorf("lists %v %v %v", Securities(), Auths(), Uses())
	}
}
