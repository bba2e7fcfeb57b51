#!/usr/bin/env bats
# Livepatches for the kernels Debian ships, built with kpatch-build
# --kernel RELEASE (no kernel build: a prepared tree from Debian's
# packages) and loaded in Debian's own vmlinuz under QEMU.  The .deb files
# are downloaded once into $KLP_PACKAGES (default /var/cache/klp-pkgs);
# everything made from them goes to $KLP_DEBIAN_CACHE (default
# /var/cache/klp-cache/kpb), which CI starts empty.
# shellcheck disable=SC2030,SC2031

load lib/kpb.bash

DEB=$BATS_TEST_DIRNAME/patches/debian
DEB_CACHE=${KLP_DEBIAN_CACHE:-${KLP_CACHE:-/var/cache/klp-cache}/kpb}
PKGS=${KLP_PACKAGES:-/var/cache/klp-pkgs}
K61=6.1.0-56-amd64
K612=6.12.117+deb12-amd64
# ABIs that are not the newest of their series, and a flavour
K61_OLD=6.1.0-54-amd64
K612_OLD=6.12.113+deb12-amd64
K61_CLOUD=6.1.0-54-cloud-amd64

# debian_build RELEASE NAME PATCH...: a module lp-NAME for that kernel.
debian_build() {
	local rel=$1 name=$2
	shift 2
	run "$KPB" --kernel "$rel" --packages "$PKGS" --cache "$DEB_CACHE" -o "$BATS_TEST_TMPDIR/out" \
		-j 2 -n "lp-$name" --json "$BATS_TEST_TMPDIR/$name.json" "$@"
	echo "$output"
	[ "$status" -eq 0 ]
}

# The source tree kpatch-build unpacked for a release: one per Debian version.
debian_source() {
	echo "$DEB_CACHE/debian/source-$(cat "$DEB_CACHE/debian/$1/stamp")"
}

vmlinuz() {
	echo "$DEB_CACHE/debian/$1/pkg/boot/vmlinuz-$1"
}

# kernel_module RELEASE PATH: a module of that kernel (PATH under kernel/,
# without .ko), uncompressed into the test's directory
kernel_module() {
	local ko=$DEB_CACHE/debian/$1/pkg/lib/modules/$1/kernel/$2.ko
	local copy
	copy=$BATS_TEST_TMPDIR/$(basename "$2").ko
	if [ -f "$ko.xz" ]; then
		xz -dc "$ko.xz" > "$copy"
	else
		cp "$ko" "$copy"
	fi
	echo "$copy"
}

binfmt_misc() {
	kernel_module "$1" fs/binfmt_misc
}

# behaviours RELEASE MODULE-PATCH: six livepatches built for the kernel and
# each checked in its vmlinuz before, while and after it is loaded.
behaviours() {
	local rel=$1 modpatch=$2
	debian_build "$rel" cmdline "$PATCHES/cmdline.patch"
	[ "$(jq -r .original "$BATS_TEST_TMPDIR/cmdline.json")" = "prepared tree" ]
	debian_build "$rel" newfunc "$PATCHES/newfunc.patch"
	debian_build "$rel" local "$DEB/static-local.patch"
	debian_build "$rel" alt "$DEB/alternative.patch"
	debian_build "$rel" scall "$DEB/static-call.patch"
	[[ $output == *"changed: __set_oom_adj"* ]]
	debian_build "$rel" mod "$modpatch"
	[[ $output == *"fs/binfmt_misc.o (binfmt_misc):"* ]]
	[[ "$(modinfo -F vermagic "$BATS_TEST_TMPDIR/out/lp-mod.ko")" == "$rel SMP preempt mod_unload modversions"* ]]
	# shellcheck disable=SC2046
	guest --kernel "$(vmlinuz "$rel")" --module "$(binfmt_misc "$rel")" \
		$(for m in cmdline newfunc local alt scall mod; do echo --module "$BATS_TEST_TMPDIR/out/lp-$m.ko"; done) \
		--file "$PATCHES/cmdline-LOADED.test:/cmdline.test" <<GUEST
expect_eq "the Debian kernel" "\$(uname -r)" "$rel"
dmesg_mark
expect_fail "cmdline: original" sh /cmdline.test
klp_load lp-cmdline
expect_ok "cmdline: patched" sh /cmdline.test
klp_unload lp-cmdline
expect_fail "cmdline: original again" sh /cmdline.test

klp_load lp-newfunc
expect_match "a new function counts reads" "\$(cat /proc/cmdline)" "*klp-reads=1"
klp_unload lp-newfunc

klp_load lp-local
expect_match "a new static local" "\$(cat /proc/version)" "*klp-reads=1"
expect_match "keeps counting" "\$(cat /proc/version)" "*klp-reads=2"
klp_unload lp-local
expect_fail "version: original" grep -q klp-reads /proc/version

expect_fail "meminfo: original" grep -q KlpPatched /proc/meminfo
klp_load lp-alt
expect_ok "a function with alternatives: the new code's own is applied (2, not 1)" grep -q "^KlpPatched:     2$" /proc/meminfo
klp_unload lp-alt
expect_fail "meminfo: original again" grep -q KlpPatched /proc/meminfo

echo 7 > /proc/self/oom_score_adj
expect_eq "oom_score_adj: original" "\$(cat /proc/self/oom_score_adj)" 7
klp_load lp-scall
sh -c 'echo 7 > /proc/self/oom_score_adj; cat /proc/self/oom_score_adj' > /tmp/adj
expect_eq "a function with static calls" "\$(cat /tmp/adj)" 8
klp_unload lp-scall

expect_ok "binfmt_misc loads" insmod /modules/binfmt_misc.ko
expect_ok "and mounts" mount -t binfmt_misc none /proc/sys/fs/binfmt_misc
expect_eq "binfmt_misc: original" "\$(cat /proc/sys/fs/binfmt_misc/status)" enabled
klp_load lp-mod
expect_eq "a module function" "\$(cat /proc/sys/fs/binfmt_misc/status)" "enabled klp"
klp_unload lp-mod
expect_eq "binfmt_misc: original again" "\$(cat /proc/sys/fs/binfmt_misc/status)" enabled
# On IBT kernels an unpatched return thunk (objtool gave up on the module) warns
expect_eq "no warning in the kernel log" "\$(dmesg_since_mark | grep -E 'WARNING:|BUG:|Call Trace')" ""
GUEST
}

# stacked RELEASE: a base and a patch built on it, for that kernel
# (MODVERSIONS: the dependent imports the base's export with the base's
# CRC), in its vmlinuz.  The base replaces __set_oom_adj and its caller
# oom_score_adj_write, whose copy calls the base's __set_oom_adj directly;
# the dependent changes __set_oom_adj again, so it replaces the caller too.
stacked() {
	local rel=$1 out=$BATS_TEST_TMPDIR/out crc
	debian_build "$rel" hz-a "$DEB/hazard-a.patch" -R
	cp "$DEB/hazard-a.patch" "$out/"
	debian_build "$rel" hz-b "$DEB/hazard-b.patch" -R --base "$out/lp-hz-a.ko"
	[[ $output == *"lp-hz-a: dependent, overlap: __set_oom_adj"* ]]
	[[ $output == *"lp-hz-a: direct-call hazard: its oom_score_adj_write calls its own __set_oom_adj"* ]]
	crc=$(modprobe --dump-modversions "$out/lp-hz-b.ko" | awk '$2 == "klp_patch_enabled_lp_hz_a" { print $1 }')
	[ -n "$crc" ] && [ "$crc" != 0x00000000 ]
	guest --kernel "$(vmlinuz "$rel")" --module "$out/lp-hz-a.ko" --module "$out/lp-hz-b.ko" <<'GUEST'
adj() { sh -c 'echo 7 > /proc/self/oom_score_adj; cat /proc/self/oom_score_adj'; }
expect_eq "oom_score_adj: original" "$(adj)" 7
expect_fail "B without its base is refused by the loader" insmod /modules/lp-hz-b.ko
klp_load lp-hz-a
expect_eq "A" "$(adj)" 8
klp_load lp-hz-b
expect_eq "B over A: B's __set_oom_adj, reached from its copy of A's caller" "$(adj)" 17
expect_fail "A cannot be removed under B" rmmod lp_hz_a
expect_fail "not even with rmmod -f (MODULE_FORCE_UNLOAD=y): B uses A's symbols" rmmod -f lp_hz_a
expect_eq "A is still there" "$(cat /sys/kernel/livepatch/lp_hz_a/enabled)" 1
klp_unload lp-hz-b
expect_eq "back to A" "$(adj)" 8
klp_unload lp-hz-a
expect_eq "original again" "$(adj)" 7
GUEST
}

# mismatches RELEASE: another source version and another config are refused.
mismatches() {
	local rel=$1 d=$DEB_CACHE/debian/$1 sub src
	local hdr=$d/pkg/usr/src/linux-headers-$1
	debian_build "$rel" warm "$PATCHES/cmdline.patch"
	# another source version: the banner names Debian's X.Y.Z-N
	src=$(debian_source "$rel")
	other=$BATS_TEST_TMPDIR/src
	cp -al "$src" "$other"
	rm "$other/Makefile"
	sub=$(sed -n 's/^SUBLEVEL = //p' "$src/Makefile")
	sed "s/^SUBLEVEL = .*/SUBLEVEL = $((sub - 1))/" "$src/Makefile" > "$other/Makefile"
	run "$KPB" -s "$other" -c "$hdr/.config" -v "$d/vmlinux/vmlinux" --symvers "$hdr/Module.symvers" \
		--cache "$DEB_CACHE" -o "$BATS_TEST_TMPDIR/bad" "$PATCHES/cmdline.patch"
	echo "$output"
	[ "$status" -eq 5 ]
	[[ $output == *"is Linux $rel but the source tree"*".$((sub - 1))"* ]]
	# another config: IBT switched, which adds or removes endbr64 in every function
	if grep -q '^CONFIG_X86_KERNEL_IBT=y' "$hdr/.config"; then
		sed 's/^CONFIG_X86_KERNEL_IBT=y/# CONFIG_X86_KERNEL_IBT is not set/' "$hdr/.config"
	else
		sed 's/^# CONFIG_X86_KERNEL_IBT is not set/CONFIG_X86_KERNEL_IBT=y/' "$hdr/.config"
	fi > "$BATS_TEST_TMPDIR/config"
	run "$KPB" --kernel "$rel" --packages "$PKGS" -c "$BATS_TEST_TMPDIR/config" --cache "$DEB_CACHE" \
		-o "$BATS_TEST_TMPDIR/bad" "$PATCHES/cmdline.patch"
	echo "$output"
	[ "$status" -eq 5 ]
	[[ $output == *"does not match"* ]]
	[ ! -e "$BATS_TEST_TMPDIR/bad" ]
}

@test "Debian 6.1: changed, new, static local, alternatives, static calls, module function" {
	behaviours $K61 "$DEB/module-6.1.patch"
}

@test "Debian 6.1: a stacked patch on a base, the direct-call hazard fixed, MODVERSIONS" {
	stacked "$K61"
}

@test "Debian 6.12 (IBT): a stacked patch on a base, the direct-call hazard fixed, MODVERSIONS" {
	stacked "$K612"
}

@test "Debian 6.1: refused when the source version or the config is not what runs" {
	mismatches $K61
}

@test "Debian 6.12 (IBT): changed, new, static local, alternatives, static calls, module function" {
	behaviours $K612 "$DEB/module-6.12.patch"
	# 6.12 compiles scripts/module-common.c (vermagic, ORC header) into every
	# module directory: made once, then kept; lp-mod's vermagic came from it
	grep -q '^.module-common.o: kept from an earlier module build' "$DEB_CACHE/logs/$K612/lp-mod.log"
}

@test "Debian 6.12 (IBT): refused when the source version or the config is not what runs" {
	mismatches $K612
}

@test "Debian 6.12: --sign-key/--sign-cert sign with the kernel's sign-file; unsigned is reported" {
	openssl req -new -nodes -utf8 -sha256 -days 30 -batch -x509 -subj "/CN=klp test key/" \
		-outform PEM -out "$BATS_TEST_TMPDIR/cert.pem" -keyout "$BATS_TEST_TMPDIR/key.pem" 2>/dev/null
	debian_build $K612 signed --sign-key "$BATS_TEST_TMPDIR/key.pem" \
		--sign-cert "$BATS_TEST_TMPDIR/cert.pem" "$PATCHES/cmdline.patch"
	ko=$BATS_TEST_TMPDIR/out/lp-signed.ko
	[ "$(tail -c 28 "$ko")" = "~Module signature appended~" ]
	[ "$(modinfo -F signer "$ko")" = "klp test key" ]
	[ "$(modinfo -F sig_hashalgo "$ko")" = sha256 ]
	[ "$(jq .signed "$BATS_TEST_TMPDIR/signed.json")" = true ]
	debian_build $K612 unsigned "$PATCHES/cmdline.patch"
	[[ $output == *"the module is not signed: loading it taints the kernel"* ]]
	[ "$(jq .signed "$BATS_TEST_TMPDIR/unsigned.json")" = false ]
	[[ "$(jq -r .taints "$BATS_TEST_TMPDIR/unsigned.json")" == unsigned* ]]
	# the kernel does not know this key: it loads the module, tainted
	guest --kernel "$(vmlinuz $K612)" --module "$ko" --file "$PATCHES/cmdline-LOADED.test:/cmdline.test" <<'GUEST'
klp_load lp-signed
expect_ok "the signed module works" sh /cmdline.test
klp_unload lp-signed
GUEST
}

# header_change RELEASE USERS: a header patch; the scan finds USERS units
# including the header, two of which change.  The first header patch on a
# kernel records what the units that may read it include (about as many as
# read it); the records and kbuild's dry run are kept.
header_change() {
	debian_build "$1" header "$PATCHES/header.patch"
	[[ $output == *"fs/proc/internal.h: $2 translation units of this configuration include it"* ]]
	[[ $output == *"units compile sources kbuild generates while building and were not scanned"* ]]
	run jq -r '[.units[] | select(.status == 0) | .object] | sort | join(" ")' \
		"$BATS_TEST_TMPDIR/header.json"
	[ "$output" = "fs/proc/meminfo.o fs/proc/version.o" ]
	guest --kernel "$(vmlinuz "$1")" --module "$BATS_TEST_TMPDIR/out/lp-header.ko" \
		--file "$PATCHES/header-LOADED.test:/loaded.test" <<'GUEST'
expect_fail "original" sh /loaded.test
klp_load lp-header
expect_ok "both users of the macro patched" sh /loaded.test
klp_unload lp-header
expect_fail "original again" sh /loaded.test
GUEST
}

@test "Debian 6.1: a header change; its users found by a scan of the configuration" {
	header_change $K61 24
}

@test "Debian 6.12: a header change; its users found by a scan of the configuration" {
	header_change $K612 25
}

# older_abi RELEASE VERSION: a kernel that is not the newest of its series,
# from its own version's packages (source included), booted in its vmlinuz.
older_abi() {
	local rel=$1 version=$2
	debian_build "$rel" cmdline "$PATCHES/cmdline.patch"
	[ "$(cat "$DEB_CACHE/debian/$rel/stamp")" = "$version" ]
	[ -f "$DEB_CACHE/debian/source-$version/Makefile" ]
	[[ "$(modinfo -F vermagic "$BATS_TEST_TMPDIR/out/lp-cmdline.ko")" == "$rel SMP "* ]]
	guest --kernel "$(vmlinuz "$rel")" --module "$BATS_TEST_TMPDIR/out/lp-cmdline.ko" \
		--file "$PATCHES/cmdline-LOADED.test:/loaded.test" <<GUEST
expect_eq "the Debian kernel" "\$(uname -r)" "$rel"
expect_match "of that version" "\$(cat /proc/version)" "*Debian $version *"
expect_fail "cmdline: original" sh /loaded.test
klp_load lp-cmdline
expect_ok "cmdline: patched" sh /loaded.test
klp_unload lp-cmdline
expect_fail "cmdline: original again" sh /loaded.test
GUEST
}

@test "Debian 6.1, not the newest ABI: $K61_OLD from the packages of 6.1.190-1" {
	older_abi $K61_OLD 6.1.190-1
}

@test "Debian 6.12, not the newest ABI: $K612_OLD from the packages of 6.12.113-1~deb12u1" {
	older_abi $K612_OLD 6.12.113-1~deb12u1
}

@test "Debian 6.1 cloud-amd64 flavour: $K61_CLOUD, sharing the source of its version" {
	older_abi $K61_CLOUD 6.1.190-1
}

# rt_refused RELEASE VERSION COMMON: the rt flavour's kernel is built from
# linux-source plus Debian's PREEMPT_RT series, which no binary package
# holds: refused (exit 5) from its headers, before its -dbg package is fetched.
rt_refused() {
	local rel=$1 version=$2 common=$3
	rm -rf "${DEB_CACHE:?}/debian/$rel"	# only this test uses it; a mutant's run may have made it
	run "$KPB" --kernel "$rel" --packages "$PKGS" --cache "$DEB_CACHE" -o "$BATS_TEST_TMPDIR/bad" \
		"$PATCHES/cmdline.patch"
	echo "$output"
	[ "$status" -eq 5 ]
	[[ $output == *"$rel: its source is not linux-source $version as packaged: "*" files of $common differ from it (include/linux/"* ]]
	[[ $output == *"apt-get source linux=$version"*"-s TREE -c CONFIG -v VMLINUX"* ]]
	[ ! -e "$DEB_CACHE/debian/$rel/vmlinux" ] && [ ! -e "$DEB_CACHE/debian/$rel/stamp" ]
	[ ! -e "$BATS_TEST_TMPDIR/bad" ]
}

@test "Debian rt-amd64 flavours: refused, their PREEMPT_RT patches are in no binary package" {
	rt_refused 6.1.0-54-rt-amd64 6.1.190-1 linux-headers-6.1.0-54-common-rt
	rt_refused 6.12.113+deb12-rt-amd64 6.12.113-1~deb12u1 linux-headers-6.12.113+deb12-common-rt
}

@test "Debian: a release fetched before the source check existed is checked on its next use" {
	local dir=$DEB_CACHE/debian/$K61_OLD sched
	debian_build $K61_OLD checked "$PATCHES/cmdline.patch"
	[ -e "$dir/source-checked" ]
	# as an older kpatch-build left it, and its headers' copy not the source's
	sched=$(echo "$dir"/common/usr/src/linux-headers-*-common/include/linux/sched.h)
	rm "$dir/source-checked"
	cp "$sched" "$BATS_TEST_TMPDIR/sched.h"
	echo '/* patched */' >> "$sched"
	run "$KPB" --kernel $K61_OLD --packages "$PKGS" --cache "$DEB_CACHE" -o "$BATS_TEST_TMPDIR/bad" \
		"$PATCHES/cmdline.patch"
	echo "$output"
	cp "$BATS_TEST_TMPDIR/sched.h" "$sched"
	[ "$status" -eq 5 ]
	[[ $output == *"1 of the "*" files of linux-headers-6.1.0-54-common differ from it (include/linux/sched.h)"* ]]
	[ ! -e "$dir/source-checked" ]
	debian_build $K61_OLD checked "$PATCHES/cmdline.patch"
	[ -e "$dir/source-checked" ]
}

@test "Debian: refused when the vmlinux is of another revision of the same upstream version" {
	local vmlinux=$DEB_CACHE/debian/$K61/vmlinux/vmlinux banner fake
	debian_build $K61 rev "$PATCHES/cmdline.patch"
	# the banner of $K61's vmlinux, as a build of Debian's next revision would print it
	banner=$(strings -n 40 "$vmlinux" | grep -m1 '^Linux version .* Debian 6\.1\.192-2 ')
	fake=${banner/Debian 6.1.192-2 /Debian 6.1.192-3 }
	[ "$fake" != "$banner" ]
	printf 'const char linux_banner[] = "%s\\n";\n' "$fake" | gcc -c -x c - -o "$BATS_TEST_TMPDIR/vmlinux"
	run "$KPB" --kernel $K61 --packages "$PKGS" --cache "$DEB_CACHE" -v "$BATS_TEST_TMPDIR/vmlinux" \
		-o "$BATS_TEST_TMPDIR/bad" "$PATCHES/cmdline.patch"
	echo "$output"
	[ "$status" -eq 5 ]
	[[ $output == *"is not Debian 6.1.192-2: its banner says"*"Debian 6.1.192-3"*"packages of --kernel $K61 are version 6.1.192-2"* ]]
	[ ! -e "$BATS_TEST_TMPDIR/bad" ]
}

@test "Debian: the kernel's own source version missing from the archive is refused, naming the versions there" {
	local pk=$BATS_TEST_TMPDIR/pkgs stub=$BATS_TEST_TMPDIR/bin
	mkdir -p "$pk" "$stub"
	debian_build $K61_OLD fetched "$PATCHES/cmdline.patch"	# the packages, downloaded
	ln "$PKGS/linux-image-$K61_OLD-dbg_"* "$PKGS/linux-image-${K61_OLD}_"* \
		"$PKGS/linux-headers-${K61_OLD}_"* "$pk/"
	# an archive that lost linux-source-6.1=6.1.190-1
	printf '#!/bin/sh\necho "E: Version 6.1.190-1 for linux-source-6.1 was not found" >&2\nexit 100\n' \
		> "$stub/apt-get"
	chmod +x "$stub/apt-get"
	PATH=$stub:$PATH run "$KPB" --kernel $K61_OLD --packages "$pk" --cache "$BATS_TEST_TMPDIR/cache" \
		-o "$BATS_TEST_TMPDIR/bad" "$PATCHES/cmdline.patch"
	echo "$output"
	[ "$status" -eq 5 ]
	[[ $output == *"linux-source-6.1=6.1.190-1 is not in the configured archives (linux-source-6.1 has 6.1.192-"* ]]
	[ ! -e "$BATS_TEST_TMPDIR/bad" ]
}

# fake_deb DIR PACKAGE VERSION ARCH [DEPENDS]: a package with the archive's
# name and control fields but not its contents, in DIR as apt names it.  It
# holds usr/src/PACKAGE.tar.xz as linux-source does, so that unpacking it
# leaves a tree with a Makefile in the cache; the Makefiles of two fakes
# differ (were they unpacked, the source check would stop the run there).
fake_deb() {
	local dir=$1 pkg=$2 ver=$3 arch=$4 depends=${5:-} root=$BATS_TEST_TMPDIR/fake-$2
	mkdir -p "$root/DEBIAN" "$root/usr/src/$pkg"
	echo "# planted as $pkg" > "$root/usr/src/$pkg/Makefile"
	tar -cJf "$root/usr/src/$pkg.tar.xz" -C "$root/usr/src" "$pkg"
	{
		printf 'Package: %s\nVersion: %s\nArchitecture: %s\n' "$pkg" "$ver" "$arch"
		[ -z "$depends" ] || printf 'Depends: %s\n' "$depends"
		printf 'Maintainer: nobody <nobody@invalid>\nDescription: not the archive'"'"'s\n'
	} > "$root/DEBIAN/control"
	dpkg-deb --root-owner-group --build "$root" "$dir/${pkg}_${ver}_$arch.deb" > /dev/null
}

# planted_refused DIR GLOB: kpatch-build --kernel $K61 with packages from
# DIR is refused (exit 5) as GLOB says, and nothing is unpacked.
planted_refused() {
	local cache=$BATS_TEST_TMPDIR/cache
	run "$KPB" --kernel $K61 --packages "$1" --cache "$cache" -o "$BATS_TEST_TMPDIR/bad" \
		"$PATCHES/cmdline.patch"
	echo "$output"
	[ "$status" -eq 5 ]
	# shellcheck disable=SC2053
	[[ $output == $2 ]]
	[ -z "$(find "$cache" -name Makefile)" ] && [ ! -e "$cache/debian/$K61/stamp" ]
	[ ! -e "$BATS_TEST_TMPDIR/bad" ]
}

# K61's version and its packages' names, as apt knows them
k61_packages() {
	ver=$(apt-cache show --no-all-versions "linux-image-$K61-dbg" | sed -n 's/^Version: //p')
	headers=linux-headers-$K61
	source=linux-source-${ver%.*}
	common=$(apt-cache show --no-all-versions "$headers=$ver" |
		sed -n 's/^Depends: .*\(linux-headers-[^ ,]*-common\) .*/\1/p')
	[ -n "$ver" ] && [ -n "$common" ]
}

@test "Debian: planted packages: refused unless apt's signed index lists their SHA256, before anything is unpacked" {
	local pk=$BATS_TEST_TMPDIR/pkgs ver headers source common want have
	k61_packages
	mkdir -p "$pk"
	# the three packages unpacked first, each with the right Package and Version
	fake_deb "$pk" "$headers" "$ver" amd64 "$common (= $ver)"
	fake_deb "$pk" "$source" "$ver" all
	fake_deb "$pk" "$common" "$ver" amd64
	want=$(apt-cache show --no-all-versions "$headers=$ver" | sed -n 's/^SHA256: //p')
	have=$(sha256sum < "$pk/${headers}_${ver}_amd64.deb" | cut -d' ' -f1)
	planted_refused "$pk" "*$pk/${headers}_${ver}_amd64.deb is not the package apt's signed index lists for $headers=$ver (amd64): its SHA256 is $have, the index's $want; remove it (kpatch-build downloads it again)*"
	# an architecture the index has no such package for: nothing to check it against
	mv "$pk/${headers}_${ver}_amd64.deb" "$pk/${headers}_${ver}_i386.deb"
	planted_refused "$pk" "*$pk/${headers}_${ver}_i386.deb: apt's index lists no SHA256 for $headers=$ver (i386)*snapshot.debian.org*apt-get update*"
	# the archive's own headers (downloaded, 2 MB) pass: the source is the next refused
	rm "$pk/${headers}_${ver}_i386.deb"
	planted_refused "$pk" "*downloading $headers=$ver*$pk/${source}_${ver}_all.deb is not the package apt's signed index lists for $source=$ver (all)*"
	[ -f "$pk/${headers}_${ver}_amd64.deb" ]
}

@test "Debian: planted packages: refused if another user can change them" {
	local pk=$BATS_TEST_TMPDIR/pkgs ver headers source common deb
	k61_packages
	mkdir -p "$pk"
	fake_deb "$pk" "$headers" "$ver" amd64 "$common (= $ver)"
	deb=$pk/${headers}_${ver}_amd64.deb
	chmod 0664 "$deb"
	planted_refused "$pk" "*$deb (owner root, mode 0664) can be changed by users other than root*remove it (kpatch-build downloads it again), or, if you trust it, chown root and chmod go-w it*"
	chmod 0644 "$deb"
	chown nobody "$deb"
	planted_refused "$pk" "*$deb (owner nobody, mode 0644) can be changed by users other than root*"
	mv "$deb" "$BATS_TEST_TMPDIR/elsewhere.deb"
	chown root "$BATS_TEST_TMPDIR/elsewhere.deb"
	ln -s "$BATS_TEST_TMPDIR/elsewhere.deb" "$deb"
	planted_refused "$pk" "*$deb is a symbolic link*"
	rm "$deb"
	mv "$BATS_TEST_TMPDIR/elsewhere.deb" "$deb"
	# as a file of the user's, it is checked against the index
	planted_refused "$pk" "*$deb is not the package apt's signed index lists*"
}

@test "Debian: a release the archive does not have is refused" {
	run "$KPB" --kernel 6.1.0-99-amd64 --packages "$PKGS" --cache "$BATS_TEST_TMPDIR/cache" \
		-o "$BATS_TEST_TMPDIR/bad" "$PATCHES/cmdline.patch"
	echo "$output"
	[ "$status" -eq 5 ]
	[[ $output == *"no package linux-image-6.1.0-99-amd64-dbg in the configured archives"* ]]
}

@test "Debian 6.12: a change to an exported function (.export_symbol stays with the kernel)" {
	debian_build $K612 export "$DEB/export-6.12.patch"
	[[ $output == *"changed: si_meminfo"* ]]
	guest --kernel "$(vmlinuz $K612)" --module "$BATS_TEST_TMPDIR/out/lp-export.ko" <<'GUEST'
total() { sed -n 's/^MemTotal: *\([0-9]*\) kB$/\1/p' /proc/meminfo; }
before=$(total)
klp_load lp-export
expect_eq "si_meminfo patched: MemTotal one page more" "$(total)" "$((before + 4))"
klp_unload lp-export
expect_eq "MemTotal as before" "$(total)" "$before"
GUEST
}

# A kvm_intel function whose inlines call kvm's static calls (kvm_x86_call):
# objtool, run on the final module, makes each call a static call site,
# which must name kvm's exported key; naming kvm's trampoline, the loader
# refused the whole livepatch with EINVAL.  kvm loads under TCG, kvm_intel
# does not (no VMX): the livepatch loads and is applied to kvm_intel as it
# loads, and reverted as its init fails.
@test "Debian 6.12: a kvm_intel fix using kvm's static calls loads with kvm and waits for kvm_intel" {
	debian_build $K612 kvm "$DEB/kvm-static-call.patch"
	[[ $output == *"changed: handle_invpcid"* ]]
	guest --kernel "$(vmlinuz $K612)" --module "$BATS_TEST_TMPDIR/out/lp-kvm.ko" \
		--module "$(kernel_module $K612 virt/lib/irqbypass)" \
		--module "$(kernel_module $K612 arch/x86/kvm/kvm)" \
		--module "$(kernel_module $K612 arch/x86/kvm/kvm-intel)" <<'GUEST'
insmod /modules/irqbypass.ko
insmod /modules/kvm.ko
dmesg_mark
klp_load lp-kvm
expect_fail "kvm_intel does not load without VMX" insmod /modules/kvm-intel.ko
expect_match "applied to kvm_intel as it loaded, reverted as it failed" "$(dmesg_since_mark)" \
	"*applying patch 'lp_kvm' to loading module 'kvm_intel'*reverting patch 'lp_kvm' on unloading module 'kvm_intel'*"
klp_unload lp-kvm
expect_ok "kvm unloads" rmmod kvm
GUEST
}
