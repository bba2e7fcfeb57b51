#!/bin/bash
# A real Debian 12 guest (systemd, Debian's own kernels) under QEMU, for tests
# that install packages with dpkg, reboot and read what systemd and the
# journal did.
#
#   systemd-guest.sh image
#   systemd-guest.sh disk IMAGE_DIR OUT.img [--file SRC:/ABS/DEST]...
#   systemd-guest.sh boot OUT.img [--kernel RELEASE] [--timeout SECS] [--console FILE]
#
# image: builds (once, cached) a bookworm root file system with both kernel
# packages installed, and prints the directory holding it (rootfs/,
# vmlinuz-RELEASE, initrd.img-RELEASE) as the last line of stdout.
# disk: a fresh sparse 3 GiB ext4 image of the rootfs plus the given files
# (owned by root, mode kept).
# boot: boots the disk; once boot is done, klp-test.service runs /klp-test/run
# (if it is there) and powers off. stdout gets exactly what /klp-test/run
# printed (stdout and stderr), the exit status is its. If the guest never
# reports one (panic, hang, timeout) the status is 125 and the last 40
# console lines go to stderr. Booting the same disk again is a reboot: what
# the first boot wrote is there.
# Env: KLP_PACKAGES (default /var/cache/klp-pkgs) holds the kernel .debs and,
#      in mmdebstrap/, the .debs downloaded from the archive (kept across runs);
#      KLP_CACHE (default /var/cache/klp-cache) holds the images.
set -euo pipefail

self=$(readlink -f "${BASH_SOURCE[0]}")
# shellcheck source=console.sh
. "$(dirname "$self")/console.sh"

usage() {
    sed -n '6,8s/^# //p' "$self" >&2
    exit 2
}
die() { echo "systemd-guest.sh: $*" >&2; exit 2; }

PKGS=${KLP_PACKAGES:-/var/cache/klp-pkgs}
CACHE=${KLP_CACHE:-/var/cache/klp-cache}
DEFAULT_KERNEL=6.1.0-56-amd64
# The booted kernel first; the second is installed after it, as an upgrade
# would leave a machine: two kernels, the older one running.
KERNEL_DEBS=(linux-image-6.1.0-56-amd64_6.1.192-2_amd64.deb
             "linux-image-6.12.117+deb12-amd64_6.12.117-1~deb12u1_amd64.deb")
RELEASES=(6.1.0-56-amd64 6.12.117+deb12-amd64)
MIRROR=http://deb.debian.org/debian

# A directory whose contents we trust: ours (or root's), not writable by
# others, as lib/files.c wants of the project's caches.
check_dir() {
    local dir=$1 uid mode
    uid=$(stat -c %u "$dir") mode=$(stat -c %a "$dir")
    if [[ $uid != "$EUID" && $uid != 0 ]]; then
        die "$dir is owned by user $uid, not by you (user $EUID): others could change what is kept there; use a directory of your own, or chown $EUID $dir"
    fi
    if (( 8#$mode & 8#022 )); then
        die "$dir is writable by $( (( 8#$mode & 8#002 )) && echo anyone || echo its group): others could change what is kept there; chmod go-w $dir, or use a directory of your own"
    fi
}

# --- image ----------------------------------------------------------------

# Runs as mmdebstrap's customize hook ($1 = the new root, seen from the
# host, as we run in root mode): everything the test guest needs.
customize() {
    local r=$1
    # A fixed machine ID: no first-boot units, and the journal of every boot
    # lands in the same /var/log/journal/ID, so journalctl -b -1 finds it.
    systemd-machine-id-setup --root="$r" >/dev/null
    # An existing /var/log/journal makes journald persistent (Storage=auto).
    mkdir -p "$r/var/log/journal"
    echo klp-guest > "$r/etc/hostname"
    printf '127.0.0.1 localhost\n127.0.1.1 klp-guest\n' > "$r/etc/hosts"
    # / is mounted rw by the initramfs (root=/dev/vda rw): nothing to check or remount.
    echo '# / comes from the kernel command line' > "$r/etc/fstab"
    # Nobody logs in: no getty on the console (it would print a login prompt
    # into our output); no root password is needed. The rest measured as
    # costing boot time or doing background work a test does not want.
    local mask
    for mask in getty.target serial-getty@ttyS0.service getty@tty1.service \
        apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer e2scrub_reap.service \
        fstrim.timer systemd-firstboot.service; do
        ln -sf /dev/null "$r/etc/systemd/system/$mask"
    done
    # A unit that does not stop should not hold up the poweroff for 90 s.
    mkdir -p "$r/etc/systemd/system.conf.d"
    printf '[Manager]\nDefaultTimeoutStopSec=15s\n' > "$r/etc/systemd/system.conf.d/klp-test.conf"

    mkdir -p "$r/usr/local/libexec"
    cat > "$r/usr/local/libexec/klp-test-runner" <<'EOF'
#!/bin/bash
# klp-test.service: run /klp-test/run once boot is done, its output framed
# on the serial line by markers the host chose (klp.token= on the kernel
# command line), then power off.
tok=$(sed -n 's/.*klp\.token=\([0-9a-f]*\).*/\1/p' /proc/cmdline)
# The unit is Type=exec: its start job ends once we run, so boot can
# finish, and the test sees a system that is "running" (or "degraded").
systemctl is-system-running --wait >/dev/null
# stdin: nothing ever types on the console.
exec </dev/null >/dev/ttyS0 2>&1
echo "KLP-BEGIN-$tok"
rc=0
HOME=/root /klp-test/run || rc=$?
echo "KLP-EXIT-$tok=$rc"
# The journal and whatever the test wrote go to disk with the poweroff
# (journald syncs when it stops, / is unmounted or remounted ro). Not
# asking logind about inhibitors: there is no D-Bus to ask it through.
systemctl poweroff --check-inhibitors=no
EOF
    chmod 755 "$r/usr/local/libexec/klp-test-runner"
    cat > "$r/etc/systemd/system/klp-test.service" <<'EOF'
[Unit]
Description=Run /klp-test/run, then power off
ConditionPathExists=/klp-test/run
# After= multi-user.target would be a cycle (the target waits for the
# units it wants): the runner waits for the end of boot itself.
After=basic.target systemd-journald.service systemd-journal-flush.service klp-manage.service

[Service]
Type=exec
ExecStart=/usr/local/libexec/klp-test-runner

[Install]
WantedBy=multi-user.target
EOF
    mkdir -p "$r/etc/systemd/system/multi-user.target.wants"
    ln -sf ../klp-test.service "$r/etc/systemd/system/multi-user.target.wants/klp-test.service"
}

# Runs before the kernels are installed ($1 = the new root): small initramfs
# images, as only virtio and ext4 are needed to find /.
initramfs_config() {
    local r=$1
    mkdir -p "$r/etc/initramfs-tools/conf.d"
    printf 'MODULES=list\nRESUME=none\n' > "$r/etc/initramfs-tools/conf.d/klp-test.conf"
    # Not /etc/initramfs-tools/modules: a conffile of initramfs-tools, dpkg
    # would ask about it.
    mkdir -p "$r/usr/share/initramfs-tools/modules.d"
    printf 'virtio_pci\nvirtio_blk\next4\n' > "$r/usr/share/initramfs-tools/modules.d/klp-test"
}

# Keeps the .debs apt downloaded ($1 = the new root), not the local kernel
# packages, each file complete or not at all.
save_debs() {
    local f n dir=$2
    for f in "$1"/var/cache/apt/archives/*.deb; do
        [[ -f $f ]] || continue
        n=${f##*/}
        [[ -e $dir/$n ]] && continue
        cp "$f" "$dir/.$n.tmp" && mv "$dir/.$n.tmp" "$dir/$n"
    done
}

# remove_build DIR: a build's directory, with the mounts mmdebstrap left in
# its root (/proc, /sys, /dev when killed; the kernel .debs' bind mounts even
# when it merely fails), deepest first. --one-file-system: should a mount
# stay, rm must not go into it.
remove_build() {
    local m
    awk -v p="$1/" 'index($2, p) == 1 { print $2 }' /proc/mounts | sort -r |
        while read -r m; do umount -l "$m"; done
    rm -rf --one-file-system "$1"
}

image() {
    [[ $EUID == 0 ]] || die "image: needs root (mmdebstrap root mode, files owned by root)"
    local deb debs=() key out pkgcache
    [[ -d $PKGS ]] || die "no package directory $PKGS (KLP_PACKAGES) with the kernel .debs"
    check_dir "$PKGS"
    for deb in "${KERNEL_DEBS[@]}"; do
        [[ -f $PKGS/$deb ]] || die "no kernel package $PKGS/$deb"
        debs+=("$PKGS/$deb")
    done
    # The recipe is this script: a change to it makes a new image.
    key=$( { cat "$self"; printf '%s\n' "${KERNEL_DEBS[@]}"; } | sha256sum | cut -c1-16)
    out=$CACHE/systemd-guest-$key
    if [[ -d $out ]]; then
        echo "$out"
        return
    fi
    pkgcache=$PKGS/mmdebstrap
    mkdir -p "$pkgcache" "$CACHE"
    check_dir "$pkgcache"
    # One build at a time per image cache and per package cache (each build
    # writes both); a second caller waits and then finds the image made.
    exec 8>"$CACHE/systemd-guest.lock" 9>"$pkgcache/.lock"
    flock 8
    flock 9
    if [[ -d $out ]]; then
        echo "$out"
        return
    fi
    # Beside the final directory, so the rename is atomic; a killed build
    # leaves only a systemd-guest-tmp.* directory that nothing uses.
    # What a killed build left: no build runs now, we hold the lock.
    local d
    for d in "$CACHE"/systemd-guest-tmp.*; do
        [[ -d $d ]] && remove_build "$d"
    done
    # (tmp is global: the EXIT trap runs after this function's locals are gone.)
    tmp=$(mktemp -d "$CACHE/systemd-guest-tmp.XXXXXX")
    trap 'remove_build "$tmp"' EXIT
    # Readable for apt's _apt user, which downloads into it.
    chmod 755 "$tmp"
    # shellcheck disable=SC2016,SC2054  # $1 is the hook's; commas are mmdebstrap's
    local -a args=(
        --mode=root --variant=essential --format=directory
        --include=systemd-sysv,udev,kmod,initramfs-tools,procps
        # The kernel packages by path: the hook makes them visible in the chroot.
        --hook-dir=/usr/share/mmdebstrap/hooks/file-mirror-automount
        # apt's downloads come from, and go back to, $pkgcache. apt checks
        # their hashes against the index, so a stale file is fetched anew.
        --skip=download/empty --skip=essential/unlink
        # It would empty /etc/machine-id again, which we fill (customize).
        --skip=cleanup/reproducible/machine-id
        --setup-hook='mkdir -p "$1"/var/cache/apt/archives'
        --setup-hook="sync-in $pkgcache /var/cache/apt/archives/"
        --essential-hook="'$self' _initramfs-config \"\$1\""
        --customize-hook="'$self' _save-debs \"\$1\" '$pkgcache'"
        --customize-hook="'$self' _customize \"\$1\""
    )
    for deb in "${debs[@]}"; do args+=("--include=$deb"); done
    # Without the lock file itself, sync-in would copy it into the chroot.
    # Only the locks' fds 8 and 9 go to mmdebstrap: it hands apt an fd for dash
    # to write to, which fails ("Bad fd number") once it is 10 or more, as
    # it is when the caller (bats) left a few open.
    (
        for fd in "/proc/$BASHPID/fd"/*; do
            fd=${fd##*/}
            (( fd > 2 && fd != 8 && fd != 9 )) && eval "exec $fd>&-"
        done
        exec mmdebstrap "${args[@]}" bookworm "$tmp/rootfs" "deb $MIRROR bookworm main"
    ) >&2
    rm -f "$tmp/rootfs/var/cache/apt/archives/"*.deb "$tmp/rootfs/var/cache/apt/archives/.lock"
    local rel
    for rel in "${RELEASES[@]}"; do
        cp "$tmp/rootfs/boot/vmlinuz-$rel" "$tmp/rootfs/boot/initrd.img-$rel" "$tmp/"
    done
    mv -T "$tmp" "$out"
    trap - EXIT
    echo "$out"
}

# --- disk -----------------------------------------------------------------

disk() {
    [[ $# -ge 2 ]] || usage
    local img=$1 out=$2 files=() f src dest
    shift 2
    while [[ $# -gt 0 ]]; do
        case $1 in
            --file) files+=("${2:?}"); shift 2 ;;
            *) usage ;;
        esac
    done
    [[ -d $img/rootfs ]] || die "no image in $img (systemd-guest.sh image makes one)"
    # A tree of hard links to the image's files (cheap, same file system),
    # plus the new files: mke2fs -d copies a directory, and needs no mount.
    local tree
    tree=$(mktemp -d "$img/../systemd-guest-disk.XXXXXX")
    # shellcheck disable=SC2064  # tree is fixed now
    trap "rm -rf '$tree'" EXIT
    cp -al "$img/rootfs" "$tree/root"
    for f in "${files[@]}"; do
        src=${f%:*} dest=${f##*:}
        [[ $f == *:* && $dest == /* ]] || die "--file wants SRC:/ABSOLUTE/DEST: $f"
        [[ -e $src ]] || die "no such file: $src"
        mkdir -p "$tree/root$(dirname "$dest")"
        # Unlink first: the old file is a hard link into the cached image.
        rm -rf "$tree/root$dest"
        cp -r --preserve=mode,timestamps "$src" "$tree/root$dest"
    done
    # The host's mke2fs defaults suit the 6.1 kernel; -E root_owner: / is root's.
    rm -f "$out"
    truncate -s 3G "$out"
    mke2fs -q -t ext4 -L klp-root -E root_owner=0:0 -d "$tree/root" "$out"
}

# --- boot -----------------------------------------------------------------

boot() {
    [[ $# -ge 1 ]] || usage
    local disk=$1 kernel=$DEFAULT_KERNEL timeout=180 console='' img
    shift
    while [[ $# -gt 0 ]]; do
        case $1 in
            --kernel)  kernel=${2:?}; shift 2 ;;
            --timeout) timeout=${2:?}; shift 2 ;;
            --console) console=${2:?}; shift 2 ;;
            *) usage ;;
        esac
    done
    [[ -f $disk ]] || die "no disk image: $disk"
    [[ $timeout =~ ^[0-9]+$ ]] || die "--timeout wants whole seconds: $timeout"
    img=$("$self" image | tail -n1)
    [[ -f $img/vmlinuz-$kernel ]] || die "no kernel $kernel in $img"

    tmp=$(mktemp -d "${TMPDIR:-/tmp}/klp-sg.XXXXXX")
    qemu_pid=''
    trap boot_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM

    # A new token each boot, on the kernel command line: the runner frames
    # the script's output with it, and nothing else on the console (output
    # of an earlier boot, kernel or systemd messages) can contain it.
    local tok begin end
    tok=$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
    begin="KLP-BEGIN-$tok" end="KLP-EXIT-$tok="

    # quiet: only errors from the kernel and systemd, which belong in the
    # output when they happen during the test. fsck.mode=skip: a clean
    # file system each time (we power off cleanly; 125 otherwise anyway).
    # cache=unsafe: the guest's flushes (journald, dpkg) cost host syncs
    # and buy nothing; the data still reaches the file before QEMU exits.
    timeout --kill-after=5 "$timeout" qemu-system-x86_64 -accel tcg -m 1024 -smp 1 \
        -nographic -no-reboot -nic none \
        -drive "file=$disk,format=raw,if=virtio,cache=unsafe" \
        -kernel "$img/vmlinuz-$kernel" -initrd "$img/initrd.img-$kernel" \
        -append "root=/dev/vda rw console=ttyS0 panic=-1 quiet fsck.mode=skip klp.token=$tok" \
        </dev/null >"$tmp/console" 2>"$tmp/qemu.err" &
    qemu_pid=$!
    local qemu_rc=0
    wait "$qemu_pid" || qemu_rc=$?
    qemu_pid=''
    [[ -z $console ]] || cp "$tmp/console" "$console"

    local rc=0
    guest_result systemd-guest.sh "$tmp/console" "$tmp/qemu.err" "$qemu_rc" "$timeout" \
        "$begin" "$end" || rc=$?
    exit "$rc"
}

# shellcheck disable=SC2317  # only reached through the trap
boot_cleanup() {
    # timeout(1) runs in its own process group, so a ^C never reaches it:
    # stop it here; it passes the TERM on to QEMU.
    if [[ -n $qemu_pid ]]; then
        kill "$qemu_pid" 2>/dev/null || true
        wait "$qemu_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}

cmd=${1:-}
[[ $# -gt 0 ]] && shift
case $cmd in
    image) [[ $# == 0 ]] || usage; image ;;
    disk) disk "$@" ;;
    boot) boot "$@" ;;
    # mmdebstrap's hooks
    _customize) customize "$@" ;;
    _initramfs-config) initramfs_config "$@" ;;
    _save-debs) save_debs "$@" ;;
    *) usage ;;
esac
