#!/usr/bin/env bash
# make bench, part 3: kpatch-build --kernel for a one-function .c patch
# against each Debian kernel, cold (a cache holding only the downloaded
# packages: unpacking, the prepared tree, the build) and warm, next to a
# floor measured in the same run: compiling the changed file twice with
# kbuild's own command.
#   test/bench/debian.sh KPATCH_BUILD [RELEASE...]
set -euo pipefail
kpb=$(realpath "$1")
shift
here=$(cd "$(dirname "$0")" && pwd)
debs=${KLP_DEBIAN_CACHE:-/var/tmp/klp-cache/kpb}/debian/debs
patch=$here/../integration/patches/cmdline.patch
releases=("$@")
[[ ${#releases[@]} -gt 0 ]] || releases=(6.1.0-56-amd64 6.12.117+deb12-amd64)
tmp=$(mktemp -d "${TMPDIR:-/var/tmp}/klp-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

ms() { echo $(( $(date +%s%N) / 1000000 )); }
timed() { local start; start=$(ms); "$@" > /dev/null 2>&1; echo $(( $(ms) - start )); }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }

for rel in "${releases[@]}"; do
	cache=$tmp/$rel
	mkdir -p "$cache/debian/debs"
	ln "$debs"/*.deb "$cache/debian/debs/"	# downloaded once, outside the measurement
	build() { "$kpb" --kernel "$rel" --cache "$cache" -o "$tmp/out" -j 2 "$patch"; }
	cold=$(timed build)
	warm=999999
	for _ in 1 2 3; do t=$(timed build); (( t < warm )) && warm=$t; done
	obj=$(ls -d "$cache"/prepared-*/obj)
	src=$cache/debian/$rel/src/fs/proc/cmdline.c
	floor=999999
	for _ in 1 2 3; do
		t=$(timed bash -c "'$here/../kernel/compile-tu.sh' '$obj' fs/proc/cmdline.c '$src' '$tmp/a.o' &&
			'$here/../kernel/compile-tu.sh' '$obj' fs/proc/cmdline.c '$src' '$tmp/b.o'")
		(( t < floor )) && floor=$t
	done
	echo "Debian $rel, fs/proc/cmdline.c patch: cold $cold ms ($(ratio "$cold" "$floor")x the floor;" \
		"target < 180000 ms), warm $warm ms ($(ratio "$warm" "$floor")x; target < 2x);" \
		"floor (compile the file twice) $floor ms"
	rm -rf "$cache"
done
