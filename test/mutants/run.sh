#!/bin/bash
# make mutants: break one rule at a time and check that a test notices.
# Usage: run.sh [NAME...]   (default: every mutant in list)
# Each mutant in list names a file, one exact line and what it becomes, and
# the tests that must fail with it: unit cases ("unit CASE..."), the
# driver's unit tests ("driver") or bats tests ("bats FILE FILTER": its
# first word).  The tracked files are copied to a scratch tree, the line
# replaced there (it must occur exactly once), the tools rebuilt, and the
# tests run; a mutant whose tests all pass survived.
# Prints one line per mutant and "N killed, M survived"; exit 1 if any
# survived or could not be applied.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
scratch=$(mktemp -d /tmp/klp-mutants.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
(cd "$repo" && git ls-files -z | xargs -0 cp --parents -t "$scratch")
# a clean build first: each mutant then recompiles one file
make -s -C "$scratch" -j"$(nproc)" WERROR= all > "$scratch/build.log" 2>&1

killed=0 survived=0 broken=0
declare -A wanted=()
for n in "$@"; do wanted[$n]=1; done

# apply FILE OLD NEW: replace the one line OLD with NEW (or fail)
apply() {
	local file=$scratch/$1 old=$2 new=$3 count
	count=$(grep -cxF -- "$old" "$file" || true)
	[[ $count = 1 ]] || { echo "line found $count times in $1: $old" >&2; return 1; }
	cp "$file" "$file.orig"
	OLD=$old NEW=$new awk '$0 == ENVIRON["OLD"] { print ENVIRON["NEW"]; next } { print }' \
		"$file.orig" > "$file"
}

restore() { mv "$scratch/$1.orig" "$scratch/$1"; }

# tests KIND ARGS...: true if they fail (the mutant is killed)
tests_fail() {
	local kind=$1
	shift
	case $kind in
	unit)
		! "$scratch/test/unit/run.sh" "$scratch/build/bin/create-diff-object" \
			"$scratch/build/bin/kpatch-build" "$@" > "$scratch/test.log" 2>&1 ;;
	driver)
		! make -s -C "$scratch" WERROR= unit-driver > "$scratch/test.log" 2>&1 ;;
	bats)
		! KPB=$scratch/build/bin/kpatch-build bats -f "$2" "$scratch/test/integration/$1" \
			> "$scratch/test.log" 2>&1 ;;
	*) echo "unknown test kind $kind" >&2; return 2 ;;
	esac
}

run_mutant() {
	local name=$1 file=$2 old=$3 new=$4 test=$5
	if [[ ${#wanted[@]} -gt 0 && -z ${wanted[$name]:-} ]]; then return; fi
	if ! apply "$file" "$old" "$new"; then
		echo "broken $name: cannot apply"; broken=$((broken + 1)); return
	fi
	# a mutant may leave a helper unused: warnings are not errors here
	if ! make -s -C "$scratch" WERROR= all > "$scratch/build.log" 2>&1; then
		echo "broken $name: does not compile"; broken=$((broken + 1))
	else
		# shellcheck disable=SC2086 # test is words
		if tests_fail $test; then
			echo "killed $name"; killed=$((killed + 1))
		else
			echo "SURVIVED $name ($file: $test)"; survived=$((survived + 1))
		fi
	fi
	restore "$file"
}

# list: blocks of "mutant NAME", "file PATH", "old LINE", "new LINE",
# "test KIND ARGS", separated by blank lines; # starts a comment line.
name='' file='' old='' new='' test=''
while IFS= read -r line || [[ -n $line ]]; do
	case $line in
	'#'*) continue ;;
	mutant\ *) name=${line#mutant } ;;
	file\ *) file=${line#file } ;;
	old\ *) old=${line#old } ;;
	new\ *) new=${line#new } ;;
	test\ *) test=${line#test } ;;
	'')
		[[ -n $name ]] && run_mutant "$name" "$file" "$old" "$new" "$test"
		name='' file='' old='' new='' test='' ;;
	esac
done < "$here/list"
[[ -n $name ]] && run_mutant "$name" "$file" "$old" "$new" "$test"
echo "$killed killed, $survived survived, $broken could not be applied"
(( survived == 0 && broken == 0 ))
