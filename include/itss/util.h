/*
 * util.h - allocation, growable buffers, files, UTF-8 and display width.
 *
 * The bottom layer: everything else may include it; it includes nothing of
 * ours but banned.h.
 *
 * Allocation: the x* functions never return NULL. On failure they print
 * "itss: out of memory" and exit(4), as tmux's xmalloc.c does; no caller
 * has a better recovery than that.
 */
#ifndef ITSS_UTIL_H
#define ITSS_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Out of memory: say so on stderr, with no allocation, and exit 4. */
_Noreturn void itss_oom(void);

void *itss_xmalloc(size_t n);
void *itss_xcalloc(size_t count, size_t size);
void *itss_xrealloc(void *p, size_t n);
/* Grow *p (holding *alloc elements of size) to hold at least want. */
void itss_xgrow(void **p, size_t *alloc, size_t want, size_t size);
char *itss_xstrdup(const char *s);
char *itss_xstrndup(const char *s, size_t n);
/* A newly allocated formatted string. */
char *itss_xasprintf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
char *itss_xvasprintf(const char *fmt, va_list ap)
	__attribute__((format(printf, 1, 0)));

/*
 * A growable NUL-terminated byte string (git's strbuf, in small).
 * Initialise with ITSS_STRBUF_INIT or itss_strbuf_init(); buf is never NULL
 * after init. itss_strbuf_detach() hands the bytes to the caller and leaves
 * the strbuf empty; itss_strbuf_release() frees them.
 */
struct itss_strbuf {
	char *buf;
	size_t len;
	size_t alloc;
};
extern char itss_strbuf_empty[];
#define ITSS_STRBUF_INIT { itss_strbuf_empty, 0, 0 }

void itss_strbuf_init(struct itss_strbuf *sb);
void itss_strbuf_release(struct itss_strbuf *sb);
char *itss_strbuf_detach(struct itss_strbuf *sb, size_t *len);
void itss_strbuf_grow(struct itss_strbuf *sb, size_t extra);
void itss_strbuf_add(struct itss_strbuf *sb, const void *data, size_t len);
void itss_strbuf_addstr(struct itss_strbuf *sb, const char *s);
void itss_strbuf_addch(struct itss_strbuf *sb, int c);
void itss_strbuf_addf(struct itss_strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void itss_strbuf_reset(struct itss_strbuf *sb);

/*
 * Read a whole regular file into *out (NUL-terminated, length in *len).
 * Refuses files larger than max bytes. Returns 0, or -1 with errno set
 * (EFBIG when too large, EISDIR/EINVAL when not a regular file).
 */
int itss_read_file(char **out, size_t *len, const char *path, size_t max);

/*
 * Read fd to its end into *out (NUL-terminated, length in *len; hint: the
 * size expected). Refuses more than max bytes. Returns 0, or -1 with errno
 * set (EFBIG when too large).
 */
int itss_read_fd(char **out, size_t *len, int fd, size_t max, size_t hint);

/*
 * read(2), and pread(2) at off when off >= 0, again when interrupted by a
 * signal. Returns what the call returned (0 at the end, -1 with errno).
 */
long itss_read_some(int fd, void *buf, size_t n, long long off);

/*
 * UTF-8. itss_utf8_check() returns the byte offset of the first byte that
 * is not part of well-formed UTF-8 (no overlongs, no surrogates, nothing
 * above U+10FFFF), or (size_t)-1 when all of s[0..len) is well formed.
 * itss_utf8_decode() decodes one character at s (well-formed input
 * assumed), stores its length in *n and returns the code point.
 */
size_t itss_utf8_check(const char *s, size_t len);
/*
 * s[0..len) read as GB18030 (what Chinese Excel saves as CSV) into *out,
 * UTF-8, NUL-terminated (the caller frees it): 0, or -1 when it is not
 * GB18030 either (nothing allocated).
 */
int itss_gb18030_to_utf8(char **out, size_t *outlen, const char *s,
    size_t len);
uint32_t itss_utf8_decode(const char *s, size_t len, size_t *n);

/*
 * Little-endian integers: read at p (zip headers, the index's packed
 * values), and appended to a strbuf (the packed values' writers).
 */
uint16_t itss_le16(const unsigned char *p);
/* FNV-1a (64-bit) of n bytes, from h (start with ITSS_FNV_INIT); of a
 * string, for hash tables. */
#define ITSS_FNV_INIT 14695981039346656037ULL
uint64_t itss_fnv1a(uint64_t h, const void *p, size_t n);
size_t itss_hash_str(const char *s);
/* v little-endian into the 4 bytes at p (a count patched in once known). */
void itss_put_le32(void *p, uint32_t v);
uint32_t itss_le32(const unsigned char *p);
int64_t itss_le64(const unsigned char *p);
void itss_strbuf_add_le16(struct itss_strbuf *sb, uint16_t v);
void itss_strbuf_add_le32(struct itss_strbuf *sb, uint32_t v);
void itss_strbuf_add_le64(struct itss_strbuf *sb, int64_t v);

/*
 * An arena: many small allocations freed at once (a YAML document's
 * nodes, the strings of a snapshot or of one register row). Blocks never
 * move, so what it hands out stays valid until _reset or _release.
 * Initialise with ITSS_ARENA_INIT (or zeroes). _reset forgets everything
 * but keeps one block for reuse; _release frees every block.
 */
struct itss_arena_block;
struct itss_arena {
	struct itss_arena_block *blocks;
};
#define ITSS_ARENA_INIT { NULL }
/* n bytes, aligned for any type. */
void *itss_arena_alloc(struct itss_arena *a, size_t n);
/* A NUL-terminated copy of s[0..n), or NULL when s is NULL. */
const char *itss_arena_strndup(struct itss_arena *a, const char *s, size_t n);
void itss_arena_reset(struct itss_arena *a);
void itss_arena_release(struct itss_arena *a);

/* A list of owned strings. Initialise with zeroes. */
struct itss_strlist {
	char **v;
	size_t n, alloc;
};
void itss_strlist_add(struct itss_strlist *l, const char *s);
void itss_strlist_add_len(struct itss_strlist *l, const char *s, size_t n);
void itss_strlist_release(struct itss_strlist *l);

/*
 * Run fn over work items from a thread per CPU, as git's preload-index
 * does: at most max_threads, and one per min_each items (so a small job
 * stays on this thread). fn(ctx, t, n) does share t of n (items t, t + n,
 * t + 2n, ...); share 0 runs on the calling thread, and the share of a
 * thread that cannot be started runs there too. Returns when every
 * share is done.
 */
void itss_fan_out(size_t items, size_t min_each, size_t max_threads,
    void (*fn)(void *ctx, size_t t, size_t n), void *ctx);

/* The mode a new file gets under the user's umask (mkstemp gives 0600). */
unsigned itss_file_mode(void);

/*
 * Columns a character or string occupies on a terminal: 2 for East Asian
 * wide and fullwidth characters, 0 for combining marks and controls, 1
 * otherwise. Our own table, so alignment does not depend on which locales
 * the user has installed.
 */
int itss_char_width(uint32_t c);
size_t itss_display_width(const char *s);

/*
 * Text from evidence made safe for a terminal, as git and ls do: control
 * characters (C0 but tab, and newline unless keep_newline; DEL; C1), the
 * bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069) and
 * invalid UTF-8 appended to sb as visible escapes ("\x1b", "\u202e"); the
 * rest as it is.
 */
void itss_strbuf_add_visible(struct itss_strbuf *sb, const char *s,
    int keep_newline);

/* The index of s among names[0..n), or -1 (also for s NULL): the parser
 * of every enum that is kept as text. */
int itss_name_index(const char *const *names, size_t n, const char *s);

/* True when s ends with suffix. */
int itss_ends_with(const char *s, const char *suffix);

/*
 * Dates. itss_date_parse() accepts exactly YYYY-MM-DD naming a real day
 * (years 1900-9999) and returns 0, else -1. itss_date_format() writes
 * YYYY-MM-DD and a NUL into buf (11 bytes).
 */
int itss_date_parse(int32_t *out, const char *s, size_t len);
void itss_date_format(char buf[11], int32_t days);

/*
 * Calendar arithmetic: split days since 1970-01-01 into year, month (1-12)
 * and day; and make days from them, the day clamped to the month's last
 * (so 2024-02-30 is 2024-02-29) and months out of 1-12 carried into years.
 */
void itss_date_split(int32_t days, int *y, int *m, int *d);
int32_t itss_date_make(int y, int m, int d);

/* Today, UTC, in days since 1970-01-01 (the CLI lets ITSS_TODAY override it). */
int32_t itss_today(void);

/* Last, so that the system headers included before us are not affected. */
#include "itss/banned.h"

#endif
