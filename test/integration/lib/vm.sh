#!/bin/bash
# Run a test script inside a throw-away QEMU VM booted from the test kernel.
#
#   vm.sh run [--timeout SECS] [--kernel BZIMAGE] [--smp CPUS] [--module FILE.ko]...
#             [--file SRC:DEST]... SCRIPT
#
# SCRIPT (a busybox sh script; "-" reads it from stdin) runs as the test body
# in the guest after guest.sh has been sourced. Modules land in /modules/,
# --file copies SRC to the absolute guest path DEST. stdout gets exactly what
# SCRIPT printed (stdout and stderr); the exit status is SCRIPT's. If the
# guest never reports an exit status (panic, hang, timeout) the status is
# 125 and the last 40 console lines go to stderr.
# Env: KLP_KVM=1 uses KVM instead of TCG (nested KVM hangs on our test machines);
#      KLP_CONSOLE=FILE keeps the whole raw serial console log there.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=console.sh
. "$here/console.sh"

usage() {
    sed -n '4,5s/^# //p' "${BASH_SOURCE[0]}" >&2
    exit 2
}
die() { echo "vm.sh: $*" >&2; exit 2; }

[[ ${1:-} == run ]] || usage
shift
timeout=60 kernel='' smp=1 script='' modules=() files=()
while [[ $# -gt 0 ]]; do
    case $1 in
        --timeout) timeout=${2:?}; shift 2 ;;
        --kernel)  kernel=${2:?}; shift 2 ;;
        --smp)     smp=${2:?}; shift 2 ;;
        --module)  modules+=("${2:?}"); shift 2 ;;
        --file)    files+=("${2:?}"); shift 2 ;;
        -)         script=-; shift; break ;;
        -*)        usage ;;
        *)         script=$1; shift; break ;;
    esac
done
[[ -n $script && $# == 0 ]] || usage
[[ $timeout =~ ^[0-9]+$ ]] || die "--timeout wants whole seconds: $timeout"
[[ $smp =~ ^[1-9][0-9]?$ ]] || die "--smp wants a CPU count: $smp"
if [[ -z $kernel ]]; then
    # build.sh returns at once when its cached kernel is current.
    kernel=$("$here/../../kernel/build.sh" | tail -n1)/arch/x86/boot/bzImage
fi
[[ -f $kernel ]] || die "no kernel image: $kernel"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/klp-vm.XXXXXX")
qemu_pid=''
# shellcheck disable=SC2317  # only reached through the trap
cleanup() {
    # timeout(1) runs in its own process group, so a ^C never reaches it:
    # stop it here; it passes the TERM on to QEMU.
    if [[ -n $qemu_pid ]]; then
        kill "$qemu_pid" 2>/dev/null || true
        wait "$qemu_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- initramfs: busybox, guest.sh, the script, modules and extra files ------
root=$tmp/root
mkdir -p "$root"/{bin,dev,proc,sys,tmp,lib,modules}
cp /bin/busybox "$root/bin/busybox"
cp "$here/guest.sh" "$root/lib/guest.sh"
if [[ $script == - ]]; then
    cat > "$root/test.sh"
else
    [[ -f $script ]] || die "no such script: $script"
    cp "$script" "$root/test.sh"
fi
for m in "${modules[@]}"; do
    [[ -f $m ]] || die "no such module: $m"
    cp "$m" "$root/modules/"
done
for f in "${files[@]}"; do
    src=${f%:*} dest=${f##*:}
    [[ $f == *:* && $dest == /* ]] || die "--file wants SRC:/ABSOLUTE/DEST: $f"
    [[ -e $src ]] || die "no such file: $src"
    mkdir -p "$root$(dirname "$dest")"
    cp -a "$src" "$root$dest"
done

# Random markers around the script's output: nothing else on the console can
# contain them, so everything between them is the script's and nothing more.
tok=$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
begin="KLP-BEGIN-$tok" end="KLP-EXIT-$tok="

cat > "$root/init" <<EOF
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin HOME=/ TMPDIR=/tmp
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
# Give up the console fds the kernel opened for us: the serial driver only
# waits for its transmit buffer to drain on the *last* close of the console,
# and the exit marker below must be on the wire before reboot -f cuts power.
# The script gets no stdin: nothing ever types on the console.
exec </dev/null >/dev/null 2>&1
sh -c 'echo $begin; . /lib/guest.sh; . /test.sh' </dev/null >/dev/console 2>&1
echo "$end\$?" >/dev/console
reboot -f
EOF
chmod +x "$root/init"

# Uncompressed: gzip costs more time (host and TCG guest) than it saves.
(cd "$root" && find . -print0 | cpio --null -o -H newc -R 0:0 --quiet) > "$tmp/initrd"

# --- boot ---------------------------------------------------------------------
accel=(-accel tcg)
# Several CPUs run in one host thread: with a thread each (4 on a 2-core
# host), the guest, the kernel's own livepatch sample included, stalled
# in soft lockups within minutes of the load test (doc/figures.md).
(( smp == 1 )) || accel=(-accel tcg,thread=single)
[[ ${KLP_KVM:-0} == 1 ]] && accel=(-accel kvm -cpu host)
# -no-reboot turns the guest's reboot -f (and panic=-1's reboot) into QEMU
# exiting; -nic none skips the NIC and its option ROM.
# The tinyconfig test kernels have no ACPI: they see one CPU whatever -smp says.
timeout --kill-after=5 "$timeout" qemu-system-x86_64 "${accel[@]}" -m 256 -smp "$smp" \
    -nographic -no-reboot -nic none \
    -kernel "$kernel" -initrd "$tmp/initrd" \
    -append "console=ttyS0 panic=-1 quiet" \
    </dev/null >"$tmp/console" 2>"$tmp/qemu.err" &
qemu_pid=$!
# wait in the background job (not a foreground child) lets INT/TERM traps
# run at once and stop QEMU.
qemu_rc=0
wait "$qemu_pid" || qemu_rc=$?
qemu_pid=''
[[ -z ${KLP_CONSOLE:-} ]] || cp "$tmp/console" "$KLP_CONSOLE"

rc=0
guest_result vm.sh "$tmp/console" "$tmp/qemu.err" "$qemu_rc" "$timeout" "$begin" "$end" || rc=$?
exit "$rc"
