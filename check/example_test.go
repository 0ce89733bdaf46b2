package check_test

import (
	"context"
	"fmt"

	"github.com/whichport/whichport/check"
	"github.com/whichport/whichport/lookup"
	"github.com/whichport/whichport/lookup/lookuptest"
	"github.com/whichport/whichport/probe"
	"github.com/whichport/whichport/rules"
)

// A domain check streams its events as they come and returns the report.
// Here DNS and the probes are fakes; a real caller passes
// &lookup.Client{} and leaves Probe nil.
func ExampleDomain() {
	dns := &lookup.Client{Resolver: lookuptest.New("example.com. MX 10 mx.example.com.", "mx.example.com. A 127.0.0.25"), HTTP: lookuptest.Web{}}
	refused := func(_ context.Context, _ probe.Config, t probe.Target) (probe.Result, error) {
		return probe.Result{Host: t.Host, Port: t.Port, Mode: t.Mode,
			Addresses: []probe.AddressResult{{IP: "127.0.0.25", Mode: t.Mode, Outcome: probe.OutcomeRefused}},
			Findings:  rules.ProbeFindings(rules.ProbeFacts{Host: t.Host, Port: t.Port, Outcome: probe.OutcomeRefused})}, nil
	}
	cfg := check.Config{Lookup: dns, Probe: refused, From: "this laptop"}
	rep, err := check.Domain(context.Background(), cfg, "example.com", func(e check.Event) {
		if e.Name == "probe" {
			fmt.Println(check.ProbeSentence(e.Data.(check.ProbeEntry)))
		}
	})
	fmt.Println(rep.Verdict, err)
	// Output:
	// mx.example.com port 25 (STARTTLS): refused.
	// error <nil>
}
