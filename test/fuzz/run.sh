#!/bin/bash
# Fuzz the ELF readers, the whole engine, and the patch and series readers
# with libFuzzer.
# Usage: run.sh SECONDS FUZZ_BIN_DIR CDO_BINARY KPATCH_BUILD_BINARY
# FUZZ_RUNS=N stops each target after N mutated inputs (from seed 1);
# FUZZ_RUNS=0 only runs the seeds (make check's smoke run: the same inputs
# every time).
# Seeds: every unit case's objects and image (the unit suite, kept), and the
# objects of the cached 6.1 test kernel (fs/proc, kernel/fork.o).  Both
# targets run at once for SECONDS each; the corpus grows in
# $KLP_CACHE/fuzz (default /var/cache/klp-cache/fuzz) only within one run
# unless FUZZ_KEEP_CORPUS=1.  Any crash or sanitizer report fails the run
# and leaves the input in the artifacts directory it names; it then belongs
# in regressions/TARGET/ (replayed first, every run) and, where the
# corruption can be spelled with elf-edit.sh, in test/unit/cases as an err-*
# case.  Prints runs and coverage per target.
set -euo pipefail

[[ $# -eq 4 ]] || { echo "usage: $0 SECONDS FUZZ_BIN_DIR CDO KPATCH_BUILD" >&2; exit 2; }
seconds=$1 bin=$(realpath "$2") cdo=$3 klpc=$4
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$here/../..
work=${KLP_CACHE:-/var/cache/klp-cache}/fuzz
[[ ${FUZZ_KEEP_CORPUS:-0} = 1 ]] || rm -rf "$work"
mkdir -p "$work"/{seeds-elf,seeds-engine,seeds-text,corpus-elf,corpus-engine,corpus-text,artifacts}
# Text: the project's patches and series files, and hostile ones of its own.
for p in "$repo"/test/integration/patches/*.patch "$repo"/test/real/*.patch; do
	cp "$p" "$work/seeds-text/$(basename "$(dirname "$p")")-$(basename "$p")"
done
cp "$here"/seeds-text/* "$work/seeds-text/"

# Unit cases: orig, patched and image, as files and packed for the engine.
"$repo/test/unit/run.sh" -k "$work/unit" "$cdo" "$klpc" > "$work/unit.log" ||
	{ tail -5 "$work/unit.log"; exit 1; }
for d in "$work"/unit/*/; do
	name=$(basename "$d")
	[[ -f $d/a/fixture.o && -f $d/b/fixture.o && -f $d/target ]] || continue
	cp "$d/a/fixture.o" "$work/seeds-elf/$name-orig.o"
	cp "$d/target" "$work/seeds-elf/$name-target"
	[[ -f $d/out.o ]] && cp "$d/out.o" "$work/seeds-elf/$name-out.o"
	{ echo "$(stat -c %s "$d/a/fixture.o") $(stat -c %s "$d/b/fixture.o")"
	  cat "$d/a/fixture.o" "$d/b/fixture.o" "$d/target"; } > "$work/seeds-engine/$name"
done
rm -rf "$work/unit"
build=$("$repo/test/kernel/build.sh" | tail -n1)
for o in "$build"/fs/proc/*.o "$build"/kernel/fork.o; do
	case $o in *.mod.o|*/built-in.a) continue;; esac
	cp "$o" "$work/seeds-elf/kernel-$(basename "$o")"
done

# Every input that once crashed runs clean first (regressions/TARGET/).
for t in elf engine text; do
	[[ -d $here/regressions/$t ]] || continue
	for f in "$here/regressions/$t"/*; do
		(cd "$work" && FUZZ_ENTRY_SIZES=$repo/test/unit/entry-sizes ASAN_OPTIONS=detect_leaks=0 \
			"$bin/fuzz-$t" "$f" > "$work/regression.log" 2>&1) ||
			{ echo "fuzz: $f crashes again" >&2; tail -30 "$work/regression.log" >&2; exit 1; }
	done
done

run_target() {
	local t=$1
	# leaks: a run stopped half-way by a refusal leaves some, by design
	(cd "$work" && FUZZ_ENTRY_SIZES=$repo/test/unit/entry-sizes ASAN_OPTIONS=detect_leaks=0 \
		"$bin/fuzz-$t" \
		${FUZZ_RUNS:+-runs=$FUZZ_RUNS -seed=1} -max_total_time="$seconds" \
		-rss_limit_mb=4096 -detect_leaks=0 \
		-print_final_stats=1 -close_fd_mask=3 -artifact_prefix="$work/artifacts/$t-" \
		"corpus-$t" "seeds-$t" > "$t.log" 2>&1)
}
status=0
run_target elf & elf=$!
run_target engine & engine=$!
wait $elf || status=1
wait $engine || status=1
run_target text || status=1
for t in elf engine text; do
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t.log" | tail -n1 || true)
	cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$work/$t.log" | tail -n1 || true)
	echo "fuzz-$t: ${runs:-?} runs, $cov, corpus $(ls "$work/corpus-$t" | wc -l)"
done
if (( status )) || [[ -n $(ls -A "$work/artifacts") ]]; then
	echo "fuzz: a crash or sanitizer report; inputs in $work/artifacts" >&2
	for t in elf engine text; do grep -A25 -m1 'ERROR\|SUMMARY\|deadly' "$work/$t.log" >&2 || true; done
	exit 1
fi
