# A fake system for klp-manage, no kernel, no VM (klp-manage.bats,
# klp-install.bats): load it, its setup() makes one per test.
# KLP_SYSFS_ROOT stands for / (its sys/module, sys/kernel/livepatch, proc,
# and var/lib/livepatch for KLP_INSTALL_DIR); the fake insmod, rmmod and
# modinfo log their arguments (each NUL-terminated, one call a line: calls
# prints them "|"-separated) and load into it as far as klp-manage can
# tell: /sys/module/NAME with its holders, srcversion and build-id note,
# and for livepatch=Y the patch in /sys/kernel/livepatch with its objects
# and functions (enabled, the transition over at once unless
# fake_transition=1; a replace patch removes the others; fake_fail=1: the
# insmod fails).  FAKE_KILL=CMD:N: the Nth call of the fake CMD (insmod,
# rmmod, mv) kills klp-manage once done, as a SIGKILL at that step would.  The fake logger appends "TAG PRIORITY MESSAGE" lines to
# $T/syslog.  A fake module is a file of .modinfo strings
# ("\0key=value\0") and, given buildid=ID (20 characters), a GNU build-id
# note with ID; vmlinux=ID (20 characters), the .kpatch.build_ids entry of
# the vmlinux build it was made for (fake_kernel makes the running one).
# klp-manage runs in busybox sh (the QEMU guests' shell) if /bin/busybox is
# there, else sh; KLP_SH=sh (or another shell) chooses.  KLP_MANAGE=FILE
# tests another klp-manage, e.g. one from before a fix.
# shellcheck shell=bash

setup() {
	MANAGE=${KLP_MANAGE:-$BATS_TEST_DIRNAME/../../kpatch-build/klp-manage}
	if [[ -z ${KLP_SH:-} ]]; then
		KLP_SH='sh'
		[[ -x /bin/busybox ]] && KLP_SH=busybox
	fi
	T=$BATS_TEST_TMPDIR
	# a space in the root too: every path klp-manage builds is quoted
	export KLP_SYSFS_ROOT="$T/fake root" KLP_STATE_DIR=$T/state KLP_TIMEOUT=1
	export FAKE_LOG=$T/calls FAKE_BIN=$T/bin FAKE_SYSLOG=$T/syslog
	export KLP_INSTALL_DIR="$KLP_SYSFS_ROOT/var/lib/livepatch"
	# not under systemd: results go to the (fake) logger
	unset JOURNAL_STREAM
	mkdir -p "$KLP_SYSFS_ROOT/sys/module" "$KLP_SYSFS_ROOT/sys/kernel/livepatch" \
		"$KLP_SYSFS_ROOT/proc" "$FAKE_BIN"
	fakes
	PATH=$FAKE_BIN:$PATH
	cd "$T" || return
}

# fakes: insmod, rmmod, modinfo, logger in $FAKE_BIN.
fakes() {
	cat > "$FAKE_BIN/insmod" <<'EOF'
#!/bin/sh
# insmod FILE: as kmod's insmod (an argument starting with - is an option)
printf '%s\0' insmod "$@" >> "$FAKE_LOG"; echo >> "$FAKE_LOG"
f=$1
case $f in -*) echo "insmod: invalid option -- '${f#-}'" >&2; exit 1 ;; esac
[ -f "$f" ] || { echo "insmod: ERROR: could not load module $f: No such file or directory" >&2; exit 1; }
info() { tr '\0' '\n' < "$f" | sed -n "s/^$1=//p" | head -n 1; }
b=${f##*/}
name=$(printf '%s' "${b%.ko}" | tr - _)
m=$KLP_SYSFS_ROOT/sys/module lp=$KLP_SYSFS_ROOT/sys/kernel/livepatch
[ ! -e "$m/$name" ] || { echo "insmod: ERROR: could not insert module $f: File exists" >&2; exit 1; }
[ "$(info fake_fail)" != 1 ] || { echo "insmod: ERROR: could not insert module $f: Invalid parameters" >&2; exit 1; }
deps=$(info depends | tr , ' ' | tr - _)
for d in $deps; do
	[ -d "$m/$d" ] || { echo "insmod: ERROR: could not insert module $f: Unknown symbol in module" >&2; exit 1; }
done
mkdir -p "$m/$name/holders"
for d in $deps; do : > "$m/$d/holders/$name"; done
sv=$(info srcversion)
[ -z "$sv" ] || echo "$sv" > "$m/$name/srcversion"
bid=$(info fake_build_id)
if [ -n "$bid" ]; then
	mkdir -p "$m/$name/notes"
	printf '\004\000\000\000\024\000\000\000\003\000\000\000GNU\000%s' "$bid" > "$m/$name/notes/.note.gnu.build-id"
fi
if [ "$(info livepatch)" = Y ]; then
	replace=$(info klp_replace)
	[ "$replace" = 1 ] && rm -rf "$lp"/*
	mkdir -p "$lp/$name"
	echo 1 > "$lp/$name/enabled"
	echo "$(info fake_transition)" | sed 's/^$/0/' > "$lp/$name/transition"
	echo "${replace:-0}" > "$lp/$name/replace"
	for fn in $(info fake_funcs); do
		mkdir -p "$lp/$name/$fn"
		echo 1 > "$lp/$name/${fn%%/*}/patched"
	done
fi
"$FAKE_BIN/fake-kill" insmod "$PPID"
EOF
	cat > "$FAKE_BIN/rmmod" <<'EOF'
#!/bin/sh
# rmmod NAME: refuses a module in use (holders, an enabled livepatch)
printf '%s\0' rmmod "$@" >> "$FAKE_LOG"; echo >> "$FAKE_LOG"
name=$1
m=$KLP_SYSFS_ROOT/sys/module lp=$KLP_SYSFS_ROOT/sys/kernel/livepatch
case $name in -*) echo "rmmod: invalid option -- '${name#-}'" >&2; exit 1 ;; esac
[ -n "$name" ] && [ -d "$m/$name" ] || { echo "rmmod: ERROR: Module $name is not currently loaded" >&2; exit 1; }
[ -z "$(ls "$m/$name/holders")" ] && [ ! -d "$lp/$name" ] ||
	{ echo "rmmod: ERROR: Module $name is in use" >&2; exit 1; }
rm -rf "$m/$name"
rm -f "$m"/*/holders/"$name"
"$FAKE_BIN/fake-kill" rmmod "$PPID"
EOF
	cat > "$FAKE_BIN/modinfo" <<'EOF'
#!/bin/sh
# modinfo -F KEY FILE
printf '%s\0' modinfo "$@" >> "$FAKE_LOG"; echo >> "$FAKE_LOG"
[ "$1" = -F ] && [ -f "$3" ] || { echo "modinfo: usage: modinfo -F KEY FILE" >&2; exit 1; }
tr '\0' '\n' < "$3" | sed -n "s/^$2=//p"
EOF
	cat > "$FAKE_BIN/logger" <<'EOF'
#!/bin/sh
# logger -t TAG -p PRIORITY -- MESSAGE
[ "$1" = -t ] && [ "$3" = -p ] && [ "$5" = -- ] || { echo "logger: unexpected $*" >&2; exit 1; }
printf '%s %s %s\n' "$2" "$4" "$6" >> "$FAKE_SYSLOG"
EOF
	cat > "$FAKE_BIN/mv" <<'EOF'
#!/bin/sh
# mv: the real one, then perhaps the kill
command -p mv "$@" || exit
"$FAKE_BIN/fake-kill" mv "$PPID"
EOF
	cat > "$FAKE_BIN/fake-kill" <<'EOF'
#!/bin/sh
# fake-kill CMD PID: with FAKE_KILL=CMD:N, the Nth call of fake CMD ends by
# killing its caller PID (klp-manage) with SIGKILL: stopped at that step.
[ "${FAKE_KILL%%:*}" = "$1" ] || exit 0
count=$FAKE_BIN/.kills-$1
n=$(($(cat "$count" 2>/dev/null || echo 0) + 1))
echo "$n" > "$count"
[ "$n" != "${FAKE_KILL#*:}" ] || kill -9 "$2"
EOF
	chmod +x "$FAKE_BIN"/*
}

# Scripts for other shells are single-quoted on purpose.
# shellcheck disable=SC2016
# manage ARG...: klp-manage, in $KLP_SH.  busybox sh runs its own insmod
# and rmmod before any in PATH: there functions call the fakes.
manage() {
	if [[ $KLP_SH == busybox ]]; then
		timeout 20 busybox sh -c 'insmod() { "$FAKE_BIN/insmod" "$@"; }
rmmod() { "$FAKE_BIN/rmmod" "$@"; }
mv() { "$FAKE_BIN/mv" "$@"; }
modinfo() { "$FAKE_BIN/modinfo" "$@"; }
logger() { "$FAKE_BIN/logger" "$@"; }
. "$0"' "$MANAGE" "$@"
	else
		timeout 20 "$KLP_SH" "$MANAGE" "$@"
	fi
}

# calls: what the fakes were run with, one call a line, "|" after each argument
calls() {
	[[ ! -f $FAKE_LOG ]] || tr '\0' '|' < "$FAKE_LOG"
}

# by_hand CMD ARG...: a fake insmod or rmmod run by someone else, unlogged
by_hand() {
	local cmd=$1
	shift
	FAKE_LOG=/dev/null "$FAKE_BIN/$cmd" "$@"
}

# mkko FILE KEY=VALUE...: a fake module; buildid=ID adds a build-id note
mkko() {
	local f=$1 kv
	shift
	mkdir -p "${f%/*}"
	{
		printf '\177ELF\0\0\0\0'
		for kv in "$@"; do
			case $kv in
			buildid=*)
				[[ ${#kv} -eq 28 ]] || { echo "mkko: a build id is 20 characters" >&2; return 1; }
				printf '\004\000\000\000\024\000\000\000\003\000\000\000GNU\000%s\0' "${kv#buildid=}"
				printf 'fake_build_id=%s\0' "${kv#buildid=}" ;;
			vmlinux=*)
				[[ ${#kv} -eq 28 ]] || { echo "mkko: a build id is 20 characters" >&2; return 1; }
				printf '.kpatch.build_ids\0\024\0\0\0\0\0\0\0%s\0' "${kv#vmlinux=}" ;;
			*) printf '%s\0' "$kv" ;;
			esac
		done
		printf 'vermagic=6.1.0 SMP mod_unload\0'
	} > "$f"
}

VMA=vvvvvvvvvvvvvvvvvvv1	# the running vmlinux's build id (fake_kernel 6.1.0 "$VMA")

# lp NAME KEY=VALUE...: a fake livepatch $T/NAME.ko for the build VMA, its
# identity and build id from its name
lp() {
	local name=$1
	shift
	mkko "$T/$name.ko" livepatch=Y "vmlinux=$VMA" "klp_identity=xxh128:$name" \
		"buildid=$(printf '%-20.20s' "$name" | tr ' ' x)" "$@"
}

# hexid ID: a build id as klp-manage shows it
hexid() {
	printf '%s' "$1" | od -An -v -tx1 | tr -d ' \n'
}

# fake_kernel RELEASE [ID]: the running kernel is RELEASE, its vmlinux build
# id ID (20 characters) in sys/kernel/notes, after another note
fake_kernel() {
	mkdir -p "$KLP_SYSFS_ROOT/proc/sys/kernel" "$KLP_SYSFS_ROOT/sys/kernel"
	echo "$1" > "$KLP_SYSFS_ROOT/proc/sys/kernel/osrelease"
	[[ -z ${2:-} ]] ||
		printf '\006\000\000\000\004\000\000\000\001\001\000\000Linux\000\000\000\000\000\000\000\004\000\000\000\024\000\000\000\003\000\000\000GNU\000%s' \
			"$2" > "$KLP_SYSFS_ROOT/sys/kernel/notes"
}

# fake_disabling: from now on a patch whose enabled reads 0 leaves sysfs,
# as the kernel's does once its transition is over (teardown stops it).
fake_disabling() {
	(
		while :; do
			for e in "$KLP_SYSFS_ROOT"/sys/kernel/livepatch/*/enabled; do
				[[ $(cat "$e" 2>/dev/null) != 0 ]] || rm -rf "${e%/enabled}"
			done
			sleep 0.05
		done
	) > /dev/null 2>&1 3>&- &
	FAKE_DISABLER=$!
}

teardown() {
	[[ -z ${FAKE_DISABLER:-} ]] || kill "$FAKE_DISABLER"
}
