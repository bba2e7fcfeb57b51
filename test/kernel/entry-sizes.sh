#!/bin/bash
# Print "<section> <entry size>" (and "<section> <field> <offset>" for the
# fields the engine reads in entries) for the special sections of a configured
# kernel build, learned by compiling a probe against that build (its headers,
# config and flags) as a throwaway external module: struct sizes change with
# version and config and 6.1's section headers carry no sh_entsize.
# Usage: entry-sizes.sh BUILD_DIR > entry-sizes
set -euo pipefail

[[ $# == 1 ]] || { echo "usage: $0 BUILD_DIR" >&2; exit 2; }
build=$(cd "$1" && pwd)
cache=${KLP_CACHE:-/var/cache/klp-cache}
mkdir -p "$cache"
dir=$(mktemp -d "$cache/entry-sizes-probe.XXXXXX")
trap 'rm -rf "$dir"' EXIT

# The probe (shared with kpatch-build) prints each size into the generated
# assembly, like the kernel's asm-offsets; read them back from probe.s.
cp "$(dirname "$0")/../../templates/entry-sizes-probe.c" "$dir/probe.c"
echo 'obj-m := probe.o' > "$dir/Kbuild"

if ! make -C "$build" M="$dir" probe.s > "$dir/make.log" 2>&1; then
    cat "$dir/make.log" >&2
    echo "entry-sizes: probe compile failed" >&2
    exit 1
fi
sed -n -e 's/.*->entsize \([^ ]*\) \([0-9][0-9]*\)".*/\1 \2/p' \
    -e 's/.*->entoff \([^ ]*\) \([a-z]*\) \(-\{0,1\}[0-9][0-9]*\)".*/\1 \2 \3/p' "$dir/probe.s" > "$dir/sizes"
# The probe says how many sizes it printed.
want=$(sed -n 's/.*->entries \([0-9][0-9]*\)".*/\1/p' "$dir/probe.s")
[[ -n $want && $(wc -l < "$dir/sizes") == "$want" ]] ||
    { echo "entry-sizes: the probe printed ${want:-no count of} sizes, read:" >&2; cat "$dir/sizes" >&2; exit 1; }
cat "$dir/sizes"
