#!/usr/bin/env bash
# make accuracy: simulates several seeds of a spec, takes the census of each with
# the release kpcensus and scores the estimates against the truth:
#   sites   median relative error and 95 % interval coverage of site_count.estimate vs truth sites.total
#   devices mean absolute error of the devices counted per client address (addresses with <= 8 active devices)
#   users   median relative error and coverage of users.estimate vs truth users.total
# Usage: scripts/accuracy.sh [SPEC] [SEEDS] [DURATION]; captures go to a temporary directory.
# The default is the sparse spec (the small network at 6 sessions per device a day instead
# of 20) for a full day: about a fifth of the devices and a tenth of the sites are never
# seen, so the estimates have something to estimate; the truth columns show how many.
# Twenty seeds, so that the coverage is measured to about +-5 %. ACCURACY_KEEP=DIR keeps
# the inventories and truths.
set -euo pipefail
cd "$(dirname "$0")/.."
spec=${1:-Datasets/sim/kwangmyong-sparse.json}
seeds=${2:-"$(seq -s " " 1 20)"}
duration=${3:-86400}
bin=.build/release/kpcensus
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for s in $seeds; do
  "$bin" simulate --spec "$spec" --seed "$s" --out "$tmp/s$s.pcap" --truth "$tmp/s$s.truth.json" --duration "$duration" -q
  "$bin" analyze "$tmp/s$s.pcap" --json "$tmp/s$s.inv.json" -q
  rm -f "$tmp/s$s.pcap"
  [ -n "${ACCURACY_KEEP:-}" ] && mkdir -p "$ACCURACY_KEEP" && cp "$tmp/s$s.inv.json" "$tmp/s$s.truth.json" "$ACCURACY_KEEP/"
  echo "accuracy: seed $s done" >&2
done
python3 - "$tmp" $seeds <<'PY'
import json, statistics, sys
tmp, seeds = sys.argv[1], sys.argv[2:]
rows = {"sites": [], "users": []}
dev_err = []
seen = {"sites": [], "users": []}
print(f"{'seed':>4} {'sites':>6} {'seen':>6} {'est':>8} {'ci95':>19} {'method':>14} | {'users':>6} {'seen':>6} {'est':>8} {'ci95':>19} {'method':>14} | dev MAE")
for s in seeds:
    inv = json.load(open(f"{tmp}/s{s}.inv.json")); t = json.load(open(f"{tmp}/s{s}.truth.json"))
    truth = {d["addr"]: d for d in t["devices"]}
    errs = [abs(c["devices"] - truth[c["addr"]]["active"]) for c in inv["client_devices"]
            if c["addr"] in truth and truth[c["addr"]]["active"] <= 8]
    dev_err += errs
    line = f"{s:>4}"
    for key, total in (("site_count", t["sites"]["total"]), ("users", t["users"]["total"])):
        e = inv[key]
        est, ci = e["estimate"], e["ci95"]
        what = "sites" if key == "site_count" else "users"
        observed = e["observed"] if key == "site_count" else e["devices"]
        rows[what].append((est, ci, total))
        seen[what].append(observed / total)
        line += f" {total:>6} {observed:>6} {est if est is not None else 'null':>8} {str(ci):>19} {e['method']:>14} |"
    print(line + f" {statistics.mean(errs):.3f}")
def score(r):
    errs = [abs(e - n) / n for e, _, n in r if e is not None]
    cover = [ci[0] <= n <= ci[1] for e, ci, n in r if ci is not None]
    return (statistics.median(errs) if errs else float("nan"), sum(cover) / len(r))
se, sc = score(rows["sites"]); ue, uc = score(rows["users"])
dm = statistics.mean(dev_err)
print()
print(f"seen: sites {statistics.mean(seen['sites'])*100:.1f} % of all, devices {statistics.mean(seen['users'])*100:.1f} % of all (mean over seeds)")
print()
print("| quantity | measure | result | target | met |")
print("| --- | --- | --- | --- | --- |")
print(f"| sites | median relative error | {se*100:.1f} % | <= 5 % | {'yes' if se <= 0.05 else 'no'} |")
print(f"| sites | 95 % interval coverage | {sc*100:.0f} % | >= 90 % | {'yes' if sc >= 0.9 else 'no'} |")
print(f"| devices per address (<= 8) | mean absolute error | {dm:.3f} | <= 0.5 | {'yes' if dm <= 0.5 else 'no'} |")
print(f"| users | median relative error | {ue*100:.1f} % | <= 10 % | {'yes' if ue <= 0.10 else 'no'} |")
print(f"| users | 95 % interval coverage | {uc*100:.0f} % | >= 90 % | {'yes' if uc >= 0.9 else 'no'} |")
PY
