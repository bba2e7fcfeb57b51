#!/usr/bin/env bash
# make bench, part 2: kpatch-build for a one-function .c patch on the test
# kernel with a warm cache, against floors measured in the same run:
# compiling the changed .c file once with kbuild's own command (a warm
# build's floor: the original is the build's), and twice.
set -euo pipefail
export COMPILE_TU_CHECK=0	# time the compile alone
kpb=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
build=$("$here/../kernel/build.sh" | tail -n 1)
src=$(readlink -f "$build/source")
patch=$here/../integration/patches/cmdline.patch
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
runs=5

ms() { echo $(( $(date +%s%N) / 1000000 )); }

build_once() {
	"$kpb" -s "$src" -c "$build/.config" -v "$build/vmlinux" --build-dir "$build" \
		--cache "$tmp/cache" -o "$tmp/out" -j 2 "$patch" 2> /dev/null
}

compile_once() {
	"$here/../kernel/compile-tu.sh" "$build" fs/proc/cmdline.c "$src/fs/proc/cmdline.c" "$tmp/a.o"
}

floor_once() {
	compile_once
	"$here/../kernel/compile-tu.sh" "$build" fs/proc/cmdline.c "$src/fs/proc/cmdline.c" "$tmp/b.o"
}

# Best of $runs, in ms.
best() {
	local best=999999 start t
	for ((i = 0; i < runs; i++)); do
		start=$(ms)
		"$@" > /dev/null
		t=$(( $(ms) - start ))
		(( t < best )) && best=$t
	done
	echo "$best"
}

build_once	# warm the page cache and the work directories
k=$(best build_once)
one=$(best compile_once)
f=$(best floor_once)
# a warm build compiles the patched file only (the original is the build's)
echo "kpatch-build fs/proc/cmdline.c patch: $k ms;" \
	"$(awk -v a="$k" -v b="$one" 'BEGIN{printf "%.1f", a/b}')x one compile ($one ms, goal 1.5x)," \
	"$(awk -v a="$k" -v b="$f" 'BEGIN{printf "%.1f", a/b}')x two ($f ms)"

# The verifier's share of the warm build (#28: under 10%): the same unit,
# verified alone against the objects the build compared.
"$kpb" -s "$src" -c "$build/.config" -v "$build/vmlinux" --build-dir "$build" --cache "$tmp/cache" \
	-o "$tmp/out" -j 2 --skip-cleanup "$patch" 2> /dev/null
work=$(ls -dt "$tmp"/cache/work-* | head -n 1)
verify_once() {
	"$kpb" --verify "$build/fs/proc/cmdline.o" "$work/patched/fs/proc/cmdline.o" \
		"$work/diff/fs/proc/cmdline.o" 2> /dev/null
}
v=$(best verify_once)
echo "the verifier on that unit: $v ms, $(awk -v a="$v" -v b="$k" 'BEGIN{printf "%.1f", 100*a/b}')%" \
	"of the warm build (goal < 10%)"
