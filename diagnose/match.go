package diagnose

import "github.com/whichport/whichport/rules"

// Match is one recognised error in a pasted error text or log (FACTS §6).
type Match struct {
	ID       string         `json:"id"`
	Severity rules.Severity `json:"severity"`
	Title    string         `json:"title"`
	Cause    string         `json:"cause"`
	Fix      string         `json:"fix"`
	Setting  string         `json:"setting,omitempty"` // the setting to change
	Excerpt  string         `json:"excerpt"`           // the matched text from the input
	Line     int            `json:"line"`              // 1-based line of the excerpt
	Refs     []rules.Ref    `json:"refs"`
}
