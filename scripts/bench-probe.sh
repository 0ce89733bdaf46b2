#!/usr/bin/env bash
# Probe benchmark (called by `make bench`): our probe vs swaks vs openssl over an
# emulated 50 ms round trip, and a full check of a three-MX domain vs its slowest
# probe. Prints figures; installs nothing (.ci/run installs postfix, swaks, openssl).
#
# Postfix runs from a config dir in a temp dir on 127.0.0.1 (relaying nothing);
# Toxiproxy (Go module, built into the temp dir) adds a latency toxic of RTT/2
# downstream and upstream. Everything binds loopback only.
#   N=7 RTT_MS=50 bash scripts/bench-probe.sh
set -euo pipefail

N=${N:-7}
RTT_MS=${RTT_MS:-50}
GO=${GO:-go}
TOXIPROXY_VERSION=v2.12.0
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"
. "$ROOT/scripts/bench-postfix.sh"

missing=()
for t in postfix swaks openssl curl; do
	command -v "$t" >/dev/null 2>&1 || missing+=("$t")
done
if ((${#missing[@]})); then
	echo "bench-probe: missing ${missing[*]} (apt-get install postfix swaks openssl curl; .ci/run does)" >&2
	exit 1
fi
if [ "$(id -u)" != 0 ]; then
	echo "bench-probe: needs root (postfix -c DIR start, and the check's MX proxies listen on 127.0.0.2-4:25)" >&2
	exit 1
fi

W=$(mktemp -d /tmp/whichport-bench.XXXXXX)
cleanup() {
	stop_postfix "$W"
	stop_toxiproxy
	rm -rf "$W"
}
trap cleanup EXIT

PF_PORT=$(free_port)
PROXY_PORT=$(free_port)

# --- Postfix --------------------------------------------------------------------------
start_postfix "$W" "$PF_PORT"

# --- Toxiproxy ------------------------------------------------------------------------
start_toxiproxy "$W"
toxi_proxy submission "127.0.0.1:$PROXY_PORT" "$PF_PORT" "$RTT_MS"

# The check's three MX hosts: port 25 on three loopback addresses, three latencies.
MX_ARG=
MX_RTTS=(20 50 80)
for i in 0 1 2; do
	ip=127.0.0.$((i + 2))
	if toxi_proxy "mx$((i + 1))" "$ip:25" "$PF_PORT" "${MX_RTTS[$i]}" 2>/dev/null; then
		MX_ARG+="${MX_ARG:+,}$ip=${MX_RTTS[$i]}ms"
	else
		echo "bench-probe: $ip:25 is busy; the check benchmark is skipped" >&2
		MX_ARG=
		break
	fi
done

echo "postfix $(postconf -d -h mail_version 2>/dev/null) on 127.0.0.1:$PF_PORT; toxiproxy $TOXIPROXY_VERSION 127.0.0.1:$PROXY_PORT (+${RTT_MS} ms round trip); $(swaks --version 2>&1 | head -1); $(openssl version)"
cd "$ROOT"
$GO run ./scripts/benchcheck -proxy "127.0.0.1:$PROXY_PORT" -direct "127.0.0.1:$PF_PORT" -rtt "${RTT_MS}ms" \
	-n "$N" -cert "$PF_CA" ${MX_ARG:+-mx "$MX_ARG"}
