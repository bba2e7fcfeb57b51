#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# klp-manage reads the klp_* modinfo keys of the modules it upgrades; the
# C side spells them where it writes them (kpatch-build/facts.c) and in the
# template (templates/livepatch.c).  A key spelled two ways would only show
# on a booted kernel: every key klp-manage reads must be one the C writes.
#
#   modinfo-keys.sh [ROOT]	(the checkout; default: the current directory)
root=${1:-.}

written=$( {
	sed -n 's/.*modinfo(out, "\(klp_[a-z_]*\)".*/\1/p' "$root/kpatch-build/facts.c"
	sed -n 's/^MODULE_INFO(\(klp_[a-z_]*\),.*/\1/p' "$root/templates/livepatch.c"
} | sort -u)

# Where klp-manage takes a key: info_of KO KEY, field KEY, sed 's/^KEY=//'.
read=$(grep -oE '(info_of "[^"]*"|field) klp_[a-z_]+|s/\^klp_[a-z_]+=' "$root/kpatch-build/klp-manage" |
	grep -oE 'klp_[a-z_]+' | sort -u)

if [ -z "$written" ] || [ -z "$read" ]; then
	echo "modinfo-keys: found no keys (written: '$written', read: '$read'): the patterns are stale" >&2
	exit 1
fi
missing=$(printf '%s\n' "$read" | grep -vxF "$written")
if [ -n "$missing" ]; then
	echo "modinfo-keys: klp-manage reads keys that neither facts.c nor livepatch.c writes:" >&2
	printf '  %s\n' $missing >&2
	exit 1
fi
echo "modinfo-keys: klp-manage's $(printf '%s\n' "$read" | wc -l) klp_* keys are the ones written: ok"
