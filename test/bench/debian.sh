#!/usr/bin/env bash
# make bench, part 3: kpatch-build --kernel for a one-function .c patch
# against each Debian kernel (6.1.0-56, 6.12.117 and the older 6.1.0-54), cold
# (an empty cache; the packages already downloaded: unpacking, the
# prepared tree, the build) and warm, next to floors measured in the same
# run: compiling the changed file once with kbuild's own command (a warm
# build compiles only the patched file: the original is cached), and twice.
#   test/bench/debian.sh KPATCH_BUILD [RELEASE...]
set -euo pipefail
export COMPILE_TU_CHECK=0	# time the compile alone
kpb=$(realpath "$1")
shift
here=$(cd "$(dirname "$0")" && pwd)
pkgs=${KLP_PACKAGES:-/var/cache/klp-pkgs}
patch=$here/../integration/patches/cmdline.patch
releases=("$@")
[[ ${#releases[@]} -gt 0 ]] || releases=(6.1.0-56-amd64 6.12.117+deb12-amd64 6.1.0-54-amd64)
tmp=$(mktemp -d "${TMPDIR:-/var/tmp}/klp-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

ms() { echo $(( $(date +%s%N) / 1000000 )); }
timed() { local start; start=$(ms); "$@" > /dev/null 2>&1; echo $(( $(ms) - start )); }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }

for rel in "${releases[@]}"; do
	cache=$tmp/$rel
	build() { "$kpb" --kernel "$rel" --packages "$pkgs" --cache "$cache" -o "$tmp/out" -j 2 "$patch"; }
	# downloaded once, outside the measurement
	if ! ls "$pkgs/linux-image-$rel-dbg_"*.deb > /dev/null 2>&1; then
		"$kpb" --kernel "$rel" --packages "$pkgs" --cache "$tmp/fetch" -o "$tmp/out" -j 2 "$patch" \
			> /dev/null 2>&1 || { echo "bench: kpatch-build --kernel $rel fails" >&2; exit 1; }
		rm -rf "$tmp/fetch"
	fi
	cold=$(timed build)
	warm=999999
	for _ in 1 2 3; do t=$(timed build); (( t < warm )) && warm=$t; done
	obj=$(ls -d "$cache"/prepared-*/obj)
	src=$cache/debian/source-$(cat "$cache/debian/$rel/stamp")/fs/proc/cmdline.c
	once=999999 twice=999999
	for _ in 1 2 3; do
		t=$(timed "$here/../kernel/compile-tu.sh" "$obj" fs/proc/cmdline.c "$src" "$tmp/a.o")
		(( t < once )) && once=$t
		t=$(timed bash -c "'$here/../kernel/compile-tu.sh' '$obj' fs/proc/cmdline.c '$src' '$tmp/a.o' &&
			'$here/../kernel/compile-tu.sh' '$obj' fs/proc/cmdline.c '$src' '$tmp/b.o'")
		(( t < twice )) && twice=$t
	done
	echo "Debian $rel, fs/proc/cmdline.c patch: cold $cold ms (target < 180000 ms)," \
		"warm $warm ms: $(ratio "$warm" "$once")x the floor of one compile ($once ms)," \
		"$(ratio "$warm" "$twice")x two compiles ($twice ms)"
	# A header patch in the prepared tree: the first (kbuild's dry run, the
	# scan of the units that may read it, their originals), then again;
	# the floor is compiling its users once, 2 at a time.
	hbuild() { "$kpb" --kernel "$rel" --packages "$pkgs" --cache "$cache" -o "$tmp/out" -j 2 \
		--json "$tmp/header.json" "$here/../integration/patches/header.patch"; }
	hfirst=$(timed hbuild)
	hagain=$(timed hbuild)
	users=$(jq -r '.units[].object' "$tmp/header.json")
	hsrc=$cache/debian/source-$(cat "$cache/debian/$rel/stamp")
	floor_users() {
		local n=0 u
		for u in $users; do
			"$here/../kernel/compile-tu.sh" "$obj" "${u%.o}.c" "$hsrc/${u%.o}.c" "$tmp/floor-${u//\//_}" &
			(( ++n % 2 )) || wait
		done
		wait
	}
	hfloor=$(timed floor_users)
	echo "Debian $rel, fs/proc/internal.h patch ($(wc -w <<< "$users") users): first $hfirst ms" \
		"(target < 30000 ms), again $hagain ms (target < 10000 ms); compiling its users once:" \
		"$hfloor ms, so $(ratio "$hagain" "$hfloor")x"
	rm -rf "$cache"
done
