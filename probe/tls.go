package probe

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/whichport/whichport/rules"
)

// allCipherSuites offers everything crypto/tls implements, the insecure
// suites included: a prober wants to see what the server picks, it sends no
// secret over the session.
var allCipherSuites = func() []uint16 {
	var ids []uint16
	for _, cs := range tls.CipherSuites() {
		ids = append(ids, cs.ID)
	}
	for _, cs := range tls.InsecureCipherSuites() {
		ids = append(ids, cs.ID)
	}
	return ids
}()

// serverName is the SNI to send: the host as typed, unless it is an address.
func serverName(host string) string {
	h := strings.TrimSuffix(strings.Trim(host, "[]"), ".")
	if _, err := netip.ParseAddr(h); err == nil {
		return ""
	}
	return h
}

func tlsConfig(host string, min, max uint16, onState func(tls.ConnectionState)) *tls.Config {
	return &tls.Config{
		ServerName: serverName(host),
		// Verification is done by the prober itself (verifyCertificates), so
		// that the handshake completes and the chain can be reported even
		// when it does not verify.
		InsecureSkipVerify: true,
		VerifyConnection: func(cs tls.ConnectionState) error {
			if onState != nil {
				onState(cs)
			}
			return nil
		},
		MinVersion:   min,
		MaxVersion:   max,
		CipherSuites: allCipherSuites,
	}
}

// handshake runs the TLS client handshake over s.raw and describes the
// session in s.res.TLS.
func (s *session) handshake(stepName string) bool {
	began := s.cfg.now()
	var state *tls.ConnectionState
	var under net.Conn = s.raw
	var capture *captureConn
	timeout := s.cfg.stepTimeout()
	if s.mode == ModeImplicit {
		capture = &captureConn{Conn: s.raw}
		under = capture
		// A plaintext server may hold its greeting (greet-pause), and only
		// the greeting tells it apart from a silent TLS server.
		timeout = s.cfg.greetingTimeout()
	}
	tc := tls.Client(under, tlsConfig(s.t.Host, tls.VersionTLS10, tls.VersionTLS13, func(cs tls.ConnectionState) { state = &cs }))
	s.setDeadline(s.raw, timeout)
	err := tc.Handshake()
	if state != nil {
		s.res.TLS = describeTLS(*state, s.cfg, s.t)
		if len(s.t.TLSA) > 0 {
			s.res.DANE = matchDANE(s.t.TLSA, state.PeerCertificates, s.t.Host, s.cfg.now())
		}
	}
	if err != nil {
		outcome, detail := OutcomeTLSFailed, "TLS handshake failed: "+err.Error()
		var rh tls.RecordHeaderError
		switch {
		case errors.As(err, &rh) && capture != nil && looksLikeReply(capture.buf.Bytes()):
			line := s.restOfLine(capture.buf.Bytes())
			s.log("s", line)
			outcome = OutcomeOtherMode
			detail = "a plaintext SMTP greeting came instead of TLS: " + truncate(line, 200)
			s.res.OtherMode, s.res.OtherModeDetail = true, detail
			if r, perr := ReadReply(bufio.NewReader(strings.NewReader(line+"\r\n")), s.lim); perr == nil {
				s.res.Greeting = &r
			}
		case errors.As(err, &rh):
			detail = "the server did not answer with TLS (first bytes " + strconv.Quote(string(rh.RecordHeader[:])) + ")"
			err = errors.Join(ErrNotTLS, err)
		case isTLSAlert(err):
			detail = "the server refused the TLS handshake: " + err.Error()
		case isTimeout(err):
			detail = "no TLS answer within " + timeout.String()
		}
		s.step(stepName, began, false, detail)
		s.log("i", detail)
		s.fail(outcome, err)
		return false
	}
	s.conn = tc
	info := s.res.TLS
	s.step(stepName, began, true, info.Version+" "+info.Cipher)
	s.log("i", tlsSummary(info))
	return true
}

func tlsSummary(info *TLSInfo) string {
	var b strings.Builder
	b.WriteString("TLS handshake: " + info.Version + ", " + info.Cipher)
	if len(info.Chain) > 0 {
		b.WriteString(", certificate " + info.Chain[0].Subject)
	}
	if info.Verified {
		b.WriteString(", verified")
	} else {
		b.WriteString(", not verified: " + info.VerifyError)
	}
	return b.String()
}

// looksLikeReply: three digits then space, dash or line end.
func looksLikeReply(b []byte) bool {
	if len(b) < 3 {
		return false
	}
	for _, c := range b[:3] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) == 3 || b[3] == ' ' || b[3] == '-' || b[3] == '\r' || b[3] == '\n'
}

// restOfLine returns the first line of what the server sent, reading a
// little more when the TLS layer stopped mid-line.
func (s *session) restOfLine(got []byte) string {
	if i := bytes.IndexByte(got, '\n'); i >= 0 {
		return strings.TrimRight(string(got[:i]), "\r")
	}
	s.setDeadline(s.raw, time.Second)
	br := bufio.NewReader(s.raw)
	rest, _ := readLine(br, s.lim.maxLineLength())
	return strings.TrimRight(string(got), "\r\n") + rest
}

// captureConn keeps the first bytes read, to tell what came instead of TLS.
type captureConn struct {
	net.Conn
	buf bytes.Buffer
}

func (c *captureConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if room := 1024 - c.buf.Len(); room > 0 {
		c.buf.Write(p[:min(n, room)])
	}
	return n, err
}

// describeTLS reports the session, the chain and its verification.
func describeTLS(cs tls.ConnectionState, cfg *Config, t Target) *TLSInfo {
	info := &TLSInfo{
		Version: tls.VersionName(cs.Version),
		Cipher:  tls.CipherSuiteName(cs.CipherSuite),
		Chain:   []Cert{},
	}
	for _, c := range cs.PeerCertificates {
		info.Chain = append(info.Chain, describeCert(c))
	}
	v := verifyCertificates(cs.PeerCertificates, cfg.Roots, t.Host, cfg.now())
	info.Verified, info.VerifyError = v.verified, v.err
	info.ChainVerified = v.chainOK
	info.HostnameMatch, info.HostnameError = v.hostOK, v.hostErr
	info.Problems = v.problems
	return info
}

type verification struct {
	verified, chainOK, hostOK bool
	err, hostErr              string
	problems                  []rules.CertProblem
}

// verifyCertificates checks the chain against roots (system roots when nil)
// and the leaf against host, the name the caller asked for (RFC 7817).
func verifyCertificates(certs []*x509.Certificate, roots *x509.CertPool, host string, now time.Time) verification {
	var v verification
	if len(certs) == 0 {
		v.err = "the server sent no certificate"
		v.hostErr = v.err
		return v
	}
	inter := x509.NewCertPool()
	for _, c := range certs[1:] {
		inter.AddCert(c)
	}
	leaf := certs[0]
	name := strings.TrimSuffix(strings.Trim(host, "[]"), ".")
	_, chainErr := leaf.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, CurrentTime: now})
	hostErr := leaf.VerifyHostname(name)
	v.chainOK, v.hostOK = chainErr == nil, hostErr == nil
	v.verified = v.chainOK && v.hostOK
	v.problems = certProblems(certs, roots, name, now, chainErr, hostErr)
	if hostErr != nil {
		v.hostErr = hostErr.Error()
	}
	switch {
	case chainErr != nil:
		v.err = chainErr.Error()
	case hostErr != nil:
		v.err = hostErr.Error()
	}
	return v
}

func describeCert(c *x509.Certificate) Cert {
	sum := sha256.Sum256(c.Raw)
	out := Cert{
		Subject:            c.Subject.String(),
		Issuer:             c.Issuer.String(),
		NotBefore:          c.NotBefore.UTC(),
		NotAfter:           c.NotAfter.UTC(),
		SignatureAlgorithm: c.SignatureAlgorithm.String(),
		SHA256:             hex.EncodeToString(sum[:]),
		SANs:               []string{},
	}
	out.SANs = append(out.SANs, c.DNSNames...)
	for _, ip := range c.IPAddresses {
		out.SANs = append(out.SANs, ip.String())
	}
	out.SANs = append(out.SANs, c.EmailAddresses...)
	for _, u := range c.URIs {
		out.SANs = append(out.SANs, u.String())
	}
	switch k := c.PublicKey.(type) {
	case *rsa.PublicKey:
		out.KeyType, out.KeyBits = "RSA", k.N.BitLen()
	case *ecdsa.PublicKey:
		out.KeyType, out.KeyBits = "ECDSA", k.Curve.Params().BitSize
	case ed25519.PublicKey:
		out.KeyType, out.KeyBits = "Ed25519", 256
	default:
		out.KeyType = c.PublicKeyAlgorithm.String()
	}
	return out
}

// oldTLSChecks are the TLS 1.0 and 1.1 acceptance checks of one address.
type oldTLSChecks struct {
	cancel   context.CancelFunc
	wg       sync.WaitGroup
	accepted [2]bool
}

var oldVersions = [2]uint16{tls.VersionTLS10, tls.VersionTLS11}

func startOldTLSChecks(ctx context.Context, cfg *Config, t Target, addr string, mode Mode) *oldTLSChecks {
	ctx, cancel := context.WithCancel(ctx)
	o := &oldTLSChecks{cancel: cancel}
	for i, v := range oldVersions {
		o.wg.Add(1)
		go func() {
			defer o.wg.Done()
			o.accepted[i] = oldTLSAccepted(ctx, cfg, t, addr, mode, v)
		}()
	}
	return o
}

func (o *oldTLSChecks) stop() {
	o.cancel()
	o.wg.Wait()
}

// wait returns the old versions the server accepted, giving the checks at
// most grace more; complete is false when they had to be cut short.
func (o *oldTLSChecks) wait(grace time.Duration) (accepted []string, complete bool) {
	done := make(chan struct{})
	go func() {
		o.wg.Wait()
		close(done)
	}()
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
		o.cancel()
		<-done
		return nil, false
	}
	o.cancel()
	var out []string
	for i, ok := range o.accepted {
		if ok {
			out = append(out, tls.VersionName(oldVersions[i]))
		}
	}
	return out, true
}

// oldTLSGrace is how long a finished probe waits for its TLS 1.0/1.1
// checks (they usually end first: they need fewer round trips).
var oldTLSGrace = 3 * time.Second

// oldTLSAccepted runs the dialogue up to the handshake on its own connection
// with only version v offered, and reports whether the server accepted it.
func oldTLSAccepted(ctx context.Context, cfg *Config, t Target, addr string, mode Mode, v uint16) bool {
	dctx, cancel := context.WithTimeout(ctx, cfg.connectTimeout())
	conn, err := cfg.dialer().DialContext(dctx, "tcp", addr)
	cancel()
	if err != nil {
		return false
	}
	stop := context.AfterFunc(ctx, func() { abort(conn) })
	defer stop()
	raw := &budgetConn{Conn: conn, left: cfg.maxBytes()}
	defer raw.Close()
	s := &session{ctx: ctx, cfg: cfg, lim: cfg.Limits, conn: raw, start: cfg.now()}
	if mode == ModeStartTLS {
		s.br = bufio.NewReader(raw)
		s.setDeadline(raw, cfg.greetingTimeout())
		if r, err := s.readReply(); err != nil || r.Code != 220 {
			return false
		}
		r, err := s.command("EHLO "+cfg.ehloName(), cfg.stepTimeout())
		if err != nil || r.Code != 250 || !ParseCapabilities(r).StartTLS {
			return false
		}
		if r, err := s.command("STARTTLS", cfg.stepTimeout()); err != nil || r.Code != 220 {
			return false
		}
	}
	// The server has accepted v once it sends its certificate under v: stop
	// there (one round trip), rather than finish the handshake (two with
	// TLS 1.0 and 1.1), so that this check ends before the main dialogue.
	accepted := false
	conf := tlsConfig(t.Host, v, v, nil)
	conf.VerifyConnection = func(cs tls.ConnectionState) error {
		accepted = cs.Version == v
		return errOldTLSSeen
	}
	tc := tls.Client(raw, conf)
	s.setDeadline(raw, cfg.stepTimeout())
	err = tc.Handshake()
	return accepted || err == nil
}

var errOldTLSSeen = errors.New("probe: old TLS version accepted; handshake stopped")

// sideTLS tries TLS on a second connection when a STARTTLS probe waits for a
// greeting that does not come: an implicit-TLS port waits for the client.
type sideTLS struct {
	timer  *time.Timer
	cancel context.CancelFunc
	wg     sync.WaitGroup
	mu     sync.Mutex
	found  string
}

func startSideTLS(s *session, after time.Duration) *sideTLS {
	ctx, cancel := context.WithCancel(s.ctx)
	st := &sideTLS{cancel: cancel}
	st.wg.Add(1)
	st.timer = time.AfterFunc(after, func() {
		defer st.wg.Done()
		if ctx.Err() != nil {
			return
		}
		if b, ok := s.raw.(*budgetConn); ok && b.bytesRead() > 0 {
			// Part of a greeting came (postscreen's "220-" then a pause):
			// a plaintext server taking its time. Sending it anything
			// now would look like a client talking too early.
			return
		}
		s.log("i", "no greeting after "+after.String()+": trying TLS on a second connection")
		if found := implicitTLSAnswers(ctx, s.cfg, s.t, s.addr); found != "" {
			st.mu.Lock()
			st.found = found
			st.mu.Unlock()
			abort(s.raw) // stop waiting for the greeting
		}
	})
	return st
}

// finish stops the side probe (or waits for it) and returns what it found.
func (st *sideTLS) finish() string {
	if st.timer.Stop() {
		st.wg.Done() // never ran
	}
	st.cancel()
	st.wg.Wait()
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.found
}

// implicitTLSAnswers reports, in words, whether addr completes a TLS
// handshake (or answers a ClientHello with a TLS alert); "" when not.
func implicitTLSAnswers(ctx context.Context, cfg *Config, t Target, addr string) string {
	dctx, cancel := context.WithTimeout(ctx, cfg.connectTimeout())
	conn, err := cfg.dialer().DialContext(dctx, "tcp", addr)
	cancel()
	if err != nil {
		return ""
	}
	stop := context.AfterFunc(ctx, func() { abort(conn) })
	defer stop()
	defer conn.Close()
	raw := &budgetConn{Conn: conn, left: cfg.maxBytes()}
	tc := tls.Client(raw, tlsConfig(t.Host, tls.VersionTLS10, tls.VersionTLS13, nil))
	conn.SetDeadline(time.Now().Add(min(cfg.stepTimeout(), 10*time.Second)))
	err = tc.Handshake()
	switch {
	case err == nil:
		v := tls.VersionName(tc.ConnectionState().Version)
		tc.Close()
		return "no plaintext greeting, but a " + v + " handshake completed on a second connection: this port speaks implicit TLS"
	case isTLSAlert(err):
		return "no plaintext greeting, and a TLS alert answered a ClientHello on a second connection: this port speaks implicit TLS"
	}
	return ""
}

// isTLSAlert: the peer answered with a TLS alert (crypto/tls reports remote
// alerts as "remote error: tls: ..." over TCP, AlertError over QUIC).
func isTLSAlert(err error) bool {
	var alert tls.AlertError
	return errors.As(err, &alert) || strings.Contains(err.Error(), "remote error: tls:")
}
