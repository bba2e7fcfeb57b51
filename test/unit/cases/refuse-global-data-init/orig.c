#include <fixture.h>

int ext(int);

int retry_limit = 3;

int should_retry(int n)
{
	return n < retry_limit;
}
