#include <fixture.h>

int ext(int);
/* new in another changed object of the same patch (--provided) */
int shared_new(int);

int caller(int x)
{
	return ext(x) + shared_new(x);
}
