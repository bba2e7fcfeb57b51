#!/bin/bash
# Real-object check of the diff engine against the cached Linux 6.1 build.
# Usage: run.sh CDO_BINARY [NAME...]   (NAME = a patch here without .patch)
# For each NAME.patch (one .c file of the 6.1 tree, -p1): apply it to a private
# copy of that file, compile it exactly as kbuild did (compile-tu.sh), run
#   CDO -e ENTRY_SIZES -s BUILD/Module.symvers ORIG.o PATCHED.o BUILD/vmlinux OUT.o
# then kpatch-build --verify (beside CDO) on its output, or with exit 4 on
# the two objects (a refusal is exit 3),
# and compare its stdout lines and exit code with NAME.expect:
#   changed FUNC / new FUNC  -> the engine must print exactly these lines as
#                               "changed: FUNC" / "new: FUNC" (any order)
#   data NAME                -> and "new data: NAME"
#   exit N                   -> expected exit code (default 0); # comments ok
# Then (with no NAME, or SELF_DIFF=1) every object of the build compared
# with itself must be exit 4.
# Output is TAP plus a last line "N passed, M failed"; exit 1 on any failure.
set -euo pipefail

[[ $# -ge 1 ]] || { echo "usage: $0 CDO_BINARY [NAME...]" >&2; exit 2; }
cdo=$(realpath "$1"); shift
[[ -x $cdo ]] || { echo "run.sh: $cdo is not executable" >&2; exit 2; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
kernel=$here/../kernel

build=$("$kernel/build.sh" | tail -n1)
root=$(dirname "$build")
src=$root/src
# Keep build.sh (which takes this lock exclusively) from rebuilding the tree
# under us while we read it.
exec 9>"$root/.lock"
flock -s 9
[[ -f $root/stamp ]] || { echo "run.sh: $build was being rebuilt; run again" >&2; exit 1; }

# Entry sizes are learned from the configured build; redo them when it changes.
sizes=$root/entry-sizes
if [[ ! -s $sizes || $sizes -ot $root/stamp || $sizes -ot $here/../../templates/entry-sizes-probe.c ]]; then
    "$kernel/entry-sizes.sh" "$build" > "$sizes.tmp"
    mv "$sizes.tmp" "$sizes"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/klp-real.XXXXXX")
trap '[[ -n ${KEEP:-} ]] || rm -rf "$tmp"' EXIT
touch "$tmp/start"

self_diff=${SELF_DIFF:-$(($# == 0))}
if [[ $# == 0 ]]; then
    for p in "$here"/*.patch; do p=${p##*/}; set -- "$@" "${p%.patch}"; done
fi

n=0 passed=0 failed=0
result() {  # result OK|FAIL description
    n=$((n + 1))
    if [[ $1 == OK ]]; then echo "ok $n - $2"; passed=$((passed + 1));
    else echo "not ok $n - $2"; failed=$((failed + 1)); fi
}
indent() { sed 's/^/#   /'; }

# .text.* contents of an object (relocatable: offsets start at 0 in each).
text_dump() { objdump -s "$1" | awk '/^Contents of section /{keep = ($4 ~ /^\.text/)} keep'; }

declare -A faithful=()
for name in "$@"; do
    patch=$here/$name.patch expect=$here/$name.expect
    work=$tmp/$name
    mkdir -p "$work/tree"
    # The engine works on one object pair, so a patch touches one .c file.
    mapfile -t files < <(sed -n 's|^+++ b/\([^[:space:]]*\).*|\1|p' "$patch")
    if [[ ${#files[@]} != 1 || ${files[0]} != *.c || ! -f $expect ]]; then
        echo "# $name: needs $name.expect and exactly one .c file in the patch (got: ${files[*]})"
        result FAIL "$name"; continue
    fi
    rel=${files[0]} obj=${files[0]%.c}.o

    # Prove once per file that compile-tu.sh reproduces kbuild's object, so
    # orig (from the build dir) and patched objects differ only by the patch.
    if [[ -z ${faithful[$rel]:-} ]]; then
        faithful[$rel]=1
        if "$kernel/compile-tu.sh" "$build" "$rel" "$src/$rel" "$work/unchanged.o" 2> "$work/faithful.err" &&
           cmp -s <(text_dump "$build/$obj") <(text_dump "$work/unchanged.o"); then
            result OK "compile-tu.sh reproduces .text.* of $obj"
        else
            indent < "$work/faithful.err"
            result FAIL "compile-tu.sh reproduces .text.* of $obj"
        fi
    fi

    # Private copy of just the touched file; the cache tree is never written.
    mkdir -p "$work/tree/$(dirname "$rel")"
    cp "$src/$rel" "$work/tree/$rel"
    cp "$build/$obj" "$work/orig.o"   # the engine gets a copy, not the cache's file
    if ! patch -s -p1 -d "$work/tree" --no-backup-if-mismatch < "$patch" > "$work/patch.log" 2>&1 ||
       ! "$kernel/compile-tu.sh" "$build" "$rel" "$work/tree/$rel" "$work/patched.o" >> "$work/patch.log" 2>&1; then
        indent < "$work/patch.log"
        result FAIL "$name (patch/compile)"; continue
    fi

    rc=0
    timeout 300 "$cdo" -e "$sizes" -s "$build/Module.symvers" "$work/orig.o" "$work/patched.o" \
        "$build/vmlinux" "$work/out.o" > "$work/stdout" 2> "$work/stderr" || rc=$?
    want_rc=$(sed -n 's/^exit[[:space:]]\+\([0-9]\+\)[[:space:]]*$/\1/p' "$expect" | tail -n1)
    want_rc=${want_rc:-0}
    sed -n -e 's/^\(changed\|new\)[[:space:]]\+\([^[:space:]]\+\)[[:space:]]*$/\1: \2/p' \
        -e 's/^data[[:space:]]\+\([^[:space:]]\+\)[[:space:]]*$/new data: \1/p' "$expect" | sort -u > "$work/want"
    grep -v '^[[:space:]]*$' "$work/stdout" | sort -u > "$work/got" || true
    # Exit 0 promises an output object, which the verifier accepts.
    out_ok=1
    [[ $rc != 0 ]] || readelf -h "$work/out.o" > /dev/null 2>&1 || out_ok=0
    # ("no change", exit 4, is verified too: nothing outside functions differs)
    if [[ $rc == 0 && $out_ok == 1 ]]; then
        "$(dirname "$cdo")/kpatch-build" --verify "$work/orig.o" "$work/patched.o" "$work/out.o" \
            2>> "$work/stderr" || rc=3
    elif [[ $rc == 4 ]]; then
        "$(dirname "$cdo")/kpatch-build" --verify "$work/orig.o" "$work/patched.o" \
            2>> "$work/stderr" || rc=3
    fi
    if [[ $rc == "$want_rc" && $out_ok == 1 ]] && cmp -s "$work/want" "$work/got"; then
        result OK "$name"
    else
        [[ $out_ok == 1 ]] || echo "# $name: exit 0 but OUT.o is not an ELF object"
        echo "# $name: exit $rc (expected $want_rc); lines expected (<) vs printed (>):"
        diff "$work/want" "$work/got" | grep '^[<>]' | indent || true
        echo "# stderr (last 10 lines):"
        tail -n 10 "$work/stderr" | indent
        result FAIL "$name"
    fi
done

# Every object of the test kernel compared with itself is "no functional
# change" (exit 4): anything else is a false change or a false alarm the
# engine would raise on a real patch to that file.  Left out: the 16-bit
# boot and realmode code, host tools, the prelinked vmlinux.o and the vdso's
# note (no symbol table).
if [[ $self_diff == 1 ]]; then
    selfbad=() selfn=0
    while IFS= read -r -d '' o; do
        selfn=$((selfn + 1))
        rc=0
        "$cdo" -e "$sizes" "$o" "$o" "$build/vmlinux" "$tmp/self.o" > /dev/null 2> "$tmp/self.err" || rc=$?
        [[ $rc == 4 ]] || selfbad+=("${o#"$build"/} (exit $rc: $(head -n1 "$tmp/self.err"))")
    done < <(find "$build" \( -path "$build/arch/x86/boot" -o -path "$build/arch/x86/realmode" \
                 -o -path "$build/scripts" -o -path "$build/tools" \) -prune -o \
                 \( -name '*.o' -o -name '*.ko' \) ! -name '*.mod.o' ! -name vmlinux.o \
                 ! -name vdso-note.o -type f -print0)
    if [[ ${#selfbad[@]} == 0 && $selfn -gt 100 ]]; then
        result OK "$selfn objects of the test kernel, each compared with itself: no functional change"
    else
        printf '%s\n' "${selfbad[@]}" | head -n 20 | indent
        result FAIL "$selfn objects of the test kernel, each compared with itself: no functional change"
    fi
fi

# Nothing above may have written into the cached source or build tree.
changed=$(find "$src" "$build" -newer "$tmp/start" | head -n 5)
if [[ -z $changed ]]; then result OK "cache tree untouched"
else echo "$changed" | indent; result FAIL "cache tree untouched"; fi

echo "1..$n"
echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
