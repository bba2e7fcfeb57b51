#!/usr/bin/env bats
# Cumulative releases (kpatch-build --series, --previous, --allow-drop,
# klp_state) and klp-manage upgrade, in the QEMU-booted 6.1 test kernel.
# The series files and patches are in patches/release/: fix a changes
# /proc/cmdline, fix b /proc/version, fix c /proc/uptime, the state patch
# counts /proc/loadavg reads in a shadow variable (klp_state 2), hot fix 123
# changes /proc/klp_test/counter.
# shellcheck disable=SC2030,SC2031

load lib/kpb.bash

R=$BATS_TEST_DIRNAME/patches/release

setup_file() {
	setup_kernel
}

setup() {
	setup_kernel
	OUT=$BATS_TEST_TMPDIR/out
	MANAGE="--file $REPO/kpatch-build/klp-manage:/bin/klp-manage"
}

info() {
	"$KPB" --info "$OUT/lp-$1.ko"
}

@test "release: v1 (a, b) then v2 (a, b, c); upgrade leaves only v2" {
	build v1 --series "$R/v1.series"
	build v2 --series "$R/v2.series" --previous "$OUT/lp-v1.ko"
	[[ $output == *"release: functions added: 1: vmlinux/uptime_proc_show,0"* ]]
	[[ $output == *"release: functions unchanged: 3"* ]]
	[[ $output == *"release: patches added: 1: fix-c.patch"* ]]
	[ "$(jq -c .release.functions.added "$BATS_TEST_TMPDIR/v2.json")" = '["vmlinux/uptime_proc_show,0"]' ]
	[ "$(jq '.release.functions.unchanged | length' "$BATS_TEST_TMPDIR/v2.json")" = 3 ]
	run info v2
	echo "$output"
	[[ $output == *"version: 2"* ]]
	[[ $output == *"series: base official-v2"* ]]
	[[ $output == *"patch 3: fix-c.patch  xxh128:"*"(official-v2)"* ]]
	[[ $output == *"supersedes: lp-v1"* ]]
	[ "$(modinfo -F version "$OUT/lp-v2.ko")" = 2 ]
	# shellcheck disable=SC2086
	guest --module "$OUT/lp-v1.ko" --module "$OUT/lp-v2.ko" $MANAGE <<'GUEST'
klp-manage load /modules/lp-v1.ko
expect_match "v1: a" "$(cat /proc/cmdline)" "* klp-a"
expect_match "v1: b" "$(cat /proc/version)" "*klp-b*"
expect_fail "v1: no c" grep -q klp-c /proc/uptime
out=$(klp-manage upgrade /modules/lp-v2.ko)
expect_match "upgrade removes v1" "$out" "*removed lp_v1*upgraded to lp_v2"
expect_eq "only v2 is enabled" "$(ls /sys/kernel/livepatch)" "lp_v2"
expect_fail "v1's module is gone" test -d /sys/module/lp_v1
expect_match "v2: a" "$(cat /proc/cmdline)" "* klp-a"
expect_match "v2: b" "$(cat /proc/version)" "*klp-b*"
expect_ok "v2: c" grep -q klp-c /proc/uptime
GUEST
}

@test "release: a fix whose code changes is reported changed, the others unchanged" {
	build v1 --series "$R/v1.series"
	s=$BATS_TEST_TMPDIR/series
	mkdir -p "$s"
	cp "$R"/fix-b.patch "$R"/state.patch "$s"/
	sed 's/ klp-a/ klp-a, again/' "$R/fix-a.patch" > "$s/fix-a.patch"
	printf 'version 2\nbase official-v2\nfix-a.patch\nfix-b.patch\nstate.patch\n' > "$s/v2.series"
	build v2 --series "$s/v2.series" --previous "$OUT/lp-v1.ko"
	[[ $output == *"release: functions changed: 1: vmlinux/cmdline_proc_show,0"* ]]
	[[ $output == *"release: functions unchanged: 2"* ]]
	[[ $output == *"release: patches updated: 1: fix-a.patch"* ]]
}

@test "release: upgrade refuses a loaded release of the same name but another build" {
	build v1 --series "$R/v1.series"
	build v2 --series "$R/v2.series" --previous "$OUT/lp-v1.ko"
	kpb -R -n lp-v1 -o "$BATS_TEST_TMPDIR/other" "$R/fix-a.patch"
	[ "$status" -eq 0 ]
	want=$("$KPB" --info-json "$OUT/lp-v1.ko" | jq -r .identity)
	# shellcheck disable=SC2086
	guest --module "$OUT/lp-v1.ko" --module "$OUT/lp-v2.ko" $MANAGE \
		--file "$BATS_TEST_TMPDIR/other/lp-v1.ko:/other/lp-v1.ko" <<GUEST
klp-manage load /other/lp-v1.ko
expect_fail "upgrade over the other v1 is refused" klp-manage upgrade /modules/lp-v2.ko
expect_match "naming both builds" "\$(klp-manage upgrade /modules/lp-v2.ko 2>&1)" \
	"*lp_v2 was built against lp_v1 $want, but the loaded lp_v1 is xxh128:*, another build*"
expect_eq "the other v1 stays" "\$(ls /sys/kernel/livepatch)" "lp_v1"
klp-manage unload lp_v1
klp-manage load /modules/lp-v1.ko
expect_match "over the v1 it was built against" "\$(klp-manage upgrade /modules/lp-v2.ko)" "*upgraded to lp_v2"
GUEST
}

@test "release: dropping fix b needs --allow-drop; after upgrade b's function is the original" {
	build v2 --series "$R/v2.series"
	kpb -n lp-v3 --series "$R/v3.series" --previous "$OUT/lp-v2.ko"
	echo "$output"
	[ "$status" -eq 3 ]
	[[ $output == *"patch removed from the series: --allow-drop fix-b.patch"* ]]
	[[ $output == *"function reverts to the original: --allow-drop vmlinux/version_proc_show,0"* ]]
	[ ! -e "$OUT/lp-v3.ko" ]
	build v3 --series "$R/v3.series" --previous "$OUT/lp-v2.ko" \
		--allow-drop fix-b.patch --allow-drop version_proc_show
	[[ $output == *"release: functions dropped: 1: vmlinux/version_proc_show,0"* ]]
	[[ "$(info v3)" == *"drops:   vmlinux/version_proc_show,1 (back to the original)"* ]]
	# shellcheck disable=SC2086
	guest --module "$OUT/lp-v2.ko" --module "$OUT/lp-v3.ko" $MANAGE <<'GUEST'
klp-manage load /modules/lp-v2.ko
expect_match "v2: b" "$(cat /proc/version)" "*klp-b*"
out=$(klp-manage upgrade /modules/lp-v3.ko)
expect_match "the upgrade says what reverts" "$out" "*vmlinux/version_proc_show,1 reverts to the original*"
expect_fail "v3: b is gone" grep -q klp-b /proc/version
expect_match "v3: a" "$(cat /proc/cmdline)" "* klp-a"
expect_ok "v3: c" grep -q klp-c /proc/uptime
GUEST
}

@test "release: a machine that skipped releases upgrades straight from v1 to v4; what v3 dropped reverts" {
	build v1 --series "$R/v1.series"
	build v2 --series "$R/v2.series" --previous "$OUT/lp-v1.ko"
	build v3 --series "$R/v3.series" --previous "$OUT/lp-v2.ko" \
		--allow-drop fix-b.patch --allow-drop version_proc_show
	build v4 --series "$R/v4.series" --previous "$OUT/lp-v3.ko"
	# loading v4 replaces every earlier release, each build named
	[ "$(modinfo -F klp_supersedes "$OUT/lp-v4.ko")" = "lp_v3 lp_v2 lp_v1" ]
	[[ " $(modinfo -F klp_previous_ids "$OUT/lp-v4.ko") " == *" lp_v1=$(modinfo -F klp_identity "$OUT/lp-v1.ko") "* ]]
	[ "$(modinfo -F klp_dropped "$OUT/lp-v4.ko")" = vmlinux/version_proc_show,1 ]
	# shellcheck disable=SC2086
	guest --module "$OUT/lp-v1.ko" --module "$OUT/lp-v4.ko" $MANAGE <<'GUEST'
klp-manage load /modules/lp-v1.ko
expect_match "v1: b" "$(cat /proc/version)" "*klp-b*"
out=$(klp-manage upgrade /modules/lp-v4.ko)
expect_match "v3's drop reverts b" "$out" "*vmlinux/version_proc_show,1 reverts to the original*"
expect_match "and v1 is removed" "$out" "*removed lp_v1*upgraded to lp_v4"
expect_eq "only v4 is enabled" "$(ls /sys/kernel/livepatch)" "lp_v4"
expect_fail "v4: b is gone" grep -q klp-b /proc/version
expect_match "v4: a" "$(cat /proc/cmdline)" "* klp-a"
expect_ok "v4: c" grep -q klp-c /proc/uptime
GUEST
}

@test "release: klp_state carried forward, shadow data kept; a lower version refused" {
	build v1 --series "$R/v1.series"
	[[ "$(info v1)" == *"state:   2 version 2 (fs/proc/loadavg.o)"* ]]
	build v2 --series "$R/v2.series" --previous "$OUT/lp-v1.ko"
	[[ $output == *"release: states kept: 1"* ]]
	# without the state patch the state is still carried (the kernel wants it)
	build v2n --series "$R/nostate.series" --previous "$OUT/lp-v1.ko" \
		--allow-drop state.patch --allow-drop loadavg_proc_show
	[[ "$(info v2n)" == *"state:   2 version 2 (carried from lp-v1)"* ]]
	kpb -n lp-lower --series "$R/lower.series" --previous "$OUT/lp-v1.ko"
	echo "$output"
	[ "$status" -eq 3 ]
	[[ $output == *"state 2: version 1 here (fs/proc/loadavg.o), but $OUT/lp-v1.ko has version 2"* ]]
	[ ! -e "$OUT/lp-lower.ko" ]
	build lower --series "$R/lower.series"
	# shellcheck disable=SC2086
	guest --module "$OUT/lp-v1.ko" --module "$OUT/lp-v2.ko" --module "$OUT/lp-v2n.ko" \
		--module "$OUT/lp-lower.ko" $MANAGE <<'GUEST'
klp-manage load /modules/lp-v1.ko
expect_match "v1 counts" "$(cat /proc/loadavg)" "*klp-state-reads=1"
expect_match "v1 counts on" "$(cat /proc/loadavg)" "*klp-state-reads=2"
klp-manage upgrade /modules/lp-v2.ko
expect_match "v2 finds the shadow data v1 created" "$(cat /proc/loadavg)" "*klp-state-reads=3"
dmesg_mark
expect_fail "the kernel refuses a lower state version" insmod /modules/lp-lower.ko
expect_match "and says so" "$(dmesg_since_mark)" "*lp_lower*not compatible with the already installed livepatches*"
klp-manage unload lp_v2
klp-manage load /modules/lp-v1.ko
expect_ok "a release carrying the state replaces v1" klp-manage upgrade /modules/lp-v2n.ko
expect_eq "v2n is enabled" "$(ls /sys/kernel/livepatch)" "lp_v2n"
expect_fail "loadavg is the original" grep -q klp-state /proc/loadavg
GUEST
}

@test "release: a stacked hot fix must be in the next release; folded in, it survives the upgrade" {
	build v5 --series "$R/v5.series"
	cp "$R/fix-a.patch" "$OUT/"
	build hotfix -R --base "$OUT/lp-v5.ko" "$R/hotfix-123.patch"
	cp "$R/hotfix-123.patch" "$OUT/"
	kpb -n lp-v6 --series "$R/v6.series" --previous "$OUT/lp-v5.ko" --previous "$OUT/lp-hotfix.ko"
	echo "$output"
	[ "$status" -eq 3 ]
	[[ $output == *"hot fix lp-hotfix ($OUT/lp-hotfix.ko) is loaded on top of the deployed release and is not in this series"* ]]
	[ ! -e "$OUT/lp-v6.ko" ]
	build v6hf --series "$R/v6-hotfix.series" --previous "$OUT/lp-v5.ko" --previous "$OUT/lp-hotfix.ko"
	[[ $output == *"hot fix lp-hotfix: included: hotfix-123.patch is in the series (hotfix-123)"* ]]
	run info v6hf
	[[ $output == *"series: base official-v6 + addition hotfix-123"* ]]
	[[ $output == *"version: 6+hotfix-123"* ]]
	[[ $output == *"supersedes: lp-hotfix (hot fix, included: hotfix-123.patch is in the series (hotfix-123))"* ]]
	build v7 --series "$R/v7.series" --previous "$OUT/lp-v5.ko" --previous "$OUT/lp-hotfix.ko"
	[[ $output == *"hot fix lp-hotfix: included: the change of hotfix-123.patch is already in the series"* ]]
	# a release built without knowing of the hot fix
	build v6only --series "$R/v6.series" --previous "$OUT/lp-v5.ko"
	# shellcheck disable=SC2086
	guest --module "$OUT/lp-v5.ko" --module "$OUT/lp-hotfix.ko" --module "$OUT/lp-v6hf.ko" \
		--module "$OUT/lp-v6only.ko" $MANAGE <<'GUEST'
klp-manage load /modules/lp-v5.ko /modules/lp-hotfix.ko
expect_match "the hot fix runs" "$(cat /proc/klp_test/counter)" "count=* hotfix-123"
expect_fail "klp-manage refuses a release that would drop the hot fix" klp-manage upgrade /modules/lp-v6only.ko
expect_match "naming it" "$(klp-manage upgrade /modules/lp-v6only.ko 2>&1)" "*would remove lp_hotfix*"
expect_ok "upgrade to v6 + hot fix" klp-manage upgrade /modules/lp-v6hf.ko
expect_eq "only v6hf is enabled" "$(ls /sys/kernel/livepatch)" "lp_v6hf"
expect_fail "the hot fix module is gone" test -d /sys/module/lp_hotfix
expect_fail "v5's too" test -d /sys/module/lp_v5
expect_match "the hot fix behaviour is kept" "$(cat /proc/klp_test/counter)" "count=* hotfix-123"
expect_match "v6: a" "$(cat /proc/cmdline)" "* klp-a"
expect_match "v6: b" "$(cat /proc/version)" "*klp-b*"
GUEST
}

@test "release: bad series files are usage errors" {
	printf 'fix-a.patch\n' > "$BATS_TEST_TMPDIR/bad.series"
	kpb --series "$BATS_TEST_TMPDIR/bad.series"
	[ "$status" -eq 2 ]
	[[ $output == *"bad.series:1: patch fix-a.patch outside a group"* ]]
	printf 'base x\nbase y\n' > "$BATS_TEST_TMPDIR/bad.series"
	kpb --series "$BATS_TEST_TMPDIR/bad.series"
	[ "$status" -eq 2 ]
	[[ $output == *"bad.series:2: the base set comes first, and once"* ]]
	kpb --series "$R/v1.series" "$R/fix-a.patch"
	[ "$status" -eq 2 ]
	kpb -R --series "$R/v2.series" --previous "$R/v1.series"
	[ "$status" -eq 2 ]
	[[ $output == *"--previous goes with a replace (cumulative) build"* ]]
}
