/* The patched function as the engine copies it: the jump keeps its displacement and no relocation. */
int ext(int);

int runtime(int x)
{
	if (x == 7)
		asm volatile("jmp .+0x400");
	return ext(x);
}
