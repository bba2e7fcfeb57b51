# Helpers for test scripts run by vm.sh; sourced (busybox sh) in the guest
# before the script. Checks print TAP-like "ok - WHAT" / "not ok - WHAT"
# lines; any failure (of a check or of a klp_* step) is recorded, and the
# script then exits 1 even if its last command succeeded.
#
#   klp_load MOD[.ko] [PARAM=VALUE...]   insmod /modules/MOD.ko, wait for transition
#   klp_wait_transition NAME             wait until NAME/transition reads 0
#   klp_disable NAME                     enabled=0, wait until NAME leaves sysfs
#   klp_unload NAME                      klp_disable if still enabled, then rmmod
#   expect_eq WHAT ACTUAL EXPECTED       exact string comparison
#   expect_match WHAT ACTUAL GLOB        shell pattern (case) match
#   expect_ok WHAT CMD...                CMD must exit 0
#   expect_fail WHAT CMD...              CMD must exit non-zero
#   dmesg_mark                           start a new section of the kernel log
#   dmesg_since_mark                     print kernel log lines after the mark
#   guest_done                           exit now: 1 if anything failed, else 0
#
# NAME may be a patch name (livepatch_sample), a module name or file name
# (livepatch-sample.ko): "-" becomes "_" as in the kernel's module names.
# Waits give up after KLP_WAIT seconds (default 15).

KLP_SYSFS=/sys/kernel/livepatch
KLP_WAIT=${KLP_WAIT:-15}
_klp_failed=0
_klp_mark=0

_klp_fail() {
    echo "not ok - $*"
    _klp_failed=$((_klp_failed + 1))
    return 1
}

# livepatch-sample.ko, /modules/livepatch-sample.ko -> livepatch_sample
_klp_name() {
    _n=${1##*/}
    _n=${_n%.ko}
    echo "$_n" | tr - _
}

# Run "$@" every 0.1 s until it succeeds; fail after KLP_WAIT seconds.
_klp_until() {
    _i=0
    while ! "$@"; do
        [ "$_i" -ge $((KLP_WAIT * 10)) ] && return 1
        sleep 0.1
        _i=$((_i + 1))
    done
}
_klp_settled() { [ "$(cat "$KLP_SYSFS/$1/transition" 2>/dev/null)" = 0 ]; }
_klp_gone() { [ ! -e "$KLP_SYSFS/$1" ]; }

klp_load() {
    _mod=$1
    shift
    case $_mod in
        */*) ;;
        *) _mod=/modules/${_mod%.ko}.ko ;;
    esac
    insmod "$_mod" "$@" || { _klp_fail "klp_load $_mod: insmod failed"; return 1; }
    klp_wait_transition "$(_klp_name "$_mod")"
}

klp_wait_transition() {
    _p=$(_klp_name "$1")
    [ -e "$KLP_SYSFS/$_p" ] || { _klp_fail "klp_wait_transition $_p: not in $KLP_SYSFS"; return 1; }
    _klp_until _klp_settled "$_p" ||
        _klp_fail "klp_wait_transition $_p: still in transition after ${KLP_WAIT}s"
}

klp_disable() {
    _p=$(_klp_name "$1")
    echo 0 > "$KLP_SYSFS/$_p/enabled" || { _klp_fail "klp_disable $_p: cannot write enabled"; return 1; }
    # The kernel removes the patch from sysfs once the unpatch transition is over.
    _klp_until _klp_gone "$_p" ||
        _klp_fail "klp_disable $_p: still in $KLP_SYSFS after ${KLP_WAIT}s"
}

klp_unload() {
    _p=$(_klp_name "$1")
    if [ -e "$KLP_SYSFS/$_p" ]; then
        klp_disable "$_p" || return 1
    fi
    rmmod "$_p" || _klp_fail "klp_unload $_p: rmmod failed"
}

# Multi-line values are printed as "#" comment lines under the failure.
_klp_show() {
    echo "$2" | sed "s/^/#   $1 /"
}

expect_eq() {
    if [ "$2" = "$3" ]; then
        echo "ok - $1"
    else
        _klp_fail "$1" || true
        _klp_show "got:     " "$2"
        _klp_show "expected:" "$3"
        return 1
    fi
}

expect_match() {
    # shellcheck disable=SC2254  # $3 is a pattern on purpose
    case $2 in
        $3) echo "ok - $1" ;;
        *)
            _klp_fail "$1" || true
            _klp_show "got:     " "$2"
            _klp_show "pattern: " "$3"
            return 1
            ;;
    esac
}

expect_ok() {
    _what=$1
    shift
    if "$@"; then echo "ok - $_what"; else _klp_fail "$_what (exit $?: $*)"; fi
}

expect_fail() {
    _what=$1
    shift
    if "$@"; then _klp_fail "$_what (succeeded: $*)"; else echo "ok - $_what"; fi
}

# The mark is a line written to the kernel log at KERN_DEBUG, below the
# console loglevel, so it stays off the serial console.
dmesg_mark() {
    _klp_mark=$((_klp_mark + 1))
    echo "<7>klp-test-mark-$_klp_mark" > /dev/kmsg
}

dmesg_since_mark() {
    # Drop optional "[  1.234567] " timestamps (CONFIG_PRINTK_TIME).
    dmesg | sed 's/^\[ *[0-9.]*\] //' |
        if [ "$_klp_mark" = 0 ]; then cat; else sed "1,/^klp-test-mark-$_klp_mark\$/d"; fi
}

guest_done() {
    [ "$_klp_failed" = 0 ] || echo "# $_klp_failed check(s) failed"
    trap - EXIT
    [ "$_klp_failed" = 0 ] && exit 0
    exit 1
}

# A script that ends (or exits 0) with recorded failures still fails.
_klp_exit() {
    _rc=$?
    [ "$_klp_failed" = 0 ] || echo "# $_klp_failed check(s) failed"
    [ "$_rc" = 0 ] && [ "$_klp_failed" != 0 ] && _rc=1
    exit "$_rc"
}
trap _klp_exit EXIT
