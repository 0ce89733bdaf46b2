package rules

import "testing"

// Issue 9: what a person reads first is right. Each case fails on the
// behaviour before it: a field not filled in yet changed the verdict, and
// recommendations named what the person's library or use cannot do.

func TestNotGivenIsNotWrong(t *testing.T) {
	for _, tc := range []struct {
		name    string
		s       Settings
		verdict Verdict
		id      string
		sev     Severity
	}{
		{"gmail app password not typed yet", Settings{Provider: "gmail", Host: "smtp.gmail.com", Port: 587, Security: SecurityStartTLS, Auth: AuthAppPassword},
			VerdictOK, "password-to-fill", SeverityInfo},
		{"gmail user name not typed yet", Settings{Provider: "gmail", Host: "smtp.gmail.com", Port: 587, Security: SecurityStartTLS, Auth: AuthAppPassword, PasswordPresent: true},
			VerdictOK, "username-to-fill", SeverityInfo},
		{"sendgrid user name not typed yet", Settings{Provider: "sendgrid", Host: "smtp.sendgrid.net", Port: 587, Security: SecurityStartTLS, Auth: AuthAPIKey, PasswordPresent: true},
			VerdictOK, "username-fixed-to-fill", SeverityInfo},
		{"sendgrid nothing typed yet", Settings{Provider: "sendgrid", Host: "smtp.sendgrid.net", Port: 587, Security: SecurityStartTLS, Auth: AuthAPIKey},
			VerdictOK, "password-to-fill", SeverityInfo},
		// Wrong, or there but empty (a pasted config), is a fault.
		{"pasted MAIL_PASSWORD=", Settings{Host: "smtp.gmail.com", Port: 587, Security: SecurityStartTLS, Auth: AuthAppPassword, Username: "me@gmail.com", PasswordEmpty: true},
			VerdictWarning, "password-missing", SeverityWarning},
		{"pasted MAIL_USERNAME=", Settings{Host: "smtp.example.com", Port: 587, Security: SecurityStartTLS, Auth: AuthPassword, PasswordPresent: true, UsernameEmpty: true},
			VerdictWarning, "username-missing", SeverityWarning},
		{"sendgrid empty user name in a config", Settings{Host: "smtp.sendgrid.net", Port: 587, Security: SecurityStartTLS, Auth: AuthAPIKey, PasswordPresent: true, UsernameEmpty: true},
			VerdictError, "sendgrid-username", SeverityError},
		{"sendgrid wrong user name", Settings{Host: "smtp.sendgrid.net", Port: 587, Security: SecurityStartTLS, Auth: AuthAPIKey, PasswordPresent: true, Username: "me@example.com"},
			VerdictError, "sendgrid-username", SeverityError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Explain(tc.s)
			f, ok := findingByID(r, tc.id)
			if !ok || f.Severity != tc.sev || r.Verdict != tc.verdict {
				t.Errorf("verdict %s, finding %s %v (%s); want verdict %s, %s %s; all: %+v", r.Verdict, tc.id, ok, f.Severity, tc.verdict, tc.id, tc.sev, r.Findings)
			}
			// A field not given is never more than a note.
			if !tc.s.PasswordEmpty && !tc.s.UsernameEmpty && tc.s.Username == "" {
				for _, f := range r.Findings {
					if (f.Setting == "password" || f.Setting == "username") && f.Severity != SeverityInfo {
						t.Errorf("%s is %s for a field not given", f.ID, f.Severity)
					}
				}
			}
		})
	}
}

func TestRecommendationsOnlyWhatWorks(t *testing.T) {
	all := func(r Report) []Choice { return append([]Choice{r.Recommended}, r.Alternatives...) }
	for _, tc := range []struct {
		name string
		s    Settings
		want Choice // recommended port and mode
		not  func(Choice) bool
	}{
		{"go net/smtp never implicit TLS", Settings{Host: "smtp.gmail.com", Port: 465, Security: SecurityImplicit, Library: LibGoNetSMTP},
			Choice{Port: 587, Security: SecurityStartTLS}, func(c Choice) bool { return c.Security == SecurityImplicit }},
		{".NET SmtpClient never implicit TLS", Settings{Host: "smtp.gmail.com", Port: 465, Security: SecurityImplicit, Library: LibSmtpClient},
			Choice{Port: 587, Security: SecurityStartTLS}, func(c Choice) bool { return c.Security == SecurityImplicit }},
		{"relay without sign-in delivers to the MX on 25", Settings{Host: "mx.example.org", Port: 587, Security: SecurityStartTLS, Use: UseServerRelay, Auth: AuthNone},
			Choice{Port: 25, Security: SecurityStartTLS}, func(c Choice) bool { return c.Port != 25 }},
		{"relay with sign-in submits to a smarthost", Settings{Host: "smtp.example.org", Port: 25, Security: SecurityStartTLS, Use: UseServerRelay, Auth: AuthPassword, Username: "relay", PasswordPresent: true},
			Choice{Port: 587, Security: SecurityStartTLS}, func(c Choice) bool { return c.Port == 25 }},
		{"postmark never 465", Settings{Host: "smtp.postmarkapp.com", Port: 465, Security: SecurityImplicit},
			Choice{Port: 587, Security: SecurityStartTLS}, func(c Choice) bool { return c.Port == 465 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Explain(tc.s)
			if r.Recommended.Port != tc.want.Port || r.Recommended.Security != tc.want.Security {
				t.Errorf("recommended %+v, want %d %s", r.Recommended, tc.want.Port, tc.want.Security)
			}
			for _, c := range all(r) {
				if tc.not(c) {
					t.Errorf("offers %d %s, which cannot work here: %+v", c.Port, c.Security, all(r))
				}
				if c.Why == "" || len(c.Why) > 140 {
					t.Errorf("%d %s: why %q is not one line", c.Port, c.Security, c.Why)
				}
			}
		})
	}
	// Every recommendation says why, whatever the settings.
	for _, s := range []Settings{{Host: "smtp.gmail.com"}, {Host: "smtp.sendgrid.net", Port: 2525}, {Host: "email-smtp.eu-west-1.amazonaws.com", Port: 25, Environment: EnvAWS}} {
		for _, c := range all(Explain(s)) {
			if c.Port > 0 && c.Why == "" {
				t.Errorf("%+v: %d %s without a why", s, c.Port, c.Security)
			}
		}
	}
}

// TestWithFindings: a format's findings join the report worst first, before
// the report's own of the same severity, and raise the verdict; the
// caller's slice is left as it was.
func TestWithFindings(t *testing.T) {
	r := Explain(Settings{Host: "smtp.gmail.com", Port: 587, Security: SecurityStartTLS})
	if r.Verdict != VerdictOK {
		t.Fatalf("base report: verdict %s", r.Verdict)
	}
	own := len(r.Findings)
	extra := []Finding{{ID: "x-info", Severity: SeverityInfo}, {ID: "x-warning", Severity: SeverityWarning}}
	got := r.WithFindings(extra)
	if got.Verdict != VerdictWarning {
		t.Errorf("verdict %s, want warning", got.Verdict)
	}
	if len(got.Findings) != own+2 || got.Findings[0].ID != "x-warning" {
		t.Fatalf("findings %v, want x-warning first among %d", ids(got), own+2)
	}
	firstInfo := ""
	for i, f := range got.Findings {
		if i > 0 && severityRank(f.Severity) > severityRank(got.Findings[i-1].Severity) {
			t.Errorf("not worst first: %v", ids(got))
		}
		if f.Severity == SeverityInfo && firstInfo == "" {
			firstInfo = f.ID
		}
	}
	if firstInfo != "x-info" {
		t.Errorf("x-info is not first among the infos: %v", ids(got))
	}
	if extra[0].ID != "x-info" || extra[1].ID != "x-warning" {
		t.Errorf("the caller's findings were reordered: %v", extra)
	}
	if same := r.WithFindings(nil); same.Verdict != r.Verdict || len(same.Findings) != own {
		t.Errorf("no findings added changed the report")
	}
}
