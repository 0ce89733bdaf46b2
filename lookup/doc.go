// Package lookup implements the DNS and HTTPS look-ups whichport needs to
// say which SMTP servers and ports a domain uses and whether they are set up
// as the standards ask.
//
// It covers:
//
//   - MX per RFC 5321 §5.1: records sorted by preference, the implicit MX
//     (the domain's own A/AAAA) when the domain exists but has no MX
//     (NODATA), no mail at all when the domain does not exist (NXDOMAIN),
//     and the null MX of RFC 7505 (a sole "MX 0 .": the domain accepts no
//     mail and there is no fallback). MX targets that are CNAMEs, IP literals
//     or names that do not exist are reported as problems.
//   - SRV records for mail submission (RFC 6186, RFC 8314): _submissions._tcp
//     (implicit TLS, port 465) and _submission._tcp (STARTTLS, port 587). A
//     target of "." means the service is not offered; that is not an error.
//   - TLSA records for DANE (RFC 6698, RFC 7672) at _<port>._tcp.<host>.
//   - MTA-STS (RFC 8461): the _mta-sts TXT record, the policy fetched over
//     HTTPS and parsed strictly ([ParsePolicy]), and which MX hosts it covers.
//   - TLS-RPT (RFC 8460), SPF (RFC 7208) and DMARC (RFC 7489) records.
//   - Submission discovery the way mail clients do it: SRV, then the
//     Thunderbird autoconfig file, then guessed names (smtp.<domain>, ...).
//     Per RFC 7817 a host name learned from DNS without DNSSEC is not
//     authenticated: the certificate must match the name the user configures.
//
// Every DNS query asks for DNSSEC records (EDNS0 with the DO bit) so the AD
// bit of a validating resolver can be reported as "dnssec": true. DNS goes
// through the one-method [Resolver] interface: [DNSResolver] speaks UDP with
// a TCP retry on truncation, [DoHResolver] speaks DNS over HTTPS (RFC 8484)
// for runtimes without UDP, such as a Cloudflare Worker. HTTPS fetches go
// through [Fetcher], so the server can inject a guarded client and the
// Worker a fetch-based one. Names are validated and normalised before any
// query ([NormalizeName], [DomainOf]).
//
// Errors can be told apart with errors.Is: [ErrNXDomain], [ErrServFail],
// [ErrTimeout], [ErrRefused], [ErrBadName], [ErrCNAMELoop], [ErrNoAddress].
// Every result struct is filled in as far as the look-up got, also when an
// error is returned, and has snake_case JSON tags so it can be sent as is.
//
// Use it like this:
//
//	servers, _ := lookup.SystemServers()
//	c := &lookup.Client{Resolver: lookup.NewDNSResolver(servers, 5*time.Second)}
//	mx, err := c.MX(ctx, "example.com")
//	if errors.Is(err, lookup.ErrNXDomain) {
//		// the domain does not exist
//	}
//	for _, h := range mx.Hosts {
//		fmt.Println(h.Preference, h.Host, h.Addrs)
//	}
//
// In a Cloudflare Worker (GOOS=js) there is no UDP: use
// NewDoHResolver(url, fetchDoer) and set Client.HTTP to the same doer.
//
// For tests, package lookuptest has a Resolver fake built from records in
// zone-file syntax plus names that fail (SERVFAIL, NXDOMAIN, REFUSED,
// timeout), and a Web fake Fetcher built from a map of URL to page.
// internal/testdns starts a real NSD server on 127.0.0.1 for integration
// tests (testdns.Start(t, map[zone]zonefile)).
package lookup
