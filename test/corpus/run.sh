#!/bin/bash
# make corpus: real fixes as a regression set.  The changes to .c files
# between two consecutive Debian source versions, one patch per file, a
# fixed-seed sample of them built with kpatch-build --kernel against the
# Debian kernel of the older version, and each module booted in that
# kernel's own vmlinuz with its target modules loaded.
#
#   test/corpus/run.sh KPATCH-BUILD
#
# Env: CORPUS_OLD, CORPUS_NEW  the two source versions (6.12.113-1~deb12u1,
#                              6.12.115-2~deb12u1)
#      CORPUS_KERNEL           the older version's ABI (6.12.113+deb12-amd64)
#      CORPUS_SAMPLES          how many files (80); CORPUS_SEED (1)
#      CORPUS_OUT              patches, logs and the table (build/corpus)
#      KLP_PACKAGES, KLP_CACHE as for the Debian tests
#      CORPUS_ONLY             a space-separated list of sample numbers to redo
#
# Each sample is reported as one of: built-and-booted, refused (exit 3,
# the reason), no change (4), not in this config (5), does not compile
# alone (6: needs the rest of its fix), or failed (anything else,
# including a module that does not load, transition, unload cleanly).
set -euo pipefail

kpb=$(readlink -f "${1:?usage: run.sh KPATCH-BUILD}")
here=$(cd "$(dirname "$0")" && pwd)
vm=$here/../integration/lib/vm.sh
old=${CORPUS_OLD:-6.12.113-1~deb12u1}
new=${CORPUS_NEW:-6.12.115-2~deb12u1}
rel=${CORPUS_KERNEL:-6.12.113+deb12-amd64}
samples=${CORPUS_SAMPLES:-80}
seed=${CORPUS_SEED:-1}
out=$(mkdir -p "${CORPUS_OUT:-build/corpus}" && readlink -f "${CORPUS_OUT:-build/corpus}")
pkgs=${KLP_PACKAGES:-/var/cache/klp-pkgs}
cache=${KLP_CACHE:-/var/cache/klp-cache}/kpb
srcs=${KLP_CACHE:-/var/cache/klp-cache}/corpus

series() { echo "${1%%-*}" | cut -d. -f1,2; }

# source VERSION: the tree of linux-source at that version, unpacked once
source_tree() {
	local v=$1 dir=$srcs/$1 deb
	if [[ ! -f $dir/.complete ]]; then
		deb=$pkgs/linux-source-$(series "$v")_${v}_all.deb
		if [[ ! -f $deb ]]; then
			(cd "$pkgs" && apt-get download -q "linux-source-$(series "$v")=$v" >&2)
		fi
		rm -rf "$dir.tmp"
		mkdir -p "$dir.tmp"
		dpkg-deb --fsys-tarfile "$deb" | tar -xO --wildcards './usr/src/linux-source-*.tar.*' |
			tar -xJ -C "$dir.tmp" --strip-components=1
		touch "$dir.tmp/.complete"
		rm -rf "$dir"
		mv "$dir.tmp" "$dir"
	fi
	echo "$dir"
}

a=$(source_tree "$old")
b=$(source_tree "$new")

# The .c files both versions have and that differ, for x86 (other
# architectures, tools and samples are never part of this kernel).
changed=$out/changed.txt
if [[ ! -s $changed ]]; then
	(cd "$a" && diff -rq . "$b" 2>/dev/null || true) |
		sed -n 's|^Files \./\(.*\.c\) and .* differ$|\1|p' | sort > "$out/all-changed.txt"
	grep -Ev '^(arch/[^x]|arch/x[^8]|tools/|samples/|scripts/|Documentation/|usr/)' \
		"$out/all-changed.txt" > "$changed" || true
fi

# A fixed-seed sample: the files ordered by a hash of seed and path.
while read -r f; do
	printf '%s %s\n' "$(printf '%s:%s' "$seed" "$f" | sha256sum | cut -c1-16)" "$f"
done < "$changed" | sort | head -n "$samples" | cut -d' ' -f2 > "$out/sample.txt"

mkdir -p "$out/patches" "$out/logs" "$out/modules"

# The kernel's modules with a modules.dep (depmod in a tree of our own: the
# cache's package tree stays as kpatch-build unpacked it), for modprobe's
# --show-depends: dependencies and soft dependencies, in load order.
modroot=$out/modroot
moddir=$modroot/lib/modules/$rel
if [[ ! -f $moddir/modules.dep ]]; then
	mkdir -p "$moddir"
	pkgmods=$cache/debian/$rel/pkg/lib/modules/$rel
	ln -sfn "$pkgmods/kernel" "$moddir/kernel"
	cp "$pkgmods"/modules.order "$pkgmods"/modules.builtin* "$moddir/"
	depmod -b "$modroot" "$rel"
fi

# load_order MODULE: the .ko files to load for it, uncompressed into
# $out/modules, one name per line, the module itself last
load_order() {
	local f name
	modprobe -d "$modroot" -S "$rel" --show-depends "$1" | awk '$1 == "insmod" { print $2 }' |
		while read -r f; do
			name=$(basename "$f"); name=${name%.xz}; name=${name%.ko}
			case $f in
				*.xz) xz -dc "$f" > "$out/modules/$name.ko" ;;
				*) cp "$f" "$out/modules/$name.ko" ;;
			esac
			echo "$name"
		done
}

# boot N: load the sample's module in the kernel's vmlinuz with its targets
boot() {
	local n=$1 json=$out/logs/$1.json targets=() m mods=() order=()
	mapfile -t targets < <(jq -r '.units[] | select(.changed + .new + .new_data | length > 0)
		| .objname' "$json" | grep -vx vmlinux | sort -u)
	for m in "${targets[@]}"; do
		mapfile -t -O "${#order[@]}" order < <(load_order "$m")
	done
	mapfile -t order < <(printf '%s\n' "${order[@]}" | awk 'NF && !seen[$0]++')
	for m in "${order[@]}"; do mods+=(--module "$out/modules/$m.ko"); done
	{
		# a dependency may not load under QEMU (crc32c-intel): the target must
		for m in "${order[@]}"; do echo "insmod /modules/$m.ko 2>/dev/null"; done
		for m in "${targets[@]}"; do echo "grep -q '^$m ' /proc/modules || _klp_fail 'target $m not loaded'"; done
		cat <<-'GUEST'
		dmesg_mark
		klp_load lp-c$N
		klp_unload lp-c$N
		expect_eq "a clean kernel log" "$(dmesg_since_mark | grep -E 'WARNING:|BUG:|Oops|Call Trace|general protection|livepatch:.*(fail|error)')" ""
		GUEST
	} | sed "s/\$N/$n/g" > "$out/logs/$n.guest"
	"$vm" run --timeout 300 --kernel "$cache/debian/$rel/pkg/boot/vmlinuz-$rel" \
		"${mods[@]}" --module "$out/modules/lp-c$n.ko" "$out/logs/$n.guest" > "$out/logs/$n.boot" 2>&1
}

# The reason line of a build: the JSON report's, else the log's last error.
reason() {
	local r
	r=$(jq -r '.reason // empty' "$out/logs/$1.json" 2>/dev/null || true)
	[[ -n $r ]] || r=$(grep -m1 -iE 'error|refus' "$out/logs/$1.log" || tail -n1 "$out/logs/$1.log")
	echo "$r" | tr '\t\n' '  ' | cut -c1-300
}

results=$out/results.tsv
: > "$results.new"
n=0
while read -r f; do
	n=$((n + 1))
	id=$(printf '%02d' "$n")
	patch=$out/patches/$id.patch
	diff -u --label "a/$f" --label "b/$f" "$a/$f" "$b/$f" > "$patch" || true
	if [[ -n ${CORPUS_ONLY:-} && " $CORPUS_ONLY " != *" $n "* ]] && grep -q "^$id	" "$results" 2>/dev/null; then
		grep "^$id	" "$results" >> "$results.new"
		continue
	fi
	echo "== $id $f" >&2
	rc=0
	"$kpb" --kernel "$rel" --packages "$pkgs" --cache "$cache" -o "$out/modules" -j 2 \
		-n "lp-c$id" --json "$out/logs/$id.json" "$patch" > "$out/logs/$id.log" 2>&1 || rc=$?
	case $rc in
		0)
			if boot "$id"; then
				class="built-and-booted" why=$(jq -r '[.units[] | select(.changed | length > 0) | .objname + ": " + (.changed | join(" "))] | join("; ")' "$out/logs/$id.json")
			else
				class=failed why="boot: $(grep -m1 -E '^not ok|vm.sh' "$out/logs/$id.boot" || tail -n1 "$out/logs/$id.boot")"
			fi
			;;
		3) class=refused why=$(reason "$id") ;;
		4) class="no change" why=$(reason "$id") ;;
		5)
			why=$(reason "$id")
			if [[ $why == *"not compiled in this configuration"* ]]; then class="not in this config"; else class=failed; fi
			;;
		6)
			why=$(reason "$id")
			if [[ $why == *"does not compile with the patches applied"* ]]; then
				class="does not compile alone"
				why=$(grep -h -m1 ' error: ' "$cache/logs/lp-c$id.log" | sed 's/.* error: //') || why=$(reason "$id")
			else
				class=failed why="exit 6: $why"
			fi
			;;
		*) class=failed why="exit $rc: $(reason "$id")" ;;
	esac
	printf '%s\t%s\t%s\t%s\n' "$id" "$f" "$class" "$why" | tee -a "$results.new" >&2
done < "$out/sample.txt"
mv "$results.new" "$results"

# The table (markdown) and the figures
{
	echo "Corpus: $(wc -l < "$out/all-changed.txt") .c files differ between $old and $new," \
		"$(wc -l < "$changed") of them for x86; $samples sampled (seed $seed), built for $rel."
	echo
	echo "| # | file | result | functions, or the reason |"
	echo "|---|------|--------|--------------------------|"
	awk -F'\t' '{ gsub(/\|/, "\\|", $4); printf "| %s | `%s` | %s | %s |\n", $1, $2, $3, $4 }' "$results"
	echo
	cut -f3 "$results" | sort | uniq -c | sort -rn | awk '{ c = $1; $1 = ""; printf "- %s:%s\n", c, $0 }'
} > "$out/table.md"
cat "$out/table.md"
! cut -f3 "$results" | grep -qx failed
