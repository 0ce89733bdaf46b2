// Package api is the whichport HTTP server: it serves the offline page and
// its browser module, exposes the rules engine as JSON, and runs live DNS
// lookups and SMTP/TLS probes (never sending mail, never trying
// credentials).
//
// Routes:
//
//	GET  /, /check/<domain>     the page (index.html)
//	GET  /embed                 the widget (embed.html), the only frameable page
//	GET  /sw.js, /manifest.webmanifest, /static/...
//	POST /api/v1/explain, /api/v1/parse, /api/v1/explain-error
//	GET  /api/v1/providers, /healthz, /api/v1/openapi.json
//	GET  /api/v1/mx, /api/v1/probe, /api/v1/check (JSON, or SSE with Accept: text/event-stream or ?stream=1)
//
// Static assets are served under content-hashed names (/static/app-1a2b3c4d.js)
// with an immutable cache; references in HTML, JS, CSS, the manifest and the
// service worker are rewritten at startup.
//
// The package reads no flags, environment or clock of its own: everything
// comes in through Config, built by cmd/api.
//
// Use:
//
//	e, err := api.New(api.Config{Static: frontend.FS(), Logger: log, Dialer: &net.Dialer{}, Lookup: client})
//	http.ListenAndServe("127.0.0.1:8080", e)
package api

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/whichport/whichport/probe"
)

// Config is everything the server needs. Zero values take the defaults
// named on each field.
type Config struct {
	// Static is the page, scripts, styles and browser module (frontend.FS()).
	// Nil serves the API only: the page routes answer 404 (the Cloudflare
	// Worker, where Workers Static Assets serve the page).
	Static fs.FS
	// StaticReload rebuilds the asset table when a file changes
	// (development, with a directory FS).
	StaticReload bool
	// Logger gets one line per request; nil discards.
	Logger *slog.Logger

	// Lookup answers the DNS and HTTPS questions of live checks: a
	// *lookup.Client whose HTTP client is guarded. Nil: live-check
	// endpoints answer 503.
	Lookup DNS
	// Resolver turns probe host names into addresses; nil uses Lookup.
	Resolver probe.HostResolver
	// Dialer opens probe connections. New wraps it in the guard, which
	// refuses non-public addresses at dial time unless AllowPrivate.
	Dialer probe.Dialer
	// Probe runs one probe; nil is probe.Run. Tests inject fakes.
	Probe func(context.Context, probe.Config, probe.Target) (probe.Result, error)
	// From says where probes run from ("whichport.example, AS64500, Frankfurt").
	From string
	// EHLOName is the name probes send in EHLO; "" is the probe default.
	EHLOName string
	// Roots verifies probed certificates; nil is the system pool.
	Roots *x509.CertPool
	// AllowPrivate lets probes reach private, loopback and link-local
	// addresses (local testing only).
	AllowPrivate bool
	// Ports are the ports probes may reach: DefaultPorts when nil. A
	// runtime that cannot reach port 25 (Cloudflare Workers) leaves it out,
	// and checks then skip the MX probes with a note.
	Ports []int
	// TrustProxy takes the client address from X-Forwarded-For (only
	// behind a proxy that sets it); otherwise the peer address is used.
	TrustProxy bool

	// Limits.
	Rate          float64 // live requests per second per client (default 0.5)
	Burst         int     // bucket size per client (default 10)
	EngineRate    float64 // engine (explain, parse, explain-error) requests per second per client (default 10)
	EngineBurst   int     // their bucket size (default 60)
	MaxConcurrent int     // probes in flight, whole server (default 64)
	MaxPerTarget  int     // probes in flight per target IP (default 4); as many more may wait
	// AdmitWait is how long a probe may wait for its per-target and
	// server-wide slots before it is refused with 503 and Retry-After
	// (default 750ms). The wait never counts against a probe timeout.
	AdmitWait    time.Duration
	CheckBudget  time.Duration // time budget of one check or probe (default 45s)
	ProbeTimeout time.Duration // total time of one probe (default: the budget less 1s)
	// Probe timeouts (defaults 8s and 20s, so that a blocked port or a
	// silent server is reported well within the budget).
	ConnectTimeout  time.Duration
	GreetingTimeout time.Duration
	MaxBodyBytes    int64 // request body limit (default 64 KiB)
	MaxMX           int   // MX hosts probed per check (default 5)
	MaxAddrs        int   // addresses probed per host, IPv4 and IPv6 alternating (default 4)

	// Now is the clock; nil is time.Now.
	Now func() time.Time
}

// defaults fills in the server's own settings; those that only the check
// uses (Resolver, Probe, the probe timeouts, MaxMX, MaxAddrs) are passed on
// as they are and take check.Config's defaults, the same as named here.
func (c *Config) defaults() {
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Rate <= 0 {
		c.Rate = 0.5
	}
	if c.Burst <= 0 {
		c.Burst = 10
	}
	if c.EngineRate <= 0 {
		c.EngineRate = 10
	}
	if c.EngineBurst <= 0 {
		c.EngineBurst = 60
	}
	if c.MaxConcurrent <= 0 {
		c.MaxConcurrent = 64
	}
	if c.MaxPerTarget <= 0 {
		c.MaxPerTarget = 4
	}
	if c.AdmitWait <= 0 {
		c.AdmitWait = 750 * time.Millisecond
	}
	if c.CheckBudget <= 0 {
		c.CheckBudget = 45 * time.Second
	}
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = 64 << 10
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.From == "" {
		c.From = "this whichport server"
	}
}

// server holds the handlers' shared state.
type server struct {
	cfg     Config
	static  *staticFiles
	limiter *rateLimiter    // live checks
	engine  *rateLimiter    // explain, parse, explain-error
	global  chan struct{}   // semaphore: probes in flight
	targets *keyedSemaphore // probes per target IP
	timer   func(time.Duration) (<-chan time.Time, func())
	guard   *Guard
	dialer  probe.Dialer // guarded
	rejects *rejectLog   // 429s, logged as counts
}

// CSP of every response but /embed; no third-party source anywhere. The one
// inline script, index.html's first (it starts the checker's worker), is
// allowed by its sha256 (TestInlineScriptsInCSP keeps it current, here and
// in cmd/worker/public/_headers).
const cspBase = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-ngda7Jgik4lTETAmsQVPdn+TuchH+TDQ45iH1Zk/HMo='; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; manifest-src 'self'; worker-src 'self'; base-uri 'none'; form-action 'none'; "

const (
	cspDeny  = cspBase + "frame-ancestors 'none'"
	cspFrame = cspBase + "frame-ancestors *"
)

// New builds the server. It fails only when the static files cannot be read.
func New(cfg Config) (*echo.Echo, error) {
	_, e, err := build(cfg)
	return e, err
}

// build is New, also returning the handlers' shared state (for tests).
func build(cfg Config) (*server, *echo.Echo, error) {
	cfg.defaults()
	sf, err := newStaticFiles(cfg.Static, cfg.StaticReload)
	if err != nil {
		return nil, nil, err
	}
	s := &server{
		cfg:     cfg,
		static:  sf,
		limiter: newRateLimiter(cfg.Rate, cfg.Burst, cfg.Now),
		engine:  newRateLimiter(cfg.EngineRate, cfg.EngineBurst, cfg.Now),
		global:  make(chan struct{}, cfg.MaxConcurrent),
		targets: newKeyedSemaphore(cfg.MaxPerTarget, cfg.MaxPerTarget),
		timer:   realTimer,
		rejects: newRejectLog(time.Minute),
		guard:   NewGuard(cfg.AllowPrivate, cfg.Ports),
	}
	s.dialer = s.wrapDialer(cfg.Dialer)

	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	if cfg.TrustProxy {
		e.IPExtractor = echo.ExtractIPFromXFFHeader()
	} else {
		e.IPExtractor = echo.ExtractIPDirect()
	}
	e.HTTPErrorHandler = s.errorHandler
	e.Use(s.logRequests, s.securityHeaders, s.recoverPanics)

	// The page.
	e.GET("/", s.page("index.html"))
	e.HEAD("/", s.page("index.html"))
	e.GET("/embed", s.page("embed.html"))
	e.HEAD("/embed", s.page("embed.html"))
	e.GET("/check/:domain", s.page("index.html"))
	e.HEAD("/check/:domain", s.page("index.html"))
	e.GET("/sw.js", s.page("sw.js"))
	e.HEAD("/sw.js", s.page("sw.js"))
	e.GET("/manifest.webmanifest", s.page("manifest.webmanifest"))
	e.HEAD("/manifest.webmanifest", s.page("manifest.webmanifest"))
	e.GET("/static/*", s.staticAsset)
	e.HEAD("/static/*", s.staticAsset)

	// The engine.
	e.GET("/healthz", s.healthz)
	e.GET("/api/v1/openapi.json", s.openAPI)
	e.GET("/api/v1/providers", s.providers)
	engineLimit := s.limit(s.engine, "requests")
	e.POST("/api/v1/explain", s.explain, engineLimit)
	e.POST("/api/v1/parse", s.parse, engineLimit)
	e.POST("/api/v1/explain-error", s.explainError, engineLimit)

	// Live checks.
	liveLimit := s.limit(s.limiter, "live checks")
	e.GET("/api/v1/mx", s.mx, liveLimit)
	e.GET("/api/v1/probe", s.probe, liveLimit)
	e.GET("/api/v1/check", s.check, liveLimit)
	return s, e, nil
}

// apiError is the JSON body of every error.
type apiError struct {
	Error string `json:"error"`
	Field string `json:"field,omitempty"`
	Line  int    `json:"line,omitempty"`
}

// httpError is an error with its status and the field it is about.
type httpError struct {
	Status int
	Msg    string
	Field  string
	Line   int
}

func (e *httpError) Error() string { return e.Msg }

func badRequest(field, msg string) *httpError {
	return &httpError{Status: http.StatusBadRequest, Msg: msg, Field: field}
}

func (s *server) errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	var he *httpError
	var ee *echo.HTTPError
	body := apiError{}
	status := http.StatusInternalServerError
	switch {
	case errors.As(err, &he):
		status, body = he.Status, apiError{Error: he.Msg, Field: he.Field, Line: he.Line}
	case errors.As(err, &ee):
		status = ee.Code
		if m, ok := ee.Message.(string); ok {
			body.Error = m
		} else {
			body.Error = strings.ToLower(http.StatusText(status))
		}
	default:
		s.cfg.Logger.Error("internal error", "path", c.Request().URL.Path, "err", err.Error())
		body.Error = "internal error"
	}
	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(status)
		return
	}
	_ = c.JSON(status, body)
}

// securityHeaders sets the CSP and friends on every response. Only /embed
// may be framed.
func (s *server) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		p := c.Request().URL.Path
		if p == "/embed" {
			h.Set("Content-Security-Policy", cspFrame)
		} else {
			h.Set("Content-Security-Policy", cspDeny)
			h.Set("X-Frame-Options", "DENY")
		}
		// Other sites load /static/embed.js with a script tag and frame
		// /embed: those are public; everything else stays same-origin.
		if p == "/embed" || strings.HasPrefix(p, "/static/") {
			h.Set("Cross-Origin-Resource-Policy", "cross-origin")
		} else {
			h.Set("Cross-Origin-Resource-Policy", "same-origin")
		}
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
		return next(c)
	}
}

// recoverPanics turns a handler panic into a 500 JSON error and a log line
// (the panic value only: never the request body).
func (s *server) recoverPanics(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				if r == http.ErrAbortHandler {
					panic(r)
				}
				msg := fmt.Sprint(r)
				if len(msg) > 200 {
					msg = msg[:200]
				}
				s.cfg.Logger.Error("panic", "path", c.Request().URL.Path, "panic", msg)
				err = &httpError{Status: http.StatusInternalServerError, Msg: "internal error"}
			}
		}()
		return next(c)
	}
}

// logRequests writes one line per request: never a body, and a query only
// for the GET live-check endpoints, whose parameters are host names, with
// any credential in them replaced (scrubQuery). A 429 is logged on its own
// only as a client's first in a minute; the rest as one count per client.
func (s *server) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := s.cfg.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		req := c.Request()
		now := s.cfg.Now()
		s.rejects.flush(now, s.cfg.Logger)
		client := c.RealIP()
		if c.Response().Status == http.StatusTooManyRequests && !s.rejects.reject(now, clientKey(client)) {
			return nil
		}
		attrs := []any{
			"method", req.Method,
			"path", req.URL.Path,
			"status", c.Response().Status,
			"bytes", c.Response().Size,
			"ms", now.Sub(start).Milliseconds(),
			"client", client,
		}
		if req.Method == http.MethodGet {
			switch req.URL.Path {
			case "/api/v1/check", "/api/v1/probe", "/api/v1/mx":
				attrs = append(attrs, "query", scrubQuery(req.URL.RawQuery))
			}
		}
		s.cfg.Logger.Info("request", attrs...)
		return nil
	}
}

// page serves one page-level file (HTML, service worker, manifest) with no-cache.
func (s *server) page(name string) echo.HandlerFunc {
	return func(c echo.Context) error {
		st, err := s.static.current()
		if err != nil {
			return err
		}
		a, _ := st.lookup(name)
		if a == nil || st.byName[name] != a {
			return &httpError{Status: http.StatusNotFound, Msg: "not found"}
		}
		a.serve(c.Response(), c.Request(), cacheNoCache)
		return nil
	}
}

// staticAsset serves /static/NAME and /static/NAME-<hash8>.EXT.
func (s *server) staticAsset(c echo.Context) error {
	name := c.Param("*")
	if name == "" || strings.Contains(name, "..") || strings.HasPrefix(name, "/") {
		return &httpError{Status: http.StatusNotFound, Msg: "not found"}
	}
	st, err := s.static.current()
	if err != nil {
		return err
	}
	a, hashed := st.lookup(name)
	if a == nil {
		return &httpError{Status: http.StatusNotFound, Msg: "not found"}
	}
	cc := cacheShort
	switch {
	case hashed:
		cc = cacheImmutable
	case strings.HasSuffix(name, ".html") || name == "sw.js" || name == "manifest.webmanifest":
		cc = cacheNoCache
	}
	a.serve(c.Response(), c.Request(), cc)
	return nil
}

// writeJSON writes v as JSON, compressed by compressJSON (gzip when it is
// large and the client accepts it; check reports with transcripts run to
// tens of KB).
func writeJSON(c echo.Context, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	b = compressJSON(c.Response().Header(), c.Request().Header.Get("Accept-Encoding"), b)
	return c.Blob(status, "application/json", b)
}

func (s *server) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}
