package api

import (
	"context"
	"math"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

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

// keyedSemaphore bounds concurrent holders per key (a target IP).
type keyedSemaphore struct {
	max int
	mu  sync.Mutex
	m   map[string]chan struct{}
	n   map[string]int // holders and waiters, to free idle keys
}

func newKeyedSemaphore(max int) *keyedSemaphore {
	return &keyedSemaphore{max: max, m: map[string]chan struct{}{}, n: map[string]int{}}
}

func (k *keyedSemaphore) acquire(ctx context.Context, key string) (release func(), err error) {
	k.mu.Lock()
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
	select {
	case ch <- struct{}{}:
		var once sync.Once
		return func() { once.Do(func() { <-ch; done() }) }, nil
	case <-ctx.Done():
		done()
		return nil, ctx.Err()
	}
}

// acquireGlobal takes one of the server-wide probe slots.
func (s *server) acquireGlobal(ctx context.Context) (func(), error) {
	select {
	case s.global <- struct{}{}:
		var once sync.Once
		return func() { once.Do(func() { <-s.global }) }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// wrapDialer puts the guard (address policy checked at dial time, so DNS
// rebinding cannot pass) and the per-target-IP cap around the dialer.
func (s *server) wrapDialer(inner probe.Dialer) probe.Dialer {
	if inner == nil {
		inner = &net.Dialer{}
	}
	return &limitedDialer{inner: s.guard.Dialer(inner), sem: s.targets}
}

// limitedDialer holds a per-IP slot for as long as the connection is open.
type limitedDialer struct {
	inner probe.Dialer
	sem   *keyedSemaphore
}

func (d *limitedDialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		host = address
	}
	release, err := d.sem.acquire(ctx, host)
	if err != nil {
		return nil, err
	}
	conn, err := d.inner.DialContext(ctx, network, address)
	if err != nil {
		release()
		return nil, err
	}
	return &releasingConn{Conn: conn, release: release}, nil
}

type releasingConn struct {
	net.Conn
	release func()
}

func (c *releasingConn) Close() error {
	err := c.Conn.Close()
	c.release()
	return err
}
