#include <fixture.h>

int ext(int);
void __cold report_bad(const char *what, int x);
void __cold report_fatal(const char *what, int x);

int checked(int x)
{
	if (unlikely(x > 100)) {
		report_bad("too big", x);
		report_fatal("far too big", x * 2);
		return -1;
	}
	return ext(x) + ext(x + 1);
}
