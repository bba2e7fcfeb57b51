#include <fixture.h>

int ext(int);

/* Exported by vmlinux. */
extern int public_tunable;

int tuned(int x)
{
	return ext(x) + public_tunable;
}
