// Command wasmpack rewrites a WebAssembly module's data section so that it
// compresses better, without changing what the module puts in memory.
//
// Go's linker leaves out every run of eight or more zero bytes in the data
// it places in linear memory and starts a new data segment after it, which
// keeps the raw module small. For the browser module that means about 45,000
// segments, each with its own offset and length (about 340 KB raw): numbers
// that brotli and gzip cannot predict, so the segment headers cost more
// once compressed than the zeros they replace. wasmpack joins neighbouring
// segments whose gap is at most -gap bytes, writing the gap's zeros out.
// Linear memory starts zeroed, so the memory a module starts with is byte
// for byte the same; only the data section changes. (Segments that overlap
// or come out of order are fine: wasmpack lays them out as instantiation
// would and cuts the result anew.)
//
//	go run ./scripts/wasmpack frontend/static/whichport.wasm   # in place
//	go run ./scripts/wasmpack -gap 1024 -o out.wasm in.wasm
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"log"
	"maps"
	"os"
	"slices"
)

func main() {
	log.SetFlags(0)
	gap := flag.Int("gap", 256, "join segments separated by at most this many zero bytes")
	out := flag.String("o", "", "output file (default: rewrite the input in place)")
	flag.Parse()
	if flag.NArg() != 1 {
		log.Fatal("usage: wasmpack [-gap n] [-o out.wasm] module.wasm")
	}
	name := flag.Arg(0)
	if *out == "" {
		*out = name
	}
	in, err := os.ReadFile(name)
	if err != nil {
		log.Fatal(err)
	}
	packed, before, after, err := pack(in, *gap)
	if err != nil {
		log.Fatalf("wasmpack: %s: %v", name, err)
	}
	if err := os.WriteFile(*out, packed, 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("%s: %d data segments joined into %d, %d bytes raw (was %d)", *out, before, after, len(packed), len(in))
}

const (
	sectionData      = 11
	sectionDataCount = 12
	opI32Const       = 0x41
	opEnd            = 0x0b
)

// segment is an active data segment of memory 0: data placed at offset.
type segment struct {
	offset uint32
	data   []byte
}

// pack returns module with its data segments joined across gaps of at
// most maxGap zero bytes, and the number of segments before and after. A
// module whose data section holds anything but active segments of memory 0
// at constant offsets (what Go's linker writes) is an error.
func pack(module []byte, maxGap int) (out []byte, before, after int, err error) {
	if len(module) < 8 || !bytes.Equal(module[:4], []byte("\x00asm")) {
		return nil, 0, 0, errors.New("not a WebAssembly module")
	}
	out = append(out, module[:8]...)
	r := module[8:]
	for len(r) > 0 {
		id := r[0]
		size, n, err := readULEB(r[1:])
		if err != nil {
			return nil, 0, 0, fmt.Errorf("section %d: %w", id, err)
		}
		start := 1 + n
		if uint64(len(r)-start) < size {
			return nil, 0, 0, fmt.Errorf("section %d: truncated", id)
		}
		body := r[start : start+int(size)]
		r = r[start+int(size):]
		switch id {
		case sectionData:
			segs, err := readSegments(body)
			if err != nil {
				return nil, 0, 0, fmt.Errorf("data section: %w", err)
			}
			before = len(segs)
			segs = join(segs, maxGap)
			after = len(segs)
			body = writeSegments(segs)
		case sectionDataCount:
			// Only written with bulk memory; it must match the new count.
			body = appendULEB(nil, uint64(after))
		}
		out = append(out, id)
		out = appendULEB(out, uint64(len(body)))
		out = append(out, body...)
	}
	return out, before, after, nil
}

func readSegments(b []byte) ([]segment, error) {
	count, n, err := readULEB(b)
	if err != nil {
		return nil, err
	}
	b = b[n:]
	if count > uint64(len(b))/5 { // a segment takes at least 5 bytes
		return nil, errors.New("more segments than bytes")
	}
	segs := make([]segment, 0, count)
	for i := uint64(0); i < count; i++ {
		if len(b) < 2 || b[0] != 0 || b[1] != opI32Const {
			return nil, fmt.Errorf("segment %d: not an active segment at a constant offset", i)
		}
		offset, n, err := readSLEB(b[2:])
		if err != nil || offset < 0 || offset > 1<<32-1 {
			return nil, fmt.Errorf("segment %d: bad offset", i)
		}
		b = b[2+n:]
		if len(b) == 0 || b[0] != opEnd {
			return nil, fmt.Errorf("segment %d: offset is not a single i32.const", i)
		}
		size, n, err := readULEB(b[1:])
		if err != nil || uint64(len(b)-1-n) < size {
			return nil, fmt.Errorf("segment %d: truncated", i)
		}
		segs = append(segs, segment{offset: uint32(offset), data: b[1+n : 1+n+int(size)]})
		b = b[1+n+int(size):]
	}
	if len(b) != 0 {
		return nil, errors.New("trailing bytes")
	}
	return segs, nil
}

// pageSize is WebAssembly's memory page size.
const pageSize = 1 << 16

// join returns segments that fill memory exactly as segs do, applied in
// order to zeroed memory, with zero runs of at most maxGap bytes written
// out instead of starting a new segment. It lays the segments out in the
// pages they touch (later ones overwriting earlier ones, as instantiation
// does) and cuts that memory anew at runs of more than maxGap zeros.
func join(segs []segment, maxGap int) []segment {
	pages := map[uint64]*[pageSize]byte{}
	for _, s := range segs {
		for i, b := range s.data {
			addr := uint64(s.offset) + uint64(i)
			p := pages[addr/pageSize]
			if p == nil {
				p = new([pageSize]byte)
				pages[addr/pageSize] = p
			}
			p[addr%pageSize] = b
		}
	}
	var out []segment
	var cur *segment
	var curEnd uint64 // the address after cur's last non-zero byte
	for _, n := range slices.Sorted(maps.Keys(pages)) {
		for i, b := range pages[n] {
			if b == 0 {
				continue
			}
			addr := n*pageSize + uint64(i)
			if cur == nil || addr-curEnd > uint64(maxGap) {
				out = append(out, segment{offset: uint32(addr)})
				cur = &out[len(out)-1]
			} else {
				cur.data = append(cur.data, make([]byte, addr-curEnd)...)
			}
			cur.data = append(cur.data, b)
			curEnd = addr + 1
		}
	}
	return out
}

func writeSegments(segs []segment) []byte {
	b := appendULEB(nil, uint64(len(segs)))
	for _, s := range segs {
		b = append(b, 0, opI32Const)
		b = appendSLEB(b, int64(s.offset))
		b = append(b, opEnd)
		b = appendULEB(b, uint64(len(s.data)))
		b = append(b, s.data...)
	}
	return b
}

var errLEB = errors.New("bad LEB128 number")

func readULEB(b []byte) (v uint64, n int, err error) {
	for shift := 0; n < len(b) && shift < 64; shift += 7 {
		c := b[n]
		n++
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v, n, nil
		}
	}
	return 0, 0, errLEB
}

func readSLEB(b []byte) (v int64, n int, err error) {
	for shift := 0; n < len(b) && shift < 64; shift += 7 {
		c := b[n]
		n++
		v |= int64(c&0x7f) << shift
		if c < 0x80 {
			if shift+7 < 64 && c&0x40 != 0 {
				v |= -1 << (shift + 7)
			}
			return v, n, nil
		}
	}
	return 0, 0, errLEB
}

func appendULEB(b []byte, v uint64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v == 0 {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

func appendSLEB(b []byte, v int64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}
