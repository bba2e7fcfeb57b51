/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_DISK_H
#define KPB_DISK_H

/* The driver's files and directories; a failure fails the run. */
#include <stdbool.h>
#include <stddef.h>

/*
 * A file to write, never through a symlink and never a FIFO or device
 * someone planted: fd, or -1 and errno.  flags: O_TRUNC or O_APPEND.
 */
int open_for_writing(const char *path, int flags);
void write_file(const char *path, const char *data, size_t size);
/* path holds data, written only if it held something else (make goes by mtimes). */
void write_if_changed(const char *path, const char *data, size_t size);
bool file_exists(const char *path);
/* Create the directories above path. */
void make_parents(const char *path);
/* mkdir -p */
void make_dirs(const char *dir);

#endif
