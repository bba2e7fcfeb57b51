# The copied jump table with its first entry moved by 2 bytes (an engine
# that translated the table's relocations wrongly): case 0 would jump into
# the middle of an instruction.
# shellcheck source=../../elf-edit.sh
set -e
. "$UNIT/elf-edit.sh"
rela=$(section_offset out.o .rela.rodata.dispatch)
addend=$(od -An -td8 -j $((rela + 16)) -N8 out.o)
put out.o $((rela + 16)) 8 $((addend + 2))
