#include <fixture.h>

int ext(int);

/* a file's own variable named like a per-site static of a macro (_rs) */
static int _rs;

int bump(int x)
{
	_rs += 2;
	return ext(x + _rs);
}
