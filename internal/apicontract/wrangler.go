package apicontract

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/whichport/whichport/internal/testlog"
)

// Root is the repository root, found from this source file.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// WranglerCommand is the command that runs wrangler: $WRANGLER (words
// split on spaces) or the repository's node_modules/.bin/wrangler (npm ci
// installs the pinned version, package.json). Empty when neither is there.
func WranglerCommand(root string) []string {
	if w := os.Getenv("WRANGLER"); w != "" {
		return strings.Fields(w)
	}
	bin := filepath.Join(root, "node_modules", ".bin", "wrangler")
	if _, err := os.Stat(bin); err == nil {
		return []string{bin}
	}
	return nil
}

// BuildWorker writes the Worker into dir as `make worker` does (same tags,
// flags and wasmpack step), without the page: worker.mjs (cmd/worker's loader), Go's
// wasm_exec.js and app.wasm.
func BuildWorker(root, dir string) error {
	goCmd := "go"
	if g := os.Getenv("GO"); g != "" {
		goCmd = g
	}
	out, err := exec.Command(goCmd, "env", "GOROOT").Output()
	if err != nil {
		return fmt.Errorf("go env GOROOT: %w", err)
	}
	copies := map[string]string{
		filepath.Join(root, "cmd", "worker", "worker.mjs"):                           "worker.mjs",
		filepath.Join(strings.TrimSpace(string(out)), "lib", "wasm", "wasm_exec.js"): "wasm_exec.js",
	}
	for from, to := range copies {
		b, err := os.ReadFile(from)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, to), b, 0o644); err != nil {
			return err
		}
	}
	build := exec.Command(goCmd, "build", "-trimpath", "-tags", "nostatic", "-gcflags=all=-l", "-ldflags=-s -w", "-o", filepath.Join(dir, "app.wasm"), "./cmd/worker")
	build.Dir = root
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "GOEXPERIMENT=nogreenteagc")
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("building the worker: %v\n%s", err, out)
	}
	pack := exec.Command(goCmd, "run", "./scripts/wasmpack", filepath.Join(dir, "app.wasm"))
	pack.Dir = root
	if out, err := pack.CombinedOutput(); err != nil {
		return fmt.Errorf("packing the worker's data segments: %v\n%s", err, out)
	}
	return nil
}

// WorkerGzipLimit is Cloudflare's limit on a Worker's size after
// compression on the free plan (issue 11): 3 MiB gzip.
const WorkerGzipLimit = 3 << 20

// WorkerSize is the gzip size (-9) of what BuildWorker wrote into dir: the
// Go module (app.wasm) and the whole upload (the module, worker.mjs and
// wasm_exec.js, each compressed on its own), in bytes.
func WorkerSize(dir string) (module, total int, err error) {
	for _, name := range []string{"app.wasm", "worker.mjs", "wasm_exec.js"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return 0, 0, err
		}
		var buf bytes.Buffer
		w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		w.Write(b)
		if err := w.Close(); err != nil {
			return 0, 0, err
		}
		if name == "app.wasm" {
			module = buf.Len()
		}
		total += buf.Len()
	}
	return module, total, nil
}

// Wrangler is a running `wrangler dev`.
type Wrangler struct {
	Base string // "http://127.0.0.1:port"
	cmd  *exec.Cmd
	log  *testlog.Buffer
	done chan struct{}
}

// Log returns what wrangler printed so far.
func (w *Wrangler) Log() string { return w.log.String() }

// Stop ends wrangler and workerd (one process group).
func (w *Wrangler) Stop() {
	syscall.Kill(-w.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-w.done:
	case <-time.After(5 * time.Second):
		syscall.Kill(-w.cmd.Process.Pid, syscall.SIGKILL)
		<-w.done
	}
}

// StartWrangler runs `wrangler dev` offline on a free port of 127.0.0.1
// with the Worker in dir (see BuildWorker) and the page assets in assets
// ("": a folder with only ready.txt), configured as wrangler.toml
// configures it, with vars as --var. It returns once the assets layer
// answers (the Worker, and Go, not started yet).
func StartWrangler(command []string, dir, assets string, vars map[string]string) (*Wrangler, error) {
	if len(command) == 0 {
		return nil, errors.New("no wrangler command")
	}
	if assets == "" {
		assets = filepath.Join(dir, "public")
		if err := os.MkdirAll(assets, 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(assets, "ready.txt"), []byte("ready\n"), 0o644); err != nil {
			return nil, err
		}
	}
	config := fmt.Sprintf(`name = "whichport"
main = %q
compatibility_date = "2026-04-26"

[assets]
directory = %q
run_worker_first = ["/api/*", "/healthz"]
html_handling = "auto-trailing-slash"
not_found_handling = "single-page-application"
`, filepath.Join(dir, "worker.mjs"), assets)
	cfg := filepath.Join(dir, "wrangler.toml")
	if err := os.WriteFile(cfg, []byte(config), 0o644); err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	args := append(command[1:], "dev", "-c", cfg, "--ip", "127.0.0.1", "--port", fmt.Sprint(port),
		"--inspector-port", "0", "--log-level", logLevel())
	names := make([]string, 0, len(vars))
	for k := range vars {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		args = append(args, "--var", k+":"+vars[k])
	}
	cmd := exec.Command(command[0], args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "WRANGLER_SEND_METRICS=false", "WRANGLER_SEND_ERROR_REPORTS=false",
		"WRANGLER_HIDE_BANNER=true", "CLOUDFLARE_CF_FETCH_ENABLED=false", "NO_COLOR=1",
		"XDG_CONFIG_HOME="+filepath.Join(dir, ".config"))
	log := &testlog.Buffer{}
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	w := &Wrangler{Base: fmt.Sprintf("http://127.0.0.1:%d", port), cmd: cmd, log: log, done: make(chan struct{})}
	go func() { cmd.Wait(); close(w.done) }()
	probe := "/ready.txt"
	if assets != filepath.Join(dir, "public") {
		probe = "/manifest.webmanifest"
	}
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-w.done:
			return nil, fmt.Errorf("wrangler dev exited:\n%s", log.String())
		default:
		}
		res, err := http.Get(w.Base + probe)
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return w, nil
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	w.Stop()
	return nil, fmt.Errorf("wrangler dev did not answer on %s within 90s:\n%s", w.Base, log.String())
}

// logLevel is wrangler's: warn, or $WRANGLER_LOG_LEVEL (info, debug) to see
// each request and reload.
func logLevel() string {
	if l := os.Getenv("WRANGLER_LOG_LEVEL"); l != "" {
		return l
	}
	return "warn"
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
