package main

import (
	"errors"
	"net"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/whichport/whichport/api"
)

func TestRemoteAddr(t *testing.T) {
	cases := map[string]string{
		"192.0.2.1:587":      "192.0.2.1:587",
		"[2001:db8::1]:465":  "[2001:db8::1]:465",
		"mx.example.com:587": "mx.example.com:587",
	}
	for in, want := range cases {
		a := remoteAddr(in)
		if a.String() != want || a.Network() != "tcp" {
			t.Errorf("remoteAddr(%q) = %s %q, want tcp %q", in, a.Network(), a, want)
		}
	}
	if _, ok := remoteAddr("192.0.2.1:587").(*net.TCPAddr); !ok {
		t.Error("an address literal does not give a *net.TCPAddr")
	}
}

func TestCheckWorkerDial(t *testing.T) {
	if err := checkWorkerDial("tcp", "192.0.2.1:25"); !errors.Is(err, ErrPort25Blocked) {
		t.Errorf("port 25: %v", err)
	}
	if !strings.Contains(ErrPort25Blocked.Error(), "port 25") {
		t.Error("error does not name port 25")
	}
	for _, a := range []string{"192.0.2.1:587", "[2001:db8::1]:465", "192.0.2.1:2525"} {
		if err := checkWorkerDial("tcp", a); err != nil {
			t.Errorf("%s: %v", a, err)
		}
	}
	if err := checkWorkerDial("udp", "192.0.2.1:587"); err == nil {
		t.Error("udp allowed")
	}
}

func TestColoAndFrom(t *testing.T) {
	cases := map[string]string{"8c1d2e3f4a5b6c7d-SJC": "SJC", "8c1d2e3f4a5b6c7d-FRA": "FRA", "": "", "abc": "", "x-sjc": "", "x-TOOLONG": ""}
	for in, want := range cases {
		if got := coloFromRay(in); got != want {
			t.Errorf("coloFromRay(%q) = %q, want %q", in, got, want)
		}
	}
	if f := fromText("SJC"); f != "Cloudflare Workers (SJC), where outbound port 25 is blocked" {
		t.Errorf("fromText: %q", f)
	}
	if f := fromText(""); f != "Cloudflare Workers, where outbound port 25 is blocked" {
		t.Errorf("fromText without colo: %q", f)
	}
	if slices.Contains(workerPorts, 25) {
		t.Error("workerPorts has 25")
	}
}

func TestCheckFetchURL(t *testing.T) {
	g := api.NewGuard(false, []int{443})
	ok := []string{"https://cloudflare-dns.com/dns-query", "https://mta-sts.example.com/.well-known/mta-sts.txt", "https://1.1.1.1/dns-query", "https://example.com:443/"}
	for _, u := range ok {
		req, _ := http.NewRequest("GET", u, nil)
		if err := checkFetchURL(req, g); err != nil {
			t.Errorf("%s: %v", u, err)
		}
	}
	bad := []string{"http://example.com/", "http://127.0.0.1:8053/dns-query", "ftp://1.1.1.1/", "https://example.com:8443/", "https://127.0.0.1/", "https://[::1]/", "https://169.254.169.254/latest/meta-data/", "https://2130706433/", "https://10.0.0.1/"}
	for _, u := range bad {
		req, _ := http.NewRequest("GET", u, nil)
		if err := checkFetchURL(req, g); err == nil {
			t.Errorf("%s allowed", u)
		}
	}
}

// TestCheckFetchURLPrivate: with private addresses allowed (local testing),
// a DNS-over-HTTP test server on loopback may be fetched, on any port, but
// public hosts still need https on 443 and metadata stays refused.
func TestCheckFetchURLPrivate(t *testing.T) {
	g := api.NewGuard(true, []int{443})
	for _, u := range []string{"http://127.0.0.1:8053/dns-query", "https://[::1]:9443/", "http://10.1.2.3/", "https://cloudflare-dns.com/dns-query"} {
		req, _ := http.NewRequest("GET", u, nil)
		if err := checkFetchURL(req, g); err != nil {
			t.Errorf("%s: %v", u, err)
		}
	}
	for _, u := range []string{"http://example.com/", "https://example.com:8443/", "http://169.254.169.254/latest/meta-data/", "http://1.1.1.1/"} {
		req, _ := http.NewRequest("GET", u, nil)
		if err := checkFetchURL(req, g); err == nil {
			t.Errorf("%s allowed", u)
		}
	}
}

func TestPrepareRequest(t *testing.T) {
	r, _ := http.NewRequest("GET", "https://whichport.example/", nil)
	r.Header.Set("Cf-Connecting-Ip", "2001:db8::7")
	r.Header.Set("Accept-Encoding", "br, gzip")
	prepareRequest(r)
	if r.RemoteAddr != "[2001:db8::7]:0" {
		t.Errorf("RemoteAddr %q", r.RemoteAddr)
	}
	if r.Header.Get("Accept-Encoding") != "" {
		t.Error("Accept-Encoding kept")
	}
	r.Header.Set("Cf-Connecting-Ip", "not an ip")
	r.RemoteAddr = "keep"
	prepareRequest(r)
	if r.RemoteAddr != "keep" {
		t.Errorf("bad CF-Connecting-IP changed RemoteAddr to %q", r.RemoteAddr)
	}
}

// TestWorkerLeavesOut: the Worker's Go module serves the API only; the
// page and its browser module are Workers Static Assets (wrangler.toml
// [assets]). Built as `make worker` builds it (-tags nostatic), it must not
// link package frontend (the embedded page, its 3 MB browser module and
// siblings) nor brotli, which the api uses only to compress static files:
// Cloudflare limits the module's compressed size (3 MB free plan).
func TestWorkerLeavesOut(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	cmd := exec.Command("go", "list", "-tags", "nostatic", "-deps", ".")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if !slices.Contains(deps, "github.com/whichport/whichport/api") {
		t.Fatalf("the Worker does not link the api: %v", deps)
	}
	for _, p := range deps {
		if p == "github.com/whichport/whichport/frontend" || strings.HasPrefix(p, "github.com/andybalholm/brotli") {
			t.Errorf("the Worker links %s", p)
		}
	}
}

// TestHeadersFile: cmd/worker/public/_headers (copied into the assets
// folder) gives the page the same security headers as the api: CSP with
// frame-ancestors 'none' everywhere but /embed, nosniff, no referrer.
func TestHeadersFile(t *testing.T) {
	b, err := os.ReadFile("public/_headers")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{
		"X-Content-Type-Options: nosniff", "Referrer-Policy: no-referrer", "X-Frame-Options: DENY",
		"frame-ancestors 'none'", "frame-ancestors *", "/embed", "script-src 'self' 'wasm-unsafe-eval'",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("_headers lacks %q", want)
		}
	}
}
