/* An engine that missed the table's change: it carries only other(), weight() keeps the running table. */
int ext(int);

int other(int x)
{
	return ext(x + 1);
}
