#!/usr/bin/env bash
# make bench-scan: in the small lab, from its probe namespace, scan the server
# addresses with kpcensus (syn), nmap -sS -n -Pn -T4 and masscan at the same rate,
# in one run; print wall time, probes/s and recall against the lab's truth. Three
# workloads: the server addresses over the lab's TCP ports (RATE, default 2000/s);
# the servers' /24 subnets over those ports, where most addresses hold no host (as
# in a census, which does not know where hosts are); and the server addresses over
# every TCP port (RATE_ALL, default 100000/s), where start-up no longer hides the
# sending.
# The lab is always taken down (trap).
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${RATE:-2000}
RATE_ALL=${RATE_ALL:-100000}   # the throughput workload: every TCP port of the servers
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
SUBNETS=$(python3 -c "import ipaddress,sys;print(' '.join(sorted({str(ipaddress.ip_network(a+'/24',strict=False)) for a in sys.argv[1:]})))" $ADDRS)
ROUTE=$(ip -n "$NS" -o route get ${ADDRS%% *})        # masscan needs the interface and gateway named
IFACE=$(echo "$ROUTE" | sed -n 's/.* dev \([^ ]*\).*/\1/p')
GW=$(echo "$ROUTE" | sed -n 's/.* via \([^ ]*\).*/\1/p')
run() { # name, output file, command…
  local name=$1 out=$2; shift 2
  local t0 t1; t0=$(date +%s.%N)
  ip netns exec "$NS" "$@" >"$out" 2>"$W/$name.err" || { echo "$name failed:" >&2; cat "$W/$name.err" >&2; }
  t1=$(date +%s.%N)
  echo "$name $(echo "$t1 - $t0" | bc)" >>"$W/times"
}
# masscan 1.3.2 sends everything but does not exit in a namespace (nor always on
# SIGINT): its time is taken when its status line first says "100.00% done", plus
# its --wait of 1 s; then it is stopped by its PID.
run_masscan() { # ports
  local t0 t1 pid; t0=$(date +%s.%N)
  ip netns exec "$NS" stdbuf -oL masscan --wait 1 --interface "$IFACE" ${GW:+--router-ip "$GW"} --rate "$RATE" -p "$1" --retries 1 \
    $TARGETS >"$W/masscan.txt" 2>"$W/masscan.err" &
  pid=$!
  t1=""
  for _ in $(seq 1 $((NPROBES / 1000 + 1200))); do   # at most 60 s plus 20 s per 400k probes at 0.05 s a step
    if tr '\r' '\n' <"$W/masscan.err" | grep -q '100.00% done'; then t1=$(date +%s.%N); break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  [ -n "$t1" ] || { echo "masscan did not finish:" >&2; tr '\r' '\n' <"$W/masscan.err" | tail -3 >&2; t1=$(date +%s.%N); }
  sleep 1
  # SIGINT ends it cleanly; give it 5 s before SIGKILL.
  kill -INT "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  echo "masscan $(echo "$t1 - $t0 + 1" | bc)" >>"$W/times"
}
report() { # title, ports
  python3 - "$W" "$TARGETS" "$2" "$1" "$RATE" <<'PY'
import ipaddress, json, re, sys
w, targets, ports, title, rate = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
naddr = sum(ipaddress.ip_network(t).num_addresses for t in targets.split())
nports = sum(int(b) - int(a) + 1 for a, b in (p.split("-") if "-" in p else (p, p) for p in ports.split(",")))
truth = {(s["addr"], s["port"]) for s in json.load(open(f"{w}/truth.json"))["services"] if s["transport"] == "tcp"}
found = {
    "kpcensus": {(s["addr"], s["port"]) for s in json.load(open(f"{w}/kp.json"))["services"] if s["transport"] == "tcp"},
    "nmap": {(m[0], int(p)) for line in open(f"{w}/nmap.gnmap") for m in [re.findall(r"Host: (\S+)", line)] if m
             for p in re.findall(r"(\d+)/open/tcp", line)},
    # "Discovered open port 22/tcp on 10.76.0.53": printed as found, so nothing is lost when it is stopped.
    "masscan": {(m[1], int(m[0])) for m in re.findall(r"Discovered open port (\d+)/tcp on (\S+)", open(f"{w}/masscan.txt").read())},
}
times = dict(l.split() for l in open(f"{w}/times"))
probes = naddr * nports
print(f"\n{title}: {naddr} addresses x {nports} ports = {probes} probes at --rate {rate}, {len(truth)} open TCP services in the truth")
print(f"{'scanner':<10} {'wall s':>8} {'probes/s':>9} {'recall':>7} {'kpcensus faster by':>19}")
kt = float(times["kpcensus"])
for k in ["kpcensus", "nmap", "masscan"]:
    t = float(times[k])
    print(f"{k:<10} {t:8.2f} {probes / t:9.0f} {len(found[k] & truth) / len(truth):7.0%} {t / kt:18.1f}x")
PY
}
workload() { # title, ports, rate, targets (addresses or CIDRs)
  RATE=$3 TARGETS=$4 SCOPE=$(echo $4 | tr ' ' ',')
  NPROBES=$(python3 -c "import ipaddress,sys;print(sum(ipaddress.ip_network(t).num_addresses for t in sys.argv[2].split())*sum(int(b)-int(a)+1 for a,b in ((p.split('-')+[p])[:2] for p in sys.argv[1].split(','))))" "$2" "$4")
  : >"$W/times"
  run kpcensus "$W/kp.out" "$KP" scan --scope "$SCOPE" --ports "$2" --probes syn --rate "$RATE" --retries 1 --json "$W/kp.json" -q
  run nmap "$W/nmap.out" nmap -sS -n -Pn -T4 --max-rate "$RATE" -p "$2" -oG "$W/nmap.gnmap" $TARGETS
  run_masscan "$2"
  report "$1" "$2"
}
uptime
workload "The server addresses over the lab's TCP ports (the issue's workload)" "$PORTS" "$RATE" "$ADDRS"
workload "The servers' /24 subnets over the lab's TCP ports (finding hosts among unused addresses)" "$PORTS" "$RATE" "$SUBNETS"
workload "The server addresses over every TCP port (throughput)" "1-65535" "$RATE_ALL" "$ADDRS"
