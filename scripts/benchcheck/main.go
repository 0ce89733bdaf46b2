// Command benchcheck prints the probe benchmark figures of the closing note.
// scripts/bench-probe.sh starts Postfix and Toxiproxy on loopback and runs it;
// it is not a test and prints figures, not pass/fail.
//
// Part 1 times one SMTP dialogue (connect, greeting, EHLO, STARTTLS, TLS,
// EHLO, QUIT) side by side, N runs each, interleaved: probe.Run through the
// guard's allow-private dialer (old-TLS check off, so it is the same
// dialogue), swaks --tls --quit-after HELO, and openssl s_client -starttls
// smtp. Each runs once through the delayed proxy and once straight to
// Postfix; the difference is the time the network costs, free of process
// start-up and of local work.
//
// Part 2 times a full check (GET /api/v1/check, api.New with httptest) of a
// domain whose three MX hosts sit behind proxies with different latencies,
// answered by an in-process DNS server, against its slowest single probe.
package main

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/miekg/dns"

	"github.com/whichport/whichport/api"
	"github.com/whichport/whichport/frontend"
	"github.com/whichport/whichport/lookup"
	"github.com/whichport/whichport/probe"
)

type options struct {
	proxy    string        // Postfix behind the delayed proxy
	direct   string        // Postfix itself
	rtt      time.Duration // the emulated round trip
	n        int
	certFile string
	mx       string // comma-separated ip=rtt of the three MX proxies (port 25)
	timeout  time.Duration
}

func main() {
	var o options
	flag.StringVar(&o.proxy, "proxy", "", "host:port of Postfix behind the delayed proxy")
	flag.StringVar(&o.direct, "direct", "", "host:port of Postfix itself")
	flag.DurationVar(&o.rtt, "rtt", 50*time.Millisecond, "emulated round trip of -proxy")
	flag.IntVar(&o.n, "n", 7, "runs per tool")
	flag.StringVar(&o.certFile, "cert", "", "PEM certificate of Postfix (trusted by our probe)")
	flag.StringVar(&o.mx, "mx", "", "MX proxies for the check: ip=rtt,ip=rtt,ip=rtt (each on port 25)")
	flag.DurationVar(&o.timeout, "timeout", 20*time.Second, "timeout of one run")
	flag.Parse()
	if o.proxy == "" || o.direct == "" {
		fmt.Fprintln(os.Stderr, "benchcheck: -proxy and -direct are required (run scripts/bench-probe.sh)")
		os.Exit(2)
	}
	roots := x509.NewCertPool()
	if o.certFile != "" {
		b, err := os.ReadFile(o.certFile)
		if err != nil {
			fatal(err)
		}
		roots.AppendCertsFromPEM(b)
	}
	if err := compareTools(o, roots); err != nil {
		fatal(err)
	}
	if o.mx != "" {
		if err := benchCheck(o, roots); err != nil {
			fmt.Printf("\ncheck: not measured: %v\n", err)
		}
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "benchcheck:", err)
	os.Exit(1)
}

// ---------------------------------------------------------------------------
// Part 1: one dialogue, three tools

type tool struct {
	name string
	// rtts is the minimum number of round trips of the dialogue as this tool
	// runs it on the emulated path (see minimumNote).
	rtts float64
	run  func(ctx context.Context, addr string) (time.Duration, error)
}

func ourProbe(roots *x509.CertPool) func(ctx context.Context, addr string) (time.Duration, error) {
	return func(ctx context.Context, addr string) (time.Duration, error) {
		ap, err := netip.ParseAddrPort(addr)
		if err != nil {
			return 0, err
		}
		g := api.NewGuard(true, []int{int(ap.Port())})
		cfg := probe.Config{
			Dialer:          g.Dialer(&net.Dialer{}),
			Roots:           roots,
			From:            "benchcheck",
			SkipOldTLSCheck: true,
		}
		t := probe.Target{Host: "mx.bench.test", Port: int(ap.Port()), Mode: probe.ModeStartTLS, Addrs: []netip.Addr{ap.Addr()}}
		start := time.Now()
		res, err := probe.Run(ctx, cfg, t)
		d := time.Since(start)
		if err != nil {
			return d, err
		}
		if len(res.Addresses) == 0 || res.Addresses[0].Outcome != "ok" {
			return d, fmt.Errorf("probe outcome %s", outcomeOf(res))
		}
		return d, nil
	}
}

// probeSteps runs our probe once and lists its steps with their times.
func probeSteps(addr string, roots *x509.CertPool, timeout time.Duration) (string, error) {
	ap, err := netip.ParseAddrPort(addr)
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cfg := probe.Config{Dialer: api.NewGuard(true, []int{int(ap.Port())}).Dialer(&net.Dialer{}), Roots: roots, SkipOldTLSCheck: true}
	res, err := probe.Run(ctx, cfg, probe.Target{Host: "mx.bench.test", Port: int(ap.Port()), Mode: probe.ModeStartTLS, Addrs: []netip.Addr{ap.Addr()}})
	if err != nil {
		return "", err
	}
	var parts []string
	for _, st := range res.Steps {
		parts = append(parts, fmt.Sprintf("%s %d", st.Name, st.MS))
	}
	return strings.Join(parts, ", ") + fmt.Sprintf(" ms (total %d ms)", res.MS), nil
}

func outcomeOf(res probe.Result) string {
	if len(res.Addresses) == 0 {
		return "no address"
	}
	a := res.Addresses[0]
	return a.Outcome + " " + a.Error
}

func swaks(ctx context.Context, addr string) (time.Duration, error) {
	host, port, _ := net.SplitHostPort(addr)
	cmd := exec.CommandContext(ctx, "swaks", "--server", host, "--port", port, "--tls", "--quit-after", "HELO", "--helo", "bench.invalid")
	start := time.Now()
	out, err := cmd.CombinedOutput()
	d := time.Since(start)
	if err != nil {
		return d, fmt.Errorf("swaks: %v: %s", err, lastLines(out))
	}
	if !strings.Contains(string(out), "221") {
		return d, fmt.Errorf("swaks: no 221: %s", lastLines(out))
	}
	return d, nil
}

// opensslClient runs s_client, which after the handshake sends what stdin
// gives it at once: EHLO and QUIT go pipelined (one round trip fewer).
func opensslClient(ctx context.Context, addr string) (time.Duration, error) {
	cmd := exec.CommandContext(ctx, "openssl", "s_client", "-starttls", "smtp", "-connect", addr,
		"-name", "bench.invalid", "-quiet", "-ign_eof")
	cmd.Stdin = strings.NewReader("EHLO bench.invalid\r\nQUIT\r\n")
	start := time.Now()
	out, err := cmd.CombinedOutput()
	d := time.Since(start)
	if err != nil {
		return d, fmt.Errorf("openssl: %v: %s", err, lastLines(out))
	}
	if !strings.Contains(string(out), "221") {
		return d, fmt.Errorf("openssl: no 221: %s", lastLines(out))
	}
	return d, nil
}

func lastLines(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) > 4 {
		lines = lines[len(lines)-4:]
	}
	return strings.Join(lines, " | ")
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 1, 64)
}

func compareTools(o options, roots *x509.CertPool) error {
	tools := []tool{
		// connect 0 (the proxy accepts locally; only data is delayed),
		// greeting 0.5, EHLO 1, STARTTLS 1, TLS 1.3 1, EHLO 1; our probe
		// sends QUIT without awaiting the 221.
		{"whichport probe", 4.5, ourProbe(roots)},
		// the same plus awaiting the 221 to QUIT.
		{"swaks", 5.5, swaks},
		// no second EHLO round trip: EHLO and QUIT pipelined, then the 221.
		{"openssl s_client", 4.5, opensslClient},
	}
	type figures struct{ proxied, direct []time.Duration }
	res := make([]figures, len(tools))
	run := func(i int, addr string) (time.Duration, error) {
		ctx, cancel := context.WithTimeout(context.Background(), o.timeout)
		defer cancel()
		return tools[i].run(ctx, addr)
	}
	// One warm-up of each (Postfix spawns smtpd processes, the TLS session
	// cache, the page cache), then N rounds, tools interleaved.
	for i := range tools {
		if _, err := run(i, o.direct); err != nil {
			return fmt.Errorf("%s (warm-up, direct): %w", tools[i].name, err)
		}
		if _, err := run(i, o.proxy); err != nil {
			return fmt.Errorf("%s (warm-up, proxied): %w", tools[i].name, err)
		}
	}
	for r := 0; r < o.n; r++ {
		for i := range tools {
			d, err := run(i, o.proxy)
			if err != nil {
				return fmt.Errorf("%s: %w", tools[i].name, err)
			}
			res[i].proxied = append(res[i].proxied, d)
			d, err = run(i, o.direct)
			if err != nil {
				return fmt.Errorf("%s (direct): %w", tools[i].name, err)
			}
			res[i].direct = append(res[i].direct, d)
		}
	}
	rtt := float64(o.rtt.Microseconds()) / 1000
	stepsProxied, err := probeSteps(o.proxy, roots, o.timeout)
	if err != nil {
		return err
	}
	stepsDirect, err := probeSteps(o.direct, roots, o.timeout)
	if err != nil {
		return err
	}
	fmt.Printf("SMTP dialogue (connect, greeting, EHLO, STARTTLS, TLS, EHLO, QUIT) to Postfix, emulated round trip %s ms, N=%d, medians\n", ms(o.rtt), o.n)
	fmt.Printf("%-18s %10s %8s %10s %10s %10s %8s %8s %10s\n", "tool", "proxied", "xRTT", "fastest", "direct", "network", "xRTT", "min RTT", "vs min")
	var ourNet, swaksNet, ourTotal, swaksTotal time.Duration
	for i, t := range tools {
		p, d := median(res[i].proxied), median(res[i].direct)
		net := p - d
		nr := float64(net.Microseconds()) / 1000 / rtt
		fmt.Printf("%-18s %8s ms %7.2fx %7s ms %7s ms %7s ms %7.2fx %8.1f %9.2fx\n", t.name, ms(p), float64(p.Microseconds())/1000/rtt,
			ms(slices.Min(res[i].proxied)), ms(d), ms(net), nr, t.rtts, nr/t.rtts)
		switch i {
		case 0:
			ourNet, ourTotal = net, p
		case 1:
			swaksNet, swaksTotal = net, p
		}
	}
	fmt.Println("  proxied = wall time through the delayed proxy (median; fastest = the quickest run, least disturbed by load); direct = the same straight to Postfix (process start-up, local work);")
	fmt.Println("  network = proxied - direct; min RTT = fewest round trips for the dialogue as that tool runs it on this path.")
	fmt.Println("  Minimum round trips: connect 1 (0 here: the proxy accepts locally and delays only data), greeting 0.5..1 (0.5 here),")
	fmt.Println("  EHLO 1, STARTTLS 1, TLS 1.3 handshake 1, EHLO 1, QUIT 1 if the 221 is awaited: 6.5..7 on a real path, 5.5 here;")
	fmt.Println("  our probe does not await the 221 (4.5 here); openssl pipelines EHLO+QUIT after TLS (4.5 here).")
	fmt.Printf("our probe's steps, proxied: %s\n", stepsProxied)
	fmt.Printf("our probe's steps, direct:  %s\n", stepsDirect)
	fmt.Printf("goal no slower than swaks: ours %s ms vs swaks %s ms wall (%.2fx); network %s ms vs %s ms (%.2fx)\n",
		ms(ourTotal), ms(swaksTotal), float64(ourTotal)/float64(swaksTotal), ms(ourNet), ms(swaksNet), float64(ourNet)/float64(swaksNet))
	ourMinMS := 4.5 * rtt
	fmt.Printf("goal within 1.1x the minimum round trips: ours %s ms wall = %.2fx of %.0f ms (4.5 RTT); with the 221 awaited the dialogue minimum is 5.5 RTT = %.0f ms (%.2fx)\n",
		ms(ourTotal), float64(ourTotal.Microseconds())/1000/ourMinMS, ourMinMS, 5.5*rtt, float64(ourTotal.Microseconds())/1000/(5.5*rtt))
	return nil
}

// ---------------------------------------------------------------------------
// Part 2: a full check of a domain with three MX hosts

const benchDomain = "bench.test."

type mxProxy struct {
	ip  netip.Addr
	rtt time.Duration
}

func parseMX(s string) ([]mxProxy, error) {
	var out []mxProxy
	for _, part := range strings.Split(s, ",") {
		ip, rtt, ok := strings.Cut(part, "=")
		if !ok {
			return nil, fmt.Errorf("-mx: %q is not ip=rtt", part)
		}
		a, err := netip.ParseAddr(ip)
		if err != nil {
			return nil, err
		}
		d, err := time.ParseDuration(rtt)
		if err != nil {
			return nil, err
		}
		out = append(out, mxProxy{a, d})
	}
	return out, nil
}

// startDNS answers MX and A for bench.test and its MX hosts, NXDOMAIN for
// any other name, on UDP and TCP on 127.0.0.1.
func startDNS(mxs []mxProxy) (addr string, stop func(), err error) {
	zone := map[string][]dns.RR{}
	add := func(s string) {
		rr, err := dns.NewRR(s)
		if err != nil {
			panic(err)
		}
		zone[strings.ToLower(rr.Header().Name)] = append(zone[strings.ToLower(rr.Header().Name)], rr)
	}
	for i, m := range mxs {
		host := fmt.Sprintf("mx%d.%s", i+1, benchDomain)
		add(fmt.Sprintf("%s 300 IN MX %d %s", benchDomain, 10*(i+1), host))
		add(fmt.Sprintf("%s 300 IN A %s", host, m.ip))
	}
	handler := dns.HandlerFunc(func(w dns.ResponseWriter, r *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(r)
		m.Authoritative = true
		if len(r.Question) == 1 {
			q := r.Question[0]
			name := strings.ToLower(q.Name)
			rrs, known := zone[name]
			if !known && name != benchDomain {
				m.Rcode = dns.RcodeNameError
			}
			for _, rr := range rrs {
				if rr.Header().Rrtype == q.Qtype {
					m.Answer = append(m.Answer, rr)
				}
			}
		}
		w.WriteMsg(m)
	})
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	ln, err := net.Listen("tcp", pc.LocalAddr().String())
	if err != nil {
		pc.Close()
		return "", nil, err
	}
	udp := &dns.Server{PacketConn: pc, Handler: handler}
	tcp := &dns.Server{Listener: ln, Handler: handler}
	go udp.ActivateAndServe()
	go tcp.ActivateAndServe()
	return pc.LocalAddr().String(), func() { udp.Shutdown(); tcp.Shutdown() }, nil
}

func benchCheck(o options, roots *x509.CertPool) error {
	mxs, err := parseMX(o.mx)
	if err != nil {
		return err
	}
	dnsAddr, stop, err := startDNS(mxs)
	if err != nil {
		return err
	}
	defer stop()
	client := &lookup.Client{Resolver: lookup.NewDNSResolver([]string{dnsAddr}, 2*time.Second)}
	e, err := api.New(api.Config{
		Static:       frontend.FS(),
		Logger:       slog.New(slog.DiscardHandler),
		Lookup:       client,
		Dialer:       &net.Dialer{},
		Roots:        roots,
		From:         "benchcheck",
		AllowPrivate: true,
		Rate:         1000,
		Burst:        1000,
		CheckBudget:  o.timeout,
	})
	if err != nil {
		return err
	}
	srv := httptest.NewServer(e)
	defer srv.Close()

	// The slowest single probe: the farthest MX on 25, as the check runs it
	// (STARTTLS, with the old-TLS check the check may do too).
	slowest := mxs[0]
	for _, m := range mxs {
		if m.rtt > slowest.rtt {
			slowest = m
		}
	}
	slowHost := fmt.Sprintf("mx%d.bench.test", slices.Index(mxs, slowest)+1)
	single := func(skipOld bool) (time.Duration, error) {
		ctx, cancel := context.WithTimeout(context.Background(), o.timeout)
		defer cancel()
		cfg := probe.Config{Dialer: api.NewGuard(true, nil).Dialer(&net.Dialer{}), Roots: roots, From: "benchcheck", SkipOldTLSCheck: skipOld}
		start := time.Now()
		res, err := probe.Run(ctx, cfg, probe.Target{Host: slowHost, Port: 25, Mode: probe.ModeStartTLS, Addrs: []netip.Addr{slowest.ip}})
		d := time.Since(start)
		if err == nil && (len(res.Addresses) == 0 || res.Addresses[0].Outcome != "ok") {
			err = fmt.Errorf("outcome %s", outcomeOf(res))
		}
		return d, err
	}
	check := func() (time.Duration, checkReport, error) {
		ctx, cancel := context.WithTimeout(context.Background(), o.timeout+5*time.Second)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/api/v1/check?domain=bench.test", nil)
		start := time.Now()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, checkReport{}, err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		d := time.Since(start)
		if err != nil {
			return d, checkReport{}, err
		}
		if resp.StatusCode != 200 {
			return d, checkReport{}, fmt.Errorf("GET /api/v1/check: %s: %.300s", resp.Status, body)
		}
		var rep checkReport
		if err := json.Unmarshal(body, &rep); err != nil {
			return d, rep, fmt.Errorf("check report: %v", err)
		}
		return d, rep, nil
	}

	// Warm-up.
	if _, _, err := check(); err != nil {
		return err
	}
	var checks, singlesOld, singlesNoOld []time.Duration
	var last checkReport
	for r := 0; r < o.n; r++ {
		d, rep, err := check()
		if err != nil {
			return err
		}
		checks = append(checks, d)
		last = rep
		if d, err := single(false); err == nil {
			singlesOld = append(singlesOld, d)
		} else {
			return fmt.Errorf("single probe of %s: %w", slowHost, err)
		}
		if d, err := single(true); err == nil {
			singlesNoOld = append(singlesNoOld, d)
		} else {
			return fmt.Errorf("single probe of %s: %w", slowHost, err)
		}
	}
	c, so, sn := median(checks), median(singlesOld), median(singlesNoOld)
	fmt.Printf("\nFull check of bench.test: 3 MX hosts behind proxies with round trips")
	for i, m := range mxs {
		fmt.Printf(" mx%d %s", i+1, m.rtt)
	}
	fmt.Printf(", in-process DNS, api.New + httptest, N=%d, medians\n", o.n)
	fmt.Printf("check (GET /api/v1/check)                 %8s ms\n", ms(c))
	fmt.Printf("slowest single probe (mx%d:25, old-TLS check on)  %8s ms   check/probe %.2fx\n", slices.Index(mxs, slowest)+1, ms(so), float64(c)/float64(so))
	fmt.Printf("slowest single probe (mx%d:25, old-TLS check off) %8s ms   check/probe %.2fx\n", slices.Index(mxs, slowest)+1, ms(sn), float64(c)/float64(sn))
	fmt.Printf("goal check within 1.2x its slowest probe: %.2fx (vs the probe with the same old-TLS check)\n", float64(c)/float64(so))
	var probes []string
	for _, p := range last.Probes {
		s := fmt.Sprintf("%s %s:%d", p.Kind, p.Host, p.Port)
		if p.Result != nil {
			s += fmt.Sprintf(" %d ms", p.Result.MS)
			if len(p.Result.Addresses) > 0 {
				s += " " + p.Result.Addresses[0].Outcome
			}
		}
		if p.Error != "" {
			s += " (" + p.Error + ")"
		}
		probes = append(probes, s)
	}
	fmt.Printf("probes of the last check (report ms %d): %s\n", last.MS, strings.Join(probes, "; "))
	if len(last.Probes) == 0 {
		return errors.New("the check ran no probe")
	}
	return nil
}

type checkReport struct {
	MS     int64 `json:"ms"`
	Probes []struct {
		Kind   string        `json:"kind"`
		Host   string        `json:"host"`
		Port   int           `json:"port"`
		Error  string        `json:"error"`
		Result *probe.Result `json:"result"`
	} `json:"probes"`
}
