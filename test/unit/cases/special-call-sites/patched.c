#include <fixture.h>

int ext(int);
void account(void);

int call_a(int x)
{
	TRACKED_CALL(account);
	return ext(x);
}

int call_b(int x)
{
	TRACKED_CALL(account);
	return ext(x) + 2;
}
