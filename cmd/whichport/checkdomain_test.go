package main

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/whichport/whichport/check"
)

// mailDomain starts e2e/fixture: fixture.test served by its own DNS server
// on loopback, with scripted SMTP servers on 127.0.0.2 (25 and 587 with
// STARTTLS, 465 implicit TLS, 2525 closed). Skipped without root (it binds
// ports below 1024), unless CI=true.
func mailDomain(t *testing.T) (dnsAddr, caFile string) {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "fixture")
	if out, err := exec.Command("go", "build", "-o", bin, "../../e2e/fixture").CombinedOutput(); err != nil {
		t.Fatalf("build the fixture: %v\n%s", err, out)
	}
	cmd := exec.Command(bin)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stdin.Close(); cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		cmd.Wait()
		if cmd.ProcessState != nil && cmd.ProcessState.ExitCode() == 3 && os.Getenv("CI") != "true" {
			t.Skip("the mail-domain fixture needs root")
		}
		t.Fatalf("fixture: %v", err)
	}
	var f struct{ DNS, CA string }
	if err := json.Unmarshal([]byte(line), &f); err != nil {
		t.Fatalf("fixture said %q", line)
	}
	return f.DNS, f.CA
}

func TestBinaryCheckAndEmail(t *testing.T) {
	dnsAddr, ca := mailDomain(t)

	code, stdout, stderr := runBinary(t, nil, "check", "--json", "--resolver", dnsAddr, "--ca-file", ca, "--timeout", "3s", "fixture.test")
	if code != exitOK {
		t.Fatalf("check: exit %d; %s\n%s", code, stderr, stdout)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range jsonKeys(check.Report{}) {
		if _, ok := doc[k]; !ok {
			t.Errorf("check JSON lacks the API's field %q", k)
		}
	}
	var rep check.Report
	json.Unmarshal([]byte(stdout), &rep)
	if rep.Domain != "fixture.test" || rep.MX == nil || len(rep.Probes) < 3 || rep.Verdict == "error" {
		t.Errorf("report: domain %q, %d probes, verdict %q: %s", rep.Domain, len(rep.Probes), rep.Verdict, rep.Summary)
	}

	// An address: its submission host from SRV, then its ports.
	code, stdout, _ = runBinary(t, nil, "--resolver", dnsAddr, "--ca-file", ca, "--timeout", "3s", "--control", "none", "--ports", "587,465,2525", "you@fixture.test")
	if code != exitOK {
		t.Fatalf("email: exit %d\n%s", code, stdout)
	}
	for _, want := range []string{"Submission host of you@fixture.test: mx.fixture.test", "Use mx.fixture.test port 465 with implicit TLS.", "Port 2525: refused: nothing listens there"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
}
