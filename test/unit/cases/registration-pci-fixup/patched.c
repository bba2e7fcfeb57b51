#include <fixture.h>

int ext(int);

int probe_thing(int x)
{
	return ext(x);
}

static void quirk_thing(void *dev)
{
	ext(42);
}

/* DECLARE_PCI_FIXUP_FINAL's shape: a table the PCI core reads at probe time. */
struct fixup { unsigned short vendor, device; unsigned int class; unsigned int class_shift; int hook_offset; };
static const struct fixup __pci_fixup_quirk __attribute__((used, section(".pci_fixup_final"), aligned(4))) = {
	0x8086, 0x1234, 0, 0, 0
};
static void *keep_quirk __attribute__((used)) = quirk_thing;
