package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/whichport/whichport/check"
	"github.com/whichport/whichport/internal/testmta"
)

// binary is the command built by `go install ./cmd/whichport` (TestMain),
// so every end-to-end test also shows that the install works.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "whichport-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	cmd := exec.Command("go", "install", ".")
	cmd.Env = append(os.Environ(), "GOBIN="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go install ./cmd/whichport: %v\n%s", err, out)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "whichport")
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// runBinary runs the built command; stdout is a pipe, not a terminal.
func runBinary(t *testing.T, env []string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(append(os.Environ(), "NO_COLOR="), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), out.String(), errb.String()
	} else if err != nil {
		t.Fatal(err)
	}
	return 0, out.String(), errb.String()
}

// jsonKeys are the JSON field names of v's type.
func jsonKeys(v any) []string {
	b, _ := json.Marshal(v)
	var m map[string]any
	json.Unmarshal(b, &m)
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func TestBinaryAgainstPostfix(t *testing.T) {
	mta := testmta.Start(t)
	sub, subs := strconv.Itoa(int(mta.Submission.Port())), strconv.Itoa(int(mta.Submissions.Port()))
	code, stdout, stderr := runBinary(t, nil, "--json", "--control", "none", "--ca-file", mta.CAFile, "--ports", sub+","+subs, "--timeout", "3s", mta.Addr.String())
	if code != exitOK {
		t.Fatalf("exit %d; stderr %s\n%s", code, stderr, stdout)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("not one JSON document: %v\n%s", err, stdout)
	}
	// Every field of the API's check report (/api/v1/check), by the same names.
	for _, k := range jsonKeys(check.Report{}) {
		if _, ok := doc[k]; !ok {
			t.Errorf("JSON lacks the API's field %q", k)
		}
	}
	var rep struct {
		check.Report
		Use *struct {
			Port int    `json:"port"`
			Mode string `json:"mode"`
		} `json:"use"`
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Probes) != 2 {
		t.Fatalf("%d probes", len(rep.Probes))
	}
	modes := map[int]string{}
	for _, p := range rep.Probes {
		if p.Result == nil || len(p.Result.Addresses) == 0 || p.Result.Addresses[0].Outcome != "ok" {
			t.Errorf("port %d: %+v", p.Port, p.Result)
			continue
		}
		a := p.Result.Addresses[0]
		modes[p.Port] = string(a.Mode)
		if a.TLS == nil || !a.TLS.Verified {
			t.Errorf("port %d: TLS not verified against --ca-file: %+v", p.Port, a.TLS)
		}
		// The probe's own fields, as the API has them.
		raw, _ := json.Marshal(p)
		var entry map[string]any
		json.Unmarshal(raw, &entry)
		if !reflect.DeepEqual(sortedKeys(entry), jsonKeys(p)) {
			t.Errorf("probe entry fields %v", sortedKeys(entry))
		}
	}
	if modes[int(mta.Submission.Port())] != "starttls" || modes[int(mta.Submissions.Port())] != "implicit" {
		t.Errorf("modes found %v (the ports are of unknown mode: probed under auto)", modes)
	}
	// Said from here, not "your own network may differ".
	if !strings.HasSuffix(rep.Summary, "Probed from this machine ("+hostname(t)+").") || strings.Contains(rep.Warning+rep.Summary, "may differ") {
		t.Errorf("warning %q, summary %q", rep.Warning, rep.Summary)
	}
	if rep.Use == nil || rep.Use.Port == 0 {
		t.Errorf("no port to use: %s", stdout)
	}
	// Never MAIL, RCPT, DATA or AUTH on the wire.
	for _, p := range rep.Probes {
		for _, l := range p.Result.Transcript {
			if l.Dir == "c" {
				verb := strings.ToUpper(strings.Fields(l.Text + " x")[0])
				switch verb {
				case "EHLO", "HELO", "STARTTLS", "QUIT":
				default:
					t.Errorf("the client sent %q", l.Text)
				}
			}
		}
	}

	// The same without --json: plain lines, no escape codes, the advice.
	code, stdout, _ = runBinary(t, nil, "--control", "none", "--ca-file", mta.CAFile, "--ports", sub, "--timeout", "3s", "--library", "nodemailer", mta.Addr.String())
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stdout)
	}
	for _, want := range []string{sub + " ", "connect", "greeting ok", "STARTTLS ok", "TLS ok", ": works", "Use 127.0.0.1 port " + sub + " with STARTTLS.", "nodemailer"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "\033") {
		t.Errorf("escape codes in piped output:\n%q", stdout)
	}
}

func hostname(t *testing.T) string {
	h, err := os.Hostname()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func sortedKeys(m map[string]any) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// nftables drops (or rejects, when the rule says so), as a block on the way
// would: a table of the test's own, removed when the test ends. Skipped without root or nft, unless CI=true.
func dropWith(t *testing.T, rules ...string) {
	t.Helper()
	skip := func(msg string) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s (CI=true: nftables is required)", msg)
		}
		t.Skip(msg)
	}
	if os.Geteuid() != 0 {
		skip("nftables needs root")
	}
	if _, err := exec.LookPath("nft"); err != nil {
		skip("nft is not installed")
	}
	table := "whichport_test_" + strconv.Itoa(os.Getpid())
	script := "add table inet " + table + "\n" +
		"add chain inet " + table + " out { type filter hook output priority 0; }\n"
	for _, r := range rules {
		if !strings.Contains(r, " reject") {
			r += " drop"
		}
		script += "add rule inet " + table + " out " + r + "\n"
	}
	cmd := exec.Command("nft", "-f", "-")
	cmd.Stdin = strings.NewReader(script)
	if out, err := cmd.CombinedOutput(); err != nil {
		skip(fmt.Sprintf("nft: %v: %s", err, out))
	}
	t.Cleanup(func() { exec.Command("nft", "delete", "table", "inet", table).Run() })
}

// ownPort holds a port on a loopback address for the test: nothing else
// can take it while the drop rule stands.
func ownPort(t *testing.T, addr string) int {
	t.Helper()
	ln, err := net.Listen("tcp", addr+":0")
	if err != nil {
		t.Skipf("cannot listen on %s: %v", addr, err)
	}
	t.Cleanup(func() { ln.Close() })
	return ln.Addr().(*net.TCPAddr).Port
}

// closedPort is a port nothing listens on.
func closedPort(t *testing.T, addr string) int {
	ln, err := net.Listen("tcp", addr+":0")
	if err != nil {
		t.Fatal(err)
	}
	p := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	return p
}

func TestBinaryTellsADroppedPortFromARefusedOne(t *testing.T) {
	const host, control = "127.0.0.1", "127.0.0.2"
	dropped := ownPort(t, host)
	ownPort(t, control) // may differ; the rule below is on the port number
	refused := closedPort(t, host)
	dropWith(t,
		fmt.Sprintf("ip daddr %s tcp dport %d", host, dropped),
		fmt.Sprintf("ip daddr %s tcp dport %d", control, dropped))

	ports := strconv.Itoa(dropped) + "," + strconv.Itoa(refused)
	code, stdout, stderr := runBinary(t, nil, "--ports", ports, "--timeout", "1s", "--control", control, host)
	if code != exitProblem {
		t.Fatalf("exit %d, want %d; stderr %s\n%s", code, exitProblem, stderr, stdout)
	}
	for _, want := range []string{
		fmt.Sprintf("Port %d: timed out: likely blocked on the way", dropped),
		fmt.Sprintf("also timed out to %s", control),
		fmt.Sprintf("Port %d: refused: nothing listens there", refused),
		"Nothing works from here",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	// JSON: the same verdicts, for a program to read.
	_, stdout, _ = runBinary(t, nil, "--json", "--ports", ports, "--timeout", "1s", "--control", control, host)
	var doc struct {
		Local struct {
			Ports []struct {
				Port  int    `json:"port"`
				State string `json:"state"`
			} `json:"ports"`
			BlockedHere []int `json:"blocked_here"`
		} `json:"local"`
		Controls []json.RawMessage `json:"controls"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	states := map[int]string{}
	for _, p := range doc.Local.Ports {
		states[p.Port] = p.State
	}
	if states[dropped] != "blocked-here" || states[refused] != "refused" || len(doc.Controls) != 1 ||
		len(doc.Local.BlockedHere) != 1 || doc.Local.BlockedHere[0] != dropped {
		t.Errorf("states %v, blocked here %v, %d controls", states, doc.Local.BlockedHere, len(doc.Controls))
	}
}

func TestBinaryNamesTheProviderRule(t *testing.T) {
	// An address of the test's own, port 25 dropped, on a fake Google
	// Compute Engine (the DMI strings under --root).
	const host = "127.77.0.1"
	dropWith(t, fmt.Sprintf("ip daddr %s tcp dport 25", host))
	root, _ := filepath.Abs(filepath.Join("..", "..", "internal", "hostenv", "testdata", "roots", "gce"))
	code, stdout, _ := runBinary(t, nil, "--root", root, "--ports", "25", "--timeout", "1s", "--control", "none", host)
	if code != exitProblem {
		t.Fatalf("exit %d\n%s", code, stdout)
	}
	for _, want := range []string{
		`Google Compute Engine (DMI product_name "Google Compute Engine")`,
		"Port 25: timed out: likely blocked on the way",
		"You are on Google Compute Engine: outbound port 25 is blocked, with no exceptions. Submit on 587 or 465 to a relay or mail provider.",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
}

func TestBinaryTellsAnICMPRejectionOnBothHostsAsBlockedHere(t *testing.T) {
	// A firewall answering "administratively prohibited" (firewalld's
	// default) for port 25 towards the host and towards the control host.
	const host, control = "127.77.0.4", "127.77.0.5"
	rule := "ip daddr { " + host + ", " + control + " } tcp dport 25 reject with icmpx type admin-prohibited"
	dropWith(t, rule)
	code, stdout, _ := runBinary(t, nil, "--ports", "25", "--timeout", "1s", "--control", control, host)
	if code != exitProblem {
		t.Fatalf("exit %d\n%s", code, stdout)
	}
	for _, want := range []string{"Port 25: rejected on the way: likely blocked here", "no route to host", control} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
}
