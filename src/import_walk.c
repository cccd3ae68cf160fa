/*
 * import_walk.c - phase 1 of an import: the evidence and judgement files
 * under evidence/ and judgements/, with the stamps that tell whether the
 * index has them as they are.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
	return itss_ends_with(name, ".yaml") || itss_ends_with(name, ".yml") ||
	    (kind == SRC_EVIDENCE && itss_ends_with(name, ".csv"));
}

/*
 * Walk the directory fd (rel, relative to the root) for evidence or
 * judgement files, each looked at from the fd (fstatat: one component for
 * the kernel to resolve, not the whole path) and subdirectories opened
 * from it without following a link. Symbolic links are refused rather
 * than followed: a record's file is part of the repository, not a pointer
 * out of it. Takes fd.
 */
static int
walk_fd(struct sources *out, int fd, const char *rel, enum source_kind kind,
    struct itss_diags *d)
{
	struct itss_strlist names = { 0 };
	struct dirent *e;
	DIR *dir = fdopendir(fd);
	size_t i;
	int rc = 0;

	if (!dir) {
		itss_diags_add(d, ITSS_ERROR, rel, 0, 0, "cannot read the "
		    "directory: %s", strerror(errno));
		close(fd);
		return ITSS_EIO;
	}
	errno = 0;
	while ((e = readdir(dir)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			itss_strlist_add(&names, e->d_name);
	if (errno) {
		itss_diags_add(d, ITSS_ERROR, rel, 0, 0, "cannot read the "
		    "directory: %s", strerror(errno));
		rc = ITSS_EIO;
	}
	for (i = 0; i < names.n && rc != ITSS_EIO; i++) {
		char *path = itss_xasprintf("%s/%s", rel, names.v[i]);
		struct stat st;

		if (fstatat(dirfd(dir), names.v[i], &st, AT_SYMLINK_NOFOLLOW) < 0) {
			/* Gone since readdir: as if never there. */
			if (errno != ENOENT) {
				itss_diags_add(d, ITSS_ERROR, path, 0, 0, "cannot stat: "
				    "%s", strerror(errno));
				rc = ITSS_EIO;
			}
		} else if (S_ISDIR(st.st_mode)) {
			int sub = names.v[i][0] == '.' ? -1 : openat(dirfd(dir),
			    names.v[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
			    O_CLOEXEC);
			if (sub >= 0) {
				int r = walk_fd(out, sub, path, kind, d);
				if (r < 0)
					rc = rc == ITSS_EIO ? rc : r;
			} else if (names.v[i][0] != '.' && errno != ENOENT &&
			    errno != ENOTDIR && errno != ELOOP) {
				itss_diags_add(d, ITSS_ERROR, path, 0, 0, "cannot read "
				    "the directory: %s", strerror(errno));
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
			src->stamp = itss_stamp_of(&st);
			src->state = NEW;
			if (S_ISLNK(st.st_mode))
				src->refused = "a symbolic link, not followed: "
				    "evidence, judgement and assessment files must "
				    "be regular files in the repository";
			else if (!S_ISREG(st.st_mode))
				src->refused = "not a regular file (a FIFO, a "
				    "device or a socket), not read";
		}
		free(path);
	}
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
		itss_diags_add(d, ITSS_ERROR, rel, 0, 0, "cannot read the "
		    "directory: %s", strerror(errno));
		return ITSS_EIO;
	}
	return walk_fd(out, fd, rel, kind, d);
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
