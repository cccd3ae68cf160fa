/*
 * util.c - the small things every layer needs.
 */
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <pthread.h>
#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "itss/util.h"

char itss_strbuf_empty[1];

void
itss_oom(void)
{
	/* No allocation here: we are out of memory. */
	static const char msg[] = "itss: out of memory\n";
	ssize_t r = write(STDERR_FILENO, msg, sizeof(msg) - 1);
	(void)r;
	exit(4);
}

void *
itss_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		itss_oom();
	return p;
}

void *
itss_xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		itss_oom();
	return p;
}

void *
itss_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		itss_oom();
	return q;
}

void
itss_xgrow(void **p, size_t *alloc, size_t want, size_t size)
{
	size_t n;

	if (want <= *alloc)
		return;
	n = *alloc ? *alloc : 8;
	while (n < want) {
		if (n > SIZE_MAX / 2)
			itss_oom();
		n *= 2;
	}
	if (size && n > SIZE_MAX / size)
		itss_oom();
	*p = itss_xrealloc(*p, n * size);
	*alloc = n;
}

char *
itss_xstrdup(const char *s)
{
	return itss_xstrndup(s, strlen(s));
}

char *
itss_xstrndup(const char *s, size_t n)
{
	char *p = itss_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
itss_xvasprintf(const char *fmt, va_list ap)
{
	struct itss_strbuf sb = ITSS_STRBUF_INIT;
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		itss_oom();
	itss_strbuf_grow(&sb, (size_t)n);
	vsnprintf(sb.buf, (size_t)n + 1, fmt, ap);
	sb.len = (size_t)n;
	return itss_strbuf_detach(&sb, NULL);
}

char *
itss_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = itss_xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

void
itss_strbuf_init(struct itss_strbuf *sb)
{
	sb->buf = itss_strbuf_empty;
	sb->len = 0;
	sb->alloc = 0;
}

void
itss_strbuf_release(struct itss_strbuf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	itss_strbuf_init(sb);
}

char *
itss_strbuf_detach(struct itss_strbuf *sb, size_t *len)
{
	char *p;

	if (!sb->alloc)
		itss_strbuf_grow(sb, 0);
	p = sb->buf;
	if (len)
		*len = sb->len;
	itss_strbuf_init(sb);
	return p;
}

void
itss_strbuf_grow(struct itss_strbuf *sb, size_t extra)
{
	int fresh = !sb->alloc;

	if (sb->len + extra + 1 < sb->len)
		itss_oom();
	if (fresh)
		sb->buf = NULL;
	itss_xgrow((void **)&sb->buf, &sb->alloc, sb->len + extra + 1, 1);
	if (fresh)
		sb->buf[0] = '\0';
}

void
itss_strbuf_add(struct itss_strbuf *sb, const void *data, size_t len)
{
	itss_strbuf_grow(sb, len);
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void
itss_strbuf_addstr(struct itss_strbuf *sb, const char *s)
{
	itss_strbuf_add(sb, s, strlen(s));
}

void
itss_strbuf_addch(struct itss_strbuf *sb, int c)
{
	itss_strbuf_grow(sb, 1);
	sb->buf[sb->len++] = (char)c;
	sb->buf[sb->len] = '\0';
}

void
itss_strbuf_addf(struct itss_strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		itss_oom();
	itss_strbuf_grow(sb, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

void
itss_strbuf_reset(struct itss_strbuf *sb)
{
	sb->len = 0;
	if (sb->alloc)
		sb->buf[0] = '\0';
}

long
itss_read_some(int fd, void *buf, size_t n, long long off)
{
	ssize_t k;

	do
		k = off >= 0 ? pread(fd, buf, n, (off_t)off) : read(fd, buf, n);
	while (k < 0 && errno == EINTR);
	return (long)k;
}

int
itss_read_fd(char **out, size_t *len, int fd, size_t max, size_t hint)
{
	struct itss_strbuf sb = ITSS_STRBUF_INIT;

	itss_strbuf_grow(&sb, hint);
	for (;;) {
		long n;

		itss_strbuf_grow(&sb, 8192);
		n = itss_read_some(fd, sb.buf + sb.len, sb.alloc - sb.len - 1, -1);
		if (n < 0) {
			int e = errno;
			itss_strbuf_release(&sb);
			errno = e;
			return -1;
		}
		if (n == 0)
			break;
		sb.len += (size_t)n;
		/* A file may grow while it is read. */
		if (sb.len > max) {
			itss_strbuf_release(&sb);
			errno = EFBIG;
			return -1;
		}
	}
	sb.buf[sb.len] = '\0';
	*out = itss_strbuf_detach(&sb, len);
	return 0;
}

int
itss_read_file(char **out, size_t *len, const char *path, size_t max)
{
	struct stat st;
	int fd, saved;

	/* O_NONBLOCK: opening a FIFO must not hang; it is refused below. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0)
		goto fail;
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		errno = EINVAL;
		goto fail;
	}
	if ((unsigned long long)st.st_size > max) {
		errno = EFBIG;
		goto fail;
	}
	if (itss_read_fd(out, len, fd, max, (size_t)st.st_size) < 0)
		goto fail;
	close(fd);
	return 0;
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

size_t
itss_utf8_check(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		size_t n, k;
		uint32_t cp;

		if (c < 0x80) {
			/* A run of ASCII eight bytes at a time: most of a
			 * register, whatever its language. */
			uint64_t w;
			i++;
			while (len - i >= 8 && (memcpy(&w, s + i, 8),
			    !(w & UINT64_C(0x8080808080808080))))
				i += 8;
			continue;
		} else if (c >= 0xc2 && c <= 0xdf) {
			n = 2;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 3;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 4;
			cp = c & 0x07;
		} else {
			return i;
		}
		if (len - i < n)
			return i;
		for (k = 1; k < n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return i;
		i += n;
	}
	return (size_t)-1;
}

uint32_t
itss_utf8_decode(const char *str, size_t len, size_t *n)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t cp;
	size_t k, want;

	if (!len) {
		*n = 0;
		return 0;
	}
	if (s[0] < 0x80) {
		*n = 1;
		return s[0];
	}
	want = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : 2;
	if (want > len) {
		*n = 1;
		return 0xfffd;
	}
	cp = s[0] & (0x7f >> want);
	for (k = 1; k < want; k++)
		cp = (cp << 6) | (s[k] & 0x3f);
	*n = want;
	return cp;
}

/*
 * Wide (W) and fullwidth (F) ranges of Unicode's EastAsianWidth.txt that
 * occur in practice, and the common zero-width ranges. Sorted.
 */
static const struct {
	uint32_t lo, hi;
} wide[] = {
	{ 0x1100, 0x115f }, { 0x231a, 0x231b }, { 0x2329, 0x232a },
	{ 0x23e9, 0x23ec }, { 0x23f0, 0x23f0 }, { 0x23f3, 0x23f3 },
	{ 0x25fd, 0x25fe }, { 0x2614, 0x2615 }, { 0x2648, 0x2653 },
	{ 0x267f, 0x267f }, { 0x2693, 0x2693 }, { 0x26a1, 0x26a1 },
	{ 0x26aa, 0x26ab }, { 0x26bd, 0x26be }, { 0x26c4, 0x26c5 },
	{ 0x26ce, 0x26ce }, { 0x26d4, 0x26d4 }, { 0x26ea, 0x26ea },
	{ 0x26f2, 0x26f3 }, { 0x26f5, 0x26f5 }, { 0x26fa, 0x26fa },
	{ 0x26fd, 0x26fd }, { 0x2705, 0x2705 }, { 0x270a, 0x270b },
	{ 0x2728, 0x2728 }, { 0x274c, 0x274c }, { 0x274e, 0x274e },
	{ 0x2753, 0x2755 }, { 0x2757, 0x2757 }, { 0x2795, 0x2797 },
	{ 0x27b0, 0x27b0 }, { 0x27bf, 0x27bf }, { 0x2b1b, 0x2b1c },
	{ 0x2b50, 0x2b50 }, { 0x2b55, 0x2b55 }, { 0x2e80, 0x303e },
	{ 0x3041, 0x33ff }, { 0x3400, 0x4dbf }, { 0x4e00, 0x9fff },
	{ 0xa000, 0xa4cf }, { 0xa960, 0xa97f }, { 0xac00, 0xd7a3 },
	{ 0xf900, 0xfaff }, { 0xfe10, 0xfe19 }, { 0xfe30, 0xfe6f },
	{ 0xff00, 0xff60 }, { 0xffe0, 0xffe6 }, { 0x16fe0, 0x16fe4 },
	{ 0x17000, 0x18cff }, { 0x1b000, 0x1b2ff }, { 0x1f004, 0x1f004 },
	{ 0x1f0cf, 0x1f0cf }, { 0x1f18e, 0x1f18e }, { 0x1f191, 0x1f19a },
	{ 0x1f200, 0x1f251 }, { 0x1f300, 0x1f64f }, { 0x1f680, 0x1f6ff },
	{ 0x1f900, 0x1f9ff }, { 0x1fa70, 0x1faff }, { 0x20000, 0x2fffd },
	{ 0x30000, 0x3fffd },
};

static const struct {
	uint32_t lo, hi;
} zero[] = {
	{ 0x0300, 0x036f }, { 0x0483, 0x0489 }, { 0x0591, 0x05bd },
	{ 0x0610, 0x061a }, { 0x064b, 0x065f }, { 0x200b, 0x200f },
	{ 0x202a, 0x202e }, { 0x2060, 0x2064 }, { 0x20d0, 0x20ff },
	{ 0x302a, 0x302d }, { 0x3099, 0x309a }, { 0xfe00, 0xfe0f },
	{ 0xfe20, 0xfe2f }, { 0xfeff, 0xfeff }, { 0xe0100, 0xe01ef },
};

int
itss_char_width(uint32_t c)
{
	size_t lo, hi;

	if (c == 0 || c < 0x20 || (c >= 0x7f && c < 0xa0))
		return 0;
	if (c < 0x300)
		return 1;
	lo = 0;
	hi = sizeof(zero) / sizeof(zero[0]);
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (c < zero[mid].lo)
			hi = mid;
		else if (c > zero[mid].hi)
			lo = mid + 1;
		else
			return 0;
	}
	lo = 0;
	hi = sizeof(wide) / sizeof(wide[0]);
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (c < wide[mid].lo)
			hi = mid;
		else if (c > wide[mid].hi)
			lo = mid + 1;
		else
			return 2;
	}
	return 1;
}

size_t
itss_display_width(const char *s)
{
	size_t len = strlen(s), i = 0, w = 0;

	while (i < len) {
		size_t n;
		uint32_t c = itss_utf8_decode(s + i, len - i, &n);
		w += (size_t)itss_char_width(c);
		i += n;
	}
	return w;
}

uint16_t
itss_le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

uint64_t
itss_fnv1a(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ULL;
	return h;
}

size_t
itss_hash_str(const char *s)
{
	uint64_t h = itss_fnv1a(ITSS_FNV_INIT, s, strlen(s));

	return (size_t)(h ^ (h >> 32));
}

void
itss_put_le32(void *p, uint32_t v)
{
	unsigned char *b = p;

	b[0] = (unsigned char)(v & 0xff);
	b[1] = (unsigned char)(v >> 8 & 0xff);
	b[2] = (unsigned char)(v >> 16 & 0xff);
	b[3] = (unsigned char)(v >> 24 & 0xff);
}

uint32_t
itss_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

int64_t
itss_le64(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return (int64_t)v;
}

static void
add_le(struct itss_strbuf *sb, uint64_t v, int bytes)
{
	unsigned char b[8];
	int i;

	for (i = 0; i < bytes; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	itss_strbuf_add(sb, b, (size_t)bytes);
}

void
itss_strbuf_add_le16(struct itss_strbuf *sb, uint16_t v)
{
	add_le(sb, v, 2);
}

void
itss_strbuf_add_le32(struct itss_strbuf *sb, uint32_t v)
{
	add_le(sb, v, 4);
}

void
itss_strbuf_add_le64(struct itss_strbuf *sb, int64_t v)
{
	add_le(sb, (uint64_t)v, 8);
}

struct itss_arena_block {
	struct itss_arena_block *next;
	size_t used, size;
	max_align_t data[];
};

/* Blocks of 64 KiB, or one of its own for a bigger request. */
#define ARENA_BLOCK 65536

void *
itss_arena_alloc(struct itss_arena *a, size_t n)
{
	struct itss_arena_block *b = a->blocks;
	void *p;

	n = (n + alignof(max_align_t) - 1) / alignof(max_align_t) *
	    alignof(max_align_t);
	if (!b || b->size - b->used < n) {
		size_t size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		b = itss_xmalloc(sizeof(*b) + size);
		b->size = size;
		b->used = 0;
		b->next = a->blocks;
		a->blocks = b;
	}
	p = (char *)b->data + b->used;
	b->used += n;
	return p;
}

const char *
itss_arena_strndup(struct itss_arena *a, const char *s, size_t n)
{
	char *p;

	if (!s)
		return NULL;
	p = itss_arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
itss_arena_reset(struct itss_arena *a)
{
	struct itss_arena_block *keep = a->blocks;

	if (!keep)
		return;
	/* Keep the newest block (the one being filled); free the rest. */
	a->blocks = keep->next;
	itss_arena_release(a);
	keep->next = NULL;
	keep->used = 0;
	a->blocks = keep;
}

void
itss_arena_release(struct itss_arena *a)
{
	while (a->blocks) {
		struct itss_arena_block *next = a->blocks->next;
		free(a->blocks);
		a->blocks = next;
	}
}

void
itss_strlist_add(struct itss_strlist *l, const char *s)
{
	itss_strlist_add_len(l, s, strlen(s));
}

void
itss_strlist_add_len(struct itss_strlist *l, const char *s, size_t n)
{
	itss_xgrow((void **)&l->v, &l->alloc, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = itss_xstrndup(s, n);
}

void
itss_strlist_release(struct itss_strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

struct fan_share {
	void (*fn)(void *ctx, size_t t, size_t n);
	void *ctx;
	size_t t, n;
};

static void *
fan_run(void *arg)
{
	struct fan_share *s = arg;

	s->fn(s->ctx, s->t, s->n);
	return NULL;
}

void
itss_fan_out(size_t items, size_t min_each, size_t max_threads,
    void (*fn)(void *ctx, size_t t, size_t n), void *ctx)
{
	enum { LIMIT = 16 };
	struct fan_share share[LIMIT];
	pthread_t tid[LIMIT];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t n = items / (min_each ? min_each : 1) + 1, t, started = 0;

	if (cpus >= 1 && n > (size_t)cpus)
		n = (size_t)cpus;
	if (n > max_threads)
		n = max_threads;
	if (n > LIMIT)
		n = LIMIT;
	if (n == 0)
		n = 1;
	for (t = 0; t < n; t++) {
		share[t].fn = fn;
		share[t].ctx = ctx;
		share[t].t = t;
		share[t].n = n;
	}
	for (t = 1; t < n; t++) {
		if (pthread_create(&tid[t], NULL, fan_run, &share[t]) != 0)
			break;
		started = t;
	}
	/* Shares whose thread could not start are done here. */
	for (t = started + 1; t < n; t++)
		fn(ctx, t, n);
	fn(ctx, 0, n);
	/* Joining a joinable thread of ours cannot fail. */
	for (t = 1; t <= started; t++)
		(void)pthread_join(tid[t], NULL);
}

unsigned
itss_file_mode(void)
{
	mode_t mask = umask(0);

	umask(mask);
	return 0666 & ~(unsigned)mask;
}

void
itss_strbuf_add_visible(struct itss_strbuf *sb, const char *s, int keep_newline)
{
	size_t len = strlen(s), i = 0;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		size_t n, bad;
		uint32_t u;

		if (c < 0x80) {
			if ((c < 0x20 && c != '\t' && !(c == '\n' && keep_newline)) ||
			    c == 0x7f)
				itss_strbuf_addf(sb, "\\x%02x", c);
			else
				itss_strbuf_addch(sb, c);
			i++;
			continue;
		}
		bad = itss_utf8_check(s + i, len - i < 4 ? len - i : 4);
		if (bad == 0) {
			itss_strbuf_addf(sb, "\\x%02x", c);
			i++;
			continue;
		}
		u = itss_utf8_decode(s + i, len - i, &n);
		if ((u >= 0x80 && u <= 0x9f) || (u >= 0x202a && u <= 0x202e) ||
		    (u >= 0x2066 && u <= 0x2069))
			itss_strbuf_addf(sb, "\\u%04x", (unsigned)u);
		else
			itss_strbuf_add(sb, s + i, n);
		i += n;
	}
}

int
itss_name_index(const char *const *names, size_t n, const char *s)
{
	size_t i;

	for (i = 0; s && i < n; i++)
		if (!strcmp(names[i], s))
			return (int)i;
	return -1;
}

int
itss_ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && !memcmp(s + a - b, suffix, b);
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
static int32_t
days_from_civil(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + doe - 719468);
}

int
itss_date_parse(int32_t *out, const char *s, size_t len)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d, i, leap;

	if (len != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || m < 1 || m > 12 || d < 1)
		return -1;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (d > mdays[m - 1] + (m == 2 && leap))
		return -1;
	*out = days_from_civil(y, m, d);
	return 0;
}

void
itss_date_split(int32_t days, int *yp, int *mp_, int *dp)
{
	int z = days + 719468, era, doe, yoe, y, doy, mp, d, m;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp + (mp < 10 ? 3 : -9);
	y += m <= 2;
	*yp = y;
	*mp_ = m;
	*dp = d;
}

int32_t
itss_date_make(int y, int m, int d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap, last;

	y += (m - 1) / 12;
	m = (m - 1) % 12 + 1;
	if (m < 1) {
		m += 12;
		y--;
	}
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	last = mdays[m - 1] + (m == 2 && leap);
	if (d > last)
		d = last;
	return days_from_civil(y, m, d);
}

void
itss_date_format(char buf[11], int32_t days)
{
	int y, m, d;

	itss_date_split(days, &y, &m, &d);
	/* Dates come from itss_date_parse: years 1900-9999. */
	if (y < 0 || y > 9999)
		y = 0;
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
}

int32_t
itss_today(void)
{
	/* POSIX time has no leap seconds: whole days are 86400 s. */
	return (int32_t)(time(NULL) / 86400);
}

int
itss_gb18030_to_utf8(char **out, size_t *outlen, const char *s, size_t len)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	size_t cap = len * 2 + 16, in = len, left = cap;
	char *buf, *src = (char *)s, *dst;

	*out = NULL;
	if (cd == (iconv_t)-1)
		return -1;
	buf = dst = itss_xmalloc(cap + 1);
	/* At most 2 UTF-8 bytes for each GB18030 one (4 for 4): it fits. */
	if (iconv(cd, &src, &in, &dst, &left) == (size_t)-1 ||
	    iconv(cd, NULL, NULL, &dst, &left) == (size_t)-1) {
		iconv_close(cd);
		free(buf);
		return -1;
	}
	iconv_close(cd);
	*dst = '\0';
	*outlen = (size_t)(dst - buf);
	*out = buf;
	return 0;
}
