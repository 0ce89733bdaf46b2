package api

import (
	"log/slog"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"
)

// redacted replaces a secret in a log line.
const redacted = "REDACTED"

// secretParams are query parameters whose value is never logged.
var secretParams = []string{"password", "pass", "passwd", "pwd", "secret", "token", "api_key", "apikey", "key", "auth"}

// scrubQuery returns a query string fit for the request log: the user
// information of URL-like values (smtp://user:pass@host, user:pass@host)
// and every credential-looking value (password=..., as secretsIn finds
// them) are replaced, and parameters named like a secret lose their value.
// Parameters left alone keep their raw form and order; those that do not
// decode are left out.
func scrubQuery(raw string) string {
	var out []string
	for pair := range strings.SplitSeq(raw, "&") {
		if pair == "" {
			continue
		}
		rawKey, rawValue, _ := strings.Cut(pair, "=")
		key, err1 := url.QueryUnescape(rawKey)
		value, err2 := url.QueryUnescape(rawValue)
		if err1 != nil || err2 != nil {
			continue
		}
		clean := redacted
		if !isSecretParam(key) {
			clean = scrubValue(value)
		}
		if clean == value {
			out = append(out, pair)
			continue
		}
		out = append(out, rawKey+"="+url.QueryEscape(clean))
	}
	return strings.Join(out, "&")
}

func isSecretParam(name string) bool {
	name = strings.ToLower(name)
	for _, p := range secretParams {
		if name == p || strings.HasSuffix(name, "_"+p) || strings.HasSuffix(name, "."+p) {
			return true
		}
	}
	return false
}

// scrubValue drops the user information before the last @ when it holds a
// password (user:pass@) or follows a scheme (smtp://user@), and replaces
// any other credential secretsIn recognises.
func scrubValue(v string) string {
	if i := strings.LastIndexByte(v, '@'); i >= 0 {
		user := v[:i]
		if j := strings.Index(user, "://"); j >= 0 {
			v = user[:j+3] + redacted + v[i:]
		} else if strings.Contains(user, ":") {
			v = redacted + v[i:]
		}
	}
	for _, s := range secretsIn(v) {
		v = strings.ReplaceAll(v, s, redacted)
	}
	return v
}

// rejectLog turns the 429s of each client into sampled counts: the first
// of a window is logged at once, the rest as one count per client when the
// window ends (on the next request after it), so a client hammering the
// server cannot flood the log.
type rejectLog struct {
	window time.Duration
	mu     sync.Mutex
	start  time.Time
	counts map[string]int // client -> 429s in this window
}

func newRejectLog(window time.Duration) *rejectLog {
	return &rejectLog{window: window, counts: map[string]int{}}
}

// reject records a 429 for client and reports whether this one is logged
// on its own (the client's first in the window).
func (l *rejectLog) reject(now time.Time, client string) (first bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.counts) == 0 {
		l.start = now
	}
	l.counts[client]++
	return l.counts[client] == 1
}

// flush logs the counts of a window that has ended: one line per client
// that was refused more than once.
func (l *rejectLog) flush(now time.Time, log *slog.Logger) {
	l.mu.Lock()
	if len(l.counts) == 0 || now.Sub(l.start) < l.window {
		l.mu.Unlock()
		return
	}
	counts, start := l.counts, l.start
	l.counts = map[string]int{}
	l.mu.Unlock()
	clients := make([]string, 0, len(counts))
	for c := range counts {
		clients = append(clients, c)
	}
	sort.Strings(clients)
	for _, c := range clients {
		if counts[c] > 1 {
			log.Info("rate limited", "client", c, "count", counts[c], "seconds", int(now.Sub(start).Seconds()))
		}
	}
}
