/* An engine that kept the old string: the same bytes, another literal. */
int ext_s(const char *);

int runtime(void)
{
	return ext_s("broken");
}
