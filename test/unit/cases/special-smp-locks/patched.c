#include <fixture.h>

int ext(int);

atomic_t users;

int get_a(int x)
{
	atomic_inc(&users);
	return ext(x);
}

int get_b(int x)
{
	atomic_inc(&users);
	return ext(x) + 2;
}
