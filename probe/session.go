package probe

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// session is the dialogue with one address in one mode.
type session struct {
	ctx    context.Context
	cfg    *Config
	t      Target
	ip     netip.Addr
	addr   string
	mode   Mode
	onStep func(Step)
	lim    Limits

	start time.Time
	raw   net.Conn // the TCP connection, budgeted
	conn  net.Conn // raw, or the TLS connection over it
	br    *bufio.Reader
	res   AddressResult

	logMu sync.Mutex // the side TLS probe logs while the greeting is awaited
}

func newSession(ctx context.Context, cfg *Config, t Target, ip netip.Addr, addr string, mode Mode, onStep func(Step)) *session {
	return &session{
		ctx: ctx, cfg: cfg, t: t, ip: ip, addr: addr, mode: mode, onStep: onStep, lim: cfg.Limits,
		start: cfg.now(),
		res:   AddressResult{IP: ip.String(), Mode: mode, Steps: []Step{}, Transcript: []TranscriptLine{}},
	}
}

func (s *session) ms() int64 { return s.cfg.now().Sub(s.start).Milliseconds() }

func (s *session) log(dir, text string) {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	s.res.Transcript = append(s.res.Transcript, TranscriptLine{MS: s.ms(), Dir: dir, Text: printable(text)})
}

func (s *session) step(name string, began time.Time, ok bool, detail string) Step {
	st := Step{Name: name, OK: ok, MS: s.cfg.now().Sub(began).Milliseconds(), Detail: detail}
	s.res.Steps = append(s.res.Steps, st)
	if s.onStep != nil {
		s.onStep(st)
	}
	return st
}

func (s *session) fail(outcome string, err error) {
	if cerr := s.ctx.Err(); cerr != nil && (outcome == OutcomeClosed || outcome == OutcomeError || outcome == OutcomeNoGreeting) {
		outcome, err = OutcomeError, errors.New("probe stopped (time limit or cancelled): "+cerr.Error())
	}
	s.res.Outcome = outcome
	if err != nil && s.res.Error == "" {
		s.res.Error = err.Error()
	}
}

// setDeadline gives the next exchange d, or less if the context ends first.
func (s *session) setDeadline(c net.Conn, d time.Duration) {
	dl := time.Now().Add(d)
	if cd, ok := s.ctx.Deadline(); ok && cd.Before(dl) {
		dl = cd
	}
	c.SetDeadline(dl)
	if s.ctx.Err() != nil { // cancelled meanwhile: the AfterFunc may have run before us
		c.SetDeadline(aLongTimeAgo)
	}
}

var aLongTimeAgo = time.Unix(1, 0)

// abort unblocks whatever I/O is pending on c: a deadline in the past for
// connections that honour it for pending reads, and Close for those that do
// not (the Workers sockets dialer applies deadlines to future reads only).
func abort(c net.Conn) {
	c.SetDeadline(aLongTimeAgo)
	c.Close()
}

// run performs the whole dialogue; the outcome is in s.res.
func (s *session) run() {
	began := s.cfg.now()
	dctx, cancel := context.WithTimeout(s.ctx, s.cfg.connectTimeout())
	conn, err := s.cfg.dialer().DialContext(dctx, "tcp", s.addr)
	cancel()
	if err != nil {
		outcome := DialOutcome(err, dctx)
		s.step("connect", began, false, outcome+": "+err.Error())
		s.log("i", "connect to "+s.addr+" failed: "+err.Error())
		s.fail(outcome, err)
		return
	}
	s.step("connect", began, true, s.addr)
	s.log("i", "connected to "+s.addr)
	s.raw = &budgetConn{Conn: quickAck(conn), left: s.cfg.maxBytes()}
	s.conn = s.raw
	stop := context.AfterFunc(s.ctx, func() { abort(conn) })
	defer func() {
		stop()
		s.conn.Close()
		if s.res.Outcome == "" {
			s.res.Outcome = OutcomeOK
		}
	}()

	if s.mode == ModeImplicit {
		if !s.handshake("tls") {
			return
		}
		s.br = bufio.NewReader(s.conn)
		if !s.greeting() {
			return
		}
		if !s.ehlo("ehlo", &s.res.EHLO.After) {
			return
		}
		s.res.EHLO.Before = nil
		s.quit()
		return
	}

	s.br = bufio.NewReader(s.conn)
	if !s.greeting() {
		return
	}
	if !s.ehlo("ehlo", &s.res.EHLO.Before) {
		return
	}
	caps := s.res.EHLO.Before
	s.res.StartTLS = &StartTLSInfo{Offered: caps != nil && caps.StartTLS}
	if !s.res.StartTLS.Offered {
		s.fail(OutcomeNoStartTLS, errors.New("STARTTLS not offered in the EHLO reply"))
		s.quit()
		return
	}
	began = s.cfg.now()
	reply, err := s.command("STARTTLS", s.cfg.stepTimeout())
	if err != nil {
		s.step("starttls", began, false, err.Error())
		s.fail(readOutcome(err), err)
		return
	}
	s.res.StartTLS.Reply = &reply
	if reply.Code != 220 {
		s.step("starttls", began, false, replySummary(reply))
		s.fail(OutcomeStartTLSFailed, reply.Err())
		// Never go on in cleartext after a refused STARTTLS (RFC 3207 §4.1).
		s.quit()
		return
	}
	s.step("starttls", began, true, replySummary(reply))
	if n := s.br.Buffered(); n > 0 {
		// Plaintext sent after "220 go ahead" would be read as if it came
		// over TLS (CVE-2011-0411 style injection): drop it and say so.
		s.log("i", "the server sent "+itoa(n)+" bytes of plaintext after its 220 to STARTTLS: ignored")
	}
	if !s.handshake("tls") {
		return
	}
	s.br = bufio.NewReader(s.conn)
	if !s.ehlo("ehlo-after-tls", &s.res.EHLO.After) {
		return
	}
	s.quit()
}

func replySummary(r Reply) string {
	line := ""
	if len(r.Lines) > 0 {
		line = r.Lines[0]
	}
	return itoa(r.Code) + " " + truncate(line, 200)
}

// command writes one line and waits for its whole reply.
func (s *session) command(line string, timeout time.Duration) (Reply, error) {
	if err := checkLine(line); err != nil {
		return Reply{}, err
	}
	s.setDeadline(s.conn, timeout)
	s.log("c", line)
	if _, err := io.WriteString(s.conn, line+"\r\n"); err != nil {
		return Reply{}, err
	}
	return s.readReply()
}

func (s *session) readReply() (Reply, error) {
	var r Reply
	_, err := readReply(s.br, s.lim, &r, func(l string) { s.log("s", l) })
	if err != nil {
		s.log("i", "read failed: "+err.Error())
	}
	return r, err
}

// greeting waits for the 220, up to GreetingTimeout. On a STARTTLS probe,
// a server still silent after SlowGreeting is also tried with TLS on a second
// connection: an implicit-TLS port waits for the client and never greets.
func (s *session) greeting() bool {
	began := s.cfg.now()
	s.setDeadline(s.conn, s.cfg.greetingTimeout())

	var side *sideTLS
	if s.mode == ModeStartTLS {
		side = startSideTLS(s, s.cfg.slowGreeting())
	}
	reply, err := s.readReply()
	sideResult := ""
	if side != nil {
		sideResult = side.finish()
	}
	took := s.cfg.now().Sub(began)
	s.res.GreetingMS = took.Milliseconds()
	if err != nil {
		if sideResult != "" {
			s.step("greeting", began, false, "no greeting; TLS answered on a second connection")
			s.res.OtherMode, s.res.OtherModeDetail = true, sideResult
			s.fail(OutcomeOtherMode, ErrOtherMode)
			return false
		}
		outcome, detail := s.classifyGreetingError(err)
		s.step("greeting", began, false, detail)
		s.fail(outcome, errors.New(detail))
		return false
	}
	s.res.Greeting = &reply
	slow := took > s.cfg.slowGreeting()
	s.res.GreetingSlow = slow
	detail := replySummary(reply)
	if slow {
		detail = "slow (" + itoa(int(took.Milliseconds())) + " ms): " + detail
	}
	if reply.Code != 220 {
		s.step("greeting", began, false, detail)
		s.fail(OutcomeRejected, reply.Err())
		if reply.Code == 554 {
			// RFC 5321 §3.1: the client should send QUIT and wait.
			s.quit()
		}
		return false
	}
	s.step("greeting", began, true, detail)
	return true
}

func (s *session) classifyGreetingError(err error) (outcome, detail string) {
	var me *malformedError
	switch {
	case errors.As(err, &me) || errors.Is(err, ErrLineTooLong):
		if looksLikeTLS(me) {
			s.res.OtherMode = true
			s.res.OtherModeDetail = "a TLS record came instead of a plaintext greeting"
			return OutcomeOtherMode, "TLS instead of a plaintext greeting: this port speaks implicit TLS"
		}
		return OutcomeError, "not an SMTP greeting: " + err.Error()
	case isTimeout(err):
		return OutcomeNoGreeting, "no greeting within " + s.cfg.greetingTimeout().String()
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return OutcomeClosed, "the server closed the connection without a greeting"
	case isReset(err):
		return OutcomeReset, "connection reset before the greeting"
	}
	return readOutcome(err), err.Error()
}

// looksLikeTLS: a TLS record header (handshake 0x16 or alert 0x15, version
// 0x03 0x0N) where a reply line was expected.
func looksLikeTLS(me *malformedError) bool {
	if me == nil || len(me.line) < 2 {
		return false
	}
	return (me.line[0] == 0x16 || me.line[0] == 0x15) && me.line[1] == 0x03
}

// ehlo sends EHLO (HELO on 500/502) and parses the reply into *into.
func (s *session) ehlo(stepName string, into **Capabilities) bool {
	began := s.cfg.now()
	name := s.cfg.ehloName()
	reply, err := s.command("EHLO "+name, s.cfg.stepTimeout())
	if err != nil {
		s.step(stepName, began, false, err.Error())
		s.fail(readOutcome(err), err)
		return false
	}
	if reply.Code == 500 || reply.Code == 502 {
		// RFC 5321 §4.1.1.1: an old server; HELO gives no capabilities.
		reply, err = s.command("HELO "+name, s.cfg.stepTimeout())
		if err != nil {
			s.step(stepName, began, false, "EHLO refused; HELO: "+err.Error())
			s.fail(readOutcome(err), err)
			return false
		}
		if reply.Code != 250 {
			s.step(stepName, began, false, "EHLO and HELO refused: "+replySummary(reply))
			s.fail(OutcomeRejected, reply.Err())
			s.quit()
			return false
		}
		*into = &Capabilities{Reply: reply, Auth: []string{}, Keywords: []string{}}
		s.step(stepName, began, true, "HELO (EHLO refused): "+replySummary(reply))
		return true
	}
	if reply.Code != 250 {
		s.step(stepName, began, false, replySummary(reply))
		s.fail(OutcomeRejected, reply.Err())
		s.quit()
		return false
	}
	caps := ParseCapabilities(reply)
	*into = &caps
	s.step(stepName, began, true, itoa(len(caps.Keywords))+" extensions")
	return true
}

// quit says goodbye. By default it does not wait for the 221: the reply
// tells nothing, and waiting for it would add a round trip to every probe.
func (s *session) quit() {
	began := s.cfg.now()
	if !s.cfg.AwaitQuitReply {
		if err := checkLine("QUIT"); err == nil {
			s.setDeadline(s.conn, s.cfg.stepTimeout())
			s.log("c", "QUIT")
			_, err = io.WriteString(s.conn, "QUIT\r\n")
			if err != nil {
				s.step("quit", began, false, err.Error())
				return
			}
		}
		s.step("quit", began, true, "sent; not waiting for the 221")
		return
	}
	to := s.cfg.stepTimeout()
	if to > quitTimeout {
		to = quitTimeout
	}
	reply, err := s.command("QUIT", to)
	if err != nil {
		s.step("quit", began, false, err.Error())
		return
	}
	s.step("quit", began, reply.Code == 221, replySummary(reply))
}

// ParseCapabilities reads an EHLO reply (RFC 5321 §4.1.1.1): the first line
// is the server's name, each further line one extension keyword and its
// parameters.
func ParseCapabilities(r Reply) Capabilities {
	c := Capabilities{Reply: r, Auth: []string{}, Keywords: []string{}}
	for i, line := range r.Lines {
		if i == 0 {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		kw := strings.ToUpper(fields[0])
		params := fields[1:]
		if strings.HasPrefix(kw, "AUTH=") { // pre-RFC 4954 form "AUTH=LOGIN PLAIN"
			params = append([]string{kw[5:]}, params...)
			kw = "AUTH"
		}
		c.Keywords = append(c.Keywords, kw)
		switch kw {
		case "STARTTLS":
			c.StartTLS = true
		case "AUTH":
			for _, p := range params {
				p = strings.ToUpper(p)
				if !contains(c.Auth, p) {
					c.Auth = append(c.Auth, p)
				}
			}
		case "SIZE":
			if len(params) > 0 {
				var n int64
				for _, ch := range params[0] {
					if ch < '0' || ch > '9' || n > 1<<50 {
						n = 0
						break
					}
					n = n*10 + int64(ch-'0')
				}
				c.Size = n
			}
		case "PIPELINING":
			c.Pipelining = true
		case "8BITMIME":
			c.EightBit = true
		case "SMTPUTF8":
			c.SMTPUTF8 = true
		case "REQUIRETLS":
			c.RequireTLS = true
		case "CHUNKING":
			c.Chunking = true
		case "DSN":
			c.DSN = true
		case "ENHANCEDSTATUSCODES":
			c.Enhanced = true
		}
	}
	return c
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// budgetConn fails reads once the connection has delivered its byte budget.
type budgetConn struct {
	net.Conn
	mu   sync.Mutex
	left int
	read int // bytes read so far
}

// bytesRead is how much the peer has sent so far.
func (c *budgetConn) bytesRead() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.read
}

func (c *budgetConn) Read(p []byte) (int, error) {
	c.mu.Lock()
	left := c.left
	c.mu.Unlock()
	if left <= 0 {
		return 0, ErrTooMuchData
	}
	if len(p) > left {
		p = p[:left]
	}
	n, err := c.Conn.Read(p)
	c.mu.Lock()
	c.left -= n
	c.read += n
	c.mu.Unlock()
	return n, err
}

// DialOutcome classifies a failed connect (err from dialing with dctx) as
// the probe's "connect" step does: refused, reset, timeout, unreachable or
// error.
func DialOutcome(err error, dctx context.Context) string {
	switch {
	case isRefused(err):
		return OutcomeRefused
	case isReset(err):
		return OutcomeReset
	case isTimeout(err) || errors.Is(dctx.Err(), context.DeadlineExceeded):
		return OutcomeTimeout
	case errors.Is(err, syscall.EHOSTUNREACH) || errors.Is(err, syscall.ENETUNREACH) ||
		strings.Contains(err.Error(), "unreachable"):
		return OutcomeUnreachable
	}
	return OutcomeError
}

// isRefused and isReset also read Windows' texts (WSAECONNREFUSED,
// WSAECONNRESET), which syscall's Unix errno values do not match there.
func isRefused(err error) bool {
	e := err.Error()
	return errors.Is(err, syscall.ECONNREFUSED) || strings.Contains(e, "connection refused") || strings.Contains(e, "actively refused")
}

func isReset(err error) bool {
	e := err.Error()
	return errors.Is(err, syscall.ECONNRESET) || strings.Contains(e, "connection reset") || strings.Contains(e, "forcibly closed by the remote host")
}

func isTimeout(err error) bool {
	if errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// readOutcome classifies a failure in the middle of the dialogue.
func readOutcome(err error) string {
	switch {
	case isReset(err):
		return OutcomeReset
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed):
		return OutcomeClosed
	}
	return OutcomeError
}

// itoa is strconv.Itoa, short for the many messages here.
func itoa(n int) string { return strconv.Itoa(n) }

var _ = tls.VersionTLS13
