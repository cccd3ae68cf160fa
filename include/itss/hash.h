/*
 * hash.h - SHA-256 of a file, through OpenSSL's libcrypto.
 */
#ifndef ITSS_HASH_H
#define ITSS_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#define ITSS_SHA256_HEX 65	/* 64 hex digits and a NUL */

/*
 * Hash what fd holds, reading it to the end, into hex (lower case). st is
 * the file's fstat() before reading; the file is fstat()ed again after, and
 * a change of size, modification time or change time means it changed
 * while it was read. Returns 0; 1 when it changed while read (hex is then
 * meaningless); -1 with errno on a read error.
 */
int itss_sha256_fd(char hex[ITSS_SHA256_HEX], int fd, const struct stat *st);

/* SHA-256 of a buffer, in hex; and its 32 bytes. */
void itss_sha256_buf(char hex[ITSS_SHA256_HEX], const void *buf, size_t len);
void itss_sha256_raw(unsigned char md[32], const void *buf, size_t len);

/* Incremental SHA-256: start, add as much as wanted, finish into hex. */
struct itss_sha256;
struct itss_sha256 *itss_sha256_start(void);
void itss_sha256_add(struct itss_sha256 *h, const void *data, size_t len);
/* Adds a string and its terminating NUL, so that "ab","c" != "a","bc". */
void itss_sha256_addstr(struct itss_sha256 *h, const char *s);
void itss_sha256_finish(struct itss_sha256 *h, char hex[ITSS_SHA256_HEX]);

/* True when s is 64 hexadecimal digits (either case). */
int itss_sha256_valid(const char *s);

#endif
