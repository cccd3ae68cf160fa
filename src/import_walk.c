/*
 * import_walk.c - phase 1 of an import: the evidence and judgement files
 * under evidence/ and judgements/, with the stamps that tell whether the
 * index has them as they are.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>
#include <stdlib.h>
#include <time.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include "itss/atomic.h"
#include "itss/i18n.h"
#include "import_int.h"

struct stamp
itss_stamp_of(const struct stat *st)
{
	struct stamp s;

	s.size = (int64_t)st->st_size;
	s.mtime_ns = (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
	s.ctime_ns = (int64_t)st->st_ctim.tv_sec * 1000000000 + st->st_ctim.tv_nsec;
	s.ino = (int64_t)st->st_ino;
	return s;
}

int
itss_stamp_eq(const struct stamp *a, const struct stamp *b)
{
	return a->size == b->size && a->mtime_ns == b->mtime_ns &&
	    a->ctime_ns == b->ctime_ns && a->ino == b->ino;
}

const char *const itss_source_kind_names[3] = { "evidence", "judgement",
	"assessment" };

static int
wanted(const char *name, enum source_kind kind)
{
	if (name[0] == '.')
		return 0;
	if (kind == SRC_ASSESSMENT)
		return itss_ends_with(name, ".json");
	/* ~$NAME.xlsx: the lock file of a workbook open in Excel or WPS. */
	return itss_ends_with(name, ".yaml") || itss_ends_with(name, ".yml") ||
	    (kind == SRC_EVIDENCE && (itss_ends_with(name, ".csv") ||
	    (itss_ends_with(name, ".xlsx") && strncmp(name, "~$", 2))));
}

/*
 * Walk the directory fd (rel, relative to the root) for evidence or
 * judgement files, each looked at from the fd (fstatat: one component for
 * the kernel to resolve, not the whole path) and subdirectories opened
 * from it without following a link. Symbolic links are refused rather
 * than followed: a record's file is part of the repository, not a pointer
 * out of it. Takes fd.
 */
/*
 * The entries of one directory stat'ed from a few threads, as the cited
 * files are (import_files.c): a directory of 10,000 record files is 10,000
 * calls, and on a warm cache spreading them is most of what can be won.
 */
struct entry {
	struct stamp stamp;
	mode_t mode;
	int err;		/* fstatat's errno, or 0 */
};

struct entry_stats {
	int fd;
	const char *const *names;
	size_t n;
	struct entry *e;	/* what is kept of each stat: a third of it */
};

static void
stat_share(void *ctx, size_t t, size_t n)
{
	struct entry_stats *es = ctx;
	struct stat st;
	size_t i;

	for (i = t; i < es->n; i += n) {
		struct entry *e = &es->e[i];
		if (fstatat(es->fd, es->names[i], &st, AT_SYMLINK_NOFOLLOW) < 0) {
			e->err = errno;
			continue;
		}
		e->err = 0;
		e->mode = st.st_mode;
		e->stamp = itss_stamp_of(&st);
	}
}

/*
 * The walk cache (.itss/walk): what each directory listed, under the
 * stamp it had, so that a directory whose stamp is the same need not be
 * listed again (a create, a delete or a rename in it changes its
 * modification and change times): its entries are stat'ed as ever. As
 * git's untracked cache, and with git's care for a change in the same
 * tick as the listing: a directory modified in the last two seconds is
 * not kept. A cache, no more: missing, unsound or unwritable, the
 * directories are listed.
 *
 * The format: "itss walk 1\n", u32 count of directories, then each:
 * u32 length of its path with its NUL, the path and NUL, i64 size,
 * mtime_ns, ctime_ns, ino, u32 count of names, each u32 length with its
 * NUL, the name and NUL.
 */
#define WALK_CACHE ".itss/walk"
#define WALK_MAGIC "itss walk 1\n"
#define WALK_MAX (64u << 20)
#define RACY_NS 2000000000LL

struct cached_dir {
	const char *path;
	struct stamp stamp;
	const char **names;	/* n of them, from c->names[first] */
	size_t first, n;
};

struct walk_cache {
	char *buf;			/* as read */
	size_t len;
	struct cached_dir *dirs;	/* sorted by path */
	size_t ndirs;
	const char **names;		/* every name, the dirs' point in */
	struct itss_strbuf out;		/* what this walk listed */
	uint32_t nout;
	int64_t now_ns;
};

static int
cmp_dir(const void *a, const void *b)
{
	return strcmp(((const struct cached_dir *)a)->path,
	    ((const struct cached_dir *)b)->path);
}

/* The fields of buf at *at, or -1 when it ends before them. */
static int
take32(const struct walk_cache *c, size_t *at, uint32_t *v)
{
	if (c->len - *at < 4)
		return -1;
	*v = itss_le32((const unsigned char *)c->buf + *at);
	*at += 4;
	return 0;
}

static const char *
take_str(const struct walk_cache *c, size_t *at)
{
	uint32_t n;
	const char *s;

	if (take32(c, at, &n) < 0 || n == 0 || c->len - *at < n ||
	    c->buf[*at + n - 1] != '\0' || memchr(c->buf + *at, '\0', n - 1))
		return NULL;
	s = c->buf + *at;
	*at += n;
	return s;
}

static void
cache_forget(struct walk_cache *c)
{
	free(c->buf);
	free(c->dirs);
	free(c->names);
	c->buf = NULL;
	c->dirs = NULL;
	c->names = NULL;
	c->ndirs = 0;
}

/* c->buf parsed into c's directories; unsound, c is left empty. */
static void
cache_parse(struct walk_cache *c)
{
	size_t at = sizeof(WALK_MAGIC) - 1, i, k, nnames = 0, an = 0;
	uint32_t nd;

	if (c->len < at || memcmp(c->buf, WALK_MAGIC, at) ||
	    take32(c, &at, &nd) < 0 || nd > c->len / 40)
		goto bad;
	c->dirs = itss_xcalloc(nd ? nd : 1, sizeof(*c->dirs));
	for (i = 0; i < nd; i++) {
		struct cached_dir *cd = &c->dirs[i];
		uint32_t n;
		if (!(cd->path = take_str(c, &at)) || c->len - at < 32)
			goto bad;
		cd->stamp.size = itss_le64((const unsigned char *)c->buf + at);
		cd->stamp.mtime_ns = itss_le64((const unsigned char *)c->buf + at + 8);
		cd->stamp.ctime_ns = itss_le64((const unsigned char *)c->buf + at + 16);
		cd->stamp.ino = itss_le64((const unsigned char *)c->buf + at + 24);
		at += 32;
		if (take32(c, &at, &n) < 0 || n > (c->len - at) / 5)
			goto bad;
		cd->n = n;
		cd->first = nnames;
		itss_xgrow((void **)&c->names, &an, nnames + n + 1, sizeof(*c->names));
		for (k = 0; k < n; k++)
			if (!(c->names[nnames++] = take_str(c, &at)))
				goto bad;
		c->ndirs++;
	}
	if (at != c->len)
		goto bad;
	for (i = 0; i < c->ndirs; i++)
		c->dirs[i].names = c->names + c->dirs[i].first;
	qsort(c->dirs, c->ndirs, sizeof(*c->dirs), cmp_dir);
	for (i = 1; i < c->ndirs; i++)
		if (!strcmp(c->dirs[i - 1].path, c->dirs[i].path))
			goto bad;
	return;
bad:
	cache_forget(c);
}

/* The cache as the last walk left it, if it is there and sound. */
static void
cache_read(struct walk_cache *c, int rootfd)
{
	int fd = openat(rootfd, WALK_CACHE, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return;
	if (itss_read_fd(&c->buf, &c->len, fd, WALK_MAX, 0) < 0) {
		close(fd);
		c->buf = NULL;
		return;
	}
	close(fd);
	cache_parse(c);
}

int
itss_walk_cache_sound(const char *data, size_t len)
{
	struct walk_cache c;
	int ok;

	memset(&c, 0, sizeof(c));
	c.buf = itss_xmalloc(len ? len : 1);
	memcpy(c.buf, data, len);
	c.len = len;
	cache_parse(&c);
	ok = c.buf != NULL;
	cache_forget(&c);
	return ok;
}

/* What this walk listed of rel, kept when rel is not racy. */
static void
cache_put(struct walk_cache *c, const char *rel, const struct stamp *st,
    const char *const *names, size_t n)
{
	size_t i;

	if (st->mtime_ns > c->now_ns - RACY_NS)
		return;		/* may change again in the same tick: listed next time */
	itss_strbuf_add_le32(&c->out, (uint32_t)strlen(rel) + 1);
	itss_strbuf_add(&c->out, rel, strlen(rel) + 1);
	itss_strbuf_add_le64(&c->out, st->size);
	itss_strbuf_add_le64(&c->out, st->mtime_ns);
	itss_strbuf_add_le64(&c->out, st->ctime_ns);
	itss_strbuf_add_le64(&c->out, st->ino);
	itss_strbuf_add_le32(&c->out, (uint32_t)n);
	for (i = 0; i < n; i++) {
		itss_strbuf_add_le32(&c->out, (uint32_t)strlen(names[i]) + 1);
		itss_strbuf_add(&c->out, names[i], strlen(names[i]) + 1);
	}
	c->nout++;
}

/*
 * This walk's cache in place of the last one, when it differs, as itss
 * puts every file in place (atomic.h): a reader finds one or the other
 * whole. Failures are not errors (a read-only .itss/, no .itss/ yet).
 */
static void
cache_write(struct walk_cache *c, const char *root)
{
	struct itss_strbuf all = ITSS_STRBUF_INIT;
	struct itss_diags quiet = ITSS_DIAGS_INIT;
	char *path;

	itss_strbuf_add(&all, WALK_MAGIC, sizeof(WALK_MAGIC) - 1);
	itss_strbuf_add_le32(&all, c->nout);
	itss_strbuf_add(&all, c->out.buf ? c->out.buf : "", c->out.len);
	if (!c->buf || all.len != c->len || memcmp(all.buf, c->buf, c->len)) {
		path = itss_xasprintf("%s/%s", root, WALK_CACHE);
		(void)itss_write_atomic(path, all.buf, all.len, 0, &quiet);
		free(path);
		itss_diags_release(&quiet);
	}
	itss_strbuf_release(&all);
}

static int
walk_fd(struct sources *out, int fd, const char *rel, enum source_kind kind,
    struct walk_cache *wc, struct itss_diags *d)
{
	struct itss_strlist names = { 0 };
	const char *const *nv;
	size_t nn;
	struct dirent *e;
	DIR *dir = fdopendir(fd);
	struct entry *all = NULL;
	struct stat dst;
	struct stamp ds;
	const struct cached_dir *cd = NULL;
	size_t i;
	int rc = 0, stamped;

	if (!dir) {
		itss_diags_add(d, ITSS_ERROR, rel, 0, 0, _("cannot read the "
		    "directory: %s"), strerror(errno));
		close(fd);
		return ITSS_EIO;
	}
	/* Its stamp before it is listed: a change while it is, is a new one. */
	if ((stamped = fstat(dirfd(dir), &dst) == 0)) {
		struct cached_dir key;
		ds = itss_stamp_of(&dst);
		key.path = rel;
		cd = wc->ndirs ? bsearch(&key, wc->dirs, wc->ndirs,
		    sizeof(*wc->dirs), cmp_dir) : NULL;
		if (cd && !itss_stamp_eq(&cd->stamp, &ds))
			cd = NULL;
	}
	if (cd) {
		nv = cd->names;
		nn = cd->n;
	} else {
		errno = 0;
		while ((e = readdir(dir)))
			if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
				itss_strlist_add(&names, e->d_name);
		if (errno) {
			itss_diags_add(d, ITSS_ERROR, rel, 0, 0, _("cannot read the "
			    "directory: %s"), strerror(errno));
			rc = ITSS_EIO;
		}
		nv = (const char *const *)names.v;
		nn = names.n;
	}
	if (rc == 0 && stamped)
		cache_put(wc, rel, &ds, nv, nn);
	if (rc == 0 && nn) {
		struct entry_stats es;
		es.fd = dirfd(dir);
		es.names = nv;
		es.n = nn;
		es.e = all = itss_xcalloc(nn, sizeof(*es.e));
		itss_fan_out(nn, 500, 8, stat_share, &es);
	}
	/* Room for them all at once: a directory of 10,000 record files
	 * would otherwise grow the array a dozen times. */
	if (nn)
		itss_xgrow((void **)&out->v, &out->alloc, out->n + nn,
		    sizeof(*out->v));
	for (i = 0; i < nn && rc != ITSS_EIO; i++) {
		size_t rl = strlen(rel), nl = strlen(nv[i]);
		char *path = itss_xmalloc(rl + 1 + nl + 1);
		const struct entry *en = &all[i];

		memcpy(path, rel, rl);
		path[rl] = '/';
		memcpy(path + rl + 1, nv[i], nl + 1);

		if (en->err) {
			/* Gone since readdir: as if never there. */
			if (en->err != ENOENT) {
				itss_diags_add(d, ITSS_ERROR, path, 0, 0, _("cannot stat: "
				    "%s"), strerror(en->err));
				rc = ITSS_EIO;
			}
		} else if (S_ISDIR(en->mode)) {
			int sub = nv[i][0] == '.' ? -1 : openat(dirfd(dir),
			    nv[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
			    O_CLOEXEC);
			if (sub >= 0) {
				int r = walk_fd(out, sub, path, kind, wc, d);
				if (r < 0)
					rc = rc == ITSS_EIO ? rc : r;
			} else if (nv[i][0] != '.' && errno != ENOENT &&
			    errno != ENOTDIR && errno != ELOOP) {
				itss_diags_add(d, ITSS_ERROR, path, 0, 0, _("cannot read "
				    "the directory: %s"), strerror(errno));
				rc = ITSS_EIO;
			}
		} else if (wanted(nv[i], kind)) {
			struct source *src;
			itss_xgrow((void **)&out->v, &out->alloc, out->n + 1,
			    sizeof(*out->v));
			src = &out->v[out->n++];
			memset(src, 0, sizeof(*src));
			src->path = path;
			path = NULL;
			src->kind = kind;
			src->stamp = en->stamp;
			src->state = NEW;
			if (S_ISLNK(en->mode))
				src->refused = N_("a symbolic link, not followed: "
				    "evidence, judgement and assessment files must "
				    "be regular files in the repository");
			else if (!S_ISREG(en->mode))
				src->refused = N_("not a regular file (a FIFO, a "
				    "device or a socket), not read");
		}
		free(path);
	}
	free(all);
	itss_strlist_release(&names);
	closedir(dir);
	return rc;
}

static int
walk_dir(struct sources *out, int rootfd, const char *rel,
    enum source_kind kind, struct walk_cache *wc, struct itss_diags *d)
{
	int fd = openat(rootfd, rel, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);

	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		if (errno == ELOOP || errno == ENOTDIR) {
			itss_diags_add(d, ITSS_ERROR, rel, 0, 0, _("not a directory (a "
			    "symbolic link is not followed: the records must lie in "
			    "the repository itself)"));
			return ITSS_EINPUT;
		}
		itss_diags_add(d, ITSS_ERROR, rel, 0, 0, _("cannot read the "
		    "directory: %s"), strerror(errno));
		return ITSS_EIO;
	}
	return walk_fd(out, fd, rel, kind, wc, d);
}

/*
 * The sources of the three directories, in no order, with the walk cache
 * read before and written after. 0 or an error.
 */
int
itss_import_walk_all(struct sources *out, int rootfd, const char *root,
    struct itss_diags *d)
{
	struct walk_cache wc;
	struct timespec now;
	int rc;

	memset(&wc, 0, sizeof(wc));
	itss_strbuf_init(&wc.out);
	/* Realtime, as file times are: with a clock that fails, none is
	 * old enough to keep. */
	wc.now_ns = clock_gettime(CLOCK_REALTIME, &now) == 0 ?
	    (int64_t)now.tv_sec * 1000000000 + now.tv_nsec : INT64_MIN + RACY_NS;
	cache_read(&wc, rootfd);
	if ((rc = walk_dir(out, rootfd, ITSS_EVIDENCE_DIR, SRC_EVIDENCE, &wc,
	    d)) == 0 &&
	    (rc = walk_dir(out, rootfd, ITSS_JUDGEMENT_DIR, SRC_JUDGEMENT, &wc,
	    d)) == 0 &&
	    (rc = walk_dir(out, rootfd, ITSS_ASSESSMENT_DIR, SRC_ASSESSMENT, &wc,
	    d)) == 0)
		cache_write(&wc, root);
	cache_forget(&wc);
	itss_strbuf_release(&wc.out);
	return rc;
}

struct itss_walk {
	pthread_t tid;
	int rootfd;
	const char *root;
	struct sources found;
	struct itss_diags d;
	int rc, joined;
};

static void *
walk_thread(void *arg)
{
	struct itss_walk *w = arg;

	w->rc = itss_import_walk_all(&w->found, w->rootfd, w->root, &w->d);
	return NULL;
}

struct itss_walk *
itss_walk_start(const struct itss_repo *r)
{
	struct itss_walk *w = itss_xcalloc(1, sizeof(*w));

	w->rootfd = r->rootfd;
	w->root = r->root;
	itss_diags_init(&w->d);
	if (pthread_create(&w->tid, NULL, walk_thread, w) != 0) {
		free(w);
		return NULL;
	}
	return w;
}

int
itss_walk_take(struct itss_walk *w, struct sources *out, struct itss_diags *d)
{
	if (!w->joined) {
		pthread_join(w->tid, NULL);
		w->joined = 1;
	}
	*out = w->found;
	memset(&w->found, 0, sizeof(w->found));
	itss_diags_append(d, &w->d);
	itss_diags_release(&w->d);
	return w->rc;
}

void
itss_walk_free(struct itss_walk *w)
{
	size_t i;

	if (!w)
		return;
	if (!w->joined)
		pthread_join(w->tid, NULL);
	for (i = 0; i < w->found.n; i++)
		free(w->found.v[i].path);
	free(w->found.v);
	itss_diags_release(&w->d);
	free(w);
}

static int
cmp_source(const void *a, const void *b)
{
	return strcmp(((const struct source *)a)->path,
	    ((const struct source *)b)->path);
}


void
itss_sources_sort(struct sources *v)
{
	if (v->n)
		qsort(v->v, v->n, sizeof(*v->v), cmp_source);
}

struct source *
itss_source_find(struct source *v, size_t n, const char *path)
{
	struct source key;

	if (!n)
		return NULL;	/* bsearch() wants a real array, even for none */
	key.path = (char *)path;
	return bsearch(&key, v, n, sizeof(*v), cmp_source);
}

/* Read and check one new or changed source into the set. */
