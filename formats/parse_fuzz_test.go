package formats

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/whichport/whichport/rules"
)

func addParseSeeds(f *testing.F) []string {
	inputs, _ := filepath.Glob("testdata/parse/*.in")
	var seeds []string
	for _, in := range inputs {
		b, err := os.ReadFile(in)
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, string(b))
	}
	// The real-world corpus: what people actually paste.
	for _, c := range readCorpus(f) {
		seeds = append(seeds, c.text)
	}
	seeds = append(seeds, parseCrashers...)
	return seeds
}

// checkParsed holds for every successful Parse.
func checkParsed(t *testing.T, p Parsed, err error) {
	t.Helper()
	if err != nil {
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("error %T is not a *ParseError: %v", err, err)
		}
		if pe.Msg == "" || pe.Line < 0 {
			t.Fatalf("bad ParseError %+v", pe)
		}
		return
	}
	if p.Format == "" || p.Library == "" || p.Library != p.Settings.Library {
		t.Fatalf("format %q, library %q / %q", p.Format, p.Library, p.Settings.Library)
	}
	switch p.Settings.Security {
	case rules.SecurityUnset, rules.SecurityNone, rules.SecurityStartTLS, rules.SecurityImplicit:
	default:
		t.Fatalf("security %q", p.Settings.Security)
	}
	if p.Settings.Port < 0 || p.Settings.Port > 65535 {
		t.Fatalf("port %d", p.Settings.Port)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range addParseSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		p, err := Parse(text)
		checkParsed(t, p, err)
	})
}

func FuzzRewrite(f *testing.F) {
	for i, s := range addParseSeeds(f) {
		f.Add(s, uint8(i), uint16(465), uint8(i%3))
	}
	hosts := []string{"", "smtp.fixed.example", "2001:db8::1", "MAIL.Example.ORG", "x"}
	users := []string{"", "apikey", "user@example.com", "we'ird\"user\\"}
	secs := []rules.Security{rules.SecurityImplicit, rules.SecurityStartTLS, rules.SecurityNone, rules.SecurityUnset}
	f.Fuzz(func(t *testing.T, text string, pick uint8, port uint16, sec uint8) {
		before, perr := Parse(text)
		fixed := rules.Settings{
			Host:     hosts[int(pick)%len(hosts)],
			Username: users[int(pick/8)%len(users)],
			Port:     int(port),
			Security: secs[int(sec)%len(secs)],
		}
		out, err := Rewrite(text, fixed)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T is not a *ParseError: %v", err, err)
			}
			return
		}
		if perr != nil {
			t.Fatalf("Rewrite succeeded on text Parse rejects (%v)", perr)
		}
		after, err := Parse(out)
		if err != nil {
			t.Fatalf("rewritten text does not parse: %v\n%q", err, out)
		}
		if after.Format != before.Format {
			t.Fatalf("format %s became %s\n%q", before.Format, after.Format, out)
		}
		s := after.Settings
		if fixed.Port == 0 && before.Settings.Port != 0 && s.Port != before.Settings.Port {
			t.Fatalf("port %d became %d though no port was asked for\n%q", before.Settings.Port, s.Port, out)
		}
		for _, n := range after.Notes {
			if strings.Contains(n, "between 1 and 65535") && !strings.Contains(strings.Join(before.Notes, "|"), "between 1 and 65535") {
				t.Fatalf("the rewrite wrote an invalid port: %q\n%q", n, out)
			}
		}
		if fixed.Host != "" && !strings.EqualFold(s.Host, fixed.Host) ||
			fixed.Port != 0 && s.Port != fixed.Port ||
			fixed.Security != rules.SecurityUnset && s.Security != fixed.Security {
			t.Fatalf("asked %s, read back %s\n%q", cfgDescribeSettings(fixed), cfgDescribeSettings(s), out)
		}
	})
}

// parseCrashers are inputs the fuzzers found that once failed; each stays
// here as a table row and a seed.
var parseCrashers = []string{
	"0=\n- ", // a docker-compose "- " item with nothing after it, read as a shell test line
}

// rewriteCrashers are FuzzRewrite finds, kept as table rows.
var rewriteCrashers = []struct {
	text  string
	fixed rules.Settings
}{
	// Turning TLS off removed the only smtplib sign (.starttls()), so the
	// result was no longer recognised: Rewrite must refuse, not return it.
	{"SMTP(0)\nA.starttls()", rules.Settings{Host: "2001:db8::1", Port: 346, Security: rules.SecurityNone}},
}

func TestRewriteCrashers(t *testing.T) {
	for _, c := range rewriteCrashers {
		before, _ := Parse(c.text)
		out, err := Rewrite(c.text, c.fixed)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("%q: error %T is not a *ParseError", c.text, err)
			}
			continue
		}
		after, err := Parse(out)
		if err != nil || after.Format != before.Format {
			t.Fatalf("%q: rewritten to %q, which reads back as %v, %v", c.text, out, after.Format, err)
		}
	}
}

func TestParseCrashers(t *testing.T) {
	for _, c := range parseCrashers {
		p, err := Parse(c)
		checkParsed(t, p, err)
		for _, s := range rewriteTargets {
			if _, err := Rewrite(c, s); err != nil {
				var pe *ParseError
				if !errors.As(err, &pe) {
					t.Fatalf("error %T is not a *ParseError", err)
				}
			}
		}
	}
}

// TestParseHostileInputsStayBounded feeds inputs built to make a scanner
// go quadratic or recurse; each must finish quickly with a result or a
// *ParseError.
func TestParseHostileInputsStayBounded(t *testing.T) {
	n := MaxInput
	inputs := map[string]string{
		"open calls":        strings.Repeat("a=f(", n/4),
		"open braces":       "nodemailer" + strings.Repeat("{", n-20),
		"balanced calls":    "nodemailer " + strings.Repeat("x=g(h(1),2);", n/13),
		"nested exprs":      "createTransport " + strings.Repeat("a=x+(", n/6),
		"long expression":   "createTransport({host: " + strings.Repeat("a+", n/2-20) + "b})",
		"many outgoing":     "<clientConfig>" + strings.Repeat("<outgoingServer type=\"imap\"></outgoingServer>", n/48),
		"unclosed children": "<outgoingServer type=\"smtp\">" + strings.Repeat("<hostname>", n/11) + "</outgoingServer>",
		"env lines":         strings.Repeat("SMTP_HOST=h\n", n/12),
		"quotes":            "nodemailer " + strings.Repeat("'a'", n/3-4),
		"url":               "smtp://" + strings.Repeat("a", n-20) + ":25",
	}
	for name, in := range inputs {
		if len(in) > MaxInput {
			in = in[:MaxInput]
		}
		start := time.Now()
		p, err := Parse(in)
		checkParsed(t, p, err)
		_, _ = Rewrite(in, rules.Settings{Host: "h2", Port: 465, Security: rules.SecurityImplicit})
		d := time.Since(start)
		t.Logf("%s: %v", name, d)
		if d > 10*time.Second { // generous: the machine may be shared
			t.Errorf("%s: took %v", name, d)
		}
	}
}

// FuzzParsePasswordNeverLeaks puts fuzzed passwords where the testdata
// inputs hold theirs and checks no field of the result, and no error,
// repeats them.
func FuzzParsePasswordNeverLeaks(f *testing.F) {
	seeds := addParseSeeds(f)
	var withSecret []string
	for _, s := range seeds {
		if strings.Contains(s, parseSecretMarker) {
			withSecret = append(withSecret, s)
		}
	}
	for i := range withSecret {
		f.Add(uint8(i), "hunter2hunter2")
	}
	f.Fuzz(func(t *testing.T, pick uint8, pw string) {
		// Keep the password to characters that need no quoting in any
		// format, long enough not to occur by chance.
		var b strings.Builder
		for i := 0; i < len(pw) && b.Len() < 40; i++ {
			if c := pw[i]; c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
				b.WriteByte(c)
			}
		}
		pw = "Q" + b.String() + "Z9"
		if len(pw) < 8 {
			return
		}
		src := strings.ReplaceAll(withSecret[int(pick)%len(withSecret)], parseSecretMarker, pw)
		if strings.Count(src, pw) != strings.Count(withSecret[int(pick)%len(withSecret)], parseSecretMarker) {
			return // the password also occurs elsewhere
		}
		p, err := Parse(src)
		if err != nil {
			if strings.Contains(err.Error(), pw) {
				t.Fatalf("error repeats the password: %v", err)
			}
			return
		}
		all := strings.Join(append(p.Notes, p.Settings.Host, p.Settings.Username), "\x00")
		if strings.Contains(all, pw) {
			t.Fatalf("result repeats the password: %q", all)
		}
	})
}
