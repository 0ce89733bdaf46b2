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
//   - Every pattern of errorPatterns is looked for in every segment, through
//     one pass of the automaton of pieces.go over the line. The
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
	errorsWindow     = 80        // lines within which a weak match gives way (a Java chain is long)
	errorsMaxRaw     = 20000     // raw matches kept at most
	errorsLookBack   = 12        // lines searched back for a port
)

// Explain recognises every known error (FACTS §6) in a pasted error
// text or log, in the order they first appear. Each id appears at most once.
func Explain(text string) []Match {
	truncated := false
	if len(text) > errorsMaxBytes {
		if cut := strings.LastIndexByte(text[:errorsMaxBytes], '\n'); cut >= 0 {
			text = text[:cut]
		} else {
			text = errCut(text, errorsMaxBytes)
		}
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
	out = sc.readTranscript(out)
	if len(out) == 0 {
		out = sc.unansweredTranscript()
	}
	for i := range out {
		for _, h := range errLibraryHints {
			if w := rules.LibraryWord(sc.lib, h.word); h.id == out[i].ID && w != "" {
				out[i].Fix = w
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
	raws       []rawErrorMatch
	linePorts  []int         // the last port seen on each line (0 = none)
	recent     [3]string     // the last three lines, normalised (for needNear)
	segIDs     []string      // ids already matched in the current segment
	pieces     []pieceAt     // where the pieces of the automaton occur in the current line
	lineFound  pieceSet      // the pieces in the current line
	found      pieceSet      // the pieces in the current segment
	candidates []int         // the patterns that may match it (table order)
	union      patternSet    // scratch for candidates
	normBuf    []byte        // reused by errNormalize
	lib        rules.Library // the library that wrote the log, once a marker is seen

	// What the text shows of the session so far (errNoteSession).
	startTLSAccepted bool   // STARTTLS was sent and answered 220, or the library says it converts the socket
	implicitTLSCall  bool   // the text shows the library was told to start TLS at once (SMTP_SSL(, secure: true, ...)
	sessionStarted   bool   // the greeting came and the client sent a command after EHLO (MAIL FROM, ...)
	ehloSeen         bool   // an EHLO reply (250-) is in the text
	authOffered      bool   // the EHLO reply lists AUTH
	authUsable       bool   // ... with PLAIN, LOGIN or CRAM-MD5
	saw535           bool   // the server refused credentials (535)
	opened           bool   // a debug transcript says the connection opened
	serverSpoke      bool   // ... and shows a line from the server
	lastFromClient   bool   // the transcript's last line is the client's
	lastLine         int    // the line of the transcript's last line
	lastText         string // ... and its text (the excerpt)
	lastPort         int    // the last port named in the text
}

// Evidence in a line of what happened in the session.
var (
	errStartTLSAccepted = []string{
		"ready to start tls", "tls go ahead", "starttls attempted", "could not convert socket to tls",
		"stream_socket_enable_crypto", ".starttls(", ", in starttls", "starttls failed: 2.0.0",
	}
	// A library's call or option for implicit TLS, as a traceback, a log or a
	// pasted config shows it (FACTS §5).
	errImplicitCall = []string{
		"smtp_ssl(", "secure: true", "secure:true", "ssl.enable=true", "tls.dial(", "smtps://", "encryption_smtps",
		"--tls-on-connect", "email_use_ssl = true", "email_use_ssl=true", "sslonconnect", "enable_tls",
	}
	errSessionStarted = []string{
		"mail from:", "rcpt to:", ", in sendmail", ", in send_message", ", in mail\n", "'mail from", "command: 'data'",
	}
)

// errNoteSession records what a line shows of the session: a transcript's
// STARTTLS, EHLO reply and AUTH offer, a traceback's last command. The
// evidence words are read from sc.lineFound, the pieces in the line.
func (sc *errScanner) errNoteSession(norm string) {
	a, in := errPieces(), &sc.lineFound
	if !sc.startTLSAccepted && in.hasAny(a.startTLSAccepted) {
		sc.startTLSAccepted = true
	}
	if !sc.implicitTLSCall && in.hasAny(a.implicitCall) {
		sc.implicitTLSCall = true
	}
	if !sc.sessionStarted && (in.hasAny(a.sessionStarted) || strings.HasSuffix(norm, ", in mail")) {
		sc.sessionStarted = true
	}
	if strings.Contains(norm, "250") {
		if strings.Contains(norm, "250-") {
			sc.ehloSeen = true
		}
		if i := strings.Index(norm, "250-auth"); i >= 0 || strings.Contains(norm, "250 auth") {
			if i < 0 {
				i = strings.Index(norm, "250 auth")
			}
			sc.authOffered = true
			offer := norm[i:]
			if strings.Contains(offer, "plain") || strings.Contains(offer, "login") || strings.Contains(offer, "cram-md5") {
				sc.authUsable = true
			}
		}
	}
	if !sc.saw535 && strings.Contains(norm, "535") {
		sc.saw535 = true
	}
	// Transcript lines: every marker has '<', '>' or "conn".
	if strings.IndexAny(norm, "<>") < 0 && !strings.Contains(norm, "conn") {
		return
	}
	switch {
	case in.hasAny(a.opened):
		sc.opened = true
	case in.hasAny(a.serverLine):
		sc.serverSpoke, sc.lastFromClient = true, false
	case in.hasAny(a.clientLine):
		sc.lastFromClient = true
	}
}

// Transcript lines that say the connection opened, and prefixes of a
// server's and a client's line (PHPMailer, Net::SMTP, swaks).
var (
	errOpenedLine = []string{"connection: opened", "=== connected to"}
	errServerLine = []string{"server -> client:", "<<< ", "<- ", "<~ ", "<** "}
	errClientLine = []string{"client -> server:", ">>> ", " -> ", "~> "}
)

// unansweredTranscript explains a debug transcript that simply stops (the
// client was stopped while it waited): after "connection opened" with no
// line from the server, the greeting never came; after a command of the
// client, its reply never came. Only when nothing else was recognised.
func (sc *errScanner) unansweredTranscript() []Match {
	switch {
	case sc.opened && !sc.serverSpoke:
		id, shows := "greeting-never-received", "The transcript stops after the connection opened: the server never sent its 220 greeting."
		if sc.lastPort > 0 && !rules.ImplicitTLSPort(sc.lastPort) {
			id = "greeting-timeout"
		}
		out := errMatchFor(nil, id, sc.lastText, sc.lastLine, shows)
		if sc.lastPort == 0 {
			out = errMatchFor(out, "greeting-timeout", sc.lastText, sc.lastLine, "")
		}
		return out
	case sc.serverSpoke && sc.lastFromClient:
		return errMatchFor(nil, "read-timeout", sc.lastText, sc.lastLine, "The transcript stops after a command of the client: the server's reply never came.")
	}
	return nil
}

// readTranscript corrects a login failure by the transcript in the text:
// with an EHLO reply that offers no AUTH, or offers only methods the
// library cannot use, and no 535 from the server, "could not
// authenticate" means the login was never tried.
func (sc *errScanner) readTranscript(out []Match) []Match {
	if !sc.ehloSeen || sc.saw535 {
		return out
	}
	id := ""
	switch {
	case !sc.authOffered:
		id = "auth-not-offered"
	case !sc.authUsable:
		id = "auth-mechanism-unsupported"
	default:
		return out
	}
	for i := range out {
		if out[i].ID != "auth-failed" {
			continue
		}
		if j := matchIndex(out, id); j >= 0 {
			if out[j].AlternativeOf == "auth-failed" {
				out[j].AlternativeOf = out[i].AlternativeOf
			}
			out = append(out[:i], out[i+1:]...)
		} else {
			alt := out[i].AlternativeOf
			out[i] = errMatchFor(nil, id, out[i].Excerpt, out[i].Line, "")[0]
			out[i].AlternativeOf = alt
		}
		for k := range out {
			if out[k].AlternativeOf == "auth-failed" {
				out[k].AlternativeOf = id
			}
		}
		return out
	}
	return out
}

// scanLine looks for every pattern in each segment of text[start:end]: one
// pass of the automaton over the normalised line finds the pieces, then each
// segment is matched from the pieces inside it.
func (sc *errScanner) scanLine(text string, start, end, lineNo int) {
	norm, buf := errNormalize(text[start:end], sc.normBuf, nil)
	sc.normBuf = buf
	sc.linePieces(norm)
	if sc.lib == rules.LibUnset {
		sc.lib = sc.detectLibrary()
	}
	sc.errNoteSession(norm)
	linePort := 0
	next := 0 // the first occurrence in sc.pieces not yet given to a segment
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
		next = sc.segmentPieces(next, seg, segEnd)
		sc.scanSegment(s, port, &rawErrorMatch{line: lineNo, lineStart: start, lineEnd: end, segStart: seg, segEnd: segEnd})
		seg = segEnd + 1
	}
	sc.linePorts = append(sc.linePorts, linePort)
	if linePort > 0 {
		sc.lastPort = linePort
	}
	if line := strings.TrimSpace(text[start:end]); sc.opened && line != "" {
		sc.lastLine = lineNo
		sc.lastText = errCut(line, errorsMaxExcerpt)
	}
	sc.recent[0], sc.recent[1], sc.recent[2] = sc.recent[1], sc.recent[2], norm
}

// linePieces finds the pieces in the normalised line norm: where they occur
// (sc.pieces) and which occur (sc.lineFound).
func (sc *errScanner) linePieces(norm string) {
	a := errPieces()
	sc.pieces = a.find(norm, sc.pieces[:0])
	sc.lineFound.reset(len(a.pieces))
	for _, at := range sc.pieces {
		sc.lineFound.add(at.piece)
	}
}

// segmentPieces puts in sc.found the pieces inside the segment [seg,
// segEnd) of the line, taking sc.pieces from next on, and returns where the
// next segment's pieces start. Occurrences are in the order they end, so the
// segment's are the next ones that end by segEnd, less those that start
// before seg (across a segment break).
func (sc *errScanner) segmentPieces(next, seg, segEnd int) int {
	a := errPieces()
	sc.found.reset(len(a.pieces))
	for ; next < len(sc.pieces); next++ {
		at := sc.pieces[next]
		if int(at.start)+len(a.pieces[at.piece]) > segEnd {
			break
		}
		if int(at.start) >= seg {
			sc.found.add(at.piece)
		}
	}
	return next
}

// scanSegment records the matches of one normalised segment s, whose
// pieces are in sc.found; at says where the segment is, port is the port in
// context.
func (sc *errScanner) scanSegment(s string, port int, at *rawErrorMatch) {
	m := errPieces()
	if sc.union == nil {
		sc.union = make(patternSet, len(m.byFirst[0]))
	}
	sc.candidates = m.candidates(sc.candidates[:0], sc.union, &sc.found)
	sc.segIDs = sc.segIDs[:0]
	for _, pi := range sc.candidates {
		if len(sc.raws) >= errorsMaxRaw {
			return
		}
		p := &errorPatterns[pi]
		ms, me, ok := errMatchAny(s, p.texts, m.textPieces[pi], &sc.found)
		if !ok || errContainsAny(s, p.unless) {
			continue
		}
		if p.needNear != "" && !strings.Contains(s, p.needNear) && !errContainsIn(sc.recent[:], p.needNear) {
			continue
		}
		id, decided := p.id, false
		if p.onImplicit != "" && rules.ImplicitTLSPort(port) {
			id, decided = p.onImplicit, true
		}
		switch id {
		case "tls-wrong-version-number":
			switch {
			case sc.startTLSAccepted:
				id, decided = "starttls-garbage", true // STARTTLS was accepted: the TLS mode is right
			case sc.implicitTLSCall:
				decided = true // the library was told to start TLS at once: no STARTTLS step to blame
			}
		case "read-timeout":
			switch {
			case sc.sessionStarted:
				decided = true // the greeting came: a later command waited
			case port > 0:
				id = "greeting-timeout" // a plaintext port, no sign the session started
			default:
				id = "greeting-never-received" // the likeliest, with the others offered
			}
		}
		if id == "greeting-never-received" && port > 0 && !rules.ImplicitTLSPort(port) {
			id = "greeting-timeout" // a plaintext port: not a TLS-mode mistake
			decided = decided || p.id == "greeting-never-received"
		}
		if slices.Contains(sc.segIDs, id) {
			continue
		}
		sc.segIDs = append(sc.segIDs, id)
		r := *at
		r.pattern, r.id, r.weak, r.port, r.decided = pi, id, p.weak && id == p.id, port, decided
		r.matchStart, r.matchEnd = at.segStart+ms, at.segStart+me
		sc.raws = append(sc.raws, r)
	}
}

// detectLibrary names the library whose marker (errLibraryMarkers, in
// order) is in the current line, if any.
func (sc *errScanner) detectLibrary() rules.Library {
	for i, id := range errPieces().libraryMarkers {
		if sc.lineFound.has(id) {
			return errLibraryMarkers[i].lib
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

// IDs lists every id Explain can return, in table order.
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
	port                 int  // the port in context (0 = none)
	decided              bool // the context chose the id: no alternatives to offer
}

// errResolve drops weak and yielding matches that have a stronger match
// nearby, then keeps the first surviving match of each id.
func errResolve(text string, raws []rawErrorMatch) []Match {
	var out []Match    // each id once (a few dozen at most)
	var ports []int    // pairs: an index into out, a port named in its cause
	var pos []int      // errNormalize's, for excerpts
	var normBuf []byte // and its buffer, reused from one match to the next
	for i := range raws {
		r := &raws[i]
		p := &errorPatterns[r.pattern]
		if (r.weak || len(p.yieldTo) > 0) && errHasNearby(raws, i, p) {
			continue
		}
		if k := matchIndex(out, r.id); k >= 0 {
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
		norm, buf := errNormalize(line, normBuf, &pos)
		normBuf = buf
		seg := norm[r.segStart:r.segEnd]
		_, host := errFindPort(seg)
		excerpt := errExcerpt(line, pos, r.segStart, r.segEnd, r.matchStart, r.matchEnd)
		detail := errDetail(r.id, seg, host, r.port)
		alts := p.alternatives
		if r.decided || (r.id == "greeting-never-received" && rules.ImplicitTLSPort(r.port)) {
			alts = nil
		}
		if len(alts) > 0 && p.shows != "" {
			detail = strings.TrimSpace(rules.LibraryText(p.shows) + " " + detail)
		}
		out = errMatchFor(out, r.id, excerpt, r.line, detail)
		for _, alt := range alts {
			if alt != r.id && matchIndex(out, alt) < 0 {
				out = errMatchFor(out, alt, excerpt, r.line, "")
				out[len(out)-1].AlternativeOf = r.id
			}
		}
	}
	return out
}

// matchIndex returns the index of the match for id in ms, or -1.
func matchIndex(ms []Match, id string) int {
	for i := range ms {
		if ms[i].ID == id {
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
			// Two matches that would give way to each other both stay.
			if slices.Contains(errorPatterns[o.pattern].yieldTo, raws[i].id) {
				continue
			}
			if slices.Contains(p.yieldTo, o.id) {
				return true
			}
		}
	}
	return false
}

// errMatchFor appends the match for id to out; detail, when given, comes
// before the cause.
func errMatchFor(out []Match, id, excerpt string, line int, detail string) []Match {
	info := errorInfoByID(id)
	cause := rules.LibraryText(info.cause)
	if detail != "" {
		cause = detail + " " + cause
	}
	refs := make([]rules.Ref, len(info.refs))
	copy(refs, info.refs)
	return append(out, Match{
		ID: info.id, Severity: info.severity, Title: info.title, Cause: cause,
		Fix: rules.LibraryText(info.fix), Setting: info.setting, Excerpt: excerpt, Line: line, Refs: refs,
	})
}

func errorInfoByID(id string) *errorInfo {
	for i := range errorInfos {
		if errorInfos[i].id == id {
			return &errorInfos[i]
		}
	}
	panic("diagnose: no errorInfo for " + id) // a table bug, caught by tests
}

// errNormalize lowercases ASCII, drops ANSI colour sequences, undoes JSON
// escapes and collapses white space. A literal \n becomes '\n' (a segment
// break). buf is reused for the bytes of norm; the second result is buf,
// to pass again. Only an excerpt needs to know where each byte came from:
// when pos is not nil, it is set so that (*pos)[i] is the offset in line of
// the byte that gave norm[i] and (*pos)[len(norm)] is len(line), reusing
// its space.
func errNormalize(line string, buf []byte, pos *[]int) (string, []byte) {
	// norm is never longer than line: room for all of it at once, instead
	// of growing by doubling on every line of a fresh scan.
	if cap(buf) < len(line) {
		buf = make([]byte, 0, len(line))
	}
	b := buf[:0]
	var at []int
	if pos != nil {
		if at = (*pos)[:0]; cap(at) < len(line)+1 {
			at = make([]int, 0, len(line)+1)
		}
	}
	space := true // drop leading white space
	for i := 0; i < len(line); {
		c, from, next := line[i], i, i+1 // write c for line[from], go on at next
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
			if pos != nil {
				at = append(at, from)
			}
		}
		i = next
	}
	if pos != nil {
		*pos = append(at, len(line))
	}
	return string(b), b
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

func runeStart(c byte) bool { return c&0xc0 != 0x80 }

// errCut returns s cut to at most n bytes, at the start of a rune.
func errCut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !runeStart(s[n]) {
		n--
	}
	return s[:n]
}

func errWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' || 'A' <= c && c <= 'Z'
}

func errDigit(c byte) bool { return '0' <= c && c <= '9' }

// errMatchAny returns the match of the first of texts found in s, the
// texts of a pattern; pieces[i] are the pieces of texts[i] (pieceMatcher).
// A text with a piece not in found is not looked for: it cannot match.
func errMatchAny(s string, texts []string, pieces [][]int32, found *pieceSet) (int, int, bool) {
	for i, text := range texts {
		if !found.hasAll(pieces[i]) {
			continue
		}
		if ms, me, ok := errMatch(s, text); ok {
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
		r, more := rest, multi // fresh for each occurrence of first
		for more {
			var part string
			part, r, more = strings.Cut(r, "*")
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
	return k >= 0 && slices.Contains(errSourceExts, name[k+1:])
}

var errSourceExts = []string{
	"c", "h", "cc", "cpp", "go", "js", "mjs", "cjs", "ts", "py", "java", "kt", "cs", "php", "rb", "rs", "pl", "ex", "exs", "scala", "swift",
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
			a = rules.LibraryText("System.Net.Mail gives this message both when {dotnet-smtpclient.option} is off and when no credentials were sent: check both.")
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

func errShort(s string) string { return errCut(s, 120) }

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
