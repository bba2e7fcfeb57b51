#!/usr/bin/env bats
# Faults a build meets on real machines (#31): a full disk under the output
# or the cache, a cache on another file system than the tree, a build
# killed at any stage.  Each leaves a clear error and nothing half-written,
# and the next build, with room, succeeds with the same module.  Needs the
# cached test kernel, and root for the tmpfs mounts.  doc/user-guide.md:
# "Interrupted builds and full disks".
# shellcheck shell=bash

load lib/kpb

setup() {
	setup_kernel
	T=$BATS_TEST_TMPDIR
}

teardown() {
	local m
	for m in "$T"/mnt-*; do
		if mountpoint -q "$m"; then umount "$m"; fi
	done
}

# build_into CACHE OUT: the cmdline patch, as a user would build it.
build_into() {
	run "$KPB" -s "$SRC" -c "$BUILD/.config" -v "$BUILD/vmlinux" --build-dir "$BUILD" \
		--cache "$1" -o "$2" -n lp-fault -j 2 "$PATCHES/cmdline.patch"
	echo "$output"
}

# small_disk DIR SIZE: a tmpfs of SIZE at DIR, only for the user.
small_disk() {
	[ "$(id -u)" = 0 ] || skip "needs root to mount a tmpfs"
	mkdir -p "$1"
	mount -t tmpfs -o "size=$2,mode=700" tmpfs "$1"
}

@test "a full output directory: an error naming the module, no partial module; with room it builds" {
	small_disk "$T/mnt-out" 16k
	build_into "$T/cache" "$T/mnt-out"
	[ "$status" -eq 1 ]
	[[ $output == *"cannot write $T/mnt-out/lp-fault.ko: No space left on device"* ]]
	[ -z "$(ls -A "$T/mnt-out")" ]
	mount -o remount,size=64m "$T/mnt-out"
	build_into "$T/cache" "$T/mnt-out"
	[ "$status" -eq 0 ] && [ -s "$T/mnt-out/lp-fault.ko" ]
}

# A cache on a tmpfs is also on another file system than the tree: its
# views are copies, not hard links.
@test "a full cache on another file system: an error naming the path, no work left; with room it builds" {
	small_disk "$T/mnt-cache" 512k
	build_into "$T/mnt-cache" "$T/out"
	[ "$status" -eq 1 ]
	[[ $output == *"$T/mnt-cache/"*": No space left on device"* ]]
	[ -z "$(ls -d "$T"/mnt-cache/work-* 2>/dev/null)" ]
	[ ! -e "$T/out/lp-fault.ko" ]
	mount -o remount,size=64m "$T/mnt-cache"
	build_into "$T/mnt-cache" "$T/out"
	[ "$status" -eq 0 ] && [ -s "$T/out/lp-fault.ko" ]
}

# kill_at CACHE OUT STAGE: a build killed (its whole process group, SIGKILL)
# as soon as it reports STAGE.
kill_at() {
	local pid waited=0
	setsid "$KPB" -s "$SRC" -c "$BUILD/.config" -v "$BUILD/vmlinux" --build-dir "$BUILD" \
		--cache "$1" -o "$2" -n lp-fault -j 2 "$PATCHES/cmdline.patch" > "$T/killed.log" 2>&1 &
	pid=$!
	until grep -q "$3" "$T/killed.log"; do
		sleep 0.01
		waited=$((waited + 1))
		[ "$waited" -lt 6000 ] || { kill -9 -- "-$pid"; false; }
	done
	kill -9 -- "-$pid" 2> /dev/null || true
	wait "$pid" || true
}

@test "a build killed at each stage, cold and warm: no partial module, and the next builds the same" {
	local stage ref
	build_into "$T/ref-cache" "$T/ref"
	[ "$status" -eq 0 ]
	ref=$(sha256sum < "$T/ref/lp-fault.ko")
	for stage in "checking inputs" "using the given original build" \
		"finding the affected" "compiling them" "comparing objects" "building the module"; do
		for cache in "$T/cold-$RANDOM" "$T/ref-cache"; do
			rm -rf "$T/out"
			kill_at "$cache" "$T/out" "$stage"
			# the module is written beside and renamed: there, it is whole
			[ ! -e "$T/out/lp-fault.ko" ] || [ "$(sha256sum < "$T/out/lp-fault.ko")" = "$ref" ]
			build_into "$cache" "$T/out"
			[ "$status" -eq 0 ]
			[ "$(sha256sum < "$T/out/lp-fault.ko")" = "$ref" ]
			[ -z "$(ls -d "$cache"/work-* 2>/dev/null)" ]
		done
	done
}

@test "a work directory kept with --skip-cleanup is the user's: the next build leaves it" {
	run "$KPB" -s "$SRC" -c "$BUILD/.config" -v "$BUILD/vmlinux" --build-dir "$BUILD" \
		--cache "$T/cache" -o "$T/out" -n lp-fault -j 2 --skip-cleanup "$PATCHES/cmdline.patch"
	[ "$status" -eq 0 ]
	kept=$(ls -d "$T"/cache/work-*)
	[ -d "$kept" ]
	build_into "$T/cache" "$T/out"
	[ "$status" -eq 0 ]
	[ -d "$kept" ]
}

# The directory kbuild builds the module in is kept in the cache per tree
# and module name (kpatch-build/module-dir.c), so that kbuild finds the
# template's object and the .mod.c's up to date.  Reused, it must give the
# module a new directory gives; one a build was killed in must not be
# trusted; one another build holds must be left to it.
@test "the module's directory is kept: reused it gives what a new one gives; a killed build's is made again; one in use is left alone" {
	local ref other kept
	build_into "$T/ref-cache" "$T/ref"
	[ "$status" -eq 0 ]
	ref=$(sha256sum < "$T/ref/lp-fault.ko")
	build_into "$T/cache" "$T/out"
	[ "$status" -eq 0 ]
	# another patch under the same name, then the first again
	run "$KPB" -s "$SRC" -c "$BUILD/.config" -v "$BUILD/vmlinux" --build-dir "$BUILD" \
		--cache "$T/cache" -o "$T/other" -n lp-fault -j 2 "$PATCHES/transition.patch"
	[ "$status" -eq 0 ]
	other=$(sha256sum < "$T/other/lp-fault.ko")
	build_into "$T/cache" "$T/out"
	[ "$status" -eq 0 ]
	[ "$(sha256sum < "$T/out/lp-fault.ko")" = "$ref" ]
	# kbuild compiled nothing of the module this time: the template's
	# object and the .mod.c's were up to date
	[ "$(grep -cF 'CC [M]' "$T/cache/logs/lp-fault.log")" = 0 ]
	run "$KPB" -s "$SRC" -c "$BUILD/.config" -v "$BUILD/vmlinux" --build-dir "$BUILD" \
		--cache "$T/fresh" -o "$T/other2" -n lp-fault -j 2 "$PATCHES/transition.patch"
	[ "$status" -eq 0 ]
	[ "$(sha256sum < "$T/other2/lp-fault.ko")" = "$other" ]
	# a build killed in kbuild: its objects newer than their sources, half-written
	kept=$(dirname "$(ls "$T"/cache/modules/*/lp-fault.ko)")
	: > "$kept/livepatch.o"
	: > "$kept/.kpb-in-use"
	build_into "$T/cache" "$T/out"
	[ "$status" -eq 0 ]
	[ "$(sha256sum < "$T/out/lp-fault.ko")" = "$ref" ]
	grep -q "left by a build that did not finish" "$T/cache/logs/lp-fault.log"
	[ ! -e "$kept/.kpb-in-use" ]
	# held by another build: this one builds in its work directory
	touch "$kept/untouched"
	exec 7> "$kept.lock"
	flock 7
	build_into "$T/cache" "$T/out"
	exec 7>&-
	[ "$status" -eq 0 ]
	[ "$(sha256sum < "$T/out/lp-fault.ko")" = "$ref" ]
	grep -q "in use by another build; building in the work directory" "$T/cache/logs/lp-fault.log"
	[ -e "$kept/untouched" ]
}
