#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Checks for templates/ (patch.lds, livepatch.c, Kbuild.in, kpatch-macros.h)
# against a built kernel tree, with hand-made stand-ins for the diff
# engine's output (standin.h and the .c files here).
#
#   test/templates/run.sh [--vm] [KERNEL_BUILD_DIR]
#
# KERNEL_BUILD_DIR defaults to the cached 6.1 test kernel.  Nothing in it is
# rebuilt: only external objects and modules are compiled against it
# (make -C DIR M=...).  --vm also loads the modules in QEMU with
# test/integration/lib/vm.sh, booting DIR/arch/x86/boot/bzImage.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tpl=$(cd "$here/../../templates" && pwd)
vm=0
if [[ ${1:-} == --vm ]]; then
    vm=1
    shift
fi
build=${1:-${KLP_CACHE:-/var/cache/klp-cache}/linux-6.1/build}
[[ -f $build/Module.symvers ]] || { echo "run.sh: no built kernel in $build" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/klp-templates.XXXXXX")
trap 'rm -rf "$work"' EXIT
failed=0
ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; failed=$((failed + 1)); }
check() { # WHAT CMD...
    local what=$1
    shift
    if "$@"; then ok "$what"; else not_ok "$what"; fi
}
kmake() { make -s -C "$build" M="$1" "${@:2}"; }

# --- the stand-ins and the macro users, compiled against the kernel ---------
objs=$work/objs
mkdir -p "$objs"
cp "$here"/*.c "$here"/*.h "$objs/"
units="cmdline full fail dup dash empty repl sys macros"
{
    echo "obj-y := $(for u in $units; do printf '%s.o ' "$u"; done)"
    echo "ccflags-y += -I$tpl -ffunction-sections -fdata-sections"
} > "$objs/Kbuild"
# shellcheck disable=SC2046
kmake "$objs" $(for u in $units; do printf '%s.o ' "$u"; done)
if kmake "$objs" bad-callback.o >/dev/null 2>&1; then
    not_ok "a void pre_patch callback does not compile"
else
    ok "a void pre_patch callback does not compile"
fi

# --- kpatch-macros.h: the sections the author macros produce ----------------
m=$objs/macros.o
hex() { while read -r h rest; do echo "$((16#$h))${rest:+ $rest}"; done; }
sec_size() { # OBJ SECTION -> size in bytes, empty if absent
    readelf -SW "$1" | awk -v s="$2" '{ sub(/^ *\[ *[0-9]+\] /, "") } $1 == s { print $5 }' | hex
}
relocs_of() { # OBJ SECTION -> "type target" per relocation
    readelf -rW "$1" | awk -v s="'.rela$2'" '
        /^Relocation section/ { on = ($3 == s); next }
        on && NF >= 5 && $1 ~ /^[0-9a-f]+$/ { print $3, $5 }'
}
for kind in pre_patch post_patch pre_unpatch post_unpatch; do
    case $kind in
        pre_patch) fn=my_pre ;; post_patch) fn=my_post ;;
        pre_unpatch) fn=my_pre_un ;; post_unpatch) fn=my_post_un ;;
    esac
    check "$kind callback: one 8-byte pointer in .kpatch.callbacks.$kind" \
        test "$(sec_size "$m" ".kpatch.callbacks.$kind")" = 8
    check "$kind callback: R_X86_64_64 to $fn" \
        test "$(relocs_of "$m" ".kpatch.callbacks.$kind")" = "R_X86_64_64 .text.$fn"
done
check ".kpatch.ignore.functions: one pointer to ignored_fn" \
    test "$(relocs_of "$m" .kpatch.ignore.functions)" = "R_X86_64_64 .text.ignored_fn"
check ".kpatch.ignore.sections: two pointers into a string section" \
    test "$(relocs_of "$m" .kpatch.ignore.sections | grep -c '^R_X86_64_64 \.rodata\.str')" = 2
check ".kpatch.ignore.sections holds the section names" \
    bash -c "strings -a '$m' | grep -qx .data.unlikely && strings -a '$m' | grep -qx __bug_table"
state_ok() {
    [[ $(objdump -s -j .kpatch.states "$m" | sed -n 's/^ 0000 //p' | cut -c1-35) == \
        "03000000 00000000 02000000 00000000" && -z $(relocs_of "$m" .kpatch.states) ]]
}
check "KLP_STATE(3, 2): one {3, 2} pair of 8-byte words in .kpatch.states, no relocations" state_ok
static_call_ok() {
    local r
    r=$(relocs_of "$m" .text.macros_static_call)
    [[ $r == *__SCK__macros_sc* && $r != *__SCT__macros_sc* ]]
}
check "KLP_STATIC_CALL reads the key and does not call the trampoline" static_call_ok
check "KLP_SYSCALL_DEFINE3 defines the global __x64_sys_klptest3" \
    bash -c "readelf -sW '$m' | awk '\$8 == \"__x64_sys_klptest3\" && \$4 == \"FUNC\" && \$5 == \"GLOBAL\"' | grep -q ."

# --- patch.lds: other sections untouched, bracket symbols right --------------
meta='^\[?\.kpatch\.(funcs|callbacks\.[a-z_]+|patch_states|bases|ref_objects|build_ids|identity)\]?:?$'
norm() { # an object as sorted text, without the metadata sections and __klp_*
    objdump -h "$1" | awk -v meta="$meta" '
        /^ *[0-9]+ / { name = $2; line = $2 " " $3 " " $7; getline;
                       if (name !~ meta) print "S", line, $0 }' | sort
    objdump -t "$1" | awk -F'\t' -v meta="$meta" '
        /^[0-9a-f]+ / { split($1, a, " "); sec = a[length(a)];
                        if (sec !~ meta && $2 !~ / __klp_/) print "Y", $0 }' | sort
    objdump -r "$1" | awk -v meta="$meta" '
        /^RELOCATION RECORDS FOR/ { sec = $4; next }
        /^[0-9a-f]+ / { if (sec !~ meta) print "R", sec, $0 }' | sort
    objdump -s "$1" | awk -v meta="$meta" '
        /^Contents of section/ { sec = $4; next }
        /^ [0-9a-f]+ / { if (sec !~ meta) print "C", sec, $0 }' | sort
}
sym() { # OBJ SYMBOL -> "value section-index"
    readelf -sW "$1" | awk -v s="$2" '$8 == s { print $2, $7 }' | hex
}
real=()
for o in fs/proc/cmdline.o fs/proc/version.o kernel/printk/printk.o fs/proc/base.o; do
    [[ -f $build/$o ]] && real+=("$build/$o")
done
in=("${real[@]}" "$objs/full.o" "$objs/cmdline.o" "$objs/sys.o" "$objs/empty.o")
ld -r -o "$work/default.o" "${in[@]}"
ld -r -T "$tpl/patch.lds" -o "$work/scripted.o" "${in[@]}"
if diff <(norm "$work/default.o") <(norm "$work/scripted.o") > "$work/lds.diff"; then
    ok "patch.lds: ${#in[@]} objects, every other section, symbol, relocation and byte as with plain ld -r"
else
    not_ok "patch.lds changes other sections:"
    head -20 "$work/lds.diff" | sed 's/^/#   /'
fi
s=$work/scripted.o
# full.o 2 functions, cmdline.o 1, sys.o 2; callbacks: full.o 2 pre_patch, 1 of each other
for pair in "__klp_funcs 5 32" "__klp_cb_pre_patch 2 16" "__klp_cb_post_patch 1 16" \
            "__klp_cb_pre_unpatch 1 16" "__klp_cb_post_unpatch 1 16"; do
    read -r name n size <<< "$pair"
    read -r start sidx <<< "$(sym "$s" "$name")"
    read -r end eidx <<< "$(sym "$s" "${name}_end")"
    check "patch.lds: $name .. ${name}_end bracket $n entries of $size bytes" \
        test "$start $sidx" = "0 $eidx" -a "$end" = $((n * size))
done
check "patch.lds: all input .kpatch.funcs relocations kept" \
    test "$(relocs_of "$s" .kpatch.funcs | wc -l)" = 15
alloc_section() { # OBJ SECTION-INDEX: is that section SHF_ALLOC?
    local name
    name=$(readelf -SW "$1" | sed -n "s/^ *\[ *$2\] \([^ ]*\) .*/\1/p")
    objdump -h "$1" | awk -v s="$name" '$2 == s { getline; print }' | grep -q ALLOC
}
ld -r -T "$tpl/patch.lds" -o "$work/empty-scripted.o" "$objs/empty.o"
e=$work/empty-scripted.o
for name in __klp_funcs __klp_cb_pre_patch __klp_cb_post_patch __klp_cb_pre_unpatch __klp_cb_post_unpatch \
            __klp_patch_states __klp_bases __klp_ref_objects __klp_build_ids __klp_identity; do
    read -r start sidx <<< "$(sym "$e" "$name")"
    read -r end eidx <<< "$(sym "$e" "${name}_end")"
    check "patch.lds, no metadata: $name == ${name}_end" \
        bash -c "[ '$start $sidx' = '0 $eidx' ] && [ '$end' = 0 ]"
    check "patch.lds, no metadata: $name's section is SHF_ALLOC" alloc_section "$e" "$sidx"
done

# --- modules from the template -------------------------------------------------
mkmod() { # NAME REPLACE OBJ...
    local name=$1 replace=$2 d=$work/mod/$1
    shift 2
    mkdir -p "$d"
    ld -r -T "$tpl/patch.lds" -o "$d/patch.o" "$@"
    cp "$tpl/livepatch.c" "$tpl/klp-meta.h" "$d/"
    sed -e "s/@NAME@/$name/g" -e "s/@REPLACE@/$replace/g" -e "s/@IDENT@/${name//-/_}/g" \
        "$tpl/Kbuild.in" > "$d/Kbuild"
    kmake "$d"
}
mkmod klp_cmdline 0 "$objs/cmdline.o"
mkmod klp_full 0 "$objs/full.o"
mkmod klp_fail 0 "$objs/fail.o"
mkmod klp_dup 0 "$objs/dup.o"
mkmod klp_dash 0 "$objs/dash.o"
mkmod klp_empty 0 "$objs/empty.o"
mkmod klp_empty_repl 1 "$objs/empty.o"
mkmod klp_repl 1 "$objs/repl.o"
mkmod klp_sys 0 "$objs/sys.o"
check "modules built" test -f "$work/mod/klp_sys/klp_sys.ko"

for ko in "$work"/mod/*/*.ko; do
    n=$(basename "$ko" .ko)
    check "$n: modinfo livepatch=Y, license GPL" \
        test "$(modinfo -F livepatch "$ko") $(modinfo -F license "$ko")" = "Y GPL"
    bad=$(nm -u "$ko" | awk '{ print $2 }' | while read -r u; do
        awk -v u="$u" '$2 == u { found = 1 } END { exit !found }' "$build/Module.symvers" || echo "$u"
    done)
    check "$n: imports only kernel exports${bad:+ (not exported: $bad)}" test -z "$bad"
done
ko=$work/mod/klp_cmdline/klp_cmdline.ko
read -r start sidx <<< "$(sym "$ko" __klp_funcs)"
read -r end eidx <<< "$(sym "$ko" __klp_funcs_end)"
check "klp_cmdline.ko: one .kpatch.funcs entry between the bracket symbols" \
    test "$start $sidx" = "0 $eidx" -a "$end" = 32
check "klp_cmdline.ko: the entry's three pointers are relocations" \
    test "$(relocs_of "$ko" .kpatch.funcs | wc -l)" = 3
check "klp_cmdline.ko: sympos 0" \
    bash -c "objcopy -O binary -j .kpatch.funcs '$ko' '$work/f.bin' && [ \"\$(od -An -tx8 -j24 -N8 '$work/f.bin' | tr -d ' ')\" = 0000000000000000 ]"

# --- in QEMU -------------------------------------------------------------------
if [[ $vm == 1 ]]; then
    mods=()
    for ko in "$work"/mod/*/*.ko; do mods+=(--module "$ko"); done
    if "$tpl/../test/integration/lib/vm.sh" run --timeout 120 \
        --kernel "$build/arch/x86/boot/bzImage" "${mods[@]}" "$here/vm-test.sh"; then
        ok "in QEMU"
    else
        not_ok "in QEMU"
    fi
fi

[[ $failed == 0 ]] || { echo "# $failed check(s) failed"; exit 1; }
