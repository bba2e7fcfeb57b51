#!/usr/bin/env bats
# Hostile input, as a CI job running kpatch-build as root on a merge
# request meets it: names inside patches and series, planted symlinks and
# FIFOs, directories of other users, a poisoned environment.  No kernel
# needed: every one of these is refused (or made harmless) before a tree
# is looked at.  doc/threat-model.md.
# shellcheck shell=bash

load lib/kpb

setup() {
	T=$BATS_TEST_TMPDIR
	cd "$T"
	mkdir -p tree
}

# patch_named NAME [MINUS]: a one-hunk patch writing the file NAME.
patch_named() {
	printf -- '--- a/%s\n+++ b/%s\n@@ -1 +1 @@\n-a\n+b\n' "${2:-$1}" "$1"
}

# refused_patch FILE: kpatch-build refuses the patch with exit 2, naming it and
# the line, and makes nothing: no cache, no file outside, no command run.
refused_patch() {
	run "$KPB" -s "$T/tree" --cache "$T/cache" -o "$T/out" --json "$T/r.json" "$1"
	echo "$output"
	[ "$status" -eq 2 ]
	[[ $output == *"patch $1, line "[0-9]* ]]
	[ "$(jq -r .status "$T/r.json")" = 2 ]
	[ ! -e "$T/cache" ] && [ ! -e "$T/out" ] && [ ! -e /tmp/kpb-pwned ] && [ ! -e "$T/pwned" ]
	[ -z "$(find "$T" -name 'pwned*' -o -name '*.tmp')" ]
}

@test "file names in a patch: option, make and shell syntax, .., absolute, control bytes are refused" {
	local names=(
		'--eval=$(shell touch /tmp/kpb-pwned).c'
		'fs/--eval=x.c'
		'fs/-x.c'
		'fs/$(shell touch pwned).c'
		'fs/x=$(shell touch pwned).c'
		'fs/x.c;touch pwned'
		'fs/`touch pwned`.c'
		'fs/x y.c'
		'../../etc/x.c'
		'fs/../../x.c'
		'fs/./x.c'
		'/etc/x.c'
		$'fs/x\r.c'
		$'fs/\e[31mx.c'
		$'fs/x\x7f.c'
	)
	for n in "${names[@]}"; do
		patch_named "fs/ok.c" > "$T/p.patch"
		patch_named "$n" >> "$T/p.patch"
		refused_patch "$T/p.patch"
	done
	# the old name counts too: patch may write either
	patch_named "fs/ok.c" '../../etc/passwd' > "$T/p.patch"
	refused_patch "$T/p.patch"
	# and git's renames
	printf 'diff --git a/fs/a.c b/fs/b.c\nrename from fs/a.c\nrename to ../../b.c\n' > "$T/p.patch"
	patch_named fs/ok.c >> "$T/p.patch"
	refused_patch "$T/p.patch"
	# a control byte is shown, not sent to the terminal
	patch_named $'fs/\e]0;x\a.c' > "$T/p.patch"
	run "$KPB" -s "$T/tree" "$T/p.patch"
	[[ $output == *'fs/\x1b]0;x\x07.c'* && $output != *$'\e'* ]]
}

@test "a NUL byte in a patch is refused with its line; lines in a hunk are content, not names" {
	{ patch_named fs/ok.c; printf '+++ b/x\0y\n'; } > "$T/p.patch"
	refused_patch "$T/p.patch"
	# a removed line '-- x' reads '--- x' in a hunk: content, whatever it looks like
	printf -- '--- a/fs/ok.c\n+++ b/fs/ok.c\n@@ -1,2 +1,2 @@\n--- ../../x\n-+++ ../../y\n+a\n+b\n' \
		> "$T/p.patch"
	run "$KPB" -s "$T/nonexistent" "$T/p.patch"
	echo "$output"
	[ "$status" -eq 5 ]
	[[ $output == *"-s $T/nonexistent"* ]]
}

@test "nothing outside the tree is replaced or created by a patch that climbs out" {
	mkdir -p "$T/outside"
	echo keep > "$T/outside/file.c"
	ln "$T/outside/file.c" "$T/outside/link.c"
	patch_named "../outside/file.c" > "$T/p.patch"
	patch_named "../outside/new/x.c" >> "$T/p.patch"
	refused_patch "$T/p.patch"
	[ "$(stat -c %h "$T/outside/file.c")" = 2 ] && [ ! -e "$T/outside/new" ]
}

@test "series files: NUL, CR, absolute, .., leading dash and FIFOs are refused with their line" {
	patch_named fs/ok.c > "$T/ok.patch"
	printf 'base b\nok.patch\n\0evil.patch\n' > "$T/nul.series"
	printf 'base b\r\nok.patch\r\n' > "$T/crlf.series"
	printf 'base b\n%s\n' "$T/ok.patch" > "$T/abs.series"
	mkdir -p "$T/sub"
	printf 'base b\n../ok.patch\n' > "$T/sub/up.series"
	printf 'base b\n-ok.patch\n' > "$T/dash.series"
	cp "$T/ok.patch" "$T/-ok.patch"
	ln -s ../ok.patch "$T/sub/link.patch"
	printf 'base b\nlink.patch\n' > "$T/sub/link.series"
	mkfifo "$T/fifo.patch"
	printf 'base b\nfifo.patch\n' > "$T/fifo.series"
	for s in nul:3:NUL crlf:1:carriage abs:2:absolute sub/up:2:.. dash:2:option sub/link:2:outside \
		fifo:2:pipe; do
		run timeout 20 "$KPB" -s "$T/tree" --cache "$T/cache" --series "$T/${s%%:*}.series"
		echo "$s: $output"
		[ "$status" -eq 2 ]
		[[ $output == *"${s%%:*}.series:$(cut -d: -f2 <<<"$s"): "*"${s##*:}"* ]]
	done
	[ ! -e "$T/cache" ]
}

@test "a FIFO in place of a file: --info, --series, --klp-convert, a patch do not hang" {
	mkfifo "$T/fifo"
	for a in "--info $T/fifo" "--info-json $T/fifo" "--series $T/fifo" "--klp-convert $T/fifo $T/o" \
		"-s $T/tree $T/fifo"; do
		# shellcheck disable=SC2086
		run timeout 20 "$KPB" $a
		echo "$a: $output"
		[ "$status" -eq 2 ] || [ "$status" -eq 5 ]
		[[ $output == *"pipe"* || $output == *"not a file"* || $output == *"regular"* ]]
	done
}

@test "--info shows control characters of a manifest, never sends them to the terminal" {
	echo 'int x;' > "$T/e.c"
	gcc -c "$T/e.c" -o "$T/e.o"
	printf '{"format":1,"name":"lp-x","mode":"replace","version":"1\e[2J","kernel":{"release":"6.1\e]0;t\a"},"patches":[],"objects":{}}' \
		> "$T/m.json"
	objcopy --add-section .klp.manifest="$T/m.json" "$T/e.o" "$T/x.ko"
	run "$KPB" --info "$T/x.ko"
	[ "$status" -eq 0 ]
	[[ $output == *'version: 1\x1b[2J'* && $output != *$'\e'* && $output != *$'\a'* ]]
	# a module name that is not one (it would reach assembler source) is refused
	sed 's/"lp-x"/"x\\"; .globl evil"/' "$T/m.json" > "$T/bad.json"
	objcopy --add-section .klp.manifest="$T/bad.json" "$T/e.o" "$T/bad.ko"
	run "$KPB" --info "$T/bad.ko" --json "$T/r.json"
	echo "$output"
	[ "$status" -eq 5 ]
	[[ $output == *"not a module name"* ]]
	[ "$(jq -r .status "$T/r.json")" = 5 ]
}

@test "--klp-convert: a missing, truncated, 32-bit or text input is bad input (5), not an internal error" {
	echo 'int x;' > "$T/e.c"
	gcc -c "$T/e.c" -o "$T/e.o"
	gcc -m32 -c "$T/e.c" -o "$T/e32.o" 2>/dev/null || cp "$T/e.o" "$T/e32.o"
	[ "$(od -An -tx1 -j4 -N1 "$T/e32.o" | tr -d ' ')" = 01 ] ||
		printf '\001' | dd of="$T/e32.o" bs=1 seek=4 conv=notrunc 2>/dev/null
	head -c 100 "$T/e.o" > "$T/short.o"
	echo text > "$T/text.o"
	for in in "$T/nonexistent.o" "$T/short.o" "$T/e32.o" "$T/text.o" "$T"; do
		run "$KPB" --klp-convert "$in" "$T/out.o"
		echo "$in: $output"
		[ "$status" -eq 5 ]
		[ ! -e "$T/out.o" ]
	done
}

@test "--json: every failure writes the report; a directory is refused and nothing is left" {
	run "$KPB" --json "$T/a.json"
	[ "$status" -eq 2 ] && [ "$(jq -r .status "$T/a.json")" = 2 ]
	run "$KPB" --json "$T/b.json" --no-such-option x.patch
	[ "$status" -eq 2 ] && [ "$(jq -r .status "$T/b.json")" = 2 ]
	run "$KPB" --no-such-option --json "$T/c.json" x.patch
	[ "$status" -eq 2 ] && [ "$(jq -r .status "$T/c.json")" = 2 ]
	run "$KPB" --json "$T/d.json" --info "$T/nonexistent.ko"
	[ "$status" -eq 5 ] && [ "$(jq -r .status "$T/d.json")" = 5 ]
	mkdir "$T/dir"
	patch_named fs/ok.c > "$T/p.patch"
	run "$KPB" --json "$T/dir" -s "$T/tree" "$T/p.patch"
	[ "$status" -eq 2 ]
	[[ $output == *"--json $T/dir is a directory"* ]]
	[ -z "$(ls -A "$T/dir")" ] && [ ! -e "$T/dir.tmp" ]
}

@test "planted symlinks: the report and the log are never written through one" {
	echo precious > "$T/victim"
	patch_named fs/ok.c > "$T/p.patch"
	mkdir -p "$T/cache/logs"
	ln -s "$T/victim" "$T/r.json.tmp"
	ln -s "$T/victim" "$T/r.json"
	ln -s "$T/victim" "$T/cache/logs/lp-x.log"
	run "$KPB" -s "$T/nonexistent" --cache "$T/cache" --json "$T/r.json" -n lp-x "$T/p.patch"
	echo "$output"
	[ "$status" -eq 5 ]
	[ "$(cat "$T/victim")" = precious ]
	[ ! -L "$T/r.json" ] && [ "$(jq -r .status "$T/r.json")" = 5 ]
	[ -z "$(find "$T" -maxdepth 1 -name '.r.json.*')" ]
}

@test "the cache and the package directory: another user's, or writable by others, are refused" {
	patch_named fs/ok.c > "$T/p.patch"
	chmod 755 "$T"
	# writable by its group, by anyone, owned by someone else, reached by their symlink
	mkdir -m 775 "$T/group" && mkdir -m 777 "$T/world" && mkdir "$T/theirs" "$T/dir"
	chmod 775 "$T/group" && chmod 777 "$T/world"
	chown nobody "$T/theirs"
	ln -s "$T/dir" "$T/link" && chown -h nobody "$T/link"
	for c in "$T/group:its group" "$T/world:anyone" "$T/theirs:owned by user" \
		"$T/world/new:anyone" "$T/link:symlink of user"; do
		run "$KPB" -s "$T/tree" --cache "${c%%:*}" -n lp-x "$T/p.patch"
		echo "$c: $output"
		[ "$status" -eq 2 ]
		[[ $output == *"the cache ${c%%:*} cannot be trusted"*"${c#*:}"* ]]
		[[ $output == *chmod* || $output == *chown* || $output == *"real path"* ]]
	done
	[ ! -e "$T/world/new" ] && [ -z "$(ls -A "$T/dir")" ]
	for c in "$T/group:its group" "$T/world:anyone" "$T/theirs:owned by user"; do
		run "$KPB" --kernel 6.1.0-1-amd64 --cache "$T/cache" --packages "${c%%:*}" "$T/p.patch"
		echo "$c: $output"
		[ "$status" -eq 2 ]
		[[ $output == *"--packages ${c%%:*} cannot be trusted"*"${c#*:}"* ]]
	done
	[ -z "$(find "$T/group" "$T/world" "$T/theirs" -mindepth 1)" ]
}

@test "an output directory anyone can write (not sticky) is refused before anything runs" {
	patch_named fs/ok.c > "$T/p.patch"
	mkdir -m 777 "$T/shared" && chmod 777 "$T/shared"
	run "$KPB" -s "$T/tree" --cache "$T/cache" -o "$T/shared" "$T/p.patch"
	echo "$output"
	[ "$status" -eq 2 ]
	[[ $output == *"-o: $T/shared is writable by anyone and not sticky"*"chmod go-w"* ]]
	[ ! -e "$T/cache" ] && [ -z "$(ls -A "$T/shared")" ]
	# sticky, as /tmp: others cannot replace what is written there
	chmod 1777 "$T/shared"
	run "$KPB" -s "$T/nonexistent" --cache "$T/cache" -o "$T/shared" "$T/p.patch"
	[ "$status" -eq 5 ]
}

@test "no HOME: the cache is root's /var/cache (or the user's home), never under /tmp" {
	patch_named fs/ok.c > "$T/p.patch"
	run env -u HOME -u XDG_CACHE_HOME "$KPB" -s "$T/nonexistent" -n lp-nohome "$T/p.patch"
	echo "$output"
	[ "$status" -eq 5 ]
	if [ "$(id -u)" = 0 ]; then
		[[ $output == *"full log: /var/cache/kpatch-build/logs/lp-nohome.log"* ]]
	else
		[[ $output == *"full log: $(getent passwd "$(id -u)" | cut -d: -f6)/.cache/"* ]]
	fi
}

@test "options are checked before they are used: --kernel with a path makes nothing" {
	patch_named fs/ok.c > "$T/p.patch"
	run "$KPB" --kernel ../../etc --cache "$T/cache" "$T/p.patch"
	[ "$status" -eq 2 ]
	[[ $output == *"--kernel ../../etc: not a kernel release"* ]]
	[ ! -e "$T/cache" ] && [ ! -e "$T/etc" ]
}

@test "the recording variable does not turn kpatch-build into make" {
	mkdir -p "$T/rec"
	run env KPATCH_BUILD_RECORD_MAKE="$T/rec" "$KPB" --help
	echo "$output"
	[ "$status" -ne 0 ]
	[[ $output == *"unset KPATCH_BUILD_RECORD_MAKE"* ]]
	[ -z "$(ls -A "$T/rec")" ]
	# nor does one naming a directory that is not a recording of ours, with a planted file
	echo x > "$T/rec/environment"
	chmod 666 "$T/rec/environment"
	run env KPATCH_BUILD_RECORD_MAKE="$T/rec" "$KPB" --help
	[ "$status" -ne 0 ]
	[ "$(ls -A "$T/rec")" = environment ]
}
