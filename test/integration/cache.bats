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

@test "the module is built by kbuild's sub-makes, recorded once: the same commands as make M=" {
	cached_build rec --symvers "$BUILD/Module.symvers" --skip-cleanup
	mod=$(dirname "$(ls "$CACHE"/modules/*/lp-rec.ko)")
	[ "$(ls "$CACHE/kbuild" | grep -vc '\.')" -eq 1 ]
	plain=$BATS_TEST_TMPDIR/plain
	mkdir "$plain"
	cp "$mod"/{Kbuild,livepatch.c,klp-meta.h,patch.o,.patch.o.cmd} "$plain/"
	cc=$(sed -n 's/^[a-z_]*cmd_[^ ]* := \([^ ]*\) .*/\1/p' "$mod/.livepatch.o.cmd")
	make -C "$(ls -d "$CACHE"/prepared-*/obj)" CC="$cc" M="$plain" > /dev/null
	for f in livepatch.o lp-rec.o lp-rec.mod.o lp-rec.ko Module.symvers; do
		[ -s "$mod/.$f.cmd" ]
		diff <(sed "s#$mod#DIR#g" "$mod/.$f.cmd") <(sed "s#$plain#DIR#g" "$plain/.$f.cmd")
	done
	diff <(modinfo -F depends "$mod/lp-rec.ko"; modinfo -F vermagic "$mod/lp-rec.ko") \
		<(modinfo -F depends "$plain/lp-rec.ko"; modinfo -F vermagic "$plain/lp-rec.ko")
	# byte for byte (no debug information here to name the directories)
	cmp "$mod/lp-rec.ko" "$plain/lp-rec.ko"
	rm -rf "$CACHE"/work-*
	# the environment kbuild reads is part of the record's key
	KCFLAGS=-DKPB_TEST_FLAG cached_build rec2 --symvers "$BUILD/Module.symvers" --skip-cleanup
	[ "$(ls "$CACHE/kbuild" | grep -vc '\.')" -eq 2 ]
	grep -q -- -DKPB_TEST_FLAG "$(dirname "$(ls "$CACHE"/modules/*/lp-rec2.ko)")/.livepatch.o.cmd"
	rm -rf "$CACHE"/work-*
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

@test "prepared tree: a file the configuration does not build is refused as such" {
	# kbuild compiles fs/proc/kcore.o when asked, though PROC_KCORE is off
	run "$KPB" -s "$SRC" -c "$BUILD/.config" -v "$BUILD/vmlinux" --cache "$CACHE" \
		--symvers "$BUILD/Module.symvers" -o "$BATS_TEST_TMPDIR/out" "$PATCHES/notbuilt-FAIL.patch"
	echo "$output"
	[ "$status" -eq 5 ]
	[[ $output == *"fs/proc/kcore.c is not compiled in this configuration"* ]]
	[[ $output != *"does not match"* ]]
	[ ! -e "$BATS_TEST_TMPDIR/out" ]
}

@test "prepared tree: a source compiled only inside another unit (kernel/sched/rt.c)" {
	run "$KPB" -s "$SRC" -c "$BUILD/.config" -v "$BUILD/vmlinux" --cache "$CACHE" \
		--symvers "$BUILD/Module.symvers" -o "$BATS_TEST_TMPDIR/out" -n lp-sched \
		"$PATCHES/sched-included.patch"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ $output == *"kernel/sched/build_policy.o (vmlinux):"*"changed: sched_rr_handler"* ]]
	check_loaded sched-included "$BATS_TEST_TMPDIR/out/lp-sched.ko"
}

@test "prepared tree: a header change, its users found by a scan of the configuration" {
	run "$KPB" -s "$SRC" -c "$BUILD/.config" -v "$BUILD/vmlinux" --cache "$CACHE" \
		--symvers "$BUILD/Module.symvers" -o "$BATS_TEST_TMPDIR/out" -n lp-header \
		--json "$BATS_TEST_TMPDIR/header.json" "$PATCHES/header.patch"
	echo "$output"
	[ "$status" -eq 0 ]
	# only the units that may read it are preprocessed
	[[ $output == *"fs/proc/internal.h: "*" of the "*" units of this configuration may read it; reading the includes of "* ]]
	# the same count as the full build's dependency records (kpatch-build.bats)
	users=$(find "$BUILD" -name '.*.o.cmd' -exec grep -l "/fs/proc/internal.h" {} + | wc -l)
	[[ $output == *"fs/proc/internal.h: $users translation units of this configuration include it"* ]]
	run jq -r '[.units[] | select(.status == 0) | .object] | sort | join(" ")' \
		"$BATS_TEST_TMPDIR/header.json"
	[ "$output" = "fs/proc/meminfo.o fs/proc/version.o" ]
	check_loaded header "$BATS_TEST_TMPDIR/out/lp-header.ko"
	# again: its users as the first found them
	header_again() {
		run "$KPB" -s "$SRC" -c "$BUILD/.config" -v "$BUILD/vmlinux" --cache "$CACHE" \
			--symvers "$BUILD/Module.symvers" -o "$BATS_TEST_TMPDIR/out" -n lp-header2 \
			"$PATCHES/header.patch"
		echo "$output"
		[ "$status" -eq 0 ]
		[[ $output == *"fs/proc/internal.h: $users translation units of this configuration include it"* ]]
	}
	header_again
	[[ $output == *"fs/proc/internal.h: its users as an earlier scan found them"* ]]
	# without them (another header): kbuild's dry run and the records of the first
	rm -r "$CACHE"/prepared-*/obj/.kpb-deps/users
	header_again
	[[ $output == *"kbuild's dry run of this configuration: the one kept in "*"/.kpb-deps/dry-run"* ]]
	[[ $output == *"fs/proc/internal.h: "*" may read it; reading the includes of 0"$'\n'* ]]
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
