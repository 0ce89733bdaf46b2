// Command precompress writes NAME.br (brotli, best) and NAME.gz (gzip, best)
// beside each file named on the command line, for the server to pick by
// Accept-Encoding.
package main

import (
	"bytes"
	"compress/gzip"
	"log"
	"os"

	"github.com/andybalholm/brotli"
)

func main() {
	log.SetFlags(0)
	for _, name := range os.Args[1:] {
		raw, err := os.ReadFile(name)
		if err != nil {
			log.Fatal(err)
		}
		var br bytes.Buffer
		bw := brotli.NewWriterLevel(&br, brotli.BestCompression)
		if _, err := bw.Write(raw); err != nil {
			log.Fatal(err)
		}
		if err := bw.Close(); err != nil {
			log.Fatal(err)
		}
		var gz bytes.Buffer
		gw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		if _, err := gw.Write(raw); err != nil {
			log.Fatal(err)
		}
		if err := gw.Close(); err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(name+".br", br.Bytes(), 0o644); err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(name+".gz", gz.Bytes(), 0o644); err != nil {
			log.Fatal(err)
		}
		log.Printf("%s: %d raw, %d gzip, %d brotli", name, len(raw), gz.Len(), br.Len())
	}
}
