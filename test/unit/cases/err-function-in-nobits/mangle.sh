# The function's section typed SHT_NOBITS: code with no bytes in the file
# (found by fuzzing: the disassembler was handed a NULL pointer).
. "$UNIT/elf-edit.sh"
put b/fixture.o $(($(shdr b/fixture.o .text.victim) + 4)) 4 8
