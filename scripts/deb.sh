#!/usr/bin/env bash
# Builds the Debian package of kpcensus with dpkg-deb, from what `make install
# DESTDIR=… PREFIX=/usr` puts in a staging tree, laid out as Debian wants it: man pages
# gzipped, zsh's completion in vendor-completions, the binary stripped, a copyright
# file and a changelog in /usr/share/doc/kpcensus, Depends found by dpkg-shlibdeps.
# Usage: scripts/deb.sh KPCENSUS GENERATE_MANUAL OUTDIR
#   writes OUTDIR/kpcensus_VERSION_ARCH.deb (the only package there) and prints its path
# VERSION is what `KPCENSUS --version` prints: the toolVersion of the command line,
# which every census run also records as its tool_version. Same commit, same bytes:
# every date in the package is the last commit's (SOURCE_DATE_EPOCH).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 3 ] || { echo "usage: $0 KPCENSUS GENERATE_MANUAL OUTDIR" >&2; exit 2; }
bin=$1 tool=$2 out=$3
[ -x "$bin" ] || { echo "$0: $bin is not built: make deb" >&2; exit 3; }
for t in dpkg-deb dpkg-shlibdeps strip; do
  command -v "$t" > /dev/null || { echo "$0: $t is missing: scripts/install-deps.sh deb" >&2; exit 3; }
done
maintainer=${DEB_MAINTAINER:-kpcensus maintainers <maintainers@users.noreply.r-seed-19952c58.example>}

version=$("$bin" --version)
arch=$(dpkg --print-architecture)
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stage=$work/kpcensus
make -s install SKIP_BUILD=1 DESTDIR="$stage" PREFIX=/usr KPCENSUS_BIN="$bin" \
  GENERATE_MANUAL="$tool" GENERATED="$work/generated" > /dev/null
# Debian's zsh reads packages' completions from vendor-completions (site-functions is the admin's).
mv "$stage/usr/share/zsh/site-functions" "$stage/usr/share/zsh/vendor-completions"
gzip -9n "$stage"/usr/share/man/man1/*.1
# bash-completion sources the file; argument-parser's #!/bin/bash line would mark it a script.
sed -i '1{/^#!/d}' "$stage/usr/share/bash-completion/completions/kpcensus"
# As dh_strip does: the symbol table goes, Swift's metadata sections stay.
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$stage/usr/bin/kpcensus"

doc=$stage/usr/share/doc/kpcensus
install -d "$doc"
install -m 644 scripts/deb-copyright "$doc/copyright"
{
  echo "kpcensus ($version) bookworm; urgency=medium"
  echo
  echo "  * kpcensus $version, built from commit $commit."
  echo
  echo " -- $maintainer  $(date -u -R -d "@$SOURCE_DATE_EPOCH")"
} | gzip -9n > "$doc/changelog.gz"

# Depends: the packages of the libraries the binary links (after stripping, as shipped).
install -d "$stage/DEBIAN"
mkdir -p "$work/shlibs/debian"
printf 'Source: kpcensus\n\nPackage: kpcensus\nArchitecture: any\n' > "$work/shlibs/debian/control"
depends=$(cd "$work/shlibs" && dpkg-shlibdeps -O "$stage/usr/bin/kpcensus" | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "$0: dpkg-shlibdeps found no Depends for $bin" >&2; exit 1; }

find "$stage" -type d -exec chmod 755 {} +
find "$stage" -type f -exec chmod 644 {} +
chmod 755 "$stage/usr/bin/kpcensus"
(cd "$stage" && find usr -type f | LC_ALL=C sort | xargs md5sum) > "$stage/DEBIAN/md5sums"
cat > "$stage/DEBIAN/control" <<EOF
Package: kpcensus
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $(du -sk --exclude=DEBIAN "$stage" | cut -f1)
Depends: $depends
Recommends: nmap-common, p0f
Section: net
Priority: optional
Description: census of an isolated intranet from packet captures and probes
 kpcensus measures a walled-garden national intranet of the Kwangmyong kind on
 a lab or simulated network: it finds hosts, sites and services from pcap and
 pcapng captures, live capture and scope-guarded active probing, checks that
 the air gap holds, and writes census reports (site counts and user estimates
 with intervals, the spread of services) as JSON, Markdown, HTML and CSV, kept
 in an SQLite census database.
 .
 The recommended nmap-common and p0f hold nmap's service fingerprints and
 p0f's, for telling services' software and hosts' systems apart.
EOF
chmod 644 "$stage/DEBIAN/control" "$stage/DEBIAN/md5sums"
find "$stage" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

mkdir -p "$out"
rm -f "$out"/kpcensus_*.deb
deb=$out/kpcensus_${version}_${arch}.deb
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" > /dev/null
echo "$deb"
