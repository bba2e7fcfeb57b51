# A relocation against the section symbol of a relocation section (found
# by fuzzing: the output got a relocation section with nothing to apply to,
# and the writer crashed).  The section symbol of .text.victim, which
# __mcount_loc's entry refers to, is moved to .rela.text.victim.
. "$UNIT/elf-edit.sh"
put b/fixture.o $(($(sym_entry b/fixture.o .text.victim) + 6)) 2 $(section_index b/fixture.o .rela.text.victim)
