/*
 * import.c - an import, driven: the three phases (import_int.h) in one
 * transaction that holds the write lock, the reading of new and changed
 * sources (a few at once, taken in order), the quick path, and the counts. Which sources are invalid, and
 * what is told again, is import_invalid.c's.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "itss/i18n.h"
#include "import_int.h"

#define SOURCE_MAX (64u << 20)		/* an evidence register: 64 MiB */
/*
 * The import's page cache: 256 MiB writing in place (the WAL's pages read
 * back), 64 MiB building a new index aside, whose pages, journal kept in
 * memory and nothing synced, go straight to its file when the cache is
 * full; the sorts that make its indexes after the rows take as much again.
 */
#define IMPORT_CACHE_KIB "262144"
#define BUILD_CACHE_KIB "65536"

/*
 * The sources as the index has them. cached: from the source cache, if
 * the index has it sound -- enough for the quick check, which it only can
 * pass; what the import writes from is always read from the table.
 */
static int
load_indexed(struct import *im, int cached)
{
	sqlite3_stmt *st;
	size_t alloc = 0, i;
	int rc;

	if (cached && (rc = itss_sourcecache_load(im)) != 0)
		return rc < 0 ? rc : 0;
	if (cached)
		im->source_cache_missing = 1;
	itss_sourcecache_forget(im);	/* the table, not the cache */
	for (i = 0; i < im->nindexed; i++)
		free(im->indexed[i].path);
	free(im->indexed);
	im->indexed = NULL;
	im->nindexed = 0;
	if ((rc = itss_sql_prepare(im->s, &st, "SELECT path, kind, size, mtime_ns, "
	    "ctime_ns, ino, sha256, invalid FROM sources ORDER BY path",
	    im->d)) < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct source *src;
		itss_xgrow((void **)&im->indexed, &alloc, im->nindexed + 1,
		    sizeof(*im->indexed));
		src = &im->indexed[im->nindexed++];
		memset(src, 0, sizeof(*src));
		src->path = itss_sql_col_dup(st, 0);
		itss_sql_copy_col(src->sha, sizeof(src->sha), st, 6);
		src->invalid = sqlite3_column_int(st, 7);
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
	return itss_sql_done(im->s, st, rc, N_("cannot read the index"), im->d);
}


/*
 * What reading one source gave: its records and judgements, a saved
 * assessment, its errors. Sources are read on a few threads at once
 * (read_changed), each into its own, and taken into the import in their
 * order, so that the records, the saved assessments and the errors come
 * as one thread would have made them.
 */
struct read_out {
	struct itss_evidence_set set;
	struct itss_saved saved;
	int has_saved;
	struct itss_diags d;
	int rc;
};

/*
 * Read a source through the repository's fd, no link followed on the way
 * (a directory swapped for a link since the walk leads nowhere). Only src
 * and o are written: safe beside other sources read at once.
 */
static int
read_source(const struct import *im, struct source *src, struct read_out *o)
{
	const char *why;
	struct stat st;
	char *buf;
	size_t len;
	int rc, missing, fd = itss_repo_openat(im->r->rootfd, src->path, 0, &st,
	    &why, &missing);

	if (fd < 0 && !missing) {
		itss_diags_add(&o->d, ITSS_ERROR, src->path, 0, 0, "%s", _(why));
		return ITSS_EINPUT;	/* this file alone is invalid */
	}
	rc = fd < 0 ? -1 : itss_read_fd(&buf, &len, fd, SOURCE_MAX,
	    (size_t)st.st_size);
	if (fd >= 0) {
		int e = errno;
		close(fd);
		errno = e;
	}
	if (rc < 0) {
		int e = fd < 0 ? ENOENT : errno;
		/* Gone since the walk (deleted while we ran): a removed file. */
		if (e == ENOENT || e == ENOTDIR) {
			src->state = GONE;
			return 0;
		}
		if (e == ENOMEM)
			itss_oom();
		/* This file alone: it is invalid, the others count. */
		if (e == EFBIG)
			itss_diags_add(&o->d, ITSS_ERROR, src->path, 0, 0, _("over the "
			    "limit of %u MiB: split it into several files"),
			    SOURCE_MAX >> 20);
		else
			itss_diags_add(&o->d, ITSS_ERROR, src->path, 0, 0,
			    _("cannot read: %s"), strerror(e));
		return ITSS_EINPUT;
	}
	itss_sha256_buf(src->sha, buf, len);
	/* The same bytes as indexed, under the same model: the same records. */
	if (src->state == CHANGED && !src->was_invalid && !im->model_changed &&
	    src->old_sha && strcmp(src->sha, src->old_sha) == 0) {
		src->state = SAME;
		src->restamp = 1;
		free(buf);
		return 0;
	}
	if (src->kind == SRC_ASSESSMENT) {
		o->has_saved = 1;
		rc = itss_saved_read(&o->saved, src->path, buf, len, &o->d);
	} else if (src->kind == SRC_JUDGEMENT)
		rc = itss_judgements_read(&o->set, src->path, buf, len, im->m, &o->d);
	else
		rc = itss_evidence_read(&o->set, src->path, buf, len,
		    itss_ends_with(src->path, ".csv") ? ITSS_REGISTER_CSV :
		    itss_ends_with(src->path, ".xlsx") ? ITSS_REGISTER_XLSX : 0,
		    im->m, &o->d);
	free(buf);
	return rc;
}

/* Is meta's key other than value (or absent)? 1 yes, 0 no, or an error. */
static int
meta_differs(struct import *im, const char *key, const char *value,
    struct itss_diags *d)
{
	sqlite3_stmt *st;
	int rc, changed = 1;

	if ((rc = itss_sql_prepare(im->s, &st, "SELECT value FROM meta WHERE key = ?",
	    d)) < 0)
		return rc;
	itss_sql_bind_text(st, 1, key);
	if ((rc = itss_sql_row(im->s, st, N_("cannot read the index"), d)) < 0) {
		itss_sql_discard(st);
		return rc;
	}
	if (rc)
		changed = strcmp((const char *)sqlite3_column_text(st, 0),
		    value) != 0;
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
	itss_sourcecache_forget(im);
	free(im->kept);
	itss_evidence_set_release(&im->set);
	for (i = 0; i < im->nsaved; i++)
		itss_saved_release(&im->saved[i]);
	free(im->saved);
	itss_arena_release(&im->kept_strings);
	free(im->cit);
	free(im->finding_paths);
	for (i = 0; i < im->nheld; i++) {
		free(im->held[i].record);
		free(im->held[i].message);
	}
	free(im->held);
	for (i = 0; i < im->ntold; i++) {
		free(im->told[i].k1);
		free(im->told[i].k2);
	}
	free(im->told);
	free(im->seen);
	free(im->off);
	for (i = 0; i < im->nfiles; i++) {
		free(im->files[i].path);
		free(im->files[i].refused);
	}
	free(im->files);
	for (i = 0; i < im->nrefusals; i++)
		free(im->refusals[i].cited);
	free(im->refusals);
	itss_strlist_release(&im->indexes);
	itss_strbuf_release(&im->key);
	itss_strbuf_release(&im->key_first);
	itss_strbuf_release(&im->key_problem);
	itss_strbuf_release(&im->docs);
	itss_strbuf_release(&im->dig);
	itss_group_counts_release(&im->groups);
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
	mf.sha = NULL;
	mf.fstamp = NULL;
	mf.ctx = (void *)m;
	return itss_store_import_async(s, r, &mf, NULL, stats, progress, ctx, d);
}

/* Sources new or changed since the index saw them, or all with a new model. */
static void
mark_sources(struct import *im, struct itss_import_stats *stats, int all)
{
	size_t i, j = 0;

	stats->sources = im->found.n;
	stats->sources_removed = 0;
	/* Both sorted by path (the index's order is memcmp's, as strcmp's):
	 * one merge, not a search each way. */
	for (i = 0; i < im->found.n; i++) {
		struct source *src = &im->found.v[i], *old = NULL;
		int c = 1;
		while (j < im->nindexed &&
		    (c = strcmp(im->indexed[j].path, src->path)) < 0) {
			stats->sources_removed++;
			j++;
		}
		if (j < im->nindexed && c == 0)
			old = &im->indexed[j++];
		src->was_invalid = old && old->invalid;
		src->old_sha = NULL;
		if (old && old->kind == src->kind && itss_stamp_eq(&old->stamp, &src->stamp) &&
		    !all) {
			src->state = SAME;
			memcpy(src->sha, old->sha, sizeof(src->sha));
		} else {
			src->state = old ? CHANGED : NEW;
			if (old && old->kind == src->kind && !all && old->sha[0])
				src->old_sha = old->sha;
		}
	}
	stats->sources_removed += im->nindexed - j;
}

/*
 * Count the records and judgements the index holds: as the last write
 * left them in meta (counting a million rows reads a whole index: 80 ms),
 * or, from an index without them, counted.
 */
static int
count_indexed(struct import *im, struct itss_import_stats *stats)
{
	return itss_sql_count2(im->s, "SELECT coalesce((SELECT value FROM meta "
	    "WHERE key = 'records'), (SELECT count(*) FROM records)), "
	    "coalesce((SELECT value FROM meta WHERE key = 'judgements'), "
	    "(SELECT count(*) FROM judgements))", &stats->records,
	    &stats->judgements, im->d);
}

/* The counts, for count_indexed, in the write's transaction. */
static int
put_counts(struct import *im, const struct itss_import_stats *stats)
{
	char *sql = itss_xasprintf("INSERT OR REPLACE INTO meta(key, value) "
	    "VALUES ('records', %zu), ('judgements', %zu)", stats->records,
	    stats->judgements);
	int rc = itss_sql_exec(im->s, sql, im->d);

	free(sql);
	return rc;
}

/*
 * Past the quick check: the sources sorted, and compared with the table
 * itself (the cache is believed for the quick check alone), which is made
 * again even if nothing else is. In path order, they are read in the
 * order a fresh import reads them, and their records written in it.
 */
static int
from_table(struct import *im, struct itss_import_stats *stats)
{
	int rc;

	itss_sources_sort(&im->found);
	if ((rc = load_indexed(im, 0)) < 0)
		return rc;
	im->source_cache_missing = 1;
	mark_sources(im, stats, 0);
	im->merged = 1;
	return 0;
}

/*
 * Phase 1: the sources found, against those indexed. *quick is set when
 * nothing changed among them and every cited file is as the stat cache
 * says (the quick check). With a walk started early, what the index has
 * and the cited files are looked at while it runs; the second is wasted
 * when a source changed, where a full import looks again anyway.
 */
static int
find_sources(struct import *im, struct itss_walk *walk,
    struct itss_import_stats *stats, int *quick)
{
	int rc, files_same = 0, sorted = 0;

	if ((rc = load_indexed(im, 1)) < 0)
		return rc;
	if (walk && (rc = itss_statcache_check(im, &files_same,
	    &stats->files)) < 0)
		return rc;
	/* The cache's paths hashed meanwhile: the walk's come in no order
	 * (sorting 10,000 paths that share their first dozen bytes cost more
	 * than the rest of an unchanged import's own work). */
	if (im->indexed_blob)
		itss_sourcecache_index(im);
	if ((rc = walk ? itss_walk_take(walk, &im->found, im->d) :
	    itss_import_walk_all(&im->found, im->r->rootfd, im->r->root, im->d)) < 0)
		return rc;
	if (im->indexed_blob) {
		*quick = itss_sourcecache_all_same(im);
	} else {
		/* No cache: the table, read already, says. */
		size_t i;
		itss_sources_sort(&im->found);
		sorted = 1;
		mark_sources(im, stats, 0);
		im->merged = 1;
		*quick = !stats->sources_removed;
		for (i = 0; i < im->found.n && *quick; i++)
			*quick = im->found.v[i].state == SAME;
	}
	if (*quick) {
		stats->sources = im->found.n;
		stats->sources_removed = 0;
	}
	if (*quick && !walk && (rc = itss_statcache_check(im, &files_same,
	    &stats->files)) < 0)
		return rc;
	*quick = *quick && files_same;
	if (!*quick && !sorted)
		return from_table(im, stats);
	return 0;
}

struct reading {
	struct import *im;
	struct itss_import_stats *stats;
	const size_t *todo;	/* indexes into im->found, in its order */
	size_t ntodo;
	size_t base, total;	/* for the progress: read before, in all */
	struct read_out *out;	/* one for each */
	char *ready;		/* out[k] read, by whichever thread */
	size_t next, done;	/* taken and finished, by every thread */
	size_t taken;		/* into the import, in order (the first thread) */
	int rc;
};

/* What out[k] holds, taken into the import (after out[0..k)); past a
 * failure to read at all, released. */
static void
take_read(struct reading *rd, size_t k)
{
	struct import *im = rd->im;
	struct source *src = &im->found.v[rd->todo[k]];
	struct read_out *o = &rd->out[k];

	if (rd->rc == 0) {
		itss_diags_append(im->d, &o->d);
		rd->stats->sources_read++;
		if (o->rc == ITSS_EIO)
			rd->rc = ITSS_EIO;
		else if (src->refused || o->rc == ITSS_EINPUT)
			src->invalid = 1;
		rd->stats->sources_same += (size_t)src->restamp;
		if (src->state == GONE) {
			rd->stats->sources_read--;
			rd->stats->sources_removed++;
		}
	}
	/* Saved assessments of an invalid source count for nothing. */
	if (rd->rc == 0 && o->has_saved && !src->invalid && src->state != GONE) {
		itss_xgrow((void **)&im->saved, &im->asaved, im->nsaved + 1,
		    sizeof(*im->saved));
		im->saved[im->nsaved++] = o->saved;
	} else if (o->has_saved) {
		itss_saved_release(&o->saved);
	}
	if (rd->rc == 0)
		itss_evidence_set_take(&im->set, &o->set);
	else
		itss_evidence_set_release(&o->set);
	itss_diags_release(&o->d);
}

/*
 * One thread's part: the next source not taken, until none is left. The
 * first thread (the caller's) tells the progress and takes into the
 * import what is read, in order, as it comes: what waits is what the
 * threads read ahead of the order, not the whole repository read twice.
 */
static void
read_share(void *ctx, size_t t, size_t n)
{
	struct reading *rd = ctx;
	size_t k;

	(void)n;
	while ((k = __atomic_fetch_add(&rd->next, 1, __ATOMIC_RELAXED)) <
	    rd->ntodo) {
		struct source *src = &rd->im->found.v[rd->todo[k]];
		struct read_out *o = &rd->out[k];
		size_t done;

		if (src->refused) {
			itss_diags_add(&o->d, ITSS_ERROR, src->path, 0, 0, "%s",
			    _(src->refused));
			o->rc = ITSS_EINPUT;
		} else {
			o->rc = read_source(rd->im, src, o);
		}
		__atomic_store_n(&rd->ready[k], 1, __ATOMIC_RELEASE);
		done = __atomic_add_fetch(&rd->done, 1, __ATOMIC_RELAXED);
		if (t != 0)
			continue;
		while (rd->taken < rd->ntodo &&
		    __atomic_load_n(&rd->ready[rd->taken], __ATOMIC_ACQUIRE))
			take_read(rd, rd->taken++);
		if (rd->im->progress)
			rd->im->progress(rd->im->ctx, N_("reading records"),
			    rd->base + done, rd->total, 0);
	}
}

/*
 * Read the sources todo (indexes into im->found), a few at once (on a
 * warm cache, parsing is most of a fresh import's reading, and each
 * source is parsed alone); a source with errors is invalid, the rest
 * count.
 */
int
itss_import_read(struct import *im, struct itss_import_stats *stats,
    const size_t *todo, size_t n, size_t base, size_t total)
{
	struct reading rd;

	memset(&rd, 0, sizeof(rd));
	rd.im = im;
	rd.stats = stats;
	rd.todo = todo;
	rd.ntodo = n;
	rd.base = base;
	rd.total = total;
	rd.out = itss_xcalloc(n + 1, sizeof(*rd.out));
	rd.ready = itss_xcalloc(n + 1, 1);
	itss_fan_out(n, 4, 8, read_share, &rd);
	/* What the other threads finished after the first's last look. */
	while (rd.taken < rd.ntodo)
		take_read(&rd, rd.taken++);
	free(rd.ready);
	free(rd.out);
	return rd.rc;
}

/* What changed, read. */
static int
read_changed(struct import *im, struct itss_import_stats *stats)
{
	size_t *todo = itss_xcalloc(im->found.n + 1, sizeof(*todo)), i, n = 0;
	int rc;

	for (i = 0; i < im->found.n; i++)
		if (im->found.v[i].state != SAME)
			todo[n++] = i;
	rc = itss_import_read(im, stats, todo, n, 0, n);
	free(todo);
	return rc;
}

/*
 * Phase 2, the full path: read what changed, check ids across the
 * repository and every cited file. Sources with errors are made invalid
 * and left out; findings are told as warnings.
 */
static int
read_and_check(struct import *im, struct itss_import_stats *stats)
{
	size_t i;
	int rc;

	if (im->all) {
		if ((rc = itss_import_stream(im, stats)) < 0)
			return rc;
		goto counts;
	}
	if ((rc = read_changed(im, stats)) < 0)
		return rc;
	if (stats->sources_read && (rc = itss_import_claim_ids(im)) < 0)
		return rc;
	/*
	 * Every cited file the index knows, and those of the records read --
	 * of invalid ones too, so that one run tells every problem (they are
	 * dropped below, and count for nothing). Of the records kept, only
	 * the citers of files that changed are looked at again.
	 */
	if ((rc = itss_import_load_known_files(im)) < 0)
		return rc;
	itss_import_gather_cited(im);
	if ((rc = itss_import_check_files(im, stats)) == ITSS_EIO)
		return rc;
	if ((rc = itss_import_load_citers(im)) < 0)
		return rc;
	itss_import_refuse_citers(im);
	itss_import_drop_invalid(im);
	if (!itss_import_errors_placed(im))
		return ITSS_EINPUT;
	im->findings_from = im->d->n;
	stats->findings = itss_import_report_findings(im);
	im->findings_to = im->d->n;
counts:
	/*
	 * The index's counts before the write; with sources read, the write
	 * makes them what they become (import_write.c), and with nothing
	 * read, they are counted after it (the driver).
	 */
	if ((rc = count_indexed(im, stats)) < 0)
		return rc;
	for (i = 0; i < im->found.n; i++)
		stats->invalid += (size_t)im->found.v[i].invalid;
	stats->files = im->nfiles;
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
	for (i = 0; i < im->found.n; i++)
		if (im->found.v[i].state != SAME)
			return 1;	/* made invalid by a refused file */
	for (i = 0; i < im->nfiles; i++)
		if (im->files[i].dirty)
			return 1;
	/* Cited files the index still lists but nobody cites? */
	if ((rc = itss_sql_count(im->s, "SELECT count(*) FROM files", &nfiles,
	    im->d)) < 0)
		return rc;
	return nfiles != im->nfiles;
}

/*
 * Is the model file other than the index recorded, beside the model's
 * hash (without that hash, the index has no model to compare)? 1 yes,
 * 0 no, or an error.
 */
static int
model_file_differs(struct import *im, const char *fstamp, struct itss_diags *d)
{
	sqlite3_stmt *st;
	int rc, same = 0;

	if ((rc = itss_sql_prepare(im->s, &st, "SELECT EXISTS (SELECT 1 FROM meta "
	    "WHERE key = 'model_file' AND value = ?) AND EXISTS (SELECT 1 FROM "
	    "meta WHERE key = 'model_sha256')", d)) < 0)
		return rc;
	itss_sql_bind_text(st, 1, fstamp);
	if ((rc = itss_sql_row(im->s, st, N_("cannot read the index"), d)) < 0) {
		itss_sql_discard(st);
		return rc;
	}
	same = rc && sqlite3_column_int(st, 0);
	if ((rc = itss_sql_finalize(im->s, st, d)) < 0)
		return rc;
	return !same;
}

/* The model file's stamp into meta, beside the model's hash. */
static int
put_model_file(struct import *im, const char *fstamp)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = itss_sql_prepare(im->s, &st, "INSERT OR REPLACE INTO meta(key, "
	    "value) VALUES ('model_file', ?)", im->d)) < 0)
		return rc;
	itss_sql_bind_text(st, 1, fstamp);
	if ((rc = itss_sql_row(im->s, st, N_("cannot update the index"),
	    im->d)) < 0) {
		itss_sql_discard(st);
		return rc;
	}
	return itss_sql_finalize(im->s, st, im->d);
}

/*
 * The full path writes without foreign-key checks. Its rows are whole by
 * construction: every table the keys join is emptied and written again
 * from one reading of the files, sources before what cites them (and
 * tests/incremental.sh runs SQLite's own foreign_key_check after it). The
 * checks cost a fresh import of 200,000 CSV rows a seventh of its time,
 * and a model change more: with them on, DROP TABLE deletes the old rows
 * one by one to check them. SQLite ignores the pragma inside a
 * transaction, so the one held so far, in which nothing was written, is
 * ended and the write lock taken again. What another import may commit
 * in between is dropped with the rest: the full path reads the index only
 * after this (the cited files it knows), but for the counts of what went.
 * In between, too, the index goes aside when it can (store.c): the full
 * path then writes a new one, copied from the tables it keeps.
 */
static int
without_foreign_keys(struct import *im)
{
	int rc;

	if ((rc = itss_sql_exec(im->s, "COMMIT", im->d)) < 0 ||
	    (rc = itss_store_aside(im->s, im->d)) < 0 ||
	    (rc = itss_sql_exec(im->s, "PRAGMA foreign_keys = OFF", im->d)) < 0)
		return rc;
	return itss_sql_exec(im->s, "BEGIN IMMEDIATE", im->d);
}

int
itss_store_import_async(struct itss_store *s, const struct itss_repo *r,
    const struct itss_model_future *mf, struct itss_walk *walk,
    struct itss_import_stats *stats, itss_progress_fn progress, void *ctx,
    struct itss_diags *d)
{
	struct import im;
	const char *sha, *fstamp = NULL;
	int rc, k, quick, big_cache = 0, restamp = 0, fk_off = 0;

	memset(stats, 0, sizeof(*stats));
	memset(&im, 0, sizeof(im));
	itss_strbuf_init(&im.key);
	itss_strbuf_init(&im.key_first);
	itss_strbuf_init(&im.key_problem);
	itss_strbuf_init(&im.docs);
	itss_strbuf_init(&im.dig);
	im.s = s;
	im.r = r;
	im.d = d;
	im.progress = progress;
	im.ctx = ctx;
	im.stats = stats;
	im.d_from = d->n;

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
	if ((rc = find_sources(&im, walk, stats, &quick)) < 0)
		goto out;
	/*
	 * When no evidence file changed, the quick check needs neither the
	 * model (which may still be loading) nor the records: if every cited
	 * file is as the stat cache says and the model is the same, the index
	 * is current and its findings are told again.
	 */
	if (quick && (rc = itss_import_refusals_hold(&im)) < 0)
		goto out;
	quick = quick && rc > 0;
	/*
	 * With nothing changed, the model file as the index recorded it (its
	 * stat), or else its bytes, can say it is the index's: then it need
	 * not be parsed, nor (by its stat) even read.
	 */
	im.model_changed = 1;
	if (quick && mf->fstamp && (fstamp = mf->fstamp(mf->ctx)) &&
	    (im.model_changed = model_file_differs(&im, fstamp, d)) < 0) {
		rc = im.model_changed;
		goto out;
	}
	if (quick && im.model_changed && mf->sha && (sha = mf->sha(mf->ctx))) {
		if ((im.model_changed = meta_differs(&im, "model_sha256", sha,
		    d)) < 0) {
			rc = im.model_changed;
			goto out;
		}
		/* The same bytes, a new stat (a checkout, a copy): recorded
		 * below, so that the next import need not read them. */
		restamp = !im.model_changed && fstamp;
	}
	if (im.model_changed) {
		char stamp[65];
		if (!(im.m = mf->get(mf->ctx))) {
			rc = ITSS_EINPUT;	/* the model's own errors say why */
			goto out;
		}
		itss_model_stamp(stamp, im.m->sha256, im.m->also, im.m->nalso,
		    im.r->scale);
		if ((rc = meta_differs(&im, "model_sha256", stamp, d)) < 0)
			goto out;
		im.model_changed = rc;
		/* What the write records beside the model, if it came from
		 * the bytes stamped. */
		im.model_file = mf->fstamp ? mf->fstamp(mf->ctx) : NULL;
	}
	if (quick && !im.model_changed) {
		if ((rc = itss_import_replay_errors(&im, &stats->invalid)) == 0 &&
		    (rc = itss_import_replay_findings(&im, &stats->findings)) == 0)
			rc = count_indexed(&im, stats);
		/* What the next import need not do again, if it can be kept. */
		if (rc == 0 && restamp && !s->read_only)
			rc = put_model_file(&im, fstamp);
		if (rc == 0 && im.source_cache_missing && !s->read_only)
			rc = itss_sourcecache_write(&im);
		if (rc == 0 && !s->read_only && (restamp || im.source_cache_missing))
			rc = itss_sql_exec(s, "COMMIT", d);
		goto out;
	}
	if (s->read_only) {
		itss_diags_add(d, ITSS_ERROR, s->path, 0, 0, _("the index is stale "
		    "(%s changed since it was written) and .itss/ cannot be "
		    "written here: run itss where the repository can be written, "
		    "or on a copy of it"), im.model_changed ? _("the model") :
		    _("evidence or cited files"));
		rc = ITSS_EIO;
		goto out;
	}
	/* Everything written again: a new model, or a new index. */
	im.all = im.model_changed || !im.nindexed;
	if (im.all) {
		fk_off = 1;
		if ((rc = without_foreign_keys(&im)) < 0)
			goto out;
	}
	/* A new model with every file as indexed: the quick check took the
	 * walk's order and the cache's sources, which mark_sources cannot
	 * merge. */
	if (im.model_changed && !im.merged && (rc = from_table(&im, stats)) < 0)
		goto out;
	if (im.model_changed)
		mark_sources(&im, stats, 1);
	itss_import_reread_invalid(&im);
	/*
	 * The full path: a cache for the one big transaction. With SQLite's
	 * default (2 MB, some 31 of our 64 KiB pages) a large import pushes
	 * pages to the WAL and reads them back over and over. Capped, given
	 * back after, and not taken by the quick path, which reads little.
	 */
	if ((rc = itss_sql_exec(s, s->building ? "PRAGMA cache_size = -"
	    BUILD_CACHE_KIB : "PRAGMA cache_size = -" IMPORT_CACHE_KIB, d)) < 0)
		goto out;
	big_cache = 1;
	if ((rc = read_and_check(&im, stats)) < 0)
		goto out;
	/* Phase 3: write, only if something differs. */
	if ((rc = index_differs(&im, stats)) == 0) {
		/*
		 * Nothing to write: no record was read and no file changed, so
		 * no finding is new; the index's are told, as they are.
		 */
		size_t n;
		rc = itss_import_replay_findings(&im, &n);
		stats->findings = n;
		if (rc == 0 && im.source_cache_missing &&
		    (rc = itss_sourcecache_write(&im)) == 0)
			rc = itss_sql_exec(s, "COMMIT", d);
	} else if (rc > 0) {
		rc = itss_import_write(&im);
		/*
		 * Counted from the rows when nothing was read (files removed,
		 * or made invalid by a refused file): the counts phase 2 took
		 * are the index's before this write.
		 */
		if (rc == 0 && !stats->sources_read &&
		    (rc = itss_sql_exec(s, "DELETE FROM meta WHERE key IN "
		    "('records', 'judgements')", d)) == 0)
			rc = count_indexed(&im, stats);
		if (rc == 0)
			rc = put_counts(&im, stats);
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
	/* Out of the transaction now, so it takes effect; without it, the
	 * commands that follow would write unchecked. */
	if (fk_off && itss_sql_exec(s, "PRAGMA foreign_keys = ON", d) < 0 &&
	    rc == 0)
		rc = ITSS_EIO;
	/* A new index, built aside (store.c): in place now, or dropped. */
	if (rc < 0)
		itss_store_spoil(s);
	if ((k = itss_store_publish(s, d)) < 0 && rc == 0)
		rc = k;
	return rc;
}
