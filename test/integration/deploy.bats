#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# From a patch to a Debian machine (#30): the tools' own packages
# (dpkg-buildpackage, lintian), livepatch packages (kpatch-build --deb)
# installed with dpkg in a Debian 12 systemd guest booted with Debian's own
# kernel (lib/systemd-guest.sh), kept across a reboot, upgraded to the
# next cumulative release without a moment without the fix, powered off in
# the next upgrade (exactly one release runs after it), removed; a package
# for another kernel installs, loads nothing, and loads when that kernel
# boots.

load lib/kpb.bash

DEB_CACHE=${KLP_DEBIAN_CACHE:-${KLP_CACHE:-/var/cache/klp-cache}/kpb}
PKGS=${KLP_PACKAGES:-/var/cache/klp-pkgs}
GUEST=$BATS_TEST_DIRNAME/lib/systemd-guest.sh
K61=6.1.0-56-amd64
K612=6.12.117+deb12-amd64
export DEBEMAIL="kpatch-build tests <tests@kpatch-build.invalid>"

# releases: livepatch-cmdline-KERNEL_N_amd64.deb in $BATS_FILE_TMPDIR/debs,
# module lp-relN.  Release 1 for both kernels in one --kernels command
# (out/KERNEL/), releases 2 and 3 (the same patches) for 6.1, each built on
# the one before (--previous, its patches next to it).
releases() {
	local dir=$BATS_FILE_TMPDIR/rel out=$BATS_FILE_TMPDIR/rel/out n
	mkdir -p "$out" "$BATS_FILE_TMPDIR/debs"
	cp "$PATCHES/cmdline.patch" "$PATCHES/release/fix-b.patch" "$dir/"
	printf 'version 1\nbase official\ncmdline.patch\n' > "$dir/v1.series"
	run "$KPB" --kernels "$K61,$K612" --packages "$PKGS" --cache "$DEB_CACHE" -o "$out" \
		-n lp-rel1 --deb --deb-name cmdline --series "$dir/v1.series" --json "$dir/kernels.json"
	echo "$output"
	[ "$status" -eq 0 ]
	for k in "$K61" "$K612"; do
		[ "$(jq -r --arg k "$k" '.kernels[] | select(.release == $k) | .deb' "$dir/kernels.json")" = \
			"$out/$k/livepatch-cmdline-${k}_1_amd64.deb" ]
		cp "$out/$k/livepatch-cmdline-${k}_1_amd64.deb" "$BATS_FILE_TMPDIR/debs/"
	done
	cp "$dir/cmdline.patch" "$dir/fix-b.patch" "$out/$K61/"
	for n in 2 3; do
		printf 'version %s\nbase official\ncmdline.patch\nfix-b.patch\n' "$n" > "$dir/v$n.series"
		run "$KPB" --kernel "$K61" --packages "$PKGS" --cache "$DEB_CACHE" -o "$out/$K61" -j 2 \
			-n "lp-rel$n" --deb --deb-name cmdline --series "$dir/v$n.series" \
			--previous "$out/$K61/lp-rel$((n - 1)).ko"
		echo "$output"
		[ "$status" -eq 0 ]
		cp "$out/$K61/livepatch-cmdline-${K61}_${n}_amd64.deb" "$BATS_FILE_TMPDIR/debs/"
	done
}

# fact KEY: its value in $output ("KEY=value" lines)
fact() {
	sed -n "s/^$1=//p" <<< "$output" | head -n 1
}

@test "the tools' packages: dpkg-buildpackage, lintian, their contents; a livepatch package is lintian-clean" {
	mkdir -p "$BATS_FILE_TMPDIR/debs"
	PACKAGE_OUT=$BATS_FILE_TMPDIR/debs run "$REPO/test/package/run.sh"
	echo "$output"
	[ "$status" -eq 0 ]
	ls "$BATS_FILE_TMPDIR"/debs/klp-manage_*_all.deb
}

@test "kpatch-build --deb, --kernels --deb: a package per kernel, depending on its exact linux-image" {
	releases
	local deb=$BATS_FILE_TMPDIR/debs/livepatch-cmdline-${K61}_2_amd64.deb
	run dpkg-deb -f "$deb" Package Version Depends
	echo "$output"
	[[ $output == *"Package: livepatch-cmdline-$K61"* ]]
	[[ $output == *"Version: 2"* ]]
	[[ $output == *"linux-image-$K61 (= 6.1.192-2) | linux-image-$K61-unsigned (= 6.1.192-2)"* ]]
	[[ $output == *"klp-manage"* ]]
	run dpkg-deb -c "$deb"
	[[ $output == *"usr/lib/livepatch-packages/livepatch-cmdline-$K61/lp-rel2.ko"* ]]
	[[ $output == *"usr/share/doc/livepatch-cmdline-$K61/manifest.json"* ]]
	run lintian --fail-on error,warning --pedantic "$deb"
	echo "$output"
	[ "$status" -eq 0 ]
}

@test "a Debian 12 systemd guest: installed with dpkg, active after a reboot, upgraded without a window, powered off in an upgrade, removed; another kernel's package loads nothing until that kernel boots" {
	ls "$BATS_FILE_TMPDIR"/debs/klp-manage_*_all.deb "$BATS_FILE_TMPDIR"/debs/livepatch-cmdline-*.deb
	local image disk=$BATS_TEST_TMPDIR/disk.img
	image=$("$GUEST" image | tail -n 1)
	"$GUEST" disk "$image" "$disk" --file "$BATS_FILE_TMPDIR/debs:/klp-test/debs" \
		--file "$BATS_TEST_DIRNAME/lib/deploy-guest.sh:/klp-test/run"

	# boot 1: the manager and release 1 installed with dpkg, loaded at once
	run "$GUEST" boot "$disk" --kernel "$K61" --timeout 600 --console "$BATS_TEST_TMPDIR/boot1.console"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(fact phase)" = 1 ]
	[ "$(fact release)" = "$K61" ]
	[ "$(fact before-cmdline)" = original ]
	[ "$(fact dpkg-manager)" = 0 ]
	[ "$(fact unit)" = enabled ]
	[ "$(fact dpkg-v1)" = 0 ]
	[ "$(fact v1-cmdline)" = patched ]
	[ "$(fact v1-livepatches)" = "lp_rel1 " ]
	[ "$(fact v1-installed)" = "lp_rel1.ko " ]

	# boot 2: active at boot (the journal says so); upgraded; then the power
	# fails right after release 3's insmod, in its package's postinst
	run "$GUEST" boot "$disk" --kernel "$K61" --timeout 600 --console "$BATS_TEST_TMPDIR/boot2.console"
	echo "$output"
	[ "$status" -eq 125 ]
	[ "$(fact phase)" = 2 ]
	[ "$(fact boot-cmdline)" = patched ]
	[ "$(fact boot-livepatches)" = "lp_rel1 " ]
	grep -q '^journal: .*lp_rel1' <<< "$output"
	[ "$(fact dpkg-v2)" = 0 ]
	[ "$(fact reads)" -gt 0 ]
	[ "$(fact reads-original)" = 0 ]
	[ "$(fact v2-cmdline)" = patched ]
	[ "$(fact v2-version)" = patched ]
	[ "$(fact v2-livepatches)" = "lp_rel2 " ]
	[ "$(fact v2-installed)" = "lp_rel2.ko " ]
	grep -qx "cutting the power in release 3's upgrade" <<< "$output"
	! grep -q "still running" <<< "$output"

	# boot 3: exactly one release runs, the newest installed; dpkg finishes;
	# removed; another kernel's package installs and loads nothing
	run "$GUEST" boot "$disk" --kernel "$K61" --timeout 600 --console "$BATS_TEST_TMPDIR/boot3.console"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(fact phase)" = 3 ]
	[ "$(fact cut-livepatches)" = "lp_rel3 " ]
	[ "$(fact cut-cmdline)" = patched ]
	[ "$(fact cut-version)" = patched ]
	[ "$(fact cut-installed)" = "lp_rel2.ko lp_rel3.ko " ]
	[ "$(fact dpkg-configure)" = 0 ]
	[ "$(fact configured-livepatches)" = "lp_rel3 " ]
	[ "$(fact configured-installed)" = "lp_rel3.ko " ]
	[ "$(fact dpkg-remove)" = 0 ]
	[ "$(fact removed-cmdline)" = original ]
	[ "$(fact removed-version)" = original ]
	[ "$(fact removed-livepatches)" = "" ]
	[ "$(fact removed-installed)" = "" ]
	[ "$(fact dpkg-other)" = 0 ]
	grep -q "^other: .*installed for kernel $K612, which is not the running one" <<< "$output"
	[ "$(fact other-livepatches)" = "" ]
	[ "$(fact other-cmdline)" = original ]
	grep -qx "list: installed $K612 lp_rel1" <<< "$output"

	# boot 4, into the other kernel: its package's module loads at boot
	run "$GUEST" boot "$disk" --kernel "$K612" --timeout 600 --console "$BATS_TEST_TMPDIR/boot4.console"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(fact phase)" = 4 ]
	[ "$(fact release)" = "$K612" ]
	[ "$(fact other-boot-livepatches)" = "lp_rel1 " ]
	[ "$(fact other-boot-cmdline)" = patched ]
}
