#include <fixture.h>

int ext_s(const char *);

int runtime(void)
{
	return ext_s("broken");
}
