package main

import (
	"bytes"
	"testing"
)

// module builds a WebAssembly module with a type section (to check other
// sections pass through unchanged) and a data section holding segs.
func module(segs []segment) []byte {
	m := []byte("\x00asm\x01\x00\x00\x00")
	types := []byte{1, 0x60, 0, 0} // one type: func() -> ()
	m = append(m, 1)
	m = appendULEB(m, uint64(len(types)))
	m = append(m, types...)
	data := writeSegments(segs)
	m = append(m, sectionData)
	m = appendULEB(m, uint64(len(data)))
	return append(m, data...)
}

// memory returns the linear memory the module's data section fills (later
// segments overwrite earlier ones), and the sections other than data.
func memory(t *testing.T, m []byte) (mem, rest []byte) {
	t.Helper()
	r := m[8:]
	for len(r) > 0 {
		id := r[0]
		size, n, err := readULEB(r[1:])
		if err != nil {
			t.Fatal(err)
		}
		body := r[1+n : 1+n+int(size)]
		r = r[1+n+int(size):]
		if id != sectionData {
			rest = append(rest, body...)
			continue
		}
		segs, err := readSegments(body)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range segs {
			if s.offset > 1<<24 {
				t.Skip("segment beyond 16 MB")
			}
			if end := int(s.offset) + len(s.data); end > len(mem) {
				mem = append(mem, make([]byte, end-len(mem))...)
			}
			copy(mem[s.offset:], s.data)
		}
	}
	// Memory past the last non-zero byte is zero whoever wrote it.
	return bytes.TrimRight(mem, "\x00"), rest
}

func TestPackJoinsSegmentsKeepingMemory(t *testing.T) {
	segs := []segment{
		{offset: 100, data: []byte("abc")},
		{offset: 111, data: []byte("def")},        // 8 zero bytes after abc: joined
		{offset: 114 + 300, data: []byte("ghi")},  // 300 apart: a new segment at gap 256
		{offset: 420, data: []byte("jk")},         // joined to ghi
		{offset: 421, data: []byte("XY")},         // overwrites k
		{offset: 10, data: []byte("early")},       // out of order: joined before abc
		{offset: 1 << 20, data: []byte("far")},    // large offset: multi-byte LEB128
		{offset: 1<<20 + 3, data: []byte("next")}, // adjacent, no gap
	}
	in := module(segs)
	out, before, after, err := pack(in, 256)
	if err != nil {
		t.Fatal(err)
	}
	if before != len(segs) || after != 3 {
		t.Errorf("segments %d -> %d, want %d -> 3", before, after, len(segs))
	}
	memIn, restIn := memory(t, in)
	memOut, restOut := memory(t, out)
	if !bytes.Equal(memIn, memOut) {
		t.Error("packed module fills memory differently")
	}
	if !bytes.Equal(restIn, restOut) {
		t.Error("packed module changed a section other than data")
	}
	if string(memOut[420:423]) != "jXY" {
		t.Errorf("overlap: memory[420:423] = %q, want %q", memOut[420:423], "jXY")
	}
}

func TestPackKeepsBytesOfEarlierSegmentsInGaps(t *testing.T) {
	segs := []segment{
		{offset: 0, data: bytes.Repeat([]byte("a"), 100)},
		{offset: 10, data: []byte("b")},  // out of order: kept apart
		{offset: 101, data: []byte("c")}, // joining it to b would zero 11..100
	}
	in := module(segs)
	out, _, _, err := pack(in, 256)
	if err != nil {
		t.Fatal(err)
	}
	memIn, _ := memory(t, in)
	memOut, _ := memory(t, out)
	if !bytes.Equal(memIn, memOut) {
		t.Errorf("packed module fills memory differently:\n%q\n%q", memIn, memOut)
	}
}

func TestPackGapZeroKeepsSeparateSegments(t *testing.T) {
	segs := []segment{{offset: 0, data: []byte("a")}, {offset: 2, data: []byte("b")}}
	_, _, after, err := pack(module(segs), 0)
	if err != nil {
		t.Fatal(err)
	}
	if after != 2 {
		t.Errorf("gap 0 joined segments 1 byte apart: %d segments", after)
	}
}

func TestPackRejects(t *testing.T) {
	passive := []byte("\x00asm\x01\x00\x00\x00")
	data := []byte{1, 1, 3, 'a', 'b', 'c'} // one passive segment (flag 1)
	passive = append(passive, sectionData, byte(len(data)))
	passive = append(passive, data...)
	truncated := module([]segment{{offset: 5, data: []byte("hello")}})
	for name, m := range map[string][]byte{
		"not wasm":        []byte("\x7fELF\x02\x01\x01\x00"),
		"passive segment": passive,
		"truncated":       truncated[:len(truncated)-2],
	} {
		if _, _, _, err := pack(m, 256); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestLEB128(t *testing.T) {
	for _, v := range []int64{0, 1, 63, 64, 127, 128, 1 << 20, 1<<31 - 1, 1<<32 - 1, -1, -64, -65} {
		got, n, err := readSLEB(appendSLEB(nil, v))
		if err != nil || got != v || n != len(appendSLEB(nil, v)) {
			t.Errorf("signed %d: read back %d (%d bytes, %v)", v, got, n, err)
		}
		if v >= 0 {
			got, _, err := readULEB(appendULEB(nil, uint64(v)))
			if err != nil || int64(got) != v {
				t.Errorf("unsigned %d: read back %d (%v)", v, got, err)
			}
		}
	}
}

func FuzzPack(f *testing.F) {
	f.Add(module([]segment{{offset: 3, data: []byte("ab")}, {offset: 20, data: []byte("cd")}}), 8)
	f.Add([]byte("\x00asm\x01\x00\x00\x00\x0b\x01\x00"), 0)
	f.Fuzz(func(t *testing.T, m []byte, gap int) {
		if gap < 0 {
			gap = -gap
		}
		out, _, _, err := pack(m, gap%4096)
		if err != nil {
			return
		}
		memIn, _ := memory(t, m)
		memOut, _ := memory(t, out)
		if !bytes.Equal(memIn, memOut) {
			t.Fatal("packed module fills memory differently")
		}
	})
}
