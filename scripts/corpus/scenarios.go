package main

import "net/netip"

// Where the corpus servers listen (servers.go starts them). Each server has
// its own loopback address so that it can use the port a real one would (25,
// 587, 465, 2525): the port is part of what a client prints, and the
// explainer reads it. The addresses appear in the texts, so they must not
// change between runs.
var (
	postfixSMTP        = ap("127.0.0.25:25")   // Postfix, MX-like: STARTTLS offered, no AUTH, 20 kB size limit
	postfixSubmission  = ap("127.0.0.25:587")  // Postfix: STARTTLS required, no AUTH
	postfixSubmissions = ap("127.0.0.25:465")  // Postfix: implicit TLS
	postfixRestricted  = ap("127.0.0.25:2525") // Postfix: only authenticated clients may send (none can)
	postfixExpired     = ap("127.0.0.31:465")  // Postfix, implicit TLS, expired certificate
	postfixSelfSigned  = ap("127.0.0.32:465")  // Postfix, implicit TLS, self-signed certificate
	postfixWrongName   = ap("127.0.0.1:465")   // Postfix, implicit TLS, certificate for another name (reached as localhost)
	postfixNoIPSAN     = ap("127.0.0.34:465")  // Postfix, implicit TLS, certificate with DNS names only
	postfixOldTLS      = ap("127.0.0.35:465")  // Postfix, implicit TLS 1.0/1.1 only
	eximAuth           = ap("127.0.0.26:587")  // Exim: STARTTLS, AUTH PLAIN LOGIN only after STARTTLS
	eximPlain          = ap("127.0.0.27:587")  // Exim: no STARTTLS, AUTH XOAUTH2 only
	garbageStartTLS    = ap("127.0.0.28:587")  // scripted: "220 Ready to start TLS", then not TLS
	sink421            = ap("127.0.0.29:587")  // smtp-sink: 421 greeting
	sink554            = ap("127.0.0.30:25")   // smtp-sink: 554 greeting
	sinkSlowGreeting   = ap("127.0.0.36:587")  // smtp-sink: greeting after 30 s
	sinkSlowMail       = ap("127.0.0.37:587")  // smtp-sink: MAIL FROM answered after 30 s
	closedPort         = ap("127.0.0.38:587")  // nothing listens
	droppedPort        = ap("127.0.0.39:587")  // a listener whose accept queue is full: SYNs go unanswered
)

func ap(s string) netip.AddrPort { return netip.MustParseAddrPort(s) }

// Credentials the Exim servers accept (corpus only).
const (
	goodUser     = "app@whichport.test"
	goodPassword = "right-password"
	badPassword  = "wrong-password"
	mailFrom     = "app@whichport.test"
	knownRcpt    = "known@whichport.test"
)

// A scenario is one misconfiguration: the client settings that meet one
// server, and the cause a correct explanation names (an error id of the
// explainer).
type scenario struct {
	id       string
	cause    string
	what     string // one line for the corpus file
	server   netip.AddrPort
	host     string // what the client is told to connect to: the server's address unless set
	port     int    // the server's port
	security string // plain, starttls or implicit: what the client is told to do
	user     string // empty: no login
	password string
	to       string
	big      bool // a message over the 20 kB size limit
	tls      bool // a TLS scenario: openssl s_client runs it too
}

func allScenarios() []scenario {
	s := []scenario{
		{id: "implicit-tls-on-starttls-port", cause: "tls-wrong-version-number", tls: true,
			what: "client starts TLS at once (implicit TLS) on Postfix's port 587 (STARTTLS)", server: postfixSubmission, security: "implicit"},
		{id: "plaintext-on-implicit-port", cause: "greeting-never-received",
			what: "client waits for a plaintext greeting (STARTTLS mode) on Postfix's port 465 (implicit TLS)", server: postfixSubmissions, security: "starttls"},
		{id: "mail-without-starttls", cause: "starttls-required",
			what: "client sends without STARTTLS on Postfix's port 587, which requires it", server: postfixSubmission, security: "plain"},
		{id: "auth-before-starttls", cause: "auth-not-offered",
			what: "client logs in without STARTTLS; Exim offers AUTH only after STARTTLS", server: eximAuth, security: "plain", user: goodUser, password: goodPassword},
		{id: "auth-not-offered", cause: "auth-not-offered",
			what: "client logs in after STARTTLS; Postfix offers no AUTH at all (like an MX on 25)", server: postfixSMTP, security: "starttls", user: goodUser, password: goodPassword},
		{id: "bad-credentials", cause: "auth-failed",
			what: "client logs in after STARTTLS with a wrong password (Exim)", server: eximAuth, security: "starttls", user: goodUser, password: badPassword},
		{id: "auth-mechanism-unsupported", cause: "auth-mechanism-unsupported",
			what: "Exim offers only AUTH XOAUTH2; client has a username and password", server: eximPlain, security: "plain", user: goodUser, password: goodPassword},
		{id: "starttls-not-advertised", cause: "starttls-unsupported", tls: true,
			what: "client requires STARTTLS; Exim does not offer it", server: eximPlain, security: "starttls"},
		{id: "relay-denied", cause: "relay-denied",
			what: "client sends to another domain without logging in (Postfix, port 25)", server: postfixSMTP, security: "plain", to: "someone@example.org"},
		{id: "unknown-recipient", cause: "recipient-unknown",
			what: "recipient does not exist in the server's own domain (Postfix, port 25)", server: postfixSMTP, security: "plain", to: "nobody@whichport.test"},
		{id: "message-too-large", cause: "message-too-large",
			what: "message of 60 kB; Postfix's limit is 20 kB (port 25)", server: postfixSMTP, security: "plain", big: true},
		{id: "sign-in-first", cause: "auth-required",
			what: "client sends without logging in; Postfix accepts only authenticated clients (permit_sasl_authenticated, reject)", server: postfixRestricted, security: "plain", to: "someone@example.org"},
		{id: "cert-expired", cause: "cert-expired", tls: true,
			what: "implicit TLS; the certificate (from the trusted test CA) expired in 2021", server: postfixExpired, security: "implicit"},
		{id: "cert-self-signed", cause: "cert-unknown-authority", tls: true,
			what: "implicit TLS; the certificate is self-signed", server: postfixSelfSigned, security: "implicit"},
		{id: "cert-wrong-name", cause: "cert-hostname-mismatch", tls: true, host: "localhost",
			what: "implicit TLS to localhost; the certificate names only mail.other.test", server: postfixWrongName, security: "implicit"},
		{id: "cert-no-ip-san", cause: "cert-no-ip-san", tls: true,
			what: "implicit TLS to an IP address; the certificate lists DNS names only (no IP SANs)", server: postfixNoIPSAN, security: "implicit"},
		{id: "old-tls-only", cause: "tls-version-too-old", tls: true,
			what: "implicit TLS; the server speaks only TLS 1.0 and 1.1", server: postfixOldTLS, security: "implicit"},
		{id: "starttls-garbage", cause: "starttls-garbage", tls: true,
			what: "server answers STARTTLS with 220, then sends plaintext instead of a TLS handshake", server: garbageStartTLS, security: "starttls"},
		{id: "greeting-421", cause: "temporary-failure",
			what: "smtp-sink greets with 421 (temporarily unavailable)", server: sink421, security: "starttls"},
		{id: "greeting-554", cause: "greeting-refused",
			what: "smtp-sink greets with 554 (no service for this client)", server: sink554, security: "starttls"},
		{id: "connection-refused", cause: "connect-refused", tls: true,
			what: "nothing listens on the port", server: closedPort, security: "starttls"},
		{id: "connect-timeout", cause: "connect-timeout",
			what: "the port drops connection attempts (the listener's accept queue is full)", server: droppedPort, security: "starttls"},
		{id: "slow-greeting", cause: "greeting-timeout",
			what: "smtp-sink accepts but greets only after 30 s (client timeout 5 s)", server: sinkSlowGreeting, security: "starttls"},
		{id: "read-timeout-after-mail", cause: "read-timeout",
			what: "smtp-sink greets, then answers MAIL FROM only after 30 s (client timeout 5 s)", server: sinkSlowMail, security: "plain"},
	}
	for i := range s {
		if s[i].host == "" {
			s[i].host = s[i].server.Addr().String()
		}
		s[i].port = int(s[i].server.Port())
		if s[i].to == "" {
			s[i].to = knownRcpt
		}
	}
	return s
}
