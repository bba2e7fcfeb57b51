/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KPB_DIGEST_H
#define KPB_DIGEST_H

/* The digest md ("sha256", "md5") of what fd reads to its end, in hex (allocated); what names it in errors. */
char *digest_hex(int fd, const char *md, const char *what);

#endif
