# The target is a module named mymod made of orig.o (and extra.o).
"$UNIT/make-module.sh" mymod "$TARGET" "$ORIG_O" ${EXTRA_O:+"$EXTRA_O"}
