/*
 * import.c - an import, driven: the three phases (import_int.h) in one
 * transaction that holds the write lock, the reading of new and changed
 * sources, and the checks across the repository (ids unique, one
 * judgement per requirement).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "import_int.h"

#define SOURCE_MAX (64u << 20)		/* an evidence register: 64 MiB */
#define IMPORT_CACHE_KIB "262144"	/* the import's page cache: 256 MiB */

static int
load_indexed(struct import *im)
{
	sqlite3_stmt *st;
	size_t alloc = 0;
	int rc;

	if ((rc = itss_sql_prepare(im->s, &st, "SELECT path, kind, size, mtime_ns, "
	    "ctime_ns, ino FROM sources ORDER BY path", im->d)) < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct source *src;
		itss_xgrow((void **)&im->indexed, &alloc, im->nindexed + 1,
		    sizeof(*im->indexed));
		src = &im->indexed[im->nindexed++];
		src->path = itss_sql_col_dup(st, 0);
		{
			int k = itss_name_index(itss_source_kind_names, 3,
			    (const char *)sqlite3_column_text(st, 1));
			src->kind = k < 0 ? SRC_EVIDENCE : (enum source_kind)k;
		}
		src->stamp.size = sqlite3_column_int64(st, 2);
		src->stamp.mtime_ns = sqlite3_column_int64(st, 3);
		src->stamp.ctime_ns = sqlite3_column_int64(st, 4);
		src->stamp.ino = sqlite3_column_int64(st, 5);
	}
	return itss_sql_done(im->s, st, rc, "cannot read the index", im->d);
}


static int
read_source(struct import *im, struct source *src)
{
	char *full = itss_xasprintf("%s/%s", im->r->root, src->path), *buf;
	size_t len;
	int rc;

	if (itss_read_file(&buf, &len, full, SOURCE_MAX) < 0) {
		int e = errno;
		free(full);
		/* Gone since the walk (deleted while we ran): a removed file. */
		if (e == ENOENT || e == ENOTDIR) {
			src->state = GONE;
			return 0;
		}
		if (e == EFBIG) {
			itss_diags_add(im->d, ITSS_ERROR, src->path, 0, 0, "over the "
			    "limit of %u MiB: split it into several files",
			    SOURCE_MAX >> 20);
			return ITSS_EINPUT;
		}
		itss_diags_add(im->d, ITSS_ERROR, src->path, 0, 0, "cannot read: %s",
		    strerror(e));
		return ITSS_EIO;
	}
	free(full);
	itss_sha256_buf(src->sha, buf, len);
	if (src->kind == SRC_ASSESSMENT) {
		itss_xgrow((void **)&im->saved, &im->asaved, im->nsaved + 1,
		    sizeof(*im->saved));
		rc = itss_saved_read(&im->saved[im->nsaved++], src->path, buf, len,
		    im->d);
	} else if (src->kind == SRC_JUDGEMENT)
		rc = itss_judgements_read(&im->set, src->path, buf, len, im->m, im->d);
	else
		rc = itss_evidence_read(&im->set, src->path, buf, len,
		    itss_ends_with(src->path, ".csv"), im->m, im->d);
	free(buf);
	return rc;
}

/*
 * What the index has of the unchanged sources: every citation (one query),
 * and -- only when some source is new or changed, since only then can a
 * clash arise -- their record ids and judged requirements.
 */
static int
load_kept(struct import *im, int any_new)
{
	sqlite3_stmt *st;
	struct source *src;
	int rc, q;

	if ((rc = itss_sql_prepare(im->s, &st, "SELECT record, path, sha256, line, col, "
	    "source FROM record_files", im->d)) < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct citation *c;
		src = itss_source_find(im->found.v, im->found.n,
		    (const char *)sqlite3_column_text(st, 5));
		if (!src || src->state != SAME)
			continue;
		itss_xgrow((void **)&im->cit, &im->acit, im->ncit + 1,
		    sizeof(*im->cit));
		c = &im->cit[im->ncit++];
		c->record = itss_sql_col_arena(&im->kept_strings, st, 0);
		c->path = itss_sql_col_arena(&im->kept_strings, st, 1);
		c->sha = itss_sql_col_arena(&im->kept_strings, st, 2);
		c->line = (unsigned)sqlite3_column_int(st, 3);
		c->col = (unsigned)sqlite3_column_int(st, 4);
		c->source = src->path;
	}
	if ((rc = itss_sql_done(im->s, st, rc, "cannot read the index",
	    im->d)) < 0 || !any_new)
		return rc;
	for (q = 0; q < 2; q++) {
		if ((rc = itss_sql_prepare(im->s, &st, q ? "SELECT requirement, source, "
		    "line, col FROM judgements" : "SELECT id, source, line, col "
		    "FROM records", im->d)) < 0)
			return rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			struct kept **v = q ? &im->kept_j : &im->kept;
			size_t *n = q ? &im->nkept_j : &im->nkept;
			size_t *a = q ? &im->akept_j : &im->akept;
			src = itss_source_find(im->found.v, im->found.n,
			    (const char *)sqlite3_column_text(st, 1));
			if (!src || src->state != SAME)
				continue;
			itss_xgrow((void **)v, a, *n + 1, sizeof(**v));
			(*v)[*n].id = itss_sql_col_dup(st, 0);
			(*v)[*n].source = itss_xstrdup(src->path);
			(*v)[*n].line = (unsigned)sqlite3_column_int(st, 2);
			(*v)[*n].col = (unsigned)sqlite3_column_int(st, 3);
			(*n)++;
		}
		if ((rc = itss_sql_done(im->s, st, rc, "cannot read the index",
		    im->d)) < 0)
			return rc;
	}
	return 0;
}

struct id_at {
	const char *id, *source;
	unsigned line, col;
};

static int
cmp_id_at(const void *a, const void *b)
{
	const struct id_at *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	if (c)
		return c;
	c = strcmp(x->source, y->source);
	return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* Ids unique across new and kept records; one judgement per requirement. */
static size_t
check_unique(struct import *im)
{
	size_t problems = itss_evidence_check_ids(&im->set, im->d), pass;

	for (pass = 0; pass < 2; pass++) {
		size_t nk = pass ? im->nkept_j : im->nkept;
		size_t nn = pass ? im->set.njudgements : im->set.nrecords;
		struct kept *k = pass ? im->kept_j : im->kept;
		struct id_at *v;
		size_t i, n = 0;

		if (!nk || !nn)
			continue;
		v = itss_xcalloc(nk + nn, sizeof(*v));
		for (i = 0; i < nk; i++) {
			v[n].id = k[i].id;
			v[n].source = k[i].source;
			v[n].line = k[i].line;
			v[n++].col = k[i].col;
		}
		for (i = 0; i < nn; i++) {
			if (pass) {
				v[n].id = im->set.judgements[i].requirement;
				v[n].source = im->set.judgements[i].source;
				v[n].line = im->set.judgements[i].line;
				v[n++].col = im->set.judgements[i].col;
			} else {
				v[n].id = im->set.records[i].id;
				v[n].source = im->set.records[i].source;
				v[n].line = im->set.records[i].line;
				v[n++].col = im->set.records[i].col;
			}
		}
		qsort(v, n, sizeof(*v), cmp_id_at);
		for (i = 1; i < n; i++) {
			/* New against new was reported above; kept against kept
			 * cannot clash. Report a clash that involves a kept one. */
			int a_kept = 0, b_kept = 0;
			size_t j;
			if (strcmp(v[i - 1].id, v[i].id))
				continue;
			for (j = 0; j < im->found.n; j++) {
				if (!strcmp(im->found.v[j].path, v[i - 1].source))
					a_kept = im->found.v[j].state == SAME;
				if (!strcmp(im->found.v[j].path, v[i].source))
					b_kept = im->found.v[j].state == SAME;
			}
			if (!a_kept && !b_kept)
				continue;
			{
				const struct id_at *x = b_kept ? &v[i] : &v[i - 1];
				const struct id_at *y = b_kept ? &v[i - 1] : &v[i];
				itss_diags_add(im->d, ITSS_ERROR, y->source, y->line,
				    y->col, pass ? "requirement %s already has a "
				    "judgement at %s:%u:%u; keep one" : "record id '%s' "
				    "is already used at %s:%u:%u; ids are unique in the "
				    "repository", y->id, x->source, x->line, x->col);
			}
			problems++;
		}
		free(v);
	}
	return problems;
}


static int
replay_findings(struct import *im, size_t *n)
{
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	if ((rc = itss_sql_prepare(im->s, &st, "SELECT source, line, col, message FROM "
	    "findings ORDER BY rowid", im->d)) < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		itss_diags_add(im->d, ITSS_WARNING, (const char *)
		    sqlite3_column_text(st, 0), (unsigned)sqlite3_column_int(st, 1),
		    (unsigned)sqlite3_column_int(st, 2), "%s",
		    (const char *)sqlite3_column_text(st, 3));
		(*n)++;
	}
	return itss_sql_done(im->s, st, rc, "cannot read the index", im->d);
}

/* Who cites path, for an error message on the fast path. */

static int
model_stamp_changed(struct import *im, struct itss_diags *d)
{
	sqlite3_stmt *st;
	int rc, changed = 1;

	if ((rc = itss_sql_prepare(im->s, &st, "SELECT value FROM meta WHERE key = "
	    "'model_sha256'", d)) < 0)
		return rc;
	if ((rc = itss_sql_row(im->s, st, "cannot read the index", d)) < 0) {
		itss_sql_discard(st);
		return rc;
	}
	if (rc)
		changed = strcmp((const char *)sqlite3_column_text(st, 0),
		    im->m->sha256) != 0;
	if ((rc = itss_sql_finalize(im->s, st, d)) < 0)
		return rc;
	return changed;
}

static void
import_release(struct import *im)
{
	size_t i;

	for (i = 0; i < im->found.n; i++)
		free(im->found.v[i].path);
	free(im->found.v);
	for (i = 0; i < im->nindexed; i++)
		free(im->indexed[i].path);
	free(im->indexed);
	itss_evidence_set_release(&im->set);
	for (i = 0; i < im->nsaved; i++)
		itss_saved_release(&im->saved[i]);
	free(im->saved);
	for (i = 0; i < im->nkept; i++) {
		free(im->kept[i].id);
		free(im->kept[i].source);
	}
	free(im->kept);
	for (i = 0; i < im->nkept_j; i++) {
		free(im->kept_j[i].id);
		free(im->kept_j[i].source);
	}
	free(im->kept_j);
	itss_arena_release(&im->kept_strings);
	free(im->cit);
	for (i = 0; i < im->nfiles; i++)
		free(im->files[i].path);
	free(im->files);
}

static const struct itss_model *
plain_get(void *ctx)
{
	return ctx;
}

int
itss_store_import(struct itss_store *s, const struct itss_repo *r,
    const struct itss_model *m, struct itss_import_stats *stats,
    itss_progress_fn progress, void *ctx, struct itss_diags *d)
{
	struct itss_model_future mf;

	mf.get = plain_get;
	mf.ctx = (void *)m;
	return itss_store_import_async(s, r, &mf, stats, progress, ctx, d);
}

/* Sources new or changed since the index saw them, or all with a new model. */
static void
mark_sources(struct import *im, struct itss_import_stats *stats, int all)
{
	size_t i;

	stats->sources = im->found.n;
	stats->sources_removed = 0;
	for (i = 0; i < im->found.n; i++) {
		struct source *src = &im->found.v[i];
		struct source *old = itss_source_find(im->indexed, im->nindexed, src->path);
		if (old && old->kind == src->kind && itss_stamp_eq(&old->stamp, &src->stamp) &&
		    !all)
			src->state = SAME;
		else
			src->state = old ? CHANGED : NEW;
	}
	for (i = 0; i < im->nindexed; i++)
		if (!itss_source_find(im->found.v, im->found.n, im->indexed[i].path))
			stats->sources_removed++;
}

/* Count the records and judgements the index holds. */
static int
count_indexed(struct import *im, struct itss_import_stats *stats)
{
	return itss_sql_count2(im->s, "SELECT (SELECT count(*) FROM records), "
	    "(SELECT count(*) FROM judgements)", &stats->records,
	    &stats->judgements, im->d);
}

/*
 * Phase 1: the sources found, against those indexed. *quick is set when
 * nothing changed among them, so the quick check can decide.
 */
static int
find_sources(struct import *im, struct itss_import_stats *stats, int *quick)
{
	size_t i;
	int rc;

	if ((rc = itss_import_walk(&im->found, im->r->root, ITSS_EVIDENCE_DIR, SRC_EVIDENCE,
	    im->d)) < 0 ||
	    (rc = itss_import_walk(&im->found, im->r->root, ITSS_JUDGEMENT_DIR, SRC_JUDGEMENT,
	    im->d)) < 0 ||
	    (rc = itss_import_walk(&im->found, im->r->root, ITSS_ASSESSMENT_DIR,
	    SRC_ASSESSMENT, im->d)) < 0)
		return rc;
	itss_sources_sort(&im->found);
	if ((rc = load_indexed(im)) < 0)
		return rc;
	mark_sources(im, stats, 0);
	*quick = !stats->sources_removed;
	for (i = 0; i < im->found.n && *quick; i++)
		*quick = im->found.v[i].state == SAME;
	return 0;
}

/*
 * Phase 2, the full path: read what changed, check ids across the
 * repository and every cited file. Input errors are in d (and make the
 * import ITSS_EINPUT); findings are told as warnings.
 */
static int
read_and_check(struct import *im, struct itss_import_stats *stats)
{
	size_t i, errors = im->d->errors;
	int rc;

	for (i = 0; i < im->found.n; i++) {
		if (im->found.v[i].state == SAME)
			continue;
		if (im->progress)
			im->progress(im->ctx, "reading records", i + 1, im->found.n, 0);
		if ((rc = read_source(im, &im->found.v[i])) == ITSS_EIO)
			return rc;
		if (im->found.v[i].state == GONE) {
			stats->sources_removed++;
			continue;
		}
		stats->sources_read++;
	}
	if ((rc = load_kept(im, stats->sources_read > 0)) < 0)
		return rc;
	check_unique(im);
	itss_import_gather_cited(im);
	if ((rc = itss_import_load_known_files(im)) < 0)
		return rc;
	if ((rc = itss_import_check_files(im, stats)) == ITSS_EIO)
		return rc;
	if (stats->sources_read) {
		stats->records = im->nkept + im->set.nrecords;
		stats->judgements = im->nkept_j + im->set.njudgements;
	} else if ((rc = count_indexed(im, stats)) < 0) {
		return rc;
	}
	stats->files = im->nfiles;
	if (im->d->errors > errors)
		return ITSS_EINPUT;
	im->findings_from = im->d->n;
	stats->findings = itss_import_report_findings(im);
	im->findings_to = im->d->n;
	return 0;
}

/* Does the index differ from what phase 2 found? 1 yes, 0 no, or an error. */
static int
index_differs(struct import *im, struct itss_import_stats *stats)
{
	size_t i, nfiles;
	int rc;

	if (stats->sources_read || stats->sources_removed || im->model_changed)
		return 1;
	for (i = 0; i < im->nfiles; i++)
		if (im->files[i].dirty)
			return 1;
	/* Cited files the index still lists but nobody cites? */
	if ((rc = itss_sql_count(im->s, "SELECT count(*) FROM files", &nfiles,
	    im->d)) < 0)
		return rc;
	return nfiles != im->nfiles;
}

int
itss_store_import_async(struct itss_store *s, const struct itss_repo *r,
    const struct itss_model_future *mf, struct itss_import_stats *stats,
    itss_progress_fn progress, void *ctx, struct itss_diags *d)
{
	struct import im;
	int rc, quick, big_cache = 0;

	memset(stats, 0, sizeof(*stats));
	memset(&im, 0, sizeof(im));
	im.s = s;
	im.r = r;
	im.d = d;
	im.progress = progress;
	im.ctx = ctx;

	/*
	 * The whole import holds the write lock, so that what it compares
	 * against is what it writes over: a second import waits (busy
	 * timeout) and then sees this one's result. Readers are not blocked
	 * (WAL).
	 */
	if (s->read_only)
		rc = 0;		/* nothing to lock: nothing will be written */
	else if ((rc = itss_sql_exec(s, "BEGIN IMMEDIATE", d)) < 0)
		goto out;
	if ((rc = find_sources(&im, stats, &quick)) < 0)
		goto out;
	/*
	 * When no evidence file changed, the quick check needs neither the
	 * model (which may still be loading) nor the records: if every cited
	 * file is as the stat cache says and the model is the same, the index
	 * is current and its findings are told again.
	 */
	if (quick && (rc = itss_statcache_check(&im, &quick, &stats->files)) < 0)
		goto out;
	if (!(im.m = mf->get(mf->ctx))) {
		rc = ITSS_EINPUT;	/* the model's own errors say why */
		goto out;
	}
	if ((rc = model_stamp_changed(&im, d)) < 0)
		goto out;
	im.model_changed = rc;
	if (quick && !im.model_changed) {
		if ((rc = replay_findings(&im, &stats->findings)) == 0)
			rc = count_indexed(&im, stats);
		goto out;
	}
	if (s->read_only) {
		itss_diags_add(d, ITSS_ERROR, s->path, 0, 0, "the index is stale "
		    "(%s changed since it was written) and .itss/ cannot be "
		    "written here: run itss where the repository can be written, "
		    "or on a copy of it", im.model_changed ? "the model" :
		    "evidence or cited files");
		rc = ITSS_EIO;
		goto out;
	}
	if (im.model_changed)
		mark_sources(&im, stats, 1);
	/*
	 * The full path: a cache for the one big transaction. With SQLite's
	 * default (2 MB, some 31 of our 64 KiB pages) a large import pushes
	 * pages to the WAL and reads them back over and over. Capped, given
	 * back after, and not taken by the quick path, which reads little.
	 */
	if ((rc = itss_sql_exec(s, "PRAGMA cache_size = -" IMPORT_CACHE_KIB, d)) < 0)
		goto out;
	big_cache = 1;
	if ((rc = read_and_check(&im, stats)) < 0)
		goto out;
	/* Phase 3: write, only if something differs. */
	if ((rc = index_differs(&im, stats)) > 0) {
		rc = itss_import_write(&im);
		if (rc == 0)
			rc = itss_sql_exec(s, "COMMIT", d);
		stats->changed = rc == 0;
	}
out:
	/* Nothing to keep: end the transaction without writing. */
	itss_sql_rollback(s);
	import_release(&im);
	/* SQLite's default again, for the reading that follows; a failure
	 * here would only leave the cache larger. */
	if (big_cache)
		(void)sqlite3_exec(s->db, "PRAGMA cache_size = -2000", NULL, NULL,
		    NULL);
	return rc;
}
