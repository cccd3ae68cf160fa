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
#include <string.h>
#include <sys/stat.h>

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
	const struct itss_strlist *names;
	struct entry *e;	/* what is kept of each stat: a third of it */
};

static void
stat_share(void *ctx, size_t t, size_t n)
{
	struct entry_stats *es = ctx;
	struct stat st;
	size_t i;

	for (i = t; i < es->names->n; i += n) {
		struct entry *e = &es->e[i];
		if (fstatat(es->fd, es->names->v[i], &st, AT_SYMLINK_NOFOLLOW) < 0) {
			e->err = errno;
			continue;
		}
		e->err = 0;
		e->mode = st.st_mode;
		e->stamp = itss_stamp_of(&st);
	}
}

static int
walk_fd(struct sources *out, int fd, const char *rel, enum source_kind kind,
    struct itss_diags *d)
{
	struct itss_strlist names = { 0 };
	struct dirent *e;
	DIR *dir = fdopendir(fd);
	struct entry *all = NULL;
	size_t i;
	int rc = 0;

	if (!dir) {
		itss_diags_add(d, ITSS_ERROR, rel, 0, 0, _("cannot read the "
		    "directory: %s"), strerror(errno));
		close(fd);
		return ITSS_EIO;
	}
	errno = 0;
	while ((e = readdir(dir)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			itss_strlist_add(&names, e->d_name);
	if (errno) {
		itss_diags_add(d, ITSS_ERROR, rel, 0, 0, _("cannot read the "
		    "directory: %s"), strerror(errno));
		rc = ITSS_EIO;
	}
	if (rc == 0 && names.n) {
		struct entry_stats es;
		es.fd = dirfd(dir);
		es.names = &names;
		es.e = all = itss_xcalloc(names.n, sizeof(*es.e));
		itss_fan_out(names.n, 500, 8, stat_share, &es);
	}
	/* Room for them all at once: a directory of 10,000 record files
	 * would otherwise grow the array a dozen times. */
	if (names.n)
		itss_xgrow((void **)&out->v, &out->alloc, out->n + names.n,
		    sizeof(*out->v));
	for (i = 0; i < names.n && rc != ITSS_EIO; i++) {
		size_t rl = strlen(rel), nl = strlen(names.v[i]);
		char *path = itss_xmalloc(rl + 1 + nl + 1);
		const struct entry *en = &all[i];

		memcpy(path, rel, rl);
		path[rl] = '/';
		memcpy(path + rl + 1, names.v[i], nl + 1);

		if (en->err) {
			/* Gone since readdir: as if never there. */
			if (en->err != ENOENT) {
				itss_diags_add(d, ITSS_ERROR, path, 0, 0, _("cannot stat: "
				    "%s"), strerror(en->err));
				rc = ITSS_EIO;
			}
		} else if (S_ISDIR(en->mode)) {
			int sub = names.v[i][0] == '.' ? -1 : openat(dirfd(dir),
			    names.v[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
			    O_CLOEXEC);
			if (sub >= 0) {
				int r = walk_fd(out, sub, path, kind, d);
				if (r < 0)
					rc = rc == ITSS_EIO ? rc : r;
			} else if (names.v[i][0] != '.' && errno != ENOENT &&
			    errno != ENOTDIR && errno != ELOOP) {
				itss_diags_add(d, ITSS_ERROR, path, 0, 0, _("cannot read "
				    "the directory: %s"), strerror(errno));
				rc = ITSS_EIO;
			}
		} else if (wanted(names.v[i], kind)) {
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

int
itss_import_walk(struct sources *out, int rootfd, const char *rel,
    enum source_kind kind, struct itss_diags *d)
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
	return walk_fd(out, fd, rel, kind, d);
}

/* The sources of the three directories, in no order. 0 or an error. */
int
itss_import_walk_all(struct sources *out, int rootfd, struct itss_diags *d)
{
	int rc;

	if ((rc = itss_import_walk(out, rootfd, ITSS_EVIDENCE_DIR, SRC_EVIDENCE,
	    d)) < 0 ||
	    (rc = itss_import_walk(out, rootfd, ITSS_JUDGEMENT_DIR, SRC_JUDGEMENT,
	    d)) < 0 ||
	    (rc = itss_import_walk(out, rootfd, ITSS_ASSESSMENT_DIR,
	    SRC_ASSESSMENT, d)) < 0)
		return rc;
	return 0;
}

struct itss_walk {
	pthread_t tid;
	int rootfd;
	struct sources found;
	struct itss_diags d;
	int rc, joined;
};

static void *
walk_thread(void *arg)
{
	struct itss_walk *w = arg;

	w->rc = itss_import_walk_all(&w->found, w->rootfd, &w->d);
	return NULL;
}

struct itss_walk *
itss_walk_start(const struct itss_repo *r)
{
	struct itss_walk *w = itss_xcalloc(1, sizeof(*w));

	w->rootfd = r->rootfd;
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
