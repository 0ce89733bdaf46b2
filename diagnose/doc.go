// Package diagnose explains pasted error messages and logs. It recognises
// the errors of FACTS.md §6 in the wordings of the common libraries and
// servers (OpenSSL and Node, Go, nodemailer, Python, .NET, Java, PHP,
// Postfix) and says for each what it means and what to change.
//
// Use it like this:
//
//	for _, m := range diagnose.Explain(pastedLog) {
//		show(m.Line, m.Title, m.Cause, m.Fix) // 13 "Greeting never received" ...
//	}
//
// The pattern table (errors_table.go) holds every error's words and texts;
// the matcher (errors.go) normalises each line and looks for the patterns,
// takes the port from the context, and keeps one match per error. IDs lists
// every error it can report. Texts name library options through {id.word}
// slots filled from the libraries' registered vocabularies
// (rules.LibraryText): a program that uses diagnose links formats, which
// registers them.
//
// How the matcher stays linear in the input (pieces.go): a pattern text is
// literal pieces joined by '*' ("421*try again later"). At first use an
// Aho-Corasick automaton is built over the pieces of every pattern and the
// evidence words the scanner reads from a line (STARTTLS accepted, an
// implicit-TLS call, transcript prefixes, library markers). Each
// normalised line is read through it once; the pass records where every
// piece occurs. The line's evidence is read from that record, each segment
// of the line takes the pieces inside it, and the full pattern syntax
// (order, gaps of at most 80 bytes, anchors, word edges) is checked only
// for the pattern texts whose pieces all occur in the segment. The work per
// line is one pass plus the few patterns that nearly match, not one search
// per pattern.
//
// The package is pure and part of the browser module: it imports rules and
// the standard library only, and must not import net, crypto/tls,
// syscall/js, echo, miekg/dns, fmt, reflect, encoding/json or regexp
// (rules' purity_test.go checks).
package diagnose
