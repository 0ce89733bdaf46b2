package diagnose

import (
	"math/bits"
	"slices"
	"strings"
	"sync"
)

// The multi-pattern pass. A pattern text such as "^421*try again later~" is
// literal pieces ("421", "try again later") joined by '*'; it can match a
// segment only if every one of its pieces occurs in it. Instead of one
// search per pattern text and per evidence word, scanLine reads each
// normalised line once through an Aho-Corasick automaton over all the
// pieces of all the patterns and all the line evidence (errNoteSession's
// words, the library markers). The pass records where each piece occurs;
// the line's evidence is read from that record, and each segment gets the
// pieces that lie inside it. errMatch, the authority on order, gaps,
// anchors and word edges, then runs only for the pattern texts whose pieces
// all occur in the segment: a handful instead of the whole table.
//
// The automaton is built from the tables at first use, not stored in the
// binary: the browser module carries the tables only.

// pieceMatcher is an Aho-Corasick automaton over a set of literal pieces,
// with a dense transition table over a small alphabet (the bytes that occur
// in some piece, plus one class for every other byte).
type pieceMatcher struct {
	class [256]uint8 // byte -> alphabet class; 0 for bytes in no piece
	width int        // number of classes
	next  []uint16   // next[state*width+class]: the state after reading a byte
	// The pieces that end at a state, its suffixes' too, are
	// ends[endFrom[state]:endFrom[state+1]].
	endFrom []int32
	ends    []int32
	pieces  []string // the pieces by id
}

// pieceAt is one occurrence of a piece: its id and the offset where it starts.
type pieceAt struct {
	piece, start int32
}

// errAutomaton is the automaton over errorPatterns and the line evidence,
// with what each table entry looks for as piece ids.
type errAutomaton struct {
	pieceMatcher
	textPieces [][][]int32  // textPieces[pattern][text]: the text's pieces
	byFirst    []patternSet // byFirst[piece]: the patterns with a text that starts with it

	startTLSAccepted, implicitCall, sessionStarted []int32 // errNoteSession's lists
	opened, serverLine, clientLine                 []int32
	libraryMarkers                                 []int32 // errLibraryMarkers, in order
}

var (
	errAutomatonOnce sync.Once
	errAuto          *errAutomaton
)

// errPieces returns the automaton over the tables, building it once.
func errPieces() *errAutomaton {
	errAutomatonOnce.Do(func() { errAuto = newErrAutomaton() })
	return errAuto
}

// errPatternParts returns the literal parts of a pattern text, without its
// '^' and '~' marks (see errMatch); parts may be empty.
func errPatternParts(text string) []string {
	return strings.Split(strings.TrimRight(strings.TrimLeft(text, "^~"), "~"), "*")
}

func newErrAutomaton() *errAutomaton {
	a := &errAutomaton{textPieces: make([][][]int32, len(errorPatterns))}
	ids := map[string]int32{}
	intern := func(piece string) int32 {
		id, ok := ids[piece]
		if !ok {
			id = int32(len(a.pieces))
			ids[piece] = id
			a.pieces = append(a.pieces, piece)
		}
		return id
	}
	for pi, p := range errorPatterns {
		a.textPieces[pi] = make([][]int32, len(p.texts))
		for ti, text := range p.texts {
			for _, part := range errPatternParts(text) {
				if part != "" {
					a.textPieces[pi][ti] = append(a.textPieces[pi][ti], intern(part))
				}
			}
		}
	}
	// errNoteSession's evidence lists, as piece ids.
	for _, ev := range [...]struct {
		ids   *[]int32
		words []string
	}{
		{&a.startTLSAccepted, errStartTLSAccepted}, {&a.implicitCall, errImplicitCall}, {&a.sessionStarted, errSessionStarted},
		{&a.opened, errOpenedLine}, {&a.serverLine, errServerLine}, {&a.clientLine, errClientLine},
	} {
		for _, w := range ev.words {
			*ev.ids = append(*ev.ids, intern(w))
		}
	}
	for _, m := range errLibraryMarkers {
		a.libraryMarkers = append(a.libraryMarkers, intern(m.marker))
	}
	// byFirst covers every piece, the evidence ones with no pattern.
	a.byFirst = make([]patternSet, len(a.pieces))
	for id := range a.byFirst {
		a.byFirst[id] = make(patternSet, (len(errorPatterns)+63)/64)
	}
	for pi, texts := range a.textPieces {
		for _, tp := range texts {
			if len(tp) > 0 {
				a.byFirst[tp[0]][pi/64] |= 1 << (pi % 64)
			}
		}
	}
	a.compile()
	return a
}

// compile builds the automaton over m.pieces (none empty).
func (m *pieceMatcher) compile() {
	m.width = 1
	for _, piece := range m.pieces {
		for i := range len(piece) {
			if m.class[piece[i]] == 0 {
				m.class[piece[i]] = uint8(m.width)
				m.width++
			}
		}
	}

	// The trie of the pieces; state 0 is the root, and 0 in next means "no
	// edge yet" (no edge leads back to the root while building).
	w := m.width
	m.next = make([]uint16, w)
	ends := [][]int32{nil} // by state, while building
	for id, piece := range m.pieces {
		s := 0
		for i := range len(piece) {
			c := int(m.class[piece[i]])
			if m.next[s*w+c] == 0 {
				if len(ends) > 0xffff {
					panic("diagnose: too many pattern states for uint16") // a table bug, caught by tests
				}
				m.next[s*w+c] = uint16(len(ends))
				m.next = append(m.next, make([]uint16, w)...)
				ends = append(ends, nil)
			}
			s = int(m.next[s*w+c])
		}
		ends[s] = append(ends[s], int32(id))
	}

	// Breadth first, each state's failure link (its longest proper suffix
	// that is a trie state) completes its missing edges and adds the pieces
	// that end there.
	fail := make([]uint16, len(ends))
	var queue []int
	for c := range w {
		if t := m.next[c]; t != 0 {
			queue = append(queue, int(t))
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		f := int(fail[s])
		ends[s] = append(slices.Clip(ends[s]), ends[f]...)
		for c := range w {
			t := m.next[s*w+c]
			if t == 0 {
				m.next[s*w+c] = m.next[f*w+c]
				continue
			}
			fail[t] = m.next[f*w+c]
			queue = append(queue, int(t))
		}
	}
	m.endFrom = make([]int32, len(ends)+1)
	for s, e := range ends {
		m.ends = append(m.ends, e...)
		m.endFrom[s+1] = int32(len(m.ends))
	}
}

// find appends to dst every occurrence of a piece in s, in the order the
// occurrences end.
func (m *pieceMatcher) find(s string, dst []pieceAt) []pieceAt {
	state := 0
	for i := range len(s) {
		state = int(m.next[state*m.width+int(m.class[s[i]])])
		for _, id := range m.ends[m.endFrom[state]:m.endFrom[state+1]] {
			dst = append(dst, pieceAt{piece: id, start: int32(i + 1 - len(m.pieces[id]))})
		}
	}
	return dst
}

// pieceSet is the set of pieces found in one segment, emptied in constant
// time between segments.
type pieceSet struct {
	stamp []uint32 // stamp[piece] == gen: the piece is in the set
	gen   uint32
	list  []int32 // the pieces in the set, in the order found
}

// reset empties the set for a matcher with n pieces.
func (p *pieceSet) reset(n int) {
	if len(p.stamp) < n {
		p.stamp = make([]uint32, n)
	}
	p.gen++
	if p.gen == 0 { // wrapped: old stamps could look current
		clear(p.stamp)
		p.gen = 1
	}
	p.list = p.list[:0]
}

func (p *pieceSet) add(id int32) {
	if p.stamp[id] != p.gen {
		p.stamp[id] = p.gen
		p.list = append(p.list, id)
	}
}

func (p *pieceSet) has(id int32) bool { return p.stamp[id] == p.gen }

// hasAny reports whether one of ids is in the set.
func (p *pieceSet) hasAny(ids []int32) bool {
	for _, id := range ids {
		if p.stamp[id] == p.gen {
			return true
		}
	}
	return false
}

// hasAll reports whether every one of ids is in the set.
func (p *pieceSet) hasAll(ids []int32) bool {
	for _, id := range ids {
		if p.stamp[id] != p.gen {
			return false
		}
	}
	return true
}

// patternSet is a set of indices into errorPatterns, one bit each.
type patternSet []uint64

// candidates appends to dst, in table order, the patterns that have a text
// whose first piece is in found; union is scratch space of the size of a
// byFirst entry.
func (m *errAutomaton) candidates(dst []int, union patternSet, found *pieceSet) []int {
	clear(union)
	for _, id := range found.list {
		for i, w := range m.byFirst[id] {
			union[i] |= w
		}
	}
	for i, w := range union {
		for ; w != 0; w &= w - 1 {
			dst = append(dst, i*64+bits.TrailingZeros64(w))
		}
	}
	return dst
}
