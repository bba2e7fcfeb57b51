#!/usr/bin/env bats
# One fix for several Debian kernels in one command: kpatch-build --kernels.
# Two ABIs of each series, one of them not the newest; every module booted
# in its own kernel's vmlinuz, and refused by the other kernel of its
# series.  Runs after debian.bats, whose packages and prepared trees it
# shares (the same $KLP_DEBIAN_CACHE), so the builds here are warm.
# shellcheck disable=SC2030,SC2031

load lib/kpb.bash

DEB=$BATS_TEST_DIRNAME/patches/debian
DEB_CACHE=${KLP_DEBIAN_CACHE:-${KLP_CACHE:-/var/cache/klp-cache}/kpb}
PKGS=${KLP_PACKAGES:-/var/cache/klp-pkgs}
K61=6.1.0-56-amd64
K61_OLD=6.1.0-54-amd64
K612=6.12.117+deb12-amd64
K612_OLD=6.12.113+deb12-amd64
MULTI=$BATS_FILE_TMPDIR/multi

# kernels OUT [options] PATCH...: kpatch-build --kernels with the shared cache.
kernels() {
	local out=$1
	shift
	run "$KPB" --packages "$PKGS" --cache "$DEB_CACHE" -o "$out" "$@"
	echo "$output"
}

# result OUT RELEASE FIELD: a field of RELEASE's row in OUT/kernels.json
result() {
	jq -r --arg r "$2" ".kernels[] | select(.release == \$r) | .$3" "$1/kernels.json"
}

vmlinuz() {
	echo "$DEB_CACHE/debian/$1/pkg/boot/vmlinuz-$1"
}

# booted RELEASE OTHER: RELEASE's module works in RELEASE's kernel and
# reverts; OTHER's module (the same patch for another ABI) is refused there.
booted() {
	local rel=$1 other=$2
	[ -f "$MULTI/$rel/lp-multi.ko" ] && [ -f "$MULTI/$other/lp-multi.ko" ]
	cp "$MULTI/$other/lp-multi.ko" "$BATS_TEST_TMPDIR/other-abi.ko"
	guest --kernel "$(vmlinuz "$rel")" --module "$MULTI/$rel/lp-multi.ko" \
		--module "$BATS_TEST_TMPDIR/other-abi.ko" \
		--file "$PATCHES/cmdline-LOADED.test:/cmdline.test" <<GUEST
expect_eq "the kernel" "\$(uname -r)" "$rel"
expect_fail "cmdline: original" sh /cmdline.test
expect_fail "the module built for $other is refused" insmod /modules/other-abi.ko
expect_fail "and not loaded" test -d /sys/kernel/livepatch/lp_multi
klp_load lp-multi
expect_ok "cmdline: patched by the module built for $rel" sh /cmdline.test
klp_unload lp-multi
expect_fail "cmdline: original again" sh /cmdline.test
GUEST
}

@test "--kernels: one fix for two ABIs of each series (one not the newest), a module each, in one command" {
	kernels "$MULTI" --kernels "$K61,$K61_OLD,$K612,$K612_OLD" --kernel-jobs 2 -n lp-multi \
		"$PATCHES/cmdline.patch"
	[ "$status" -eq 0 ]
	[ "$(jq -r .counts.built "$MULTI/kernels.json")" = 4 ]
	for rel in $K61 $K61_OLD $K612 $K612_OLD; do
		[ "$(result "$MULTI" "$rel" result)" = built ]
		[ "$(result "$MULTI" "$rel" module)" = "$MULTI/$rel/lp-multi.ko" ]
		[[ "$(modinfo -F vermagic "$MULTI/$rel/lp-multi.ko")" == "$rel "* ]]
		[[ $output == *"$rel"*"built"*"$MULTI/$rel/lp-multi.ko"* ]]
	done
	# the same patch, four different modules
	[ "$(jq -r '[.kernels[].module_hash] | unique | length' "$MULTI/kernels.json")" = 4 ]
}

@test "--kernels: Debian 6.1, each module works in its own kernel and is refused by the other" {
	booted $K61 $K61_OLD
	booted $K61_OLD $K61
}

@test "--kernels: Debian 6.12, each module works in its own kernel and is refused by the other" {
	booted $K612 $K612_OLD
	booted $K612_OLD $K612
}

@test "--kernels: a patch that needs fuzz on the older source is reported for that kernel; the other builds" {
	local out=$BATS_TEST_TMPDIR/fuzz
	# made against 6.1.192's fs/proc/task_mmu.c; 6.1.190 lacks a context line
	# (patch would apply it there with fuzz 2)
	kernels "$out" --kernels "$K61,$K61_OLD" -n lp-smaps "$DEB/smaps-hugetlb-6.1.192.patch"
	[ "$status" -eq 5 ]
	[ "$(result "$out" "$K61" result)" = built ]
	[ -f "$out/$K61/lp-smaps.ko" ]
	[ "$(result "$out" "$K61_OLD" result)" = "patch does not apply" ]
	[[ "$(result "$out" "$K61_OLD" reason)" == *"only with fuzz"*"with fuzz 2"* ]]
	[ ! -e "$out/$K61_OLD/lp-smaps.ko" ]
	[ "$(jq -r .status "$out/kernels.json")" = 5 ]
}

@test "--kernels: an interrupted run resumes without rebuilding the kernels it finished" {
	local out=$BATS_TEST_TMPDIR/resume pid mtime code
	cp "$PATCHES/cmdline.patch" "$BATS_TEST_TMPDIR/fix.patch"
	"$KPB" --packages "$PKGS" --cache "$DEB_CACHE" -o "$out" --kernels "$K61_OLD,$K61,$K612" \
		--kernel-jobs 1 -n lp-resume "$BATS_TEST_TMPDIR/fix.patch" > "$BATS_TEST_TMPDIR/first" 2>&1 &
	pid=$!
	for _ in $(seq 600); do
		[ -f "$out/$K61_OLD.job" ] && break
		sleep 0.1
	done
	kill -TERM $pid
	wait $pid && code=0 || code=$?
	cat "$BATS_TEST_TMPDIR/first"
	[ "$code" -eq 7 ]
	[ "$(result "$out" "$K61_OLD" result)" = built ]
	[ "$(result "$out" "$K612" result)" != built ]
	mtime=$(stat -c %Y.%y "$out/$K61_OLD/lp-resume.ko")

	kernels "$out" --kernels "$K61_OLD,$K61,$K612" --kernel-jobs 1 -n lp-resume "$BATS_TEST_TMPDIR/fix.patch"
	[ "$status" -eq 0 ]
	[[ $output == *"$K61_OLD: built by an earlier run"* ]]
	[ "$(result "$out" "$K61_OLD" reused)" = true ]
	[ "$(result "$out" "$K61" reused)" = false ]
	[ "$(result "$out" "$K612" result)" = built ]
	[ "$(stat -c %Y.%y "$out/$K61_OLD/lp-resume.ko")" = "$mtime" ]

	# the same file with other contents is another job: nothing is taken from the earlier run
	cp "$PATCHES/newfunc.patch" "$BATS_TEST_TMPDIR/fix.patch"
	kernels "$out" --kernels "$K61_OLD" --kernel-jobs 1 -n lp-resume "$BATS_TEST_TMPDIR/fix.patch"
	[ "$status" -eq 0 ]
	[ "$(result "$out" "$K61_OLD" reused)" = false ]
	[ "$(jq '[.units[].new[]] | length' "$out/$K61_OLD.json")" -gt 0 ]

	# a series whose version alone changed is another job too (MODULE_VERSION)
	printf 'version 1\nbase official\nfix.patch\n' > "$BATS_TEST_TMPDIR/series"
	kernels "$out" --kernels "$K61_OLD" -n lp-resume --series "$BATS_TEST_TMPDIR/series"
	[ "$status" -eq 0 ]
	printf 'version 2\nbase official\nfix.patch\n' > "$BATS_TEST_TMPDIR/series"
	kernels "$out" --kernels "$K61_OLD" -n lp-resume --series "$BATS_TEST_TMPDIR/series"
	[ "$status" -eq 0 ]
	[ "$(result "$out" "$K61_OLD" reused)" = false ]
	[ "$(modinfo -F version "$out/$K61_OLD/lp-resume.ko")" = 2 ]

	# a run that does not build it leaves no module of an earlier run behind
	cp "$DEB/smaps-hugetlb-6.1.192.patch" "$BATS_TEST_TMPDIR/fix.patch"
	kernels "$out" --kernels "$K61_OLD" -n lp-resume "$BATS_TEST_TMPDIR/fix.patch"
	[ "$status" -eq 5 ]
	[ "$(result "$out" "$K61_OLD" result)" = "patch does not apply" ]
	[ ! -e "$out/$K61_OLD/lp-resume.ko" ]
}

@test "--plan: the jobs as plain kpatch-build --kernel commands, run by GNU parallel and as CI matrix steps, as the user guide shows" {
	local out=$BATS_TEST_TMPDIR/plan patch
	# a name a shell would read: each recipe must pass it on as it is
	patch="$BATS_TEST_TMPDIR/fix-\$HOME-\"q\"-\`id\`.patch"
	cp "$PATCHES/cmdline.patch" "$patch"
	kernels "$out" --kernels "$K61,$K612" -n lp-plan --plan "$BATS_TEST_TMPDIR/plan.json" "$patch"
	[ "$status" -eq 0 ]
	[ "$(jq '.jobs | length' "$BATS_TEST_TMPDIR/plan.json")" = 2 ]
	[ "$(jq -r '.jobs[0].command[1:3] | join(" ")' "$BATS_TEST_TMPDIR/plan.json")" = "--kernel $K61" ]
	[ ! -e "$out/$K61/lp-plan.ko" ]
	# the user guide's recipes (doc/user-guide.md), on this machine: GNU parallel (without --sshlogin) ...
	jq -r '.jobs[].command | @sh' "$BATS_TEST_TMPDIR/plan.json" | parallel -j1 --halt now,fail=1
	for rel in $K61 $K612; do
		[[ "$(modinfo -F vermagic "$out/$rel/lp-plan.ko")" == "$rel "* ]]
		[ "$(jq -r .status "$out/$rel.json")" = 0 ]
	done
	# ... and the CI matrix's shell steps: the matrix as the plan job makes it,
	# each entry's command run as a build job on a fresh runner runs it: in
	# the environment, then eval, so a patch named with shell syntax is safe
	rm -rf "$out"
	mkdir "$out"
	jq -c '[.jobs[] | {release, command: (.command | @sh)}]' "$BATS_TEST_TMPDIR/plan.json" \
		> "$BATS_TEST_TMPDIR/matrix.json"
	[ "$(jq length "$BATS_TEST_TMPDIR/matrix.json")" = 2 ]
	for i in 0 1; do
		CMD=$(jq -r ".[$i].command" "$BATS_TEST_TMPDIR/matrix.json") bash -c 'eval "$CMD"'
	done
	for rel in $K61 $K612; do
		[[ "$(modinfo -F vermagic "$out/$rel/lp-plan.ko")" == "$rel "* ]]
		[ "$(jq -r .status "$out/$rel.json")" = 0 ]
	done
}

@test "--kernels: refused with options that name one kernel's inputs, and with a pattern the archive does not have" {
	kernels "$BATS_TEST_TMPDIR/x" --kernels "$K61" -s /usr/src "$PATCHES/cmdline.patch"
	[ "$status" -eq 2 ]
	[[ $output == *"-s, -c, -v, --symvers and --build-dir name one kernel's inputs"* ]]
	kernels "$BATS_TEST_TMPDIR/x" --kernels "6.1.0-*-arm64" "$PATCHES/cmdline.patch"
	[ "$status" -eq 5 ]
	[[ $output == *"'6.1.0-*-arm64' matches no kernel"* ]]
	run "$KPB" --plan "$BATS_TEST_TMPDIR/p.json" "$PATCHES/cmdline.patch"
	[ "$status" -eq 2 ]
	[[ $output == *"--plan and --kernel-jobs go with --kernels"* ]]
}
