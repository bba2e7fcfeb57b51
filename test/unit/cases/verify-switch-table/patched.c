#include <fixture.h>

int ext(int);
int ext2(int);

/* A dense switch: the compiler jumps through a table in .rodata (a kernel built without retpolines does too). */
int dispatch(int op, int x)
{
	switch (op) {
	case 0: return ext(x);
	case 1: return ext2(x) + 1;
	case 2: return ext(x * 3);
	case 3: return ext2(x - 7);
	case 4: return ext(x + 12);
	case 5: return ext2(x ^ 5);
	case 6: return ext(x << 2);
	case 7: return ext2(x >> 1);
	}
	return 0;
}

int other(int op)
{
	switch (op) {
	case 0: return ext(1);
	case 1: return ext2(2) + 1;
	case 2: return ext(3);
	case 3: return ext2(4);
	case 4: return ext(5);
	case 5: return ext2(6);
	}
	return 0;
}
