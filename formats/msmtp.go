package formats

import (
	"strconv"
	"strings"

	"github.com/whichport/whichport/rules"
)

var msmtpSpec = spec{
	name: Msmtp,
	menu: 13,
	clues: []clue{
		{score: 75, test: func(t string) bool {
			return cfgHasLineWord(t, "account") && cfgHasLineWord(t, "host") || cfgHasLineWord(t, "tls_starttls")
		}},
	},
	read:    cfgParseMsmtp,
	rewrite: (*cfgRewriter).rewriteMsmtp,
}

func init() {
	register(msmtpSpec)
}

// Msmtp is an msmtp configuration (~/.msmtprc): "defaults" and
// "account NAME" sections of "key value" lines.
const Msmtp Format = "msmtp"

// cfgMsmtp is an msmtprc read into the entries of the account in use
// (with the defaults section's under it).
type cfgMsmtp struct {
	code     *cfgCode
	account  string // the account in use
	hostE    *cfgEntry
	accounts []string // every account, in order
	spans    []Block  // where each account's section is, in the same order
	trailing bool     // a value had a trailing # comment, which msmtp rejects
	fellBack string   // the default account named, when it had no host
}

// cfgMsmtpLines reads every "key value" line; entry keys are
// "section.key" where section is "defaults" or the account name.
// want is the 1-based account to read; 0 reads the one msmtp uses by default.
func cfgMsmtpLines(src string, want int) (*cfgMsmtp, error) {
	var errLine int // the one error return is at fail
	var errMsg string
	m := &cfgMsmtp{code: &cfgCode{src: src}}
	section := "defaults"
	def := "" // the account "account default : NAME" names
	pos, lineNo := 0, 0
	for pos < len(src) {
		lineNo++
		lineStart := pos
		line, next := cfgLineAt(src, pos)
		pos = next
		trimmed := strings.TrimLeft(line, " \t")
		if trimmed == "" || trimmed[0] == '#' {
			continue
		}
		k := 0
		for k < len(trimmed) && trimmed[k] != ' ' && trimmed[k] != '\t' {
			k++
		}
		key := trimmed[:k]
		rest := trimmed[k:]
		val := strings.TrimLeft(rest, " \t")
		valOff := lineStart + (len(line) - len(trimmed)) + k + (len(rest) - len(val))
		val = strings.TrimRight(val, " \t")
		if key == "defaults" || key == "account" {
			if n := len(m.spans); n > 0 && m.spans[n-1].LastLine == 0 {
				m.spans[n-1].LastLine = lineNo - 1
			}
			if key == "defaults" {
				section = "defaults"
				continue
			}
			name, target, isAlias := strings.Cut(val, ":")
			name = rules.TrimSpace(name)
			if isAlias && name == "default" {
				def = rules.TrimSpace(target)
				continue
			}
			if name == "" {
				errLine, errMsg = lineNo, "account needs a name"
				goto fail
			}
			section = name
			m.accounts = append(m.accounts, name)
			bl := accountBlock(name, nil, Msmtp)
			bl.FirstLine = lineNo
			m.spans = append(m.spans, bl)
			continue
		}
		if !cfgIsMsmtpKey(key) {
			errLine, errMsg = lineNo, "expected a \"key value\" line here"
			goto fail
		}
		if len(val) > 0 && val[0] != '"' {
			h := strings.Index(val, " #")
			if h < 0 {
				h = strings.Index(val, "\t#")
			}
			if h >= 0 {
				val, m.trailing = strings.TrimRight(val[:h], " \t"), true
			}
		}
		v := cfgValue{kind: cfgValString, text: val, start: valOff, end: valOff + len(val), line: lineNo, call: -1}
		if len(val) >= 2 && val[0] == '"' && val[len(val)-1] == '"' {
			v.text, v.quote = val[1:len(val)-1], '"'
		}
		m.code.addLine(section+"."+key, &v, " ", lineStart, lineNo)
	}
	if n := len(m.spans); n > 0 && m.spans[n-1].LastLine == 0 {
		m.spans[n-1].LastLine = lineNo
	}
	switch {
	case want > 0 && want <= len(m.accounts):
		m.account = m.accounts[want-1]
	case def != "":
		m.account = def
	case m.code.findKey("default.host") != nil:
		m.account = "default"
	case len(m.accounts) > 0:
		m.account = m.accounts[0]
	default:
		m.account = "defaults"
	}
	m.hostE = m.get("host")
	if m.hostE == nil && want > 0 && want <= len(m.accounts) {
		errLine, errMsg = m.spans[want-1].FirstLine, "the account "+cfgSafeKey(m.account)+" has no host line"
		goto fail
	}
	if m.hostE == nil {
		// The default account cannot send; read the first one that can.
		for _, a := range m.accounts {
			if e := m.code.findKey(a + ".host"); e != nil {
				m.fellBack, m.account, m.hostE = m.account, a, e
				break
			}
		}
	}
	return m, nil
fail:
	return nil, &ParseError{Line: errLine, Msg: errMsg}
}

// accountBlock is the block of an msmtp account (in an msmtprc or in
// Nix), labelled with its name and, given its host line, its host.
func accountBlock(name string, host *cfgEntry, f Format) Block {
	key := cfgSafeKey(name)
	bl := Block{Name: "account " + key, Format: f, Label: key}
	if host != nil {
		bl.Label += ": " + cfgSafeHost(host.val.text)
	}
	return bl
}

func cfgIsMsmtpKey(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c == '_' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// get returns the account's value of key, else the defaults section's.
func (m *cfgMsmtp) get(key string) *cfgEntry {
	if e := m.code.findKey(m.account + "." + key); e != nil {
		return e
	}
	return m.code.findKey("defaults." + key)
}

func cfgMsmtpOn(e *cfgEntry) (on, set bool) {
	if e == nil {
		return false, false
	}
	switch strings.ToLower(e.val.text) {
	case "on", "":
		return true, true
	case "off":
		return false, true
	}
	return false, false
}

func cfgParseMsmtp(out *Parsed, text string, _ *cfgCode) error {
	m, err := cfgMsmtpLines(text, out.want)
	if err != nil {
		return err
	}
	b := &cfgBuild{code: m.code}
	if len(m.spans) > 1 {
		// Each account is a block the person can pick (ParseBlock).
		b.p.Blocks = m.spans
		for i, a := range m.accounts {
			if a == m.account && b.p.Block == 0 { // the first of two named alike
				b.p.Block = i + 1
			}
			b.p.Blocks[i].Label = accountBlock(a, m.code.findKey(a+".host"), Msmtp).Label
		}
	}
	var me [len(cfgMsmtpNames)]*cfgEntry
	for k, n := range cfgMsmtpNames {
		me[k] = m.get(n)
	}
	if m.hostE == nil {
		return &ParseError{Msg: "found no host line in the msmtp account"}
	}
	b.setHost(&m.hostE.val, "host")
	if m.trailing {
		b.note("a value has a # comment after it: msmtp does not allow that and rejects the file; put comments on lines of their own")
	}
	if m.fellBack != "" {
		b.note("the account " + cfgSafeKey(m.fellBack) + " msmtp uses by default has no host; read the account " + cfgSafeKey(m.account) + " instead (msmtp -a " + cfgSafeKey(m.account) + ")")
	}
	if len(m.accounts) > 1 {
		b.note("the file has " + strconv.Itoa(len(m.accounts)) + " accounts (" + strings.Join(m.accounts, ", ") + "); this is " + cfgSafeKey(m.account))
	}
	tls, _ := cfgMsmtpOn(me[0])
	starttls, set := cfgMsmtpOn(me[1])
	if !set {
		starttls = true
	}
	switch {
	case !tls:
		b.p.Settings.Security = rules.SecurityNone
	case starttls:
		b.p.Settings.Security = rules.SecurityStartTLS
	default:
		b.p.Settings.Security = rules.SecurityImplicit
	}
	b.setMsmtpPort(me[2])
	if on, set := cfgMsmtpOn(me[3]); set && !on {
		b.note("tls_certcheck off turns off certificate checks: anyone on the path can read the password")
	}
	if e := me[4]; e != nil {
		b.setUser(&e.val, "user")
	}
	if me[5] != nil || me[6] != nil {
		b.p.Settings.PasswordPresent = true
	}
	if e := me[7]; e != nil {
		switch strings.ToLower(e.val.text) {
		case "off":
			b.authOff = true
		case "oauthbearer", "xoauth2":
			b.oauth = true
		}
	}
	return b.done(rules.LibOther, rules.UseApplication, out)
}

// cfgMsmtpNames are the msmtp keys cfgParseMsmtp reads, in the order of its me array.
var cfgMsmtpNames = [...]string{"tls", "tls_starttls", "port", "tls_certcheck", "user", "password", "passwordeval", "auth"}

func (r *cfgRewriter) rewriteMsmtp() error {
	m, err := cfgMsmtpLines(r.src, r.before.want)
	if err != nil {
		return err
	}
	if m.hostE == nil {
		return rwErr("found no host line to rewrite")
	}
	ref := m.hostE
	// The values to write, in this order; "" leaves a key alone.
	keys := [5]string{"host", "port", "tls", "tls_starttls", "user"}
	var vals [5]string
	if r.hc {
		vals[0] = r.want.Host
	}
	if r.pc || r.sc && m.get("port") == nil && r.want.Port > 0 {
		// msmtp's default port follows the TLS mode: write it out.
		vals[1] = r.wp
	}
	if r.sc {
		switch {
		case r.none:
			vals[2] = "off"
		case r.starttls:
			vals[2] = "on"
			if e := m.get("tls_starttls"); e != nil {
				vals[3] = "on"
			}
		case r.implicit:
			vals[2], vals[3] = "on", "off"
		}
	}
	if r.uc {
		vals[4] = r.fixed.Username
	}
	for i, key := range keys {
		val := vals[i]
		if val == "" {
			continue
		}
		e := m.get(key)
		if e != nil && strings.EqualFold(e.val.text, val) {
			continue // already so, perhaps in defaults
		}
		if e != nil && (strings.HasPrefix(e.key, m.account+".") || m.account == "defaults") {
			r.edit(e.val.start, e.val.end, val)
			continue
		}
		// Missing, or only in defaults: add it to the account, aligned
		// like the host line.
		ls, _ := r.lineStart(ref.val.start)
		head := r.src[ls:ref.val.start]
		line := key + " " + val
		if k := strings.Index(head, "host"); k >= 0 {
			pad := len(head) - k - len(key)
			if pad < 1 {
				pad = 1
			}
			line = head[:k] + key + strings.Repeat(" ", pad) + val
		}
		r.insertLineAfter(ref.val.end, line)
	}
	return nil
}

// setMsmtpPort sets the port from msmtp's port line e or, without one, to
// msmtp's default for the security already set: 465 for TLS without
// STARTTLS, 25 otherwise. The msmtprc and Nix readers share it.
func (b *cfgBuild) setMsmtpPort(e *cfgEntry) {
	switch {
	case e != nil:
		b.setPort(&e.val, "port")
	case b.p.Settings.Security == rules.SecurityImplicit:
		b.p.Settings.Port = 465
		b.note("port is not set: msmtp uses 465 for TLS without STARTTLS")
	default:
		b.p.Settings.Port = 25
		b.note("port is not set: msmtp uses 25")
	}
}
