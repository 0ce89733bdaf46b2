package formats

import (
	"strconv"

	"github.com/whichport/whichport/rules"
)

// Parsed is what Parse read from a pasted text.
type Parsed struct {
	Format   Format         `json:"format"`
	Library  rules.Library  `json:"library"`
	Settings rules.Settings `json:"settings"`
	Notes    []string       `json:"notes,omitempty"` // things read but not understood, ignored keys...
	// Findings are what only the format shows (Laravel's pre-11 encryption
	// key set to ssl on port 587 means two things by version); Explain adds them.
	Findings []rules.Finding `json:"findings,omitempty"`

	// Placeholder is the host as written when it is a placeholder
	// (smtp.example.com, <your-host>, ${SMTP_HOST}): never a server to
	// check or connect to. Settings.Host keeps it when it is a valid host
	// name (so the text can be explained and rewritten) and is empty when
	// it is template or shell syntax.
	Placeholder string `json:"placeholder,omitempty"`

	// Blocks are the stretches of configuration found in a wrapped text
	// (code fences, heredocs, <pre>); Block is the 1-based one read. Pass
	// another number to ParseBlock to read that one instead.
	Blocks []Block `json:"blocks,omitempty"`
	Block  int     `json:"block,omitempty"`

	// Skipped are the 1-based lines that could not be read and were left
	// out (prose between configuration lines, a garbled line).
	Skipped []int `json:"skipped_lines,omitempty"`

	// want is the block asked for, passed to readers whose format has
	// sections of its own (msmtp accounts); 0 for the default one.
	want int
	// unwrapped is the text as pick read it (wrappers blanked), kept for
	// LabelBlocks when it holds several blocks.
	unwrapped string
}

// note adds a note about the reading.
func (p *Parsed) note(s string) {
	p.Notes = append(p.Notes, s)
}

// ParseError says which line of the input could not be read.
type ParseError struct {
	Line int    // 1-based; 0 when the input as a whole is unrecognised
	Msg  string // plain language
}

func (e *ParseError) Error() string {
	if e.Line <= 0 {
		return e.Msg
	}
	return "line " + strconv.Itoa(e.Line) + ": " + e.Msg
}

// Snippet is ready-to-paste configuration for one library or client.
type Snippet struct {
	Library  rules.Library `json:"library"`
	Title    string        `json:"title"`    // "Node.js — nodemailer"
	Language string        `json:"language"` // js, python, go, csharp, php, ruby, java, ini, env, text, xml
	Code     string        `json:"code"`
}
