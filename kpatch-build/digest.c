// SPDX-License-Identifier: GPL-2.0
/* Digests of files with OpenSSL: a package's SHA256, a package's md5sums. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "context.h"
#include "digest.h"
#include "fail.h"

char *digest_hex(int fd, const char *md, const char *what)
{
	const EVP_MD *type = EVP_get_digestbyname(md);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char buf[1 << 16], sum[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	char *hex = xstrdup("");
	ssize_t n;

	if (!type || !ctx || !EVP_DigestInit_ex(ctx, type, NULL))
		die("cannot compute a %s (OpenSSL)", md);
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			fail(EXIT_ERROR, "reading %s: %s", what, strerror(errno));
		if (!EVP_DigestUpdate(ctx, buf, n))
			die("cannot compute a %s (OpenSSL)", md);
	}
	if (!EVP_DigestFinal_ex(ctx, sum, &len))
		die("cannot compute a %s (OpenSSL)", md);
	for (unsigned int i = 0; i < len; i++)
		str_appendf(&hex, "%02x", sum[i]);
	EVP_MD_CTX_free(ctx);
	return hex;
}
