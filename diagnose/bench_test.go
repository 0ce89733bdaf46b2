package diagnose

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchLog is a 64 KB pasted log built from the real-client corpus (every
// entry's text in file order, repeated until 64 KB): the size the issue's
// budget names (2 ms).
func benchLog(b *testing.B) string {
	files, _ := filepath.Glob(filepath.Join("testdata", "corpus", "*.txtar"))
	var sb strings.Builder
	for sb.Len() < 64<<10 && len(files) > 0 {
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			sb.Write(data)
		}
	}
	return sb.String()[:64<<10]
}

func BenchmarkExplain64KB(b *testing.B) {
	log := benchLog(b)
	b.SetBytes(int64(len(log)))
	b.ResetTimer()
	for b.Loop() {
		Explain(log)
	}
}

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
