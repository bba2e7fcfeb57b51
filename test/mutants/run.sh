#!/bin/bash
# make mutants: break one rule at a time and check that a test notices.
# Usage: run.sh [NAME...]   (default: every mutant in list)
#        run.sh --changed [REV]   the mutants of files changed since REV
#                                 (default HEAD: the uncommitted changes)
# Each mutant in list names a file, one exact line and what it becomes, and
# the tests that must fail with it: unit cases ("unit CASE..."), the
# driver's unit tests ("driver") or bats tests ("bats FILE FILTER": the
# rest of the line, a regular expression that must select only the tests
# meant, each a QEMU boot or a build).  The tracked files are copied to a scratch tree, the line
# replaced there (it must occur exactly once), the tools rebuilt, and the
# tests run; a mutant whose tests all pass survived.
# Prints one line per mutant (with its seconds) and "N killed, M
# survived"; exit 1 if any survived or could not be applied.  The mutants
# are dealt to MUTANT_JOBS workers (default: the number of CPUs), each
# with its own scratch tree.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
jobs=${MUTANT_JOBS:-$(nproc)}
top=$(mktemp -d /tmp/klp-mutants.XXXXXX)
trap 'rm -rf "$top"' EXIT

declare -A wanted=() changed=()
if [[ ${1:-} == --changed ]]; then
	while IFS= read -r f; do changed[$f]=1; done < <(git -C "$repo" diff --name-only "${2:-HEAD}")
	changed[-]=1	# so that no change still selects nothing, not everything
else
	for n in "$@"; do wanted[$n]=1; done
fi

# apply FILE OLD NEW: replace the one line OLD with NEW (or fail)
apply() {
	local file=$scratch/$1 old=$2 new=$3 count
	count=$(grep -cxF -- "$old" "$file" || true)
	[[ $count = 1 ]] || { echo "line found $count times in $1: $old" >&2; return 1; }
	cp "$file" "$file.orig"
	OLD=$old NEW=$new awk '$0 == ENVIRON["OLD"] { print ENVIRON["NEW"]; next } { print }' \
		"$file.orig" > "$file"
}

# the original is older than the mutant's object: touch it, or make keeps the mutant
restore() { mv "$scratch/$1.orig" "$scratch/$1" && touch "$scratch/$1"; }

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
		local file=$1
		shift
		! KPB=$scratch/build/bin/kpatch-build bats -f "$*" "$scratch/test/integration/$file" \
			> "$scratch/test.log" 2>&1 ;;
	*) echo "unknown test kind $kind" >&2; return 2 ;;
	esac
}

run_mutant() {
	local name=$1 file=$2 old=$3 new=$4 test=$5 start=$SECONDS
	if ! apply "$file" "$old" "$new"; then
		echo "broken $name: cannot apply"; return
	fi
	# a mutant may leave a helper unused: warnings are not errors here
	if ! make -s -C "$scratch" WERROR= all > "$scratch/build.log" 2>&1; then
		echo "broken $name: does not compile"
	else
		# shellcheck disable=SC2086 # test is words
		if tests_fail $test; then
			echo "killed $name ($((SECONDS - start)) s)"
		else
			echo "SURVIVED $name ($file: $test)"
		fi
	fi
	restore "$file"
}

# worker K: a scratch tree of its own, then every mutant whose number is K modulo jobs
worker() {
	local k=$1 i
	scratch=$top/$k
	mkdir "$scratch"
	(cd "$repo" && git ls-files -z | xargs -0 cp --parents -t "$scratch")
	# a clean build first: each mutant then recompiles one file
	if ! make -s -C "$scratch" WERROR= all > "$scratch/build.log" 2>&1; then
		echo "broken worker $k: the tracked files do not build (an untracked source?):"
		tail -n 5 "$scratch/build.log"
		return
	fi
	for ((i = k; i < ${#names[@]}; i += jobs)); do
		run_mutant "${names[i]}" "${files[i]}" "${olds[i]}" "${news[i]}" "${tests[i]}"
	done
}

# list: blocks of "mutant NAME", "file PATH", "old LINE", "new LINE",
# "test KIND ARGS", separated by blank lines; # starts a comment line.
names=() files=() olds=() news=() tests=()
keep() {
	[[ -n $name ]] || return 0
	[[ ${#wanted[@]} -eq 0 || -n ${wanted[$name]:-} ]] || return 0
	[[ ${#changed[@]} -eq 0 || -n ${changed[$file]:-} ]] || return 0
	names+=("$name") files+=("$file") olds+=("$old") news+=("$new") tests+=("$test")
}
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
		keep
		name='' file='' old='' new='' test='' ;;
	esac
done < "$here/list"
keep
(( jobs <= ${#names[@]} )) || jobs=${#names[@]}
(( jobs >= 1 )) || jobs=1
for ((k = 0; k < jobs; k++)); do
	worker "$k" > "$top/$k.log" 2>&1 &
done
wait
cat "$top"/*.log
killed=$(cat "$top"/*.log | grep -c '^killed ' || true)
survived=$(cat "$top"/*.log | grep -c '^SURVIVED ' || true)
broken=$(cat "$top"/*.log | grep -c '^broken ' || true)
echo "$killed killed, $survived survived, $broken could not be applied"
(( survived == 0 && broken == 0 && killed == ${#names[@]} ))
