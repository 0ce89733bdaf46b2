package api

import (
	"net/url"
	"regexp"
)

// Patterns that find credentials in pasted configuration or logs, so that
// a response can never carry them back even if the engine quoted the input.
var secretPatterns = []*regexp.Regexp{
	// smtp://user:pass@host
	regexp.MustCompile(`(?i)[a-z][a-z0-9+.-]*://[^:/@\s]*:([^@\s/]+)@`),
	// password=..., "pass": "...", MAIL_PASSWORD=..., mail.smtp.password=..., :password => '...'
	regexp.MustCompile(`(?i)(?:pass(?:word|wd)?|pwd|secret|api[_-]?key|token)[\w.\]\['"]*\s*(?:=>|[:=])\s*["']?([^"'\s,;})]+)`),
	// smtp.login("user", "pass"), new NetworkCredential("user", "pass"), Authenticate("user", "pass")
	regexp.MustCompile(`(?i)(?:login|credentials?|authenticate)\s*\(\s*["'][^"']*["']\s*,\s*["']([^"']+)["']`),
	// AUTH PLAIN <base64> in a transcript
	regexp.MustCompile(`(?i)AUTH\s+(?:PLAIN|LOGIN|XOAUTH2)\s+(\S+)`),
}

// secretsIn lists the credential-looking values of a pasted text (and their
// percent-decoded forms).
func secretsIn(text string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if len(s) >= 4 && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, re := range secretPatterns {
		for _, m := range re.FindAllStringSubmatch(text, -1) {
			add(m[1])
			if d, err := url.PathUnescape(m[1]); err == nil {
				add(d)
			}
		}
	}
	return out
}
