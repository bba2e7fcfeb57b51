#!/usr/bin/env bats
# kpatch-build's own originals.  By default a prepared tree (the source
# configured, make modules_prepare, the kernel's Module.symvers) in which
# only the affected objects are compiled; with --full-build the whole
# kernel with function sections (about 2 minutes here).  Both are cached
# and reused; the module each gives is checked in the VM like the others.

load lib/kpb.bash

setup_file() {
	setup_kernel
	CACHE=$BATS_FILE_TMPDIR/cache
	export CACHE
}

setup() {
	setup_kernel
}

# cached_build NAME [ARGS...]: kpatch-build with its originals in $CACHE.
cached_build() {
	local name=$1
	shift
	run "$KPB" -s "$SRC" -c "$BUILD/.config" -v "$BUILD/vmlinux" --cache "$CACHE" \
		-o "$BATS_TEST_TMPDIR/out" -n "lp-$name" --json "$BATS_TEST_TMPDIR/$name.json" \
		"$@" "$PATCHES/cmdline.patch"
	echo "$output"
	[ "$status" -eq 0 ]
}

@test "prepared tree: no kernel build, the object checked against the vmlinux" {
	before=$(tree_state "$SRC")
	cached_build prep --symvers "$BUILD/Module.symvers"
	[ "$(jq .original_build_cached "$BATS_TEST_TMPDIR/prep.json")" = false ]
	[ "$(jq -r .original "$BATS_TEST_TMPDIR/prep.json")" = "prepared tree" ]
	[ -z "$(ls "$CACHE"/prepared-*/obj/vmlinux 2>/dev/null)" ]
	[ "$(tree_state "$SRC")" = "$before" ]
	check_loaded cmdline "$BATS_TEST_TMPDIR/out/lp-prep.ko"
	cached_build prep2 --symvers "$BUILD/Module.symvers"
	[ "$(jq .original_build_cached "$BATS_TEST_TMPDIR/prep2.json")" = true ]
}

@test "prepared tree: refused when the source is not what runs" {
	other=$BATS_TEST_TMPDIR/vmlinux
	objcopy --strip-symbol=cmdline_proc_show "$BUILD/vmlinux" "$other"
	run "$KPB" -s "$SRC" -c "$BUILD/.config" -v "$other" --cache "$CACHE" \
		--symvers "$BUILD/Module.symvers" -o "$BATS_TEST_TMPDIR/out" "$PATCHES/cmdline.patch"
	echo "$output"
	[ "$status" -eq 5 ]
	[[ $output == *"does not match the kernel built from"*"cmdline_proc_show"* ]]
	[ ! -e "$BATS_TEST_TMPDIR/out" ]
}

@test "prepared tree: a header change, its users found by a scan of the configuration" {
	run "$KPB" -s "$SRC" -c "$BUILD/.config" -v "$BUILD/vmlinux" --cache "$CACHE" \
		--symvers "$BUILD/Module.symvers" -o "$BATS_TEST_TMPDIR/out" -n lp-header \
		--json "$BATS_TEST_TMPDIR/header.json" "$PATCHES/header.patch"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ $output == *"recording what each of the "*" units of this configuration includes"* ]]
	# the same count as the full build's dependency records (kpatch-build.bats)
	users=$(find "$BUILD" -name '.*.o.cmd' -exec grep -l "/fs/proc/internal.h" {} + | wc -l)
	[[ $output == *"fs/proc/internal.h: $users translation units of this configuration include it"* ]]
	run jq -r '[.units[] | select(.status == 0) | .object] | sort | join(" ")' \
		"$BATS_TEST_TMPDIR/header.json"
	[ "$output" = "fs/proc/meminfo.o fs/proc/version.o" ]
	check_loaded header "$BATS_TEST_TMPDIR/out/lp-header.ko"
}

@test "--full-build: the original kernel is built into the cache" {
	before=$(tree_state "$SRC")
	cached_build first --full-build
	[ "$(jq .original_build_cached "$BATS_TEST_TMPDIR/first.json")" = false ]
	[ "$(jq -r .original "$BATS_TEST_TMPDIR/first.json")" = "full build" ]
	[ "$(tree_state "$SRC")" = "$before" ]
	check_loaded cmdline "$BATS_TEST_TMPDIR/out/lp-first.ko"
}

@test "a cached full build is reused, without --full-build" {
	cached_build second
	[ "$(jq .original_build_cached "$BATS_TEST_TMPDIR/second.json")" = true ]
	[ "$(jq -r .original "$BATS_TEST_TMPDIR/second.json")" = "full build" ]
	check_loaded cmdline "$BATS_TEST_TMPDIR/out/lp-second.ko"
}
