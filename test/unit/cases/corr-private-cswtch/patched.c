#include <fixture.h>

int ext(int);

/* A dense switch returning constants becomes a CSWTCH.N lookup table. */
int weight(int kind)
{
	switch (kind) {
	case 0: return 11;
	case 1: return 23;
	case 2: return 37;
	case 3: return 41;
	case 4: return 59;
	case 5: return 67;
	case 6: return 79;
	default: return ext(kind);
	}
}
