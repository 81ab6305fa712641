# kpcensus: every entry point a user or CI needs. See README.md and docs/install.md.
SWIFT ?= swift
KPCENSUS_RELEASE := .build/release/kpcensus
DEMO_INPUTS := Datasets/lab-recorded/small.pcap

.PHONY: all build release demo test golden reports bench bench-scan fuzz sanitize accuracy man completions install install-build clean

all: build

build:
	scripts/install-deps.sh build
	$(SWIFT) build

release:
	scripts/install-deps.sh build
	$(SWIFT) build -c release --product kpcensus

# The main job on the bundled dataset: census of three recorded minutes of the small
# lab (Datasets/lab-recorded), summary on the terminal, inventory JSON, census
# database and an HTML report in out/.
demo: release
	mkdir -p out
	rm -f out/demo.sqlite out/demo.sqlite-wal out/demo.sqlite-shm
	$(KPCENSUS_RELEASE) analyze $(DEMO_INPUTS) --json out/demo.json --db out/demo.sqlite
	$(KPCENSUS_RELEASE) report --db out/demo.sqlite --format html --out out/demo.html
	@echo "wrote out/demo.json (kpcensus.inventory/1), out/demo.sqlite (sqlite3 out/demo.sqlite .tables) and out/demo.html"

# Unit, golden, CLI, damaged-capture and kill tests, after a short fuzz smoke of
# every fuzz target (FUZZ_SMOKE seconds each); then the Debian package's test
# (deb-test, as root; KPCENSUS_SKIP_DEB=1 skips it).
FUZZ_SMOKE ?= 15
test:
	scripts/install-deps.sh test
	$(SWIFT) build --build-tests
	$(SWIFT) build --product generate-manual
	SECONDS_PER_TARGET=$(FUZZ_SMOKE) scripts/fuzz.sh
	$(SWIFT) test --skip-build --disable-swift-testing
ifndef KPCENSUS_SKIP_DEB
	$(MAKE) deb-test
endif

# Fuzz every target for SECONDS each (libFuzzer + AddressSanitizer): make fuzz SECONDS=600
SECONDS ?= 60
fuzz:
	scripts/install-deps.sh build
	SECONDS_PER_TARGET=$(SECONDS) scripts/fuzz.sh

# The whole test suite under AddressSanitizer, then ThreadSanitizer (separate build
# folders). Leak detection is off: LeakSanitizer reports the Swift runtime's
# process-lifetime allocations at exit of every spawned kpcensus, which are not leaks.
sanitize:
	scripts/install-deps.sh test
	$(SWIFT) build --product generate-manual
	ASAN_OPTIONS=detect_leaks=0 $(SWIFT) test --disable-swift-testing --sanitize=address --scratch-path .build-asan
	$(SWIFT) test --disable-swift-testing --sanitize=thread --scratch-path .build-tsan

# Regenerates Datasets/golden/ from Datasets/captures/manifest.tsv (check the diff by hand).
golden: build
	scripts/golden.sh .build/debug/kpcensus

# Regenerates the example reports in Reports/ from Datasets/captures (byte-identical on a rerun).
reports: build
	scripts/reports.sh .build/debug/kpcensus Reports

bench:
	bench/run.sh

# kpcensus scan vs nmap -sS -T4 vs masscan in the small lab, same rate (docs/performance.md).
bench-scan: release
	scripts/bench-scan.sh

# Scores the site, device and user estimates on simulated captures (docs/estimates.md).
accuracy: release
	scripts/accuracy.sh

# Man pages (one per verb, from the argument parser through swift-argument-parser's
# generate-manual tool) and bash, zsh and fish completions (from the same parser),
# generated into $(GENERATED), and `make install PREFIX=…` that installs them with the
# binary. CONFIGURATION=debug installs the debug build; SKIP_BUILD=1 uses what is
# built already (the install test does, since it runs inside `swift test`).
PREFIX ?= /usr/local
CONFIGURATION ?= release
KPCENSUS_BIN ?= .build/$(CONFIGURATION)/kpcensus
GENERATE_MANUAL ?= .build/debug/generate-manual
GENERATED ?= .build/generated

install-build:
ifndef SKIP_BUILD
	scripts/install-deps.sh build
	$(SWIFT) build -c $(CONFIGURATION) --product kpcensus
	$(SWIFT) build --product generate-manual
endif

man: install-build
	scripts/man-and-completions.sh man $(KPCENSUS_BIN) $(GENERATE_MANUAL) $(GENERATED)/man

completions: install-build
	scripts/man-and-completions.sh completions $(KPCENSUS_BIN) $(GENERATE_MANUAL) $(GENERATED)/completions

install: man completions
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
	  $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 755 $(KPCENSUS_BIN) $(DESTDIR)$(PREFIX)/bin/kpcensus
	install -m 644 $(GENERATED)/man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 644 $(GENERATED)/completions/kpcensus.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/kpcensus
	install -m 644 $(GENERATED)/completions/_kpcensus $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_kpcensus
	install -m 644 $(GENERATED)/completions/kpcensus.fish $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/kpcensus.fish
	@echo "installed kpcensus, its man pages (man kpcensus-analyze) and completions under $(DESTDIR)$(PREFIX)"

# The Debian package (docs/install.md#the-debian-package): what `make install` installs,
# under /usr, with the release binary linked statically with the Swift runtime so that
# it runs without a Swift toolchain (and without SwiftPM's $ORIGIN run path, which a
# program in /usr/bin must not have); DEB_DIR/kpcensus_VERSION_ARCH.deb. Built in a
# folder of its own: these flags recompile every module, and `make release` and
# `make deb` would otherwise undo each other's build.
# `make deb-test` installs it with apt on a clean Debian 12 (debootstrap, kept in
# /var/cache/kpcensus-debroot) and runs analyze there on a bundled capture.
.PHONY: deb deb-test
DEB_SCRATCH ?= .build-deb
DEB_DIR ?= $(DEB_SCRATCH)/package

deb:
	scripts/install-deps.sh deb
	$(SWIFT) build -c release --static-swift-stdlib --disable-local-rpath --product kpcensus --scratch-path $(DEB_SCRATCH)
	$(SWIFT) build --product generate-manual
	scripts/deb.sh $(DEB_SCRATCH)/release/kpcensus $(GENERATE_MANUAL) $(DEB_DIR)

deb-test: deb
	scripts/deb-test.sh $(DEB_DIR)/kpcensus_*.deb

clean:
	rm -rf .build out
