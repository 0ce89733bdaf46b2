package main

import (
	"encoding/json"
	"strings"
	"testing"
)

const twoAccounts = "defaults\ntls on\n\naccount work\nhost smtp.work-mail.net\nport 587\n\naccount home\nhost mail.home-isp.org\nport 465\ntls_starttls off\n"

func TestExplainSaysWhichBlock(t *testing.T) {
	code, stdout, stderr := runIn(t, twoAccounts, nil, false, "explain", "-")
	if code == exitUsage || stderr != "" {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"The file holds 2 blocks; this is block 1:",
		"> 1. work: smtp.work-mail.net (lines 4–7)",
		"   2. home: mail.home-isp.org (lines 8–11)",
		"whichport explain --block 2 - reads another",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("no %q in:\n%s", want, stdout)
		}
	}
	// --block 2 reads the other account, and fixes that one.
	_, stdout, _ = runIn(t, twoAccounts, nil, false, "explain", "--block", "2", "--json", "-")
	var a parseAnswer
	if err := json.Unmarshal([]byte(stdout), &a); err != nil {
		t.Fatal(err)
	}
	if a.Block != 2 || len(a.Blocks) != 2 || a.Settings.Host != "mail.home-isp.org" || a.Settings.Port != 465 {
		t.Errorf("--block 2: %+v", a)
	}
	if code, _, stderr := runIn(t, twoAccounts, nil, false, "explain", "--block", "3", "-"); code != exitUsage || !strings.Contains(stderr, "no block 3") {
		t.Errorf("--block 3: exit %d %q", code, stderr)
	}
	if code, _, _ := runIn(t, twoAccounts, nil, false, "explain", "--block", "-1", "-"); code != exitUsage {
		t.Errorf("--block -1: exit %d", code)
	}
}

func TestExplainSaysSkippedAndPlaceholder(t *testing.T) {
	_, stdout, _ := runIn(t, "MAIL_HOST=smtp.example.com\nset the port next\nMAIL_PORT=587\nMAIL_ENCRYPTION=tls\n", nil, false, "explain", "-")
	for _, want := range []string{
		"Line 2 was skipped (not configuration).",
		"Placeholder: smtp.example.com is a placeholder, not a server to check",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("no %q in:\n%s", want, stdout)
		}
	}
	if strings.Count(stdout, "is a placeholder") != 1 {
		t.Errorf("the placeholder is said more than once:\n%s", stdout)
	}
}

// A placeholder is never probed: one line, exit 2, before any look-up.
func TestPlaceholderNotProbed(t *testing.T) {
	for _, args := range [][]string{
		{"smtp.example.com"},
		{"smtps://smtp.example.com:465"},
		{"you@example.org"},
		{"mail.invalid:587"},
		{"${SMTP_HOST}"},
		{"<your-smtp-host>"},
		{"check", "example.com"},
		{"check", "ann@Example.NET"},
	} {
		code, stdout, stderr := runIn(t, "", nil, false, append([]string{"--resolver", "127.0.0.1:1", "--timeout", "1s"}, args...)...)
		if code != exitUsage || stdout != "" || !strings.Contains(stderr, "is a placeholder, not a server to check: put your provider's host there") || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
}
