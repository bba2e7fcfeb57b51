#!/usr/bin/env bats
# Smoke test of the QEMU harness itself: bats test/integration/lib/selftest.bats

# Guest scripts are single-quoted on purpose (they expand in the guest);
# bats' run sets $stderr.
# shellcheck disable=SC2016,SC2154

bats_require_minimum_version 1.5.0  # run --separate-stderr

setup_file() {
    BUILD=$("$BATS_TEST_DIRNAME/../../kernel/build.sh" | tail -n1)
    export BUILD
}

setup() {
    VM=$BATS_TEST_DIRNAME/vm.sh
}

# guest SCRIPT-TEXT [vm.sh options]: run SCRIPT-TEXT in a VM via bats' run.
guest() {
    printf '%s\n' "$1" > "$BATS_TEST_TMPDIR/guest.sh"
    shift
    run --separate-stderr "$VM" run "$@" "$BATS_TEST_TMPDIR/guest.sh"
}

@test "boots the test kernel and prints only the script's output" {
    guest 'cat /proc/version'
    [ "$status" -eq 0 ]
    [ "${#lines[@]}" -eq 1 ]
    [[ ${lines[0]} == "Linux version $(cat "$BUILD/include/config/kernel.release") "* ]]
}

@test "livepatch-sample changes /proc/cmdline on load and reverts on unload" {
    guest '
cmdline=$(cat /proc/cmdline)
expect_match "cmdline is the boot command line" "$cmdline" "*console=ttyS0*"
klp_load livepatch-sample.ko
expect_eq "enabled" "$(cat /sys/kernel/livepatch/livepatch_sample/enabled)" 1
expect_eq "cmdline is patched" "$(cat /proc/cmdline)" "this has been live patched"
klp_unload livepatch-sample
expect_eq "cmdline is back" "$(cat /proc/cmdline)" "$cmdline"
expect_eq "module is gone" "$(grep livepatch_sample /proc/modules)" ""
dmesg_mark
klp_load livepatch-sample.ko
expect_match "load is logged" "$(dmesg_since_mark)" "*livepatch_sample*patching complete*"
klp_unload livepatch_sample
guest_done' --module "$BUILD/samples/livepatch/livepatch-sample.ko"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ $output != *"not ok"* ]]
    [ "$(grep -c '^ok - ' <<<"$output")" -eq 6 ]
}

@test "a failed check makes vm.sh fail, the script still runs to its end" {
    guest 'expect_eq "deliberate mismatch" apple pear
echo still running'
    [ "$status" -eq 1 ]
    [ "${lines[0]}" = "not ok - deliberate mismatch" ]
    [[ $output == *"still running"* ]]
}

@test "the script's exit status is vm.sh's exit status" {
    guest 'echo bye; exit 3'
    [ "$status" -eq 3 ]
    [ "$output" = bye ]
}

@test "a failed klp_load is a failure even if the script exits 0" {
    guest 'klp_load no-such-module.ko; exit 0'
    [ "$status" -eq 1 ]
    [[ $output == *"not ok - klp_load /modules/no-such-module.ko"* ]]
}

@test "--file puts a file into the guest" {
    echo "hello from the host" > "$BATS_TEST_TMPDIR/data"
    guest 'cat /data/in/file' --file "$BATS_TEST_TMPDIR/data:/data/in/file"
    [ "$status" -eq 0 ]
    [ "$output" = "hello from the host" ]
}

@test "a kernel panic is exit 125 with the console on stderr" {
    # No sysrq in this kernel: exhaust memory in ramfs with panic_on_oom.
    start=$SECONDS
    guest 'echo 1 > /proc/sys/vm/panic_on_oom
cat /dev/zero > /fill' --timeout 30
    [ "$status" -eq 125 ]
    [[ $stderr == *"Kernel panic"* ]]
    [ $((SECONDS - start)) -lt 20 ]
}

@test "a hung guest is exit 125 at the timeout" {
    start=$SECONDS
    guest 'echo sleeping; sleep 600' --timeout 5
    [ "$status" -eq 125 ]
    [ "$output" = sleeping ]
    [[ $stderr == *"timed out after 5s"* ]]
    [ $((SECONDS - start)) -lt 12 ]
}
