// SPDX-License-Identifier: GPL-2.0
/*
 * Which build the module is for: the GNU build id of the vmlinux and of
 * each module it patches, as the build saw them.  vermagic names only the
 * release; a kernel or module rebuilt under the same release (a rebuilt
 * distribution kernel, a custom kernel that kept its version, a module
 * built with other options) has other code at other offsets, and a patch
 * made for one would be applied to the other.  The ids go into
 * KLP_META_BUILD_IDS, and templates/livepatch.c compares them with what
 * runs before anything is patched.
 */
#include <elf.h>
#include <stdio.h>
#include <string.h>

#include "context.h"
#include "elf-file.h"
#include "identity.h"
#include "klp-meta.h"

/* NT_GNU_BUILD_ID among the notes of path (a vmlinux keeps them in .notes). */
size_t build_id(const char *path, unsigned char *id)
{
	size_t size = 0, off = 0, len = 0;
	unsigned char *notes = (unsigned char *)elf_file_section(path, ".notes", &size);

	if (!notes)
		notes = (unsigned char *)elf_file_section(path, ".note.gnu.build-id", &size);
	while (notes && !len && off + sizeof(Elf64_Nhdr) <= size) {
		Elf64_Nhdr n;
		size_t name = off + sizeof(n), desc;

		memcpy(&n, notes + off, sizeof(n));
		desc = name + ((n.n_namesz + 3) & ~3u);
		if (desc + n.n_descsz > size)
			break;
		if (n.n_type == NT_GNU_BUILD_ID && n.n_namesz == 4 &&
		    !memcmp(notes + name, "GNU", 4) && n.n_descsz &&
		    n.n_descsz <= KLP_BUILD_ID_MAX) {
			len = n.n_descsz;
			memcpy(id, notes + desc, len);
		}
		off = desc + ((n.n_descsz + 3) & ~3u);
	}
	free(notes);
	return len;
}

char *build_id_hex(const char *path)
{
	unsigned char id[KLP_BUILD_ID_MAX];
	size_t len = build_id(path, id);
	char *hex = xcalloc(1, 2 * len + 1);

	for (size_t i = 0; i < len; i++)
		sprintf(hex + 2 * i, "%02x", id[i]);
	return hex;
}

/* One struct klp_meta_build_id; the object name is the label .Lname<name>. */
static void put_id(char **out, const char *objname, const char *path, int name)
{
	unsigned char id[KLP_BUILD_ID_MAX] = { 0 };
	size_t len = build_id(path, id);

	if (!len) {
		warn("%s has no GNU build id: the module cannot check at load that %s is the "
		     "build it was made for", path, objname);
		return;
	}
	str_appendf(out, "\t.section %s,\"a\"\n\t.balign 8\n\t.quad .Lname%d, %zu\n\t.byte ",
		    KLP_META_BUILD_IDS, name, len);
	for (size_t i = 0; i < KLP_BUILD_ID_MAX; i++)
		str_appendf(out, "%s%u", i ? ", " : "", id[i]);
	str_appendf(out, "\n");
}

/*
 * The vmlinux, and each module a unit that made it into the patch belongs
 * to (the bases are livepatch modules: their identity is the manifest's).
 */
void put_build_ids(char **out, int (*put_name)(char **out, const char *name),
		   const struct kpb_build *b, const struct kpb_results *r)
{
	struct strlist seen = { 0 };

	put_id(out, "vmlinux", b->vmlinux, put_name(out, "vmlinux"));
	for (size_t i = 0; i < r->nr_units; i++) {
		const struct unit *u = &r->units[i];

		if (u->status != EXIT_OK || !strcmp(u->objname, "vmlinux") ||
		    strlist_has(&seen, u->objname))
			continue;
		strlist_add(&seen, u->objname);
		put_id(out, u->objname, u->target, put_name(out, u->objname));
	}
	strlist_free(&seen);
}
