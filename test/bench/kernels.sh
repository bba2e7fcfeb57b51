#!/usr/bin/env bash
# make bench, part 4: one fix for six Debian kernels (two ABIs and a cloud
# flavour of 6.1, the same of 6.12), built one by one (each kernel a
# kpatch-build --kernel with its own cache and package directory, as a
# tool that builds one kernel at a time does) and with one kpatch-build
# --kernels (one cache, one package directory).  Both start empty: the
# packages come from a local mirror (a flat apt repository made here of
# the .deb files in $KLP_PACKAGES, through APT_CONFIG), so "downloaded" is
# what apt fetched from it, not the network's speed.
#   test/bench/kernels.sh KPATCH_BUILD [RELEASE...]
set -euo pipefail
kpb=$(realpath "$1")
shift
here=$(cd "$(dirname "$0")" && pwd)
pkgs=${KLP_PACKAGES:-/var/cache/klp-pkgs}
patch=$here/../integration/patches/cmdline.patch
releases=("$@")
[[ ${#releases[@]} -gt 0 ]] || releases=(6.1.0-56-amd64 6.1.0-54-amd64 6.1.0-54-cloud-amd64
	6.12.117+deb12-amd64 6.12.113+deb12-amd64 6.12.113+deb12-cloud-amd64)
tmp=$(mktemp -d "${TMPDIR:-/var/tmp}/klp-bench-kernels.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

ms() { echo $(( $(date +%s%N) / 1000000 )); }
mb() { awk -v b="$1" 'BEGIN { printf "%.0f", b / 1048576 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
bytes() { find "$1" -name '*.deb' -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }'; }

# Every package of every kernel in $pkgs first (from the archive, outside the measurement).
for rel in "${releases[@]}"; do
	if ! ls "$pkgs/linux-image-$rel-dbg_"*.deb > /dev/null 2>&1; then
		"$kpb" --kernel "$rel" --packages "$pkgs" --cache "$tmp/fetch" -o "$tmp/fetch-out" \
			"$patch" > "$tmp/fetch.log" 2>&1 ||
			{ tail -n 5 "$tmp/fetch.log" >&2; echo "bench: kpatch-build --kernel $rel fails" >&2; exit 1; }
		rm -rf "$tmp/fetch" "$tmp/fetch-out"
	fi
done

# The mirror: a flat repository of those files, and an apt that knows only it.
mkdir -p "$tmp/mirror" "$tmp/apt/lists/partial" "$tmp/apt/cache/archives/partial"
ln "$pkgs"/*.deb "$tmp/mirror/" 2> /dev/null || cp "$pkgs"/*.deb "$tmp/mirror/"
(cd "$tmp/mirror" && dpkg-scanpackages --multiversion . /dev/null 2> /dev/null > Packages)
echo "deb [trusted=yes] copy:$tmp/mirror ./" > "$tmp/apt/sources.list"
cat > "$tmp/apt/apt.conf" <<EOF
Dir::Etc::sourcelist "$tmp/apt/sources.list";
Dir::Etc::sourceparts "$tmp/apt/none";
Dir::State::lists "$tmp/apt/lists";
Dir::Cache "$tmp/apt/cache";
EOF
export APT_CONFIG=$tmp/apt/apt.conf
apt-get update -q > "$tmp/update.log" 2>&1 || { cat "$tmp/update.log" >&2; exit 1; }

# One by one
start=$(ms) one_bytes=0
for rel in "${releases[@]}"; do
	"$kpb" --kernel "$rel" --packages "$tmp/one/pkgs" --cache "$tmp/one/cache" -o "$tmp/one/out/$rel" \
		-n lp-bench "$patch" > "$tmp/one.log" 2>&1 ||
		{ tail -n 5 "$tmp/one.log" >&2; echo "bench: --kernel $rel fails" >&2; exit 1; }
	one_bytes=$(( one_bytes + $(bytes "$tmp/one/pkgs") ))
	rm -rf "$tmp/one"
done
one_ms=$(( $(ms) - start ))

# One command
start=$(ms)
"$kpb" --kernels "$(IFS=,; echo "${releases[*]}")" --packages "$tmp/all/pkgs" --cache "$tmp/all/cache" \
	-o "$tmp/all/out" -n lp-bench "$patch" > "$tmp/all.log" 2>&1 ||
	{ tail -n 10 "$tmp/all.log" >&2; echo "bench: --kernels fails" >&2; exit 1; }
all_ms=$(( $(ms) - start ))
all_bytes=$(bytes "$tmp/all/pkgs")
[[ $(jq -r .counts.built "$tmp/all/out/kernels.json") == "${#releases[@]}" ]]

echo "${#releases[@]} Debian kernels, fs/proc/cmdline.c patch, from empty caches:" \
	"one by one $((one_ms / 1000)) s, $(mb "$one_bytes") MiB downloaded;" \
	"--kernels $((all_ms / 1000)) s ($(ratio "$all_ms" "$one_ms")x), $(mb "$all_bytes") MiB" \
	"($(ratio "$all_bytes" "$one_bytes")x)"
