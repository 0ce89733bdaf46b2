package formats

import (
	"slices"
	"strings"

	"github.com/whichport/whichport/rules"
)

// YAML is an application's own smtp: (or mail:, email:, mailer:) map in a
// YAML file: an Ansible role's variables, a Helm values.yaml, an app's
// config.yml. The key names are the common ones; what the TLS keys mean is
// up to the program that reads the map, so the generic meanings are used
// and a map without one leaves the TLS mode unknown.
const YAML Format = "yaml"

var yamlSpec = spec{
	name: YAML,
	menu: 24,
	clues: []clue{
		{score: 47, any: []string{"smtp:", "mail:", "email:", "mailer:"}, test: yamlMailMap},
	},
	read:    cfgParseYAMLMap,
	rewrite: (*cfgRewriter).rewriteYAMLMap,
}

func init() {
	register(yamlSpec)
}

// The names looked up under the mail section, in lower case without "_"
// or "-" (smtp_host, smtpHost and smtp-host are one name).
var yamlMapKeys = [...][]string{
	{"address", "host", "server", "hostname", "smtphost", "smtpserver", "smtpaddress"},
	{"port", "smtpport"},
	{"username", "user", "login", "smtpuser", "smtpusername", "smtplogin"},
	{"password", "pass", "smtppassword", "smtppass"},
	{"tls", "ssl", "starttls", "enablestarttls", "secure", "encryption", "security", "usetls", "usessl", "smtptls", "smtpssl", "smtpsecure", "smtpstarttls"},
}

// yamlNorm is a key as yamlMapKeys lists it.
func yamlNorm(k string) string {
	b := make([]byte, 0, len(k))
	for i := 0; i < len(k); i++ {
		switch c := k[i]; {
		case c == '_' || c == '-':
		case c >= 'A' && c <= 'Z':
			b = append(b, c+'a'-'A')
		default:
			b = append(b, c)
		}
	}
	return string(b)
}

// yamlMailSections are the section names a mail map goes under.
var yamlMailSections = []string{"smtp", "mail", "email", "mailer"}

// yamlMailMap reports whether t is YAML with a mail section that names a
// host.
func yamlMailMap(t string) bool {
	if !cfgLooksYAML(t) {
		return false
	}
	y, err := cfgYAMLLines(t)
	return err == nil && yamlFind(y.code, 0) != nil
}

// yamlFind returns the entry for yamlMapKeys[k] in the first mail section
// that holds a host, or nil.
func yamlFind(code *cfgCode, k int) *cfgEntry {
	section := ""
	for i := range code.entries {
		if p, key := yamlSplit(code.entries[i].key); p != "" && slices.Contains(yamlMapKeys[0], yamlNorm(key)) {
			section = p
			break
		}
	}
	if section == "" {
		return nil
	}
	for i := len(code.entries) - 1; i >= 0; i-- {
		if p, key := yamlSplit(code.entries[i].key); p == section && slices.Contains(yamlMapKeys[k], yamlNorm(key)) {
			return &code.entries[i]
		}
	}
	return nil
}

// yamlSplit splits a dotted YAML path into its mail section and last key;
// the section is "" when the key's parent is not a mail section.
func yamlSplit(path string) (section, key string) {
	d := strings.LastIndexByte(path, '.')
	if d < 0 {
		return "", ""
	}
	parent := path[:d]
	last := parent[strings.LastIndexByte(parent, '.')+1:]
	if !slices.Contains(yamlMailSections, strings.ToLower(last)) {
		return "", ""
	}
	return parent, strings.ToLower(path[d+1:])
}

func cfgParseYAMLMap(out *Parsed, text string, _ *cfgCode) error {
	y, err := cfgYAMLLines(text)
	if err != nil {
		return err
	}
	b := &cfgBuild{code: y.code}
	host := yamlFind(y.code, 0)
	if host == nil {
		return &ParseError{Msg: "found no smtp: map with an address or host"}
	}
	b.setHost(&host.val, cfgSafeKey(host.key))
	if e := yamlFind(y.code, 1); e != nil {
		b.setPort(&e.val, cfgSafeKey(e.key))
	} else {
		b.note("the map sets no port: the program that reads it picks one")
	}
	if e := yamlFind(y.code, 2); e != nil {
		b.setUser(&e.val, cfgSafeKey(e.key))
	}
	if e := yamlFind(y.code, 3); e != nil {
		b.setPassword(&e.val)
	}
	if e := yamlFind(y.code, 4); e != nil {
		_, key := yamlSplit(e.key)
		b.p.Settings.Security = cfgGenericSecurity(strings.ToUpper(key), e.val.text)
	}
	if b.p.Settings.Security == rules.SecurityUnset {
		b.note("the map says nothing clear about TLS: the mode depends on the program that reads it")
	}
	return b.done(rules.LibOther, rules.UseApplication, out)
}

// rewriteYAMLMap replaces host, port and user in place, adds a missing
// port, and writes the TLS key the map already has.
func (r *cfgRewriter) rewriteYAMLMap() error {
	y, err := cfgYAMLLines(r.src)
	if err != nil {
		return err
	}
	host := yamlFind(y.code, 0)
	if host == nil {
		return rwErr("found no smtp: map to rewrite")
	}
	section, _ := yamlSplit(host.key)
	vals, on := [3]string{r.want.Host, r.wp, r.fixed.Username}, [3]bool{r.hc, r.pc, r.uc}
	for k := range vals {
		if !on[k] {
			continue
		}
		if e := yamlFind(y.code, k); e != nil {
			r.setValue(&e.val, vals[k], e.val.quote != 0, false)
		} else {
			y.insert(r, section+"."+yamlMapKeys[k][0], vals[k])
		}
	}
	if !r.sc {
		return nil
	}
	e := yamlFind(y.code, 4)
	if e == nil {
		return rwErr("the map has no TLS key, and which one the program reads is not in the text")
	}
	val, ok := cfgGenericWrite(e, r.want.Security)
	if !ok {
		return rwErr(cfgSafeKey(e.key) + " cannot say that TLS mode")
	}
	r.setValue(&e.val, val, e.val.quote != 0, false)
	return nil
}
