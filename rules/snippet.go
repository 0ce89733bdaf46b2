package rules

// OWNER: rules-errors-snippets helper. Stub until implemented.

// SnippetFor writes ready-to-paste config for one library from settings
// (normally Report.Recommended applied to the person's settings).
func SnippetFor(lib Library, s Settings) (Snippet, bool) { return Snippet{}, false }

// Snippets writes config for every library of FACTS §5 and a mail client.
func Snippets(s Settings) []Snippet { return nil }
