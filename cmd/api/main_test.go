package main

import (
	"bufio"
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestBinaryServesAndShutsDown builds the command, starts it on a free
// loopback port, fetches the page and an explain answer, and stops it with
// SIGTERM.
func TestBinaryServesAndShutsDown(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "whichport-api")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		t.Fatalf("build: %v", err)
	}
	cmd := exec.Command(bin, "--listen", "127.0.0.1:0", "--from", "test-runner", "--resolver", "127.0.0.1:53")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()

	addrRe := regexp.MustCompile(`addr=(http://127\.0\.0\.1:\d+)`)
	var logs bytes.Buffer
	lines := bufio.NewScanner(stderr)
	base := ""
	deadline := time.After(20 * time.Second)
	found := make(chan string, 1)
	var logMu sync.Mutex
	go func() {
		reported := false
		for lines.Scan() {
			logMu.Lock()
			logs.WriteString(lines.Text() + "\n")
			logMu.Unlock()
			if m := addrRe.FindStringSubmatch(lines.Text()); m != nil && !reported {
				reported = true
				found <- m[1]
			}
		}
	}()
	select {
	case base = <-found:
	case <-deadline:
		t.Fatalf("server did not report its address:\n%s", logs.String())
	}

	client := &http.Client{Timeout: 10 * time.Second}
	res, err := client.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(page), "<") || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Errorf("GET / = %d %q: %.100s", res.StatusCode, res.Header.Get("Content-Type"), page)
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("CSP %q", csp)
	}

	res, err = client.Post(base+"/api/v1/explain", "application/json",
		strings.NewReader(`{"host":"smtp.gmail.com","port":465,"security":"implicit","password":"never-logged-42"}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), `"verdict"`) || !strings.Contains(string(body), `"password_present":true`) {
		t.Errorf("explain = %d: %s", res.StatusCode, body)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v\n%s", err, logs.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("no exit after SIGTERM")
	}
	logMu.Lock()
	defer logMu.Unlock()
	if strings.Contains(logs.String(), "never-logged-42") {
		t.Errorf("password in the log:\n%s", logs.String())
	}
}

func TestParseFlags(t *testing.T) {
	o, err := parseFlags([]string{"--listen", "127.0.0.1:9", "--allow-private", "--rate", "2", "--check-budget", "3s"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if o.listen != "127.0.0.1:9" || !o.allowPrivate || o.rate != 2 || o.checkBudget != 3*time.Second {
		t.Errorf("options %+v", o)
	}
	if o, _ := parseFlags(nil, io.Discard); o.listen != "127.0.0.1:8080" {
		t.Errorf("default listen %q", o.listen)
	}
	if _, err := parseFlags([]string{"--resolver", "1.1.1.1:53", "--doh", "https://x/dns-query"}, io.Discard); err == nil {
		t.Error("--resolver with --doh accepted")
	}
	if _, err := parseFlags([]string{"--ehlo-name", "bad name\r\n"}, io.Discard); err == nil {
		t.Error("bad --ehlo-name accepted")
	}
	if _, err := parseFlags([]string{"stray"}, io.Discard); err == nil {
		t.Error("stray argument accepted")
	}
}

func TestBuildConfig(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "ca.pem")
	os.WriteFile(notPEM, []byte("not a certificate"), 0o644)
	for _, tc := range []struct {
		name string
		args []string
		ok   bool
	}{
		{"defaults with a resolver", []string{"--resolver", "127.0.0.1:53"}, true},
		{"doh", []string{"--doh", "https://127.0.0.1/dns-query"}, true},
		{"static dir", []string{"--resolver", "127.0.0.1:53", "--static-dir", dir}, true},
		{"missing static dir", []string{"--static-dir", filepath.Join(dir, "nope")}, false},
		{"missing ca file", []string{"--ca-file", filepath.Join(dir, "nope.pem")}, false},
		{"ca file without certificates", []string{"--ca-file", notPEM}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o, err := parseFlags(tc.args, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			cfg, err := buildConfig(o, log)
			if (err == nil) != tc.ok {
				t.Fatalf("err = %v, want ok=%v", err, tc.ok)
			}
			if err == nil && (cfg.Lookup == nil || cfg.Resolver == nil || cfg.From == "" || cfg.Static == nil) {
				t.Errorf("config incomplete: %+v", cfg)
			}
		})
	}
}
