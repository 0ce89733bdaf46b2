#!/usr/bin/env bash
# Command-line tool benchmark (called by `make bench`): `whichport HOST`, which
# probes four ports (587, 465, 2525 and 25) concurrently, against a loopback
# Postfix behind an emulated 50 ms round trip, beside swaks doing one of those
# ports (587 with STARTTLS, quitting after EHLO), measured side by side in one
# run. Prints the medians and their ratio; installs nothing.
#
# Postfix (internal/testmta via scripts/postfix-up) listens on 127.0.0.1; four
# Toxiproxy proxies on 127.0.0.5:587/465/2525/25 forward to its listeners with a
# latency toxic of RTT/2 each way. Everything binds loopback only.
#   N=7 RTT_MS=50 bash scripts/bench-cli.sh
set -euo pipefail

N=${N:-7}
RTT_MS=${RTT_MS:-50}
GO=${GO:-go}
TOXIPROXY_VERSION=v2.12.0
ADDR=127.0.0.5
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"
. "$ROOT/scripts/bench-postfix.sh"

for t in postfix swaks curl; do
	command -v "$t" >/dev/null 2>&1 || { echo "bench-cli: missing $t (.ci/run installs it)" >&2; exit 1; }
done
[ "$(id -u)" = 0 ] || { echo "bench-cli: needs root (postfix -c DIR start; proxies on $ADDR:25 and :465)" >&2; exit 1; }

W=$(mktemp -d /tmp/whichport-bench-cli.XXXXXX)
cleanup() {
	stop_postfix "$W"
	stop_toxiproxy
	rm -rf "$W"
}
trap cleanup EXIT

start_postfix "$W" "$(free_port)"
(cd "$ROOT" && $GO build -trimpath -o "$W/whichport" ./cmd/whichport)
start_toxiproxy "$W"
toxi_proxy p587 "$ADDR:587" "$PF_SUBMISSION" "$RTT_MS"
toxi_proxy p465 "$ADDR:465" "$PF_SUBMISSIONS" "$RTT_MS"
toxi_proxy p2525 "$ADDR:2525" "$PF_SUBMISSION" "$RTT_MS"
toxi_proxy p25 "$ADDR:25" "$PF_SMTP" "$RTT_MS"

now_ms() { echo $(($(date +%s%N) / 1000000)); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
wp=() sw=()
for i in $(seq "$N"); do
	t0=$(now_ms)
	"$W/whichport" --ca-file "$PF_CA" --control none "$ADDR" >"$W/wp.out" 2>&1 || { cat "$W/wp.out" >&2; echo "bench-cli: whichport found no working port" >&2; exit 1; }
	t1=$(now_ms)
	swaks --server "$ADDR" --port 587 --tls --quit-after HELO --helo bench.invalid >"$W/sw.out" 2>&1 || { tail -5 "$W/sw.out" >&2; exit 1; }
	t2=$(now_ms)
	wp+=($((t1 - t0))) sw+=($((t2 - t1)))
done
grep -c ": works" "$W/wp.out" | grep -qx 4 || { cat "$W/wp.out" >&2; echo "bench-cli: not all four ports worked" >&2; exit 1; }
WP=$(printf '%s\n' "${wp[@]}" | median)
SW=$(printf '%s\n' "${sw[@]}" | median)
echo "postfix $(postconf -d -h mail_version 2>/dev/null) behind toxiproxy $TOXIPROXY_VERSION (+${RTT_MS} ms round trip); $(swaks --version 2>&1 | head -1); N=$N"
echo "whichport $ADDR (587, 465, 2525, 25 concurrently): median ${WP} ms  [${wp[*]}]"
echo "swaks --tls --quit-after HELO, port 587 only:       median ${SW} ms  [${sw[*]}]"
awk -v a="$WP" -v b="$SW" 'BEGIN { printf "ratio whichport (four ports) / swaks (one port): %.2f\n", a / b }'
