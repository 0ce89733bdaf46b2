#!/bin/sh
# corpus-msmtp-check.sh: asks the real msmtp how it reads each msmtp file of
# formats/testdata/corpus (format: msmtp) and prints its host, port and TLS
# settings beside the file's expectation. Nothing is sent: msmtp --pretend only
# prints the account it would use. passwordeval lines are dropped (msmtp would
# run them); a heredoc's body is taken as the file it writes.
# Needs: msmtp (Debian package msmtp).
set -eu
dir=$(dirname "$0")/../formats/testdata/corpus
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in "$dir"/*.txt; do
	grep -q '^format: msmtp$' "$f" || continue
	sed '1,/^---$/d' "$f" >"$tmp/snippet"
	if grep -q '<< *EOF\|<<EOF' "$tmp/snippet"; then
		awk '/<< *EOF/{on=1;next} /^EOF$/{on=0} on' "$tmp/snippet" >"$tmp/rc"
	else
		cp "$tmp/snippet" "$tmp/rc"
	fi
	sed -i '/^[[:space:]]*passwordeval/d' "$tmp/rc"
	chmod 600 "$tmp/rc"
	block=$(sed -n 's/^block: //p' "$f" | head -n1)
	echo "== $(basename "$f")"
	printf 'expected: %s\n' "$(grep -E '^(host|port|tls|user):' "$f" | tr '\n' ' ')"
	if [ -n "$block" ]; then
		set -- -a "$block"
	else
		set --
	fi
	printf 'msmtp:    %s\n' "$(msmtp -C "$tmp/rc" "$@" --pretend 2>&1 |
		grep -E '^(host|port|tls|tls_starttls|user) =|msmtp:' | tr '\n' ' ')"
done
