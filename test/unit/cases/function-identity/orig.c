#include <fixture.h>

int ext(int);
void register_cb(void (*cb)(void *));

void my_destructor(void *p)
{
	ext(1);
}

/* skb->destructor == sock_wfree's shape: the address of a function the patch replaces. */
int is_mine(void (*d)(void *))
{
	return d == my_destructor;
}

void setup_cb(void)
{
	register_cb(my_destructor);
}
