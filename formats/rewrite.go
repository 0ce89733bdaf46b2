package formats

// Rewrite gives a person's own pasted configuration back with the fixed
// host, port, TLS mode and user name written in that library's own option
// names. Everything else (the password, comments, other keys, indentation)
// is left byte for byte as it was. Values are replaced where they are
// written; an option that is missing is added next to the others.

import (
	"slices"
	"strconv"
	"strings"

	"github.com/whichport/whichport/rules"
)

// Rewrite gives the person's own pasted text back in its own format with
// the settings in fixed applied (host, port, security, username). Zero
// fields of fixed are left as they are. It returns a *ParseError when the
// text cannot be read, or when the format cannot express the settings
// (System.Net.Mail.SmtpClient has no implicit TLS, for instance).
func Rewrite(text string, fixed rules.Settings) (string, error) {
	if err := cfgCheckInput(text); err != nil {
		return "", err
	}
	bom := ""
	if strings.HasPrefix(text, "\ufeff") {
		bom, text = "\ufeff", text[len("\ufeff"):]
	}
	f := DetectFormat(text)
	if f == "" {
		return "", rwErr("could not tell what kind of settings this is, so it cannot be rewritten")
	}
	before, err := ParseAs(text, f)
	if err != nil {
		return "", err
	}
	msg := ""
	switch {
	case fixed.Host != "" && !cfgValidHost(fixed.Host):
		msg = "the new host name is not a valid host name"
	case fixed.Port < 0 || fixed.Port > 65535:
		msg = "the new port is not a number between 1 and 65535"
	case strings.ContainsAny(fixed.Username, "\r\n\x00"):
		msg = "the new user name has a line break in it"
	}
	want := fixed
	if want.Host == "" {
		want.Host = before.Settings.Host
	}
	if want.Port == 0 {
		want.Port = before.Settings.Port
	}
	if want.Security == rules.SecurityUnset {
		want.Security = before.Settings.Security
	}
	r := &cfgRewriter{src: text, before: before, want: want, fixed: fixed, nl: "\n"}
	if strings.Contains(text, "\r\n") {
		r.nl = "\r\n"
	}
	r.hc = fixed.Host != "" && !strings.EqualFold(fixed.Host, before.Settings.Host)
	r.pc = fixed.Port != 0 && fixed.Port != before.Settings.Port
	r.sc = fixed.Security != rules.SecurityUnset && fixed.Security != before.Settings.Security
	r.uc = fixed.Username != "" && fixed.Username != before.Settings.Username
	out := text
	if msg == "" && (r.hc || r.pc || r.sc || r.uc) {
		// the quote character the text uses most
		r.q = '"'
		if strings.Count(text, "'") > strings.Count(text, "\"") {
			r.q = '\''
		}
		r.wp = strconv.Itoa(want.Port)
		r.none, r.starttls, r.implicit = want.Security == rules.SecurityNone, want.Security == rules.SecurityStartTLS, want.Security == rules.SecurityImplicit
		if err := r.run(f); err != nil {
			return "", err
		}
		out = r.apply()
		// The result must read back as asked; anything else is a bug or a
		// combination the format cannot say, and is reported as such.
		if DetectFormat(out) != f {
			msg = "the rewritten text would no longer be recognised as " + string(f) + "; edit it by hand"
		} else if after, err := ParseAs(out, f); err != nil {
			msg = "the rewritten text could not be read back (" + err.Error() + ")"
		} else if fixed.Host != "" && !strings.EqualFold(after.Settings.Host, fixed.Host) ||
			fixed.Port != 0 && after.Settings.Port != fixed.Port ||
			fixed.Security != rules.SecurityUnset && after.Settings.Security != fixed.Security {
			msg = "this " + string(f) + " text cannot be rewritten to " + cfgDescribeSettings(fixed) + " without changing more than host, port, TLS mode and user"
		} else if fixed.Username != "" && before.Settings.Username != "" && after.Settings.Username != fixed.Username {
			msg = "the user name in this " + string(f) + " text could not be replaced; change it by hand"
		}
	}
	if msg != "" {
		return "", rwErr(msg)
	}
	return bom + out, nil
}

// cfgValidHost accepts host names and IP addresses, nothing that could
// break out of a quoted string or a line.
func cfgValidHost(h string) bool {
	if len(h) > 253 {
		return false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == ':' || c == '_' || c == '%') {
			return false
		}
	}
	return true
}

// rwContainsOne says whether s holds one of the "|" separated strings.
func rwContainsOne(s, list string) bool {
	for {
		i := 0
		for i < len(list) && list[i] != '|' {
			i++
		}
		if strings.Contains(s, list[:i]) {
			return true
		}
		if i == len(list) {
			return false
		}
		list = list[i+1:]
	}
}

// rwErr is a *ParseError saying msg.
func rwErr(msg string) error {
	return &ParseError{Msg: msg}
}

// cfgEdit replaces src[start:end] with text.
type cfgEdit struct {
	start, end int
	text       string
	seq        int
}

type cfgRewriter struct {
	src    string
	before Parsed
	want   rules.Settings // what the result must say: fixed, with zero fields filled from before
	fixed  rules.Settings
	nl     string
	edits  []cfgEdit
	// symfony is set for a Symfony Mailer DSN, which says "no TLS" with
	// auto_tls=false rather than nodemailer's ignoreTLS=true.
	symfony bool
	// host, port, security and user changed
	hc, pc, sc, uc bool
	q              byte   // the quote character the text uses most
	wp             string // want.Port written out
	// want.Security is none, starttls or implicit
	none, starttls, implicit bool
	// rewriteKeys: new lines go after anchor; python is settings.py
	anchor *cfgEntry
	python bool
}

func (r *cfgRewriter) edit(start, end int, text string) {
	if start < 0 || end < start || end > len(r.src) {
		return
	}
	r.edits = append(r.edits, cfgEdit{start: start, end: end, text: text, seq: len(r.edits)})
}

func (r *cfgRewriter) apply() string {
	// Insertion sort by position, then by order of making: a handful of
	// edits, and no sort package in the browser module.
	edits := r.edits
	for i := 1; i < len(edits); i++ {
		for j := i; j > 0; j-- {
			a, b := &edits[j-1], &edits[j]
			// At one position, insertions go before a replacement.
			aIns, bIns := a.start == a.end, b.start == b.end
			if a.start < b.start || a.start == b.start && (aIns && !bIns || aIns == bIns && a.seq < b.seq) {
				break
			}
			*a, *b = *b, *a
		}
	}
	var b strings.Builder
	pos := 0
	for i := range edits {
		e := &edits[i]
		if e.start < pos {
			continue // overlaps an earlier edit
		}
		b.WriteString(r.src[pos:e.start])
		b.WriteString(e.text)
		pos = e.end
	}
	b.WriteString(r.src[pos:])
	return b.String()
}

// lineStart returns the start of the line holding pos, and its indentation.
func (r *cfgRewriter) lineStart(pos int) (int, string) {
	if pos > len(r.src) {
		pos = len(r.src)
	}
	ls := strings.LastIndexByte(r.src[:pos], '\n') + 1
	i := ls
	for i < len(r.src) && (r.src[i] == ' ' || r.src[i] == '\t') {
		i++
	}
	return ls, r.src[ls:i]
}

// lineAfter returns the position just after the line holding pos (after
// its newline), and whether the line had a newline.
func (r *cfgRewriter) lineAfter(pos int) (int, bool) {
	if pos > len(r.src) {
		pos = len(r.src)
	}
	nl := strings.IndexByte(r.src[pos:], '\n')
	if nl < 0 {
		return len(r.src), false
	}
	return pos + nl + 1, true
}

// insertLineAfter adds a whole line after the line holding pos.
func (r *cfgRewriter) insertLineAfter(pos int, line string) {
	at, had := r.lineAfter(pos)
	if had {
		line += r.nl
	} else {
		line = r.nl + line
	}
	r.edit(at, at, line)
}

// insertLineBefore adds a whole line, indented like the line holding pos,
// before it.
func (r *cfgRewriter) insertLineBefore(pos int, line string) {
	ls, indent := r.lineStart(pos)
	r.edit(ls, ls, indent+line+r.nl)
}

// deleteEntry removes one "key: value," entry, and its line when the line
// holds nothing else.
func (r *cfgRewriter) deleteEntry(e *cfgEntry) {
	end := e.val.end
	j := end
	for j < len(r.src) && (r.src[j] == ' ' || r.src[j] == '\t') {
		j++
	}
	if j < len(r.src) && (r.src[j] == ',' || r.src[j] == ';') {
		j++
		end = j
	}
	ls, indent := r.lineStart(e.start)
	rest := end
	for rest < len(r.src) && (r.src[rest] == ' ' || r.src[rest] == '\t') {
		rest++
	}
	start := e.start
	if ls+len(indent) == e.start && (rest == len(r.src) || r.src[rest] == '\n' || r.src[rest] == '\r') {
		after, _ := r.lineAfter(rest)
		start, end = ls, after
	} else {
		for end < len(r.src) && r.src[end] == ' ' {
			end++
		}
	}
	r.edit(start, end, "")
}

// cfgQuote writes s as a string literal with quote q.
func cfgQuote(s string, q byte) string {
	if q == 0 {
		return s
	}
	var b strings.Builder
	b.WriteByte(q)
	for i := 0; i < len(s); i++ {
		if s[i] == q || s[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte(q)
	return b.String()
}

// setValue replaces a value, keeping its kind of quoting. A value read
// from the environment with a default gets its default replaced; one
// without a default is replaced whole when force is set.
func (r *cfgRewriter) setValue(v *cfgValue, text string, isString bool, force bool) {
	if v == nil {
		return
	}
	target := v
	if v.kind == cfgValExpr || v.kind == cfgValCall {
		if v.fallback != nil {
			target = v.fallback
		} else if !force {
			return
		}
	}
	switch {
	case target.quote != 0:
		text = cfgQuote(text, target.quote)
	case isString && target.kind != cfgValString:
		text = cfgQuote(text, r.q)
	case target.kind == cfgValString && strings.ContainsAny(text, " \t#\"'`$\\"):
		// An unquoted .env value: quote what a shell or dotenv would split.
		text = cfgQuote(text, '"')
	}
	r.edit(target.start, target.end, text)
}

// rwFormats numbers the formats for run's switch.
var rwFormats = [...]Format{FormatURL, FormatEnv, FormatDjango, FormatNodemailer, FormatSmtplib, FormatPHPMailer,
	FormatJavaMail, FormatRails, FormatSmtpClient, FormatMailKit, FormatPostfix, FormatAutoconfig, FormatGoNetSMTP, FormatMsmtp}

// rwRewriters are the rewriters of rwFormats[3:].
var rwRewriters = [...]func(*cfgRewriter) error{(*cfgRewriter).rewriteNodemailer, (*cfgRewriter).rewriteSmtplib,
	(*cfgRewriter).rewritePHPMailer, (*cfgRewriter).rewriteJavaMail, (*cfgRewriter).rewriteRails,
	(*cfgRewriter).rewriteSmtpClient, (*cfgRewriter).rewriteMailKit, (*cfgRewriter).rewritePostfix,
	(*cfgRewriter).rewriteAutoconfig, (*cfgRewriter).rewriteGoNetSMTP, (*cfgRewriter).rewriteMsmtp}

func (r *cfgRewriter) run(f Format) error {
	i := 0
	for i < len(rwFormats) && rwFormats[i] != f {
		i++
	}
	switch i {
	case 0:
		s, e, line := cfgURLBounds(r.src)
		return r.rewriteURL(s, e, line, true)
	case 1, 2:
		var code *cfgCode
		var err error
		if i == 1 {
			code, err = cfgLines(r.src, cfgLinesEnv)
		} else {
			code, err = cfgWalk(r.src)
		}
		if err != nil {
			return err
		}
		return r.rewriteKeys(code, f)
	case 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13:
		return rwRewriters[i-3](r)
	}
	return rwErr("this format cannot be rewritten")
}

// rewriteURL edits an SMTP URL in place: scheme, user, host, port and the
// TLS query parameters.
func (r *cfgRewriter) rewriteURL(start, end, line int, bare bool) error {
	u, err := cfgParseURLMode(r.src, start, end, line, bare)
	if err != nil {
		return err
	}
	if r.symfony && r.starttls && r.want.Port == 465 {
		return rwErr("Symfony Mailer always uses implicit TLS on port 465; STARTTLS needs another port such as 587")
	}
	secDirty := r.sc || r.pc
	implicit := r.implicit
	if u.bare && secDirty && r.want.Security != rules.SecurityUnset {
		// host:port gains a scheme, before any user@ added below.
		r.edit(u.schemeStart, u.schemeStart, pickString(implicit, "smtps://", "smtp://"))
	}
	if r.uc {
		enc := cfgPercentEncode(r.fixed.Username)
		if u.hasUser || u.hasPass {
			r.edit(u.userStart, u.userEnd, enc)
		} else {
			r.edit(u.hostStart, u.hostStart, enc+"@")
		}
	}
	if r.hc {
		h := r.fixed.Host
		if strings.Contains(h, ":") {
			h = "[" + h + "]"
		}
		r.edit(u.hostStart, u.hostEnd, h)
	}
	if r.pc || u.port == 0 && secDirty && r.want.Port > 0 {
		r.edit(u.hostEnd, u.portEnd, ":"+r.wp)
	}
	if !secDirty {
		return nil
	}
	scheme := pickString(strings.HasPrefix(u.scheme, "submission"), "submission", "smtp")
	if implicit {
		scheme += "s"
	}
	if !u.bare && scheme != u.scheme {
		r.edit(u.schemeStart, u.schemeEnd, scheme)
	}
	// Drop every TLS parameter that says something else, keep the rest.
	keep := "" // "&p" for each parameter kept
	changed := false
	for i := range u.query {
		q := &u.query[i]
		switch {
		case slices.Contains([]string{"secure", "ssl", "implicit_tls", "ignoretls", "tls", "encryption", "starttls", "auto_tls"}, q.key):
			changed = true
			continue
		case q.key == "requiretls":
			if !r.starttls {
				changed = true
				continue
			}
		}
		keep += "&" + r.src[q.start:q.end]
	}
	if r.none {
		keep += pickString(r.symfony, "&auto_tls=false", "&ignoreTLS=true")
		changed = true
	}
	if !changed {
		return nil
	}
	q := ""
	if keep != "" {
		q = "?" + keep[1:]
	}
	if u.queryStart >= 0 {
		end := u.end
		if h := strings.IndexByte(r.src[u.queryStart:u.end], '#'); h >= 0 {
			end = u.queryStart + h
		}
		r.edit(u.queryStart, end, q)
	} else {
		r.edit(u.portEnd, u.portEnd, q)
	}
	return nil
}

// entryInsert adds "key: value" before an entry of the same object,
// written the way that entry is written (quoted key, :symbol =>, key =).
func (r *cfgRewriter) entryInsert(ref *cfgEntry, key, val string) {
	k := key
	switch {
	case ref.quotedKey != 0 && ref.sep != "put":
		k = cfgQuote(key, ref.quotedKey)
	case ref.symbolKey:
		k = ":" + key
	}
	sep := ": "
	switch ref.sep {
	case "=>":
		sep = " => "
	case "=":
		sep = " = "
	}
	tail := ", "
	if ls, indent := r.lineStart(ref.start); ls+len(indent) == ref.start {
		tail = "," + r.nl + indent
	}
	r.edit(ref.start, ref.start, k+sep+val+tail)
}

// rwKeyNames are one family's mail keys: the host, port and user keys a
// new line is written with, the "|" lists each is looked up by, the keys
// after which new lines go when there is no host key, and the TLS keys.
type rwKeyNames struct {
	keys, lists [3]string
	anchor      string
	tls, ssl    string
}

var rwKeyFamilies = [...]rwKeyNames{
	{[3]string{"EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER"}, [3]string{"EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER"},
		"EMAIL_PORT|EMAIL_USE_TLS|EMAIL_USE_SSL|EMAIL_HOST_USER", "EMAIL_USE_TLS", "EMAIL_USE_SSL"},
	{[3]string{"MAIL_SERVER", "MAIL_PORT", "MAIL_USERNAME"}, [3]string{"MAIL_SERVER", "MAIL_PORT", "MAIL_USERNAME"},
		"MAIL_PORT|MAIL_USE_TLS|MAIL_USE_SSL|MAIL_USERNAME", "MAIL_USE_TLS", "MAIL_USE_SSL"},
	{[3]string{"MAIL_HOST", "MAIL_PORT", "MAIL_USERNAME"}, [3]string{"MAIL_HOST", "MAIL_PORT", "MAIL_USERNAME"},
		"MAIL_MAILER|MAIL_PORT|MAIL_USERNAME", "", ""},
	{[3]string{"SMTP_HOST", "SMTP_PORT", "SMTP_USER"}, [3]string{
		"SMTP_HOST|SMTP_SERVER|SMTP_HOSTNAME|SMTP_ADDRESS|EMAIL_SERVER_HOST|EMAIL_SMTP_HOST|MAIL_SMTP_HOST",
		"SMTP_PORT|EMAIL_SERVER_PORT|EMAIL_SMTP_PORT|MAIL_SMTP_PORT",
		"SMTP_USER|SMTP_USERNAME|SMTP_LOGIN|SMTP_AUTH_USER|EMAIL_SERVER_USER|SMTP_FROM_USER"},
		"SMTP_PORT|SMTP_USER|SMTP_SECURE", "", ""},
}

// rwFindKeys is code.findKey for a "|" list of names.
func rwFindKeys(code *cfgCode, list string) *cfgEntry {
	for i := len(code.entries) - 1; i >= 0; i-- {
		e := &code.entries[i]
		l := list
		for {
			j := 0
			for j < len(l) && l[j] != '|' {
				j++
			}
			if strings.EqualFold(e.key, l[:j]) {
				return e
			}
			if j == len(l) {
				break
			}
			l = l[j+1:]
		}
	}
	return nil
}

// keySet sets an env or settings.py key, or writes a new KEY=value line
// after the anchor line (or at the end) in the file's own style.
// kind is 0 for a number or boolean, 1 for a string, 2 for the user name
// (which, read from the environment, stays so).
func (r *cfgRewriter) keySet(e *cfgEntry, key, val string, kind byte) {
	anchor, python := r.anchor, r.python
	isString := kind != 0
	if e != nil {
		r.setValue(&e.val, val, isString && python, kind != 2)
		return
	}
	if python && isString {
		val = cfgQuote(val, r.q)
	}
	line := key + pickString(python, " = ", "=") + val
	if anchor == nil {
		r.edit(len(r.src), len(r.src), r.nl+line+r.nl)
		return
	}
	// Write the new key the way the anchor line is written:
	// its indentation, "export " or "- ", and "=", " = " or ": ".
	ls, _ := r.lineStart(anchor.val.start)
	head := r.src[ls:anchor.val.start]
	if k := strings.Index(head, anchor.key); k >= 0 {
		line = head[:k] + key + head[k+len(anchor.key):] + val
	}
	r.insertLineAfter(anchor.val.end, line)
}

// rewriteKeys handles env files and settings.py: Laravel, Django, Flask,
// generic SMTP_* and *_URL keys.
func (r *cfgRewriter) rewriteKeys(code *cfgCode, f Format) error {
	fam := cfgFamily(code)
	python := f == FormatDjango
	var n *rwKeyNames
	switch fam {
	case cfgFamilyURL:
		e := cfgURLEntry(code)
		s, end := cfgURLSpan(e)
		k := strings.ToUpper(e.key)
		r.symfony = k == "MAILER_DSN" || k == "MAIL_URL"
		return r.rewriteURL(s, end, e.line, false)
	case cfgFamilyDjango:
		n = &rwKeyFamilies[0]
	case cfgFamilyFlask:
		n = &rwKeyFamilies[1]
	case cfgFamilyLaravel:
		n = &rwKeyFamilies[2]
	case cfgFamilyGeneric:
		n = &rwKeyFamilies[3]
	default:
		return rwErr("found no mail settings to rewrite")
	}
	// New lines go after the host line, or the first mail key.
	anchor := rwFindKeys(code, n.lists[0])
	if anchor == nil {
		anchor = rwFindKeys(code, n.anchor)
	}
	r.anchor, r.python = anchor, python
	vals, on := [3]string{r.fixed.Host, r.wp, r.fixed.Username}, [3]bool{r.hc, r.pc, r.uc}
	for j := range n.lists {
		if on[j] {
			r.keySet(rwFindKeys(code, n.lists[j]), n.keys[j], vals[j], [3]byte{1, 0, 2}[j])
		}
	}
	switch fam {
	case cfgFamilyDjango, cfgFamilyFlask:
		if r.sc {
			// EMAIL_USE_TLS says STARTTLS, EMAIL_USE_SSL implicit TLS.
			for j, key := range [2]string{n.tls, n.ssl} {
				want := r.implicit
				if j == 0 {
					want = r.starttls
				}
				if e := rwFindKeys(code, key); e != nil || want {
					r.keySet(e, key, pickString(want, "True", "False"), 0)
				}
			}
		}
	case cfgFamilyLaravel:
		if r.sc || r.pc {
			msg := "Laravel's mail settings cannot turn TLS off: it uses STARTTLS whenever the server offers it"
			if r.starttls && r.want.Port == 465 {
				msg = "Laravel always uses implicit TLS on port 465; STARTTLS needs another port such as 587"
			}
			if r.none || r.starttls && r.want.Port == 465 {
				return rwErr(msg)
			}
			scheme, enc := code.findKey("MAIL_SCHEME"), code.findKey("MAIL_ENCRYPTION")
			implicit := r.implicit
			if scheme != nil || implicit && r.want.Port != 465 {
				r.keySet(scheme, "MAIL_SCHEME", pickString(implicit, "smtps", "smtp"), 1)
			}
			if enc != nil && !strings.EqualFold(enc.val.text, "null") {
				r.keySet(enc, "MAIL_ENCRYPTION", pickString(implicit, "ssl", "tls"), 1)
			}
		}
	default:
		if r.sc {
			e := rwFindKeys(code, "SMTP_SECURE|SMTP_SSL|SMTP_USE_SSL|SMTP_TLS|SMTP_USE_TLS|SMTP_STARTTLS|SMTP_ENCRYPTION|SMTP_SECURITY|EMAIL_SERVER_SECURE")
			val, ok := cfgGenericWrite(e, r.want.Security)
			if !ok {
				return rwErr("SMTP_SECURE can only say implicit TLS (true) or STARTTLS (false)")
			}
			key := "SMTP_SECURE"
			if e != nil {
				key = e.key
			}
			r.keySet(e, key, val, 1)
		}
	}
	return nil
}

// cfgGenericWrite picks the value of a generic security key for sec, in
// the style the key already uses.
func cfgGenericWrite(e *cfgEntry, sec rules.Security) (string, bool) {
	key, old := "SMTP_SECURE", ""
	if e != nil {
		key, old = strings.ToUpper(e.key), strings.ToLower(e.val.text)
	}
	if slices.Contains([]string{"ssl", "tls", "starttls", "none", "smtps", "implicit", "plain"}, old) || containsAny(key, "ENCRYPTION", "SECURITY") {
		return bySecurity(sec, "ssl", "tls", "none"), true
	}
	v := ""
	switch {
	case containsAny(key, "SECURE", "SSL"):
		v = bySecurity(sec, "true", "false", "")
	case strings.Contains(key, "TLS"):
		v = bySecurity(sec, "", "true", "false")
	}
	return v, v != ""
}

// rwOp is one option a rewrite sets: entry e (nil when missing) to val.
type rwOp struct {
	e        *cfgEntry
	key, val string
	isString bool
}

// nodemailerSet sets one transport option, or adds it next to ref.
func (r *cfgRewriter) nodemailerSet(code *cfgCode, yaml *cfgYAML, ref *cfgEntry, op *rwOp) error {
	e, key, val, isString := op.e, op.key, op.val, op.isString
	if e != nil {
		text := val
		switch {
		case yaml != nil:
			// YAML: plain scalars.
			text = cfgQuote(val, e.val.quote)
		case e.shorthand:
			// { host } names a variable: change the variable when it
			// holds a literal, else spell the property out.
			if l := code.resolve(&e.val); l != nil && l.start != e.val.start {
				if !isString && l.kind == cfgValString {
					r.edit(l.start, l.end, val)
				} else {
					r.setValue(l, val, isString, true)
				}
				return nil
			}
			if isString {
				text = cfgQuote(val, r.q)
			}
			text = e.key + ": " + text
		case !isString && e.val.kind == cfgValString:
			// secure: 'false' is true in JavaScript: write a real boolean.
		default:
			r.setValue(&e.val, val, isString, true)
			return nil
		}
		r.edit(e.val.start, e.val.end, text)
		return nil
	}
	if yaml != nil {
		// YAML: new keys next to the reference's.
		path := key
		if ref != nil {
			if d := strings.LastIndexByte(ref.path, '.'); d >= 0 {
				path = ref.path[:d+1] + key
			}
		}
		yaml.insert(r, path, val)
		return nil
	}
	if ref == nil {
		return rwErr("found no transport options to add " + key + " to")
	}
	if isString {
		q := r.q
		if ref.quotedKey != 0 {
			q = ref.quotedKey
		}
		val = cfgQuote(val, q)
	}
	r.entryInsert(ref, key, val)
	return nil
}

func (r *cfgRewriter) rewriteNodemailer() error {
	code, yaml, err := cfgNodemailerCode(r.src)
	if err != nil {
		return err
	}
	top, auth, _ := cfgNodemailerScope(code)
	// The transport options; the first four, in order, are where new
	// ones go.
	var found [7]*cfgEntry
	var ref *cfgEntry
	for i, n := range [...]string{"host", "port", "secure", "auth", "url", "service", "ignoreTLS"} {
		found[i] = code.find(top, n)
		if ref == nil && i < 4 {
			ref = found[i]
		}
	}
	host := found[0]
	var urlVal *cfgValue
	for _, ci := range code.callsNamed("createTransport", "createTransporter") {
		if a := code.arg(ci, 0, ""); a != nil && a.kind == cfgValString {
			urlVal = a
		}
	}
	if e := found[4]; e != nil && e.val.kind == cfgValString {
		urlVal = &e.val
	}
	svc := found[5]
	if urlVal != nil && host == nil && svc == nil {
		return r.rewriteURL(urlVal.start+1, urlVal.end-1, urlVal.line, false)
	}
	force := false
	if svc != nil && (r.hc || r.pc || r.sc) {
		// The service preset overrides host, port and secure: drop it
		// and write all three.
		r.deleteEntry(svc)
		force = true
	}
	// New options go before the first option of the transport object,
	// never before the service entry that is being removed.
	if ref == nil && svc != nil {
		for i := range code.entries {
			e := &code.entries[i]
			if e.object == svc.object && e.start != svc.start && e.object >= 0 {
				ref = e
				break
			}
		}
	}
	// The options to write, in this order; an empty val leaves one alone.
	port, ignore := found[1], found[6]
	ops := [4]rwOp{{e: host, key: "host", isString: true}, {e: port, key: "port"}, {e: found[2], key: "secure"}, {e: ignore, key: "ignoreTLS"}}
	if r.hc || force {
		ops[0].val = r.want.Host
	}
	// The default port follows secure: write it out when secure changes.
	if r.pc || (force || r.sc && port == nil) && r.want.Port > 0 {
		ops[1].val = r.wp
	}
	secure := r.sc || force
	if secure && (r.implicit || r.starttls || r.none) {
		ops[2].val = cfgBoolWord(r.implicit)
		if r.none {
			ops[3].val = "true"
		}
	}
	for i := range ops {
		if ops[i].val == "" {
			continue
		}
		if err := r.nodemailerSet(code, yaml, ref, &ops[i]); err != nil {
			return err
		}
	}
	if ignore != nil && secure && r.starttls {
		r.setValue(&ignore.val, "false", false, true)
	}
	if r.uc {
		if e := code.find(auth, "user"); e != nil && e.shorthand {
			if l := code.resolve(&e.val); l != nil && l.start != e.val.start {
				r.setValue(l, r.fixed.Username, true, false)
			}
		} else if e != nil {
			r.setValue(&e.val, r.fixed.Username, true, false)
		} else if e := code.find(auth, "pass", "password", "type"); e != nil {
			if yaml != nil {
				yaml.insert(r, e.path[:strings.LastIndexByte(e.path, '.')+1]+"user", r.fixed.Username)
			} else {
				q := r.q
				if e.quotedKey != 0 {
					q = e.quotedKey
				}
				r.entryInsert(e, "user", cfgQuote(r.fixed.Username, q))
			}
		}
	}
	return nil
}

// callArgInsert adds ", text" after the last argument of a call (or
// "text" into empty parentheses).
func (r *cfgRewriter) callArgInsert(c *cfgCall, text string) bool {
	if c.close < 0 {
		return false
	}
	at := c.close
	if n := len(c.args); n > 0 {
		at, text = c.args[n-1].end, ", "+text
	}
	r.edit(at, at, text)
	return true
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
	ctor := -1
	for _, ci := range code.callsNamed("SMTP", "SMTP_SSL", "LMTP") {
		ctor = ci
	}
	if ctor < 0 {
		return rwErr("found no smtplib.SMTP(...) call to rewrite")
	}
	k := &code.calls[ctor]
	c := k
	hostV, portV := code.arg(ctor, 0, "host"), code.arg(ctor, 1, "port")
	for _, ci := range code.callsNamed("connect") {
		if h := code.arg(ci, 0, "host"); h != nil {
			hostV, portV, c = h, code.arg(ci, 1, "port"), &code.calls[ci]
		}
	}
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
				if ls+len(indent) == cc.start && trimSpace(r.src[end:after]) == "" {
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

func (r *cfgRewriter) rewritePHPMailer() error {
	code, err := cfgWalk(r.src)
	if err != nil {
		return err
	}
	wp := cfgIsWPMailSMTP(code)
	// The options, in the order they are written; SMTPAuth only serves
	// as a place to add new ones.
	names := [6]string{"Host", "Port", "SMTPSecure", "SMTPAuth", "SMTPAutoTLS", "Username"}
	var es [6]*cfgEntry
	var ref *cfgEntry
	for i, n := range names {
		es[i] = cfgPHPMailerFind(code, wp, n)
		if ref == nil && i != 4 {
			ref = es[i]
		}
	}
	hostE, secE := es[0], es[2]
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
		key, val, isString := names[i], vals[i], i != 1 && i != 4
		if i == 2 {
			switch {
			case constant == "":
				// no TLS: SMTPSecure = '' and SMTPAutoTLS = false
				if e != nil {
					r.edit(e.val.start, e.val.end, cfgQuote("", r.q))
				}
				continue
			case constants:
				r.edit(e.val.start, e.val.end, prefix+constant)
				continue
			case e != nil && e.val.kind != cfgValString:
				r.edit(e.val.start, e.val.end, cfgQuote(val, r.q))
				continue
			}
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
			line = "define( " + cfgQuote(cfgWPMSKeys[key], r.q) + ", " + val + " );"
		}
		r.insertLineBefore(ref.start, line)
	}
	return nil
}

// rwJavaMailFind finds a spring.mail.* key, or the mail.smtp(s).* property
// name, plain or under spring.mail.properties.
func rwJavaMailFind(code *cfgCode, prefix, name string) *cfgEntry {
	if strings.HasPrefix(name, "spring.") {
		return code.findKey(name)
	}
	p := prefix + name
	return code.findKey(p, "spring.mail.properties."+p)
}

func (r *cfgRewriter) rewriteJavaMail() error {
	code, err := cfgJavaMailCode(r.src)
	if err != nil {
		return err
	}
	isCode := containsAny(r.src, ".put(", ".setProperty(", "\"mail.smtp")
	var yaml *cfgYAML
	if !isCode && cfgLooksYAML(r.src) {
		if yaml, err = cfgYAMLLines(r.src); err != nil {
			return err
		}
	}
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
		found[i] = rwJavaMailFind(code, prefix, n)
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
	hostKey, portKey := propPrefix+"host", propPrefix+"port"
	hostE, portE := found[1], found[3]
	if e := found[0]; e != nil || spring {
		hostE, hostKey = e, "spring.mail.host"
	}
	if e := found[2]; e != nil || spring {
		portE, portKey = e, "spring.mail.port"
	}
	userE := found[7]
	if userE == nil {
		userE = found[8]
	}
	sslE, stE, req := found[6], found[5], found[9]
	implicit, st := r.implicit, r.starttls
	// The properties, in the order they are written.
	// (from ssl.enable on, names under propPrefix)
	keys := [6]string{hostKey, portKey, "ssl.enable", "starttls.enable", "starttls.required", "user"}
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
		if i >= 2 {
			key = propPrefix + key
		}
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
		r.insertLineAfter(ref.start, key+"="+val)
	}
	if r.uc {
		r.setCallArgs(code, "PasswordAuthentication", 0, "")
	}
	return nil
}

// setCallArgs writes the new user name into argument n (or keyword kw)
// of every call named name.
func (r *cfgRewriter) setCallArgs(code *cfgCode, name string, n int, kw string) {
	for _, ci := range code.callsNamed(name) {
		if u := code.arg(ci, n, kw); u != nil {
			r.setValue(u, r.fixed.Username, true, false)
		}
	}
}

// rwInSMTPSettings keeps the entries of a Rails smtp_settings hash.
func rwInSMTPSettings(e *cfgEntry) bool {
	return strings.HasSuffix(e.parent, "smtp_settings")
}

func (r *cfgRewriter) rewriteRails() error {
	code, err := cfgWalk(r.src)
	if err != nil {
		return err
	}
	var keep func(*cfgEntry) bool
	if code.find(rwInSMTPSettings, "address", "port") != nil {
		keep = rwInSMTPSettings
	}
	// The options, in the order they are written (password and
	// authentication only help to find where new ones go); mode 1 sets
	// one, mode 2 turns an existing one off.
	names := [9]string{"address", "port", "tls", "ssl", "enable_starttls", "enable_starttls_auto", "user_name", "password", "authentication"}
	var es [9]*cfgEntry
	for i, n := range names {
		es[i] = code.find(keep, n)
	}
	var ref *cfgEntry
	for _, i := range [...]int{0, 1, 6, 7, 8} {
		if ref == nil {
			ref = es[i]
		}
	}
	if ref == nil {
		return rwErr("found no smtp_settings to rewrite")
	}
	vals := [9]string{r.want.Host, r.wp, "true", "true", "true", "true", r.fixed.Username}
	var mode [9]byte
	if r.hc {
		mode[0] = 1
	}
	if r.pc {
		mode[1] = 1
	}
	if r.sc {
		switch {
		case r.implicit:
			if es[3] != nil && es[2] == nil {
				mode[3] = 1
			} else {
				mode[2] = 1
			}
			mode[4], mode[5] = 2, 2
		case r.starttls:
			mode[2], mode[3] = 2, 2
			if es[4] != nil {
				mode[4] = 1
			} else {
				mode[5] = 1
			}
		case r.none:
			mode[2], mode[3], mode[4], mode[5], vals[5] = 2, 2, 2, 1, "false"
		}
	}
	if r.uc {
		mode[6] = 1
	}
	for i, e := range es {
		switch {
		case mode[i] == 0:
		case mode[i] == 2:
			if e != nil {
				r.edit(e.val.start, e.val.end, "false")
			}
		case e != nil:
			r.setValue(&e.val, vals[i], i == 0 || i == 6, i != 6)
		default:
			val := vals[i]
			if i == 0 || i == 6 {
				val = cfgQuote(val, r.q)
			}
			r.entryInsert(ref, names[i], val)
		}
	}
	return nil
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
	// Host, Port (not the Credentials' ones), EnableSsl, Credentials;
	// the first found is where new ones go.
	notCred := cfgNotIn("Credentials")
	var found [4]*cfgEntry
	var ref *cfgEntry
	for i, n := range [...]string{"Host", "Port", "EnableSsl", "Credentials"} {
		keep := notCred
		if i >= 2 {
			keep = nil
		}
		found[i] = code.find(keep, n)
		if ref == nil {
			ref = found[i]
		}
	}
	hostE, portE, sslE := found[0], found[1], found[2]
	keys := [3]string{"Host", "Port", "EnableSsl"}
	es := [3]*cfgEntry{hostE, portE, sslE}
	vals := [3]string{r.want.Host, r.wp, cfgBoolWord(r.starttls)}
	on := [3]bool{r.hc, r.pc, r.sc}
	for i, key := range keys {
		if !on[i] {
			continue
		}
		e, val := es[i], vals[i]
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

func (r *cfgRewriter) rewriteMailKit() error {
	code, err := cfgWalk(r.src)
	if err != nil {
		return err
	}
	conn := -1
	for _, ci := range code.callsNamed("Connect", "ConnectAsync") {
		conn = ci
	}
	if conn < 0 {
		return rwErr("found no client.Connect(...) call to rewrite")
	}
	c := &code.calls[conn]
	var av [4]*cfgValue
	for i, kw := range [...]string{"host", "port", "options", "useSsl"} {
		av[i] = code.arg(conn, min(i, 2), kw)
	}
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

func (r *cfgRewriter) rewritePostfix() error {
	code, err := cfgLines(r.src, cfgLinesPostfix)
	if err != nil {
		return err
	}
	var found [4]*cfgEntry
	var ref *cfgEntry
	for i, n := range [...]string{"relayhost", "smtp_tls_security_level", "smtp_sasl_auth_enable", "smtp_tls_wrappermode"} {
		found[i] = code.findKey(n)
		if ref == nil {
			ref = found[i]
		}
	}
	// relayhost, smtp_tls_wrappermode and smtp_tls_security_level, in
	// this order; "" leaves one alone.
	var vals [3]string
	if r.hc || r.pc {
		h := r.want.Host
		if h == "" {
			return rwErr("relayhost needs a host name")
		}
		if strings.Contains(h, ":") {
			h = "ipv6:" + h
		}
		vals[0] = "[" + h + "]:" + r.wp
	}
	if r.sc || r.hc || r.pc {
		level := ""
		levelE := found[1]
		if levelE != nil {
			level = strings.ToLower(trimSpace(levelE.val.text))
		}
		wrap := found[3]
		strong := slices.Contains([]string{"encrypt", "verify", "secure", "fingerprint", "dane-only"}, level)
		switch {
		case r.implicit:
			vals[1] = "yes"
			if !strong {
				vals[2] = "encrypt"
			}
		case r.starttls || r.none:
			if wrap != nil && cfgPostfixYes(wrap.val.text) {
				vals[1] = "no"
			}
			if r.starttls {
				if !strong && level != "may" && level != "dane" || r.sc && level != "" && !strong {
					vals[2] = "encrypt"
				}
			} else if levelE != nil || code.findKey("smtp_use_tls", "smtp_enforce_tls") != nil {
				vals[2] = "none"
			}
		}
	}
	keys := [3]string{"relayhost", "smtp_tls_wrappermode", "smtp_tls_security_level"}
	es := [3]*cfgEntry{found[0], found[3], found[1]}
	for i, e := range es {
		val := vals[i]
		if val == "" {
			continue
		}
		if e != nil {
			r.edit(e.val.start, e.val.end, val)
			continue
		}
		line := keys[i] + " = " + val
		if ref == nil {
			r.edit(len(r.src), len(r.src), cfgTrailingNL(r.src, r.nl)+line+r.nl)
			continue
		}
		r.insertLineAfter(ref.start, line)
	}
	// The user name lives in smtp_sasl_password_maps, not in main.cf.
	return nil
}

func cfgTrailingNL(src, nl string) string {
	if src == "" || strings.HasSuffix(src, "\n") {
		return ""
	}
	return nl
}

func (r *cfgRewriter) rewriteAutoconfig() error {
	srv, err := cfgFindOutgoing(r.src)
	if err != nil {
		return err
	}
	indent := ""
	if hs := srv.fields["hostname"]; len(hs) > 0 {
		tagStart := strings.LastIndex(r.src[:hs[0].start], "<hostname")
		_, indent = r.lineStart(tagStart)
	}
	names := [4]string{"hostname", "port", "socketType", "username"}
	vals := [4]string{r.want.Host, r.wp, bySecurity(r.want.Security, "SSL", "STARTTLS", "plain"), r.fixed.Username}
	on := [4]bool{r.hc, r.pc, r.sc, r.uc}
	for i, name := range names {
		if !on[i] {
			continue
		}
		val := cfgXMLEscape(vals[i])
		if f := srv.fields[name]; len(f) > 0 {
			r.edit(f[0].start, f[0].end, val)
			continue
		}
		// Before </outgoingServer>, on its own line.
		tag := "<" + name + ">" + val + "</" + name + ">"
		at := srv.end
		if ls, closeIndent := r.lineStart(srv.end); ls+len(closeIndent) == srv.end {
			ind := indent
			if ind == "" {
				ind = closeIndent + "  "
			}
			at, tag = ls, ind+tag+r.nl
		}
		r.edit(at, at, tag)
	}
	return nil
}
