# The appended jump's relocation one byte off (an engine that translated
# its addend wrongly): the tail call would land inside slow_path.
# shellcheck source=../../elf-edit.sh
set -e
. "$UNIT/elf-edit.sh"
rela=$(section_offset out.o .rela.sched.text)
n=$(readelf -rW out.o | awk '/^Relocation section .\.rela\.sched\.text/ { print $8; exit }')
last=$((rela + 24 * (n - 1)))
addend=$(od -An -td8 -j $((last + 16)) -N8 out.o)
put out.o $((last + 16)) 8 $((addend + 1))
