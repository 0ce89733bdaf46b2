package check

import (
	"sync"

	"github.com/whichport/whichport/lookup"
	"github.com/whichport/whichport/probe"
	"github.com/whichport/whichport/rules"
)

// Event is one streamed result. Name is the server-sent event name of
// docs/CONTRACTS.md and Data its payload, ready for encoding/json:
//
//	start    Start        first, once
//	planned  ProbeEntry   a probe is planned (no result yet)
//	dns      DNSAnswer    a look-up finished
//	step     StepEvent    a probe finished a step on one address
//	probe    ProbeEntry   a probe finished, with its result
//	error    ErrorEvent   the time budget ran out (just before summary)
//	summary  Summary      findings, verdict and the summary sentence
//	done     Done         last, once
type Event struct {
	Name string
	Data any
}

// Stream event payloads.
type (
	// Start opens a stream: what is checked, from where.
	Start struct {
		Domain  string `json:"domain"`
		From    string `json:"from"`
		Warning string `json:"warning"`
	}
	// DNSAnswer is one look-up's result: Kind is mx, mta-sts, srv,
	// discovery, tls-rpt, spf, dmarc or tlsa; Data the lookup result.
	DNSAnswer struct {
		Kind string `json:"kind"`
		Data any    `json:"data"`
	}
	// StepEvent is one probe step on one address (IP is "" for the
	// resolve step shared by all addresses).
	StepEvent struct {
		ID   string     `json:"id"`
		IP   string     `json:"ip"`
		Step probe.Step `json:"step"`
	}
	// Summary is the findings of the whole check, worst first.
	Summary struct {
		Findings []rules.Finding `json:"findings"`
		Verdict  rules.Verdict   `json:"verdict,omitempty"`
		Summary  string          `json:"summary"`
		Partial  bool            `json:"partial,omitempty"`
	}
	// Done ends a stream.
	Done struct {
		MS      int64 `json:"ms"`
		Partial bool  `json:"partial,omitempty"`
	}
	// ErrorEvent says the check could not finish (Budget: the time budget
	// ran out).
	ErrorEvent struct {
		Error  string `json:"error"`
		Field  string `json:"field,omitempty"`
		Budget bool   `json:"budget,omitempty"`
	}
)

// ProbeEntry is one probe of a check: the plan and, once done, the result.
type ProbeEntry struct {
	ID     string     `json:"id"`
	Kind   string     `json:"kind"` // mx, submission or probe
	Host   string     `json:"host"`
	Port   int        `json:"port"`
	Mode   probe.Mode `json:"mode"`
	Source string     `json:"source,omitempty"` // how a submission host was found: srv, autoconfig, guess
	// Role is what the port is for in a check: "" (counts in full),
	// "fallback" (an unofficial alternate such as 2525) or "spare" (an
	// official port or MX host whose sibling works); see rules.ProbeRole.
	Role   rules.ProbeRole `json:"role,omitempty"`
	Result *ProbeResult    `json:"result,omitempty"` // absent in "planned" events
	Error  string          `json:"error,omitempty"`
	// From and Warning are set on the answer of a single probe (a check
	// says them once for all its probes).
	From    string `json:"from,omitempty"`
	Warning string `json:"warning,omitempty"`
	// strictTLS: a client refuses this port unless its certificate
	// verifies (submission ports always; port 25 under MTA-STS enforce or
	// DANE). Set when the check is weighed (see strictTLS).
	strictTLS bool
}

// ProbeResult is probe.Result with the reason a probe could not run at
// all (target not allowed, time budget spent...). Every finished entry has
// one, so a client reads the outcome in one place.
type ProbeResult struct {
	probe.Result
	Error string `json:"error,omitempty"`
}

// Report is the whole answer of a domain check.
type Report struct {
	Domain    string                    `json:"domain"`
	From      string                    `json:"from"`
	Warning   string                    `json:"warning"`
	MX        *lookup.MXResult          `json:"mx"`
	Discovery []lookup.SubmissionServer `json:"discovery"`
	Probes    []ProbeEntry              `json:"probes"`
	MTASTS    *lookup.MTASTSResult      `json:"mta_sts"`
	TLSRPT    *lookup.TLSRPTResult      `json:"tls_rpt"`
	DANE      []lookup.TLSAResult       `json:"dane"`
	SPF       *lookup.SPFResult         `json:"spf"`
	DMARC     *lookup.DMARCResult       `json:"dmarc"`
	Findings  []rules.Finding           `json:"findings"`
	// Verdict is the one-word answer for the whole domain: error only when
	// what matters fails (no MX answers on port 25, or neither 587 nor 465
	// works), never for a closed alternate port.
	Verdict rules.Verdict `json:"verdict"`
	Summary string        `json:"summary"`
	Partial bool          `json:"partial,omitempty"`
	MS      int64         `json:"ms"`

	discovery *lookup.DiscoveryResult // SRV answers and guesses, for the domain findings
}

// emitter passes events to the caller's callback one at a time and drops
// everything after the last batch, so late probe steps (past the budget)
// never follow "done" and the callback is never called after Domain or
// Probe returns. A nil callback drops everything.
type emitter struct {
	mu     sync.Mutex
	emit   func(Event)
	closed bool
}

func (em *emitter) send(name string, data any) {
	em.mu.Lock()
	defer em.mu.Unlock()
	if em.closed || em.emit == nil {
		return
	}
	em.emit(Event{Name: name, Data: data})
}

// final sends the last events and closes the stream.
func (em *emitter) final(evs ...Event) {
	em.mu.Lock()
	defer em.mu.Unlock()
	if em.closed {
		return
	}
	em.closed = true
	if em.emit == nil {
		return
	}
	for _, e := range evs {
		em.emit(e)
	}
}

// close drops all later events.
func (em *emitter) close() {
	em.mu.Lock()
	em.closed = true
	em.mu.Unlock()
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
