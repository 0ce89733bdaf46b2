package rules

// OWNER: rules-parsers helper. Stub until implemented.

// Parse reads a pasted URL or config snippet, detecting its format.
// It returns a *ParseError naming the line for input it cannot read.
func Parse(text string) (Parsed, error) {
	return Parsed{}, &ParseError{Msg: "not implemented"}
}

// Rewrite gives the person's own pasted text back in its own format with
// the settings in fixed applied (host, port, security, username).
func Rewrite(text string, fixed Settings) (string, error) {
	return "", &ParseError{Msg: "not implemented"}
}
