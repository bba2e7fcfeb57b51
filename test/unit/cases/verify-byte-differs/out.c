/* An engine that copied the old function: every reference agrees, an immediate does not. */
int ext(int);

int runtime(int x)
{
	return ext(x + 4);
}
