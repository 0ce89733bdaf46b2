package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/whichport/whichport/diagnose"
	"github.com/whichport/whichport/formats"
	"github.com/whichport/whichport/rules"
)

// maxInput bounds what explain and error read (a config or a log excerpt).
const maxInput = 1 << 20

// readInput reads FILE, or stdin for "-", up to maxInput.
func readInput(s sys, name string) (string, error) {
	var r io.Reader
	if name == "-" {
		r = s.stdin
	} else {
		f, err := os.Open(name)
		if err != nil {
			return "", usagef("cannot read %s: %v; give a readable file, or - for stdin", name, errors.Unwrap(err))
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, maxInput+1))
	if err != nil {
		return "", usagef("cannot read %s: %v", name, err)
	}
	if len(b) > maxInput {
		return "", usagef("%s is larger than %d bytes; give only the mail settings or the lines around the error", name, maxInput)
	}
	return string(b), nil
}

// parseAnswer is the JSON of /api/v1/parse (formats.Answer) plus the
// fixed config.
type parseAnswer struct {
	formats.Answer
	// Fixed is the config rewritten with the recommended host, port and
	// TLS mode ("" when it could not be rewritten; FixError says why).
	Fixed    string `json:"fixed"`
	FixError string `json:"fix_error,omitempty"`
	Changed  bool   `json:"changed"`
	Written  string `json:"written,omitempty"` // --write: the file saved
	Backup   string `json:"backup,omitempty"`  // --write: the copy of the original
}

// fixedSettings is the page's fixedSettings (frontend/static/app.js): the
// settings as read, with the recommended host, port and TLS mode when the
// verdict is not ok.
func fixedSettings(s rules.Settings, r rules.Report) rules.Settings {
	f := s
	if r.Verdict != rules.VerdictOK && r.Recommended.Port != 0 {
		if r.Recommended.Host != "" {
			f.Host = r.Recommended.Host
		}
		f.Port = r.Recommended.Port
		if r.Recommended.Security != "" {
			f.Security = r.Recommended.Security
		}
	}
	return f
}

func cmdExplain(s sys, o options, out *output, args []string) (int, error) {
	if len(args) != 1 {
		return 0, usagef("give one config file, or - to read it from stdin: whichport explain .env")
	}
	name := args[0]
	if o.write && name == "-" {
		return 0, usagef("--write saves the fixed config in place: give a file, not -")
	}
	text, err := readInput(s, name)
	if err != nil {
		return 0, err
	}
	p, err := formats.ParseBlock(text, o.block)
	if err != nil {
		var pe *formats.ParseError
		if errors.As(err, &pe) && pe.Line > 0 {
			return 0, usagef("%s line %d: %s", name, pe.Line, pe.Msg)
		}
		return 0, usagef("%s: %v", name, err)
	}
	if o.library != "" {
		p.Settings.Library = rules.Library(o.library)
	}
	ans := parseAnswer{Answer: formats.AnswerFor(text, p)}
	rep := ans.Report
	p.Settings, p.Blocks = ans.Settings, ans.Blocks // the library filled in, the blocks labelled
	fixed, ferr := formats.RewriteBlock(text, fixedSettings(p.Settings, rep), p.Block)
	if ferr != nil {
		ans.FixError = ferr.Error()
	} else {
		ans.Fixed, ans.Changed = fixed, fixed != text
	}
	if o.write && ans.Changed {
		backup, err := writeInPlace(name, text, fixed)
		if err != nil {
			return 0, err
		}
		ans.Written, ans.Backup = name, backup
	}
	code := exitOK
	if rep.Verdict != rules.VerdictOK {
		code = exitProblem
	}
	if o.json {
		return code, writeJSON(out.w, ans)
	}
	what := string(p.Format)
	if p.Library != "" && !strings.Contains(what, string(p.Library)) {
		what += " (" + string(p.Library) + ")"
	}
	out.printf("Read %s as %s. Verdict: %s\n", displayName(name), what, out.verdict(rep.Verdict))
	printBlocks(out, name, p)
	if len(rep.Findings) > 0 {
		out.println()
		out.findings(rep.Findings)
	}
	if c := rep.Recommended; c.Port != 0 {
		out.println()
		host := c.Host
		if host == "" {
			host = p.Settings.Host
		}
		out.printf("Recommended: %s port %d with %s.\n", host, c.Port, rules.SecurityWords(c.Security))
	}
	for _, n := range p.Notes {
		if p.Placeholder != "" && strings.Contains(n, "is a placeholder, not a server") {
			continue // said above
		}
		out.println("Also noticed: " + n)
	}
	out.println()
	switch {
	case ferr != nil:
		out.println("Could not rewrite it (" + ferr.Error() + "): apply the settings above by hand.")
	case !ans.Changed:
		out.println("Nothing to change in host, port or TLS mode.")
	case ans.Written != "":
		out.printf("Saved the fixed config to %s (the original is in %s).\n", ans.Written, ans.Backup)
	default:
		out.println(out.paint(ansiBold, "Your config, fixed:"))
		out.println(strings.TrimRight(fixed, "\n"))
		if name != "-" {
			out.printf("\n(whichport explain --write %s saves it, after a backup.)\n", name)
		}
	}
	if o.library != "" {
		printSnippet(out, rules.Library(o.library), fixedSettings(p.Settings, rep))
	}
	return code, nil
}

// printBlocks says which block of several was read and how to read another,
// which lines were skipped, and that a placeholder host is one.
func printBlocks(out *output, name string, p formats.Parsed) {
	if len(p.Blocks) > 1 {
		out.printf("The file holds %d blocks; this is block %d:\n", len(p.Blocks), p.Block)
		for i, b := range p.Blocks {
			mark := "  "
			if i+1 == p.Block {
				mark = "> "
			}
			label := b.Label
			if label == "" {
				label = b.Name
			}
			out.printf("  %s%d. %s (lines %d–%d)\n", mark, i+1, label, b.FirstLine, b.LastLine)
		}
		other := 1
		if p.Block == 1 {
			other = 2
		}
		out.printf("  (whichport explain --block %d %s reads another)\n", other, name)
	}
	if n := len(p.Skipped); n > 0 {
		ls := make([]string, n)
		for i, l := range p.Skipped {
			ls[i] = strconv.Itoa(l)
		}
		words := "Line " + ls[0] + " was"
		if n > 1 {
			words = "Lines " + strings.Join(ls[:n-1], ", ") + " and " + ls[n-1] + " were"
		}
		out.println(words + " skipped (not configuration).")
	}
	if p.Placeholder != "" {
		out.println(out.paint(ansiBold, "Placeholder: "+p.Placeholder+" is a placeholder, not a server to check: put your provider's SMTP host there."))
	}
}

func displayName(name string) string {
	if name == "-" {
		return "stdin"
	}
	return name
}

// writeInPlace saves the original to the first free NAME.bak, NAME.bak.1,
// ... and then the fixed text over NAME (through a temporary file and a
// rename, keeping the file's mode), and returns the backup's name.
func writeInPlace(name, original, fixed string) (string, error) {
	fi, err := os.Stat(name)
	if err != nil {
		return "", err
	}
	backup := ""
	for i := 0; i < 100; i++ {
		b := name + ".bak"
		if i > 0 {
			b += "." + strconv.Itoa(i)
		}
		f, err := os.OpenFile(b, os.O_WRONLY|os.O_CREATE|os.O_EXCL, fi.Mode().Perm())
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("cannot write the backup %s: %v; nothing was changed", b, err)
		}
		_, werr := f.WriteString(original)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return "", fmt.Errorf("cannot write the backup %s: %v; nothing was changed", b, werr)
		}
		backup = b
		break
	}
	if backup == "" {
		return "", fmt.Errorf("%s.bak to %s.bak.99 all exist: remove old backups; nothing was changed", name, name)
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".whichport-*")
	if err != nil {
		return "", fmt.Errorf("cannot write next to %s: %v; the backup is in %s", name, err, backup)
	}
	_, werr := tmp.WriteString(fixed)
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp.Name(), fi.Mode().Perm())
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), name)
	}
	if werr != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("cannot save %s: %v; it is unchanged", name, werr)
	}
	return backup, nil
}

// printSnippet prints ready-to-paste configuration for lib.
func printSnippet(out *output, lib rules.Library, set rules.Settings) {
	sn, ok := formats.SnippetFor(lib, set)
	if !ok {
		out.printf("\nNo snippet for %s.\n", lib)
		return
	}
	out.println()
	out.println(out.paint(ansiBold, sn.Title+":"))
	out.println(strings.TrimRight(sn.Code, "\n"))
}

// errorAnswer is the JSON of /api/v1/explain-error.
type errorAnswer struct {
	Matches []diagnose.Match `json:"matches"`
}

func cmdError(s sys, o options, out *output, args []string) (int, error) {
	if len(args) == 0 {
		return 0, usagef("give the error text, or - to read a log from stdin: whichport error \"535 5.7.8 ...\"")
	}
	var text string
	if len(args) == 1 && args[0] == "-" {
		t, err := readInput(s, "-")
		if err != nil {
			return 0, err
		}
		text = t
	} else {
		text = strings.Join(args, " ")
	}
	if strings.TrimSpace(text) == "" {
		return 0, usagef("the error text is empty: paste the message, or pipe the log into whichport error -")
	}
	m := diagnose.Explain(text)
	if m == nil {
		m = []diagnose.Match{}
	}
	code := exitOK
	if len(m) > 0 {
		code = exitProblem
	}
	if o.json {
		return code, writeJSON(out.w, errorAnswer{Matches: m})
	}
	if len(m) == 0 {
		out.println("No known error recognised. Give more of the log, or the exact message.")
		return code, nil
	}
	// A cause the text cannot tell from another is one error, the other
	// shown under it after "or:" (diagnose puts it right after).
	errs := 0
	for _, e := range m {
		if e.AlternativeOf == "" {
			errs++
		}
	}
	if errs == 1 {
		out.println("Recognised 1 error.")
	} else {
		out.printf("Recognised %d errors.\n", errs)
	}
	for _, e := range m {
		if e.AlternativeOf != "" {
			out.printf("    or: %s\n", out.paint(ansiBold, e.Title))
			out.println(indent("Cause: "+e.Cause, "        "))
			out.println(indent("Fix: "+e.Fix, "        "))
			continue
		}
		out.println()
		out.printf("%s  %s\n", out.mark(e.Severity), out.paint(ansiBold, e.Title))
		where := "Matched: "
		if e.Line > 0 {
			where = "Line " + strconv.Itoa(e.Line) + ": "
		}
		out.println(indent(where+e.Excerpt, "    "))
		out.println(indent("Cause: "+e.Cause, "    "))
		out.println(indent("Fix: "+e.Fix, "    "))
	}
	return code, nil
}
