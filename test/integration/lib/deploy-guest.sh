#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The guest's side of deploy.bats: run by klp-test.service at every boot of
# a Debian 12 systemd guest (lib/systemd-guest.sh), one phase a boot.  It
# prints "key=value" facts and command output; deploy.bats judges them.
# /klp-test/debs holds klp-manage's package and the livepatch packages:
# livepatch-cmdline-RELEASE_1 (release 1: /proc/cmdline ends in
# " klp-patched"), _2 (release 2, built with --previous of release 1:
# /proc/version gains "klp-b" too) and _3 (release 3, the same code, built
# on release 2), and release 1 for another kernel.
set -u
state=/var/lib/klp-test
debs=/klp-test/debs
rel=$(uname -r)
mkdir -p "$state"
phase=$(cat "$state/phase" 2> /dev/null || echo 1)
echo "phase=$phase"
echo "release=$rel"

cmdline() { if grep -q ' klp-patched$' /proc/cmdline; then echo patched; else echo original; fi; }
version() { if grep -q 'klp-b' /proc/version; then echo patched; else echo original; fi; }
facts() { # WHEN: what runs and what is installed
	echo "$1-cmdline=$(cmdline)"
	echo "$1-version=$(version)"
	echo "$1-livepatches=$(ls /sys/kernel/livepatch | tr '\n' ' ')"
	echo "$1-installed=$(ls "/var/lib/livepatch/$rel" 2> /dev/null | tr '\n' ' ')"
}
# dpkg WHAT ARGS...: its output, prefixed, and its status
run_dpkg() {
	what=$1
	shift
	dpkg "$@" > /tmp/dpkg.out 2>&1
	echo "dpkg-$what=$?"
	sed "s/^/$what: /" /tmp/dpkg.out
}
next_phase() {
	echo "$1" > "$state/phase"
	sync
}

case $phase in
1)
	facts before
	run_dpkg manager -i "$debs"/klp-manage_*.deb
	echo "unit=$(systemctl is-enabled klp-manage.service)"
	run_dpkg v1 -i "$debs/livepatch-cmdline-${rel}_1_amd64.deb"
	facts v1
	next_phase 2 ;;
2)
	# klp-manage.service loaded release 1 before this unit ran
	facts boot
	journalctl -b -u klp-manage.service --no-pager -o cat | sed 's/^/journal: /'
	# a reader during the upgrade: the fix must hold at every read
	rm -f /tmp/stop
	(
		while [ ! -e /tmp/stop ]; do cmdline; done > /tmp/reads
	) &
	reader=$!
	run_dpkg v2 -i "$debs/livepatch-cmdline-${rel}_2_amd64.deb"
	touch /tmp/stop
	wait "$reader"
	echo "reads=$(wc -l < /tmp/reads)"
	echo "reads-original=$(grep -c original /tmp/reads)"
	facts v2
	# the power fails right after release 3's insmod, in its upgrade:
	# nothing more is written, nothing synced
	cat > /usr/local/sbin/insmod <<'EOF'
#!/bin/sh
/sbin/insmod "$@"
# the package's postinst loads from here; the boot from /var/lib/livepatch
case $1 in /usr/lib/livepatch-packages/*) echo o > /proc/sysrq-trigger ;; esac
EOF
	chmod 755 /usr/local/sbin/insmod
	next_phase 3
	echo "cutting the power in release 3's upgrade"
	dpkg -i "$debs/livepatch-cmdline-${rel}_3_amd64.deb" > /dev/null 2>&1
	echo "still running after release 3's insmod" ;;
3)
	# exactly one release runs: the newest installed
	rm -f /usr/local/sbin/insmod
	facts cut
	run_dpkg configure --configure -a
	facts configured
	run_dpkg remove -r "livepatch-cmdline-$rel"
	facts removed
	for other in "$debs"/livepatch-cmdline-*_1_amd64.deb; do
		[ "$other" = "$debs/livepatch-cmdline-${rel}_1_amd64.deb" ] || break
	done
	run_dpkg other -i "$other"
	facts other
	klp-manage list | sed 's/^/list: /'
	next_phase 4 ;;
4)
	# booted into the other kernel: its package's module loads at boot
	facts other-boot
	journalctl -b -u klp-manage.service --no-pager -o cat | sed 's/^/journal: /'
	next_phase 5 ;;
esac
