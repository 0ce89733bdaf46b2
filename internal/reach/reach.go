// Package reach answers "blocked here, or down there?" for SMTP probes run
// from the sender's own machine: it reads the connect outcome of each port
// (probe.Result) beside the other ports of the same host, a control host
// probed on the same port, and where the machine runs (hostenv), and says
// for each port whether it works, is likely blocked on the way (this
// machine, its network, ISP or hosting provider), is refused by the
// server, or answers but fails later (a server problem).
//
// The evidence, strongest first:
//
//   - the same port timing out to two unrelated hosts (the one asked about
//     and a control host) is a block on this side; a control host that
//     answers on that port means this side lets the port through, so the
//     timeout is the server's firewall;
//   - a connect timeout on one port while other ports of the same host
//     answer says the host is up and something drops that port: most
//     often an outbound block (FACTS §4), and certainly so when the
//     environment's rule blocks it;
//   - a refusal from this machine's own firewall (EPERM/EACCES on
//     connect), and a refusal that comes back far sooner than the host's
//     round trip (measured on a port that connects), come from something
//     close to this machine, not the server; otherwise "refused" means
//     nothing listens there;
//   - an ICMP rejection ("no route to host", as firewalld's default reject
//     gives) of one port while another port of the host connects is a
//     firewall; the control host tells on which side;
//   - a connection that succeeds but then fails (no greeting, rejected,
//     TLS failed) is the server's side.
//
// A connect timeout cannot be told apart from a server that drops packets
// on its own with certainty; the texts say "likely" where that is so.
//
// Use:
//
//	d := reach.Diagnose(results, controls, where)
//	for _, p := range d.Ports { fmt.Println(p.Port, p.Headline) }
package reach

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/whichport/whichport/internal/hostenv"
	"github.com/whichport/whichport/probe"
)

// State is what a port's probe says about the way to it.
type State string

const (
	StateWorks         State = "works"          // the dialogue went through
	StateBlockedHere   State = "blocked-here"   // timed out: likely blocked on the way
	StateServerDrops   State = "server-drops"   // timed out to this host only: its firewall
	StateTimedOut      State = "timed-out"      // timed out, nothing to tell where
	StateRefused       State = "refused"        // refused by the server: nothing listens there
	StateRefusedNearby State = "refused-nearby" // refused by something close to this machine
	StateLocalFirewall State = "local-firewall" // this machine's own firewall refused to connect
	StateUnreachable   State = "unreachable"    // no route to the host
	StateFirewall      State = "firewall"       // an ICMP rejection of one port: a firewall, side unknown
	StateServerProblem State = "server-problem" // connected, but the server failed later
	StateNotProbed     State = "not-probed"     // the probe could not run (name did not resolve...)
)

// Port is the verdict for one port of the host asked about.
type Port struct {
	Host     string   `json:"host"`
	Port     int      `json:"port"`
	State    State    `json:"state"`
	Headline string   `json:"headline"`           // "timed out: likely blocked on the way"
	Evidence []string `json:"evidence,omitempty"` // the facts the headline rests on
	Local    bool     `json:"local"`              // the problem is on this side (blocked here)
}

// Diagnosis is the verdict for every port and the environment's rule.
type Diagnosis struct {
	Where hostenv.Where `json:"where"`
	Ports []Port        `json:"ports"`
	// Environment says the provider's rule for the blocked ports, one
	// sentence per port ("You are on Google Compute Engine: ...").
	Environment []string `json:"environment,omitempty"`
	// Notes are what the container, Kubernetes or WSL layers mean.
	Notes []string `json:"notes,omitempty"`
	// BlockedHere lists the ports likely blocked on this side.
	BlockedHere []int `json:"blocked_here"`
}

// nearbyFactor: a refusal faster than this fraction of the host's connect
// time on another port came from something close (and the host's connect
// time must be at least nearbyMinMS to measure anything).
const (
	nearbyFactor = 0.25
	nearbyMinMS  = 20
)

// Diagnose reads results (the ports asked about, one host or several) and
// controls (connect outcomes of unrelated hosts on the same ports; may be
// empty) in the light of where this machine runs.
func Diagnose(results []probe.Result, controls []probe.Result, where hostenv.Where) Diagnosis {
	d := Diagnosis{Where: where, Ports: []Port{}, BlockedHere: []int{}}
	for _, r := range results {
		p := diagnosePort(r, results, controls, where)
		d.Ports = append(d.Ports, p)
		if p.Local && !slices.Contains(d.BlockedHere, p.Port) {
			d.BlockedHere = append(d.BlockedHere, p.Port)
		}
	}
	sort.Ints(d.BlockedHere)
	for _, port := range d.BlockedHere {
		if s := where.Sentence(port); s != "" {
			d.Environment = append(d.Environment, s)
		}
	}
	d.Notes = where.Notes()
	return d
}

// connectOutcome is the outcome of the connect step across a result's
// addresses: "ok" when any address connected, else the first failure.
func connectOutcome(r probe.Result) (outcome string, ms int64, errText string) {
	if len(r.Addresses) == 0 {
		return "", 0, ""
	}
	first := ""
	for _, a := range r.Addresses {
		for _, s := range a.Steps {
			if s.Name != "connect" {
				continue
			}
			if s.OK {
				return "ok", s.MS, ""
			}
			if first == "" {
				first, ms, errText = a.Outcome, s.MS, a.Error
			}
		}
	}
	if first == "" { // no connect step: take the outcome as it is
		return r.Addresses[0].Outcome, 0, r.Addresses[0].Error
	}
	return first, ms, errText
}

func works(r probe.Result) bool {
	return slices.ContainsFunc(r.Addresses, func(a probe.AddressResult) bool { return a.Outcome == probe.OutcomeOK })
}

// hostRTT is the fastest connect of the same host on another port.
func hostRTT(r probe.Result, all []probe.Result) (ms int64, port int, ok bool) {
	for _, o := range all {
		if o.Host != r.Host || o.Port == r.Port {
			continue
		}
		if out, t, _ := connectOutcome(o); out == "ok" && (!ok || t < ms) {
			ms, port, ok = t, o.Port, true
		}
	}
	return ms, port, ok
}

func answeringPorts(r probe.Result, all []probe.Result) []int {
	var ports []int
	for _, o := range all {
		if o.Host == r.Host && o.Port != r.Port {
			if out, _, _ := connectOutcome(o); out == "ok" {
				ports = append(ports, o.Port)
			}
		}
	}
	sort.Ints(ports)
	return ports
}

func controlFor(port int, controls []probe.Result) (host, outcome string) {
	for _, c := range controls {
		if c.Port == port {
			out, _, _ := connectOutcome(c)
			if out != "" {
				return c.Host, out
			}
		}
	}
	return "", ""
}

func isLocalFirewall(errText string) bool {
	e := strings.ToLower(errText)
	return strings.Contains(e, "operation not permitted") || strings.Contains(e, "permission denied") ||
		strings.Contains(e, "forbidden by its access permissions")
}

func ports(ps []int) string {
	w := make([]string, len(ps))
	for i, p := range ps {
		w[i] = strconv.Itoa(p)
	}
	switch len(w) {
	case 0:
		return ""
	case 1:
		return w[0]
	}
	return strings.Join(w[:len(w)-1], ", ") + " and " + w[len(w)-1]
}

func diagnosePort(r probe.Result, all, controls []probe.Result, where hostenv.Where) Port {
	p := Port{Host: r.Host, Port: r.Port}
	out, ms, errText := connectOutcome(r)
	hp := r.Host + " port " + strconv.Itoa(r.Port)
	switch {
	case works(r):
		p.State, p.Headline = StateWorks, "works"
		return p
	case out == "":
		p.State, p.Headline = StateNotProbed, "not probed"
		for _, s := range r.Steps {
			if !s.OK && s.Detail != "" {
				p.Evidence = append(p.Evidence, s.Name+": "+s.Detail)
			}
		}
		return p
	case out == "ok":
		// Connected: whatever failed later, the way is open.
		p.State = StateServerProblem
		a := r.Addresses[0]
		p.Headline = "connected, but " + strings.ReplaceAll(a.Outcome, "-", " ") + ": a problem at the server's end, not a block"
		if a.Error != "" {
			p.Evidence = append(p.Evidence, a.Error)
		}
		return p
	case out == probe.OutcomeTimeout:
		return timedOut(p, r, all, controls, where, hp)
	case out == probe.OutcomeRefused || out == probe.OutcomeReset:
		if rtt, other, ok := hostRTT(r, all); ok && rtt >= nearbyMinMS && float64(ms) < nearbyFactor*float64(rtt) {
			p.State, p.Local = StateRefusedNearby, true
			p.Headline = "refused by something close to this machine (a firewall on the way), not by the server"
			p.Evidence = append(p.Evidence, "the refusal came back in "+strconv.FormatInt(ms, 10)+" ms; "+r.Host+" answers port "+
				strconv.Itoa(other)+" in "+strconv.FormatInt(rtt, 10)+" ms, so the refusal did not travel that far")
			return p
		}
		p.State, p.Headline = StateRefused, "refused: nothing listens there"
		p.Evidence = append(p.Evidence, hp+" answered the connection attempt with a reset (RST): the host is reachable, and no server listens on that port, or its own firewall rejects it")
		if host, c := controlFor(r.Port, controls); c == "ok" {
			p.Evidence = append(p.Evidence, host+" accepts port "+strconv.Itoa(r.Port)+" from here, so this side does not block it")
		}
		return p
	case out == probe.OutcomeUnreachable:
		return unreachable(p, r, all, controls, errText, hp)
	}
	if isLocalFirewall(errText) {
		p.State, p.Local = StateLocalFirewall, true
		p.Headline = "blocked by this machine's own firewall"
		p.Evidence = append(p.Evidence, "connect failed at once with \""+errText+"\": the operating system refused to send it")
		return p
	}
	p.State, p.Headline = StateServerProblem, "could not connect: "+out
	if errText != "" {
		p.Evidence = append(p.Evidence, errText)
	}
	return p
}

// unreachable: "no route to host" is a router's or firewall's ICMP answer
// (host unreachable, or "administratively prohibited", which firewalld
// sends by default). Beside a port of the same host that connects, it is a
// firewall rejecting this port; a control host tells on which side.
func unreachable(p Port, r probe.Result, all, controls []probe.Result, errText, hp string) Port {
	answering := answeringPorts(r, all)
	ctlHost, ctl := controlFor(r.Port, controls)
	port := strconv.Itoa(r.Port)
	p.Evidence = append(p.Evidence, hp+": "+errText+" (an ICMP answer from a router or firewall, not from a server)")
	switch {
	case ctl == probe.OutcomeUnreachable || ctl == probe.OutcomeTimeout:
		p.State, p.Local = StateBlockedHere, true
		p.Headline = "rejected on the way: likely blocked here"
		p.Evidence = append(p.Evidence, "port "+port+" to "+ctlHost+", an unrelated host, fails too ("+ctl+"): the same port stopped towards two hosts points to this side")
	case ctl == "ok" || ctl == probe.OutcomeRefused:
		p.State = StateServerDrops
		p.Headline = "rejected by a firewall at " + r.Host + "'s end, not your network"
		p.Evidence = append(p.Evidence, ctlHost+" answers on port "+port+" from here, so this side lets the port through")
	case len(answering) > 0:
		p.State = StateFirewall
		p.Headline = "rejected by a firewall, on the way or at the server"
		p.Evidence = append(p.Evidence, r.Host+" answers on port "+ports(answering)+" from here, so the host is reachable and a firewall refuses port "+port+" only; no control host was probed to tell which side")
	default:
		p.State, p.Headline = StateUnreachable, "unreachable: no route from here to the host"
	}
	return p
}

func timedOut(p Port, r probe.Result, all, controls []probe.Result, where hostenv.Where, hp string) Port {
	answering := answeringPorts(r, all)
	ctlHost, ctl := controlFor(r.Port, controls)
	envBlocks := where.Blocks(r.Port)
	port := strconv.Itoa(r.Port)
	p.Evidence = append(p.Evidence, hp+": no answer to the connection attempt (the packets were dropped)")
	switch {
	case ctl == probe.OutcomeTimeout:
		p.State, p.Local = StateBlockedHere, true
		p.Headline = "timed out: likely blocked on the way"
		p.Evidence = append(p.Evidence, "port "+port+" also timed out to "+ctlHost+", an unrelated host: the same port dropped towards two hosts points to this side (this machine, its network, ISP or hosting provider)")
	case ctl == "ok" || ctl == probe.OutcomeRefused:
		p.State = StateServerDrops
		p.Headline = "timed out at " + r.Host + " only: its firewall drops port " + port + ", not your network"
		p.Evidence = append(p.Evidence, ctlHost+" answers on port "+port+" from here, so this side lets the port through")
	case envBlocks:
		p.State, p.Local = StateBlockedHere, true
		p.Headline = "timed out: likely blocked on the way"
		p.Evidence = append(p.Evidence, where.Provider.Name+" blocks outbound port "+port+" by default (FACTS §4)")
	case len(answering) > 0:
		p.State, p.Local = StateBlockedHere, true
		p.Headline = "timed out: likely blocked on the way"
		p.Evidence = append(p.Evidence, r.Host+" answers on port "+ports(answering)+" from here, so the host is up and something drops port "+port+" only")
	default:
		p.State = StateTimedOut
		p.Headline = "timed out: blocked on the way, or the host is down"
		p.Evidence = append(p.Evidence, "no other port of "+r.Host+" answered and no control host was probed on port "+port+", so this cannot tell which")
	}
	if envBlocks && ctl != probe.OutcomeTimeout && ctl != "" {
		p.Evidence = append(p.Evidence, where.Provider.Name+" blocks outbound port "+port+" by default (FACTS §4)")
	}
	return p
}
