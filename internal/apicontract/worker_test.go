package apicontract

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/whichport/whichport/internal/testmta"
)

// TestWorker runs the contract against the Cloudflare Worker under
// `wrangler dev` (offline, on loopback), and checks that one Go instance
// serves every request of the isolate. It needs wrangler (npm ci installs
// the pinned version) and is skipped without it.
func TestWorker(t *testing.T) {
	root := Root()
	command := WranglerCommand(root)
	if command == nil {
		t.Skip("wrangler is not installed (npm ci, or WRANGLER=command): the Worker's contract is not checked")
	}
	mta := testmta.Start(t)
	doh := StartDoH(t, Zone(mta)...)
	dir := builtWorker(t)
	ports := strings.Trim(strings.Join(strings.Fields(fmt.Sprint(Ports(mta))), ","), "[]")
	w, err := StartWrangler(command, dir, "", map[string]string{
		"DOH_URL":                 doh,
		"WHICHPORT_ALLOW_PRIVATE": "1",
		"WHICHPORT_TEST_PORTS":    ports,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	defer func() {
		if t.Failed() || os.Getenv("WRANGLER_LOG_LEVEL") != "" {
			t.Logf("wrangler dev:\n%s", w.Log())
		}
	}()

	t.Run("one-go-start", func(t *testing.T) { oneGoStart(t, w.Base) })
	t.Run("concurrent-probes", func(t *testing.T) { concurrentProbes(t, w.Base, mta) })
	Run(t, Env{Base: w.Base, MTA: mta})
	// The runtime complains when one request's I/O object is used from
	// another's context, or a promise crosses to a finished request.
	for _, bad := range []string{"different request", "hanging Promise", "never generate a response", "Uncaught"} {
		if strings.Contains(w.Log(), bad) {
			t.Errorf("wrangler dev logged %q", bad)
		}
	}
}

// oneGoStart sends the isolate's first 20 requests, 10 at a time, and
// counts the Go start-ups the loader reports (Server-Timing: go-start).
func oneGoStart(t *testing.T, base string) {
	var (
		mu     sync.Mutex
		starts int
		wg     sync.WaitGroup
		sem    = make(chan struct{}, 10)
	)
	for i := range 20 {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			var res *http.Response
			var err error
			if i%2 == 0 {
				res, err = client.Get(base + "/healthz")
			} else {
				res, err = client.Post(base+"/api/v1/explain", "application/json",
					strings.NewReader(`{"host":"smtp.office365.com","port":587,"security":"starttls"}`))
			}
			if err != nil {
				t.Error(err)
				return
			}
			b, _ := io.ReadAll(io.LimitReader(res.Body, 512))
			res.Body.Close()
			if res.StatusCode != 200 {
				t.Errorf("request %d: %s: %s", i, res.Status, b)
			}
			if strings.Contains(res.Header.Get("Server-Timing"), "go-start") {
				mu.Lock()
				starts++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if starts != 1 {
		t.Errorf("20 requests, %d Go start-ups; want 1", starts)
	}
}

// concurrentProbes runs probes and engine requests at once: each request's
// sockets must stay its own although one Go instance runs them all.
func concurrentProbes(t *testing.T, base string, mta *testmta.MTA) {
	var wg sync.WaitGroup
	targets := []struct {
		port uint16
		mode string
	}{{mta.Submission.Port(), "starttls"}, {mta.Submissions.Port(), "implicit"}, {mta.Submission.Port(), "starttls"}}
	for _, tg := range targets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			q := url.Values{"host": {mta.Addr.String()}, "port": {fmt.Sprint(tg.port)}, "mode": {tg.mode}}
			status, _, m := call(t, "GET", base+"/api/v1/probe?"+q.Encode(), "")
			if status != 200 || str(m, "result", "addresses", 0, "outcome") != "ok" {
				t.Errorf("probe %d %s: %d %v", tg.port, tg.mode, status, m)
			}
		}()
	}
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			status, _, m := call(t, "POST", base+"/api/v1/explain", `{"host":"smtp.gmail.com","port":587,"security":"starttls"}`)
			if status != 200 {
				t.Errorf("explain: %d %v", status, m)
			}
		}()
	}
	wg.Wait()
}
