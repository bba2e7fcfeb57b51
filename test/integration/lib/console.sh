# shellcheck shell=bash
# What a guest's serial console says (vm.sh, systemd-guest.sh): the test
# script's output between the random markers, and its exit status.
#
#   guest_result WHO CONSOLE QEMU_ERR QEMU_RC TIMEOUT BEGIN END
#
# Prints what lies between BEGIN and END on CONSOLE, and returns the status
# after END; if the guest never wrote one (panic, hang, timeout), QEMU's
# errors and the console's last 40 lines go to stderr, named WHO, and the
# status is 125.
guest_result() {
    local who=$1 console=$2 qemu_err=$3 qemu_rc=$4 timeout=$5 begin=$6 end=$7 rc why
    # Serial lines end in CRLF. The end marker may follow output that had
    # no final newline.
    awk -v begin="$begin" -v end="$end" '
        { sub(/\r$/, "") }
        !on { on = index($0, begin) > 0; next }
        (i = index($0, end)) { if (i > 1) print substr($0, 1, i - 1); exit }
        { print }
    ' "$console"
    rc=$(sed -n "s/.*$end\([0-9]*\).*/\1/p" "$console" | tr -d '\r' | tail -n1)
    [[ -z $rc ]] || return "$rc"
    if [[ $qemu_rc == 124 || $qemu_rc == 137 ]]; then
        why="timed out after ${timeout}s"
    else
        why="guest stopped without an exit status (qemu exit $qemu_rc)"
    fi
    {
        cat "$qemu_err"
        echo "$who: $why; last 40 console lines:"
        # Drop CRs and SeaBIOS's terminal escapes (ESC c resets a terminal).
        tr -d '\r' < "$console" | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g; s/\x1bc//g' | tail -n 40
    } >&2
    return 125
}
