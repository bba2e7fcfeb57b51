// SPDX-License-Identifier: GPL-2.0
/*
 * kbuild's .OBJ.cmd records (kbuild-record.c): the command with kbuild's
 * escapes undone, the source, the files read only when asked, in both
 * spellings (cmd_ before Linux 6.2, savedcmd_ since), and a command longer
 * than the head read first.
 */
#include <stdlib.h>
#include <unistd.h>

#include "harness.h"
#include "kbuild-record.h"

static char dir[] = "/tmp/driver-records.XXXXXX";

static char *record_file(const char *name, const char *text)
{
	return scratch_file(dir, name, text);
}

static void read_one(const char *key, const char *cmd)
{
	char *text = xasprintf("%scmdline.o := %s\n\nsource_fs/proc/cmdline.o := /s/fs/proc/cmdline.c\n\n"
			       "deps_fs/proc/cmdline.o := \\\n  /s/include/linux/fs.h \\\n\n"
			       "fs/proc/cmdline.o: $(deps_fs/proc/cmdline.o)\n", key, cmd);
	char *path = record_file(".cmdline.o.cmd", text);
	struct kbuild_record rec;

	CHECK(record_read(&rec, path, "fs/proc/cmdline.o"));
	CHECK(rec.cmd && !strncmp(rec.cmd, "gcc -DX='$a' -DH='#'", 20));
	CHECK(rec.cmd && strlen(rec.cmd) == strlen(cmd) - 8);
	CHECK(!strcmp(rec.source, "/s/fs/proc/cmdline.c"));
	CHECK(!rec.deps);
	CHECK(strstr(record_deps(&rec), "/s/include/linux/fs.h"));
	CHECK(str_starts(record_deps(&rec), "deps_fs/proc/cmdline.o := "));
	record_free(&rec);
	free(path);
	free(text);
}

int main(void)
{
	char *pad = xmalloc(20001), *cmd, *path;
	struct kbuild_record rec;

	if (!mkdtemp(dir))
		return 1;
	memset(pad, 'x', 20000);
	pad[20000] = '\0';
	read_one("cmd_fs/proc/", "gcc -DX='$$a' -DH='$(pound)' -c -o fs/proc/cmdline.o");
	read_one("savedcmd_fs/proc/", "gcc -DX='$$a' -DH='$(pound)' -c -o fs/proc/cmdline.o");
	/* the source line far past the head */
	cmd = xasprintf("gcc -DX='$$a' -DH='$(pound)' -DPAD=%s -c -o fs/proc/cmdline.o", pad);
	read_one("cmd_fs/proc/", cmd);
	free(cmd);
	/* no source: not a compile */
	path = record_file(".built-in.a.cmd", "cmd_fs/proc/built-in.a := ar cr ...\n");
	CHECK(!record_read(&rec, path, "fs/proc/built-in.a"));
	record_free(&rec);
	free(path);
	path = xasprintf("%s/missing.cmd", dir);
	CHECK(!record_read(&rec, path, "fs/proc/missing.o"));
	free(path);
	free(pad);
	path = xasprintf("rm -rf %s", dir);
	if (system(path))
		failures++;
	free(path);
	return finished("records", "kbuild's .cmd records read");
}
