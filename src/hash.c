/*
 * hash.c - SHA-256 with libcrypto's EVP interface.
 *
 * Files are read in 1 MiB blocks: large enough that the per-call cost
 * vanishes beside the hashing, small enough to stay in cache.
 *
 * libcrypto is loaded on the first hash (dl.h), not linked: an import
 * with nothing changed hashes nothing, and its start and EVP_MD_fetch
 * cost some 1.5 ms, where the whole of that import takes 6.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <pthread.h>

#include "itss/dl.h"
#include "itss/hash.h"
#include "itss/i18n.h"
#include "itss/util.h"

#ifndef ITSS_LIBCRYPTO_SONAME
#define ITSS_LIBCRYPTO_SONAME "libcrypto.so.3"	/* Debian 12's OpenSSL 3.0 */
#endif

#define BLOCK (1u << 20)

static void
to_hex(char hex[ITSS_SHA256_HEX], const unsigned char *md)
{
	static const char digits[] = "0123456789abcdef";
	int i;

	for (i = 0; i < 32; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[64] = '\0';
}

/* libcrypto's functions used here, each with its own declared type. */
#define CR_FUNCS(X) X(OPENSSL_init_crypto) X(EVP_MD_fetch) X(EVP_MD_CTX_new) \
	X(EVP_MD_CTX_free) X(EVP_DigestInit_ex) X(EVP_DigestUpdate) \
	X(EVP_DigestFinal_ex)
#define CR_MEMBER(f) __typeof__(f) *f;
static struct {
	CR_FUNCS(CR_MEMBER)
} cr;
static EVP_MD *sha256;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/*
 * libcrypto loaded and set up once: without reading openssl.cnf (OpenSSL
 * 3 parses the system's configuration on first use, which we need nothing
 * from, and which every command paid for), and SHA-256 fetched once
 * rather than again for every hash.
 */
static void
setup(void)
{
#define CR_SYM(f) ITSS_DL_SYM(cr, f)
	const struct itss_dl_sym v[] = { CR_FUNCS(CR_SYM) };

	if (itss_dl_load(ITSS_LIBCRYPTO_SONAME, v, sizeof(v) / sizeof(v[0])) == 0 &&
	    cr.OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, NULL) == 1)
		sha256 = cr.EVP_MD_fetch(NULL, "SHA256", NULL);
}

static EVP_MD_CTX *
start(void)
{
	EVP_MD_CTX *ctx;

	(void)pthread_once(&once, setup);
	if (!sha256) {
		fputs("itss: ", stderr);
		fprintf(stderr, _("SHA-256 cannot be computed: libcrypto (%s) "
		    "cannot be loaded; install Debian's libssl3 package"),
		    ITSS_LIBCRYPTO_SONAME);
		fputc('\n', stderr);
		exit(4);
	}
	/* With libcrypto there, only allocation can fail here. */
	if (!(ctx = cr.EVP_MD_CTX_new()) ||
	    cr.EVP_DigestInit_ex(ctx, sha256, NULL) != 1)
		itss_oom();
	return ctx;
}

static void
finish_raw(EVP_MD_CTX *ctx, unsigned char out[32])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	if (cr.EVP_DigestFinal_ex(ctx, md, &n) != 1 || n != 32) {
		cr.EVP_MD_CTX_free(ctx);
		abort();	/* cannot happen for SHA-256 once started */
	}
	cr.EVP_MD_CTX_free(ctx);
	memcpy(out, md, 32);
}

static void
finish(EVP_MD_CTX *ctx, char hex[ITSS_SHA256_HEX])
{
	unsigned char md[32];

	finish_raw(ctx, md);
	to_hex(hex, md);
}

void
itss_sha256_buf(char hex[ITSS_SHA256_HEX], const void *buf, size_t len)
{
	EVP_MD_CTX *ctx = start();

	if (cr.EVP_DigestUpdate(ctx, buf, len) != 1)
		abort();
	finish(ctx, hex);
}

void
itss_sha256_raw(unsigned char md[32], const void *buf, size_t len)
{
	EVP_MD_CTX *ctx = start();

	if (cr.EVP_DigestUpdate(ctx, buf, len) != 1)
		abort();
	finish_raw(ctx, md);
}

int
itss_sha256_fd(char hex[ITSS_SHA256_HEX], int fd, const struct stat *st)
{
	EVP_MD_CTX *ctx = start();
	unsigned char *buf = itss_xmalloc(BLOCK);
	struct stat after;
	unsigned long long total = 0;
	int saved;

	for (;;) {
		long n = itss_read_some(fd, buf, BLOCK, -1);
		if (n < 0)
			goto fail;
		if (n == 0)
			break;
		total += (unsigned long long)n;
		if (cr.EVP_DigestUpdate(ctx, buf, (size_t)n) != 1)
			abort();
	}
	free(buf);
	finish(ctx, hex);
	if (fstat(fd, &after) < 0)
		return -1;
	if (after.st_size != st->st_size || total != (unsigned long long)st->st_size ||
	    after.st_mtim.tv_sec != st->st_mtim.tv_sec ||
	    after.st_mtim.tv_nsec != st->st_mtim.tv_nsec ||
	    after.st_ctim.tv_sec != st->st_ctim.tv_sec ||
	    after.st_ctim.tv_nsec != st->st_ctim.tv_nsec)
		return 1;
	return 0;
fail:
	saved = errno;
	free(buf);
	cr.EVP_MD_CTX_free(ctx);
	errno = saved;
	return -1;
}

int
itss_sha256_valid(const char *s)
{
	size_t i;

	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
		    (s[i] >= 'A' && s[i] <= 'F')))
			return 0;
	return s[64] == '\0';
}

struct itss_sha256 {
	EVP_MD_CTX *ctx;
};

struct itss_sha256 *
itss_sha256_start(void)
{
	struct itss_sha256 *h = itss_xmalloc(sizeof(*h));

	h->ctx = start();
	return h;
}

void
itss_sha256_add(struct itss_sha256 *h, const void *data, size_t len)
{
	if (len && cr.EVP_DigestUpdate(h->ctx, data, len) != 1)
		abort();
}

void
itss_sha256_addstr(struct itss_sha256 *h, const char *s)
{
	itss_sha256_add(h, s ? s : "", s ? strlen(s) + 1 : 1);
}

void
itss_sha256_finish(struct itss_sha256 *h, char hex[ITSS_SHA256_HEX])
{
	finish(h->ctx, hex);
	free(h);
}
