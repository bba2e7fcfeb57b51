#include <fixture.h>

int ext(int);

int noisy(int x)
{
	static DEFINE_RATELIMIT_STATE(_rs, 250, 10);

	if (__ratelimit(&_rs))
		return ext(x);
	return 0;
}
