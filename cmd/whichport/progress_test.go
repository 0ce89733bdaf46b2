package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/whichport/whichport/check"
	"github.com/whichport/whichport/probe"
)

// events of two probes, as check streams them.
func probeEvents() []check.Event {
	e587 := check.ProbeEntry{ID: "submission-h-587", Kind: "submission", Host: "h", Port: 587, Mode: probe.ModeStartTLS}
	e25 := check.ProbeEntry{ID: "relay-h-25", Kind: "relay", Host: "h", Port: 25, Mode: probe.ModeStartTLS}
	step := func(id, name string, ok bool) check.Event {
		return check.Event{Name: "step", Data: check.StepEvent{ID: id, IP: "192.0.2.1", Step: probe.Step{Name: name, OK: ok, MS: 12}}}
	}
	done587 := e587
	done587.Result = &check.ProbeResult{Result: probe.Result{Addresses: []probe.AddressResult{{Outcome: probe.OutcomeOK, Mode: probe.ModeStartTLS}}}}
	done25 := e25
	done25.Result = &check.ProbeResult{Result: probe.Result{Addresses: []probe.AddressResult{{Outcome: probe.OutcomeTimeout}}}}
	return []check.Event{
		{Name: "planned", Data: e587}, {Name: "planned", Data: e25},
		step(e587.ID, "connect", true), step(e587.ID, "greeting", true), step(e587.ID, "ehlo", true),
		step(e587.ID, "starttls", true), step(e587.ID, "tls", true), step(e587.ID, "quit", true),
		{Name: "probe", Data: done587},
		step(e25.ID, "connect", false),
		{Name: "probe", Data: done25},
	}
}

func TestBoardLiveOnATerminal(t *testing.T) {
	var buf bytes.Buffer
	b := newBoard(&output{w: &buf, live: true, color: true, width: 100}, func(e check.ProbeEntry) string { return "port " + e.ID })
	for _, ev := range probeEvents() {
		b.event(ev)
	}
	b.finish()
	s := buf.String()
	// Redrawn in place: the cursor goes back up over both lines.
	if !strings.Contains(s, "\033[2F") || !strings.Contains(s, "\033[2K") {
		t.Errorf("no in-place redraw:\n%q", s)
	}
	// The 587 line filled in step by step: one redraw per step.
	if n := strings.Count(s, "port submission-h-587"); n < 6 {
		t.Errorf("587 drawn %d times, want one per event", n)
	}
	last := s[strings.LastIndex(s, "\033[2F"):]
	for _, want := range []string{"connect 12 ms", "greeting", "EHLO", "STARTTLS", "TLS", "works", "timeout"} {
		if !strings.Contains(last, want) {
			t.Errorf("final drawing lacks %q:\n%q", want, last)
		}
	}
}

func TestBoardPlainLinesWhenNotATerminal(t *testing.T) {
	var buf bytes.Buffer
	b := newBoard(&output{w: &buf, width: 100}, func(e check.ProbeEntry) string { return e.ID })
	for _, ev := range probeEvents() {
		b.event(ev)
	}
	b.finish()
	want := "submission-h-587  connect 12 ms ok  greeting ok  EHLO ok  STARTTLS ok  TLS ok: works\n" +
		"relay-h-25  connect 12 ms failed: timeout\n"
	if buf.String() != want {
		t.Errorf("got\n%q\nwant\n%q", buf.String(), want)
	}
}
