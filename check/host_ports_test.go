package check

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/whichport/whichport/probe"
	"github.com/whichport/whichport/rules"
)

func TestHostPorts(t *testing.T) {
	// 25 timed out while 587 works: a relay port, not a failure of the host.
	fake := &fakeProbe{outcomes: map[int]string{25: probe.OutcomeTimeout, 2587: probe.OutcomeRefused}}
	cfg := Config{Lookup: testDNS(), Probe: fake.run, From: "a test"}
	rep, err := HostPorts(context.Background(), cfg, "smtp.example.com", []int{587, 2587, 25, 4000}, nil)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[int]string{}
	for _, p := range rep.Probes {
		kinds[p.Port] = p.Kind + "/" + string(p.Role) + "/" + string(p.Mode)
	}
	want := map[int]string{587: "submission//starttls", 2587: "submission/fallback/starttls", 25: "relay//starttls", 4000: "submission//auto"}
	for port, w := range want {
		if kinds[port] != w {
			t.Errorf("port %d planned as %q, want %q", port, kinds[port], w)
		}
	}
	if rep.Verdict == rules.VerdictError {
		t.Errorf("verdict error although 587 works: %+v", rep.Findings)
	}
	for _, f := range rep.Findings {
		if f.Severity == rules.SeverityError {
			t.Errorf("error finding left: %s %s", f.ID, f.Title)
		}
		if strings.Contains(f.Detail, "Port 25 is for server-to-server relay") && f.Severity != rules.SeverityInfo {
			t.Errorf("a closed 25 beside a working 587 is information: %s is %s", f.ID, f.Severity)
		}
	}

	// Nothing but 25, and it times out: that is an error.
	fake = &fakeProbe{outcomes: map[int]string{25: probe.OutcomeTimeout}}
	rep, _ = HostPorts(context.Background(), Config{Lookup: testDNS(), Probe: fake.run}, "smtp.example.com", []int{25}, nil)
	if rep.Verdict != rules.VerdictError {
		t.Errorf("only 25, timed out: verdict %q", rep.Verdict)
	}

	// nil ports is Host.
	fake = &fakeProbe{}
	rep, _ = HostPorts(context.Background(), Config{Lookup: testDNS(), Probe: fake.run}, "smtp.example.com", nil, nil)
	var ports []int
	for _, p := range rep.Probes {
		ports = append(ports, p.Port)
	}
	slices.Sort(ports)
	if !slices.Equal(ports, []int{465, 587, 2525}) {
		t.Errorf("nil ports probed %v", ports)
	}
}
