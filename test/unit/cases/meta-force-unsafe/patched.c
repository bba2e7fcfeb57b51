#include <fixture.h>

int ext(int);

int busy(int x)
{
	return ext(x) * 3;
}

/* as templates/kpatch-macros.h's KPATCH_FORCE_UNSAFE(busy) spells it */
static void *__used __section(".kpatch.force") __kpatch_force_func_busy = (void *)busy;
