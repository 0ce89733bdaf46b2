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
