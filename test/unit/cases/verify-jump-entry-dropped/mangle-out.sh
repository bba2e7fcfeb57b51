# The output without its jump entry: .rela__jump_table made plain data, so
# the entry names no site.  The site would stay a nop for good.
# shellcheck source=../../elf-edit.sh
set -e
. "$UNIT/elf-edit.sh"
put out.o $(($(shdr out.o .rela__jump_table) + 4)) 4 1
