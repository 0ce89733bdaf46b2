package lookup

import (
	"fmt"
	"net/netip"
	"strings"

	"golang.org/x/net/idna"
)

// Name length limits (RFC 1035 §2.3.4).
const (
	maxNameLength  = 253 // presentation form without the trailing dot
	maxLabelLength = 63
)

// NormalizeName validates a DNS host or domain name and returns it in the
// form queries use: lower case, A-labels (IDNA 2008, UTS #46 mapping) for
// non-ASCII names, without a trailing dot. It rejects empty names, control
// characters (CR, LF, NUL, ...), spaces, labels that are empty, longer than
// 63 octets or start or end with a hyphen, and names longer than 253 octets.
// Underscores are allowed (_dmarc, _mta-sts). Errors wrap [ErrBadName].
func NormalizeName(name string) (string, error) {
	if name == "" {
		return "", fmt.Errorf("%w: empty name", ErrBadName)
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f {
			return "", fmt.Errorf("%w: %q contains a control character", ErrBadName, name)
		}
		if r == ' ' || r == '\t' {
			return "", fmt.Errorf("%w: %q contains a space", ErrBadName, name)
		}
	}
	n := strings.TrimSuffix(name, ".")
	if n == "" {
		return "", fmt.Errorf("%w: %q is the root, not a domain", ErrBadName, name)
	}
	if !isASCII(n) {
		a, err := idna.Lookup.ToASCII(n)
		if err != nil {
			return "", fmt.Errorf("%w: %q is not a valid internationalised name: %v", ErrBadName, name, err)
		}
		n = a
	}
	n = strings.ToLower(n)
	if len(n) > maxNameLength {
		return "", fmt.Errorf("%w: name longer than %d characters", ErrBadName, maxNameLength)
	}
	for _, label := range strings.Split(n, ".") {
		if label == "" {
			return "", fmt.Errorf("%w: %q has an empty label", ErrBadName, name)
		}
		if len(label) > maxLabelLength {
			return "", fmt.Errorf("%w: label %q longer than %d characters", ErrBadName, label, maxLabelLength)
		}
		if label[0] == '-' || label[len(label)-1] == '-' {
			return "", fmt.Errorf("%w: label %q starts or ends with a hyphen", ErrBadName, label)
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return "", fmt.Errorf("%w: %q contains %q", ErrBadName, name, string(c))
			}
		}
	}
	return n, nil
}

// DomainOf returns the normalised domain of a domain name or an email
// address ("Ann <ann@Example.COM>" and "mailto:ann@example.com" work too).
// IP addresses and address literals are rejected: they have no MX, SRV or
// policy records. Errors wrap [ErrBadName].
func DomainOf(input string) (string, error) {
	s := strings.TrimSpace(input)
	if strings.ContainsAny(s, "\r\n\x00") {
		return "", fmt.Errorf("%w: %q contains a line break", ErrBadName, input)
	}
	if i := strings.LastIndexByte(s, '<'); i >= 0 && strings.HasSuffix(s, ">") {
		s = s[i+1 : len(s)-1]
	}
	if len(s) > 7 && strings.EqualFold(s[:7], "mailto:") {
		s = s[7:]
	}
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		if i == 0 {
			return "", fmt.Errorf("%w: %q has no local part before @", ErrBadName, input)
		}
		s = s[i+1:]
	}
	if strings.HasPrefix(s, "[") || isIP(strings.TrimSuffix(s, ".")) {
		return "", fmt.Errorf("%w: %q is an IP address, not a domain", ErrBadName, input)
	}
	return NormalizeName(s)
}

func isIP(s string) bool {
	_, err := netip.ParseAddr(strings.Trim(s, "[]"))
	return err == nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// sameName compares two DNS names ignoring case and a trailing dot.
func sameName(a, b string) bool {
	return strings.EqualFold(strings.TrimSuffix(a, "."), strings.TrimSuffix(b, "."))
}
