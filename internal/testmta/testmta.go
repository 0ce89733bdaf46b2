// Package testmta starts a real Postfix on loopback for integration tests
// and benchmarks: its own configuration directory, queue and log in a
// temporary directory, a test CA and certificate generated on the spot, and
// three smtpd listeners on free high ports of 127.0.0.1:
//
//   - SMTP: like port 25, STARTTLS offered (smtpd_tls_security_level = may)
//   - Submission: like port 587, STARTTLS required (encrypt)
//   - Submissions: like port 465, implicit TLS (smtpd_tls_wrappermode = yes)
//
// It relays nothing (mynetworks, relay_domains and mydestination empty,
// smtpd_relay_restrictions = reject) and offers no AUTH.
//
// Postfix is run as `postfix -c DIR start` (root needs no
// alternate_config_directories entry for that), with mail_owner = postfix
// and setgid_group = postdrop, and stopped with `postfix -c DIR abort` (what
// `stop` does, without its one-second polling) followed by a wait for the
// master process to exit.
//
// In a test:
//
//	mta := testmta.Start(t) // skips when Postfix is missing, unless CI=true
//	res, _ := probe.Run(ctx, probe.Config{Roots: mta.Roots}, probe.Target{Host: mta.Host, Port: mta.Submission.Port(), Addrs: ...})
//
// From a program (a benchmark), StartDir(dir) returns the MTA and a stop
// function.
package testmta

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Host is the name in the server certificate (with "localhost" and the
// listen address); the greeting says it too (myhostname).
const Host = "mx.whichport.test"

// MTA is a running Postfix.
type MTA struct {
	Dir         string         // configuration, queue, data, log and certificates
	Host        string         // name in the certificate and myhostname
	Addr        netip.Addr     // the listen address (127.0.0.1)
	SMTP        netip.AddrPort // 25-like: STARTTLS offered
	Submission  netip.AddrPort // 587-like: STARTTLS required
	Submissions netip.AddrPort // 465-like: implicit TLS
	CACertPEM   []byte         // the test CA, PEM
	CAFile      string         // the same, as a file (--ca-file)
	Roots       *x509.CertPool // the same, as a pool
	LogFile     string         // Postfix's own log (maillog_file)
	names       []string       // Options.Names
	opts        Options
}

// Binary is the postfix command; empty when Postfix is not installed.
func Binary() string {
	if p, err := exec.LookPath("postfix"); err == nil {
		return p
	}
	for _, p := range []string{"/usr/sbin/postfix", "/usr/local/sbin/postfix"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// Start starts Postfix for the test and stops it when the test ends. When
// Postfix is missing or cannot run (not root) the test is skipped, unless the
// environment says CI=true, where it fails.
func Start(t testing.TB) *MTA {
	t.Helper()
	skip := func(msg string) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("testmta: %s (CI=true: Postfix is required)", msg)
		}
		t.Skipf("testmta: %s", msg)
	}
	if Binary() == "" {
		skip("postfix is not installed")
	}
	if os.Geteuid() != 0 {
		skip("Postfix needs root to start")
	}
	dir, err := os.MkdirTemp("", "testmta-")
	if err != nil {
		t.Fatal(err)
	}
	m, stop, err := StartDir(dir)
	if err != nil {
		os.RemoveAll(dir)
		t.Fatalf("testmta: %v", err)
	}
	t.Cleanup(func() {
		if err := stop(); err != nil {
			t.Errorf("testmta: stop: %v", err)
		}
		if t.Failed() {
			if b, err := os.ReadFile(m.LogFile); err == nil {
				t.Logf("postfix log:\n%s", b)
			}
		}
		os.RemoveAll(dir)
	})
	return m
}

// Options changes what StartWith sets up; the zero value is StartDir's.
type Options struct {
	SMTPPort        uint16     // port of the 25-like listener (STARTTLS offered); 0 = a free one
	SubmissionPort  uint16     // port of the 587-like listener; 0 = a free one
	SubmissionsPort uint16     // port of the 465-like listener; 0 = a free one
	Addr            netip.Addr // the listen address; zero = 127.0.0.1 (must be loopback)
	Names           []string   // more DNS names for the server certificate
	// MainCF is appended to main.cf: a later setting overrides the one above
	// it (scripts/corpus adds recipients, a size limit and its certificates).
	MainCF string
	// MasterCF is appended to master.cf: more smtpd listeners, each with its
	// own -o overrides. Each listener must also be in ExtraListeners.
	MasterCF string
	// ExtraListeners are the addresses of the MasterCF listeners: StartWith
	// waits until each accepts a connection.
	ExtraListeners []netip.AddrPort
}

// StartDir starts Postfix with everything under dir (which must exist and
// may be removed after stop). stop stops Postfix and waits for it to exit.
func StartDir(dir string) (m *MTA, stop func() error, err error) {
	return StartWith(dir, Options{})
}

// StartWith is StartDir with Options (the benchmark and smoke scripts use it
// through scripts/postfix-up).
func StartWith(dir string, o Options) (m *MTA, stop func() error, err error) {
	bin := Binary()
	if bin == "" {
		return nil, nil, errors.New("postfix is not installed")
	}
	dir, err = filepath.Abs(dir)
	if err != nil {
		return nil, nil, err
	}
	// Postfix's daemons run as the postfix user: they must reach the queue.
	if err := os.Chmod(dir, 0o755); err != nil {
		return nil, nil, err
	}
	conf := filepath.Join(dir, "conf")
	for _, d := range []string{conf, filepath.Join(dir, "queue"), filepath.Join(dir, "data")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, nil, err
		}
	}
	// data_directory belongs to mail_owner (master's lock, TLS caches).
	if u, err := user.Lookup("postfix"); err == nil {
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(filepath.Join(dir, "data"), uid, gid); err != nil {
			return nil, nil, err
		}
	}
	addr := netip.MustParseAddr("127.0.0.1")
	if o.Addr.IsValid() {
		if !o.Addr.IsLoopback() {
			return nil, nil, fmt.Errorf("testmta: %s is not a loopback address", o.Addr)
		}
		addr = o.Addr
	}
	m = &MTA{Dir: dir, Host: Host, Addr: addr, LogFile: filepath.Join(dir, "postfix.log"), names: o.Names, opts: o}
	if err := m.writeCerts(conf); err != nil {
		return nil, nil, err
	}
	ports, err := freePorts(m.Addr, 3)
	if err != nil {
		return nil, nil, err
	}
	for i, p := range []uint16{o.SMTPPort, o.SubmissionPort, o.SubmissionsPort} {
		if p != 0 {
			ports[i] = p
		}
	}
	m.SMTP = netip.AddrPortFrom(m.Addr, ports[0])
	m.Submission = netip.AddrPortFrom(m.Addr, ports[1])
	m.Submissions = netip.AddrPortFrom(m.Addr, ports[2])
	if err := os.WriteFile(filepath.Join(conf, "main.cf"), []byte(m.mainCF(conf)), 0o644); err != nil {
		return nil, nil, err
	}
	if err := os.WriteFile(filepath.Join(conf, "master.cf"), []byte(m.masterCF()), 0o644); err != nil {
		return nil, nil, err
	}
	run := func(args ...string) error {
		cmd := exec.Command(bin, append([]string{"-c", conf}, args...)...)
		cmd.Env = append(os.Environ(), "MAIL_CONFIG="+conf)
		out, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("postfix %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(string(out)))
		}
		return nil
	}
	if err := run("start"); err != nil {
		return nil, nil, err
	}
	pidFile := filepath.Join(dir, "queue", "pid", "master.pid")
	pid := readPid(pidFile)
	stop = func() error {
		// "postfix stop" is "kill master" then polls once a second for five
		// seconds; "abort" sends the same signal and returns, and we poll
		// faster ourselves. Both first run "master -t", which can block for
		// minutes while the master runs (seen under gVisor), so with the
		// master's pid known we send its SIGTERM ourselves.
		var err error
		if pid > 0 {
			err = syscall.Kill(pid, syscall.SIGTERM)
		} else {
			err = run("abort")
		}
		if pid > 0 {
			for i := 0; i < 200 && syscall.Kill(pid, 0) == nil; i++ {
				time.Sleep(25 * time.Millisecond)
			}
			if syscall.Kill(pid, 0) == nil {
				syscall.Kill(-pid, syscall.SIGKILL) // master leads its process group
				return errors.New("postfix master did not exit within 5s: killed")
			}
		}
		return err
	}
	// Wait until every listener accepts and greets.
	deadline := time.Now().Add(15 * time.Second)
	for _, ap := range append([]netip.AddrPort{m.SMTP, m.Submission, m.Submissions}, o.ExtraListeners...) {
		for {
			c, err := net.DialTimeout("tcp", ap.String(), time.Second)
			if err == nil {
				c.Close()
				break
			}
			if time.Now().After(deadline) {
				log, _ := os.ReadFile(m.LogFile)
				stop()
				return nil, nil, fmt.Errorf("postfix does not listen on %s: %v; log:\n%s", ap, err, log)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	return m, stop, nil
}

func (m *MTA) mainCF(conf string) string {
	d := m.Dir
	base := `# written by internal/testmta
compatibility_level = 3.6
queue_directory = ` + d + `/queue
data_directory = ` + d + `/data
mail_owner = postfix
setgid_group = postdrop
myhostname = ` + m.Host + `
mydomain = whichport.test
myorigin = $myhostname
inet_interfaces = ` + m.Addr.String() + `
inet_protocols = ipv4
mydestination =
relay_domains =
mynetworks =
local_recipient_maps =
alias_maps =
alias_database =
smtpd_relay_restrictions = reject
smtpd_recipient_restrictions = reject
smtpd_peername_lookup = no
smtpd_banner = $myhostname ESMTP whichport test MTA
smtpd_tls_cert_file = ` + conf + `/cert.pem
smtpd_tls_key_file = ` + conf + `/key.pem
smtpd_tls_security_level = may
smtpd_tls_loglevel = 0
smtpd_sasl_auth_enable = no
maillog_file = ` + m.LogFile + `
maillog_file_prefixes = ` + d + `
master_service_disable =
`
	if m.opts.MainCF == "" {
		return base
	}
	// Settings in MainCF replace the ones above rather than follow them:
	// Postfix warns about each overridden entry in every daemon, and with
	// maillog_file those warnings go through postlogd, which then blocks on
	// its own socket (no daemon greets).
	set := map[string]bool{}
	for _, line := range strings.Split(m.opts.MainCF, "\n") {
		if k, _, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(strings.TrimSpace(line), "#") {
			set[strings.TrimSpace(k)] = true
		}
	}
	var b strings.Builder
	for _, line := range strings.SplitAfter(base, "\n") {
		if k, _, ok := strings.Cut(line, "="); ok && set[strings.TrimSpace(k)] {
			continue
		}
		b.WriteString(line)
	}
	return b.String() + m.opts.MainCF
}

func (m *MTA) masterCF() string {
	p := func(ap netip.AddrPort) string { return ap.String() }
	return `# written by internal/testmta
` + p(m.SMTP) + ` inet n - n - - smtpd
` + p(m.Submission) + ` inet n - n - - smtpd
  -o syslog_name=postfix/submission
  -o smtpd_tls_security_level=encrypt
` + p(m.Submissions) + ` inet n - n - - smtpd
  -o syslog_name=postfix/submissions
  -o smtpd_tls_wrappermode=yes
  -o smtpd_tls_security_level=encrypt
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
` + m.opts.MasterCF
}

// writeCerts makes a CA and a server certificate for Host, localhost and
// the listen address, valid for two days.
func (m *MTA) writeCerts(conf string) error {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	now := time.Now()
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "whichport testmta CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(48 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return err
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		return err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	leafTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: m.Host},
		DNSNames: append([]string{m.Host, "localhost"}, m.names...), IPAddresses: []net.IP{m.Addr.AsSlice()},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(47 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	leafDER, err := x509.CreateCertificate(rand.Reader, leafTmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		return err
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	m.CACertPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER})
	m.CAFile = filepath.Join(conf, "ca.pem")
	m.Roots = x509.NewCertPool()
	m.Roots.AddCert(ca)
	// The server sends its chain: leaf then CA is not needed; leaf alone.
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: leafDER})
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})
	for name, data := range map[string][]byte{"ca.pem": m.CACertPEM, "cert.pem": certPEM} {
		if err := os.WriteFile(filepath.Join(conf, name), data, 0o644); err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(conf, "key.pem"), keyPEM, 0o600)
}

// freePorts finds n free TCP ports on addr (closed again before Postfix
// binds them: a small race other tests could lose, never a wrong result).
func freePorts(addr netip.Addr, n int) ([]uint16, error) {
	var out []uint16
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", netip.AddrPortFrom(addr, 0).String())
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		out = append(out, netip.MustParseAddrPort(l.Addr().String()).Port())
	}
	return out, nil
}

func readPid(path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	n, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return n
}
