package diagnose

// The error explainer: Explain reads a pasted error message or a whole
// log and names every error of FACTS §6 it recognises, in the wordings of the
// common libraries (OpenSSL/Node, Go, nodemailer, Python, .NET, Java, PHP,
// Postfix).
//
// How a text is read:
//   - At most errorsMaxBytes bytes are read (cut at a line end); a final
//     "input-truncated" match says so.
//   - Each line is normalised for matching only: ASCII letters lowercased,
//     ANSI colour sequences (raw or JSON-escaped) removed, JSON escapes
//     (\" \/ \\ \t, also escaped twice) undone, runs of white space
//     collapsed. A literal "\n" (a JSON-escaped stack trace) splits a line
//     into segments; an excerpt never crosses a segment.
//   - Every pattern of errorPatterns is looked for in every segment. The
//     excerpt of a match is the original text of its segment (a substring of
//     the input, trimmed, at most errorsMaxExcerpt bytes around the match).
//   - A weak pattern (a generic wording such as "SslHandshakeException") gives
//     way to any specific match within errorsWindow lines; a pattern with
//     yieldTo gives way to those ids within the same window.
//   - The port in context is the one on the match's segment, else on an
//     earlier segment of its line, else on the errorsLookBack lines before.
//     A timeout or EOF with an implicit-TLS port (465) in context becomes
//     greeting-never-received; a missing greeting on a plaintext port becomes
//     greeting-timeout.
//   - Each id is reported once, at its first surviving match; matches are in
//     order of first appearance. A connection error seen again on other
//     ports names them in its cause.
//   - When the log names the library that wrote it (errLibraryMarkers), the
//     fix of the TLS-mode errors uses that library's option names.

import (
	"slices"
	"strconv"
	"strings"

	"github.com/whichport/whichport/rules"
)

const (
	errorsMaxBytes   = 256 << 10 // input read at most
	errorsMaxExcerpt = 300       // bytes of excerpt at most
	errorsWindow     = 10        // lines within which a weak match gives way
	errorsMaxRaw     = 20000     // raw matches kept at most
	errorsLookBack   = 12        // lines searched back for a port
)

// Explain recognises every known error (FACTS §6) in a pasted error
// text or log, in the order they first appear. Each id appears at most once.
func Explain(text string) []Match {
	truncated := false
	if len(text) > errorsMaxBytes {
		cut := strings.LastIndexByte(text[:errorsMaxBytes], '\n')
		if cut < 0 {
			cut = errorsMaxBytes
			for cut > 0 && !runeStart(text[cut]) {
				cut--
			}
		}
		text = text[:cut]
		truncated = true
	}

	sc := errScanner{lib: rules.LibUnset}
	lineNo := 0
	for start := 0; start <= len(text); {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		lineNo++
		sc.scanLine(text, start, end, lineNo)
		if end >= len(text) {
			break
		}
		start = end + 1
	}

	out := errResolve(text, sc.raws)
	for i := range out {
		for _, h := range errLibraryHints {
			if h.id == out[i].ID && h.lib == sc.lib {
				out[i].Fix = h.fix
			}
		}
	}
	if truncated {
		out = errMatchFor(out, "input-truncated", "", lineNo, "")
	}
	return out
}

// errScanner holds what Explain carries from line to line.
type errScanner struct {
	raws      []rawErrorMatch
	linePorts []int         // the last port seen on each line (0 = none)
	recent    [3]string     // the last three lines, normalised (for needNear)
	posBuf    []int         // reused by errNormalize
	segIDs    []string      // ids already matched in the current segment
	lib       rules.Library // the library that wrote the log, once a marker is seen
}

// scanLine looks for every pattern in each segment of text[start:end].
func (sc *errScanner) scanLine(text string, start, end, lineNo int) {
	norm, pos := errNormalize(text[start:end], sc.posBuf)
	sc.posBuf = pos
	if sc.lib == rules.LibUnset {
		sc.lib = errDetectLibrary(norm)
	}
	linePort := 0
	for seg := 0; seg < len(norm); {
		segEnd := strings.IndexByte(norm[seg:], '\n')
		if segEnd < 0 {
			segEnd = len(norm)
		} else {
			segEnd += seg
		}
		s := norm[seg:segEnd]
		port, _ := errFindPort(s)
		if port != 0 {
			linePort = port // the latest port on this line
		}
		if port == 0 {
			port = linePort // an earlier segment of this line
		}
		if port == 0 {
			port = errPortBefore(sc.linePorts, lineNo)
		}
		sc.scanSegment(s, port, &rawErrorMatch{line: lineNo, lineStart: start, lineEnd: end, segStart: seg, segEnd: segEnd})
		seg = segEnd + 1
	}
	sc.linePorts = append(sc.linePorts, linePort)
	sc.recent[0], sc.recent[1], sc.recent[2] = sc.recent[1], sc.recent[2], norm
}

// scanSegment records the matches of one normalised segment s; at says
// where the segment is, port is the port in context.
func (sc *errScanner) scanSegment(s string, port int, at *rawErrorMatch) {
	sb := errBloomOf(s)
	sc.segIDs = sc.segIDs[:0]
	for pi := range errorPatterns {
		if len(sc.raws) >= errorsMaxRaw {
			return
		}
		p := &errorPatterns[pi]
		ms, me, ok := errMatchAny(s, &sb, p.texts, errPatternBlooms[pi])
		if !ok || errContainsAny(s, p.unless) {
			continue
		}
		if p.needNear != "" && !strings.Contains(s, p.needNear) && !errContainsIn(sc.recent[:], p.needNear) {
			continue
		}
		id := p.id
		if p.onImplicit != "" && rules.ImplicitTLSPort(port) {
			id = p.onImplicit
		}
		if id == "greeting-never-received" && port > 0 && !rules.ImplicitTLSPort(port) {
			id = "greeting-timeout" // a plaintext port: not a TLS-mode mistake
		}
		if errContains(sc.segIDs, id) {
			continue
		}
		sc.segIDs = append(sc.segIDs, id)
		r := *at
		r.pattern, r.id, r.weak, r.port = pi, id, p.weak && id == p.id, port
		r.matchStart, r.matchEnd = at.segStart+ms, at.segStart+me
		sc.raws = append(sc.raws, r)
	}
}

// errDetectLibrary names the library whose marker is in norm, if any.
func errDetectLibrary(norm string) rules.Library {
	for _, m := range errLibraryMarkers {
		if strings.Contains(norm, m.marker) {
			return m.lib
		}
	}
	return rules.LibUnset
}

func errContainsAny(s string, texts []string) bool {
	for _, t := range texts {
		if strings.Contains(s, t) {
			return true
		}
	}
	return false
}

// errContainsIn reports whether any of texts contains s.
func errContainsIn(texts []string, s string) bool {
	for _, t := range texts {
		if strings.Contains(t, s) {
			return true
		}
	}
	return false
}

func errContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ErrorIDs lists every id Explain can return, in table order.
func IDs() []string {
	ids := make([]string, len(errorInfos))
	for i := range errorInfos {
		ids[i] = errorInfos[i].id
	}
	return ids
}

// rawErrorMatch is one match before resolution. Excerpt and detail are
// written only for the matches reported, from these offsets.
type rawErrorMatch struct {
	pattern int
	id      string
	line    int
	weak    bool // a generic wording (the pattern's weak, unless onImplicit applied)
	// lineStart, lineEnd: the line in the text; segStart, segEnd,
	// matchStart, matchEnd: offsets in its normalised form.
	lineStart, lineEnd   int
	segStart, segEnd     int
	matchStart, matchEnd int
	port                 int // the port in context (0 = none)
}

// errResolve drops weak and yielding matches that have a stronger match
// nearby, then keeps the first surviving match of each id.
func errResolve(text string, raws []rawErrorMatch) []Match {
	var out []Match // each id once (a few dozen at most)
	var ports []int // pairs: an index into out, a port named in its cause
	for i := range raws {
		r := &raws[i]
		p := &errorPatterns[r.pattern]
		if (r.weak || len(p.yieldTo) > 0) && errHasNearby(raws, i, p) {
			continue
		}
		k := len(out) - 1
		for k >= 0 && out[k].ID != r.id {
			k--
		}
		if k >= 0 {
			// A repeat. For connection errors, another port is news: a log
			// where 25 and 587 both time out says more than either alone.
			n, has := 0, false
			for j := 0; j < len(ports); j += 2 {
				if ports[j] == k {
					n++
					has = has || ports[j+1] == r.port
				}
			}
			if (r.id == "connect-timeout" || r.id == "connect-refused") && r.port != 0 && !has && n < 4 {
				ports = append(ports, k, r.port)
				out[k].Cause += " It also happened on port " + strconv.Itoa(r.port) + " (line " + strconv.Itoa(r.line) + ")."
			}
			continue
		}
		ports = append(ports, len(out), r.port)
		line := text[r.lineStart:r.lineEnd]
		norm, pos := errNormalize(line, nil)
		seg := norm[r.segStart:r.segEnd]
		_, host := errFindPort(seg)
		excerpt := errExcerpt(line, pos, r.segStart, r.segEnd, r.matchStart, r.matchEnd)
		out = errMatchFor(out, r.id, excerpt, r.line, errDetail(r.id, seg, host, r.port))
	}
	return out
}

func errIndex(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// errHasNearby reports whether a match that raws[i] gives way to lies
// within errorsWindow lines of it.
func errHasNearby(raws []rawErrorMatch, i int, p *errorPattern) bool {
	line := raws[i].line
	for _, dir := range [2]int{-1, 1} {
		for j := i + dir; j >= 0 && j < len(raws); j += dir {
			o := &raws[j]
			if o.line-line > errorsWindow || line-o.line > errorsWindow {
				break
			}
			if o.id == raws[i].id {
				continue
			}
			// a weak match gives way to a specific one, and to a weak one
			// of an earlier (more specific) pattern
			if raws[i].weak && (!o.weak || o.pattern < raws[i].pattern) {
				return true
			}
			for _, y := range p.yieldTo {
				if o.id == y {
					return true
				}
			}
		}
	}
	return false
}

// errMatchFor appends the match for id to out; detail, when given, comes
// before the cause.
func errMatchFor(out []Match, id, excerpt string, line int, detail string) []Match {
	info := errorInfoByID(id)
	cause := info.cause
	if detail != "" {
		cause = detail + " " + cause
	}
	refs := make([]rules.Ref, len(info.refs))
	copy(refs, info.refs)
	return append(out, Match{
		ID: info.id, Severity: info.severity, Title: info.title, Cause: cause,
		Fix: info.fix, Setting: info.setting, Excerpt: excerpt, Line: line, Refs: refs,
	})
}

func errorInfoByID(id string) *errorInfo {
	for i := range errorInfos {
		if errorInfos[i].id == id {
			return &errorInfos[i]
		}
	}
	panic("rules: no errorInfo for " + id) // a table bug, caught by tests
}

// errNormalize lowercases ASCII, drops ANSI colour sequences, undoes JSON
// escapes and collapses white space. A literal \n becomes '\n' (a segment
// break). pos[i] is the offset in line of the byte that gave norm[i];
// pos[len(norm)] is len(line).
func errNormalize(line string, posBuf []int) (string, []int) {
	b := make([]byte, 0, len(line))
	pos := posBuf[:0]
	space := true // drop leading white space
	for i := 0; i < len(line); {
		c, at, next := line[i], i, i+1 // write c for line[at], go on at next
		switch {
		case c == 0x1b:
			i = errSkipANSI(line, i+1)
			continue
		case c == '\\':
			// A run of backslashes and the escape it starts: one level of
			// escaping (JSON) or more (JSON inside a JSON log line, as
			// Docker writes them) read alike.
			j := i
			for j < len(line) && line[j] == '\\' {
				j++
			}
			rest := line[j:]
			switch {
			case strings.HasPrefix(rest, "u001b") || strings.HasPrefix(rest, "u001B"):
				i = errSkipANSI(line, j+5)
				continue
			case strings.HasPrefix(rest, "x1b") || strings.HasPrefix(rest, "x1B") || strings.HasPrefix(rest, "033"):
				i = errSkipANSI(line, j+3)
				continue
			}
			next = j + 1
			k := byte(0)
			if rest != "" {
				k = rest[0]
			}
			switch k {
			case 'n':
				c = '\n'
			case 'r':
				i = next
				continue
			case 't':
				c = ' '
			case '"', '\'', '/':
				c = k
			default:
				next = j // the backslash itself
			}
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			c = ' '
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		if c != ' ' || !space { // runs of white space become one space
			space = c == ' ' || c == '\n'
			b = append(b, c)
			pos = append(pos, at)
		}
		i = next
	}
	pos = append(pos, len(line))
	return string(b), pos
}

// errSkipANSI skips the rest of an escape sequence whose ESC ended before i.
func errSkipANSI(s string, i int) int {
	if i >= len(s) {
		return i
	}
	if s[i] != '[' {
		return i + 1
	}
	i++
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x3f {
		i++
	}
	if i < len(s) && s[i] >= 0x40 && s[i] <= 0x7e {
		i++
	}
	return i
}

// errBloom is a 256-bit set of the byte pairs in a text: a quick way to
// know that a pattern cannot be in a segment without searching for it.
type errBloom [4]uint64

func (b *errBloom) add(x, y byte) {
	h := (uint(x)*31 + uint(y)) & 255
	b[h>>6] |= 1 << (h & 63)
}

// covers reports whether every pair of p is in b.
func (b *errBloom) covers(p *errBloom) bool {
	return b[0]&p[0] == p[0] && b[1]&p[1] == p[1] && b[2]&p[2] == p[2] && b[3]&p[3] == p[3]
}

func errBloomOf(s string) errBloom {
	var b errBloom
	for i := 1; i < len(s); i++ {
		b.add(s[i-1], s[i])
	}
	return b
}

// errPatternBlooms[i][j] holds the pairs of errorPatterns[i].texts[j],
// within each literal part ('*', '^' and '~' are not text). It is built in
// init rather than in its declaration: once a variable initializer calls a
// function, the compiler stops laying out the package's later tables
// (messages, providers, ports) as static data and builds them with code at
// start-up instead, which the browser module pays for in size.
var errPatternBlooms [][]errBloom

func init() { errPatternBlooms = errBuildBlooms() }

func errBuildBlooms() [][]errBloom {
	out := make([][]errBloom, len(errorPatterns))
	for i, p := range errorPatterns {
		out[i] = make([]errBloom, len(p.texts))
		for j, t := range p.texts {
			for _, part := range strings.Split(strings.TrimRight(strings.TrimLeft(t, "^~"), "~"), "*") {
				for k := 1; k < len(part); k++ {
					out[i][j].add(part[k-1], part[k])
				}
			}
		}
	}
	return out
}

func runeStart(c byte) bool { return c&0xc0 != 0x80 }

func errWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' || 'A' <= c && c <= 'Z'
}

func errDigit(c byte) bool { return '0' <= c && c <= '9' }

// errMatchAny returns the match of the first of patterns found in s. A
// pattern whose bigrams are not all in s (by their blooms) is not looked for.
func errMatchAny(s string, sb *errBloom, patterns []string, blooms []errBloom) (int, int, bool) {
	for i, p := range patterns {
		if !sb.covers(&blooms[i]) {
			continue
		}
		if ms, me, ok := errMatch(s, p); ok {
			return ms, me, true
		}
	}
	return 0, 0, false
}

// errMatch finds pattern p in s. A pattern is lowercase text; '*' stands for
// up to 80 bytes of anything; a leading '^' anchors it at the start of a
// server reply (see errReplyStart); then a leading '~' lifts the word-boundary check at
// the start, a trailing '~' at the end. Without '~' a pattern edge that is a
// letter or digit must sit at a word boundary (for digits, "5.7.8" does not
// match inside "15.7.80" or "5.7.8.1").
func errMatch(s, p string) (int, int, bool) {
	anchored := strings.HasPrefix(p, "^")
	if anchored {
		p = p[1:]
	}
	openStart := strings.HasPrefix(p, "~")
	if openStart {
		p = p[1:]
	}
	openEnd := strings.HasSuffix(p, "~")
	if openEnd {
		p = p[:len(p)-1]
	}
	first, rest, multi := strings.Cut(p, "*")
	if first == "" {
		return 0, 0, false
	}
	from := 0
	for from <= len(s) {
		k := strings.Index(s[from:], first)
		if k < 0 {
			return 0, 0, false
		}
		ms := from + k
		from = ms + 1
		if !openStart && !errLeftEdge(s, ms, first[0]) {
			continue
		}
		if anchored && !errReplyStart(s[:ms]) {
			continue
		}
		me := ms + len(first)
		ok := true
		r := rest
		for multi {
			var part string
			part, r, multi = strings.Cut(r, "*")
			if part == "" {
				continue
			}
			lim := me + 80 + len(part)
			if lim > len(s) {
				lim = len(s)
			}
			j := strings.Index(s[me:lim], part)
			if j < 0 {
				ok = false
				break
			}
			me += j + len(part)
		}
		if !ok {
			continue
		}
		if !openEnd && !errRightEdge(s, me, p[len(p)-1]) {
			continue
		}
		return ms, me, true
	}
	return 0, 0, false
}

// errReplyStart reports whether before, the text of a segment before a
// match, is empty or a transcript prefix: the match starts a server reply.
func errReplyStart(before string) bool {
	switch {
	case slices.Contains([]string{"", "s: ", "s:", "<- ", "<~ ", "<** ", "<<< ", "< ", "server: ", "smtp; "}, before):
		return true
	}
	return false
}

func errLeftEdge(s string, at int, first byte) bool {
	if !errWordByte(first) || at == 0 {
		return true
	}
	prev := s[at-1]
	if errWordByte(prev) {
		return false
	}
	if errDigit(first) && prev == '.' && at >= 2 && errDigit(s[at-2]) {
		return false
	}
	return true
}

func errRightEdge(s string, at int, last byte) bool {
	if !errWordByte(last) || at >= len(s) {
		return true
	}
	next := s[at]
	if errWordByte(next) {
		return false
	}
	if errDigit(last) && next == '.' && at+1 < len(s) && errDigit(s[at+1]) {
		return false
	}
	return true
}

// errExcerpt returns the original text of the segment [segStart, segEnd) of
// norm (as offsets into line via pos), trimmed, and shortened around the
// match [ms, me) when long. The result is always a substring of line.
func errExcerpt(line string, pos []int, segStart, segEnd, ms, me int) string {
	a, b := pos[segStart], pos[segEnd]
	if a > b {
		a = b
	}
	a, b = errTrim(line, a, b)
	if t := strings.TrimLeft(line, " \t"); strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[") {
		// A JSON log line: keep to the JSON string that holds the match.
		a, b = errJSONString(line, a, b, pos[ms], pos[me])
		a, b = errTrim(line, a, b)
	}
	if b-a > errorsMaxExcerpt {
		mA, mB := pos[ms], pos[me]
		if mB-mA > errorsMaxExcerpt {
			mB = mA + errorsMaxExcerpt
		}
		pad := (errorsMaxExcerpt - (mB - mA)) / 2
		na, nb := mA-pad, mB+pad
		if mB-a <= errorsMaxExcerpt { // the start of the line fits with the match: keep it
			na, nb = a, a+errorsMaxExcerpt
		}
		if na < a {
			nb += a - na
			na = a
		}
		if nb > b {
			na -= nb - b
			nb = b
			if na < a {
				na = a
			}
		}
		// cut at spaces rather than inside words, when one is near
		if na > a {
			if k := strings.IndexByte(line[na:mA], ' '); k >= 0 && k < 40 {
				na += k + 1
			}
		}
		if nb < b {
			if k := strings.LastIndexByte(line[mB:nb], ' '); k >= 0 && nb-(mB+k) < 40 {
				nb = mB + k
			}
		}
		for na < nb && !runeStart(line[na]) {
			na++
		}
		for nb < len(line) && nb > na && !runeStart(line[nb]) {
			nb--
		}
		a, b = errTrim(line, na, nb)
	}
	return line[a:b]
}

// errJSONString narrows [a, b) to the JSON string around the match
// [mA, mB): from the unescaped quote before it to the one after it, each
// side only when that quote lies within [a, b).
func errJSONString(line string, a, b, mA, mB int) (int, int) {
	if mA < a || mB > b {
		return a, b
	}
	for k := mA - 1; k >= a; k-- {
		if line[k] == '"' && !errEscaped(line, k) {
			a = k + 1
			break
		}
	}
	for k := mB; k < b; k++ {
		if line[k] == '"' && !errEscaped(line, k) {
			b = k
			break
		}
	}
	return a, b
}

// errEscaped reports whether line[k] follows an odd run of backslashes.
func errEscaped(line string, k int) bool {
	n := 0
	for k > 0 && line[k-1] == '\\' {
		n++
		k--
	}
	return n%2 == 1
}

// errTrim moves a and b inwards past white space and ANSI sequences.
func errTrim(line string, a, b int) (int, int) {
	for a < b {
		c := line[a]
		if c == ' ' || c == '\t' || c == '\r' {
			a++
			continue
		}
		if c == 0x1b {
			n := errSkipANSI(line[:b], a+1)
			a = n
			continue
		}
		break
	}
	for a < b {
		c := line[b-1]
		if c == ' ' || c == '\t' || c == '\r' {
			b--
			continue
		}
		// a trailing complete CSI sequence: ESC [ params final
		if c >= 0x40 && c <= 0x7e {
			k := b - 2
			for k >= a && line[k] >= 0x20 && line[k] <= 0x3f {
				k--
			}
			if k-1 >= a && line[k] == '[' && line[k-1] == 0x1b {
				b = k - 1
				continue
			}
		}
		break
	}
	return a, b
}

// errFindPort finds the first port in a normalised segment, and the host
// written before it when there is one: "host:587", "[1.2.3.4]:25",
// "port 587", "port=587", and for well-known mail ports "', 465)" (Python)
// or "host, 587;" (JavaMail).
func errFindPort(s string) (int, string) {
	// Go writes "read tcp local:port->remote:port": the remote one counts.
	if k := strings.LastIndex(s, "->"); k >= 0 {
		if n, host := errFindPort(s[k+2:]); n > 0 {
			return n, host
		}
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ':':
			n, ok := errNumberAt(s, i+1)
			if !ok {
				continue
			}
			j := i
			for j > 0 && errHostByte(s[j-1]) {
				j--
			}
			host := s[j:i]
			if errSourceFile(host) || errFileLineCol(s, i+1) {
				continue // index.js:807:19, ssl3_record.c:354: a file and line, not a port
			}
			if strings.Contains(host, ".") || host == "localhost" || strings.HasSuffix(host, "]") {
				return n, strings.TrimSuffix(host, ".")
			}
		case ',':
			k := i + 1
			for k < len(s) && s[k] == ' ' {
				k++
			}
			n, ok := errNumberAt(s, k)
			if !ok || !errMailPort(n) {
				continue
			}
			e := k + len(strconv.Itoa(n))
			if e == len(s) || s[e] == ')' || s[e] == ';' || s[e] == ',' {
				return n, ""
			}
		case 'p':
			if !strings.HasPrefix(s[i:], "port") || (i > 0 && errWordByte(s[i-1])) {
				continue
			}
			k := i + 4
			for k < len(s) && (s[k] == ' ' || s[k] == '=' || s[k] == ':' || s[k] == '"' || s[k] == '\'') && k < i+8 {
				k++
			}
			if n, ok := errNumberAt(s, k); ok {
				return n, ""
			}
		}
	}
	return 0, ""
}

// errSourceFile reports whether name ends in a source-file extension, as in
// a stack trace's "file.js:807".
func errSourceFile(name string) bool {
	k := strings.LastIndexByte(name, '.')
	if k < 0 {
		return false
	}
	switch switchText := name[k+1:]; {
	case slices.Contains([]string{"c", "h", "cc", "cpp", "go", "js", "mjs", "cjs", "ts", "py", "java", "kt", "cs", "php", "rb", "rs", "pl", "ex", "exs", "scala", "swift"}, switchText):
		return true
	}
	return false
}

// errFileLineCol reports whether the digits at s[i:] are followed by
// ":digit", the column of "file:line:column".
func errFileLineCol(s string, i int) bool {
	for i < len(s) && errDigit(s[i]) {
		i++
	}
	return i+1 < len(s) && s[i] == ':' && errDigit(s[i+1])
}

// errNumberAt reads a port number (1..65535, no more than 5 digits, not
// followed by a letter, digit or ".digit") at s[i:].
func errNumberAt(s string, i int) (int, bool) {
	j := i
	for j < len(s) && errDigit(s[j]) && j-i < 6 {
		j++
	}
	if j == i || j-i > 5 {
		return 0, false
	}
	if j < len(s) && (errWordByte(s[j]) || s[j] == '.' && j+1 < len(s) && errDigit(s[j+1])) {
		return 0, false
	}
	n, err := strconv.Atoi(s[i:j])
	if err != nil || n < 1 || n > 65535 {
		return 0, false
	}
	return n, true
}

func errHostByte(c byte) bool {
	return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '.' || c == '-' || c == '_' || c == '[' || c == ']'
}

func errMailPort(n int) bool {
	switch n {
	case 25, 465, 587, 2525, 2465, 2587, 1025, 8025, 8465:
		return true
	}
	return false
}

// errPortBefore returns the nearest port seen on the lines before line.
func errPortBefore(linePorts []int, line int) int {
	for k := len(linePorts) - 1; k >= 0 && line-1-k <= errorsLookBack; k-- {
		if linePorts[k] != 0 {
			return linePorts[k]
		}
	}
	return 0
}

// errDetail writes one sentence naming what the matched line says about the
// host or port, or "" when it says nothing useful; seg is the matched
// segment, normalised.
func errDetail(id, seg, host string, port int) string {
	portText := ""
	if port > 0 {
		portText = "port " + strconv.Itoa(port)
	}
	// The detail is a + b + c + d + f, built once at the end.
	var a, b, c, d, f string
	happened := false // "This happened on <port>" + c
	switch {
	case id == "cert-hostname-mismatch":
		if names, want, ok := errCertNames(seg); ok {
			a, b, c, d, f = "The certificate covers ", names, ", but you connected to ", want, "."
			if names == "" {
				a, c = "The certificate names no host at all, and you connected to ", ""
			}
		}
	case id == "host-not-found":
		if h := errLookupHost(seg); h != "" {
			a, b, c = "The name that could not be found is ", h, "."
		}
	case slices.Contains([]string{"connect-timeout", "connect-refused", "connect-failed"}, id):
		if portText != "" {
			a, d, f = "The connection went to ", portText, "."
			if host != "" {
				b, c = errShort(host), " on "
			}
		}
	case id == "tls-wrong-version-number":
		if rules.ImplicitTLSPort(port) {
			happened, c = true, ", where implicit TLS is normal: this server seems to run STARTTLS or plaintext there (some do, see nodemailer issue 1582)."
		} else if portText != "" {
			happened, c = true, "."
		}
	case id == "network-unreachable":
		if errHasIPv6(seg) {
			a = "The address here is IPv6."
		}
	case id == "starttls-required":
		if strings.Contains(seg, "requires a secure connection") {
			a = "System.Net.Mail gives this message both when EnableSsl is off and when no credentials were sent: check both."
		}
	case id == "starttls-unsupported":
		if strings.Contains(seg, "unencrypted connection") {
			a = "Go's smtp.PlainAuth refuses to send the password over a connection that is not encrypted: the server did not offer STARTTLS on this port."
		}
	case id == "greeting-timeout":
		if portText != "" {
			happened, c = true, "."
		}
	case id == "greeting-never-received":
		if strings.Contains(seg, "smtpd") || strings.Contains(seg, "ssl_accept") {
			a = "This is the server's own log: a client spoke plaintext to its implicit-TLS port."
		} else if port > 0 && port != 465 {
			happened, c = true, ", an implicit-TLS port."
		}
	}
	if happened {
		a, b = "This happened on ", portText
	}
	return a + b + c + d + f
}

// errHasIPv6 reports whether seg holds an IPv6 address: a token of hex
// digits and at least two colons, with a "::" or seven colons.
func errHasIPv6(seg string) bool {
	for _, tok := range strings.FieldsFunc(seg, func(r rune) bool { return r == ' ' || r == '[' || r == ']' || r == '(' || r == ')' || r == ',' }) {
		colons, ok := 0, true
		for i := 0; i < len(tok) && ok; i++ {
			c := tok[i]
			switch {
			case c == ':':
				colons++
			case errDigit(c) || 'a' <= c && c <= 'f' || c == '.':
			default:
				ok = false
			}
		}
		if ok && (colons == 7 || colons >= 2 && strings.Contains(tok, "::")) {
			return true
		}
	}
	return false
}

func errShort(s string) string {
	if len(s) > 120 {
		s = s[:120]
		for len(s) > 0 && !runeStart(s[len(s)-1]) {
			s = s[:len(s)-1]
		}
	}
	return s
}

// errCertNames reads the names of a hostname-mismatch message: Go's
// "certificate is valid for A, B, not C" and "is not valid for any names, but
// wanted to match C", Node's "Host: C. is not in the cert's altnames: DNS:A".
func errCertNames(seg string) (names, want string, ok bool) {
	if _, after, found := strings.Cut(seg, "certificate is valid for "); found {
		if k := strings.LastIndex(after, ", not "); k >= 0 {
			return errShort(after[:k]), errToken(after[k+6:]), true
		}
	}
	if _, after, found := strings.Cut(seg, "but wanted to match "); found {
		return "", errToken(after), true
	}
	if _, after, found := strings.Cut(seg, "host: "); found {
		if k := strings.Index(after, ". is not in the cert's altnames: "); k >= 0 {
			return errShort(errUntilQuote(after[k+len(". is not in the cert's altnames: "):])), errToken(after[:k]), true
		}
	}
	return "", "", false
}

// errLookupHost reads the host of a name-lookup failure.
func errLookupHost(seg string) string {
	for _, key := range errLookupKeys {
		if _, after, found := strings.Cut(seg, key); found {
			if h := errToken(after); h != "" {
				return h
			}
		}
	}
	return ""
}

// errLookupKeys come before the host name in a failed name lookup.
var errLookupKeys = []string{"enotfound ", "eai_again ", "lookup ", "unknownhostexception: ", "name=", "resolve host: "}

// errToken reads a host-like token: letters, digits, '.', '-', '_'.
func errToken(s string) string {
	s = strings.TrimLeft(s, "'\"`")
	j := 0
	for j < len(s) && (errHostByte(s[j]) && s[j] != '[' && s[j] != ']') {
		j++
	}
	return errShort(strings.TrimSuffix(s[:j], "."))
}

func errUntilQuote(s string) string {
	if k := strings.IndexAny(s, "'\"`\n"); k >= 0 {
		return s[:k]
	}
	return s
}
