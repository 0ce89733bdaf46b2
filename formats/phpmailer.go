package formats

import (
	"cmp"
	"strconv"
	"strings"

	"github.com/whichport/whichport/rules"
)

// PHPMailer is PHP code setting up PHPMailer ($mail->Host, ->SMTPSecure...),
// or the WPMS_* constants of the WP Mail SMTP plugin.
const PHPMailer Format = "phpmailer"

// phpMailerLibrary is the library's vocabulary (FACTS §5), declared here
// alone: rules' and diagnose's texts quote it through {phpmailer.word}
// slots (rules.LibraryText).
var phpMailerLibrary = rules.LibraryInfo{
	ID: rules.LibPHPMailer, Name: "PHPMailer", Implicit: "$mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS; (the value 'ssl')", StartTLS: "$mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS; (the value 'tls')",
	Trap: "The names 'ssl' and 'tls' mean connection modes (implicit TLS and STARTTLS), not protocol versions.",
	Forms: [3]string{
		"$mail->Host = '%h'; $mail->Port = %p; $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS; // 'ssl'",
		"$mail->Host = '%h'; $mail->Port = %p; $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS; // 'tls'",
		"$mail->Host = '%h'; $mail->Port = %p; $mail->SMTPSecure = ''; $mail->SMTPAutoTLS = false;",
	},
	Words: []rules.Word{
		{"debug", "SMTPDebug"},
		{"implicit-name", "ENCRYPTION_SMTPS"},
		{"starttls-name", "ENCRYPTION_STARTTLS"},
		{rules.WordFixWrongVersion, "PHPMailer: SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS ('tls') on 587; ENCRYPTION_SMTPS ('ssl') only with port 465."},
		{rules.WordFixNoGreeting, "PHPMailer: SMTPSecure = PHPMailer::ENCRYPTION_SMTPS ('ssl') for port 465."},
		{rules.WordFixNeedsStartTLS, "PHPMailer: SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS."},
	},
	Options: []string{"SMTPSecure", "ENCRYPTION_SMTPS", "ENCRYPTION_STARTTLS", "SMTPAutoTLS", "SMTPDebug"},
}

var phpMailerSpec = spec{
	name: PHPMailer,
	menu: 4,
	clues: []clue{
		{score: 86, any: []string{"PHPMailer", "->SMTPSecure", "->Host", "->isSMTP", "->SMTPAuth", "WPMS_SMTP_HOST", "WPMS_SSL"}},
	},
	input:   cfgReadCode,
	read:    cfgParsePHPMailer,
	rewrite: (*cfgRewriter).rewritePHPMailer,
}

var libPHPMailerSnippet = snippetWriter{
	lib: rules.LibPHPMailer, title: "PHP — PHPMailer", codeLang: langPHP,
	template: tmplPHPMailer,
}

func init() {
	rules.RegisterLibrary(&phpMailerLibrary)
	register(phpMailerSpec)
	registerSnippet(libPHPMailerSnippet)
}

// cfgParsePHPMailer reads $mail->Host = ...; assignments.
func cfgParsePHPMailer(out *Parsed, text string, code *cfgCode) error {
	b := &cfgBuild{code: code}
	wp, es := phpMailerEntries(code)
	var fv [len(es)]*cfgValue
	for k, e := range es {
		fv[k] = cfgVal(e)
	}
	hostV, portV, secV, mailerV := fv[0], fv[1], fv[2], fv[6]
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
			h = strings.ToLower(rules.TrimSpace(h))
			switch {
			case strings.HasPrefix(h, "ssl://"):
				secure, h = "ssl", h[6:]
			case strings.HasPrefix(h, "tls://"):
				secure, h = "tls", h[6:]
			}
			if c := strings.LastIndexByte(h, ':'); c >= 0 && !strings.Contains(h[:c], ":") {
				if n, err := strconv.Atoi(h[c+1:]); err == nil && n > 0 && n < 65536 {
					h, port = h[:c], n
				}
			}
			b.p.Settings.Host = h
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
	if on, known := b.boolOf(fv[4], "SMTPAutoTLS"); known {
		autoTLS = on
	}
	switch secure {
	case "ssl":
		b.p.Settings.Security = rules.SecurityImplicit
	case "tls":
		b.p.Settings.Security = rules.SecurityStartTLS
	case "?":
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
	authOn, authKnown := b.boolOf(fv[3], "SMTPAuth")
	b.authOff = authKnown && !authOn
	if !b.authOff {
		b.setUserIf(fv[5], "Username")
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

// cfgPHPMailerNames are the PHPMailer properties the reader looks at; the
// rewriter writes the first six in this order.
var cfgPHPMailerNames = [...]string{"Host", "Port", "SMTPSecure", "SMTPAuth", "SMTPAutoTLS", "Username", "Mailer", "Password", "AuthType"}

// WP Mail SMTP's wp-config.php constants for cfgPHPMailerNames, which it
// hands to PHPMailer ("" for AuthType, which it has none for).
var cfgWPMSKeys = [len(cfgPHPMailerNames)]string{"WPMS_SMTP_HOST", "WPMS_SMTP_PORT", "WPMS_SSL", "WPMS_SMTP_AUTH",
	"WPMS_SMTP_AUTOTLS", "WPMS_SMTP_USER", "WPMS_MAILER", "WPMS_SMTP_PASS", ""}

// phpMailerEntries finds the last entry of each of cfgPHPMailerNames:
// the PHPMailer properties or, in a wp-config.php (wp), their WP Mail
// SMTP constants.
func phpMailerEntries(code *cfgCode) (wp bool, es [len(cfgPHPMailerNames)]*cfgEntry) {
	wp = code.findKey("WPMS_SMTP_HOST", "WPMS_SSL", "WPMS_SMTP_PORT", "WPMS_ON") != nil
	for i, name := range cfgPHPMailerNames {
		if wp {
			es[i] = code.findKey(cfgWPMSKeys[i])
		} else {
			es[i] = code.find(nil, name)
		}
	}
	return wp, es
}

func (r *cfgRewriter) rewritePHPMailer() error {
	code, err := cfgWalk(r.src)
	if err != nil {
		return err
	}
	// The options, in the order they are written: the first six of
	// cfgPHPMailerNames. New ones go before the first of them found
	// (SMTPAutoTLS aside); SMTPAuth is never written, only a place.
	wp, all := phpMailerEntries(code)
	es := all[:6]
	hostE, secE := es[0], es[2]
	ref := cmp.Or(hostE, es[1], secE, es[3], es[5])
	if ref == nil {
		return rwErr("found no $mail-> settings to rewrite")
	}
	obj := "$mail"
	if d := strings.LastIndexByte(ref.key, '.'); d > 0 {
		obj = ref.key[:d]
	}
	// Host may carry "tls://" and ":587": write it plain and say the rest
	// with Port and SMTPSecure.
	hostCarries := hostE != nil && (containsAny(hostE.val.text, "://", ";") || strings.Count(hostE.val.text, ":") == 1) &&
		(r.hc || r.pc || r.sc)
	vals := [6]string{r.want.Host, r.wp, "", "", "false", r.fixed.Username}
	on := [6]bool{r.hc || hostCarries, r.pc || hostCarries, false, false, false, r.uc}
	constants := secE != nil && strings.Contains(secE.val.text, "ENCRYPTION_")
	prefix := "PHPMailer::"
	constant := ""
	if r.sc || hostCarries {
		if secE != nil {
			if i := strings.Index(r.src[secE.val.start:secE.val.end], "ENCRYPTION_"); i > 0 {
				prefix = r.src[secE.val.start : secE.val.start+i]
			}
		}
		switch {
		case r.implicit:
			on[2], vals[2], constant = true, "ssl", "ENCRYPTION_SMTPS"
		case r.starttls:
			on[2], vals[2], constant = true, "tls", "ENCRYPTION_STARTTLS"
		case r.none:
			on[2], on[4] = true, true
		}
	}
	for i, e := range es {
		if !on[i] {
			continue
		}
		key, val, isString := cfgPHPMailerNames[i], vals[i], i != 1 && i != 4
		if i == 2 && (constant == "" || constants || e != nil && e.val.kind != cfgValString) {
			// SMTPSecure as a PHPMailer constant when the text uses them,
			// else as a quoted string: '' for no TLS (with SMTPAutoTLS =
			// false), or in place of a value that is not a string.
			text := cfgQuote(val, r.q)
			if constants && constant != "" {
				text = prefix + constant
			}
			if e != nil {
				r.edit(e.val.start, e.val.end, text)
			}
			continue
		}
		if e != nil {
			r.setValue(&e.val, val, isString, true)
			continue
		}
		if isString {
			val = cfgQuote(val, r.q)
		}
		line := obj + "->" + key + " = " + val + ";"
		if wp {
			line = "define( " + cfgQuote(cfgWPMSKeys[i], r.q) + ", " + val + " );"
		}
		r.insertLineBefore(ref.start, line)
	}
	return nil
}

const tmplPHPMailer = `<?php
«header»
use PHPMailer\PHPMailer\PHPMailer;

require 'vendor/autoload.php';

$mail = new PHPMailer(true);
$mail->isSMTP();
$mail->Host = «host»;
$mail->Port = «port»;
?implicit // ENCRYPTION_SMTPS ('ssl') is implicit TLS; the names are modes, not TLS versions.
?implicit $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS;
?none $mail->SMTPSecure = '';
?none $mail->SMTPAutoTLS = false;
?starttls // ENCRYPTION_STARTTLS ('tls') is STARTTLS; the names are modes, not TLS versions.
?starttls $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;
?login $mail->SMTPAuth = true;
?login $mail->Username = «user»;
?login $mail->Password = getenv('SMTP_PASSWORD');
?nologin $mail->SMTPAuth = false;
$mail->setFrom(«from»);
$mail->addAddress('someone@example.com');
$mail->Subject = 'Test';
$mail->Body = 'It works.';
$mail->send();
`
