#include <fixture.h>

int ext(int);
int ext2(int, int);
extern int enabled;

/* The early return is inlined into the callers, the rest is work.part.0. */
static int work(int x)
{
	if (likely(!enabled))
		return 0;
	ext(x);
	ext2(x, 1);
	ext2(x, 2);
	ext2(x, 3);
	ext2(x, 4);
	ext2(x, 5);
	ext2(x, 6);
	ext2(x, 7);
	ext2(x, 8);
	return ext(x + 1);
}

int use1(int x)
{
	return work(x) + 1;
}

int use2(int x)
{
	return work(x + 2) + 3;
}
