#include <fixture.h>

int ext(int);

DEFINE_STATIC_CALL(mod_hook, ext);
