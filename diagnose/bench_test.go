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
