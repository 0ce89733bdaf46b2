package formats

import (
	"slices"
	"strconv"
	"strings"

	"github.com/whichport/whichport/rules"
)

// cfgParseSmtplib reads Python smtplib code: SMTP / SMTP_SSL(host, port),
// .connect(host, port), .starttls(), .login(user, password).
func cfgParseSmtplib(out *Parsed, text string, code *cfgCode) error {
	b := &cfgBuild{code: code}
	ctor := -1
	implicit := false
	for _, ci := range code.callsNamed("SMTP", "SMTP_SSL", "LMTP") {
		ctor = ci
	}
	if ctor < 0 {
		return &ParseError{Msg: "found no smtplib.SMTP(...) or smtplib.SMTP_SSL(...) call"}
	}
	name := code.calls[ctor].name
	implicit = strings.HasSuffix(name, "SMTP_SSL")
	hostV, portV := code.arg(ctor, 0, "host"), code.arg(ctor, 1, "port")
	for _, ci := range code.callsNamed("connect") {
		if h := code.arg(ci, 0, "host"); h != nil {
			hostV, portV = h, code.arg(ci, 1, "port")
		}
	}
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
		if u := code.arg(ci, 0, "user"); u != nil {
			b.setUser(u, "the login user")
		}
		b.setPassword(code.arg(ci, 1, "password"))
	}
	if len(code.callsNamed("auth")) > 0 && strings.Contains(text, "XOAUTH2") {
		b.oauth = true
	}
	return b.done(rules.LibSmtplib, rules.UseApplication, out)
}

// cfgParsePHPMailer reads $mail->Host = ...; assignments.
func cfgParsePHPMailer(out *Parsed, text string, code *cfgCode) error {
	b := &cfgBuild{code: code}
	wp := cfgIsWPMailSMTP(code)
	var fv [len(cfgPHPMailerNames)]*cfgValue
	for k, n := range cfgPHPMailerNames {
		fv[k] = cfgVal(cfgPHPMailerFind(code, wp, n))
	}
	hostV, portV, secV, mailerV := fv[0], fv[1], fv[2], fv[3]
	if hostV == nil && portV == nil && secV == nil {
		return &ParseError{Msg: "found no $mail->Host, $mail->Port or $mail->SMTPSecure assignment"}
	}
	if wp {
		if v := mailerV; v != nil && !strings.EqualFold(v.text, "smtp") {
			b.note("WPMS_MAILER is not 'smtp': WP Mail SMTP does not use these SMTP settings")
		}
		if v := code.keyVal("WPMS_ON"); v == nil || !v.isTrue() {
			b.note("WPMS_ON is not true: WP Mail SMTP ignores these constants and uses the settings page")
		}
	} else if len(code.callsNamed("isSMTP", "IsSMTP")) == 0 && mailerV == nil {
		b.note("$mail->isSMTP() is not called: PHPMailer sends with PHP's mail() and ignores these SMTP settings")
	}
	secure := ""
	if v := secV; v != nil {
		l := code.resolve(v)
		switch {
		case l == nil:
			b.note("SMTPSecure is read from " + cfgDescribe(v) + "; the TLS mode depends on it")
			secure = "?"
		case strings.HasSuffix(l.text, "ENCRYPTION_SMTPS") || strings.EqualFold(l.text, "ssl"):
			secure = "ssl"
		case strings.HasSuffix(l.text, "ENCRYPTION_STARTTLS") || strings.EqualFold(l.text, "tls"):
			secure = "tls"
		case l.text == "" || l.kind == cfgValBool || l.kind == cfgValNull:
		default:
			b.note("SMTPSecure must be 'ssl' or 'tls'; other values are ignored by PHPMailer")
		}
	}
	port := 0
	if v := portV; v != nil {
		b.setPort(v, "Port")
		port = b.p.Settings.Port
	}
	if v := hostV; v != nil {
		if h, ok := b.str(v, "Host"); ok {
			if strings.Contains(h, ";") {
				b.note("Host lists several servers; PHPMailer tries them in order and the first one is checked here")
				h, _, _ = strings.Cut(h, ";")
			}
			h = trimSpace(h)
			lower := strings.ToLower(h)
			switch {
			case strings.HasPrefix(lower, "ssl://"):
				secure, h = "ssl", h[6:]
			case strings.HasPrefix(lower, "tls://"):
				secure, h = "tls", h[6:]
			}
			if c := strings.LastIndexByte(h, ':'); c >= 0 && !strings.Contains(h[:c], ":") {
				if n, err := strconv.Atoi(h[c+1:]); err == nil && n > 0 && n < 65536 {
					h, port = h[:c], n
				}
			}
			b.p.Settings.Host = strings.ToLower(h)
		}
	} else {
		b.p.Settings.Host = "localhost"
		b.note("Host is not set: PHPMailer uses localhost")
	}
	if port == 0 && portV == nil {
		port = 25
		b.note("Port is not set: PHPMailer uses 25")
	}
	b.p.Settings.Port = port
	autoTLS := true
	if v := fv[4]; v != nil {
		if on, known := b.boolOf(v, "SMTPAutoTLS"); known {
			autoTLS = on
		}
	}
	switch {
	case secure == "ssl":
		b.p.Settings.Security = rules.SecurityImplicit
	case secure == "tls":
		b.p.Settings.Security = rules.SecurityStartTLS
	case secure == "?":
	default:
		if autoTLS {
			b.p.Settings.Security = rules.SecurityStartTLS
			if wp {
				b.note("WPMS_SSL is empty: PHPMailer uses STARTTLS only when the server offers it (WPMS_SMTP_AUTOTLS)")
			} else {
				b.note("SMTPSecure is empty: PHPMailer uses STARTTLS only when the server offers it (SMTPAutoTLS)")
			}
		} else {
			b.p.Settings.Security = rules.SecurityNone
		}
	}
	if v := fv[5]; v != nil {
		if on, known := b.boolOf(v, "SMTPAuth"); known && !on {
			b.authOff = true
		}
	}
	if v := fv[6]; v != nil && !b.authOff {
		b.setUser(v, "Username")
	}
	if !b.authOff {
		b.setPassword(fv[7])
	}
	if v := fv[8]; v != nil && strings.EqualFold(v.text, "XOAUTH2") {
		b.oauth = true
	}
	if len(code.callsNamed("setOAuth")) > 0 {
		b.oauth = true
	}
	return b.done(rules.LibPHPMailer, rules.UseApplication, out)
}

// cfgParseJavaMail reads mail.smtp.* properties, as a .properties file,
// Spring Boot spring.mail.*, or props.put(...) calls.
func cfgParseJavaMail(out *Parsed, text string, _ *cfgCode) error {
	code, err := cfgJavaMailCode(text)
	if err != nil {
		return err
	}
	b := &cfgBuild{code: code}
	var sv [len(cfgSpringNames)]*cfgValue
	code.keyVals(cfgSpringNames[:], sv[:])
	protocol := "smtp"
	if v := sv[0]; v != nil && strings.EqualFold(v.text, "smtps") {
		protocol = "smtps"
	}
	pre := "mail." + protocol + "."
	var pv [len(cfgJavaPropNames)]*cfgValue
	for k, n := range cfgJavaPropNames {
		pv[k] = cfgJavaProp(code, protocol, n)
	}
	host := pv[0]
	if v := sv[1]; v != nil {
		host = v
	}
	port := pv[1]
	if v := sv[2]; v != nil {
		port = v
	}
	stV := pv[2]
	sslV := pv[3]
	if host == nil && port == nil && stV == nil && sslV == nil {
		return &ParseError{Msg: "found no mail.smtp.host, mail.smtp.port or spring.mail.host property"}
	}
	if host != nil {
		b.setHost(host, pre+"host")
	} else {
		b.p.Settings.Host = "localhost"
		b.note(pre + "host is not set: JavaMail uses localhost")
	}
	ssl, _ := b.boolOf(sslV, pre+"ssl.enable")
	if v := pv[4]; v != nil && strings.Contains(v.text, "SSLSocketFactory") {
		ssl = true
	}
	implicit := ssl || protocol == "smtps"
	if port != nil {
		b.setPort(port, pre+"port")
	} else if implicit {
		b.p.Settings.Port = 465
		b.note(pre + "port is not set: JavaMail uses 465 for SSL")
	} else {
		b.p.Settings.Port = 25
		b.note("mail.smtp.port is not set: JavaMail uses 25")
	}
	starttls, stKnown := b.boolOf(stV, pre+"starttls.enable")
	required, _ := b.boolOf(pv[5], pre+"starttls.required")
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
	authV := pv[6]
	if authV != nil {
		if on, known := b.boolOf(authV, pre+"auth"); known && !on {
			b.authOff = true
		}
	}
	user := pv[7]
	if v := sv[3]; v != nil {
		user = v
	}
	if user != nil {
		b.setUser(user, "the user")
	}
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
	if on, _ := b.boolOf(authV, pre+"auth"); on && !b.p.Settings.PasswordPresent && b.p.Settings.Username == "" {
		b.p.Settings.Auth = rules.AuthPassword
		b.note(pre + "auth is true but the user name and password are not in the text")
	}
	if v := pv[9]; v != nil && strings.Contains(strings.ToUpper(v.text), "XOAUTH2") {
		b.oauth = true
	}
	return b.done(rules.LibJavaMail, rules.UseApplication, out)
}

// cfgJavaPropNames are the JavaMail properties cfgParseJavaMail reads,
// in the order of its pv array.
var cfgJavaPropNames = [...]string{"host", "port", "starttls.enable", "ssl.enable", "socketFactory.class", "starttls.required", "auth", "user", "password", "auth.mechanisms"}

// cfgJavaProp returns the property mail.PROTOCOL.name (also under
// spring.mail.properties.); for smtps, mail.smtp.name when mail.smtps.name
// is not set.
func cfgJavaProp(code *cfgCode, protocol, name string) *cfgValue {
	for {
		pre := "mail." + protocol + "."
		if e := code.findKey(pre+name, "spring.mail.properties."+pre+name); e != nil {
			return &e.val
		}
		if protocol == "smtp" {
			return nil
		}
		protocol = "smtp"
	}
}

// cfgJavaMailCode reads either Java code (props.put) or a properties file.
func cfgJavaMailCode(text string) (*cfgCode, error) {
	if containsAny(text, ".put(", ".setProperty(", "\"mail.smtp") {
		return cfgWalk(text)
	}
	if cfgLooksYAML(text) {
		y, err := cfgYAMLLines(text)
		if err != nil {
			return nil, err
		}
		return y.code, nil
	}
	return cfgLines(text, cfgLinesProperties)
}

// cfgParseRails reads config.action_mailer.smtp_settings = { ... }.
func cfgParseRails(out *Parsed, text string, code *cfgCode) error {
	b := &cfgBuild{code: code}
	var keep func(*cfgEntry) bool
	if code.find(cfgInSMTPSettings, "address", "port") != nil {
		keep = cfgInSMTPSettings
	}
	var rv [len(cfgRailsNames)]*cfgValue
	for k, n := range cfgRailsNames {
		rv[k] = cfgVal(code.find(keep, n))
	}
	addrV, portV, startV := rv[0], rv[1], rv[2]
	if addrV == nil && portV == nil && rv[3] == nil {
		return &ParseError{Msg: "found no smtp_settings with address:, port: or user_name:"}
	}
	if v := cfgVal(code.find(nil, "delivery_method")); v != nil && v.kind == cfgValName && !strings.EqualFold(v.text, "smtp") {
		b.note("delivery_method is not :smtp: Action Mailer does not use these settings")
	}
	b.setHostOr(addrV, "address", "localhost", "address is not set: Action Mailer uses localhost")
	b.setPortOr(portV, "port", 25, "port is not set: Action Mailer uses 25")
	tls, _ := b.boolOf(rv[4], "tls")
	ssl, _ := b.boolOf(rv[5], "ssl")
	starttls, _ := b.boolOf(startV, "enable_starttls")
	if v := startV; v != nil && (strings.EqualFold(v.text, "always") || strings.EqualFold(v.text, "auto")) {
		starttls = true
	}
	auto := true
	if v := rv[6]; v != nil {
		if on, known := b.boolOf(v, "enable_starttls_auto"); known {
			auto = on
		}
	}
	switch {
	case tls || ssl:
		b.p.Settings.Security = rules.SecurityImplicit
		if starttls {
			b.note("tls/ssl and enable_starttls are both set: the mail gem raises an error; keep one")
		}
	case starttls:
		b.p.Settings.Security = rules.SecurityStartTLS
	case auto:
		b.p.Settings.Security = rules.SecurityStartTLS
		b.note("enable_starttls_auto (on by default) uses STARTTLS only when the server offers it")
	default:
		b.p.Settings.Security = rules.SecurityNone
	}
	b.setUserIf(rv[3], "user_name")
	b.setPassword(rv[7])
	if v := rv[8]; v != nil {
		switch strings.ToLower(v.text) {
		case "xoauth2":
			b.oauth = true
		case "none":
			b.authOff = true
		}
	}
	return b.done(rules.LibRails, rules.UseApplication, out)
}

func cfgInSMTPSettings(e *cfgEntry) bool { return strings.HasSuffix(e.parent, "smtp_settings") }

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
	notCred := cfgNotIn("Credentials")
	filters := [2]func(*cfgEntry) bool{nil, notCred}
	var se [len(cfgSmtpClientKeys)]*cfgEntry
	for k, t := range cfgSmtpClientKeys {
		se[k] = code.find(filters[t.in], t.names...)
	}
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
			b.setUser(u, "the user name")
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

// cfgParseMailKit reads MailKit code: client.Connect(host, port, options)
// and client.Authenticate(user, password).
func cfgParseMailKit(out *Parsed, text string, code *cfgCode) error {
	b := &cfgBuild{code: code}
	conn := -1
	for _, ci := range code.callsNamed("Connect", "ConnectAsync") {
		conn = ci
	}
	if conn < 0 {
		return &ParseError{Msg: "found no client.Connect(host, port, SecureSocketOptions...) call"}
	}
	var av [len(cfgMailKitArgs)]*cfgValue
	for k, a := range cfgMailKitArgs {
		av[k] = code.arg(conn, int(a.n), a.kw)
	}
	if v := av[0]; v != nil {
		b.setHost(v, "the host")
	}
	port := 0
	if v := av[1]; v != nil {
		b.setPort(v, "the port")
		port = b.p.Settings.Port
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
	if opt == "Auto" && port == 0 {
		port = 25
	}
	switch {
	case opt == "SslOnConnect":
		b.p.Settings.Security = rules.SecurityImplicit
		if port == 0 {
			port = 465
		}
	case opt == "StartTls":
		b.p.Settings.Security = rules.SecurityStartTLS
	case opt == "StartTlsWhenAvailable":
		b.p.Settings.Security = rules.SecurityStartTLS
		b.note("StartTlsWhenAvailable goes on in plaintext when the server does not offer STARTTLS; StartTls insists")
	case opt == "None":
		b.p.Settings.Security = rules.SecurityNone
	case opt == "Auto":
		if port == 465 {
			b.p.Settings.Security = rules.SecurityImplicit
		} else {
			b.p.Settings.Security = rules.SecurityStartTLS
		}
		b.note("SecureSocketOptions.Auto guesses from the port: implicit TLS on 465, otherwise STARTTLS when offered")
	case opt == "?":
	default:
		b.note("unknown SecureSocketOptions value")
	}
	if port == 0 {
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

// cfgParsePostfix reads main.cf: relayhost and the smtp_tls_* /
// smtp_sasl_* client settings.
func cfgParsePostfix(out *Parsed, text string, code *cfgCode) error {
	b := &cfgBuild{code: code}
	var kv [len(cfgPostfixNames)]*cfgValue
	code.keyVals(cfgPostfixNames[:], kv[:])
	if v := kv[0]; v != nil && trimSpace(v.text) != "" {
		host, port, bracket, many := cfgRelayhost(v.text)
		if many {
			b.note("relayhost lists several hosts; the first one is checked here")
		}
		if !bracket {
			b.note("relayhost without [brackets]: Postfix looks up the MX records of that name instead of connecting to it")
		}
		b.p.Settings.Host = strings.ToLower(host)
		if port == 0 {
			port = 25
			b.note("relayhost has no :port: Postfix uses 25")
		}
		b.p.Settings.Port = port
	} else {
		b.p.Settings.Port = 25
		b.note("relayhost is empty: Postfix delivers straight to each recipient's MX on port 25")
	}
	level := ""
	if v := kv[1]; v != nil {
		level = strings.ToLower(trimSpace(v.text))
	} else if v := kv[2]; v != nil && cfgPostfixYes(v.text) {
		level = "encrypt"
	} else if v := kv[3]; v != nil && cfgPostfixYes(v.text) {
		level = "may"
	}
	wrapper := false
	if v := kv[4]; v != nil {
		wrapper = cfgPostfixYes(v.text)
	}
	strong := slices.Contains([]string{"encrypt", "verify", "secure", "fingerprint", "dane-only"}, level)
	switch {
	case wrapper:
		b.p.Settings.Security = rules.SecurityImplicit
		if !strong {
			b.note("smtp_tls_wrappermode = yes needs smtp_tls_security_level = encrypt (or stronger)")
		}
	case level == "may" || level == "dane":
		b.p.Settings.Security = rules.SecurityStartTLS
		b.note("smtp_tls_security_level = " + level + " uses STARTTLS only when the server offers it; encrypt insists")
	case strong:
		b.p.Settings.Security = rules.SecurityStartTLS
	case level == "" || level == "none":
		b.p.Settings.Security = rules.SecurityNone
	default:
		b.note("smtp_tls_security_level has a value Postfix does not know")
	}
	if v := kv[5]; v != nil {
		if cfgPostfixYes(v.text) {
			if m := kv[6]; m != nil && trimSpace(m.text) != "" {
				b.p.Settings.PasswordPresent = true
				b.note("the user name and password live in smtp_sasl_password_maps, which is not part of this text")
			} else {
				b.note("smtp_sasl_auth_enable = yes but smtp_sasl_password_maps is not set: Postfix has no password to send")
			}
			b.p.Settings.Auth = rules.AuthPassword
		} else {
			b.authOff = true
		}
	}
	b.done(rules.LibPostfix, rules.UseServerRelay, out)
	if out.Settings.Auth == rules.AuthUnset && !b.authOff {
		out.Settings.Auth = rules.AuthNone
	}
	return nil
}

func cfgPostfixYes(s string) bool {
	switch switchText := strings.ToLower(trimSpace(s)); {
	case slices.Contains([]string{"yes", "true", "1", "on"}, switchText):
		return true
	}
	return false
}

// cfgRelayhost splits "[host]:port" (or host:port, [host], host); many is
// true when several hosts are listed.
func cfgRelayhost(v string) (host string, port int, bracket, many bool) {
	v = trimSpace(v)
	if i := strings.IndexAny(v, ", \t"); i >= 0 {
		many = trimSpace(strings.Trim(v[i:], ", \t")) != ""
		v = v[:i]
	}
	rest := v
	if v != "" && v[0] == '[' {
		if rb := strings.IndexByte(v, ']'); rb > 0 {
			host, rest, bracket = v[1:rb], v[rb+1:], true
		}
	} else if c := strings.LastIndexByte(v, ':'); c >= 0 {
		host, rest = v[:c], v[c:]
	} else {
		host, rest = v, ""
	}
	if rest != "" && rest[0] == ':' {
		if n, err := strconv.Atoi(rest[1:]); err == nil && n > 0 && n < 65536 {
			port = n
		}
	}
	if len(host) > 5 && strings.EqualFold(host[:5], "ipv6:") {
		host = host[5:] // [ipv6:2001:db8::1]:587
	}
	if host == "" {
		host = v
	}
	return host, port, bracket, many
}

// cfgPHPMailerNames are the PHPMailer properties cfgParsePHPMailer reads,
// in the order of its fv array.
var cfgPHPMailerNames = [...]string{"Host", "Port", "SMTPSecure", "Mailer", "SMTPAutoTLS", "SMTPAuth", "Username", "Password", "AuthType"}

// WP Mail SMTP's wp-config.php constants, which it hands to PHPMailer.
var cfgWPMSKeys = map[string]string{
	"Host": "WPMS_SMTP_HOST", "Port": "WPMS_SMTP_PORT", "SMTPSecure": "WPMS_SSL",
	"SMTPAuth": "WPMS_SMTP_AUTH", "Username": "WPMS_SMTP_USER", "Password": "WPMS_SMTP_PASS",
	"SMTPAutoTLS": "WPMS_SMTP_AUTOTLS", "Mailer": "WPMS_MAILER",
}

func cfgIsWPMailSMTP(code *cfgCode) bool {
	return code.findKeyList("WPMS_SMTP_HOST|WPMS_SSL|WPMS_SMTP_PORT|WPMS_ON") != nil
}

// cfgPHPMailerFind finds a PHPMailer property, or its WP Mail SMTP constant.
func cfgPHPMailerFind(code *cfgCode, wp bool, name string) *cfgEntry {
	if wp {
		return code.findKey(cfgWPMSKeys[name])
	}
	return code.find(nil, name)
}

// cfgPostfixNames are the main.cf keys cfgParsePostfix reads, in the order of its kv array.
var cfgPostfixNames = [...]string{"relayhost", "smtp_tls_security_level", "smtp_enforce_tls", "smtp_use_tls", "smtp_tls_wrappermode", "smtp_sasl_auth_enable", "smtp_sasl_password_maps"}

// cfgRailsNames are the smtp_settings keys cfgParseRails reads, in the order of its rv array.
var cfgRailsNames = [...]string{"address", "port", "enable_starttls", "user_name", "tls", "ssl", "enable_starttls_auto", "password", "authentication"}

// cfgSmtpClientKeys are the properties cfgParseSmtpClient reads, in the
// order of its se array; in 1 leaves out those of Credentials.
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
}

// cfgSpringNames are the keys cfgParseJavaMail reads besides the
// mail.smtp.* properties, in the order of its sv array.
var cfgSpringNames = [...]string{
	"mail.transport.protocol|spring.mail.protocol|spring.mail.properties.mail.transport.protocol",
	"spring.mail.host",
	"spring.mail.port",
	"spring.mail.username|mail.user|username",
	"spring.mail.password|mail.password|password",
}

// cfgMailKitArgs are the Connect arguments cfgParseMailKit reads, by
// position and keyword, in the order of its av array.
var cfgMailKitArgs = [...]struct {
	n  uint8
	kw string
}{{0, "host"}, {1, "port"}, {2, "options"}, {2, "useSsl"}}
