#include <fixture.h>

int ext(int);

int histogram[8];

void record(int v)
{
	histogram[v & 7]++;
}
