package lookup

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"time"

	"github.com/miekg/dns"
)

// Resolver sends one DNS query and returns the response as received. A
// response with RCODE NXDOMAIN or SERVFAIL is returned as a message with a
// nil error: the [Client] interprets the RCODE. Errors are for transport
// failures (timeouts wrap [ErrTimeout]).
type Resolver interface {
	Exchange(ctx context.Context, query *dns.Msg) (*dns.Msg, error)
}

// Defaults used when a field is zero.
const (
	DefaultTimeout     = 5 * time.Second  // one DNS query
	DefaultHTTPTimeout = 10 * time.Second // one HTTPS fetch
	DefaultUDPSize     = 1232             // EDNS0 buffer size (DNS flag day 2020)
)

// DNSResolver sends queries over UDP to a list of servers, tried in order,
// and retries over TCP when the UDP answer is truncated (TC bit).
type DNSResolver struct {
	// Servers are "host:port" addresses (a bare host gets port 53).
	Servers []string
	// Timeout bounds each attempt on one server; zero means DefaultTimeout.
	// A shorter context deadline wins.
	Timeout time.Duration
	// UDPSize is the EDNS0 buffer size advertised; zero means DefaultUDPSize.
	UDPSize uint16
}

var _ Resolver = (*DNSResolver)(nil)

// NewDNSResolver returns a resolver for the given "host:port" servers.
func NewDNSResolver(servers []string, timeout time.Duration) *DNSResolver {
	s := make([]string, 0, len(servers))
	for _, srv := range servers {
		s = append(s, withPort(srv))
	}
	return &DNSResolver{Servers: s, Timeout: timeout}
}

// withPort adds ":53" to a host without a port; IPv6 literals get brackets.
func withPort(s string) string {
	if _, _, err := net.SplitHostPort(s); err == nil {
		return s
	}
	return net.JoinHostPort(strings.Trim(s, "[]"), "53")
}

// SystemServers returns the name servers of /etc/resolv.conf as
// "host:port" addresses.
func SystemServers() ([]string, error) {
	return ServersFromFile("/etc/resolv.conf")
}

// ServersFromFile reads name servers from a resolv.conf(5) file.
func ServersFromFile(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("lookup: reading resolver config: %w", err)
	}
	defer f.Close()
	cfg, err := dns.ClientConfigFromReader(f)
	if err != nil {
		return nil, fmt.Errorf("lookup: reading %s: %w", path, err)
	}
	if len(cfg.Servers) == 0 {
		return nil, fmt.Errorf("lookup: no nameserver in %s", path)
	}
	servers := make([]string, 0, len(cfg.Servers))
	for _, s := range cfg.Servers {
		servers = append(servers, net.JoinHostPort(s, cfg.Port))
	}
	return servers, nil
}

func (r *DNSResolver) timeout() time.Duration {
	if r.Timeout > 0 {
		return r.Timeout
	}
	return DefaultTimeout
}

func (r *DNSResolver) udpSize() uint16 {
	if r.UDPSize > 0 {
		return r.UDPSize
	}
	return DefaultUDPSize
}

// Exchange sends query to each server in turn until one answers with
// something other than SERVFAIL or REFUSED (then the last such answer is
// returned). A truncated UDP answer is retried over TCP on the same
// server. When the context has a deadline, the time left is shared among
// the servers not yet tried, so a silent first server does not use it all.
func (r *DNSResolver) Exchange(ctx context.Context, query *dns.Msg) (*dns.Msg, error) {
	if len(r.Servers) == 0 {
		return nil, fmt.Errorf("%w: no DNS servers configured", ErrNetwork)
	}
	var (
		lastErr  error
		lastResp *dns.Msg
	)
	for i, server := range r.Servers {
		if err := ctx.Err(); err != nil {
			if lastResp != nil {
				return lastResp, nil
			}
			return nil, contextError(err)
		}
		timeout := r.timeout()
		if dl, ok := ctx.Deadline(); ok {
			if share := time.Until(dl) / time.Duration(len(r.Servers)-i); share < timeout {
				timeout = share
			}
		}
		resp, err := r.exchangeOne(ctx, server, query, timeout)
		if err != nil {
			lastErr = err
			continue
		}
		if resp.Rcode == dns.RcodeServerFailure || resp.Rcode == dns.RcodeRefused {
			lastResp = resp
			continue
		}
		return resp, nil
	}
	if lastResp != nil {
		return lastResp, nil
	}
	return nil, lastErr
}

func (r *DNSResolver) exchangeOne(ctx context.Context, server string, query *dns.Msg, timeout time.Duration) (*dns.Msg, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	udp := &dns.Client{Net: "udp", UDPSize: r.udpSize(), Timeout: timeout}
	resp, err := exchangeConn(ctx, udp, query, server)
	if err == nil && resp.Rcode == dns.RcodeFormatError && query.IsEdns0() != nil {
		// RFC 6891 §7: a server that does not know EDNS0 answers FORMERR;
		// ask again without it (no DNSSEC status then).
		plain := query.Copy()
		plain.Extra = removeOPT(plain.Extra)
		query = plain
		resp, err = exchangeConn(ctx, udp, query, server)
	}
	if err == nil && resp.Truncated {
		tcp := &dns.Client{Net: "tcp", Timeout: timeout}
		resp, err = exchangeConn(ctx, tcp, query, server)
	}
	if err != nil {
		return nil, transportError(ctx, server, err)
	}
	return resp, nil
}

// exchangeConn is dns.Client.ExchangeContext that also gives up as soon as
// ctx is canceled (closing the connection), not only at its deadline.
func exchangeConn(ctx context.Context, c *dns.Client, query *dns.Msg, server string) (*dns.Msg, error) {
	conn, err := c.DialContext(ctx, server)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	resp, _, err := c.ExchangeWithConnContext(ctx, query, conn)
	return resp, err
}

// transportError wraps err in ErrTimeout or ErrNetwork.
func transportError(ctx context.Context, server string, err error) error {
	if errors.Is(ctx.Err(), context.Canceled) || errors.Is(err, context.Canceled) {
		return fmt.Errorf("lookup: query to %s: %w", server, context.Canceled)
	}
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil || (errors.As(err, &ne) && ne.Timeout()) {
		return fmt.Errorf("%w: no answer from %s", ErrTimeout, server)
	}
	return fmt.Errorf("%w: %s: %v", ErrNetwork, server, err)
}

// contextError turns a context error into ErrTimeout when the deadline
// passed.
func contextError(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%w: %v", ErrTimeout, err)
	}
	return err
}

func removeOPT(rrs []dns.RR) []dns.RR {
	var out []dns.RR
	for _, rr := range rrs {
		if rr.Header().Rrtype != dns.TypeOPT {
			out = append(out, rr)
		}
	}
	return out
}
