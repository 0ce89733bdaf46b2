package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/whichport/whichport/check"
	"github.com/whichport/whichport/formats"
	"github.com/whichport/whichport/internal/reach"
	"github.com/whichport/whichport/probe"
	"github.com/whichport/whichport/rules"
)

// target is what the person typed: a host, host:port, an email address
// or an smtp(s):// URL.
type target struct {
	host  string
	port  int    // 0: none named
	email string // the address, when one was given
}

func parseTarget(arg string) (target, error) {
	arg = strings.TrimSpace(arg)
	switch {
	case strings.Contains(arg, "://"):
		u, err := url.Parse(arg)
		if err != nil || u.Hostname() == "" {
			return target{}, usagef("%q is not a URL whichport can read: give smtps://smtp.example.com:465", arg)
		}
		t := target{host: u.Hostname()}
		switch strings.ToLower(u.Scheme) {
		case "smtps", "submissions":
			t.port = 465
		case "smtp", "submission":
			t.port = 587
		default:
			return target{}, usagef("scheme %q: use smtp:// (STARTTLS) or smtps:// (implicit TLS)", u.Scheme)
		}
		if p := u.Port(); p != "" {
			n, err := strconv.Atoi(p)
			if err != nil || n < 1 || n > 65535 {
				return target{}, usagef("port %q in %s is not a number between 1 and 65535", p, arg)
			}
			t.port = n
		}
		return t, validHost(t.host)
	case strings.Contains(arg, "@"):
		at := strings.LastIndexByte(arg, '@')
		if at == 0 || at == len(arg)-1 {
			return target{}, usagef("%q is not an email address: give you@example.com", arg)
		}
		return target{email: arg, host: arg[at+1:]}, validHost(arg[at+1:])
	}
	t := target{host: arg}
	if h, p, err := net.SplitHostPort(arg); err == nil {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return target{}, usagef("port %q is not a number between 1 and 65535", p)
		}
		t.host, t.port = h, n
	}
	return t, validHost(t.host)
}

func validHost(h string) error {
	if h == "" || len(h) > 253 || strings.ContainsAny(h, " \t\r\n/\\?#@,;\"'<>") {
		return usagef("%q is not a host name: give smtp.example.com, an email address or smtps://host", h)
	}
	return nil
}

// parsePorts reads --ports.
func parsePorts(s string) ([]int, error) {
	var out []int
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 || n > 65535 {
			return nil, usagef("--ports: %q is not a port; give a list such as 587,465", f)
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		return nil, usagef("--ports is empty; give a list such as 587,465")
	}
	return out, nil
}

// hostPorts is what a host is probed on: --ports, or the named port, 587,
// 465 and 2525, the provider's own alternates (FACTS §3) and 25.
func hostPorts(t target, o options) ([]int, error) {
	if o.ports != "" {
		return parsePorts(o.ports)
	}
	var ports []int
	add := func(p int) {
		if p > 0 && !slices.Contains(ports, p) {
			ports = append(ports, p)
		}
	}
	add(t.port)
	for _, p := range []int{587, 465, 2525} {
		add(p)
	}
	if prov, ok := rules.DetectProvider(t.host); ok {
		for _, c := range prov.Ports {
			add(c.Port)
		}
	}
	add(25)
	return ports, nil
}

// controls runs the control connections: when a port times out (or is
// rejected with an ICMP "unreachable") on the host asked about, one TCP
// connect to an unrelated host on that port.
type controls struct {
	ctx     context.Context
	d       *deps
	o       options
	s       sys
	host    string
	mu      sync.Mutex
	ports   map[string]int // probe ID -> port
	started map[int]bool
	wg      sync.WaitGroup
	results []probe.Result
}

func (c *controls) watch(ev check.Event) {
	if c.o.control == "none" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	switch d := ev.Data.(type) {
	case check.ProbeEntry:
		c.ports[d.ID] = d.Port
	case check.StepEvent:
		if d.Step.Name != "connect" || d.Step.OK ||
			!strings.HasPrefix(d.Step.Detail, probe.OutcomeTimeout) && !strings.HasPrefix(d.Step.Detail, probe.OutcomeUnreachable) {
			return
		}
		port := c.ports[d.ID]
		if port == 0 || c.started[port] {
			return
		}
		host := c.o.control
		if host == "" {
			host = reach.ControlHost(c.host, port)
		}
		if host == "" {
			return
		}
		c.started[port] = true
		c.wg.Add(1)
		go func() {
			defer c.wg.Done()
			r := reach.Connect(c.ctx, &net.Dialer{}, c.d.resolver, host, port, c.o.timeout, c.s.now)
			c.mu.Lock()
			c.results = append(c.results, r)
			c.mu.Unlock()
		}()
	}
}

func (c *controls) wait() []probe.Result {
	c.wg.Wait()
	c.mu.Lock()
	defer c.mu.Unlock()
	slices.SortFunc(c.results, func(a, b probe.Result) int { return a.Port - b.Port })
	return append([]probe.Result{}, c.results...)
}

// choice is the port to use.
type choice struct {
	Host string     `json:"host"`
	Port int        `json:"port"`
	Mode probe.Mode `json:"mode"`
}

// hostAnswer is `whichport HOST --json`: the API's check report (the same
// field names as /api/v1/check, Domain being the host) plus what this
// machine found out about its own network.
type hostAnswer struct {
	check.Report
	Email    string           `json:"email,omitempty"`
	Use      *choice          `json:"use"`
	Local    reach.Diagnosis  `json:"local"`
	Controls []probe.Result   `json:"controls"`
	Snippet  *formats.Snippet `json:"snippet,omitempty"`
}

// best picks the working port to use: 465 first (RFC 8314), then 587,
// then the alternates, and 25 last.
func best(probes []check.ProbeEntry) *choice {
	rank := func(p int) int {
		switch p {
		case 465:
			return 0
		case 587:
			return 1
		case 25:
			return 3
		}
		return 2
	}
	var c *choice
	bestRank := 99
	for _, p := range probes {
		if !strings.HasPrefix(outcomeWord(p), "works") {
			continue
		}
		if r := rank(p.Port); r < bestRank {
			c, bestRank = &choice{Host: p.Host, Port: p.Port, Mode: effectiveMode(p)}, r
		}
	}
	return c
}

func cmdHost(ctx context.Context, s sys, o options, out *output, arg string) (int, error) {
	t, err := parseTarget(arg)
	if perr := placeholderErr(t.host, arg); perr != nil {
		return 0, perr
	}
	if err != nil {
		return 0, err
	}
	d, err := newDeps(s, o)
	if err != nil {
		return 0, err
	}
	if t.email != "" {
		if d.lookup == nil {
			return 0, d.lookupErr
		}
		disc, err := d.lookup.Discover(ctx, t.email)
		if err != nil || len(disc.Servers) == 0 {
			return exitProblem, fmt.Errorf("found no submission server for %s (no SRV record, autoconfig or usual name answered): give the host your provider documents, such as whichport smtp.example.com", t.email)
		}
		first := disc.Servers[0]
		t.host = first.Host
		if first.Port != 0 && first.Port != 587 && first.Port != 465 {
			t.port = first.Port
		}
		if !o.json {
			out.printf("Submission host of %s: %s (found by %s)\n", t.email, t.host, first.Source)
		}
	}
	ports, err := hostPorts(t, o)
	if err != nil {
		return 0, err
	}
	cfg := d.checkConfig(s, o)
	ctl := &controls{ctx: ctx, d: d, o: o, s: s, host: t.host, ports: map[string]int{}, started: map[int]bool{}}
	var b *board
	if !o.json {
		out.printf("Probing %s from %s: %s\n", t.host, d.from, d.where.Describe())
		b = newBoard(out, func(e check.ProbeEntry) string {
			return fmt.Sprintf("%-5d %-13s", e.Port, check.ModeWords(effectiveMode(e)))
		})
	}
	rep, err := check.HostPorts(ctx, cfg, t.host, ports, func(ev check.Event) {
		ctl.watch(ev)
		if b != nil {
			b.event(ev)
		}
	})
	var budget *check.BudgetError
	if err != nil && !errors.As(err, &budget) {
		return 0, usagef("%v", err)
	}
	if ctx.Err() != nil {
		return exitProblem, errors.New("interrupted")
	}
	ctlResults := ctl.wait()
	var results []probe.Result
	for _, p := range rep.Probes {
		if p.Result != nil {
			results = append(results, p.Result.Result)
		}
	}
	diag := reach.Diagnose(results, ctlResults, d.where)
	ans := hostAnswer{Report: rep, Email: t.email, Use: best(rep.Probes), Local: diag, Controls: ctlResults}
	ans.Warning, ans.Summary = d.ownWords(rep.Summary)
	if ans.Controls == nil {
		ans.Controls = []probe.Result{}
	}
	if o.library != "" && ans.Use != nil {
		if sn, ok := formats.SnippetFor(rules.Library(o.library), useSettings(*ans.Use, rules.Library(o.library))); ok {
			ans.Snippet = &sn
		}
	}
	code := exitProblem
	if ans.Use != nil {
		code = exitOK
	}
	if o.json {
		return code, writeJSON(out.w, ans)
	}
	for _, p := range diag.Ports {
		if p.State != reach.StateWorks {
			b.setFinal(idOf(rep.Probes, p.Host, p.Port), p.Headline)
		}
	}
	b.finish()
	printHostAnswer(out, ans, ctlResults)
	return code, nil
}

func idOf(probes []check.ProbeEntry, host string, port int) string {
	for _, p := range probes {
		if p.Host == host && p.Port == port {
			return p.ID
		}
	}
	return ""
}

func useSettings(c choice, lib rules.Library) rules.Settings {
	sec := rules.SecurityStartTLS
	if c.Mode == probe.ModeImplicit {
		sec = rules.SecurityImplicit
	}
	return rules.Settings{Host: c.Host, Port: c.Port, Security: sec, Library: lib, Auth: rules.AuthPassword, PasswordPresent: true}
}

func printHostAnswer(out *output, ans hostAnswer, ctl []probe.Result) {
	out.println()
	if u := ans.Use; u != nil {
		out.println(out.paint(ansiGreen+ansiBold, fmt.Sprintf("Use %s port %d with %s.", u.Host, u.Port, check.ModeWords(u.Mode))))
	} else {
		out.println(out.paint(ansiRed+ansiBold, "Nothing works from here: no port of "+ans.Domain+" completed the dialogue."))
	}
	for _, p := range ans.Local.Ports {
		if p.State == reach.StateWorks {
			continue
		}
		out.printf("Port %d: %s\n", p.Port, out.paint(ansiBold, p.Headline))
		for _, e := range p.Evidence {
			out.println(indent("- "+e, "    "))
		}
	}
	for _, c := range ctl {
		if len(c.Addresses) > 0 {
			out.printf("Control: %s port %d: %s\n", c.Host, c.Port, strings.ReplaceAll(c.Addresses[0].Outcome, "-", " "))
		}
	}
	for _, e := range ans.Local.Environment {
		out.println(out.paint(ansiBold, e))
	}
	for _, n := range ans.Local.Notes {
		out.println(n)
	}
	var shown []rules.Finding
	for _, f := range ans.Findings {
		if f.Severity == rules.SeverityError || f.Severity == rules.SeverityWarning {
			shown = append(shown, f)
		}
	}
	if len(shown) > 0 {
		out.printf("\nFindings (verdict %s):\n", out.verdict(ans.Verdict))
		out.findings(shown)
	}
	if ans.Snippet != nil {
		out.println()
		out.println(out.paint(ansiBold, ans.Snippet.Title+":"))
		out.println(strings.TrimRight(ans.Snippet.Code, "\n"))
	}
}

// placeholderErr refuses a host written to be replaced (smtp.example.com,
// ${SMTP_HOST}, <your-host>, *.invalid): it is never probed. host is the
// host as read from arg, "" when arg could not be read as one.
func placeholderErr(host, arg string) error {
	h := host
	if h == "" {
		h = strings.TrimSpace(arg)
	}
	if !formats.IsPlaceholderHost(strings.ToLower(h)) {
		return nil
	}
	return usagef("%s is a placeholder, not a server to check: put your provider's host there", strings.ToLower(h))
}
