#!/usr/bin/env bash
# Installs the Debian package on a clean Debian 12 (a debootstrap minbase root) with
# apt, which must resolve its Depends alone, and runs `kpcensus analyze` on a bundled
# capture there: without the Recommends it must say that nmap's probes are missing and
# equal its golden file but for products; with them installed, byte for byte.
# Usage: scripts/deb-test.sh PACKAGE.deb
#
# The root is made once and kept in $KPCENSUS_DEBROOT (/var/cache/kpcensus-debroot):
# a minbase takes minutes, a run on the kept one seconds. It is made again when it is
# missing, when its spec (suite, variant, architecture, mirror, debootstrap's version)
# changed, or when it is older than KPCENSUS_DEBROOT_DAYS (30). Every run works on an
# overlay over it, in a mount namespace of its own, so the kept root stays clean and no
# mount outlives the run. The only network traffic is apt's and debootstrap's, to the
# Debian mirror this machine's apt uses.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 1 ] || { echo "usage: $0 PACKAGE.deb" >&2; exit 2; }
deb=$(realpath "$1")
[ -f "$deb" ] || { echo "$0: $1 does not exist: make deb" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "$0: needs root (debootstrap, chroot, mount): sudo make deb-test" >&2; exit 3; }
for tool in debootstrap unshare chroot python3; do
  command -v "$tool" > /dev/null || { echo "$0: $tool is missing: scripts/install-deps.sh deb" >&2; exit 3; }
done

capture=Datasets/captures/http-dns.pcap
golden=Datasets/golden/http-dns.json

# The mirror of this machine's apt for Debian's main archive (deb822 or one-line format).
debian_mirror() {
  local uri
  uri=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null \
    | awk '/^URIs:/ { for (i = 2; i <= NF; i++) print $i } /^deb / { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; break } }' \
    | grep -E '/debian/?$' | head -1 || true)
  echo "${uri:-http://deb.debian.org/debian}"
}

cache=${KPCENSUS_DEBROOT:-/var/cache/kpcensus-debroot}
max_days=${KPCENSUS_DEBROOT_DAYS:-30}
arch=$(dpkg --print-architecture)
mirror=${KPCENSUS_DEBIAN_MIRROR:-$(debian_mirror)}
spec="suite=bookworm variant=minbase arch=$arch mirror=$mirror debootstrap=$(dpkg-query -W -f='${Version}' debootstrap 2>/dev/null || echo unknown)"

# The kept root, made again when missing, of another spec or too old. Made under an
# exclusive lock, used under a shared one (fd 9, kept through the exec below): runs at
# once share one root, and none sees it half made or replaced under it.
prepare_root() {
  mkdir -p "$(dirname "$cache")"
  exec 9> "$cache.lock"
  flock 9
  if [ -d "$cache/root/usr/bin" ] && [ "$(cat "$cache/spec" 2>/dev/null)" = "$spec" ] \
     && [ -z "$(find "$cache/spec" -mtime +"$max_days" 2>/dev/null)" ]; then
    echo "deb-test: clean Debian 12 root kept in $cache ($(cat "$cache/spec"))"
  else
    echo "deb-test: making a clean Debian 12 root in $cache ($spec)"
    # Never remove a tree something is mounted in (a debootstrap killed elsewhere).
    ! grep -qF " $cache" /proc/self/mountinfo || { echo "$0: something is mounted under $cache: umount it first" >&2; exit 3; }
    rm -rf "$cache.new"
    mkdir -p "$cache.new"
    local started=$SECONDS
    # In a mount namespace of its own: the /proc it mounts in the root cannot outlive it.
    unshare --mount --propagation private debootstrap --variant=minbase --arch="$arch" bookworm "$cache.new/root" "$mirror" > "$cache.new/debootstrap.log" 2>&1 \
      || { tail -20 "$cache.new/debootstrap.log" >&2; echo "$0: debootstrap failed (log: $cache.new/debootstrap.log)" >&2; exit 3; }
    # A root without apt's package lists or downloaded packages: every run fetches
    # today's lists, so the kept root never points at versions the mirror dropped.
    rm -rf "$cache.new/root/var/lib/apt/lists/"* "$cache.new/root/var/cache/apt/archives/"*.deb
    echo "$spec" > "$cache.new/spec"
    rm -rf "$cache"
    mv "$cache.new" "$cache"
    echo "deb-test: debootstrap took $((SECONDS - started)) s"
  fi
  flock -s 9
}

# Everything below runs in a private mount namespace: the overlay and /proc vanish
# with this process whatever happens; the trap unmounts them in order anyway.
if [ -z "${KPCENSUS_DEBTEST_NS:-}" ]; then
  prepare_root
  KPCENSUS_DEBTEST_NS=1 exec unshare --mount --propagation private "$0" "$deb"
fi

work=$(mktemp -d /var/tmp/kpcensus-debtest.XXXXXX)
root=$work/merged
cleanup() {
  mountpoint -q "$root/proc" && umount "$root/proc"
  mountpoint -q "$root" && umount "$root"
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/upper" "$work/overlay-work" "$root"
mount -t overlay overlay -o "lowerdir=$cache/root,upperdir=$work/upper,workdir=$work/overlay-work" "$root"
mount -t proc proc "$root/proc"
cp /etc/resolv.conf "$root/etc/resolv.conf"
mkdir -p "$root/tmp/kp/Datasets/captures"
cp "$deb" "$root/tmp/kpcensus.deb"
cp "$capture" "$root/tmp/kp/$capture"

in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }
fail() { echo "deb-test: FAIL: $*" >&2; exit 1; }

started=$SECONDS
in_root apt-get update -qq
# Without Recommends: the Depends alone must make it run.
in_root apt-get install -y -qq --no-install-recommends /tmp/kpcensus.deb > "$work/apt.log" 2>&1 \
  || { cat "$work/apt.log" >&2; fail "apt-get install of $(basename "$deb") on a clean Debian 12"; }
echo "deb-test: installed $(basename "$deb") with apt and its Depends in $((SECONDS - started)) s"

version=$(dpkg-deb -f "$deb" Version)
[ "$(in_root kpcensus --version)" = "$version" ] || fail "kpcensus --version says '$(in_root kpcensus --version)', the package $version"
in_root ldd /usr/bin/kpcensus > "$work/ldd" || fail "ldd /usr/bin/kpcensus"
! grep -q 'not found' "$work/ldd" || fail "libraries missing: $(grep 'not found' "$work/ldd")"
! grep -q '/opt/swift\|libswift\|libFoundation' "$work/ldd" || fail "links Swift's shared libraries: $(grep -E 'swift|Foundation' "$work/ldd")"
for f in /usr/share/man/man1/kpcensus.1.gz /usr/share/man/man1/kpcensus-analyze.1.gz \
         /usr/share/bash-completion/completions/kpcensus /usr/share/zsh/vendor-completions/_kpcensus \
         /usr/share/fish/vendor_completions.d/kpcensus.fish /usr/share/doc/kpcensus/copyright /usr/share/doc/kpcensus/changelog.gz; do
  [ -f "$root$f" ] || fail "$f is not installed"
done

# The same relative path as the golden run, so even input.files[].path matches.
in_root sh -c "cd /tmp/kp && kpcensus analyze $capture --json out.json --db census.sqlite" > "$work/analyze.log" 2>&1 \
  || { cat "$work/analyze.log" >&2; fail "kpcensus analyze $capture"; }
in_root kpcensus report --db /tmp/kp/census.sqlite --format md --out /tmp/kp/report.md \
  || fail "kpcensus report from the census database"
# Without nmap-common the run says so once and names no product; everything else is the golden file.
grep -q "no nmap service probes at /usr/share/nmap/nmap-service-probes" "$work/analyze.log" \
  || { cat "$work/analyze.log" >&2; fail "analyze without nmap-common does not say that the service probes are missing"; }
python3 - "$root/tmp/kp/out.json" "$golden" <<'EOF' || fail "without nmap-common the inventory differs from $golden beyond products"
import json, sys
got, want = (json.load(open(p)) for p in sys.argv[1:3])
for key in ("hosts", "services"):
    if len(got[key]) != len(want[key]):
        sys.exit(f"{len(got[key])} {key}, the golden file has {len(want[key])}")
for s in want["services"]:
    s.update(product=None, version=None, info=None, cpe=[])
if got != want:
    sys.exit("fields other than product, version, info and cpe differ")
print(f"deb-test: {len(got['hosts'])} hosts and {len(got['services'])} services, as in the golden file (no products without nmap-common)")
EOF
# With the Recommends installed, the inventory is the golden file byte for byte.
in_root apt-get install -y -qq --no-install-recommends nmap-common p0f > "$work/apt.log" 2>&1 \
  || { cat "$work/apt.log" >&2; fail "apt-get install of the Recommends (nmap-common, p0f)"; }
in_root sh -c "cd /tmp/kp && rm -f census.sqlite* && kpcensus analyze $capture --json out.json --db census.sqlite" > "$work/analyze.log" 2>&1 \
  || { cat "$work/analyze.log" >&2; fail "kpcensus analyze $capture with nmap-common"; }
cmp -s "$root/tmp/kp/out.json" "$golden" || { diff "$golden" "$root/tmp/kp/out.json" | head -20 >&2; fail "with nmap-common the inventory is not byte-identical to $golden"; }
grep -q "kpcensus $version" "$root/tmp/kp/report.md" || fail "the report does not name kpcensus $version"
echo "deb-test: ok: $(basename "$deb") installs on a clean Debian 12; its analyze matches $golden (with nmap-common byte for byte)"
