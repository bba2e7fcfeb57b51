#!/usr/bin/env bats
# kpatch's usage on trees as users build them: the test kernel built in
# place with plain make (tinyconfig, -Os, no function sections,
# MODVERSIONS on), and built with make O=DIR the same way.  Each build
# runs with kpatch's own command line and nothing else, from an empty
# cache, and each module is loaded in that kernel under QEMU.
# shellcheck disable=SC2030,SC2031

load lib/kpb.bash

setup_file() {
	TREE=$("$REPO/test/kernel/build.sh" inplace | tail -n1)
	PLAIN=$("$REPO/test/kernel/build.sh" plain | tail -n1)
	export TREE PLAIN
}

setup() {
	# kpatch-build's default cache, under a directory of this test
	export XDG_CACHE_HOME=$BATS_TEST_TMPDIR/xdg
	cd "$BATS_TEST_TMPDIR"
}

# kpatch PATCH...: kpatch-build exactly as kpatch's documentation runs it.
kpatch() {
	run "$KPB" -s "$TREE" -c "$TREE/.config" -v "$TREE/vmlinux" "$@"
	echo "$output"
}

@test "in place: a vmlinux function, with the tree's Module.symvers and CRCs" {
	kpatch "$PATCHES/cmdline.patch"
	[ "$status" -eq 0 ]
	[ -f livepatch-cmdline.ko ]
	# the CRCs it imports are the tree's (MODVERSIONS)
	crc=$(awk '$2 == "klp_enable_patch" { print $1 }' "$TREE/Module.symvers")
	[ -n "$crc" ]
	modprobe --dump-modversions livepatch-cmdline.ko | grep -qx "$crc[[:space:]]*klp_enable_patch"
	check_loaded cmdline "$BATS_TEST_TMPDIR/livepatch-cmdline.ko" \
		--kernel "$TREE/arch/x86/boot/bzImage"
}

@test "in place (MODVERSIONS): a Module.symvers whose CRCs are not the running kernel's is refused" {
	awk -F '\t' '$2 == "klp_enable_patch" { $1 = "0x12345678" } { print }' OFS='\t' \
		"$TREE/Module.symvers" > other.symvers
	kpatch --symvers "$BATS_TEST_TMPDIR/other.symvers" "$PATCHES/cmdline.patch"
	[ "$status" -eq 5 ]
	[[ $output == *"imports klp_enable_patch with CRC 0x12345678, but $TREE/vmlinux exports it with 0x"* ]]
	[[ $output == *"other.symvers) is not the running kernel's"* ]]
	[ ! -e livepatch-cmdline.ko ]
}

@test "in place: the original is checked exactly, without false alarms; the tree is untouched" {
	before=$(tree_state "$TREE")
	kpatch "$PATCHES/transition.patch"
	[ "$status" -eq 0 ]
	[ "$(tree_state "$TREE")" = "$before" ]
	# -Os: compiled with function sections, pipe_lock is 3 bytes longer
	# than in the vmlinux; compiled as the kernel was, every size matches
	log=$XDG_CACHE_HOME/kpatch-build/logs/livepatch-transition.log
	grep -q "^fs/pipe.o: 1 function sizes differ with function sections (first pipe_lock" "$log"
	# a source that is not the kernel's is refused, naming the function and both sizes
	cp -al "$TREE" tree2
	sed -i 's/^\tproc_create_single("cmdline", 0, NULL, cmdline_proc_show);/&\n\tpr_info("not the running kernel'"'"'s source\\n");/' \
		tree2/fs/proc/cmdline.c
	grep -q "not the running kernel" tree2/fs/proc/cmdline.c
	run "$KPB" -s tree2 -c tree2/.config -v tree2/vmlinux "$PATCHES/cmdline.patch"
	echo "$output"
	[ "$status" -eq 5 ]
	[[ $output == *"functions differ, first proc_cmdline_init (cmdline.c): "*" bytes in "*", "*" in "*"/vmlinux"* ]]
	[ "$(tree_state "$TREE")" = "$before" ]
}

@test "in place: a module of the tree, loaded before and after the patch" {
	kpatch "$PATCHES/module.patch"
	[ "$status" -eq 0 ]
	[[ $output == *"kernel/klp_testmod.o (klp_testmod):"* ]]
	guest --kernel "$TREE/arch/x86/boot/bzImage" --module livepatch-module.ko \
		--module "$TREE/kernel/klp_testmod.ko" \
		--file "$PATCHES/module-LOADED.test:/loaded.test" <<'GUEST'
expect_ok "the tree's module loads" insmod /modules/klp_testmod.ko
expect_fail "module: old behaviour" sh /loaded.test
klp_load livepatch-module
expect_ok "module: patched" sh /loaded.test
expect_ok "the module unloads" rmmod klp_testmod
expect_ok "and loads again" insmod /modules/klp_testmod.ko
expect_ok "module: patched when it comes back" sh /loaded.test
klp_unload livepatch-module
expect_fail "module: old behaviour after unloading the patch" sh /loaded.test
expect_ok "the module unloads" rmmod klp_testmod
klp_load livepatch-module
expect_ok "the module loads after the patch" insmod /modules/klp_testmod.ko
expect_ok "module: patched when it loads late" sh /loaded.test
klp_unload livepatch-module
expect_fail "module: old behaviour again" sh /loaded.test
GUEST
}

@test "in place: kpatch-syscall.h and KPATCH_SYSCALL_DEFINE1" {
	kpatch "$PATCHES/kpatch-syscall.patch"
	[ "$status" -eq 0 ]
	guest --kernel "$TREE/arch/x86/boot/bzImage" --module livepatch-kpatch-syscall.ko <<'GUEST'
expect_eq "uname -m before" "$(uname -m)" x86_64
klp_load livepatch-kpatch-syscall
expect_eq "uname -m patched" "$(uname -m)" klp-kpatch
klp_unload livepatch-kpatch-syscall
expect_eq "uname -m after" "$(uname -m)" x86_64
GUEST
}

@test "in place: every kpatch macro" {
	kpatch "$PATCHES/kpatch-macros.patch"
	[ "$status" -eq 0 ]
	# the ignored function is not replaced; FORCE_UNSAFE is explained
	[[ $output != *"changed: counter_show"* ]]
	[[ $output == *"changed: static_call_show"* ]]
	[[ $output == *"KPATCH_FORCE_UNSAFE(static_call_show) has no effect"* ]]
	guest --kernel "$TREE/arch/x86/boot/bzImage" --module livepatch-kpatch-macros.ko <<'GUEST'
expect_eq "static call before" "$(cat /proc/klp_test/static_call)" "call=42"
dmesg_mark
klp_load livepatch-kpatch-macros
expect_eq "KPATCH_STATIC_CALL in the new code" "$(cat /proc/klp_test/static_call)" "call=42 macros"
expect_match "KPATCH_IGNORE_FUNCTION: counter_show kept" "$(cat /proc/klp_test/counter)" "count=[0-9]"
expect_fail "its change is not applied" grep -q ignored-change /proc/klp_test/counter
sleep 1
log=$(dmesg_since_mark)
expect_match "pre_patch callback" "$log" "*klp-macros: pre_patch*"
expect_match "post_patch callback" "$log" "*klp-macros: post_patch*"
expect_match "KPATCH_PRINTK" "$log" "*klp-macros: printk*"
expect_match "KPATCH_PRINTK_DEFERRED" "$log" "*klp-macros: printk_deferred*"
dmesg_mark
klp_unload livepatch-kpatch-macros
log=$(dmesg_since_mark)
expect_match "pre_unpatch callback" "$log" "*klp-macros: pre_unpatch*"
expect_match "post_unpatch callback" "$log" "*klp-macros: post_unpatch*"
expect_eq "static call after" "$(cat /proc/klp_test/static_call)" "call=42"
GUEST
}

@test "in place (MODVERSIONS): a stacked patch imports its base's export with the base's CRC" {
	kpatch -R -n lp-a "$PATCHES/replace-a.patch"
	[ "$status" -eq 0 ]
	cp "$PATCHES/replace-a.patch" .
	kpatch -R -n lp-b --base lp-a.ko "$PATCHES/stack-b.patch"
	[ "$status" -eq 0 ]
	[[ $output == *"lp-a: dependent, overlap: cmdline_proc_show"* ]]
	crc=$(modprobe --dump-modversions lp-b.ko | awk '$2 == "klp_patch_enabled_lp_a" { print $1 }')
	[ -n "$crc" ]
	[ "$crc" != 0x00000000 ]
	guest --kernel "$TREE/arch/x86/boot/bzImage" --module lp-a.ko --module lp-b.ko <<'GUEST'
expect_fail "B without its base is refused by the loader" insmod /modules/lp-b.ko
klp_load lp-a
klp_load lp-b
expect_match "B on A" "$(cat /proc/cmdline)" "* klp-a klp-b"
klp_unload lp-b
klp_unload lp-a
expect_fail "cmdline is the original" grep -q klp- /proc/cmdline
GUEST
}

@test "O=DIR without function sections: -s SRC --build-dir DIR" {
	run "$KPB" -s "$(readlink -f "$PLAIN/source")" --build-dir "$PLAIN" -c "$PLAIN/.config" \
		-v "$PLAIN/vmlinux" "$PATCHES/module.patch"
	echo "$output"
	[ "$status" -eq 0 ]
	guest --kernel "$PLAIN/arch/x86/boot/bzImage" --module livepatch-module.ko \
		--module "$PLAIN/kernel/klp_testmod.ko" \
		--file "$PATCHES/module-LOADED.test:/loaded.test" <<'GUEST'
expect_ok "the build's module loads" insmod /modules/klp_testmod.ko
expect_fail "module: old behaviour" sh /loaded.test
klp_load livepatch-module
expect_ok "module: patched" sh /loaded.test
klp_unload livepatch-module
expect_fail "module: old behaviour after unloading the patch" sh /loaded.test
GUEST
}

# The in-place and the O=DIR kernel are one source and config built twice:
# the same release and vermagic, other build ids.
@test "another build of the same release: the module refuses the kernel, then the module, it was not made for" {
	[ "$(cat "$TREE/include/config/kernel.release")" = "$(cat "$PLAIN/include/config/kernel.release")" ]
	kpatch "$PATCHES/cmdline.patch"
	[ "$status" -eq 0 ]
	guest --kernel "$PLAIN/arch/x86/boot/bzImage" --module livepatch-cmdline.ko <<'GUEST'
expect_fail "the loader would take it, the module refuses" insmod /modules/livepatch-cmdline.ko
expect_match "and says why" "$(dmesg)" "*vmlinux is not the build this patch was made for*"
expect_fail "nothing is patched" test -d /sys/kernel/livepatch/livepatch_cmdline
GUEST
	kpatch "$PATCHES/module.patch"
	[ "$status" -eq 0 ]
	# the same module source built again with other options
	mkdir other
	cp "$REPO/test/kernel/klp-test/klp_testmod.c" "$REPO/test/kernel/klp-test/klp_testmod_trace.h" other/
	printf 'obj-m += klp_testmod.o\nccflags-y += -O2\n' > other/Kbuild
	run make -C "$PLAIN" M="$BATS_TEST_TMPDIR/other" modules
	echo "$output"
	[ "$status" -eq 0 ]
	guest --kernel "$TREE/arch/x86/boot/bzImage" --module livepatch-module.ko \
		--module "$TREE/kernel/klp_testmod.ko" --file other/klp_testmod.ko:/other.ko \
		--file "$PATCHES/module-LOADED.test:/loaded.test" <<'GUEST'
expect_ok "the other build's module loads" insmod /other.ko
expect_fail "the patch refuses it" insmod /modules/livepatch-module.ko
expect_match "naming it" "$(dmesg)" "*klp_testmod is not the build this patch was made for*"
expect_ok "it unloads" rmmod klp_testmod
klp_load livepatch-module
expect_fail "loaded after the patch, the other build is refused" insmod /other.ko
expect_ok "the build it was made for loads" insmod /modules/klp_testmod.ko
expect_ok "and is patched" sh /loaded.test
klp_unload livepatch-module
GUEST
}
