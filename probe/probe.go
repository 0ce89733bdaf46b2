package probe

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Outcome of one address.
const (
	OutcomeOK             = "ok"              // the dialogue went through (TLS included)
	OutcomeRefused        = "refused"         // connection refused: nothing listens
	OutcomeTimeout        = "timeout"         // connect timed out: likely filtered
	OutcomeReset          = "reset"           // connection reset by the peer
	OutcomeUnreachable    = "unreachable"     // no route to the address
	OutcomeClosed         = "closed"          // the server closed without a word
	OutcomeNoGreeting     = "no-greeting"     // connected, but no greeting within GreetingTimeout
	OutcomeRejected       = "rejected"        // 421/554 greeting, or EHLO/HELO refused
	OutcomeOtherMode      = "other-mode"      // the port speaks the other TLS mode
	OutcomeNoStartTLS     = "no-starttls"     // STARTTLS not offered
	OutcomeStartTLSFailed = "starttls-failed" // STARTTLS answered with 454 or another refusal
	OutcomeTLSFailed      = "tls-failed"      // the TLS handshake failed
	OutcomeError          = "error"           // anything else (garbage, limits, timeouts mid-dialogue)
)

// Package defaults for Config's zero fields.
const (
	DefaultEHLOName        = "whichport.invalid"
	DefaultConnectTimeout  = 10 * time.Second
	DefaultGreetingTimeout = 30 * time.Second
	DefaultSlowGreeting    = 5 * time.Second
	DefaultStepTimeout     = 15 * time.Second
	DefaultTotal           = 60 * time.Second
	quitTimeout            = 3 * time.Second
)

func (c *Config) ehloName() string {
	if c.EHLOName != "" {
		return c.EHLOName
	}
	return DefaultEHLOName
}

func (c *Config) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

func (c *Config) connectTimeout() time.Duration {
	return orDefault(c.ConnectTimeout, DefaultConnectTimeout)
}
func (c *Config) greetingTimeout() time.Duration {
	return orDefault(c.GreetingTimeout, DefaultGreetingTimeout)
}
func (c *Config) slowGreeting() time.Duration { return orDefault(c.SlowGreeting, DefaultSlowGreeting) }
func (c *Config) stepTimeout() time.Duration  { return orDefault(c.StepTimeout, DefaultStepTimeout) }
func (c *Config) total() time.Duration        { return orDefault(c.Total, DefaultTotal) }
func (c *Config) maxBytes() int {
	if c.MaxBytes > 0 {
		return c.MaxBytes
	}
	return DefaultMaxBytes
}

// DefaultMaxAddresses is how many addresses of one host are probed.
const DefaultMaxAddresses = 16

func (c *Config) maxAddresses() int {
	if c.MaxAddresses > 0 {
		return c.MaxAddresses
	}
	return DefaultMaxAddresses
}

func (c *Config) dialer() Dialer {
	if c.Dialer != nil {
		return c.Dialer
	}
	return DefaultDialer()
}

// ValidEHLOName reports whether name can be sent after EHLO: a non-empty
// domain or address literal of printable ASCII, no space, CR or LF.
func ValidEHLOName(name string) error {
	if name == "" || len(name) > 255 {
		return ErrBadEHLOName
	}
	for i := 0; i < len(name); i++ {
		if name[i] <= ' ' || name[i] >= 0x7f {
			return ErrBadEHLOName
		}
	}
	return nil
}

// EffectiveMode is the mode a target is probed with first: under ModeAuto,
// implicit TLS on 465 and 2465, STARTTLS elsewhere.
func EffectiveMode(t Target) Mode {
	switch t.Mode {
	case ModeStartTLS, ModeImplicit:
		return t.Mode
	}
	if t.Port == 465 || t.Port == 2465 {
		return ModeImplicit
	}
	return ModeStartTLS
}

func otherMode(m Mode) Mode {
	if m == ModeImplicit {
		return ModeStartTLS
	}
	return ModeImplicit
}

// Run probes one target on every address of its host, concurrently. It never
// sends MAIL, RCPT, DATA or AUTH. The error is non-nil only when nothing could
// be probed (invalid input, or the host did not resolve); the Result is filled
// as far as the probe went in every case, findings included. What a server
// did (refused, rejected, no STARTTLS...) is in each AddressResult's Outcome,
// not in the error.
func Run(ctx context.Context, cfg Config, t Target) (Result, error) {
	start := cfg.now()
	res := Result{Host: t.Host, Port: t.Port, Mode: t.Mode, From: cfg.From}
	if res.Mode == "" {
		res.Mode = ModeAuto
	}
	finish := func(err error) (Result, error) {
		res.Findings = findings(res)
		res.MS = cfg.now().Sub(start).Milliseconds()
		if res.Steps == nil {
			res.Steps = []Step{}
		}
		if res.Transcript == nil {
			res.Transcript = []TranscriptLine{}
		}
		if res.Addresses == nil {
			res.Addresses = []AddressResult{}
		}
		return res, err
	}
	if err := ValidEHLOName(cfg.ehloName()); err != nil {
		return finish(err)
	}
	if err := validTarget(t); err != nil {
		return finish(err)
	}
	switch t.Mode {
	case "", ModeAuto, ModeStartTLS, ModeImplicit:
	default:
		return finish(errors.Join(ErrBadTarget, errors.New("probe: mode must be starttls, implicit or auto")))
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.total())
	defer cancel()

	var mu sync.Mutex // OnStep is called from one goroutine at a time
	onStep := func(ip string, s Step) {
		if cfg.OnStep != nil {
			mu.Lock()
			defer mu.Unlock()
			cfg.OnStep(t, ip, s)
		}
	}

	addrs := cleanAddrs(t.Addrs)
	if len(t.Addrs) > 0 && len(addrs) == 0 {
		return finish(errors.Join(ErrBadTarget, errors.New("probe: no valid address in Target.Addrs")))
	}
	var resolveStep *Step
	if len(addrs) == 0 {
		if ip, err := netip.ParseAddr(strings.Trim(t.Host, "[]")); err == nil {
			addrs = []netip.Addr{ip}
		} else {
			rs := cfg.now()
			var err error
			if cfg.Resolver == nil {
				err = errors.New("probe: no resolver configured")
			} else {
				addrs, err = cfg.Resolver.LookupAddrs(ctx, t.Host)
				addrs = cleanAddrs(addrs)
			}
			if err == nil && len(addrs) == 0 {
				err = ErrNoAddresses
			}
			st := Step{Name: "resolve", OK: err == nil, MS: cfg.now().Sub(rs).Milliseconds()}
			if err != nil {
				st.Detail = err.Error()
			} else {
				st.Detail = joinAddrs(addrs)
			}
			resolveStep = &st
			onStep("", st)
			if err != nil {
				res.Steps = []Step{st}
				if !errors.Is(err, ErrNoAddresses) {
					err = errors.Join(ErrNoAddresses, err)
				}
				return finish(err)
			}
		}
	}

	if max := cfg.maxAddresses(); len(addrs) > max {
		res.SkippedAddresses = len(addrs) - max
		addrs = addrs[:max]
	}
	res.Addresses = make([]AddressResult, len(addrs))
	var wg sync.WaitGroup
	for i, a := range addrs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ar := probeAddress(ctx, &cfg, t, a.Unmap(), func(s Step) { onStep(a.Unmap().String(), s) })
			if resolveStep != nil {
				ar.Steps = append([]Step{*resolveStep}, ar.Steps...)
			}
			res.Addresses[i] = ar
		}()
	}
	wg.Wait()

	first := res.Addresses[0]
	res.Greeting, res.EHLO, res.StartTLS, res.TLS, res.DANE = first.Greeting, first.EHLO, first.StartTLS, first.TLS, first.DANE
	res.Transcript, res.Steps = first.Transcript, first.Steps
	return finish(nil)
}

func validTarget(t Target) error {
	if t.Port < 1 || t.Port > 65535 {
		return errors.Join(ErrBadTarget, errors.New("probe: port out of range"))
	}
	h := t.Host
	if h == "" || len(h) > 253 {
		return errors.Join(ErrBadTarget, errors.New("probe: host empty or too long"))
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if c <= ' ' || c >= 0x7f || c == '/' || c == '@' {
			return errors.Join(ErrBadTarget, errors.New("probe: host has characters a host name cannot have"))
		}
	}
	return nil
}

// cleanAddrs drops invalid and repeated addresses, and unmaps 4in6 ones.
func cleanAddrs(in []netip.Addr) []netip.Addr {
	var out []netip.Addr
	for _, a := range in {
		if a.IsValid() && !slices.Contains(out, a.Unmap()) {
			out = append(out, a.Unmap())
		}
	}
	return out
}

func joinAddrs(addrs []netip.Addr) string {
	var b strings.Builder
	for i, a := range addrs {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString(a.String())
	}
	return b.String()
}

// probeAddress probes one address in the target's mode, falling back to the
// other mode under ModeAuto when the port speaks it.
func probeAddress(ctx context.Context, cfg *Config, t Target, ip netip.Addr, onStep func(Step)) AddressResult {
	addr := net.JoinHostPort(ip.String(), strconv.Itoa(t.Port))
	mode := EffectiveMode(t)

	// The TLS 1.0/1.1 checks run beside the main dialogue, on their own
	// connections, so that they add no round trip to it.
	var old *oldTLSChecks
	if !cfg.SkipOldTLSCheck {
		old = startOldTLSChecks(ctx, cfg, t, addr, mode)
	}

	s := newSession(ctx, cfg, t, ip, addr, mode, onStep)
	s.run()
	ar := s.res
	if ar.Outcome == OutcomeOtherMode && (t.Mode == ModeAuto || t.Mode == "") && ctx.Err() == nil {
		if old != nil {
			old.stop()
			old = startOldTLSChecks(ctx, cfg, t, addr, otherMode(mode))
		}
		s2 := newSession(ctx, cfg, t, ip, addr, otherMode(mode), onStep)
		s2.start = s.start
		s2.res.Steps = append(ar.Steps, s2.res.Steps...)
		s2.res.Transcript = append(append(ar.Transcript, TranscriptLine{MS: s.ms(), Dir: "i", Text: "the port speaks " + string(otherMode(mode)) + ": new connection in that mode"}), s2.res.Transcript...)
		s2.run()
		ar2 := s2.res
		ar2.OtherMode, ar2.OtherModeDetail = true, ar.OtherModeDetail
		ar = ar2
	}
	if old != nil {
		if ar.TLS == nil {
			old.stop()
		} else {
			ar.TLS.OldTLSAccepted, ar.TLS.OldTLSChecked = old.wait(oldTLSGrace)
			if !ar.TLS.OldTLSChecked {
				var ms int64
				if n := len(ar.Transcript); n > 0 {
					ms = ar.Transcript[n-1].MS
				}
				ar.Transcript = append(ar.Transcript, TranscriptLine{MS: ms, Dir: "i", Text: "the TLS 1.0/1.1 check did not finish in time: not reported"})
			}
		}
	}
	return ar
}
