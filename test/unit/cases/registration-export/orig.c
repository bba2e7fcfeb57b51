#include <fixture.h>

int ext(int);

int probe_thing(int x)
{
	return ext(x);
}
