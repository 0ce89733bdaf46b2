package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/whichport/whichport/check"
	"github.com/whichport/whichport/formats"
	"github.com/whichport/whichport/lookup"
	"github.com/whichport/whichport/probe"
)

// The answers of the live-check endpoints are check's types: the check
// itself lives in package check; this file only turns HTTP requests into
// calls of it and its results into JSON or server-sent events.
type (
	// CheckReport is the whole answer of /api/v1/check.
	CheckReport = check.Report
	// ProbeEntry is one probe of a check, and the answer of /api/v1/probe.
	ProbeEntry = check.ProbeEntry
	// ProbeResult is a finished probe's result.
	ProbeResult = check.ProbeResult
)

// checkConfig is the check configuration of this server: its DNS, its
// guarded dialer, its guard as the address policy, and its probe
// admission (per target and server-wide).
func (s *server) checkConfig(admit check.Admit) check.Config {
	return check.Config{
		Lookup:   s.cfg.Lookup,
		Resolver: s.cfg.Resolver,
		Dialer:   s.dialer,
		Policy:   s.guard,
		Admit:    admit,
		Probe:    s.cfg.Probe,

		From:     s.cfg.From,
		EHLOName: s.cfg.EHLOName,
		Roots:    s.cfg.Roots,

		Budget:          s.cfg.CheckBudget,
		ProbeTimeout:    s.cfg.ProbeTimeout,
		ConnectTimeout:  s.cfg.ConnectTimeout,
		GreetingTimeout: s.cfg.GreetingTimeout,
		MaxMX:           s.cfg.MaxMX,
		MaxAddrs:        s.cfg.MaxAddrs,

		Logger: s.cfg.Logger,
		Now:    s.cfg.Now,
	}
}

// portWords lists ports for a message: "25, 465 and 587".
func portWords(ports []int) string {
	var w []string
	for _, p := range ports {
		w = append(w, strconv.Itoa(p))
	}
	if len(w) < 2 {
		return strings.Join(w, "")
	}
	return strings.Join(w[:len(w)-1], ", ") + " and " + w[len(w)-1]
}

// wantsStream reports whether the client asked for server-sent events.
func wantsStream(c echo.Context) bool {
	if v := c.QueryParam("stream"); v == "1" || v == "true" {
		return true
	}
	return strings.Contains(c.Request().Header.Get("Accept"), "text/event-stream")
}

// events writes a check's events as server-sent events. The response
// starts with the first event, so an error found before it (a target not
// allowed) is still a plain JSON error. Safe for concurrent use with its
// heartbeat.
type events struct {
	res  *echo.Response
	done <-chan struct{} // the request's end

	mu      sync.Mutex
	started bool
	closed  bool
	stop    chan struct{} // ends the heartbeat
}

// heartbeat is how often a quiet stream gets a comment line, so that
// proxies do not close it while a probe waits for a slow server.
var heartbeat = 10 * time.Second

// newEvents returns the event writer of c, or nil when the client asked
// for JSON.
func newEvents(c echo.Context) *events {
	if !wantsStream(c) {
		return nil
	}
	// Never touch c later: echo reuses contexts after the handler returns.
	return &events{res: c.Response(), done: c.Request().Context().Done(), stop: make(chan struct{})}
}

// emit is the callback given to check; a nil *events drops everything.
func (ev *events) emit() func(check.Event) {
	if ev == nil {
		return nil
	}
	return ev.send
}

func (ev *events) send(e check.Event) {
	b, err := json.Marshal(e.Data)
	name := e.Name
	if err != nil {
		b, _ = json.Marshal(check.ErrorEvent{Error: "internal error encoding " + name})
		name = "error"
	}
	ev.mu.Lock()
	defer ev.mu.Unlock()
	if ev.closed {
		return
	}
	if !ev.started {
		ev.start()
	}
	fmt.Fprintf(ev.res, "event: %s\ndata: %s\n\n", name, b)
	ev.res.Flush()
}

// start writes the stream's headers and starts the heartbeat; ev.mu is held.
func (ev *events) start() {
	ev.started = true
	h := ev.res.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-cache, no-store")
	h.Set("X-Accel-Buffering", "no")
	ev.res.WriteHeader(http.StatusOK)
	ev.res.Flush()
	every := heartbeat
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ev.stop:
				return
			case <-ev.done:
				return
			case <-t.C:
				ev.mu.Lock()
				if !ev.closed {
					fmt.Fprint(ev.res, ": still working\n\n")
					ev.res.Flush()
				}
				ev.mu.Unlock()
			}
		}
	}()
}

// streamed reports whether the response is a stream already.
func (ev *events) streamed() bool {
	if ev == nil {
		return false
	}
	ev.mu.Lock()
	defer ev.mu.Unlock()
	return ev.started
}

// close stops all later writes and the heartbeat.
func (ev *events) close() {
	if ev == nil {
		return
	}
	ev.mu.Lock()
	defer ev.mu.Unlock()
	if !ev.closed {
		ev.closed = true
		close(ev.stop)
	}
}

// targetError maps guard and lookup errors of user input to 400 or 422.
func targetError(field string, err error) *httpError {
	switch {
	case errors.Is(err, ErrTargetNotAllowed), errors.Is(err, ErrPortNotAllowed):
		return &httpError{Status: http.StatusUnprocessableEntity, Msg: err.Error(), Field: field}
	default:
		return badRequest(field, err.Error())
	}
}

// placeholderError is the 400 for a host in query parameter field that is
// written to be replaced (smtp.example.com, ${SMTP_HOST}, <your-host>,
// *.invalid): a stand-in is never a server to check, whether or not live
// checks are configured here. It is nil for anything else.
func placeholderError(c echo.Context, field string) *httpError {
	raw := c.QueryParam(field)
	h, _, err := NormalizeHost(raw) // lower case, no user or port
	if err != nil || h == "" {
		h = raw // not a host name at all: template syntax, <your-host>
	}
	if !formats.IsPlaceholderHost(h) {
		return nil
	}
	h = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return -1
		}
		return r
	}, h)
	if len(h) > 80 {
		h = strings.ToValidUTF8(h[:80], "") + "…"
	}
	return badRequest(field, h+" is a placeholder, not a server to check: put your provider's host there")
}

// domainParam reads ?domain= (a domain or an email address) through the
// guard's normalisation.
func (s *server) domainParam(c echo.Context) (string, error) {
	raw := c.QueryParam("domain")
	if raw == "" {
		return "", badRequest("domain", "give a domain or an email address: ?domain=example.com")
	}
	host, port, err := NormalizeHost(raw)
	if err != nil {
		return "", targetError("domain", err)
	}
	if port != 0 {
		return "", badRequest("domain", "give a domain without a port")
	}
	if _, err := netip.ParseAddr(host); err == nil {
		return "", badRequest("domain", host+" is an IP address; a check needs a domain (it has no MX records)")
	}
	if _, _, err := s.guard.CheckTarget(host); err != nil {
		return "", targetError("domain", err)
	}
	d, err := lookup.DomainOf(host)
	if err != nil {
		return "", badRequest("domain", err.Error())
	}
	return d, nil
}

func (s *server) needDNS() error {
	if s.cfg.Lookup == nil {
		return &httpError{Status: http.StatusServiceUnavailable, Msg: "live checks are not configured on this server"}
	}
	return nil
}

func budgetError(budget time.Duration) *httpError {
	return &httpError{Status: http.StatusGatewayTimeout, Msg: (&check.BudgetError{Budget: budget}).Error()}
}

// busyRetryAfter is the Retry-After of a 503 for busy probe slots: a slot
// frees when a probe ends, and probes of a silent server end at their
// connect or greeting timeout.
const busyRetryAfter = 5

// busyError is the 503 of a probe that found no free slot in time (our
// own queue, not the network: it is never reported as a timeout).
func busyError(c echo.Context) *httpError {
	c.Response().Header().Set("Retry-After", strconv.Itoa(busyRetryAfter))
	return &httpError{Status: http.StatusServiceUnavailable,
		Msg: "this server is busy probing that host or others; try again in " + strconv.Itoa(busyRetryAfter) + "s"}
}

// mx answers GET /api/v1/mx?domain=.
func (s *server) mx(c echo.Context) error {
	if err := s.needDNS(); err != nil {
		return err
	}
	domain, err := s.domainParam(c)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(c.Request().Context(), s.cfg.CheckBudget)
	defer cancel()
	res, err := s.cfg.Lookup.MX(ctx, domain)
	if ctx.Err() == context.DeadlineExceeded {
		return budgetError(s.cfg.CheckBudget)
	}
	if errors.Is(err, lookup.ErrBadName) {
		return badRequest("domain", err.Error())
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return writeJSON(c, http.StatusOK, res)
}

// probe answers GET /api/v1/probe?host=&port=&mode=.
func (s *server) probe(c echo.Context) error {
	if err := placeholderError(c, "host"); err != nil {
		return err
	}
	if err := s.needDNS(); err != nil {
		return err
	}
	raw := c.QueryParam("host")
	if raw == "" {
		return badRequest("host", "give a host: ?host=smtp.example.com&port=587")
	}
	host, port, err := s.guard.CheckTarget(raw)
	if err != nil {
		return targetError("host", err)
	}
	if p := c.QueryParam("port"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return badRequest("port", fmt.Sprintf("port %q is not a number between 1 and 65535", p))
		}
		if port != 0 && port != n {
			return badRequest("port", fmt.Sprintf("the host names port %d but port=%d", port, n))
		}
		port = n
	}
	if port == 0 {
		return badRequest("port", "give a port: 25, 465, 587, 2525, 2465 or 2587")
	}
	if !s.guard.PortAllowed(port) {
		return &httpError{Status: http.StatusUnprocessableEntity, Field: "port",
			Msg: fmt.Sprintf("port %d cannot be probed from here; only %s", port, portWords(s.guard.Ports()))}
	}
	mode := probe.Mode(c.QueryParam("mode"))
	switch mode {
	case "":
		mode = probe.ModeAuto
	case probe.ModeAuto, probe.ModeStartTLS, probe.ModeImplicit:
	default:
		return badRequest("mode", fmt.Sprintf("mode %q: use starttls, implicit or auto", string(mode)))
	}

	ev := newEvents(c)
	defer ev.close()
	cfg := s.checkConfig(s.admitProbe)
	out, err := check.Probe(c.Request().Context(), cfg, check.Target{Host: host, Port: port, Mode: mode}, ev.emit())
	switch {
	case errors.Is(err, ErrTargetNotAllowed) || errors.Is(err, ErrPortNotAllowed):
		return targetError("host", err)
	case errors.Is(err, check.ErrBusy):
		return busyError(c)
	}
	if ev.streamed() {
		return nil
	}
	var budget *check.BudgetError
	if errors.As(err, &budget) {
		return budgetError(budget.Budget)
	}
	out.From, out.Warning = s.cfg.From, cfg.Warning()
	c.Response().Header().Set("Cache-Control", "no-store")
	return writeJSON(c, http.StatusOK, out)
}

// check answers GET /api/v1/check?domain=.
func (s *server) check(c echo.Context) error {
	if err := placeholderError(c, "domain"); err != nil {
		return err
	}
	if err := s.needDNS(); err != nil {
		return err
	}
	domain, err := s.domainParam(c)
	if err != nil {
		return err
	}
	ev := newEvents(c)
	defer ev.close()
	rep, err := check.Domain(c.Request().Context(), s.checkConfig(s.admitCheck), domain, ev.emit())
	if ev.streamed() {
		return nil
	}
	var budget *check.BudgetError
	switch {
	case errors.As(err, &budget):
		return budgetError(budget.Budget)
	case errors.Is(err, lookup.ErrBadName):
		return badRequest("domain", err.Error())
	case err != nil:
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return writeJSON(c, http.StatusOK, rep)
}
