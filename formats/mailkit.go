package formats

import (
	"strings"

	"github.com/whichport/whichport/rules"
)

// MailKit is C# code using MailKit's SmtpClient: Connect with
// SecureSocketOptions, Authenticate.
const MailKit Format = "mailkit"

// mailKitLibrary is the library's vocabulary (FACTS §5), declared here
// alone: rules' and diagnose's texts quote it through {mailkit.word}
// slots (rules.LibraryText).
var mailKitLibrary = rules.LibraryInfo{
	ID: rules.LibMailKit, Name: ".NET MailKit", Implicit: "SecureSocketOptions.SslOnConnect", StartTLS: "SecureSocketOptions.StartTls",
	Trap: "SecureSocketOptions.Auto guesses the mode from the port number: name the mode yourself.",
	Forms: [3]string{
		"client.Connect(%q, %p, SecureSocketOptions.SslOnConnect)",
		"client.Connect(%q, %p, SecureSocketOptions.StartTls)",
		"client.Connect(%q, %p, SecureSocketOptions.None)",
	},
	Words: []rules.Word{
		{"connect", "client.Connect"},
		{"implicit", "SecureSocketOptions.SslOnConnect"},
		{"implicit-name", "SslOnConnect"},
		{"starttls", "SecureSocketOptions.StartTls"},
		{rules.WordFixWrongVersion, "MailKit: SecureSocketOptions.StartTls on 587; SslOnConnect only with port 465."},
		{rules.WordFixNoGreeting, "MailKit: SecureSocketOptions.SslOnConnect for port 465."},
		{rules.WordFixNeedsStartTLS, "MailKit: SecureSocketOptions.StartTls."},
	},
	Options: []string{"SecureSocketOptions", "SslOnConnect", "client.Connect"},
}

var mailKitSpec = spec{
	name: MailKit,
	menu: 9,
	clues: []clue{
		{score: 90, any: []string{"SecureSocketOptions", "MailKit", ".AuthenticateAsync(", ".ConnectAsync("}},
		// System.Net.Mail.SmtpClient has no Connect: this is MailKit's.
		{score: 81, any: []string{".Connect(", ".Connect ("}, and: []string{".Authenticate(", ".Authenticate ("}},
	},
	input:   cfgReadCode,
	read:    cfgParseMailKit,
	rewrite: (*cfgRewriter).rewriteMailKit,
}

var libMailKitSnippet = snippetWriter{
	lib: rules.LibMailKit, title: ".NET — MailKit", codeLang: langCSharp,
	template: tmplMailKit,
}

func init() {
	rules.RegisterLibrary(&mailKitLibrary)
	register(mailKitSpec)
	registerSnippet(libMailKitSnippet)
}

// cfgParseMailKit reads MailKit code: client.Connect(host, port, options)
// and client.Authenticate(user, password).
func cfgParseMailKit(out *Parsed, text string, code *cfgCode) error {
	b := &cfgBuild{code: code}
	conn, av := mailKitConnect(code)
	if conn < 0 {
		return &ParseError{Msg: "found no client.Connect(host, port, SecureSocketOptions...) call"}
	}
	if v := av[0]; v != nil {
		b.setHost(v, "the host")
	}
	// MailKit picks the port from the options only for port 0 or none;
	// a port it cannot read here ("Port", a variable) is unknown.
	port, portUnknown := 0, false
	if v := av[1]; v != nil {
		b.setPort(v, "the port")
		port = b.p.Settings.Port
		portUnknown = port == 0 && rules.TrimSpace(v.text) != "0"
	}
	opt := "Auto"
	if v := av[2]; v != nil {
		switch {
		case v.kind == cfgValBool && v.isTrue():
			opt = "SslOnConnect"
		case v.kind == cfgValBool:
			opt = "StartTlsWhenAvailable"
		case v.kind == cfgValName:
			opt = v.text
			if d := strings.LastIndexByte(opt, '.'); d >= 0 {
				opt = opt[d+1:]
			}
		default:
			if v2 := av[3]; v2 != nil && v2.kind == cfgValBool {
				opt = pickString(v2.isTrue(), "SslOnConnect", "StartTlsWhenAvailable")
			} else {
				opt = "?"
				b.note("the SecureSocketOptions argument is computed at run time")
			}
		}
	}
	switch opt {
	case "SslOnConnect":
		b.p.Settings.Security = rules.SecurityImplicit
		if port == 0 && !portUnknown {
			port = 465
		}
	case "StartTls":
		b.p.Settings.Security = rules.SecurityStartTLS
	case "StartTlsWhenAvailable":
		b.p.Settings.Security = rules.SecurityStartTLS
		b.note("StartTlsWhenAvailable goes on in plaintext when the server does not offer STARTTLS; StartTls insists")
	case "None":
		b.p.Settings.Security = rules.SecurityNone
	case "Auto":
		if port == 465 {
			b.p.Settings.Security = rules.SecurityImplicit
		} else {
			b.p.Settings.Security = rules.SecurityStartTLS
		}
		b.note("SecureSocketOptions.Auto guesses from the port: implicit TLS on 465, otherwise STARTTLS when offered")
	case "?":
	default:
		b.note("unknown SecureSocketOptions value")
	}
	if port == 0 && !portUnknown {
		port = 25
	}
	b.p.Settings.Port = port
	for _, ci := range code.callsNamed("Authenticate", "AuthenticateAsync") {
		a := code.arg(ci, 0, "")
		u, setU := a, a != nil
		pwCall, pwKw := ci, "password" // the password is argument 1 of pwCall
		if a != nil && a.kind == cfgValCall && a.call >= 0 {
			if name := code.calls[a.call].name; strings.Contains(name, "OAuth2") {
				b.oauth = true
				u = code.arg(a.call, 0, "")
				setU, pwCall = u != nil, -1
			} else if strings.HasSuffix(name, "NetworkCredential") {
				u, setU = code.arg(a.call, 0, ""), true
				pwCall, pwKw = a.call, ""
			}
		}
		if setU {
			b.setUser(u, "the user")
		}
		if pwCall >= 0 {
			b.setPassword(code.arg(pwCall, 1, pwKw))
		}
	}
	return b.done(rules.LibMailKit, rules.UseApplication, out)
}

// mailKitConnect finds the last Connect (or ConnectAsync) call, -1 when
// there is none, and its arguments: host, port, and the third one as
// options (SecureSocketOptions) or useSsl (a bool).
func mailKitConnect(code *cfgCode) (conn int, args [4]*cfgValue) {
	conn = -1
	for _, ci := range code.callsNamed("Connect", "ConnectAsync") {
		conn = ci
	}
	if conn >= 0 {
		for i, kw := range [...]string{"host", "port", "options", "useSsl"} {
			args[i] = code.arg(conn, min(i, 2), kw)
		}
	}
	return conn, args
}

func (r *cfgRewriter) rewriteMailKit() error {
	code, err := cfgWalk(r.src)
	if err != nil {
		return err
	}
	conn, av := mailKitConnect(code)
	if conn < 0 {
		return rwErr("found no client.Connect(...) call to rewrite")
	}
	c := &code.calls[conn]
	hostV, portV, optV := av[0], av[1], av[2]
	if optV == nil {
		optV = av[3]
	}
	if r.hc {
		if hostV == nil {
			return rwErr("the Connect() call has no host to replace")
		}
		r.setValue(hostV, r.want.Host, true, true)
	}
	added := "" // arguments to add, ", " between them
	if r.pc || portV == nil && r.sc && r.want.Port > 0 {
		if portV != nil {
			r.setValue(portV, r.wp, false, true)
		} else {
			added = r.wp
		}
	}
	if r.sc || r.pc {
		prefix := "SecureSocketOptions."
		if optV != nil && optV.kind == cfgValName {
			if d := strings.LastIndexByte(optV.text, '.'); d >= 0 {
				prefix = r.src[optV.start:optV.end]
				prefix = prefix[:strings.LastIndexByte(prefix, '.')+1]
			}
		}
		opt := bySecurity(r.want.Security, "SslOnConnect", "StartTls", "None")
		if optV != nil && optV.kind == cfgValName && strings.HasSuffix(optV.text, "StartTlsWhenAvailable") && r.starttls {
			opt = "StartTlsWhenAvailable"
		}
		if opt != "" {
			if optV != nil {
				r.edit(optV.start, optV.end, prefix+opt)
			} else {
				if added != "" {
					added += ", "
				}
				added += prefix + opt
			}
		}
	}
	if added != "" {
		if hostV == nil || !r.callArgInsert(c, added) {
			return rwErr("the Connect() call has no host, port and options to extend")
		}
	}
	if r.uc {
		for _, ci := range code.callsNamed("Authenticate", "AuthenticateAsync") {
			a := code.arg(ci, 0, "")
			if a != nil && a.kind == cfgValCall && a.call >= 0 {
				a = code.arg(a.call, 0, "") // new NetworkCredential(user, password)
			}
			if a != nil && a.kind == cfgValString {
				r.setValue(a, r.fixed.Username, true, false)
			}
		}
	}
	return nil
}

const tmplMailKit = `«header»
using System;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

var message = new MimeMessage();
message.From.Add(MailboxAddress.Parse(«from»));
message.To.Add(MailboxAddress.Parse("someone@example.com"));
message.Subject = "Test";
message.Body = new TextPart("plain") { Text = "It works." };

using var client = new SmtpClient();
// Say the TLS mode: SecureSocketOptions.Auto only guesses it from the port.
?starttls client.Connect(«host», «port», SecureSocketOptions.StartTls);
?implicit client.Connect(«host», «port», SecureSocketOptions.SslOnConnect);
?none client.Connect(«host», «port», SecureSocketOptions.None);
?login client.Authenticate(«user», Environment.GetEnvironmentVariable("SMTP_PASSWORD"));
client.Send(message);
client.Disconnect(true);
`
