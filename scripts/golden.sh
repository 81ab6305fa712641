#!/usr/bin/env bash
# Regenerates the expected outputs of the regression captures:
#   Datasets/golden/NAME.json    the inventory JSON of `kpcensus analyze`
#   Datasets/golden/NAME.stderr  what it printed on standard error (warnings, errors)
# for every case of Datasets/captures/manifest.tsv, run from the repository root
# with the paths as the manifest gives them. Check `git diff Datasets/golden` by
# hand before committing: a golden file is a claim about what is right.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-.build/debug/kpcensus}
manifest=Datasets/captures/manifest.tsv
out=Datasets/golden
mkdir -p "$out"
rm -f "$out"/*.json "$out"/*.stderr
tail -n +2 "$manifest" | while IFS=$'\t' read -r name files filter expected made; do
  [ -n "$name" ] || continue
  args=()
  IFS=',' read -ra list <<< "$files"
  for f in "${list[@]}"; do args+=("Datasets/captures/$f"); done
  [ "$filter" != "-" ] && args+=(--filter "$filter")
  set +e
  "$bin" analyze "${args[@]}" --json "$out/$name.json" > /dev/null 2> "$out/$name.stderr"
  rc=$?
  set -e
  [ -s "$out/$name.stderr" ] || rm -f "$out/$name.stderr"
  if [ "$rc" != "$expected" ]; then
    echo "golden: $name: exit $rc, manifest expects $expected" >&2
    exit 1
  fi
  echo "golden: $name (exit $rc)"
done
