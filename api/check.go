package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/whichport/whichport/lookup"
	"github.com/whichport/whichport/probe"
	"github.com/whichport/whichport/rules"
)

// ProbeEntry is one probe of a check: the plan and, once done, the result.
type ProbeEntry struct {
	ID     string     `json:"id"`
	Kind   string     `json:"kind"` // mx, submission or probe
	Host   string     `json:"host"`
	Port   int        `json:"port"`
	Mode   probe.Mode `json:"mode"`
	Source string     `json:"source,omitempty"` // how a submission host was found: srv, autoconfig, guess
	// Role is what the port is for in a check: "" (counts in full),
	// "fallback" (an unofficial alternate such as 2525) or "spare" (an
	// official port or MX host whose sibling works); see rules.ProbeRole.
	Role   rules.ProbeRole `json:"role,omitempty"`
	Result *ProbeResult    `json:"result,omitempty"` // absent in "planned" events
	Error  string          `json:"error,omitempty"`
	// From and Warning are set on the answer of /api/v1/probe (a check
	// says them once for all its probes).
	From    string `json:"from,omitempty"`
	Warning string `json:"warning,omitempty"`
}

// ProbeResult is probe.Result with the reason a probe could not run at
// all (target not allowed, time budget spent...). Every finished entry has
// one, so a client reads the outcome in one place.
type ProbeResult struct {
	probe.Result
	Error string `json:"error,omitempty"`
}

// failed marks an entry that could not be probed, with an empty result
// that carries the reason.
func (s *server) failed(e ProbeEntry, msg string) ProbeEntry {
	e.Error = msg
	e.Result = &ProbeResult{Result: probe.Result{Host: e.Host, Port: e.Port, Mode: e.Mode, From: s.cfg.From,
		Addresses: []probe.AddressResult{}, Steps: []probe.Step{}, Transcript: []probe.TranscriptLine{}, Findings: []rules.Finding{}},
		Error: msg}
	return e
}

// CheckReport is the whole answer of /api/v1/check.
type CheckReport struct {
	Domain    string                    `json:"domain"`
	From      string                    `json:"from"`
	Warning   string                    `json:"warning"`
	MX        *lookup.MXResult          `json:"mx"`
	Discovery []lookup.SubmissionServer `json:"discovery"`
	Probes    []ProbeEntry              `json:"probes"`
	MTASTS    *lookup.MTASTSResult      `json:"mta_sts"`
	TLSRPT    *lookup.TLSRPTResult      `json:"tls_rpt"`
	DANE      []lookup.TLSAResult       `json:"dane"`
	SPF       *lookup.SPFResult         `json:"spf"`
	DMARC     *lookup.DMARCResult       `json:"dmarc"`
	Findings  []rules.Finding           `json:"findings"`
	// Verdict is the one-word answer for the whole domain: error only when
	// what matters fails (no MX answers on port 25, or neither 587 nor 465
	// works), never for a closed alternate port.
	Verdict rules.Verdict `json:"verdict"`
	Summary string        `json:"summary"`
	Partial bool          `json:"partial,omitempty"`
	MS      int64         `json:"ms"`

	discovery *lookup.DiscoveryResult // SRV answers and guesses, for the domain findings
}

// Stream event payloads (docs/CONTRACTS.md).
type (
	startEvent struct {
		Domain  string `json:"domain"`
		From    string `json:"from"`
		Warning string `json:"warning"`
	}
	dnsEvent struct {
		Kind string `json:"kind"`
		Data any    `json:"data"`
	}
	stepEvent struct {
		ID   string     `json:"id"`
		IP   string     `json:"ip"`
		Step probe.Step `json:"step"`
	}
	summaryEvent struct {
		Findings []rules.Finding `json:"findings"`
		Verdict  rules.Verdict   `json:"verdict,omitempty"`
		Summary  string          `json:"summary"`
		Partial  bool            `json:"partial,omitempty"`
	}
	doneEvent struct {
		MS      int64 `json:"ms"`
		Partial bool  `json:"partial,omitempty"`
	}
	errorEvent struct {
		Error  string `json:"error"`
		Field  string `json:"field,omitempty"`
		Budget bool   `json:"budget,omitempty"`
	}
)

// submissionPorts are probed on the discovered submission host.
var submissionPorts = []int{587, 465, 2525}

// modeFor is the TLS mode a port is probed with.
func modeFor(port int) probe.Mode {
	if port == 465 || port == 2465 {
		return probe.ModeImplicit
	}
	return probe.ModeStartTLS
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

// warning says where probes ran from, in every report.
func (s *server) warning() string {
	return "These probes ran from " + s.cfg.From + ", not from your computer or server. Your own network may block ports " +
		"that this server can reach (many clouds and home ISPs block port 25, some block 465 and 587), so a port that " +
		"answers here can still time out for you."
}

// wantsStream reports whether the client asked for server-sent events.
func wantsStream(c echo.Context) bool {
	if v := c.QueryParam("stream"); v == "1" || v == "true" {
		return true
	}
	return strings.Contains(c.Request().Header.Get("Accept"), "text/event-stream")
}

// events writes server-sent events; safe for concurrent use. A nil *events
// (JSON mode) drops everything.
type events struct {
	mu     sync.Mutex
	res    *echo.Response
	closed bool
	stop   chan struct{} // ends the heartbeat
	once   sync.Once
}

// heartbeat is how often a quiet stream gets a comment line, so that
// proxies do not close it while a probe waits for a slow server.
var heartbeat = 10 * time.Second

func startEvents(c echo.Context) *events {
	h := c.Response().Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-cache, no-store")
	h.Set("X-Accel-Buffering", "no")
	c.Response().WriteHeader(http.StatusOK)
	c.Response().Flush()
	ev := &events{res: c.Response(), stop: make(chan struct{})}
	every := heartbeat
	// Never touch c in the goroutine: echo reuses contexts after the
	// handler returns.
	done := c.Request().Context().Done()
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ev.stop:
				return
			case <-done:
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
	return ev
}

func (ev *events) send(name string, v any) {
	if ev == nil {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		b, _ = json.Marshal(errorEvent{Error: "internal error encoding " + name})
		name = "error"
	}
	ev.mu.Lock()
	defer ev.mu.Unlock()
	if ev.closed {
		return
	}
	fmt.Fprintf(ev.res, "event: %s\ndata: %s\n\n", name, b)
	ev.res.Flush()
}

// final writes the last events and stops all later sends (late probe
// steps after the budget), so nothing follows "done".
func (ev *events) final(names []string, vs []any) {
	if ev == nil {
		return
	}
	ev.mu.Lock()
	defer ev.mu.Unlock()
	if ev.closed {
		return
	}
	for i, name := range names {
		b, err := json.Marshal(vs[i])
		if err != nil {
			continue
		}
		fmt.Fprintf(ev.res, "event: %s\ndata: %s\n\n", name, b)
	}
	ev.res.Flush()
	ev.closed = true
	ev.once.Do(func() { close(ev.stop) })
}

// close stops all later sends (late probe steps after the budget).
func (ev *events) close() {
	if ev == nil {
		return
	}
	ev.mu.Lock()
	ev.closed = true
	ev.mu.Unlock()
	ev.once.Do(func() { close(ev.stop) })
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
	return &httpError{Status: http.StatusGatewayTimeout,
		Msg: "the check took longer than its time budget of " + budget.String() + "; try again, or check fewer hosts"}
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

	ctx, cancel := context.WithTimeout(c.Request().Context(), s.cfg.CheckBudget)
	defer cancel()
	start := s.cfg.Now()
	// Resolve first so a name that only points at private addresses is a
	// 422; the dialer checks every address again.
	aps, rerr := s.guard.ResolveTarget(ctx, s.cfg.Resolver, host, port)
	if errors.Is(rerr, ErrTargetNotAllowed) {
		return targetError("host", rerr)
	}
	var addrs []netip.Addr
	for _, ap := range aps {
		addrs = append(addrs, ap.Addr())
	}
	addrs = limitAddrs(addrs, s.cfg.MaxAddrs)
	entry := ProbeEntry{ID: "probe-" + strconv.Itoa(port), Kind: "probe", Host: host, Port: port, Mode: mode}

	var ev *events
	if wantsStream(c) {
		ev = startEvents(c)
		defer ev.close()
		ev.send("start", startEvent{Domain: host, From: s.cfg.From, Warning: s.warning()})
		ev.send("planned", entry)
	}
	// With no addresses (the name did not resolve) the probe resolves
	// again itself and reports the failure as its first step.
	out := s.runProbe(ctx, ev, entry, addrs, nil)
	over := pastDeadline(ctx) && c.Request().Context().Err() == nil
	if ev != nil {
		var f []rules.Finding
		if out.Result != nil {
			f = out.Result.Findings
		}
		names := []string{"probe", "summary", "done"}
		vals := []any{out, summaryEvent{Findings: nonNil(f), Summary: probeSentence(out) + " " + s.fromSentence(), Partial: over},
			doneEvent{MS: s.cfg.Now().Sub(start).Milliseconds(), Partial: over}}
		if over {
			names = append([]string{"error"}, names...)
			vals = append([]any{errorEvent{Error: budgetError(s.cfg.CheckBudget).Msg, Budget: true}}, vals...)
		}
		ev.final(names, vals)
		return nil
	}
	if over {
		return budgetError(s.cfg.CheckBudget)
	}
	out.From, out.Warning = s.cfg.From, s.warning()
	c.Response().Header().Set("Cache-Control", "no-store")
	return writeJSON(c, http.StatusOK, out)
}

// runProbe runs one probe under the global cap, streaming its steps.
func (s *server) runProbe(ctx context.Context, ev *events, e ProbeEntry, addrs []netip.Addr, tlsa []probe.TLSA) (out ProbeEntry) {
	release, err := s.acquireGlobal(ctx)
	if err != nil {
		return s.failed(e, "not started: "+contextReason(err))
	}
	defer release()
	defer func() {
		if p := recover(); p != nil {
			s.cfg.Logger.Error("panic in probe", "host", e.Host, "port", e.Port, "panic", truncate(fmt.Sprint(p), 200))
			out = s.failed(e, "internal error while probing")
		}
	}()
	cfg := probe.Config{
		Dialer:   s.dialer,
		Resolver: s.cfg.Resolver,
		EHLOName: s.cfg.EHLOName,
		Roots:    s.cfg.Roots,
		From:     s.cfg.From,
		Now:      s.cfg.Now,
		Total:    s.cfg.ProbeTimeout,

		ConnectTimeout:  s.cfg.ConnectTimeout,
		GreetingTimeout: s.cfg.GreetingTimeout,
	}
	if ev != nil {
		id := e.ID
		cfg.OnStep = func(_ probe.Target, ip string, st probe.Step) {
			ev.send("step", stepEvent{ID: id, IP: ip, Step: st})
		}
	}
	res, err := s.cfg.Probe(ctx, cfg, probe.Target{Host: e.Host, Port: e.Port, Mode: e.Mode, TLSA: tlsa, Addrs: addrs})
	if res.From == "" {
		res.From = s.cfg.From
	}
	if res.Findings == nil {
		res.Findings = []rules.Finding{}
	}
	e.Result = &ProbeResult{Result: res}
	if err != nil {
		e.Error = err.Error()
		e.Result.Error = err.Error()
	}
	return e
}

// pastDeadline reports whether ctx's deadline has passed, also in the
// instant before its timer fires (a probe cut off by the deadline).
func pastDeadline(ctx context.Context) bool {
	if ctx.Err() != nil {
		return true
	}
	d, ok := ctx.Deadline()
	return ok && time.Until(d) <= 0
}

func contextReason(err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return "the time budget ran out"
	}
	if errors.Is(err, context.Canceled) {
		return "the request was cancelled"
	}
	return err.Error()
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// checkRun is one /api/v1/check in progress.
type checkRun struct {
	s   *server
	ev  *events
	ctx context.Context
	wg  sync.WaitGroup

	mu     sync.Mutex
	rep    CheckReport
	probes map[string]*ProbeEntry
	order  []string
}

func (r *checkRun) set(f func(*CheckReport)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f(&r.rep)
}

// goDo runs f concurrently; a panic in it (a bug in a look-up) is logged
// and ends only that part of the check, not the server.
func (r *checkRun) goDo(f func()) {
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		defer func() {
			if p := recover(); p != nil {
				r.s.cfg.Logger.Error("panic in check", "panic", truncate(fmt.Sprint(p), 200))
			}
		}()
		f()
	}()
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// plan records a probe, announces it, and runs it concurrently.
func (r *checkRun) plan(kind, host string, port int, source string, role rules.ProbeRole, addrs []netip.Addr, withTLSA bool) {
	r.mu.Lock()
	id := kind + "-" + host + "-" + strconv.Itoa(port)
	if _, dup := r.probes[id]; dup {
		r.mu.Unlock()
		return
	}
	e := &ProbeEntry{ID: id, Kind: kind, Host: host, Port: port, Mode: modeFor(port), Source: source, Role: role}
	r.probes[id] = e
	r.order = append(r.order, id)
	planned := *e
	r.mu.Unlock()
	r.ev.send("planned", planned)
	r.goDo(func() {
		var tlsa []probe.TLSA
		if withTLSA {
			t, err := r.s.cfg.Lookup.TLSA(r.ctx, host, port)
			if err == nil || len(t.Records) > 0 || t.Error != "" {
				r.set(func(rep *CheckReport) { rep.DANE = append(rep.DANE, t) })
				r.ev.send("dns", dnsEvent{Kind: "tlsa", Data: t})
			}
			if t.DNSSEC {
				for _, rec := range t.Records {
					tlsa = append(tlsa, probe.TLSA{Usage: rec.Usage, Selector: rec.Selector, MatchingType: rec.MatchingType, Data: rec.Data})
				}
			}
		}
		if len(addrs) == 0 {
			aps, err := r.s.guard.ResolveTarget(r.ctx, r.s.cfg.Resolver, host, port)
			if errors.Is(err, ErrTargetNotAllowed) {
				r.finish(r.s.failed(planned, err.Error()))
				return
			}
			for _, ap := range aps {
				addrs = append(addrs, ap.Addr())
			}
			addrs = limitAddrs(addrs, r.s.cfg.MaxAddrs)
		} else {
			addrs = r.allowed(addrs, port)
			if len(addrs) == 0 {
				r.finish(r.s.failed(planned, fmt.Sprintf("%s: %v: its addresses are not public", host, ErrTargetNotAllowed)))
				return
			}
		}
		r.finish(r.s.runProbe(r.ctx, r.ev, planned, addrs, tlsa))
	})
}

// limitAddrs keeps at most max addresses, alternating IPv4 and IPv6 so
// both families are probed.
func limitAddrs(addrs []netip.Addr, max int) []netip.Addr {
	if len(addrs) <= max {
		return addrs
	}
	var v4, v6 []netip.Addr
	for _, a := range addrs {
		if a.Unmap().Is4() {
			v4 = append(v4, a)
		} else {
			v6 = append(v6, a)
		}
	}
	out := make([]netip.Addr, 0, max)
	for i := 0; len(out) < max && (i < len(v4) || i < len(v6)); i++ {
		if i < len(v4) {
			out = append(out, v4[i])
		}
		if i < len(v6) && len(out) < max {
			out = append(out, v6[i])
		}
	}
	return out
}

// allowed keeps the addresses the guard lets a probe reach.
func (r *checkRun) allowed(addrs []netip.Addr, port int) []netip.Addr {
	var ok []netip.Addr
	for _, a := range addrs {
		if r.s.guard.CheckAddr(netip.AddrPortFrom(a, uint16(port))) == nil {
			ok = append(ok, a)
		}
	}
	return ok
}

func (r *checkRun) finish(e ProbeEntry) {
	e = weighEntry(e)
	r.mu.Lock()
	if p, ok := r.probes[e.ID]; ok {
		*p = e
	}
	r.mu.Unlock()
	r.ev.send("probe", e)
}

// check answers GET /api/v1/check?domain=.
func (s *server) check(c echo.Context) error {
	if err := s.needDNS(); err != nil {
		return err
	}
	domain, err := s.domainParam(c)
	if err != nil {
		return err
	}
	start := s.cfg.Now()
	ctx, cancel := context.WithTimeout(c.Request().Context(), s.cfg.CheckBudget)
	defer cancel()
	r := &checkRun{s: s, ctx: ctx, probes: map[string]*ProbeEntry{}}
	r.rep = CheckReport{Domain: domain, From: s.cfg.From, Warning: s.warning(),
		Discovery: []lookup.SubmissionServer{}, DANE: []lookup.TLSAResult{}}
	if wantsStream(c) {
		r.ev = startEvents(c)
		defer r.ev.close()
	}
	r.ev.send("start", startEvent{Domain: domain, From: s.cfg.From, Warning: r.rep.Warning})

	dns := s.cfg.Lookup
	// MX, then port 25 on every MX (up to MaxMX) and MTA-STS against the MX hosts.
	r.goDo(func() {
		mx, _ := dns.MX(ctx, domain)
		r.set(func(rep *CheckReport) { rep.MX = &mx })
		r.ev.send("dns", dnsEvent{Kind: "mx", Data: mx})
		var hosts []string
		for i, h := range mx.Hosts {
			hosts = append(hosts, h.Host)
			if i >= s.cfg.MaxMX || !s.guard.PortAllowed(25) {
				continue
			}
			r.plan("mx", h.Host, 25, "", rules.ProbeAsked, limitAddrs(h.Addrs, s.cfg.MaxAddrs), true)
		}
		sts, _ := dns.MTASTS(ctx, domain, hosts)
		r.set(func(rep *CheckReport) { rep.MTASTS = &sts })
		r.ev.send("dns", dnsEvent{Kind: "mta-sts", Data: sts})
	})
	// Submission discovery, then 587/465/2525 on the first discovered host.
	r.goDo(func() {
		d, _ := dns.Discover(ctx, domain)
		r.set(func(rep *CheckReport) { rep.Discovery, rep.discovery = nonNil(d.Servers), &d })
		r.ev.send("dns", dnsEvent{Kind: "srv", Data: nonNil(d.SRV)})
		r.ev.send("dns", dnsEvent{Kind: "discovery", Data: d})
		if len(d.Servers) == 0 {
			return
		}
		first := d.Servers[0]
		for _, p := range submissionPorts {
			role := rules.ProbeAsked
			if rules.IsFallbackPort(p) {
				role = rules.ProbeFallback
			}
			r.plan("submission", first.Host, p, first.Source, role, nil, false)
		}
		// Other servers named by SRV or autoconfig, on their own port.
		for _, sv := range d.Servers[1:] {
			if sv.Source != lookup.SourceGuess && s.guard.PortAllowed(sv.Port) {
				r.plan("submission", sv.Host, sv.Port, sv.Source, rules.ProbeAsked, nil, false)
			}
		}
	})
	r.goDo(func() {
		t, _ := dns.TLSRPT(ctx, domain)
		r.set(func(rep *CheckReport) { rep.TLSRPT = &t })
		r.ev.send("dns", dnsEvent{Kind: "tls-rpt", Data: t})
	})
	r.goDo(func() {
		t, _ := dns.SPF(ctx, domain)
		r.set(func(rep *CheckReport) { rep.SPF = &t })
		r.ev.send("dns", dnsEvent{Kind: "spf", Data: t})
	})
	r.goDo(func() {
		t, _ := dns.DMARC(ctx, domain)
		r.set(func(rep *CheckReport) { rep.DMARC = &t })
		r.ev.send("dns", dnsEvent{Kind: "dmarc", Data: t})
	})

	all := make(chan struct{})
	go func() { r.wg.Wait(); close(all) }()
	completed := false
	select {
	case <-all:
		completed = true
	case <-ctx.Done():
	}
	over := (!completed || pastDeadline(ctx)) && c.Request().Context().Err() == nil

	// Freeze the report: late goroutines only touch r.probes under the lock,
	// and the stream is closed to them below.
	r.mu.Lock()
	rep := r.rep
	rep.Probes = make([]ProbeEntry, 0, len(r.order))
	for _, id := range r.order {
		e := *r.probes[id]
		if e.Result == nil && over {
			e = s.failed(e, "not finished within the time budget of "+s.cfg.CheckBudget.String())
		}
		rep.Probes = append(rep.Probes, e)
	}
	r.mu.Unlock()
	rep.Partial = over
	weighSpares(rep.Probes)
	rep.Findings = checkFindings(rep.Probes, rules.DomainFindings(domainFacts(rep)))
	rep.Verdict = checkVerdict(rep)
	rep.Summary = s.checkSentence(rep)
	rep.MS = s.cfg.Now().Sub(start).Milliseconds()

	if r.ev != nil {
		names := []string{"summary", "done"}
		vals := []any{summaryEvent{Findings: rep.Findings, Verdict: rep.Verdict, Summary: rep.Summary, Partial: over}, doneEvent{MS: rep.MS, Partial: over}}
		if over {
			names = append([]string{"error"}, names...)
			vals = append([]any{errorEvent{Error: budgetError(s.cfg.CheckBudget).Msg, Budget: true}}, vals...)
		}
		r.ev.final(names, vals)
		return nil
	}
	if over {
		return budgetError(s.cfg.CheckBudget)
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return writeJSON(c, http.StatusOK, rep)
}

// weighEntry re-weighs a finished probe's findings by its role in the
// check (rules.WeighProbeFindings): a closed 2525 is a note, not a failure.
func weighEntry(e ProbeEntry) ProbeEntry {
	if e.Role == rules.ProbeAsked || e.Result == nil {
		return e
	}
	res := *e.Result
	res.Findings = rules.WeighProbeFindings(res.Findings, e.Port, e.Role)
	e.Result = &res
	return e
}

// weighSpares marks as spare the official probes that failed while a
// sibling works: a submission port (587, 465, or one SRV names) when
// another official submission probe of the check works, an MX host when
// another MX answers on port 25. Their findings are re-weighed.
func weighSpares(probes []ProbeEntry) {
	var mxOK, subOK int
	for _, p := range probes {
		if ok, _ := outcome(p); ok {
			switch {
			case p.Kind == "mx":
				mxOK++
			case p.Kind == "submission" && p.Role != rules.ProbeFallback:
				subOK++
			}
		}
	}
	for i, p := range probes {
		if p.Role != rules.ProbeAsked {
			continue
		}
		if ok, _ := outcome(p); ok {
			continue
		}
		if p.Kind == "mx" && mxOK > 0 || p.Kind == "submission" && subOK > 0 {
			p.Role = rules.ProbeSpare
			probes[i] = weighEntry(p)
		}
	}
}

// checkFindings gathers the domain's findings and the rules engine's
// findings of every probe, without repeating one that several probes
// share, worst first.
func checkFindings(probes []ProbeEntry, domain []rules.Finding) []rules.Finding {
	out := []rules.Finding{}
	seen := map[string]bool{}
	keep := func(f rules.Finding) {
		k := f.ID + "\x00" + f.Title + "\x00" + f.Detail
		if seen[k] {
			return
		}
		seen[k] = true
		out = append(out, f)
	}
	for _, f := range domain {
		keep(f)
	}
	for _, p := range probes {
		if p.Result == nil {
			continue
		}
		for _, f := range p.Result.Findings {
			keep(f)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return sevRank[out[i].Severity] < sevRank[out[j].Severity] })
	return out
}

var sevRank = map[rules.Severity]int{rules.SeverityError: 0, rules.SeverityWarning: 1, rules.SeverityInfo: 2, rules.SeverityOK: 3}

// checkVerdict is the word for the whole domain: the worst finding (the
// findings are already weighed by role), at least a warning when some
// probe could not run or the budget ran out.
func checkVerdict(rep CheckReport) rules.Verdict {
	v := rules.VerdictOK
	for _, f := range rep.Findings {
		switch f.Severity {
		case rules.SeverityError:
			return rules.VerdictError
		case rules.SeverityWarning:
			v = rules.VerdictWarning
		}
	}
	if rep.Partial {
		return rules.VerdictWarning
	}
	for _, p := range rep.Probes {
		if p.Role == rules.ProbeAsked && p.Error != "" {
			return rules.VerdictWarning
		}
	}
	return v
}

// domainFacts turns the look-ups of a check into the rules engine's terms.
func domainFacts(rep CheckReport) rules.DomainFacts {
	d := rules.DomainFacts{Domain: rep.Domain}
	if mx := rep.MX; mx != nil {
		d.MXStatus, d.MXError, d.MXDNSSEC = string(mx.Status), mx.Error, mx.DNSSEC
		for _, p := range mx.Problems {
			if p.Code == lookup.ProblemNullMXMixed {
				d.NullMXMixed = true
			}
		}
		for _, h := range mx.Hosts {
			hf := rules.MXHostFacts{Host: h.Host, Preference: int(h.Preference), DNSSEC: h.DNSSEC}
			if n := len(h.CNAME); n > 0 {
				hf.CNAME = h.CNAME[n-1]
			}
			for _, p := range h.Problems {
				switch p.Code {
				case lookup.ProblemMXIPLiteral:
					hf.IPLiteral = true
				case lookup.ProblemMXNXDomain:
					hf.Missing = true
				case lookup.ProblemMXNoAddress:
					hf.NoAddress = true
				case lookup.ProblemMXLookupFailed:
					hf.LookupError = orString(h.Error, p.Message)
				}
			}
			for _, t := range rep.DANE {
				if t.Port == 25 && strings.EqualFold(t.Host, h.Host) {
					hf.TLSA, hf.TLSADNSSEC = len(t.Records), t.DNSSEC
				}
			}
			d.MXHosts = append(d.MXHosts, hf)
		}
	}
	if m := rep.MTASTS; m != nil {
		d.MTASTSRecords = len(m.TXT)
		if len(m.TXT) == 1 && !m.Found {
			for _, p := range m.Problems {
				if p.Code == lookup.ProblemSyntax {
					d.MTASTSRecordError = p.Message
				}
			}
		}
		d.MTASTSPolicyError = m.PolicyError
		if m.Policy != nil {
			d.MTASTSPolicyFetched = true
			d.MTASTSMode, d.MTASTSMaxAge = string(m.Policy.Mode), m.Policy.MaxAge
			d.MTASTSMissed = m.Missed
		}
	}
	if t := rep.TLSRPT; t != nil {
		d.TLSRPTRecords = len(t.TXT)
		if len(t.TXT) == 1 && !t.Found {
			for _, p := range t.Problems {
				if p.Code == lookup.ProblemSyntax {
					d.TLSRPTError = p.Message
				}
			}
		}
	}
	if s := rep.SPF; s != nil {
		d.SPFRecords = len(s.Records)
	}
	if m := rep.DMARC; m != nil && m.Record != nil {
		d.DMARCPresent, d.DMARCPolicy = m.Found, m.Record.Policy
	}
	if disc := rep.discovery; disc != nil {
		d.SubmissionSearched = disc.Error == ""
		d.SubmissionFound = len(disc.Servers) > 0
		for _, srv := range disc.SRV {
			if srv.NotOffered {
				d.SubmissionNotOffered = append(d.SubmissionNotOffered, srv.Name)
			}
		}
		seen := map[string]bool{}
		for _, sv := range disc.Servers {
			switch {
			case seen[sv.Source+sv.Host]:
			case sv.Source == lookup.SourceGuess:
				d.SubmissionGuessed = append(d.SubmissionGuessed, sv.Host)
			case sv.Source == lookup.SourceSRV && !sv.Authenticated:
				d.SubmissionSRVInsecure = append(d.SubmissionSRVInsecure, sv.Host)
			case sv.Source == lookup.SourceAutoconfig:
				d.SubmissionAutoconfigFound = true
			}
			seen[sv.Source+sv.Host] = true
		}
	}
	return d
}

func orString(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// policySentence says which of MTA-STS, TLS-RPT, SPF and DMARC the domain
// publishes: "MTA-STS (enforce), TLS-RPT and SPF are published; DMARC is not."
func policySentence(rep CheckReport) string {
	var yes, no []string
	add := func(name string, found bool) {
		if found {
			yes = append(yes, name)
		} else {
			no = append(no, name)
		}
	}
	if rep.MTASTS != nil {
		name := "MTA-STS"
		if rep.MTASTS.Policy != nil {
			name += " (" + string(rep.MTASTS.Policy.Mode) + ")"
		}
		add(name, rep.MTASTS.Found)
	}
	if rep.TLSRPT != nil {
		add("TLS-RPT", rep.TLSRPT.Found)
	}
	if rep.SPF != nil {
		add("SPF", rep.SPF.Found)
	}
	if rep.DMARC != nil {
		name := "DMARC"
		if rep.DMARC.Record != nil && rep.DMARC.Record.Policy != "" {
			name += " (p=" + rep.DMARC.Record.Policy + ")"
		}
		add(name, rep.DMARC.Found)
	}
	list := func(w []string) string {
		if len(w) < 2 {
			return strings.Join(w, "")
		}
		return strings.Join(w[:len(w)-1], ", ") + " and " + w[len(w)-1]
	}
	switch {
	case len(yes) == 0 && len(no) == 0:
		return ""
	case len(yes) == 0:
		return list(no) + ": none published."
	case len(no) == 0:
		return list(yes) + ": all published."
	}
	verb := " is"
	if len(yes) > 1 {
		verb = " are"
	}
	return list(yes) + verb + " published; " + list(no) + " not."
}

// outcome is a probe's overall outcome in a few words.
func outcome(e ProbeEntry) (ok bool, word string) {
	if e.Result == nil || len(e.Result.Addresses) == 0 {
		if e.Error != "" {
			return false, "could not be probed"
		}
		return false, "not probed"
	}
	good := 0
	for _, a := range e.Result.Addresses {
		if a.Outcome == "ok" {
			good++
		}
	}
	switch {
	case good == len(e.Result.Addresses):
		return true, "works"
	case good > 0:
		return true, fmt.Sprintf("works on %d of %d addresses", good, len(e.Result.Addresses))
	}
	return false, strings.ReplaceAll(e.Result.Addresses[0].Outcome, "-", " ")
}

func modeWords(m probe.Mode) string {
	switch m {
	case probe.ModeImplicit:
		return "implicit TLS"
	case probe.ModeStartTLS:
		return "STARTTLS"
	}
	return string(m)
}

func probeSentence(e ProbeEntry) string {
	_, w := outcome(e)
	return fmt.Sprintf("%s port %d (%s): %s.", e.Host, e.Port, modeWords(e.Mode), w)
}

func (s *server) fromSentence() string {
	return "Probed from " + s.cfg.From + "; your own network may differ."
}

// submissionSentence says how to send: the working official submission
// port (465 first, RFC 8314), then what each port tried gave, with the
// alternates marked as not needed.
func submissionSentence(probes []ProbeEntry) string {
	var sub []ProbeEntry
	for _, p := range probes {
		if p.Kind == "submission" {
			sub = append(sub, p)
		}
	}
	if len(sub) == 0 {
		return "No submission server was found for mail clients or applications. "
	}
	var best *ProbeEntry
	for i, p := range sub {
		if ok, _ := outcome(p); !ok || p.Role == rules.ProbeFallback {
			continue
		}
		if best == nil || p.Port == 465 && best.Port != 465 {
			best = &sub[i]
		}
	}
	var b strings.Builder
	if best != nil {
		fmt.Fprintf(&b, "To send, use %s port %d with %s. ", best.Host, best.Port, modeWords(best.Mode))
	} else {
		b.WriteString("To send: no official submission port (587 with STARTTLS, 465 with implicit TLS) works here. ")
	}
	var words []string
	host := ""
	for _, p := range sub {
		_, w := outcome(p)
		w = fmt.Sprintf("%d %s %s", p.Port, modeWords(p.Mode), w)
		if ok, _ := outcome(p); !ok {
			switch {
			case p.Role == rules.ProbeFallback && best != nil:
				w += " (an unofficial alternate, not needed)"
			case p.Role == rules.ProbeFallback:
				w += " (an unofficial alternate)"
			case p.Role == rules.ProbeSpare:
				w += " (not needed: another port works)"
			}
		}
		if p.Host != host {
			w = p.Host + ": " + w
			host = p.Host
		}
		words = append(words, w)
	}
	fmt.Fprintf(&b, "Submission tried at %s. ", strings.Join(words, "; "))
	return b.String()
}

// checkSentence says in plain words what a check found.
func (s *server) checkSentence(rep CheckReport) string {
	var b strings.Builder
	switch {
	case rep.MX == nil:
		fmt.Fprintf(&b, "The MX records of %s could not be looked up in time. ", rep.Domain)
	case rep.MX.Status == lookup.MXNull:
		fmt.Fprintf(&b, "%s publishes a null MX: it accepts no mail. ", rep.Domain)
	case rep.MX.Status == lookup.MXNXDomain:
		fmt.Fprintf(&b, "%s does not exist in DNS. ", rep.Domain)
	case rep.MX.Status == lookup.MXNone:
		fmt.Fprintf(&b, "%s has no MX and no address: it cannot receive mail. ", rep.Domain)
	case rep.MX.Status == lookup.MXError:
		fmt.Fprintf(&b, "The MX look-up of %s failed (%s). ", rep.Domain, rep.MX.Error)
	default:
		var mx, mxOK int
		for _, p := range rep.Probes {
			if p.Kind == "mx" {
				mx++
				if ok, _ := outcome(p); ok {
					mxOK++
				}
			}
		}
		fmt.Fprintf(&b, "Mail for %s goes to %d MX host(s)", rep.Domain, len(rep.MX.Hosts))
		if mx > 0 {
			fmt.Fprintf(&b, "; port 25 with STARTTLS works on %d of %d probed", mxOK, mx)
		}
		b.WriteString(". ")
	}
	b.WriteString(submissionSentence(rep.Probes))
	if p := policySentence(rep); p != "" {
		b.WriteString(p + " ")
	}
	if !s.guard.PortAllowed(25) {
		b.WriteString("Port 25 cannot be probed from " + s.cfg.From + ", so the MX hosts were looked up but not connected to. ")
	}
	if rep.Partial {
		b.WriteString("The check ran out of time, so some results are missing. ")
	}
	b.WriteString(s.fromSentence())
	return b.String()
}
