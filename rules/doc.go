// Package rules is whichport's pure rules engine: it tells a person which
// SMTP port and TLS mode to use and why their settings do not work.
//
// It knows the ports (RFC 5321 relay on 25, RFC 6409 submission on 587 with
// STARTTLS per RFC 3207, RFC 8314 implicit TLS on 465, and the unofficial
// 2525, 2587 and 2465), the providers and their rules, the environments that
// block outbound ports, and which libraries there are (Library). Every
// finding cites the RFC section or provider document it rests on. It also
// holds the texts of the findings of live checks (ProbeFindings,
// DomainFindings), so that every sentence whichport says lives here.
//
// A library's own option names are not written here: each library's file
// in package formats declares them once and registers them
// (RegisterLibrary, the image.RegisterFormat pattern), and the texts here
// quote them through {id.word} slots that LibraryText fills. A program
// that calls Explain or ProbeFindings links formats for that (the
// binaries, wasm and probe do; this package's tests import it from an
// external test file).
//
// What it is not: reading or writing configuration files is package
// formats, explaining pasted error messages is package diagnose, and
// running a live check is package check; those import rules, never the
// other way round.
//
// The package has no I/O and is part of the browser module, so it must not
// import net, crypto/tls, syscall/js, echo, miekg/dns, fmt, reflect,
// encoding/json or regexp (purity_test.go checks, for rules, formats and
// diagnose alike).
//
// Use it like this:
//
//	r := rules.Explain(rules.Settings{Host: "smtp.gmail.com", Port: 465, Security: rules.SecurityStartTLS})
//	r.Verdict      // "error"
//	r.Findings[0]  // port-security-mismatch-plaintext-on-implicit-port: "This will hang until it times out"
//	r.Recommended  // {smtp.gmail.com 587 starttls}
//	rules.RenderText(r) // the same as plain text
//
// The rest of the rules-core API, for the page and the server:
//
//	ExplainAgainst(s, preset)            the embed widget: settings checked against a provider preset
//	Providers(), ProviderByID(id), DetectProvider(host)   FACTS §3, with region hosts
//	PortFacts()                          FACTS §1: 587, 465, 25, 2525, 2587, 2465 and who blocks them
//	Environments(), EnvironmentDetails() FACTS §4: blocked ports, way out, source
//	Libraries(), LibraryDetails()        FACTS §5: option names for each TLS mode, and the trap
//	RegisterLibrary, LibraryWord, LibraryText   a library's registered vocabulary, and slots filled from it
//	Securities(), Auths(), Uses()        the other closed value lists, for forms
//	ValidEnvironment, ValidLibrary, ValidSecurity, ValidAuth, ValidUse   for "unknown value" answers
//	Report.Fixed()                       the settings with the recommendation applied (for formats.Rewrite, formats.SnippetFor)
//	RenderText(report)                   the report as plain text (the golden files)
//	KnownFindings()                      every finding ID (docs/findings.md)
package rules
