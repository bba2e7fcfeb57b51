#include <fixture.h>

int ext(int);

int quiet_a(int x)
{
	arch_local_irq_disable();
	return ext(x);
}

int quiet_b(int x)
{
	arch_local_irq_disable();
	x = ext(x);
	arch_local_irq_enable();
	return x + 1;
}
