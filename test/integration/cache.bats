#!/usr/bin/env bats
# kpatch-build's own original build: the first run builds the kernel with
# function sections into the cache (about 2 minutes here), a second run
# with the same tree, config and compiler reuses it.  The module it builds
# is checked in the VM like the others.

load lib/kpb.bash

setup_file() {
	setup_kernel
	CACHE=$BATS_FILE_TMPDIR/cache
	export CACHE
}

setup() {
	setup_kernel
}

# cached_build NAME: kpatch-build with its own original build in $CACHE.
cached_build() {
	run "$KPB" -s "$SRC" -c "$BUILD/.config" -v "$BUILD/vmlinux" --cache "$CACHE" \
		-o "$BATS_TEST_TMPDIR/out" -n "lp-$1" --json "$BATS_TEST_TMPDIR/$1.json" \
		"$PATCHES/cmdline.patch"
	echo "$output"
	[ "$status" -eq 0 ]
}

@test "first build: the original kernel is built into the cache" {
	before=$(tree_state "$SRC")
	cached_build first
	[ "$(jq .original_build_cached "$BATS_TEST_TMPDIR/first.json")" = false ]
	[ "$(tree_state "$SRC")" = "$before" ]
	check_loaded cmdline "$BATS_TEST_TMPDIR/out/lp-first.ko"
}

@test "second build: the cached original build is reused" {
	cached_build second
	[ "$(jq .original_build_cached "$BATS_TEST_TMPDIR/second.json")" = true ]
	[[ $output == *"preparing the original build"* ]]
	check_loaded cmdline "$BATS_TEST_TMPDIR/out/lp-second.ko"
}
