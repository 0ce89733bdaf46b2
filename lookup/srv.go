package lookup

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/miekg/dns"
)

// SRVResult is the SRV records of one service name.
type SRVResult struct {
	// Name is the queried name, e.g. "_submissions._tcp.example.com".
	Name    string      `json:"name"`
	Service string      `json:"service"` // "submissions", "submission", ...
	Records []SRVRecord `json:"records"`
	// Found is true when at least one SRV record exists (NOERROR with
	// records); false for NXDOMAIN and NODATA.
	Found bool `json:"found"`
	// NotOffered is true when the only record has target "." (RFC 2782,
	// RFC 6186 §4): the domain says explicitly it does not offer the
	// service. That is not an error.
	NotOffered bool      `json:"not_offered"`
	DNSSEC     bool      `json:"dnssec"`
	Problems   []Problem `json:"problems,omitempty"`
	Error      string    `json:"error,omitempty"`
}

// SRVRecord is one SRV record.
type SRVRecord struct {
	Priority uint16 `json:"priority"`
	Weight   uint16 `json:"weight"`
	Port     uint16 `json:"port"`
	Target   string `json:"target"` // without trailing dot; "." for "not offered"
}

// SRV looks up _<service>._tcp.<domain> (domain may be an email address)
// and sorts the records by priority (lowest first), then weight (highest
// first). NXDOMAIN and NODATA are not errors: Found is false.
func (c *Client) SRV(ctx context.Context, service, domain string) (SRVResult, error) {
	res := SRVResult{Service: service, Records: []SRVRecord{}}
	name, err := DomainOf(domain)
	if err == nil && (service == "" || strings.ContainsAny(service, "._ \r\n")) {
		err = fmt.Errorf("%w: service %q", ErrBadName, service)
	}
	if err != nil {
		res.Error = err.Error()
		return res, err
	}
	res.Name = "_" + strings.ToLower(service) + "._tcp." + name
	a, err := c.query(ctx, res.Name, dns.TypeSRV)
	res.DNSSEC = err == nil && a.secure
	if err != nil && !errors.Is(err, ErrNXDomain) {
		res.Error = err.Error()
		return res, err
	}
	for _, rr := range a.rrs {
		s := rr.(*dns.SRV)
		t := strings.ToLower(strings.TrimSuffix(s.Target, "."))
		if t == "" {
			t = "."
		}
		res.Records = append(res.Records, SRVRecord{Priority: s.Priority, Weight: s.Weight, Port: s.Port, Target: t})
	}
	sort.SliceStable(res.Records, func(i, j int) bool {
		ri, rj := res.Records[i], res.Records[j]
		if ri.Priority != rj.Priority {
			return ri.Priority < rj.Priority
		}
		if ri.Weight != rj.Weight {
			return ri.Weight > rj.Weight
		}
		return ri.Target < rj.Target
	})
	res.Found = len(res.Records) > 0
	res.NotOffered = len(res.Records) == 1 && res.Records[0].Target == "."
	return res, nil
}

// SubmissionSRV looks up _submissions._tcp (implicit TLS) and
// _submission._tcp (STARTTLS) of domain, in that order (RFC 8314 §5.1).
func (c *Client) SubmissionSRV(ctx context.Context, domain string) ([]SRVResult, error) {
	type out struct {
		r   SRVResult
		err error
	}
	ch := make([]out, 2)
	done := make(chan struct{}, 2)
	for i, svc := range []string{"submissions", "submission"} {
		go func() {
			r, err := c.SRV(ctx, svc, domain)
			ch[i] = out{r, err}
			done <- struct{}{}
		}()
	}
	<-done
	<-done
	return []SRVResult{ch[0].r, ch[1].r}, errors.Join(ch[0].err, ch[1].err)
}
