# whichport — see README.md. `make run` serves everything; `make test` runs every test.
GO      ?= go
LISTEN  ?= 127.0.0.1:8080
WASM    := frontend/static/whichport.wasm

.PHONY: run build wasm wasm-module test test-go test-integration test-e2e bench vet fmt clean worker dist cli corpus

run: wasm
	$(GO) run ./cmd/api --listen $(LISTEN)

build: wasm
	$(GO) build -o bin/whichport ./cmd/api

# The command-line tool for this machine (go install ./cmd/whichport does the same).
cli:
	$(GO) build -o bin/whichport-cli ./cmd/whichport

# Static binaries of the command-line tool for every platform, with SHA-256
# sums, the version stamped from `git describe` (VERSION=... overrides).
VERSION      ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
DIST         ?= dist
DIST_TARGETS := linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64

dist:
	rm -rf $(DIST) && mkdir -p $(DIST)
	for t in $(DIST_TARGETS); do \
		os=$${t%/*}; arch=$${t#*/}; ext=; [ "$$os" = windows ] && ext=.exe; \
		CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) build -trimpath -ldflags='-s -w -X main.version=$(VERSION)' \
			-o $(DIST)/whichport-$$os-$$arch$$ext ./cmd/whichport || exit 1; \
	done
	cd $(DIST) && { sha256sum whichport-* 2>/dev/null || shasum -a 256 whichport-*; } > SHA256SUMS
	cd $(DIST) && ls -l whichport-* && cat SHA256SUMS

# The browser module, its loader and its precompressed forms (.br, .gz).
# Two settings keep the module within its 620 KB brotli budget: -gcflags=all=-l
# (no inlining) halves the runtime's line tables (-57 KB), and
# GOEXPERIMENT=nogreenteagc uses Go's previous mark-sweep collector, whose code
# is 12 KB smaller than Green Tea's; neither matters for a small browser heap,
# and the engine stays microseconds fast. After linking, scripts/wasmpack
# joins the data segments Go's linker splits at every run of 8 zero bytes
# (45,000 of them): the same memory, 50 KB less brotli, 80 KB less gzip.
wasm: wasm-module
	cp "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" frontend/static/wasm_exec.js
	$(GO) run ./scripts/precompress $(WASM) frontend/static/wasm_exec.js

# One Go program built as a browser module with the flags above: WASM_PKG to
# WASM (scripts/ready-floor.mjs builds its floor module with this rule).
WASM_PKG ?= ./wasm
wasm-module:
	GOEXPERIMENT=nogreenteagc GOOS=js GOARCH=wasm $(GO) build -trimpath -gcflags=all=-l -ldflags='-s -w' -o $(WASM) $(WASM_PKG)
	$(GO) run ./scripts/wasmpack $(WASM)

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
# under wrangler dev; its TestWorkerSize builds the Worker as `make worker`
# does (one build shared with the contract) and fails when it is over 3 MiB
# gzip (go test -v -run TestWorkerSize ./internal/apicontract prints it).
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
	node scripts/ready-floor.mjs
	node scripts/lighthouse.mjs
	bash scripts/bench-probe.sh
	bash scripts/bench-cli.sh
	$(GO) run ./scripts/bench-loopback

# The real-client corpus of error texts (diagnose/testdata/corpus): installs
# the clients and a private Exim, then runs every client against every
# misconfigured server on loopback (a few minutes; root). The generated files
# are committed, so `make test` needs none of this.
corpus:
	bash scripts/corpus/setup.sh
	$(GO) run ./scripts/corpus -out diagnose/testdata/corpus

# The Cloudflare Workers build (wrangler.toml runs it): the loader
# (cmd/worker/worker.mjs: one Go instance per isolate) with Go's wasm_exec.js,
# the Go module (API only) beside them, and the page as Workers static
# assets in build/worker/public (headers from cmd/worker/public/_headers).
# The module's gzip size counts against Cloudflare's limit (3 MiB free plan):
# -tags nostatic leaves the api's static file serving (and brotli) and its
# response compression (Cloudflare compresses at the edge) out, and the
# browser module's two settings (no inlining, the previous collector) take
# another 540 KB gzip off at no measurable cost per request, and wasmpack
# joins the data segments as for the browser module (-178 KB gzip)
# (go run ./scripts/worker-size prints the size by package).
worker: wasm
	rm -rf build/worker
	mkdir -p build/worker/public/static
	cp cmd/worker/worker.mjs build/worker/worker.mjs
	cp "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" build/worker/wasm_exec.js
	GOEXPERIMENT=nogreenteagc GOOS=js GOARCH=wasm $(GO) build -trimpath -tags nostatic -gcflags=all=-l -ldflags='-s -w' -o build/worker/app.wasm ./cmd/worker
	$(GO) run ./scripts/wasmpack build/worker/app.wasm
	cp -R frontend/static/. build/worker/public/static/
	find build/worker/public/static \( -name '*.br' -o -name '*.gz' \) -delete
	cp frontend/static/index.html frontend/static/embed.html frontend/static/sw.js frontend/static/manifest.webmanifest build/worker/public/
	cp cmd/worker/public/_headers build/worker/public/_headers

clean:
	rm -rf bin build dist frontend/static/whichport.wasm* frontend/static/wasm_exec.js* test-artifacts
