#include <fixture.h>

int ext(int);
void vmx_flush(void);

/* KVM's shape: a kvm_intel function calling a static call whose key and trampoline live in kvm. */
DECLARE_STATIC_CALL(kvm_x86_flush, vmx_flush);

void do_flush(int x)
{
	static_call_void(kvm_x86_flush);
	ext(x + 1);
}
