# The image's fixture.c has no "helper" (as if inlined there): the only
# symbol of that name is extra.c's.
mkdir -p t
cp "$UNIT/cases/klp-local-of-other-file/orig.c" t/fixture.c
(cd t && $CC $CFLAGS -I"$UNIT/include" -Dhelper=helper_elsewhere -c fixture.c -o fixture.o)
ld -o "$TARGET" -e 0 -Ttext=0xffffffff81000000 --unresolved-symbols=ignore-all t/fixture.o "$EXTRA_O"
