#include <fixture.h>

int ext(int);

static int threshold = 3;

int probe_thing(int x)
{
	return ext(x) + threshold;
}

/* module_param(threshold, int, 0644)'s shape: a struct kernel_param in __param. */
struct kernel_param { const char *name; void *mod; const void *ops; unsigned short perm; signed char level; unsigned char flags; void *arg; };
static const char __param_str_threshold[] = "fixture.threshold";
static const struct kernel_param __param_threshold __attribute__((used, section("__param"), aligned(8))) = {
	__param_str_threshold, 0, 0, 0644, -1, 0, &threshold
};
