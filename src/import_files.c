/*
 * import_files.c - phase 2 of an import, the files records cite: one
 * entry per path, stat'ed from a few threads through a directory cursor,
 * hashed only when new to the index or changed, checked against the path
 * rule, and the findings (missing, altered, unstable) told.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "itss/i18n.h"
#include "import_int.h"

int
itss_cited_cmp(const void *a, const void *b)
{
	return strcmp(((const struct cited *)a)->path,
	    ((const struct cited *)b)->path);
}

static int
cmp_citation(const void *a, const void *b)
{
	const struct citation *x = a, *y = b;
	int c = strcmp(x->path, y->path);
	return c ? c : strcmp(x->record, y->record);
}

/*
 * The citations of the records read; and the cited files: every one the
 * index knows (loaded by itss_import_load_known_files) and those the
 * records read name anew.
 */
void
itss_import_gather_cited(struct import *im)
{
	size_t i, j, known = im->nfiles;

	for (i = 0; i < im->set.nrecords; i++) {
		const struct itss_record *r = &im->set.records[i];
		for (j = 0; j < r->nfiles; j++) {
			struct citation *c;
			itss_xgrow((void **)&im->cit, &im->acit, im->ncit + 1,
			    sizeof(*im->cit));
			c = &im->cit[im->ncit++];
			c->record = r->id;
			c->source = r->source;
			c->line = r->files[j].line;
			c->col = r->files[j].col;
			c->path = r->files[j].path;
			c->sha = r->files[j].sha256;
		}
	}
	if (im->ncit)
		qsort(im->cit, im->ncit, sizeof(*im->cit), cmp_citation);
	for (i = 0; i < im->ncit; i++) {
		struct cited key, *f;
		if (i && !strcmp(im->cit[i].path, im->cit[i - 1].path))
			continue;
		key.path = (char *)im->cit[i].path;
		if (known && bsearch(&key, im->files, known, sizeof(*im->files),
		    itss_cited_cmp))
			continue;
		itss_xgrow((void **)&im->files, &im->afiles, im->nfiles + 1,
		    sizeof(*im->files));
		f = &im->files[im->nfiles++];
		memset(f, 0, sizeof(*f));
		f->path = itss_xstrdup(im->cit[i].path);
	}
	/* The new ones sorted, then merged with those before (sorted): the
	 * full path gathers a batch at a time. */
	if (im->nfiles > known) {
		size_t a = 0, b = known, k = 0, nnew = im->nfiles - known;
		struct cited *v;
		qsort(im->files + known, nnew, sizeof(*im->files),
		    itss_cited_cmp);
		if (!known || strcmp(im->files[known - 1].path,
		    im->files[known].path) < 0)
			return;
		v = itss_xcalloc(im->nfiles, sizeof(*v));
		while (a < known || b < im->nfiles)
			v[k++] = b == im->nfiles || (a < known &&
			    strcmp(im->files[a].path, im->files[b].path) < 0) ?
			    im->files[a++] : im->files[b++];
		free(im->files);
		im->files = v;
		im->afiles = im->nfiles;
	}
}

struct cited *
itss_import_cited(struct import *im, const char *path)
{
	struct cited key;

	key.path = (char *)path;
	return im->nfiles ? bsearch(&key, im->files, im->nfiles,
	    sizeof(*im->files), itss_cited_cmp) : NULL;
}

/*
 * The citations kept in the index of the files that changed or were
 * refused: the only kept ones whose findings or validity can change.
 */
int
itss_import_load_citers(struct import *im)
{
	sqlite3_stmt *st;
	size_t i, before = im->ncit;
	int rc;

	if ((rc = itss_sql_prepare(im->s, &st, "SELECT record, path, sha256, "
	    "line, col, source FROM record_files WHERE path = ?", im->d)) < 0)
		return rc;
	for (i = 0; i < im->nfiles && rc >= 0; i++) {
		const struct cited *f = &im->files[i];
		if (!f->known || (!f->dirty && !f->refused))
			continue;
		itss_sql_bind_text(st, 1, f->path);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			struct source *src = itss_source_find(im->found.v,
			    im->found.n, (const char *)sqlite3_column_text(st, 5));
			struct citation *c;
			if (!src || src->state != SAME || src->invalid)
				continue;	/* read again, or going */
			itss_xgrow((void **)&im->cit, &im->acit, im->ncit + 1,
			    sizeof(*im->cit));
			c = &im->cit[im->ncit++];
			c->record = itss_sql_col_arena(&im->kept_strings, st, 0);
			c->path = f->path;
			c->sha = itss_sql_col_arena(&im->kept_strings, st, 2);
			c->line = (unsigned)sqlite3_column_int(st, 3);
			c->col = (unsigned)sqlite3_column_int(st, 4);
			c->source = src->path;
		}
		if (rc != SQLITE_DONE) {
			rc = itss_sql_error(im->s, im->d, rc, N_("cannot read the index"));
			break;
		}
		rc = 0;
		(void)sqlite3_reset(st);
	}
	itss_sql_discard(st);
	if (rc < 0)
		return rc;
	if (im->ncit > before)
		qsort(im->cit, im->ncit, sizeof(*im->cit), cmp_citation);
	return 0;
}

int
itss_import_load_known_files(struct import *im)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = itss_sql_prepare(im->s, &st, "SELECT path, size, mtime_ns, ctime_ns, "
	    "ino, sha256, state FROM files ORDER BY path", im->d)) < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct cited *f;
		itss_xgrow((void **)&im->files, &im->afiles, im->nfiles + 1,
		    sizeof(*im->files));
		f = &im->files[im->nfiles++];
		memset(f, 0, sizeof(*f));
		f->path = itss_sql_col_dup(st, 0);
		f->known = 1;
		f->old.size = sqlite3_column_int64(st, 1);
		f->old.mtime_ns = sqlite3_column_int64(st, 2);
		f->old.ctime_ns = sqlite3_column_int64(st, 3);
		f->old.ino = sqlite3_column_int64(st, 4);
		itss_sql_copy_col(f->old_sha, sizeof(f->old_sha), st, 5);
		if (itss_file_state_parse(&f->old_state,
		    (const char *)sqlite3_column_text(st, 6)) < 0)
			f->old_state = ITSS_FILE_UNSTABLE;	/* look again */
	}
	return itss_sql_done(im->s, st, rc, N_("cannot read the index"), im->d);
}

/*
 * Directories already checked: each prefix of a cited path must be a real
 * directory (a symbolic link sends the file through the slow, resolving
 * path). A sorted list grown as it goes; repositories have few directories.
 */

/* Compare the first len bytes of rel, as a string, with key. */
static int
cmp_prefix(const char *rel, size_t len, const char *key)
{
	int c = strncmp(rel, key, len);

	if (c)
		return c;
	return key[len] ? -1 : 0;
}

static int
dir_is_plain(struct dirs *ds, const char *root, const char *rel, size_t len)
{
	size_t lo = 0, hi = ds->n;
	struct stat st;
	char *key, *full;
	int plain;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = cmp_prefix(rel, len, ds->v[mid]);
		if (!c)
			return ds->plain[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	key = itss_xstrndup(rel, len);
	full = itss_xasprintf("%s/%s", root, key);
	plain = lstat(full, &st) == 0 && S_ISDIR(st.st_mode);
	free(full);
	itss_xgrow((void **)&ds->v, &ds->alloc, ds->n + 1, sizeof(*ds->v));
	itss_xgrow((void **)&ds->plain, &ds->aplain, ds->n + 1, sizeof(*ds->plain));
	memmove(ds->v + lo + 1, ds->v + lo, (ds->n - lo) * sizeof(*ds->v));
	memmove(ds->plain + lo + 1, ds->plain + lo, (ds->n - lo) * sizeof(*ds->plain));
	ds->v[lo] = key;
	ds->plain[lo] = plain;
	ds->n++;
	return plain;
}

int
itss_dirs_parents_plain(struct dirs *ds, const char *root, const char *path)
{
	const char *p = path;

	while ((p = strchr(p, '/'))) {
		if (!dir_is_plain(ds, root, path, (size_t)(p - path)))
			return 0;
		p++;
	}
	return 1;
}


void
itss_dirs_release(struct dirs *ds)
{
	size_t i;

	for (i = 0; i < ds->n; i++)
		free(ds->v[i]);
	free(ds->v);
	free(ds->plain);
	memset(ds, 0, sizeof(*ds));
}

void
itss_dir_cursor_init(struct dir_cursor *c, const char *root)
{
	c->root = root;
	itss_strbuf_init(&c->dir);
	c->dfd = -1;
}

int
itss_dir_cursor_stat(struct dir_cursor *c, const char *path, struct stat *st)
{
	const char *slash = strrchr(path, '/');
	size_t dlen = slash ? (size_t)(slash - path) : 0;

	if (c->dfd < 0 || c->dir.len != dlen || memcmp(c->dir.buf, path, dlen)) {
		char *abs;
		if (c->dfd >= 0)
			close(c->dfd);
		itss_strbuf_reset(&c->dir);
		itss_strbuf_add(&c->dir, path, dlen);
		abs = dlen ? itss_xasprintf("%s/%s", c->root, c->dir.buf) :
		    itss_xstrdup(c->root);
		c->dfd = open(abs, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		free(abs);
	}
	if (c->dfd < 0)
		return -1;
	return fstatat(c->dfd, slash ? slash + 1 : path, st, AT_SYMLINK_NOFOLLOW);
}

void
itss_dir_cursor_release(struct dir_cursor *c)
{
	if (c->dfd >= 0)
		close(c->dfd);
	itss_strbuf_release(&c->dir);
	c->dfd = -1;
}

/*
 * lstat() every cited file from a few threads before the sequential pass,
 * as git's preload-index does: on a warm cache the calls are short, and
 * spreading them over the CPUs is most of what can be gained (on this
 * 2-CPU machine 2 threads take 18 ms for 10,000 files, 1 thread 26 ms,
 * 20 threads -- git's choice -- 23 ms).
 */
struct prestat {
	const struct import *im;
	struct stat *st;
	int *ok;
};

static void
prestat_share(void *ctx, size_t t, size_t n)
{
	struct prestat *p = ctx;
	struct dir_cursor c;
	size_t i;

	itss_dir_cursor_init(&c, p->im->r->root);
	for (i = t; i < p->im->nfiles; i += n)
		if (!p->im->files[i].looked)
			p->ok[i] = itss_dir_cursor_stat(&c, p->im->files[i].path,
			    &p->st[i]) == 0;
	itss_dir_cursor_release(&c);
}

/* A finding, as warnings tell it: missing, altered, unstable. */
char *
itss_import_finding(const struct citation *c, const struct cited *f)
{
	if (!f || !f->looked)
		return NULL;
	if (f->state == ITSS_FILE_MISSING)
		return itss_xasprintf(_("record '%s': file '%s' is missing"),
		    c->record, c->path);
	if (f->state == ITSS_FILE_UNSTABLE)
		return itss_xasprintf(_("record '%s': file '%s' changed while it "
		    "was read; import again when it is still"), c->record,
		    c->path);
	if (c->sha && strcmp(c->sha, f->sha))
		return itss_xasprintf(_("record '%s': file '%s' is altered: its "
		    "SHA-256 is %.12s…, the record says %.12s…"), c->record,
		    c->path, f->sha, c->sha);
	return NULL;
}

/* Findings, as warnings. */
size_t
itss_import_report_findings(struct import *im)
{
	size_t i, n = 0;

	for (i = 0; i < im->ncit; i++) {
		const struct citation *c = &im->cit[i];
		struct cited *f = itss_import_cited(im, c->path);
		char *msg = itss_import_finding(c, f);

		if (!msg)
			continue;
		itss_diags_add(im->d, ITSS_WARNING, c->source, c->line, c->col,
		    "%s", msg);
		free(msg);
		n++;
		itss_xgrow((void **)&im->finding_paths, &im->afinding_paths, n,
		    sizeof(*im->finding_paths));
		/* The files' own copy: the records go once written. */
		im->finding_paths[n - 1] = f->path;
	}
	return n;
}


/*
 * Look at every cited file: stat it, and hash it when it is new to the
 * index or its stamp changed. A refused file (a way out of the
 * repository, not a regular file) is marked so; missing and unstable
 * files are findings.
 */
int
itss_import_check_files(struct import *im, struct itss_import_stats *stats)
{
	struct dirs ds = { 0 };
	struct itss_strbuf full = ITSS_STRBUF_INIT;
	size_t i, rootlen = strlen(im->r->root);
	struct stat *pre;
	int rc = 0, *pre_ok;

	itss_strbuf_addstr(&full, im->r->root);
	itss_strbuf_addch(&full, '/');
	pre = itss_xcalloc(im->nfiles ? im->nfiles : 1, sizeof(*pre));
	pre_ok = itss_xcalloc(im->nfiles ? im->nfiles : 1, sizeof(*pre_ok));
	{
		struct prestat p = { im, pre, pre_ok };
		itss_fan_out(im->nfiles, 500, 8, prestat_share, &p);
	}
	for (i = 0; i < im->nfiles; i++) {
		struct cited *f = &im->files[i];
		struct stat st;
		int fast = 0;

		/* Looked at already: by an earlier batch of the full path. */
		if (f->looked)
			continue;
		full.len = rootlen + 1;
		itss_strbuf_addstr(&full, f->path);
		if (im->progress && (i % 64 == 0 || i + 1 == im->nfiles))
			im->progress(im->ctx, N_("checking files"), i + 1, im->nfiles,
			    stats->bytes_hashed);
		/* The fast path: a plain file in plain directories. */
		if (pre_ok[i] && S_ISREG(pre[i].st_mode) &&
		    itss_dirs_parents_plain(&ds, im->r->root, f->path)) {
			st = pre[i];
			f->now = itss_stamp_of(&st);
			if (f->known && f->old_sha[0] &&
			    f->old_state == ITSS_FILE_OK &&
			    itss_stamp_eq(&f->now, &f->old)) {
				memcpy(f->sha, f->old_sha, ITSS_SHA256_HEX);
				f->state = ITSS_FILE_OK;
				f->looked = 1;
				fast = 1;
			}
		}
		if (!fast) {
			const char *why;
			int missing, fd = itss_repo_open_file(im->r, f->path, &st,
			    &why, &missing);

			if (fd < 0 && missing) {
				f->state = ITSS_FILE_MISSING;
				f->looked = 1;
				memset(&f->now, 0, sizeof(f->now));
				f->sha[0] = '\0';
			} else if (fd < 0) {
				/* Never followed: its citers are invalid (import.c). */
				f->refused = itss_xstrdup(why);
				f->looked = 1;
				continue;
			} else {
				int h = itss_sha256_fd(f->sha, fd, &st);
				int e = errno;
				close(fd);
				if (h < 0) {
					itss_diags_add(im->d, ITSS_ERROR, f->path, 0, 0,
					    _("cannot read: %s"), strerror(e));
					goto io;
				}
				f->now = itss_stamp_of(&st);
				f->state = h == 1 ? ITSS_FILE_UNSTABLE : ITSS_FILE_OK;
				f->looked = 1;
				if (h == 1)
					f->sha[0] = '\0';
				stats->files_hashed++;
				stats->bytes_hashed += (uint64_t)st.st_size;
			}
		}
		f->dirty = !f->known || !itss_stamp_eq(&f->now, &f->old) ||
		    f->state != f->old_state || strcmp(f->sha, f->old_sha);
	}
out:
	itss_dirs_release(&ds);
	itss_strbuf_release(&full);
	free(pre);
	free(pre_ok);
	return rc;
io:
	rc = ITSS_EIO;
	goto out;
}
