package formats

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/whichport/whichport/rules"
)

// rewriteTargets are the settings the round-trip test rewrites every
// testdata input to.
var rewriteTargets = []rules.Settings{
	{Host: "smtp.fixed.example", Port: 587, Security: rules.SecurityStartTLS, Username: "fixed-user@example.com"},
	{Host: "smtp.fixed.example", Port: 465, Security: rules.SecurityImplicit, Username: "fixed-user@example.com"},
	{Host: "mail.other.example", Port: 2525, Security: rules.SecurityStartTLS},
	{Host: "relay.example.net", Port: 25, Security: rules.SecurityNone},
	{Port: 465, Security: rules.SecurityImplicit},
	{Security: rules.SecurityStartTLS},
	{Host: "smtp.only-host.example"},
}

// rewriteCannot lists the settings a format cannot say; every other
// target must round-trip.
func rewriteCannot(src string, before Parsed, s rules.Settings) bool {
	port := s.Port
	if port == 0 {
		port = before.Settings.Port
	}
	switch {
	case before.Format == SmtpClient && s.Security == rules.SecurityImplicit:
		return true // SmtpClient has no implicit TLS
	case before.Library == rules.LibLaravel && s.Security == rules.SecurityNone:
		return true // Laravel uses STARTTLS whenever offered
	case before.Library == rules.LibLaravel && s.Security == rules.SecurityStartTLS && port == 465:
		return true // Laravel always uses implicit TLS on 465
	case before.Format == Env && (strings.Contains(src, "MAILER_DSN") || strings.Contains(src, "MAIL_URL")) && s.Security == rules.SecurityStartTLS && port == 465:
		return true // so does Symfony Mailer
	case before.Format == GoNetSMTP && s.Security != rules.SecurityUnset && s.Security != before.Settings.Security:
		return true // changing Go's TLS mode means calling other functions
	case before.Library == rules.LibOther && before.Format == Env && s.Security == rules.SecurityNone:
		return true // SMTP_SECURE=true|false cannot say "no TLS"
	}
	return false
}

func parseInputs(t testing.TB) map[string]string {
	t.Helper()
	inputs, err := filepath.Glob("testdata/parse/*.in")
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no inputs: %v", err)
	}
	out := map[string]string{}
	for _, in := range inputs {
		b, err := os.ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		out[strings.TrimSuffix(filepath.Base(in), ".in")] = string(b)
	}
	return out
}

// TestRewriteRoundTrip checks Parse(Rewrite(x, s)) gives back s's host,
// port and TLS mode for every testdata input, leaves the password as it
// was, and keeps the format.
func TestRewriteRoundTrip(t *testing.T) {
	for name, src := range parseInputs(t) {
		before, err := Parse(src)
		if err != nil {
			continue
		}
		for _, target := range rewriteTargets {
			out, err := Rewrite(src, target)
			if err != nil {
				var pe *ParseError
				if !errors.As(err, &pe) {
					t.Errorf("%s -> %+v: error %T, want *ParseError", name, target, err)
				}
				if strings.Contains(strings.ToLower(err.Error()), parseSecretMarker) {
					t.Errorf("%s: the password leaked into the error %q", name, err)
				}
				if !rewriteCannot(src, before, target) {
					t.Errorf("%s (%s) -> %s: %v", name, before.Format, cfgDescribeSettings(target), err)
				}
				continue
			}
			after, err := Parse(out)
			if err != nil {
				t.Errorf("%s -> %+v: rewritten text does not parse: %v\n%s", name, target, err, out)
				continue
			}
			if after.Format != before.Format {
				t.Errorf("%s: format changed from %s to %s", name, before.Format, after.Format)
			}
			want := target
			if want.Host == "" {
				want.Host = before.Settings.Host
			}
			if want.Port == 0 {
				want.Port = before.Settings.Port
			}
			if want.Security == "" {
				want.Security = before.Settings.Security
			}
			got := after.Settings
			if !strings.EqualFold(got.Host, want.Host) || got.Port != want.Port || got.Security != want.Security {
				t.Errorf("%s -> %s: read back %s\n%s", name, cfgDescribeSettings(want), cfgDescribeSettings(got), out)
			}
			if strings.Count(out, parseSecretMarker) != strings.Count(src, parseSecretMarker) {
				t.Errorf("%s: the password was changed or dropped:\n%s", name, out)
			}
			if got.PasswordPresent != before.Settings.PasswordPresent {
				t.Errorf("%s: password_present changed from %v to %v", name, before.Settings.PasswordPresent, got.PasswordPresent)
			}
			if target.Username != "" && before.Settings.Username != "" && before.Format != Postfix && got.Username != target.Username {
				t.Errorf("%s: username %q, want %q\n%s", name, got.Username, target.Username, out)
			}
		}
	}
}

// TestRewriteUnchanged: asking for what is already there changes nothing.
func TestRewriteUnchanged(t *testing.T) {
	for name, src := range parseInputs(t) {
		p, err := Parse(src)
		if err != nil {
			continue
		}
		s := p.Settings
		out, err := Rewrite(src, rules.Settings{Host: s.Host, Port: s.Port, Security: s.Security, Username: s.Username})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(p.Findings) > 0 {
			// A text that means different things by version (Laravel's
			// MAIL_ENCRYPTION=ssl on 587) is rewritten to mean one.
			if p2, err := Parse(out); err != nil || len(p2.Findings) > 0 {
				t.Errorf("%s: rewritten text still ambiguous: %+v %v", name, p2.Findings, err)
			}
			continue
		}
		if out != src {
			t.Errorf("%s: rewriting to the same settings changed the text:\n%s", name, out)
		}
	}
}

// TestRewriteGolden compares whole rewritten texts with
// testdata/parse/rewrite/NAME.out (target: smtp.fixed.example, 465,
// implicit TLS, user fixed-user@example.com).
func TestRewriteGolden(t *testing.T) {
	target := rules.Settings{Host: "smtp.fixed.example", Port: 465, Security: rules.SecurityImplicit, Username: "fixed-user@example.com"}
	for name, src := range parseInputs(t) {
		if _, err := Parse(src); err != nil {
			continue
		}
		out, err := Rewrite(src, target)
		if err != nil {
			out = "ERROR: " + err.Error() + "\n"
		}
		path := filepath.Join("testdata", "parse", "rewrite", name+".out")
		if *updateParseGolden {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%s: missing golden file (run with -update-parse): %v", name, err)
			continue
		}
		if string(want) != out {
			t.Errorf("%s: Rewrite =\n%s\nwant\n%s", name, out, want)
		}
	}
}

// TestRewriteNodemailerRequireTLS: a nodemailer config rewritten to
// STARTTLS says requireTLS: true, as its note recommends (issue 9), once.
func TestRewriteNodemailerRequireTLS(t *testing.T) {
	for _, in := range []string{
		"const t = nodemailer.createTransport({\n  host: 'smtp.gmail.com',\n  port: 465,\n  secure: false,\n  auth: { user: 'a', pass: 'b' }\n});\n",
		"const t = nodemailer.createTransport({\n  host: 'smtp.gmail.com',\n  port: 465,\n  secure: false,\n  requireTLS: false,\n});\n",
		"const t = nodemailer.createTransport({\n  host: 'smtp.gmail.com',\n  port: 465,\n  secure: false,\n  requireTLS: true,\n});\n",
	} {
		out, err := Rewrite(in, rules.Settings{Host: "smtp.gmail.com", Port: 587, Security: rules.SecurityStartTLS})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Count(out, "requireTLS") != 1 || !strings.Contains(out, "requireTLS: true") {
			t.Errorf("rewritten without one requireTLS: true:\n%s", out)
		}
		p, err := Parse(out)
		if err != nil || p.Settings.Port != 587 || p.Settings.Security != rules.SecurityStartTLS {
			t.Errorf("reads back as %+v, %v", p.Settings, err)
		}
		for _, n := range p.Notes {
			if strings.Contains(n, "requireTLS") {
				t.Errorf("the rewritten text still gets the note %q", n)
			}
		}
	}
}

// TestLaravelSSLOn587: MAIL_ENCRYPTION=ssl with MAIL_PORT=587 is not "OK,
// nothing to change": Laravel 8 and older fail on it and 9 and later ignore
// it; both are said, and the .env comes back with MAIL_ENCRYPTION=tls.
func TestLaravelSSLOn587(t *testing.T) {
	in := "MAIL_MAILER=smtp\nMAIL_HOST=smtp.example.com\nMAIL_PORT=587\nMAIL_USERNAME=me\nMAIL_PASSWORD=secret\nMAIL_ENCRYPTION=ssl\n"
	p, err := Parse(in)
	if err != nil || p.Library != rules.LibLaravel {
		t.Fatalf("%+v %v", p, err)
	}
	r := Explain(p)
	var f *rules.Finding
	for i := range r.Findings {
		if r.Findings[i].ID == "laravel-encryption-ssl" {
			f = &r.Findings[i]
		}
	}
	if f == nil || r.Verdict == rules.VerdictOK || !strings.Contains(f.Title, "Laravel 8 and older fail") || !strings.Contains(f.Title, "9 and later ignore") {
		t.Fatalf("verdict %s, finding %+v", r.Verdict, f)
	}
	out, err := Rewrite(in, r.Fixed())
	if err != nil || !strings.Contains(out, "MAIL_ENCRYPTION=tls\n") || strings.Contains(out, "=ssl") || !strings.Contains(out, "MAIL_PORT=587\n") {
		t.Errorf("fixed .env:\n%s %v", out, err)
	}
	if p2, _ := Parse(out); len(p2.Findings) != 0 {
		t.Errorf("the fixed .env still has %+v", p2.Findings)
	}
	// On 465, ssl is what every version means: nothing to say.
	if p, _ := Parse(strings.Replace(in, "587", "465", 1)); len(p.Findings) != 0 {
		t.Errorf("465 with ssl: %+v", p.Findings)
	}
}
