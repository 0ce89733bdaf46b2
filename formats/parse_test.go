package formats

import (
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every password in testdata/parse contains this marker, so a test can
// search everything Parse returns for it.
const parseSecretMarker = "s3cret"

var updateParseGolden = flag.Bool("update-parse", false, "rewrite testdata/parse/*.json from the current output")

// parseGolden is what testdata/parse/NAME.json holds for NAME.in.
type parseGolden struct {
	Parsed *Parsed `json:"parsed,omitempty"`
	Error  string  `json:"error,omitempty"`
	Line   int     `json:"line,omitempty"`
}

func parseGoldenOf(t *testing.T, text string) parseGolden {
	t.Helper()
	p, err := Parse(text)
	if err != nil {
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("error is %T, want *ParseError: %v", err, err)
		}
		return parseGolden{Error: pe.Msg, Line: pe.Line}
	}
	return parseGolden{Parsed: &p}
}

func TestParseGolden(t *testing.T) {
	inputs, err := filepath.Glob("testdata/parse/*.in")
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no inputs in testdata/parse: %v", err)
	}
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".in")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			got := parseGoldenOf(t, string(src))
			gotJSON, _ := json.MarshalIndent(got, "", "  ")
			gotJSON = append(gotJSON, '\n')
			if strings.Contains(strings.ToLower(string(gotJSON)), parseSecretMarker) {
				t.Errorf("the password leaked into the result:\n%s", gotJSON)
			}
			if strings.HasPrefix(name, "err_") != (got.Error != "") {
				t.Errorf("inputs named err_* must fail and only those: got %s", gotJSON)
			}
			want := strings.TrimSuffix(in, ".in") + ".json"
			if *updateParseGolden {
				if err := os.WriteFile(want, gotJSON, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			wantJSON, err := os.ReadFile(want)
			if err != nil {
				t.Fatalf("missing golden file (run go test -run TestParseGolden -update-parse): %v", err)
			}
			if string(wantJSON) != string(gotJSON) {
				t.Errorf("Parse(%s) =\n%s\nwant\n%s", in, gotJSON, wantJSON)
			}
		})
	}
}
