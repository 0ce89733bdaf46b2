# Sourced by scripts/bench-probe.sh and scripts/worker-smoke.sh (both set ROOT).
# start_postfix DIR PORT: a throwaway Postfix from internal/testmta (the
# integration tests' configuration, via scripts/postfix-up) with its config and
# queue in DIR, its STARTTLS-offering smtpd on 127.0.0.1:PORT, a certificate
# from a test CA (PF_CA) that also names mx.bench.test and mx1..3.bench.test,
# relaying nothing. stop_postfix DIR stops it. Needs root and the postfix user.
start_postfix() {
	local out
	if ! out=$(cd "$ROOT" && ${GO:-go} run ./scripts/postfix-up -dir "$1" -port "$2" \
		-names mx.bench.test,mx1.bench.test,mx2.bench.test,mx3.bench.test); then
		echo "bench-postfix: postfix did not start" >&2
		exit 1
	fi
	eval "$out" # PF_SMTP, PF_SUBMISSION, PF_SUBMISSIONS, PF_CA
}

stop_postfix() {
	postfix -c "$1/conf" stop >/dev/null 2>&1 || true
}
