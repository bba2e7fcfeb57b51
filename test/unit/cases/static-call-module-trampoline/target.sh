# The target is the module kvm_intel.
"$UNIT/make-module.sh" kvm_intel "$TARGET" "$ORIG_O" ${EXTRA_O:+"$EXTRA_O"}
