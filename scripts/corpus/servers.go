package main

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"log"
	"math/big"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/whichport/whichport/internal/testmta"
)

// serverEnv is what the clients need to know about the servers.
type serverEnv struct {
	caFile     string // the test CA every client trusts
	trustStore string // the same as a PKCS#12 trust store for Java ("" without keytool)
}

// eximBinary is the exim4 binary unpacked from Debian's packages by
// scripts/corpus/exim.sh (installing exim4 would remove Postfix).
const eximDir = "/opt/whichport-corpus/exim"

// startServers starts every corpus server under work and returns a function
// that stops them all.
func startServers(work string) (*serverEnv, func(), error) {
	var stops []func()
	stop := func() {
		for i := len(stops) - 1; i >= 0; i-- {
			stops[i]()
		}
	}
	fail := func(err error) (*serverEnv, func(), error) {
		stop()
		return nil, nil, err
	}
	certs := filepath.Join(work, "certs")
	if err := os.MkdirAll(certs, 0o755); err != nil {
		return fail(err)
	}
	if err := os.Chmod(work, 0o755); err != nil {
		return fail(err)
	}
	env := &serverEnv{caFile: filepath.Join(certs, "ca.crt")}
	if err := writeCertificates(certs); err != nil {
		return fail(err)
	}
	if keytool, err := exec.LookPath("keytool"); err == nil {
		env.trustStore = filepath.Join(certs, "truststore.p12")
		out, err := exec.Command(keytool, "-importcert", "-noprompt", "-alias", "corpus-ca", "-file", env.caFile,
			"-keystore", env.trustStore, "-storetype", "PKCS12", "-storepass", "changeit").CombinedOutput()
		if err != nil {
			return fail(fmt.Errorf("keytool: %v: %s", err, out))
		}
	}

	// Postfix: the three testmta listeners plus the restricted one and one
	// implicit-TLS listener per certificate fault.
	pfDir := filepath.Join(work, "postfix")
	if err := os.MkdirAll(pfDir, 0o755); err != nil {
		return fail(err)
	}
	var extra []netip.AddrPort
	var master strings.Builder
	implicit := func(ap netip.AddrPort, name, certName string, more ...string) {
		extra = append(extra, ap)
		fmt.Fprintf(&master, "%s inet n - n - - smtpd\n  -o syslog_name=postfix/%s\n  -o smtpd_tls_wrappermode=yes\n  -o smtpd_tls_security_level=encrypt\n", ap, name)
		fmt.Fprintf(&master, "  -o smtpd_tls_cert_file=%s/%s.crt\n  -o smtpd_tls_key_file=%s/%s.key\n", certs, certName, certs, certName)
		for _, m := range more {
			fmt.Fprintf(&master, "  -o %s\n", m)
		}
	}
	restricted := postfixRestricted
	extra = append(extra, restricted)
	fmt.Fprintf(&master, "%s inet n - n - - smtpd\n  -o syslog_name=postfix/restricted\n  -o smtpd_client_restrictions=permit_sasl_authenticated,reject\n", restricted)
	implicit(postfixExpired, "expired", "expired")
	implicit(postfixSelfSigned, "selfsigned", "selfsigned")
	implicit(postfixWrongName, "wrongname", "wrongname")
	implicit(postfixNoIPSAN, "noipsan", "noipsan")
	implicit(postfixOldTLS, "oldtls", "good",
		"smtpd_tls_protocols=>=TLSv1,<=TLSv1.1", "smtpd_tls_mandatory_protocols=>=TLSv1,<=TLSv1.1",
		"smtpd_tls_ciphers=low", "smtpd_tls_mandatory_ciphers=low")
	// Postfix refuses an inet_interfaces address no interface has (only
	// 127.0.0.1 is configured on lo, though all of 127/8 answers); the
	// listeners name their own addresses in master.cf.
	mainCF := `# scripts/corpus
inet_interfaces = 127.0.0.1
smtpd_banner = $myhostname ESMTP Postfix (Debian/GNU)
smtpd_tls_cert_file = ` + certs + `/good.crt
smtpd_tls_key_file = ` + certs + `/good.key
mydestination = whichport.test
local_recipient_maps = inline:{known=ok, known@whichport.test=ok}
local_transport = discard:
default_transport = discard:
smtpd_relay_restrictions = reject_unauth_destination
smtpd_recipient_restrictions =
message_size_limit = 20480
header_size_limit = 10240
tls_low_cipherlist = ALL:@SECLEVEL=0
`
	_, pfStop, err := testmta.StartWith(pfDir, testmta.Options{
		Addr:     postfixSMTP.Addr(),
		SMTPPort: postfixSMTP.Port(), SubmissionPort: postfixSubmission.Port(), SubmissionsPort: postfixSubmissions.Port(),
		MainCF: mainCF, MasterCF: master.String(), ExtraListeners: extra,
	})
	if err != nil {
		return fail(fmt.Errorf("postfix: %w", err))
	}
	stops = append(stops, func() {
		if err := pfStop(); err != nil {
			log.Printf("postfix stop: %v", err)
		}
	})

	// Exim, twice.
	for _, e := range []struct {
		name string
		addr netip.AddrPort
		conf string
	}{
		{"exim-auth", eximAuth, eximAuthConf(certs)},
		{"exim-plain", eximPlain, eximPlainConf()},
	} {
		s, err := startExim(filepath.Join(work, e.name), e.addr, e.conf)
		if err != nil {
			return fail(fmt.Errorf("%s: %w", e.name, err))
		}
		stops = append(stops, s)
	}

	// smtp-sink: 421 and 554 greetings, a slow greeting, a slow MAIL reply.
	for _, s := range []struct {
		addr netip.AddrPort
		args []string
	}{
		{sink421, []string{"-Q", "CONNECT"}},
		{sink554, []string{"-f", "CONNECT", "-B", "554 5.7.1 Service unavailable; client [127.0.0.1] blocked"}},
		{sinkSlowGreeting, []string{"-W", "CONNECT:30"}},
		{sinkSlowMail, []string{"-W", "MAIL:30"}},
	} {
		args := append([]string{"-u", "nobody", "-h", "mx.whichport.test"}, s.args...)
		args = append(args, s.addr.String(), "64")
		cmd := exec.Command("smtp-sink", args...)
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			return fail(fmt.Errorf("smtp-sink: %w", err))
		}
		stops = append(stops, func() { cmd.Process.Kill(); cmd.Wait() })
		if err := waitListening(s.addr); err != nil {
			return fail(fmt.Errorf("smtp-sink: %w", err))
		}
	}

	// The scripted peers.
	g, err := startGarbageStartTLS(garbageStartTLS)
	if err != nil {
		return fail(err)
	}
	stops = append(stops, g)
	d, err := startDropping(droppedPort)
	if err != nil {
		return fail(err)
	}
	stops = append(stops, d)
	if c, err := net.DialTimeout("tcp", closedPort.String(), time.Second); err == nil {
		c.Close()
		return fail(fmt.Errorf("%s should be closed, but something listens", closedPort))
	}
	return env, stop, nil
}

func waitListening(addr netip.AddrPort) error {
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr.String(), time.Second)
		if err == nil {
			c.Close()
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("nothing listens on %s: %v", addr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

const eximCommon = `primary_hostname = mx.whichport.test
smtp_banner = $smtp_active_hostname ESMTP Exim $version_number
keep_environment =
queue_only = true
acl_smtp_rcpt = acl_check_rcpt
`

const eximTail = `begin acl
acl_check_rcpt:
  accept authenticated = *
  deny message = Relay not permitted
begin routers
blackhole:
  driver = redirect
  data = :blackhole:
begin transports
`

// eximAuthConf: STARTTLS offered; AUTH PLAIN and LOGIN offered only once TLS
// is on, accepting goodUser/goodPassword.
func eximAuthConf(certs string) string {
	return eximCommon + `tls_advertise_hosts = *
tls_certificate = ` + certs + `/good.crt
tls_privatekey = ` + certs + `/good.key
auth_advertise_hosts = ${if eq{$tls_in_cipher}{}{}{*}}
` + eximTail + `begin authenticators
plain:
  driver = plaintext
  public_name = PLAIN
  server_prompts = :
  server_condition = ${if and{{eq{$auth2}{` + goodUser + `}}{eq{$auth3}{` + goodPassword + `}}}}
  server_set_id = $auth2
login:
  driver = plaintext
  public_name = LOGIN
  server_prompts = Username:: : Password::
  server_condition = ${if and{{eq{$auth1}{` + goodUser + `}}{eq{$auth2}{` + goodPassword + `}}}}
  server_set_id = $auth1
`
}

// eximPlainConf: no STARTTLS; AUTH offered with XOAUTH2 only.
func eximPlainConf() string {
	return eximCommon + `tls_advertise_hosts =
auth_advertise_hosts = *
` + eximTail + `begin authenticators
xoauth2:
  driver = plaintext
  public_name = XOAUTH2
  server_prompts = :
  server_condition = no
`
}

// startExim runs the private exim4 binary as a daemon with conf on port.
func startExim(dir string, addr netip.AddrPort, conf string) (func(), error) {
	bin := filepath.Join(eximDir, "usr/sbin/exim4")
	if _, err := os.Stat(bin); err != nil {
		return nil, fmt.Errorf("%s missing: run scripts/corpus/exim.sh (%v)", bin, err)
	}
	for _, d := range []string{"spool", "log"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return nil, err
		}
		if err := exec.Command("chown", "Debian-exim", filepath.Join(dir, d)).Run(); err != nil {
			return nil, fmt.Errorf("chown Debian-exim (does the user exist? scripts/corpus/exim.sh adds it): %v", err)
		}
	}
	conf = "spool_directory = " + dir + "/spool\nlog_file_path = " + dir + "/log/%slog\nlocal_interfaces = <; [" + addr.Addr().String() + "]:" + strconv.Itoa(int(addr.Port())) + "\n" + conf
	confFile := filepath.Join(dir, "exim.conf")
	if err := os.WriteFile(confFile, []byte(conf), 0o644); err != nil {
		return nil, err
	}
	pidFile := filepath.Join(dir, "exim.pid")
	cmd := exec.Command(bin, "-C", confFile, "-bd", "-oP", pidFile)
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("%v: %s", err, out)
	}
	stop := func() {
		b, _ := os.ReadFile(pidFile)
		if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && pid > 0 {
			syscall.Kill(pid, syscall.SIGTERM)
		}
	}
	if err := waitListening(addr); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log", "paniclog"))
		stop()
		return nil, fmt.Errorf("%v; paniclog: %s", err, log)
	}
	return stop, nil
}

// startGarbageStartTLS is a scripted peer: it greets, offers STARTTLS,
// answers it with "220 2.0.0 Ready to start TLS" and then writes plaintext
// where the TLS handshake should be (what a broken middlebox or a
// misconfigured proxy does). No real server does this on purpose.
func startGarbageStartTLS(addr netip.AddrPort) (func(), error) {
	l, err := net.Listen("tcp", addr.String())
	if err != nil {
		return nil, err
	}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				c.SetDeadline(time.Now().Add(30 * time.Second))
				r := bufio.NewReader(c)
				fmt.Fprintf(c, "220 mx.whichport.test ESMTP\r\n")
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					cmd := strings.ToUpper(strings.TrimSpace(line))
					switch {
					case strings.HasPrefix(cmd, "EHLO"):
						fmt.Fprintf(c, "250-mx.whichport.test\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 8BITMIME\r\n")
					case strings.HasPrefix(cmd, "HELO"):
						fmt.Fprintf(c, "250 mx.whichport.test\r\n")
					case cmd == "STARTTLS":
						fmt.Fprintf(c, "220 2.0.0 Ready to start TLS\r\n")
						// Let the client start its handshake, then answer it
						// with text.
						buf := make([]byte, 4096)
						c.SetReadDeadline(time.Now().Add(2 * time.Second))
						c.Read(buf)
						fmt.Fprintf(c, "500 5.5.1 Error: command not recognized\r\n")
						time.Sleep(200 * time.Millisecond)
						return
					case cmd == "QUIT":
						fmt.Fprintf(c, "221 2.0.0 Bye\r\n")
						return
					default:
						fmt.Fprintf(c, "502 5.5.2 Error: command not recognized\r\n")
					}
				}
			}()
		}
	}()
	return func() { l.Close() }, nil
}

// startDropping listens on port with an accept queue of one, fills the
// queue with a connection of its own and never accepts: further connection
// attempts get no answer (their SYNs are dropped), as behind a firewall
// that drops packets.
func startDropping(addr netip.AddrPort) (func(), error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		return nil, err
	}
	syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_REUSEADDR, 1)
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Port: int(addr.Port()), Addr: addr.Addr().As4()}); err != nil {
		syscall.Close(fd)
		return nil, fmt.Errorf("dropping port %s: %w", addr, err)
	}
	if err := syscall.Listen(fd, 0); err != nil {
		syscall.Close(fd)
		return nil, err
	}
	var held []net.Conn
	for range 2 {
		c, err := net.DialTimeout("tcp", addr.String(), 500*time.Millisecond)
		if err != nil {
			break
		}
		held = append(held, c)
	}
	if len(held) == 0 {
		syscall.Close(fd)
		return nil, errors.New("dropping port: could not fill the accept queue")
	}
	c, err := net.DialTimeout("tcp", addr.String(), 500*time.Millisecond)
	if err == nil {
		c.Close()
		syscall.Close(fd)
		return nil, errors.New("dropping port: still accepts connections with a full queue")
	}
	return func() {
		for _, c := range held {
			c.Close()
		}
		syscall.Close(fd)
	}, nil
}

// Fixed validity dates keep the texts that print them stable.
var (
	validFrom   = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	validUntil  = time.Date(2036, 1, 1, 0, 0, 0, 0, time.UTC)
	expiredFrom = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	expiredTo   = time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
)

// writeCertificates writes the test CA (ca.crt) and, as NAME.crt/NAME.key,
// the server certificates: good (localhost, mx.whichport.test and
// 127.0.0.1), expired, selfsigned, wrongname (mail.other.test only) and
// noipsan (DNS names only).
func writeCertificates(dir string) error {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "whichport corpus CA", Organization: []string{"whichport"}},
		NotBefore: validFrom, NotAfter: validUntil,
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return err
	}
	ca, _ := x509.ParseCertificate(caDER)
	if err := writePEM(filepath.Join(dir, "ca.crt"), "CERTIFICATE", caDER); err != nil {
		return err
	}
	// Every corpus address, so that only the intended fault shows.
	var lo []net.IP
	for _, s := range allScenarios() {
		if ip := net.IP(s.server.Addr().AsSlice()); !slices.ContainsFunc(lo, ip.Equal) {
			lo = append(lo, ip)
		}
	}
	for i, c := range []struct {
		name       string
		dns        []string
		ips        []net.IP
		from, to   time.Time
		selfSigned bool
	}{
		{"good", []string{"localhost", "mx.whichport.test"}, lo, validFrom, validUntil, false},
		{"expired", []string{"localhost", "mx.whichport.test"}, lo, expiredFrom, expiredTo, false},
		{"selfsigned", []string{"localhost", "mx.whichport.test"}, lo, validFrom, validUntil, true},
		{"wrongname", []string{"mail.other.test"}, nil, validFrom, validUntil, false},
		{"noipsan", []string{"localhost", "mx.whichport.test"}, nil, validFrom, validUntil, false},
	} {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return err
		}
		tmpl := &x509.Certificate{
			SerialNumber: big.NewInt(int64(100 + i)), Subject: pkix.Name{CommonName: c.dns[0]},
			DNSNames: c.dns, IPAddresses: c.ips, NotBefore: c.from, NotAfter: c.to,
			KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		}
		parent, signer := ca, caKey
		if c.selfSigned {
			tmpl.IsCA, tmpl.BasicConstraintsValid = true, true
			tmpl.KeyUsage |= x509.KeyUsageCertSign
			parent, signer = tmpl, key
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, signer)
		if err != nil {
			return err
		}
		keyDER, err := x509.MarshalPKCS8PrivateKey(key)
		if err != nil {
			return err
		}
		if err := writePEM(filepath.Join(dir, c.name+".crt"), "CERTIFICATE", der); err != nil {
			return err
		}
		// Readable by Exim's and Postfix's users: a throwaway test key.
		if err := writePEM(filepath.Join(dir, c.name+".key"), "PRIVATE KEY", keyDER); err != nil {
			return err
		}
	}
	return nil
}

func writePEM(path, typ string, der []byte) error {
	return os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o644)
}
