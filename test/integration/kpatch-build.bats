#!/usr/bin/env bats
# kpatch-build end to end: patches built into livepatch modules, loaded in
# the QEMU-booted 6.1 test kernel, behaviour checked before, during and
# after.  See lib/kpb.bash for the protocol.
# shellcheck disable=SC2030,SC2031

load lib/kpb.bash

setup_file() {
	setup_kernel
}

setup() {
	setup_kernel
}

@test "changed vmlinux function, visible in /proc" {
	patch_test cmdline
}

@test "kpatch's macro-callbacks: callbacks that read the object, with kpatch-macros.h alone" {
	patch_test macro-callbacks
}

@test "a __sched caller of its static __sched slow path: one named section, no relocation (#28)" {
	patch_test shapes-sched
}

@test "a shared named section's 2-byte tail jump: the copy jumps through a relocated jump (#28)" {
	patch_test shapes-sched-short
}

@test "a computed-goto interpreter: the new body gets its own label table (#28)" {
	patch_test shapes-interp
}

# Functions of a shared named section as the kernel has them: a nop added to
# each (every KLP_SHARED_EVERY-th of the test kernel's, default 40; 1 for all)
# gives a module the verifier accepted, or a refusal; never anything else
# (a nop the compiler cannot take there is skipped, exit 6, and so is a
# definition under an #ifdef this configuration leaves out, exit 4, which
# the verifier's accounting checked).
@test "shared named sections of the whole test kernel: a verified module or a refusal (#28)" {
	local built=0 refused=0 skipped=0 bad=0
	"$REPO/test/integration/lib/shared-sections.sh" "$BUILD" "$SRC" "$BATS_TEST_TMPDIR/shared" \
		"${KLP_SHARED_EVERY:-40}" > "$BATS_TEST_TMPDIR/list"
	[ -s "$BATS_TEST_TMPDIR/list" ]
	while read -r obj sec func patch; do
		run "$KPB" -s "$SRC" -c "$BUILD/.config" -v "$BUILD/vmlinux" --build-dir "$BUILD" \
			--cache "$BATS_FILE_TMPDIR/cache" -o "$BATS_TEST_TMPDIR/out" -n lp-shared -j 2 "$patch"
		case $status in
		0) built=$((built + 1)) ;;
		3) refused=$((refused + 1)); echo "$func ($sec): ${output##*refused: }" | head -n 1 ;;
		4 | 6) skipped=$((skipped + 1)) ;;	# a definition this config does not compile; no nop there
		*) bad=$((bad + 1)); echo "$func ($sec, $obj): exit $status"; echo "$output" | tail -n 3 ;;
		esac
	done < "$BATS_TEST_TMPDIR/list"
	echo "shared sections: $built built and verified, $refused refused, $skipped skipped, $bad other"
	[ "$bad" -eq 0 ] && [ "$built" -gt 0 ]
}

@test "string literal change" {
	patch_test string
}

@test "one patch touching two .c files" {
	patch_test two-files
}

@test "module code that starts using an export of a symbol namespace" {
	build namespace "$PATCHES/namespace.patch"
	[ "$(modinfo -F import_ns "$BATS_TEST_TMPDIR/out/lp-namespace.ko")" = KLP_TEST ]
	guest --module "$BATS_TEST_TMPDIR/out/lp-namespace.ko" --module "$BUILD/kernel/klp_testmod.ko" \
		--file "$PATCHES/namespace-LOADED.test:/loaded.test" <<'GUEST'
insmod /modules/klp_testmod.ko
expect_fail "namespace: old behaviour" sh /loaded.test
klp_load lp-namespace
expect_ok "namespace: the new code calls the namespaced export" sh /loaded.test
klp_unload lp-namespace
expect_fail "namespace: old behaviour again" sh /loaded.test
GUEST
}

@test "a change in a source kbuild compiles only inside another unit (kernel/sched/rt.c)" {
	build sched-included "$PATCHES/sched-included.patch"
	[[ $output == *"kernel/sched/build_policy.o (vmlinux):"*"changed: sched_rr_handler"* ]]
	check_loaded sched-included "$BATS_TEST_TMPDIR/out/lp-sched-included.ko"
}

@test "a new global defined in one changed file and called from another" {
	build shared-global "$PATCHES/shared-global.patch"
	[[ $output == *"new: klp_shared_twice"* ]]
	check_loaded shared-global "$BATS_TEST_TMPDIR/out/lp-shared-global.ko"
}

@test "several patch files build one module" {
	build multi "$PATCHES/multi-1.patch" "$PATCHES/multi-2.patch"
	check_loaded multi "$BATS_TEST_TMPDIR/out/lp-multi.ko"
}

@test "header change: every unit including it is recompiled, two change" {
	build header "$PATCHES/header.patch"
	run jq -r '[.units[] | select(.status == 0) | .object] | sort | join(" ")' \
		"$BATS_TEST_TMPDIR/header.json"
	[ "$output" = "fs/proc/meminfo.o fs/proc/version.o" ]
	run jq '.units | length' "$BATS_TEST_TMPDIR/header.json"
	[ "$output" -gt 2 ]
	check_loaded header "$BATS_TEST_TMPDIR/out/lp-header.ko"
}

@test "new function and new global data" {
	patch_test newfunc
}

@test "static local: the counter keeps counting across patching" {
	build static-local "$PATCHES/static-local.patch"
	guest --module "$BATS_TEST_TMPDIR/out/lp-static-local.ko" <<'GUEST'
cat /proc/klp_test/counter > /dev/null
expect_eq "original counts" "$(cat /proc/klp_test/counter)" "count=2"
klp_load lp-static-local
expect_eq "patched code continues the count" "$(cat /proc/klp_test/counter)" "count=3 patched"
klp_unload lp-static-local
expect_eq "original code continues it" "$(cat /proc/klp_test/counter)" "count=4"
GUEST
}

@test "function with a jump label: the new code follows the key both ways, and its state at load" {
	build jump-label "$PATCHES/jump-label.patch"
	guest --module "$BATS_TEST_TMPDIR/out/lp-jump-label.ko" \
		--file "$PATCHES/jump-label-LOADED.test:/loaded.test" <<'GUEST'
expect_fail "jump-label: old code before loading" sh /loaded.test
echo 1 > /proc/klp_test/jump
klp_load lp-jump-label
expect_eq "jump-label: key on at load, the new branch is on" "$(cat /proc/klp_test/jump)" "key=on patched"
expect_ok "jump-label: the new code follows the key" sh /loaded.test
klp_unload lp-jump-label
expect_fail "jump-label: old code after unloading" sh /loaded.test
GUEST
}

@test "function with a static call: the new code follows static_call_update" {
	patch_test static-call
}

@test "function with alternatives: the new code's alternative is applied" {
	patch_test alternative
}

@test "function with WARN_ON: the new code's WARN fires with its own file and line" {
	patch_test warn
}

@test "function with an exception table entry: the new code faults and recovers" {
	patch_test extable
}

@test "changed function with a .cold part: the new cold path is taken" {
	readelf -sW "$BUILD/kernel/klp_test.o" | grep -q " cold_show.cold$"
	patch_test cold
}

@test "-O2 object with a mergeable constant (.rodata.cst2) in the changed function" {
	# the changed function loads its two bytes from .rodata.cst2 through a
	# local label; the section holds the constants of other functions too
	readelf -rW "$BUILD/kernel/klp_test_o2.o" | grep -A3 "rela.text.emit_return'" | grep -q " \.LC[0-9]* - 4$"
	[ "$(objdump -s -j .rodata.cst2 "$BUILD/kernel/klp_test_o2.o" | tail -n1 | cut -c2-14)" = "0000 c3cc6690" ]
	build rodata-cst "$PATCHES/rodata-cst.patch"
	[[ $output == *"changed: emit_return"* ]]
	guest --module "$BATS_TEST_TMPDIR/out/lp-rodata-cst.ko" \
		--file "$PATCHES/rodata-cst-LOADED.test:/loaded.test" <<'GUEST'
expect_eq "rodata-cst: the original bytes" "$(cat /proc/klp_test_emit)" "emit=6690c3cc"
klp_load lp-rodata-cst
expect_ok "rodata-cst: the new code's constant" sh /loaded.test
klp_unload lp-rodata-cst
expect_eq "rodata-cst: the original bytes again" "$(cat /proc/klp_test_emit)" "emit=6690c3cc"
GUEST
}

@test "patched system call" {
	patch_test syscall
}

@test "callbacks and a shadow variable" {
	build callbacks "$PATCHES/callbacks.patch"
	guest --module "$BATS_TEST_TMPDIR/out/lp-callbacks.ko" <<'GUEST'
dmesg_mark
klp_load lp-callbacks
log=$(dmesg_since_mark)
expect_match "pre_patch ran" "$log" "*klp-callbacks: pre_patch*"
expect_match "post_patch ran" "$log" "*klp-callbacks: post_patch*"
expect_match "shadow variable counts" "$(cat /proc/cmdline)" "* klp-shadow-reads=1"
expect_match "and keeps counting" "$(cat /proc/cmdline)" "* klp-shadow-reads=2"
dmesg_mark
klp_unload lp-callbacks
log=$(dmesg_since_mark)
expect_match "pre_unpatch ran" "$log" "*klp-callbacks: pre_unpatch*"
expect_match "post_unpatch ran" "$log" "*klp-callbacks: post_unpatch*"
expect_fail "shadow output gone" grep -q klp-shadow /proc/cmdline
GUEST
}

@test "module function: module loaded before the patch, reloaded while patched" {
	build module "$PATCHES/module.patch"
	guest --module "$BATS_TEST_TMPDIR/out/lp-module.ko" --module "$BUILD/kernel/klp_testmod.ko" \
		--file "$PATCHES/module-LOADED.test:/loaded.test" <<'GUEST'
expect_ok "the module loads" insmod /modules/klp_testmod.ko
expect_fail "module: old behaviour" sh /loaded.test
klp_load lp-module
expect_ok "module: patched" sh /loaded.test
expect_ok "the module unloads while patched" rmmod klp_testmod
expect_ok "and loads again" insmod /modules/klp_testmod.ko
expect_ok "module: still patched after reload" sh /loaded.test
klp_unload lp-module
expect_fail "module: old behaviour after unloading the patch" sh /loaded.test
GUEST
}

@test "module function: module loaded after the patch (late patching)" {
	build module "$PATCHES/module.patch"
	guest --module "$BATS_TEST_TMPDIR/out/lp-module.ko" --module "$BUILD/kernel/klp_testmod.ko" \
		--file "$PATCHES/module-LOADED.test:/loaded.test" <<'GUEST'
klp_load lp-module
expect_ok "the module loads after the patch" insmod /modules/klp_testmod.ko
expect_ok "module: patched when it loads" sh /loaded.test
expect_ok "the module unloads" rmmod klp_testmod
klp_unload lp-module
expect_ok "the module loads without the patch" insmod /modules/klp_testmod.ko
expect_fail "module: old behaviour without the patch" sh /loaded.test
GUEST
}

# The tracepoint's key lives in klp_testmod: the livepatch's copy of
# testmod_trace_show() tests the key itself (a jump entry would be resolved
# only after the module's init).  Enabled, the event fires from the new
# code; disabled, it does not.  Two boots, as 6.1 cannot reload a module
# that a loaded livepatch has relocations into (no clear_relocate_add): the
# build warns, and the first boot sees the kernel refuse the reload.
@test "module function with its module's own tracepoint, enabled and firing from the new code" {
	build tp "$PATCHES/tracepoint.patch"
	[[ $output == *"while lp-tp is loaded, klp_testmod cannot be loaded again once removed"* ]]
	for order in module-first patch-first; do
		guest --module "$BATS_TEST_TMPDIR/out/lp-tp.ko" --module "$BUILD/kernel/klp_testmod.ko" <<GUEST
T=/sys/kernel/tracing
mount -t tracefs nodev \$T
events() { grep -o 'klp_testmod_show: version=[0-9]*' \$T/trace | tr '\n' ' '; }
show() { echo > \$T/trace; cat /proc/klp_testmod_trace > /dev/null; events; }
[ $order = patch-first ] && klp_load lp-tp
insmod /modules/klp_testmod.ko
expect_eq "disabled: no event" "\$(show)" ""
echo 1 > \$T/events/klp_testmod/klp_testmod_show/enable
if [ $order = module-first ]; then
	expect_eq "the original fires it" "\$(show)" "klp_testmod_show: version=1 "
	klp_load lp-tp
fi
expect_eq "patched ($order)" "\$(cat /proc/klp_testmod_trace)" "trace=patched"
expect_eq "the new code fires it" "\$(show)" "klp_testmod_show: version=2 "
echo 0 > \$T/events/klp_testmod/klp_testmod_show/enable
expect_eq "disabled again: the new code does not" "\$(show)" ""
echo 1 > \$T/events/klp_testmod/klp_testmod_show/enable
expect_eq "enabled again: it does" "\$(show)" "klp_testmod_show: version=2 "
if [ $order = module-first ]; then
	rmmod klp_testmod
	expect_fail "as the build warned, the module does not load again under the patch" \
		insmod /modules/klp_testmod.ko
	klp_unload lp-tp
	insmod /modules/klp_testmod.ko
	echo 1 > \$T/events/klp_testmod/klp_testmod_show/enable
else
	klp_unload lp-tp
fi
expect_eq "unpatched: the original fires it" "\$(show)" "klp_testmod_show: version=1 "
GUEST
	done
}

@test "replace: B over A leaves only B, A's function back to the original" {
	build replace-a "$PATCHES/replace-a.patch"
	build replace-b "$PATCHES/replace-b.patch"
	guest --module "$BATS_TEST_TMPDIR/out/lp-replace-a.ko" \
		--module "$BATS_TEST_TMPDIR/out/lp-replace-b.ko" <<'GUEST'
klp_load lp-replace-a
expect_match "A patches cmdline" "$(cat /proc/cmdline)" "* klp-a"
klp_load lp-replace-b
expect_match "B patches version" "$(cat /proc/version)" "*klp-b"
expect_fail "A's change is gone" grep -q klp-a /proc/cmdline
expect_eq "only B is left" "$(ls /sys/kernel/livepatch)" "lp_replace_b"
klp_unload lp-replace-b
expect_ok "the replaced module unloads" rmmod lp_replace_a
GUEST
}

@test "non-replace: two stacked patches, removable in either order" {
	build replace-a "$PATCHES/replace-a.patch" -R
	build replace-b "$PATCHES/replace-b.patch" -R
	guest --module "$BATS_TEST_TMPDIR/out/lp-replace-a.ko" \
		--module "$BATS_TEST_TMPDIR/out/lp-replace-b.ko" <<'GUEST'
klp_load lp-replace-a
klp_load lp-replace-b
expect_match "A active" "$(cat /proc/cmdline)" "* klp-a"
expect_match "B active" "$(cat /proc/version)" "*klp-b"
klp_unload lp-replace-a
expect_fail "A removed first" grep -q klp-a /proc/cmdline
expect_match "B still active" "$(cat /proc/version)" "*klp-b"
klp_load lp-replace-a
klp_unload lp-replace-b
expect_match "A active again" "$(cat /proc/cmdline)" "* klp-a"
expect_fail "B removed" grep -q klp-b /proc/version
klp_unload lp-replace-a
GUEST
}

@test "refused: __LINE__-shift only (no functional change)" {
	refused lineshift-FAIL
}

@test "refused: changed __init function" {
	refused init-FAIL
}

@test "refused: only new code, which no replaced function calls (a module changing nothing)" {
	refused newonly-FAIL
}

@test "refused: changed initializer of existing data" {
	refused data-FAIL
}

@test "a patch that does not compile: exit 6, and no work directory is left" {
	run "$KPB" -s "$SRC" -c "$BUILD/.config" -v "$BUILD/vmlinux" --build-dir "$BUILD" \
		--cache "$BATS_TEST_TMPDIR/cache" -o "$BATS_TEST_TMPDIR/out" "$PATCHES/nocompile-FAIL.patch"
	echo "$output"
	{ read -r code; read -r glob; } < "$PATCHES/nocompile-FAIL.expect"
	[ "$status" -eq "$code" ]
	# shellcheck disable=SC2053
	[[ $output == $glob ]]
	[[ $output == *"klp_syntax_error"* ]]
	[ -z "$(ls -d "$BATS_TEST_TMPDIR"/cache/work-* 2>/dev/null)" ]
	[ ! -e "$BATS_TEST_TMPDIR/out" ]
}

@test "refused: a patch that does not apply" {
	refused notapply-FAIL
	# GNU patch's own explanation is in the log, not only its command line
	grep -q "FAILED" "$BATS_FILE_TMPDIR/cache/logs/livepatch-notapply-FAIL.log"
}

@test "hostile environment and output: no secret under the cache, no module through a symlink" {
	local secret="kpb-secret-$RANDOM$RANDOM" out=$BATS_TEST_TMPDIR/out
	echo precious > "$BATS_TEST_TMPDIR/victim"
	mkdir -p "$out"
	ln -s "$BATS_TEST_TMPDIR/victim" "$out/lp-env.ko"
	ln -s "$BATS_TEST_TMPDIR/victim" "$out/.lp-env.ko.tmp"
	# a new cache: the kbuild record is made by this run, with the secret around
	run env KPB_CI_TOKEN="$secret" "$KPB" -s "$SRC" -c "$BUILD/.config" -v "$BUILD/vmlinux" \
		--build-dir "$BUILD" --cache "$BATS_TEST_TMPDIR/cache" -o "$out" -n lp-env \
		"$PATCHES/cmdline.patch"
	echo "$output"
	[ "$status" -eq 0 ]
	[ -n "$(ls "$BATS_TEST_TMPDIR"/cache/kbuild/)" ]
	[ -z "$(grep -rl -- "$secret" "$BATS_TEST_TMPDIR/cache")" ]
	[ "$(cat "$BATS_TEST_TMPDIR/victim")" = precious ]
	[ -f "$out/lp-env.ko" ] && [ ! -L "$out/lp-env.ko" ]
	# the record replays in today's environment: a second build uses it
	run "$KPB" -s "$SRC" -c "$BUILD/.config" -v "$BUILD/vmlinux" --build-dir "$BUILD" \
		--cache "$BATS_TEST_TMPDIR/cache" -o "$out" -n lp-env2 "$PATCHES/cmdline.patch"
	[ "$status" -eq 0 ]
	! grep -q "no usable record" "$BATS_TEST_TMPDIR/cache/logs/lp-env2.log"
}

@test "refused: a vmlinux from another build" {
	other=$BATS_TEST_TMPDIR/vmlinux
	objcopy --strip-symbol=cmdline_proc_show "$BUILD/vmlinux" "$other"
	run "$KPB" -s "$SRC" -c "$BUILD/.config" -v "$other" --build-dir "$BUILD" \
		--cache "$BATS_FILE_TMPDIR/cache" -o "$BATS_TEST_TMPDIR/out" "$PATCHES/cmdline.patch"
	echo "$output"
	[ "$status" -eq 5 ]
	[[ $output == *"does not match the kernel built from"*"cmdline_proc_show"* ]]
	[ ! -e "$BATS_TEST_TMPDIR/out" ]
}

@test "a vmlinux without a build id: built with a warning, and not checked at load" {
	other=$BATS_TEST_TMPDIR/vmlinux
	objcopy --remove-section .notes "$BUILD/vmlinux" "$other"
	run "$KPB" -s "$SRC" -c "$BUILD/.config" -v "$other" --build-dir "$BUILD" -n lp-noid \
		--cache "$BATS_FILE_TMPDIR/cache" -o "$BATS_TEST_TMPDIR/out" "$PATCHES/cmdline.patch"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ $output == *"warning: $other has no GNU build id: the module cannot check at load that vmlinux is the build it was made for"* ]]
	check_loaded cmdline "$BATS_TEST_TMPDIR/out/lp-noid.ko"
}

@test "refused: a config this toolchain would change, naming the options and the tool" {
	sed 's/^CONFIG_PAHOLE_VERSION=.*/CONFIG_PAHOLE_VERSION=999/' "$BUILD/.config" > "$BATS_TEST_TMPDIR/config"
	run "$KPB" -s "$SRC" -c "$BATS_TEST_TMPDIR/config" -v "$BUILD/vmlinux" --build-dir "$BUILD" \
		--cache "$BATS_FILE_TMPDIR/cache" -o "$BATS_TEST_TMPDIR/out" "$PATCHES/cmdline.patch"
	echo "$output"
	[ "$status" -eq 5 ]
	[[ $output == *"1 option differs (CONFIG_PAHOLE_VERSION 999 -> "*"install pahole, of the version the kernel was built with (Debian: dwarves)"* ]]
	[ ! -e "$BATS_TEST_TMPDIR/out" ]
}

@test "bad inputs, every option, under ASan: the documented exit code, a message naming the input, a valid report" {
	local json=$BATS_TEST_TMPDIR/report.json t=$BATS_TEST_TMPDIR p=$PATCHES/cmdline.patch
	local KPB=$REPO/build-san/bin/kpatch-build
	[ -x "$KPB" ] || make -C "$REPO" SAN=1 all > /dev/null
	export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1
	mkdir "$t/dir" "$t/dir.patch"
	: > "$t/empty"
	printf 'version 1\nbase b\nbogus line\n' > "$t/bad.series"
	# missing, empty, not a path (a file where a directory goes), wrong kind
	while IFS='|' read -r code what args; do
		for report in with without; do
			rm -f "$json"
			# shellcheck disable=SC2086 # args are words
			if [ $report = with ]; then kpb --json "$json" $args; else kpb $args; fi
			[ "$status" -eq "$code" ] || { echo "$args: exit $status, expected $code"; false; }
			[[ $output == *"$what"* ]] || { echo "$args: no '$what' in the message"; false; }
			[[ $output != *"Sanitizer"* ]] || { echo "$args: $output"; false; }
			[ $report = without ] || [ "$(jq -r .status "$json")" = "$code" ] ||
				{ echo "$args: report"; cat "$json"; false; }
		done
	done <<EOF
5|-c /nonexistent|-c /nonexistent $p
5|-c $t/dir: a directory|-c $t/dir $p
5|CONFIG_MODULES is not =y|-c $t/empty $p
5|-v $t/empty/x: Not a directory|-v $t/empty/x $p
5|-v $t/dir: a directory|-v $t/dir $p
5|not a vmlinux|-v $t/empty $p
5|not a vmlinux|-v $BUILD/.config $p
5|--symvers /nonexistent|--symvers /nonexistent $p
5|--symvers $t/dir: a directory|--symvers $t/dir $p
5|--build-dir /nonexistent|--build-dir /nonexistent $p
5|--build-dir $t/empty: not a directory|--build-dir $t/empty $p
5|-s $t/empty: not a directory|-s $t/empty $p
5|/nonexistent.ko|--previous /nonexistent.ko $p
5|$t/dir: a directory|--previous $t/dir $p
5|$t/empty has no manifest|--previous $t/empty $p
5|$BUILD/.config has no manifest|--previous $BUILD/.config $p
5|/nonexistent.ko|-R --base /nonexistent.ko $p
5|$BUILD/.config has no manifest|-R --base $BUILD/.config $p
2|/nonexistent.series|--series /nonexistent.series
2|$t/dir: a directory, not a file|--series $t/dir
2|$t/empty lists no patches|--series $t/empty
2|bad.series:3: 'bogus line'|--series $t/bad.series
5|--sign-key /nonexistent|--sign-key /nonexistent --sign-cert $BUILD/.config $p
2|--sign-key and --sign-cert go together|--sign-cert $BUILD/.config $p
5|--oot-module /nonexistent|--oot-module /nonexistent --oot-module-src $t/dir $p
5|--oot-module-src $t/empty: not a directory|--oot-module $BUILD/.config --oot-module-src $t/empty $p
2|-j 0: give between 1 and 256 jobs|-j 0 $p
2|-j abc: give between 1 and 256 jobs|-j abc $p
2|--kernel brings its own source tree|--kernel 6.1.0-56-amd64 $p
5|dir.patch: a directory|$t/dir.patch
5|/nonexistent.patch|/nonexistent.patch
5|$t/empty is not a unified diff|$t/empty
EOF
	# the report's own directory: checked before anything is built
	kpb --json /nonexistent/report.json "$p"
	[ "$status" -eq 2 ]
	[[ $output == *"--json /nonexistent/report.json: /nonexistent is not a directory"* ]]
	for a in "--info $t/empty" "--info /nonexistent" "--info-json $t/dir" "--info $BUILD/.config"; do
		# shellcheck disable=SC2086
		run "$KPB" $a
		[ "$status" -eq 5 ] || { echo "$a: exit $status"; false; }
		[[ $output == *"${a#* }"* && $output != *Sanitizer* ]]
	done
}

@test "paths holding quotes, spaces, \$(...), backquotes, dashes and newlines are data, never commands" {
	local odd="q'x \"d\" \$(touch pwned1) \`touch pwned2\`; touch pwned3 #"$'\n'"-n"
	local dir="$BATS_TEST_TMPDIR/-$odd" cwd=$BATS_TEST_TMPDIR/cwd
	# no blank: a series names one patch per line, as a word (and not as an option:
	# no leading dash there; names inside a patch are refused, hostile.bats)
	local name="\$(touch\${IFS}pwned4)\`touch\${IFS}pwned5\`'x"
	mkdir -p "$dir/series" "$cwd"
	cp "$PATCHES/cmdline.patch" "$dir/$name.patch"
	cp "$dir/$name.patch" "$dir/series/$name.patch"
	printf 'version 1\nbase b\n%s.patch\n' "$name" > "$dir/series/-$odd.series"
	cd "$cwd"
	run "$KPB" -s "$SRC" -c "$BUILD/.config" -v "$BUILD/vmlinux" --build-dir "$BUILD" \
		--cache "$BATS_FILE_TMPDIR/cache" -o "$dir/out" --json "$dir/$odd.json" -n lp-odd \
		-- "$dir/$name.patch"
	echo "$output"
	[ "$status" -eq 0 ]
	[ -f "$dir/out/lp-odd.ko" ]
	[ "$(jq -r .status "$dir/$odd.json")" = 0 ]
	run "$KPB" -s "$SRC" -c "$BUILD/.config" -v "$BUILD/vmlinux" --build-dir "$BUILD" \
		--cache "$BATS_FILE_TMPDIR/cache" -o "$dir/out" -n lp-odd-series \
		--series "$dir/series/-$odd.series"
	echo "$output"
	[ "$status" -eq 0 ]
	[ -f "$dir/out/lp-odd-series.ko" ]
	# kbuild works in the cache: such a path is refused before anything runs
	run "$KPB" -s "$SRC" -c "$BUILD/.config" -v "$BUILD/vmlinux" --build-dir "$BUILD" \
		--cache "$dir/cache" -o "$dir/out2" -n lp-odd "$PATCHES/cmdline.patch"
	echo "$output"
	[ "$status" -eq 2 ]
	[[ $output == *"kbuild works in this directory and cannot take a path holding \"'\""* ]]
	[ ! -e "$dir/cache" ] && [ ! -e "$dir/out2" ]
	[ -z "$(ls -A "$cwd")" ]
	[ -z "$(find "$BATS_TEST_TMPDIR" "$BATS_FILE_TMPDIR" -name 'pwned*')" ]
}

@test "refused: bad module names" {
	kpb -n "bad.name" "$PATCHES/cmdline.patch"
	[ "$status" -eq 2 ]
	[[ $output == *"not a module name"* ]]
	kpb -n "$(printf 'x%.0s' {1..56})" "$PATCHES/cmdline.patch"
	[ "$status" -eq 2 ]
}

@test "the source tree is untouched: after success, failure and interruption" {
	before=$(tree_state "$SRC")
	build cmdline "$PATCHES/cmdline.patch"
	[ "$(tree_state "$SRC")" = "$before" ]
	rm -r "$BATS_TEST_TMPDIR/out"
	refused data-FAIL
	[ "$(tree_state "$SRC")" = "$before" ]
	"$KPB" -s "$SRC" -c "$BUILD/.config" -v "$BUILD/vmlinux" --build-dir "$BUILD" \
		--cache "$BATS_FILE_TMPDIR/cache" -o "$BATS_TEST_TMPDIR/int" "$PATCHES/header.patch" \
		2> "$BATS_TEST_TMPDIR/int.log" &
	pid=$!
	until grep -q "compiling them" "$BATS_TEST_TMPDIR/int.log"; do sleep 0.1; done
	kill -INT "$pid"
	status=0
	wait "$pid" || status=$?
	cat "$BATS_TEST_TMPDIR/int.log"
	[ "$status" -eq 7 ]
	[ ! -e "$BATS_TEST_TMPDIR/int" ]
	[ "$(tree_state "$SRC")" = "$before" ]
	[ -z "$(ls -d "$BATS_FILE_TMPDIR"/cache/work-* 2>/dev/null)" ]
	# kill (SIGTERM), the same way
	"$KPB" -s "$SRC" -c "$BUILD/.config" -v "$BUILD/vmlinux" --build-dir "$BUILD" \
		--cache "$BATS_FILE_TMPDIR/cache" -o "$BATS_TEST_TMPDIR/int" "$PATCHES/header.patch" \
		2> "$BATS_TEST_TMPDIR/term.log" &
	pid=$!
	until grep -q "compiling them" "$BATS_TEST_TMPDIR/term.log"; do sleep 0.05; done
	kill "$pid"
	status=0
	wait "$pid" || status=$?
	cat "$BATS_TEST_TMPDIR/term.log"
	[ "$status" -eq 7 ]
	[ ! -e "$BATS_TEST_TMPDIR/int" ]
	[ "$(tree_state "$SRC")" = "$before" ]
	[ -z "$(ls -d "$BATS_FILE_TMPDIR"/cache/work-* 2>/dev/null)" ]
}

@test "out-of-tree module patched with --oot-module/--oot-module-src" {
	oot=$BATS_TEST_TMPDIR/oot
	cp -r "$BATS_TEST_DIRNAME/oot" "$oot"
	make -C "$BUILD" M="$oot" modules > "$BATS_TEST_TMPDIR/oot.log" 2>&1
	before=$(tree_state "$oot")
	build oot --oot-module "$oot/klp_oot.ko" --oot-module-src "$oot" "$PATCHES/oot.patch"
	[ "$(tree_state "$oot")" = "$before" ]
	guest --module "$BATS_TEST_TMPDIR/out/lp-oot.ko" --module "$oot/klp_oot.ko" \
		--file "$PATCHES/oot-LOADED.test:/loaded.test" <<'GUEST'
expect_ok "the out-of-tree module loads" insmod /modules/klp_oot.ko
expect_fail "oot: old behaviour" sh /loaded.test
klp_load lp-oot
expect_ok "oot: patched" sh /loaded.test
klp_unload lp-oot
expect_fail "oot: old behaviour after unloading" sh /loaded.test
GUEST
}

@test "the manifest: kpatch-build --info and --info-json read it without loading" {
	build newfunc "$PATCHES/newfunc.patch"
	ko=$BATS_TEST_TMPDIR/out/lp-newfunc.ko
	run "$KPB" --info "$ko"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ $output == *"mode:    replace"* ]]
	[[ $output == *"patch 1: newfunc.patch  xxh128:"* ]]
	[[ $output == *"replaces cmdline_proc_show,0"* ]]
	[[ $output == *"adds klp_count_read"* ]]
	[[ $output == *"adds data klp_reads"* ]]
	id=$(readelf -n "$BUILD/vmlinux" | sed -n 's/.*Build ID: //p')
	run "$KPB" --info-json "$ko"
	[ "$(jq -r .kernel.build_id <<< "$output")" = "$id" ]
	[ "$(jq -r '.objects.vmlinux.new_functions[0]' <<< "$output")" = klp_count_read ]
	[ "$(jq -r '.objects.vmlinux.new_data[0]' <<< "$output")" = klp_reads ]
	build stacked "$PATCHES/cmdline.patch" -R
	[ "$("$KPB" --info-json "$BATS_TEST_TMPDIR/out/lp-stacked.ko" | jq -r .mode)" = stacked ]
	run "$KPB" --info "$BUILD/kernel/klp_testmod.ko"
	[ "$status" -eq 5 ]
	[[ $output == *"not built by kpatch-build"* ]]
}

@test "stacked: a patch built on a base depends on it; an unrelated one does not" {
	build stack-a "$PATCHES/replace-a.patch" -R
	cp "$PATCHES/replace-a.patch" "$BATS_TEST_TMPDIR/out/"
	base=$BATS_TEST_TMPDIR/out/lp-stack-a.ko
	# stack-b.patch applies only on top of replace-a.patch
	kpb -R "$PATCHES/stack-b.patch"
	[ "$status" -eq 5 ]
	build stack-b "$PATCHES/stack-b.patch" -R --base "$base"
	[[ $output == *"lp-stack-a: dependent, overlap: cmdline_proc_show"* ]]
	[[ "$("$KPB" --info "$BATS_TEST_TMPDIR/out/lp-stack-b.ko")" == *"base:    lp-stack-a (overlap: cmdline_proc_show)"* ]]
	build stack-c "$PATCHES/replace-b.patch" -R --base "$base"
	[[ $output == *"lp-stack-a: independent"* ]]
	guest --module "$base" --module "$BATS_TEST_TMPDIR/out/lp-stack-b.ko" \
		--module "$BATS_TEST_TMPDIR/out/lp-stack-c.ko" <<'GUEST'
expect_fail "B without its base is refused by the loader" insmod /modules/lp-stack-b.ko
klp_load lp-stack-c
expect_match "C loads alone" "$(cat /proc/version)" "*klp-b"
klp_unload lp-stack-c
klp_load lp-stack-a
klp_load lp-stack-b
expect_match "B on A" "$(cat /proc/cmdline)" "* klp-a klp-b"
expect_fail "A cannot be removed under B" rmmod lp_stack_a
dmesg_mark
klp_disable lp_stack_a
expect_match "disabling A anyway is logged" "$(dmesg_since_mark)" "*lp_stack_a: disabled while 1 livepatch module(s) built on it are loaded*"
klp_unload lp-stack-b
expect_ok "A unloads once B is gone" rmmod lp_stack_a
expect_fail "cmdline is the original" grep -q klp- /proc/cmdline
klp_load lp-stack-a
klp_disable lp_stack_a
expect_fail "B refuses a base that is loaded but not enabled" insmod /modules/lp-stack-b.ko
expect_match "and says why" "$(dmesg | tail -5)" "*built on the livepatch lp_stack_a, which is not enabled*"
GUEST
}

@test "stacked: a patch compiled from a file its base changes depends on it (shared source)" {
	build src-a "$PATCHES/hazard-a.patch" -R
	cp "$PATCHES/hazard-a.patch" "$BATS_TEST_TMPDIR/out/"
	build src-b "$PATCHES/alternative.patch" -R --base "$BATS_TEST_TMPDIR/out/lp-src-a.ko"
	[[ $output == *"lp-src-a: dependent, shared source: kernel/klp_test.c"* ]]
	guest --module "$BATS_TEST_TMPDIR/out/lp-src-a.ko" --module "$BATS_TEST_TMPDIR/out/lp-src-b.ko" <<'GUEST'
expect_fail "B without its base is refused by the loader" insmod /modules/lp-src-b.ko
klp_load lp-src-a
klp_load lp-src-b
expect_eq "A's change" "$(cat /proc/klp_test/pair)" "pair-a=11"
expect_eq "B's change" "$(cat /proc/klp_test/alternative)" "alt=2 fpu=1 patched"
klp_unload lp-src-b
klp_unload lp-src-a
GUEST
}

@test "stacked: a dependent refuses a base of the same name built from other patches" {
	build stack-a "$PATCHES/replace-a.patch" -R
	cp "$PATCHES/replace-a.patch" "$BATS_TEST_TMPDIR/out/"
	build stack-b "$PATCHES/stack-b.patch" -R --base "$BATS_TEST_TMPDIR/out/lp-stack-a.ko"
	want=$("$KPB" --info-json "$BATS_TEST_TMPDIR/out/lp-stack-a.ko" | jq -r .identity)
	[[ $want == xxh128:* ]]
	[ "$("$KPB" --info-json "$BATS_TEST_TMPDIR/out/lp-stack-b.ko" | jq -r '.bases[0].identity')" = "$want" ]
	kpb -R -n lp-stack-a -o "$BATS_TEST_TMPDIR/other" "$PATCHES/replace-b.patch"
	[ "$status" -eq 0 ]
	# a manifest edited after the build no longer matches the identity
	mkdir "$BATS_TEST_TMPDIR/edited"
	cp "$BATS_TEST_TMPDIR/out/replace-a.patch" "$BATS_TEST_TMPDIR/edited/"
	objcopy --dump-section .klp.manifest="$BATS_TEST_TMPDIR/manifest.orig" \
		"$BATS_TEST_TMPDIR/out/lp-stack-a.ko" "$BATS_TEST_TMPDIR/copy.ko"
	tr -d '\0' < "$BATS_TEST_TMPDIR/manifest.orig" | jq '.shadow_ids += ["0x1"]' > "$BATS_TEST_TMPDIR/manifest"
	printf '\0' >> "$BATS_TEST_TMPDIR/manifest"
	objcopy --update-section .klp.manifest="$BATS_TEST_TMPDIR/manifest" \
		"$BATS_TEST_TMPDIR/out/lp-stack-a.ko" "$BATS_TEST_TMPDIR/edited/lp-stack-a.ko"
	kpb -R "$PATCHES/stack-b.patch" --base "$BATS_TEST_TMPDIR/edited/lp-stack-a.ko"
	echo "$output"
	[ "$status" -eq 5 ]
	[[ $output == *"lp-stack-a.ko: its manifest does not match its identity"* ]]
	guest --module "$BATS_TEST_TMPDIR/out/lp-stack-a.ko" --module "$BATS_TEST_TMPDIR/out/lp-stack-b.ko" \
		--file "$BATS_TEST_TMPDIR/other/lp-stack-a.ko:/other/lp-stack-a.ko" \
		--file "$REPO/kpatch-build/klp-manage:/bin/klp-manage" <<GUEST
expect_ok "klp-manage loads the other lp-stack-a" klp-manage load /other/lp-stack-a.ko
expect_match "klp-manage refuses B on it" "\$(klp-manage load /modules/lp-stack-b.ko 2>&1)" \
	"*lp_stack_b was built on lp_stack_a $want, but the loaded lp_stack_a is xxh128:*, another build*"
expect_fail "B's init refuses it too" insmod /modules/lp-stack-b.ko
expect_match "naming both builds" "\$(dmesg | tail -3)" "*built on the livepatch lp_stack_a $want, but the loaded lp_stack_a is xxh128:*, another build*"
klp-manage unload lp_stack_a
expect_ok "B and the A it was built on" klp-manage load /modules/lp-stack-b.ko /modules/lp-stack-a.ko
expect_match "B on that A" "\$(cat /proc/cmdline)" "* klp-a klp-b"
klp-manage unload lp_stack_b lp_stack_a
GUEST
}

@test "stacked: the direct-call hazard is fixed by replacing the caller too" {
	build hazard-a "$PATCHES/hazard-a.patch" -R
	cp "$PATCHES/hazard-a.patch" "$BATS_TEST_TMPDIR/out/"
	build hazard-b "$PATCHES/hazard-b.patch" -R --base "$BATS_TEST_TMPDIR/out/lp-hazard-a.ko"
	[[ $output == *"direct-call hazard: its pair_show calls its own pair_g"* ]]
	run "$KPB" --info "$BATS_TEST_TMPDIR/out/lp-hazard-b.ko"
	[[ $output == *"replaces pair_g,0"* ]]
	[[ $output == *"replaces pair_show,0"* ]]
	guest --module "$BATS_TEST_TMPDIR/out/lp-hazard-a.ko" \
		--module "$BATS_TEST_TMPDIR/out/lp-hazard-b.ko" <<'GUEST'
expect_eq "original" "$(cat /proc/klp_test/pair)" "pair=2"
klp_load lp-hazard-a
expect_eq "A replaces both" "$(cat /proc/klp_test/pair)" "pair-a=11"
klp_load lp-hazard-b
expect_eq "B's pair_g is reached from A's pair_show change" "$(cat /proc/klp_test/pair)" "pair-a=101"
klp_unload lp-hazard-b
expect_eq "back to A" "$(cat /proc/klp_test/pair)" "pair-a=11"
klp_unload lp-hazard-a
expect_eq "original again" "$(cat /proc/klp_test/pair)" "pair=2"
GUEST
}

@test "stacked: the direct-call hazard holds for a global callee (a module has .rela and .klp.rela for one section)" {
	build hazard-global-a "$PATCHES/hazard-global-a.patch" -R
	cp "$PATCHES/hazard-global-a.patch" "$BATS_TEST_TMPDIR/out/"
	build hazard-global-b "$PATCHES/hazard-global-b.patch" -R \
		--base "$BATS_TEST_TMPDIR/out/lp-hazard-global-a.ko"
	[[ $output == *"direct-call hazard: its pair_show calls its own klp_test_ns_value"* ]]
	run "$KPB" --info "$BATS_TEST_TMPDIR/out/lp-hazard-global-b.ko"
	[[ $output == *"replaces pair_show,0"* && $output == *"replaces klp_test_ns_value,0"* ]]
	guest --module "$BATS_TEST_TMPDIR/out/lp-hazard-global-a.ko" \
		--module "$BATS_TEST_TMPDIR/out/lp-hazard-global-b.ko" <<'GUEST'
expect_eq "original" "$(cat /proc/klp_test/pair)" "pair=2"
klp_load lp-hazard-global-a
expect_eq "A: its pair_show calls its own klp_test_ns_value" "$(cat /proc/klp_test/pair)" "pair=44"
klp_load lp-hazard-global-b
expect_eq "B's klp_test_ns_value is reached from the caller" "$(cat /proc/klp_test/pair)" "pair=45"
klp_unload lp-hazard-global-b
expect_eq "back to A" "$(cat /proc/klp_test/pair)" "pair=44"
klp_unload lp-hazard-global-a
expect_eq "original again" "$(cat /proc/klp_test/pair)" "pair=2"
GUEST
}

# hazard_refused NAME VALUE GLOB: base lp-NAME-a from patches/NAME-a.patch
# reads /proc/klp_test/pair as VALUE; hazard-b.patch on it is exit 3 as GLOB.
hazard_refused() {
	local a=lp-$1-a
	build "$1-a" "$PATCHES/$1-a.patch" -R
	cp "$PATCHES/$1-a.patch" "$BATS_TEST_TMPDIR/out/"
	guest --module "$BATS_TEST_TMPDIR/out/$a.ko" <<GUEST
klp_load $a
expect_eq "the base reaches its own pair_g" "\$(cat /proc/klp_test/pair)" "$2"
klp_unload $a
GUEST
	kpb -R -n "lp-$1-b" --base "$BATS_TEST_TMPDIR/out/$a.ko" "$PATCHES/hazard-b.patch"
	echo "$output"
	[ "$status" -eq 3 ]
	# shellcheck disable=SC2053
	[[ $output == $3 ]]
	[ ! -e "$BATS_TEST_TMPDIR/out/lp-$1-b.ko" ]
}

@test "stacked: the hazard through a function the base adds is refused, naming it" {
	hazard_refused hazard-new pair-a=22 \
		"*lp-hazard-new-a: direct-call hazard: its new function pair_h calls its own pair_g, which this patch replaces*"
}

# A base built now stores the running pair_g's address (function identity,
# #28): calls through it pass ftrace and reach the newest pair_g.  A base of
# an older kpatch-build that holds its own copy's address is still refused
# (refuse_stale_pointers).
@test "stacked: a function pointer in the base's data holds the running address, so no hazard" {
	build hazard-ptr-a "$PATCHES/hazard-ptr-a.patch" -R
	cp "$PATCHES/hazard-ptr-a.patch" "$BATS_TEST_TMPDIR/out/"
	build hazard-ptr-b "$PATCHES/hazard-b.patch" -R --base "$BATS_TEST_TMPDIR/out/lp-hazard-ptr-a.ko"
	[[ $output != *"pointer hazard"* && $output != *"direct-call hazard"* ]]
	guest --module "$BATS_TEST_TMPDIR/out/lp-hazard-ptr-a.ko" \
		--module "$BATS_TEST_TMPDIR/out/lp-hazard-ptr-b.ko" <<'GUEST'
expect_eq "original" "$(cat /proc/klp_test/pair)" "pair=2"
klp_load lp-hazard-ptr-a
expect_eq "A's pointer reaches A's pair_g through the running address" "$(cat /proc/klp_test/pair)" "pair-a=11"
klp_load lp-hazard-ptr-b
expect_eq "and B's pair_g once B is loaded" "$(cat /proc/klp_test/pair)" "pair-a=101"
klp_unload lp-hazard-ptr-b
expect_eq "back to A" "$(cat /proc/klp_test/pair)" "pair-a=11"
klp_unload lp-hazard-ptr-a
expect_eq "original again" "$(cat /proc/klp_test/pair)" "pair=2"
GUEST
}

@test "klp-manage: loads bases first, refuses to unload a base in use, lists" {
	build mgr-a "$PATCHES/replace-a.patch" -R
	cp "$PATCHES/replace-a.patch" "$BATS_TEST_TMPDIR/out/"
	build mgr-b "$PATCHES/stack-b.patch" -R --base "$BATS_TEST_TMPDIR/out/lp-mgr-a.ko"
	guest --module "$BATS_TEST_TMPDIR/out/lp-mgr-a.ko" --module "$BATS_TEST_TMPDIR/out/lp-mgr-b.ko" \
		--file "$REPO/kpatch-build/klp-manage:/bin/klp-manage" <<'GUEST'
out=$(klp-manage load /modules/lp-mgr-b.ko /modules/lp-mgr-a.ko)
expect_eq "the base is loaded first" "$out" "loaded lp_mgr_a
loaded lp_mgr_b"
expect_match "B on A" "$(cat /proc/cmdline)" "* klp-a klp-b"
list=$(klp-manage list)
expect_match "list shows B's base" "$list" "*lp_mgr_b enabled=1 transition=0 base=lp_mgr_a*"
expect_match "list shows objects and functions" "$list" "*object vmlinux patched=1: cmdline_proc_show,1*"
expect_fail "unloading the base is refused" klp-manage unload lp_mgr_a
expect_match "and says why" "$(klp-manage unload lp_mgr_a 2>&1)" "*lp_mgr_a is a base of lp_mgr_b*"
expect_fail "disabling it too" klp-manage disable lp_mgr_a
expect_ok "unload B" klp-manage unload lp_mgr_b
expect_ok "then A" klp-manage unload lp-mgr-a
expect_eq "nothing left" "$(klp-manage list)" ""
expect_fail "cmdline is the original" grep -q klp- /proc/cmdline
GUEST
}

@test "stacked: a reference to data only a base has resolves into the base" {
	build ref-a "$PATCHES/newfunc.patch" -R
	cp "$PATCHES/newfunc.patch" "$BATS_TEST_TMPDIR/out/"
	build ref-b "$PATCHES/reference-b.patch" -R --base "$BATS_TEST_TMPDIR/out/lp-ref-a.ko"
	[[ $output == *"lp-ref-a: dependent, reference: klp_reads"* ]]
	guest --module "$BATS_TEST_TMPDIR/out/lp-ref-a.ko" \
		--module "$BATS_TEST_TMPDIR/out/lp-ref-b.ko" <<'GUEST'
expect_fail "B without A is refused" insmod /modules/lp-ref-b.ko
klp_load lp-ref-a
cat /proc/cmdline > /dev/null
cat /proc/cmdline > /dev/null
klp_load lp-ref-b
expect_match "B reads A's counter" "$(cat /proc/version)" "*klp-reads-seen=2*"
cat /proc/cmdline > /dev/null
expect_match "and sees it move" "$(cat /proc/version)" "*klp-reads-seen=3*"
klp_unload lp-ref-b
klp_unload lp-ref-a
expect_fail "version is the original" grep -q klp- /proc/version
GUEST
}

@test "stacked: a shared shadow variable id makes a patch dependent" {
	build shadow-a "$PATCHES/callbacks.patch" -R
	cp "$PATCHES/callbacks.patch" "$BATS_TEST_TMPDIR/out/"
	[[ "$("$KPB" --info "$BATS_TEST_TMPDIR/out/lp-shadow-a.ko")" == *'shadow variable ids: [ "1" ]'* ]]
	build shadow-b "$PATCHES/shadow-b.patch" -R --base "$BATS_TEST_TMPDIR/out/lp-shadow-a.ko"
	[[ $output == *"lp-shadow-a: dependent, shared state: shadow variable id 1"* ]]
	guest --module "$BATS_TEST_TMPDIR/out/lp-shadow-a.ko" \
		--module "$BATS_TEST_TMPDIR/out/lp-shadow-b.ko" <<'GUEST'
expect_fail "B without A is refused" insmod /modules/lp-shadow-b.ko
klp_load lp-shadow-a
cat /proc/cmdline > /dev/null
cat /proc/cmdline > /dev/null
klp_load lp-shadow-b
expect_match "B sees the state A keeps" "$(cat /proc/version)" "*klp-shadow-seen=2*"
klp_unload lp-shadow-b
klp_unload lp-shadow-a
GUEST
}

# cat blocks in pipe_read, which the patch replaces: the task cannot switch
# to the new version until it leaves the function.  Not finished in time,
# the transition is reversed: the kernel runs what it ran before, never a
# mix (#31).  The same for an upgrade (the release before stays) and an
# unload (the patch stays enabled).
@test "klp-manage: a transition that cannot finish is reported with the task and its function, and reversed" {
	build transition "$PATCHES/transition.patch"
	build cmdline "$PATCHES/cmdline.patch"
	build both --previous "$BATS_TEST_TMPDIR/out/lp-cmdline.ko" "$PATCHES/cmdline.patch" \
		"$PATCHES/transition.patch"
	guest --module "$BATS_TEST_TMPDIR/out/lp-transition.ko" --module "$BATS_TEST_TMPDIR/out/lp-cmdline.ko" \
		--module "$BATS_TEST_TMPDIR/out/lp-both.ko" --file "$PATCHES/cmdline-LOADED.test:/cmdline.test" \
		--file "$REPO/kpatch-build/klp-manage:/bin/klp-manage" <<'GUEST'
sleep 600 | cat &
reader=$!
sleep 1
out=$(KLP_TIMEOUT=2 klp-manage load /modules/lp-transition.ko 2>&1)
expect_eq "the load reports failure" "$?" 1
expect_match "and why, naming the task and the function" "$out" \
	"*lp_transition: transition not finished after 2s: some task still runs a function it replaces; not yet switched:* $reader (cat) in pipe_read*"
expect_match "and what it did" "$out" "*the transition was reversed and lp_transition removed: the kernel runs what it ran before*"
expect_fail "no patch is left" test -e /sys/kernel/livepatch/lp_transition
expect_fail "nor its module" test -e /sys/module/lp_transition
expect_ok "a release that does not touch pipe_read loads" klp-manage load /modules/lp-cmdline.ko
out=$(KLP_TIMEOUT=2 klp-manage upgrade /modules/lp-both.ko 2>&1)
expect_eq "an upgrade that replaces pipe_read fails too" "$?" 1
expect_match "reversed" "$out" "*the transition was reversed and lp_both removed*"
expect_eq "the release before is active" "$(cat /sys/kernel/livepatch/lp_cmdline/enabled)" 1
expect_ok "and works" sh /cmdline.test
kill "$reader"
expect_ok "the upgrade works once the task has left pipe_read" klp-manage upgrade /modules/lp-both.ko
sleep 600 | cat &
reader=$!
sleep 1
out=$(KLP_TIMEOUT=2 klp-manage unload lp_both 2>&1)
expect_eq "an unload that cannot finish fails" "$?" 1
expect_match "reversed: the patch stays" "$out" "*$reader (cat) in pipe_read*the transition was reversed: lp_both stays enabled*"
expect_eq "enabled, not in transition" "$(cat /sys/kernel/livepatch/lp_both/enabled) $(cat /sys/kernel/livepatch/lp_both/transition)" "1 0"
expect_ok "and works" sh /cmdline.test
kill "$reader"
expect_ok "it unloads once the task has left" klp-manage unload lp_both
GUEST
}

@test "stacked: a shared klp_state id makes a patch dependent" {
	build kstate-a "$PATCHES/release/state.patch" -R
	cp "$PATCHES/release/state.patch" "$BATS_TEST_TMPDIR/out/"
	build kstate-b "$PATCHES/state-b.patch" -R --base "$BATS_TEST_TMPDIR/out/lp-kstate-a.ko"
	[[ $output == *"lp-kstate-a: dependent, shared state: klp_state id 2"* ]]
	[[ "$("$KPB" --info "$BATS_TEST_TMPDIR/out/lp-kstate-b.ko")" == *"state:   2 version 2 (fs/proc/uptime.o)"* ]]
	guest --module "$BATS_TEST_TMPDIR/out/lp-kstate-a.ko" \
		--module "$BATS_TEST_TMPDIR/out/lp-kstate-b.ko" <<'GUEST'
expect_fail "B without A is refused" insmod /modules/lp-kstate-b.ko
klp_load lp-kstate-a
klp_load lp-kstate-b
expect_match "B runs on A" "$(cat /proc/uptime)" "* klp-state-b"
expect_match "A's state keeps counting" "$(cat /proc/loadavg)" "*klp-state-reads=1"
klp_unload lp-kstate-b
klp_unload lp-kstate-a
GUEST
}

@test "stacked: a base patching a module function; the dependent's version runs over it" {
	build mod-a "$PATCHES/module.patch" -R
	cp "$PATCHES/module.patch" "$BATS_TEST_TMPDIR/out/"
	build mod-b "$PATCHES/module-b.patch" -R --base "$BATS_TEST_TMPDIR/out/lp-mod-a.ko"
	[[ $output == *"lp-mod-a: dependent, overlap: testmod_show"* ]]
	guest --module "$BATS_TEST_TMPDIR/out/lp-mod-a.ko" --module "$BATS_TEST_TMPDIR/out/lp-mod-b.ko" \
		--module "$BUILD/kernel/klp_testmod.ko" <<'GUEST'
klp_load lp-mod-a
klp_load lp-mod-b
dmesg_mark
klp_disable lp_mod_a
expect_match "A disabled under B, its module not loaded, is logged" "$(dmesg_since_mark)" \
	"*lp_mod_a: disabled while 1 livepatch module(s) built on it are loaded*"
klp_unload lp-mod-b
klp_unload lp-mod-a
klp_load lp-mod-a
klp_load lp-mod-b
expect_ok "the module loads" insmod /modules/klp_testmod.ko
expect_eq "B's version of the module function" "$(head -n1 /proc/klp_testmod)" "testmod=patched-b"
klp_unload lp-mod-b
expect_eq "A's again" "$(head -n1 /proc/klp_testmod)" "testmod=patched"
klp_unload lp-mod-a
expect_eq "the original" "$(head -n1 /proc/klp_testmod)" "testmod=orig"
GUEST
}
