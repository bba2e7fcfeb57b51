#include <fixture.h>

int ext(int);

/* ___bpf_prog_run's shape: a computed-goto interpreter with a static label table. */
int interp(const unsigned char *code)
{
	static const void *const jumptable[] = { &&op_add, &&op_sub, &&op_end };
	int acc = 0;

	goto *jumptable[*code++];
op_add:
	acc += ext(1);
	goto *jumptable[*code++];
op_sub:
	acc -= ext(2);
	goto *jumptable[*code++];
op_end:
	return acc;
}
