// Command worker-bench prints the per-request latency of the Cloudflare
// Worker under `wrangler dev` (offline, loopback) against a static asset
// served by the same wrangler and against the native server (package api
// behind net/http, in this process), for GET /healthz and
// POST /api/v1/explain, interleaved: each round sends one request to every
// target, in a rotating order. Several Workers can be compared in one run
// (e.g. the base commit's and this one's build/worker).
//
//	make worker
//	go run ./scripts/worker-bench -worker after=build/worker [-worker before=/path/build/worker] [-rounds 100]
//
// Each Worker directory holds worker.mjs, app.wasm and public/ (the assets:
// /static/style.css is the static asset measured). The first request to each
// Worker (its Go start-up) is printed on its own. Rounds are paced to at most
// 8 a second, under the api's per-client engine limit (10/s), which a
// Worker keeping one Go instance per isolate enforces across requests.
package main

import (
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/whichport/whichport/api"
	"github.com/whichport/whichport/internal/apicontract"
)

type workerFlag []string

func (w *workerFlag) String() string     { return strings.Join(*w, ",") }
func (w *workerFlag) Set(s string) error { *w = append(*w, s); return nil }

const explainBody = `{"host":"smtp.gmail.com","port":465,"security":"starttls"}`

type target struct {
	name string
	send func() error
	ms   []float64
}

func main() {
	var workers workerFlag
	flag.Var(&workers, "worker", "NAME=DIR of a built Worker (repeatable)")
	rounds := flag.Int("rounds", 100, "rounds (one request to every target each)")
	flag.Parse()
	if len(workers) == 0 {
		workers = workerFlag{"worker=build/worker"}
	}
	if err := run(workers, *rounds); err != nil {
		fmt.Fprintln(os.Stderr, "worker-bench:", err)
		os.Exit(1)
	}
}

func get(url string) func() error {
	return func() error { return do(http.MethodGet, url, "") }
}

func post(url string) func() error {
	return func() error { return do(http.MethodPost, url, explainBody) }
}

var client = &http.Client{Timeout: 30 * time.Second}

func do(method, url, body string) error {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		return err
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if _, err := io.Copy(io.Discard, res.Body); err != nil {
		return err
	}
	if res.StatusCode != 200 {
		return fmt.Errorf("%s %s: %s", method, url, res.Status)
	}
	return nil
}

func run(workers []string, rounds int) error {
	command := apicontract.WranglerCommand(apicontract.Root())
	if command == nil {
		return fmt.Errorf("wrangler is not installed (npm ci)")
	}
	var targets []*target
	for _, w := range workers {
		name, dir, ok := strings.Cut(w, "=")
		if !ok {
			return fmt.Errorf("-worker %q: want NAME=DIR", w)
		}
		dir, err := filepath.Abs(dir)
		if err != nil {
			return err
		}
		// A copy of the loader's folder: wrangler writes its config there.
		tmp, err := os.MkdirTemp("", "worker-bench")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		for _, f := range []string{"worker.mjs", "app.wasm", "wasm_exec.js", "runtime.mjs"} {
			b, err := os.ReadFile(filepath.Join(dir, f))
			if os.IsNotExist(err) && f == "runtime.mjs" {
				continue // only syumai/workers' generated loader has it
			}
			if err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(tmp, f), b, 0o644); err != nil {
				return err
			}
		}
		wr, err := apicontract.StartWrangler(command, tmp, filepath.Join(dir, "public"), nil)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		defer wr.Stop()
		start := time.Now()
		if err := get(wr.Base + "/healthz")(); err != nil {
			return fmt.Errorf("%s: first request: %w", name, err)
		}
		fmt.Printf("%s: first request (Go start-up) GET /healthz %.0f ms\n", name, ms(time.Since(start)))
		targets = append(targets,
			&target{name: name + " GET /healthz", send: get(wr.Base + "/healthz")},
			&target{name: name + " POST /api/v1/explain", send: post(wr.Base + "/api/v1/explain")},
			&target{name: name + " static GET /static/style.css", send: get(wr.Base + "/static/style.css")},
		)
	}
	h, err := api.New(api.Config{})
	if err != nil {
		return err
	}
	native := httptest.NewServer(h)
	defer native.Close()
	targets = append(targets,
		&target{name: "native GET /healthz", send: get(native.URL + "/healthz")},
		&target{name: "native POST /api/v1/explain", send: post(native.URL + "/api/v1/explain")},
	)
	// Warm-up: one request each, not counted.
	for _, t := range targets {
		if err := t.send(); err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
	}
	for r := range rounds {
		roundStart := time.Now()
		for i := range targets {
			t := targets[(r+i)%len(targets)]
			start := time.Now()
			if err := t.send(); err != nil {
				return fmt.Errorf("%s: %w", t.name, err)
			}
			t.ms = append(t.ms, ms(time.Since(start)))
		}
		if d := 125*time.Millisecond - time.Since(roundStart); d > 0 {
			time.Sleep(d)
		}
	}
	fmt.Printf("%d rounds, interleaved (ms)\n%-48s %8s %8s %8s\n", rounds, "target", "median", "p90", "min")
	med := map[string]float64{}
	for _, t := range targets {
		sort.Float64s(t.ms)
		med[t.name] = pct(t.ms, 50)
		fmt.Printf("%-48s %8.2f %8.2f %8.2f\n", t.name, pct(t.ms, 50), pct(t.ms, 90), t.ms[0])
	}
	fmt.Println("ratios of medians")
	for _, w := range workers {
		name, _, _ := strings.Cut(w, "=")
		static := med[name+" static GET /static/style.css"]
		for _, route := range []string{"GET /healthz", "POST /api/v1/explain"} {
			fmt.Printf("  %s %s: %.2fx the static asset, %.2fx native\n", name, route,
				med[name+" "+route]/static, med[name+" "+route]/med["native "+route])
		}
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// pct is the p-th percentile of sorted values (nearest rank).
func pct(sorted []float64, p int) float64 {
	i := (len(sorted)*p+99)/100 - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}
