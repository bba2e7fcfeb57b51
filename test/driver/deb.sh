#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# --deb's options are refused before anything runs (exit 2, nothing made):
# a package name Debian would refuse, a version that is not a plain native
# one, no maintainer, the options without --deb.  The packages themselves
# are built and installed in test/integration/deploy.bats.
#
#   test/driver/deb.sh KPATCH-BUILD
set -euo pipefail
kpb=$(realpath "${1:?usage: deb.sh KPATCH-BUILD}")
patch=$(realpath "$(dirname "$0")/../integration/patches/cmdline.patch")
work=$(mktemp -d "${TMPDIR:-/tmp}/klp-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT
failed=0

# refused WHAT MESSAGE-PART ENV... -- ARGS...: exit 2, the message, nothing written
refused() {
	local what=$1 want=$2 envs=() status=0
	shift 2
	while [[ $1 != -- ]]; do envs+=("$1"); shift; done
	shift
	mkdir "$work/home"
	(cd "$work/home" && env -i PATH="$PATH" HOME="$work/home" "${envs[@]}" \
		"$kpb" "$@" "$patch") > "$work/out" 2>&1 || status=$?
	if [[ $status != 2 ]] || ! grep -qF -- "$want" "$work/out" ||
	   [[ -n $(ls -A "$work/home") ]]; then
		echo "not ok - $what (exit $status)"
		sed 's/^/# /' "$work/out"
		ls -A "$work/home" | sed 's/^/# left: /'
		failed=1
	else
		echo "ok - $what"
	fi
	rm -rf "${work:?}/home"
}

mail=DEBEMAIL="Test Maintainer <test@example.org>"
refused "--deb without DEBEMAIL" "set DEBEMAIL" -- --deb
refused "--deb with a DEBEMAIL that is no address" "set DEBEMAIL" DEBEMAIL=nobody -- --deb
refused "--deb with a control character in the maintainer" "set DEBEMAIL" \
	DEBEMAIL=$'a@b.org\nDepends: evil' DEBFULLNAME=x -- --deb
refused "--deb-version without --deb" "go with --deb" "$mail" -- --deb-version 2
refused "--deb-name without --deb" "go with --deb" "$mail" -- --deb-name fix
refused "an epoch is not a version here" "not a package version" "$mail" -- --deb --deb-version 1:2
refused "a version that starts with a letter" "not a package version" "$mail" -- --deb --deb-version v2
refused "a version with a revision" "not a package version" "$mail" -- --deb --deb-version 2-1
refused "an upper-case module name is no package name" "give --deb-name" "$mail" -- --deb -n Fix
refused "a package name with a space" "give --deb-name" "$mail" -- --deb --deb-name 'a b'
refused "an upper-case --kernel release is no package name" "give --deb-name" "$mail" -- --deb --kernel 6.1.0-56-AMD64
refused "a package name with shell syntax" "give --deb-name" "$mail" -- --deb --deb-name 'a;$(id)'
exit "$failed"
