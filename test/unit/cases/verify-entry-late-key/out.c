/* An engine that kept the jump entry of a key of the patched module: the entry's key is reached through a livepatch relocation into mymod. */
#include <fixture.h>

int ext(int);

extern struct static_key_false fast_path __asm__("\".klp.sym.mymod.fast_path,0\"");

int lookup(int x)
{
	if (static_branch_unlikely(&fast_path))
		return x;
	return ext(x);
}
