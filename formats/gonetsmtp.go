package formats

import (
	"strconv"
	"strings"

	"github.com/whichport/whichport/rules"
)

// goNetSMTPLibrary is the library's vocabulary (FACTS §5), declared here
// alone: rules' and diagnose's texts quote it through {go-net-smtp.word}
// slots (rules.LibraryText).
var goNetSMTPLibrary = rules.LibraryInfo{
	ID: rules.LibGoNetSMTP, Name: "Go net/smtp", Implicit: "tls.Dial then smtp.NewClient (smtp.SendMail cannot do implicit TLS)", StartTLS: "smtp.SendMail (upgrades with STARTTLS when offered)",
	Trap: "`smtp.SendMail` to 465 hangs, then fails with EOF; Go says \"first record does not look like a TLS handshake\" when it speaks TLS to a plaintext port.",
	Forms: [3]string{
		"conn, err := tls.Dial(\"tcp\", %a, &tls.Config{ServerName: %q}); c, err := smtp.NewClient(conn, %q)",
		"smtp.SendMail(%a, auth, from, to, msg)",
		"smtp.SendMail(%a, nil, from, to, msg)",
	},
	Words: []rules.Word{
		{"sendmail", "smtp.SendMail"},
		{"newclient", "smtp.NewClient"},
		{"dial", "tls.Dial"},
		{rules.WordOnStartTLSPort, "Go reports \"first record does not look like a TLS handshake\""},
		{rules.WordOnImplicitPort, "smtp.SendMail hangs, then fails with EOF"},
		{rules.WordFixWrongVersion, "Go: smtp.SendMail on 587 (it upgrades with STARTTLS); tls.Dial only to port 465."},
		{rules.WordFixNoGreeting, "Go: smtp.SendMail cannot do port 465: tls.Dial, then smtp.NewClient (or smtp.SendMail to port 587)."},
	},
	Options: []string{"smtp.SendMail", "smtp.NewClient", "tls.Dial"},
}

var goNetSMTPSpec = spec{
	name: GoNetSMTP,
	menu: 12,
	clues: []clue{
		{score: 88, any: []string{"net/smtp", "smtp.SendMail(", "smtp.PlainAuth(", "smtp.NewClient(", "smtp.Dial("}},
	},
	input:   cfgReadCode,
	read:    cfgParseGoNetSMTP,
	rewrite: (*cfgRewriter).rewriteGoNetSMTP,
}

var libGoNetSMTPSnippet = snippetWriter{
	lib: rules.LibGoNetSMTP, title: "Go — net/smtp", codeLang: langGo,
	template: tmplGo,
}

func init() {
	rules.RegisterLibrary(&goNetSMTPLibrary)
	register(goNetSMTPSpec)
	registerSnippet(libGoNetSMTPSnippet)
}

// GoNetSMTP is Go code using net/smtp: smtp.SendMail, smtp.Dial or
// tls.Dial with smtp.NewClient, and smtp.PlainAuth.
const GoNetSMTP Format = "go-net-smtp"

// cfgGoAddr finds the "host:port" address a Go call dials, following a
// variable, or net.JoinHostPort(host, port). An address the text builds
// (host + ":" + port, fmt.Sprintf, a method returning such a sum) comes
// back evaluated, as a Go string written over the expression, with the
// operands it was made of: a rewrite changes those where they are written.
func cfgGoAddr(code *cfgCode, v *cfgValue) (host, port *cfgValue, parts []*cfgValue) {
	if v == nil {
		return nil, nil, nil
	}
	if v.kind == cfgValName {
		for i := len(code.entries) - 1; i >= 0; i-- {
			if e := &code.entries[i]; e.key == v.text && e.val.kind == cfgValCall {
				v = &e.val
				break
			}
		}
	}
	// The address as one string, when the text spells out how it is made.
	t, ok := "", false
	if v.kind == cfgValCall && v.call >= 0 {
		name := code.calls[v.call].name
		if strings.HasSuffix(name, "JoinHostPort") {
			return code.resolve(code.arg(v.call, 0, "")), code.resolve(code.arg(v.call, 1, "")), nil
		}
		if strings.HasSuffix(name, "Sprintf") {
			t, parts, ok = cfgGoSprintf(code, v.call)
		}
		if !ok && len(code.calls[v.call].args) == 0 {
			// smtpServer.Address(), a method returning host + ":" + port
			t, parts, ok = cfgGoMethod(code, name)
		}
	}
	if v.kind == cfgValExpr && strings.Contains(v.text, "+") {
		t, parts, ok = cfgGoConcat(code, v.text)
	}
	if ok {
		return &cfgValue{kind: cfgValString, text: t, quote: '"', start: v.start, end: v.end, line: v.line, call: -1}, nil, parts
	}
	return code.resolve(v), nil, nil
}

// cfgGoMethod evaluates a method call without arguments (srv.Address())
// whose body is one "return a + b": the method declared in the text with
// that name, over the fields of the value it is called on.
func cfgGoMethod(code *cfgCode, call string) (string, []*cfgValue, bool) {
	d := strings.LastIndexByte(call, '.')
	if d < 0 {
		return "", nil, false
	}
	recv, name := call[:d], call[d+1:]
	src := code.src
	k := strings.Index(src, ") "+name+"() string {")
	if k < 0 {
		return "", nil, false
	}
	body := src[k:]
	if e := strings.IndexByte(body, '}'); e >= 0 {
		body = body[:e]
	}
	r := strings.Index(body, "return ")
	if r < 0 {
		return "", nil, false
	}
	expr := body[r+len("return "):]
	if nl := strings.IndexByte(expr, '\n'); nl >= 0 {
		expr = expr[:nl]
	}
	// The receiver's name (s in "func (s *smtpServer)") stands for recv.
	if open := strings.LastIndex(src[:k], "func ("); open >= 0 {
		if f := strings.Fields(src[open+len("func (") : k]); len(f) == 2 {
			expr = strings.ReplaceAll(expr, f[0]+".", recv+".")
		}
	}
	return cfgGoConcat(code, expr)
}

// cfgGoPositional adds the fields of struct literals written without
// field names (eu := &EmailUser{"user", "pass", "smtp.example.com", 587})
// as entries eu.Username, eu.Password ..., naming them from the struct's
// declaration in the text.
func cfgGoPositional(code *cfgCode) {
	types := cfgGoStructs(code.src)
	if len(types) == 0 {
		return
	}
	for i := range len(code.entries) {
		e := &code.entries[i]
		t := strings.TrimPrefix(e.val.text, "&")
		brace := strings.IndexByte(t, '{')
		if e.val.kind != cfgValExpr || brace <= 0 || !strings.HasSuffix(t, "}") {
			continue
		}
		fields := types[t[:brace]]
		inner := t[brace+1 : len(t)-1]
		base := e.val.start + len(e.val.text) - len(inner) - 1 // where inner starts
		elems := cfgGoElems(inner)
		if len(fields) == 0 || len(elems) != len(fields) || code.src[e.val.start:e.val.end] != e.val.text {
			continue
		}
		// Adding entries may move code.entries: e is not used below.
		key, line := e.key, e.line
		for j, el := range elems {
			elem := inner[el[0]:el[1]]
			lit := rules.TrimSpace(elem)
			start := base + el[0] + strings.Index(elem, lit)
			v := cfgValue{kind: cfgValNumber, text: lit, start: start, end: start + len(lit), line: line, call: -1}
			switch {
			case len(lit) >= 2 && lit[0] == '"' && lit[len(lit)-1] == '"' && !strings.ContainsAny(lit[1:len(lit)-1], "\\\""):
				v.kind, v.text, v.quote = cfgValString, lit[1:len(lit)-1], '"'
			case lit == "" || lit[0] < '0' || lit[0] > '9':
				continue
			}
			code.add(&cfgEntry{key: key + "." + fields[j], object: -1, call: -1, val: v, sep: ":", start: start, line: line})
		}
	}
}

// cfgGoStructs reads "type T struct { a, b string; c int }" declarations:
// each type's field names in order.
func cfgGoStructs(src string) map[string][]string {
	var out map[string][]string
	for pos := 0; ; {
		k := strings.Index(src[pos:], "type ")
		if k < 0 {
			return out
		}
		pos += k + len("type ")
		f := strings.Fields(src[pos:min(len(src), pos+200)])
		if len(f) < 3 || f[1] != "struct" || f[2] != "{" {
			continue
		}
		open := strings.IndexByte(src[pos:], '{')
		end := strings.IndexByte(src[pos+open:], '}')
		if end < 0 {
			return out
		}
		body := src[pos+open+1 : pos+open+end]
		var names []string
		group := ""
		for rest := body; rest != ""; {
			var line string
			line, rest, _ = strings.Cut(rest, "\n")
			if c := strings.Index(line, "//"); c >= 0 {
				line = line[:c]
			}
			group += " " + rules.TrimSpace(strings.ReplaceAll(line, ";", "\n"))
			if strings.HasSuffix(group, ",") {
				continue // Username, Password,\n EmailServer string
			}
			parts := strings.Split(group, ",")
			group = ""
			for i, p := range parts {
				w := strings.Fields(p)
				if len(w) == 0 || i == len(parts)-1 && len(w) < 2 && len(parts) > 1 {
					continue
				}
				names = append(names, w[0])
			}
		}
		if out == nil {
			out = map[string][]string{}
		}
		out[f[0]] = names
	}
}

// cfgGoSplit splits Go source at the separator sep where it stands outside
// quotes and brackets, into the spans between (empty ones too); keyed says
// whether a ':' stands there as well (a keyed composite literal).
func cfgGoSplit(s string, sep byte) (parts [][2]int, keyed bool) {
	depth, start := 0, 0
	var q byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case q != 0:
			if c == '\\' && q != '`' {
				i++
			} else if c == q {
				q = 0
			}
		case c == '"' || c == '`' || c == '\'':
			q = c
		case c == '(' || c == '{' || c == '[':
			depth++
		case c == ')' || c == '}' || c == ']':
			depth--
		case depth != 0:
		case c == ':':
			keyed = true
		case c == sep:
			parts = append(parts, [2]int{start, i})
			start = i + 1
		}
	}
	return append(parts, [2]int{start, len(s)}), keyed
}

// cfgGoElems splits the inside of a composite literal at its top-level
// commas; it returns nothing when an element is keyed (name: value).
func cfgGoElems(s string) [][2]int {
	parts, keyed := cfgGoSplit(s, ',')
	if keyed {
		return nil
	}
	var out [][2]int
	for _, p := range parts {
		if rules.TrimSpace(s[p[0]:p[1]]) != "" {
			out = append(out, p)
		}
	}
	return out
}

// cfgGoOperand is the value of a Go operand: a string or number literal,
// a variable or constant assigned a literal in the text (smtpHost,
// cfg.Host), or strconv.Itoa of one. A variable's value is its literal
// where it is assigned, so a rewrite can change it there; a literal in
// the operand itself has no place (start -1), and a rewrite leaves it.
func cfgGoOperand(code *cfgCode, expr string) (*cfgValue, bool) {
	expr = rules.TrimSpace(expr)
	if inner, ok := strings.CutPrefix(expr, "strconv.Itoa("); ok && strings.HasSuffix(inner, ")") {
		return cfgGoOperand(code, inner[:len(inner)-1])
	}
	lit := &cfgValue{kind: cfgValNumber, text: expr, start: -1, end: -1, call: -1}
	if n := len(expr); n >= 2 && (expr[0] == '"' || expr[0] == '`') && expr[n-1] == expr[0] {
		lit.kind, lit.text = cfgValString, expr[1:n-1]
		return lit, !strings.ContainsAny(lit.text, "\\\"")
	}
	if expr != "" && expr[0] >= '0' && expr[0] <= '9' {
		_, err := strconv.Atoi(expr)
		return lit, err == nil
	}
	name := expr
	if d := strings.LastIndexByte(name, '.'); d >= 0 {
		name = name[d+1:] // a field: cfg.Host
	}
	for i := len(code.entries) - 1; i >= 0; i-- {
		e := &code.entries[i]
		if e.key == name || e.key == expr {
			if l := e.val.literal(); l != nil && (l.kind == cfgValString || l.kind == cfgValNumber) {
				return l, true
			}
		}
	}
	return nil, false
}

// cfgGoConcat evaluates a + b + ":" + c of literals and variables, and
// returns the operands too.
func cfgGoConcat(code *cfgCode, expr string) (string, []*cfgValue, bool) {
	var b strings.Builder
	spans, _ := cfgGoSplit(expr, '+')
	parts := make([]*cfgValue, 0, len(spans))
	for _, p := range spans {
		v, ok := cfgGoOperand(code, expr[p[0]:p[1]])
		if !ok {
			return "", nil, false
		}
		b.WriteString(v.text)
		parts = append(parts, v)
	}
	return b.String(), parts, true
}

// cfgGoSprintf evaluates fmt.Sprintf("%s:%d", host, port) when every
// argument is a literal or a variable holding one.
func cfgGoSprintf(code *cfgCode, call int) (string, []*cfgValue, bool) {
	c := &code.calls[call]
	if len(c.args) == 0 || c.args[0].kind != cfgValString {
		return "", nil, false
	}
	var parts []*cfgValue
	f := c.args[0].text
	var b strings.Builder
	n := 1
	for i := 0; i < len(f); i++ {
		if f[i] != '%' || i+1 == len(f) {
			b.WriteByte(f[i])
			continue
		}
		i++
		if f[i] == '%' {
			b.WriteByte('%')
			continue
		}
		if n >= len(c.args) {
			return "", nil, false
		}
		a := &c.args[n]
		n++
		v, ok := cfgGoOperand(code, code.src[a.start:a.end])
		if !ok {
			return "", nil, false
		}
		b.WriteString(v.text)
		parts = append(parts, v)
	}
	return b.String(), parts, true
}

// cfgGoDial finds the call that connects and the address it dials: mode
// is "sendmail" (smtp.SendMail), "smtp.Dial", "tls.Dial" or "net.Dial"
// (any other dialer, whose connection smtp.NewClient then uses), "" when
// there is none. The last such call wins, except that a plain dialer
// never overrides an SMTP or TLS one (nor an earlier plain one). all holds
// the address argument of every such call, in order: a program may dial
// its server twice (net.Dial and smtp.NewClient, then smtp.SendMail).
func cfgGoDial(code *cfgCode) (mode string, addr *cfgValue, all []*cfgValue) {
	for _, ci := range code.callsNamed("SendMail", "Dial", "DialTLS", "DialWithDialer") {
		name := code.calls[ci].name
		m, ai := "net.Dial", 1 // m and the address argument
		switch {
		case strings.HasSuffix(name, "smtp.SendMail"):
			m, ai = "sendmail", 0
		case strings.HasSuffix(name, "smtp.Dial"):
			m, ai = "smtp.Dial", 0
		case strings.HasPrefix(name, "tls."):
			m = "tls.Dial"
			if name == "tls.DialWithDialer" {
				ai = 2
			}
		case !strings.HasPrefix(name, "net.") && !strings.HasSuffix(name, "Dial"):
			continue
		}
		a := code.arg(ci, ai, "")
		all = append(all, a)
		if m != "net.Dial" || mode == "" {
			mode, addr = m, a
		}
	}
	return mode, addr, all
}

// cfgGoHostPort reads what cfgGoAddr found: ok is false when the address
// has no :port.
func cfgGoHostPort(hostV, portV *cfgValue) (host string, port int, ok bool) {
	if portV == nil {
		host, port, ok = cfgSplitHostPort(hostV.text)
		return strings.ToLower(host), port, ok
	}
	if n, err := strconv.Atoi(portV.text); err == nil && n > 0 && n < 65536 {
		port = n
	}
	return strings.ToLower(hostV.text), port, true
}

func cfgParseGoNetSMTP(out *Parsed, text string, code *cfgCode) error {
	cfgGoPositional(code)
	b := &cfgBuild{code: code}
	mode, addr, _ := cfgGoDial(code)
	if mode == "" {
		return &ParseError{Msg: "found no smtp.SendMail, smtp.Dial or tls.Dial call"}
	}
	if hostV, portV, _ := cfgGoAddr(code, addr); hostV == nil {
		b.note("the address is built at run time (" + cfgDescribe(addr) + "); fill in host and port")
	} else {
		h, p, ok := cfgGoHostPort(hostV, portV)
		if !ok {
			b.note("the address has no :port; Go's dialers need one")
		}
		b.p.Settings.Host, b.p.Settings.Port = h, p
	}
	starttls := len(code.callsNamed("StartTLS")) > 0
	switch mode {
	case "sendmail":
		b.p.Settings.Security = rules.SecurityStartTLS
		b.note("smtp.SendMail uses STARTTLS when the server offers it and cannot do implicit TLS (465): it waits for a greeting that never comes")
	case "tls.Dial":
		b.p.Settings.Security = rules.SecurityImplicit
	default:
		if starttls {
			b.p.Settings.Security = rules.SecurityStartTLS
		} else {
			b.p.Settings.Security = rules.SecurityNone
		}
	}
	for _, ci := range code.callsNamed("PlainAuth", "CRAMMD5Auth", "LoginAuth") {
		n := 0 // the user name's argument: PlainAuth(identity, username, password, host)
		if strings.HasSuffix(code.calls[ci].name, "PlainAuth") {
			n = 1
		}
		b.setUserIf(code.arg(ci, n, ""), "the user name")
		b.setPassword(code.arg(ci, n+1, ""))
	}
	return b.done(rules.LibGoNetSMTP, rules.UseApplication, out)
}

// cfgSplitHostPort splits "host:port" and "[v6]:port".
func cfgSplitHostPort(s string) (string, int, bool) {
	s = rules.TrimSpace(s)
	c := strings.LastIndexByte(s, ':')
	if c < 0 {
		return s, 0, false
	}
	host := s[:c]
	if host != "" && host[0] == '[' && host[len(host)-1] == ']' {
		host = host[1 : len(host)-1]
	}
	n, err := strconv.Atoi(s[c+1:])
	if err != nil || n < 1 || n > 65535 {
		return host, 0, false
	}
	return host, n, true
}

func (r *cfgRewriter) rewriteGoNetSMTP() error {
	if r.sc {
		msg := "changing the TLS mode of Go net/smtp code means changing which functions it calls; see the Go snippet"
		switch r.before.Settings.Security {
		case rules.SecurityStartTLS, rules.SecurityNone:
			if r.implicit {
				msg = "net/smtp's SendMail and smtp.Dial cannot do implicit TLS: dial with tls.Dial and pass the connection to smtp.NewClient"
			}
		}
		return rwErr(msg)
	}
	code, err := cfgWalk(r.src)
	if err != nil {
		return err
	}
	cfgGoPositional(code) // as the reader does: struct fields given in order get their names
	if r.hc || r.pc {
		// Every call that dials the server read: the reader reads one,
		// and a program that dials twice must reach the new one both
		// times. A call dialling another address (a probe of
		// localhost:25) is not the mail connection.
		_, _, all := cfgGoDial(code)
		dialled := 0
		for _, addr := range all {
			hostV, portV, parts := cfgGoAddr(code, addr)
			if hostV == nil {
				continue
			}
			if h, p, _ := cfgGoHostPort(hostV, portV); !strings.EqualFold(h, hostOf(r.before)) || p != r.before.Settings.Port {
				continue
			}
			if !r.setGoAddr(hostV, portV, parts) {
				return rwErr("the port is written inside the expression that builds the address; change it by hand")
			}
			dialled++
		}
		if dialled == 0 {
			return rwErr("the address is built at run time; change it by hand")
		}
	}
	if r.hc && r.before.Settings.Host != "" {
		// PlainAuth's host, tls.Config.ServerName and smtp.NewClient's
		// host must name the new server too, or the login or the
		// certificate check fails.
		toks, err := cfgLex(r.src)
		if err != nil {
			return err
		}
		for i := range toks {
			t := &toks[i]
			if t.kind == cfgTokString && strings.EqualFold(t.text, r.before.Settings.Host) {
				r.edit(t.start, t.end, cfgQuote(r.want.Host, t.quote))
			}
		}
	}
	if r.uc {
		r.setCallArgs(code, "PlainAuth", 1, "")
	}
	return nil
}

// setGoAddr writes the wanted address where cfgGoAddr found it: as host
// and port values, as one "host:port" string, or, when the text builds it
// (parts), in the variable that holds the port; the host's string changes
// with every other mention of it (rewriteGoNetSMTP). It reports false when
// no variable holds the port (hostname + ":25").
func (r *cfgRewriter) setGoAddr(hostV, portV *cfgValue, parts []*cfgValue) bool {
	switch {
	case portV != nil:
		r.setValue(hostV, r.want.Host, true, true)
		r.setValue(portV, r.wp, true, true)
	case parts == nil:
		h := r.want.Host
		if strings.Contains(h, ":") {
			h = "[" + h + "]"
		}
		if r.want.Port > 0 {
			h += ":" + r.wp
		}
		r.setValue(hostV, h, true, true)
	case r.pc:
		old := strconv.Itoa(r.before.Settings.Port)
		for _, v := range parts {
			if v.start >= 0 && v.text == old { // smtpPort := "587", port := 587
				r.setValue(v, r.wp, false, true)
				return true
			}
		}
		return false
	}
	return true
}

const tmplGo = `«header»
?implicit // smtp.SendMail cannot do implicit TLS (it would hang, then fail with EOF):
?implicit // dial TLS yourself and hand the connection to smtp.NewClient.
?none // smtp.SendMail still upgrades with STARTTLS when the server offers it,
?none // and PlainAuth refuses to send a password without TLS except to localhost.
?starttls // smtp.SendMail upgrades with STARTTLS when the server offers it,
?starttls // and PlainAuth refuses to send the password if it did not.
package main

import (
?implicit 	"crypto/tls"
	"log"
	"net"
	"net/smtp"
?login 	"os"
)

func main() {
	host := «host»
	from := «from»
	to := "someone@example.com"
	msg := []byte("From: " + from + "\r\nTo: " + to + "\r\nSubject: Test\r\n\r\nIt works.\r\n")

?implicit 	conn, err := tls.Dial("tcp", net.JoinHostPort(host, "«port»"), &tls.Config{ServerName: host})
?implicit 	if err != nil {
?implicit 		log.Fatal(err)
?implicit 	}
?implicit 	c, err := smtp.NewClient(conn, host)
?implicit 	if err != nil {
?implicit 		log.Fatal(err)
?implicit 	}
?implicit 	defer c.Close()
?implicit,login 	if err := c.Auth(smtp.PlainAuth("", «user», os.Getenv("SMTP_PASSWORD"), host)); err != nil {
?implicit,login 		log.Fatal(err)
?implicit,login 	}
?implicit 	if err := c.Mail(from); err != nil {
?implicit 		log.Fatal(err)
?implicit 	}
?implicit 	if err := c.Rcpt(to); err != nil {
?implicit 		log.Fatal(err)
?implicit 	}
?implicit 	w, err := c.Data()
?implicit 	if err != nil {
?implicit 		log.Fatal(err)
?implicit 	}
?implicit 	if _, err := w.Write(msg); err != nil {
?implicit 		log.Fatal(err)
?implicit 	}
?implicit 	if err := w.Close(); err != nil {
?implicit 		log.Fatal(err)
?implicit 	}
?implicit 	if err := c.Quit(); err != nil {
?implicit 		log.Fatal(err)
?implicit 	}
?notimplicit,login 	auth := smtp.PlainAuth("", «user», os.Getenv("SMTP_PASSWORD"), host)
?notimplicit,nologin 	var auth smtp.Auth // no login
?notimplicit 	err := smtp.SendMail(net.JoinHostPort(host, "«port»"), auth, from, []string{to}, msg)
?notimplicit 	if err != nil {
?notimplicit 		log.Fatal(err)
?notimplicit 	}
}
`
