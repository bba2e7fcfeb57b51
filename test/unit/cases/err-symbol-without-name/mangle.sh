# A global function whose name is the empty string (found by fuzzing: it
# was reported as a new function "" and written out nameless).
. "$UNIT/elf-edit.sh"
put b/fixture.o $(sym_entry b/fixture.o victim) 4 0
