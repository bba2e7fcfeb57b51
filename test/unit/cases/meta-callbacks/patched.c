#include <fixture.h>

int ext(int);
void ext_prepare(void);
void ext_cleanup(void);

int feature(int x)
{
	return ext(x) + 1;
}

static int prepare(void)
{
	ext_prepare();
	return 0;
}

static void cleanup(void)
{
	ext_cleanup();
}

static void *__used __section(".kpatch.callbacks.pre_patch") prepare_cb = prepare;
static void *__used __section(".kpatch.callbacks.post_unpatch") cleanup_cb = cleanup;
