#include <fixture.h>

int ext(int);

/* Defined in extra.c, a file of the target module mymod. */
DECLARE_STATIC_CALL(mod_hook, ext);

int notify(int x)
{
	static_call_void(mod_hook);
	return ext(x);
}
