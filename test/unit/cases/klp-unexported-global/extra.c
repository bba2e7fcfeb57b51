#include <fixture.h>

int hidden_tunable = 4;
