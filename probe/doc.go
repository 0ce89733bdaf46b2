// Package probe implements a live, read-only check of one SMTP port: it
// connects to every address of a host, reads the greeting, sends EHLO (HELO
// when EHLO is refused with 500/502), upgrades with STARTTLS (RFC 3207) or
// starts with TLS (implicit TLS, RFC 8314 §3.3), reads the capabilities again
// after TLS, and says QUIT. It never sends MAIL, RCPT, DATA or AUTH.
//
// Every reply is awaited before the next command (RFC 2920: EHLO and
// STARTTLS end a pipelining batch; Exim answers "554 SMTP synchronization
// error" to a client that does not wait). Every line of multi-line replies
// is kept (RFC 5321 §4.2), and AUTH is read from the EHLO after TLS.
//
// The TLS handshake completes even when the certificate does not verify, so
// that the chain is always reported: the prober verifies it itself against
// Config.Roots and gives the verifier's own reason, checks the certificate
// against the host name the caller typed (RFC 7817, not a name learned from
// DNS), matches DANE TLSA records (RFC 6698, RFC 7672) when given, and, on
// separate concurrent connections, whether TLS 1.0 and 1.1 are still
// accepted.
//
// Every read is bounded: line length, lines per reply, bytes per connection,
// and time (each step has its own deadline; the earliest of the context
// deadline, the step timeout and Config.Total wins).
//
// Each address gets an Outcome (ok, refused, timeout, reset, rejected,
// other-mode, no-starttls, starttls-failed, tls-failed, ...), timed Steps, a
// Transcript, and the Result carries plain-language Findings from
// rules.ProbeFindings.
//
// Usage:
//
//	res, err := probe.Run(ctx, probe.Config{
//		Dialer:   &net.Dialer{},
//		Resolver: myResolver,          // or set Target.Addrs
//		EHLOName: "probe.example.com", // default "whichport.invalid"
//	}, probe.Target{Host: "smtp.example.com", Port: 587, Mode: probe.ModeStartTLS})
//	if err != nil { ... } // bad input, or nothing could be resolved
//	fmt.Println(res.Addresses[0].Outcome, res.TLS.Version)
//	for _, f := range res.Findings { fmt.Println(f.Title) }
package probe
