package lookup

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"time"

	"github.com/miekg/dns"
)

// Fetcher sends an HTTP request. The server injects an [HTTPClient] that
// refuses private addresses, the Worker a fetch-based one. Implementations
// should not follow redirects: MTA-STS forbids them (RFC 8461 §3.3) and
// [Client] reports a redirect as an error.
//
// Its method is not named Do, so that *http.Client does not implement it
// directly: the linker keeps every method of a reachable type that matches
// a method called through an interface, and the Worker reaches the
// *http.Client type (through echo's autocert field) without using it. A
// call to an interface's Do(*http.Request) would link (*http.Client).Do
// and with it net/http's client transport, HTTP/2 and net's resolver
// (about 400 KB gzip) into a module that sends its requests with fetch().
type Fetcher interface {
	Fetch(*http.Request) (*http.Response, error)
}

// HTTPClient is an *http.Client as a [Fetcher].
type HTTPClient struct{ *http.Client }

var _ Fetcher = HTTPClient{}

// Fetch sends req with the client's Do.
func (c HTTPClient) Fetch(req *http.Request) (*http.Response, error) {
	return c.Do(req)
}

// MaxDoHResponse caps the size of a DNS-over-HTTPS answer (the DNS message
// size limit).
const MaxDoHResponse = 65535

// DoHResolver sends queries as DNS over HTTPS (RFC 8484): a POST of the
// wire-format message with Content-Type application/dns-message.
type DoHResolver struct {
	// URL of the DoH endpoint, e.g. "https://cloudflare-dns.com/dns-query".
	URL string
	// HTTP sends the request; nil means a default *http.Client (native
	// builds; on js/wasm the query fails with ErrNetwork).
	HTTP Fetcher
	// Timeout bounds one query; zero means DefaultTimeout. A shorter
	// context deadline wins.
	Timeout time.Duration
}

var _ Resolver = (*DoHResolver)(nil)

// NewDoHResolver returns a DoH resolver for url that sends requests with h.
func NewDoHResolver(url string, h Fetcher) *DoHResolver {
	return &DoHResolver{URL: url, HTTP: h}
}

func (r *DoHResolver) timeout() time.Duration {
	if r.Timeout > 0 {
		return r.Timeout
	}
	return DefaultTimeout
}

func (r *DoHResolver) doer() Fetcher {
	if r.HTTP != nil {
		return r.HTTP
	}
	return defaultDoer
}

// Exchange posts query to the DoH endpoint and returns the decoded answer.
func (r *DoHResolver) Exchange(ctx context.Context, query *dns.Msg) (*dns.Msg, error) {
	ctx, cancel := context.WithTimeout(ctx, r.timeout())
	defer cancel()

	// RFC 8484 §4.1: use ID 0 for cache friendliness; restore it after.
	q := query.Copy()
	q.Id = 0
	wire, err := q.Pack()
	if err != nil {
		return nil, fmt.Errorf("%w: packing query: %v", ErrBadName, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.URL, bytes.NewReader(wire))
	if err != nil {
		return nil, fmt.Errorf("%w: DoH URL %q: %v", ErrNetwork, r.URL, err)
	}
	req.Header.Set("Content-Type", "application/dns-message")
	req.Header.Set("Accept", "application/dns-message")
	resp, err := r.doer().Fetch(req)
	if err != nil {
		return nil, transportError(ctx, r.URL, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%w: DoH server answered HTTP %d", ErrBadResponse, resp.StatusCode)
	}
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt != "application/dns-message" {
		return nil, fmt.Errorf("%w: DoH server answered Content-Type %q", ErrBadResponse, resp.Header.Get("Content-Type"))
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxDoHResponse+1))
	if err != nil {
		return nil, transportError(ctx, r.URL, err)
	}
	if len(body) > MaxDoHResponse {
		return nil, fmt.Errorf("%w: DoH answer larger than %d bytes", ErrBadResponse, MaxDoHResponse)
	}
	m := new(dns.Msg)
	if err := m.Unpack(body); err != nil {
		return nil, fmt.Errorf("%w: DoH answer: %v", ErrBadResponse, err)
	}
	if !m.Response || len(m.Question) != 1 || len(query.Question) != 1 ||
		!sameName(m.Question[0].Name, query.Question[0].Name) || m.Question[0].Qtype != query.Question[0].Qtype {
		return nil, fmt.Errorf("%w: DoH answer does not match the question", ErrBadResponse)
	}
	m.Id = query.Id
	return m, nil
}
