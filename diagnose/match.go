package diagnose

import "github.com/whichport/whichport/rules"

// Match is one recognised error in a pasted error text or log (FACTS §6),
// or another possible cause of one: where the words alone cannot tell two
// causes apart (testdata/corpus/ambiguous.txt), the likelier comes first
// and each other follows it with AlternativeOf set to its ID. Count the
// errors found by the matches whose AlternativeOf is empty.
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
	// AlternativeOf is the ID of the match before this one whose line this
	// match reads another way ("" for an error of its own).
	AlternativeOf string `json:"alternative_of,omitempty"`
}
