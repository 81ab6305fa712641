#!/usr/bin/env bash
# Installs the Debian packages a target needs, only those missing.
# Usage: scripts/install-deps.sh build|test|bench|demo|deb
set -euo pipefail
need=(libpcap-dev libpcre2-dev libsqlite3-dev pkg-config)
case "${1:-build}" in
  build|demo) ;;
  # The lab (KPLabTests): real servers and clients in network namespaces.
  test) need+=(tcpdump iproute2 nftables ethtool procps util-linux openssl sqlite3
               nginx-light dnsmasq-base opensmtpd dovecot-imapd dovecot-pop3d
               openssh-server openssh-client curl dnsutils swaks chromium
               tinyproxy python3 iputils-ping
               chrony snmpd       # UDP servers the scan lab starts for --probes udp
               nmap-common p0f    # the fingerprint databases KPFingerprintTests read
               libxml2-utils) ;;  # xmllint checks scan -oX against nmap-common's nmap.dtd
  bench) need+=(tcpdump tshark time nmap masscan bc) ;;
  # The Debian package (dpkg-shlibdeps) and its test on a clean Debian 12.
  deb) need+=(dpkg-dev debootstrap python3) ;;
  *) echo "usage: $0 build|test|bench|demo|deb" >&2; exit 2 ;;
esac
missing=()
for p in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}"
if [ "$(id -u)" != 0 ]; then SUDO=sudo; else SUDO=; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
