package rules

// OWNER: rules-errors-snippets helper. Stub until implemented.

// ExplainError recognises every known error (FACTS §6) in a pasted error
// text or log, in the order they appear.
func ExplainError(text string) []ErrorMatch { return nil }
