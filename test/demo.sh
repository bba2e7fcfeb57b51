#!/usr/bin/env bash
# make demo: the main job end to end on a built-in default.  Installs what
# is missing (as root), builds the tools and the 6.1 test kernel (once,
# cached), builds test/integration/patches/cmdline.patch into a livepatch
# module, boots the kernel in QEMU and shows /proc/cmdline before loading,
# while loaded and after unloading.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

missing=$(make -s print-packages | tr ' ' '\n' | while read -r p; do
	[[ -z $p ]] || dpkg -s "$p" > /dev/null 2>&1 || echo "$p"; done)
if [[ -n $missing ]]; then
	[[ $(id -u) == 0 ]] || { echo "demo: missing packages (run as root, or 'sudo make deps'):" $missing >&2; exit 1; }
	apt-get update -qq && make deps
fi
make -s all
build=$(test/kernel/build.sh | tail -n1)
src=$(readlink -f "$build/source")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "== kpatch-build test/integration/patches/cmdline.patch"
cat test/integration/patches/cmdline.patch
build/bin/kpatch-build -s "$src" -c "$build/.config" -v "$build/vmlinux" \
	--build-dir "$build" -o "$out" -n livepatch-demo test/integration/patches/cmdline.patch

echo "== booting the test kernel in QEMU"
test/integration/lib/vm.sh run --module "$out/livepatch-demo.ko" - <<'GUEST'
echo "before loading:  $(cat /proc/cmdline)"
klp_load livepatch-demo
echo "while loaded:    $(cat /proc/cmdline)"
echo "sysfs: /sys/kernel/livepatch/$(ls /sys/kernel/livepatch), enabled=$(cat /sys/kernel/livepatch/livepatch_demo/enabled)"
klp_unload livepatch-demo
echo "after unloading: $(cat /proc/cmdline)"
GUEST
