/*
 * import_write.c - phase 3 of an import: what changed written into the
 * index, in the transaction the import holds, with the evidence's
 * fingerprint and the summaries the assessor reads.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "itss/i18n.h"
#include "import_int.h"
#include "itss/hash.h"

static int
fingerprint(struct itss_store *s, char hex[ITSS_SHA256_HEX], struct itss_diags *d)
{
	static const char *const sql[] = {
		/* Not the saved assessments: they are about the evidence. */
		"SELECT path, sha256, kind FROM sources WHERE kind <> 'assessment' "
		"ORDER BY path",
		"SELECT path, sha256, state FROM files ORDER BY path",
	};
	struct itss_sha256 *h = itss_sha256_start();
	sqlite3_stmt *st;
	int rc = 0, q, c;

	for (q = 0; q < 2 && rc == 0; q++) {
		if ((rc = itss_sql_prepare(s, &st, sql[q], d)) < 0)
			break;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			for (c = 0; c < 3; c++)
				itss_sha256_addstr(h, (const char *)
				    sqlite3_column_text(st, c));
		rc = itss_sql_done(s, st, rc, N_("cannot read the index"), d);
	}
	itss_sha256_finish(h, hex);
	return rc;
}

/*
 * The statements of the write, prepared once: each part below binds and
 * runs its own.
 */
enum {
	DEL_SOURCE, INS_SOURCE, INS_ERROR, INS_JUDGEMENT, PUT_FILE, PUT_META,
	PUT_CACHE, INS_FINDING, TOUCH_SOURCE, TOUCH_FILE, REGROUP_FILE,
	REBAD_FILE, COUNT_SOURCE, DEL_REQUIREMENTS, DEL_FILES, DEL_SCORES,
	DEL_RECORDS, RESTAMP_SOURCE, NSTMT
};


static const char *const write_sql[NSTMT] = {
	"DELETE FROM sources WHERE path = ?",
	"INSERT INTO sources(path, kind, size, mtime_ns, ctime_ns, ino, sha256, "
	"invalid) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	"INSERT INTO source_errors(source, line, col, message, cited) "
	"VALUES (?, ?, ?, ?, ?)",
	"INSERT INTO judgements(requirement, source, line, col, verdict, reason, "
	"by, date, levels) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	"INSERT OR REPLACE INTO files(path, size, mtime_ns, ctime_ns, ino, "
	"sha256, state) VALUES (?, ?, ?, ?, ?, ?, ?)",
	"INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
	"INSERT OR REPLACE INTO stat_cache(id, data) VALUES (1, ?)",
	"INSERT INTO findings(source, line, col, message, path) "
	"VALUES (?, ?, ?, ?, ?)",
	/* The groups whose summaries change, each with the number of its rows
	 * that came less those that went: of a source going, of the citers
	 * of a file that changed (leaving a group, -1, and joining one, +1);
	 * of a record coming, import_records.c. */
	"INSERT INTO temp.touched SELECT q.requirement, q.gkey, -count(*) "
	"FROM records r JOIN record_requirements q ON q.record = r.id WHERE "
	"r.source = ? GROUP BY 1, 2 " ITSS_TOUCHED_ADD,
	"INSERT INTO temp.touched SELECT requirement, gkey, ?2 * count(*) FROM "
	"record_requirements WHERE record IN (SELECT record FROM record_files "
	"WHERE path = ?1) GROUP BY 1, 2 " ITSS_TOUCHED_ADD,
	/* The citers of a file that changed fall in another group. */
	"UPDATE record_requirements SET gkey = " SUMMARY_KEY_SQL " WHERE record "
	"IN (SELECT record FROM record_files WHERE path = ?)",
	"UPDATE records SET bad = EXISTS (SELECT 1 FROM record_files rf LEFT "
	"JOIN files f ON f.path = rf.path WHERE rf.record = records.id AND "
	ITSS_CITATION_BAD_SQL ") WHERE id IN (SELECT record FROM record_files "
	"WHERE path = ?)",
	/* What a source going takes with it, for the counts. */
	"SELECT (SELECT count(*) FROM records WHERE source = ?1), "
	"(SELECT count(*) FROM judgements WHERE source = ?1)",
	/* Its records' rows, each table in one statement, before it: the
	 * cascade would delete them a record at a time. */
	"DELETE FROM record_requirements WHERE record IN (SELECT id FROM "
	"records WHERE source = ?)",
	"DELETE FROM record_files WHERE record IN (SELECT id FROM records "
	"WHERE source = ?)",
	"DELETE FROM record_scores WHERE record IN (SELECT id FROM records "
	"WHERE source = ?)",
	"DELETE FROM records WHERE source = ?",
	/* A source whose bytes are as indexed: its new stamp alone. */
	"UPDATE sources SET size = ?, mtime_ns = ?, ctime_ns = ?, ino = ? "
	"WHERE path = ?",
};

/*
 * With all (a new model, a new index), every source is written again, so
 * the big tables are dropped and made again from their own definitions
 * (as sqlite_master keeps them): a DELETE would cascade row by row, which
 * took a model change to 1.7 times a fresh import. The ledger's rows kept
 * from before saved files existed stay.
 */
static int
clear_all(struct import *im)
{
	static const char drop[] = "DROP TABLE record_requirements; "
	    "DROP TABLE record_files; DROP TABLE record_scores; "
	    "DROP TABLE source_errors; "
	    "DROP TABLE judgements; DROP TABLE records; "
	    "DELETE FROM assessment_levels WHERE assessment IN (SELECT id FROM "
	    "assessments WHERE source IS NOT NULL); "
	    "DELETE FROM assessment_requirements WHERE assessment IN (SELECT id "
	    "FROM assessments WHERE source IS NOT NULL); "
	    "DELETE FROM assessments WHERE source IS NOT NULL; "
	    "DELETE FROM sources;";
	struct itss_strlist ddl = { 0 };
	sqlite3_stmt *st;
	size_t i;
	int rc;

	if ((rc = itss_sql_prepare(im->s, &st, "SELECT sql, type = 'index' FROM "
	    "sqlite_master WHERE tbl_name IN ('record_requirements', "
	    "'record_files', 'record_scores', 'source_errors', 'judgements', "
	    "'records') AND sql "
	    "IS NOT NULL ORDER BY type = 'index', rowid", im->d)) < 0)
		return rc;
	/* But records_source: the full path writes the records source by
	 * source, in the order of their paths, so that its entries come in
	 * its order, cheaper made as they come than sorted after. */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *sql = (const char *)sqlite3_column_text(st, 0);
		itss_strlist_add(sqlite3_column_int(st, 1) &&
		    !strstr(sql, " records_source ") ? &im->indexes : &ddl, sql);
	}
	if ((rc = itss_sql_done(im->s, st, rc, N_("cannot read the index"),
	    im->d)) == 0)
		rc = itss_sql_exec(im->s, drop, im->d);
	for (i = 0; i < ddl.n && rc == 0; i++)
		rc = itss_sql_exec(im->s, ddl.v[i], im->d);
	itss_strlist_release(&ddl);
	return rc;
}

/*
 * The indexes of the tables clear_all made again, once their rows are in:
 * one sort each, instead of an insertion out of order for every row (the
 * groups' index above all).
 */
static int
make_indexes(struct import *im)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < im->indexes.n && rc == 0; i++)
		rc = itss_sql_exec(im->s, im->indexes.v[i], im->d);
	return rc;
}

/* Removed and changed sources go, with their records (cascade); changed
 * and new ones come in. An edited one keeps its records that did not
 * change (import_keep.c). */
static int
write_sources(struct import *im, sqlite3_stmt **q)
{
	struct itss_keep *keep = NULL;
	size_t i;
	int rc = 0, k;

	im->kept = itss_xcalloc(im->set.nrecords ? im->set.nrecords : 1, 1);
	if (!im->all && (rc = itss_keep_begin(im, &keep)) < 0)
		return rc;
	for (i = 0; i < im->nindexed && !im->all; i++) {
		struct source *now = itss_source_find(im->found.v, im->found.n,
		    im->indexed[i].path);
		if (now && now->state == SAME)
			continue;
		if (keep && now && now->state == CHANGED &&
		    now->kind == SRC_EVIDENCE && !now->invalid &&
		    !now->was_invalid && !im->indexed[i].invalid) {
			if ((rc = itss_keep_source(keep, im, now)) < 0)
				goto out;
			continue;
		}
		itss_sql_bind_text(q[COUNT_SOURCE], 1, im->indexed[i].path);
		if ((rc = itss_sql_row(im->s, q[COUNT_SOURCE], N_("cannot read the "
		    "index"), im->d)) < 0)
			goto out;
		im->removed_records += (size_t)sqlite3_column_int64(q[COUNT_SOURCE], 0);
		im->removed_judgements += (size_t)sqlite3_column_int64(
		    q[COUNT_SOURCE], 1);
		(void)sqlite3_reset(q[COUNT_SOURCE]);
		itss_sql_bind_text(q[TOUCH_SOURCE], 1, im->indexed[i].path);
		if ((rc = itss_sql_run(im->s, q[TOUCH_SOURCE], im->d)) < 0)
			goto out;
		for (k = DEL_REQUIREMENTS; k <= DEL_RECORDS; k++) {
			itss_sql_bind_text(q[k], 1, im->indexed[i].path);
			if ((rc = itss_sql_run(im->s, q[k], im->d)) < 0)
				goto out;
		}
		itss_sql_bind_text(q[DEL_SOURCE], 1, im->indexed[i].path);
		if ((rc = itss_sql_run(im->s, q[DEL_SOURCE], im->d)) < 0)
			goto out;
	}
out:
	itss_keep_end(keep);
	if (rc < 0)
		return rc;
	for (i = 0; i < im->found.n; i++) {
		const struct source *src = &im->found.v[i];
		sqlite3_stmt *st = q[INS_SOURCE];
		if (src->state == SAME && src->restamp) {
			st = q[RESTAMP_SOURCE];
			itss_sql_bind_int64(st, 1, src->stamp.size);
			itss_sql_bind_int64(st, 2, src->stamp.mtime_ns);
			itss_sql_bind_int64(st, 3, src->stamp.ctime_ns);
			itss_sql_bind_int64(st, 4, src->stamp.ino);
			itss_sql_bind_text(st, 5, src->path);
			if ((rc = itss_sql_run(im->s, st, im->d)) < 0)
				return rc;
			continue;
		}
		if (src->state == SAME || src->state == GONE || src->diffed)
			continue;
		itss_sql_bind_text(st, 1, src->path);
		itss_sql_bind_text(st, 2, itss_source_kind_names[src->kind]);
		itss_sql_bind_int64(st, 3, src->stamp.size);
		itss_sql_bind_int64(st, 4, src->stamp.mtime_ns);
		itss_sql_bind_int64(st, 5, src->stamp.ctime_ns);
		itss_sql_bind_int64(st, 6, src->stamp.ino);
		itss_sql_bind_text(st, 7, src->sha);	/* "" when never read */
		itss_sql_bind_int(st, 8, src->invalid);
		if ((rc = itss_sql_run(im->s, st, im->d)) < 0)
			return rc;
	}
	return 0;
}

/*
 * The errors of the invalid sources (all written again above), as the
 * import told them, each with the refused file it is about, if any.
 */
static int
write_errors(struct import *im, sqlite3_stmt **q)
{
	sqlite3_stmt *st = q[INS_ERROR];
	size_t i, r = 0;
	int rc;

	for (i = im->d_from; i < im->d->n; i++) {
		const struct itss_diag *g = &im->d->v[i];
		const struct source *src;
		if (g->severity != ITSS_ERROR || !g->file)
			continue;
		src = itss_source_find(im->found.v, im->found.n, g->file);
		if (!src || !src->invalid)
			continue;
		while (r < im->nrefusals && im->refusals[r].diag < i)
			r++;
		itss_sql_bind_text(st, 1, src->path);
		itss_sql_bind_int(st, 2, (int)g->line);
		itss_sql_bind_int(st, 3, (int)g->col);
		itss_sql_bind_text(st, 4, g->message);
		itss_sql_bind_text(st, 5, r < im->nrefusals &&
		    im->refusals[r].diag == i ? im->refusals[r].cited : NULL);
		if ((rc = itss_sql_run(im->s, st, im->d)) < 0)
			return rc;
	}
	return 0;
}

static int
by_saved_at(const void *a, const void *b)
{
	const struct itss_saved *x = a, *y = b;
	int c = strcmp(x->saved_at, y->saved_at);

	return c ? c : strcmp(x->source ? x->source : "", y->source ?
	    y->source : "");
}

static int
write_judgement(struct import *im, sqlite3_stmt **q,
    const struct itss_judgement *jd)
{
	sqlite3_stmt *st = q[INS_JUDGEMENT];

	itss_sql_bind_text(st, 1, jd->requirement);
	itss_sql_bind_text(st, 2, jd->source);
	itss_sql_bind_int(st, 3, (int)jd->line);
	itss_sql_bind_int(st, 4, (int)jd->col);
	itss_sql_bind_text(st, 5, itss_verdict_name(jd->verdict));
	itss_sql_bind_text(st, 6, jd->reason);
	itss_sql_bind_text(st, 7, jd->by);
	if (jd->date == INT32_MIN)
		itss_sql_bind_null(st, 8);
	else
		itss_sql_bind_int(st, 8, jd->date);
	itss_sql_bind_text(st, 9, jd->levels);
	return itss_sql_run(im->s, st, im->d);
}

/* Which of im->files the files table still has (both sorted by path). */
static int
mark_uncited(struct import *im)
{
	sqlite3_stmt *st;
	size_t i = 0;
	int rc;

	if ((rc = itss_sql_prepare(im->s, &st, "SELECT path FROM files ORDER BY "
	    "path", im->d)) < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *p = (const char *)sqlite3_column_text(st, 0);
		int c = 1;
		while (i < im->nfiles && (c = strcmp(im->files[i].path, p)) < 0)
			im->files[i++].uncited = 1;
		if (i < im->nfiles && c == 0)
			i++;
	}
	while (i < im->nfiles)
		im->files[i++].uncited = 1;
	return itss_sql_done(im->s, st, rc, N_("cannot read the index"), im->d);
}

/* The cited files that changed, the ones nobody cites dropped, and the
 * packed stat cache rewritten. */
static int
write_files(struct import *im, sqlite3_stmt **q)
{
	struct itss_strbuf blob = ITSS_STRBUF_INIT;
	size_t i;
	int rc;

	for (i = 0; i < im->nfiles; i++) {
		const struct cited *f = &im->files[i];
		sqlite3_stmt *st = q[PUT_FILE];
		if (!f->dirty)
			continue;
		itss_sql_bind_text(st, 1, f->path);
		itss_sql_bind_int64(st, 2, f->now.size);
		itss_sql_bind_int64(st, 3, f->now.mtime_ns);
		itss_sql_bind_int64(st, 4, f->now.ctime_ns);
		itss_sql_bind_int64(st, 5, f->now.ino);
		itss_sql_bind_text(st, 6, f->sha[0] ? f->sha : NULL);
		itss_sql_bind_text(st, 7, itss_file_state_name(f->state));
		if ((rc = itss_sql_run(im->s, st, im->d)) < 0)
			return rc;
	}
	if ((rc = itss_sql_exec(im->s, "DELETE FROM files WHERE path NOT IN "
	    "(SELECT path FROM record_files)", im->d)) < 0)
		return rc;
	/* Records kept from the index whose files changed change group. */
	for (i = 0; i < im->nfiles && !im->all; i++) {
		if (!im->files[i].dirty)
			continue;
		/* The groups they leave, -1 a row, and those they join, +1. */
		itss_sql_bind_text(q[TOUCH_FILE], 1, im->files[i].path);
		itss_sql_bind_int(q[TOUCH_FILE], 2, -1);
		if ((rc = itss_sql_run(im->s, q[TOUCH_FILE], im->d)) < 0)
			return rc;
		itss_sql_bind_text(q[REGROUP_FILE], 1, im->files[i].path);
		if ((rc = itss_sql_run(im->s, q[REGROUP_FILE], im->d)) < 0)
			return rc;
		itss_sql_bind_text(q[TOUCH_FILE], 1, im->files[i].path);
		itss_sql_bind_int(q[TOUCH_FILE], 2, 1);
		if ((rc = itss_sql_run(im->s, q[TOUCH_FILE], im->d)) < 0)
			return rc;
		itss_sql_bind_text(q[REBAD_FILE], 1, im->files[i].path);
		if ((rc = itss_sql_run(im->s, q[REBAD_FILE], im->d)) < 0)
			return rc;
	}
	/*
	 * The stat cache of the files cited now (a file only records read
	 * again or gone cited has left the files table), and their number.
	 */
	if ((rc = mark_uncited(im)) < 0)
		return rc;
	im->stats->files = itss_statcache_encode(&blob, im->files, im->nfiles);
	itss_sql_bind_blob(q[PUT_CACHE], 1, blob.buf, (int)blob.len, 1);
	itss_strbuf_release(&blob);
	return itss_sql_run(im->s, q[PUT_CACHE], im->d);
}

/*
 * The findings, to be told again while nothing changes: those of sources
 * read again or gone, and of files that changed, go; the others stay, and
 * are told now beside this import's new ones.
 */
static int
write_findings(struct import *im, sqlite3_stmt **q)
{
	sqlite3_stmt *st;
	size_t i, kept = 0;
	int rc;

	if (im->all) {
		if ((rc = itss_sql_exec(im->s, "DELETE FROM findings", im->d)) < 0)
			return rc;
	} else {
		if ((rc = itss_sql_prepare(im->s, &st, "DELETE FROM findings WHERE "
		    "source = ?", im->d)) < 0)
			return rc;
		for (i = 0; i < im->nindexed && rc == 0; i++) {
			const struct source *now = itss_source_find(im->found.v,
			    im->found.n, im->indexed[i].path);
			if (now && now->state == SAME)
				continue;
			itss_sql_bind_text(st, 1, im->indexed[i].path);
			rc = itss_sql_run(im->s, st, im->d);
		}
		itss_sql_discard(st);
		if (rc < 0 || (rc = itss_sql_prepare(im->s, &st, "DELETE FROM "
		    "findings WHERE path = ?", im->d)) < 0)
			return rc;
		for (i = 0; i < im->nfiles && rc == 0; i++) {
			if (!im->files[i].dirty && !im->files[i].refused)
				continue;
			itss_sql_bind_text(st, 1, im->files[i].path);
			rc = itss_sql_run(im->s, st, im->d);
		}
		itss_sql_discard(st);
		if (rc < 0)
			return rc;
		/* What stays is told again (the import's new ones are in d). */
		if ((rc = itss_import_replay_findings(im, &kept)) < 0)
			return rc;
	}
	for (i = im->findings_from; i < im->findings_to; i++) {
		const struct itss_diag *f = &im->d->v[i];
		itss_sql_bind_text(q[INS_FINDING], 1, f->file);
		itss_sql_bind_int(q[INS_FINDING], 2, (int)f->line);
		itss_sql_bind_int(q[INS_FINDING], 3, (int)f->col);
		itss_sql_bind_text(q[INS_FINDING], 4, f->message);
		itss_sql_bind_text(q[INS_FINDING], 5,
		    im->finding_paths[i - im->findings_from]);
		if ((rc = itss_sql_run(im->s, q[INS_FINDING], im->d)) < 0)
			return rc;
	}
	im->stats->findings += kept;
	return 0;
}

static int
put_meta(struct import *im, sqlite3_stmt **q, const char *key,
    const char *value)
{
	itss_sql_bind_text(q[PUT_META], 1, key);
	itss_sql_bind_text(q[PUT_META], 2, value);
	return itss_sql_run(im->s, q[PUT_META], im->d);
}

int
itss_import_write_start(struct import *im)
{
	int rc;

	if (im->started)
		return 0;
	im->started = 1;
	/* The summaries of what changed only, unless everything did
	 * (im->all, set by the driver). */
	if ((rc = itss_sql_exec(im->s, "CREATE TEMP TABLE IF NOT EXISTS "
	    "touched(requirement TEXT, gkey TEXT, n INTEGER NOT NULL, "
	    "PRIMARY KEY(requirement, gkey)) WITHOUT ROWID; "
	    "DELETE FROM temp.touched", im->d)) < 0)
		return rc;
	return im->all ? clear_all(im) : 0;
}

/*
 * Rare: a source of an earlier batch made invalid by an id a later one
 * uses too. Its rows go, each table in one statement, and the groups the
 * write counted no longer add up: the summaries are made from the index.
 */
int
itss_import_unwrite(struct import *im, struct source *src,
    const struct id_at *told, size_t n)
{
	sqlite3_stmt *st;
	size_t i, from = im->noff;
	int rc, k;

	if ((rc = itss_sql_prepare(im->s, &st, "SELECT id, line, col FROM "
	    "records WHERE source = ?", im->d)) < 0)
		return rc;
	itss_sql_bind_text(st, 1, src->path);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct id_at *o;
		itss_xgrow((void **)&im->off, &im->aoff, im->noff + 1,
		    sizeof(*im->off));
		o = &im->off[im->noff++];
		memset(o, 0, sizeof(*o));
		o->id = itss_sql_col_arena(&im->kept_strings, st, 0);
		o->src = src;
		o->line = (unsigned)sqlite3_column_int(st, 1);
		o->col = (unsigned)sqlite3_column_int(st, 2);
		for (i = 0; i < n; i++)
			if (told[i].src == src && told[i].told &&
			    told[i].line == o->line && told[i].col == o->col &&
			    !strcmp(told[i].id, o->id))
				o->told = 1;
	}
	if ((rc = itss_sql_done(im->s, st, rc, N_("cannot read the index"),
	    im->d)) < 0)
		return rc;
	im->off_sorted = 0;
	im->written -= im->noff - from;
	im->counted = 0;
	/* Its rows as write_sources takes a source's (rare: prepared here). */
	for (k = DEL_REQUIREMENTS; k <= DEL_RECORDS; k++) {
		if ((rc = itss_sql_prepare(im->s, &st, write_sql[k], im->d)) < 0)
			return rc;
		itss_sql_bind_text(st, 1, src->path);
		rc = itss_sql_run(im->s, st, im->d);
		itss_sql_discard(st);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int
itss_import_write(struct import *im)
{
	sqlite3_stmt *q[NSTMT] = { 0 };
	char fp[ITSS_SHA256_HEX], stamp[65];
	size_t i;
	int rc = 0, k;

	itss_model_stamp(stamp, im->m->sha256, im->m->also, im->m->nalso,
	    im->r->scale);
	rc = itss_import_write_start(im);
	for (k = 0; k < NSTMT && rc == 0; k++)
		rc = itss_sql_prepare(im->s, &q[k], write_sql[k], im->d);
	if (rc < 0 || (rc = write_sources(im, q)) < 0 ||
	    (rc = write_errors(im, q)) < 0)
		goto out;
	if (!im->streamed && (rc = itss_import_write_records(im)) < 0)
		goto out;
	for (i = 0; i < im->set.njudgements; i++)
		if ((rc = write_judgement(im, q, &im->set.judgements[i])) < 0)
			goto out;
	/* In the order they were saved (their names sort by as-of date and
	 * fingerprint): a ledger rebuilt numbers them as they were. */
	if (im->nsaved > 1)
		qsort(im->saved, im->nsaved, sizeof(*im->saved), by_saved_at);
	for (i = 0; i < im->nsaved; i++) {
		int64_t id;
		if ((rc = itss_ledger_insert(&id, im->s, &im->saved[i], im->d)) < 0)
			goto out;
	}
	if ((rc = make_indexes(im)) < 0 || (rc = write_files(im, q)) < 0 ||
	    (rc = write_findings(im, q)) < 0 ||
	    (rc = put_meta(im, q, "model", im->m->id)) < 0 ||
	    (rc = put_meta(im, q, "model_sha256", stamp)) < 0 ||
	    (rc = im->model_file ? put_meta(im, q, "model_file", im->model_file) :
	    itss_sql_exec(im->s, "DELETE FROM meta WHERE key = 'model_file'",
	    im->d)) < 0 ||
	    (rc = fingerprint(im->s, fp, im->d)) < 0 ||
	    (rc = put_meta(im, q, "fingerprint", fp)) < 0)
		goto out;
	if ((rc = itss_summaries_update(im->s, im->all, im->counted ?
	    &im->groups : NULL, im->d)) == 0)
		rc = itss_sourcecache_write(im);
	/* The counts as they now are: those before, less what went, and what
	 * came (with all, what came alone). */
	if (im->all) {
		im->stats->records = im->written;
		im->stats->judgements = im->set.njudgements;
	} else {
		im->stats->records = im->stats->records + im->set.nrecords -
		    im->removed_records;
		im->stats->judgements = im->stats->judgements +
		    im->set.njudgements - im->removed_judgements;
	}
out:
	/* Statements of writes that were stepped and reset: a finalize
	 * error would be one already told. */
	for (k = 0; k < NSTMT; k++)
		itss_sql_discard(q[k]);
	return rc;
}
