#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The Debian packages of the tools (debian/): source and binaries built
# from a clone of the repository with dpkg-buildpackage, checked with
# lintian and by what they hold, and run from an extracted tree (the
# installed layout: the tools in usr/bin, the templates in
# usr/share/kpatch-build/templates).
#
#   test/package/run.sh [REPO]
#
# PACKAGE_OUT=DIR: copy the tools' packages there when every check passed
# (test/integration/deploy.bats installs klp-manage's in a guest).
# REPO defaults to this checkout: its committed HEAD is built, in a clone
# under $TMPDIR, so nothing is written beside the checkout.  Needs dpkg-dev,
# debhelper, lintian and the build dependencies (debian/control).  With the
# cached 6.1 test kernel (${KLP_CACHE:-/var/cache/klp-cache}/linux-6.1, made
# by test/kernel/build.sh; nothing in it is rebuilt), the extracted
# kpatch-build also builds test/integration/patches/cmdline.patch.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=${1:-$(cd "$here/../.." && pwd)}
kernel=${KLP_CACHE:-/var/cache/klp-cache}/linux-6.1

work=$(mktemp -d "${TMPDIR:-/tmp}/klp-package.XXXXXX")
trap 'rm -rf "$work"' EXIT
failed=0
report() { # STATUS WHAT: one TAP line; a non-zero STATUS counts as failed
    [[ $1 == 0 ]] && echo "ok - $2" && return
    echo "not ok - $2"
    failed=$((failed + 1))
}
check() { # WHAT CMD...: report CMD's exit status
    local status=0
    "${@:2}" || status=$?
    report "$status" "$1"
}

# --- build ---------------------------------------------------------------------
git clone -q "$repo" "$work/src"
src=$work/src
version=$(dpkg-parsechangelog -l "$src/debian/changelog" -S Version)
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
if ! (cd "$src" && DEB_BUILD_OPTIONS="parallel=${PACKAGE_JOBS:-2}" \
        dpkg-buildpackage -us -uc) > "$work/build.log" 2>&1; then
    tail -n 40 "$work/build.log"
    report 1 "dpkg-buildpackage -us -uc"
    exit 1
fi
report 0 "dpkg-buildpackage -us -uc ($version)"
changes=$work/kpatch-build_${version}_$arch.changes
kpb_deb=$work/kpatch-build_${version}_$arch.deb
mgr_deb=$work/klp-manage_${version}_all.deb

# --- lintian: no error, no warning (info and pedantic tags are shown) --------------
lint() { lintian --fail-on error,warning -I --pedantic "$changes" > "$work/lintian" 2>&1; }
check "lintian: no error or warning" lint
grep -v '^running with root privileges' "$work/lintian" | sed 's/^/# /' || true

# --- what each package holds -----------------------------------------------------
contents() { dpkg-deb -c "$1" | awk '{ sub(/^\.\//, "", $6); print $6 }'; }
contents "$kpb_deb" > "$work/kpb.list"
contents "$mgr_deb" > "$work/mgr.list"
holds() { # LIST PATH...
    local list=$1 path missing=
    shift
    for path; do grep -qxF "$path" "$list" || missing+=" $path"; done
    [[ -z $missing ]] || { echo "# missing:$missing"; return 1; }
}
# The templates make install ships (the Makefile's globs).
templates=()
for f in "$src"/templates/*.c "$src"/templates/*.h "$src"/templates/*.lds "$src"/templates/*.in; do
    templates+=("usr/share/kpatch-build/templates/${f##*/}")
done
check "kpatch-build: the tools" holds "$work/kpb.list" usr/bin/kpatch-build usr/bin/create-diff-object
check "kpatch-build: the ${#templates[@]} templates" holds "$work/kpb.list" "${templates[@]}"
check "kpatch-build: the man pages" holds "$work/kpb.list" \
    usr/share/man/man1/kpatch-build.1.gz usr/share/man/man1/create-diff-object.1.gz
check "kpatch-build: no klp-manage" bash -c "! grep -q 'klp-manage' '$work/kpb.list'"
check "klp-manage: the script" holds "$work/mgr.list" usr/bin/klp-manage
check "klp-manage: nothing else in usr/bin" \
    test "$(grep -c '^usr/bin/.' "$work/mgr.list")" = 1
field() { dpkg-deb -f "$1" "$2"; }
check "klp-manage: Architecture all, Depends on kmod" \
    test "$(field "$mgr_deb" Architecture) $(field "$mgr_deb" Depends)" = "all kmod"
has_deps() { # DEB PACKAGE...
    local deps p missing=
    deps=$(field "$1" Depends | tr -d ' ' | sed 's/[,|]/\n/g; s/([^)]*)//g')
    shift
    for p; do grep -qxF "$p" <<<"$deps" || missing+=" $p"; done
    [[ -z $missing ]] || { echo "# not in Depends:$missing"; return 1; }
}
# What the driver runs (gcc, make, ld, patch, xz, apt-get, pahole, kbuild's
# host tools) and the libraries it links (from shlibs).
check "kpatch-build: Depends on what it runs and links" has_deps "$kpb_deb" \
    gcc make binutils patch xz-utils apt dwarves flex bison bc libelf-dev libssl-dev \
    libelf1 libjson-c5 libxxhash0

# --- run from an extracted tree --------------------------------------------------
root=$work/root
dpkg-deb -x "$kpb_deb" "$root"
dpkg-deb -x "$mgr_deb" "$root"
check "kpatch-build --help" bash -c "'$root/usr/bin/kpatch-build' --help | head -n 1 | grep -q '^usage: kpatch-build'"
check "create-diff-object --help" bash -c "'$root/usr/bin/create-diff-object' --help | grep -q '^usage: create-diff-object'"
mkdir "$work/sys"
check "klp-manage list (an empty sysfs)" env KLP_SYSFS_ROOT="$work/sys" "$root/usr/bin/klp-manage" list
# Without a kernel: kpatch-build finds its tools and templates, then gets as
# far as the missing source tree.
"$root/usr/bin/kpatch-build" --cache "$work/cache" -s "$work/no-tree" \
    "$src/test/integration/patches/cmdline.patch" > "$work/kpb.out" 2>&1 || true
check "kpatch-build finds the installed templates" grep -qF -- "-s $work/no-tree:" "$work/kpb.out"
export DEBEMAIL="kpatch-build tests <tests@kpatch-build.invalid>"
if [[ -f $kernel/build/vmlinux ]]; then
    # Only the patched unit is compiled; the tree is the cached test kernel's.
    if "$root/usr/bin/kpatch-build" -s "$(readlink -f "$kernel/build/source")" \
            -c "$kernel/build/.config" -v "$kernel/build/vmlinux" --build-dir "$kernel/build" \
            --cache "$work/cache" -o "$work/out" -j 2 -n lp-cmdline --deb \
            "$src/test/integration/patches/cmdline.patch" > "$work/kpb.out" 2>&1 &&
        [[ -f $work/out/lp-cmdline.ko ]]; then
        report 0 "the extracted kpatch-build builds cmdline.patch, with --deb"
    else
        sed 's/^/# /' "$work/kpb.out"
        report 1 "the extracted kpatch-build builds cmdline.patch, with --deb"
    fi
    lp_deb=$work/out/livepatch-lp-cmdline-$(cat "$kernel/build/include/config/kernel.release")_1_amd64.deb
    lint_lp() { lintian --fail-on error,warning -I --pedantic "$lp_deb" > "$work/lintian-lp" 2>&1; }
    check "lintian on the livepatch package --deb made: no error or warning" lint_lp
    grep -v '^running with root privileges' "$work/lintian-lp" | sed 's/^/# /' || true
else
    echo "# no cached test kernel in $kernel: the module build is not tried"
fi

[[ $failed == 0 ]] || { echo "# $failed check(s) failed"; exit 1; }
[[ -z ${PACKAGE_OUT:-} ]] || cp "$kpb_deb" "$mgr_deb" "$PACKAGE_OUT/"
