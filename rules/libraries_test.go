package rules_test

// Each library's option names live in its formats file, which registers
// them with rules (RegisterLibrary). Importing formats here links those
// registrations into this package's test binary, so the tests of package
// rules see the same library texts as every program that explains
// settings. (An external test file may import a package that imports
// rules; go test builds it against the rules under test.)
import _ "github.com/whichport/whichport/formats"
