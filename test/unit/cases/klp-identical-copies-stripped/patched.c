/* mix() is a header's static inline kept out of line: extra.c, another
 * file of the module mymod, has its own copy, byte for byte the same. */
static __attribute__((noipa)) unsigned int mix(unsigned int a, unsigned int b)
{
	return (a ^ b) * 0x9e3779b1u;
}

unsigned int hash_one(unsigned int a)
{
	return mix(a, 2);
}
