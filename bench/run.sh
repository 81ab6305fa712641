#!/usr/bin/env bash
# make bench: how fast kpcensus reads a capture, next to the tools everyone knows.
#
# Builds kpcensus (release), makes the reference capture if it is missing or older
# than its generator (bench/make_reference.py: 2,000,000 packets of lab-like
# intranet traffic, ~1.5 GB), reads it into the page cache afresh (dropped, then read
# once: bench/fresh_page_cache.py), then runs each tool on the SAME file, page cache warm,
# and prints packets/s, MB/s and peak RSS of each. The raw loop and kpcensus run
# BENCH_RUNS times, interleaved (raw, mapped raw, kpcensus, raw, ...), and their rows
# give the median run (with the fastest and slowest in the note): on a shared VM one
# run can be 30 % off. The other tools run once.
#   raw libpcap   bench/pcap_readloop.c: pcap_next_ex in a loop over pcap_open_offline
#                 (stdio reads), the rate the targets are measured against
#   raw libpcap, mapped
#                 bench/pcap_readloop.c --mapped: the same loop over the file mapped
#                 into memory, as kpcensus reads it: the floor for kpcensus
#   kpcensus      kpcensus analyze F --quiet --json /dev/null --db TMP/bench.sqlite
#   tcpdump -w    tcpdump -r F -w /dev/null
#   tcpdump -nr   tcpdump -nr F > /dev/null
#   tshark        tshark -r F -T fields -e ip.src -e ip.dst -e dns.qry.name -e http.host
#                 (on a 10 % prefix of F when the whole file would take over
#                 TSHARK_BUDGET seconds; the table says so)
# then checks the targets on the medians: kpcensus >= 1.5 Mpps, >= 30 % of the raw
# libpcap rate, peak RSS < 200 MB, and prints kpcensus against the mapped loop too.
#
# Environment:
#   KPCENSUS=PATH        binary to measure (default .build/release/kpcensus; when set,
#                        nothing is built)
#   BENCH_PACKETS=N      size of the generated capture (default 2000000), for a quick
#                        run: BENCH_PACKETS=200000 make bench
#   BENCH_FILE=PATH      measure this capture instead of the generated one
#   BENCH_NO_BUILD=1     do not run swift build
#   TSHARK_BUDGET=SEC    longest acceptable tshark run on the whole file (default 120)
#   BENCH_RUNS=N         runs of the raw loops and of kpcensus (default 5)
#   BENCH_STRICT=1       exit 1 when a target is missed (default: only when kpcensus
#                        could not be measured)
# Wall time is measured with a monotonic clock (bench/measure.py), peak RSS by
# GNU time (`/usr/bin/time -v`, "Maximum resident set size").
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

BENCH_PACKETS=${BENCH_PACKETS:-2000000}
BENCH_RUNS=${BENCH_RUNS:-5}
TSHARK_BUDGET=${TSHARK_BUDGET:-120}
BUILD_DIR=.build-bench
KPCENSUS_GIVEN=${KPCENSUS:+1}
KPCENSUS=${KPCENSUS:-.build/release/kpcensus}

say() { printf '%s\n' "$*" >&2; }
die() { say "bench: $*"; exit 2; }

case $BENCH_PACKETS in ''|*[!0-9]*) die "BENCH_PACKETS must be a number, not '$BENCH_PACKETS'";; esac
[ "$BENCH_PACKETS" -ge 1000 ] || die "BENCH_PACKETS must be at least 1000"
case $BENCH_RUNS in ''|*[!0-9]*|0) die "BENCH_RUNS must be a number of at least 1, not '$BENCH_RUNS'";; esac

# --- 1. Tools: install only what is missing (Debian/Ubuntu) -------------------------
ensure_tools() {
    local pkgs=()
    command -v tcpdump >/dev/null 2>&1 || pkgs+=(tcpdump)
    command -v tshark >/dev/null 2>&1 || pkgs+=(tshark)
    { command -v editcap && command -v capinfos; } >/dev/null 2>&1 || pkgs+=(wireshark-common)
    [ -x /usr/bin/time ] || pkgs+=(time)
    if ! dpkg-query -W -f='${Status}' libpcap-dev 2>/dev/null | grep -q 'install ok installed' \
        && ! pkg-config --exists libpcap 2>/dev/null; then
        pkgs+=(libpcap-dev)
    fi
    command -v cc >/dev/null 2>&1 || pkgs+=(gcc libc6-dev)
    command -v python3 >/dev/null 2>&1 || pkgs+=(python3)
    [ ${#pkgs[@]} -eq 0 ] && return 0
    say "bench: installing missing packages: ${pkgs[*]}"
    command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install ${pkgs[*]} by hand"
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || die "not root and no sudo; install ${pkgs[*]} by hand"
        sudo=(sudo)
    fi
    "${sudo[@]}" apt-get update
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${pkgs[@]}"
}
ensure_tools

# --- 2. Build ------------------------------------------------------------------------
build_note=""
if [ -z "$KPCENSUS_GIVEN" ] && [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
    say "bench: swift build -c release --product kpcensus"
    if ! swift build -c release --product kpcensus >&2; then
        build_note="swift build -c release failed"
        say "bench: WARNING: $build_note; the kpcensus row will be missing"
    fi
fi

mkdir -p "$BUILD_DIR"
READLOOP=$BUILD_DIR/pcap_readloop
if [ ! -x "$READLOOP" ] || [ bench/pcap_readloop.c -nt "$READLOOP" ]; then
    cc -O2 -Wall -o "$READLOOP" bench/pcap_readloop.c -lpcap
fi

# --- 3. Reference capture ------------------------------------------------------------
if [ -n "${BENCH_FILE:-}" ]; then
    REF=$BENCH_FILE
    [ -r "$REF" ] || die "BENCH_FILE $REF is not readable"
else
    if [ "$BENCH_PACKETS" = 2000000 ]; then
        REF=bench/out/reference.pcap
    else
        REF=bench/out/reference-$BENCH_PACKETS.pcap
    fi
    if [ ! -s "$REF" ] || [ bench/make_reference.py -nt "$REF" ]; then
        say "bench: generating $REF ($BENCH_PACKETS packets)"
        python3 bench/make_reference.py "$REF" --packets "$BENCH_PACKETS"
    else
        say "bench: reusing $REF"
    fi
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kpcensus-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
ROWS=$tmp/rows.tsv
: > "$ROWS"

file_bytes() { stat -c %s "$1"; }

# Packets in a capture, and that libpcap can read all of it.
read -r REF_PACKETS REF_CAPBYTES < <("$READLOOP" "$REF") || die "libpcap cannot read $REF"
REF_BYTES=$(file_bytes "$REF")

# --- 4. Measure ----------------------------------------------------------------------
# row NAME PACKETS FILE_BYTES NOTE -- COMMAND...   (stdout of COMMAND to /dev/null)
row() {
    local name=$1 packets=$2 bytes=$3 note=$4
    shift 5
    local err=$tmp/stderr.$(( $(wc -l < "$ROWS") + 1 ))
    local secs rss rc
    read -r secs rss rc < <(python3 bench/measure.py --out /dev/null --err "$err" -- "$@")
    add_row "$name" "$packets" "$bytes" "$secs" "$rss" "$rc" "$note" "$err"
}
add_row() {
    local name=$1 packets=$2 bytes=$3 secs=$4 rss=$5 rc=$6 note=$7 err=$8
    if [ "$rc" -ne 0 ]; then
        note="FAILED (exit $rc): $({ grep -v 'Running as user' "$err" || true; } | tail -n 1 | cut -c1-120)${note:+; $note}"
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$packets" "$bytes" "$secs" "$rss" "$rc" "$note" >> "$ROWS"
    say "bench: $name: ${secs}s rc=$rc"
}
# runs TAG -- COMMAND...: one more run of COMMAND, appended to $tmp/runs.TAG as "secs rss rc".
runs() {
    local tag=$1
    shift 2
    python3 bench/measure.py --out /dev/null --err "$tmp/stderr.$tag" -- "$@" >> "$tmp/runs.$tag"
}
# median_row NAME PACKETS FILE_BYTES NOTE TAG: the median run of TAG as a row; the note
# gives the fastest and slowest run; peak RSS is the largest; a failed run fails the row.
median_row() {
    local name=$1 packets=$2 bytes=$3 note=$4 tag=$5
    local secs rss rc spread
    read -r secs rss rc spread < <(python3 - "$tmp/runs.$tag" <<'PY'
import statistics, sys
runs = [l.split() for l in open(sys.argv[1]) if l.strip()]
secs = sorted(float(r[0]) for r in runs)
rss = max(int(r[1]) for r in runs)
rc = next((int(r[2]) for r in runs if int(r[2]) != 0), 0)
print("%.6f %d %d median_of_%d_runs:_fastest_%.2f_s,_slowest_%.2f_s" % (statistics.median(secs), rss, rc, len(secs), secs[0], secs[-1]))
PY
)
    spread=${spread//_/ }
    add_row "$name" "$packets" "$bytes" "$secs" "$rss" "$rc" "${spread}${note:+; $note}" "$tmp/stderr.$tag"
}
skip_row() { printf '%s\t-\t-\t-\t-\t-\t%s\n' "$1" "$2" >> "$ROWS"; }

# Every tool reads the file as a read from disk leaves it in the page cache (see
# bench/fresh_page_cache.py: the folio sizes a writer left can double a mapped read).
say "bench: reading the capture into the page cache afresh"
PAGE_CACHE=$(python3 bench/fresh_page_cache.py "$REF")
say "bench: $PAGE_CACHE"

KP_NAME="kpcensus analyze"
kp_note=""
if [ -x "$KPCENSUS" ]; then
    if [ -n "$build_note" ]; then
        kp_note="$build_note: measured the binary already there, which may be stale"
        say "bench: WARNING: $kp_note"
    fi
else
    say "bench: WARNING: $KPCENSUS is missing${build_note:+ ($build_note)}: kpcensus NOT measured"
fi
for i in $(seq "$BENCH_RUNS"); do
    say "bench: run $i of $BENCH_RUNS: raw libpcap, mapped raw libpcap, kpcensus"
    runs raw -- "$READLOOP" "$REF"
    runs rawmapped -- "$READLOOP" --mapped "$REF"
    if [ -x "$KPCENSUS" ]; then
        rm -f "$tmp/bench.sqlite" "$tmp/bench.sqlite-wal" "$tmp/bench.sqlite-shm"
        runs kp -- "$KPCENSUS" analyze "$REF" --quiet --json /dev/null --db "$tmp/bench.sqlite"
    fi
done
median_row "raw libpcap (pcap_next_ex loop)" "$REF_PACKETS" "$REF_BYTES" "" raw
median_row "raw libpcap, mapped file" "$REF_PACKETS" "$REF_BYTES" "" rawmapped
if [ -x "$KPCENSUS" ]; then
    median_row "$KP_NAME" "$REF_PACKETS" "$REF_BYTES" "$kp_note" kp
    if [ -s "$tmp/bench.sqlite" ]; then
        db_mb=$(awk -v b="$(file_bytes "$tmp/bench.sqlite")" 'BEGIN { printf "%.1f", b / 1e6 }')
        # Append the database size to the note of the last row.
        awk -F'\t' -v OFS='\t' -v n="$(wc -l < "$ROWS")" -v d="db $db_mb MB" \
            'NR == n { $7 = ($7 == "" ? d : $7 "; " d) } { print }' "$ROWS" > "$ROWS.new"
        mv "$ROWS.new" "$ROWS"
    fi
else
    skip_row "$KP_NAME" "NOT RUN: $KPCENSUS missing${build_note:+ ($build_note)}"
fi

row "tcpdump -r F -w /dev/null" "$REF_PACKETS" "$REF_BYTES" "" -- tcpdump -r "$REF" -w /dev/null
row "tcpdump -nr F > /dev/null" "$REF_PACKETS" "$REF_BYTES" "" -- tcpdump -nr "$REF"

# tshark dissects everything and is slow: project its time from a probe on the first
# packets, and measure it on a 10 % prefix when the whole file would take too long.
TSHARK_ARGS=(-T fields -e ip.src -e ip.dst -e dns.qry.name -e http.host)
probe_n=$(( REF_PACKETS / 20 < 50000 ? REF_PACKETS / 20 : 50000 ))
[ "$probe_n" -ge 1 ] || probe_n=1
editcap -r "$REF" "$tmp/probe.pcap" "1-$probe_n" 2>/dev/null
editcap -r "$REF" "$tmp/probe1.pcap" "1-1" 2>/dev/null
# Start-up (loading the dissectors) from a 1-packet run, per packet from the probe.
read -r start_secs _ _ < <(python3 bench/measure.py -- tshark -r "$tmp/probe1.pcap" "${TSHARK_ARGS[@]}")
read -r probe_secs _ probe_rc < <(python3 bench/measure.py -- tshark -r "$tmp/probe.pcap" "${TSHARK_ARGS[@]}")
projected=$(awk -v s0="$start_secs" -v s="$probe_secs" -v n="$probe_n" -v N="$REF_PACKETS" \
    'BEGIN { d = s - s0; if (d < 0) d = 0; printf "%.0f", s0 + d * N / n }')
rm -f "$tmp/probe.pcap" "$tmp/probe1.pcap"
say "bench: tshark on the whole file projected at ~${projected} s (budget ${TSHARK_BUDGET} s)"
if [ "$probe_rc" -eq 0 ] && [ "$projected" -le "$TSHARK_BUDGET" ]; then
    row "tshark -T fields (4 fields)" "$REF_PACKETS" "$REF_BYTES" "whole file" -- \
        tshark -r "$REF" "${TSHARK_ARGS[@]}"
else
    prefix_n=$(( REF_PACKETS / 10 ))
    editcap -r "$REF" "$tmp/prefix.pcap" "1-$prefix_n" 2>/dev/null
    read -r prefix_packets _ < <("$READLOOP" "$tmp/prefix.pcap")
    python3 bench/fresh_page_cache.py "$tmp/prefix.pcap" > /dev/null
    row "tshark -T fields (4 fields)" "$prefix_packets" "$(file_bytes "$tmp/prefix.pcap")" \
        "10 % PREFIX ($prefix_packets packets): whole file projected at ~${projected} s" -- \
        tshark -r "$tmp/prefix.pcap" "${TSHARK_ARGS[@]}"
fi

# --- 5. Report -----------------------------------------------------------------------
cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')
python3 - "$ROWS" "$REF" "$REF_PACKETS" "$REF_BYTES" "$KP_NAME" "${BENCH_STRICT:-0}" \
    "${cpu:-unknown CPU}" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" \
    "$(tcpdump --version 2>&1 | grep -m1 -o 'libpcap version [0-9.]*')" \
    "$(tshark --version 2>/dev/null | head -n 1)" "$(uname -sr)" "$PAGE_CACHE" <<'PY'
import sys

(rows_path, ref, ref_packets, ref_bytes, kp_name, strict, cpu, ncpu, load, libpcap, tshark,
 kernel, page_cache) = sys.argv[1:]
ref_packets, ref_bytes = int(ref_packets), int(ref_bytes)
TARGET_PPS, TARGET_RATIO, TARGET_RSS_MB = 1.5e6, 0.30, 200.0

rows = []
for line in open(rows_path):
    name, packets, nbytes, secs, rss, rc, note = line.rstrip("\n").split("\t")
    r = {"name": name, "note": note, "ok": False}
    if secs != "-":
        packets, nbytes, secs, rss, rc = int(packets), int(nbytes), float(secs), int(rss), int(rc)
        r.update(packets=packets, secs=secs, pps=packets / secs if secs > 0 else 0.0,
                 mbps=nbytes / 1e6 / secs if secs > 0 else 0.0,
                 rss_mb=rss * 1024 / 1e6 if rss >= 0 else float("nan"), ok=(rc == 0))
    rows.append(r)

print()
print("## kpcensus benchmark")
print()
print("File: `%s`: %s packets, %.1f MB (%d bytes)" % (ref, format(ref_packets, ","), ref_bytes / 1e6, ref_bytes))
print("Machine: %s, %s CPUs, load average at the end %s; %s; %s; %s" % (cpu, ncpu, load, kernel, libpcap, tshark))
print("%s%s (read afresh before the runs: bench/fresh_page_cache.py)" % (page_cache[:1].upper(), page_cache[1:]))
print()
print("| tool | packets | seconds | packets/s | MB/s | peak RSS MB | note |")
print("|---|---:|---:|---:|---:|---:|---|")
for r in rows:
    if "secs" in r and not r["ok"]:
        print("| %s | - | %.2f | - | - | - | %s |" % (r["name"], r["secs"], r["note"]))
    elif "secs" in r:
        print("| %s | %s | %.2f | %s | %.1f | %.1f | %s |" % (
            r["name"], format(r["packets"], ","), r["secs"], format(round(r["pps"]), ","),
            r["mbps"], r["rss_mb"], r["note"]))
    else:
        print("| %s | - | - | - | - | - | %s |" % (r["name"], r["note"]))
print()
print("Page cache warm; the two raw libpcap loops and kpcensus: the median of their interleaved runs, the others one run.")
print("MB/s = bytes of the capture file read (10^6 bytes) / wall seconds;")
print("peak RSS = GNU time \"Maximum resident set size\" (10^6 bytes).")
print()

raw = next((r for r in rows if r["name"] == "raw libpcap (pcap_next_ex loop)" and r["ok"]), None)
mapped = next((r for r in rows if r["name"] == "raw libpcap, mapped file" and r["ok"]), None)
kp = next((r for r in rows if r["name"] == kp_name), None)
missed = 0
if kp is None or not kp["ok"]:
    print("kpcensus: NOT MEASURED (%s)" % (kp["note"] if kp else "no row"))
    print()
    print("- kpcensus >= 1.5 Mpps: NOT MEASURED")
    print("- kpcensus >= 30 % of raw libpcap: NOT MEASURED")
    print("- kpcensus peak RSS < 200 MB: NOT MEASURED")
    sys.exit(1)
ratio = kp["pps"] / raw["pps"] if raw and raw["pps"] else float("nan")
print("kpcensus / raw libpcap: %.1f %% of the raw read rate (%.2f Mpps vs %.2f Mpps)" % (
    ratio * 100, kp["pps"] / 1e6, raw["pps"] / 1e6 if raw else float("nan")))
if mapped and mapped["pps"]:
    print("kpcensus / raw libpcap over the mapped file (how kpcensus reads): %.1f %% (%.2f Mpps)" % (
        kp["pps"] / mapped["pps"] * 100, mapped["pps"] / 1e6))
print()
checks = [
    ("kpcensus >= 1.5 Mpps", "%.2f Mpps" % (kp["pps"] / 1e6), kp["pps"] >= TARGET_PPS),
    ("kpcensus >= 30 % of raw libpcap", "%.1f %%" % (ratio * 100), ratio >= TARGET_RATIO),
    ("kpcensus peak RSS < 200 MB", "%.1f MB" % kp["rss_mb"], kp["rss_mb"] < TARGET_RSS_MB),
]
for label, value, ok in checks:
    print("- %s: %s %s" % (label, value, "PASS" if ok else "MISS"))
    missed += not ok
sys.exit(1 if (missed and strict == "1") else 0)
PY
