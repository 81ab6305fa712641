#!/usr/bin/env bash
# make fuzz SECONDS=N: builds kpfuzz with libFuzzer coverage and AddressSanitizer,
# seeds every target from the regression captures, and fuzzes each target for N
# seconds. A crash stops the run with its input saved under out/fuzz/crashes/; fix
# the bug, then commit the input under Tests/Fuzz/regressions/TARGET/ (the tests
# replay every file there).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${SECONDS_PER_TARGET:-${1:-30}}
targets=${FUZZ_TARGETS:-"census dns http tls x509 banner dhcp detectors detectors-udp ssh-kex probe-replies capture-file lab-spec sim-spec service-probes service-match p0f-db fingerprints"}
scratch=.build-fuzz
runtime=$(ls /opt/swift/usr/lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a 2>/dev/null | head -1 || true)
[ -n "$runtime" ] || runtime=$(dirname "$(dirname "$(readlink -f "$(command -v swiftc)")")")/lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a
# The fuzzer instrumentation goes to the compiler frontend only, so the link keeps
# kpfuzz's own main and calls libFuzzer's driver (libclang_rt.fuzzer_no_main).
swift build --product kpfuzz --scratch-path "$scratch" \
  -Xswiftc -sanitize=address -Xswiftc -Xfrontend -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING \
  -Xlinker $runtime -Xlinker -lstdc++ 2>&1 | tail -1
swift build --product kpfuzz 2>&1 | tail -1          # the replayer, for seeds
out=out/fuzz
rm -rf "$out/corpus"
mkdir -p "$out/corpus" "$out/crashes"
captures=$(ls Datasets/captures/*.pcap Datasets/captures/*.pcapng | grep -v -e not-a-capture -e bad-length)
.build/debug/kpfuzz --seeds "$out/corpus" $captures
mkdir -p "$out/corpus/lab-spec" "$out/corpus/sim-spec"
cp Datasets/labs/*.json "$out/corpus/lab-spec/"
cp Datasets/sim/*.json "$out/corpus/sim-spec/"
# The fingerprint databases' readers start from Debian's own files (the probes file cut to
# libFuzzer's -max_len below).
mkdir -p "$out/corpus/service-probes" "$out/corpus/p0f-db"
head -c 60000 /usr/share/nmap/nmap-service-probes > "$out/corpus/service-probes/debian"
cp /etc/p0f/p0f.fp "$out/corpus/p0f-db/debian"
for t in $targets; do
  mkdir -p "$out/corpus/$t"
  [ -d "Tests/Fuzz/regressions/$t" ] && cp Tests/Fuzz/regressions/"$t"/* "$out/corpus/$t/" 2>/dev/null || true
  echo "fuzz: $t for ${seconds}s ($(ls "$out/corpus/$t" | wc -l) seeds)"
  KPFUZZ_TARGET=$t ASAN_OPTIONS=detect_leaks=0 "$scratch/debug/kpfuzz" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix="$out/crashes/$t-" -print_final_stats=1 "$out/corpus/$t" 2> "$out/$t.log" || {
      echo "fuzz: $t FAILED: see $out/$t.log and $out/crashes/" >&2
      tail -30 "$out/$t.log" >&2
      exit 1
    }
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb" "$out/$t.log" | tr '\n' ' '; echo
done
echo "fuzz: all targets ran ${seconds}s without a crash"
