#include <fixture.h>

int ext(int);
void register_cb(void (*cb)(void *));

void my_destructor(void *p)
{
	ext(2);
}

/* skb->destructor == sock_wfree's shape: the address of a function the patch replaces. */
int is_mine(void (*d)(void *))
{
	return d == my_destructor && ext(3);
}

void setup_cb(void)
{
	register_cb(my_destructor); ext(4);
}
