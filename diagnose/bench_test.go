package diagnose

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkExplainError explains every pasted error of testdata/errors once
// per iteration: the size of text people paste.
func BenchmarkExplainError(b *testing.B) {
	files, err := filepath.Glob("testdata/errors/*.txt")
	if err != nil || len(files) == 0 {
		b.Fatalf("no inputs: %v", err)
	}
	var texts []string
	for _, f := range files {
		t, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(t))
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			Explain(t)
		}
	}
}
