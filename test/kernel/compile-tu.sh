#!/bin/bash
# Compile one translation unit exactly as kbuild did, from another source file.
# Usage: compile-tu.sh BUILD_DIR REL_SRC PATCHED_SRC OUT_O
#   BUILD_DIR    kbuild output tree (make O=...), e.g. from build.sh
#   REL_SRC      path of the unit inside the kernel tree, e.g. fs/proc/cmdline.c
#   PATCHED_SRC  file to compile in its place (may be the unchanged original)
#   OUT_O        object to write (compiled and run through objtool, like kbuild)
# The command is the `cmd_<obj> :=` (`savedcmd_` since 6.2) line of BUILD_DIR/<dir>/.<name>.o.cmd, so
# every flag (and the objtool run after `;`) is kbuild's own. Nothing is
# written into the build or source tree; the script checks that.
set -euo pipefail

[[ $# == 4 ]] || { echo "usage: $0 BUILD_DIR REL_SRC PATCHED_SRC OUT_O" >&2; exit 2; }
build=$(cd "$1" && pwd)
rel=$2
patched=$(realpath "$3")
out=$(realpath -m "$4")

obj=${rel%.c}.o                        # as kbuild names it, relative to $build
cmdfile=$build/$(dirname "$obj")/.$(basename "$obj").cmd
[[ -f $cmdfile ]] || { echo "compile-tu: no $cmdfile (is $rel built in this config?)" >&2; exit 1; }

# .cmd files are make syntax: `$` is stored as `$$` and `#` as `$(pound)`.
# shellcheck disable=SC2016  # the single-quoted patterns are literal on purpose
unmake() { local s=${1//'$(pound)'/#}; printf '%s' "${s//'$$'/\$}"; }
cmd=$(unmake "$(sed -n -e "s|^cmd_$obj := ||p" -e "s|^savedcmd_$obj := ||p" "$cmdfile")")  # savedcmd_: 6.2+
orig_src=$(unmake "$(sed -n "s|^source_$obj := ||p" "$cmdfile")")
[[ -n $cmd && -n $orig_src ]] || { echo "compile-tu: no cmd_/source_ line for $obj in $cmdfile" >&2; exit 1; }
srcdir=$(dirname "$orig_src")

tmp=$(mktemp -d "${TMPDIR:-/tmp}/compile-tu.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# Compile through a link named like the original relative path and map that
# prefix to what the original path became: __FILE__ then reads
# "fs/proc/cmdline.c" as in the original (kbuild maps $srctree/ away with
# -fmacro-prefix-map; arch/x86/boot does not), and debug info (arch/x86/boot
# is built with -g) names $srctree/fs/proc/cmdline.c.
mkdir -p "$tmp/tree/$(dirname "$rel")"
ln -s "$patched" "$tmp/tree/$rel"
root=${orig_src%/"$rel"}
mmap=$root/
[[ $cmd == *"-fmacro-prefix-map=$root/= "* ]] && mmap=
# Quote includes ("internal.h") are looked up next to the file being compiled,
# which is now $tmp/tree/...: let them find a header beside the patched file
# first, then the original directory.
extra="-fmacro-prefix-map=$tmp/tree/=$mmap -fdebug-prefix-map=$tmp/tree/=$root/"
extra+=" -iquote $(dirname "$patched") -iquote $srcdir"

d=$(dirname "$obj") n=$(basename "$obj")
[[ $cmd == *" -c -o $obj $orig_src"* ]] || { echo "compile-tu: unexpected command form in $cmdfile" >&2; exit 1; }
cmd=${cmd//" -c -o $obj $orig_src"/" $extra -c -o $obj $tmp/tree/$rel"}
cmd=${cmd//"-Wp,-MMD,$d/.$n.d"/"-Wp,-MMD,$tmp/dep.d"}  # dep file out of the tree
cmd=${cmd//"$d/.tmp_$n"/"$tmp/tmp_$n"}                 # single-object module ld -r
# Every remaining mention of the object (gcc -o, objtool, ld -r, mv) is the
# output; match whole words only (padding makes the ends words too; twice
# because one replacement eats the separator the next match needs).
cmd=" $cmd "
for sep in ' ' ';' ' ' ';'; do cmd=${cmd//" $obj$sep"/" $out$sep"}; done

# Snapshot the directories a stray write would land in (not when timed as
# a floor, COMPILE_TU_CHECK=0: hashing the build directory's vmlinux
# would cost more than the compile).
snap() {
    [[ ${COMPILE_TU_CHECK:-1} == 1 ]] || return 0
    for dir in "$build/$d" "$build" "$srcdir"; do
        find "$dir" -maxdepth 1 -printf '%p %s %T@\n' | sort
        find "$dir" -maxdepth 1 -type f -print0 | sort -z | xargs -0 -r sha256sum
    done | sha256sum
}
before=$(snap)
mkdir -p "$(dirname "$out")"
rm -f "$out"
rc=0
(cd "$build" && sh -c "$cmd") || rc=$?
after=$(snap)
[[ $before == "$after" ]] || { echo "compile-tu: BUG: the build or source tree changed" >&2; exit 1; }
# Like kbuild, leave no half-made object behind (objtool may fail after gcc).
[[ $rc == 0 && -f $out ]] || { rm -f "$out"; echo "compile-tu: compiling $rel failed" >&2; exit 1; }
