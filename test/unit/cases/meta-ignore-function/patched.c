#include <fixture.h>

int ext(int);

int tweak(int x)
{
	return ext(x) * 3;
}

int feature(int x)
{
	return ext(x) + 1;
}

/* as templates/kpatch-macros.h's KPATCH_IGNORE_FUNCTION(tweak) spells it */
static void *__used __section(".kpatch.ignore.functions") __kpatch_ignore_func_tweak = (void *)tweak;
