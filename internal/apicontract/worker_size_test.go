package apicontract

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// worker is the Worker built once per test binary: TestWorkerSize and
// TestWorker share one build (a wasm link of cmd/worker is the slow part).
var worker struct {
	once sync.Once
	dir  string // a copy per test is made by builtWorker
	err  error
}

// builtWorker builds the Worker as `make worker` does (once per test
// binary) and returns a fresh directory holding its three files, so a test
// may write beside them (wrangler.toml, public/).
func builtWorker(t *testing.T) string {
	t.Helper()
	worker.once.Do(func() {
		worker.dir, worker.err = os.MkdirTemp("", "apicontract-worker")
		if worker.err == nil {
			worker.err = BuildWorker(Root(), worker.dir)
		}
	})
	if worker.err != nil {
		t.Fatal(worker.err)
	}
	dir := t.TempDir()
	for _, name := range []string{"app.wasm", "worker.mjs", "wasm_exec.js"} {
		b, err := os.ReadFile(filepath.Join(worker.dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if worker.dir != "" {
		os.RemoveAll(worker.dir)
	}
	os.Exit(code)
}

// TestWorkerSize builds the Worker as `make worker` does and fails when
// its upload is over Cloudflare's free-plan limit, 3 MiB gzip (issue 11).
// `go run ./scripts/worker-size` says which packages the bytes come from.
func TestWorkerSize(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the Worker (-short)")
	}
	module, total, err := WorkerSize(builtWorker(t))
	if err != nil {
		t.Fatal(err)
	}
	figure := fmt.Sprintf("worker: module %d B gzip, upload (module, worker.mjs, wasm_exec.js) %d B gzip; limit %d B (3 MiB): %.1f%% used",
		module, total, WorkerGzipLimit, 100*float64(total)/WorkerGzipLimit)
	if total > WorkerGzipLimit {
		t.Fatalf("%s: OVER by %d B (go run ./scripts/worker-size lists the size by package)", figure, total-WorkerGzipLimit)
	}
	t.Log(figure)
}
