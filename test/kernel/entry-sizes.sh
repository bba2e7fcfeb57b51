#!/bin/bash
# Print "<section> <entry size>" for the special sections of a configured
# kernel build, learned by compiling a probe against that build (its headers,
# config and flags) as a throwaway external module: struct sizes change with
# version and config and 6.1's section headers carry no sh_entsize.
# Usage: entry-sizes.sh BUILD_DIR > entry-sizes
set -euo pipefail

[[ $# == 1 ]] || { echo "usage: $0 BUILD_DIR" >&2; exit 2; }
build=$(cd "$1" && pwd)
cache=${KLP_CACHE:-/var/tmp/klp-cache}
mkdir -p "$cache"
dir=$(mktemp -d "$cache/entry-sizes-probe.XXXXXX")
trap 'rm -rf "$dir"' EXIT

# Same trick as the kernel's asm-offsets: an "i" operand prints the constant
# into the generated assembly, which we read back from probe.s. The sections
# whose entries are plain relative offsets (s32) or pointers are probed by the
# C type the kernel emits for them, so a change there shows up too.
cat > "$dir/probe.c" <<'EOF'
#include <linux/module.h>
#include <linux/bug.h>
#include <linux/jump_label.h>
#include <linux/static_call_types.h>
#include <asm/alternative.h>
#include <asm/extable.h>
#include <asm/orc_types.h>
#include <asm/paravirt_types.h>

#define E(sec, size) asm volatile("\n.ascii \"->entsize " sec " %c0\"" : : "i" (size))

void entsize_probe(void)
{
	E(".altinstructions", sizeof(struct alt_instr));
	E("__bug_table", sizeof(struct bug_entry));
	E("__ex_table", sizeof(struct exception_table_entry));
	E("__jump_table", sizeof(struct jump_entry));
	E(".static_call_sites", sizeof(struct static_call_site));
	E(".orc_unwind", sizeof(struct orc_entry));
	E(".orc_unwind_ip", sizeof(int));           /* ip - . */
	E(".parainstructions", sizeof(struct paravirt_patch_site));
	E(".smp_locks", sizeof(s32));               /* .long 671f - . */
	E(".retpoline_sites", sizeof(s32));         /* objtool: .long insn - . */
	E(".return_sites", sizeof(s32));
	E(".call_sites", sizeof(s32));
	E(".printk_index", sizeof(struct pi_entry *));
	E("__mcount_loc", sizeof(unsigned long));
	E("__patchable_function_entries", sizeof(void *));
}
MODULE_LICENSE("GPL");
EOF
echo 'obj-m := probe.o' > "$dir/Kbuild"

if ! make -C "$build" M="$dir" probe.s > "$dir/make.log" 2>&1; then
    cat "$dir/make.log" >&2
    echo "entry-sizes: probe compile failed" >&2
    exit 1
fi
sed -n 's/.*->entsize \([^ ]*\) \([0-9][0-9]*\)".*/\1 \2/p' "$dir/probe.s" > "$dir/sizes"
[[ $(wc -l < "$dir/sizes") == 15 ]] || { echo "entry-sizes: expected 15 sizes, got:" >&2; cat "$dir/sizes" >&2; exit 1; }
cat "$dir/sizes"
