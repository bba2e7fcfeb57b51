# A section symbol whose value points far past its section (found by fuzzing:
# the reader then read past the mapped file).
. "$UNIT/elf-edit.sh"
put b/fixture.o $(($(sym_entry b/fixture.o .text.victim) + 8)) 8 0x7fff0000
