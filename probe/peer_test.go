package probe

import (
	"bufio"
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"net"
	"net/netip"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// server is a scripted SMTP peer. Zero fields give a well-behaved
// submission server; each test sets the behaviour it needs.
type server struct {
	greeting   []string      // raw lines; default "220 mx.test ESMTP"
	greetDelay time.Duration // greet-pause
	partial    string        // sent before the greet-pause (postscreen's "220-")
	drip       time.Duration // send the greeting one byte at a time, this far apart
	silent     bool          // never say anything
	stallOld   bool          // a client offering at most TLS 1.1 gets no handshake reply
	raw        string        // send this instead of a greeting, then close
	ehlo       []string      // pre-TLS EHLO reply; default offers STARTTLS
	ehloAfter  []string      // post-TLS EHLO reply
	ehloCode   string        // "502" to refuse EHLO
	starttls   string        // STARTTLS reply; default "220 2.0.0 Ready to start TLS"
	afterTLS   string        // raw bytes sent instead of a TLS handshake after STARTTLS
	inject     string        // plaintext sent right behind the 220 to STARTTLS
	implicit   bool          // TLS first
	tls        *tls.Config
	lax        bool // do not answer 554 to a client that talks before the reply
	endless    bool // EHLO reply never ends
	hugeLine   int  // EHLO reply line of this many bytes

	mu    sync.Mutex
	conns []*bytes.Buffer // what each client wrote, byte for byte
	wg    sync.WaitGroup
}

// serverTLS is the TLS configuration after STARTTLS: with stallOld, a
// ClientHello offering at most TLS 1.1 (the probe's old-version checks) is
// never answered, so only the probe's own grace can end those connections.
func (s *server) serverTLS() *tls.Config {
	if !s.stallOld {
		return s.tls
	}
	cfg := s.tls.Clone()
	cfg.GetConfigForClient = func(hello *tls.ClientHelloInfo) (*tls.Config, error) {
		if slices.Max(hello.SupportedVersions) >= tls.VersionTLS12 {
			return nil, nil
		}
		io.Copy(io.Discard, hello.Conn) // until the client gives up
		return nil, errors.New("stalled")
	}
	return cfg
}

func (s *server) record() (*bytes.Buffer, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := &bytes.Buffer{}
	s.conns = append(s.conns, b)
	return b, len(s.conns)
}

// written returns what the first client wrote.
func (s *server) written() string {
	s.wg.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.conns) == 0 {
		return ""
	}
	return s.conns[0].String()
}

type peerConn struct {
	c   net.Conn
	br  *bufio.Reader
	got *bytes.Buffer
}

func (p *peerConn) send(lines ...string) error {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l + "\r\n")
	}
	_, err := p.c.Write([]byte(b.String()))
	return err
}

// early reports whether the client sent something before our reply (RFC
// 2920: it must wait), as Exim's synchronization check does.
func (p *peerConn) early() bool {
	if p.br.Buffered() > 0 {
		return true
	}
	p.c.SetReadDeadline(time.Now().Add(15 * time.Millisecond))
	_, err := p.br.Peek(1)
	p.c.SetReadDeadline(time.Time{})
	return err == nil
}

func (s *server) serve(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(20 * time.Second))
	got, _ := s.record()
	p := &peerConn{c: c, br: bufio.NewReader(c), got: got}
	if s.implicit {
		tc := tls.Server(c, s.tls)
		if tc.Handshake() != nil {
			return
		}
		p.c, p.br = tc, bufio.NewReader(tc)
	}
	if s.silent {
		p.br.ReadByte() // until the client gives up
		return
	}
	if s.partial != "" {
		p.send(s.partial)
	}
	if s.greetDelay > 0 {
		time.Sleep(s.greetDelay)
	}
	if s.raw != "" {
		p.c.Write([]byte(s.raw))
		return
	}
	if !s.lax && p.early() {
		p.send("554 5.5.1 SMTP synchronization error")
		return
	}
	greeting := s.greeting
	if greeting == nil {
		greeting = []string{"220 mx.test ESMTP"}
	}
	if s.drip > 0 {
		for _, b := range []byte(strings.Join(greeting, "\r\n") + "\r\n") {
			if _, err := p.c.Write([]byte{b}); err != nil {
				return
			}
			time.Sleep(s.drip)
		}
	} else if p.send(greeting...) != nil {
		return
	}
	if !strings.HasPrefix(greeting[len(greeting)-1], "220") {
		p.readCmd() // QUIT after a refusal
		p.send("221 2.0.0 Bye")
		return
	}
	tlsDone := s.implicit
	for {
		cmd, err := p.readCmd()
		if err != nil {
			return
		}
		if !s.lax && p.early() {
			p.send("554 5.5.1 SMTP synchronization error")
			return
		}
		verb := strings.ToUpper(strings.SplitN(cmd, " ", 2)[0])
		switch verb {
		case "EHLO":
			if s.ehloCode != "" {
				p.send(s.ehloCode + " 5.5.2 Command not recognized")
				continue
			}
			if s.endless {
				for i := 0; ; i++ {
					if p.send("250-X-FILLER"+itoa(i)) != nil {
						return
					}
				}
			}
			if s.hugeLine > 0 {
				p.send("250-mx.test", "250 "+strings.Repeat("A", s.hugeLine))
				continue
			}
			lines := s.ehlo
			if tlsDone {
				lines = s.ehloAfter
			}
			if lines == nil {
				lines = []string{"250-mx.test", "250-PIPELINING", "250-SIZE 10240000", "250-STARTTLS", "250-ENHANCEDSTATUSCODES", "250 8BITMIME"}
				if tlsDone {
					lines = []string{"250-mx.test", "250-PIPELINING", "250-SIZE 10240000", "250-AUTH PLAIN LOGIN", "250-ENHANCEDSTATUSCODES", "250-8BITMIME", "250-SMTPUTF8", "250-CHUNKING", "250 DSN"}
				}
			}
			p.send(lines...)
		case "HELO":
			p.send("250 mx.test")
		case "STARTTLS":
			if tlsDone {
				p.send("503 5.5.1 TLS already active")
				continue
			}
			reply := s.starttls
			if reply == "" {
				reply = "220 2.0.0 Ready to start TLS"
			}
			p.c.Write([]byte(reply + "\r\n" + s.inject))
			if !strings.HasPrefix(reply, "220") {
				continue
			}
			if s.afterTLS != "" {
				p.br.ReadByte() // the ClientHello has come
				p.c.Write([]byte(s.afterTLS))
				return
			}
			tc := tls.Server(p.c, s.serverTLS())
			if tc.Handshake() != nil {
				return
			}
			p.c, p.br = tc, bufio.NewReader(tc)
			tlsDone = true
		case "QUIT":
			p.send("221 2.0.0 Bye")
			return
		default:
			p.send("502 5.5.2 Not allowed here")
		}
	}
}

func (p *peerConn) readCmd() (string, error) {
	line, err := p.br.ReadString('\n')
	p.got.WriteString(line)
	return strings.TrimRight(line, "\r\n"), err
}

// pipeDialer connects every dial to the server over net.Pipe; failIPs fail
// with the given error instead.
type pipeDialer struct {
	srv   *server
	pipe  bool // net.Pipe (unbuffered) instead of a loopback TCP pair
	fail  map[string]error
	mu    sync.Mutex
	dials int
}

func (d *pipeDialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	d.mu.Lock()
	d.dials++
	d.mu.Unlock()
	host, _, _ := net.SplitHostPort(address)
	if err, ok := d.fail[host]; ok {
		if err == errBlackhole {
			<-ctx.Done()
			return nil, &net.OpError{Op: "dial", Net: "tcp", Err: ctx.Err()}
		}
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: err}
	}
	var c, s net.Conn
	if d.pipe {
		c, s = net.Pipe()
	} else {
		var err error
		if c, s, err = socketPair(); err != nil {
			return nil, err
		}
	}
	d.srv.wg.Add(1)
	go func() {
		defer d.srv.wg.Done()
		d.srv.serve(s)
	}()
	return c, nil
}

var errBlackhole = errors.New("blackhole")

var (
	pairMu       sync.Mutex
	pairListener net.Listener
)

// socketPair returns both ends of a loopback TCP connection: unlike
// net.Pipe, it buffers, so a peer may write while the other writes too.
func socketPair() (client, srv net.Conn, err error) {
	pairMu.Lock()
	defer pairMu.Unlock()
	if pairListener == nil {
		if pairListener, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
			return nil, nil, err
		}
	}
	if client, err = net.Dial("tcp", pairListener.Addr().String()); err != nil {
		return nil, nil, err
	}
	if srv, err = pairListener.Accept(); err != nil {
		client.Close()
		return nil, nil, err
	}
	return client, srv, nil
}

// mapResolver is a resolver built from data.
type mapResolver map[string][]netip.Addr

func (m mapResolver) LookupAddrs(ctx context.Context, host string) ([]netip.Addr, error) {
	a, ok := m[host]
	if !ok {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	return a, nil
}

var _ HostResolver = mapResolver(nil)
var _ Dialer = (*pipeDialer)(nil)

// checkGoroutines fails the test when goroutines started during it outlive
// it (the scripted servers' included, which end when the client hangs up).
func checkGoroutines(t *testing.T) {
	before := runtime.NumGoroutine()
	t.Cleanup(func() {
		deadline := time.Now().Add(2 * time.Second)
		for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if n := runtime.NumGoroutine(); n > before {
			buf := make([]byte, 1<<16)
			buf = buf[:runtime.Stack(buf, true)]
			t.Errorf("%d goroutines outlive the probe:\n%s", n-before, buf)
		}
	})
}

// testPKI is a CA, an intermediate and the leaves the tests need.
type testPKI struct {
	root     *x509.Certificate
	rootKey  any
	inter    *x509.Certificate
	interKey any
	roots    *x509.CertPool
}

var (
	pkiOnce sync.Once
	pki     *testPKI
)

func getPKI(t testing.TB) *testPKI {
	pkiOnce.Do(func() {
		p := &testPKI{}
		p.rootKey = mustECKey()
		p.root = mustCert(&x509.Certificate{
			Subject: pkix.Name{CommonName: "whichport test root"}, IsCA: true, BasicConstraintsValid: true,
			KeyUsage: x509.KeyUsageCertSign, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		}, nil, p.rootKey, nil)
		p.interKey = mustECKey()
		p.inter = mustCert(&x509.Certificate{
			Subject: pkix.Name{CommonName: "whichport test intermediate"}, IsCA: true, BasicConstraintsValid: true,
			KeyUsage: x509.KeyUsageCertSign, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		}, p.root, p.interKey, p.rootKey)
		p.roots = x509.NewCertPool()
		p.roots.AddCert(p.root)
		pki = p
	})
	return pki
}

func mustECKey() *ecdsa.PrivateKey {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	return k
}

var serial int64 = 100

func mustCert(tmpl, parent *x509.Certificate, key, parentKey any) *x509.Certificate {
	serial++
	tmpl.SerialNumber = big.NewInt(serial)
	if parent == nil {
		parent, parentKey = tmpl, key
	}
	pub := key.(crypto.Signer).Public()
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, parentKey)
	if err != nil {
		panic(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		panic(err)
	}
	return c
}

// leafOpts describe a server certificate.
type leafOpts struct {
	names     []string
	rsa       bool
	selfSign  bool
	viaInter  bool // signed by the intermediate, which the server sends too
	interOnly bool // signed by the intermediate, which the server does not send
	rsaBits   int  // an RSA key of this size (rsa: 2048)
	sigAlg    x509.SignatureAlgorithm
	notBefore time.Time
	notAfter  time.Time
}

func (p *testPKI) leaf(o leafOpts) tls.Certificate {
	var key any = mustECKey()
	if o.rsa || o.rsaBits > 0 {
		bits := o.rsaBits
		if bits == 0 {
			bits = 2048
		}
		k, err := rsa.GenerateKey(rand.Reader, bits)
		if err != nil {
			panic(err)
		}
		key = k
	}
	if o.notBefore.IsZero() {
		o.notBefore = time.Now().Add(-time.Hour)
	}
	if o.notAfter.IsZero() {
		o.notAfter = time.Now().Add(12 * time.Hour)
	}
	tmpl := &x509.Certificate{
		Subject: pkix.Name{CommonName: o.names[0]}, DNSNames: o.names,
		NotBefore: o.notBefore, NotAfter: o.notAfter,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		SignatureAlgorithm: o.sigAlg,
	}
	var parent *x509.Certificate
	var parentKey any
	switch {
	case o.selfSign:
	case o.viaInter, o.interOnly:
		parent, parentKey = p.inter, p.interKey
	default:
		parent, parentKey = p.root, p.rootKey
	}
	c := mustCert(tmpl, parent, key, parentKey)
	chain := [][]byte{c.Raw}
	if o.viaInter {
		chain = append(chain, p.inter.Raw)
	}
	return tls.Certificate{Certificate: chain, PrivateKey: key, Leaf: c}
}

func serverTLS(cert tls.Certificate) *tls.Config {
	return &tls.Config{Certificates: []tls.Certificate{cert}}
}

// testConfig is a Config for scripted peers: short timeouts, no old TLS check.
func testConfig(d Dialer) Config {
	return Config{
		Dialer: d, EHLOName: "probe.test", Roots: getPKI(nil).roots,
		GreetingTimeout: 2 * time.Second, StepTimeout: 2 * time.Second, ConnectTimeout: time.Second,
		SlowGreeting: time.Second, Total: 10 * time.Second, SkipOldTLSCheck: true,
	}
}

var loopback = []netip.Addr{netip.MustParseAddr("192.0.2.1")}

// run probes host mx.test over a pipe to srv.
func run(t *testing.T, srv *server, cfg Config, mode Mode, port int) Result {
	t.Helper()
	if srv.tls == nil {
		srv.tls = serverTLS(getPKI(t).leaf(leafOpts{names: []string{"mx.test"}}))
	}
	if cfg.Dialer == nil {
		cfg.Dialer = &pipeDialer{srv: srv}
	}
	res, err := Run(context.Background(), cfg, Target{Host: "mx.test", Port: port, Mode: mode, Addrs: loopback})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	srv.wg.Wait()
	return res
}

var _ = syscall.ECONNREFUSED
