// Package check runs the whole live check of a mail domain, an email
// address or one host: it looks up what DNS publishes for mail (MX, SRV
// and autoconfig submission servers, MTA-STS, TLS-RPT, SPF, DMARC, DANE
// TLSA), plans the SMTP/TLS probes that follow from it (port 25 on each MX
// host, 587, 465 and 2525 on the submission host), runs them concurrently
// within a time budget, weighs each result by what the port is for (a
// closed 2525 is a note, a closed 465 beside a working 587 is not
// needed), and says the verdict and a summary in plain words.
//
// Three entry points: Domain (a domain or an email address), Host (the
// submission ports of one host) and Probe (one host and port). Every
// result is streamed through a callback as it arrives, so the same
// check drives the server's JSON and server-sent events, the Cloudflare
// Worker and the command-line tool. The event names and payloads are the
// API contract of docs/CONTRACTS.md.
//
// The package does no HTTP and reads no flags, environment or wall clock:
// DNS comes in as a Resolver, connections as a probe.Dialer, the address
// policy as a Policy, and limits, clock and logger as Config fields. It
// must not import echo, syscall/js or api. A server passes its SSRF guard
// as the Policy (only public addresses, allowed ports); the command-line
// tool, running on the sender's own machine, passes none.
//
// Use:
//
//	cfg := check.Config{Lookup: &lookup.Client{}, Dialer: &net.Dialer{}}
//	rep, err := check.Domain(ctx, cfg, "example.com", func(e check.Event) { fmt.Println(e.Name) })
//	fmt.Println(rep.Verdict, rep.Summary)
package check
