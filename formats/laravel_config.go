package formats

import (
	"strconv"
	"strings"

	"github.com/whichport/whichport/rules"
)

// LaravelConfig is Laravel's config/mail.php (also Lumen's): the smtp
// mailer's 'host' => env('MAIL_HOST', 'smtp.mailgun.org') and so on, each
// an environment variable with the default written next to it. Laravel 9
// and later send with Symfony Mailer (implicit TLS on port 465 or with
// scheme smtps, STARTTLS when offered otherwise); older versions with
// SwiftMailer, where encryption 'ssl' is implicit TLS, 'tls' STARTTLS and
// an empty encryption none. Source: laravel/framework
// src/Illuminate/Mail/MailManager.php createSmtpTransport.
const LaravelConfig Format = "laravel-config"

var laravelConfigSpec = spec{
	name: LaravelConfig,
	menu: 20,
	clues: []clue{
		{score: 83, any: []string{"env('MAIL_", `env("MAIL_`}, and: []string{"=>"}},
		{score: 58, any: []string{"'encryption' =>", `"encryption" =>`}, and: []string{"'host' =>", `"host" =>`}},
	},
	input:   cfgReadCode,
	read:    cfgParseLaravelConfig,
	rewrite: (*cfgRewriter).rewriteLaravelConfig,
}

func init() {
	register(laravelConfigSpec)
}

// cfgLaravelConfigKeys: host, port, username, password, encryption, scheme, driver.
var cfgLaravelConfigKeys = [...][]string{{"host"}, {"port"}, {"username"}, {"password"}, {"encryption"}, {"scheme"}, {"driver", "transport", "default"}}

// cfgLaravelSMTP returns the entries of config/mail.php's smtp mailer: the
// ones inside 'smtp' => [...] when there is such a block, else all.
func cfgLaravelSMTP(code *cfgCode) (es [len(cfgLaravelConfigKeys)]*cfgEntry) {
	from, to := -1, len(code.src)+1 // the entries read start between the two
	if blk := code.findKey("smtp"); blk != nil && (blk.val.kind == cfgValList || blk.val.kind == cfgValObject) {
		from, to = blk.val.start, cfgBracketEnd(code.src, blk.val.start)
	}
	for i, k := range cfgLaravelConfigKeys {
		for j := len(code.entries) - 1; j >= 0; j-- {
			e := &code.entries[j]
			if e.start <= from || e.start >= to {
				continue
			}
			for _, n := range k {
				if strings.EqualFold(e.key, n) && es[i] == nil {
					es[i] = e
				}
			}
		}
	}
	return es
}

func cfgParseLaravelConfig(out *Parsed, text string, code *cfgCode) error {
	b := &cfgBuild{code: code}
	es := cfgLaravelSMTP(code)
	if es[0] == nil && es[1] == nil {
		return &ParseError{Msg: "found no 'host' => or 'port' => of a mailer"}
	}
	if e := es[6]; e != nil {
		if d, ok := b.str(&e.val, "the mailer"); ok && !strings.EqualFold(d, "smtp") {
			b.note("the mailer is " + cfgSafeKey(d) + ", not smtp, unless MAIL_MAILER (or MAIL_DRIVER) says smtp")
		}
	}
	if es[0] != nil {
		b.setHost(&es[0].val, "MAIL_HOST")
	}
	if es[1] != nil {
		b.setPort(&es[1].val, "MAIL_PORT")
	}
	if es[2] != nil {
		b.setUser(&es[2].val, "MAIL_USERNAME")
	}
	b.setPassword(cfgVal(es[3]))
	enc, scheme := "", ""
	encSet := false
	if e := es[4]; e != nil {
		if s, ok := b.str(&e.val, laravelEncryption); ok {
			enc, encSet = strings.ToLower(rules.TrimSpace(s)), true
		}
	}
	if e := es[5]; e != nil {
		if s, ok := b.str(&e.val, laravelScheme); ok {
			scheme = strings.ToLower(rules.TrimSpace(s))
		}
	}
	port := b.p.Settings.Port
	switch {
	case scheme == "smtps" || port == 465 || enc == "ssl":
		b.p.Settings.Security = rules.SecurityImplicit
		if enc == "ssl" && port != 465 && port != 0 {
			b.note("encryption 'ssl' on port " + strconv.Itoa(port) + ": implicit TLS with Laravel 8 and older (SwiftMailer); Laravel 9 and later ignore it there and use STARTTLS when offered")
		}
	case enc == "tls" || scheme == "smtp" || !encSet:
		b.p.Settings.Security = rules.SecurityStartTLS
	default:
		b.p.Settings.Security = rules.SecurityNone
		b.note("no encryption: Laravel 8 and older send in clear; Laravel 9 and later still use STARTTLS when the server offers it")
	}
	return b.done(rules.LibLaravel, rules.UseApplication, out)
}

func (r *cfgRewriter) rewriteLaravelConfig() error {
	code, err := cfgWalk(r.src)
	if err != nil {
		return err
	}
	if r.sc && r.starttls && r.want.Port == 465 {
		return rwErr("Laravel always uses implicit TLS on port 465; STARTTLS needs another port such as 587")
	}
	es := cfgLaravelSMTP(code)
	var anchor *cfgEntry
	for _, e := range es[:5] {
		if e != nil && (anchor == nil || e.start > anchor.start) {
			anchor = e
		}
	}
	// The defaults written next to env() are what change: the variable
	// keeps winning when it is set, as the person intended.
	type change struct {
		i   int
		val string
		on  bool
		q   bool
	}
	enc := bySecurity(r.want.Security, "ssl", "tls", "")
	for _, c := range []change{
		{0, r.want.Host, r.hc, true},
		{1, r.wp, r.pc, false},
		{2, r.fixed.Username, r.uc, true},
		{4, enc, r.sc && (es[4] != nil || !r.starttls), true},
	} {
		if !c.on {
			continue
		}
		if e := es[c.i]; e != nil && (e.val.kind == cfgValCall || e.val.kind == cfgValExpr) && e.val.fallback == nil {
			if e.val.call < 0 || !r.callArgInsert(&code.calls[e.val.call], cfgQuote(c.val, r.q)) {
				return rwErr("could not add a default to " + cfgLaravelConfigKeys[c.i][0] + "; change it by hand")
			}
			continue
		}
		key := cfgLaravelConfigKeys[c.i][0]
		if err := r.setKey(es[c.i], anchor, key, c.val, c.q); err != nil {
			return err
		}
	}
	return nil
}

// cfgBracketEnd returns the position of the bracket closing the one at
// open (quotes skipped), or the end of src when it is never closed.
func cfgBracketEnd(src string, open int) int {
	depth := 0
	var q byte
	for i := open; i < len(src); i++ {
		c := src[i]
		switch {
		case q != 0:
			if c == '\\' {
				i++
			} else if c == q {
				q = 0
			}
		case c == '"' || c == '\'':
			q = c
		case c == '[' || c == '{' || c == '(':
			depth++
		case c == ']' || c == '}' || c == ')':
			if depth--; depth == 0 {
				return i
			}
		}
	}
	return len(src)
}
