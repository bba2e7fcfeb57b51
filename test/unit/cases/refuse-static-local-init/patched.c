#include <fixture.h>

int ext(int);

int spend(int cost)
{
	static int budget = 200;

	if (cost > budget)
		return ext(-1);
	budget -= cost;
	return ext(budget);
}
