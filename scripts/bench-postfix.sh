# Sourced by scripts/bench-probe.sh and scripts/worker-smoke.sh.
# start_postfix DIR PORT: a throwaway Postfix with its own config and queue in DIR,
# one smtpd on 127.0.0.1:PORT offering STARTTLS with a generated certificate
# (DIR/conf/cert.pem, names mx.bench.test and mx1..3.bench.test), relaying nothing.
# stop_postfix DIR stops it. Needs root and the postfix user.
start_postfix() {
	local W=$1 PF_PORT=$2
	chmod 755 "$W" # Postfix daemons run as the postfix user and must reach the queue
	mkdir -p "$W/conf" "$W/queue" "$W/data"
	chown postfix "$W/data"
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
		-subj /CN=mx.bench.test -addext "subjectAltName=DNS:mx.bench.test,DNS:mx1.bench.test,DNS:mx2.bench.test,DNS:mx3.bench.test" \
		-keyout "$W/conf/key.pem" -out "$W/conf/cert.pem" 2>/dev/null
	cat >"$W/conf/main.cf" <<-EOC
	compatibility_level = 3.6
	queue_directory = $W/queue
	data_directory = $W/data
	daemon_directory = /usr/lib/postfix/sbin
	shlib_directory = /usr/lib/postfix
	mail_owner = postfix
	setgid_group = postdrop
	myhostname = mx.bench.test
	mydomain = bench.test
	inet_interfaces = 127.0.0.1
	inet_protocols = ipv4
	mydestination =
	relay_domains =
	mynetworks =
	local_recipient_maps =
	alias_maps =
	alias_database =
	smtpd_relay_restrictions = reject
	smtpd_recipient_restrictions = reject
	smtpd_peername_lookup = no
	smtpd_tls_cert_file = $W/conf/cert.pem
	smtpd_tls_key_file = $W/conf/key.pem
	smtpd_tls_security_level = may
	maillog_file_prefixes = /var, /dev/stdout, $W
	maillog_file = $W/maillog
	EOC
	cat >"$W/conf/master.cf" <<-EOC
	127.0.0.1:$PF_PORT inet n - n - - smtpd
	cleanup   unix  n       -       n       -       0       cleanup
	qmgr      unix  n       -       n       300     1       qmgr
	tlsmgr    unix  -       -       n       1000?   1       tlsmgr
	rewrite   unix  -       -       n       -       -       trivial-rewrite
	bounce    unix  -       -       n       -       0       bounce
	defer     unix  -       -       n       -       0       bounce
	trace     unix  -       -       n       -       0       bounce
	verify    unix  -       -       n       -       1       verify
	flush     unix  n       -       n       1000?   0       flush
	proxymap  unix  -       -       n       -       -       proxymap
	smtp      unix  -       -       n       -       -       smtp
	relay     unix  -       -       n       -       -       smtp
	showq     unix  n       -       n       -       -       showq
	error     unix  -       -       n       -       -       error
	retry     unix  -       -       n       -       -       error
	discard   unix  -       -       n       -       -       discard
	anvil     unix  -       -       n       -       1       anvil
	scache    unix  -       -       n       -       1       scache
	postlog   unix-dgram n  -       n       -       1       postlogd
	EOC
	# Output to a file: the master inherits stdout and would hold a pipe open.
	if ! postfix -c "$W/conf" start >"$W/postfix-start.log" 2>&1; then
		cat "$W/postfix-start.log" "$W/maillog" 2>/dev/null >&2
		echo "bench-probe: postfix did not start" >&2
		exit 1
	fi
}

stop_postfix() {
	postfix -c "$1/conf" stop >/dev/null 2>&1 || true
}
