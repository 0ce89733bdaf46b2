package api

import (
	"context"
	"math"
	"net/http"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/whichport/whichport/check"
	"github.com/whichport/whichport/probe"
)

// rateLimiter is a token bucket per client address.
type rateLimiter struct {
	rate  float64 // tokens per second
	burst float64
	now   func() time.Time

	mu        sync.Mutex
	buckets   map[string]*bucket
	lastPrune time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newRateLimiter(rate float64, burst int, now func() time.Time) *rateLimiter {
	return &rateLimiter{rate: rate, burst: float64(burst), now: now, buckets: map[string]*bucket{}}
}

// allow takes one token from key's bucket, or says how long until one is there.
func (l *rateLimiter) allow(key string) (ok bool, retryAfter time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if len(l.buckets) > 10000 && now.Sub(l.lastPrune) > time.Second {
		l.prune(now)
		l.lastPrune = now
	}
	b, found := l.buckets[key]
	if !found {
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	if el := now.Sub(b.last).Seconds(); el > 0 {
		b.tokens = math.Min(l.burst, b.tokens+el*l.rate)
	}
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	need := (1 - b.tokens) / l.rate
	return false, time.Duration(need * float64(time.Second))
}

// prune drops buckets that are full again.
func (l *rateLimiter) prune(now time.Time) {
	for k, b := range l.buckets {
		if b.tokens+now.Sub(b.last).Seconds()*l.rate >= l.burst {
			delete(l.buckets, k)
		}
	}
}

// limit answers 429 with Retry-After when the client's bucket in l is empty.
func (s *server) limit(l *rateLimiter, what string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			ok, wait := l.allow(clientKey(c.RealIP()))
			if !ok {
				secs := int(math.Ceil(wait.Seconds()))
				if secs < 1 {
					secs = 1
				}
				c.Response().Header().Set("Retry-After", strconv.Itoa(secs))
				return &httpError{Status: http.StatusTooManyRequests,
					Msg: "too many " + what + " from your address; try again in " + strconv.Itoa(secs) + "s"}
			}
			return next(c)
		}
	}
}

// clientKey is the rate-limit key of a client address: the address, or
// its /64 for IPv6, which one subscriber usually holds whole.
func clientKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	a = a.Unmap()
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}

// Probe admission. A probe first takes a slot on each address it will
// connect to (MaxPerTarget probes per target IP), then one of the
// server-wide slots (MaxConcurrent), so probes queued behind one slow
// target never hold server-wide slots that probes of other targets need.
// A probe of /api/v1/probe waits at most AdmitWait for all its slots, and
// not at all when as many probes as the cap already wait for the same
// target: it is then refused with check.ErrBusy (503 with Retry-After).
// The probes of one check (rate-limited per client, and several of them
// often on one address) queue for as long as the check's budget allows.
// The wait happens before the probe starts, so it never counts against a
// connect timeout.

// keyedSemaphore bounds concurrent holders per key (a target IP) and how
// many may wait behind them.
type keyedSemaphore struct {
	max   int // holders per key
	queue int // waiters per key beyond the holders
	mu    sync.Mutex
	m     map[string]chan struct{}
	n     map[string]int // holders and waiters, to free idle keys
}

func newKeyedSemaphore(max, queue int) *keyedSemaphore {
	return &keyedSemaphore{max: max, queue: queue, m: map[string]chan struct{}{}, n: map[string]int{}}
}

// acquire takes a slot for key, waiting until expire fires or ctx ends;
// with failFast it fails at once with check.ErrBusy when the queue for key
// is full.
func (k *keyedSemaphore) acquire(ctx context.Context, key string, expire <-chan time.Time, failFast bool) (release func(), err error) {
	k.mu.Lock()
	if failFast && k.n[key] >= k.max+k.queue {
		k.mu.Unlock()
		return nil, check.ErrBusy
	}
	ch, ok := k.m[key]
	if !ok {
		ch = make(chan struct{}, k.max)
		k.m[key] = ch
	}
	k.n[key]++
	k.mu.Unlock()
	done := func() {
		k.mu.Lock()
		k.n[key]--
		if k.n[key] == 0 {
			delete(k.n, key)
			delete(k.m, key)
		}
		k.mu.Unlock()
	}
	taken := func() func() {
		var once sync.Once
		return func() { once.Do(func() { <-ch; done() }) }
	}
	// A free slot is taken even when expire has fired already: one timer
	// covers all the slots of a probe.
	select {
	case ch <- struct{}{}:
		return taken(), nil
	default:
	}
	select {
	case ch <- struct{}{}:
		return taken(), nil
	case <-expire:
		done()
		return nil, check.ErrBusy
	case <-ctx.Done():
		done()
		return nil, ctx.Err()
	}
}

// acquireGlobal takes one of the server-wide probe slots, waiting until
// expire fires or ctx ends.
func (s *server) acquireGlobal(ctx context.Context, expire <-chan time.Time) (func(), error) {
	release := func() func() {
		var once sync.Once
		return func() { once.Do(func() { <-s.global }) }
	}
	select { // free: taken even when expire has fired already
	case s.global <- struct{}{}:
		return release(), nil
	default:
	}
	select {
	case s.global <- struct{}{}:
		return release(), nil
	case <-expire:
		return nil, check.ErrBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// admitProbe is the admission of /api/v1/probe: within AdmitWait, refused
// at once when the target's queue is full.
func (s *server) admitProbe(ctx context.Context, t probe.Target) (func(), error) {
	return s.admit(ctx, t, s.cfg.AdmitWait, true)
}

// admitCheck is the admission of a check's probes: they queue within the
// check's budget (ctx).
func (s *server) admitCheck(ctx context.Context, t probe.Target) (func(), error) {
	return s.admit(ctx, t, s.cfg.CheckBudget, false)
}

// admit takes the target's slots (one per address, in a fixed order; the
// host name when it has none yet), then a server-wide slot, all within wait.
func (s *server) admit(ctx context.Context, t probe.Target, wait time.Duration, failFast bool) (func(), error) {
	keys := make([]string, 0, len(t.Addrs))
	for _, a := range t.Addrs {
		keys = append(keys, a.Unmap().String())
	}
	if len(keys) == 0 {
		keys = append(keys, strings.ToLower(t.Host))
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)

	expire, stop := s.timer(wait)
	defer stop()
	var held []func()
	releaseAll := func() {
		for _, r := range held {
			r()
		}
	}
	for _, k := range keys {
		r, err := s.targets.acquire(ctx, k, expire, failFast)
		if err != nil {
			releaseAll()
			return nil, err
		}
		held = append(held, r)
	}
	r, err := s.acquireGlobal(ctx, expire)
	if err != nil {
		releaseAll()
		return nil, err
	}
	held = append(held, r)
	return releaseAll, nil
}

// realTimer is the server's timer: a channel that fires once after d, and
// a function that stops it.
func realTimer(d time.Duration) (<-chan time.Time, func()) {
	t := time.NewTimer(d)
	return t.C, func() { t.Stop() }
}

// wrapDialer puts the guard (address policy checked at dial time, so DNS
// rebinding cannot pass) around the dialer. The per-target cap is taken
// at admission, before the probe starts, not here: a wait at dial time
// would count against the probe's connect timeout.
func (s *server) wrapDialer(inner probe.Dialer) probe.Dialer {
	if inner == nil {
		inner = probe.DefaultDialer()
	}
	return s.guard.Dialer(inner)
}
