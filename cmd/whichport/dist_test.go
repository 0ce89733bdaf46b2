package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestMakeDist builds every release target with `make dist` and checks the
// binaries, their SHA-256 sums and the stamped version. Five cross builds:
// skipped with -short.
func TestMakeDist(t *testing.T) {
	if testing.Short() {
		t.Skip("five cross builds; run without -short")
	}
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("make is not installed")
	}
	dir := t.TempDir()
	cmd := exec.Command("make", "-s", "dist", "DIST="+dir, "VERSION=v0.0.0-test")
	cmd.Dir = filepath.Join("..", "..")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("make dist: %v\n%s", err, out)
	}
	want := []string{"whichport-linux-amd64", "whichport-linux-arm64", "whichport-darwin-amd64", "whichport-darwin-arm64", "whichport-windows-amd64.exe"}
	sums := map[string]string{}
	f, err := os.Open(filepath.Join(dir, "SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 2 {
			sums[strings.TrimPrefix(fields[1], "*")] = fields[0]
		}
	}
	for _, name := range want {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%s not built: %v", name, err)
			continue
		}
		sum := sha256.Sum256(b)
		if sums[name] != hex.EncodeToString(sum[:]) {
			t.Errorf("%s: SHA256SUMS says %q", name, sums[name])
		}
		t.Logf("%s: %d bytes", name, len(b))
	}
	if len(sums) != len(want) {
		t.Errorf("SHA256SUMS lists %d files, want %d", len(sums), len(want))
	}
	native := filepath.Join(dir, "whichport-"+runtime.GOOS+"-"+runtime.GOARCH)
	if _, err := os.Stat(native); err == nil {
		out, err := exec.Command(native, "--version").Output()
		if err != nil || strings.TrimSpace(string(out)) != "whichport v0.0.0-test" {
			t.Errorf("--version: %q, %v", out, err)
		}
	}
}
