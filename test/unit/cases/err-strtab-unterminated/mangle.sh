# The string table's last byte is not a NUL: a name there would be read
# past the end of the table.
. "$UNIT/elf-edit.sh"
strtab=$(shdr b/fixture.o .strtab)
off=$(od -An -t u8 -j $((strtab + 24)) -N 8 b/fixture.o)
size=$(od -An -t u8 -j $((strtab + 32)) -N 8 b/fixture.o)
put b/fixture.o $((off + size - 1)) 1 0x41
