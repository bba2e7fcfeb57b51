#!/usr/bin/env bats
# The systemd guest (lib/systemd-guest.sh): Debian 12 with systemd and
# Debian's kernels under QEMU, one disk booted twice.  The image is built
# once into $KLP_CACHE (default /var/cache/klp-cache) from the kernel .debs
# in $KLP_PACKAGES (default /var/cache/klp-pkgs); a missing piece (root,
# mmdebstrap, a .deb) fails the test, nothing is skipped.

bats_require_minimum_version 1.5.0

SG=$BATS_TEST_DIRNAME/lib/systemd-guest.sh
K61=6.1.0-56-amd64
K612=6.12.117+deb12-amd64

# The test on the guest: the first boot leaves a file under /var/lib and a
# line in the journal; the second finds both.
guest_script() {
	cat <<'EOF'
#!/bin/bash
set -u
state=/var/lib/klp-test/first-boot
if [ ! -e "$state" ]; then
	mkdir -p "${state%/*}"
	cat /proc/sys/kernel/random/boot_id > "$state"
	logger -t klp-test "first boot $(cat "$state")"
	echo "boot: first"
else
	echo "boot: again, the first was $(cat "$state")"
	echo "previous boot's journal: $(journalctl -b -1 -t klp-test -o cat)"
	echo "previous boot's kernel: $(journalctl -b -1 -k -o cat | grep -m1 '^Linux version')"
	echo "boots in the journal: $(journalctl --list-boots | grep -cE '^ *-?[0-9]+ ')"
fi
echo "boot id: $(cat /proc/sys/kernel/random/boot_id)"
echo "state: $(systemctl is-system-running)"
systemctl --failed --no-legend --plain | sed 's/^/failed: /'
echo "kernel: $(uname -r)"
echo "journal: $(journalctl -b -k -o cat | grep -m1 '^Linux version')"
echo "persistent: $(ls -d /var/log/journal/"$(cat /etc/machine-id)")"
EOF
}

@test "systemd guest: a disk booted twice, 6.1 then 6.12: the second boot sees the first's files and journal" {
	run "$SG" image
	echo "$output"
	[ "$status" -eq 0 ]
	img=${lines[-1]}
	[ -f "$img/vmlinuz-$K61" ] && [ -f "$img/initrd.img-$K612" ]

	guest_script > "$BATS_TEST_TMPDIR/run"
	chmod +x "$BATS_TEST_TMPDIR/run"
	disk=$BATS_TEST_TMPDIR/disk.img
	"$SG" disk "$img" "$disk" --file "$BATS_TEST_TMPDIR/run:/klp-test/run"

	run "$SG" boot "$disk" --console "$BATS_TEST_TMPDIR/console-1"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "boot: first" ]
	first=${lines[1]#boot id: }
	[[ $first =~ ^[0-9a-f-]{36}$ ]]
	# The script runs once boot is done, and nothing failed.
	[ "${lines[2]}" = "state: running" ]
	[ "${lines[3]}" = "kernel: $K61" ]
	[[ ${lines[4]} == "journal: Linux version $K61 "* ]]
	[[ ${lines[5]} == "persistent: /var/log/journal/"* ]]
	[ "${#lines[@]}" -eq 6 ]

	run "$SG" boot "$disk" --kernel "$K612" --console "$BATS_TEST_TMPDIR/console-2"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "boot: again, the first was $first" ]
	[ "${lines[1]}" = "previous boot's journal: first boot $first" ]
	[[ ${lines[2]} == "previous boot's kernel: Linux version $K61 "* ]]
	[ "${lines[3]}" = "boots in the journal: 2" ]
	[[ ${lines[4]} =~ ^"boot id: "[0-9a-f-]{36}$ ]]
	[ "${lines[4]}" != "boot id: $first" ]
	[ "${lines[5]}" = "state: running" ]
	[ "${lines[6]}" = "kernel: $K612" ]
	[[ ${lines[7]} == "journal: Linux version $K612 "* ]]
	[ "${#lines[@]}" -eq 9 ]
}

@test "systemd guest: no exit status from the guest is 125, with the console's end on stderr" {
	run "$SG" image
	[ "$status" -eq 0 ]
	img=${lines[-1]}
	# No /klp-test/run: the guest boots and waits; the host gives up.
	"$SG" disk "$img" "$BATS_TEST_TMPDIR/disk.img"
	run --separate-stderr "$SG" boot "$BATS_TEST_TMPDIR/disk.img" --timeout 5
	[ "$status" -eq 125 ]
	[ -z "$output" ]
	[[ $stderr == *"timed out after 5s; last 40 console lines:"* ]]
}
