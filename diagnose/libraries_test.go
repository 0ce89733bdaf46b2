package diagnose_test

// Each library's option names live in its formats file, which registers
// them with rules (rules.RegisterLibrary); diagnose's fixes quote them
// from there. Importing formats here links those registrations into this
// package's test binary, as every program that explains errors does.
import _ "github.com/whichport/whichport/formats"
