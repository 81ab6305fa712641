#!/usr/bin/env bash
# Regenerates the example reports from the bundled captures:
#   OUT/census.{md,html,json}, OUT/census-csv/*.csv  report of the demo census (the six captures of
#                                                     `make demo`, run 3)
#   OUT/diff.txt, OUT/diff.json                       what changed from run 1 (tls-sni, dhcp) to run 2
#                                                     (http-dns, tls-sni, mail-ssh, vlan, ipv6-ext)
# Usage: scripts/reports.sh [KPCENSUS_BINARY] [OUT_DIR]   (defaults: .build/debug/kpcensus Reports)
# Deterministic: the same binary and captures give byte-identical files (reports hold
# capture times, not the wall-clock time of the run; the database is a temporary file).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-.build/debug/kpcensus}")
out=${2:-Reports}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db="$tmp/census.sqlite"
caps=Datasets/captures
"$bin" analyze -q "$caps/tls-sni.pcap" "$caps/dhcp.pcap" --db "$db"
"$bin" analyze -q "$caps/http-dns.pcap" "$caps/tls-sni.pcap" "$caps/mail-ssh.pcap" "$caps/vlan.pcap" \
  "$caps/ipv6-ext.pcap" --db "$db"
"$bin" analyze -q "$caps/http-dns.pcap" "$caps/tls-sni.pcap" "$caps/mail-ssh.pcap" "$caps/dhcp.pcap" \
  "$caps/vlan.pcap" "$caps/ipv6-ext.pcap" --db "$db"
mkdir -p "$out"
rm -rf "$out/census-csv" "$out"/census.* "$out"/diff.*
for f in md html json; do "$bin" report -q --db "$db" --run 3 --format "$f" --out "$out/census.$f"; done
"$bin" report -q --db "$db" --run 3 --format csv --out "$out/census-csv"
# From inside the temporary folder, so the diff names the database without a temporary path.
(cd "$tmp" && "$bin" diff --db census.sqlite --run 1 --run 2) > "$out/diff.txt"
(cd "$tmp" && "$bin" diff --db census.sqlite --run 1 --run 2 --json) > "$out/diff.json"
echo "reports: wrote $out"
