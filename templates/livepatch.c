// SPDX-License-Identifier: GPL-2.0
/*
 * Livepatch module template.
 *
 * Linked with patch.o, the diff engine's outputs combined by
 * templates/patch.lds, which brackets the metadata sections with the
 * __klp_* symbols below.  At load time this builds the struct klp_patch the
 * livepatch core wants (one klp_object per patched object, each with a
 * terminated klp_func array and its callbacks) and enables it.
 *
 * KLP_REPLACE (0 or 1) comes from the Kbuild file: 1 makes this a
 * cumulative patch that replaces every patch enabled before it.  KLP_NAME
 * is the module name as a C identifier.  Nothing else is compiled in: what
 * is only known once the objects are compared (the klp_states, the stacked
 * patches this one depends on, the module version and what klp-manage
 * checks before an upgrade) comes in metadata sections and modinfo of
 * patch.o, so that the driver can compile this file early.  With a
 * version, modpost computes a srcversion and wants .patch.o.cmd, which the
 * driver writes.
 *
 * Before anything is patched it checks that the kernel and each module it
 * patches are the builds it was made for (their GNU build ids), not just
 * the release vermagic names.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/build_bug.h>
#include <linux/elf.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/types.h>
#include <linux/version.h>

#include "klp-meta.h"

#ifndef KLP_REPLACE
#error "KLP_REPLACE must be defined to 0 or 1 (ccflags-y += -DKLP_REPLACE=N)"
#endif
#if KLP_REPLACE != 0 && KLP_REPLACE != 1
#error "KLP_REPLACE must be 0 or 1"
#endif
#ifndef KLP_NAME
#error "KLP_NAME must be the module name as a C identifier"
#endif


/* NT_GNU_BUILD_ID, which the kernel's own headers do not define */
#define KLP_NT_GNU_BUILD_ID 3

/* The layouts the tools write: each pointer field 8 bytes, an R_X86_64_64. */
static_assert(sizeof(struct klp_meta_func) == 32);
static_assert(sizeof(struct klp_meta_callback) == 16);
static_assert(sizeof(struct klp_meta_state) == 16);
static_assert(sizeof(struct klp_meta_base) == 32);
static_assert(sizeof(struct klp_meta_build_id) == 48);

/*
 * Defined by templates/patch.lds around each metadata section; start == end
 * when a section is empty.  (checkpatch warns about externs in a .c file:
 * these are linker script symbols, and this file is the only user.)
 */
extern const struct klp_meta_func __klp_funcs[], __klp_funcs_end[];
extern const struct klp_meta_callback __klp_cb_pre_patch[];
extern const struct klp_meta_callback __klp_cb_pre_patch_end[];
extern const struct klp_meta_callback __klp_cb_post_patch[];
extern const struct klp_meta_callback __klp_cb_post_patch_end[];
extern const struct klp_meta_callback __klp_cb_pre_unpatch[];
extern const struct klp_meta_callback __klp_cb_pre_unpatch_end[];
extern const struct klp_meta_callback __klp_cb_post_unpatch[];
extern const struct klp_meta_callback __klp_cb_post_unpatch_end[];
extern const struct klp_meta_state __klp_patch_states[], __klp_patch_states_end[];
extern const struct klp_meta_base __klp_bases[], __klp_bases_end[];
extern const u64 __klp_ref_objects[], __klp_ref_objects_end[];
extern const struct klp_meta_build_id __klp_build_ids[], __klp_build_ids_end[];
/* This module's identity, the hash of its manifest: a string, NUL-terminated by patch.lds. */
extern const char __klp_identity[];

enum klp_cb_kind {
	KLP_CB_PRE_PATCH,
	KLP_CB_POST_PATCH,
	KLP_CB_PRE_UNPATCH,
	KLP_CB_POST_UNPATCH,
	KLP_CB_KINDS
};

struct klp_cb_list {
	const char *kind;
	const struct klp_meta_callback *start;
	const struct klp_meta_callback *end;
	size_t bytes;
	size_t count;
};

static struct klp_cb_list cb_lists[KLP_CB_KINDS] __initdata = {
	[KLP_CB_PRE_PATCH] = { "pre_patch", __klp_cb_pre_patch,
			       __klp_cb_pre_patch_end },
	[KLP_CB_POST_PATCH] = { "post_patch", __klp_cb_post_patch,
				__klp_cb_post_patch_end },
	[KLP_CB_PRE_UNPATCH] = { "pre_unpatch", __klp_cb_pre_unpatch,
				 __klp_cb_pre_unpatch_end },
	[KLP_CB_POST_UNPATCH] = { "post_unpatch", __klp_cb_post_unpatch,
				  __klp_cb_post_unpatch_end },
};

static size_t nr_meta_funcs __initdata;

/* The arrays live until the module is removed (see livepatch_exit). */
static struct klp_object *klp_objs;
static struct klp_func *klp_funcs;
static struct klp_state *klp_states;
/* Each object's own pre_patch callback, run after its build is checked. */
static int (**author_pre_patch)(struct klp_object *obj);

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.replace = KLP_REPLACE,
};

static const char *__init meta_str(u64 value)
{
	return (const char *)(unsigned long)value;
}

static bool __init is_vmlinux(const char *objname)
{
	return !strcmp(objname, "vmlinux");
}

/* The klp_object name for an object name: NULL means vmlinux. */
static const char *__init klp_obj_name(const char *objname)
{
	return is_vmlinux(objname) ? NULL : objname;
}

/*
 * The core compares an object name with the loaded module's name, in which
 * kbuild has turned '-' into '_': a name with '-' would never match, and
 * the patch would silently not apply to that module.
 */
static bool __init bad_objname(const char *objname)
{
	if (!*objname || strchr(objname, '-') ||
	    strlen(objname) >= MODULE_NAME_LEN) {
		pr_err("bad object name '%s': expected vmlinux or a module name as the kernel spells it ('_' for '-')\n",
		       objname);
		return true;
	}
	return false;
}

/*
 * Stacked modules this patch's code refers to (.kpatch.ref_objects): each
 * needs a klp_object, even without functions, so that the core applies the
 * .klp.rela.<module> relocations when it is loaded.
 */
static size_t __init nr_ref_objects(void)
{
	return __klp_ref_objects_end - __klp_ref_objects;
}

/*
 * All entries (functions first, then the callbacks of each kind, then the
 * referenced modules) seen as one sequence, for counting and ordering the
 * objects.
 */
static size_t __init nr_entries(void)
{
	size_t n = nr_meta_funcs;
	int k;

	for (k = 0; k < KLP_CB_KINDS; k++)
		n += cb_lists[k].count;
	return n + nr_ref_objects();
}

static const char *__init entry_objname(size_t i)
{
	int k;

	if (i < nr_meta_funcs)
		return meta_str(__klp_funcs[i].objname);
	i -= nr_meta_funcs;
	for (k = 0; k < KLP_CB_KINDS; k++) {
		if (i < cb_lists[k].count)
			return meta_str(cb_lists[k].start[i].objname);
		i -= cb_lists[k].count;
	}
	if (i < nr_ref_objects())
		return meta_str(__klp_ref_objects[i]);
	return NULL;
}

static struct klp_object *__init find_object(size_t nr_objs,
					     const char *objname)
{
	const char *name = klp_obj_name(objname);
	size_t i;

	for (i = 0; i < nr_objs; i++) {
		if (!name && !klp_objs[i].name)
			return &klp_objs[i];
		if (name && klp_objs[i].name && !strcmp(name, klp_objs[i].name))
			return &klp_objs[i];
	}
	return NULL;
}

static int __init check_build_ids(void)
{
	size_t bytes = (const char *)__klp_build_ids_end - (const char *)__klp_build_ids, i;

	if (bytes % sizeof(struct klp_meta_build_id)) {
		pr_err(".kpatch.build_ids is %zu bytes, not a multiple of %zu\n",
		       bytes, sizeof(struct klp_meta_build_id));
		return -EINVAL;
	}
	for (i = 0; i < bytes / sizeof(struct klp_meta_build_id); i++) {
		const struct klp_meta_build_id *b = &__klp_build_ids[i];

		if (!b->objname || !b->size || b->size > KLP_BUILD_ID_MAX) {
			pr_err(".kpatch.build_ids entry %zu is malformed\n", i);
			return -EINVAL;
		}
	}
	return 0;
}

/* Size the sections and reject malformed entries. */
static int __init check_metadata(void)
{
	size_t bytes, i;
	int k;

	bytes = (const char *)__klp_funcs_end - (const char *)__klp_funcs;
	if (bytes % sizeof(struct klp_meta_func)) {
		pr_err(".kpatch.funcs is %zu bytes, not a multiple of %zu\n",
		       bytes, sizeof(struct klp_meta_func));
		return -EINVAL;
	}
	nr_meta_funcs = bytes / sizeof(struct klp_meta_func);

	for (i = 0; i < nr_meta_funcs; i++) {
		const struct klp_meta_func *m = &__klp_funcs[i];

		if (!m->new_func || !m->old_name || !m->objname) {
			pr_err(".kpatch.funcs entry %zu is incomplete\n", i);
			return -EINVAL;
		}
		if (bad_objname(meta_str(m->objname)))
			return -EINVAL;
	}

	if (check_build_ids())
		return -EINVAL;

	for (k = 0; k < KLP_CB_KINDS; k++) {
		struct klp_cb_list *cb = &cb_lists[k];

		bytes = (const char *)cb->end - (const char *)cb->start;
		if (bytes % sizeof(struct klp_meta_callback)) {
			pr_err(".kpatch.callbacks.%s is %zu bytes, not a multiple of %zu\n",
			       cb->kind, bytes,
			       sizeof(struct klp_meta_callback));
			return -EINVAL;
		}
		cb->count = bytes / sizeof(struct klp_meta_callback);

		for (i = 0; i < cb->count; i++) {
			if (!cb->start[i].fn || !cb->start[i].objname) {
				pr_err(".kpatch.callbacks.%s entry %zu is incomplete\n",
				       cb->kind, i);
				return -EINVAL;
			}
			if (bad_objname(meta_str(cb->start[i].objname)))
				return -EINVAL;
		}
	}
	return 0;
}

static int __init attach_callback(struct klp_object *obj, enum klp_cb_kind k,
				  const struct klp_meta_callback *m)
{
	unsigned long fn = (unsigned long)m->fn;
	struct klp_callbacks *cbs = &obj->callbacks;
	bool taken;

	switch (k) {
	case KLP_CB_PRE_PATCH:
		taken = cbs->pre_patch;
		cbs->pre_patch = (int (*)(struct klp_object *))fn;
		break;
	case KLP_CB_POST_PATCH:
		taken = cbs->post_patch;
		cbs->post_patch = (void (*)(struct klp_object *))fn;
		break;
	case KLP_CB_PRE_UNPATCH:
		taken = cbs->pre_unpatch;
		cbs->pre_unpatch = (void (*)(struct klp_object *))fn;
		break;
	default:
		taken = cbs->post_unpatch;
		cbs->post_unpatch = (void (*)(struct klp_object *))fn;
		break;
	}

	if (taken) {
		pr_err("more than one %s callback for object '%s'; the livepatch core runs one per object\n",
		       cb_lists[k].kind, meta_str(m->objname));
		return -EINVAL;
	}
	return 0;
}

#define __klp_paste(a, b) a##b
#define klp_paste(a, b) __klp_paste(a, b)

/*
 * Stacked patches built on this one call this: that makes them depend on
 * this module, so the loader refuses them without it and this module
 * cannot be removed while they are loaded.
 */
bool klp_paste(klp_patch_enabled_, KLP_NAME)(void)
{
	return patch.enabled;
}
EXPORT_SYMBOL_GPL(klp_paste(klp_patch_enabled_, KLP_NAME));

/* Which build of this patch is loaded: patches built on it check it. */
const char *klp_paste(klp_patch_identity_, KLP_NAME)(void)
{
	return __klp_identity;
}
EXPORT_SYMBOL_GPL(klp_paste(klp_patch_identity_, KLP_NAME));

/*
 * The stacked patches this one depends on (.kpatch.bases), each by its
 * klp_patch_enabled_<name>: the reference is what makes the loader load
 * them first.  A module of that name built from other patches, or for
 * another kernel, has another identity.
 */
static int __init check_bases(void)
{
	const struct klp_meta_base *b;

	for (b = __klp_bases; b < __klp_bases_end; b++) {
		bool (*enabled)(void) = (bool (*)(void))(unsigned long)b->enabled;
		const char *(*identity)(void) =
			(const char *(*)(void))(unsigned long)b->identity;

		if (strcmp(identity(), meta_str(b->built_on))) {
			pr_err("built on the livepatch %s %s, but the loaded %s is %s, another build: load the %s it was built on\n",
			       meta_str(b->name), meta_str(b->built_on),
			       meta_str(b->name), identity(), meta_str(b->name));
			return -EINVAL;
		}
		if (!enabled()) {
			pr_err("built on the livepatch %s, which is not enabled: enable it first\n",
			       meta_str(b->name));
			return -EINVAL;
		}
	}
	return 0;
}

/* The build of objname this patch was made for (.kpatch.build_ids), if known. */
static const struct klp_meta_build_id *built_for(const char *objname)
{
	const struct klp_meta_build_id *b;

	for (b = __klp_build_ids; b < __klp_build_ids_end; b++)
		if (!strcmp((const char *)(unsigned long)b->objname, objname))
			return b;
	return NULL;
}

static int wrong_build(const char *objname, const struct klp_meta_build_id *want,
		       const u8 *have, size_t have_size)
{
	if (have)
		pr_err("%s is not the build this patch was made for: its build id is %*phN, the patch's %*phN; build the patch against the %s that runs\n",
		       objname, (int)have_size, have, (int)want->size, want->id,
		       objname);
	else
		pr_err("%s is not the build this patch was made for: it has no build id %*phN; build the patch against the %s that runs\n",
		       objname, (int)want->size, want->id, objname);
	return -EINVAL;
}

/* NT_GNU_BUILD_ID among size bytes of ELF notes, or NULL. */
static const u8 *__init note_build_id(const u8 *notes, size_t size, size_t *len)
{
	size_t off = 0;

	while (off + sizeof(Elf64_Nhdr) <= size) {
		const Elf64_Nhdr *n = (const Elf64_Nhdr *)(notes + off);
		size_t name = off + sizeof(*n);
		size_t desc = name + ALIGN(n->n_namesz, 4);

		if (desc + n->n_descsz > size)
			break;
		if (n->n_type == KLP_NT_GNU_BUILD_ID && n->n_namesz == 4 &&
		    !memcmp(notes + name, "GNU", 4)) {
			*len = n->n_descsz;
			return notes + desc;
		}
		off = desc + ALIGN(n->n_descsz, 4);
	}
	return NULL;
}

#define KLP_NOTES_MAX 65536

/*
 * The running kernel's build id, from its notes as /sys/kernel/notes shows
 * them: no interface gives a module the vmlinux build id, and the symbols
 * around the notes are not exported.
 */
static int __init check_vmlinux_build(void)
{
	const struct klp_meta_build_id *want = built_for("vmlinux");
	const u8 *have = NULL;
	size_t have_size = 0;
	struct file *f;
	loff_t pos = 0;
	ssize_t n;
	u8 *notes;
	int ret = 0;

	if (!want)
		return 0;
	f = filp_open("/sys/kernel/notes", O_RDONLY, 0);
	if (IS_ERR(f)) {
		pr_err("cannot read this kernel's build id (/sys/kernel/notes: error %ld), so cannot check that it is the build this patch was made for\n",
		       PTR_ERR(f));
		return PTR_ERR(f);
	}
	notes = kmalloc(KLP_NOTES_MAX, GFP_KERNEL);
	n = notes ? kernel_read(f, notes, KLP_NOTES_MAX, &pos) : -ENOMEM;
	filp_close(f, NULL);
	if (n < 0) {
		pr_err("cannot read /sys/kernel/notes (error %zd)\n", n);
		ret = n;
	} else {
		have = note_build_id(notes, n, &have_size);
		if (!have || have_size != want->size ||
		    memcmp(have, want->id, have_size))
			ret = wrong_build("vmlinux", want, have, have_size);
	}
	kfree(notes);
	return ret;
}

/* Whether size bytes at base hold the len bytes of note, 4-aligned as notes are. */
static bool holds(const void *base, size_t size, const u8 *note, size_t len)
{
	size_t off;

	for (off = 0; base && off + len <= size; off += 4)
		if (!memcmp((const u8 *)base + off, note, len))
			return true;
	return false;
}

/*
 * Whether a loaded module holds the build id note want describes.  A
 * module's notes are loaded with its read-only data but not kept where a
 * module can find them before its sysfs directory exists (and a module
 * patched as it comes has none yet), so its memory is searched for the
 * whole note: header, "GNU" and the id.
 */
static bool module_has_build_id(const struct module *mod,
				const struct klp_meta_build_id *want)
{
	const Elf64_Nhdr hdr = { .n_namesz = 4, .n_descsz = want->size,
				 .n_type = KLP_NT_GNU_BUILD_ID };
	u8 note[sizeof(hdr) + 4 + KLP_BUILD_ID_MAX];
	size_t len = sizeof(hdr) + 4 + want->size;

	memcpy(note, &hdr, sizeof(hdr));
	memcpy(note + sizeof(hdr), "GNU", 4);
	memcpy(note + sizeof(hdr) + 4, want->id, want->size);
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
	for_class_mod_mem_type(t, core)
		if (holds(mod->mem[t].base, mod->mem[t].size, note, len))
			return true;
	return false;
#else
	return holds(mod->core_layout.base, mod->core_layout.size, note, len);
#endif
}

/* A module object's pre_patch: its build first, then the patch's own callback. */
static int check_module_build(struct klp_object *obj)
{
	const struct klp_meta_build_id *want = built_for(obj->name);
	int (*author)(struct klp_object *obj) = author_pre_patch[obj - klp_objs];

	if (want && !module_has_build_id(obj->mod, want))
		return wrong_build(obj->name, want, NULL, 0);
	return author ? author(obj) : 0;
}

/* Zero-terminated, as the core wants: id 0 ends the list. */
static int __init build_states(void)
{
	size_t n = __klp_patch_states_end - __klp_patch_states, i;

	klp_states = kcalloc(n + 1, sizeof(*klp_states), GFP_KERNEL);
	if (!klp_states)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		klp_states[i].id = __klp_patch_states[i].id;
		klp_states[i].version = __klp_patch_states[i].version;
	}
	patch.states = klp_states;
	return 0;
}

static void (*author_pre_unpatch)(struct klp_object *obj);

/*
 * The kernel lets root disable any patch; if this one goes while patches
 * built on it are loaded, say so.  The core holds one reference on this
 * module while the patch is enabled: any more are those patches.
 */
static void warn_dependents(struct klp_object *obj)
{
	if (module_refcount(THIS_MODULE) > 1)
		pr_warn("disabled while %d livepatch module(s) built on it are loaded: they assume its changes\n",
			module_refcount(THIS_MODULE) - 1);
	if (author_pre_unpatch)
		author_pre_unpatch(obj);
}

/*
 * Callbacks of ours around the patch's own: each patched module's build
 * is checked before it is patched, and the warning about dependents rides
 * on vmlinux, the one object whose callbacks always run (a module's run
 * only while it is loaded).
 */
static int __init wrap_callbacks(size_t nr_objs)
{
	struct klp_object *obj;
	size_t i;

	author_pre_patch = kcalloc(nr_objs, sizeof(*author_pre_patch), GFP_KERNEL);
	if (!author_pre_patch)
		return -ENOMEM;
	for (i = 0; i < nr_objs; i++) {
		obj = &klp_objs[i];
		if (!obj->name || !built_for(obj->name))
			continue;
		author_pre_patch[i] = obj->callbacks.pre_patch;
		obj->callbacks.pre_patch = check_module_build;
	}
	obj = find_object(nr_objs, "vmlinux");
	author_pre_unpatch = obj->callbacks.pre_unpatch;
	obj->callbacks.pre_unpatch = warn_dependents;
	return 0;
}

/* Distinct object names among the entries, in order of first appearance. */
static size_t __init count_objects(bool *has_vmlinux)
{
	size_t nr_objs = 0, n = nr_entries(), i, j;

	*has_vmlinux = false;
	for (i = 0; i < n; i++) {
		const char *name = entry_objname(i);

		for (j = 0; j < i; j++)
			if (!strcmp(name, entry_objname(j)))
				break;
		if (j == i)
			nr_objs++;
		*has_vmlinux |= is_vmlinux(name);
	}
	return nr_objs;
}

/*
 * Name the objects (vmlinux last if no entry names it), and point each
 * one's funcs at the start of its range of klp_funcs: its functions, then
 * its terminator.  An object with callbacks only gets just the terminator,
 * since the core refuses an object without a funcs array.
 */
static void __init fill_objects(size_t nr_objs, bool has_vmlinux)
{
	size_t n = nr_entries(), named = 0, next = 0, i;
	struct klp_object *obj;

	for (i = 0; i < n; i++) {
		const char *objname = entry_objname(i);

		if (!find_object(named, objname))
			klp_objs[named++].name = klp_obj_name(objname);
	}
	if (!has_vmlinux)
		klp_objs[named].name = NULL;

	for (obj = klp_objs; obj < klp_objs + nr_objs; obj++) {
		obj->funcs = &klp_funcs[next];
		for (i = 0; i < nr_meta_funcs; i++) {
			const struct klp_meta_func *m = &__klp_funcs[i];

			if (find_object(nr_objs, meta_str(m->objname)) != obj)
				continue;
			klp_funcs[next].old_name = meta_str(m->old_name);
			klp_funcs[next].new_func = (void *)(unsigned long)m->new_func;
			klp_funcs[next].old_sympos = m->sympos;
			next++;
		}
		next++;	/* the terminator */
	}
}

static int __init attach_callbacks(size_t nr_objs)
{
	size_t i;
	int k, ret;

	for (k = 0; k < KLP_CB_KINDS; k++) {
		const struct klp_cb_list *cb = &cb_lists[k];

		for (i = 0; i < cb->count; i++) {
			const struct klp_meta_callback *m = &cb->start[i];

			ret = attach_callback(find_object(nr_objs, meta_str(m->objname)), k, m);
			if (ret)
				return ret;
		}
	}
	return wrap_callbacks(nr_objs);
}

static int __init build_patch(void)
{
	bool has_vmlinux;
	size_t nr_objs = count_objects(&has_vmlinux);

	if (!nr_objs && !patch.replace) {
		pr_err("nothing to patch: no functions and no callbacks\n");
		return -EINVAL;
	}
	/* vmlinux always, for wrap_callbacks */
	nr_objs += !has_vmlinux;

	/* Zeroed: a terminating object, and a terminator for each object. */
	klp_objs = kcalloc(nr_objs + 1, sizeof(*klp_objs), GFP_KERNEL);
	klp_funcs = kcalloc(nr_meta_funcs + nr_objs, sizeof(*klp_funcs),
			    GFP_KERNEL);
	if (!klp_objs || !klp_funcs)
		return -ENOMEM;
	fill_objects(nr_objs, has_vmlinux);
	patch.objs = klp_objs;
	pr_debug("%zu functions in %zu objects, replace=%d\n",
		 nr_meta_funcs, nr_objs, KLP_REPLACE);
	return attach_callbacks(nr_objs);
}

static void free_patch(void)
{
	kfree(klp_funcs);
	kfree(klp_objs);
	kfree(klp_states);
	kfree(author_pre_patch);
	author_pre_patch = NULL;
	klp_funcs = NULL;
	klp_objs = NULL;
	klp_states = NULL;
}

static int __init livepatch_init(void)
{
	int ret;

	ret = check_metadata();
	if (ret)
		return ret;
	ret = check_vmlinux_build();
	if (ret)
		return ret;
	ret = check_bases();
	if (ret)
		return ret;

	ret = build_states();
	if (!ret)
		ret = build_patch();
	if (!ret)
		ret = klp_enable_patch(&patch);
	if (ret)
		free_patch();
	return ret;
}

/*
 * The livepatch core frees only what it allocated itself (the dynamic nop
 * objects and functions of a replace patch); the klp_object and klp_func
 * arrays are ours.  The core holds a reference on this module while the
 * patch is enabled or being released, and drops it after its last access
 * to them, so they are freed here, when the module can be removed.
 */
static void __exit livepatch_exit(void)
{
	free_patch();
}

module_init(livepatch_init);
module_exit(livepatch_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("Livepatch module");
/* For klp-manage, with the klp_* modinfo of patch.o: checked before an upgrade. */
MODULE_INFO(klp_replace, __stringify(KLP_REPLACE));
