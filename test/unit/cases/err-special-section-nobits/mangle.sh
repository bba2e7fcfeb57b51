# __bug_table typed SHT_NOBITS: a table with no contents in the file (found
# by fuzzing: its entries were compared through a NULL pointer).
. "$UNIT/elf-edit.sh"
put b/fixture.o $(($(shdr b/fixture.o __bug_table) + 4)) 4 8
