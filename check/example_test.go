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

// One probe, as a command-line tool on the sender's machine runs it: no
// Policy (every address and port may be probed), the events printed as
// they come. Here the probe is a fake; a real caller leaves Probe nil.
func ExampleProbe() {
	works := func(_ context.Context, _ probe.Config, t probe.Target) (probe.Result, error) {
		return probe.Result{Host: t.Host, Port: t.Port, Mode: t.Mode,
			Addresses: []probe.AddressResult{{IP: t.Addrs[0].String(), Mode: probe.ModeStartTLS, Outcome: probe.OutcomeOK}}}, nil
	}
	dns := &lookup.Client{Resolver: lookuptest.New("smtp.example.com. A 127.0.0.1"), HTTP: lookuptest.Web{}}
	cfg := check.Config{Lookup: dns, Probe: works}
	_, err := check.Probe(context.Background(), cfg, check.Target{Host: "smtp.example.com", Port: 587, Mode: probe.ModeStartTLS},
		func(e check.Event) { fmt.Println(e.Name) })
	fmt.Println(err)
	// Output:
	// start
	// planned
	// probe
	// summary
	// done
	// <nil>
}
