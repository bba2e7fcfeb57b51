# The module mymod of orig.o and extra.o, stripped as distributions strip
# modules (strip -g): no STT_FILE symbols say which mix() is whose.
"$UNIT/make-module.sh" mymod "$TARGET" "$ORIG_O" "$EXTRA_O"
strip -g "$TARGET"
