#!/usr/bin/env bats
# Livepatches applied on a busy SMP kernel (#31): Debian 6.1's own vmlinuz
# with 4 CPUs under QEMU (TCG), readers of the patched /proc/cmdline on
# every CPU, a fork/exec storm and a task sleeping in pipe_read (which
# ours replaces too), while a livepatch is loaded, replaced by
# a cumulative release and removed, LOAD_CYCLES times (100; make soak:
# 1000).  The control is the kernel's own samples/livepatch module built by
# kbuild, under the same workload and cycles: a failure of ours where the
# control passes is ours.  (The tinyconfig test kernels have no ACPI: their
# guests see one CPU whatever -smp says.)
# shellcheck disable=SC2030,SC2031

load lib/kpb.bash

DEB_CACHE=${KLP_DEBIAN_CACHE:-${KLP_CACHE:-/var/cache/klp-cache}/kpb}
PKGS=${KLP_PACKAGES:-/var/cache/klp-pkgs}
K61=6.1.0-56-amd64
CYCLES=${LOAD_CYCLES:-100}

# lp_build NAME ARGS...: livepatch lp-NAME for Debian 6.1
lp_build() {
	local name=$1
	shift
	run "$KPB" --kernel $K61 --packages "$PKGS" --cache "$DEB_CACHE" -o "$BATS_TEST_TMPDIR/out" \
		-j 2 -n "lp-$name" "$@"
	echo "$output"
	[ "$status" -eq 0 ]
}

# control_build: samples/livepatch/livepatch-sample.c, built by kbuild in
# the tree kpatch-build prepared for the kernel
control_build() {
	local obj
	obj=$(grep -l "\"$K61\"" "$DEB_CACHE"/prepared-*/obj/include/generated/utsrelease.h | head -n1)
	obj=${obj%/include/generated/utsrelease.h}
	[ -n "$obj" ]
	mkdir "$BATS_TEST_TMPDIR/sample"
	cp "$obj/source/samples/livepatch/livepatch-sample.c" "$BATS_TEST_TMPDIR/sample/"
	echo 'obj-m += livepatch-sample.o' > "$BATS_TEST_TMPDIR/sample/Kbuild"
	make -s -C "$obj" M="$BATS_TEST_TMPDIR/sample" CC=gcc-12 KERNELRELEASE=$K61 modules
	[ "$(modinfo -F vermagic "$BATS_TEST_TMPDIR/sample/livepatch-sample.ko")" = \
		"$(modinfo -F vermagic "$BATS_TEST_TMPDIR/out/lp-a.ko")" ]
}

# load_guest KIND MODULE...: one guest, the workload, CYCLES cycles of KIND;
# the whole console is kept in the test's directory (KIND.console)
load_guest() {
	local kind=$1 m mods=()
	shift
	for m in "$@"; do mods+=(--module "$m"); done
	KLP_CONSOLE=$BATS_TEST_TMPDIR/$kind.console run "$VM" run --smp 4 \
		--timeout $((120 + CYCLES * 20)) --kernel "$DEB_CACHE/debian/$K61/pkg/boot/vmlinuz-$K61" \
		"${mods[@]}" --file "$BATS_TEST_DIRNAME/lib/load.sh:/lib/load.sh" - <<GUEST
. /lib/load.sh
load_run $CYCLES $kind $(for m in "$@"; do printf '/modules/%s ' "$(basename "$m")"; done)
GUEST
	echo "$output"
	# figures for doc/figures.md, in the bats log
	grep '^figures' <<< "$output" >&3 || true
	[ "$status" -eq 0 ]
}

@test "Debian 6.1, 4 CPUs under load: $CYCLES cycles of load, cumulative replace and removal; the kernel's sample as control" {
	# both replace pipe_read too, where a task of the workload sleeps
	lp_build a "$PATCHES/cmdline.patch" "$PATCHES/transition.patch"
	sed 's/" klp-patched\\n"/" klp-patched-v2\\n"/' "$PATCHES/cmdline.patch" > "$BATS_TEST_TMPDIR/v2.patch"
	lp_build b "$BATS_TEST_TMPDIR/v2.patch" "$PATCHES/transition.patch"
	control_build
	# the control first: if it fails, the emulator or the kernel does
	load_guest control "$BATS_TEST_TMPDIR/sample/livepatch-sample.ko"
	load_guest ours "$BATS_TEST_TMPDIR/out/lp-a.ko" "$BATS_TEST_TMPDIR/out/lp-b.ko"
}

# #31 item 2: a base, a hot fix stacked on it, and a cumulative release
# with both that replaces them, under the same load: no task ever runs the
# hot fix's function with the original of the base's, nor the reverse.
@test "Debian 6.1, 4 CPUs under load: $CYCLES cycles of a base, a stacked hot fix and the release replacing both" {
	local out=$BATS_TEST_TMPDIR/out r=$BATS_TEST_TMPDIR/release
	mkdir -p "$r"
	cp "$PATCHES/cmdline.patch" "$PATCHES/release/fix-b.patch" "$r/"
	lp_build a "$r/cmdline.patch"
	cp "$r/cmdline.patch" "$out/"
	lp_build d -R --base "$out/lp-a.ko" "$r/fix-b.patch"
	cp "$r/fix-b.patch" "$out/"
	printf 'version 2\nbase official\ncmdline.patch\naddition hotfix\nfix-b.patch\n' > "$r/r.series"
	lp_build r --series "$r/r.series" --previous "$out/lp-a.ko" --previous "$out/lp-d.ko"
	load_guest stack "$out/lp-a.ko" "$out/lp-d.ko" "$out/lp-r.ko"
}
