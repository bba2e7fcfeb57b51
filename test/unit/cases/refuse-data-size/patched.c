#include <fixture.h>

int ext(int);

int histogram[16];

void record(int v)
{
	histogram[v & 15]++;
}
