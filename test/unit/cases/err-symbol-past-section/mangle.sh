# The function's st_size says 8235 bytes: more than its section holds
# (a fuzzed object once made the engine copy 8 KB past it as code).
. "$UNIT/elf-edit.sh"
put b/fixture.o $(($(sym_entry b/fixture.o victim) + 16)) 8 8235
