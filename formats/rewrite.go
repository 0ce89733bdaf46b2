package formats

// Rewrite gives a person's own pasted configuration back with the fixed
// host, port, TLS mode and user name written in that library's own option
// names. Everything else (the password, comments, other keys, indentation)
// is left byte for byte as it was. Values are replaced where they are
// written; an option that is missing is added next to the others.

import (
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
	return RewriteBlock(text, fixed, 0)
}

// RewriteBlock is Rewrite for one block of a text that holds several, as
// ParseBlock reads it: block is 1-based, 0 for the one Parse reads.
func RewriteBlock(text string, fixed rules.Settings, block int) (string, error) {
	if err := checkInput(text); err != nil {
		return "", err
	}
	bom := ""
	if strings.HasPrefix(text, "\ufeff") {
		bom, text = "\ufeff", text[len("\ufeff"):]
	}
	// The text as read: a wrapper (Markdown, heredoc, prose) blanked out,
	// the same length as text, so edits made on it apply to text. Like
	// Parse, it looks at each block of a page on its own.
	src, f, before, err := pick(text, block, "")
	if pe, ok := err.(*ParseError); ok && pe.Msg == msgUnknownFormat {
		return "", rwErr("could not tell what kind of settings this is, so it cannot be rewritten")
	}
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
	beforeHost := hostOf(before)
	want := fixed
	if want.Host == "" {
		want.Host = beforeHost
	}
	if want.Port == 0 {
		want.Port = before.Settings.Port
	}
	if want.Security == rules.SecurityUnset {
		want.Security = before.Settings.Security
	}
	r := &cfgRewriter{src: src, orig: text, before: before, want: want, fixed: fixed, nl: "\n"}
	if strings.Contains(text, "\r\n") {
		r.nl = "\r\n"
	}
	r.hc = fixed.Host != "" && !strings.EqualFold(fixed.Host, beforeHost)
	r.pc = fixed.Port != 0 && fixed.Port != before.Settings.Port
	r.sc = fixed.Security != rules.SecurityUnset && fixed.Security != before.Settings.Security
	for _, f := range before.Findings {
		// The TLS mode as read is right for one version and wrong for
		// another: write it out so that it means the same in all.
		r.sc = r.sc || f.Setting == "security" && fixed.Security != rules.SecurityUnset
	}
	r.uc = fixed.Username != "" && fixed.Username != before.Settings.Username
	// A text rewritten to STARTTLS also gets what its reading's note
	// recommends: nodemailer's require-TLS option (unless already true). A
	// text with nothing to change is left alone; the note still says it.
	changes := r.hc || r.pc || r.sc || r.uc
	r.requireTLS = f == Nodemailer && want.Security == rules.SecurityStartTLS && changes
	out := text
	if msg == "" && changes {
		// the quote character the text uses most
		r.q = '"'
		if strings.Count(text, "'") > strings.Count(text, "\"") {
			r.q = '\''
		}
		r.wp = strconv.Itoa(want.Port)
		r.none, r.starttls, r.implicit = want.Security == rules.SecurityNone, want.Security == rules.SecurityStartTLS, want.Security == rules.SecurityImplicit
		if err := lookup(f).rewrite(r); err != nil {
			return "", err
		}
		out = r.apply()
		// The result must read back as asked; anything else is a bug or a
		// combination the format cannot say, and is reported as such.
		if _, g, _, _ := pick(out, 0, ""); g != f {
			msg = "the rewritten text would no longer be recognised as " + string(f) + "; edit it by hand"
		} else if _, _, after, err := pick(out, block, f); err != nil {
			msg = "the rewritten text could not be read back (" + err.Error() + ")"
		} else if fixed.Host != "" && !strings.EqualFold(hostOf(after), fixed.Host) ||
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

// hostOf is the host a text names, placeholder or not.
func hostOf(p Parsed) string {
	if p.Settings.Host != "" {
		return p.Settings.Host
	}
	return p.Placeholder
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

// rwErr is a *ParseError saying msg.
func rwErr(msg string) error {
	return &ParseError{Msg: msg}
}

// cfgEdit replaces src[start:end] with text.
type cfgEdit struct {
	start, end int
	text       string
}

type cfgRewriter struct {
	src    string // the text as read (wrapper blanked out)
	orig   string // the text as pasted, which the edits apply to
	before Parsed
	want   rules.Settings // what the result must say: fixed, with zero fields filled from before
	fixed  rules.Settings
	nl     string
	edits  []cfgEdit
	// symfony is set for a Symfony Mailer DSN, which says "no TLS" with
	// auto_tls=false rather than nodemailer's parameter (nodemailerIgnoreTLS).
	symfony bool
	// host, port, security and user changed
	hc, pc, sc, uc bool
	q              byte   // the quote character the text uses most
	wp             string // want.Port written out
	// want.Security is none, starttls or implicit
	none, starttls, implicit bool
	// nodemailer's require-TLS option is to be written (its reading
	// noted that it is missing).
	requireTLS bool
	// rewriteKeys: new lines go after anchor; python is settings.py
	anchor *cfgEntry
	python bool
}

// edit records that src[start:end] becomes text. The edits are kept in the
// order apply makes them: by position; at one position insertions go
// before a replacement; otherwise in the order they were recorded.
func (r *cfgRewriter) edit(start, end int, text string) {
	if start < 0 || end < start || end > len(r.src) {
		return
	}
	e := cfgEdit{start: start, end: end, text: text}
	at := len(r.edits)
	for at > 0 && r.edits[at-1].after(e) {
		at--
	}
	r.edits = append(r.edits, cfgEdit{})
	copy(r.edits[at+1:], r.edits[at:])
	r.edits[at] = e
}

// after reports whether a goes after b in the edits.
func (a cfgEdit) after(b cfgEdit) bool {
	if a.start != b.start {
		return a.start > b.start
	}
	return a.start != a.end && b.start == b.end // a replaces, b inserts
}

func (r *cfgRewriter) apply() string {
	edits := r.edits
	orig := r.orig
	if len(orig) != len(r.src) {
		orig = r.src
	}
	var b strings.Builder
	pos := 0
	for i := range edits {
		e := &edits[i]
		if e.start < pos {
			continue // overlaps an earlier edit
		}
		b.WriteString(orig[pos:e.start])
		b.WriteString(e.text)
		pos = e.end
	}
	b.WriteString(orig[pos:])
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

// setCallArgs writes the new user name into argument n (or keyword kw)
// of every call named name.
func (r *cfgRewriter) setCallArgs(code *cfgCode, name string, n int, kw string) {
	for _, ci := range code.callsNamed(name) {
		if u := code.arg(ci, n, kw); u != nil {
			r.setValue(u, r.fixed.Username, true, false)
		}
	}
}

// cfgDescribeSettings says host, port and TLS mode in words.
func cfgDescribeSettings(s rules.Settings) string {
	var parts [3]string
	n := 0
	if s.Host != "" {
		parts[n] = "host " + s.Host
		n++
	}
	if s.Port != 0 {
		parts[n] = "port " + strconv.Itoa(s.Port)
		n++
	}
	if s.Security != rules.SecurityUnset {
		parts[n] = string(s.Security) + " TLS"
		n++
	}
	return strings.Join(parts[:n], ", ")
}

// setKey sets one "key = value" setting of a format whose settings are
// keyed lines (gitlab.rb, config.php, .env, grafana.ini): the existing
// value is replaced in place; a missing key gets a new line after anchor,
// written the way anchor's line is (its prefix, separator and quotes).
// quote says the value is a string in a language that needs quotes.
func (r *cfgRewriter) setKey(e, anchor *cfgEntry, key, val string, quote bool) error {
	if e != nil {
		r.setValue(&e.val, val, quote, true)
		return nil
	}
	if anchor == nil {
		return rwErr("found no setting to write " + key + " next to; add it by hand")
	}
	if quote {
		q := anchor.val.quote
		if q == 0 {
			q = r.q
		}
		val = cfgQuote(val, q)
	}
	ls, _ := r.lineStart(anchor.val.start)
	from := r.src
	if len(r.orig) == len(r.src) {
		from = r.orig
	}
	head := from[ls:anchor.val.start]
	k := strings.LastIndex(head, anchor.key)
	if k < 0 {
		return rwErr("could not tell how to write " + key + " here; add it by hand")
	}
	tail := ""
	if end, _ := r.lineAfter(anchor.val.end); end > anchor.val.end {
		tail = strings.TrimRight(from[anchor.val.end:end], "\r\n")
		if t := rules.TrimSpace(tail); t != "," && t != ";" {
			tail = "" // a comment or another setting: not copied
		}
	}
	r.insertLineAfter(anchor.val.end, head[:k]+key+head[k+len(anchor.key):]+val+tail)
	return nil
}

// keyWant is what setKeyLines writes for one key: val, when on.
type keyWant struct {
	val string
	on  bool
}

// setKeyLines sets the keys of a KEY=value (or KEY: value) format: for
// each i whose want[i] is on, es[i] is set to want[i].val or a line
// names[i] is added after the last mail key.
func (r *cfgRewriter) setKeyLines(es []*cfgEntry, names []string, want []keyWant) error {
	var anchor *cfgEntry
	for _, e := range es {
		if e != nil && (anchor == nil || e.start > anchor.start) {
			anchor = e
		}
	}
	for i, w := range want {
		if !w.on {
			continue
		}
		if es[i] != nil {
			r.setValue(&es[i].val, w.val, false, true)
			continue
		}
		if anchor == nil {
			return rwErr("found no mail setting to write " + names[i] + " next to; add it by hand")
		}
		r.anchor = anchor
		r.keySet(nil, names[i], w.val, 1)
	}
	return nil
}
