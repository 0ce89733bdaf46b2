package reach

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/whichport/whichport/probe"
	"github.com/whichport/whichport/rules"
)

// controlProviders are the providers whose documented ports (FACTS §3) make
// their submission host a control: a host known to listen on the port.
// Only providers with one fixed host and an H-confidence row.
var controlProviders = []string{"sendgrid", "resend", "smtp2go", "gmail"}

// ControlHost picks an unrelated well-known host that documents port, for
// a target host: "" when none does. It never picks the target's own
// provider.
func ControlHost(target string, port int) string {
	own, _ := rules.DetectProvider(target)
	for _, id := range controlProviders {
		p, ok := rules.ProviderByID(id)
		if !ok || p.ID == own.ID || len(p.Hosts) == 0 || strings.EqualFold(p.Hosts[0], target) {
			continue
		}
		if slices.ContainsFunc(p.Ports, func(c rules.Choice) bool { return c.Port == port }) {
			return p.Hosts[0]
		}
	}
	return ""
}

// Connect opens a TCP connection to one address of host on port and
// closes it at once, without a word of SMTP: the least a control needs to
// tell whether a port gets through. The result has one address with a
// "connect" step and the outcome probe would give it (ok, refused,
// timeout, unreachable, error).
func Connect(ctx context.Context, d probe.Dialer, r probe.HostResolver, host string, port int, timeout time.Duration, now func() time.Time) probe.Result {
	if now == nil {
		now = time.Now
	}
	res := probe.Result{Host: host, Port: port, Mode: probe.ModeAuto, Addresses: []probe.AddressResult{}, Steps: []probe.Step{}}
	start := now()
	addr, err := netip.ParseAddr(host)
	if err != nil {
		var addrs []netip.Addr
		if r == nil {
			err = errors.New("no resolver")
		} else {
			addrs, err = r.LookupAddrs(ctx, host)
		}
		if err == nil && len(addrs) == 0 {
			err = probe.ErrNoAddresses
		}
		if err != nil {
			res.Steps = append(res.Steps, probe.Step{Name: "resolve", MS: now().Sub(start).Milliseconds(), Detail: err.Error()})
			res.MS = now().Sub(start).Milliseconds()
			return res
		}
		addr = addrs[0]
	}
	target := net.JoinHostPort(addr.Unmap().String(), strconv.Itoa(port))
	dctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	began := now()
	c, err := d.DialContext(dctx, "tcp", target)
	a := probe.AddressResult{IP: addr.Unmap().String(), Mode: probe.ModeAuto}
	st := probe.Step{Name: "connect", OK: err == nil, MS: now().Sub(began).Milliseconds(), Detail: target}
	if err != nil {
		a.Outcome, a.Error = probe.DialOutcome(err, dctx), err.Error()
		st.Detail = a.Outcome + ": " + err.Error()
	} else {
		a.Outcome = probe.OutcomeOK
		c.Close()
	}
	a.Steps = []probe.Step{st}
	res.Addresses = append(res.Addresses, a)
	res.Steps = a.Steps
	res.MS = now().Sub(start).Milliseconds()
	return res
}
