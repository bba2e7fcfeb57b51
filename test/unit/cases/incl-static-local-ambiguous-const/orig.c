/* Two read-only static locals of one name (dm-cache's _args tables, one per
 * parsing step): which running one is which cannot be told, and need not
 * be: they hold no state, so the changed function gets its own copies. */
struct arg { unsigned int min, max; };

int ext(int, const struct arg *);

int parse(int x)
{
	if (x < 100) {
		static const struct arg _args[] = { { 0, 1 }, { 2, 3 } };

		x = ext(x, _args);
	}
	if (x > 0) {
		static const struct arg _args[] = { { 4, 5 } };

		x = ext(x, _args);
	}
	return x;
}
