package api

// OWNER: guard-worker-bench.
//
// The guard keeps a public prober from becoming an SSRF proxy. It has three
// layers, each of which is enough on its own for the case it covers:
//
//  1. NormalizeHost turns whatever a visitor typed (an email address, a URL,
//     host:port, an IP literal in any inet_aton form) into a canonical host
//     name or IP address, or refuses it. Odd IPv4 forms such as 2130706433,
//     0177.0.0.1, 0x7f.1 and 127.1 become dotted quads, so they are checked
//     like any other address and never reach a dialer raw.
//  2. Guard.CheckTarget refuses IP literals and special-use names early, so
//     the API can answer 422 before any DNS query.
//  3. Guard.Dialer checks the IP address actually dialed, after resolution.
//     It refuses host names outright: the caller resolves, then dials the
//     IP, so DNS rebinding (public answer first, private answer second)
//     cannot get a private address past it.
//
// Recipe:
//
//	g := api.NewGuard(false, api.DefaultPorts)
//	host, port, err := g.CheckTarget(input)          // 400 / 422 on error
//	cfg := probe.Config{Dialer: g.Dialer(&net.Dialer{}), ...}
//	httpClient := &http.Client{Transport: &http.Transport{
//		DialContext: g.HTTPDialContext(resolver, &net.Dialer{})}}

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"

	"github.com/whichport/whichport/check"
	"github.com/whichport/whichport/probe"
)

// Sentinel errors; every error the guard returns wraps one of them.
var (
	// ErrTargetNotAllowed: the address is not public unicast (loopback,
	// private, link-local, metadata, documentation, ...). HTTP 422.
	ErrTargetNotAllowed = check.ErrTargetNotAllowed
	// ErrBadHost: the input is not a host name, address or port we accept. HTTP 400.
	ErrBadHost = errors.New("bad host")
	// ErrPortNotAllowed: the port is not one the prober may connect to. HTTP 422.
	ErrPortNotAllowed = check.ErrPortNotAllowed
)

// DefaultPorts are the SMTP ports the prober may connect to.
var DefaultPorts = []int{25, 465, 587, 2525, 2465, 2587}

// HTTPSPort is the only port HTTPDialContext dials on public addresses.
const HTTPSPort = 443

// Guard decides which addresses and ports the server may connect to.
// The zero value is not useful; use NewGuard. A Guard is safe for
// concurrent use. It is the check.Policy of the server.
type Guard struct {
	allowPrivate bool
	ports        []int
}

// NewGuard returns a guard allowing only public unicast addresses and the
// given ports (DefaultPorts when allowedPorts is nil). allowPrivate also
// allows loopback, RFC 1918 and ULA addresses (for local testing), but still
// refuses unspecified, multicast, broadcast, link-local and cloud metadata
// addresses.
func NewGuard(allowPrivate bool, allowedPorts []int) *Guard {
	if allowedPorts == nil {
		allowedPorts = DefaultPorts
	}
	return &Guard{allowPrivate: allowPrivate, ports: slices.Clone(allowedPorts)}
}

// AllowPrivate reports whether the guard allows loopback and private addresses.
func (g *Guard) AllowPrivate() bool { return g.allowPrivate }

// Ports returns the allowed ports.
func (g *Guard) Ports() []int { return slices.Clone(g.ports) }

// PortAllowed reports whether port is one of the allowed ports.
func (g *Guard) PortAllowed(port int) bool { return slices.Contains(g.ports, port) }

// CheckAddr returns nil when the prober may connect to ap: a public unicast
// address (or, with allowPrivate, a loopback or private one) on an allowed port.
func (g *Guard) CheckAddr(ap netip.AddrPort) error {
	if !ap.IsValid() {
		return fmt.Errorf("%w: invalid address", ErrBadHost)
	}
	if !g.PortAllowed(int(ap.Port())) {
		return fmt.Errorf("%w: port %d (allowed: %s)", ErrPortNotAllowed, ap.Port(), portList(g.ports))
	}
	return g.CheckIP(ap.Addr())
}

// CheckIP is CheckAddr without the port.
func (g *Guard) CheckIP(a netip.Addr) error {
	if !a.IsValid() {
		return fmt.Errorf("%w: invalid address", ErrBadHost)
	}
	if a.Zone() != "" {
		return fmt.Errorf("%w: %s has an IPv6 zone; only global addresses can be probed", ErrTargetNotAllowed, a)
	}
	reason, private := classify(a)
	if reason == "" {
		return nil
	}
	if private && g.allowPrivate {
		return nil
	}
	return fmt.Errorf("%w: %s is %s; only public addresses can be probed", ErrTargetNotAllowed, a, reason)
}

type special struct {
	prefix  netip.Prefix
	reason  string
	private bool // allowed when allowPrivate is set
}

func pfx(s string) netip.Prefix { return netip.MustParsePrefix(s) }

// metadata are cloud instance metadata endpoints: refused even with allowPrivate.
var metadata = []special{
	{pfx("169.254.169.254/32"), "a cloud metadata address (AWS, GCP, Azure, OpenStack)", false},
	{pfx("169.254.170.2/32"), "a cloud metadata address (AWS ECS)", false},
	{pfx("100.100.100.200/32"), "a cloud metadata address (Alibaba Cloud)", false},
	{pfx("fd00:ec2::254/128"), "a cloud metadata address (AWS IPv6)", false},
	{pfx("fd00:ec2::23/128"), "a cloud metadata address (AWS DNS)", false},
}

// specialV4 lists every IPv4 range that is not public unicast
// (IANA IPv4 Special-Purpose Address Registry, RFC 6890 and successors).
var specialV4 = []special{
	{pfx("0.0.0.0/8"), "in 0.0.0.0/8 (\"this network\")", false},
	{pfx("10.0.0.0/8"), "a private address (RFC 1918)", true},
	{pfx("100.64.0.0/10"), "a carrier-grade NAT address (RFC 6598)", false},
	{pfx("127.0.0.0/8"), "a loopback address", true},
	{pfx("169.254.0.0/16"), "a link-local address", false},
	{pfx("172.16.0.0/12"), "a private address (RFC 1918)", true},
	{pfx("192.0.0.0/24"), "an IETF protocol assignment (192.0.0.0/24)", false},
	{pfx("192.0.2.0/24"), "a documentation address (TEST-NET-1)", false},
	{pfx("192.88.99.0/24"), "the 6to4 relay anycast range", false},
	{pfx("192.168.0.0/16"), "a private address (RFC 1918)", true},
	{pfx("198.18.0.0/15"), "a benchmarking address (RFC 2544)", false},
	{pfx("198.51.100.0/24"), "a documentation address (TEST-NET-2)", false},
	{pfx("203.0.113.0/24"), "a documentation address (TEST-NET-3)", false},
	{pfx("224.0.0.0/4"), "a multicast address", false},
	{pfx("255.255.255.255/32"), "the broadcast address", false},
	{pfx("240.0.0.0/4"), "a reserved address (240.0.0.0/4)", false},
}

// specialV6 lists ranges inside or outside 2000::/3 with a specific reason;
// anything else outside 2000::/3 is refused as "not global unicast".
var specialV6 = []special{
	{pfx("::/128"), "the unspecified address", false},
	{pfx("::1/128"), "a loopback address", true},
	{pfx("::ffff:0:0/96"), "an IPv4-mapped IPv6 address; use the IPv4 address", false},
	{pfx("::/96"), "an IPv4-compatible IPv6 address (deprecated)", false},
	{pfx("64:ff9b::/96"), "a NAT64 address (it embeds an IPv4 address)", false},
	{pfx("64:ff9b:1::/48"), "a local-use NAT64 address (it embeds an IPv4 address)", false},
	{pfx("100::/64"), "a discard-only address (RFC 6666)", false},
	{pfx("2001::/32"), "a Teredo address (it embeds an IPv4 address)", false},
	{pfx("2001:2::/48"), "a benchmarking address (RFC 5180)", false},
	{pfx("2001:20::/28"), "an ORCHIDv2 identifier", false},
	{pfx("2001::/23"), "an IETF protocol assignment (2001::/23)", false},
	{pfx("2001:db8::/32"), "a documentation address", false},
	{pfx("3fff::/20"), "a documentation address (RFC 9637)", false},
	{pfx("2002::/16"), "a 6to4 address (it embeds an IPv4 address)", false},
	{pfx("fc00::/7"), "a unique local address (ULA)", true},
	{pfx("fe80::/10"), "a link-local address", false},
	{pfx("fec0::/10"), "a site-local address (deprecated)", false},
	{pfx("ff00::/8"), "a multicast address", false},
}

var globalUnicastV6 = pfx("2000::/3")

// classify returns why a is not public unicast ("" when it is) and whether
// the reason is one allowPrivate lifts.
func classify(a netip.Addr) (reason string, private bool) {
	for _, s := range metadata {
		if s.prefix.Contains(a) {
			return s.reason, false
		}
	}
	if a.Is4() {
		for _, s := range specialV4 {
			if s.prefix.Contains(a) {
				return s.reason, s.private
			}
		}
		return "", false
	}
	if a.Is4In6() {
		// Refuse the mapped form even when the embedded address is public:
		// dialers treat it as IPv4, so the caller must pass the IPv4 form.
		inner := a.Unmap()
		if r, _ := classify(inner); r != "" {
			return "an IPv4-mapped form of " + inner.String() + ", which is " + r, false
		}
		return specialV6[2].reason, false
	}
	for _, s := range specialV6 {
		if s.prefix.Contains(a) {
			return s.reason, s.private
		}
	}
	if !globalUnicastV6.Contains(a) {
		return "not a global unicast IPv6 address (outside 2000::/3)", false
	}
	return "", false
}

func portList(ports []int) string {
	s := make([]string, len(ports))
	for i, p := range ports {
		s[i] = strconv.Itoa(p)
	}
	return strings.Join(s, ", ")
}

// ---------------------------------------------------------------------------
// Dialing

// Dialer returns a probe.Dialer that dials through inner only addresses
// CheckAddr allows. It refuses host names: the caller must resolve first and
// pass an IP address, so the check is on the IP actually dialed.
func (g *Guard) Dialer(inner probe.Dialer) probe.Dialer {
	return &guardedDialer{g: g, inner: inner}
}

type guardedDialer struct {
	g     *Guard
	inner probe.Dialer
}

var _ probe.Dialer = (*guardedDialer)(nil)

func (d *guardedDialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	ap, err := parseDialAddr(network, address)
	if err != nil {
		return nil, err
	}
	if err := d.g.CheckAddr(ap); err != nil {
		return nil, err
	}
	return dialChecked(ctx, d.inner, network, ap, d.g)
}

// parseDialAddr accepts only "tcp", "tcp4", "tcp6" and an IP:port address.
func parseDialAddr(network, address string) (netip.AddrPort, error) {
	switch network {
	case "tcp", "tcp4", "tcp6":
	default:
		return netip.AddrPort{}, fmt.Errorf("%w: network %q (only tcp)", ErrTargetNotAllowed, network)
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return netip.AddrPort{}, fmt.Errorf("%w: the guarded dialer needs a resolved IP address and port, got %q", ErrBadHost, address)
	}
	if network == "tcp4" && !ap.Addr().Is4() || network == "tcp6" && !ap.Addr().Is6() {
		return netip.AddrPort{}, fmt.Errorf("%w: %s does not match network %s", ErrBadHost, ap, network)
	}
	return ap, nil
}

// dialChecked dials an address that passed the check, in its canonical
// form, and re-checks the peer address when the connection reports one.
func dialChecked(ctx context.Context, inner probe.Dialer, network string, ap netip.AddrPort, g *Guard) (net.Conn, error) {
	if inner == nil {
		return nil, errors.New("guard: no inner dialer")
	}
	conn, err := inner.DialContext(ctx, network, ap.String())
	if err != nil {
		return nil, err
	}
	if ta, ok := conn.RemoteAddr().(*net.TCPAddr); ok && ta != nil {
		if got, ok := netip.AddrFromSlice(ta.IP); ok {
			if err := g.CheckIP(got.Unmap()); err != nil {
				conn.Close()
				return nil, err
			}
		}
	}
	return conn, nil
}

// ResolveTarget resolves host (or parses it when it is an IP address) and
// returns the addresses CheckAddr allows with port (check.ResolveTarget
// with the guard as the policy). It fails with ErrTargetNotAllowed when
// there are addresses but none is allowed, so a name that only resolves
// to private addresses is reported as such. The dialer still checks every
// address again at dial time.
func (g *Guard) ResolveTarget(ctx context.Context, r probe.HostResolver, host string, port int) ([]netip.AddrPort, error) {
	return check.ResolveTarget(ctx, r, g, host, port)
}

// HTTPDialContext returns a function for http.Transport.DialContext, for
// the HTTPS fetches the checks make (MTA-STS policies, autoconfig). It
// allows only port 443 on public addresses, resolves the name itself with
// resolver and dials the checked IP through inner (tried in order). With
// allowPrivate it also allows any port on loopback and private addresses,
// for tests against a local server.
func (g *Guard) HTTPDialContext(resolver probe.HostResolver, inner probe.Dialer) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		switch network {
		case "tcp", "tcp4", "tcp6":
		default:
			return nil, fmt.Errorf("%w: network %q (only tcp)", ErrTargetNotAllowed, network)
		}
		hostPart, portPart, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrBadHost, err)
		}
		port, err := strconv.Atoi(portPart)
		if err != nil || port < 1 || port > 65535 {
			return nil, fmt.Errorf("%w: port %q", ErrPortNotAllowed, portPart)
		}
		host, _, err := NormalizeHost(hostPart)
		if err != nil {
			return nil, err
		}
		var addrs []netip.Addr
		if a, err := netip.ParseAddr(host); err == nil {
			addrs = []netip.Addr{a}
		} else {
			if err := g.checkName(host); err != nil {
				return nil, err
			}
			if resolver == nil {
				return nil, errors.New("guard: no resolver")
			}
			addrs, err = resolver.LookupAddrs(ctx, host)
			if err != nil {
				return nil, err
			}
			if len(addrs) == 0 {
				return nil, fmt.Errorf("%s: no addresses", host)
			}
		}
		var lastErr error
		for _, a := range addrs {
			if err := g.checkHTTP(a, port); err != nil {
				lastErr = err
				continue
			}
			conn, err := dialChecked(ctx, inner, network, netip.AddrPortFrom(a, uint16(port)), g)
			if err == nil {
				return conn, nil
			}
			lastErr = err
			if ctx.Err() != nil {
				break
			}
		}
		return nil, lastErr
	}
}

func (g *Guard) checkHTTP(a netip.Addr, port int) error {
	if err := g.CheckIP(a); err != nil {
		return err
	}
	if port == HTTPSPort {
		return nil
	}
	if g.allowPrivate {
		if r, private := classify(a); r != "" && private {
			return nil
		}
	}
	return fmt.Errorf("%w: port %d for HTTPS fetches (only %d)", ErrPortNotAllowed, port, HTTPSPort)
}

// ---------------------------------------------------------------------------
// Input

// CheckTarget normalizes what a visitor typed (see NormalizeHost) and
// refuses early what can never be probed: IP literals CheckAddr refuses
// (with the given port, or on their own when no port was given), a port
// not allowed, names that always mean this machine (localhost) and, unless
// private targets are allowed, special-use and single-label names. Names
// are checked again, address by address, when dialed.
func (g *Guard) CheckTarget(s string) (host string, port int, err error) {
	host, port, err = NormalizeHost(s)
	if err != nil {
		return "", 0, err
	}
	if port != 0 && !g.PortAllowed(port) {
		return "", 0, fmt.Errorf("%w: port %d (allowed: %s)", ErrPortNotAllowed, port, portList(g.ports))
	}
	if a, perr := netip.ParseAddr(host); perr == nil {
		if err := g.CheckIP(a); err != nil {
			return "", 0, err
		}
		return host, port, nil
	}
	if err := g.checkName(host); err != nil {
		return "", 0, err
	}
	return host, port, nil
}

// specialSuffixes are names that do not resolve in the public DNS and, on a
// server, point into its own network (RFC 6761, RFC 6762, RFC 8375, ICANN
// .internal, cloud metadata names).
var specialSuffixes = []string{"local", "internal", "home.arpa", "localdomain", "lan", "intranet", "corp", "onion", "invalid", "test"}

func (g *Guard) checkName(host string) error {
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return fmt.Errorf("%w: %s always means this machine", ErrTargetNotAllowed, host)
	}
	if g.allowPrivate {
		return nil
	}
	if !strings.Contains(host, ".") {
		return fmt.Errorf("%w: %s is a single-label name; give a full domain name", ErrTargetNotAllowed, host)
	}
	for _, suf := range specialSuffixes {
		if host == suf || strings.HasSuffix(host, "."+suf) {
			return fmt.Errorf("%w: %s is a special-use name (.%s) that is not in the public DNS", ErrTargetNotAllowed, host, suf)
		}
	}
	return nil
}

const maxInput = 1024

// NormalizeHost turns what a visitor typed into a canonical host and an
// optional port (0 when none was given). It accepts a host name, an IP
// address, host:port, [IPv6]:port, an email address (user@host gives host),
// <user@host>, mailto:user@host and a URL such as smtp://host:587 (smtps://
// defaults to 465). It trims spaces; refuses control characters, spaces
// inside and IPv6 zones; decodes percent-encoding once and refuses any % that
// remains; lowercases; drops one trailing dot; converts an internationalized
// name to its A-label (punycode) form; enforces the 253/63 length limits;
// and parses IPv4 literals the way inet_aton does (2130706433, 0177.0.0.1,
// 0x7f.0.0.1, 127.1) into dotted quads. IP addresses come back in canonical
// form; NormalizeHost does not judge them (Guard.CheckTarget does).
func NormalizeHost(s string) (host string, port int, err error) {
	if len(s) > maxInput {
		return "", 0, fmt.Errorf("%w: input longer than %d bytes", ErrBadHost, maxInput)
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return "", 0, fmt.Errorf("%w: empty", ErrBadHost)
	}
	if err := checkChars(s); err != nil {
		return "", 0, err
	}
	if strings.Contains(s, "%") {
		d, err := percentDecode(s)
		if err != nil {
			return "", 0, err
		}
		if strings.Contains(d, "%") {
			return "", 0, fmt.Errorf("%w: %q is percent-encoded twice or has an IPv6 zone", ErrBadHost, s)
		}
		if err := checkChars(d); err != nil {
			return "", 0, err
		}
		s = d
	}
	if !utf8.ValidString(s) {
		return "", 0, fmt.Errorf("%w: not valid UTF-8", ErrBadHost)
	}

	defaultPort := 0
	lower := strings.ToLower(s)
	if i := strings.Index(lower, "://"); i >= 0 {
		switch lower[:i] {
		case "smtp", "esmtp", "submission":
		case "smtps", "submissions":
			defaultPort = 465
		default:
			return "", 0, fmt.Errorf("%w: scheme %q (use smtp:// or smtps://, or just the host)", ErrBadHost, s[:i])
		}
		s = s[i+3:]
		if j := strings.IndexAny(s, "/?#"); j >= 0 {
			s = s[:j]
		}
	} else if strings.HasPrefix(lower, "mailto:") {
		s = s[len("mailto:"):]
		if j := strings.IndexAny(s, "?#"); j >= 0 {
			s = s[:j]
		}
	}
	if strings.HasPrefix(s, "<") && strings.HasSuffix(s, ">") {
		s = s[1 : len(s)-1]
	}
	// user@host, or user:password@host in a URL: keep what follows the last @.
	if i := strings.LastIndex(s, "@"); i >= 0 {
		s = s[i+1:]
	}
	if s == "" {
		return "", 0, fmt.Errorf("%w: no host", ErrBadHost)
	}

	hostPart, portPart, bracketed, err := splitHostPortLoose(s)
	if err != nil {
		return "", 0, err
	}
	port = defaultPort
	if portPart != "" {
		port, err = parsePort(portPart)
		if err != nil {
			return "", 0, err
		}
	}

	if bracketed || strings.Contains(hostPart, ":") {
		a, err := netip.ParseAddr(hostPart)
		if err != nil || !a.Is6() {
			return "", 0, fmt.Errorf("%w: %q is not an IPv6 address", ErrBadHost, hostPart)
		}
		if a.Zone() != "" {
			return "", 0, fmt.Errorf("%w: IPv6 zones are not allowed", ErrBadHost)
		}
		return a.String(), port, nil
	}

	h, err := normalizeName(hostPart)
	if err != nil {
		return "", 0, err
	}
	return h, port, nil
}

func checkChars(s string) error {
	for _, r := range s {
		switch {
		case r == '\r' || r == '\n':
			return fmt.Errorf("%w: line breaks are not allowed", ErrBadHost)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return fmt.Errorf("%w: control characters are not allowed", ErrBadHost)
		case r == ' ' || r == '\u00a0' || r == '\u2028' || r == '\u2029' || r == '\ufeff':
			return fmt.Errorf("%w: spaces are not allowed inside a host", ErrBadHost)
		case r == utf8.RuneError:
			return fmt.Errorf("%w: not valid UTF-8", ErrBadHost)
		}
	}
	return nil
}

func percentDecode(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b.WriteByte(s[i])
			continue
		}
		if i+2 >= len(s) || unhex(s[i+1]) < 0 || unhex(s[i+2]) < 0 {
			return "", fmt.Errorf("%w: bad percent-encoding", ErrBadHost)
		}
		b.WriteByte(byte(unhex(s[i+1])<<4 | unhex(s[i+2])))
		i += 2
	}
	return b.String(), nil
}

func unhex(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// splitHostPortLoose splits "host", "host:port", "[v6]", "[v6]:port" and a
// bare IPv6 address (two or more colons, no port).
func splitHostPortLoose(s string) (host, port string, bracketed bool, err error) {
	if strings.HasPrefix(s, "[") {
		end := strings.Index(s, "]")
		if end < 0 {
			return "", "", false, fmt.Errorf("%w: missing ]", ErrBadHost)
		}
		host, rest := s[1:end], s[end+1:]
		switch {
		case rest == "":
		case strings.HasPrefix(rest, ":") && len(rest) > 1:
			port = rest[1:]
		default:
			return "", "", false, fmt.Errorf("%w: unexpected %q after ]", ErrBadHost, rest)
		}
		return host, port, true, nil
	}
	if strings.ContainsAny(s, "[]") {
		return "", "", false, fmt.Errorf("%w: unexpected bracket", ErrBadHost)
	}
	switch strings.Count(s, ":") {
	case 0:
		return s, "", false, nil
	case 1:
		i := strings.Index(s, ":")
		if i == len(s)-1 {
			return "", "", false, fmt.Errorf("%w: empty port", ErrBadHost)
		}
		return s[:i], s[i+1:], false, nil
	}
	return s, "", false, nil
}

func parsePort(s string) (int, error) {
	if len(s) > 5 || strings.TrimLeft(s, "0123456789") != "" {
		return 0, fmt.Errorf("%w: port %q is not a number from 1 to 65535", ErrPortNotAllowed, s)
	}
	p, _ := strconv.Atoi(s)
	if p < 1 || p > 65535 {
		return 0, fmt.Errorf("%w: port %d is not from 1 to 65535", ErrPortNotAllowed, p)
	}
	return p, nil
}

var idnaProfile = idna.New(idna.MapForLookup(), idna.BidiRule(), idna.Transitional(false), idna.StrictDomainName(false))

// normalizeName lowercases a host name, converts IDNs to A-labels, parses
// inet_aton-style IPv4 literals, drops one trailing dot and checks lengths.
func normalizeName(h string) (string, error) {
	if !isASCII(h) {
		a, err := idnaProfile.ToASCII(h)
		if err != nil {
			return "", fmt.Errorf("%w: %q is not a valid internationalized domain name", ErrBadHost, h)
		}
		h = a
	}
	h = strings.ToLower(h)
	h = strings.TrimSuffix(h, ".")
	if h == "" {
		return "", fmt.Errorf("%w: empty host", ErrBadHost)
	}
	labels := strings.Split(h, ".")
	if looksNumeric(labels[len(labels)-1]) {
		a, ok := parseInetAton(labels)
		if !ok {
			return "", fmt.Errorf("%w: %q looks like an IPv4 address but is not a valid one", ErrBadHost, h)
		}
		return a.String(), nil
	}
	if len(h) > 253 {
		return "", fmt.Errorf("%w: name longer than 253 characters", ErrBadHost)
	}
	for _, l := range labels {
		if l == "" {
			return "", fmt.Errorf("%w: empty label in %q", ErrBadHost, h)
		}
		if len(l) > 63 {
			return "", fmt.Errorf("%w: label longer than 63 characters", ErrBadHost)
		}
		if l[0] == '-' || l[len(l)-1] == '-' {
			return "", fmt.Errorf("%w: label %q starts or ends with a hyphen", ErrBadHost, l)
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
				return "", fmt.Errorf("%w: %q is not allowed in a host name", ErrBadHost, string(c))
			}
		}
	}
	return h, nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// looksNumeric reports whether a label is a number as inet_aton reads it
// (decimal, 0-prefixed octal, 0x-prefixed hex); such a last label makes the
// whole name an IPv4 literal (as the WHATWG URL standard decides), since
// no top-level domain is numeric.
func looksNumeric(l string) bool {
	if l == "" {
		return false
	}
	if strings.HasPrefix(l, "0x") {
		return strings.TrimLeft(l[2:], "0123456789abcdef") == ""
	}
	return strings.TrimLeft(l, "0123456789") == ""
}

// parseInetAton parses 1 to 4 parts like inet_aton: a, a.b (8.24 bits),
// a.b.c (8.8.16), a.b.c.d; each part decimal, octal (leading 0) or hex (0x).
func parseInetAton(parts []string) (netip.Addr, bool) {
	if len(parts) < 1 || len(parts) > 4 {
		return netip.Addr{}, false
	}
	nums := make([]uint64, len(parts))
	for i, p := range parts {
		n, ok := parseAtonPart(p)
		if !ok {
			return netip.Addr{}, false
		}
		nums[i] = n
	}
	var v uint64
	last := len(nums) - 1
	for i := 0; i < last; i++ {
		if nums[i] > 255 {
			return netip.Addr{}, false
		}
		v |= nums[i] << (24 - 8*uint(i))
	}
	max := uint64(1)<<(32-8*uint(last)) - 1
	if nums[last] > max {
		return netip.Addr{}, false
	}
	v |= nums[last]
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), true
}

func parseAtonPart(p string) (uint64, bool) {
	base := 10
	switch {
	case strings.HasPrefix(p, "0x"):
		base, p = 16, p[2:]
		if p == "" {
			return 0, true // "0x" is 0 for inet_aton
		}
	case len(p) > 1 && p[0] == '0':
		base, p = 8, p[1:]
	}
	if p == "" || len(p) > 32 {
		return 0, false
	}
	n, err := strconv.ParseUint(p, base, 64)
	if err != nil || n > 0xffffffff {
		return 0, false
	}
	return n, true
}
