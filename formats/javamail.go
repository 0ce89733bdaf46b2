package formats

import (
	"strconv"
	"strings"

	"github.com/whichport/whichport/rules"
)

// JavaMail is Jakarta Mail / JavaMail configuration: mail.smtp.* properties,
// props.put(...) calls, or Spring Boot spring.mail.* (properties or YAML).
const JavaMail Format = "javamail"

// JavaMailSender is Spring's JavaMailSenderImpl set up in Java code:
// mailSender.setHost(...), setPort(...), setUsername(...) and
// getJavaMailProperties().put("mail.smtp...", ...). The setters win over
// the properties; the properties mean what they mean to JavaMail.
const JavaMailSender Format = "javamail-sender"

// javaMailLibrary is the library's vocabulary (FACTS §5), declared here
// alone: rules' and diagnose's texts quote it through {javamail.word}
// slots (rules.LibraryText).
var javaMailLibrary = rules.LibraryInfo{
	ID: rules.LibJavaMail, Name: "JavaMail / Jakarta Mail", Implicit: "mail.smtp.ssl.enable=true", StartTLS: "mail.smtp.starttls.enable=true and mail.smtp.starttls.required=true",
	Forms: [3]string{
		"mail.smtp.host=%h mail.smtp.port=%p mail.smtp.ssl.enable=true",
		"mail.smtp.host=%h mail.smtp.port=%p mail.smtp.starttls.enable=true mail.smtp.starttls.required=true",
		"mail.smtp.host=%h mail.smtp.port=%p mail.smtp.starttls.enable=false",
	},
	Words: []rules.Word{
		{"debug", "mail.debug"},
		{"starttls-enable", "mail.smtp.starttls.enable=true"},
		{"require", "mail.smtp.starttls.required=true"},
		{rules.WordFixWrongVersion, "JavaMail: mail.smtp.starttls.enable=true on 587; mail.smtp.ssl.enable=true only with port 465."},
		{rules.WordFixNoGreeting, "JavaMail: mail.smtp.ssl.enable=true for port 465 (or mail.smtp.starttls.enable=true with port 587)."},
		{rules.WordFixNeedsStartTLS, "JavaMail: mail.smtp.starttls.enable=true and mail.smtp.starttls.required=true."},
	},
	Options: []string{"mail.smtp.ssl.enable", "mail.smtp.starttls.enable", "mail.smtp.starttls.required", "mail.smtp.host", "mail.smtp.port", "mail.debug"},
}

var javaMailSpec = spec{
	name: JavaMail,
	menu: 5,
	clues: []clue{
		{score: 71, any: []string{"mail.smtp.", "mail.smtps.", "spring.mail.", "SPRING_MAIL_"}},
		{score: 71, any: []string{"spring:"}, and: []string{"mail:"}, test: cfgLooksYAML},
	},
	read:    cfgParseJavaMail,
	rewrite: (*cfgRewriter).rewriteJavaMail,
}

var javaMailSenderSpec = spec{
	name: JavaMailSender,
	menu: 23,
	clues: []clue{
		{score: 97, any: []string{"JavaMailSenderImpl"}, and: []string{".setHost(", ".setPort(", ".setUsername(", "mail.smtp."}},
	},
	read:    cfgParseJavaMail,
	rewrite: (*cfgRewriter).rewriteJavaMail,
}

var libJavaMailSnippet = snippetWriter{
	lib: rules.LibJavaMail, title: "Java — Jakarta Mail / JavaMail", codeLang: langJava,
	template: tmplJavaMail,
}

func init() {
	rules.RegisterLibrary(&javaMailLibrary)
	register(javaMailSpec)
	register(javaMailSenderSpec)
	registerSnippet(libJavaMailSnippet)
}

// cfgParseJavaMail reads mail.smtp.* properties, as a .properties file,
// Spring Boot spring.mail.*, or props.put(...) calls.
func cfgParseJavaMail(out *Parsed, text string, _ *cfgCode) error {
	code, _, _, err := cfgJavaMailCode(text)
	if err != nil {
		return err
	}
	b := &cfgBuild{code: code}
	var sv [len(cfgSpringNames)]*cfgValue
	for k, names := range cfgSpringNames {
		sv[k] = code.keyVal(names...)
	}
	protocol := "smtp"
	if v := sv[0]; v != nil && strings.EqualFold(v.text, "smtps") {
		protocol = "smtps"
	}
	pre := "mail." + protocol + "."
	// Each property as mail.PROTOCOL.name, also under
	// spring.mail.properties.; for smtps, mail.smtp.name when
	// mail.smtps.name is not set.
	var pv [len(cfgJavaPropNames)]*cfgValue
	for k, n := range cfgJavaPropNames {
		for _, p := range [...]string{pre, "mail.smtp."} {
			if e := code.findKey(p+n, "spring.mail.properties."+p+n); e != nil {
				pv[k] = &e.val
				break
			}
		}
	}
	host := pv[0]
	if v := sv[1]; v != nil {
		host = v
	}
	port := pv[1]
	if v := sv[2]; v != nil {
		port = v
	}
	// Spring's JavaMailSenderImpl: mailSender.setHost(...), setPort(...),
	// setUsername(...) win over the properties.
	var setUser *cfgValue
	setters := false
	for _, set := range [...]struct {
		name string
		to   **cfgValue
	}{{"setHost", &host}, {"setPort", &port}, {"setUsername", &setUser}} {
		for _, ci := range code.callsNamed(set.name) {
			if a := code.arg(ci, 0, ""); a != nil {
				*set.to, setters = a, true
			}
		}
	}
	for _, ci := range code.callsNamed("setPassword") {
		b.setPassword(code.arg(ci, 0, ""))
	}
	stV := pv[2]
	sslV := pv[3]
	if host == nil && port == nil && stV == nil && sslV == nil && !setters {
		return &ParseError{Msg: "found no mail.smtp.host, mail.smtp.port or spring.mail.host property"}
	}
	missing := pre + "host is not set: JavaMail uses localhost"
	if setters {
		missing = "setHost is not called: JavaMail uses localhost"
	}
	b.setHostOr(host, pre+"host", "localhost", missing)
	ssl, _ := b.javaBool(sslV, pre, "ssl.enable")
	if v := pv[4]; v != nil && strings.Contains(v.text, "SSLSocketFactory") {
		ssl = true
		b.note(pre + "socketFactory.class is SSLSocketFactory: the first connection is TLS (implicit TLS), whatever starttls.enable says")
		// The factory connects to socketFactory.port when it is a number.
		if fp := pv[10]; fp != nil && fp.kind != cfgValBool {
			if t, ok := b.str(fp, pre+"socketFactory.port"); ok {
				if _, err := strconv.Atoi(rules.TrimSpace(t)); err == nil {
					port = fp
				}
			}
		}
	}
	implicit := ssl || protocol == "smtps"
	def, missing := 25, "mail.smtp.port is not set: JavaMail uses 25"
	if implicit {
		def, missing = 465, pre+"port is not set: JavaMail uses 465 for SSL"
	}
	b.setPortOr(port, pre+"port", def, missing)
	starttls, stKnown := b.javaBool(stV, pre, "starttls.enable")
	required, _ := b.javaBool(pv[5], pre, "starttls.required")
	if stV == nil {
		stKnown = true
	}
	switch {
	case implicit:
		b.p.Settings.Security = rules.SecurityImplicit
	case starttls:
		b.p.Settings.Security = rules.SecurityStartTLS
		if !required {
			b.note("starttls.enable without starttls.required: JavaMail goes on in plaintext when the server does not offer STARTTLS")
		}
	case stKnown:
		b.p.Settings.Security = rules.SecurityNone
		if required {
			b.note("starttls.required is true but starttls.enable is not: JavaMail never starts TLS and fails")
		}
	}
	authOn, authKnown := b.javaBool(pv[6], pre, "auth")
	b.authOff = authKnown && !authOn
	user := pv[7]
	if v := sv[3]; v != nil {
		user = v
	}
	if setUser != nil {
		user = setUser
	}
	b.setUserIf(user, "the user")
	pass := pv[8]
	if v := sv[4]; v != nil {
		pass = v
	}
	b.setPassword(pass)
	for _, ci := range code.callsNamed("PasswordAuthentication") {
		if u := code.arg(ci, 0, ""); u != nil && b.p.Settings.Username == "" {
			b.setUser(u, "the user")
		}
		b.setPassword(code.arg(ci, 1, ""))
	}
	if authOn && !b.p.Settings.PasswordPresent && b.p.Settings.Username == "" {
		b.p.Settings.Auth = rules.AuthPassword
		b.note(pre + "auth is true but the user name and password are not in the text")
	}
	if v := pv[9]; v != nil && strings.Contains(strings.ToUpper(v.text), "XOAUTH2") {
		b.oauth = true
	}
	return b.done(rules.LibJavaMail, rules.UseApplication, out)
}

// cfgJavaPropNames are the JavaMail properties cfgParseJavaMail reads
// (after mail.smtp. or mail.smtps.), in the order of its pv array.
var cfgJavaPropNames = [...]string{"host", "port", "starttls.enable", "ssl.enable", "socketFactory.class", "starttls.required", "auth", "user", "password", "auth.mechanisms", "socketFactory.port"}

// How a JavaMail text is written, as cfgJavaMailCode tells.
const (
	javaProperties = iota // mail.smtp.host=... lines, or Spring Boot's YAML
	javaCode              // props.put("mail.smtp.host", ...) in Java
	javaSpringEnv         // SPRING_MAIL_HOST=... environment variables
)

// cfgJavaMailCode reads Java code (props.put), Spring Boot environment
// variables, YAML or a properties file, and says which of the first two
// (form) it read; yaml is the YAML it read, if that.
func cfgJavaMailCode(text string) (code *cfgCode, yaml *cfgYAML, form int, err error) {
	if containsAny(text, ".put(", ".setProperty(", "\"mail.smtp") {
		code, err = cfgWalk(text)
		return code, nil, javaCode, err
	}
	if strings.Contains(text, "SPRING_MAIL_") && !strings.Contains(text, "spring.mail.") {
		code, err = cfgSpringEnv(text)
		return code, nil, javaSpringEnv, err
	}
	if cfgLooksYAML(text) {
		if yaml, err = cfgYAMLLines(text); err != nil {
			return nil, nil, 0, err
		}
		return yaml.code, yaml, javaProperties, nil
	}
	code, err = cfgLines(text, cfgLinesProperties)
	return code, nil, javaProperties, err
}

// cfgSpringEnv reads Spring Boot settings given as environment variables
// (SPRING_MAIL_HOST=..., export lines): Spring's relaxed binding reads
// SPRING_MAIL_PROPERTIES_MAIL_SMTP_AUTH as spring.mail.properties.mail.smtp.auth,
// so each such key is named that way.
func cfgSpringEnv(text string) (*cfgCode, error) {
	code, err := cfgLines(text, cfgLinesEnv)
	if err != nil {
		return nil, err
	}
	for i := range code.entries {
		if k := code.entries[i].key; strings.HasPrefix(strings.ToUpper(k), "SPRING_MAIL_") {
			code.entries[i].key = strings.ToLower(strings.ReplaceAll(k, "_", "."))
		}
	}
	return code, nil
}

// cfgSpringNames are the keys cfgParseJavaMail reads besides the
// mail.smtp.* properties, in the order of its sv array.
var cfgSpringNames = [...][]string{
	{"mail.transport.protocol", "spring.mail.protocol", "spring.mail.properties.mail.transport.protocol"},
	{"spring.mail.host"},
	{"spring.mail.port"},
	{"spring.mail.username", "mail.user", "username"},
	{"spring.mail.password", "mail.password", "password"},
}

func (r *cfgRewriter) rewriteJavaMail() error {
	code, yaml, form, err := cfgJavaMailCode(r.src)
	if err != nil {
		return err
	}
	isCode, springEnv := form == javaCode, form == javaSpringEnv
	prefix := "mail.smtp."
	if v := code.findKey("mail.transport.protocol", "spring.mail.protocol"); v != nil && strings.EqualFold(v.val.text, "smtps") {
		prefix = "mail.smtps."
	}
	// Every property looked at; the first seven, in order, are where
	// new ones go.
	var found [11]*cfgEntry
	var ref *cfgEntry
	for i, n := range [...]string{"spring.mail.host", "host", "spring.mail.port", "port", "auth", "starttls.enable", "ssl.enable",
		"spring.mail.username", "user", "starttls.required", "socketFactory.class"} {
		// a spring.mail.* key, or the mail.smtp(s).* property, plain or
		// under spring.mail.properties.
		if strings.HasPrefix(n, "spring.") {
			found[i] = code.findKey(n)
		} else {
			found[i] = code.findKey(prefix+n, "spring.mail.properties."+prefix+n)
		}
		if ref == nil && i < 7 {
			ref = found[i]
		}
	}
	spring := found[0] != nil || found[2] != nil || found[7] != nil || strings.Contains(r.src, "spring.mail.properties.")
	propPrefix := prefix
	if spring {
		propPrefix = "spring.mail.properties." + prefix
	}
	if ref == nil {
		return rwErr("found no mail.smtp.* property to rewrite")
	}
	putName := "props.put"
	if isCode && ref.call >= 0 {
		putName = code.calls[ref.call].name
	}
	// The properties, in the order they are written: under propPrefix,
	// but for Spring's own host and port keys.
	keys := [6]string{"host", "port", "ssl.enable", "starttls.enable", "starttls.required", "user"}
	for i, k := range keys {
		keys[i] = propPrefix + k
	}
	hostE, portE := found[1], found[3]
	if e := found[0]; e != nil || spring {
		hostE, keys[0] = e, "spring.mail.host"
	}
	if e := found[2]; e != nil || spring {
		portE, keys[1] = e, "spring.mail.port"
	}
	userE := found[7]
	if userE == nil {
		userE = found[8]
	}
	sslE, stE, req := found[6], found[5], found[9]
	implicit, st := r.implicit, r.starttls
	es := [6]*cfgEntry{hostE, portE, sslE, stE, req, userE}
	vals := [6]string{r.want.Host, r.wp, cfgBoolWord(implicit), cfgBoolWord(st), "false", r.fixed.Username}
	on := [6]bool{r.hc, r.pc || r.sc && portE == nil && r.want.Port > 0, false, false, false, r.uc && (userE != nil || !isCode)}
	if r.sc {
		if sf := found[10]; sf != nil && !implicit {
			r.deleteEntry(sf)
		}
		switch {
		case r.implicit || r.starttls || r.none:
			if !implicit && prefix == "mail.smtps." {
				return rwErr("mail.transport.protocol is smtps, which always means implicit TLS; set it to smtp first")
			}
			on[2], on[3], on[4] = sslE != nil || implicit, stE != nil || st, implicit && req != nil && req.val.isTrue()
		}
	}
	for i, e := range es {
		if !on[i] {
			continue
		}
		key, val := keys[i], vals[i]
		if e != nil {
			q := e.val.quote
			if isCode && q == 0 && e.val.kind == cfgValString {
				q = '"'
			}
			r.edit(e.val.start, e.val.end, cfgQuote(val, q))
			continue
		}
		if isCode {
			r.insertLineBefore(ref.start, putName+"("+cfgQuote(key, '"')+", "+cfgQuote(val, '"')+");")
			continue
		}
		if yaml != nil {
			yaml.insert(r, key, val)
			continue
		}
		if springEnv {
			// SPRING_MAIL_* variables: the new one is named the same way.
			line := strings.ToUpper(strings.ReplaceAll(key, ".", "_")) + "=" + val
			if ls, _ := r.lineStart(ref.start); strings.HasPrefix(strings.TrimLeft(r.src[ls:], " \t"), "export ") {
				line = "export " + line
			}
			r.insertLineAfter(ref.start, line)
			continue
		}
		r.insertLineAfter(ref.start, key+"="+val)
	}
	if r.uc {
		r.setCallArgs(code, "PasswordAuthentication", 0, "")
	}
	// JavaMailSenderImpl's setters win over the properties: change them too.
	for _, set := range [...]struct {
		name     string
		on       bool
		val      string
		isString bool
	}{{"setHost", r.hc, r.want.Host, true}, {"setPort", on[1], r.wp, false}, {"setUsername", r.uc, r.fixed.Username, true}} {
		if !set.on || !isCode {
			continue
		}
		for _, ci := range code.callsNamed(set.name) {
			r.setValue(code.arg(ci, 0, ""), set.val, set.isString, false)
		}
	}
	return nil
}

const tmplJavaMail = `«header»
// Jakarta Mail; with JavaMail 1.x, import javax.mail instead of jakarta.mail.
import java.util.Properties;
import jakarta.mail.*;
import jakarta.mail.internet.*;

public class SendTest {
    public static void main(String[] args) throws MessagingException {
        Properties props = new Properties();
        props.put("mail.smtp.host", «host»);
        props.put("mail.smtp.port", "«port»");
?login         props.put("mail.smtp.auth", "true");
?implicit         props.put("mail.smtp.ssl.enable", "true"); // implicit TLS
?starttls         props.put("mail.smtp.starttls.enable", "true");
?starttls         props.put("mail.smtp.starttls.required", "true"); // fail rather than go on without TLS
?login         Session session = Session.getInstance(props, new Authenticator() {
?login             @Override
?login             protected PasswordAuthentication getPasswordAuthentication() {
?login                 return new PasswordAuthentication(«user», System.getenv("SMTP_PASSWORD"));
?login             }
?login         });
?nologin         Session session = Session.getInstance(props);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(«from»));
        message.setRecipients(Message.RecipientType.TO, "someone@example.com");
        message.setSubject("Test");
        message.setText("It works.");
        Transport.send(message);
    }
}
`

// javaBool reads the JavaMail switch pre+name (pre is "mail.smtp." or
// "mail.smtps."), which is off by default, the way JavaMail's PropUtil
// does: a string value turns it on only when it is "true" in any case, so
// "true # a comment" (.properties has no trailing comments) or "yes"
// leaves it off.
func (b *cfgBuild) javaBool(v *cfgValue, pre, name string) (val, known bool) {
	if v == nil {
		return false, false
	}
	what := pre + name
	if l := b.code.resolve(v); l != nil && l.kind == cfgValString {
		t := rules.TrimSpace(l.text)
		if !strings.EqualFold(t, "true") && !strings.EqualFold(t, "false") && t != "" {
			b.note(what + " is not the word true: JavaMail reads any other text as false")
			return false, true
		}
		return strings.EqualFold(t, "true"), true
	}
	return b.boolOf(v, what)
}
