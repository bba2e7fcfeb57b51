#include <fixture.h>

int ext(int);

/* a file's own variable that happens to share a macro's name */
static int descriptor;

int bump(int x)
{
	descriptor += 1;
	return ext(x + descriptor);
}
