//go:build whichport_norewrite

package rules

// Rewrite is left out of builds tagged whichport_norewrite, which keeps the
// browser module smaller; the server build has the real one (rewrite.go).
func Rewrite(text string, fixed Settings) (string, error) {
	return "", &ParseError{Msg: "rewriting is not part of this build; use the settings shown to edit the text by hand"}
}
