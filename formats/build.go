package formats

// The reading helpers every format's reader shares: a cfgBuild turns the
// entries a lexer found into rules.Settings and notes, following a value
// that names a variable to its literal, saying where a value comes from
// when it is not in the text, and never keeping a password.

import (
	"slices"
	"strconv"
	"strings"

	"github.com/whichport/whichport/rules"
)

// cfgBuild collects the settings of one parse.
type cfgBuild struct {
	p       Parsed
	oauth   bool
	authOff bool
	code    *cfgCode
}

// note adds a note once.
func (b *cfgBuild) note(s string) {
	if !slices.Contains(b.p.Notes, s) {
		b.p.note(s)
	}
}

// done finishes the settings: auth kind, library and use.
func (b *cfgBuild) done(lib rules.Library, use rules.Use, out *Parsed) error {
	s := &b.p.Settings
	s.Library = lib
	b.p.Library = lib
	s.Use = use
	switch {
	case b.oauth:
		s.Auth = rules.AuthOAuth2
	case cfgIsAPIKeyUser(s.Username) && (s.PasswordPresent || s.Username != ""):
		s.Auth = rules.AuthAPIKey
	case s.PasswordPresent || s.Username != "":
		s.Auth = rules.AuthPassword
	case b.authOff:
		s.Auth = rules.AuthNone
	}
	if b.code != nil && len(b.code.entries) == 0 && b.code.skipErr != nil {
		return b.code.skipErr // every setting was on the lines left out
	}
	if b.code != nil && len(b.p.Skipped) == 0 {
		b.p.Skipped = b.code.skipped // lines the reader's own lexing left out
	}
	*out = b.p
	return nil
}

// cfgIsAPIKeyUser reports whether u is the fixed user name of a provider
// that logs in with an API key (SendGrid, Resend, SparkPost).
func cfgIsAPIKeyUser(u string) bool {
	return slices.Contains(cfgAPIKeyUsers, strings.ToLower(rules.TrimSpace(u)))
}

var cfgAPIKeyUsers = []string{"apikey", "resend", "smtp_injection"}

// resolve follows a value that names a variable to the literal assigned to
// it elsewhere in the text (one level).
func (c *cfgCode) resolve(v *cfgValue) *cfgValue {
	if v == nil {
		return nil
	}
	if v.kind == cfgValName && c != nil {
		for i := len(c.entries) - 1; i >= 0; i-- {
			e := &c.entries[i]
			if e.key == v.text && e.val.start != v.start {
				if l := e.val.literal(); l != nil && l.kind != cfgValName {
					return l
				}
			}
		}
	}
	return v.literal()
}

// cfgDescribe says where a non-literal value comes from, without
// repeating anything that could be a secret: a variable name, or the name
// of the environment variable an expression reads.
func cfgDescribe(v *cfgValue) string {
	if v == nil {
		return "elsewhere"
	}
	t := v.text
	if v.source != "" {
		t = v.source
	}
	if (strings.Contains(strings.ToLower(t), "env") || strings.Contains(t, "config(")) && len(t) <= 200 {
		if k := strings.Index(t, "env."); k >= 0 {
			n := k + 4
			for n < len(t) && cfgCharClass[t[n]]&2 != 0 {
				n++
			}
			if n > k+4 {
				return "the environment variable " + t[k+4:n]
			}
		}
		// The first quoted word is the variable's name: ENV['X'], os.getenv("X").
		for i := 0; i < len(t); i++ {
			if t[i] == '"' || t[i] == '\'' {
				if j := strings.IndexByte(t[i+1:], t[i]); j > 0 && cfgSafeKey(t[i+1:i+1+j]) == t[i+1:i+1+j] {
					return "the environment variable " + t[i+1:i+1+j]
				}
				break
			}
		}
		return "the environment"
	}
	if v.kind == cfgValName && len(t) <= 60 {
		return "the variable " + t
	}
	return "an expression"
}

// str returns the literal string form of a value, following variables.
func (b *cfgBuild) str(v *cfgValue, what string) (string, bool) {
	l := b.code.resolve(v)
	if l != nil && (v.kind == cfgValExpr || v.kind == cfgValCall) {
		b.note(what + " is read from the environment; the default written next to it was used")
	}
	// No literal, or a bare identifier that names no literal: a variable
	// set somewhere else.
	if l == nil || l.kind == cfgValName {
		from := v
		if l != nil {
			from = l
		}
		b.note(what + " is read from " + cfgDescribe(from) + ", which is not in the text; fill it in")
		return "", false
	}
	if l.kind == cfgValNull {
		return "", false
	}
	if name, def, ok := shellDefault(rules.TrimSpace(l.text)); ok {
		b.note(what + " is read from the environment variable " + cfgSafeKey(name) + "; the default written next to it was used")
		return def, true
	}
	return l.text, true
}

// shellDefault reads a value written as ${NAME:-default} (or
// ${NAME-default}, ${NAME:=default}, ${NAME=default}): the shell's, Docker
// Compose's and envsubst's expansion of NAME that falls back to default
// when NAME is unset (with ":", also when it is empty).
func shellDefault(t string) (name, def string, ok bool) {
	inner, found := strings.CutPrefix(t, "${")
	if !found || !strings.HasSuffix(inner, "}") {
		return "", "", false
	}
	inner = inner[:len(inner)-1]
	n := 0
	for n < len(inner) && (inner[n] == '_' || 'a' <= inner[n]|0x20 && inner[n]|0x20 <= 'z' || n > 0 && '0' <= inner[n] && inner[n] <= '9') {
		n++
	}
	if n == 0 {
		return "", "", false
	}
	rest := inner[n:]
	for _, op := range shellDefaultOps {
		if d, cut := strings.CutPrefix(rest, op); cut && d != "" && !strings.ContainsAny(d, "${}") {
			return inner[:n], strings.Trim(d, "\"'"), true
		}
	}
	return "", "", false
}

// shellDefaultOps are the operators of shellDefault, longest first.
var shellDefaultOps = []string{":-", "-", ":=", "="}

func (b *cfgBuild) setHost(v *cfgValue, what string) {
	h, ok := b.str(v, what)
	if !ok {
		return
	}
	h = strings.ToLower(rules.TrimSpace(h))
	h = strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
	b.p.Settings.Host = h
}

func (b *cfgBuild) setPort(v *cfgValue, what string) {
	t, ok := b.str(v, what)
	if !ok {
		return
	}
	p, err := strconv.Atoi(rules.TrimSpace(t))
	if err != nil && strings.ContainsAny(t, "${}<>%") {
		b.note(what + " is a template placeholder, filled in elsewhere")
		return
	}
	if err != nil || p < 1 || p > 65535 {
		b.note(what + " is not a number between 1 and 65535")
		return
	}
	b.p.Settings.Port = p
}

func (b *cfgBuild) setUser(v *cfgValue, what string) {
	u, ok := b.str(v, what)
	if !ok {
		return
	}
	if strings.EqualFold(u, "null") {
		return
	}
	// There but empty (MAIL_USERNAME=) is not the same as not given.
	b.p.Settings.UsernameEmpty = u == ""
	b.p.Settings.Username = u
}

// setPassword records whether a password is given. It never keeps the
// value, and never mentions it in a note.
func (b *cfgBuild) setPassword(v *cfgValue) {
	if v == nil {
		return
	}
	switch v.kind {
	case cfgValNull:
		return
	case cfgValString, cfgValNumber:
		if v.text == "" {
			// There but empty (MAIL_PASSWORD=): a fault, unlike a
			// password the config does not mention.
			b.p.Settings.PasswordEmpty = !b.p.Settings.PasswordPresent
			return
		}
		if strings.EqualFold(v.text, "null") {
			return
		}
	case cfgValBool:
		return
	}
	b.p.Settings.PasswordPresent = true
}

// boolOf reads a yes/no value; known is false when it is not a literal.
func (b *cfgBuild) boolOf(v *cfgValue, what string) (val, known bool) {
	if v == nil {
		return false, false
	}
	l := b.code.resolve(v)
	if l == nil && v.kind == cfgValExpr && strings.Contains(v.text, "==") && containsAny(v.text, `"true"`, "'true'") && containsAny(v.text, "ENV", "env") {
		// ENV["X"] == "true": false unless X is set to true.
		b.note(what + " is true only when " + cfgDescribe(v) + " is set to true; unset, it is false")
		return false, true
	}
	if l == nil {
		b.note(what + " is computed from " + cfgDescribe(v) + " at run time; the TLS mode depends on it")
		return false, false
	}
	if l.isTrue() {
		return true, true
	}
	if l.isFalse() || l.kind == cfgValNull {
		return false, true
	}
	b.note(what + " has a value that is neither true nor false")
	return false, false
}

// find returns the last entry whose key (last dotted segment) is one of
// names, case-insensitively, accepted by keep (nil keeps all).
func (c *cfgCode) find(keep func(*cfgEntry) bool, names ...string) *cfgEntry {
	for i := len(c.entries) - 1; i >= 0; i-- {
		e := &c.entries[i]
		if keep != nil && !keep(e) {
			continue
		}
		k := e.key
		if d := strings.LastIndexByte(k, '.'); d >= 0 && e.sep != "put" && !strings.Contains(names[0], ".") {
			k = k[d+1:]
		}
		for _, n := range names {
			if strings.EqualFold(k, n) {
				return e
			}
		}
	}
	return nil
}

// findKey returns the last entry whose whole key is one of names.
func (c *cfgCode) findKey(names ...string) *cfgEntry {
	for i := len(c.entries) - 1; i >= 0; i-- {
		e := &c.entries[i]
		for _, n := range names {
			if strings.EqualFold(e.key, n) {
				return e
			}
		}
	}
	return nil
}

// keyVal returns the value of findKey(names...), or nil.
func (c *cfgCode) keyVal(names ...string) *cfgValue {
	return cfgVal(c.findKey(names...))
}

// keyVals sets vals[k] to keyVal(names[k]) for each name.
func (c *cfgCode) keyVals(names []string, vals []*cfgValue) {
	for k, n := range names {
		vals[k] = c.keyVal(n)
	}
}

func cfgVal(e *cfgEntry) *cfgValue {
	if e == nil {
		return nil
	}
	return &e.val
}

// calls returns the calls whose last name segment is one of names.
func (c *cfgCode) callsNamed(names ...string) []int {
	var out []int
	for i, call := range c.calls {
		last := call.name
		if d := strings.LastIndexByte(last, '.'); d >= 0 {
			last = last[d+1:]
		}
		if slices.Contains(names, last) {
			out = append(out, i)
		}
	}
	return out
}

// arg returns the n-th positional argument of a call, or the keyword
// argument named kw.
func (c *cfgCode) arg(call, n int, kw string) *cfgValue {
	if kw != "" {
		for i := len(c.entries) - 1; i >= 0; i-- {
			e := &c.entries[i]
			if e.call == call && e.object < 0 && strings.EqualFold(e.key, kw) {
				return &e.val
			}
		}
	}
	if call >= 0 && n < len(c.calls[call].args) {
		return &c.calls[call].args[n]
	}
	return nil
}

// cfgNotIn keeps entries whose enclosing object is none of parents.
func cfgNotIn(parents ...string) func(*cfgEntry) bool {
	return func(e *cfgEntry) bool {
		last := e.parent
		if d := strings.LastIndexByte(last, '.'); d >= 0 {
			last = last[d+1:]
		}
		for _, p := range parents {
			if strings.EqualFold(last, p) {
				return false
			}
		}
		return true
	}
}

func cfgBoolWord(v bool) string {
	if v {
		return "true"
	}
	return "false"
}

func (b *cfgBuild) setHostOr(v *cfgValue, what, def, note string) {
	if v == nil {
		b.p.Settings.Host = def
		b.note(note)
		return
	}
	b.setHost(v, what)
}

func (b *cfgBuild) setPortOr(v *cfgValue, what string, def int, note string) {
	if v == nil {
		b.p.Settings.Port = def
		b.note(note)
		return
	}
	b.setPort(v, what)
}

func (b *cfgBuild) setUserIf(v *cfgValue, what string) {
	if v != nil {
		b.setUser(v, what)
	}
}
