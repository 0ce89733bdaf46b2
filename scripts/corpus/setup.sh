#!/usr/bin/env bash
# Installs what `make corpus` needs on Debian 12 (run as root): the client
# libraries and tools, nodemailer (npm), and a private copy of Exim. Exim is
# unpacked, not installed: Debian's exim4 and postfix packages conflict (both
# are the system MTA), and the corpus needs both running.
set -euo pipefail
cd "$(dirname "$0")"
pkgs=(postfix swaks libnet-ssleay-perl libauthen-sasl-perl libio-socket-ssl-perl openssl curl msmtp
  python3 python3-django php-cli libphp-phpmailer ruby libjakarta-mail-java libjakarta-activation-java
  openjdk-17-jdk-headless nodejs)
need=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y --no-install-recommends "${need[@]}"
fi
exim=/opt/whichport-corpus/exim
if [ ! -x "$exim/usr/sbin/exim4" ]; then
  tmp=$(mktemp -d)
  (cd "$tmp" && apt-get download exim4-daemon-light exim4-base exim4-config)
  mkdir -p "$exim"
  for f in "$tmp"/*.deb; do dpkg-deb -x "$f" "$exim"; done
  rm -rf "$tmp"
fi
# The Debian exim4 binary runs as the user it was built for.
id Debian-exim >/dev/null 2>&1 || useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin Debian-exim
(cd clients/node && npm ci --no-audit --no-fund --silent)
