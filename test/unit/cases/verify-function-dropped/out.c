/* An engine that missed a changed function: the module carries first() only. */
int ext(int);

int first(int x)
{
	return ext(x + 1);
}
