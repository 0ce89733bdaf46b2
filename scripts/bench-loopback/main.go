// Command bench-loopback times probes of a real Postfix on loopback
// (internal/testmta): on a path with no latency a probe should cost its local
// work, so the median is compared with the fastest run. It prints, for the
// STARTTLS-offered listener and the implicit-TLS one, the median and fastest
// whole probe and the median of each step. Needs root and Postfix; the
// TLS 1.0/1.1 side checks are off unless -old-tls.
//
//	go run ./scripts/bench-loopback -n 41
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"net/netip"
	"os"
	"slices"
	"time"

	"github.com/whichport/whichport/internal/testmta"
	"github.com/whichport/whichport/probe"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("bench-loopback: ")
	n := flag.Int("n", 41, "probes per listener (interleaved)")
	oldTLS := flag.Bool("old-tls", false, "run the TLS 1.0/1.1 side checks too")
	flag.Parse()

	dir, err := os.MkdirTemp("", "whichport-loopback-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	m, stop, err := testmta.StartDir(dir)
	if err != nil {
		log.Fatal(err)
	}
	defer stop()

	cfg := probe.Config{
		Dialer: &net.Dialer{}, Roots: m.Roots, EHLOName: "probe.whichport.test",
		SkipOldTLSCheck: !*oldTLS,
	}
	listeners := []struct {
		name string
		ap   netip.AddrPort
		mode probe.Mode
	}{
		{"starttls", m.SMTP, probe.ModeStartTLS},
		{"implicit", m.Submissions, probe.ModeImplicit},
	}
	total := make([][]time.Duration, len(listeners))
	steps := make([]map[string][]time.Duration, len(listeners))
	var order [][]string
	for i := range steps {
		steps[i] = map[string][]time.Duration{}
		order = append(order, nil)
	}
	for run := -1; run < *n; run++ { // run -1 warms up
		for i, l := range listeners {
			var last time.Time
			began := time.Now()
			c := cfg
			c.OnStep = func(_ probe.Target, _ string, s probe.Step) {
				now := time.Now()
				if last.IsZero() {
					last = began
				}
				if run >= 0 {
					if _, ok := steps[i][s.Name]; !ok {
						order[i] = append(order[i], s.Name)
					}
					steps[i][s.Name] = append(steps[i][s.Name], now.Sub(last))
				}
				last = now
			}
			res, err := probe.Run(context.Background(), c, probe.Target{Host: m.Host, Port: int(l.ap.Port()), Mode: l.mode, Addrs: []netip.Addr{l.ap.Addr()}})
			took := time.Since(began)
			if err != nil || res.Addresses[0].Outcome != probe.OutcomeOK {
				log.Fatalf("%s: %v %s %s", l.name, err, res.Addresses[0].Outcome, res.Addresses[0].Error)
			}
			if run >= 0 {
				total[i] = append(total[i], took)
			}
		}
	}
	load, _ := os.ReadFile("/proc/loadavg")
	fmt.Printf("loopback Postfix (internal/testmta), %d probes per listener, interleaved; old-TLS checks %v; load %s", *n, *oldTLS, load)
	for i, l := range listeners {
		med, fast := median(total[i]), slices.Min(total[i])
		fmt.Printf("%-9s probe: median %6.1f ms, fastest %5.1f ms, ratio %.2f, 90th percentile %6.1f ms, slowest %6.1f ms\n",
			l.name, ms(med), ms(fast), float64(med)/float64(fast), ms(percentile(total[i], 90)), ms(slices.Max(total[i])))
		for _, s := range order[i] {
			d := steps[i][s]
			fmt.Printf("    %-15s median %6.1f ms  fastest %5.1f ms  slowest %6.1f ms\n", s, ms(median(d)), ms(slices.Min(d)), ms(slices.Max(d)))
		}
	}
}

func median(d []time.Duration) time.Duration { return percentile(d, 50) }

func percentile(d []time.Duration, p int) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[(len(s)-1)*p/100]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
