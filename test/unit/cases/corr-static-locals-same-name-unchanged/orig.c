#include <fixture.h>

int ext(int);

int count_both(int x)
{
	if (x > 0) {
		static int hits;

		hits++;
		x += hits;
	}
	if (x < 100) {
		static int hits;

		hits += 2;
		x -= hits;
	}
	return ext(x);
}

int other(int x)
{
	return ext(x) + 1;
}
