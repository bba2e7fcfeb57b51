#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make-module.sh NAME OUT OBJ... - link objects into a fake kernel module:
# an ET_REL object with the .modinfo strings and the struct module section
# (name at offset 24, as in 6.1) that modpost and the loader would add.
set -e
name=$1 out=$2
shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/modinfo.s" <<EOS
	.section .modinfo,"a"
	.asciz "license=GPL"
	.asciz "name=$name"
	.asciz "vermagic=6.1.0 SMP mod_unload "
	.section .gnu.linkonce.this_module,"aw"
	.balign 64
__this_module:
	.globl __this_module
	.zero 24
	.ascii "$name"
	.zero 56 - ${#name}
	.zero 0x380 - 80
	.section .note.GNU-stack,"",@progbits
EOS
as -o "$tmp/modinfo.o" "$tmp/modinfo.s"
ld -r -o "$out" "$@" "$tmp/modinfo.o"
