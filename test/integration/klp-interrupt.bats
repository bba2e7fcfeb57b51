#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# #31 item 4: klp-manage stopped by SIGKILL at each step of installing and
# upgrading to the next cumulative release (a package's postinst: install
# the new release, upgrade to it, uninstall the old), on a fake system
# (lib/fake-sys.bash).  After the stop, exactly one complete release runs;
# the same steps run again finish; and a power-off at that moment (a fresh
# sysfs, then klp-manage boot) also runs exactly one release.
#   bats test/integration/klp-interrupt.bats

load lib/fake-sys.bash

# the running release lp_v1, installed and loaded; lp_v2 supersedes it
v1_running() {
	fake_kernel 6.1.0 "$VMA"
	lp lp-v1 klp_replace=1 'klp_functions=vmlinux/f,1' 'fake_funcs=vmlinux/f,1'
	lp lp-v2 klp_replace=1 klp_supersedes=lp_v1 klp_previous_ids=lp_v1=xxh128:lp-v1 \
		'klp_functions=vmlinux/f,1 vmlinux/g,1' 'fake_funcs=vmlinux/f,1 vmlinux/g,1' "$@"
	manage install "$T/lp-v1.ko"
	manage load lp_v1
	[ "$(enabled)" = lp_v1 ]
}

# the postinst's steps (templates/deb-postinst.in)
steps() {
	manage install "$T/lp-v2.ko" || return
	if [ ! -d "$KLP_SYSFS_ROOT/sys/kernel/livepatch/lp_v2" ] ||
	   [ -d "$KLP_SYSFS_ROOT/sys/module/lp_v1" ]; then
		manage upgrade "$T/lp-v2.ko" || return
	fi
	[ ! -f "$KLP_INSTALL_DIR/6.1.0/lp_v1.ko" ] || manage uninstall lp_v1
}

# enabled: the livepatches in sysfs, one a line
enabled() {
	ls "$KLP_SYSFS_ROOT/sys/kernel/livepatch"
}

installed() {
	ls "$KLP_INSTALL_DIR/6.1.0" | tr '\n' ' '
}

# power_off: what a reboot keeps: the installed files, no module, no record
power_off() {
	rm -rf "$KLP_SYSFS_ROOT/sys/module" "$KLP_SYSFS_ROOT/sys/kernel/livepatch" "$KLP_STATE_DIR"
	mkdir -p "$KLP_SYSFS_ROOT/sys/module" "$KLP_SYSFS_ROOT/sys/kernel/livepatch"
}

# finished: lp_v2 alone runs and is installed; lp_v1 is gone
finished() {
	echo "enabled: $(enabled | tr '\n' ' '); modules: $(ls "$KLP_SYSFS_ROOT/sys/module" | tr '\n' ' ');" \
	     "installed: $(installed)"
	[ "$(enabled)" = lp_v2 ]
	[ ! -d "$KLP_SYSFS_ROOT/sys/module/lp_v1" ]
	[ "$(installed)" = "lp_v2.ko " ]
}

# interrupted CMD:N: the steps killed there; then run again, or powered off
interrupted() {
	FAKE_KILL=$1 run steps
	echo "$output"
	[ "$status" -ne 0 ]
	[[ $output != *"upgraded to lp_v2"* ]]
	# one complete release runs: v1, or v2 once inserted (a replace patch)
	local now
	now=$(enabled)
	[ "$now" = lp_v1 ] || [ "$now" = lp_v2 ]
	# the kernel finishes the transition the kill left running (and the
	# fake's later loads of lp_v2 finish theirs at once)
	[ ! -f "$KLP_SYSFS_ROOT/sys/kernel/livepatch/lp_v2/transition" ] ||
		echo 0 > "$KLP_SYSFS_ROOT/sys/kernel/livepatch/lp_v2/transition"
	sed -i 's/fake_transition=1/fake_transition=0/' "$T/lp-v2.ko" "$KLP_INSTALL_DIR"/6.1.0/*.ko
	cp -a "$KLP_SYSFS_ROOT" "$T/kept"

	# the same steps again finish the job
	run steps
	echo "$output"
	[ "$status" -eq 0 ]
	finished

	# powered off at the stop instead: the boot runs one release, the newest installed
	rm -rf "$KLP_SYSFS_ROOT"
	mv "$T/kept" "$KLP_SYSFS_ROOT"
	power_off
	run manage boot
	echo "$output"
	[ "$status" -eq 0 ]
	if [[ " $(installed)" == *" lp_v2.ko "* ]]; then
		[ "$(enabled)" = lp_v2 ]
	else
		[ "$(enabled)" = lp_v1 ]
	fi
	run steps
	echo "$output"
	[ "$status" -eq 0 ]
	finished
}

@test "killed once the new release is installed (its rename done)" {
	v1_running
	interrupted mv:1
}

@test "killed right after the insmod of the new release" {
	v1_running
	interrupted insmod:1
}

@test "killed while the new release's transition runs" {
	v1_running fake_transition=1
	interrupted insmod:1
}

@test "killed after the old release was removed, before the upgrade said so" {
	v1_running
	interrupted rmmod:1
}

@test "resumed: an upgrade run again refuses another build of the loaded new release" {
	v1_running
	FAKE_KILL=insmod:1 run steps
	[ "$status" -ne 0 ]
	mkko "$T/lp-v2.ko" livepatch=Y "vmlinux=$VMA" klp_identity=xxh128:other buildid=anotherbuildofv2xxxx \
		klp_replace=1 klp_supersedes=lp_v1 'klp_functions=vmlinux/f,1' 'fake_funcs=vmlinux/f,1'
	run manage upgrade "$T/lp-v2.ko"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ $output == *"lp_v2 is loaded already, another build"* ]]
	[ -d "$KLP_SYSFS_ROOT/sys/module/lp_v1" ]
}

@test "install: a stacked module and its base, killed between the two: the base first, never the dependent alone" {
	fake_kernel 6.1.0 "$VMA"
	lp lp-a
	lp lp-b depends=lp-a klp_built_on=lp_a=xxh128:lp-a
	# the dependent given first
	FAKE_KILL=mv:1 run manage install "$T/lp-b.ko" "$T/lp-a.ko"
	[ "$status" -ne 0 ]
	[ "$(installed)" = "lp_a.ko " ]
	power_off
	run manage boot
	[ "$status" -eq 0 ]
	[ "$(enabled)" = lp_a ]
	run manage install "$T/lp-b.ko" "$T/lp-a.ko"
	[ "$status" -eq 0 ]
	[ "$(installed)" = "lp_a.ko lp_b.ko " ]
}
