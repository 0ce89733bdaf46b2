# Sourced by the benchmark scripts (scripts/bench-cli.sh, scripts/bench-probe.sh):
# loopback helpers. Callers set GO (default go) and may set TOXIPROXY_VERSION.
#
# free_port: a TCP port nothing listens on at 127.0.0.1.
# start_toxiproxy DIR: builds Toxiproxy (Go module proxy) into DIR/bin, starts
#   its API on a free port of 127.0.0.1 (log in DIR/toxiproxy.log) and waits
#   for it; sets TOXI_API (the port) and TOXI_PID. stop_toxiproxy stops it.
# toxi_proxy NAME LISTEN UPSTREAM_PORT RTT_MS: a proxy from LISTEN to
#   127.0.0.1:UPSTREAM_PORT adding RTT_MS/2 of latency each way.

TOXIPROXY_VERSION=${TOXIPROXY_VERSION:-v2.12.0}
TOXI_PID=

free_port() {
	local p
	while :; do
		p=$((20000 + RANDOM % 40000))
		(echo >"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
	done
}

start_toxiproxy() {
	local dir=$1 i
	GOBIN="$dir/bin" GOFLAGS= ${GO:-go} install "github.com/Shopify/toxiproxy/v2/cmd/server@$TOXIPROXY_VERSION" 2>"$dir/toxi-install.log" || {
		cat "$dir/toxi-install.log" >&2
		echo "toxiproxy: could not build $TOXIPROXY_VERSION" >&2
		exit 1
	}
	TOXI_API=$(free_port)
	"$dir/bin/server" -host 127.0.0.1 -port "$TOXI_API" >"$dir/toxiproxy.log" 2>&1 &
	TOXI_PID=$!
	for i in $(seq 300); do
		curl -fsS "http://127.0.0.1:$TOXI_API/version" >/dev/null 2>&1 && return
		sleep 0.1
	done
	cat "$dir/toxiproxy.log" >&2
	echo "toxiproxy: did not answer on 127.0.0.1:$TOXI_API within 30 s" >&2
	exit 1
}

stop_toxiproxy() {
	if [ -n "$TOXI_PID" ]; then
		kill "$TOXI_PID" 2>/dev/null || true
		wait "$TOXI_PID" 2>/dev/null || true
	fi
}

toxi_api() { curl -fsS -X POST "http://127.0.0.1:$TOXI_API$1" -H 'Content-Type: application/json' -d "$2" >/dev/null; }

toxi_proxy() {
	local half=$(($4 / 2)) stream
	toxi_api /proxies "{\"name\":\"$1\",\"listen\":\"$2\",\"upstream\":\"127.0.0.1:$3\",\"enabled\":true}"
	for stream in downstream upstream; do
		toxi_api "/proxies/$1/toxics" "{\"name\":\"$stream\",\"type\":\"latency\",\"stream\":\"$stream\",\"attributes\":{\"latency\":$half,\"jitter\":0}}"
	done
}
