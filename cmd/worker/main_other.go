//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "cmd/worker runs on Cloudflare Workers: build it with GOOS=js GOARCH=wasm (make worker) and run it with wrangler")
	os.Exit(2)
}
