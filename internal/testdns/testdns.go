// Package testdns starts a real authoritative DNS server, NSD from NLnet
// Labs (the Debian package nsd), for integration tests. Each server runs on
// 127.0.0.1 with a free port, with its configuration, zone files and state
// in a temporary directory, and is stopped when the test ends.
//
//	addr := testdns.Start(t, map[string]string{
//		"example.test": testdns.Zone("example.test",
//			"@ MX 10 mx1",
//			"mx1 A 127.0.0.1",
//		),
//	})
//	r := lookup.NewDNSResolver([]string{addr}, time.Second)
//
// NSD is authoritative only: it does not recurse and never sets the AD
// bit. When the nsd binary is missing the test is skipped, unless the
// environment variable CI is "true", where it fails.
package testdns

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// Binary finds the nsd binary in PATH or /usr/sbin. If it is missing the
// test is skipped, or fails when CI=true.
func Binary(t testing.TB) string {
	t.Helper()
	for _, p := range []string{"nsd", "/usr/sbin/nsd", "/usr/local/sbin/nsd"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("testdns: nsd not found (apt-get install nsd); required when CI=true")
	}
	t.Skip("testdns: nsd not installed (apt-get install nsd); skipping")
	return ""
}

// Zone returns a zone file for origin with a SOA and an NS record
// (ns.<origin> at 127.0.0.1) followed by the given records, one per line,
// in zone-file syntax relative to origin ("@ MX 10 mx1", "mx1 A 192.0.2.1",
// `_mta-sts TXT "v=STSv1; id=1"`).
func Zone(origin string, records ...string) string {
	origin = strings.TrimSuffix(origin, ".") + "."
	var b strings.Builder
	fmt.Fprintf(&b, "$ORIGIN %s\n$TTL 300\n", origin)
	fmt.Fprintf(&b, "@ IN SOA ns.%s hostmaster.%s 1 3600 600 86400 300\n", origin, origin)
	fmt.Fprintf(&b, "@ IN NS ns.%s\n", origin)
	fmt.Fprintf(&b, "ns.%s IN A 127.0.0.1\n", origin)
	for _, r := range records {
		b.WriteString(r)
		b.WriteByte('\n')
	}
	return b.String()
}

// Start runs NSD serving the zones (zone name → zone file text) and returns
// its "127.0.0.1:port" address, which answers over UDP and TCP. NSD is
// stopped and its files removed when the test ends. It fails the test if
// NSD does not start or does not serve every zone within 10 seconds.
func Start(t testing.TB, zones map[string]string) string {
	t.Helper()
	bin := Binary(t)
	dir := t.TempDir()
	names := make([]string, 0, len(zones))
	for name := range zones {
		names = append(names, strings.TrimSuffix(name, "."))
	}
	sort.Strings(names)
	for _, name := range names {
		text, ok := zones[name]
		if !ok {
			text = zones[name+"."]
		}
		if err := os.WriteFile(filepath.Join(dir, name+".zone"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var lastErr error
	for attempt := 0; attempt < 5; attempt++ {
		port, err := freePort()
		if err != nil {
			t.Fatal(err)
		}
		addr, err := run(t, bin, dir, port, names)
		if err == nil {
			return addr
		}
		lastErr = err
	}
	t.Fatalf("testdns: nsd did not start: %v", lastErr)
	return ""
}

func run(t testing.TB, bin, dir string, port int, names []string) (string, error) {
	conf := filepath.Join(dir, "nsd.conf")
	var b strings.Builder
	fmt.Fprintf(&b, `server:
	ip-address: 127.0.0.1
	port: %d
	do-ip4: yes
	do-ip6: no
	username: ""
	chroot: ""
	zonesdir: %q
	database: ""
	zonelistfile: %q
	xfrdfile: %q
	xfrdir: %q
	pidfile: %q
	logfile: %q
	server-count: 1
	tcp-count: 20
	verbosity: 1
	hide-version: yes
	reuseport: no
remote-control:
	control-enable: no
`, port, dir, filepath.Join(dir, "zone.list"), filepath.Join(dir, "xfrd.state"), dir,
		filepath.Join(dir, "nsd.pid"), filepath.Join(dir, "nsd.log"))
	for _, name := range names {
		fmt.Fprintf(&b, "zone:\n\tname: %q\n\tzonefile: %q\n", name, name+".zone")
	}
	if err := os.WriteFile(conf, []byte(b.String()), 0o644); err != nil {
		return "", err
	}
	var out bytes.Buffer
	cmd := exec.Command(bin, "-d", "-c", conf)
	cmd.Dir = dir
	cmd.Stdout = &out
	cmd.Stderr = &out
	if err := cmd.Start(); err != nil {
		return "", err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stop := func() {
		if cmd.Process != nil {
			cmd.Process.Signal(os.Interrupt)
		}
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
	}
	addr := net.JoinHostPort("127.0.0.1", fmt.Sprint(port))
	deadline := time.Now().Add(10 * time.Second)
	for {
		select {
		case err := <-exited:
			log, _ := os.ReadFile(filepath.Join(dir, "nsd.log"))
			return "", fmt.Errorf("nsd exited: %v\n%s%s", err, out.String(), log)
		default:
		}
		if servesAll(addr, names) {
			t.Cleanup(stop)
			return addr, nil
		}
		if time.Now().After(deadline) {
			stop()
			log, _ := os.ReadFile(filepath.Join(dir, "nsd.log"))
			return "", fmt.Errorf("nsd not answering on %s after 10s\n%s%s", addr, out.String(), log)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// servesAll reports whether the server answers SOA for every zone
// authoritatively.
func servesAll(addr string, names []string) bool {
	c := &dns.Client{Net: "udp", Timeout: 200 * time.Millisecond}
	for _, name := range names {
		q := new(dns.Msg)
		q.SetQuestion(dns.Fqdn(name), dns.TypeSOA)
		resp, _, err := c.Exchange(q, addr)
		if err != nil || resp.Rcode != dns.RcodeSuccess || !resp.Authoritative || len(resp.Answer) == 0 {
			return false
		}
	}
	return true
}

// freePort returns a port that was free on 127.0.0.1 for both UDP and TCP.
func freePort() (int, error) {
	for i := 0; i < 20; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return 0, err
		}
		port := l.Addr().(*net.TCPAddr).Port
		pc, err := net.ListenPacket("udp", l.Addr().String())
		l.Close()
		if err != nil {
			continue
		}
		pc.Close()
		return port, nil
	}
	return 0, fmt.Errorf("no free port")
}
