#include <fixture.h>

int ext(int);

int probe_thing(int x)
{
	return ext(x);
}

int new_helper(int x)
{
	return ext(x) * 2;
}

/* EXPORT_SYMBOL(new_helper)'s shape in 6.1: one ___ksymtab+NAME section. */
struct kernel_symbol { int value_offset, name_offset, namespace_offset; };
static const char __kstrtab_new_helper[] __attribute__((section("__ksymtab_strings"), used)) = "new_helper";
static const struct kernel_symbol __ksymtab_new_helper
	__attribute__((section("___ksymtab+new_helper"), used)) = { 0, 0, 0 };
static void *keep __attribute__((used)) = new_helper;
