# The engine's test of the key with its sense inverted (jle for jg): the
# branch would be taken exactly when the kernel would not take it.
# shellcheck source=../../elf-edit.sh
set -e
. "$UNIT/elf-edit.sh"
read -r value size < <(readelf -sW out.o | awk '$8 == "lookup" { print $2, $3 }')
jcc=$(($(section_offset out.o .text.lookup) + 0x$value + size - 18 + 8))
[[ $(od -An -tx1 -j "$jcc" -N1 out.o) == " 8f" ]]
put out.o "$jcc" 1 0x8e
