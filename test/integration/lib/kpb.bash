# Helpers for the kpatch-build integration tests (bats), on the cached 6.1
# test kernel.  Each patch test: patches/NAME.patch is built into a module;
# patches/NAME-LOADED.test (a guest sh script) must fail before the module
# is loaded, pass while it is, and fail again once it is disabled and
# removed.  patches/NAME-FAIL.patch must be refused as NAME-FAIL.expect
# says (line 1: exit code, line 2: a glob the message matches).
# shellcheck shell=bash

REPO=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
KPB=${KPB:-$REPO/build/bin/kpatch-build}
PATCHES=$BATS_TEST_DIRNAME/patches
VM=$BATS_TEST_DIRNAME/lib/vm.sh

# KLP_TEST_KERNEL picks the test kernel (test/kernel/build.sh VARIANT):
# sections (the default) or plain (make O=DIR, no function sections,
# MODVERSIONS on).
setup_kernel() {
	BUILD=$("$REPO/test/kernel/build.sh" "${KLP_TEST_KERNEL:-sections}" | tail -n1)
	SRC=$(readlink -f "$BUILD/source")
	export BUILD SRC
}

# kpb ARGS...: kpatch-build against the test kernel's own (prepared) build.
kpb() {
	run "$KPB" -s "$SRC" -c "$BUILD/.config" -v "$BUILD/vmlinux" \
		--build-dir "$BUILD" --cache "$BATS_FILE_TMPDIR/cache" \
		-o "$BATS_TEST_TMPDIR/out" -j 2 "$@"
}

# build NAME PATCH...: a module lp-NAME from the patches, or fail the test.
build() {
	local name=$1
	shift
	kpb -n "lp-$name" --json "$BATS_TEST_TMPDIR/$name.json" "$@"
	echo "$output"
	[ "$status" -eq 0 ]
	[ -f "$BATS_TEST_TMPDIR/out/lp-$name.ko" ]
}

# guest SCRIPT-ON-STDIN [vm.sh options]: run it in the VM (the test
# kernel's, unless --kernel says otherwise); fail on failure.
guest() {
	run "$VM" run ${BUILD:+--kernel "$BUILD/arch/x86/boot/bzImage"} "$@" -
	echo "$output"
	[ "$status" -eq 0 ]
}

# check_loaded TEST MODULE.ko [vm.sh options]: the LOADED protocol.
check_loaded() {
	local test=$1 ko=$2
	local mod
	mod=$(basename "$ko" .ko)
	shift 2
	guest --module "$ko" --file "$PATCHES/$test-LOADED.test:/loaded.test" "$@" <<GUEST
expect_fail "$test: old behaviour before loading" sh /loaded.test
klp_load $mod
expect_ok "$test: new behaviour while loaded" sh /loaded.test
klp_unload $mod
expect_fail "$test: old behaviour after unloading" sh /loaded.test
GUEST
}

# patch_test NAME: build patches/NAME.patch and run its LOADED protocol.
patch_test() {
	build "$1" "$PATCHES/$1.patch"
	check_loaded "$1" "$BATS_TEST_TMPDIR/out/lp-$1.ko"
}

# refused NAME: patches/NAME.patch is refused as NAME.expect says, and
# nothing is written or left behind.
refused() {
	local code glob
	{ read -r code; read -r glob; } < "$PATCHES/$1.expect"
	kpb "$PATCHES/$1.patch"
	echo "$output"
	[ "$status" -eq "$code" ]
	# shellcheck disable=SC2053
	[[ $output == $glob ]]
	[ -z "$(ls -A "$BATS_TEST_TMPDIR/out" 2>/dev/null)" ]
	# and no work directory is left in the cache
	[ -z "$(ls -d "$BATS_FILE_TMPDIR"/cache/work-* 2>/dev/null)" ]
}

# tree_state DIR: what a write to the tree would change (names, sizes, mtimes).
tree_state() {
	find "$1" -printf '%P %s %T@\n' | sort | sha256sum
}
