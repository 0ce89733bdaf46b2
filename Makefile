# whichport — see README.md. `make run` serves everything; `make test` runs every test.
GO      ?= go
LISTEN  ?= 127.0.0.1:8080
WASM    := frontend/static/whichport.wasm

.PHONY: run build wasm wasm-module test test-go test-integration test-e2e bench vet fmt clean worker

run: wasm
	$(GO) run ./cmd/api --listen $(LISTEN)

build: wasm
	$(GO) build -o bin/whichport ./cmd/api

# The browser module, its loader and its precompressed forms (.br, .gz).
# Two settings keep the module within its 600 KB brotli budget: -gcflags=all=-l
# (no inlining) halves the runtime's line tables (-57 KB), and
# GOEXPERIMENT=nogreenteagc uses Go's previous mark-sweep collector, whose code
# is 12 KB smaller than Green Tea's; neither matters for a small browser heap,
# and the engine stays microseconds fast.
wasm: wasm-module
	cp "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" frontend/static/wasm_exec.js
	$(GO) run ./scripts/precompress $(WASM) frontend/static/wasm_exec.js

# One Go program built as a browser module with the flags above: WASM_PKG to
# WASM (scripts/ready-floor.mjs builds its floor module with this rule).
WASM_PKG ?= ./wasm
wasm-module:
	GOEXPERIMENT=nogreenteagc GOOS=js GOARCH=wasm $(GO) build -trimpath -gcflags=all=-l -ldflags='-s -w' -o $(WASM) $(WASM_PKG)

vet:
	gofmt -l . | (! grep .) || (echo "gofmt needed"; exit 1)
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./wasm ./rules ./cmd/worker

# Every test: unit, fuzz seeds, integration (Postfix, NSD) and the browser test.
test: wasm vet wasm-budget test-go test-e2e

# The browser module's size budget (600 KB brotli): fails the build when over.
wasm-budget:
	$(GO) run ./scripts/wasmsize

test-go:
	$(GO) test -count=1 ./...

test-e2e: node_modules
	node --test wasm/ e2e/

node_modules: package.json
	npm ci --no-audit --no-fund || npm install --no-audit --no-fund
	@touch node_modules

bench: wasm
	$(GO) test -run '^$$' -bench . -benchmem ./rules ./probe
	$(GO) run ./scripts/wasmsize
	node scripts/ready.mjs
	node scripts/ready-floor.mjs
	node scripts/lighthouse.mjs
	bash scripts/bench-probe.sh
	$(GO) run ./scripts/bench-loopback

# The Cloudflare Workers build (wrangler.toml runs it): syumai/workers' loader
# files, the Go module (API only) beside them, and the page as Workers static
# assets in build/worker/public (headers from cmd/worker/public/_headers).
worker: wasm
	$(GO) run github.com/syumai/workers/cmd/workers-assets-gen -mode=go -o build/worker
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o build/worker/app.wasm ./cmd/worker
	mkdir -p build/worker/public/static
	cp -R frontend/static/. build/worker/public/static/
	find build/worker/public/static \( -name '*.br' -o -name '*.gz' \) -delete
	cp frontend/static/index.html frontend/static/embed.html frontend/static/sw.js frontend/static/manifest.webmanifest build/worker/public/
	cp cmd/worker/public/_headers build/worker/public/_headers

clean:
	rm -rf bin build frontend/static/whichport.wasm* frontend/static/wasm_exec.js* test-artifacts
