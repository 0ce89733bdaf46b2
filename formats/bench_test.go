package formats

import (
	"maps"
	"slices"
	"testing"
)

// BenchmarkParse reads every input of testdata/parse once per iteration.
func BenchmarkParse(b *testing.B) {
	inputs := parseInputs(b)
	names := slices.Sorted(maps.Keys(inputs))
	b.ReportAllocs()
	for b.Loop() {
		for _, n := range names {
			Parse(inputs[n])
		}
	}
}
