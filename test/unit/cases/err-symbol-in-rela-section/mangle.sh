# The function defined in its own relocation section (found by fuzzing: the
# copy became a relocation section with nothing to apply to).
. "$UNIT/elf-edit.sh"
put b/fixture.o $(($(sym_entry b/fixture.o victim) + 6)) 2 $(section_index b/fixture.o .rela.text.victim)
