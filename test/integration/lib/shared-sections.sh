#!/bin/bash
# shared-sections.sh BUILD SRC OUTDIR [EVERY]: for the C functions of the
# test kernel that live in a named section they share with others (__sched,
# __cpuidle, noinstr, __meminit, __ref...: -ffunction-sections does not
# split them), write OUTDIR/NNN-NAME.patch adding a nop at the top of the
# function's body; every EVERY-th function (default 1: all).  Functions a
# macro writes, whose definition the source does not spell, are left out.
# Prints "OBJ SECTION FUNCTION PATCH" per patch written.
set -euo pipefail
build=$1 src=$2 out=$3 every=${4:-1}
mkdir -p "$out"
list=$out/functions
find "$build" -name '*.o' ! -name '*.mod.o' ! -path "$build/scripts/*" ! -path "$build/tools/*" \
	! -path "$build/arch/x86/entry/*" ! -path "$build/arch/x86/lib/*" -printf '%P\n' | sort |
while read -r obj; do
	[[ -f $src/${obj%.o}.c ]] || continue
	readelf -sSW "$build/$obj" 2>/dev/null | awk -v o="$obj" '
		/^ *\[ *[0-9]+\]/ { sub(/^ *\[ */, ""); split($0, a, "]"); split(a[2], b, " "); name[a[1] + 0] = b[1] }
		$4 == "FUNC" && $7 ~ /^[0-9]+$/ && name[$7] ~ /^\.(sched|spinlock|cpuidle|noinstr|kprobes|irqentry|softirqentry|ref|meminit)\.text$/ {
			print o, name[$7], $8 }' | sort -u
done > "$list"
n=0
while read -r obj sec func; do
	n=$((n + 1))
	(( (n - 1) % every == 0 )) || continue
	file=${obj%.o}.c
	# the definition: NAME( at the start of a line not ending in ';', then a '{' line
	line=$(awk -v f="$func" '
		($0 ~ ("(^|[^A-Za-z0-9_])" f "\\(")) && $0 !~ /;[ \t]*$/ && $0 !~ /^[ \t]/ { cand = NR }
		cand && /^\{[ \t]*$/ && NR - cand < 8 { print NR; exit }' "$src/$file")
	[[ -n $line ]] || continue
	patch=$out/$(printf '%03d' "$n")-$func.patch
	mkdir -p "$out/b/$(dirname "$file")"
	awk -v l="$line" '{ print } NR == l { print "\tasm volatile(\"nop\");" }' "$src/$file" \
		> "$out/b/$file"
	diff -u --label "a/$file" --label "b/$file" "$src/$file" "$out/b/$file" > "$patch" || true
	echo "$obj $sec $func $patch"
done < "$list"
