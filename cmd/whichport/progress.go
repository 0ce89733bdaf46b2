package main

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/whichport/whichport/check"
	"github.com/whichport/whichport/probe"
)

// board shows one line per probe. On a terminal the lines fill in as each
// step completes (connect, greeting, EHLO, STARTTLS, TLS) and are redrawn
// in place; otherwise each line is printed once, when its probe is done.
type board struct {
	out     *output
	mu      sync.Mutex
	rows    []*row
	byID    map[string]*row
	drawn   int
	label   func(check.ProbeEntry) string
	verdict func(check.ProbeEntry) string // the word at the end of a finished line
}

type row struct {
	entry check.ProbeEntry
	ip    string // the address whose steps are shown
	steps []probe.Step
	done  bool
	final string
}

func newBoard(out *output, label func(check.ProbeEntry) string) *board {
	return &board{out: out, byID: map[string]*row{}, label: label, verdict: func(e check.ProbeEntry) string {
		return outcomeWord(e)
	}}
}

// event takes one streamed event of a check.
func (b *board) event(ev check.Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch d := ev.Data.(type) {
	case check.ProbeEntry:
		r := b.byID[d.ID]
		if r == nil {
			r = &row{entry: d}
			b.byID[d.ID] = r
			b.rows = append(b.rows, r)
		}
		if ev.Name == "probe" {
			r.entry, r.done, r.final = d, true, b.verdict(d)
			if !b.out.live {
				fmt.Fprintln(b.out.w, b.line(r))
			}
		}
	case check.StepEvent:
		r := b.byID[d.ID]
		if r == nil || d.IP == "" || d.Step.Name == "quit" {
			return
		}
		if r.ip == "" {
			r.ip = d.IP
		}
		if d.IP == r.ip {
			r.steps = append(r.steps, d.Step)
		}
	default:
		return
	}
	if b.out.live {
		b.redraw()
	}
}

// finish marks the end: later redraws stop at the lines drawn so far.
func (b *board) finish() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.out.live {
		b.redraw()
	}
	b.drawn = 0
}

// setFinal replaces a finished line's last word (the local diagnosis) and
// redraws.
func (b *board) setFinal(id, final string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if r := b.byID[id]; r != nil {
		r.final = final
	}
}

func (b *board) redraw() {
	if b.drawn > 0 {
		fmt.Fprintf(b.out.w, "\033[%dF", b.drawn) // to the start of the first line
	}
	for _, r := range b.rows {
		fmt.Fprint(b.out.w, "\033[2K", b.line(r), "\n")
	}
	b.drawn = len(b.rows)
}

var stepNames = map[string]string{
	"connect": "connect", "greeting": "greeting", "ehlo": "EHLO", "starttls": "STARTTLS",
	"tls": "TLS", "ehlo-after-tls": "EHLO",
}

// line is "587   STARTTLS      connect 12 ms ✓  greeting ✓  EHLO ✓  STARTTLS ✓  TLS ✓  works".
func (b *board) line(r *row) string {
	o := b.out
	var sb strings.Builder
	sb.WriteString(b.label(r.entry))
	for _, s := range r.steps {
		name, ok := stepNames[s.Name]
		if !ok {
			continue
		}
		sb.WriteString("  " + name)
		if s.Name == "connect" {
			sb.WriteString(" " + strconv.FormatInt(s.MS, 10) + " ms")
		}
		switch {
		case s.OK && o.live:
			sb.WriteString(" " + o.paint(ansiGreen, "✓"))
		case s.OK:
			sb.WriteString(" ok")
		case o.live:
			sb.WriteString(" " + o.paint(ansiRed, "✗"))
		default:
			sb.WriteString(" failed")
		}
	}
	if !r.done && o.live {
		sb.WriteString(o.paint(ansiDim, "  …"))
	}
	if r.done {
		sep := "  "
		if !o.live {
			sep = ": "
		}
		sb.WriteString(sep + o.paint(finalColor(r.final), r.final))
	}
	if !o.live {
		return sb.String()
	}
	return truncateVisible(sb.String(), o.width-1, o.color)
}

func finalColor(word string) string {
	if strings.HasPrefix(word, "works") {
		return ansiGreen + ansiBold
	}
	return ansiRed + ansiBold
}

// truncateVisible cuts s to n visible runes; with colour on, escapes do not
// count (and a cut line is reset).
func truncateVisible(s string, n int, color bool) string {
	visible, inEsc := 0, false
	for i, c := range s {
		switch {
		case c == '\033':
			inEsc = true
		case inEsc:
			if c >= '@' && c <= '~' && c != '[' {
				inEsc = false
			}
		default:
			visible++
			if visible > n {
				if color {
					return s[:i] + ansiReset
				}
				return s[:i]
			}
		}
	}
	return s
}

// outcomeWord is a finished probe's outcome in a few words.
func outcomeWord(e check.ProbeEntry) string {
	if e.Result == nil || len(e.Result.Addresses) == 0 {
		if e.Error != "" {
			return "could not be probed: " + strings.ReplaceAll(e.Error, "\n", "; ")
		}
		return "not probed"
	}
	good := 0
	for _, a := range e.Result.Addresses {
		if a.Outcome == probe.OutcomeOK {
			good++
		}
	}
	switch {
	case good == len(e.Result.Addresses):
		return "works"
	case good > 0:
		return fmt.Sprintf("works on %d of %d addresses", good, len(e.Result.Addresses))
	}
	return strings.ReplaceAll(e.Result.Addresses[0].Outcome, "-", " ")
}

// effectiveMode is the mode a probe ended in (what the port speaks, under
// auto), or the one planned.
func effectiveMode(e check.ProbeEntry) probe.Mode {
	if e.Result != nil && len(e.Result.Addresses) > 0 && e.Result.Addresses[0].Mode != "" {
		return e.Result.Addresses[0].Mode
	}
	return e.Mode
}
