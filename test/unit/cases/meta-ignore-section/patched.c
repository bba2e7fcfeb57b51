#include <fixture.h>

static int threshold __section(".data.tunable") = 20;

void set_threshold(int t)
{
	threshold = t;
}

int over(int x)
{
	return x >= threshold;
}

/* as templates/kpatch-macros.h's KPATCH_IGNORE_SECTION(".data.tunable") spells it */
static const char *__used __section(".kpatch.ignore.sections") __kpatch_ignore_section = ".data.tunable";
