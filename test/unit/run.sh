#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Unit tests for create-diff-object: compile each fixture under
# test/unit/cases/NAME/ twice (orig.c, patched.c), run the diff engine on the
# two objects and check its exit code, stdout and output object against the
# case's `expect` file.  See test/unit/README.md for the case format.
#
# usage: test/unit/run.sh [-k KEEPDIR] CDO_BIN KPATCH_BUILD_BIN [case...]

set -u

UNIT=$(cd "$(dirname "$0")" && pwd)
CC=${CC:-gcc}
CFLAGS=(-O2 -ffunction-sections -fdata-sections -mfentry -pg -mrecord-mcount
	-mcmodel=kernel -fno-PIE -fno-pic -mno-red-zone
	-fno-asynchronous-unwind-tables -fno-stack-protector -nostdinc
	-ffreestanding -fno-common -fno-strict-aliasing -std=gnu11 -mno-sse
	-mno-mmx -mno-sse2 -mno-3dnow -mno-avx -Wall
	-Werror=implicit-function-declaration -I "$UNIT/include")
CDO_TIMEOUT=120
SHF_RELA_LIVEPATCH=0x00100000

usage() {
	echo "usage: $0 [-k KEEPDIR] CDO_BIN KPATCH_BUILD_BIN [case...]" >&2
	exit 2
}

# ---- per-case state -----------------------------------------------------
# CASE: case directory (a case runs in its own scratch directory);
# RC: exit code of create-diff-object; PROBLEMS: failed checks of this case;
# CONVERTED: set once the `convert` checks ran.

problem() {
	PROBLEMS+=("$*")
}

# Print "name<TAB>ndx<TAB>bind<TAB>type" for each symbol of an object.
# readelf prints special section indices in two words ("OS [0xff20]").
symbols() {
	readelf -sW "$1" 2>/dev/null | awk '
		$1 ~ /^[0-9]+:$/ {
			ndx = $7; name = $8
			if ($7 == "OS" || $7 == "PRC" || $7 == "RSV") {
				ndx = $7 " " $8; name = $9
			}
			printf "%s\t%s\t%s\t%s\n", name, ndx, $5, $4
		}'
}

# Print "relocation-section<TAB>symbol-name" for each relocation of an object.
relocations() {
	readelf -rW "$1" 2>/dev/null | awk '
		/^Relocation section / { sec = $3; gsub(/\047/, "", sec); next }
		$1 ~ /^[0-9a-f]+$/ && NF >= 5 { printf "%s\t%s\n", sec, $5 }'
}

# Print "name<TAB>type<TAB>size<TAB>link<TAB>info<TAB>flags" for each section,
# size and flags in hexadecimal (readelf -t prints the flags in full).
sections() {
	readelf -SWt "$1" 2>/dev/null | awk '
		/^  \[ *[0-9]+\]/ { sub(/^  \[ *[0-9]+\] ?/, ""); name = $0; line = 1; next }
		line == 1 { type = $1; size = $4; link = $6; info = $7; line = 2; next }
		line == 2 { flags = substr($1, 2, 16)
			    printf "%s\t%s\t0x%s\t%s\t%s\t0x%s\n", name, type, size, link, info, flags
			    line = 0 }'
}

# Print the names of the symbols in symbol list $1 that match glob $3 and are
# $4: "defined", "undef-ref" (undefined and used by a relocation in relocation
# list $2), "undef-weak-ref" (the same, and weak) or "any".
matching_symbols() {
	local syms=$1 relocs=$2 pattern=$3 where=$4 name ndx bind type
	while IFS=$'\t' read -r name ndx bind type; do
		# shellcheck disable=SC2053 # pattern is a glob
		[[ $name == $pattern ]] || continue
		case $where in
		defined) [[ $ndx != UND ]] || continue ;;
		undef-ref | undef-weak-ref)
			[[ $ndx == UND ]] || continue
			[[ $where == undef-ref || $bind == WEAK ]] || continue
			cut -f2 "$relocs" | grep -qxF -- "$name" || continue
			;;
		esac
		echo "$name"
	done < "$syms"
}

# ---- building a case ----------------------------------------------------

compile() {
	(cd "$(dirname "$1")" && "$CC" "${CFLAGS[@]}" -c "$(basename "$1")" -o "$2") >> build.log 2>&1
}

# The fake vmlinux: orig.o (and extra.o) linked at the kernel's address.
build_target() {
	local -a objs=(a/fixture.o)
	[[ -f a/extra.o ]] && objs+=(a/extra.o)
	if [[ -f $CASE/target.sh ]]; then
		CC=$CC CFLAGS="${CFLAGS[*]}" UNIT=$UNIT ORIG_O=a/fixture.o \
			EXTRA_O=${objs[1]:-} TARGET=target \
			bash "$CASE/target.sh" >> build.log 2>&1
	else
		ld -o target -e 0 -Ttext=0xffffffff81000000 --unresolved-symbols=ignore-all \
			"${objs[@]}" >> build.log 2>&1
	fi
}

# Every symbol undefined in either object is exported by vmlinux, except the
# names listed in the case's `unexported` file.
make_symvers() {
	local unexported=/dev/null
	[[ -f $CASE/unexported ]] && unexported=$CASE/unexported
	{ nm -u a/fixture.o; nm -u b/fixture.o; } | awk '{ print $NF }' | sort -u |
		grep -vxF -f "$unexported" |
		awk '{ printf "0x00000000\t%s\tvmlinux\tEXPORT_SYMBOL\t\n", $1 }' > symvers
	# the case's `exported-by` ("NAME MODULE" lines): exports of another module
	if [[ -f $CASE/exported-by ]]; then
		awk 'NR == FNR { by[$1] = $2; next } $2 in by { $3 = by[$2] } { print }' OFS='\t' \
			"$CASE/exported-by" symvers > symvers.by && mv symvers.by symvers
	fi
}

build_case() {
	mkdir -p a b
	cp "$CASE/orig.c" a/fixture.c
	cp "$CASE/patched.c" b/fixture.c
	compile a/fixture.c fixture.o && compile b/fixture.c fixture.o || return 1
	if [[ -f $CASE/extra.c ]]; then
		cp "$CASE/extra.c" a/extra.c
		compile a/extra.c extra.o || return 1
	fi
	build_target || return 1
	make_symvers
	if [[ -f $CASE/entry-sizes ]]; then
		cp "$CASE/entry-sizes" entry-sizes
	else
		cp "$UNIT/entry-sizes" entry-sizes
	fi
	if [[ -f $CASE/mangle.sh ]]; then
		UNIT=$UNIT bash "$CASE/mangle.sh" >> build.log 2>&1 || return 1
	fi
}

# Command line: the case's `args` file (words; ORIG PATCHED TARGET OUTPUT
# SYMVERS ENTRY_SIZES stand for the case's files, PROVIDED for its `provided`
# file) or the default one.
cdo_args() {
	local word words
	if [[ ! -f $CASE/args ]]; then
		printf "%s\n" -s symvers -e entry-sizes a/fixture.o b/fixture.o target out.o
		return
	fi
	read -r -a words < "$CASE/args"
	for word in "${words[@]}"; do
		case $word in
		ORIG) echo a/fixture.o ;;
		PATCHED) echo b/fixture.o ;;
		TARGET) echo target ;;
		OUTPUT) echo out.o ;;
		SYMVERS) echo symvers ;;
		ENTRY_SIZES) echo entry-sizes ;;
		PROVIDED) echo "$CASE/provided" ;;
		*) printf "%s\n" "$word" ;;
		esac
	done
}

run_cdo() {
	local -a args
	mapfile -t args < <(cdo_args)
	if [[ -f $CASE/out.c ]]; then
		# a wrong output written by hand: the verifier alone must refuse it
		mkdir -p v && cp "$CASE/out.c" v/fixture.c && compile v/fixture.c fixture.o &&
			mv v/fixture.o out.o
		: > stdout
		: > stderr
		RC=0
	else
		timeout "$CDO_TIMEOUT" "$CDO" "${args[@]}" > stdout 2> stderr
		RC=$?
	fi
	[[ $RC != 124 ]] || problem "create-diff-object timed out after ${CDO_TIMEOUT}s"
	# a wrong output made from the engine's by editing it: the verifier must refuse it
	if [[ $RC == 0 && -f out.o && -f $CASE/mangle-out.sh ]]; then
		UNIT=$UNIT bash "$CASE/mangle-out.sh" >> build.log 2>&1 ||
			problem "mangle-out.sh failed"
	fi
	# The verifier runs on every output, as kpatch-build runs it: a refusal is the case's exit 3.
	if [[ $RC == 0 && -f out.o && -f a/fixture.o && -f b/fixture.o ]]; then
		"$KPB_BIN" --verify a/fixture.o b/fixture.o out.o 2>> stderr
		RC=$?
		[[ $RC == 0 ]] || mv out.o out.refused.o
	elif [[ $RC == 4 && -f a/fixture.o && -f b/fixture.o ]]; then
		# "no change" is checked too: nothing outside functions may differ
		"$KPB_BIN" --verify a/fixture.o b/fixture.o 2>> stderr
		RC=$?
		[[ $RC != 0 ]] || RC=4
	fi
	symbols out.o > out.syms
	relocations out.o > out.relocs
	sections out.o > out.sections
}

# ---- directives ---------------------------------------------------------

check_exit() {
	[[ $RC == "$1" ]] || problem "exit code $RC, expected $1"
}

# The stdout lines must be exactly the expected `changed:`/`new:`/
# `new data:`/`state:`/`shadow:`/`note:` lines
# (globs), each pattern matching one line.
check_stdout() {
	local -a want=("$@") got
	local line pattern i found
	mapfile -t got < stdout
	for line in "${got[@]}"; do
		found=
		for i in "${!want[@]}"; do
			# shellcheck disable=SC2053 # pattern is a glob
			if [[ $line == ${want[i]} ]]; then
				unset 'want[i]'
				found=1
				break
			fi
		done
		[[ $found ]] || problem "unexpected stdout line: $line"
	done
	for pattern in "${want[@]}"; do
		problem "missing stdout line: $pattern"
	done
}

check_stderr() {
	local text
	text=$(cat stderr)
	# shellcheck disable=SC2053 # pattern is a glob
	[[ $text == $1 ]] || problem "stderr does not match '$1'"
}

check_klp() {
	local pattern=".klp.sym.$1.$2,$3"
	[[ -n $(matching_symbols out.syms out.relocs "$pattern" undef-weak-ref) ]] ||
		problem "no referenced undefined weak symbol $pattern"
}

check_noklp() {
	local found
	found=$(matching_symbols out.syms out.relocs ".klp.sym.*.$1,*" any)
	[[ -z $found ]] || problem "unexpected klp symbol(s): $found"
}

check_undef() {
	[[ -n $(matching_symbols out.syms out.relocs "$1" undef-ref) ]] ||
		problem "no referenced undefined symbol $1"
}

check_defined() {
	[[ -n $(matching_symbols out.syms out.relocs "$1" defined) ]] ||
		problem "symbol $1 is not defined"
}

check_notdefined() {
	local found
	found=$(matching_symbols out.syms out.relocs "$1" defined)
	[[ -z $found ]] || problem "unexpected definition of $found"
}

# section NAME [SIZE]
check_section() {
	local size
	size=$(awk -F'\t' -v n="$1" '$1 == n { print $3 }' out.sections)
	if [[ -z $size ]]; then
		problem "no section $1"
	elif [[ $# -ge 2 ]] && (( size != $2 )); then
		problem "section $1 has size $((size)), expected $2"
	fi
}

check_nosection() {
	local name
	while IFS=$'\t' read -r name _; do
		# shellcheck disable=SC2053 # pattern is a glob
		[[ $name != $1 ]] || problem "unexpected section $name"
	done < out.sections
}

# secsyms NAME: every relocation for section NAME is against a section
# symbol (readelf names those by their section), as objtool wants for its
# annotations.
check_secsyms() {
	local name sym any=''
	while IFS=$'\t' read -r name sym; do
		[[ $name == ".rela$1" ]] || continue
		any=1
		[[ -n $(awk -F'\t' -v n="$sym" '$1 == n' out.sections) ]] ||
			problem "$name refers to $sym, not to a section symbol"
	done < out.relocs
	[[ -n $any ]] || problem "no relocations for $1"
}

check_funcs() {
	local size
	size=$(awk -F'\t' '$1 == ".kpatch.funcs" { print $3 }' out.sections)
	[[ $(( ${size:-0} )) == $(( $1 * 32 )) ]] ||
		problem ".kpatch.funcs has size $(( ${size:-0} )), expected $1 entries of 32 bytes"
}

# Link the output like a module build would, run klp-convert on it and check
# the livepatch markings of the result (once per case).
check_convert() {
	local name type size link info flags sym ndx
	[[ -z $CONVERTED ]] || return
	CONVERTED=1
	if ! { ld -r -o mod.o out.o && "$KPB_BIN" --klp-convert mod.o final.o; } > convert.log 2>&1; then
		problem "ld -r or kpatch-build --klp-convert failed: $(cat convert.log)"
		return
	fi
	symbols final.o > final.syms
	relocations final.o > final.relocs
	sections final.o > final.sections
	grep -q '^\.klp\.rela\.' final.sections || problem "klp-convert made no .klp.rela sections"
	while IFS=$'\t' read -r name type size link info flags; do
		[[ $name == .klp.rela.* ]] || continue
		[[ $type == RELA ]] || problem "$name has type $type"
		(( flags & SHF_RELA_LIVEPATCH )) || problem "$name lacks SHF_RELA_LIVEPATCH (flags $flags)"
	done < final.sections
	while IFS=$'\t' read -r sym ndx _; do
		[[ $sym == .klp.sym.* && $ndx != "OS [0xff20]" ]] &&
			problem "$sym has section index $ndx, not SHN_LIVEPATCH"
	done < final.syms
	while IFS=$'\t' read -r name sym; do
		[[ $sym == .klp.sym.* && $name != .klp.rela.* ]] &&
			problem "$name references $sym outside a .klp.rela section"
	done < final.relocs
}

check_klprela() {
	check_convert
	[[ -f final.sections && -z $(awk -F'\t' -v n="$1" '$1 == n' final.sections) ]] &&
		problem "final.o has no section $1"
}

# ---- checks that apply to every case ------------------------------------

# An output was written: it must be a sane relocatable object.
check_output_object() {
	local name type size link info flags
	local -a types
	if [[ ! -f out.o ]]; then
		problem "exit 0 but no output object"
		return
	fi
	ld -r -o linked.o out.o > link.log 2>&1 || problem "ld -r failed: $(cat link.log)"
	readelf -aW out.o > /dev/null 2> readelf.log
	[[ -s readelf.log ]] && problem "readelf complains: $(cat readelf.log)"
	mapfile -t types < <(cut -f2 out.sections)
	while IFS=$'\t' read -r name type size link info flags; do
		[[ $type == RELA || $type == REL ]] || continue
		[[ ${types[link]:-} == SYMTAB ]] || problem "$name: sh_link $link is not a symbol table"
		(( info > 0 && info < ${#types[@]} )) || problem "$name: sh_info $info is not a section"
	done < out.sections
	# Every function and datum reported on stdout is in the output.
	while read -r name; do
		[[ -n $(matching_symbols out.syms out.relocs "$name" defined) ]] ||
			problem "reported symbol $name is not defined in the output"
	done < <(sed -n 's/^\(changed\|new\|new data\): //p' stdout)
}

check_no_output() {
	[[ ! -e out.o ]] || problem "exit $RC but the output object was written"
}

# ---- running a case -----------------------------------------------------

run_case() {
	local directive
	local -a words funcs=()
	local want_exit=0
	PROBLEMS=()
	CONVERTED=
	if ! build_case; then
		problem "fixture does not build: $(cat build.log)"
		return
	fi
	run_cdo
	while read -r -a words; do
		[[ ${#words[@]} -gt 0 ]] || continue
		directive=${words[0]}
		case $directive in
		exit) want_exit=${words[1]} ;;
		changed | new) funcs+=("$directive: ${words[1]}") ;;
		data) funcs+=("new data: ${words[1]}") ;;
		state) funcs+=("state: ${words[1]} ${words[2]}") ;;
		shadow) funcs+=("shadow: ${words[1]}") ;;
		note) funcs+=("note: ${words[*]:1}") ;;
		esac
	done < <(sed 's/#.*//' "$CASE/expect")
	check_exit "$want_exit"
	check_stdout "${funcs[@]}"
	while read -r -a words; do
		[[ ${#words[@]} -gt 0 ]] || continue
		directive=${words[0]}
		case $directive in
		exit | changed | new | data | state | shadow | note) ;;
		stderr) check_stderr "${words[*]:1}" ;;
		klp | noklp | undef | defined | notdefined | section | nosection | secsyms | funcs | convert | klprela)
			"check_$directive" "${words[@]:1}" ;;
		*) problem "unknown directive: $directive" ;;
		esac
	done < <(sed 's/#.*//' "$CASE/expect")
	case $RC in
	0) check_output_object ;;
	3 | 4) check_no_output ;;
	esac
}

main() {
	local keep='' opt name n=0 passed=0 failed=0 scratch work
	local -a cases
	while getopts k: opt; do
		case $opt in
		k) keep=$OPTARG ;;
		*) usage ;;
		esac
	done
	shift $((OPTIND - 1))
	[[ $# -ge 2 ]] || usage
	CDO=$(realpath "$1")
	KPB_BIN=$(realpath "$2")
	shift 2
	if [[ $# -gt 0 ]]; then
		cases=("$@")
	else
		mapfile -t cases < <(cd "$UNIT/cases" && ls)
	fi
	if [[ $keep ]]; then
		mkdir -p "$keep" && scratch=$(realpath "$keep") || exit 1
	else
		scratch=$(mktemp -d) || exit 1
		# shellcheck disable=SC2064 # expand now: scratch is local
		trap "rm -rf '$scratch'" EXIT
	fi
	for name in "${cases[@]}"; do
		n=$((n + 1))
		CASE=$UNIT/cases/$name
		if [[ ! -f $CASE/expect ]]; then
			echo "not ok $n - $name"
			echo "#   no such case"
			failed=$((failed + 1))
			continue
		fi
		work=$scratch/$name
		rm -rf "$work"
		mkdir -p "$work"
		cd "$work" || exit 1
		run_case
		cd "$UNIT" || exit 1
		if [[ ${#PROBLEMS[@]} == 0 ]]; then
			echo "ok $n - $name"
			passed=$((passed + 1))
		else
			echo "not ok $n - $name"
			printf '%s\n' "${PROBLEMS[@]}" | sed 's/^/#   /'
			failed=$((failed + 1))
		fi
	done
	echo "$passed passed, $failed failed"
	[[ $failed == 0 ]]
}

main "$@"
