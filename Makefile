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
# Two settings keep the module within its 620 KB brotli budget: -gcflags=all=-l
# (no inlining) halves the runtime's line tables (-57 KB), and
# GOEXPERIMENT=nogreenteagc uses Go's previous mark-sweep collector, whose code
# is 12 KB smaller than Green Tea's; neither matters for a small browser heap,
# and the engine stays microseconds fast. After linking, scripts/wasmpack
# joins the data segments Go's linker splits at every run of 8 zero bytes
# (45,000 of them): the same memory, 50 KB less brotli, 80 KB less gzip.
wasm:
	GOEXPERIMENT=nogreenteagc GOOS=js GOARCH=wasm $(GO) build -trimpath -gcflags=all=-l -ldflags='-s -w' -o $(WASM) ./wasm
	$(GO) run ./scripts/wasmpack $(WASM)
	cp "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" frontend/static/wasm_exec.js
	$(GO) run ./scripts/precompress $(WASM) frontend/static/wasm_exec.js

vet:
	gofmt -l . | (! grep .) || (echo "gofmt needed"; exit 1)
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./wasm ./rules ./formats ./diagnose
	GOOS=js GOARCH=wasm $(GO) vet -tags nostatic ./cmd/worker

# Every test: unit, fuzz seeds, integration (Postfix, NSD) and the browser test.
test: wasm vet wasm-budget test-go test-e2e

# The browser module's size budget (620 KB brotli): fails the build when over.
wasm-budget:
	$(GO) run ./scripts/wasmsize

# internal/apicontract runs the API contract against the native server and,
# with wrangler installed (npm ci: package.json pins it), against the Worker
# under wrangler dev.
test-go: node_modules
	$(GO) test -count=1 ./...

test-e2e: node_modules
	node --test wasm/ e2e/

node_modules: package.json
	npm ci --no-audit --no-fund || npm install --no-audit --no-fund
	@touch node_modules

bench: wasm
	$(GO) test -run '^$$' -bench . -benchmem ./rules ./formats ./diagnose ./probe
	$(GO) run ./scripts/wasmsize
	node scripts/ready.mjs
	node scripts/lighthouse.mjs
	bash scripts/bench-probe.sh

# The Cloudflare Workers build (wrangler.toml runs it): the loader
# (cmd/worker/worker.mjs: one Go instance per isolate) with Go's wasm_exec.js,
# the Go module (API only) beside them, and the page as Workers static
# assets in build/worker/public (headers from cmd/worker/public/_headers).
# The module's gzip size counts against Cloudflare's limit (3 MiB free plan):
# -tags nostatic leaves the api's static file serving (and brotli) out, and
# the browser module's two settings (no inlining, the previous collector)
# take another 540 KB gzip off at no measurable cost per request
# (go run ./scripts/worker-size prints the size by package).
worker: wasm
	rm -rf build/worker
	mkdir -p build/worker/public/static
	cp cmd/worker/worker.mjs build/worker/worker.mjs
	cp "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" build/worker/wasm_exec.js
	GOEXPERIMENT=nogreenteagc GOOS=js GOARCH=wasm $(GO) build -trimpath -tags nostatic -gcflags=all=-l -ldflags='-s -w' -o build/worker/app.wasm ./cmd/worker
	cp -R frontend/static/. build/worker/public/static/
	find build/worker/public/static \( -name '*.br' -o -name '*.gz' \) -delete
	cp frontend/static/index.html frontend/static/embed.html frontend/static/sw.js frontend/static/manifest.webmanifest build/worker/public/
	cp cmd/worker/public/_headers build/worker/public/_headers

clean:
	rm -rf bin build frontend/static/whichport.wasm* frontend/static/wasm_exec.js* test-artifacts
