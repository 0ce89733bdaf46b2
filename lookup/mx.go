package lookup

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"sort"
	"strings"
	"sync"

	"github.com/miekg/dns"
)

// MXStatus says what the MX look-up found.
type MXStatus string

const (
	MXFound    MXStatus = "mx"       // one or more MX records
	MXImplicit MXStatus = "implicit" // no MX (NODATA): the domain's own A/AAAA is the MX (RFC 5321 §5.1)
	MXNull     MXStatus = "null"     // "MX 0 .": the domain accepts no mail (RFC 7505)
	MXNone     MXStatus = "none"     // no MX and no A/AAAA: nowhere to deliver
	MXNXDomain MXStatus = "nxdomain" // the domain does not exist
	MXError    MXStatus = "error"    // SERVFAIL, timeout, bad name, ...
)

// MXResult is the mail exchangers of a domain.
type MXResult struct {
	Domain string   `json:"domain"`
	Status MXStatus `json:"status"`
	// CNAME is the alias chain when the domain itself is an alias.
	CNAME []string `json:"cname,omitempty"`
	// Hosts sorted by preference (lowest first), then name. For an
	// implicit MX there is one host, the domain, with Implicit set.
	Hosts []MXHost `json:"hosts"`
	// DNSSEC is true when the resolver validated the MX answer (AD bit).
	DNSSEC   bool      `json:"dnssec"`
	Problems []Problem `json:"problems,omitempty"`
	Error    string    `json:"error,omitempty"`
}

// MXHost is one mail exchanger with its addresses.
type MXHost struct {
	Preference uint16 `json:"preference"`
	Host       string `json:"host"`
	Implicit   bool   `json:"implicit,omitempty"`
	// CNAME is the alias chain when the MX target is an alias (a problem).
	CNAME []string     `json:"cname,omitempty"`
	Addrs []netip.Addr `json:"addrs"`
	// DNSSEC is true when the A and AAAA answers were validated.
	DNSSEC   bool      `json:"dnssec"`
	Problems []Problem `json:"problems,omitempty"`
	Error    string    `json:"error,omitempty"`
}

// AddrResult is the A and AAAA records of a host.
type AddrResult struct {
	Host  string       `json:"host"`
	CNAME []string     `json:"cname,omitempty"`
	Addrs []netip.Addr `json:"addrs"`
	// DNSSEC is true when both answers carried the AD bit.
	DNSSEC bool `json:"dnssec"`
	// NXDomain is true when the host does not exist.
	NXDomain bool   `json:"nxdomain,omitempty"`
	Error    string `json:"error,omitempty"`
}

// LookupAddrs returns the IPv4 and IPv6 addresses of host (A and AAAA,
// queried concurrently; IPv4 first). An IP literal is returned as is. It
// fails with ErrNXDomain when host does not exist and ErrNoAddress when it
// has no addresses. *Client satisfies probe.HostResolver with it.
func (c *Client) LookupAddrs(ctx context.Context, host string) ([]netip.Addr, error) {
	if a, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		return []netip.Addr{a.Unmap()}, nil
	}
	r, err := c.Addresses(ctx, host)
	return r.Addrs, err
}

// Addresses looks up A and AAAA of host concurrently. A failure of one
// family is ignored when the other gave addresses.
func (c *Client) Addresses(ctx context.Context, host string) (AddrResult, error) {
	res := AddrResult{Host: host}
	name, err := NormalizeName(host)
	if err != nil {
		res.Error = err.Error()
		return res, err
	}
	res.Host = name
	var (
		wg     sync.WaitGroup
		a4, a6 answer
		e4, e6 error
	)
	wg.Add(2)
	go func() { defer wg.Done(); a4, e4 = c.query(ctx, name, dns.TypeA) }()
	go func() { defer wg.Done(); a6, e6 = c.query(ctx, name, dns.TypeAAAA) }()
	wg.Wait()
	res.CNAME = a4.cnames
	if len(res.CNAME) == 0 {
		res.CNAME = a6.cnames
	}
	for _, rr := range a4.rrs {
		if ip, ok := netip.AddrFromSlice(rr.(*dns.A).A.To4()); ok {
			res.Addrs = append(res.Addrs, ip)
		}
	}
	for _, rr := range a6.rrs {
		if ip, ok := netip.AddrFromSlice(rr.(*dns.AAAA).AAAA.To16()); ok {
			res.Addrs = append(res.Addrs, ip)
		}
	}
	res.DNSSEC = e4 == nil && e6 == nil && a4.secure && a6.secure
	switch {
	case len(res.Addrs) > 0:
		return res, nil
	case errors.Is(e4, ErrNXDomain) && (e6 == nil || errors.Is(e6, ErrNXDomain)),
		errors.Is(e6, ErrNXDomain) && e4 == nil:
		res.NXDomain = true
		err = fmt.Errorf("%s: %w", name, ErrNXDomain)
	case e4 != nil:
		err = e4
	case e6 != nil:
		err = e6
	default:
		err = fmt.Errorf("%s: %w", name, ErrNoAddress)
	}
	res.Error = err.Error()
	return res, err
}

// MX looks up the mail exchangers of domain (a domain or an email address)
// and the addresses of each. The returned error wraps ErrNXDomain when the
// domain does not exist, ErrServFail, ErrTimeout, ErrBadName, ...; NODATA
// (no MX records) is not an error but Status MXImplicit or MXNone. Problems
// with single hosts are in their Problems and Error fields.
func (c *Client) MX(ctx context.Context, domain string) (MXResult, error) {
	res := MXResult{Domain: domain, Status: MXError, Hosts: []MXHost{}}
	name, err := DomainOf(domain)
	if err != nil {
		res.Error = err.Error()
		return res, err
	}
	res.Domain = name
	a, err := c.query(ctx, name, dns.TypeMX)
	res.CNAME = a.cnames
	res.DNSSEC = err == nil && a.secure
	if len(a.cnames) > 0 {
		res.Problems = append(res.Problems, Problem{ProblemDomainIsCNAME,
			fmt.Sprintf("%s is an alias (CNAME) of %s; its MX records are those of %s.", name, a.name, a.name)})
	}
	if err != nil {
		if errors.Is(err, ErrNXDomain) {
			res.Status = MXNXDomain
		}
		res.Error = err.Error()
		return res, err
	}

	if len(a.rrs) == 0 {
		// NODATA: the implicit MX is the domain itself (RFC 5321 §5.1).
		addrs, aerr := c.Addresses(ctx, a.name)
		if len(addrs.Addrs) == 0 {
			res.Status = MXNone
			res.Problems = append(res.Problems, Problem{ProblemNoMail,
				fmt.Sprintf("%s has no MX records and no A/AAAA address, so mail to it cannot be delivered.", name)})
			if aerr != nil && !errors.Is(aerr, ErrNoAddress) && !errors.Is(aerr, ErrNXDomain) {
				res.Error = aerr.Error()
				return res, aerr
			}
			return res, nil
		}
		res.Status = MXImplicit
		res.Hosts = append(res.Hosts, MXHost{Host: a.name, Implicit: true, Addrs: addrs.Addrs, DNSSEC: addrs.DNSSEC})
		return res, nil
	}

	var mxs []*dns.MX
	for _, rr := range a.rrs {
		mxs = append(mxs, rr.(*dns.MX))
	}
	sort.SliceStable(mxs, func(i, j int) bool {
		if mxs[i].Preference != mxs[j].Preference {
			return mxs[i].Preference < mxs[j].Preference
		}
		return strings.ToLower(mxs[i].Mx) < strings.ToLower(mxs[j].Mx)
	})
	var real []*dns.MX
	nulls := 0
	for _, mx := range mxs {
		if mx.Mx == "." {
			nulls++
			if mx.Preference != 0 {
				res.Problems = append(res.Problems, Problem{ProblemNullMXPref,
					fmt.Sprintf("The null MX of %s has preference %d; RFC 7505 asks for 0.", name, mx.Preference)})
			}
			continue
		}
		real = append(real, mx)
	}
	if nulls > 0 && len(real) == 0 {
		res.Status = MXNull
		return res, nil
	}
	if nulls > 0 {
		res.Problems = append(res.Problems, Problem{ProblemNullMXMixed,
			fmt.Sprintf("%s publishes a null MX (\"MX 0 .\") together with other MX records; RFC 7505 §3 says a null MX must be the only one. Senders use the others.", name)})
	}
	res.Status = MXFound
	res.Hosts = make([]MXHost, len(real))
	var wg sync.WaitGroup
	for i, mx := range real {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res.Hosts[i] = c.mxHost(ctx, mx)
		}()
	}
	wg.Wait()
	return res, nil
}

// mxHost resolves one MX target and flags what RFC 5321 forbids.
func (c *Client) mxHost(ctx context.Context, mx *dns.MX) MXHost {
	target := strings.TrimSuffix(mx.Mx, ".")
	h := MXHost{Preference: mx.Preference, Host: strings.ToLower(target), Addrs: []netip.Addr{}}
	if isIP(target) {
		h.Problems = append(h.Problems, Problem{ProblemMXIPLiteral,
			fmt.Sprintf("The MX target %s is an IP address; MX records must name a host (RFC 5321 §5.1). Many senders will not deliver.", target)})
		h.Error = "MX target is an IP address"
		return h
	}
	r, err := c.Addresses(ctx, target)
	h.CNAME = r.CNAME
	if r.Addrs != nil {
		h.Addrs = r.Addrs
	}
	h.DNSSEC = r.DNSSEC
	if len(r.CNAME) > 0 {
		h.Problems = append(h.Problems, Problem{ProblemMXIsCNAME,
			fmt.Sprintf("The MX target %s is an alias (CNAME) of %s; RFC 5321 §5.1 and RFC 2181 §10.3 say an MX must name the host itself.", h.Host, r.CNAME[len(r.CNAME)-1])})
	}
	switch {
	case err == nil:
	case errors.Is(err, ErrNXDomain):
		h.Problems = append(h.Problems, Problem{ProblemMXNXDomain,
			fmt.Sprintf("The MX target %s does not exist (NXDOMAIN).", h.Host)})
	case errors.Is(err, ErrNoAddress):
		h.Problems = append(h.Problems, Problem{ProblemMXNoAddress,
			fmt.Sprintf("The MX target %s has no A or AAAA record.", h.Host)})
	default:
		h.Problems = append(h.Problems, Problem{ProblemMXLookupFailed,
			fmt.Sprintf("The addresses of the MX target %s could not be looked up: %v.", h.Host, err)})
	}
	if err != nil {
		h.Error = err.Error()
	}
	return h
}
