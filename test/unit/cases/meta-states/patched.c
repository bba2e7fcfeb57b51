#include <fixture.h>

int ext(int);

static int calls;

int feature(int x)
{
	calls++;
	return ext(x) + calls;
}

/* as templates/kpatch-macros.h's KLP_STATE() spells it */
static const unsigned long long __used __section(".kpatch.states") __aligned(8)
	state_a[2] = { 7, 2 };
static const unsigned long long __used __section(".kpatch.states") __aligned(8)
	state_b[2] = { 0x10000, 1 };
