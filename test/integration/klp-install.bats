#!/usr/bin/env bats
# klp-manage install, uninstall, list, load --all (the boot verb) and
# kpatch's manager verbs, on a fake system (lib/fake-sys.bash); the last
# test boots the QEMU test kernel (lib/kpb.bash) and loads what is
# installed there as the init script does.
#   bats test/integration/klp-install.bats

# Scripts for other shells are single-quoted on purpose.
# shellcheck disable=SC2016

load lib/fake-sys.bash
load lib/kpb.bash

VMB=vvvvvvvvvvvvvvvvvvv2	# another build of the same release

# installed: what the install directory holds, a line a file
installed() {
	(cd "$KLP_INSTALL_DIR" && find . \( -type f -o -type l \) | sort)
}

@test "install: modules go under their release, by module name; list and uninstall" {
	fake_kernel 6.1.0 "$VMA"
	lp lp-a
	lp lp-c 'vermagic=6.2.0-other SMP mod_unload'
	run manage install "$T/lp-a.ko" "$T/lp-c.ko"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "installed lp_a for 6.1.0
installed lp_c for 6.2.0-other" ]
	[ "$(installed)" = "./6.1.0/lp_a.ko
./6.2.0-other/lp_c.ko" ]
	cmp "$T/lp-a.ko" "$KLP_INSTALL_DIR/6.1.0/lp_a.ko"
	[ "$(stat -c %a "$KLP_INSTALL_DIR/6.1.0/lp_a.ko")" = 644 ]
	run manage list
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "installed 6.1.0 lp_a
installed 6.2.0-other lp_c" ]
	# uninstall: the running release unless told
	run manage uninstall lp_c
	echo "$output"
	[ "$status" -eq 1 ]
	[[ $output == *"lp_c is not installed for 6.1.0"* ]]
	run manage uninstall lp-a
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "uninstalled lp_a for 6.1.0" ]
	[ "$(installed)" = "./6.2.0-other/lp_c.ko" ]
	[ "$(calls)" = "" ]
}

@test "install: -k VERSION and --kernel-version=VERSION must be the module's release" {
	fake_kernel 6.1.0 "$VMA"
	lp lp-a
	for opt in "-k 6.2.0" "--kernel-version=6.2.0" "--kernel-version 6.2.0"; do
		# shellcheck disable=SC2086 # words
		run manage install $opt "$T/lp-a.ko"
		echo "$opt: $output"
		[ "$status" -eq 1 ]
		[[ $output == *"lp_a is built for kernel 6.1.0, not 6.2.0"* ]]
	done
	[ ! -e "$KLP_INSTALL_DIR/6.1.0" ]
	for opt in "-k 6.1.0" "--kernel-version=6.1.0"; do
		# shellcheck disable=SC2086 # words
		run manage install $opt "$T/lp-a.ko"
		echo "$opt: $output"
		[ "$status" -eq 0 ]
		[ "$output" = "installed lp_a for 6.1.0" ]
	done
	fake_kernel 6.9.9
	run manage uninstall -k 6.1.0 lp_a
	echo "$output"
	[ "$status" -eq 0 ]
	[ -z "$(installed)" ]
	for opt in "-k ../x" "-k x/y" "-k .." "--kernel-version=" "-k -x" "-k"; do
		# shellcheck disable=SC2086 # words
		run manage install $opt "$T/lp-a.ko"
		echo "$opt: $output"
		[ "$status" -eq 1 ]
		[[ $output == *"is not a kernel release"* || $output == *"wants a kernel version"* ]]
	done
	[ -z "$(installed)" ]
}

@test "install: a stacked module needs the base it was built on, given or installed" {
	fake_kernel 6.1.0 "$VMA"
	lp lp-a
	lp lp-b depends=lp-a klp_built_on=lp_a=xxh128:lp-a
	run manage install "$T/lp-b.ko"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ $output == *"lp_b is built on lp_a, which is neither installed for 6.1.0 nor given"* ]]
	[ -z "$(installed)" ]
	# another build of the base is refused, given or installed
	mkdir "$T/other"
	mkko "$T/other/lp-a.ko" livepatch=Y klp_identity=xxh128:other
	run manage install "$T/lp-b.ko" "$T/other/lp-a.ko"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ $output == *"lp_b was built on lp_a xxh128:lp-a, but $T/other/lp-a.ko is another build"* ]]
	[ -z "$(installed)" ]
	run manage install "$T/other/lp-a.ko"
	[ "$status" -eq 0 ]
	run manage install "$T/lp-b.ko"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ $output == *"but $KLP_INSTALL_DIR/6.1.0/lp_a.ko is another build"* ]]
	run manage install "$T/lp-b.ko" "$T/lp-a.ko"
	echo "$output"
	[ "$status" -eq 0 ]
	run manage install "$T/lp-b.ko"
	[ "$status" -eq 0 ]
	# a base stays while a module built on it is installed
	run manage uninstall lp_a
	echo "$output"
	[ "$status" -eq 1 ]
	[[ $output == *"lp_a is a base of lp_b, installed for 6.1.0: uninstall that too"* ]]
	run manage uninstall lp_a lp_b
	[ "$status" -eq 0 ]
	[ -z "$(installed)" ]
}

@test "install: not a livepatch, no release, no file: refused" {
	mkko "$T/plain.ko"
	run manage install "$T/plain.ko"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ $output == *"not a livepatch module"* ]]
	mkko "$T/lp-x.ko" livepatch=Y 'vermagic=../../etc SMP'
	run manage install "$T/lp-x.ko"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ $output == *'its vermagic "../../etc SMP" names no kernel release'* ]]
	run manage install "$T/none.ko"
	[ "$status" -eq 1 ]
	[[ $output == *"no such module file"* ]]
	[ ! -e "$KLP_INSTALL_DIR" ] || [ -z "$(installed)" ]
	[ ! -e "$KLP_SYSFS_ROOT/etc" ]
}

@test "hostile: a file named -x.ko, names with spaces, newlines, .. are refused or made harmless" {
	fake_kernel 6.1.0 "$VMA"
	lp -x
	run manage install -x.ko
	echo "$output"
	[ "$status" -eq 1 ]
	[[ $output == *"-x.ko: not an option of klp-manage install"* ]]
	# after --, the file is installed under its module name
	run manage install -- -x.ko
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(installed)" = "./6.1.0/_x.ko" ]
	for name in "x y" $'x\ny' "..x" "x*"; do
		lp "$name"
		run manage install "$T/$name.ko"
		echo "$output"
		[ "$status" -eq 1 ]
		[[ $output == *"is not a module name"* ]]
	done
	for name in "x y" $'x\ny' ".." "../6.1.0/_x" "*"; do
		run manage uninstall -- "$name"
		echo "$output"
		[ "$status" -eq 1 ]
		[[ $output == *"is not a module name"* ]]
	done
	run manage uninstall -- -k
	[ "$status" -eq 1 ]
	[[ $output == *"_k is not installed for 6.1.0"* ]]
	[ "$(installed)" = "./6.1.0/_x.ko" ]
	# planted in the directory: names that are no module's are skipped
	cp "$T/-x.ko" "$KLP_INSTALL_DIR/6.1.0/x y.ko"
	cp "$T/-x.ko" "$KLP_INSTALL_DIR/6.1.0/-y.ko"
	cp "$T/-x.ko" "$KLP_INSTALL_DIR/6.1.0/"$'n\nl.ko'
	run manage load --all
	echo "$output"
	[ "$status" -eq 1 ]
	[[ $output == *"x y.ko: not a module name, ignored"* ]]
	[[ $output == *"n?l.ko: not a module name, ignored"* ]]
	[[ $output == *"loaded _x"* && $output == *"loaded _y"* ]]
	[ "$(calls)" = "insmod|$KLP_INSTALL_DIR/6.1.0/-y.ko|
insmod|$KLP_INSTALL_DIR/6.1.0/_x.ko|" ]
}

@test "hostile: a symbolic link planted in the install directory is refused, nothing written through it" {
	fake_kernel 6.1.0 "$VMA"
	lp lp-a
	lp lp-b
	mkdir -p "$KLP_INSTALL_DIR" "$T/elsewhere"
	echo precious > "$T/elsewhere/file"
	# the release directory a link
	ln -s "$T/elsewhere" "$KLP_INSTALL_DIR/6.1.0"
	run manage install "$T/lp-a.ko"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ $output == *"$KLP_INSTALL_DIR/6.1.0 is a symbolic link: refusing to use it"* ]]
	[ "$(ls "$T/elsewhere")" = file ]
	run manage load --all
	echo "$output"
	[ "$status" -eq 1 ]
	[[ $output == *"is a symbolic link: loading nothing"* ]]
	run manage uninstall lp_a
	[ "$status" -eq 1 ]
	[[ $output == *"is a symbolic link: refusing to use it"* ]]
	rm "$KLP_INSTALL_DIR/6.1.0"
	# the module file a link
	mkdir "$KLP_INSTALL_DIR/6.1.0"
	ln -s "$T/elsewhere/file" "$KLP_INSTALL_DIR/6.1.0/lp_a.ko"
	run manage install "$T/lp-a.ko"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ $output == *"$KLP_INSTALL_DIR/6.1.0/lp_a.ko is a symbolic link: refusing it"* ]]
	[ "$(cat "$T/elsewhere/file")" = precious ]
	[ -L "$KLP_INSTALL_DIR/6.1.0/lp_a.ko" ]
	run manage uninstall lp_a
	[ "$status" -eq 1 ]
	[[ $output == *"is a symbolic link"* ]]
	[ "$(cat "$T/elsewhere/file")" = precious ]
	# the boot verb loads nothing through it, and loads the others
	run manage install "$T/lp-b.ko"
	[ "$status" -eq 0 ]
	run manage load --all
	echo "$output"
	[ "$status" -eq 1 ]
	[[ $output == *"lp_a.ko is not a regular file: not loaded"* ]]
	[ "$(calls)" = "insmod|$KLP_INSTALL_DIR/6.1.0/lp_b.ko|" ]
	# a directory anyone may write to
	rm "$KLP_INSTALL_DIR/6.1.0/lp_a.ko"
	chmod 777 "$KLP_INSTALL_DIR/6.1.0"
	run manage install "$T/lp-a.ko"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ $output == *"is writable by anyone: refusing to use it"* ]]
	[ ! -e "$KLP_INSTALL_DIR/6.1.0/lp_a.ko" ]
	[ "$(ls -A "$KLP_INSTALL_DIR/6.1.0")" = lp_b.ko ]
	# a directory another user owns
	chmod 755 "$KLP_INSTALL_DIR/6.1.0"
	chown 65534 "$KLP_INSTALL_DIR/6.1.0"
	run manage install "$T/lp-a.ko"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ $output == *"6.1.0 belongs to user 65534, not to us: refusing to use it"* ]]
	[ ! -e "$KLP_INSTALL_DIR/6.1.0/lp_a.ko" ]
}

@test "atomic: install writes a temporary file in the directory and renames it" {
	fake_kernel 6.1.0 "$VMA"
	lp lp-a
	run manage install "$T/lp-a.ko"
	[ "$status" -eq 0 ]
	ino=$(stat -c %i "$KLP_INSTALL_DIR/6.1.0/lp_a.ko")
	lp lp-a klp_identity=xxh128:new
	# a reader of the old file keeps it whole: a new inode, no partial one
	exec 4< "$KLP_INSTALL_DIR/6.1.0/lp_a.ko"
	run manage install "$T/lp-a.ko"
	[ "$status" -eq 0 ]
	[ "$(stat -c %i "$KLP_INSTALL_DIR/6.1.0/lp_a.ko")" != "$ino" ]
	grep -q xxh128:lp-a <&4
	exec 4<&-
	cmp "$T/lp-a.ko" "$KLP_INSTALL_DIR/6.1.0/lp_a.ko"
	[ "$(ls -A "$KLP_INSTALL_DIR/6.1.0")" = lp_a.ko ]
}

@test "boot: loads the running release's modules, bases first, and logs each" {
	fake_kernel 6.1.0 "$VMA"
	lp lp-a livepatch=Y
	lp lp-b depends=lp-a klp_built_on=lp_a=xxh128:lp-a
	lp lp-0 depends=lp-b klp_built_on=lp_b=xxh128:lp-b
	lp lp-c 'vermagic=6.2.0 SMP'
	run manage install "$T/lp-0.ko" "$T/lp-b.ko" "$T/lp-a.ko" "$T/lp-c.ko"
	[ "$status" -eq 0 ]
	run manage boot
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "loaded lp_a
loaded lp_b
loaded lp_0" ]
	d=$KLP_INSTALL_DIR/6.1.0
	[ "$(calls)" = "insmod|$d/lp_a.ko|
insmod|$d/lp_b.ko|
insmod|$d/lp_0.ko|" ]
	[ "$(cat "$T/syslog")" = "klp-manage daemon.info loaded lp_a
klp-manage daemon.info loaded lp_b
klp-manage daemon.info loaded lp_0" ]
	# again: loaded already, nothing done
	run manage load --all
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "already loaded lp_a
already loaded lp_b
already loaded lp_0" ]
	[ "$(calls | wc -l)" = 3 ]
	run manage list
	[[ $output == *"installed 6.1.0 lp_0
installed 6.1.0 lp_a
installed 6.1.0 lp_b
installed 6.2.0 lp_c" ]]
}

@test "boot: another build of the release, a failed load: skipped with a message, the others load" {
	fake_kernel 6.1.0 "$VMA"
	lp lp-a
	lp lp-b depends=lp-a klp_built_on=lp_a=xxh128:lp-a
	lp lp-c
	lp lp-d fake_fail=1
	lp lp-e
	mkko "$T/other/lp-f.ko" livepatch=Y "vmlinux=$VMB"
	mkko "$T/other/lp-g.ko" livepatch=Y "vmlinux=$VMB" depends=lp-c
	# built on a failing base
	lp lp-h depends=lp-d klp_built_on=lp_d=xxh128:lp-d
	run manage install "$T"/lp-[a-e].ko "$T/other/lp-f.ko" "$T/other/lp-g.ko" "$T/lp-h.ko"
	echo "$output"
	[ "$status" -eq 0 ]
	run manage boot
	echo "$output"
	[ "$status" -eq 1 ]
	[[ $output == *"lp_d: insmod failed"* ]]
	[[ $output == *"lp_f was built for another build of the kernel: the running one (build id $(hexid "$VMA"), release 6.1.0) is not among the builds it was made for"* ]]
	[[ $output == *"lp_g was built for another build of the kernel"* ]]
	[[ $output == *"lp_h: not loaded: it is built on lp_d, which did not load"* ]]
	for m in lp_a lp_b lp_c lp_e; do
		[[ $output == *"loaded $m"* ]]
		[ -d "$KLP_SYSFS_ROOT/sys/module/$m" ]
	done
	for m in lp_d lp_f lp_g lp_h; do
		[ ! -d "$KLP_SYSFS_ROOT/sys/module/$m" ]
	done
	[[ $(calls) != *lp_f* && $(calls) != *lp_g* && $(calls) != *lp_h* ]]
	grep -q "^klp-manage daemon.err klp-manage: lp_f was built for another build" "$T/syslog"
	grep -qx "klp-manage daemon.info loaded lp_e" "$T/syslog"
	# a plain load of it is refused too
	run manage load "$T/other/lp-f.ko"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ $output == *"lp_f was built for another build of the kernel"* ]]
}

@test "boot: nothing installed for the running release loads nothing, and says so" {
	fake_kernel 6.1.0 "$VMA"
	lp lp-c 'vermagic=6.2.0 SMP'
	run manage install "$T/lp-c.ko"
	run manage boot
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "nothing installed for 6.1.0" ]
	[ "$(calls)" = "" ]
	run manage boot extra
	[ "$status" -eq 1 ]
	run manage load --all lp_c
	[ "$status" -eq 1 ]
	[[ $output == *"usage: klp-manage load --all, or klp-manage load MODULE..."* ]]
}

@test "boot: a release an installed cumulative release supersedes is not loaded" {
	fake_kernel 6.1.0 "$VMA"
	lp lp-v6 klp_replace=1
	lp lp-v7 klp_replace=1 klp_supersedes=lp_v6 klp_previous_ids=lp_v6=xxh128:lp-v6
	lp lp-v10 klp_replace=1 'klp_supersedes=lp_v7 lp_hotfix' \
		'klp_previous_ids=lp_v7=xxh128:lp-v7 lp_hotfix=xxh128:lp-hotfix'
	run manage install "$T/lp-v6.ko" "$T/lp-v7.ko"
	[ "$status" -eq 0 ]
	run manage boot
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "not loading lp_v6: lp_v7, installed too, supersedes it
loaded lp_v7" ]
	rm -r "$KLP_SYSFS_ROOT/sys/kernel/livepatch/lp_v7"
	by_hand rmmod lp_v7
	# lp-v10 sorts first: it is the one loaded
	run manage install "$T/lp-v10.ko"
	[ "$status" -eq 0 ]
	run manage boot
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "not loading lp_v7: lp_v10, installed too, supersedes it
not loading lp_v6: lp_v7, installed too, supersedes it
loaded lp_v10" ]
	d=$KLP_INSTALL_DIR/6.1.0
	[ "$(calls)" = "insmod|$d/lp_v7.ko|
insmod|$d/lp_v10.ko|" ]
}

@test "kpatch verbs: load NAME of an installed module, info, unload --all, signal" {
	fake_kernel 6.1.0 "$VMA"
	lp lp-a 'fake_funcs=vmlinux/cmdline_proc_show,1'
	lp lp-b depends=lp-a klp_built_on=lp_a=xxh128:lp-a 'fake_funcs=vmlinux/version_proc_show,1'
	lp lp-c 'fake_funcs=vmlinux/meminfo_proc_show,1'
	run manage install "$T/lp-a.ko" "$T/lp-b.ko"
	[ "$status" -eq 0 ]
	# kpatch's load MODULE: a file, else an installed module's name
	run manage load lp-b lp_a
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "loaded lp_a
loaded lp_b" ]
	run manage load lp_c
	echo "$output"
	[ "$status" -eq 1 ]
	[[ $output == *"lp_c: no such module file, and lp_c is not installed for 6.1.0"* ]]
	run manage load "$T/lp-c.ko"
	[ "$status" -eq 0 ]
	run manage info lp_b
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "lp_b enabled=1 transition=0 replace=0 base=lp_a
  object vmlinux patched=1: version_proc_show,1
installed 6.1.0 $KLP_INSTALL_DIR/6.1.0/lp_b.ko" ]
	run manage info "$T/lp-b.ko"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ $output == *"depends=lp-a"*"klp_built_on=lp_a=xxh128:lp-a"*"vermagic=6.1.0 SMP mod_unload"* ]]
	run manage info lp_z
	[ "$status" -eq 1 ]
	[[ $output == *"no livepatch lp_z loaded or installed"* ]]
	# signal: the patches in transition only
	echo 1 > "$KLP_SYSFS_ROOT/sys/kernel/livepatch/lp_c/transition"
	echo 0 > "$KLP_SYSFS_ROOT/sys/kernel/livepatch/lp_c/signal"
	run manage signal
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "signalled the tasks lp_c waits for" ]
	[ "$(cat "$KLP_SYSFS_ROOT/sys/kernel/livepatch/lp_c/signal")" = 1 ]
	echo 0 > "$KLP_SYSFS_ROOT/sys/kernel/livepatch/lp_c/transition"
	# unload --all: the dependents first
	fake_disabling
	run manage unload --all
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "unloaded lp_b
unloaded lp_c
unloaded lp_a" ]
	[ -z "$(ls "$KLP_SYSFS_ROOT/sys/module")" ]
	run manage unload --all lp_a
	[ "$status" -eq 1 ]
	# the installed modules stay
	[ "$(installed)" = "./6.1.0/lp_a.ko
./6.1.0/lp_b.ko" ]
}

@test "kpatch verbs: unknown options refused, force and version not supported" {
	lp lp-a
	for args in "load --al" "unload -a" "install --all $T/lp-a.ko" "uninstall --all lp_a" \
		"install -K 6.1.0 $T/lp-a.ko" "list --all" "info -k 6.1.0 lp_a" "boot --all"; do
		# shellcheck disable=SC2086 # words
		run manage $args
		echo "$args: $output"
		[ "$status" -eq 1 ]
		[[ $output == *"not an option of klp-manage ${args%% *}"* ]]
	done
	for cmd in force version; do
		run manage "$cmd"
		echo "$output"
		[ "$status" -eq 1 ]
		[[ $output == *"$cmd is not supported"* ]]
	done
	[ "$(calls)" = "" ]
	[ ! -e "$KLP_INSTALL_DIR" ]
}

@test "man page: every verb, option and variable of klp-manage is documented" {
	man=$BATS_TEST_DIRNAME/../../kpatch-build/klp-manage.1
	verbs=$(sed -n 's/^\([a-z |-]*\)) ;;$/\1/p' "$MANAGE" | tr -d ' ' | tr '|' ' ')
	[[ $verbs == *install* ]]
	for v in $verbs; do
		grep -q "^\.B klp-manage $v" "$man" || { echo "no $v in the man page"; false; }
	done
	for word in '\\-\\-all' '\\-\\-kernel\\-version=' KLP_TIMEOUT KLP_INSTALL_DIR KLP_STATE_DIR \
		KLP_SYSFS_ROOT force version; do
		grep -q -- "$word" "$man" || { echo "no $word in the man page"; false; }
	done
	# and the usage names the same verbs
	run manage
	for v in $verbs; do
		[[ $output == *"klp-manage $v"* ]] || { echo "no $v in the usage"; false; }
	done
}

@test "make install: klp-manage, its man page, the unit; the init script when asked" {
	cd "$BATS_TEST_DIRNAME/../.."
	make -s install DESTDIR="$T/d" PREFIX=/usr
	[ -x "$T/d/usr/bin/klp-manage" ]
	[ -f "$T/d/usr/share/man/man1/klp-manage.1" ]
	grep -qx "ExecStart=/usr/bin/klp-manage boot" "$T/d/usr/lib/systemd/system/klp-manage.service"
	[ ! -e "$T/d/etc" ]
	make -s install DESTDIR="$T/e" PREFIX=/usr/local SYSTEMD_UNIT_DIR=/lib/systemd/system INITSCRIPT=1
	grep -qx "ExecStart=/usr/local/bin/klp-manage boot" "$T/e/lib/systemd/system/klp-manage.service"
	grep -qx "KLP_MANAGE=/usr/local/bin/klp-manage" "$T/e/etc/init.d/klp-manage"
	[ -x "$T/e/etc/init.d/klp-manage" ]
	run grep -rl @BINDIR@ "$T/d" "$T/e"
	[ "$status" -eq 1 ]
}

# wrong_build KO: KO made as if for another vmlinux build of the release:
# the first .kpatch.build_ids entry (the vmlinux's) gets another id, in
# place (objcopy --update-section would lose the entry's relocation).
wrong_build() {
	local off
	off=$(readelf -SW "$1" | sed -n 's/.* \.kpatch\.build_ids  *PROGBITS  *[0-9a-f]*  *\([0-9a-f]*\) .*/\1/p')
	[[ -n $off ]]
	printf '\377%.0s' {1..20} | dd of="$1" bs=1 seek=$((0x$off + 16)) conv=notrunc status=none
}

@test "guest: installed modules load at boot as the init script runs them, bases first, not another build's" {
	PATH=${PATH#"$FAKE_BIN:"}
	unset KLP_SYSFS_ROOT KLP_STATE_DIR KLP_INSTALL_DIR KLP_TIMEOUT
	setup_kernel
	build inst-a "$PATCHES/replace-a.patch" -R
	cp "$PATCHES/replace-a.patch" "$BATS_TEST_TMPDIR/out/"
	build inst-b "$PATCHES/stack-b.patch" -R --base "$BATS_TEST_TMPDIR/out/lp-inst-a.ko"
	build inst-0 "$PATCHES/string.patch"
	wrong_build "$BATS_TEST_TMPDIR/out/lp-inst-0.ko"
	sed 's|@BINDIR@|/bin|' "$REPO/kpatch-build/klp-manage.init" > "$BATS_TEST_TMPDIR/init"
	guest --module "$BATS_TEST_TMPDIR/out/lp-inst-a.ko" --module "$BATS_TEST_TMPDIR/out/lp-inst-b.ko" \
		--module "$BATS_TEST_TMPDIR/out/lp-inst-0.ko" \
		--file "$REPO/kpatch-build/klp-manage:/bin/klp-manage" \
		--file "$BATS_TEST_TMPDIR/init:/etc/init.d/klp-manage" <<'GUEST'
rel=$(uname -r)
out=$(klp-manage install /modules/lp-inst-b.ko /modules/lp-inst-a.ko /modules/lp-inst-0.ko)
expect_eq "installed for the running release, bases first" "$out" "installed lp_inst_a for $rel
installed lp_inst_0 for $rel
installed lp_inst_b for $rel"
expect_eq "in /var/lib/livepatch/$rel" "$(ls /var/lib/livepatch/"$rel")" "lp_inst_0.ko
lp_inst_a.ko
lp_inst_b.ko"
expect_eq "nothing loaded yet" "$(cat /proc/cmdline)" "$(cat /proc/cmdline | sed 's/ klp-a.*//')"
out=$(sh /etc/init.d/klp-manage start 2>&1)
expect_eq "the init script fails: one module did not load" "$?" 1
expect_match "the one for another build is refused by klp-manage" "$out" \
	"*lp_inst_0 was built for another build of the kernel*"
expect_match "the others load, bases first" "$out" "*loaded lp_inst_a
loaded lp_inst_b*"
expect_match "the fix of both is active" "$(cat /proc/cmdline)" "* klp-a klp-b"
expect_fail "the other build's is not" grep -q "^MemFree\[klp\]:" /proc/meminfo
expect_fail "it is not loaded" test -d /sys/module/lp_inst_0
expect_fail "its init would refuse it too" insmod /var/lib/livepatch/$rel/lp_inst_0.ko
expect_match "naming the build" "$(dmesg | tail -3)" "*vmlinux is not the build this patch was made for*"
list=$(klp-manage list)
expect_match "list: loaded and installed" "$list" "*lp_inst_b enabled=1*installed $rel lp_inst_a*"
out=$(sh /etc/init.d/klp-manage start 2>&1)
expect_match "started again: loaded already" "$out" "*already loaded lp_inst_a
already loaded lp_inst_b*"
expect_ok "kpatch's unload --all" klp-manage unload --all
expect_fail "the fix is gone" grep -q klp- /proc/cmdline
expect_ok "kpatch's load of an installed name" klp-manage load lp_inst_b lp_inst_a
expect_match "active again" "$(cat /proc/cmdline)" "* klp-a klp-b"
klp-manage unload --all
expect_ok "uninstall" klp-manage uninstall lp_inst_0 lp_inst_b lp_inst_a
expect_fail "nothing left" test -e /var/lib/livepatch/"$rel"
GUEST
}

@test "boot: two cumulative releases, neither superseding the other, are not loaded: the order would decide" {
	fake_kernel 6.1.0 "$VMA"
	# v3 supersedes v2 alone (no release here names v1), and v1 stayed installed
	lp lp-v1 klp_replace=1
	lp lp-v3 klp_replace=1 klp_supersedes=lp_v2 klp_previous_ids=lp_v2=xxh128:lp-v2
	lp lp-hot depends=lp-v3 klp_built_on=lp_v3=xxh128:lp-v3
	lp lp-other
	run manage install "$T/lp-v1.ko" "$T/lp-v3.ko" "$T/lp-hot.ko" "$T/lp-other.ko"
	[ "$status" -eq 0 ]
	run manage boot
	echo "$output"
	[ "$status" -eq 1 ]
	[[ $output == *"not loading lp_v1 lp_v3: cumulative releases, and none supersedes the others"* ]]
	[[ $output == *"lp_hot: not loaded: it is built on lp_v3, which did not load"* ]]
	[[ $output == *"loaded lp_other"* ]]
	[ "$(ls "$KLP_SYSFS_ROOT/sys/kernel/livepatch")" = lp_other ]
}
