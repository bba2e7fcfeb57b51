# SPDX-License-Identifier: GPL-2.0
# Build the tools, run the tests.  Objects and binaries go to $(O);
# SAN=1 builds with AddressSanitizer and UBSan (into build-san by default).

CC ?= gcc
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
# klp-manage.service goes here; the init script (for systems without
# systemd) only with INITSCRIPT=1, into $(DESTDIR)$(INITDIR).
SYSTEMD_UNIT_DIR ?= $(PREFIX)/lib/systemd/system
INITSCRIPT ?= 0
INITDIR ?= /etc/init.d
SAN ?= 0

ifeq ($(SAN),1)
O ?= build-san
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
else ifeq ($(SAN),fuzz)
O ?= build-fuzz
CC = clang
SANFLAGS = -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
else
O ?= build
endif

CFLAGS ?= -O2 -g
WERROR ?= -Werror
override CFLAGS += -std=gnu11 -Wall -Wextra $(WERROR) $(SANFLAGS) -MMD -MP
override CPPFLAGS += -D_GNU_SOURCE -iquote lib -iquote templates
# capstone's shared library relocates tables for every architecture at
# load time (3 MB resident); linked statically into a non-PIE binary, only
# the x86 decoder pages that are used are touched.
override LDFLAGS += $(SANFLAGS) -no-pie
LDLIBS = -lelf -lz -lxxhash -Wl,-Bstatic -lcapstone -Wl,-Bdynamic

# Debian 12 packages: build, unit tests, the cached test kernel.
DEBIAN_PACKAGES = gcc make binutils libelf-dev libdw-dev zlib1g-dev \
	libxxhash-dev libcapstone-dev libjson-c-dev patch jq bats flex bison bc cpio kmod libssl-dev \
	openssl gcc-12 dwarves xz-utils linux-source-6.1 qemu-system-x86 busybox-static time valgrind \
	clang libclang-rt-14-dev parallel dpkg-dev mmdebstrap debhelper lintian

LIB_OBJS = $(patsubst %.c,$(O)/%.o,$(wildcard lib/*.c))
CDO_OBJS = $(patsubst %.c,$(O)/%.o,$(wildcard create-diff-object/*.c))
KPB_OBJS = $(patsubst %.c,$(O)/%.o,$(wildcard kpatch-build/*.c))
TOOLS = $(O)/bin/create-diff-object $(O)/bin/kpatch-build

all: $(TOOLS)

$(O)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(O)/bin/create-diff-object: $(CDO_OBJS) $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(O)/bin/kpatch-build: $(KPB_OBJS) $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) -ljson-c -lcrypto

-include $(shell find $(O) -name '*.d' 2>/dev/null)

# libFuzzer targets (SAN=fuzz): the ELF readers, the whole engine with its
# main renamed, and the patch and series readers.  test/fuzz/run.sh seeds and runs them.
FUZZ_LIBS = $(LDLIBS) -fsanitize=fuzzer
$(O)/fuzz/cdo-main.o: create-diff-object/main.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -Dmain=cdo_main -c -o $@ $<

$(O)/bin/fuzz-elf: $(O)/test/fuzz/elf.o $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(FUZZ_LIBS)

$(O)/bin/fuzz-engine: $(O)/test/fuzz/engine.o $(O)/fuzz/cdo-main.o \
		$(filter-out %/main.o,$(CDO_OBJS)) $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(FUZZ_LIBS)

$(O)/test/fuzz/text.o: override CPPFLAGS += -iquote kpatch-build
$(O)/bin/fuzz-text: $(O)/test/fuzz/text.o $(O)/kpatch-build/patch-read.o $(O)/kpatch-build/kbuild-record.o \
		$(O)/kpatch-build/fail.o $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(FUZZ_LIBS)

fuzzers: $(O)/bin/fuzz-elf $(O)/bin/fuzz-engine $(O)/bin/fuzz-text

# FUZZ_TIME seconds per target (long by default).  make check's smoke run
# executes every seed and past crash once, without mutating: libFuzzer's
# mutations follow addresses (ASLR), so even a fixed seed is not the same
# run twice, and CI must not go red by luck.
FUZZ_TIME ?= 1800
fuzz: all
	$(MAKE) SAN=fuzz fuzzers
	test/fuzz/run.sh $(FUZZ_TIME) build-fuzz/bin $(O)/bin/create-diff-object $(O)/bin/kpatch-build

fuzz-smoke: all
	$(MAKE) SAN=fuzz fuzzers
	FUZZ_RUNS=0 test/fuzz/run.sh 120 build-fuzz/bin $(O)/bin/create-diff-object $(O)/bin/kpatch-build

# The driver's own logic on small inputs, without a kernel.
DRIVER_TESTS = $(patsubst %,$(O)/test/driver/%,includes engine-report manifest states series release \
	relations kernels records)

$(O)/test/driver/includes: $(O)/test/driver/includes.o $(O)/kpatch-build/includes.o \
		$(O)/kpatch-build/fail.o $(LIB_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Not in unit-driver: it reads the test kernel's build (make integration).
$(O)/test/driver/includes-kernel: $(O)/test/driver/includes-kernel.o $(O)/kpatch-build/includes.o \
		$(O)/kpatch-build/fail.o $(LIB_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(O)/test/driver/engine-report: $(O)/test/driver/engine-report.o $(LIB_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(O)/test/driver/manifest: $(O)/test/driver/manifest.o $(O)/kpatch-build/manifest-json.o \
		$(O)/kpatch-build/manifest-type.o $(O)/kpatch-build/patch-read.o $(LIB_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) -ljson-c

# The decisions over (results, manifests), a test each: it links the file it
# tests and the files that one calls (harness.o builds the context, refusal.o
# is fail()); what a decision needs from outside (which files the units
# read, which hot fixes' changes the series has, the packages apt knows) is
# its input, not a stub.
kpb_objs = $(patsubst %,$(O)/kpatch-build/%.o,$(1))
DECISION_OBJS = $(O)/test/driver/harness.o $(O)/test/driver/refusal.o $(call kpb_objs,text manifest-type)
$(O)/test/driver/states: $(O)/test/driver/states.o $(DECISION_OBJS) $(call kpb_objs,states) $(LIB_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(O)/test/driver/series: $(O)/test/driver/series.o $(DECISION_OBJS) $(call kpb_objs,series patch-read) \
		$(LIB_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(O)/test/driver/release: $(O)/test/driver/release.o $(DECISION_OBJS) \
		$(call kpb_objs,release states series patch-read manifest-json json) $(LIB_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) -ljson-c

$(O)/test/driver/relations: $(O)/test/driver/relations.o $(DECISION_OBJS) \
		$(call kpb_objs,stack states disk) $(LIB_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(O)/test/driver/kernels: $(O)/test/driver/kernels.o $(O)/test/driver/refusal.o \
		$(O)/kpatch-build/kernels-spec.o $(LIB_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(O)/test/driver/records: $(O)/test/driver/records.o $(DECISION_OBJS) $(call kpb_objs,kbuild-record) \
		$(LIB_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(O)/test/driver/%.o: override CPPFLAGS += -iquote kpatch-build

unit-driver: $(DRIVER_TESTS) $(O)/bin/kpatch-build
	for t in $(DRIVER_TESTS); do $$t || exit 1; done
	test/driver/modinfo-keys.sh
	test/driver/deb.sh $(O)/bin/kpatch-build
	test/driver/options.sh $(O)/bin/kpatch-build kpatch-build/kpatch-build.1 kpatch-build/main.c

# The unit suite, then again under AddressSanitizer and UBSan.
unit: all unit-driver
	test/unit/run.sh $(O)/bin/create-diff-object $(O)/bin/kpatch-build

unit-san:
	$(MAKE) SAN=1 all unit-driver
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
		test/unit/run.sh build-san/bin/create-diff-object build-san/bin/kpatch-build

# The stacking and release tests run again on the test kernel with
# MODVERSIONS (built with make O=DIR, no function sections).
STACKING_TESTS = stacked|klp-manage|replace|release:

# Real kernel objects and the QEMU suite, in two lanes at once (a guest or
# the engine keeps one of the 2 cores busy): the 6.1 test kernel's tests
# (built once, cached) and the Debian kernels'.  They share no cache entry.
# Each line of a lane starts with its name, as it comes.
integration: all
	$(MAKE) --no-print-directory -j2 integration-test-kernel integration-debian

LANES = integration-test-kernel integration-debian
$(LANES): SHELL := /bin/bash
$(LANES): .SHELLFLAGS := -o pipefail -c
lane = 2>&1 | sed -u 's/^/[$(@:integration-%=%)] /'

integration-test-kernel: all $(O)/test/driver/includes-kernel
	test/real/run.sh $(O)/bin/create-diff-object $(lane)
	build=$$(test/kernel/build.sh | tail -n1) && \
		$(O)/test/driver/includes-kernel "$$build" "$$build/source" $(lane)
	test/templates/run.sh --vm $(lane)
	KPB=$(CURDIR)/$(O)/bin/kpatch-build bats -T test/integration/lib/selftest.bats test/integration/klp-manage.bats \
		test/integration/klp-install.bats test/integration/klp-interrupt.bats test/integration/kpatch-build.bats test/integration/release.bats \
		test/integration/cache.bats test/integration/inplace.bats \
		test/integration/hostile.bats test/integration/faults.bats $(lane)
	KLP_TEST_KERNEL=plain KPB=$(CURDIR)/$(O)/bin/kpatch-build bats -T -f '$(STACKING_TESTS)' \
		test/integration/kpatch-build.bats test/integration/release.bats $(lane)

# In this order: debian.bats downloads the kernel packages the guests boot.
integration-debian: all
	KPB=$(CURDIR)/$(O)/bin/kpatch-build bats -T test/integration/debian.bats \
		test/integration/systemd-guest.bats test/integration/deploy.bats test/integration/kernels.bats \
		$(lane)

# The load test's long form (#31): 1000 cycles each of ours and the control.
soak: all
	LOAD_CYCLES=1000 KPB=$(CURDIR)/$(O)/bin/kpatch-build bats -T --show-output-of-passing-tests \
		test/integration/load.bats

# Each part timed, so a slow one shows in the log (make check must stay under 45 minutes).
CHECK_PARTS = unit unit-san fuzz-smoke layout integration mutants
check:
	@for part in $(CHECK_PARTS); do start=$$(date +%s); \
		$(MAKE) --no-print-directory $$part || exit 1; \
		echo "check: $$part took $$(( $$(date +%s) - start )) s"; done

# Which files call each other, from the objects: the engine's files and the
# driver's must each form layers (no mutual calls, no circles).
layout: all
	@test/layout/circles.sh --strict $(CDO_OBJS) $(LIB_OBJS)
	@test/layout/circles.sh --strict $(KPB_OBJS) $(LIB_OBJS)

# Break each rule in test/mutants/list and check that its tests notice.
mutants: all
	test/mutants/run.sh

# During development: only the mutants of files changed since MUTANTS_SINCE (default: uncommitted).
MUTANTS_SINCE ?= HEAD
mutants-changed: all
	test/mutants/run.sh --changed $(MUTANTS_SINCE)

bench: all
	test/bench/run.sh $(O)/bin/create-diff-object
	test/bench/kpatch-build.sh $(O)/bin/kpatch-build
	test/bench/debian.sh $(O)/bin/kpatch-build
	test/bench/kernels.sh $(O)/bin/kpatch-build

# Real fixes between two Debian source versions (not part of check).
corpus: all
	test/corpus/run.sh $(O)/bin/kpatch-build

demo:
	test/demo.sh

# The Debian packages (debian/) built from a clone of HEAD with
# dpkg-buildpackage, lintian on them, their contents, run from an extracted tree.
package:
	test/package/run.sh

print-packages:
	@echo $(DEBIAN_PACKAGES)

deps:
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		$(DEBIAN_PACKAGES)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(PREFIX)/share/kpatch-build/templates
	install -m 755 $(TOOLS) kpatch-build/klp-manage $(DESTDIR)$(BINDIR)
	install -d $(DESTDIR)$(MANDIR)/man1
	install -m 644 kpatch-build/kpatch-build.1 kpatch-build/klp-manage.1 \
		create-diff-object/create-diff-object.1 $(DESTDIR)$(MANDIR)/man1
	install -d $(DESTDIR)$(SYSTEMD_UNIT_DIR)
	sed 's|@BINDIR@|$(BINDIR)|g' kpatch-build/klp-manage.service > $(DESTDIR)$(SYSTEMD_UNIT_DIR)/klp-manage.service
	chmod 644 $(DESTDIR)$(SYSTEMD_UNIT_DIR)/klp-manage.service
	if [ "$(INITSCRIPT)" = 1 ]; then \
		install -d $(DESTDIR)$(INITDIR) && \
		sed 's|@BINDIR@|$(BINDIR)|g' kpatch-build/klp-manage.init > $(DESTDIR)$(INITDIR)/klp-manage && \
		chmod 755 $(DESTDIR)$(INITDIR)/klp-manage; \
	fi
	install -m 644 templates/*.c templates/*.h templates/*.lds templates/*.in \
		$(DESTDIR)$(PREFIX)/share/kpatch-build/templates

clean:
	rm -rf build build-san build-fuzz

.PHONY: all deps print-packages unit unit-driver unit-san integration integration-test-kernel \
	integration-debian check bench demo install clean \
	fuzzers fuzz fuzz-smoke mutants mutants-changed corpus layout package soak
