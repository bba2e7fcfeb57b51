#include <fixture.h>

int ext(int);

int check_a(int x)
{
	BUG_ON(x == 1);
	return ext(x);
}

int check_b(int x)
{
	BUG_ON(x == 2);
	BUG_ON(x == 3);
	return ext(x) + 1;
}
