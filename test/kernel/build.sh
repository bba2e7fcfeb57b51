#!/bin/bash
# Build (or reuse) a cached Linux 6.1 test kernel.
# Usage: build.sh [VARIANT]  -> prints the build dir as the last stdout line.
#   sections (default)  make O=build with function/data sections: the fast
#                       original the integration tests build against
#   inplace             built in the tree itself with plain make, the way
#                       kpatch's users build one (no O=, no function
#                       sections; MODVERSIONS on): the build dir is the tree
#   plain               make O=build with plain flags (MODVERSIONS on)
# Cache layout under ${KLP_CACHE:-/var/cache/klp-cache}/linux-6.1[-VARIANT]/:
#   src/        pristine unpacked tarball, never written after unpack
#               (inplace: the tree, built in place)
#   build/      make O=... output tree (vmlinux, bzImage, modules)
#   build.log   full log of the last configure+build
#   stamp       key of the last successful build (fast path)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tarball=/usr/src/linux-source-6.1.tar.xz
fragment=$here/config-6.1
variant=${1:-sections}
case $variant in
    sections) root=${KLP_CACHE:-/var/cache/klp-cache}/linux-6.1 ;;
    inplace|plain) root=${KLP_CACHE:-/var/cache/klp-cache}/linux-6.1-$variant ;;
    *) echo "usage: $0 [sections|inplace|plain]" >&2; exit 2 ;;
esac
src=$root/src
build=$root/build
log=$root/build.log
[[ $variant == inplace ]] && build=$src

# -ffunction-sections/-fdata-sections give every function and datum its own
# section, so the diff engine sees every reference as a relocation.
kcflags="-ffunction-sections -fdata-sections"
# Without this, 6.1's x86 linker script only collects .text/.data/.bss by exact
# name (TEXT_MAIN etc. in include/asm-generic/vmlinux.lds.h); every .text.foo,
# .data.foo, .bss.foo becomes an orphan output section placed after _etext,
# _edata or __bss_stop. The link succeeds (only orphan warnings), but the kernel
# hangs at boot: mark_rodata_ro() makes everything past _etext NX and frees the
# text/rodata gap, i.e. our functions; orphan .bss is not cleared; text_poke()
# (ftrace, livepatch) treats such code as vmalloc. Defining the macro that
# LD_DEAD_CODE_DATA_ELIMINATION/LTO_CLANG use (x86 cannot select either) when
# preprocessing vmlinux.lds folds .text.* into .text (_stext.._etext) and so on;
# it affects no C code (only vmlinux.lds.h tests it) and adds no --gc-sections.
# The command-line value replaces arch/x86/kernel/Makefile's "+= -Ux86_64", so
# that is repeated here.
ldsflags="-Ux86_64 -DCONFIG_LD_DEAD_CODE_DATA_ELIMINATION"
make_flags=(KCFLAGS="$kcflags" CPPFLAGS_vmlinux.lds="$ldsflags")
# The other variants are built as users build a kernel, with modversions
# as every distribution kernel has them.
extra_config=()
if [[ $variant != sections ]]; then
    make_flags=()
    kcflags='' ldsflags=''
    extra_config=(CONFIG_MODVERSIONS=y)
fi
out=()
[[ $variant == inplace ]] || out=(O="$build")

# The tree is Debian's tarball plus the test targets of klp-test/.
tar_id="$tarball $(stat -c '%s %Y' "$tarball") $(cat "$here"/klp-test/*.[ch] | sha256sum | cut -d' ' -f1)"
key=$( { echo "$tar_id"; cat "$fragment"; [[ $variant == sections ]] || echo "$variant ${extra_config[*]}";
         gcc --version | head -n1; pahole --version 2>/dev/null || echo no pahole;
         echo "KCFLAGS=$kcflags CPPFLAGS_vmlinux.lds=$ldsflags"; } | sha256sum | cut -d' ' -f1)

fresh() { [[ -f $root/stamp && $(cat "$root/stamp") == "$key" && -f $build/vmlinux ]]; }
# Fast path without the lock, so readers holding it shared (run.sh) don't
# block each other; checked again under the lock.
if fresh; then echo "$build"; exit 0; fi
mkdir -p "$root"
# One kernel build at a time on this machine: serialize concurrent callers.
exec 9>"$root/.lock"
flock 9
if fresh; then echo "$build"; exit 0; fi

fail() {
    echo "build.sh: $*" >&2
    echo "---- last 30 lines of $log ----" >&2
    tail -n 30 "$log" >&2 || true
    exit 1
}

: > "$log"
rm -f "$root/stamp"

# Unpack once per tarball identity; the marker lives outside src so src stays
# exactly the tarball's content.
if [[ ! -f $root/src.id || $(cat "$root/src.id") != "$tar_id" ]]; then
    echo "build.sh: unpacking $tarball" >&2
    rm -rf "$src" "$root/src.id" "$root/build.key"
    mkdir -p "$src"
    tar -xJf "$tarball" -C "$src" --strip-components=1 >>"$log" 2>&1 || fail "unpack failed"
    # Test targets: klp_test, klp_test_shapes and klp_test_o2 (at -O2, as distributions
    # build) built in, klp_testmod as a module (kernel/).
    cp "$here"/klp-test/*.[ch] "$src/kernel/"
    printf '%s\n' 'obj-y += klp_test.o klp_test_o2.o klp_test_shapes.o' 'CFLAGS_klp_test_o2.o += -O2' \
        'obj-m += klp_testmod.o' >> "$src/kernel/Makefile"
    echo "$tar_id" > "$root/src.id"
fi

# A build dir configured under another key is thrown away: a new compiler or
# config must not be mixed with stale objects. An interrupted build with the
# same key resumes incrementally.
if [[ ! -f $root/build.key || $(cat "$root/build.key") != "$key" ]]; then
    echo "build.sh: configuring $build" >&2
    rm -f "$root/build.key"
    if [[ $variant == inplace ]]; then
        make -C "$src" mrproper >>"$log" 2>&1 || fail "mrproper failed"
    else
        rm -rf "$build"
        mkdir -p "$build"
    fi
    make -C "$src" "${out[@]}" tinyconfig >>"$log" 2>&1 || fail "tinyconfig failed"
    opts=()
    while IFS='=' read -r name val; do
        name=${name#CONFIG_}
        case $val in
            y) opts+=(--enable "$name") ;;
            m) opts+=(--module "$name") ;;
            n) opts+=(--disable "$name") ;;
            *) fail "bad line in $fragment: CONFIG_$name=$val" ;;
        esac
    done < <(grep -E '^CONFIG_' "$fragment"; for c in "${extra_config[@]}"; do echo "$c"; done)
    "$src/scripts/config" --file "$build/.config" "${opts[@]}"
    make -C "$src" "${out[@]}" olddefconfig >>"$log" 2>&1 || fail "olddefconfig failed"
    # olddefconfig silently drops options whose dependencies are unmet; insist
    # that every requested value (above all LIVEPATCH=y) survived.
    bad=0
    while read -r line; do
        name=${line%%=*}; val=${line#*=}
        if [[ $val == n ]]; then
            grep -qx "# $name is not set" "$build/.config" && continue
            grep -q "^$name=" "$build/.config" || continue
        else
            grep -qx "$line" "$build/.config" && continue
        fi
        echo "build.sh: $line requested but .config has: $(grep -E "^$name=|^# $name is" "$build/.config" || echo 'nothing')" >&2
        bad=1
    done < <(grep -E '^CONFIG_' "$fragment"; for c in "${extra_config[@]}"; do echo "$c"; done)
    grep -qx 'CONFIG_LIVEPATCH=y' "$build/.config" || bad=1
    [[ $bad == 0 ]] || fail "config fragment not fully applied"
    echo "$key" > "$root/build.key"
fi

echo "build.sh: building in $build (log: $log)" >&2
start=$(date +%s)
if [[ $variant == inplace ]]; then
    # plain make, as kpatch's documentation builds a kernel
    make -C "$src" -j2 >>"$log" 2>&1 || fail "kernel build failed"
else
    make -C "$src" "${out[@]}" -j2 "${make_flags[@]}" vmlinux bzImage modules \
        >>"$log" 2>&1 || fail "kernel build failed"
fi
echo "build.sh: built in $(( $(date +%s) - start ))s" >&2

echo "$key" > "$root/stamp"
echo "$build"
