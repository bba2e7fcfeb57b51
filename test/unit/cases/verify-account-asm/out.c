/* An engine blind to assembly: it carries other() and drops the routine's change. */
int ext(int);

int other(int x)
{
	return ext(x + 1);
}
