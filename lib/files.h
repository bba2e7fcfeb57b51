/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KLP_FILES_H
#define KLP_FILES_H

/*
 * Files the tools create, and the directories they trust to create them
 * in.  Run as root on shared machines, nothing may be written through a
 * name someone else could have planted: new files are made with O_EXCL
 * and O_NOFOLLOW under unpredictable names and renamed into place, and a
 * directory the tools keep things in must be the running user's alone.
 */
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* A new file at path, never one that exists (nor a symlink): fd or -1. */
int create_new(const char *path, mode_t mode);

/* path holds data afterwards, written beside it and renamed: 0 or an errno. */
int replace_file(const char *path, const void *data, size_t size, mode_t mode);
/* The same with the bytes of from. */
int replace_file_copy(const char *path, const char *from, mode_t mode);

/*
 * to as a hard link to from, or where it cannot be one (another file
 * system, a link the kernel's protected_hardlinks refuses) a new copy with
 * the same mode and time: 0 or an errno (EEXIST, ENOENT...).
 */
int link_or_copy(const char *from, const char *to);

/*
 * Why dir (which exists) cannot be trusted to keep what the tools build
 * there (a message with the remedy, allocated), or NULL: it must be the
 * running user's, writable by no one else, under directories only root
 * or the user can change (or sticky ones), and reached through no symlink
 * of another user.
 */
char *dir_untrusted(const char *dir);

/*
 * mkdir -p dir, each new directory made where only the user can write
 * (never straight under /tmp, say); then dir_untrusted(dir).  NULL when
 * dir is fit to use, else why not (allocated).
 */
char *make_trusted_dir(const char *dir);

/*
 * Why a directory given for output cannot take a file safely (others
 * could replace what is written there), or NULL.  Sticky ones are fine.
 */
char *dir_unsafe_for_output(const char *dir);

/* A regular file to read (not a FIFO, device or directory): NULL, or why not. */
const char *not_regular_file(const char *path);

#endif
