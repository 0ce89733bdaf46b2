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
	"time"

	"github.com/whichport/whichport/api"
)

// zeroIsExpiredConn behaves like a Cloudflare socket: a zero deadline makes
// every Read fail at once.
type zeroIsExpiredConn struct {
	net.Conn
	read, write time.Time
}

func (c *zeroIsExpiredConn) SetDeadline(t time.Time) error {
	c.read, c.write = t, t
	return nil
}
func (c *zeroIsExpiredConn) SetReadDeadline(t time.Time) error  { c.read = t; return nil }
func (c *zeroIsExpiredConn) SetWriteDeadline(t time.Time) error { c.write = t; return nil }
func (c *zeroIsExpiredConn) Read(b []byte) (int, error) {
	if !time.Now().Before(c.read) {
		return 0, errors.New("deadline exceeded")
	}
	return c.Conn.Read(b)
}
func (c *zeroIsExpiredConn) RemoteAddr() net.Addr { return nil }

func TestDeadlineConnZeroMeansNone(t *testing.T) {
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	inner := &zeroIsExpiredConn{Conn: a}
	c := newDeadlineConn(inner, "192.0.2.1:587")
	if err := c.SetDeadline(time.Time{}); err != nil {
		t.Fatal(err)
	}
	go b.Write([]byte("220 hi\r\n"))
	buf := make([]byte, 16)
	if n, err := c.Read(buf); err != nil || string(buf[:n]) != "220 hi\r\n" {
		t.Fatalf("read after zero deadline: %q, %v", buf[:n], err)
	}
	// A real deadline passes through.
	d := time.Now().Add(time.Minute)
	c.SetReadDeadline(d)
	if !inner.read.Equal(d) {
		t.Errorf("deadline %v not passed through (got %v)", d, inner.read)
	}
	c.SetWriteDeadline(time.Time{})
	if !inner.write.Equal(farFuture) {
		t.Errorf("zero write deadline became %v", inner.write)
	}
	if got := c.RemoteAddr().String(); got != "192.0.2.1:587" {
		t.Errorf("RemoteAddr %q", got)
	}
	if c.LocalAddr() == nil {
		t.Error("nil LocalAddr")
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
	bad := []string{"http://example.com/", "https://example.com:8443/", "https://127.0.0.1/", "https://[::1]/", "https://169.254.169.254/latest/meta-data/", "https://2130706433/", "https://10.0.0.1/"}
	for _, u := range bad {
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

// TestNoFrontendInTheWorker: the Worker's Go module serves the API only;
// the page and its browser module are Workers Static Assets (wrangler.toml
// [assets]). Linking package frontend would add the embedded page, its
// 3 MB browser module and its compressed siblings to a module whose
// compressed size Cloudflare limits (3 MB free plan, 10 MB paid).
func TestNoFrontendInTheWorker(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	cmd := exec.Command("go", "list", "-deps", ".")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, p := range strings.Fields(string(out)) {
		if p == "github.com/whichport/whichport/frontend" {
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
