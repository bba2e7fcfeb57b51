static __attribute__((noipa)) unsigned int mix(unsigned int a, unsigned int b)
{
	return (a ^ b) * 0x9e3779b1u;
}

unsigned int hash_two(unsigned int a)
{
	return mix(a, 3);
}
