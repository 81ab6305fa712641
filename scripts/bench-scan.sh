#!/usr/bin/env bash
# make bench-scan: in the small lab, from its probe namespace, scan the server
# addresses over the lab's TCP ports with kpcensus (syn), nmap -sS -n -Pn -T4 and
# masscan at the same rate, in one run; print wall time, packets/s and recall
# against the lab's truth. The lab is always taken down (trap).
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${RATE:-2000}
LAB=kpbench
KP=.build/release/kpcensus
command -v nmap >/dev/null && command -v masscan >/dev/null || { apt-get update -qq && apt-get install -y -qq nmap masscan >/dev/null; }
[ "$(id -u)" = 0 ] || { echo "bench-scan needs root (lab namespaces, raw sockets)" >&2; exit 3; }
W=$(mktemp -d)
trap '"$KP" lab down --name "$LAB" >/dev/null 2>&1 || true; rm -rf "$W"' EXIT
"$KP" lab up --spec Datasets/labs/small.json --name "$LAB" --truth "$W/truth.json" >/dev/null
NS=$(python3 -c "import json;print(json.load(open('$W/truth.json'))['probe_netns'])")
ADDRS=$(python3 -c "import json;t=json.load(open('$W/truth.json'));print(' '.join(sorted({a for h in t['hosts'] if h['role']=='server' for a in h['addrs']})))")
PORTS=$(python3 -c "import json;t=json.load(open('$W/truth.json'));print(','.join(str(p) for p in sorted({s['port'] for s in t['services'] if s['transport']=='tcp'})))")
SCOPE=$(echo $ADDRS | tr ' ' ',')
ROUTE=$(ip -n "$NS" -o route get ${ADDRS%% *})        # masscan needs the interface and gateway named
IFACE=$(echo "$ROUTE" | sed -n 's/.* dev \([^ ]*\).*/\1/p')
GW=$(echo "$ROUTE" | sed -n 's/.* via \([^ ]*\).*/\1/p')
NPROBES=$(( $(echo $ADDRS | wc -w) * $(echo $PORTS | tr , " " | wc -w) ))
run() { # name, output file, command…
  local name=$1 out=$2; shift 2
  local t0 t1; t0=$(date +%s.%N)
  ip netns exec "$NS" "$@" >"$out" 2>"$W/$name.err" || { [ "$name" = masscan ] || { echo "$name failed:" >&2; cat "$W/$name.err" >&2; }; }
  t1=$(date +%s.%N)
  echo "$name $(echo "$t1 - $t0" | bc)" >>"$W/times"
}
run kpcensus "$W/kp.out" "$KP" scan --scope "$SCOPE" --ports "$PORTS" --probes syn --rate "$RATE" --retries 1 --json "$W/kp.json" -q
run nmap "$W/nmap.out" nmap -sS -n -Pn -T4 --max-rate "$RATE" -p "$PORTS" -oG "$W/nmap.gnmap" $ADDRS
# masscan 1.3.2 finishes its scan but does not exit in a namespace: SIGINT after its --wait (it writes -oL then).
run masscan "$W/masscan.out" timeout -s INT $((NPROBES / RATE + 3)) masscan --wait 1 --interface "$IFACE" ${GW:+--router-ip "$GW"} --rate "$RATE" -p "$PORTS" --retries 1 -oL "$W/masscan.txt" $ADDRS
python3 - "$W" "$(echo $ADDRS | wc -w)" "$PORTS" <<'PY'
import json, re, sys
w, naddr, ports = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(",")
truth = {(s["addr"], s["port"]) for s in json.load(open(f"{w}/truth.json"))["services"] if s["transport"] == "tcp"}
found = {
    "kpcensus": {(s["addr"], s["port"]) for s in json.load(open(f"{w}/kp.json"))["services"] if s["transport"] == "tcp"},
    "nmap": {(m[0], int(p)) for line in open(f"{w}/nmap.gnmap") for m in [re.findall(r"Host: (\S+)", line)] if m
             for p in re.findall(r"(\d+)/open/tcp", line)},
    "masscan": {(l.split()[3], int(l.split()[2])) for l in open(f"{w}/masscan.txt") if l.startswith("open tcp")},
}
times = dict(l.split() for l in open(f"{w}/times"))
probes = naddr * len(ports)
print(f"{naddr} addresses x {len(ports)} ports = {probes} probes, {len(truth)} open TCP services in the truth")
print(f"{'scanner':<10} {'wall s':>8} {'probes/s':>9} {'recall':>7}")
for k in ["kpcensus", "nmap", "masscan"]:
    t = float(times[k])
    print(f"{k:<10} {t:8.2f} {probes / t:9.0f} {len(found[k] & truth) / len(truth):7.0%}")
PY
