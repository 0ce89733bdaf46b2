// Command api serves whichport: the page, the browser module, the rules
// engine as JSON and live SMTP/TLS checks.
//
//	go run ./cmd/api --listen 127.0.0.1:8080
//
// Flags:
//
//	--listen ADDR        address to listen on (127.0.0.1:8080)
//	--resolver HOST:PORT DNS server for live checks (default: /etc/resolv.conf)
//	--doh URL            DNS over HTTPS instead (e.g. https://dns.google/dns-query)
//	--ca-file PEM        extra CA certificates trusted by probes and MTA-STS fetches
//	--allow-private      let probes reach loopback and private addresses (local testing)
//	--ehlo-name NAME     name probes send in EHLO
//	--from TEXT          where probes run from, said in every report (default: host name)
//	--static-dir DIR     serve the page from DIR, reloading changed files (development)
//	--rate, --burst      live checks per second per client, and the bucket size (0.5, 10)
//	--max-concurrent N   probes in flight, whole server (64)
//	--max-per-target N   probes in flight per target IP (4)
//	--admit-wait D       how long a probe may wait for a slot before a 503 (750ms)
//	--check-budget D     time budget of one check or probe (45s)
//	--trust-proxy        take the client address from X-Forwarded-For (behind a proxy)
//	--log-json           JSON log lines
//
// SIGINT or SIGTERM shuts down gracefully (a second one ends at once).
// It is the only place that reads flags and the environment; the api package
// gets everything through api.Config.
package main

import (
	"context"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/whichport/whichport/api"
	"github.com/whichport/whichport/frontend"
	"github.com/whichport/whichport/probe"
)

// options are the command-line flags.
type options struct {
	listen        string
	resolver      string
	doh           string
	caFile        string
	allowPrivate  bool
	ehloName      string
	from          string
	staticDir     string
	rate          float64
	burst         int
	maxConcurrent int
	maxPerTarget  int
	admitWait     time.Duration
	checkBudget   time.Duration
	trustProxy    bool
	logJSON       bool
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fl := flag.NewFlagSet("api", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.StringVar(&o.listen, "listen", "127.0.0.1:8080", "address to listen on")
	fl.StringVar(&o.resolver, "resolver", "", "DNS resolver host:port (default: the first nameserver of /etc/resolv.conf)")
	fl.StringVar(&o.doh, "doh", "", "DNS-over-HTTPS URL (instead of --resolver), e.g. https://dns.google/dns-query")
	fl.StringVar(&o.caFile, "ca-file", "", "PEM file of extra CA certificates trusted by probes")
	fl.BoolVar(&o.allowPrivate, "allow-private", false, "let probes reach private and loopback addresses (local testing only)")
	fl.StringVar(&o.ehloName, "ehlo-name", "", "name sent in EHLO by probes (default: the probe package's)")
	fl.StringVar(&o.from, "from", "", "where probes run from, named in every report (default: the host name)")
	fl.StringVar(&o.staticDir, "static-dir", "", "serve live static files from this directory (development) instead of the embedded ones")
	fl.Float64Var(&o.rate, "rate", 0.5, "live checks per second per client")
	fl.IntVar(&o.burst, "burst", 10, "burst of live checks per client")
	fl.IntVar(&o.maxConcurrent, "max-concurrent", 64, "probes in flight, whole server")
	fl.IntVar(&o.maxPerTarget, "max-per-target", 4, "probes in flight per target IP")
	fl.DurationVar(&o.admitWait, "admit-wait", 750*time.Millisecond, "how long a probe may wait for a slot before it is answered 503")
	fl.DurationVar(&o.checkBudget, "check-budget", 45*time.Second, "time budget of one check or probe")
	fl.BoolVar(&o.trustProxy, "trust-proxy", false, "take the client address from X-Forwarded-For (behind a proxy only)")
	fl.BoolVar(&o.logJSON, "log-json", false, "log JSON lines instead of text")
	if err := fl.Parse(args); err != nil {
		return o, err
	}
	if fl.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q", fl.Arg(0))
	}
	if o.ehloName != "" {
		if err := probe.ValidEHLOName(o.ehloName); err != nil {
			return o, fmt.Errorf("--ehlo-name: %w", err)
		}
	}
	if o.resolver != "" && o.doh != "" {
		return o, errors.New("--resolver and --doh are exclusive")
	}
	return o, nil
}

func main() {
	o, err := parseFlags(os.Args[1:], os.Stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "api:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop() // a second signal ends the process at once
	}()
	if err := run(ctx, o, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "api:", err)
		os.Exit(1)
	}
}

// run serves until ctx ends, then shuts down gracefully.
func run(ctx context.Context, o options, logOut io.Writer) error {
	var log *slog.Logger
	if o.logJSON {
		log = slog.New(slog.NewJSONHandler(logOut, nil))
	} else {
		log = slog.New(slog.NewTextHandler(logOut, nil))
	}
	cfg, err := buildConfig(o, log)
	if err != nil {
		return err
	}
	e, err := api.New(cfg)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           e,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    32 << 10,
		// No WriteTimeout: check streams last up to the check budget.
	}
	log.Info("listening", "addr", "http://"+ln.Addr().String(), "from", cfg.From, "allow_private", cfg.AllowPrivate)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), o.checkBudget+5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// buildConfig turns flags into api.Config: static files, dialer, DNS, CA pool.
func buildConfig(o options, log *slog.Logger) (api.Config, error) {
	var static fs.FS = frontend.FS()
	if o.staticDir != "" {
		if _, err := os.Stat(o.staticDir); err != nil {
			return api.Config{}, fmt.Errorf("--static-dir: %w", err)
		}
		static = os.DirFS(o.staticDir)
	}
	from := o.from
	if from == "" {
		h, err := os.Hostname()
		if err != nil || h == "" {
			h = "this whichport server"
		}
		from = h
	}
	var roots *x509.CertPool
	if o.caFile != "" {
		pem, err := os.ReadFile(o.caFile)
		if err != nil {
			return api.Config{}, fmt.Errorf("--ca-file: %w", err)
		}
		roots, err = x509.SystemCertPool()
		if err != nil || roots == nil {
			roots = x509.NewCertPool()
		}
		if !roots.AppendCertsFromPEM(pem) {
			return api.Config{}, fmt.Errorf("--ca-file %s: no PEM certificates", o.caFile)
		}
	}
	cfg := api.Config{
		Static:        static,
		StaticReload:  o.staticDir != "",
		Logger:        log,
		Dialer:        &net.Dialer{Timeout: 10 * time.Second},
		From:          from,
		EHLOName:      o.ehloName,
		Roots:         roots,
		AllowPrivate:  o.allowPrivate,
		TrustProxy:    o.trustProxy,
		Rate:          o.rate,
		Burst:         o.burst,
		MaxConcurrent: o.maxConcurrent,
		MaxPerTarget:  o.maxPerTarget,
		AdmitWait:     o.admitWait,
		CheckBudget:   o.checkBudget,
	}
	dns, err := buildDNS(o, roots, log)
	switch {
	case err != nil && (o.resolver != "" || o.doh != ""):
		return api.Config{}, err
	case err != nil:
		// Serve the page and the engine anyway; live checks answer 503.
		log.Warn("live checks disabled", "err", err.Error())
	default:
		cfg.Lookup, cfg.Resolver = dns, dns
	}
	return cfg, nil
}
