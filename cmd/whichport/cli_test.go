package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// runIn runs the command in process with stdin, an environment and
// whether stdout is a terminal.
func runIn(t *testing.T, stdin string, env map[string]string, terminal bool, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, sys{
		stdin:    strings.NewReader(stdin),
		stdout:   &out,
		stderr:   &errb,
		getenv:   func(k string) string { return env[k] },
		terminal: terminal,
		now:      time.Now,
	})
	return code, out.String(), errb.String()
}

func TestUsageErrorsAreOneLineAndExit2(t *testing.T) {
	cases := [][]string{
		{},
		{"--bogus", "smtp.example.com"},
		{"--timeout", "0s", "smtp.example.com"},
		{"--library", "cobol", "smtp.example.com"},
		{"--ehlo-name", "two words", "smtp.example.com"},
		{"--ports", "587,x", "smtp.example.com"},
		{"a.example", "b.example"},
		{"ftp://smtp.example.com"},
		{"smtp.example.com:99999"},
		{"not a host"},
		{"explain"},
		{"explain", "testdata/does-not-exist.env"},
		{"explain", "--write", "-"},
		{"error"},
		{"check"},
		{"--ca-file", "testdata/laravel-ok.env", "127.0.0.1"},
	}
	for _, args := range cases {
		code, stdout, stderr := runIn(t, "", nil, false, args...)
		if code != exitUsage {
			t.Errorf("%q: exit %d, want %d (stderr %q)", args, code, exitUsage, stderr)
		}
		if stdout != "" {
			t.Errorf("%q: printed %q on stdout", args, stdout)
		}
		if !strings.HasPrefix(stderr, "whichport: ") || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%q: stderr is not one line: %q", args, stderr)
		}
	}
}

func TestHelpDocumentsExitStatus(t *testing.T) {
	code, stdout, _ := runIn(t, "", nil, false, "--help")
	if code != exitOK {
		t.Fatalf("--help exit %d", code)
	}
	for _, want := range []string{"Exit status:", "0  there is a working way to send", "1  a problem was found", "2  usage error or bad input",
		"--json", "--resolver", "--ca-file", "--timeout", "--ehlo-name", "--library", "--control", "NO_COLOR"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("--help lacks %q", want)
		}
	}
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"whichport check", "Exit status", "go install github.com/whichport/whichport/cmd/whichport@latest"} {
		if !bytes.Contains(readme, []byte(want)) {
			t.Errorf("README lacks %q", want)
		}
	}
}

// realErrorLog is what nodemailer printed with secure: true on a STARTTLS
// port (recorded against a real server: diagnose/testdata/errors).
const realErrorLog = "../../diagnose/testdata/errors/nodemailer-secure-true-587.txt"

func TestErrorFromStdin(t *testing.T) {
	log, err := os.ReadFile(realErrorLog)
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runIn(t, string(log), nil, false, "error", "-")
	if code != exitProblem || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if !strings.Contains(stdout, "TLS was started on a port that expects STARTTLS") || !strings.Contains(stdout, "Line 1:") {
		t.Errorf("output:\n%s", stdout)
	}

	code, stdout, _ = runIn(t, string(log), nil, false, "--json", "error", "-")
	var ans struct {
		Matches []map[string]any `json:"matches"`
	}
	if err := json.Unmarshal([]byte(stdout), &ans); err != nil || code != exitProblem {
		t.Fatalf("exit %d, JSON %v:\n%s", code, err, stdout)
	}
	if len(ans.Matches) == 0 || ans.Matches[0]["id"] != "tls-wrong-version-number" {
		t.Errorf("matches %v", ans.Matches)
	}
	for _, k := range []string{"id", "severity", "title", "cause", "fix", "excerpt", "line", "refs"} {
		if _, ok := ans.Matches[0][k]; !ok {
			t.Errorf("match lacks the API's field %q", k)
		}
	}

	// Text on the command line; nothing recognised is no fault.
	code, stdout, _ = runIn(t, "", nil, false, "error", "all", "good", "here")
	if code != exitOK || !strings.Contains(stdout, "No known error recognised") {
		t.Errorf("exit %d: %s", code, stdout)
	}
}

// An error whose words fit two causes is counted once, the second cause
// shown under it after "or:"; a second error is counted on its own.
func TestErrorAlternatives(t *testing.T) {
	greeting := "Error: Greeting never received\n    at SMTPConnection._formatError (/app/node_modules/nodemailer/lib/smtp-connection/index.js:790:19)\n"
	code, stdout, _ := runIn(t, greeting, nil, false, "error", "-")
	if code != exitProblem || !strings.HasPrefix(stdout, "Recognised 1 error.\n") || strings.Count(stdout, "\n    or: ") != 1 {
		t.Errorf("exit %d:\n%s", code, stdout)
	}
	if i, j := strings.Index(stdout, "Line 1: Error: Greeting never received"), strings.Index(stdout, "\n    or: "); i < 0 || j < i {
		t.Errorf("the alternative is not under the error it explains:\n%s", stdout)
	}
	log, err := os.ReadFile(realErrorLog)
	if err != nil {
		t.Fatal(err)
	}
	_, stdout, _ = runIn(t, greeting+string(log), nil, false, "error", "-")
	if !strings.HasPrefix(stdout, "Recognised 2 errors.\n") {
		t.Errorf("two errors:\n%s", stdout)
	}
}

func TestExplainFromStdinAndWrite(t *testing.T) {
	bad, err := os.ReadFile("testdata/nodemailer-587-secure.js")
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runIn(t, string(bad), nil, false, "explain", "-")
	if code != exitProblem || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{"as nodemailer", "This will fail at once with a TLS error", "Your config, fixed:", "secure: false"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}

	code, stdout, _ = runIn(t, string(bad), nil, false, "explain", "--json", "-")
	var ans map[string]any
	if err := json.Unmarshal([]byte(stdout), &ans); err != nil || code != exitProblem {
		t.Fatalf("exit %d, %v:\n%s", code, err, stdout)
	}
	// The fields of /api/v1/parse, then the fixed config.
	for _, k := range []string{"format", "library", "settings", "report", "fixed", "changed"} {
		if _, ok := ans[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	if ans["changed"] != true || !strings.Contains(ans["fixed"].(string), "secure: false") {
		t.Errorf("fixed %v", ans["fixed"])
	}

	good, _ := os.ReadFile("testdata/laravel-ok.env")
	if code, stdout, _ := runIn(t, string(good), nil, false, "explain", "-"); code != exitOK || !strings.Contains(stdout, "Nothing to change") {
		t.Errorf("a good config: exit %d\n%s", code, stdout)
	}
	if code, _, stderr := runIn(t, "just some words\n", nil, false, "explain", "-"); code != exitUsage || !strings.Contains(stderr, "could not tell") {
		t.Errorf("unreadable config: exit %d, %q", code, stderr)
	}

	// --write: the original goes to .bak, the fixed text replaces the file.
	dir := t.TempDir()
	file := filepath.Join(dir, "mailer.js")
	if err := os.WriteFile(file, bad, 0o640); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ = runIn(t, "", nil, false, "explain", "--write", file)
	if code != exitProblem || !strings.Contains(stdout, "Saved the fixed config to "+file) {
		t.Fatalf("exit %d:\n%s", code, stdout)
	}
	if b, _ := os.ReadFile(file + ".bak"); !bytes.Equal(b, bad) {
		t.Errorf("backup holds %q", b)
	}
	fixed, _ := os.ReadFile(file)
	if !bytes.Contains(fixed, []byte("secure: false")) {
		t.Errorf("file not fixed: %s", fixed)
	}
	if fi, _ := os.Stat(file); fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640 kept", fi.Mode().Perm())
	}
	// Again: now fixed, nothing written, no second backup.
	runIn(t, "", nil, false, "explain", "--write", file)
	if _, err := os.Stat(file + ".bak.1"); err == nil {
		t.Error("a second backup was written for an unchanged file")
	}
}

// sgr matches a colour or bold escape; cursor movement is not colour.
func hasColour(s string) bool {
	for _, code := range []string{ansiRed, ansiGreen, ansiYellow, ansiBlue, ansiBold} {
		if strings.Contains(s, code) {
			return true
		}
	}
	return false
}

func TestColourOnlyOnATerminalAndNeverWithNO_COLOR(t *testing.T) {
	bad, _ := os.ReadFile("testdata/nodemailer-587-secure.js")
	_, onTerm, _ := runIn(t, string(bad), nil, true, "explain", "-")
	if !hasColour(onTerm) {
		t.Error("no colour on a terminal")
	}
	_, noColor, _ := runIn(t, string(bad), map[string]string{"NO_COLOR": "1"}, true, "explain", "-")
	if hasColour(noColor) || strings.Contains(noColor, "\033") {
		t.Errorf("colour with NO_COLOR:\n%q", noColor)
	}
	_, flag, _ := runIn(t, string(bad), nil, true, "--no-color", "explain", "-")
	if hasColour(flag) {
		t.Error("colour with --no-color")
	}
	_, piped, _ := runIn(t, string(bad), nil, false, "explain", "-")
	if strings.Contains(piped, "\033") {
		t.Errorf("escape codes when stdout is not a terminal:\n%q", piped)
	}
	_, dumb, _ := runIn(t, string(bad), map[string]string{"TERM": "dumb"}, true, "explain", "-")
	if strings.Contains(dumb, "\033") {
		t.Error("escape codes on TERM=dumb")
	}
	// The same words either way.
	strip := func(s string) string {
		for _, c := range []string{ansiReset, ansiBold, ansiDim, ansiRed, ansiGreen, ansiYellow, ansiBlue} {
			s = strings.ReplaceAll(s, c, "")
		}
		return s
	}
	if strip(onTerm) != piped {
		t.Errorf("terminal and plain output differ beyond colour:\n%s\n---\n%s", strip(onTerm), piped)
	}
}

func TestParseTarget(t *testing.T) {
	cases := []struct {
		in    string
		host  string
		port  int
		email string
	}{
		{"smtp.example.com", "smtp.example.com", 0, ""},
		{"smtp.example.com:2525", "smtp.example.com", 2525, ""},
		{"[2001:db8::1]:587", "2001:db8::1", 587, ""},
		{"smtps://smtp.example.com", "smtp.example.com", 465, ""},
		{"smtp://user:p%40ss@smtp.example.com", "smtp.example.com", 587, ""},
		{"smtps://smtp.example.com:2465", "smtp.example.com", 2465, ""},
		{"you@example.com", "example.com", 0, "you@example.com"},
	}
	for _, c := range cases {
		got, err := parseTarget(c.in)
		if err != nil || got.host != c.host || got.port != c.port || got.email != c.email {
			t.Errorf("parseTarget(%q) = %+v, %v", c.in, got, err)
		}
	}
	// The named port first, then the usual ones, a provider's own
	// alternates (SES: 2587, 2465), and 25 last.
	ports, _ := hostPorts(target{host: "email-smtp.eu-west-1.amazonaws.com", port: 2465}, options{})
	want := []int{2465, 587, 465, 2525, 2587, 25}
	if len(ports) != len(want) {
		t.Fatalf("ports %v, want %v", ports, want)
	}
	for i := range want {
		if ports[i] != want[i] {
			t.Fatalf("ports %v, want %v", ports, want)
		}
	}
}
