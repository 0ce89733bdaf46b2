//go:build js && wasm

package main

// Converters between rules values and plain JS objects, written by hand so
// the module needs neither reflect nor encoding/json. Field names are the
// JSON tags of rules/types.go; every field is always present (empty string,
// 0, false or [] when Go would omit it), so page code never meets undefined.

import (
	"strconv"
	"strings"
	"syscall/js"

	"github.com/whichport/whichport/diagnose"
	"github.com/whichport/whichport/formats"
	"github.com/whichport/whichport/rules"
)

var (
	objectCtor = js.Global().Get("Object")
	arrayCtor  = js.Global().Get("Array")
)

func newObject() js.Value      { return objectCtor.New() }
func newArray(n int) js.Value  { return arrayCtor.New(n) }
func isObject(v js.Value) bool { return v.Type() == js.TypeObject }

// stringFrom returns v when it is a string, else "".
func stringFrom(v js.Value) string {
	if v.Type() == js.TypeString {
		return v.String()
	}
	return ""
}

// field returns o[key] as a string; numbers are written in decimal.
func field(o js.Value, key string) string {
	if !isObject(o) {
		return ""
	}
	v := o.Get(key)
	switch v.Type() {
	case js.TypeString:
		return v.String()
	case js.TypeNumber:
		return strconv.Itoa(v.Int())
	}
	return ""
}

// intField returns o[key] as an int, reading numeric strings too; 0 when
// absent or not a whole number in 1..65535.
func intField(o js.Value, key string) int {
	if !isObject(o) {
		return 0
	}
	v := o.Get(key)
	switch v.Type() {
	case js.TypeNumber:
		f := v.Float()
		if f >= 1 && f <= 65535 && f == float64(int(f)) {
			return int(f)
		}
	case js.TypeString:
		return atoiPort(v.String())
	}
	return 0
}

func boolField(o js.Value, key string) bool {
	if !isObject(o) {
		return false
	}
	return o.Get(key).Truthy()
}

// atoiPort reads a decimal port number (surrounding spaces allowed); 0 when
// it is not one.
func atoiPort(s string) int {
	s = strings.Trim(s, " ")
	if s == "" || len(s) > 5 || s[0] < '0' || s[0] > '9' { // no sign
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 65535 {
		return 0
	}
	return n
}

// settingsFrom reads a settings object. A `password` string is only looked
// at for whether it is empty: it is never kept, so it cannot leak into a
// report, a rewrite or a snippet.
func settingsFrom(o js.Value) rules.Settings {
	if !isObject(o) {
		return rules.Settings{}
	}
	s := rules.Settings{
		Host:            field(o, "host"),
		Port:            intField(o, "port"),
		Security:        rules.Security(field(o, "security")),
		Auth:            rules.Auth(field(o, "auth")),
		Username:        field(o, "username"),
		PasswordPresent: boolField(o, "password_present"),
		PasswordEmpty:   boolField(o, "password_empty"),
		UsernameEmpty:   boolField(o, "username_empty"),
		Use:             rules.Use(field(o, "use")),
		Environment:     rules.Environment(field(o, "environment")),
		Library:         rules.Library(field(o, "library")),
		Provider:        field(o, "provider"),
	}
	if pw := o.Get("password"); pw.Type() == js.TypeString && pw.String() != "" {
		s.PasswordPresent = true
	}
	return s
}

func settingsJS(s rules.Settings) js.Value {
	o := newObject()
	o.Set("host", s.Host)
	o.Set("port", s.Port)
	o.Set("security", string(s.Security))
	o.Set("auth", string(s.Auth))
	o.Set("username", s.Username)
	o.Set("password_present", s.PasswordPresent)
	if s.PasswordEmpty {
		o.Set("password_empty", true)
	}
	if s.UsernameEmpty {
		o.Set("username_empty", true)
	}
	o.Set("use", string(s.Use))
	o.Set("environment", string(s.Environment))
	o.Set("library", string(s.Library))
	o.Set("provider", s.Provider)
	return o
}

func stringsJS(ss []string) js.Value {
	a := newArray(len(ss))
	for i, s := range ss {
		a.SetIndex(i, s)
	}
	return a
}

func refJS(r rules.Ref) js.Value {
	o := newObject()
	o.Set("name", r.Name)
	o.Set("url", r.URL)
	return o
}

func refsJS(rs []rules.Ref) js.Value {
	a := newArray(len(rs))
	for i, r := range rs {
		a.SetIndex(i, refJS(r))
	}
	return a
}

func findingJS(f rules.Finding) js.Value {
	o := newObject()
	o.Set("id", f.ID)
	o.Set("severity", string(f.Severity))
	o.Set("title", f.Title)
	o.Set("detail", f.Detail)
	o.Set("fix", f.Fix)
	o.Set("setting", f.Setting)
	o.Set("refs", refsJS(f.Refs))
	return o
}

func choiceJS(c rules.Choice) js.Value {
	o := newObject()
	o.Set("host", c.Host)
	o.Set("port", c.Port)
	o.Set("security", string(c.Security))
	o.Set("why", c.Why)
	return o
}

func choicesJS(cs []rules.Choice) js.Value {
	a := newArray(len(cs))
	for i, c := range cs {
		a.SetIndex(i, choiceJS(c))
	}
	return a
}

func reportJS(r rules.Report) js.Value {
	o := newObject()
	o.Set("verdict", string(r.Verdict))
	o.Set("settings", settingsJS(r.Settings))
	o.Set("provider", r.Provider)
	fs := newArray(len(r.Findings))
	for i, f := range r.Findings {
		fs.SetIndex(i, findingJS(f))
	}
	o.Set("findings", fs)
	o.Set("recommended", choiceJS(r.Recommended))
	o.Set("alternatives", choicesJS(r.Alternatives))
	return o
}

func providerJS(p rules.Provider) js.Value {
	o := newObject()
	o.Set("id", p.ID)
	o.Set("name", p.Name)
	o.Set("hosts", stringsJS(p.Hosts))
	o.Set("ports", choicesJS(p.Ports))
	o.Set("credentials", p.Credentials)
	o.Set("source", refJS(p.Source))
	o.Set("confidence", p.Confidence)
	return o
}

func errorMatchJS(m diagnose.Match) js.Value {
	o := newObject()
	o.Set("id", m.ID)
	o.Set("severity", string(m.Severity))
	o.Set("title", m.Title)
	o.Set("cause", m.Cause)
	o.Set("fix", m.Fix)
	o.Set("setting", m.Setting)
	o.Set("excerpt", m.Excerpt)
	o.Set("line", m.Line)
	o.Set("refs", refsJS(m.Refs))
	if m.AlternativeOf != "" {
		o.Set("alternative_of", m.AlternativeOf)
	}
	return o
}

func snippetJS(s formats.Snippet) js.Value {
	o := newObject()
	o.Set("library", string(s.Library))
	o.Set("title", s.Title)
	o.Set("language", s.Language)
	o.Set("code", s.Code)
	return o
}

func errorObject(line int, msg string) js.Value {
	o := newObject()
	o.Set("line", line)
	o.Set("message", msg)
	return o
}

// parseErrorJS turns Parse's and Rewrite's error into {line, message}.
func parseErrorJS(err error) js.Value {
	if pe, ok := err.(*formats.ParseError); ok {
		return errorObject(pe.Line, pe.Msg)
	}
	return errorObject(0, err.Error())
}

// presetFrom reads explainAgainst's preset: a known provider's ID, or an
// object {id?, name, host | hosts, ports: [{port, security}] | pairs}.
// An object with only an id is looked up; what an object leaves out,
// ExplainAgainst takes from the known provider with its id. pairs is the
// embed's query form, "587:starttls,465:implicit". Unknown security words
// and ports outside 1..65535 are dropped; a preset with no host and no
// pair is refused.
func presetFrom(v js.Value) (rules.Provider, bool) {
	if !isObject(v) {
		return rules.ProviderByID(stringFrom(v))
	}
	p := rules.Provider{ID: field(v, "id"), Name: field(v, "name")}
	if h := field(v, "host"); h != "" {
		p.Hosts = append(p.Hosts, h)
	}
	if hs := v.Get("hosts"); isObject(hs) {
		for i := 0; i < hs.Length(); i++ {
			if h := stringFrom(hs.Index(i)); h != "" {
				p.Hosts = append(p.Hosts, h)
			}
		}
	}
	if ps := v.Get("ports"); isObject(ps) {
		for i := 0; i < ps.Length(); i++ {
			c := ps.Index(i)
			port, sec := intField(c, "port"), rules.Security(field(c, "security"))
			if port != 0 && validSecurity(sec) {
				p.Ports = append(p.Ports, rules.Choice{Port: port, Security: sec, Host: field(c, "host")})
			}
		}
	}
	p.Ports = append(p.Ports, pairsFrom(field(v, "pairs"))...)
	if len(p.Hosts) == 0 && len(p.Ports) == 0 {
		return rules.ProviderByID(p.ID)
	}
	return p, true
}

func validSecurity(s rules.Security) bool {
	return s == rules.SecurityStartTLS || s == rules.SecurityImplicit || s == rules.SecurityNone
}

// pairsFrom reads "587:starttls,465:implicit".
func pairsFrom(s string) []rules.Choice {
	var out []rules.Choice
	for _, item := range strings.Split(s, ",") {
		port, sec, ok := strings.Cut(item, ":")
		if !ok {
			continue
		}
		if port, sec := atoiPort(port), rules.Security(sec); port != 0 && validSecurity(sec) {
			out = append(out, rules.Choice{Port: port, Security: sec})
		}
	}
	return out
}

func intsJS(ns []int) js.Value {
	a := newArray(len(ns))
	for i, n := range ns {
		a.SetIndex(i, n)
	}
	return a
}

func portFactJS(p rules.PortFact) js.Value {
	o := newObject()
	o.Set("port", p.Port)
	o.Set("name", p.Name)
	o.Set("security", string(p.Security))
	o.Set("tls", p.TLS)
	o.Set("purpose", p.Purpose)
	o.Set("standard", refJS(p.Standard))
	b := newArray(len(p.BlockedBy))
	for i, e := range p.BlockedBy {
		b.SetIndex(i, string(e))
	}
	o.Set("blocked_by", b)
	return o
}

func environmentJS(e rules.EnvironmentInfo) js.Value {
	o := newObject()
	o.Set("id", string(e.ID))
	o.Set("name", e.Name)
	o.Set("blocks", intsJS(e.Blocks))
	o.Set("condition", e.Condition)
	o.Set("way_out", e.WayOut)
	o.Set("source", refJS(e.Source))
	o.Set("confidence", e.Confidence)
	return o
}
