// Package lookuptest provides fakes for testing code that uses package
// lookup: a [Resolver] driven by a list of records and a map of names that
// fail, and a [Web] that serves canned HTTPS answers (MTA-STS policies,
// autoconfig files). Both are plain data; build them in the test:
//
//	r := lookuptest.New(
//		"example.com. MX 10 mx.example.com.",
//		"mx.example.com. A 192.0.2.25",
//	)
//	r.Fail["broken.example"] = lookuptest.ServFail
//	c := &lookup.Client{Resolver: r, HTTP: lookuptest.Web{
//		"https://mta-sts.example.com/.well-known/mta-sts.txt": {Body: "version: STSv1\n..."},
//	}}
package lookuptest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/miekg/dns"
)

// Failure is how a name fails.
type Failure string

const (
	ServFail Failure = "servfail" // answer with RCODE SERVFAIL
	NXDomain Failure = "nxdomain" // answer with RCODE NXDOMAIN even if records exist
	Refused  Failure = "refused"  // answer with RCODE REFUSED
	Timeout  Failure = "timeout"  // never answer: block until the context ends
)

// Resolver is a fake lookup.Resolver. Names are matched without case and
// without the trailing dot. A CNAME is followed like a recursive resolver
// does (the answer holds the chain and the target's records) unless
// NoChase is set, in which case only the alias is returned, like an
// authoritative server for another zone. A name with no records of any type
// and no names below it is NXDOMAIN; otherwise a missing type is NODATA.
type Resolver struct {
	RRs []dns.RR
	// Fail maps "name" (all types) or "name/TYPE" (e.g. "example.com/AAAA")
	// to a failure.
	Fail map[string]Failure
	// Secure lists names whose answers get the AD bit; "*" means all.
	Secure map[string]bool
	// NoChase returns CNAMEs without following them.
	NoChase bool

	mu      sync.Mutex
	queries []string
}

// New returns a Resolver holding the records, each in zone-file syntax
// with an absolute owner name ("example.com. MX 10 mx.example.com."). It
// panics on a record that does not parse: it is for tests.
func New(records ...string) *Resolver {
	r := &Resolver{Fail: map[string]Failure{}, Secure: map[string]bool{}}
	for _, s := range records {
		rr, err := dns.NewRR(s)
		if err != nil || rr == nil {
			panic(fmt.Sprintf("lookuptest: bad record %q: %v", s, err))
		}
		r.RRs = append(r.RRs, rr)
	}
	return r
}

// Queries returns the queries received so far as "name TYPE".
func (r *Resolver) Queries() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.queries...)
}

func key(name string) string { return strings.ToLower(strings.TrimSuffix(name, ".")) }

// Exchange answers q from the records.
func (r *Resolver) Exchange(ctx context.Context, q *dns.Msg) (*dns.Msg, error) {
	if len(q.Question) != 1 {
		return nil, errors.New("lookuptest: query must have one question")
	}
	qname, qtype := key(q.Question[0].Name), q.Question[0].Qtype
	r.mu.Lock()
	r.queries = append(r.queries, qname+" "+dns.TypeToString[qtype])
	r.mu.Unlock()

	m := new(dns.Msg)
	m.SetReply(q)
	m.RecursionAvailable = true
	name := qname
	secure := r.Secure["*"] || r.Secure[qname]
	seen := map[string]bool{}
	for hop := 0; ; hop++ {
		if f, ok := r.failure(name, qtype); ok {
			switch f {
			case Timeout:
				<-ctx.Done()
				return nil, ctx.Err()
			case ServFail:
				m.Rcode = dns.RcodeServerFailure
			case Refused:
				m.Rcode = dns.RcodeRefused
			case NXDomain:
				m.Rcode = dns.RcodeNameError
			}
			return m, nil
		}
		var cname *dns.CNAME
		exists := false
		for _, rr := range r.RRs {
			h := rr.Header()
			if key(h.Name) == name {
				exists = true
				if h.Rrtype == qtype {
					m.Answer = append(m.Answer, dns.Copy(rr))
				} else if c, ok := rr.(*dns.CNAME); ok {
					cname = c
				}
			} else if strings.HasSuffix(key(h.Name), "."+name) {
				exists = true
			}
		}
		if len(m.Answer) > 0 && m.Answer[len(m.Answer)-1].Header().Rrtype == qtype {
			break
		}
		if cname == nil || qtype == dns.TypeCNAME {
			if !exists {
				m.Rcode = dns.RcodeNameError
			}
			break
		}
		m.Answer = append(m.Answer, dns.Copy(cname))
		name = key(cname.Target)
		secure = secure && (r.Secure["*"] || r.Secure[name])
		if r.NoChase || seen[name] || hop > 16 {
			break
		}
		seen[name] = true
	}
	m.AuthenticatedData = secure && m.Rcode != dns.RcodeServerFailure
	return m, nil
}

func (r *Resolver) failure(name string, qtype uint16) (Failure, bool) {
	if f, ok := r.Fail[name+"/"+dns.TypeToString[qtype]]; ok {
		return f, true
	}
	f, ok := r.Fail[name]
	return f, ok
}

// Page is one canned HTTP answer.
type Page struct {
	Status      int    // 0 means 200
	ContentType string // "" means text/plain
	Body        string
	Location    string // for redirects
	Err         error  // returned instead of a response
}

// Web is a fake lookup.Fetcher: a map from URL to page. A URL not in the
// map fails like a host that does not resolve.
type Web map[string]Page

// Fetch answers req from the map.
func (w Web) Fetch(req *http.Request) (*http.Response, error) {
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	p, ok := w[req.URL.String()]
	if !ok {
		return nil, fmt.Errorf("lookuptest: dial tcp: lookup %s: no such host", req.URL.Hostname())
	}
	if p.Err != nil {
		return nil, p.Err
	}
	status := p.Status
	if status == 0 {
		status = http.StatusOK
	}
	ct := p.ContentType
	if ct == "" {
		ct = "text/plain"
	}
	h := http.Header{"Content-Type": {ct}}
	if p.Location != "" {
		h.Set("Location", p.Location)
	}
	return &http.Response{StatusCode: status, Status: http.StatusText(status), Header: h, Request: req,
		Body: io.NopCloser(bytes.NewReader([]byte(p.Body))), ContentLength: int64(len(p.Body))}, nil
}
