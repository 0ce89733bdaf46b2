package lookup

import "errors"

// Sentinel errors. Errors returned by this package wrap one of these (with
// %w) where it applies; test them with errors.Is.
var (
	// ErrNXDomain: the name does not exist (RCODE 3).
	ErrNXDomain = errors.New("lookup: domain does not exist (NXDOMAIN)")
	// ErrServFail: the resolver could not answer (RCODE 2), often a DNSSEC
	// validation failure or broken authoritative servers.
	ErrServFail = errors.New("lookup: server failure (SERVFAIL)")
	// ErrTimeout: no answer before the deadline.
	ErrTimeout = errors.New("lookup: timeout")
	// ErrRefused: the server refused the query or answered with another
	// error code (REFUSED, FORMERR, NOTIMP, ...).
	ErrRefused = errors.New("lookup: query refused")
	// ErrBadName: the name or address given is not a valid DNS name.
	ErrBadName = errors.New("lookup: invalid name")
	// ErrCNAMELoop: a CNAME chain loops or is too long.
	ErrCNAMELoop = errors.New("lookup: CNAME loop or chain too long")
	// ErrNoAddress: the name exists but has no A or AAAA records.
	ErrNoAddress = errors.New("lookup: no A or AAAA records")
	// ErrBadResponse: the answer could not be used (malformed, wrong ID or
	// question, DoH server answered something else than a DNS message).
	ErrBadResponse = errors.New("lookup: bad response")
	// ErrNetwork: the resolver could not be reached.
	ErrNetwork = errors.New("lookup: network error")
	// ErrHTTP: an HTTPS fetch (MTA-STS policy, autoconfig) failed.
	ErrHTTP = errors.New("lookup: https fetch failed")
	// ErrSyntax: a record or policy does not follow its grammar.
	ErrSyntax = errors.New("lookup: syntax error")
	// ErrMultipleRecords: a record that must be unique (MTA-STS, TLS-RPT,
	// DMARC, SPF) was published more than once.
	ErrMultipleRecords = errors.New("lookup: more than one record")
)

// Problem is something wrong or noteworthy that a look-up found. Code is a
// stable identifier (for rules and tests), Message is a sentence for people.
type Problem struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Problem codes.
const (
	ProblemMXIsCNAME        = "mx-is-cname"        // MX target is a CNAME (RFC 5321 §5.1, RFC 2181 §10.3)
	ProblemMXIPLiteral      = "mx-ip-literal"      // MX target is an IP address, not a host name
	ProblemMXNXDomain       = "mx-nxdomain"        // MX target does not exist
	ProblemMXNoAddress      = "mx-no-address"      // MX target exists but has no A/AAAA
	ProblemMXLookupFailed   = "mx-lookup-failed"   // A/AAAA of an MX target failed (SERVFAIL, timeout)
	ProblemNullMXMixed      = "null-mx-mixed"      // "MX 0 ." together with other MX records (RFC 7505 §3)
	ProblemNullMXPref       = "null-mx-preference" // null MX with a preference other than 0
	ProblemNoMail           = "no-mail"            // no MX and no A/AAAA: the domain cannot receive mail
	ProblemDomainIsCNAME    = "domain-is-cname"    // the queried name is an alias
	ProblemMultiple         = "multiple-records"   // a unique record was published twice
	ProblemSyntax           = "syntax"             // a record or policy did not parse
	ProblemPolicyFetch      = "policy-fetch"       // MTA-STS policy could not be fetched
	ProblemPolicyMismatch   = "policy-mx-mismatch" // an MX host is not covered by the MTA-STS policy
	ProblemShortMaxAge      = "short-max-age"      // MTA-STS max_age shorter than a day
	ProblemNotAuthenticated = "not-authenticated"  // name learned from DNS without DNSSEC (RFC 7817)
)
