#include <fixture.h>

int ext(int);

struct device_state {
	struct mutex lock;
	int users;
};

void state_init(struct device_state *s)
{
	mutex_init(&s->lock);
	s->users = 1;
}
