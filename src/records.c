/*
 * records.c - what the index is asked: records (filtered, or all of them
 * by id for the register), judgements and the fingerprint, and records
 * about to expire.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "itss/i18n.h"
#include "store_int.h"

/*
 * A cited file's state: the index's, or altered when the record pins a
 * hash the file no longer has; missing when the index has no file.
 */
static enum itss_file_state
cited_state(sqlite3_stmt *st, int col, const char *recorded,
    const char *sha256)
{
	enum itss_file_state state;

	if (sqlite3_column_type(st, col) == SQLITE_NULL ||
	    itss_file_state_parse(&state, (const char *)
	    sqlite3_column_text(st, col)) < 0)
		return sqlite3_column_type(st, col) == SQLITE_NULL ?
		    ITSS_FILE_MISSING : ITSS_FILE_UNSTABLE;
	if (state == ITSS_FILE_OK && recorded && sha256 && strcmp(recorded, sha256))
		return ITSS_FILE_ALTERED;
	return state;
}

/* The columns every record query selects, in the order record_row reads. */
#define RECORD_COLUMNS "id, title, kind, owner, status, status_given, " \
	"source, line, date, valid_until, notes, documents, approved_by, " \
	"approved_on, signoff"
#define RECORD_NCOLUMNS 15

/* A record's own columns (RECORD_COLUMNS) into row; strings borrowed. */
static void
record_row(struct itss_record_row *row, sqlite3_stmt *st)
{
	memset(row, 0, sizeof(*row));
	row->id = (const char *)sqlite3_column_text(st, 0);
	row->title = (const char *)sqlite3_column_text(st, 1);
	row->kind = (const char *)sqlite3_column_text(st, 2);
	row->owner = (const char *)sqlite3_column_text(st, 3);
	row->status = (const char *)sqlite3_column_text(st, 4);
	row->status_given = sqlite3_column_int(st, 5);
	row->source = (const char *)sqlite3_column_text(st, 6);
	row->line = (unsigned)sqlite3_column_int(st, 7);
	row->date = sqlite3_column_int(st, 8);
	row->valid_until = sqlite3_column_type(st, 9) == SQLITE_NULL ?
	    INT32_MAX : sqlite3_column_int(st, 9);
	row->notes = (const char *)sqlite3_column_text(st, 10);
	row->documents = (const char *)sqlite3_column_text(st, 11);
	row->approved_by = (const char *)sqlite3_column_text(st, 12);
	row->approved_on = sqlite3_column_type(st, 13) == SQLITE_NULL ?
	    INT32_MIN : sqlite3_column_int(st, 13);
	row->signoff = (enum itss_signoff)sqlite3_column_int(st, 14);
	if (row->signoff > ITSS_SIGN_UNHASHED)
		row->signoff = ITSS_SIGN_NO_APPROVER;
}

/*
 * A file row from columns path, recorded sha256, sha256, state, size
 * starting at col, its strings copied into a.
 */
static void
file_row(struct itss_file_row *x, sqlite3_stmt *st, int col,
    struct itss_arena *a)
{
	x->path = itss_sql_col_arena(a, st, col);
	x->recorded = itss_sql_col_arena(a, st, col + 1);
	x->sha256 = itss_sql_col_arena(a, st, col + 2);
	x->state = cited_state(st, col + 3, x->recorded, x->sha256);
	x->size = sqlite3_column_int64(st, col + 4);
}

/* A record's requirements and files, gathered for one row. */
struct row_parts {
	struct itss_arena mem;
	const char **sat;
	struct itss_file_row *files;
	size_t nsat, asat, nfiles, afiles;
};

static void
parts_reset(struct row_parts *p)
{
	itss_arena_reset(&p->mem);
	p->nsat = p->nfiles = 0;
}

static void
parts_add_requirement(struct row_parts *p, sqlite3_stmt *st, int col)
{
	itss_xgrow((void **)&p->sat, &p->asat, p->nsat + 1, sizeof(*p->sat));
	p->sat[p->nsat++] = itss_sql_col_arena(&p->mem, st, col);
}

static void
parts_add_file(struct row_parts *p, sqlite3_stmt *st, int col)
{
	itss_xgrow((void **)&p->files, &p->afiles, p->nfiles + 1,
	    sizeof(*p->files));
	file_row(&p->files[p->nfiles++], st, col, &p->mem);
}

static void
parts_give(struct itss_record_row *row, const struct row_parts *p)
{
	row->satisfies = p->sat;
	row->nsatisfies = p->nsat;
	row->files = p->files;
	row->nfiles = p->nfiles;
}

static void
parts_release(struct row_parts *p)
{
	itss_arena_release(&p->mem);
	free(p->sat);
	free(p->files);
}

/*
 * The three statements a record walk reads (the records, their
 * requirements, their files) and the parts gathered for a row.
 */
struct walk {
	sqlite3_stmt *rows, *reqs, *files;
	struct row_parts parts;
};

/* Hand fn the row with its parts: what fn returns. */
static int
walk_give(struct walk *w, struct itss_record_row *row,
    int (*fn)(void *ctx, const struct itss_record_row *row), void *ctx)
{
	parts_give(row, &w->parts);
	return fn(ctx, row);
}

/* The end of a walk: rc is the last step of the records; ret so far. */
static int
walk_end(struct walk *w, struct itss_store *s, int rc, int ret,
    struct itss_diags *d)
{
	if (ret == 0 && rc != SQLITE_DONE)
		ret = itss_sql_error(s, d, rc, N_("cannot read the index"));
	/* Read-only statements: their errors were told as they came. */
	itss_sql_discard(w->rows);
	itss_sql_discard(w->reqs);
	itss_sql_discard(w->files);
	parts_release(&w->parts);
	return ret;
}

int
itss_store_register(struct itss_store *s,
    int (*fn)(void *ctx, const struct itss_record_row *row), void *ctx,
    struct itss_diags *d)
{
	struct walk w;
	int rc, rq, rf;

	memset(&w, 0, sizeof(w));
	if ((rc = itss_sql_prepare(s, &w.rows, "SELECT " RECORD_COLUMNS " FROM "
	    "records ORDER BY id", d)) < 0 ||
	    (rc = itss_sql_prepare(s, &w.reqs, "SELECT record, requirement FROM "
	    "record_requirements ORDER BY record, requirement", d)) < 0 ||
	    (rc = itss_sql_prepare(s, &w.files, "SELECT rf.record, rf.path, "
	    "rf.sha256, f.sha256, f.state, f.size FROM record_files rf LEFT JOIN "
	    "files f ON f.path = rf.path ORDER BY rf.record, rf.path", d)) < 0)
		return walk_end(&w, s, SQLITE_DONE, rc, d);
	rq = sqlite3_step(w.reqs);
	rf = sqlite3_step(w.files);
	while ((rc = sqlite3_step(w.rows)) == SQLITE_ROW) {
		struct itss_record_row row;
		int ret;

		record_row(&row, w.rows);
		if (!row.id)
			continue;
		parts_reset(&w.parts);
		/* The three walk in the same order: take what is this record's. */
		while (rq == SQLITE_ROW) {
			int c = strcmp((const char *)sqlite3_column_text(w.reqs, 0),
			    row.id);
			if (c > 0)
				break;
			if (c == 0)
				parts_add_requirement(&w.parts, w.reqs, 1);
			rq = sqlite3_step(w.reqs);
		}
		while (rf == SQLITE_ROW) {
			int c = strcmp((const char *)sqlite3_column_text(w.files, 0),
			    row.id);
			if (c > 0)
				break;
			if (c == 0)
				parts_add_file(&w.parts, w.files, 1);
			rf = sqlite3_step(w.files);
		}
		if (rq != SQLITE_ROW && rq != SQLITE_DONE)
			return walk_end(&w, s, rq, 0, d);
		if (rf != SQLITE_ROW && rf != SQLITE_DONE)
			return walk_end(&w, s, rf, 0, d);
		if ((ret = walk_give(&w, &row, fn, ctx)) != 0)
			return walk_end(&w, s, SQLITE_DONE, ret, d);
	}
	return walk_end(&w, s, rc, 0, d);
}

int
itss_store_stream_mode(struct itss_store *s, struct itss_diags *d)
{
	return itss_sql_exec(s, "PRAGMA mmap_size = 0", d) < 0 ? ITSS_EIO : 0;
}

int
itss_store_read_begin(struct itss_store *s, struct itss_diags *d)
{
	return itss_sql_exec(s, "BEGIN", d) < 0 ? ITSS_EIO : 0;
}

void
itss_store_read_end(struct itss_store *s)
{
	/* Nothing was written: ending it cannot lose anything. */
	itss_sql_rollback(s);
}

void
itss_record_filter_init(struct itss_record_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->expiring_before = INT32_MIN;
	f->dated_after = INT32_MAX;
}

const char *
itss_record_row_status(const struct itss_record_row *r, int32_t as_of)
{
	if (r->status && !strcmp(r->status, "approved") &&
	    r->valid_until != INT32_MAX && r->valid_until < as_of)
		return "expired";
	return r->status;
}

int
itss_store_file_problems(struct itss_store *s,
    int (*fn)(void *ctx, const struct itss_file_problem *p), void *ctx,
    struct itss_diags *d)
{
	sqlite3_stmt *st;
	int rc, ret = 0;

	if ((rc = itss_sql_prepare(s, &st, "SELECT rf.record, rf.source, "
	    "rf.line, rf.col, rf.path, rf.sha256, f.sha256, f.state "
	    "FROM record_files rf LEFT JOIN files f ON f.path = rf.path "
	    "WHERE " ITSS_CITATION_BAD_SQL " ORDER BY rf.source, rf.line, rf.col",
	    d)) < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct itss_file_problem p;
		p.record = (const char *)sqlite3_column_text(st, 0);
		p.source = (const char *)sqlite3_column_text(st, 1);
		p.line = (unsigned)sqlite3_column_int(st, 2);
		p.col = (unsigned)sqlite3_column_int(st, 3);
		p.path = (const char *)sqlite3_column_text(st, 4);
		p.recorded = (const char *)sqlite3_column_text(st, 5);
		p.sha256 = (const char *)sqlite3_column_text(st, 6);
		p.state = cited_state(st, 7, p.recorded, p.sha256);
		if (p.state == ITSS_FILE_OK)
			continue;	/* cannot be, by the query; to be sure */
		if ((ret = fn(ctx, &p)) != 0)
			break;
	}
	if (ret) {
		itss_sql_discard(st);
		return ret;
	}
	return itss_sql_done(s, st, rc, N_("cannot read the index"), d);
}

/* The query for a filter; its parameters are bound by bind_filter. */
static void
filter_sql(struct itss_strbuf *sql, const struct itss_record_filter *f,
    size_t nitem_reqs)
{
	size_t i;

	itss_strbuf_addstr(sql, "SELECT " RECORD_COLUMNS);
	if (f->light)
		itss_strbuf_addstr(sql, ", r.bad");	/* kept by the import */
	itss_strbuf_addstr(sql, " FROM records r WHERE 1");
	if (f->id)
		itss_strbuf_addstr(sql, " AND r.id = ?");
	if (f->kind)
		itss_strbuf_addstr(sql, " AND r.kind = ?");
	if (f->status)
		itss_strbuf_addstr(sql, " AND r.status = ?");
	if (f->owner)
		itss_strbuf_addstr(sql, " AND r.owner = ?");
	if (f->expiring_before != INT32_MIN)
		itss_strbuf_addstr(sql, " AND r.valid_until IS NOT NULL AND "
		    "r.valid_until < ?");
	if (f->dated_after != INT32_MAX)
		itss_strbuf_addstr(sql, " AND r.date > ?");
	if (f->requirement)
		itss_strbuf_addstr(sql, " AND EXISTS (SELECT 1 FROM "
		    "record_requirements q WHERE q.record = r.id AND "
		    "q.requirement = ?)");
	if (f->item) {
		itss_strbuf_addstr(sql, " AND EXISTS (SELECT 1 FROM "
		    "record_requirements q WHERE q.record = r.id AND "
		    "q.requirement IN (NULL");
		for (i = 0; i < nitem_reqs; i++)
			itss_strbuf_addstr(sql, ", ?");
		itss_strbuf_addstr(sql, "))");
	}
	itss_strbuf_addstr(sql, " ORDER BY r.date, r.id");
}

static void
bind_filter(sqlite3_stmt *st, const struct itss_record_filter *f,
    const char **item_reqs, size_t nitem_reqs)
{
	size_t i;
	int n = 0;

	if (f->id)
		itss_sql_bind_text(st, ++n, f->id);
	if (f->kind)
		itss_sql_bind_text(st, ++n, f->kind);
	if (f->status)
		itss_sql_bind_text(st, ++n, f->status);
	if (f->owner)
		itss_sql_bind_text(st, ++n, f->owner);
	if (f->expiring_before != INT32_MIN)
		itss_sql_bind_int(st, ++n, f->expiring_before);
	if (f->dated_after != INT32_MAX)
		itss_sql_bind_int(st, ++n, f->dated_after);
	if (f->requirement)
		itss_sql_bind_text(st, ++n, f->requirement);
	for (i = 0; i < nitem_reqs; i++)
		itss_sql_bind_text(st, ++n, item_reqs[i]);
}

/* One record's requirements and files, through the two per-record queries. */
static int
record_parts(struct row_parts *p, sqlite3_stmt *reqs, sqlite3_stmt *files,
    const char *id)
{
	int rc;

	parts_reset(p);
	itss_sql_bind_copy(reqs, 1, id);
	while ((rc = sqlite3_step(reqs)) == SQLITE_ROW)
		parts_add_requirement(p, reqs, 0);
	(void)sqlite3_reset(reqs);	/* the step said it */
	if (rc != SQLITE_DONE)
		return rc;
	itss_sql_bind_copy(files, 1, id);
	while ((rc = sqlite3_step(files)) == SQLITE_ROW)
		parts_add_file(p, files, 0);
	(void)sqlite3_reset(files);	/* the step said it */
	return rc;
}

int
itss_store_records(struct itss_store *s, const struct itss_model *m,
    const struct itss_record_filter *f,
    int (*fn)(void *ctx, const struct itss_record_row *row), void *ctx,
    struct itss_diags *d)
{
	struct itss_strbuf sql = ITSS_STRBUF_INIT;
	const char **item_reqs = NULL;
	size_t nitem_reqs = 0, i;
	struct walk w;
	int rc, ret = 0;

	memset(&w, 0, sizeof(w));
	if (f->item) {
		item_reqs = itss_xcalloc(m->nrequirements, sizeof(*item_reqs));
		for (i = 0; i < m->nrequirements; i++)
			if (m->requirements[i].item == f->item)
				item_reqs[nitem_reqs++] = m->requirements[i].id;
	}
	filter_sql(&sql, f, nitem_reqs);
	if ((rc = itss_sql_prepare(s, &w.rows, sql.buf, d)) < 0 ||
	    (rc = itss_sql_prepare(s, &w.reqs, "SELECT requirement FROM "
	    "record_requirements WHERE record = ? ORDER BY requirement", d)) < 0 ||
	    (rc = itss_sql_prepare(s, &w.files, "SELECT rf.path, rf.sha256, "
	    "f.sha256, f.state, f.size FROM record_files rf LEFT JOIN files f ON "
	    "f.path = rf.path WHERE rf.record = ? ORDER BY rf.path", d)) < 0) {
		ret = rc;
		rc = SQLITE_DONE;
		goto out;
	}
	bind_filter(w.rows, f, item_reqs, nitem_reqs);
	while ((rc = sqlite3_step(w.rows)) == SQLITE_ROW) {
		struct itss_record_row row;

		record_row(&row, w.rows);
		if (f->light) {
			row.bad_files = sqlite3_column_int(w.rows, RECORD_NCOLUMNS);
			if ((ret = fn(ctx, &row)) != 0) {
				rc = SQLITE_DONE;
				break;
			}
			continue;
		}
		if ((rc = record_parts(&w.parts, w.reqs, w.files, row.id)) !=
		    SQLITE_DONE)
			break;
		if ((ret = walk_give(&w, &row, fn, ctx)) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
out:
	free(item_reqs);
	itss_strbuf_release(&sql);
	return walk_end(&w, s, rc, ret, d);
}

void
itss_snapshot_release(struct itss_snapshot *snap)
{
	itss_arena_release(&snap->mem);
	free(snap->judgements);
	memset(snap, 0, sizeof(*snap));
}

int
itss_store_judgements(struct itss_snapshot *snap, struct itss_store *s,
    struct itss_diags *d)
{
	sqlite3_stmt *st = NULL;
	size_t aj = 0;
	int rc;

	memset(snap, 0, sizeof(*snap));
	if ((rc = itss_sql_prepare(s, &st, "SELECT requirement, verdict, reason, by, date, "
	    "levels FROM judgements ORDER BY requirement", d)) < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct itss_snap_judgement *j;
		itss_xgrow((void **)&snap->judgements, &aj, snap->njudgements + 1,
		    sizeof(*snap->judgements));
		j = &snap->judgements[snap->njudgements++];
		j->requirement = itss_sql_col_arena(&snap->mem, st, 0);
		itss_verdict_parse(&j->verdict, (const char *)sqlite3_column_text(st, 1));
		j->reason = itss_sql_col_arena(&snap->mem, st, 2);
		j->by = itss_sql_col_arena(&snap->mem, st, 3);
		j->date = sqlite3_column_type(st, 4) == SQLITE_NULL ? INT32_MIN :
		    sqlite3_column_int(st, 4);
		j->levels = itss_sql_col_arena(&snap->mem, st, 5);
	}
	if ((rc = itss_sql_done(s, st, rc, N_("cannot read the index"), d)) < 0)
		goto fail;
	if ((rc = itss_sql_prepare(s, &st, "SELECT value FROM meta WHERE key = "
	    "'fingerprint'", d)) < 0)
		goto fail;
	if ((rc = itss_sql_row(s, st, N_("cannot read the index"), d)) > 0)
		itss_sql_copy_col(snap->fingerprint, sizeof(snap->fingerprint), st, 0);
	if (rc < 0) {
		itss_sql_discard(st);
		goto fail;
	}
	if ((rc = itss_sql_finalize(s, st, d)) < 0 ||
	    (rc = itss_sql_count(s, "SELECT count(*) FROM records",
	    &snap->nrecords_total, d)) < 0)
		goto fail;
	return 0;
fail:
	itss_snapshot_release(snap);
	return rc;
}

int
itss_store_expiring(struct itss_store *s, int32_t before,
    int (*fn)(void *ctx, const char *id, int32_t valid_until, size_t cited),
    void *ctx, struct itss_diags *d)
{
	sqlite3_stmt *st;
	int rc, ret = 0;

	if ((rc = itss_sql_prepare(s, &st, "SELECT r.id, r.valid_until, (SELECT count(*) "
	    "FROM record_requirements q WHERE q.record = r.id) FROM records r "
	    "WHERE r.valid_until IS NOT NULL AND r.valid_until < ? AND "
	    "r.status = 'approved' ORDER BY r.valid_until, r.id", d)) < 0)
		return rc;
	itss_sql_bind_int(st, 1, before);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ret = fn(ctx, (const char *)sqlite3_column_text(st, 0),
		    sqlite3_column_int(st, 1), (size_t)sqlite3_column_int64(st, 2));
		if (ret)
			break;
	}
	if (ret) {
		itss_sql_discard(st);
		return ret;
	}
	return itss_sql_done(s, st, rc, N_("cannot read the index"), d);
}

int
itss_store_scores(struct itss_store *s,
    int (*fn)(void *ctx, const struct itss_score_row *row), void *ctx,
    struct itss_diags *d)
{
	sqlite3_stmt *st;
	int rc, ret = 0;

	if ((rc = itss_sql_prepare(s, &st, "SELECT c.tbl, c.item, c.score, "
	    "coalesce(c.period_to, r.date), r.id, c.post, c.evaluator, c.remark "
	    "FROM record_scores c JOIN records r ON r.id = c.record WHERE "
	    "r.status = 'approved' ORDER BY c.tbl, c.item, 4, r.id", d)) < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct itss_score_row row;
		row.table = (const char *)sqlite3_column_text(st, 0);
		row.item = (unsigned)sqlite3_column_int(st, 1);
		row.score = sqlite3_column_double(st, 2);
		row.date = sqlite3_column_int(st, 3);
		row.record = (const char *)sqlite3_column_text(st, 4);
		row.post = (const char *)sqlite3_column_text(st, 5);
		row.evaluator = (const char *)sqlite3_column_text(st, 6);
		row.remark = (const char *)sqlite3_column_text(st, 7);
		if ((ret = fn(ctx, &row)))
			break;
	}
	if (ret) {
		itss_sql_discard(st);
		return ret;
	}
	return itss_sql_done(s, st, rc, N_("cannot read the index"), d);
}
