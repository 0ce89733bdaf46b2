package formats

import (
	"strconv"
	"strings"

	"github.com/whichport/whichport/rules"
)

// Smtplib is Python code using smtplib: SMTP or SMTP_SSL, starttls, login.
const Smtplib Format = "python-smtplib"

// smtplibLibrary is the library's vocabulary (FACTS §5), declared here
// alone: rules' and diagnose's texts quote it through {python-smtplib.word}
// slots (rules.LibraryText).
var smtplibLibrary = rules.LibraryInfo{
	ID: rules.LibSmtplib, Name: "Python smtplib", Implicit: "smtplib.SMTP_SSL(host, 465)", StartTLS: "smtplib.SMTP(host, 587) then .starttls()",
	Trap: "`SMTP()` on 465 hangs or raises SMTPServerDisconnected; `SMTP_SSL` on 587 raises \"wrong version number\".",
	Forms: [3]string{
		"smtplib.SMTP_SSL(%q, %p)",
		"s = smtplib.SMTP(%q, %p); s.starttls()",
		"smtplib.SMTP(%q, %p) without .starttls()",
	},
	Words: []rules.Word{
		{"implicit-name", "SMTP_SSL"},
		{"plain", "smtplib.SMTP"},
		{rules.WordOnStartTLSPort, "smtplib.SMTP_SSL raises \"wrong version number\""},
		{rules.WordOnImplicitPort, "smtplib.SMTP() hangs, then raises SMTPServerDisconnected or a timeout"},
		{rules.WordFixWrongVersion, "Python: smtplib.SMTP(host, 587) then server.starttls(); smtplib.SMTP_SSL only with port 465."},
		{rules.WordFixNoGreeting, "Python: smtplib.SMTP_SSL(host, 465) instead of smtplib.SMTP (or smtplib.SMTP(host, 587) then starttls())."},
		{rules.WordFixNeedsStartTLS, "Python: call server.starttls() before server.login()."},
	},
	Options: []string{"smtplib.SMTP_SSL", "smtplib.SMTP"},
}

var smtplibSpec = spec{
	name: Smtplib,
	menu: 3,
	clues: []clue{
		{score: 87, any: []string{"smtplib", "SMTP_SSL(", ".starttls(", ".ehlo("}},
	},
	input:   cfgReadCode,
	read:    cfgParseSmtplib,
	rewrite: (*cfgRewriter).rewriteSmtplib,
}

var libSmtplibSnippet = snippetWriter{
	lib: rules.LibSmtplib, title: "Python — smtplib", codeLang: langPython,
	template: tmplSmtplib,
}

func init() {
	rules.RegisterLibrary(&smtplibLibrary)
	register(smtplibSpec)
	registerSnippet(libSmtplibSnippet)
}

// smtplibConnect finds the last SMTP(...), SMTP_SSL(...) or LMTP(...)
// call (ctor, -1 when there is none) and the call that names the server:
// conn is a later .connect(host, port) when there is one, else ctor.
func smtplibConnect(code *cfgCode) (ctor, conn int, hostV, portV *cfgValue) {
	ctor = -1
	for _, ci := range code.callsNamed("SMTP", "SMTP_SSL", "LMTP") {
		ctor = ci
	}
	if ctor < 0 {
		return -1, -1, nil, nil
	}
	conn, hostV, portV = ctor, code.arg(ctor, 0, "host"), code.arg(ctor, 1, "port")
	for _, ci := range code.callsNamed("connect") {
		if h := code.arg(ci, 0, "host"); h != nil {
			conn, hostV, portV = ci, h, code.arg(ci, 1, "port")
		}
	}
	return ctor, conn, hostV, portV
}

// cfgParseSmtplib reads Python smtplib code: SMTP / SMTP_SSL(host, port),
// .connect(host, port), .starttls(), .login(user, password).
func cfgParseSmtplib(out *Parsed, text string, code *cfgCode) error {
	b := &cfgBuild{code: code}
	ctor, _, hostV, portV := smtplibConnect(code)
	if ctor < 0 {
		return &ParseError{Msg: "found no smtplib.SMTP(...) or smtplib.SMTP_SSL(...) call"}
	}
	name := code.calls[ctor].name
	implicit := strings.HasSuffix(name, "SMTP_SSL")
	if hostV != nil {
		b.setHost(hostV, "the host")
		// "host:port" in the host argument is allowed when port is 0.
		if h, p, ok := strings.Cut(b.p.Settings.Host, ":"); ok && !strings.Contains(p, ":") {
			if n, err := strconv.Atoi(p); err == nil {
				b.p.Settings.Host, b.p.Settings.Port = h, n
			}
		}
	} else {
		b.note("no host is passed to " + name + "(): nothing connects until .connect(host, port) is called")
	}
	if portV != nil {
		b.setPort(portV, "the port")
	} else if hostV != nil && b.p.Settings.Port == 0 {
		if implicit {
			b.p.Settings.Port = 465
		} else {
			b.p.Settings.Port = 25
		}
		b.note("no port is passed: smtplib uses " + strconv.Itoa(b.p.Settings.Port))
	}
	starttls := len(code.callsNamed("starttls")) > 0
	switch {
	case implicit:
		b.p.Settings.Security = rules.SecurityImplicit
		if starttls {
			b.note(".starttls() on an SMTP_SSL connection fails: the connection is already encrypted")
		}
	case starttls:
		b.p.Settings.Security = rules.SecurityStartTLS
	default:
		b.p.Settings.Security = rules.SecurityNone
	}
	for _, ci := range code.callsNamed("login") {
		b.setUserIf(code.arg(ci, 0, "user"), "the login user")
		b.setPassword(code.arg(ci, 1, "password"))
	}
	if len(code.callsNamed("auth")) > 0 && strings.Contains(text, "XOAUTH2") {
		b.oauth = true
	}
	return b.done(rules.LibSmtplib, rules.UseApplication, out)
}

// rwTarget is the literal a variable argument holds, or the argument.
func rwTarget(code *cfgCode, v *cfgValue) *cfgValue {
	if l := code.resolve(v); l != nil && v.kind == cfgValName {
		return l
	}
	return v
}

func (r *cfgRewriter) rewriteSmtplib() error {
	code, err := cfgWalk(r.src)
	if err != nil {
		return err
	}
	ctor, conn, hostV, portV := smtplibConnect(code)
	if ctor < 0 {
		return rwErr("found no smtplib.SMTP(...) call to rewrite")
	}
	k, c := &code.calls[ctor], &code.calls[conn]
	// SMTP("host:587") carries the port in the host string.
	l := code.resolve(hostV)
	combined := portV == nil && l != nil && strings.Count(l.text, ":") == 1
	if combined && r.pc || r.hc {
		h := r.want.Host
		if combined {
			h += ":" + r.wp
		} else if hostV == nil {
			return rwErr("the SMTP() call has no host to replace")
		}
		r.setValue(rwTarget(code, hostV), h, true, true)
	}
	if !combined && (r.pc || portV == nil && r.sc && r.want.Port > 0) {
		if portV != nil {
			r.setValue(rwTarget(code, portV), r.wp, false, true)
		} else if hostV == nil || !r.callArgInsert(c, r.wp) {
			return rwErr("the SMTP() call has no port argument to set")
		}
	}
	if r.sc {
		base := k.name[strings.LastIndexByte(k.name, '.')+1:]
		if seg := strings.LastIndex(r.src[k.start:k.open], base); seg >= 0 {
			s := k.start + seg
			r.edit(s, s+len(base), pickString(r.implicit, "SMTP_SSL", "SMTP"))
		}
		starts := code.callsNamed("starttls")
		if r.starttls {
			if len(starts) == 0 {
				recv := cfgReceiver(code)
				if recv == "" {
					return rwErr("could not tell which variable holds the SMTP connection to add .starttls()")
				}
				if logins := code.callsNamed("login"); len(logins) > 0 {
					r.insertLineBefore(code.calls[logins[0]].start, recv+".starttls()")
				} else {
					_, indent := r.lineStart(k.start)
					at, _ := r.lineAfter(k.start)
					if strings.HasSuffix(strings.TrimRight(r.src[:at], " \t\r\n"), ":") {
						indent += "    " // the SMTP() call opens a with block
					}
					r.insertLineAfter(k.start, indent+recv+".starttls()")
				}
			}
		} else {
			for _, ci := range starts {
				cc := &code.calls[ci]
				if cc.close < 0 {
					continue
				}
				ls, indent := r.lineStart(cc.start)
				end := cc.close + 1
				after, _ := r.lineAfter(end)
				if ls+len(indent) == cc.start && rules.TrimSpace(r.src[end:after]) == "" {
					r.edit(ls, after, "")
				}
			}
		}
	}
	if r.uc {
		for _, ci := range code.callsNamed("login") {
			if u := code.arg(ci, 0, "user"); u != nil {
				r.setValue(rwTarget(code, u), r.fixed.Username, true, false)
			}
		}
	}
	return nil
}

// cfgReceiver finds the variable holding the smtplib connection.
func cfgReceiver(code *cfgCode) string {
	for _, n := range []string{"login", "ehlo", "sendmail", "send_message", "quit"} {
		for _, ci := range code.callsNamed(n) {
			name := code.calls[ci].name
			if d := strings.LastIndexByte(name, '.'); d > 0 {
				return name[:d]
			}
		}
	}
	for i := range code.entries {
		e := &code.entries[i]
		if e.val.kind == cfgValCall && e.val.call >= 0 {
			if n := code.calls[e.val.call].name; strings.HasSuffix(n, "SMTP") || strings.HasSuffix(n, "SMTP_SSL") {
				return e.key
			}
		}
	}
	// with smtplib.SMTP(...) as server:
	for _, ci := range code.callsNamed("SMTP", "SMTP_SSL") {
		c := &code.calls[ci]
		if c.close < 0 {
			continue
		}
		rest := strings.TrimLeft(code.src[c.close+1:], " \t")
		if strings.HasPrefix(rest, "as ") {
			rest = strings.TrimLeft(rest[3:], " \t")
			n := 0
			for n < len(rest) && cfgIsIdentChar(rest[n]) {
				n++
			}
			if n > 0 {
				return rest[:n]
			}
		}
	}
	return ""
}

const tmplSmtplib = `«header»
import os
import smtplib
import ssl
from email.message import EmailMessage

msg = EmailMessage()
msg["From"] = «from»
msg["To"] = "someone@example.com"
msg["Subject"] = "Test"
msg.set_content("It works.")

context = ssl.create_default_context()
?implicit # SMTP_SSL: implicit TLS. smtplib.SMTP would wait for a greeting that never comes.
?implicit with smtplib.SMTP_SSL(«host», «port», context=context, timeout=30) as server:
?none with smtplib.SMTP(«host», «port», timeout=30) as server:
?starttls # SMTP then starttls(): SMTP_SSL on this port fails with "wrong version number".
?starttls with smtplib.SMTP(«host», «port», timeout=30) as server:
?starttls     server.starttls(context=context)
?login     server.login(«user», os.environ["SMTP_PASSWORD"])
    server.send_message(msg)
`
