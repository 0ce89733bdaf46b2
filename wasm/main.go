//go:build js && wasm

// Command wasm is whichport's browser module: packages rules (the
// explainer), formats (reading, rewriting and writing configuration) and
// diagnose (pasted errors) compiled to WebAssembly, exposed to the page as
// globalThis.whichport. It is only a bridge: it converts values and calls
// those packages, and must not import net, lookup, probe, check or api.
//
// The module has a size budget (620 KB brotli, of which the Go runtime is
// about 440 KB), so besides those packages it imports only syscall/js and
// the small standard packages they use: no fmt, reflect, encoding/json or
// net/url (deps_test.go checks). Go values become JS objects through the
// hand-written converters in convert.go; their field names are the JSON
// tags of rules/types.go, formats/types.go and diagnose/match.go.
//
// Loading, from a page:
//
//	<script src="/static/engine.js"></script>
//	whichport.ready.then(wp => wp.explain({host: "smtp.gmail.com", port: 465}))
//
// See README.md for the whole API.
package main

import (
	"syscall/js"

	"github.com/whichport/whichport/diagnose"
	"github.com/whichport/whichport/formats"
	"github.com/whichport/whichport/rules"
)

// version is the module's version, set with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	g := js.Global()
	// The time main starts, after the runtime's and every package's
	// initialisation: engine-worker.js reports it in whichport.timings.
	if perf := g.Get("performance"); perf.Type() == js.TypeObject {
		perf.Call("mark", "whichport:main")
	}
	wp := g.Get("whichport")
	if wp.Type() != js.TypeObject {
		wp = newObject()
		g.Set("whichport", wp)
	}
	for _, e := range exports {
		export(wp, e.name, e.fn)
	}
	wp.Set("version", version)
	wp.Set("loaded", true)

	// Signal readiness: resolve the promise engine.js created, or make one,
	// then tell anyone listening.
	if resolve := wp.Get("_resolve"); resolve.Type() == js.TypeFunction {
		resolve.Invoke(wp)
	} else {
		wp.Set("ready", g.Get("Promise").Call("resolve", wp))
	}
	if dispatch := g.Get("dispatchEvent"); dispatch.Type() == js.TypeFunction {
		if ev := g.Get("Event"); ev.Type() == js.TypeFunction {
			g.Call("dispatchEvent", ev.New("whichport-ready"))
		}
	}
	select {} // keep the exported functions alive
}

// exports are the functions of globalThis.whichport (README.md).
var exports = []struct {
	name string
	fn   func(args []js.Value) js.Value
}{
	{"explain", explain}, {"explainAgainst", explainAgainst}, {"parse", parse}, {"rewrite", rewrite},
	{"explainError", explainError}, {"snippet", snippet}, {"snippets", snippets}, {"providers", providers},
	{"provider", provider}, {"detectProvider", detectProvider}, {"portFacts", portFacts}, {"environments", environments},
}

// export sets wp[name] to a JS function calling fn. A panic in the engine
// becomes {error: "..."} instead of killing the module for every later call.
func export(wp js.Value, name string, fn func(args []js.Value) js.Value) {
	wp.Set(name, js.FuncOf(func(this js.Value, args []js.Value) (out any) {
		defer func() {
			if r := recover(); r != nil {
				o := newObject()
				o.Set("ok", false)
				o.Set("error", errorObject(0, name+": internal error: "+panicText(r)))
				out = o
			}
		}()
		return fn(args)
	}))
}

func panicText(r any) string {
	switch v := r.(type) {
	case string:
		return v
	case error:
		return v.Error()
	}
	return "unknown"
}

// arg returns args[i], or undefined when the caller passed fewer.
func arg(args []js.Value, i int) js.Value {
	if i < len(args) {
		return args[i]
	}
	return js.Undefined()
}

// explain(settings) -> Report
func explain(args []js.Value) js.Value {
	return reportJS(rules.Explain(settingsFrom(arg(args, 0))))
}

// explainAgainst(settings, preset) -> Report. preset is a provider ID
// string, or {id?, name, host|hosts, ports: [{port, security}] | pairs: "587:starttls,465:implicit"}.
func explainAgainst(args []js.Value) js.Value {
	p, ok := presetFrom(arg(args, 1))
	if !ok {
		o := newObject()
		o.Set("ok", false)
		o.Set("error", errorObject(0, "unknown provider preset"))
		return o
	}
	return reportJS(rules.ExplainAgainst(settingsFrom(arg(args, 0)), p))
}

// blockArg is a 1-based block number argument; 0 when absent or not one.
func blockArg(v js.Value) int {
	if v.Type() == js.TypeNumber && v.Float() >= 1 && v.Float() < 1e6 {
		return v.Int()
	}
	return 0
}

// parse(text, block?) -> {ok, format, library, settings, notes, report,
// placeholder, blocks: [{name, first_line, last_line, format, label}],
// block, skipped_lines, error}
func parse(args []js.Value) js.Value {
	text := stringFrom(arg(args, 0))
	o := newObject()
	p, err := formats.ParseBlock(text, blockArg(arg(args, 1)))
	if err != nil {
		o.Set("ok", false)
		o.Set("error", parseErrorJS(err))
		return o
	}
	o.Set("ok", true)
	o.Set("format", string(p.Format))
	o.Set("library", string(p.Library))
	o.Set("settings", settingsJS(p.Settings))
	o.Set("notes", stringsJS(p.Notes))
	o.Set("report", reportJS(formats.Explain(p)))
	o.Set("placeholder", p.Placeholder)
	formats.LabelBlocks(text, &p)
	bs := newArray(len(p.Blocks))
	for i, b := range p.Blocks {
		bo := newObject()
		bo.Set("name", b.Name)
		bo.Set("first_line", b.FirstLine)
		bo.Set("last_line", b.LastLine)
		bo.Set("format", string(b.Format))
		bo.Set("label", b.Label)
		bs.SetIndex(i, bo)
	}
	o.Set("blocks", bs)
	o.Set("block", p.Block)
	o.Set("skipped_lines", intsJS(p.Skipped))
	o.Set("error", js.Null())
	return o
}

// rewrite(text, settings, block?) -> {ok, text, error}
func rewrite(args []js.Value) js.Value {
	out, err := formats.RewriteBlock(stringFrom(arg(args, 0)), settingsFrom(arg(args, 1)), blockArg(arg(args, 2)))
	o := newObject()
	if err != nil {
		o.Set("ok", false)
		o.Set("text", "")
		o.Set("error", parseErrorJS(err))
		return o
	}
	o.Set("ok", true)
	o.Set("text", out)
	o.Set("error", js.Null())
	return o
}

// explainError(text) -> [ErrorMatch]
func explainError(args []js.Value) js.Value {
	ms := diagnose.Explain(stringFrom(arg(args, 0)))
	a := newArray(len(ms))
	for i, m := range ms {
		a.SetIndex(i, errorMatchJS(m))
	}
	return a
}

// snippet(library, settings) -> Snippet | null
func snippet(args []js.Value) js.Value {
	s, ok := formats.SnippetFor(rules.Library(stringFrom(arg(args, 0))), settingsFrom(arg(args, 1)))
	if !ok {
		return js.Null()
	}
	return snippetJS(s)
}

// snippets(settings) -> [Snippet]
func snippets(args []js.Value) js.Value {
	ss := formats.Snippets(settingsFrom(arg(args, 0)))
	a := newArray(len(ss))
	for i, s := range ss {
		a.SetIndex(i, snippetJS(s))
	}
	return a
}

// providers() -> [Provider]
func providers(args []js.Value) js.Value {
	ps := rules.Providers()
	a := newArray(len(ps))
	for i, p := range ps {
		a.SetIndex(i, providerJS(p))
	}
	return a
}

// provider(id) -> Provider | null
func provider(args []js.Value) js.Value {
	p, ok := rules.ProviderByID(stringFrom(arg(args, 0)))
	if !ok {
		return js.Null()
	}
	return providerJS(p)
}

// detectProvider(host) -> Provider | null
func detectProvider(args []js.Value) js.Value {
	p, ok := rules.DetectProvider(stringFrom(arg(args, 0)))
	if !ok {
		return js.Null()
	}
	return providerJS(p)
}

// portFacts() -> [PortFact]
func portFacts(args []js.Value) js.Value {
	ps := rules.PortFacts()
	a := newArray(len(ps))
	for i, p := range ps {
		a.SetIndex(i, portFactJS(p))
	}
	return a
}

// environments() -> [EnvironmentInfo]
func environments(args []js.Value) js.Value {
	es := rules.EnvironmentDetails()
	a := newArray(len(es))
	for i, e := range es {
		a.SetIndex(i, environmentJS(e))
	}
	return a
}
