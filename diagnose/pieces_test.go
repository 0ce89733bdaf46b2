package diagnose

import (
	"strings"
	"testing"
)

// referenceMatch is the straightforward matcher the automaton replaces:
// every text of the pattern searched for in s, the first that matches wins.
func referenceMatch(s string, p *errorPattern) (int, int, bool) {
	for _, text := range p.texts {
		if ms, me, ok := errMatch(s, text); ok {
			return ms, me, true
		}
	}
	return 0, 0, false
}

// pieceText builds a text from data: each byte picks a piece of the
// automaton (pattern pieces and evidence words) or a separator that matters
// to the matcher (spaces, word bytes, a segment break, a line break, a
// transcript prefix, a port).
func pieceText(data []byte) string {
	a := errPieces()
	seps := []string{" ", "", "x", "1", ".", "\\n", "\n", "s: ", "<<< ", ":465 ", "-", "*", "~", "^", "A"}
	var sb strings.Builder
	for _, b := range data {
		if int(b)%4 == 0 {
			sb.WriteString(seps[int(b)/4%len(seps)])
			continue
		}
		sb.WriteString(a.pieces[(int(b)*7919+sb.Len())%len(a.pieces)])
	}
	return sb.String()
}

// FuzzPieceMatcher compares the automaton's pass with the straightforward
// search on texts made of pattern pieces: for every segment, every pattern
// gives the same match (or none); for every line, the evidence words and
// the library markers are found alike.
func FuzzPieceMatcher(f *testing.F) {
	f.Add([]byte{1, 2, 3, 0, 5, 6, 7})
	f.Add([]byte{9, 13, 44, 17, 18, 25, 26, 27, 28, 29, 30})
	f.Add([]byte("421 try again later\\nwrong version number"))
	f.Fuzz(func(t *testing.T, data []byte) {
		text := pieceText(data)
		if len(data)%2 == 1 { // the table's own wordings, run together
			text = string(data) + text
		}
		a := errPieces()
		var sc errScanner
		for _, line := range strings.Split(text, "\n") {
			norm, _ := errNormalize(line, nil, nil)
			sc.linePieces(norm)
			for _, ev := range []struct {
				words []string
				ids   []int32
			}{
				{errStartTLSAccepted, a.startTLSAccepted}, {errImplicitCall, a.implicitCall},
				{errSessionStarted, a.sessionStarted}, {errOpenedLine, a.opened},
				{errServerLine, a.serverLine}, {errClientLine, a.clientLine},
			} {
				if got, want := sc.lineFound.hasAny(ev.ids), errContainsAny(norm, ev.words); got != want {
					t.Fatalf("line %q: evidence %q found %v, want %v", norm, ev.words, got, want)
				}
			}
			for i, m := range errLibraryMarkers {
				if got, want := sc.lineFound.has(a.libraryMarkers[i]), strings.Contains(norm, m.marker); got != want {
					t.Fatalf("line %q: marker %q found %v, want %v", norm, m.marker, got, want)
				}
			}
			next := 0
			for seg := 0; seg <= len(norm); {
				segEnd := strings.IndexByte(norm[seg:], '\n')
				if segEnd < 0 {
					segEnd = len(norm)
				} else {
					segEnd += seg
				}
				s := norm[seg:segEnd]
				next = sc.segmentPieces(next, seg, segEnd)
				candidates := a.candidates(nil, make(patternSet, len(a.byFirst[0])), &sc.found)
				for pi := range errorPatterns {
					p := &errorPatterns[pi]
					wantS, wantE, want := referenceMatch(s, p)
					gotS, gotE, got := 0, 0, false
					for _, c := range candidates {
						if c == pi {
							gotS, gotE, got = errMatchAny(s, p.texts, a.textPieces[pi], &sc.found)
						}
					}
					if got != want || gotS != wantS || gotE != wantE {
						t.Fatalf("segment %q, pattern %d (%s): got %d-%d %v, want %d-%d %v", s, pi, p.id, gotS, gotE, got, wantS, wantE, want)
					}
				}
				seg = segEnd + 1
			}
		}
	})
}

// errNormalize reads a line alike with and without positions, and the
// positions lead back to the bytes that gave each normalised one.
func TestErrNormalizePositions(t *testing.T) {
	for _, line := range []string{
		"", "  EHLO  Example.COM\t\r", `{"msg":"tls:\u001b[31m first record\\n does not look"}`,
		"\x1b[1mConnection refused\x1b[0m", `a\\\"b\tc`, "550 5.1.1 <X@Y>: Recipient",
	} {
		plain, _ := errNormalize(line, nil, nil)
		var pos []int
		norm, _ := errNormalize(line, nil, &pos)
		if norm != plain {
			t.Errorf("%q: %q with positions, %q without", line, norm, plain)
		}
		if len(pos) != len(norm)+1 || pos[len(norm)] != len(line) {
			t.Fatalf("%q: %d positions for %d bytes, last %v", line, len(pos), len(norm), pos)
		}
		for i := range len(norm) {
			if c := line[pos[i]]; c >= 'A' && c <= 'Z' && c+'a'-'A' != norm[i] || c >= 'a' && c <= 'z' && c != norm[i] {
				t.Errorf("%q: norm[%d] = %q comes from %q at %d", line, i, norm[i], c, pos[i])
			}
		}
	}
}
