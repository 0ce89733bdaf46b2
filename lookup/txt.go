package lookup

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// TLSRPTRecord is a parsed TLS-RPT record (RFC 8460 §3).
type TLSRPTRecord struct {
	Version    string   `json:"version"` // "TLSRPTv1"
	RUA        []string `json:"rua"`     // mailto: or https: URIs reports go to
	Extensions []string `json:"extensions,omitempty"`
}

// ParseTLSRPTRecord parses "v=TLSRPTv1; rua=mailto:a@example.com,https://r.example/". The version
// must come first, rua is required and is a comma-separated list of
// mailto: or https: URIs. Errors wrap ErrSyntax.
func ParseTLSRPTRecord(txt string) (TLSRPTRecord, error) {
	var r TLSRPTRecord
	fields, err := splitTagList(txt)
	if err != nil {
		return r, err
	}
	if len(fields) == 0 || fields[0].key != "v" || fields[0].value != "TLSRPTv1" {
		return r, fmt.Errorf("%w: TLS-RPT record must start with v=TLSRPTv1", ErrSyntax)
	}
	r.Version = "TLSRPTv1"
	seenRUA := false
	for _, f := range fields[1:] {
		switch f.key {
		case "v":
			return r, fmt.Errorf("%w: v= given twice", ErrSyntax)
		case "rua":
			if seenRUA {
				return r, fmt.Errorf("%w: rua= given twice", ErrSyntax)
			}
			seenRUA = true
			for _, u := range strings.Split(f.value, ",") {
				u = strings.Trim(u, " \t")
				if !hasPrefixFold(u, "mailto:") && !hasPrefixFold(u, "https:") || !isExtValue(u) {
					return r, fmt.Errorf("%w: rua %q must be a mailto: or https: URI", ErrSyntax, u)
				}
				r.RUA = append(r.RUA, u)
			}
		default:
			if !isExtName(f.key) || !isExtValue(f.value) {
				return r, fmt.Errorf("%w: bad field %q", ErrSyntax, f.key+"="+f.value)
			}
			r.Extensions = append(r.Extensions, f.key+"="+f.value)
		}
	}
	if !seenRUA {
		return r, fmt.Errorf("%w: TLS-RPT record has no rua=", ErrSyntax)
	}
	return r, nil
}

// TLSRPTResult is the TLS-RPT state of a domain.
type TLSRPTResult struct {
	Domain string `json:"domain"`
	Name   string `json:"name"` // "_smtp._tls.<domain>"
	// TXT is every TXT record at Name starting with "v=TLSRPTv1".
	TXT      []string      `json:"txt"`
	Found    bool          `json:"found"` // exactly one record that parses
	Record   *TLSRPTRecord `json:"record,omitempty"`
	DNSSEC   bool          `json:"dnssec"`
	Problems []Problem     `json:"problems,omitempty"`
	Error    string        `json:"error,omitempty"`
}

// TLSRPT looks up and parses _smtp._tls.<domain>. No record is not an
// error; two records are a problem (RFC 8460 §3: exactly one).
func (c *Client) TLSRPT(ctx context.Context, domain string) (TLSRPTResult, error) {
	res := TLSRPTResult{Domain: domain, TXT: []string{}}
	err := c.uniqueTXT(ctx, domain, "_smtp._tls.", "v=TLSRPTv1", "TLS-RPT", "RFC 8460 §3", &res.Domain, &res.Name, &res.TXT, &res.DNSSEC, &res.Problems)
	if err != nil {
		res.Error = err.Error()
		return res, err
	}
	if len(res.TXT) == 1 {
		rec, err := ParseTLSRPTRecord(res.TXT[0])
		if err != nil {
			res.Problems = append(res.Problems, Problem{ProblemSyntax, "The TLS-RPT record does not parse: " + err.Error()})
		} else {
			res.Found, res.Record = true, &rec
		}
	}
	return res, nil
}

// DMARCRecord is a parsed DMARC record (RFC 7489 §6.3).
type DMARCRecord struct {
	Version         string   `json:"version"`         // "DMARC1"
	Policy          string   `json:"p"`               // none, quarantine, reject
	SubdomainPolicy string   `json:"sp,omitempty"`    // as p, for subdomains
	RUA             []string `json:"rua,omitempty"`   // aggregate report URIs (size suffix "!10m" kept)
	RUF             []string `json:"ruf,omitempty"`   // failure report URIs
	Percent         int      `json:"pct"`             // 0-100, default 100
	ADKIM           string   `json:"adkim,omitempty"` // r or s
	ASPF            string   `json:"aspf,omitempty"`  // r or s
	Tags            []string `json:"tags,omitempty"`  // other tags as given
}

// ParseDMARCRecord parses "v=DMARC1; p=reject; rua=mailto:d@example.com".
// v must come first (RFC 7489 §6.4); p is required, except that a record
// with rua and no p is read as p=none (§6.6.3). Unknown tags are kept in
// Tags. Errors wrap ErrSyntax.
func ParseDMARCRecord(txt string) (DMARCRecord, error) {
	r := DMARCRecord{Percent: 100}
	fields, err := splitTagList(txt)
	if err != nil {
		return r, err
	}
	if len(fields) == 0 || fields[0].key != "v" || fields[0].value != "DMARC1" {
		return r, fmt.Errorf("%w: DMARC record must start with v=DMARC1", ErrSyntax)
	}
	r.Version = "DMARC1"
	seen := map[string]bool{}
	for _, f := range fields[1:] {
		k := strings.ToLower(f.key)
		if seen[k] {
			return r, fmt.Errorf("%w: %s= given twice", ErrSyntax, k)
		}
		seen[k] = true
		v := f.value
		switch k {
		case "v":
			return r, fmt.Errorf("%w: v= given twice", ErrSyntax)
		case "p", "sp":
			lv := strings.ToLower(v)
			if lv != "none" && lv != "quarantine" && lv != "reject" {
				return r, fmt.Errorf("%w: %s=%q, want none, quarantine or reject", ErrSyntax, k, v)
			}
			if k == "p" {
				r.Policy = lv
			} else {
				r.SubdomainPolicy = lv
			}
		case "rua", "ruf":
			var uris []string
			for _, u := range strings.Split(v, ",") {
				u = strings.Trim(u, " \t")
				if u == "" || !strings.Contains(u, ":") || strings.ContainsAny(u, " \t") {
					return r, fmt.Errorf("%w: %s URI %q", ErrSyntax, k, u)
				}
				uris = append(uris, u)
			}
			if k == "rua" {
				r.RUA = uris
			} else {
				r.RUF = uris
			}
		case "pct":
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > 100 || !isDigits(v) {
				return r, fmt.Errorf("%w: pct=%q, want 0 to 100", ErrSyntax, v)
			}
			r.Percent = n
		case "adkim", "aspf":
			lv := strings.ToLower(v)
			if lv != "r" && lv != "s" {
				return r, fmt.Errorf("%w: %s=%q, want r or s", ErrSyntax, k, v)
			}
			if k == "adkim" {
				r.ADKIM = lv
			} else {
				r.ASPF = lv
			}
		default:
			r.Tags = append(r.Tags, f.key+"="+v)
		}
	}
	if r.Policy == "" {
		if len(r.RUA) == 0 {
			return r, fmt.Errorf("%w: DMARC record has no p=", ErrSyntax)
		}
		r.Policy = "none"
	}
	return r, nil
}

// DMARCResult is the DMARC record of a domain.
type DMARCResult struct {
	Domain   string       `json:"domain"`
	Name     string       `json:"name"` // "_dmarc.<domain>"
	TXT      []string     `json:"txt"`  // records starting with "v=DMARC1"
	Found    bool         `json:"found"`
	Record   *DMARCRecord `json:"record,omitempty"`
	DNSSEC   bool         `json:"dnssec"`
	Problems []Problem    `json:"problems,omitempty"`
	Error    string       `json:"error,omitempty"`
}

// DMARC looks up and parses _dmarc.<domain>. No record is not an error.
// (The organisational-domain fallback of RFC 7489 §6.6.3 is not done.)
func (c *Client) DMARC(ctx context.Context, domain string) (DMARCResult, error) {
	res := DMARCResult{Domain: domain, TXT: []string{}}
	err := c.uniqueTXT(ctx, domain, "_dmarc.", "v=DMARC1", "DMARC", "RFC 7489 §6.6.3", &res.Domain, &res.Name, &res.TXT, &res.DNSSEC, &res.Problems)
	if err != nil {
		res.Error = err.Error()
		return res, err
	}
	if len(res.TXT) == 1 {
		rec, err := ParseDMARCRecord(res.TXT[0])
		if err != nil {
			res.Problems = append(res.Problems, Problem{ProblemSyntax, "The DMARC record does not parse: " + err.Error()})
		} else {
			res.Found, res.Record = true, &rec
		}
	}
	return res, nil
}

// SPFResult is the SPF record of a domain (RFC 7208). It is shown, not
// evaluated.
type SPFResult struct {
	Domain string `json:"domain"`
	// Records are all TXT records starting with "v=spf1".
	Records []string `json:"records"`
	// Record is the record when there is exactly one.
	Record   string    `json:"record,omitempty"`
	Found    bool      `json:"found"`
	DNSSEC   bool      `json:"dnssec"`
	Problems []Problem `json:"problems,omitempty"`
	Error    string    `json:"error,omitempty"`
}

// SPF looks up the TXT records of domain and keeps those that are SPF
// records. More than one is a problem (RFC 7208 §4.5: permerror).
func (c *Client) SPF(ctx context.Context, domain string) (SPFResult, error) {
	res := SPFResult{Domain: domain, Records: []string{}}
	name, err := DomainOf(domain)
	if err != nil {
		res.Error = err.Error()
		return res, err
	}
	res.Domain = name
	txts, a, err := c.txt(ctx, name)
	res.DNSSEC = err == nil && a.secure
	if err != nil && !errors.Is(err, ErrNXDomain) {
		res.Error = err.Error()
		return res, err
	}
	for _, t := range txts {
		if IsSPF(t) {
			res.Records = append(res.Records, t)
		}
	}
	switch len(res.Records) {
	case 0:
	case 1:
		res.Found, res.Record = true, res.Records[0]
	default:
		res.Problems = append(res.Problems, Problem{ProblemMultiple,
			fmt.Sprintf("%s has %d SPF records; RFC 7208 §4.5 makes that a permanent error, so SPF fails for every message.", name, len(res.Records))})
	}
	return res, nil
}

// IsSPF reports whether a TXT record is an SPF record: "v=spf1" (any case)
// alone or followed by a space (RFC 7208 §4.5).
func IsSPF(txt string) bool {
	return hasPrefixFold(txt, "v=spf1") && (len(txt) == 6 || txt[6] == ' ')
}

// uniqueTXT looks up prefix+domain and keeps the TXT records starting with
// version (any case), flagging more than one.
func (c *Client) uniqueTXT(ctx context.Context, domain, prefix, version, what, rfc string,
	outDomain, outName *string, out *[]string, secure *bool, problems *[]Problem) error {
	name, err := DomainOf(domain)
	if err != nil {
		return err
	}
	*outDomain = name
	*outName = prefix + name
	txts, a, err := c.txt(ctx, *outName)
	*secure = err == nil && a.secure
	if err != nil && !errors.Is(err, ErrNXDomain) {
		return err
	}
	for _, t := range txts {
		if hasPrefixFold(t, version) {
			*out = append(*out, t)
		}
	}
	if len(*out) > 1 {
		*problems = append(*problems, Problem{ProblemMultiple,
			fmt.Sprintf("%s has %d %s records; %s asks for exactly one, so receivers may ignore them all.", *outName, len(*out), what, rfc)})
	}
	return nil
}
