cmd_fs/proc/cmdline.o := gcc -Wp,-MMD,fs/proc/.cmdline.o.d -nostdinc -I/s/arch/x86/include -I./arch/x86/include/generated -I/s/include -I./include -I/s/arch/x86/include/uapi -I./arch/x86/include/generated/uapi -I/s/include/uapi -I./include/generated/uapi -include /s/include/linux/compiler-version.h -include /s/include/linux/kconfig.h -include /s/include/linux/compiler_types.h -D__KERNEL__ -fmacro-prefix-map=/s/= -Wall -Wundef -Werror=strict-prototypes -Wno-trigraphs -fno-strict-aliasing -fno-common -fshort-wchar -fno-PIE -Werror=implicit-function-declaration -Werror=implicit-int -Werror=return-type -Wno-format-security -std=gnu11 -mno-sse -mno-mmx -mno-sse2 -mno-3dnow -mno-avx -fcf-protection=none -m64 -falign-jumps=1 -falign-loops=1 -mno-80387 -mno-fp-ret-in-387 -mpreferred-stack-boundary=3 -mskip-rax-setup -mtune=generic -mno-red-zone -mcmodel=kernel -Wno-sign-compare -fno-asynchronous-unwind-tables -fno-delete-null-pointer-checks -Wno-frame-address -Wno-format-truncation -Wno-format-overflow -Wno-address-of-packed-member -Os -fno-allow-store-data-races -Wframe-larger-than=1024 -fno-stack-protector -Wno-main -Wno-unused-but-set-variable -Wno-unused-const-variable -Wno-dangling-pointer -ftrivial-auto-var-init=zero -fno-stack-clash-protection -pg -mrecord-mcount -mfentry -DCC_USING_FENTRY -Wvla -Wno-pointer-sign -Wcast-function-type -Wno-stringop-truncation -Wno-stringop-overflow -Wno-restrict -Wno-maybe-uninitialized -Wno-array-bounds -Wno-alloc-size-larger-than -Wimplicit-fallthrough=5 -fno-strict-overflow -fno-stack-check -fconserve-stack -Werror=date-time -Werror=incompatible-pointer-types -Werror=designated-init -fno-builtin-wcslen -Wno-packed-not-aligned -ffunction-sections -fdata-sections -I /s/fs/proc -I ./fs/proc    -DKBUILD_MODFILE='"fs/proc/proc"' -DKBUILD_BASENAME='"cmdline"' -DKBUILD_MODNAME='"proc"' -D__KBUILD_MODNAME=kmod_proc -c -o fs/proc/cmdline.o /s/fs/proc/cmdline.c   ; ./tools/objtool/objtool --hacks=jump_label --hacks=noinstr --orc --static-call --uaccess   fs/proc/cmdline.o

source_fs/proc/cmdline.o := /s/fs/proc/cmdline.c

deps_fs/proc/cmdline.o := \
  /s/include/linux/compiler-version.h \
    $(wildcard include/config/CC_VERSION_TEXT) \
  /s/include/linux/kconfig.h \
    $(wildcard include/config/CPU_BIG_ENDIAN) \
    $(wildcard include/config/BOOGER) \
    $(wildcard include/config/FOO) \
  /s/include/linux/compiler_types.h \
    $(wildcard include/config/DEBUG_INFO_BTF) \
    $(wildcard include/config/PAHOLE_HAS_BTF_TAG) \
    $(wildcard include/config/HAVE_ARCH_COMPILER_H) \
    
