#include <fixture.h>

int ext(int);

struct ops {
	int (*get)(int);
	const int *table;
};

static const int limits[3] = { 10, 20, 30 };

static int get_one(int x)
{
	return ext(x) + 1;
}

/* A const ops structure with external linkage, registered elsewhere. */
const struct ops fixture_ops = { .get = get_one, .table = limits };
