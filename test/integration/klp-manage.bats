#!/usr/bin/env bats
# klp-manage on a fake system, no kernel, no VM (lib/fake-sys.bash):
#   bats test/integration/klp-manage.bats
# Installing and loading at boot: klp-install.bats.

# Scripts for other shells are single-quoted on purpose.
# shellcheck disable=SC2016

load lib/fake-sys.bash
@test "spaces: a module and its base in a directory with spaces are one argument each" {
	d="$T/dir with space"
	mkko "$d/lp-a.ko" klp_identity=xxh128:a1 buildid=aaaaaaaaaaaaaaaaaaa1
	mkko "$d/lp-b.ko" depends=lp-a klp_identity=xxh128:b1 klp_built_on=lp_a=xxh128:a1 \
		buildid=bbbbbbbbbbbbbbbbbbb1
	run manage load "$d/lp-b.ko" "$d/lp-a.ko"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "loaded lp_a
loaded lp_b" ]
	[ "$(calls)" = "insmod|$d/lp-a.ko|
insmod|$d/lp-b.ko|" ]
}

@test "spaces: one module in a directory with spaces loads and unloads" {
	d="$T/dir with space"
	mkko "$d/lp-a.ko" klp_identity=xxh128:a1 buildid=aaaaaaaaaaaaaaaaaaa1
	run manage load "$d/lp-a.ko"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "loaded lp_a" ]
	[ -f "$KLP_STATE_DIR/lp_a.modinfo" ]
	run manage unload lp-a
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "unloaded lp_a" ]
	[ "$(calls)" = "insmod|$d/lp-a.ko|
rmmod|lp_a|" ]
	[ ! -e "$KLP_STATE_DIR/lp_a.modinfo" ]
}

@test "globs: a path with glob characters is the file given, not a pattern" {
	mkko "$T/g*/lp-a.ko" klp_identity=xxh128:a1 buildid=aaaaaaaaaaaaaaaaaaa1
	mkko "$T/gx/lp-a.ko" klp_identity=xxh128:a2 buildid=aaaaaaaaaaaaaaaaaaa2
	mkko "$T/g*/lp-b.ko" depends=lp-a klp_identity=xxh128:b1 buildid=bbbbbbbbbbbbbbbbbbb1
	run manage load "$T/g*/lp-b.ko" "$T/g*/lp-a.ko"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(calls)" = "insmod|$T/g*/lp-a.ko|
insmod|$T/g*/lp-b.ko|" ]
}

@test "options: load -x.ko is refused, not taken for a module" {
	mkko "$T/-x.ko" buildid=xxxxxxxxxxxxxxxxxxx1
	mkko "$T/lp-a.ko" buildid=aaaaaaaaaaaaaaaaaaa1
	for args in "-x.ko" "lp-a.ko -x.ko" "-x.ko lp-a.ko"; do
		# shellcheck disable=SC2086 # words
		run manage load $args
		echo "$args: $output"
		[ "$status" -eq 1 ]
		[[ $output == *"klp-manage: -x.ko: not an option of klp-manage load"*"klp-manage load -- -x.ko"* ]]
	done
	[ "$(calls)" = "" ]
}

@test "options: unload, disable, info, upgrade and list refuse an argument starting with -" {
	mkko "$T/lp-a.ko" buildid=aaaaaaaaaaaaaaaaaaa1
	by_hand insmod "$T/lp-a.ko"
	for cmd in "unload -foo" "unload lp_a -f" "disable -foo" "info -foo" "upgrade -x.ko" \
		"list -l" "unload -"; do
		# shellcheck disable=SC2086 # words
		run manage $cmd
		echo "$cmd: $output"
		[ "$status" -eq 1 ]
		[[ $output == *"not an option of klp-manage ${cmd%% *}"* ]]
	done
	[ "$(calls)" = "" ]
	[ -d "$KLP_SYSFS_ROOT/sys/module/lp_a" ]
}

@test "options: after -- a file starting with - is loaded as ./-x.ko and unloaded by name" {
	mkko "$T/-x.ko" buildid=xxxxxxxxxxxxxxxxxxx1
	run manage load -- -x.ko
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "loaded _x" ]
	run manage unload -- -x
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "unloaded _x" ]
	[ "$(calls)" = "insmod|./-x.ko|
rmmod|_x|" ]
}

@test "already-loaded: the same build is reported and not loaded again" {
	mkko "$T/v1/lp-a.ko" klp_identity=xxh128:a1 buildid=aaaaaaaaaaaaaaaaaaa1
	run manage load "$T/v1/lp-a.ko"
	[ "$status" -eq 0 ]
	run manage load "$T/v1/lp-a.ko"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "already loaded lp_a" ]
	[ "$(calls)" = "insmod|$T/v1/lp-a.ko|" ]
}

@test "already-loaded: another build of the name is refused, naming both and the remedy" {
	mkko "$T/v1/lp-a.ko" klp_identity=xxh128:a1 buildid=aaaaaaaaaaaaaaaaaaa1
	mkko "$T/v2/lp-a.ko" klp_identity=xxh128:a2 buildid=aaaaaaaaaaaaaaaaaaa2
	run manage load "$T/v1/lp-a.ko"
	[ "$status" -eq 0 ]
	run manage load "$T/v2/lp-a.ko"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ $output == *"lp_a is loaded already, another build (build id $(hexid aaaaaaaaaaaaaaaaaaa1)) than $T/v2/lp-a.ko (build id $(hexid aaaaaaaaaaaaaaaaaaa2))"* ]]
	[[ $output == *"unload it first (klp-manage unload lp_a)"*"klp-manage upgrade"* ]]
	[ "$(calls)" = "insmod|$T/v1/lp-a.ko|" ]
}

@test "already-loaded: a build loaded by hand is told by its build id" {
	mkko "$T/v1/lp-a.ko" klp_identity=xxh128:a1 buildid=aaaaaaaaaaaaaaaaaaa1
	mkko "$T/v2/lp-a.ko" klp_identity=xxh128:a2 buildid=aaaaaaaaaaaaaaaaaaa2
	by_hand insmod "$T/v1/lp-a.ko"
	run manage load "$T/v2/lp-a.ko"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ $output == *"lp_a is loaded already, another build (build id $(hexid aaaaaaaaaaaaaaaaaaa1))"* ]]
	run manage load "$T/v1/lp-a.ko"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "already loaded lp_a" ]
	[ "$(calls)" = "" ]
	# known now: recorded for upgrades and the bases' checks
	grep -qx 'klp_identity=xxh128:a1' "$KLP_STATE_DIR/lp_a.modinfo"
}

@test "already-loaded: a stale record does not hide another build" {
	mkko "$T/v1/lp-a.ko" klp_identity=xxh128:a1 buildid=aaaaaaaaaaaaaaaaaaa1
	mkko "$T/v2/lp-a.ko" klp_identity=xxh128:a2 buildid=aaaaaaaaaaaaaaaaaaa2
	run manage load "$T/v1/lp-a.ko"
	[ "$status" -eq 0 ]
	# replaced by hand: the record still says v1
	by_hand rmmod lp_a
	by_hand insmod "$T/v2/lp-a.ko"
	run manage load "$T/v1/lp-a.ko"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ $output == *"another build (build id $(hexid aaaaaaaaaaaaaaaaaaa2))"* ]]
	run manage load "$T/v2/lp-a.ko"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "already loaded lp_a" ]
	grep -qx 'klp_identity=xxh128:a2' "$KLP_STATE_DIR/lp_a.modinfo"
}

@test "already-loaded: a base loaded as another build is refused before its dependent loads" {
	mkko "$T/v1/lp-a.ko" klp_identity=xxh128:a1 buildid=aaaaaaaaaaaaaaaaaaa1
	mkko "$T/v2/lp-a.ko" klp_identity=xxh128:a2 buildid=aaaaaaaaaaaaaaaaaaa2
	mkko "$T/v1/lp-b.ko" depends=lp-a klp_identity=xxh128:b1 klp_built_on=lp_a=xxh128:a1 \
		buildid=bbbbbbbbbbbbbbbbbbb1
	by_hand insmod "$T/v2/lp-a.ko"
	run manage load "$T/v1/lp-b.ko" "$T/v1/lp-a.ko"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ $output == *"lp_a is loaded already, another build"* ]]
	[ "$(calls)" = "" ]
	[ ! -e "$KLP_SYSFS_ROOT/sys/module/lp_b" ]
}

@test "recorded: without a build id, the identity klp-manage recorded tells the builds apart" {
	mkko "$T/v1/lp-a.ko" klp_identity=xxh128:a1
	mkko "$T/v2/lp-a.ko" klp_identity=xxh128:a2
	run manage load "$T/v1/lp-a.ko"
	[ "$status" -eq 0 ]
	run manage load "$T/v2/lp-a.ko"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ $output == *"another build (xxh128:a1 (recorded in $KLP_STATE_DIR)) than $T/v2/lp-a.ko (xxh128:a2)"* ]]
	run manage load "$T/v1/lp-a.ko"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "already loaded lp_a" ]
	[ "$(calls)" = "insmod|$T/v1/lp-a.ko|" ]
}

@test "srcversion: without a build id or record, the srcversion tells the builds apart" {
	mkko "$T/v1/lp-a.ko" klp_identity=xxh128:a1 srcversion=0123456789ABCDEF0123456
	mkko "$T/v2/lp-a.ko" klp_identity=xxh128:a2 srcversion=FEDCBA9876543210FEDCBA9
	by_hand insmod "$T/v1/lp-a.ko"
	run manage load "$T/v2/lp-a.ko"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ $output == *"another build (srcversion 0123456789ABCDEF0123456) than $T/v2/lp-a.ko (srcversion FEDCBA9876543210FEDCBA9)"* ]]
	run manage load "$T/v1/lp-a.ko"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "already loaded lp_a" ]
	[ "$(calls)" = "" ]
}

@test "untold: a loaded module nothing tells apart from the file is refused" {
	mkko "$T/v1/lp-a.ko" klp_identity=xxh128:a1
	by_hand insmod "$T/v1/lp-a.ko"
	run manage load "$T/v1/lp-a.ko"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ $output == *"lp_a is loaded already, and nothing tells whether it is the build in $T/v1/lp-a.ko"*"unload it first (klp-manage unload lp_a)"* ]]
	[ "$(calls)" = "" ]
}

@test "names: unload, disable and info refuse patterns, paths, .. and newlines" {
	mkko "$T/x.ko" buildid=xxxxxxxxxxxxxxxxxxx1
	by_hand insmod "$T/x.ko"
	for cmd in unload disable info; do
		for name in '*' 'x*' '../x' 'a/x' '/x' '..' '.' 'x y' $'x\ny' '' 'x.o' $'x\e[2J'; do
			run manage "$cmd" "$name"
			echo "$cmd $name: $output"
			[ "$status" -eq 1 ]
			[[ $output == *"is not a module name (letters, digits, _ and - only)"* ]]
			[[ $output != *$'\e'* ]]
		done
	done
	run manage unload x '*'
	[ "$status" -eq 1 ]
	[ "$(calls)" = "" ]
	[ -d "$KLP_SYSFS_ROOT/sys/module/x" ]
}

@test "names: load refuses a file whose name is not a module name, or no file" {
	mkko "$T/x y.ko" buildid=xxxxxxxxxxxxxxxxxxx1
	mkko "$T/x*.ko" buildid=xxxxxxxxxxxxxxxxxxx2
	mkko "$T/.ko" buildid=xxxxxxxxxxxxxxxxxxx3
	mkko "$T/lp-a.ko" buildid=aaaaaaaaaaaaaaaaaaa1
	for ko in "$T/x y.ko" "$T/x*.ko" "$T/.ko"; do
		run manage load "$T/lp-a.ko" "$ko"
		echo "$output"
		[ "$status" -eq 1 ]
		[[ $output == *"$ko: \""*"\" is not a module name"* ]]
	done
	for ko in "$T/none.ko" "$T/" "$T"; do
		run manage load "$ko"
		echo "$output"
		[ "$status" -eq 1 ]
		[[ $output == *"$ko: no such module file"* ]]
	done
	[ "$(calls)" = "" ]
}

@test "names: a dependency in .modinfo that is not a module name is refused" {
	for deps in '../x' 'lp-a,a/b' 'x y' '..'; do
		mkko "$T/lp-b.ko" "depends=$deps" buildid=bbbbbbbbbbbbbbbbbbb1
		run manage load "$T/lp-b.ko"
		echo "$output"
		[ "$status" -eq 1 ]
		[[ $output == *"lp_b depends on \""*"\", not a module name"* ]]
	done
	[ "$(calls)" = "" ]
}

@test "noglob: a glob in a .modinfo list is not expanded" {
	# files in the directory klp-manage runs in, which the globs would match
	mkdir "$T/lp_q" "$T/lp_q=xxh128:q1"
	mkko "$T/lp-b.ko" 'depends=lp_*' buildid=bbbbbbbbbbbbbbbbbbb1
	run manage load "$T/lp-b.ko"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ $output == *'lp_b depends on "lp_*", not a module name'* ]]
	mkko "$T/lp-b.ko" 'klp_built_on=lp_*=xxh128:q1' buildid=bbbbbbbbbbbbbbbbbbb1
	run manage load "$T/lp-b.ko"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ $output == *'lp_b is built on "lp_*", not a module name'* ]]
	[ "$(calls)" = "" ]
}

@test "duplicates: two files of one module name are refused" {
	mkko "$T/v1/lp-a.ko" klp_identity=xxh128:a1 buildid=aaaaaaaaaaaaaaaaaaa1
	mkko "$T/v2/lp-a.ko" klp_identity=xxh128:a2 buildid=aaaaaaaaaaaaaaaaaaa2
	run manage load "$T/v1/lp-a.ko" "$T/v2/lp-a.ko"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ $output == *"$T/v1/lp-a.ko and $T/v2/lp-a.ko are both lp_a: give one"* ]]
	[ "$(calls)" = "" ]
	# the same file twice is the one module
	run manage load "$T/v1/lp-a.ko" "$T/v1/lp-a.ko"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "loaded lp_a" ]
}

@test "cycle: modules that depend on each other are refused" {
	mkko "$T/lp-a.ko" depends=lp-b buildid=aaaaaaaaaaaaaaaaaaa1
	mkko "$T/lp-b.ko" depends=lp-a buildid=bbbbbbbbbbbbbbbbbbb1
	run manage load "$T/lp-a.ko" "$T/lp-b.ko"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ $output == *"lp_a depends on itself, through the depends= of lp_a lp_b"* ]]
	[ "$(calls)" = "" ]
}

@test "list: patches, their objects, functions and bases" {
	mkko "$T/lp-a.ko" livepatch=Y klp_identity=xxh128:a1 buildid=aaaaaaaaaaaaaaaaaaa1 \
		'fake_funcs=vmlinux/cmdline_proc_show,1 vmlinux/version_proc_show,1'
	mkko "$T/lp-b.ko" livepatch=Y depends=lp-a klp_identity=xxh128:b1 \
		buildid=bbbbbbbbbbbbbbbbbbb1 'fake_funcs=vmlinux/meminfo_proc_show,1'
	run manage load "$T/lp-a.ko" "$T/lp-b.ko"
	echo "$output"
	[ "$status" -eq 0 ]
	run manage list
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "lp_a enabled=1 transition=0 replace=0
  object vmlinux patched=1: cmdline_proc_show,1 version_proc_show,1
lp_b enabled=1 transition=0 replace=0 base=lp_a
  object vmlinux patched=1: meminfo_proc_show,1" ]
	run manage info lp-b
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "lp_b enabled=1 transition=0 replace=0 base=lp_a
  object vmlinux patched=1: meminfo_proc_show,1" ]
	run manage unload lp_a
	[ "$status" -eq 1 ]
	[[ $output == *"lp_a is a base of lp_b"* ]]
}

@test "upgrade: replaces the loaded release, from a directory with spaces; refuses to revert a function" {
	d="$T/dir with space"
	mkko "$T/lp-v1.ko" livepatch=Y klp_replace=1 klp_identity=xxh128:v1 klp_states=1:1 \
		'klp_functions=vmlinux/cmdline_proc_show,1' 'fake_funcs=vmlinux/cmdline_proc_show,1'
	mkko "$d/lp-v2.ko" livepatch=Y klp_replace=1 klp_identity=xxh128:v2 klp_states=1:1 \
		klp_supersedes=lp_v1 klp_previous_ids=lp_v1=xxh128:v1 \
		'klp_functions=vmlinux/cmdline_proc_show,1 vmlinux/version_proc_show,1' \
		'fake_funcs=vmlinux/cmdline_proc_show,1 vmlinux/version_proc_show,1'
	mkko "$d/lp-v3.ko" livepatch=Y klp_replace=1 klp_identity=xxh128:v3 klp_states=1:1 \
		klp_supersedes=lp_v2 klp_previous_ids=lp_v2=xxh128:v2 \
		'klp_functions=vmlinux/cmdline_proc_show,1' 'fake_funcs=vmlinux/cmdline_proc_show,1'
	run manage load "$T/lp-v1.ko"
	[ "$status" -eq 0 ]
	run manage upgrade "$d/lp-v2.ko"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "removed lp_v1
upgraded to lp_v2" ]
	run manage upgrade "$d/lp-v3.ko"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ $output == *"upgrading to lp_v3 would revert vmlinux/version_proc_show,1 (patched by lp_v2) to the original"* ]]
	[ "$(calls)" = "insmod|$T/lp-v1.ko|
insmod|$d/lp-v2.ko|
rmmod|lp_v1|" ]
}

# The fake kernel never reverses a transition either (the guest test in
# kpatch-build.bats sees a real reversal).
@test "stuck: a transition that does not finish names the tasks not yet switched and where they are" {
	mkko "$T/lp-t.ko" livepatch=Y fake_transition=1 buildid=tttttttttttttttttttt \
		fake_funcs=vmlinux/pipe_read,1
	p=$KLP_SYSFS_ROOT/proc
	mkdir -p "$p/123/task/124" "$p/125/task/125" "$p/self"
	echo 0 > "$p/123/task/124/patch_state"
	echo cat > "$p/123/task/124/comm"
	printf '[<0>] pipe_wait_readable+0x10/0x20\n[<0>] pipe_read+0x8d/0x3b0\n[<0>] vfs_read+0x1/0x2\n' \
		> "$p/123/task/124/stack"
	echo 1 > "$p/125/task/125/patch_state"
	echo sh > "$p/125/task/125/comm"
	run manage load "$T/lp-t.ko"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ $output == *"lp_t: transition not finished after 1s: some task still runs a function it replaces; not yet switched: 124 (cat) in pipe_read; reversing it did not finish either"*"echo 1 > $KLP_SYSFS_ROOT/sys/kernel/livepatch/lp_t/force only if you know it is safe"* ]]
}

@test "usage: no command or an unknown one prints the usage" {
	for cmd in "" frob "-x" "--"; do
		run manage $cmd
		echo "$output"
		[ "$status" -eq 2 ]
		[[ $output == *"klp-manage load MODULE..."*"KLP_SYSFS_ROOT"* ]]
	done
	run manage unload
	[ "$status" -eq 1 ]
	[[ $output == *"usage: klp-manage unload NAME..."* ]]
}

@test "timeout: KLP_TIMEOUT must be a number of seconds" {
	KLP_TIMEOUT='x[$(touch pwned)]' run manage list
	echo "$output"
	[ "$status" -eq 1 ]
	[[ $output == *'KLP_TIMEOUT=x[$(touch pwned)]: not a number of seconds'* ]]
	[ ! -e pwned ]
}
