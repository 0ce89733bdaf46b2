package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/whichport/whichport/rules"
)

// output writes the text answer: colour only on a terminal, never with
// NO_COLOR (https://no-color.org: set and not empty) or --no-color.
type output struct {
	w     io.Writer
	color bool
	live  bool // redraw progress lines in place
	width int
}

func newOutput(s sys, o options) *output {
	color := s.terminal && !o.noColor && s.getenv("NO_COLOR") == "" && s.getenv("TERM") != "dumb"
	width := 100
	if n, err := strconv.Atoi(s.getenv("COLUMNS")); err == nil && n >= 40 {
		width = n
	}
	return &output{w: s.stdout, color: color, live: s.terminal && !o.json && s.getenv("TERM") != "dumb", width: width}
}

const (
	ansiReset  = "\033[0m"
	ansiBold   = "\033[1m"
	ansiDim    = "\033[2m"
	ansiRed    = "\033[31m"
	ansiGreen  = "\033[32m"
	ansiYellow = "\033[33m"
	ansiBlue   = "\033[34m"
)

func (o *output) paint(code, s string) string {
	if !o.color || s == "" {
		return s
	}
	return code + s + ansiReset
}

func (o *output) println(a ...any) { fmt.Fprintln(o.w, a...) }

func (o *output) printf(format string, a ...any) { fmt.Fprintf(o.w, format, a...) }

// mark is a finding's severity as a sign: on a terminal a symbol, in plain
// output a word that survives copy and paste into an issue.
func (o *output) mark(sev rules.Severity) string {
	switch sev {
	case rules.SeverityError:
		return o.paint(ansiRed, "✗ error")
	case rules.SeverityWarning:
		return o.paint(ansiYellow, "! warning")
	case rules.SeverityOK:
		return o.paint(ansiGreen, "✓ ok")
	}
	return o.paint(ansiBlue, "i info")
}

func (o *output) verdict(v rules.Verdict) string {
	switch v {
	case rules.VerdictOK:
		return o.paint(ansiGreen+ansiBold, "ok")
	case rules.VerdictWarning:
		return o.paint(ansiYellow+ansiBold, "warning")
	}
	return o.paint(ansiRed+ansiBold, string(v))
}

// findings prints findings worst first, each with its detail and fix.
func (o *output) findings(fs []rules.Finding) {
	for _, f := range fs {
		o.printf("  %s  %s\n", o.mark(f.Severity), o.paint(ansiBold, f.Title))
		if f.Detail != "" {
			o.println(indent(f.Detail, "      "))
		}
		if f.Fix != "" {
			o.println(indent("Fix: "+f.Fix, "      "))
		}
	}
}

func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n"+prefix)
}

// writeJSON prints one JSON document.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
