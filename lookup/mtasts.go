package lookup

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MTA-STS limits (RFC 8461).
const (
	MaxPolicySize = 64 * 1024 // §3.3: policy body at most 64 KB
	MaxPolicyAge  = 31557600  // §3.2: max_age at most about a year
)

// STSRecord is the _mta-sts TXT record (RFC 8461 §3.1).
type STSRecord struct {
	Version    string   `json:"version"` // "STSv1"
	ID         string   `json:"id"`      // 1 to 32 letters and digits
	Extensions []string `json:"extensions,omitempty"`
}

// ParseSTSRecord parses "v=STSv1; id=20240101T000000;". The version must
// come first; fields are separated by ";" with optional spaces; id is
// required. Errors wrap ErrSyntax.
func ParseSTSRecord(txt string) (STSRecord, error) {
	var r STSRecord
	fields, err := splitTagList(txt)
	if err != nil {
		return r, err
	}
	if len(fields) == 0 || fields[0].key != "v" || fields[0].value != "STSv1" {
		return r, fmt.Errorf("%w: MTA-STS record must start with v=STSv1", ErrSyntax)
	}
	r.Version = "STSv1"
	for _, f := range fields[1:] {
		switch f.key {
		case "v":
			return r, fmt.Errorf("%w: v= given twice", ErrSyntax)
		case "id":
			if r.ID != "" {
				return r, fmt.Errorf("%w: id= given twice", ErrSyntax)
			}
			if len(f.value) < 1 || len(f.value) > 32 || !isAlnum(f.value) {
				return r, fmt.Errorf("%w: id %q must be 1 to 32 letters and digits", ErrSyntax, f.value)
			}
			r.ID = f.value
		default:
			if !isExtName(f.key) || !isExtValue(f.value) {
				return r, fmt.Errorf("%w: bad field %q", ErrSyntax, f.key+"="+f.value)
			}
			r.Extensions = append(r.Extensions, f.key+"="+f.value)
		}
	}
	if r.ID == "" {
		return r, fmt.Errorf("%w: MTA-STS record has no id=", ErrSyntax)
	}
	return r, nil
}

// PolicyMode is the mode field of an MTA-STS policy.
type PolicyMode string

const (
	ModeEnforce PolicyMode = "enforce"
	ModeTesting PolicyMode = "testing"
	ModeNone    PolicyMode = "none"
)

// Policy is a parsed MTA-STS policy file (RFC 8461 §3.2).
type Policy struct {
	Version string     `json:"version"` // "STSv1"
	Mode    PolicyMode `json:"mode"`
	// MX patterns, lower case: host names or "*." followed by a domain (the
	// wildcard covers exactly one left-most label).
	MX         []string `json:"mx"`
	MaxAge     int      `json:"max_age"` // seconds
	Extensions []string `json:"extensions,omitempty"`
}

// ParsePolicy parses an MTA-STS policy strictly: lines "key: value"
// separated by LF or CRLF; version STSv1, mode and max_age exactly once;
// mode enforce, testing or none; max_age 0 to 31557600 seconds (up to 10
// digits); at least one mx pattern unless mode is none; other keys are
// extensions and kept. Errors wrap ErrSyntax.
func ParsePolicy(body []byte) (Policy, error) {
	var p Policy
	if len(body) > MaxPolicySize {
		return p, fmt.Errorf("%w: policy larger than %d bytes", ErrSyntax, MaxPolicySize)
	}
	s := string(body)
	s = strings.TrimSuffix(s, "\n")
	s = strings.TrimSuffix(s, "\r")
	if s == "" {
		return p, fmt.Errorf("%w: empty policy", ErrSyntax)
	}
	seenAge := false
	for i, line := range strings.Split(s, "\n") {
		line = strings.TrimSuffix(line, "\r")
		n := i + 1
		if line == "" {
			continue
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			return p, fmt.Errorf("%w: line %d: no colon in %q", ErrSyntax, n, line)
		}
		if !isExtName(k) {
			return p, fmt.Errorf("%w: line %d: bad field name %q", ErrSyntax, n, k)
		}
		v = strings.Trim(v, " \t")
		switch k {
		case "version":
			if p.Version != "" {
				return p, fmt.Errorf("%w: line %d: version given twice", ErrSyntax, n)
			}
			if v != "STSv1" {
				return p, fmt.Errorf("%w: line %d: version %q, want STSv1", ErrSyntax, n, v)
			}
			p.Version = v
		case "mode":
			if p.Mode != "" {
				return p, fmt.Errorf("%w: line %d: mode given twice", ErrSyntax, n)
			}
			switch PolicyMode(v) {
			case ModeEnforce, ModeTesting, ModeNone:
				p.Mode = PolicyMode(v)
			default:
				return p, fmt.Errorf("%w: line %d: mode %q, want enforce, testing or none", ErrSyntax, n, v)
			}
		case "max_age":
			if seenAge {
				return p, fmt.Errorf("%w: line %d: max_age given twice", ErrSyntax, n)
			}
			seenAge = true
			if len(v) < 1 || len(v) > 10 || !isDigits(v) {
				return p, fmt.Errorf("%w: line %d: max_age %q is not 1 to 10 digits", ErrSyntax, n, v)
			}
			age, _ := strconv.ParseInt(v, 10, 64)
			if age > MaxPolicyAge {
				return p, fmt.Errorf("%w: line %d: max_age %d larger than %d", ErrSyntax, n, age, MaxPolicyAge)
			}
			p.MaxAge = int(age)
		case "mx":
			pat, err := normalizeMXPattern(v)
			if err != nil {
				return p, fmt.Errorf("%w: line %d: %v", ErrSyntax, n, err)
			}
			p.MX = append(p.MX, pat)
		default:
			if !isPolicyExtValue(v) {
				return p, fmt.Errorf("%w: line %d: bad value for %s", ErrSyntax, n, k)
			}
			p.Extensions = append(p.Extensions, k+": "+v)
		}
	}
	switch {
	case p.Version == "":
		return p, fmt.Errorf("%w: no version field", ErrSyntax)
	case p.Mode == "":
		return p, fmt.Errorf("%w: no mode field", ErrSyntax)
	case !seenAge:
		return p, fmt.Errorf("%w: no max_age field", ErrSyntax)
	case len(p.MX) == 0 && p.Mode != ModeNone:
		return p, fmt.Errorf("%w: no mx field (required for mode %s)", ErrSyntax, p.Mode)
	}
	return p, nil
}

func normalizeMXPattern(v string) (string, error) {
	host, wild := strings.CutPrefix(v, "*.")
	if strings.Contains(host, "*") {
		return "", fmt.Errorf("mx %q: a wildcard may only be the whole left-most label", v)
	}
	if isIP(host) {
		return "", fmt.Errorf("mx %q: an IP address is not a host name", v)
	}
	n, err := NormalizeName(host)
	if err != nil || strings.HasSuffix(host, ".") || strings.Contains(n, "_") {
		return "", fmt.Errorf("mx %q is not a host name", v)
	}
	if wild {
		return "*." + n, nil
	}
	return n, nil
}

// Matches reports whether host is covered by one of the policy's mx
// patterns (RFC 8461 §4.1): an exact match, or "*.example.com" matching
// exactly one more label ("a.example.com", not "a.b.example.com" nor
// "example.com"). Case and a trailing dot do not matter.
func (p Policy) Matches(host string) bool {
	return p.Match(host) != ""
}

// Match returns the pattern that covers host, or "".
func (p Policy) Match(host string) string {
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	for _, pat := range p.MX {
		if dom, ok := strings.CutPrefix(pat, "*."); ok {
			if label, rest, ok := strings.Cut(h, "."); ok && label != "" && rest == dom {
				return pat
			}
		} else if h == pat {
			return pat
		}
	}
	return ""
}

// MTASTSResult is the MTA-STS state of a domain.
type MTASTSResult struct {
	Domain string `json:"domain"`
	// Name is the TXT record name "_mta-sts.<domain>".
	Name string `json:"name"`
	// TXT is every TXT record at Name starting with "v=STSv1".
	TXT []string `json:"txt"`
	// Found is true when exactly one such record exists and parses.
	Found  bool       `json:"found"`
	Record *STSRecord `json:"record,omitempty"`
	// PolicyURL is where the policy was fetched from.
	PolicyURL string  `json:"policy_url,omitempty"`
	Policy    *Policy `json:"policy,omitempty"`
	// PolicyError says why the policy could not be fetched or parsed.
	PolicyError string `json:"policy_error,omitempty"`
	// MXChecked are the MX hosts checked against the policy; Covered those
	// a pattern matches, Missed those it does not (mail to them fails in
	// enforce mode).
	MXChecked []string  `json:"mx_checked"`
	Covered   []string  `json:"covered"`
	Missed    []string  `json:"missed"`
	DNSSEC    bool      `json:"dnssec"`
	Problems  []Problem `json:"problems,omitempty"`
	Error     string    `json:"error,omitempty"`
}

// MTASTS looks up the _mta-sts TXT record of domain, fetches the policy
// from https://mta-sts.<domain>/.well-known/mta-sts.txt (no redirects,
// status 200, Content-Type text/plain, at most 64 KB), parses it and checks
// mxHosts against it. When mxHosts is nil the MX records are looked up.
// No record is not an error (Found is false). The error is for DNS failures
// of the TXT look-up; policy problems are in PolicyError and Problems.
func (c *Client) MTASTS(ctx context.Context, domain string, mxHosts []string) (MTASTSResult, error) {
	res := MTASTSResult{Domain: domain, TXT: []string{}, MXChecked: []string{}, Covered: []string{}, Missed: []string{}}
	name, err := DomainOf(domain)
	if err != nil {
		res.Error = err.Error()
		return res, err
	}
	res.Domain = name
	res.Name = "_mta-sts." + name
	txts, a, err := c.txt(ctx, res.Name)
	res.DNSSEC = err == nil && a.secure
	if err != nil && !errors.Is(err, ErrNXDomain) {
		res.Error = err.Error()
		return res, err
	}
	for _, t := range txts {
		if hasPrefixFold(t, "v=STSv1") {
			res.TXT = append(res.TXT, t)
		}
	}
	switch len(res.TXT) {
	case 0:
		return res, nil
	case 1:
	default:
		res.Problems = append(res.Problems, Problem{ProblemMultiple,
			fmt.Sprintf("%s has %d MTA-STS records; RFC 8461 §3.1 says senders then treat the domain as having no policy.", res.Name, len(res.TXT))})
		return res, nil
	}
	rec, err := ParseSTSRecord(res.TXT[0])
	if err != nil {
		res.Problems = append(res.Problems, Problem{ProblemSyntax, "The MTA-STS record does not parse: " + err.Error()})
		return res, nil
	}
	res.Found = true
	res.Record = &rec

	res.PolicyURL = "https://mta-sts." + name + "/.well-known/mta-sts.txt"
	pol, err := c.fetchPolicy(ctx, res.PolicyURL)
	if err != nil {
		res.PolicyError = err.Error()
		res.Problems = append(res.Problems, Problem{ProblemPolicyFetch, "The MTA-STS policy could not be used: " + err.Error()})
		return res, nil
	}
	res.Policy = &pol
	if pol.MaxAge < 86400 && pol.Mode != ModeNone {
		res.Problems = append(res.Problems, Problem{ProblemShortMaxAge,
			fmt.Sprintf("max_age is %d seconds; RFC 8461 §3.2 suggests weeks, so the policy outlives an attacker's window.", pol.MaxAge)})
	}

	if mxHosts == nil {
		mx, err := c.MX(ctx, name)
		if err == nil {
			for _, h := range mx.Hosts {
				if !h.Implicit {
					mxHosts = append(mxHosts, h.Host)
				}
			}
		}
	}
	for _, h := range mxHosts {
		h = strings.ToLower(strings.TrimSuffix(h, "."))
		res.MXChecked = append(res.MXChecked, h)
		if pol.Matches(h) {
			res.Covered = append(res.Covered, h)
		} else {
			res.Missed = append(res.Missed, h)
		}
	}
	if len(res.Missed) > 0 && pol.Mode != ModeNone {
		effect := "senders that enforce MTA-STS will not deliver there"
		if pol.Mode == ModeTesting {
			effect = "in testing mode senders still deliver but report failures (TLS-RPT); in enforce mode they would not deliver there"
		}
		res.Problems = append(res.Problems, Problem{ProblemPolicyMismatch,
			fmt.Sprintf("The MTA-STS policy (mode %s) does not cover the MX host(s) %s: %s.",
				pol.Mode, strings.Join(res.Missed, ", "), effect)})
	}
	return res, nil
}

// fetchPolicy GETs and parses a policy (RFC 8461 §3.3).
func (c *Client) fetchPolicy(ctx context.Context, url string) (Policy, error) {
	f, err := c.fetch(ctx, url, MaxPolicySize)
	if err != nil {
		return Policy{}, err
	}
	if f.status != http.StatusOK {
		if f.status >= 300 && f.status < 400 {
			return Policy{}, fmt.Errorf("%w: %s answered %d redirect to %q; MTA-STS forbids following redirects", ErrHTTP, url, f.status, f.location)
		}
		return Policy{}, fmt.Errorf("%w: %s answered HTTP %d, want 200", ErrHTTP, url, f.status)
	}
	if mt, _, _ := mime.ParseMediaType(f.contentType); mt != "text/plain" {
		return Policy{}, fmt.Errorf("%w: %s has Content-Type %q, want text/plain", ErrHTTP, url, f.contentType)
	}
	return ParsePolicy(f.body)
}

// tagField is one "key=value" of a tag list.
type tagField struct{ key, value string }

// splitTagList splits "k=v; k2=v2;" into fields (a trailing ";" and spaces
// around fields are allowed). Keys keep their case.
func splitTagList(s string) ([]tagField, error) {
	if strings.ContainsAny(s, "\r\n\x00") {
		return nil, fmt.Errorf("%w: line break in record", ErrSyntax)
	}
	var out []tagField
	parts := strings.Split(s, ";")
	for i, part := range parts {
		part = strings.Trim(part, " \t")
		if part == "" {
			if i == len(parts)-1 && i > 0 {
				break
			}
			return nil, fmt.Errorf("%w: empty field in %q", ErrSyntax, s)
		}
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			return nil, fmt.Errorf("%w: field %q has no =", ErrSyntax, part)
		}
		k = strings.Trim(k, " \t")
		v = strings.Trim(v, " \t")
		if k == "" {
			return nil, fmt.Errorf("%w: field %q has no name", ErrSyntax, part)
		}
		out = append(out, tagField{k, v})
	}
	return out, nil
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func isAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// isExtName: sts-ext-name = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")
func isExtName(s string) bool {
	if len(s) < 1 || len(s) > 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		alnum := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		if i == 0 && !alnum || !alnum && c != '_' && c != '-' && c != '.' {
			return false
		}
	}
	return true
}

// isExtValue: 1*(%x21-3A / %x3C / %x3E-7E), visible ASCII without ";" and
// "=" (TXT record extensions, RFC 8461 §3.1).
func isExtValue(s string) bool {
	if s == "" {
		return false
	}
	return !bytes.ContainsFunc([]byte(s), func(r rune) bool { return r < 0x21 || r > 0x7e || r == ';' || r == '=' })
}

// isPolicyExtValue: sts-policy-vchar *(sts-policy-vchar / WSP), where the
// vchars are visible ASCII or UTF-8 (RFC 8461 §3.2).
func isPolicyExtValue(s string) bool {
	if s == "" || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r < 0x20 && r != '\t' || r == 0x7f {
			return false
		}
	}
	return true
}
