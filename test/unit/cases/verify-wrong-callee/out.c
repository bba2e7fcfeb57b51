/* An engine that resolved a call to the wrong symbol: the bytes agree, the callee does not. */
int ext_a(int);
int ext_b(int);

int runtime(int x)
{
	return ext_b(x + 1) + ext_a(x);
}
