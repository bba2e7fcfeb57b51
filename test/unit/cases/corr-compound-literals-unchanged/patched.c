#include <fixture.h>

int ext(const int *p);

struct range {
	const int *ids;
};

/* pointers to compound literals: __compound_literal.0, .1, .2 */
static const struct range ranges[] = {
	{ (const int[]){ 1, 2, 0 } },
	{ (const int[]){ 3, 0 } },
	{ (const int[]){ 4, 5, 6, 0 } },
};

int use_ranges(int i)
{
	return ext(ranges[i & 1].ids);
}

int other(int x)
{
	return ext(&x) + 2;
}
