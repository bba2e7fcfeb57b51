#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The long options kpatch-build --help lists (usage() in kpatch-build/main.c)
# must be the ones the man page documents, in both directions: an option
# added to one and not the other would leave a user reading the wrong one.
#
# Both must also be the options the parser takes (its getopt_long table).
#
#   options.sh [KPATCH-BUILD [MANPAGE [MAIN.C]]]
#	(default: build/bin/kpatch-build, kpatch-build/kpatch-build.1,
#	kpatch-build/main.c)
kpb=${1:-build/bin/kpatch-build}
man=${2:-kpatch-build/kpatch-build.1}
main=${3:-kpatch-build/main.c}

# --help: an option starts a line, indented a little (descriptions that
# continue on the next line are indented far more): "  -s, --sourcedir DIR",
# "      --kernel RELEASE".
help=$("$kpb" --help | sed -n 's/^ \{1,8\}\(-[A-Za-z], \)\{0,1\}--\([a-z][a-z-]*\).*/\2/p' | sort -u)

# The man page: the tag line after each .TP of OPTIONS names the option
# (".BR \-s \", \" \-\-sourcedir ...", ".BI \-\-kernel\-jobs \" N\"").
documented=$(awk '/^\.SH /{opts = ($2 == "OPTIONS")} opts && tag {print} {tag = opts && /^\.TP/}' "$man" |
	grep -o '\\-\\-[a-z][a-z\\-]*' | sed 's/\\-/-/g; s/^--//' | sort -u)

# The parser: '{ "sourcedir", required_argument, ... }' lines of main.c.
parsed=$(sed -n 's/^[[:space:]]*{ "\([a-z][a-z-]*\)", [a-z_]*_argument,.*/\1/p' "$main" | sort -u)

if [ -z "$help" ] || [ -z "$documented" ] || [ -z "$parsed" ]; then
	echo "options: found no options (--help: '$help', $man: '$documented'," \
		"$main: '$parsed'): the patterns are stale" >&2
	exit 1
fi
status=0
unlisted=$(printf '%s\n' "$parsed" | grep -vxF "$help")
unparsed=$(printf '%s\n' "$help" | grep -vxF "$parsed")
if [ -n "$unlisted$unparsed" ]; then
	echo "options: kpatch-build --help and the options $main parses differ:" >&2
	[ -z "$unlisted" ] || printf '  --%s: parsed, not in --help\n' $unlisted >&2
	[ -z "$unparsed" ] || printf '  --%s: in --help, not parsed\n' $unparsed >&2
	status=1
fi
undocumented=$(printf '%s\n' "$help" | grep -vxF "$documented")
if [ -n "$undocumented" ]; then
	echo "options: kpatch-build --help lists options $man does not document:" >&2
	printf '  --%s\n' $undocumented >&2
	status=1
fi
unlisted=$(printf '%s\n' "$documented" | grep -vxF "$help")
if [ -n "$unlisted" ]; then
	echo "options: $man documents options kpatch-build --help does not list:" >&2
	printf '  --%s\n' $unlisted >&2
	status=1
fi
[ "$status" -ne 0 ] ||
	echo "options: the $(printf '%s\n' "$help" | wc -l) long options of --help are the man page's: ok"
exit "$status"
