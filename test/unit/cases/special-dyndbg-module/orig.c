#include <fixture.h>

int ext(int);

int probe(int x)
{
	pr_debug("probe %d\n", x);
	return ext(x);
}
