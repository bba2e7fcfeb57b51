#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Which files of one tool call each other, read from the objects' symbol
# tables (a call between two files is an undefined name in one that the
# other defines as a function; shared data such as the driver's context is
# not a call and is not counted).  Prints the mutual pairs (A calls B and B calls A) and
# the circles (files that reach each other through calls), one a line.
#
#   circles.sh [--strict] OBJ...
#
# With --strict it exits 1 when there is any pair or circle: the driver's
# and the engine's files must form layers, each calling only the ones below it.
strict=0
[ "$1" = --strict ] && { strict=1; shift; }
[ $# -gt 0 ] || { echo "usage: $0 [--strict] OBJ..." >&2; exit 2; }

for o in "$@"; do
	nm "$o" | awk -v o="${o%.o}" 'BEGIN { n = split(o, p, "/"); f = p[n - 1] "/" p[n] }
		$1 == "U" { print "U", f, $2 }
		NF == 3 && $2 ~ /^[TW]$/ { print "D", f, $3 }'
done | awk -v strict=$strict '
$1 == "D" { def[$3] = $2; files[$2] = 1; next }
{ use[++n] = $2 SUBSEP $3 }
END {
	for (i = 1; i <= n; i++) {
		split(use[i], u, SUBSEP)
		if ((u[2] in def) && def[u[2]] != u[1])
			reach[u[1], def[u[2]]] = 1
	}
	nf = 0
	for (f in files)
		name[++nf] = f
	for (i = 1; i <= nf; i++)
		for (j = i + 1; j <= nf; j++)
			if (reach[name[i], name[j]] && reach[name[j], name[i]]) {
				a = name[i] < name[j] ? name[i] : name[j]
				b = name[i] < name[j] ? name[j] : name[i]
				pairs[a " " b] = 1
			}
	# Who reaches whom, through any number of calls (the files are few).
	for (k = 1; k <= nf; k++)
		for (i = 1; i <= nf; i++)
			if (reach[name[i], name[k]])
				for (j = 1; j <= nf; j++)
					if (reach[name[k], name[j]])
						reach[name[i], name[j]] = 1
	np = 0
	for (p in pairs) {
		print "mutual: " p | "sort"
		np++
	}
	close("sort")
	nc = 0
	for (i = 1; i <= nf; i++) {
		if (done[name[i]] || !reach[name[i], name[i]])
			continue
		line = ""
		for (j = 1; j <= nf; j++)
			if (reach[name[i], name[j]] && reach[name[j], name[i]]) {
				line = line " " name[j]
				done[name[j]] = 1
			}
		print "circle:" line | "sort"
		nc++
	}
	close("sort")
	if (strict && (np || nc))
		exit 1
}'
