package formats

import (
	"strings"

	"github.com/whichport/whichport/rules"
)

// MsmtpNix is msmtp configured from Nix: NixOS's or home-manager's
// programs.msmtp = { defaults = { ... }; accounts.default = { host = ...;
// port = ...; tls = true; ... }; }. The attributes become the lines of
// an msmtprc (booleans on/off), so they mean what msmtp's keys mean: tls
// on is STARTTLS unless tls_starttls is off (then implicit TLS); the port
// defaults to 25, or 465 for TLS without STARTTLS.
const MsmtpNix Format = "msmtp-nix"

var msmtpNixSpec = spec{
	name: MsmtpNix,
	menu: 21,
	clues: []clue{
		{score: 93, any: []string{"programs.msmtp"}},
	},
	input:   cfgReadCode,
	read:    cfgParseMsmtpNix,
	rewrite: (*cfgRewriter).rewriteMsmtpNix,
}

func init() {
	register(msmtpNixSpec)
}

// cfgNixAccount holds the entries of the msmtp account read and of the
// defaults set.
type cfgNixAccount struct {
	name          string
	own, defaults map[string]*cfgEntry
	last          *cfgEntry // the account's last entry, where new ones go
}

// objectKeyAt returns the key of the innermost { } holding pos: the key
// the walker recorded, else the name written before "= {" (the walker
// takes a name such as "default" for a keyword).
func (c *cfgCode) objectKeyAt(pos int) string {
	key, best := "", -1
	for _, o := range c.objects {
		if o.open < pos && (o.close < 0 || pos < o.close) && o.open > best {
			key, best = o.key, o.open
			if key == "" {
				key = cfgNameBefore(c.src, o.open)
			}
		}
	}
	return key
}

// cfgNameBefore reads "name = {" (or "name = rec {") backwards from the
// brace at open.
func cfgNameBefore(src string, open int) string {
	i := open
	skip := func() {
		for i > 0 && (src[i-1] == ' ' || src[i-1] == '\t' || src[i-1] == '\n' || src[i-1] == '\r') {
			i--
		}
	}
	word := func() string {
		end := i
		for i > 0 && (cfgIsIdentChar(src[i-1]) || src[i-1] == '.' || src[i-1] == '-') {
			i--
		}
		return src[i:end]
	}
	skip()
	if w := word(); w != "rec" {
		i += len(w)
	}
	skip()
	if i == 0 || (src[i-1] != '=' && src[i-1] != ':') {
		return ""
	}
	i--
	skip()
	return strings.Trim(word(), ".")
}

// cfgMsmtpNixAccount finds the msmtp accounts with a host: the one read
// (want, 1-based, when the person picked one; else "default", else the
// first) and, when there are several, each as a block to pick.
func cfgMsmtpNixAccount(code *cfgCode, want int) (*cfgNixAccount, []Block) {
	groups := map[string]map[string]*cfgEntry{}
	var order []string
	firstOf, lastOf := map[string]*cfgEntry{}, map[string]*cfgEntry{}
	for i := range code.entries {
		e := &code.entries[i]
		if e.val.kind == cfgValObject {
			continue
		}
		g := code.objectKeyAt(e.start)
		g = strings.TrimPrefix(g, "accounts.")
		if groups[g] == nil {
			groups[g] = map[string]*cfgEntry{}
			order = append(order, g)
			firstOf[g] = e
		}
		groups[g][strings.ToLower(e.key)] = e
		lastOf[g] = e
	}
	var names []string
	for _, g := range order {
		if g != "defaults" && groups[g]["host"] != nil {
			names = append(names, g)
		}
	}
	if len(names) == 0 {
		return nil, nil
	}
	pickName := names[0]
	if groups["default"] != nil && groups["default"]["host"] != nil {
		pickName = "default"
	}
	if want > 0 && want <= len(names) {
		pickName = names[want-1]
	}
	var blocks []Block
	if len(names) > 1 {
		for _, n := range names {
			blocks = append(blocks, Block{Name: "account " + cfgSafeKey(n), FirstLine: firstOf[n].line, LastLine: lastOf[n].line,
				Format: MsmtpNix, Label: cfgSafeKey(n) + ": " + cfgSafeHost(groups[n]["host"].val.text)})
		}
	}
	a := &cfgNixAccount{defaults: groups["defaults"]}
	a.name, a.own, a.last = pickName, groups[pickName], lastOf[pickName]
	return a, blocks
}

func (a *cfgNixAccount) get(k string) *cfgEntry {
	if e := a.own[k]; e != nil {
		return e
	}
	return a.defaults[k]
}

func cfgParseMsmtpNix(out *Parsed, text string, code *cfgCode) error {
	a, blocks := cfgMsmtpNixAccount(code, out.want)
	if a == nil {
		return &ParseError{Msg: "found no msmtp account with a host"}
	}
	b := &cfgBuild{code: code}
	if len(blocks) > 1 {
		// Each account is a block the person can pick (ParseBlock).
		b.p.Blocks = blocks
		for i, bl := range blocks {
			if bl.Name == "account "+cfgSafeKey(a.name) {
				b.p.Block = i + 1
			}
		}
	}
	b.setHost(&a.get("host").val, "host")
	tls, tlsKnown := false, false
	if e := a.get("tls"); e != nil {
		tls, tlsKnown = b.boolOf(&e.val, "tls")
	}
	starttls := true
	if e := a.get("tls_starttls"); e != nil {
		if on, known := b.boolOf(&e.val, "tls_starttls"); known {
			starttls = on
		}
	}
	switch {
	case !tls && tlsKnown || a.get("tls") == nil:
		b.p.Settings.Security = rules.SecurityNone
		if a.get("tls") == nil {
			b.note("tls is not set: msmtp sends in clear")
		}
	case starttls:
		b.p.Settings.Security = rules.SecurityStartTLS
	default:
		b.p.Settings.Security = rules.SecurityImplicit
	}
	b.setMsmtpPort(a.get("port"))
	if e := a.get("user"); e != nil {
		if e.val.kind == cfgValString && strings.Contains(e.val.text, "${") {
			b.note("user is computed by Nix (" + cfgSafeKey("${...}") + "), not written here")
		} else {
			b.setUser(&e.val, "user")
		}
	}
	if a.get("password") != nil || a.get("passwordeval") != nil {
		b.p.Settings.PasswordPresent = true
	}
	return b.done(rules.LibOther, rules.UseApplication, out)
}

func (r *cfgRewriter) rewriteMsmtpNix() error {
	code, err := cfgWalk(r.src)
	if err != nil {
		return err
	}
	a, _ := cfgMsmtpNixAccount(code, r.before.want)
	if a == nil {
		return rwErr("found no msmtp account with a host")
	}
	anchor := a.last
	set := func(key, val string, quote bool) error {
		return r.setKey(a.own[key], anchor, key, val, quote)
	}
	if r.hc {
		if err := set("host", r.fixed.Host, true); err != nil {
			return err
		}
	}
	if r.pc {
		if err := set("port", r.wp, false); err != nil {
			return err
		}
	}
	if r.uc {
		if err := set("user", r.fixed.Username, true); err != nil {
			return err
		}
	}
	if r.sc {
		if err := set("tls", cfgBoolWord(!r.none), false); err != nil {
			return err
		}
		if !r.none {
			if err := set("tls_starttls", cfgBoolWord(r.starttls), false); err != nil {
				return err
			}
		}
	}
	return nil
}
