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
// every error it can report.
//
// The package is pure and part of the browser module: it imports rules and
// the standard library only, and must not import net, crypto/tls,
// syscall/js, echo, miekg/dns, fmt, reflect, encoding/json or regexp
// (rules' purity_test.go checks).
package diagnose
