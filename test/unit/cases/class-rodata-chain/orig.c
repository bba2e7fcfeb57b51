#include <fixture.h>

struct desc {
	const int *tbl;
	int n;
};

int ext(const struct desc *const *dd);

/* tbl is reached only through d, d only through dd: a change to tbl must still count */
static const int tbl[4] = { 1, 2, 3, 4 };
static const struct desc d = { tbl, 4 };
static const struct desc *const dd[2] = { &d, 0 };

int user(void)
{
	return ext(dd);
}
