package api

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"

	"github.com/whichport/whichport/probe"
)

// allowedPorts are the only ports a probe may reach (FACTS §1).
var allowedPorts = []int{25, 465, 587, 2525, 2465, 2587}

func portAllowed(p int) bool {
	for _, a := range allowedPorts {
		if a == p {
			return true
		}
	}
	return false
}

// Interim address policy, used until the guard (api/guard.go) lands; then
// guardDialer and normalizeTarget delegate to NewGuard and NormalizeHost.
var (
	errInterimNotAllowed = errors.New("api: target not allowed")
	errInterimBadHost    = errors.New("api: bad host")
)

// guardDialer refuses, at dial time, addresses that are not public unicast
// (unless allowPrivate) and ports outside allowedPorts.
func guardDialer(allowPrivate bool, inner probe.Dialer) probe.Dialer {
	return dialFunc(func(ctx context.Context, network, address string) (net.Conn, error) {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return nil, fmt.Errorf("%w: dial %q: not an IP address and port", errInterimNotAllowed, address)
		}
		if !portAllowed(int(ap.Port())) {
			return nil, fmt.Errorf("%w: port %d", errInterimNotAllowed, ap.Port())
		}
		a := ap.Addr().Unmap()
		if !allowPrivate && (!a.IsGlobalUnicast() || a.IsPrivate() || a.IsLoopback() || a.IsLinkLocalUnicast()) {
			return nil, fmt.Errorf("%w: %s is not a public address", errInterimNotAllowed, a)
		}
		return inner.DialContext(ctx, network, address)
	})
}

type dialFunc func(ctx context.Context, network, address string) (net.Conn, error)

func (f dialFunc) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	return f(ctx, network, address)
}

// normalizeTarget cleans a host given by a user: see NormalizeHost of the guard.
func normalizeTarget(s string) (host string, port int, err error) {
	return interimNormalize(s)
}

func interimNormalize(s string) (string, int, error) {
	if s == "" {
		return "", 0, fmt.Errorf("%w: empty", errInterimBadHost)
	}
	for _, r := range s {
		if r <= ' ' || r == 0x7f {
			return "", 0, fmt.Errorf("%w: control character or space", errInterimBadHost)
		}
	}
	host, port := s, 0
	if h, p, err := net.SplitHostPort(s); err == nil {
		n, err := strconv.Atoi(p)
		if err != nil {
			return "", 0, fmt.Errorf("%w: port %q", errInterimBadHost, p)
		}
		host, port = h, n
	}
	for len(host) > 0 && host[len(host)-1] == '.' {
		host = host[:len(host)-1]
	}
	if host == "" {
		return "", 0, fmt.Errorf("%w: empty", errInterimBadHost)
	}
	out := make([]byte, 0, len(host))
	for i := 0; i < len(host); i++ {
		c := host[i]
		switch {
		case c >= 'A' && c <= 'Z':
			out = append(out, c+'a'-'A')
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-', c == '.', c == ':', c == '_':
			out = append(out, c)
		default:
			return "", 0, fmt.Errorf("%w: character %q", errInterimBadHost, c)
		}
	}
	return string(out), port, nil
}

// isNotAllowed and isBadHost classify the guard's errors.
func isNotAllowed(err error) bool { return errors.Is(err, errInterimNotAllowed) }
func isBadHost(err error) bool    { return errors.Is(err, errInterimBadHost) }
