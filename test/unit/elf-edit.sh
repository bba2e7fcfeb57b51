# Helpers for mangle.sh: overwrite one field of an x86-64 ELF file in place.
# Offsets come from readelf; values are written little-endian.
#   put FILE OFFSET BYTES VALUE
#   sym_entry FILE NAME       offset of NAME's Elf64_Sym (the first match)
#   shdr FILE NAME            offset of section NAME's Elf64_Shdr

put() {
	local file=$1 off=$2 bytes=$3 value=$4 hex="" i
	for ((i = 0; i < bytes; i++)); do
		hex+=$(printf '\\x%02x' $(((value >> (8 * i)) & 0xff)))
	done
	printf "$hex" | dd of="$file" bs=1 seek="$off" conv=notrunc status=none
}

section_offset() {	# FILE NAME: sh_offset of the section
	echo $((0x$(readelf -SW "$1" | awk -v n="$2" '{ sub(/^ *\[ *[0-9]+\] */, "") } $1 == n { print $4; exit }')))
}

section_index() {
	readelf -SW "$1" | awk -v n="$2" '{ if (match($0, /\[ *[0-9]+\]/)) { i = substr($0, RSTART + 1, RLENGTH - 2) + 0; sub(/^ *\[ *[0-9]+\] */, ""); if ($1 == n) { print i; exit } } }'
}

shdr() {
	local shoff
	shoff=$(readelf -hW "$1" | awk '/Start of section headers/ { print $5 }')
	echo $((shoff + 64 * $(section_index "$1" "$2")))
}

# A section symbol is named by its section (readelf leaves its name empty).
sym_entry() {
	local idx ndx
	idx=$(readelf -sW "$1" | awk -v n="$2" '$8 == n { sub(":", "", $1); print $1; exit }')
	if [[ -z $idx ]]; then
		ndx=$(section_index "$1" "$2")
		idx=$(readelf -sW "$1" | awk -v x="$ndx" '$4 == "SECTION" && $7 == x { sub(":", "", $1); print $1; exit }')
	fi
	[[ -n $idx ]] || { echo "elf-edit: no symbol $2 in $1" >&2; return 1; }
	echo $(($(section_offset "$1" .symtab) + 24 * idx))
}
