package rules

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// updateGolden is -update: rewrite testdata/explain/*.golden and
// docs/findings.md from the current output. The flag is registered only if
// no other test file of the package registered it first.
var updateGolden = func() func() bool {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files (testdata/explain, docs/findings.md)")
	}
	return func() bool {
		f := flag.Lookup("update")
		return f != nil && f.Value.String() == "true"
	}
}()

// goldenCases are representative settings; each renders to
// testdata/explain/<name>.golden.
var goldenCases = []struct {
	name   string
	s      Settings
	preset *Provider
}{
	{"gmail-587-starttls-ok", Settings{Host: "smtp.gmail.com", Port: 587, Security: SecurityStartTLS, Auth: AuthAppPassword, Username: "me@gmail.com", PasswordPresent: true, Use: UseApplication}, nil},
	{"gmail-465-starttls-nodemailer", Settings{Host: "smtp.gmail.com", Port: 465, Security: SecurityStartTLS, Auth: AuthPassword, Username: "me@gmail.com", PasswordPresent: true, Use: UseApplication, Library: LibNodemailer}, nil},
	{"gmail-587-implicit-smtplib", Settings{Host: "smtp.gmail.com", Port: 587, Security: SecurityImplicit, Auth: AuthAppPassword, Username: "me@gmail.com", PasswordPresent: true, Library: LibSmtplib}, nil},
	{"ses-25-from-aws", Settings{Host: "email-smtp.us-east-1.amazonaws.com", Port: 25, Security: SecurityStartTLS, Auth: AuthAPIKey, Username: "AKIAEXAMPLE", PasswordPresent: true, Use: UseApplication, Environment: EnvAWS}, nil},
	{"postmark-465", Settings{Host: "smtp.postmarkapp.com", Port: 465, Security: SecurityImplicit, Auth: AuthAPIKey, Username: "token", PasswordPresent: true, Library: LibLaravel}, nil},
	{"sendgrid-wrong-user-django", Settings{Host: "smtp.sendgrid.net", Port: 587, Security: SecurityStartTLS, Auth: AuthAPIKey, Username: "me@example.com", PasswordPresent: true, Library: LibDjango}, nil},
	{"m365-basic-auth", Settings{Host: "smtp.office365.com", Port: 587, Security: SecurityStartTLS, Auth: AuthPassword, Username: "me@contoso.com", PasswordPresent: true, Use: UseMailClient}, nil},
	{"outlook-from-linode", Settings{Host: "smtp-mail.outlook.com", Port: 587, Security: SecurityStartTLS, Auth: AuthOAuth2, Username: "me@outlook.com", Environment: EnvLinode}, nil},
	{"dotnet-465", Settings{Host: "smtp.mailgun.org", Port: 465, Security: SecurityImplicit, Auth: AuthPassword, Username: "postmaster@mg.example.com", PasswordPresent: true, Library: LibSmtpClient}, nil},
	{"go-465", Settings{Host: "smtp.fastmail.com", Port: 465, Security: SecurityImplicit, Auth: AuthAppPassword, Username: "me@fastmail.com", PasswordPresent: true, Library: LibGoNetSMTP}, nil},
	{"cleartext-credentials", Settings{Host: "mail.example.org", Port: 587, Security: SecurityNone, Auth: AuthPassword, Username: "me", PasswordPresent: true, Library: LibPHPMailer}, nil},
	{"typo-gmial", Settings{Host: "smtp.gmial.com", Port: 587, Security: SecurityStartTLS}, nil},
	{"bare-domain", Settings{Host: "gmail.com", Port: 465, Security: SecurityImplicit, Library: LibMailClient}, nil},
	{"url-in-host", Settings{Host: "smtps://me@smtp.zoho.eu:465"}, nil},
	{"ip-literal-25-relay", Settings{Host: "203.0.113.25", Port: 25, Security: SecurityNone, Use: UseServerRelay, Library: LibPostfix}, nil},
	{"proton-bridge", Settings{Host: "127.0.0.1", Port: 1025, Security: SecurityStartTLS, Auth: AuthPassword, Username: "me@proton.me", PasswordPresent: true}, nil},
	{"icloud-short-user-render", Settings{Host: "smtp.mail.me.com", Port: 587, Security: SecurityStartTLS, Auth: AuthAppPassword, Username: "me", PasswordPresent: true, Environment: EnvRender}, nil},
	{"unusual-port-empty", Settings{Host: "mail.example.org", Port: 2526}, nil},
	{"preset-wrong-pair", Settings{Host: "smtp.acme.example", Port: 465, Security: SecurityImplicit, Auth: AuthPassword, Username: "me", PasswordPresent: true},
		&Provider{Name: "Acme Mail", Hosts: []string{"smtp.acme.example"}, Ports: []Choice{{Port: 587, Security: SecurityStartTLS}, {Port: 2525, Security: SecurityStartTLS}}}},
}

func TestExplainGolden(t *testing.T) {
	dir := filepath.Join("testdata", "explain")
	if updateGolden() {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			var r Report
			if tc.preset != nil {
				r = ExplainAgainst(tc.s, *tc.preset)
			} else {
				r = Explain(tc.s)
			}
			got := RenderText(r)
			path := filepath.Join(dir, tc.name+".golden")
			if updateGolden() {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("missing golden file (go test ./rules -run TestExplainGolden -update): %v", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from the golden file (rerun with -update if intended)\n--- got ---\n%s\n--- want ---\n%s", path, got, want)
			}
		})
	}
}

// TestFindingsDoc keeps docs/findings.md equal to the finding catalogue.
func TestFindingsDoc(t *testing.T) {
	var b strings.Builder
	b.WriteString("# Finding IDs\n\n")
	b.WriteString("Every finding `rules.Explain` and `rules.ExplainAgainst` can produce. IDs are stable public API\n")
	b.WriteString("(JSON `id`). Severity is the usual one; where it varies, *When* says how. Generated from\n")
	b.WriteString("`findingCatalog` in rules/explain_catalog.go: `go test ./rules -run TestFindingsDoc -update`.\n")
	b.WriteString("Every ID has a test that triggers it and one that must not (rules/explain_findings_test.go).\n\n")
	b.WriteString("| id | severity | when | source |\n|---|---|---|---|\n")
	for _, f := range KnownFindings() {
		b.WriteString("| `" + f.ID + "` | " + string(f.Severity) + " | " + strings.ReplaceAll(f.When, "|", "\\|") + " | " + f.Source + " |\n")
	}
	got := b.String()
	path := filepath.Join("..", "docs", "findings.md")
	if updateGolden() {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s (go test ./rules -run TestFindingsDoc -update): %v", path, err)
	}
	if got != string(want) {
		t.Errorf("docs/findings.md is out of date: go test ./rules -run TestFindingsDoc -update")
	}
}
