#include <fixture.h>

int ext(int);





int sleeper(int x)
{
	might_sleep();
	return ext(x);
}

int warner(int x)
{
	WARN_ON(x < 0);
	WARN_ON_ONCE(x == 3);
	return ext(x) + 1;
}

int buggy(int x)
{
	BUG_ON(x == 42);
	return ext(x) + 2;
}
