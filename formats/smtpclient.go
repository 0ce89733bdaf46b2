package formats

import (
	"cmp"
	"strconv"
	"strings"

	"github.com/whichport/whichport/rules"
)

// SmtpClient is C# code using System.Net.Mail.SmtpClient.
const SmtpClient Format = "dotnet-smtpclient"

// smtpClientLibrary is the library's vocabulary (FACTS §5), declared here
// alone: rules' and diagnose's texts quote it through {dotnet-smtpclient.word}
// slots (rules.LibraryText).
var smtpClientLibrary = rules.LibraryInfo{
	ID: rules.LibSmtpClient, Name: ".NET System.Net.Mail SmtpClient", Implicit: "", StartTLS: "EnableSsl = true",
	Trap: "SmtpClient cannot do implicit TLS: `EnableSsl = true` on 465 times out. Use MailKit with {mailkit.implicit} for 465.",
	Forms: [3]string{
		"SmtpClient cannot do implicit TLS; with MailKit: {mailkit.connect}(%q, %p, {mailkit.implicit})",
		"new SmtpClient(%q, %p) { EnableSsl = true }",
		"new SmtpClient(%q, %p) { EnableSsl = false }",
	},
	Words: []rules.Word{
		{"starttls", "EnableSsl = true"},
		{"option", "EnableSsl"},
		{rules.WordOnImplicitPort, "SmtpClient with EnableSsl = true times out"},
		{rules.WordFixNoGreeting, "System.Net.Mail.SmtpClient cannot do implicit TLS: use port 587 with EnableSsl = true, or MailKit with {mailkit.implicit} on 465."},
		{rules.WordFixNeedsStartTLS, "System.Net.Mail.SmtpClient: EnableSsl = true (and set Credentials)."},
	},
	Options: []string{"EnableSsl"},
}

var smtpClientSpec = spec{
	name: SmtpClient,
	menu: 8,
	clues: []clue{
		{score: 76, any: []string{"EnableSsl", "NetworkCredential", "SmtpClient"}},
	},
	input:   cfgReadCode,
	read:    cfgParseSmtpClient,
	rewrite: (*cfgRewriter).rewriteSmtpClient,
}

var libSmtpClientSnippet = snippetWriter{
	lib: rules.LibSmtpClient, title: ".NET — System.Net.Mail.SmtpClient", codeLang: langCSharp,
	template: tmplSmtpClient,
	instead:  smtpClientImplicit,
}

func init() {
	rules.RegisterLibrary(&smtpClientLibrary)
	register(smtpClientSpec)
	registerSnippet(libSmtpClientSnippet)
}

// cfgParseSmtpClient reads System.Net.Mail.SmtpClient code. SmtpClient
// has no implicit TLS: EnableSsl = true means STARTTLS.
func cfgParseSmtpClient(out *Parsed, text string, code *cfgCode) error {
	b := &cfgBuild{code: code}
	var hostV, portV *cfgValue
	for _, ci := range code.callsNamed("SmtpClient") {
		if a := code.arg(ci, 0, "host"); a != nil {
			hostV = a
		}
		if a := code.arg(ci, 1, "port"); a != nil {
			portV = a
		}
	}
	se := smtpClientEntries(code)
	if e := se[0]; e != nil {
		hostV = &e.val
	}
	if e := se[1]; e != nil {
		portV = &e.val
	}
	ssl := se[2]
	if hostV == nil && portV == nil && ssl == nil {
		return &ParseError{Msg: "found no new SmtpClient(host, port), Host, Port or EnableSsl"}
	}
	if hostV != nil {
		b.setHost(hostV, "Host")
	}
	b.setPortOr(portV, "Port", 25, "Port is not set: SmtpClient uses 25")
	on, known := b.boolOf(cfgVal(ssl), "EnableSsl")
	if ssl == nil {
		known = true
	}
	if known {
		if on {
			b.p.Settings.Security = rules.SecurityStartTLS
		} else {
			b.p.Settings.Security = rules.SecurityNone
		}
	}
	for _, ci := range code.callsNamed("NetworkCredential") {
		if u := code.arg(ci, 0, "userName"); u != nil {
			b.setUser(cfgMailAddressOf(code, u), "the user name")
		}
		b.setPassword(code.arg(ci, 1, "password"))
	}
	// appsettings.json: "Smtp": { "Host": ..., "Username": ..., "Password": ... }
	if e := se[3]; e != nil && b.p.Settings.Username == "" {
		b.setUser(&e.val, e.key)
	}
	if e := se[4]; e != nil && !b.p.Settings.PasswordPresent {
		b.setPassword(&e.val)
	}
	if v := se[5]; v != nil && v.val.isTrue() {
		b.note("UseDefaultCredentials = true sends the Windows login, not a mail password")
	}
	return b.done(rules.LibSmtpClient, rules.UseApplication, out)
}

// cfgSmtpClientKeys are the properties SmtpClient's reader and rewriter
// look at, in the order of smtpClientEntries' array; in 1 leaves out those
// of Credentials.
var cfgSmtpClientKeys = [...]struct {
	in    uint8
	names []string
}{
	{1, []string{"Host"}},
	{1, []string{"Port"}},
	{0, []string{"EnableSsl"}},
	{1, []string{"Username", "UserName", "User"}},
	{1, []string{"Password"}},
	{0, []string{"UseDefaultCredentials"}},
	{0, []string{"Credentials"}},
}

// smtpClientEntries finds the last entry of each of cfgSmtpClientKeys.
func smtpClientEntries(code *cfgCode) (se [len(cfgSmtpClientKeys)]*cfgEntry) {
	filters := [2]func(*cfgEntry) bool{nil, cfgNotIn("Credentials")}
	for k, t := range cfgSmtpClientKeys {
		se[k] = code.find(filters[t.in], t.names...)
	}
	return se
}

func (r *cfgRewriter) rewriteSmtpClient() error {
	if r.implicit {
		return rwErr("System.Net.Mail.SmtpClient cannot do implicit TLS (port 465); use MailKit with SecureSocketOptions.SslOnConnect, or STARTTLS on 587")
	}
	code, err := cfgWalk(r.src)
	if err != nil {
		return err
	}
	ctor := -1
	for _, ci := range code.callsNamed("SmtpClient") {
		ctor = ci
	}
	var argHost, argPort *cfgValue
	if ctor >= 0 {
		argHost, argPort = code.arg(ctor, 0, "host"), code.arg(ctor, 1, "port")
	}
	// Host, Port (not the Credentials' ones), EnableSsl, Credentials:
	// the first found is where new ones go.
	se := smtpClientEntries(code)
	hostE, portE, sslE := se[0], se[1], se[2]
	ref := cmp.Or(hostE, portE, sslE, se[6])
	// Host, Port and EnableSsl, the first three of cfgSmtpClientKeys.
	vals := [3]string{r.want.Host, r.wp, cfgBoolWord(r.starttls)}
	on := [3]bool{r.hc, r.pc, r.sc}
	for i, e := range se[:3] {
		if !on[i] {
			continue
		}
		key, val := cfgSmtpClientKeys[i].names[0], vals[i]
		// new SmtpClient(host, port): the constructor's arguments.
		if argHost != nil && hostE == nil && i == 0 {
			r.setValue(argHost, val, true, true)
			continue
		}
		if e == nil && i == 1 {
			if argPort != nil {
				r.setValue(argPort, val, false, true)
				continue
			}
			if argHost != nil && hostE == nil {
				r.callArgInsert(&code.calls[ctor], val)
				continue
			}
		}
		if e != nil {
			r.setValue(&e.val, val, i == 0, true)
			continue
		}
		if i == 0 {
			val = cfgQuote(val, '"')
		}
		if ref != nil {
			if ref.object >= 0 {
				r.entryInsert(ref, key, val)
				continue
			}
			if d := strings.LastIndexByte(ref.key, '.'); d > 0 {
				r.insertLineBefore(ref.start, ref.key[:d]+"."+key+" = "+val+";")
				continue
			}
		}
		if ctor >= 0 && code.calls[ctor].close >= 0 {
			// new SmtpClient(...) { Key = value }: add an initializer.
			at := code.calls[ctor].close + 1
			r.edit(at, at, " { "+key+" = "+val+" }")
			continue
		}
		return rwErr("found nowhere to add " + key)
	}
	if r.uc {
		r.setCallArgs(code, "NetworkCredential", 0, "userName")
	}
	return nil
}

const tmplSmtpClient = `«header»
using System;
using System.Net;
using System.Net.Mail;

using var client = new SmtpClient(«host», «port»)
{
?none     EnableSsl = false,
?tls     EnableSsl = true, // STARTTLS for SmtpClient
?login     Credentials = new NetworkCredential(«user», Environment.GetEnvironmentVariable("SMTP_PASSWORD")),
};
client.Send(«from», "someone@example.com", "Test", "It works.");
`

// smtpClientImplicit: SmtpClient cannot do implicit TLS (FACTS §5), MailKit
// can, so for implicit TLS the snippet is MailKit's with a note.
func smtpClientImplicit(c snipSettings) (rules.Library, string) {
	if c.sec != rules.SecurityImplicit {
		return "", ""
	}
	return rules.LibMailKit, "// System.Net.Mail.SmtpClient does not support implicit TLS (port " + strconv.Itoa(c.port) + "):\n" +
		"// EnableSsl = true means STARTTLS, and on an implicit-TLS port it times out.\n" +
		"// Use MailKit with SecureSocketOptions.SslOnConnect instead:\n//\n"
}

// cfgMailAddressOf follows fromAddress.Address to the address a
// MailAddress was built from (fromAddress = new MailAddress("a@b.c",
// "Name")); any other value is returned as it is.
func cfgMailAddressOf(code *cfgCode, v *cfgValue) *cfgValue {
	name, ok := strings.CutSuffix(v.text, ".Address")
	if v.kind != cfgValName || !ok {
		return v
	}
	for i := len(code.entries) - 1; i >= 0; i-- {
		e := &code.entries[i]
		if e.key == name && e.val.kind == cfgValCall && e.val.call >= 0 && strings.HasSuffix(code.calls[e.val.call].name, "MailAddress") {
			if a := code.arg(e.val.call, 0, "address"); a != nil && a.kind == cfgValString {
				return a
			}
		}
	}
	return v
}
