# An alignment of 2^44 for the function's section (found by fuzzing: the
# output section was grown to match and the allocation failed).
. "$UNIT/elf-edit.sh"
put b/fixture.o $(($(shdr b/fixture.o .text.victim) + 48)) 8 $((1 << 44))
