package check

import (
	"context"
	"crypto/x509"
	"errors"
	"log/slog"
	"net/netip"
	"time"

	"github.com/whichport/whichport/lookup"
	"github.com/whichport/whichport/probe"
)

// DNS is what a check asks of DNS and of HTTPS (MTA-STS policies,
// autoconfig files). *lookup.Client implements it; tests use one over
// lookuptest fakes.
type DNS interface {
	MX(ctx context.Context, domain string) (lookup.MXResult, error)
	LookupAddrs(ctx context.Context, host string) ([]netip.Addr, error)
	TLSA(ctx context.Context, host string, port int) (lookup.TLSAResult, error)
	Discover(ctx context.Context, input string) (lookup.DiscoveryResult, error)
	MTASTS(ctx context.Context, domain string, mxHosts []string) (lookup.MTASTSResult, error)
	TLSRPT(ctx context.Context, domain string) (lookup.TLSRPTResult, error)
	SPF(ctx context.Context, domain string) (lookup.SPFResult, error)
	DMARC(ctx context.Context, domain string) (lookup.DMARCResult, error)
}

var (
	_ DNS                = (*lookup.Client)(nil)
	_ probe.HostResolver = DNS(nil)
)

// Sentinel errors of the address policy. A Policy's errors wrap one of
// them, so a caller tells "not allowed" from a failed look-up with
// errors.Is.
var (
	// ErrTargetNotAllowed: the address is one the policy refuses (for a
	// public server: loopback, private, link-local, metadata, ...).
	ErrTargetNotAllowed = errors.New("target not allowed")
	// ErrPortNotAllowed: the port is not one the policy lets a probe reach.
	ErrPortNotAllowed = errors.New("port not allowed")
	// ErrBusy: an Admit found no free probe slot in time. It says nothing
	// about the target; a server answers 503 with Retry-After.
	ErrBusy = errors.New("all probe slots are busy; try again in a few seconds")
)

// Policy decides which addresses and ports a check may connect to. A
// public server passes its SSRF guard (only public addresses, the SMTP
// ports); it must also put the same policy into its Dialer, which checks
// the address actually dialed. A nil Policy allows everything: for the
// command-line tool on the sender's own machine.
type Policy interface {
	// PortAllowed reports whether a probe may connect to port.
	PortAllowed(port int) bool
	// CheckAddr returns nil when a probe may connect to ap, otherwise an
	// error wrapping ErrTargetNotAllowed or ErrPortNotAllowed.
	CheckAddr(ap netip.AddrPort) error
}

// Admit is called before each probe starts, with the addresses it will
// connect to, and returns a function that releases what it took. A server
// uses it to bound probes in flight, per target and in all; an error
// (ErrBusy when no slot was free in time) fails that probe without a
// connection and is never reported as the network's fault. Waiting in
// Admit is not part of any probe timeout: the probe's clocks start after.
type Admit func(ctx context.Context, t probe.Target) (release func(), err error)

// Config is everything a check needs. Zero values take the defaults named
// on each field.
type Config struct {
	// Lookup answers the DNS and HTTPS questions. Domain needs it; Host
	// and Probe only resolve host names, through Resolver.
	Lookup DNS
	// Resolver turns probe host names into addresses; nil uses Lookup.
	// Host and Probe of a host name need one of the two.
	Resolver probe.HostResolver
	// Dialer opens probe connections; nil is probe.DefaultDialer (a plain
	// net.Dialer in native builds). A server passes one that enforces its Policy at dial time.
	Dialer probe.Dialer
	// Policy decides which addresses and ports may be probed; nil allows all.
	Policy Policy
	// Admit, when set, is asked before each probe (server-wide limits).
	Admit Admit
	// Probe runs one probe; nil is probe.Run. Tests inject fakes.
	Probe func(context.Context, probe.Config, probe.Target) (probe.Result, error)

	// From says where probes run from ("whichport.example, AS64500,
	// Frankfurt"); default "this whichport server".
	From string
	// EHLOName is the name probes send in EHLO; "" is the probe default.
	EHLOName string
	// Roots verifies probed certificates; nil is the system pool.
	Roots *x509.CertPool

	// Budget bounds a whole check or probe (default 45s).
	Budget time.Duration
	// ProbeTimeout is the total time of one probe (default: Budget less 1s).
	ProbeTimeout time.Duration
	// ConnectTimeout and GreetingTimeout bound each connection's first
	// steps (defaults 8s and 20s, so a blocked port or a silent server is
	// reported well within the budget).
	ConnectTimeout  time.Duration
	GreetingTimeout time.Duration
	// MaxMX is how many MX hosts a check probes (default 5).
	MaxMX int
	// MaxAddrs is how many addresses of a host are probed, IPv4 and IPv6
	// alternating (default 4).
	MaxAddrs int

	// Logger gets panics caught in a look-up or probe; nil discards.
	Logger *slog.Logger
	// Now is the clock; nil is time.Now.
	Now func() time.Time
}

func (c Config) withDefaults() Config {
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Budget <= 0 {
		c.Budget = 45 * time.Second
	}
	if c.ProbeTimeout <= 0 && c.Budget > 2*time.Second {
		c.ProbeTimeout = c.Budget - time.Second
	}
	if c.ConnectTimeout <= 0 {
		c.ConnectTimeout = 8 * time.Second
	}
	if c.GreetingTimeout <= 0 {
		c.GreetingTimeout = 20 * time.Second
	}
	if c.MaxMX <= 0 {
		c.MaxMX = 5
	}
	if c.MaxAddrs <= 0 {
		c.MaxAddrs = 4
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Probe == nil {
		c.Probe = probe.Run
	}
	if c.From == "" {
		c.From = "this whichport server"
	}
	if c.Resolver == nil && c.Lookup != nil {
		c.Resolver = c.Lookup
	}
	return c
}

func (c Config) portAllowed(port int) bool {
	return c.Policy == nil || c.Policy.PortAllowed(port)
}

func (c Config) checkAddr(ap netip.AddrPort) error {
	if c.Policy == nil {
		return nil
	}
	return c.Policy.CheckAddr(ap)
}

// Warning says where probes ran from; every report carries it.
func (c Config) Warning() string {
	return "These probes ran from " + c.withDefaults().From + ", not from your computer or server. Your own network may block ports " +
		"that this server can reach (many clouds and home ISPs block port 25, some block 465 and 587), so a port that " +
		"answers here can still time out for you."
}

// BudgetError is returned when a check or probe ran out of its time
// budget; the report that comes with it is partial.
type BudgetError struct {
	Budget time.Duration
}

func (e *BudgetError) Error() string {
	return "the check took longer than its time budget of " + e.Budget.String() + "; try again, or check fewer hosts"
}
