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

// cfgNixGroup is one attribute set of programs.msmtp: an account, or the
// defaults.
type cfgNixGroup struct {
	name    string
	entries []*cfgEntry // in order: the last one of a key wins
}

// get returns the group's entry for key (lower case), nil when it has
// none (or there is no group).
func (g *cfgNixGroup) get(key string) *cfgEntry {
	if g == nil {
		return nil
	}
	for i := len(g.entries) - 1; i >= 0; i-- {
		if strings.ToLower(g.entries[i].key) == key {
			return g.entries[i]
		}
	}
	return nil
}

// cfgNixAccount is the msmtp account read, with the defaults set under it.
type cfgNixAccount struct {
	own, defaults *cfgNixGroup
	block         int // the account's 1-based block, when there are several
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
	var groups []*cfgNixGroup
	a := &cfgNixAccount{}
	for i := range code.entries {
		e := &code.entries[i]
		if e.val.kind == cfgValObject {
			continue
		}
		name := strings.TrimPrefix(code.objectKeyAt(e.start), "accounts.")
		var g *cfgNixGroup
		for _, h := range groups {
			if h.name == name {
				g = h
			}
		}
		if g == nil {
			g = &cfgNixGroup{name: name}
			groups = append(groups, g)
		}
		g.entries = append(g.entries, e)
	}
	var accounts []*cfgNixGroup
	pick := 0
	for _, g := range groups {
		switch {
		case g.name == "defaults":
			a.defaults = g
		case g.get("host") != nil:
			if g.name == "default" {
				pick = len(accounts)
			}
			accounts = append(accounts, g)
		}
	}
	if len(accounts) == 0 {
		return nil, nil
	}
	if want > 0 && want <= len(accounts) {
		pick = want - 1
	}
	a.own = accounts[pick]
	var blocks []Block
	if len(accounts) > 1 {
		a.block = pick + 1
		for _, g := range accounts {
			bl := accountBlock(g.name, g.get("host"), MsmtpNix)
			bl.FirstLine, bl.LastLine = g.entries[0].line, g.entries[len(g.entries)-1].line
			blocks = append(blocks, bl)
		}
	}
	return a, blocks
}

func (a *cfgNixAccount) get(k string) *cfgEntry {
	if e := a.own.get(k); e != nil {
		return e
	}
	return a.defaults.get(k)
}

func cfgParseMsmtpNix(out *Parsed, text string, code *cfgCode) error {
	a, blocks := cfgMsmtpNixAccount(code, out.want)
	if a == nil {
		return &ParseError{Msg: "found no msmtp account with a host"}
	}
	b := &cfgBuild{code: code}
	// Each account is a block the person can pick (ParseBlock).
	b.p.Blocks, b.p.Block = blocks, a.block
	b.setHost(&a.get("host").val, "host")
	tlsE := a.get("tls")
	tls, tlsKnown := b.boolOf(cfgVal(tlsE), "tls")
	starttls := true
	if on, known := b.boolOf(cfgVal(a.get("tls_starttls")), "tls_starttls"); known {
		starttls = on
	}
	switch {
	case !tls && tlsKnown || tlsE == nil:
		b.p.Settings.Security = rules.SecurityNone
		if tlsE == nil {
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
	anchor := a.own.entries[len(a.own.entries)-1] // new keys go after the account's last
	want := [...]keyWant{{r.fixed.Host, r.hc}, {r.wp, r.pc}, {r.fixed.Username, r.uc}, {cfgBoolWord(!r.none), r.sc}, {cfgBoolWord(r.starttls), r.sc && !r.none}}
	for i, w := range want {
		key := cfgMsmtpNixKeys[i]
		if !w.on {
			continue
		}
		// host and user are strings, the others numbers and booleans.
		if err := r.setKey(a.own.get(key), anchor, key, w.val, i == 0 || i == 2); err != nil {
			return err
		}
	}
	return nil
}

// cfgMsmtpNixKeys are the attributes rewriteMsmtpNix writes, in order.
var cfgMsmtpNixKeys = [...]string{"host", "port", "user", "tls", "tls_starttls"}
