// Command flood prints the load-shedding figures of issue 11: what a flood
// of probes of one silent SMTP server does to the server and to a probe of
// another, healthy host. It is not a test: it prints figures, not
// pass/fail.
//
// Everything runs on loopback in this process: the API (api.New, on a
// random 127.0.0.1 port, private targets allowed, the per-client rate
// limit raised so that it does not hide the probe admission), a silent
// server on 127.0.0.1 that accepts connections and never greets, and a
// healthy one on 127.0.0.2 that greets, answers EHLO and QUIT. DNS is an
// empty in-process fake: every target is an IP address.
//
// Each of -rounds rounds times the healthy probe quiet (-samples, one after
// the other), then sends -n concurrent probes of the silent server and,
// while they are in flight, starts -samples healthy probes 250 ms apart. It prints how many flood probes were
// answered 429 or 503 within 1 s, and the healthy probe's median during the
// flood as a ratio to quiet. The silent server's probes end at the 5 s
// greeting timeout or the 15 s budget; the whole run is bounded by -timeout.
//
//	go run ./scripts/flood -n 200
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/whichport/whichport/api"
	"github.com/whichport/whichport/lookup"
	"github.com/whichport/whichport/lookup/lookuptest"
)

func main() {
	n := flag.Int("n", 200, "concurrent probes of the silent server (at most 1000)")
	samples := flag.Int("samples", 9, "healthy probes timed per round, quiet and during the flood")
	rounds := flag.Int("rounds", 3, "floods, one after the other (at most 10)")
	timeout := flag.Duration("timeout", 3*time.Minute, "bound of the whole run")
	flag.Parse()
	if *n < 1 || *n > 1000 || *samples < 1 || *samples > 50 || *rounds < 1 || *rounds > 10 {
		log.Fatal("-n must be 1..1000, -samples 1..50 and -rounds 1..10")
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()

	silent := listen("127.0.0.1:0")
	defer silent.Close()
	go serveSilent(ctx, silent)
	healthy := listen("127.0.0.2:0")
	defer healthy.Close()
	go serveHealthy(healthy)
	silentPort, healthyPort := port(silent), port(healthy)

	e, err := api.New(api.Config{
		Logger:          slog.New(slog.DiscardHandler),
		Lookup:          &lookup.Client{Resolver: lookuptest.New(), HTTP: lookuptest.Web{}},
		Dialer:          &net.Dialer{},
		AllowPrivate:    true,
		Ports:           []int{silentPort, healthyPort},
		Rate:            1e6,
		Burst:           1e6,
		CheckBudget:     15 * time.Second,
		ConnectTimeout:  8 * time.Second,
		GreetingTimeout: 5 * time.Second,
	})
	if err != nil {
		log.Fatal(err)
	}
	srv := &http.Server{Handler: e}
	ln := listen("127.0.0.1:0")
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String() + "/api/v1/probe?mode=starttls&host="
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 2 * *n, MaxConnsPerHost: 0}}
	healthyURL := base + "127.0.0.2&port=" + strconv.Itoa(healthyPort)
	silentURL := base + "127.0.0.1&port=" + strconv.Itoa(silentPort)

	probeHealthy := func() time.Duration {
		start := time.Now()
		code, _ := get(ctx, client, healthyURL)
		if code != http.StatusOK {
			log.Printf("healthy probe: status %d", code)
		}
		return time.Since(start)
	}
	probeHealthy() // warm up connections and code paths

	var quiet, during []time.Duration
	var shed, total int
	codes := map[int]int{}
	var last time.Duration
	for range *rounds {
		for range *samples {
			quiet = append(quiet, probeHealthy())
		}
		r := flood(ctx, client, silentURL, *n, *samples, probeHealthy)
		during = append(during, r.healthy...)
		shed += r.shed
		total += *n
		for k, v := range r.codes {
			codes[k] += v
		}
		last = max(last, r.last)
	}
	for range *samples { // quiet again after the last flood
		quiet = append(quiet, probeHealthy())
	}

	q, d := median(quiet), median(during)
	fmt.Printf("flood: %d rounds of %d concurrent probes of a silent server (127.0.0.1:%d); healthy server 127.0.0.2:%d\n",
		*rounds, *n, silentPort, healthyPort)
	fmt.Printf("flood answers by status: %s; slowest answer %.1fs\n", statusList(codes), last.Seconds())
	fmt.Printf("shed (429 or 503) within 1s: %d of %d (%.0f%%; goal at least 50%%)\n", shed, total, 100*float64(shed)/float64(total))
	fmt.Printf("healthy probe: quiet median %s; during the flood median %s, slowest %s: median %.2fx quiet (goal at most 2x)\n",
		q.Round(10*time.Microsecond), d.Round(10*time.Microsecond), slices.Max(during).Round(10*time.Microsecond), float64(d)/float64(q))
	fmt.Printf("healthy samples: quiet %v\nduring %v\n", round(quiet), round(during))
}

type floodResult struct {
	codes   map[int]int
	shed    int           // 429 or 503 within 1s of the flood's start
	last    time.Duration // slowest answer
	healthy []time.Duration
}

// flood sends n concurrent probes of the silent server and, while they are
// in flight, starts samples healthy probes 250 ms apart (each starts on
// time, whether or not the one before has finished).
func flood(ctx context.Context, client *http.Client, silentURL string, n, samples int, probeHealthy func() time.Duration) floodResult {
	type answer struct {
		code  int
		after time.Duration
	}
	answers := make(chan answer, n)
	start := time.Now()
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, _ := get(ctx, client, silentURL)
			answers <- answer{code, time.Since(start)}
		}()
	}
	healthy := make([]time.Duration, samples)
	var hw sync.WaitGroup
	for i := range samples {
		time.Sleep(time.Until(start.Add(100*time.Millisecond + time.Duration(i)*250*time.Millisecond)))
		hw.Add(1)
		go func() {
			defer hw.Done()
			healthy[i] = probeHealthy()
		}()
	}
	hw.Wait()
	wg.Wait()
	close(answers)
	r := floodResult{codes: map[int]int{}, healthy: healthy}
	for a := range answers {
		r.codes[a.code]++
		if (a.code == http.StatusTooManyRequests || a.code == http.StatusServiceUnavailable) && a.after <= time.Second {
			r.shed++
		}
		r.last = max(r.last, a.after)
	}
	return r
}

func listen(addr string) net.Listener {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		log.Fatal(err)
	}
	return ln
}

func port(ln net.Listener) int { return ln.Addr().(*net.TCPAddr).Port }

func get(ctx context.Context, c *http.Client, url string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	res, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	io.Copy(io.Discard, res.Body)
	return res.StatusCode, nil
}

// serve accepts connections until ln is closed, each handled by handle
// on its own goroutine and closed after it.
func serve(ln net.Listener, handle func(net.Conn)) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		go func() {
			defer c.Close()
			handle(c)
		}()
	}
}

// serveSilent accepts connections and never writes; they close when the
// client hangs up or the run ends.
func serveSilent(ctx context.Context, ln net.Listener) {
	serve(ln, func(c net.Conn) {
		stop := context.AfterFunc(ctx, func() { c.Close() })
		defer stop()
		io.Copy(io.Discard, c)
	})
}

// serveHealthy greets at once and answers EHLO (without STARTTLS) and QUIT.
func serveHealthy(ln net.Listener) {
	serve(ln, func(c net.Conn) {
		c.SetDeadline(time.Now().Add(30 * time.Second))
		r, w := bufio.NewReader(c), bufio.NewWriter(c)
		w.WriteString("220 healthy.test ESMTP\r\n")
		w.Flush()
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			cmd := strings.ToUpper(strings.TrimSpace(line))
			switch {
			case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
				w.WriteString("250-healthy.test\r\n250-PIPELINING\r\n250 8BITMIME\r\n")
			case cmd == "QUIT":
				w.WriteString("221 bye\r\n")
				w.Flush()
				return
			default:
				w.WriteString("502 5.5.2 not here\r\n")
			}
			w.Flush()
		}
	})
}

func round(ds []time.Duration) []time.Duration {
	out := make([]time.Duration, len(ds))
	for i, d := range ds {
		out[i] = d.Round(100 * time.Microsecond)
	}
	return out
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func statusList(codes map[int]int) string {
	var keys []int
	for k := range codes {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var parts []string
	for _, k := range keys {
		name := strconv.Itoa(k)
		if k == 0 {
			name = "no answer"
		}
		parts = append(parts, fmt.Sprintf("%s: %d", name, codes[k]))
	}
	return strings.Join(parts, ", ")
}
