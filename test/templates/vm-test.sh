# shellcheck shell=sh
# Run by run.sh --vm in the guest by test/integration/lib/vm.sh, after its
# lib/guest.sh helpers are loaded.  The modules are in /modules.
old=$(cat /proc/cmdline)

klp_load klp_cmdline
expect_eq "klp_cmdline patches /proc/cmdline" "$(cat /proc/cmdline)" \
    "this has been live patched by the template"
klp_unload klp_cmdline
expect_eq "klp_cmdline reverted" "$(cat /proc/cmdline)" "$old"

dmesg_mark
klp_load klp_full
expect_eq "klp_full patched" "$(cat /proc/cmdline)" "full"
expect_eq "klp_full objects" "$(cd /sys/kernel/livepatch/klp_full && echo *)" \
    "another_mod cb_only_mod enabled force transition vmlinux"
expect_eq "klp_full: another_mod has its function" \
    "$(cd /sys/kernel/livepatch/klp_full/another_mod && echo *)" "foo_fn,1 patched"
expect_eq "klp_full: cb_only_mod has no function" \
    "$(cd /sys/kernel/livepatch/klp_full/cb_only_mod && echo *)" "patched"
expect_eq "klp_full: vmlinux pre_patch and post_patch ran, nothing for unloaded modules" \
    "$(dmesg_since_mark | grep '^standin ')" \
    "standin full pre_patch callback for vmlinux
standin full post_patch callback for vmlinux"

dmesg_mark
expect_fail "a failing pre_patch callback refuses klp_fail" insmod /modules/klp_fail.ko
expect_eq "klp_full still active" "$(cat /proc/cmdline)" "full"
expect_fail "klp_fail is not loaded" grep -q '^klp_fail ' /proc/modules
expect_match "klp_fail's pre_patch callback ran" "$(dmesg_since_mark)" \
    "*standin fail pre_patch(failing) callback for vmlinux*"
expect_fail "two post_patch callbacks for one object are refused" insmod /modules/klp_dup.ko
expect_fail "an object name with '-' is refused" insmod /modules/klp_dash.ko
expect_fail "an empty stacked patch is refused" insmod /modules/klp_empty.ko

klp_load klp_repl
expect_eq "klp_repl (replace) patched" "$(cat /proc/cmdline)" "replaced"
expect_fail "klp_full was replaced" test -e /sys/kernel/livepatch/klp_full
expect_ok "klp_full can be removed" rmmod klp_full
klp_load klp_empty_repl
expect_eq "an empty replace patch reverts everything" "$(cat /proc/cmdline)" "$old"
expect_ok "klp_repl can be removed" rmmod klp_repl
klp_unload klp_empty_repl

dmesg_mark
klp_load klp_full
klp_unload klp_full
expect_eq "klp_full again: all four vmlinux callbacks, in order" \
    "$(dmesg_since_mark | grep '^standin ')" \
    "standin full pre_patch callback for vmlinux
standin full post_patch callback for vmlinux
standin full pre_unpatch callback for vmlinux
standin full post_unpatch callback for vmlinux"
expect_eq "klp_full reverted" "$(cat /proc/cmdline)" "$old"

oldppid=$(sh -c 'echo $PPID')
oldmask=$(umask)
klp_load klp_sys
expect_eq "KLP_SYSCALL_DEFINE0(getppid)" "$(sh -c 'echo $PPID')" 4242
expect_eq "KLP_SYSCALL_DEFINE1(umask)" "$(umask)" 0123
klp_unload klp_sys
expect_eq "getppid reverted" "$(sh -c 'echo $PPID')" "$oldppid"
expect_eq "umask reverted" "$(umask)" "$oldmask"
expect_eq "no module left" "$(cat /proc/modules)" ""
