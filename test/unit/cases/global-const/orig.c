#include <fixture.h>

int ext(int);

const int prio_weight[4] = { 1024, 820, 655, 526 };

int weight_of(int p)
{
	return prio_weight[p & 3] + ext(p);
}
