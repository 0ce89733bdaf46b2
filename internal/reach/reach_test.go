package reach_test

import (
	"context"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/whichport/whichport/internal/hostenv"
	"github.com/whichport/whichport/internal/reach"
	"github.com/whichport/whichport/probe"
)

// res builds a probe result whose connect step has outcome after ms.
func res(host string, port int, outcome string, ms int64, errText string) probe.Result {
	a := probe.AddressResult{IP: "192.0.2.1", Outcome: outcome, Error: errText}
	switch outcome {
	case probe.OutcomeOK, probe.OutcomeNoGreeting, probe.OutcomeTLSFailed, probe.OutcomeRejected:
		a.Steps = []probe.Step{{Name: "connect", OK: true, MS: ms}}
	default:
		a.Steps = []probe.Step{{Name: "connect", OK: false, MS: ms, Detail: outcome + ": " + errText}}
	}
	return probe.Result{Host: host, Port: port, Addresses: []probe.AddressResult{a}}
}

var (
	nowhere = hostenv.Where{}
	gce     = hostenv.Detect(hostenv.Config{Root: filepath.Join("..", "hostenv", "testdata", "roots", "gce")})
)

func find(t *testing.T, d reach.Diagnosis, port int) reach.Port {
	t.Helper()
	for _, p := range d.Ports {
		if p.Port == port {
			return p
		}
	}
	t.Fatalf("no verdict for port %d", port)
	return reach.Port{}
}

func TestDiagnose(t *testing.T) {
	const host = "smtp.example.com"
	cases := []struct {
		name     string
		results  []probe.Result
		controls []probe.Result
		where    hostenv.Where
		port     int
		state    reach.State
		local    bool
		headline string // substring
		evidence string // substring of the joined evidence
	}{
		{name: "works", results: []probe.Result{res(host, 587, probe.OutcomeOK, 30, "")}, port: 587, state: reach.StateWorks, headline: "works"},
		{name: "25 times out while 587 and 465 answer",
			results: []probe.Result{res(host, 25, probe.OutcomeTimeout, 8000, "i/o timeout"), res(host, 587, probe.OutcomeOK, 30, ""), res(host, 465, probe.OutcomeOK, 31, "")},
			port:    25, state: reach.StateBlockedHere, local: true, headline: "timed out: likely blocked on the way", evidence: "answers on port 465 and 587"},
		{name: "same port times out to the control host too",
			results:  []probe.Result{res(host, 25, probe.OutcomeTimeout, 8000, "")},
			controls: []probe.Result{res("smtp.gmail.com", 25, probe.OutcomeTimeout, 8000, "")},
			port:     25, state: reach.StateBlockedHere, local: true, headline: "likely blocked on the way", evidence: "also timed out to smtp.gmail.com"},
		{name: "control answers: the server drops it",
			results:  []probe.Result{res(host, 2525, probe.OutcomeTimeout, 8000, ""), res(host, 587, probe.OutcomeOK, 30, "")},
			controls: []probe.Result{res("smtp.gmail.com", 2525, probe.OutcomeOK, 20, "")},
			port:     2525, state: reach.StateServerDrops, headline: "its firewall drops port 2525, not your network"},
		{name: "the environment blocks it",
			results: []probe.Result{res(host, 25, probe.OutcomeTimeout, 8000, "")},
			where:   gce, port: 25, state: reach.StateBlockedHere, local: true, headline: "likely blocked on the way", evidence: "Google Compute Engine blocks outbound port 25"},
		{name: "nothing answers, no control",
			results: []probe.Result{res(host, 587, probe.OutcomeTimeout, 8000, ""), res(host, 465, probe.OutcomeTimeout, 8000, "")},
			port:    587, state: reach.StateTimedOut, headline: "or the host is down"},
		{name: "refused on loopback: the server",
			results: []probe.Result{res(host, 2525, probe.OutcomeRefused, 0, "connection refused"), res(host, 587, probe.OutcomeOK, 0, "")},
			port:    2525, state: reach.StateRefused, headline: "refused: nothing listens there"},
		{name: "refused far sooner than the round trip: nearby",
			results: []probe.Result{res(host, 25, probe.OutcomeRefused, 2, "connection refused"), res(host, 587, probe.OutcomeOK, 90, "")},
			port:    25, state: reach.StateRefusedNearby, local: true, headline: "close to this machine", evidence: "in 2 ms"},
		{name: "refused about as late as the round trip: the server",
			results: []probe.Result{res(host, 25, probe.OutcomeRefused, 85, "connection refused"), res(host, 587, probe.OutcomeOK, 90, "")},
			port:    25, state: reach.StateRefused, headline: "nothing listens there"},
		{name: "ICMP-rejected while another port connects: a firewall",
			results: []probe.Result{res(host, 25, probe.OutcomeUnreachable, 1, "connect: no route to host"), res(host, 587, probe.OutcomeOK, 30, "")},
			port:    25, state: reach.StateFirewall, headline: "rejected by a firewall", evidence: "answers on port 587"},
		{name: "ICMP-rejected towards the control host too: here",
			results:  []probe.Result{res(host, 25, probe.OutcomeUnreachable, 1, "connect: no route to host")},
			controls: []probe.Result{res("smtp.sendgrid.net", 25, probe.OutcomeUnreachable, 1, "connect: no route to host")},
			port:     25, state: reach.StateBlockedHere, local: true, headline: "likely blocked here", evidence: "smtp.sendgrid.net"},
		{name: "ICMP-rejected, control answers: the server's firewall",
			results:  []probe.Result{res(host, 25, probe.OutcomeUnreachable, 1, "connect: no route to host")},
			controls: []probe.Result{res("smtp.sendgrid.net", 25, probe.OutcomeOK, 20, "")},
			port:     25, state: reach.StateServerDrops, headline: "not your network"},
		{name: "no route at all",
			results: []probe.Result{res(host, 25, probe.OutcomeUnreachable, 1, "connect: network is unreachable")},
			port:    25, state: reach.StateUnreachable, headline: "no route from here"},
		{name: "this machine's firewall",
			results: []probe.Result{res(host, 25, probe.OutcomeError, 0, "dial tcp 192.0.2.1:25: connect: operation not permitted")},
			port:    25, state: reach.StateLocalFirewall, local: true, headline: "own firewall"},
		{name: "connected, then no greeting: the server's end",
			results: []probe.Result{res(host, 465, probe.OutcomeNoGreeting, 30, "no greeting within 20s")},
			port:    465, state: reach.StateServerProblem, headline: "not a block"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := reach.Diagnose(c.results, c.controls, c.where)
			p := find(t, d, c.port)
			if p.State != c.state || p.Local != c.local {
				t.Errorf("state %q local %v, want %q %v (%s; %v)", p.State, p.Local, c.state, c.local, p.Headline, p.Evidence)
			}
			if !strings.Contains(p.Headline, c.headline) {
				t.Errorf("headline %q lacks %q", p.Headline, c.headline)
			}
			if ev := strings.Join(p.Evidence, " | "); !strings.Contains(ev, c.evidence) {
				t.Errorf("evidence %q lacks %q", ev, c.evidence)
			}
			blocked := false
			for _, b := range d.BlockedHere {
				blocked = blocked || b == c.port
			}
			if blocked != c.local {
				t.Errorf("BlockedHere %v, local %v", d.BlockedHere, c.local)
			}
		})
	}
}

func TestEnvironmentSentenceForBlockedPorts(t *testing.T) {
	d := reach.Diagnose([]probe.Result{res("smtp.example.com", 25, probe.OutcomeTimeout, 8000, ""), res("smtp.example.com", 587, probe.OutcomeOK, 30, "")}, nil, gce)
	want := "You are on Google Compute Engine: outbound port 25 is blocked, with no exceptions. Submit on 587 or 465 to a relay or mail provider."
	if len(d.Environment) != 1 || d.Environment[0] != want {
		t.Errorf("Environment = %q, want [%q]", d.Environment, want)
	}
	ok := reach.Diagnose([]probe.Result{res("smtp.example.com", 587, probe.OutcomeOK, 30, "")}, nil, gce)
	if len(ok.Environment) != 0 {
		t.Errorf("no port blocked, no rule said: %q", ok.Environment)
	}
}

func TestControlHostIsUnrelatedAndDocumentsThePort(t *testing.T) {
	cases := []struct {
		target string
		port   int
		want   string
	}{
		{"smtp.example.com", 25, "smtp.sendgrid.net"},
		{"smtp.example.com", 2525, "smtp.sendgrid.net"},
		{"smtp.sendgrid.net", 2525, "smtp2go"}, // not SendGrid itself
		{"smtp.example.com", 2465, "smtp.resend.com"},
		{"smtp.example.com", 8025, "mail.smtp2go.com"},
		{"smtp.example.com", 1, ""},
	}
	for _, c := range cases {
		got := reach.ControlHost(c.target, c.port)
		if !strings.Contains(got, c.want) || c.want == "" && got != "" {
			t.Errorf("ControlHost(%q, %d) = %q, want %q", c.target, c.port, got, c.want)
		}
	}
}

func TestConnectOnLoopback(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	port := ln.Addr().(*net.TCPAddr).Port
	ok := reach.Connect(context.Background(), &net.Dialer{}, nil, "127.0.0.1", port, time.Second, nil)
	if ok.Addresses[0].Outcome != probe.OutcomeOK || !ok.Addresses[0].Steps[0].OK {
		t.Errorf("listening port: %+v", ok.Addresses[0])
	}
	// A port nothing listens on: close the listener of a fresh one.
	l2, _ := net.Listen("tcp", "127.0.0.1:0")
	closed := l2.Addr().(*net.TCPAddr).Port
	l2.Close()
	ref := reach.Connect(context.Background(), &net.Dialer{}, nil, "127.0.0.1", closed, time.Second, nil)
	if ref.Addresses[0].Outcome != probe.OutcomeRefused {
		t.Errorf("closed port: %+v", ref.Addresses[0])
	}
	// A dialer that never answers stands for a dropped packet.
	to := reach.Connect(context.Background(), blackhole{}, nil, "192.0.2.1", 25, 50*time.Millisecond, nil)
	if to.Addresses[0].Outcome != probe.OutcomeTimeout {
		t.Errorf("dropped: %+v", to.Addresses[0])
	}
}

type blackhole struct{}

func (blackhole) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	<-ctx.Done()
	return nil, &net.OpError{Op: "dial", Net: network, Err: ctx.Err()}
}
