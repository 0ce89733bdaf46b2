package diagnose

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// The real-client corpus (testdata/corpus, written by `make corpus`): what
// client libraries and tools printed against misconfigured servers on
// loopback, each text under the cause of its scenario.

type corpusEntry struct {
	client, scenario, cause string
	text                    string
}

// readCorpus reads every CLIENT.txtar of testdata/corpus.
func readCorpus(t testing.TB) []corpusEntry {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "corpus", "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus files: %v", err)
	}
	var out []corpusEntry
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		client := strings.TrimSuffix(filepath.Base(f), ".txtar")
		var cur *corpusEntry
		for _, line := range strings.SplitAfter(string(b), "\n") {
			if name, ok := strings.CutPrefix(strings.TrimRight(line, "\n"), "-- "); ok && strings.HasSuffix(name, " --") {
				out = append(out, corpusEntry{client: client})
				cur = &out[len(out)-1]
				for _, field := range strings.Fields(strings.TrimSuffix(name, " --")) {
					k, v, _ := strings.Cut(field, "=")
					switch k {
					case "scenario":
						cur.scenario = v
					case "cause":
						cur.cause = v
					}
				}
				if cur.scenario == "" || cur.cause == "" {
					t.Fatalf("%s: entry header without scenario or cause: %q", f, line)
				}
				continue
			}
			if cur != nil {
				cur.text += line
			}
		}
	}
	return out
}

// readAmbiguous reads testdata/corpus/ambiguous.txt: groups of causes, the
// likelier first.
func readAmbiguous(t testing.TB) [][]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "corpus", "ambiguous.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var groups [][]string
	for _, line := range strings.Split(string(b), "\n") {
		line, _, _ = strings.Cut(line, "#")
		if fs := strings.Fields(line); len(fs) > 1 {
			groups = append(groups, fs)
		}
	}
	return groups
}

// corpusVerdict grades the explainer's answer to one corpus entry.
type corpusVerdict int

const (
	verdictRight     corpusVerdict = iota // the first answer is the cause
	verdictAmbiguous                      // the first answer shares an ambiguity group with the cause, which is offered too
	verdictHedged                         // no cause named first, but the first answer says what the text shows (an "unclear" id)
	verdictSilent                         // no answer
	verdictWrong                          // the first answer names another cause: confidently wrong
)

func (v corpusVerdict) String() string {
	return [...]string{"right", "ambiguous", "hedged", "silent", "wrong"}[v]
}

// hedgeIDs are answers that name no single cause: they say what the text
// shows and ask for the missing detail.
var hedgeIDs = []string{"input-truncated", "reply-not-shown"}

// textWithoutCause: entries whose text holds no sign of the cause at all;
// the explainer must say so (a hedge id), not guess.
var textWithoutCause = []string{
	"curl/message-too-large", // "(8) Weird server reply": curl -v would show the 552
}

func gradeCorpus(e corpusEntry, ms []Match, groups [][]string) (corpusVerdict, string) {
	var ids []string
	for _, m := range ms {
		if m.ID != "input-truncated" {
			ids = append(ids, m.ID)
		}
	}
	if len(ids) == 0 {
		return verdictSilent, ""
	}
	first := ids[0]
	switch {
	case first == e.cause:
		return verdictRight, first
	case slices.Contains(hedgeIDs, first):
		return verdictHedged, first
	}
	for _, g := range groups {
		if slices.Contains(g, e.cause) && slices.Contains(g, first) && slices.Contains(ids, e.cause) {
			return verdictAmbiguous, first
		}
	}
	return verdictWrong, strings.Join(ids, ",")
}

// TestCorpus: for every corpus entry the first answer names the scenario's
// cause, or, for causes the text cannot tell apart (ambiguous.txt), a cause
// of the same group with the scenario's cause offered too. It logs the
// figures per client and per cause (go test -run TestCorpus -v).
func TestCorpus(t *testing.T) {
	entries := readCorpus(t)
	groups := readAmbiguous(t)
	ids := IDs()
	type tally struct{ n, right, amb, hedged, silent, wrong int }
	byClient, byCause := map[string]*tally{}, map[string]*tally{}
	var total tally
	for _, e := range entries {
		if !slices.Contains(ids, e.cause) {
			t.Errorf("%s/%s: cause %q is not an error id of the explainer", e.client, e.scenario, e.cause)
		}
		ms := Explain(e.text)
		if err := checkAlternatives(ms); err != nil {
			t.Errorf("%s/%s: %v", e.client, e.scenario, err)
		}
		v, got := gradeCorpus(e, ms, groups)
		for _, tl := range []*tally{get(byClient, e.client), get(byCause, e.cause), &total} {
			tl.n++
			switch v {
			case verdictRight:
				tl.right++
			case verdictAmbiguous:
				tl.amb++
			case verdictHedged:
				tl.hedged++
			case verdictSilent:
				tl.silent++
			case verdictWrong:
				tl.wrong++
			}
		}
		hedgeOK := v == verdictHedged && slices.Contains(textWithoutCause, e.client+"/"+e.scenario)
		if v != verdictRight && v != verdictAmbiguous && !hedgeOK {
			t.Errorf("%s/%s: want %s first, got %s (%s); text:\n%s", e.client, e.scenario, e.cause, v, got, clip(e.text, 600))
		}
	}
	report := func(title string, m map[string]*tally) {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		t.Logf("%s: entries right ambiguous-ok hedged silent wrong", title)
		for _, k := range keys {
			tl := m[k]
			t.Logf("  %-28s %3d %3d %3d %3d %3d %3d  %5.1f%%", k, tl.n, tl.right, tl.amb, tl.hedged, tl.silent, tl.wrong, pct(tl.right+tl.amb, tl.n))
		}
	}
	report("per client", byClient)
	report("per cause", byCause)
	t.Logf("total: %d entries, %d right first, %d ambiguous with the cause offered, %d hedged, %d silent, %d confidently wrong; first-match accuracy %.1f%%",
		total.n, total.right, total.amb, total.hedged, total.silent, total.wrong, pct(total.right+total.amb, total.n))
}

func get[T any](m map[string]*T, k string) *T {
	if m[k] == nil {
		m[k] = new(T)
	}
	return m[k]
}

func pct(a, n int) float64 {
	if n == 0 {
		return 0
	}
	return 100 * float64(a) / float64(n)
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + fmt.Sprintf("... (%d bytes)", len(s))
	}
	return s
}

// TestCorpusAmbiguousTable: every cause in ambiguous.txt is an explainer id
// and a corpus cause, so the table cannot go stale silently.
func TestCorpusAmbiguousTable(t *testing.T) {
	causes := map[string]bool{}
	for _, e := range readCorpus(t) {
		causes[e.cause] = true
	}
	for _, g := range readAmbiguous(t) {
		for _, id := range g {
			if !causes[id] {
				t.Errorf("ambiguous.txt: %q is the cause of no corpus entry", id)
			}
		}
	}
}
