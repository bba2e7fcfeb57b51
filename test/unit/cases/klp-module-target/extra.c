#include <fixture.h>

int mod_counter;
