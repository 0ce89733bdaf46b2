package lookup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/miekg/dns"
)

// Client runs the look-ups. In a native build the zero value works: it uses
// the servers of /etc/resolv.conf and a default HTTP client that follows no
// redirects. A js/wasm build (the Worker) has no defaults, so that it does
// not link net's dialer and net/http's transport: set Resolver and HTTP.
type Client struct {
	// Resolver sends DNS queries; nil means a DNSResolver for SystemServers
	// (native builds; on js/wasm a look-up fails with ErrNetwork).
	Resolver Resolver
	// HTTP fetches MTA-STS policies and autoconfig files; nil means an
	// *http.Client that does not follow redirects (native builds; on
	// js/wasm a fetch fails with ErrNetwork).
	HTTP Fetcher
	// Timeout bounds each DNS query; zero means DefaultTimeout. The earlier
	// of the context deadline and this timeout wins.
	Timeout time.Duration
	// HTTPTimeout bounds each HTTPS fetch; zero means DefaultHTTPTimeout.
	HTTPTimeout time.Duration
}

// maxCNAMEChain is how many aliases a look-up follows.
const maxCNAMEChain = 8

func (c *Client) timeout() time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	return DefaultTimeout
}

func (c *Client) httpTimeout() time.Duration {
	if c.HTTPTimeout > 0 {
		return c.HTTPTimeout
	}
	return DefaultHTTPTimeout
}

func (c *Client) resolver() (Resolver, error) {
	if c.Resolver != nil {
		return c.Resolver, nil
	}
	return defaultResolver(c.timeout())
}

func (c *Client) doer() Fetcher {
	if c.HTTP != nil {
		return c.HTTP
	}
	return defaultDoer
}

// answer is the outcome of one look-up with its CNAME chain followed.
type answer struct {
	name   string   // the canonical name the records belong to
	rrs    []dns.RR // records of the asked type at name
	cnames []string // aliases followed, in order (targets)
	secure bool     // every response had the AD bit
}

// exchange sends one query for name and qtype with its own timeout.
func (c *Client) exchange(ctx context.Context, name string, qtype uint16) (*dns.Msg, error) {
	r, err := c.resolver()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout())
	defer cancel()
	q := new(dns.Msg)
	q.SetQuestion(dns.Fqdn(name), qtype)
	q.RecursionDesired = true
	q.AuthenticatedData = true // RFC 6840 §5.7: ask for the AD bit
	q.SetEdns0(DefaultUDPSize, true)
	resp, err := r.Exchange(ctx, q)
	if err != nil {
		if errors.Is(err, ErrTimeout) {
			return nil, err
		}
		if ctx.Err() != nil {
			return nil, contextError(ctx.Err())
		}
		return nil, err
	}
	if resp == nil {
		return nil, fmt.Errorf("%w: empty response", ErrBadResponse)
	}
	if len(resp.Question) > 0 && (!sameName(resp.Question[0].Name, q.Question[0].Name) || resp.Question[0].Qtype != qtype) {
		return nil, fmt.Errorf("%w: answer for %s %s", ErrBadResponse, resp.Question[0].Name, dns.TypeToString[resp.Question[0].Qtype])
	}
	return resp, nil
}

// query looks up name/qtype, follows CNAMEs (within the answer and with new
// queries when a server returned only the alias) and maps the RCODE to the
// package's errors. NODATA is a nil error with no records.
func (c *Client) query(ctx context.Context, name string, qtype uint16) (answer, error) {
	a := answer{name: name, secure: true}
	typ := dns.TypeToString[qtype]
	seen := map[string]bool{strings.ToLower(name): true}
	for {
		resp, err := c.exchange(ctx, a.name, qtype)
		if err != nil {
			return a, fmt.Errorf("%s %s: %w", typ, a.name, err)
		}
		a.secure = a.secure && resp.AuthenticatedData
		advanced := false
		for {
			target, ok := cnameOf(resp.Answer, a.name)
			if !ok || qtype == dns.TypeCNAME {
				break
			}
			target = strings.ToLower(strings.TrimSuffix(target, "."))
			if seen[target] || len(a.cnames) >= maxCNAMEChain {
				a.cnames = append(a.cnames, target)
				return a, fmt.Errorf("%s %s: %w: %s", typ, name, ErrCNAMELoop, strings.Join(a.cnames, " -> "))
			}
			seen[target] = true
			a.cnames = append(a.cnames, target)
			a.name = target
			advanced = true
		}
		switch resp.Rcode {
		case dns.RcodeSuccess:
		case dns.RcodeNameError:
			return a, fmt.Errorf("%s %s: %w", typ, a.name, ErrNXDomain)
		case dns.RcodeServerFailure:
			return a, fmt.Errorf("%s %s: %w", typ, a.name, ErrServFail)
		default:
			return a, fmt.Errorf("%s %s: %w (%s)", typ, a.name, ErrRefused, dns.RcodeToString[resp.Rcode])
		}
		for _, rr := range resp.Answer {
			if rr != nil && rr.Header().Rrtype == qtype && hasGoType(rr, qtype) && sameName(rr.Header().Name, a.name) {
				a.rrs = append(a.rrs, rr)
			}
		}
		if len(a.rrs) > 0 || !advanced {
			return a, nil
		}
		// The server gave the alias only (an authoritative server for the
		// alias's zone): ask again for the target.
	}
}

// hasGoType reports whether rr is the Go type the callers expect for
// qtype, so that a Resolver handing out odd records cannot make a type
// assertion panic.
func hasGoType(rr dns.RR, qtype uint16) bool {
	switch rr.(type) {
	case *dns.A:
		return qtype == dns.TypeA
	case *dns.AAAA:
		return qtype == dns.TypeAAAA
	case *dns.MX:
		return qtype == dns.TypeMX
	case *dns.SRV:
		return qtype == dns.TypeSRV
	case *dns.TLSA:
		return qtype == dns.TypeTLSA
	case *dns.TXT:
		return qtype == dns.TypeTXT
	}
	switch qtype {
	case dns.TypeA, dns.TypeAAAA, dns.TypeMX, dns.TypeSRV, dns.TypeTLSA, dns.TypeTXT:
		return false
	}
	return true
}

func cnameOf(rrs []dns.RR, name string) (string, bool) {
	for _, rr := range rrs {
		if cn, ok := rr.(*dns.CNAME); ok && sameName(cn.Hdr.Name, name) {
			return cn.Target, true
		}
	}
	return "", false
}

// txt returns the TXT records at name, each with its strings joined.
func (c *Client) txt(ctx context.Context, name string) ([]string, answer, error) {
	a, err := c.query(ctx, name, dns.TypeTXT)
	var out []string
	for _, rr := range a.rrs {
		if t, ok := rr.(*dns.TXT); ok {
			out = append(out, strings.Join(t.Txt, ""))
		}
	}
	return out, a, err
}

// fetched is the outcome of one HTTPS GET.
type fetched struct {
	status      int
	contentType string
	location    string
	body        []byte
}

// errTooLarge is wrapped when a body exceeds its cap.
var errTooLarge = errors.New("body too large")

// fetch GETs url with its own timeout and reads at most max bytes of body.
// It does not follow redirects itself; if the Fetcher did, that is an
// error.
func (c *Client) fetch(ctx context.Context, url string, max int64) (fetched, error) {
	ctx, cancel := context.WithTimeout(ctx, c.httpTimeout())
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fetched{}, fmt.Errorf("%w: %v", ErrHTTP, err)
	}
	resp, err := c.doer().Fetch(req)
	if err != nil {
		if ctx.Err() != nil {
			return fetched{}, fmt.Errorf("%w: %s: %w", ErrHTTP, url, contextError(ctx.Err()))
		}
		return fetched{}, fmt.Errorf("%w: %s: %v", ErrHTTP, url, err)
	}
	defer resp.Body.Close()
	f := fetched{status: resp.StatusCode, contentType: resp.Header.Get("Content-Type"), location: resp.Header.Get("Location")}
	if resp.Request != nil && resp.Request.URL != nil && resp.Request.URL.String() != url {
		return f, fmt.Errorf("%w: %s was redirected to %s (redirects are not followed)", ErrHTTP, url, resp.Request.URL)
	}
	f.body, err = io.ReadAll(io.LimitReader(resp.Body, max+1))
	if err != nil {
		if ctx.Err() != nil {
			return f, fmt.Errorf("%w: %s: %w", ErrHTTP, url, contextError(ctx.Err()))
		}
		return f, fmt.Errorf("%w: %s: %v", ErrHTTP, url, err)
	}
	if int64(len(f.body)) > max {
		f.body = f.body[:max]
		return f, fmt.Errorf("%w: %s: %w (more than %d bytes)", ErrHTTP, url, errTooLarge, max)
	}
	return f, nil
}

// errString is err's text, or "" for nil (for the JSON error fields).
func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
