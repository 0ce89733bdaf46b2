package rules

import (
	"strings"
)

// This file reads the host field as people type it: it strips what does not
// belong there (a scheme, a user name, a port, spaces), recognises IP
// literals and local hosts, and finds typos of known provider hosts by
// edit distance ("smtp.gmial.com", "smtp.gmail.con").

// hostReading is what cleanHost learned about the host field.
type hostReading struct {
	host      string // cleaned, lowercase, no trailing dot
	scheme    string // "smtps" when the field held "smtps://..."
	port      int    // a port written in the field ("host:587"), 0 if none
	badPort   bool   // the field ended in ":" and something that is not a port
	hadSpaces bool   // spaces or tabs inside the host
	hadUser   bool   // "user@host" in the field
	hadPath   bool   // "/something" after the host
}

// normalHostName lowercases, trims spaces and the trailing dot.
func normalHostName(h string) string {
	h = strings.ToLower(TrimSpace(h))
	h = strings.TrimSuffix(h, ".")
	return h
}

// cleanHost reads the host field.
func cleanHost(raw string) hostReading {
	var r hostReading
	h := strings.ToLower(TrimSpace(raw))
	if i := strings.Index(h, "://"); i >= 0 {
		r.scheme = h[:i]
		h = h[i+3:]
	}
	if i := strings.IndexAny(h, "/?#"); i >= 0 {
		r.hadPath = true
		h = h[:i]
	}
	if i := strings.LastIndexByte(h, '@'); i >= 0 {
		r.hadUser = true
		h = h[i+1:]
	}
	if strings.ContainsAny(h, " \t\r\n") {
		r.hadSpaces = true
		h = strings.Join(strings.Fields(h), "")
	}
	// [v6]:port, [v6], host:port; a bare IPv6 literal has several colons.
	if strings.HasPrefix(h, "[") {
		if j := strings.IndexByte(h, ']'); j > 0 {
			rest := h[j+1:]
			h = h[1:j]
			if strings.HasPrefix(rest, ":") {
				r.port, r.badPort = readPort(rest[1:])
			}
		}
	} else if strings.Count(h, ":") == 1 {
		i := strings.IndexByte(h, ':')
		r.port, r.badPort = readPort(h[i+1:])
		h = h[:i]
	}
	r.host = strings.TrimSuffix(h, ".")
	return r
}

func readPort(s string) (int, bool) {
	n, ok := smallNumber(s)
	if !ok || n <= 0 || n > 65535 {
		return 0, true
	}
	return n, false
}

// smallNumber reads up to five decimal digits.
func smallNumber(s string) (int, bool) {
	if s == "" || len(s) > 5 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// isIPv4 reports a dotted-quad IPv4 literal.
func isIPv4(h string) bool {
	parts := strings.Split(h, ".")
	if len(parts) != 4 {
		return false
	}
	for _, p := range parts {
		if p == "" || len(p) > 3 {
			return false
		}
		n, ok := smallNumber(p)
		if !ok || n > 255 {
			return false
		}
	}
	return true
}

// isIPv6 reports an IPv6 literal (hex digits, colons, an optional IPv4 tail).
func isIPv6(h string) bool {
	if strings.Count(h, ":") < 2 {
		return false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c == ':' || c == '.') {
			return false
		}
	}
	return true
}

func isIPLiteral(h string) bool { return isIPv4(h) || isIPv6(h) }

// isLocalHost reports localhost and loopback addresses.
func isLocalHost(h string) bool {
	switch {
	case h == "localhost", strings.HasSuffix(h, ".localhost"), h == "::1", h == "0:0:0:0:0:0:0:1":
		return true
	case isIPv4(h) && strings.HasPrefix(h, "127."):
		return true
	}
	return false
}

// hostNameProblem says in words, from a capital letter, why h is not a
// valid host name, or "".
func hostNameProblem(h string) string {
	if len(h) > 253 {
		return "It is longer than the 253 characters a host name may have"
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if c >= 0x80 {
			return "It holds characters outside ASCII; write an internationalised name in its xn-- form"
		}
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_') {
			if c < ' ' || c == 0x7f {
				return "It holds a control character, which a host name cannot have"
			}
			return "It holds the character " + quoted(string(c)) + ", which a host name cannot have"
		}
	}
	for _, label := range strings.Split(h, ".") {
		switch {
		case label == "":
			return "It has an empty part between dots"
		case len(label) > 63:
			return "One part between dots is longer than 63 characters"
		case label[0] == '-' || label[len(label)-1] == '-':
			return "A part between dots starts or ends with a hyphen"
		}
	}
	return ""
}

// typoSuggestion finds the known host that h is most likely a typo of: an
// edit distance of 1 or 2 (a transposition counts as 1) from a provider's
// submission host or mail domain. extra hosts (an embed preset) are tried
// first. It returns "" when nothing is close.
func typoSuggestion(h string, extra []string) (string, *providerRule) {
	if h == "" || isIPLiteral(h) || isLocalHost(h) {
		return "", nil
	}
	t := typoSearch{h: h, bestD: 3}
	for _, c := range extra {
		c = normalHostName(c)
		t.try(c, nil, c)
	}
	if t.best != "" {
		return t.best, nil
	}
	for i := range providerTable {
		r := &providerTable[i]
		if r.bridge {
			continue
		}
		for _, c := range r.Hosts {
			t.try(c, r, c)
		}
		for _, d := range r.domains {
			t.try(d, r, r.defaultHost())
		}
	}
	if t.best == "" {
		if s, r := sesTypo(h); s != "" {
			return s, r
		}
	}
	return t.best, t.bestRule
}

// typoSearch is the closest known host to h found so far.
type typoSearch struct {
	h, best  string
	bestD    int
	bestRule *providerRule
}

// try offers candidate (standing for suggestion, of rule r).
func (t *typoSearch) try(candidate string, r *providerRule, suggestion string) {
	if strings.Contains(candidate, regionLabel) {
		return
	}
	limit := 2
	switch {
	case len(candidate) < 9:
		return // too short: "me.com" is one letter from many real domains
	case len(candidate) < 12:
		limit = 1
	}
	d := editDistance(t.h, candidate, limit)
	if d > 0 && d <= limit && d < t.bestD {
		t.best, t.bestD, t.bestRule = suggestion, d, r
	}
}

// sesTypo catches typos around the SES region pattern
// email-smtp.<region>.amazonaws.com ("email-smtp.us-east-1.amazonaws.con").
func sesTypo(h string) (string, *providerRule) {
	labels := strings.Split(h, ".")
	if len(labels) != 4 {
		return "", nil
	}
	region := labels[1]
	want := "email-smtp." + region + ".amazonaws.com"
	if want == h || !hostMatches("email-smtp."+regionLabel+".amazonaws.com", want) {
		return "", nil
	}
	if d := editDistance(h, want, 2); d > 0 && d <= 2 {
		return want, ruleByID("ses")
	}
	return "", nil
}

// editDistance is the optimal-string-alignment distance between a and b
// (insertions, deletions, substitutions and adjacent transpositions), or
// limit+1 as soon as it is known to exceed limit.
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	var rows [3][80]int // host names are short: no allocation for them
	var prev2, prev, cur []int
	if len(b) < len(rows[0]) {
		prev2, prev, cur = rows[0][:len(b)+1], rows[1][:len(b)+1], rows[2][:len(b)+1]
	} else {
		prev2, prev, cur = make([]int, len(b)+1), make([]int, len(b)+1), make([]int, len(b)+1)
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := prev[j] + 1
			if w := cur[j-1] + 1; w < v {
				v = w
			}
			if w := prev[j-1] + cost; w < v {
				v = w
			}
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				if w := prev2[j-2] + 1; w < v {
					v = w
				}
			}
			cur[j] = v
			if v < rowMin {
				rowMin = v
			}
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// protocolPrefix reports a host meant for reading mail (IMAP, POP3), not
// for sending it (RFC 6186 names these services apart).
func protocolPrefix(h string) string {
	for _, p := range readingPrefixes {
		if strings.HasPrefix(h, p) {
			return p[:len(p)-1]
		}
	}
	return ""
}

var readingPrefixes = []string{"imap.", "imaps.", "pop.", "pop3.", "pop3s."}

// TrimSpace is strings.TrimSpace that also trims the byte order mark (U+FEFF),
// in any mix with space, from both ends: text copied from a web page or saved
// by a Windows editor brings one along. Package formats trims with it too.
func TrimSpace(s string) string {
	for {
		t := strings.TrimSpace(s)
		t = strings.TrimPrefix(t, "\ufeff")
		t = strings.TrimSuffix(t, "\ufeff")
		if len(t) == len(s) {
			return t
		}
		s = t
	}
}
