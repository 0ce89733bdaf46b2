package probe

// OWNER: probe helper. These are the seams and JSON names the api package
// codes against; extend freely, but keep the names and JSON tags.

import (
	"context"
	"crypto/x509"
	"net"
	"net/netip"
	"time"

	"github.com/whichport/whichport/rules"
)

// Dialer opens TCP connections. The server injects one that refuses
// non-public addresses at dial time (api.Guard); the Worker injects one over
// Cloudflare sockets; tests inject net.Pipe or loopback dialers.
type Dialer interface {
	DialContext(ctx context.Context, network, address string) (net.Conn, error)
}

// HostResolver turns a host name into addresses (A and AAAA).
type HostResolver interface {
	LookupAddrs(ctx context.Context, host string) ([]netip.Addr, error)
}

// Mode is which TLS mode a probe tries.
type Mode string

const (
	ModeStartTLS Mode = "starttls"
	ModeImplicit Mode = "implicit"
	ModeAuto     Mode = "auto" // 465 and 2465 implicit, others STARTTLS, and detect the other
)

// TLSA is one DANE record (RFC 6698) for the probed host and port.
type TLSA struct {
	Usage        uint8  `json:"usage"`
	Selector     uint8  `json:"selector"`
	MatchingType uint8  `json:"matching_type"`
	Data         []byte `json:"data"`
}

// Config holds what is the same for every probe a server runs.
type Config struct {
	Dialer   Dialer
	Resolver HostResolver
	EHLOName string         // default "whichport.invalid"
	Roots    *x509.CertPool // nil = system roots
	From     string         // where the probe runs from, said in every result
	Now      func() time.Time
	// OnStep, when set, is called as each step completes (for streaming),
	// never concurrently; ip is "" for the "resolve" step, which is shared
	// by all addresses.
	OnStep func(t Target, ip string, s Step)
	// Timeouts: zero means the package default.
	ConnectTimeout  time.Duration
	GreetingTimeout time.Duration // bounded wait; a slow greeting is reported as slow
	StepTimeout     time.Duration
	Total           time.Duration
	// SlowGreeting is when a greeting counts as slow (greet-pause); default 5s.
	// A STARTTLS probe still silent by then also tries TLS on a second
	// connection, to tell an implicit-TLS port from a slow one.
	SlowGreeting time.Duration
	// SkipOldTLSCheck turns off the TLS 1.0/1.1 acceptance check (two extra
	// connections per address, run concurrently with the main one).
	SkipOldTLSCheck bool
	// AwaitQuitReply waits (up to 3s) for the 221 to QUIT; by default the
	// probe sends QUIT and closes, which saves a round trip.
	AwaitQuitReply bool
	// MaxAddresses bounds how many addresses of the host are probed (in the
	// resolver's order); default 16. Result.SkippedAddresses counts the rest.
	MaxAddresses int
	// Limits bound every reply; MaxBytes bounds each connection (default 64 KB).
	Limits   Limits
	MaxBytes int
}

// Target is one host, port and mode to probe.
type Target struct {
	Host string
	Port int
	Mode Mode
	TLSA []TLSA // from DNS, when the caller looked them up
	// Addrs, when set, skips resolution (the caller already resolved).
	Addrs []netip.Addr
}

// Step is one timed stage of a probe.
type Step struct {
	Name   string `json:"name"` // resolve, connect, greeting, ehlo, starttls, tls, ehlo-after-tls, quit
	OK     bool   `json:"ok"`
	MS     int64  `json:"ms"`
	Detail string `json:"detail,omitempty"`
}

// Reply is one SMTP reply, every line kept.
type Reply struct {
	Code     int      `json:"code"`
	Enhanced string   `json:"enhanced,omitempty"`
	Lines    []string `json:"lines"`
}

// EHLOInfo holds both EHLO replies and their parsed capabilities.
type EHLOInfo struct {
	Before *Capabilities `json:"before"`
	After  *Capabilities `json:"after"`
}

// Capabilities is one parsed EHLO reply.
type Capabilities struct {
	Reply      Reply    `json:"reply"`
	StartTLS   bool     `json:"starttls"`
	Auth       []string `json:"auth"`
	Size       int64    `json:"size"`
	Pipelining bool     `json:"pipelining"`
	EightBit   bool     `json:"8bitmime"`
	SMTPUTF8   bool     `json:"smtputf8"`
	RequireTLS bool     `json:"requiretls"`
	Chunking   bool     `json:"chunking"`
	DSN        bool     `json:"dsn"`
	Enhanced   bool     `json:"enhancedstatuscodes"`
	Keywords   []string `json:"keywords"`
}

// StartTLSInfo is the STARTTLS exchange.
type StartTLSInfo struct {
	Offered bool   `json:"offered"`
	Reply   *Reply `json:"reply,omitempty"`
}

// Cert is one certificate of the chain.
type Cert struct {
	Subject            string    `json:"subject"`
	SANs               []string  `json:"sans"`
	Issuer             string    `json:"issuer"`
	NotBefore          time.Time `json:"not_before"`
	NotAfter           time.Time `json:"not_after"`
	KeyType            string    `json:"key_type"`
	KeyBits            int       `json:"key_bits"`
	SignatureAlgorithm string    `json:"signature_algorithm"`
	SHA256             string    `json:"sha256"`
}

// TLSInfo is the TLS session.
type TLSInfo struct {
	Version       string `json:"version"`
	Cipher        string `json:"cipher"`
	Verified      bool   `json:"verified"`               // chain trusted and name matches: what a client checks
	VerifyError   string `json:"verify_error,omitempty"` // the verifier's own reason (x509 error text)
	ChainVerified bool   `json:"chain_verified"`         // chain trusted, name aside
	HostnameMatch bool   `json:"hostname_match"`         // the leaf covers Result.Host (RFC 7817)
	HostnameError string `json:"hostname_error,omitempty"`
	// Problems says, in plain language, why a client would refuse the
	// certificate (self-signed, expired, name mismatch...), each with the
	// verifier's own text beside it. Only a weak key or signature, which
	// some clients refuse and this verifier did not, can be listed when
	// Verified.
	Problems       []rules.CertProblem `json:"problems,omitempty"`
	Chain          []Cert              `json:"chain"`
	OldTLSAccepted []string            `json:"old_tls_accepted,omitempty"` // "TLS 1.0", "TLS 1.1"
	OldTLSChecked  bool                `json:"old_tls_checked"`            // false when Config.SkipOldTLSCheck
}

// DANEInfo is the DANE check.
type DANEInfo struct {
	Records int    `json:"records"`
	Usable  int    `json:"usable"` // usages 2 and 3 (RFC 7672 §3.1)
	Match   bool   `json:"match"`
	Detail  string `json:"detail,omitempty"`
}

// TranscriptLine is one line on the wire, or a summary of a TLS handshake.
type TranscriptLine struct {
	MS   int64  `json:"ms"`   // since the connection started
	Dir  string `json:"dir"`  // "c" client, "s" server, "i" info (TLS summary, timeouts)
	Text string `json:"text"` // without CRLF
}

// AddressResult is the probe of one IP address.
type AddressResult struct {
	IP      string `json:"ip"`
	Outcome string `json:"outcome"` // see the Outcome constants
	// Mode is the mode the result was obtained with: the one asked for, or
	// under ModeAuto the one the port turned out to speak.
	Mode Mode `json:"mode"`
	// OtherMode: the port speaks the other TLS mode than the one tried first
	// (OtherModeDetail says what was seen).
	OtherMode       bool   `json:"other_mode,omitempty"`
	OtherModeDetail string `json:"other_mode_detail,omitempty"`
	// GreetingMS is how long the greeting took; GreetingSlow when longer than
	// Config.SlowGreeting (greet-pause: normal, not a failure).
	GreetingMS   int64            `json:"greeting_ms"`
	GreetingSlow bool             `json:"greeting_slow,omitempty"`
	Steps        []Step           `json:"steps"`
	Greeting     *Reply           `json:"greeting"`
	EHLO         EHLOInfo         `json:"ehlo"`
	StartTLS     *StartTLSInfo    `json:"starttls"`
	TLS          *TLSInfo         `json:"tls"`
	DANE         *DANEInfo        `json:"dane"`
	Transcript   []TranscriptLine `json:"transcript"`
	Error        string           `json:"error,omitempty"`
}

// Result is one probe of host:port over every address.
type Result struct {
	Host      string          `json:"host"`
	Port      int             `json:"port"`
	Mode      Mode            `json:"mode"`
	From      string          `json:"from"`
	Addresses []AddressResult `json:"addresses"`
	// SkippedAddresses counts addresses beyond Config.MaxAddresses.
	SkippedAddresses int `json:"skipped_addresses,omitempty"`
	// The first address's details, repeated at the top for simple clients.
	Greeting   *Reply           `json:"greeting"`
	EHLO       EHLOInfo         `json:"ehlo"`
	StartTLS   *StartTLSInfo    `json:"starttls"`
	TLS        *TLSInfo         `json:"tls"`
	DANE       *DANEInfo        `json:"dane"`
	Transcript []TranscriptLine `json:"transcript"`
	Steps      []Step           `json:"steps"`
	Findings   []rules.Finding  `json:"findings"`
	MS         int64            `json:"ms"`
}
