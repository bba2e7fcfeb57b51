#include <fixture.h>

int ext(int);

/* Defined in extra.c; vmlinux does not export it. */
extern int hidden_tunable;

int tuned(int x)
{
	return ext(x) + hidden_tunable;
}
