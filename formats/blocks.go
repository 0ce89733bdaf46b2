package formats

import (
	"strconv"
	"strings"

	"github.com/whichport/whichport/rules"
)

// IsPlaceholderHost reports whether h is written to be replaced
// (smtp.example.com, <your-host>, ${SMTP_HOST}, *.invalid): a host never to
// check or connect to.
func IsPlaceholderHost(h string) bool { return isPlaceholderHost(h) }

// maxLabelled is how many blocks LabelBlocks reads: a picker of more is no
// help, and a long page can hold hundreds.
const maxLabelled = 40

// LabelBlocks says what each block of p holds (p from Parse or ParseBlock
// of text), for a picker: its format and a label (the host it names, or
// that it holds no mail settings). Blocks already labelled (msmtp accounts)
// and those past the first 40 are left as they are.
func LabelBlocks(text string, p *Parsed) {
	if len(p.Blocks) < 2 || p.Blocks[0].Label != "" {
		return
	}
	ut := p.unwrapped // as Parse unwrapped it, else unwrapped again
	if ut == "" {
		ut = unwrap(strings.TrimPrefix(text, "\ufeff")).text
	}
	lines := splitLines(ut)
	for i := range p.Blocks {
		bl := &p.Blocks[i]
		if i >= maxLabelled || bl.LastLine > len(lines) || bl.FirstLine < 1 || bl.FirstLine > bl.LastLine {
			break
		}
		last := lines[bl.LastLine-1]
		sub := ut[lines[bl.FirstLine-1].start : last.start+len(last.text)]
		bl.Label = "no mail settings"
		f, q, err := readDetected(sub, "", 0)
		if f == "" {
			continue
		}
		bl.Format = f
		if err == nil {
			switch {
			case q.Placeholder != "":
				bl.Label = cfgSafeHost(q.Placeholder) + " (a placeholder)"
			case q.Settings.Host != "":
				bl.Label = cfgSafeHost(q.Settings.Host)
			case q.Settings.Port != 0:
				bl.Label = "port " + strconv.Itoa(q.Settings.Port)
			}
		}
	}
}

// Answer is what a reader of a pasted text is told: the JSON of the API's
// /api/v1/parse and the start of the command-line tool's `explain --json`.
type Answer struct {
	Format   Format         `json:"format"`
	Library  rules.Library  `json:"library"`
	Settings rules.Settings `json:"settings"`
	Notes    []string       `json:"notes,omitempty"`
	Report   rules.Report   `json:"report"`
	// Placeholder is the host as written when it is a stand-in
	// (smtp.example.com, ${SMTP_HOST}): never a server to check.
	Placeholder string `json:"placeholder,omitempty"`
	// Blocks are the blocks or accounts in the text, each with its lines
	// and a label; Block is the one read.
	Blocks  []Block `json:"blocks,omitempty"`
	Block   int     `json:"block,omitempty"`
	Skipped []int   `json:"skipped_lines,omitempty"`
}

// AnswerFor explains p, read from text by Parse or ParseBlock, with its
// blocks labelled. The library the format implies is the settings' own
// unless they name one.
func AnswerFor(text string, p Parsed) Answer {
	if p.Settings.Library == "" {
		p.Settings.Library = p.Library
	}
	LabelBlocks(text, &p)
	return Answer{Format: p.Format, Library: p.Library, Settings: p.Settings, Notes: p.Notes, Report: Explain(p),
		Placeholder: p.Placeholder, Blocks: p.Blocks, Block: p.Block, Skipped: p.Skipped}
}
