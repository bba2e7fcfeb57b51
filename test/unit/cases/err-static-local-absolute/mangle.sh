# The original's static local count.0 made absolute (SHN_ABS): a symbol with
# no section, once paired and compared through a NULL section (fuzzing).
. "$UNIT/elf-edit.sh"
put a/fixture.o $(($(sym_entry a/fixture.o count.0) + 6)) 2 0xfff1
