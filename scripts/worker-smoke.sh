#!/usr/bin/env bash
# Smoke test of the Cloudflare Worker (cmd/worker) under `wrangler dev`, offline,
# on 127.0.0.1: builds build/worker (cmd/worker's loader + app.wasm, the API
# only) and build/worker/public (the page as Workers Static Assets), starts
# wrangler, fetches the pages with their headers and the API, and prints the
# module size.
#   bash scripts/worker-smoke.sh
set -euo pipefail

GO=${GO:-go}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# The pinned wrangler (package.json, npm ci), else npx fetches that version.
if [ -z "${WRANGLER:-}" ]; then
	if [ -x node_modules/.bin/wrangler ]; then
		WRANGLER=node_modules/.bin/wrangler
	else
		WRANGLER="npx --yes wrangler@4.86.0"
	fi
fi
export WRANGLER_SEND_METRICS=false WRANGLER_SEND_ERROR_REPORTS=false WRANGLER_HIDE_BANNER=true \
	CLOUDFLARE_CF_FETCH_ENABLED=false CI=${CI:-} NO_COLOR=1

make -s worker GO="$GO"
# The page as Workers Static Assets (wrangler.toml [assets]). `make worker`
# writes it once the Makefile has the step; until then it is copied here.
if [ ! -f build/worker/public/index.html ]; then
	echo "note: make worker did not write build/worker/public; copying the page here (see wrangler.toml)"
	mkdir -p build/worker/public/static
	for f in frontend/static/*; do
		case "$f" in *.br | *.gz) ;; *) cp "$f" build/worker/public/static/ ;; esac
	done
	cp frontend/static/index.html frontend/static/embed.html frontend/static/sw.js \
		frontend/static/manifest.webmanifest build/worker/public/
	cp cmd/worker/public/_headers build/worker/public/_headers
fi
size=$(stat -c %s build/worker/app.wasm)
gz=$(gzip -9 -c build/worker/app.wasm | wc -c)
echo "worker module: build/worker/app.wasm $size bytes, gzip -9 $gz bytes (Workers limit: 3 MB free plan, 10 MB paid, compressed)"

port=
while :; do
	port=$((20000 + RANDOM % 40000))
	(echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
done
LOG=$(mktemp)
W=$(mktemp -d /tmp/whichport-smoke.XXXXXX)
WPID=
PF=
cleanup() {
	if [ -n "$WPID" ]; then
		kill -- "-$WPID" 2>/dev/null || true # npx, wrangler and workerd: one process group
		wait "$WPID" 2>/dev/null || true
	fi
	if [ -n "$PF" ]; then stop_postfix "$W"; fi
	rm -rf "$LOG" "$W"
}
trap cleanup EXIT

# A local Postfix for a live probe through Cloudflare sockets (needs root and
# postfix; skipped otherwise), on a port the guard allows.
. "$ROOT/scripts/bench-postfix.sh"
if [ "$(id -u)" = 0 ] && command -v postfix >/dev/null; then
	for p in 2525 2587; do
		if ! (echo >"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			start_postfix "$W" "$p"
			PF=$p
			break
		fi
	done
fi

# Private addresses allowed for the local probe; DoH pointed at an address the
# Worker refuses, so nothing leaves this machine.
# The repository's wrangler.toml without its [build] step (built above), with
# absolute paths.
awk '/^\[build\]/{skip=1; next} /^\[/{skip=0} !skip' wrangler.toml | sed "s#\"\./build/#\"$ROOT/build/#g" >"$W/wrangler.toml"
setsid $WRANGLER dev -c "$W/wrangler.toml" --ip 127.0.0.1 --port "$port" --inspector-port 0 --log-level warn \
	--var WHICHPORT_ALLOW_PRIVATE:1 --var DOH_URL:https://127.0.0.1:9/dns-query >"$LOG" 2>&1 &
WPID=$!

base="http://127.0.0.1:$port"
ok=
for _ in $(seq 240); do
	if curl -fsS -o /dev/null "$base/healthz" 2>/dev/null; then ok=1; break; fi
	kill -0 "$WPID" 2>/dev/null || break
	sleep 0.5
done
if [ -z "$ok" ]; then
	cat "$LOG" >&2
	echo "worker-smoke: wrangler dev did not answer on $base" >&2
	exit 1
fi

fail=0
t0=$(date +%s%N)
page=$(curl -fsS --compressed "$base/")
t1=$(date +%s%N)
if grep -qi "<html" <<<"$page"; then
	echo "GET / ok ($(((t1 - t0) / 1000000)) ms, ${#page} bytes)"
else
	echo "GET / FAILED: ${page:0:200}" >&2
	fail=1
fi
# Headers from public/_headers: only /embed is frameable.
hdr=$(curl -fsS -o /dev/null -D - "$base/")
if grep -qi "^content-security-policy:.*frame-ancestors 'none'" <<<"$hdr" && grep -qi '^x-frame-options: DENY' <<<"$hdr" &&
	grep -qi '^x-content-type-options: nosniff' <<<"$hdr"; then
	echo "GET / headers ok (CSP frame-ancestors 'none', X-Frame-Options DENY, nosniff)"
else
	echo "GET / headers FAILED: $hdr" >&2
	fail=1
fi
hdr=$(curl -fsS -D - -o "$W/embed.html" "$base/embed")
if grep -qi '<html' "$W/embed.html" && grep -qi '^content-security-policy:.*frame-ancestors \*' <<<"$hdr" &&
	! grep -qi '^x-frame-options' <<<"$hdr" && ! grep -qi "frame-ancestors 'none'" <<<"$hdr"; then
	echo "GET /embed ok (embed.html, frameable)"
else
	echo "GET /embed FAILED: $hdr" >&2
	fail=1
fi
if curl -fsS -H 'Sec-Fetch-Mode: navigate' -H 'Accept: text/html' "$base/check/example.com" | grep -q 'id="check-summary"\|<html'; then
	echo "GET /check/example.com ok (index.html)"
else
	echo "GET /check/example.com FAILED" >&2
	fail=1
fi
hdr=$(curl -fsS -o "$W/m.wasm" -D - "$base/static/whichport.wasm")
if grep -qi '^content-type: application/wasm' <<<"$hdr" && cmp -s "$W/m.wasm" frontend/static/whichport.wasm; then
	echo "GET /static/whichport.wasm ok (application/wasm, $(stat -c %s "$W/m.wasm") bytes)"
else
	echo "GET /static/whichport.wasm FAILED: $hdr" >&2
	fail=1
fi
code=$(curl -sS -o "$W/nf.json" -w '%{http_code}' "$base/api/v1/nope")
if [ "$code" = 404 ] && grep -q '"error"' "$W/nf.json"; then
	echo "GET /api/v1/nope ok (404 JSON from the Worker)"
else
	echo "GET /api/v1/nope FAILED: $code $(head -c 200 "$W/nf.json")" >&2
	fail=1
fi
t0=$(date +%s%N)
explain=$(curl -sS --compressed -w '\n%{http_code}' -X POST "$base/api/v1/explain" -H 'Content-Type: application/json' \
	-d '{"host":"smtp.gmail.com","port":465,"security":"starttls"}')
t1=$(date +%s%N)
code=${explain##*$'\n'}
body=${explain%$'\n'*}
if [ "$code" = 200 ] && grep -q '"findings"' <<<"$body"; then
	echo "POST /api/v1/explain ok ($(((t1 - t0) / 1000000)) ms, ${#body} bytes)"
else
	echo "POST /api/v1/explain FAILED: $code ${body:0:300}" >&2
	fail=1
fi
# Port 25: refused before any connection (the api's port list leaves it out; the
# Worker's dialer refuses it too), and said so.
p25=$(curl -sS --compressed "$base/api/v1/probe?host=127.0.0.1&port=25&mode=starttls")
if grep -qiE "port 25 cannot be probed|block outbound connections to port 25" <<<"$p25"; then
	echo "GET /api/v1/probe port 25 ok (refused by the Worker, explained)"
else
	echo "GET /api/v1/probe port 25 FAILED: ${p25:0:400}" >&2
	fail=1
fi
if [ -n "$PF" ]; then
	t0=$(date +%s%N)
	pr=$(curl -sS --compressed "$base/api/v1/probe?host=127.0.0.1&port=$PF&mode=starttls")
	t1=$(date +%s%N)
	if grep -q '"outcome":"ok"' <<<"$pr" && grep -q '"version":"TLS 1.3"' <<<"$pr"; then
		echo "GET /api/v1/probe 127.0.0.1:$PF STARTTLS through Cloudflare sockets ok ($(((t1 - t0) / 1000000)) ms, TLS 1.3)"
	else
		echo "GET /api/v1/probe 127.0.0.1:$PF FAILED: ${pr:0:600}" >&2
		fail=1
	fi
else
	echo "live probe skipped (needs root, postfix and a free port 2525 or 2587)"
fi
if ((fail)); then
	tail -30 "$LOG" >&2
	exit 1
fi
echo "worker-smoke: ok"
