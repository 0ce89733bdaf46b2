// Command corpus regenerates diagnose/testdata/corpus: what real SMTP client
// libraries and tools print when they meet a misconfigured server.
//
// It starts real servers on fixed loopback ports (see servers.go): Postfix
// (internal/testmta with extra listeners), two Exim daemons run from a
// private copy of Debian's exim4-daemon-light, Postfix's smtp-sink, and
// three small peers for what no real server does on purpose (garbage after
// STARTTLS, a listener whose accept queue is full, a closed port). Then it
// runs every client in clients.go against every scenario in scenarios.go
// and writes, per client, one txtar file of what the client printed: the
// exception with its traceback, or the debug transcript, exactly as a
// developer would paste it, under the scenario's cause.
//
// The servers keep fixed ports so that regenerated texts stay the same. A
// few volatile parts are normalised (normalise.go): the absolute paths of the
// client scripts and the work directory, timestamps, the client's ephemeral
// port, OpenSSL's per-thread error prefix, Perl object addresses and curl's
// elapsed milliseconds.
//
// Run it as root (Postfix and Exim need it) with `make corpus`:
//
//	go run ./scripts/corpus -out diagnose/testdata/corpus
//
// Everything runs in a network namespace of its own with only a loopback
// interface (the program re-executes itself under `unshare -n`): the servers
// and clients talk over 127.0.0.0/8, and whatever a client tries beyond that
// (a reverse DNS lookup of a corpus address, say) fails at once instead of
// leaving the machine. Clients missing on the machine are skipped with a
// note; -clients limits the run to some of them.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("corpus: ")
	out := flag.String("out", "diagnose/testdata/corpus", "folder for the generated corpus files")
	only := flag.String("clients", "", "comma-separated client ids to run (default: all)")
	scen := flag.String("scenarios", "", "comma-separated scenario ids to run (default: all)")
	keep := flag.Bool("keep", false, "keep the work directory (configurations, logs)")
	parallel := flag.Int("parallel", 4, "client runs at once (most of a run is waiting for a timeout)")
	flag.Parse()
	if os.Geteuid() != 0 {
		log.Fatal("run as root: Postfix and Exim need it")
	}
	if os.Getenv("CORPUS_NETNS") != "1" {
		reexecInNetNS()
	}
	scriptDir, err := filepath.Abs(filepath.Join("scripts", "corpus"))
	if err != nil {
		log.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(scriptDir, "clients")); err != nil {
		log.Fatal("run from the repository root: ", err)
	}
	work, err := os.MkdirTemp("", "whichport-corpus-")
	if err != nil {
		log.Fatal(err)
	}
	if !*keep {
		defer os.RemoveAll(work)
	} else {
		log.Printf("work directory: %s", work)
	}

	env, stop, err := startServers(work)
	if err != nil {
		log.Fatal(err)
	}
	defer stop()

	clients := allClients(scriptDir, work, env)
	if *only != "" {
		ids := strings.Split(*only, ",")
		clients = slices.DeleteFunc(clients, func(c *client) bool { return !slices.Contains(ids, c.id) })
	}
	scenarios := allScenarios()
	if *scen != "" {
		ids := strings.Split(*scen, ",")
		scenarios = slices.DeleteFunc(scenarios, func(s scenario) bool { return !slices.Contains(ids, s.id) })
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}

	type job struct {
		c *client
		s scenario
	}
	var jobs []job
	for _, c := range clients {
		if err := c.prepare(); err != nil {
			log.Printf("%s: skipped: %v", c.id, err)
			c.skipped = err
			continue
		}
		for _, s := range scenarios {
			if c.applies(s) {
				jobs = append(jobs, job{c, s})
			}
		}
	}
	start := time.Now()
	results := make(map[*client][]entry)
	var mu sync.Mutex
	ch := make(chan job)
	var wg sync.WaitGroup
	for range max(1, *parallel) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range ch {
				e := j.c.run(context.Background(), j.s)
				mu.Lock()
				results[j.c] = append(results[j.c], e)
				mu.Unlock()
			}
		}()
	}
	for _, j := range jobs {
		ch <- j
	}
	close(ch)
	wg.Wait()

	total, skipped := 0, 0
	for _, c := range clients {
		if c.skipped != nil {
			continue
		}
		es := results[c]
		order := map[string]int{}
		for i, s := range allScenarios() {
			order[s.id] = i
		}
		slices.SortFunc(es, func(a, b entry) int { return order[a.scenario.id] - order[b.scenario.id] })
		kept, notes := writeClientFile(*out, c, es, work, scriptDir)
		total += kept
		skipped += len(notes)
		for _, n := range notes {
			log.Printf("%s: %s", c.id, n)
		}
	}
	if err := writeScenarios(*out); err != nil {
		log.Fatal(err)
	}
	for _, m := range checkAmbiguous(*out, results, work, scriptDir) {
		log.Printf("ambiguous, not in ambiguous.txt: %s", m)
	}
	fmt.Printf("corpus: %d entries from %d runs (%d without an error to record) in %s\n",
		total, len(jobs), skipped, time.Since(start).Round(time.Second))
}

// reexecInNetNS runs this program again in a new network namespace whose
// only interface is loopback, and exits with its status.
func reexecInNetNS() {
	self, err := os.Executable()
	if err != nil {
		log.Fatal(err)
	}
	args := append([]string{"-n", "--", "sh", "-c", `ip link set lo up && exec "$0" "$@"`, self}, os.Args[1:]...)
	cmd := exec.Command("unshare", args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(), "CORPUS_NETNS=1")
	if err := cmd.Run(); err != nil {
		if exit, ok := err.(*exec.ExitError); ok {
			os.Exit(exit.ExitCode())
		}
		log.Fatalf("unshare -n (a network namespace of loopback only): %v", err)
	}
	os.Exit(0)
}
