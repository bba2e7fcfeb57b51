#!/usr/bin/env bash
# make bench: create-diff-object on the biggest C object of the cached test
# kernel, for an unchanged pair (full comparison, exit 4) and a changed one
# (a new function appended: comparison, inclusion and output).  Floor, in
# the same run: objcopy reading and writing both inputs.
# Targets (issue 2): under 100 ms, peak memory under 10x the inputs.
set -euo pipefail
cdo=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
build=$("$here/../kernel/build.sh" | tail -n 1)
sizes=${KLP_CACHE:-/var/cache/klp-cache}/linux-6.1/entry-sizes
runs=20

# The biggest object compiled from C (it has a source_ line in its .cmd).
biggest=
for o in $(find "$build" -name '*.o' ! -name '*.mod.o' ! -name 'vmlinux.o' -printf '%s %p\n' |
	   sort -rn | awk '{print $2}'); do
	cmd=$(dirname "$o")/.$(basename "$o").cmd
	if [[ -f $cmd ]] && grep -q "^source_.* := .*\.c$" "$cmd"; then
		biggest=$o
		break
	fi
done
[[ -n $biggest ]] || { echo "bench: no C object in $build" >&2; exit 1; }
rel=${biggest#"$build"/}
src=$(sed -n "s|^source_${rel} := ||p" "$(dirname "$biggest")/.$(basename "$biggest").cmd")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$src" "$tmp/same.c"
{ cat "$src"; printf '\nint klp_bench_new_function(int x);\nint klp_bench_new_function(int x) { return x * 3 + 1; }\n'; } > "$tmp/changed.c"
"$here/../kernel/compile-tu.sh" "$build" "${rel%.o}.c" "$tmp/same.c" "$tmp/same.o"
"$here/../kernel/compile-tu.sh" "$build" "${rel%.o}.c" "$tmp/changed.c" "$tmp/changed.o"

# Entry sizes learned from the build, as test/real/run.sh keeps them.
if [[ ! -s $sizes || $sizes -ot $build/vmlinux || $sizes -ot $here/../../templates/entry-sizes-probe.c ]]; then
	"$here/../kernel/entry-sizes.sh" "$build" > "$sizes.tmp"
	mv "$sizes.tmp" "$sizes"
fi

cdo_run() {
	"$cdo" -e "$sizes" -s "$build/Module.symvers" "$biggest" "$1" "$build/vmlinux" "$tmp/out.o" > /dev/null 2>&1 || [[ $? == 4 ]]
}

# A run that fails measures nothing: each pair must compare (exit 0 or 4) first.
for obj in "$tmp/same.o" "$tmp/changed.o"; do
	cdo_run "$obj" || { echo "bench: create-diff-object fails on $obj:" >&2
		"$cdo" -e "$sizes" -s "$build/Module.symvers" "$biggest" "$obj" "$build/vmlinux" "$tmp/out.o" >&2; exit 1; }
done

# Wall time of $runs runs, in ms per run.
per_run_ms() {
	local start end
	start=$(date +%s%N)
	for ((i = 0; i < runs; i++)); do "$@"; done
	end=$(date +%s%N)
	echo $(( (end - start) / runs / 1000000 ))
}

floor() {
	objcopy "$biggest" "$tmp/f1.o"
	objcopy "$1" "$tmp/f2.o"
}

peak_kib() {
	/usr/bin/time -f '%M' -o "$tmp/rss" "$cdo" -e "$sizes" -s "$build/Module.symvers" \
		"$biggest" "$1" "$build/vmlinux" "$tmp/out.o" > /dev/null 2>&1 || true
	tail -n 1 "$tmp/rss"
}

instructions() {
	valgrind --tool=callgrind --callgrind-out-file=/dev/null "$cdo" -e "$sizes" \
		-s "$build/Module.symvers" "$biggest" "$1" "$build/vmlinux" "$tmp/out.o" 2>&1 |
		sed -n 's/.*Collected : //p' || true
}

inputs_kib=$(( ($(stat -c %s "$biggest") + $(stat -c %s "$tmp/same.o")) / 1024 ))
echo "object: $rel ($(( $(stat -c %s "$biggest") / 1024 )) KiB), target: $build/vmlinux"
for pair in same changed; do
	ms=$(per_run_ms cdo_run "$tmp/$pair.o")
	fl=$(per_run_ms floor "$tmp/$pair.o")
	kib=$(peak_kib "$tmp/$pair.o")
	ins=$(instructions "$tmp/$pair.o")
	printf '%-8s %4d ms/run (floor objcopy x2: %d ms, ratio %s)  peak %d KiB = %s x inputs  %s instructions\n' \
		"$pair" "$ms" "$fl" "$(awk -v a="$ms" -v b="$fl" 'BEGIN{printf "%.1f", b ? a/b : 0}')" \
		"$kib" "$(awk -v a="$kib" -v b="$inputs_kib" 'BEGIN{printf "%.1f", a/b}')" "$ins"
done
