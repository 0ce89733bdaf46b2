// Package formats reads, rewrites and writes the configuration people use
// to send mail: SMTP URLs, .env blocks, and the settings of nodemailer,
// Python smtplib, PHPMailer, JavaMail and Spring Boot, Rails, Django, .NET
// SmtpClient, MailKit, Go net/smtp, Postfix, msmtp and Thunderbird
// autoconfig. It says what the library will actually do with them
// (FACTS.md §5), never the password itself: only whether one was given.
//
// Use it like this:
//
//	p, _ := formats.Parse("MAIL_HOST=smtp.gmail.com\nMAIL_PORT=587\nMAIL_ENCRYPTION=ssl")
//	fixed := rules.Explain(p.Settings).Fixed()  // STARTTLS on 587, as Laravel does it
//	out, _ := formats.Rewrite(text, fixed)      // the same .env, corrected in place
//
// Each format lives in one file and registers itself from init, the way
// image/png registers with image.RegisterFormat: its Format name, the clues
// Detect recognises it by, its reader (Parse, ParseAs), its rewriter
// (Rewrite) and the ready-to-paste snippet of the library that writes it
// (SnippetFor, Snippets). A library's file also declares the library's
// vocabulary once, in one rules.LibraryInfo it registers with
// rules.RegisterLibrary: its option names for each TLS mode, its trap, the
// exact settings for each mode, what it shows on a wrong mode, and named
// words that rules' findings and diagnose's fixes quote through {id.word}
// slots (rules.LibraryText). So a library's option names appear in its file
// and nowhere else in the module (libnames_test.go checks), and a program
// that explains settings or errors must link formats. The .env key families (Laravel, Django,
// Flask-Mail, generic SMTP_*) are declared the same way, one per file, and
// read through env.go.
//
// Shared pieces: lex.go tokenizes code-like text (JavaScript, JSON, Python,
// PHP, Ruby, C#, Java, Go) into entries with the byte span of every value;
// lex_lines.go reads KEY=value lines, lex_url.go SMTP URLs, lex_yaml.go
// nested YAML; build.go turns entries into rules.Settings and notes;
// rewrite.go replaces values where they are written and reads the result
// back to check it; snippet.go and quote.go fill the snippet templates.
//
// To add a format: one file that declares its Format, calls register with
// its clues (scores no other format uses), reader and rewriter, and
// registerSnippet for its library (and, for a new rules.Library, registers
// its LibraryInfo); plus testdata/parse/NAME.in and
// NAME.json, and the fuzz seeds pick it up.
//
// The package is part of the browser module. It imports rules and the
// standard library only, and must not import net, crypto/tls, syscall/js,
// echo, miekg/dns, fmt, reflect, encoding/json or regexp (rules'
// purity_test.go checks), which is why its readers are small scanners and
// not encoding/json, encoding/xml or net/url. Every input is capped at
// MaxInput bytes and bracket nesting at 64 levels.
package formats
