#!/usr/bin/env bash
# Smoke test of the Cloudflare Worker (cmd/worker) under `wrangler dev`, offline,
# on 127.0.0.1: builds build/worker (syumai/workers assets + app.wasm), starts
# wrangler, fetches / and POST /api/v1/explain, and prints the module size.
#   bash scripts/worker-smoke.sh
set -euo pipefail

GO=${GO:-go}
WRANGLER=${WRANGLER:-wrangler@4.86.0}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export WRANGLER_SEND_METRICS=false WRANGLER_SEND_ERROR_REPORTS=false WRANGLER_HIDE_BANNER=true \
	CLOUDFLARE_CF_FETCH_ENABLED=false CI=${CI:-} NO_COLOR=1

# worker.mjs, runtime.mjs and wasm_exec.js (wrangler's build command, `make worker`,
# then writes app.wasm beside them; workers-assets-gen empties the folder first).
$GO run github.com/syumai/workers/cmd/workers-assets-gen -mode=go -o build/worker
make -s worker GO="$GO"
size=$(stat -c %s build/worker/app.wasm)
gz=$(gzip -9 -c build/worker/app.wasm | wc -c)
echo "worker module: build/worker/app.wasm $size bytes, gzip -9 $gz bytes (Workers limit: 3 MB free plan, 10 MB paid, compressed)"

port=
while :; do
	port=$((20000 + RANDOM % 40000))
	(echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
done
LOG=$(mktemp)
setsid npx --yes "$WRANGLER" dev --ip 127.0.0.1 --port "$port" --inspector-port 0 --log-level warn >"$LOG" 2>&1 &
WPID=$!
cleanup() {
	kill -- "-$WPID" 2>/dev/null || true # npx, wrangler and workerd: one process group
	wait "$WPID" 2>/dev/null || true
	rm -f "$LOG"
}
trap cleanup EXIT

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
if ((fail)); then
	tail -30 "$LOG" >&2
	exit 1
fi
echo "worker-smoke: ok"
