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
