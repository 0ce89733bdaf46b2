# whichport — see README.md. `make run` serves everything; `make test` runs every test.
GO      ?= go
LISTEN  ?= 127.0.0.1:8080
WASM    := frontend/static/whichport.wasm

.PHONY: run build wasm test test-go test-integration test-e2e bench vet fmt clean worker

run: wasm
	$(GO) run ./cmd/api --listen $(LISTEN)

build: wasm
	$(GO) build -o bin/whichport ./cmd/api

# The browser module, its loader and its precompressed forms (.br, .gz).
wasm:
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o $(WASM) ./wasm
	cp "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" frontend/static/wasm_exec.js
	$(GO) run ./scripts/precompress $(WASM) frontend/static/wasm_exec.js

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
	node scripts/lighthouse.mjs
	bash scripts/bench-probe.sh

# The Cloudflare Workers build (wrangler.toml runs it): syumai/workers' loader
# files, then the Go module beside them.
worker: wasm
	$(GO) run github.com/syumai/workers/cmd/workers-assets-gen -mode=go -o build/worker
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o build/worker/app.wasm ./cmd/worker

clean:
	rm -rf bin build frontend/static/whichport.wasm* frontend/static/wasm_exec.js* test-artifacts
