#!/usr/bin/env bash
# Generates the man pages or the shell completions of kpcensus from its argument
# parser (swift-argument-parser), so they always match --help.
# Usage: scripts/man-and-completions.sh man|completions KPCENSUS GENERATE_MANUAL OUTDIR
#   man:          OUTDIR/kpcensus.1 and one page per verb (kpcensus.analyze.1, …), made by
#                 the package's generate-manual tool (what its generate-manual plugin runs)
#   completions:  OUTDIR/kpcensus.bash, OUTDIR/_kpcensus (zsh), OUTDIR/kpcensus.fish
set -euo pipefail
[ $# -eq 4 ] || { echo "usage: $0 man|completions KPCENSUS GENERATE_MANUAL OUTDIR" >&2; exit 2; }
what=$1 bin=$2 tool=$3 out=$4
[ -x "$bin" ] || { echo "$0: $bin is not built: run 'make install' without SKIP_BUILD, or swift build" >&2; exit 3; }
rm -rf "$out"
mkdir -p "$out"
case "$what" in
  man)
    [ -x "$tool" ] || { echo "$0: $tool is not built: swift build --product generate-manual" >&2; exit 3; }
    "$tool" "$bin" --multi-page --output-directory "$out" --authors "the kpcensus authors" \
      --date "$(git log -1 --format=%cs 2>/dev/null || date -u +%F)"
    # The tool names a verb's page kpcensus.analyze.1; call it kpcensus-analyze.1, as
    # git and systemd name theirs: in the file names, the titles and the cross-references.
    perl -pi -e 's/^(\.(?:Dt|Xr) )(\S+)/my ($m, $n) = ($1, $2); $m . ($n =~ s{\.}{-}gr)/e' "$out"/*.1
    for page in "$out"/kpcensus.*.1; do
      base=$(basename "$page" .1)
      mv "$page" "$out/${base//./-}.1"
    done
    ;;
  completions)
    "$bin" --generate-completion-script bash > "$out/kpcensus.bash"
    "$bin" --generate-completion-script zsh > "$out/_kpcensus"
    "$bin" --generate-completion-script fish > "$out/kpcensus.fish"
    ;;
  *) echo "usage: $0 man|completions KPCENSUS GENERATE_MANUAL OUTDIR" >&2; exit 2 ;;
esac
