// Command worker-size prints the Worker's Go module size, raw and gzip, and
// its code by Go package, biggest first: the bytes of each package's
// function bodies (from the module's name section), raw and gzip on their
// own. Data (strings, tables, type descriptors, the runtime's pclntab)
// cannot be told apart by package in a wasm module and is printed as one
// line. Cloudflare limits the Worker to 3 MB gzip (free plan).
//
//	go run ./scripts/worker-size                   # builds ./cmd/worker as make worker does
//	go run ./scripts/worker-size -top 40 -tags "" -gcflags "" -goexperiment ""  # more rows; a plain build
//	go run ./scripts/worker-size -funcs net/http     # the biggest functions of a package
//	go run ./scripts/worker-size -module app.wasm  # a module built with symbols
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

const freePlan = 3 << 20 // bytes, gzip

func main() {
	module := flag.String("module", "", "a module built without -s (its name section names the functions); default: build ./cmd/worker")
	pkg := flag.String("pkg", "./cmd/worker", "package to build")
	tags := flag.String("tags", "nostatic", "build tags (make worker's)")
	gcflags := flag.String("gcflags", "all=-l", "compiler flags (make worker's)")
	experiment := flag.String("goexperiment", "nogreenteagc", "GOEXPERIMENT (make worker's)")
	top := flag.Int("top", 30, "packages to list")
	funcs := flag.String("funcs", "", "list this package's biggest functions instead")
	flag.Parse()
	if err := run(*module, *pkg, *tags, *gcflags, *experiment, *top, *funcs); err != nil {
		fmt.Fprintln(os.Stderr, "worker-size:", err)
		os.Exit(1)
	}
}

func run(module, pkg, tags, gcflags, experiment string, top int, funcs string) error {
	if module == "" {
		dir, err := os.MkdirTemp("", "worker-size")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		module = filepath.Join(dir, "app.wasm")
		// -w only: the name section stays (it is what -s removes).
		args := []string{"build", "-trimpath", "-ldflags=-w", "-o", module}
		if tags != "" {
			args = append(args, "-tags", tags)
		}
		if gcflags != "" {
			args = append(args, "-gcflags="+gcflags)
		}
		cmd := exec.Command("go", append(args, pkg)...)
		cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "GOEXPERIMENT="+experiment)
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go build: %w", err)
		}
	}
	b, err := os.ReadFile(module)
	if err != nil {
		return err
	}
	m, err := parse(b)
	if err != nil {
		return err
	}
	// What is deployed: the module without custom sections (-s -w).
	stripped := m.withoutCustom(b)
	fmt.Printf("module %s: %s raw, %s gzip (-9) without custom sections (as built with -s -w); free plan %s gzip: %.0f%% used\n",
		module, kb(len(stripped)), kb(gz(stripped)), kb(freePlan), 100*float64(gz(stripped))/freePlan)

	if funcs != "" {
		type fn struct {
			name string
			size int
		}
		var fns []fn
		for i, body := range m.bodies {
			if name := m.names[uint32(m.imported+i)]; packageOf(name) == funcs {
				fns = append(fns, fn{name, len(body)})
			}
		}
		sort.Slice(fns, func(i, j int) bool { return fns[i].size > fns[j].size })
		for i, f := range fns {
			if i == top {
				break
			}
			fmt.Printf("%10s  %s\n", kb(f.size), f.name)
		}
		return nil
	}
	type row struct {
		pkg  string
		code []byte
		n    int
	}
	rows := map[string]*row{}
	codeTotal := 0
	for i, body := range m.bodies {
		name := m.names[uint32(m.imported+i)]
		p := packageOf(name)
		r := rows[p]
		if r == nil {
			r = &row{pkg: p}
			rows[p] = r
		}
		r.code = append(r.code, body...)
		r.n++
		codeTotal += len(body)
	}
	list := make([]*row, 0, len(rows))
	for _, r := range rows {
		list = append(list, r)
	}
	sort.Slice(list, func(i, j int) bool { return len(list[i].code) > len(list[j].code) })
	fmt.Printf("code %s raw in %d functions; data and other sections %s raw (%s gzip on their own)\n",
		kb(codeTotal), len(m.bodies), kb(len(stripped)-codeTotal), kb(gz(m.data)))
	fmt.Printf("%-58s %10s %10s %6s\n", "package (code only)", "raw", "gzip", "funcs")
	for i, r := range list {
		if i == top {
			rest, restGz, n := 0, 0, 0
			var all []byte
			for _, r := range list[top:] {
				rest += len(r.code)
				n += r.n
				all = append(all, r.code...)
			}
			restGz = gz(all)
			fmt.Printf("%-58s %10s %10s %6d\n", fmt.Sprintf("(%d more packages)", len(list)-top), kb(rest), kb(restGz), n)
			break
		}
		fmt.Printf("%-58s %10s %10s %6d\n", r.pkg, kb(len(r.code)), kb(gz(r.code)), r.n)
	}
	return nil
}

// domains are the top-level domains of the module paths linked in.
var domains = []string{"com", "org", "net", "io", "in", "dev"}

// packageOf returns the import path a function belongs to. The linker
// writes names with "/" as "_" and "(*T)" as "__T_":
// "github.com_x_y.__T_.M" is "github.com/x/y".
func packageOf(name string) string {
	if name == "" {
		return "(unnamed)"
	}
	for _, p := range []string{"type:", "type_", "go:", "go_", "gclocals"} {
		if strings.HasPrefix(name, p) {
			return "(" + strings.TrimRight(p, ":_") + ")"
		}
	}
	off := 0
	rest := strings.TrimPrefix(name, "vendor_")
	skip := len(name) - len(rest)
	if j := strings.IndexByte(rest, '_'); j > 0 {
		if d := strings.LastIndexByte(rest[:j], '.'); d > 0 && slices.Contains(domains, rest[d+1:j]) {
			off = skip + j // a domain: github.com_..., golang.org_...
		}
	}
	if i := strings.IndexByte(name[off:], '.'); i >= 0 {
		name = name[:off+i]
	}
	return strings.ReplaceAll(name, "_", "/")
}

func kb(n int) string { return fmt.Sprintf("%.1f KB", float64(n)/1000) }

func gz(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Len()
}

type wasmModule struct {
	imported int               // imported functions (they come first in the index space)
	bodies   [][]byte          // function bodies, in order
	names    map[uint32]string // function index -> name
	data     []byte            // the data section
	custom   [][2]int          // custom sections: [start, end) in the file
}

func (m *wasmModule) withoutCustom(b []byte) []byte {
	var out []byte
	prev := 0
	for _, c := range m.custom {
		out = append(out, b[prev:c[0]]...)
		prev = c[1]
	}
	return append(out, b[prev:]...)
}

func uleb(b []byte, i *int) (uint64, error) {
	var v uint64
	for shift := 0; shift < 64; shift += 7 {
		if *i >= len(b) {
			return 0, errors.New("truncated LEB128")
		}
		c := b[*i]
		*i++
		v |= uint64(c&0x7f) << shift
		if c&0x80 == 0 {
			return v, nil
		}
	}
	return 0, errors.New("LEB128 too long")
}

func parse(b []byte) (*wasmModule, error) {
	if len(b) < 8 || !bytes.Equal(b[:4], []byte("\x00asm")) || binary.LittleEndian.Uint32(b[4:8]) != 1 {
		return nil, errors.New("not a wasm module")
	}
	m := &wasmModule{names: map[uint32]string{}}
	i := 8
	for i < len(b) {
		start := i
		id := b[i]
		i++
		size, err := uleb(b, &i)
		if err != nil {
			return nil, err
		}
		end := i + int(size)
		if end > len(b) {
			return nil, errors.New("section runs past the end")
		}
		sec := b[i:end]
		switch id {
		case 0:
			m.custom = append(m.custom, [2]int{start, end})
			j := 0
			n, err := uleb(sec, &j)
			if err != nil {
				return nil, err
			}
			if string(sec[j:j+int(n)]) == "name" {
				if err := m.parseNames(sec[j+int(n):]); err != nil {
					return nil, err
				}
			}
		case 2: // imports
			j := 0
			n, _ := uleb(sec, &j)
			for range n {
				for range 2 { // module, name
					l, _ := uleb(sec, &j)
					j += int(l)
				}
				kind := sec[j]
				j++
				switch kind {
				case 0:
					uleb(sec, &j)
					m.imported++
				case 1:
					j++
					limits(sec, &j)
				case 2:
					limits(sec, &j)
				case 3:
					j += 2
				}
			}
		case 10: // code
			j := 0
			n, _ := uleb(sec, &j)
			for range n {
				l, err := uleb(sec, &j)
				if err != nil {
					return nil, err
				}
				m.bodies = append(m.bodies, sec[j:j+int(l)])
				j += int(l)
			}
		case 11:
			m.data = sec
		}
		i = end
	}
	return m, nil
}

func limits(b []byte, j *int) {
	flags := b[*j]
	*j++
	uleb(b, j)
	if flags&1 != 0 {
		uleb(b, j)
	}
}

func (m *wasmModule) parseNames(b []byte) error {
	i := 0
	for i < len(b) {
		id := b[i]
		i++
		size, err := uleb(b, &i)
		if err != nil {
			return err
		}
		end := i + int(size)
		if id == 1 { // function names
			j := i
			n, _ := uleb(b, &j)
			for range n {
				idx, _ := uleb(b, &j)
				l, _ := uleb(b, &j)
				m.names[uint32(idx)] = string(b[j : j+int(l)])
				j += int(l)
			}
		}
		i = end
	}
	return nil
}
