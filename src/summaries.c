/*
 * summaries.c - the per-requirement summaries, written by the import
 * (itss_summaries_build, in its transaction) and read by the assessor
 * (itss_summaries_open/_get/_close, store.h): the encoder and the decoder
 * of one format, side by side.
 *
 * Per requirement, its citations with the records alike in all the
 * assessor looks at (kind, status, date, valid_until, the first problem
 * with their files) merged into one, counted, and named by their first
 * id. Encoded per requirement, little-endian: per group u8 status, i32
 * date, i32 valid_until (INT32_MAX: open-ended), u32 count, then kind, id
 * and problem as u16 length, bytes and NUL (length 0xffff: no problem).
 * Groups are in the order of their first record's id.
 */
#include <stdlib.h>
#include <string.h>

#include "import_int.h"

/* The fixed part of a group: status, date, valid_until, count. */
#define GROUP_FIXED 13

static void
put_text(struct itss_strbuf *sb, const unsigned char *t, int len)
{
	if (!t) {
		itss_strbuf_add_le16(sb, 0xffff);
		return;
	}
	if (len > 0xfffe)
		len = 0xfffe;
	itss_strbuf_add_le16(sb, (uint16_t)len);
	itss_strbuf_add(sb, t, (size_t)len);
	itss_strbuf_addch(sb, '\0');
}

static const char summary_sql[] =
    "WITH bad AS (SELECT rf.record AS record, min('file ''' || rf.path || "
    "''' ' || CASE WHEN f.state IS NULL OR f.state = 'missing' THEN "
    "'is missing' WHEN f.state <> 'ok' THEN 'changed while it was read' "
    "ELSE 'does not match its recorded SHA-256' END) AS problem "
    "FROM record_files rf LEFT JOIN files f ON f.path = rf.path "
    "WHERE f.state IS NOT 'ok' OR (rf.sha256 IS NOT NULL AND "
    "rf.sha256 IS NOT f.sha256) GROUP BY rf.record) "
    "SELECT q.requirement, r.kind, r.status, r.date, r.valid_until, "
    "b.problem, count(*), min(r.id) AS first "
    "FROM record_requirements q JOIN records r ON r.id = q.record "
    "LEFT JOIN bad b ON b.record = q.record "
    "GROUP BY q.requirement, r.kind, r.status, r.date, r.valid_until, "
    "b.problem ORDER BY q.requirement, first";

int
itss_summaries_build(struct itss_store *s, struct itss_diags *d)
{
	sqlite3_stmt *st = NULL, *ins = NULL;
	struct itss_strbuf blob = ITSS_STRBUF_INIT;
	char *req = NULL;
	int rc;

	if ((rc = itss_sql_exec(s, "DELETE FROM summaries", d)) < 0 ||
	    (rc = itss_sql_prepare(s, &ins, "INSERT INTO summaries(requirement, data) "
	    "VALUES (?, ?)", d)) < 0 ||
	    (rc = itss_sql_prepare(s, &st, summary_sql, d)) < 0)
		goto out;
	for (;;) {
		int row = sqlite3_step(st);
		const char *r = row == SQLITE_ROW ?
		    (const char *)sqlite3_column_text(st, 0) : NULL;
		enum itss_record_status status = ITSS_DRAFT;

		if (row != SQLITE_ROW && row != SQLITE_DONE) {
			rc = itss_sql_error(s, d, row, "cannot summarise the index");
			goto out;
		}
		if (req && (!r || strcmp(r, req))) {
			itss_sql_bind_text(ins, 1, req);
			itss_sql_bind_blob(ins, 2, blob.buf, (int)blob.len, 0);
			if ((rc = itss_sql_run(s, ins, d)) < 0)
				goto out;
			free(req);
			req = NULL;
			itss_strbuf_reset(&blob);
		}
		if (!r)
			break;
		if (!req)
			req = itss_xstrdup(r);
		itss_status_parse(&status, (const char *)sqlite3_column_text(st, 2));
		itss_strbuf_addch(&blob, (int)status);
		itss_strbuf_add_le32(&blob, (uint32_t)sqlite3_column_int(st, 3));
		itss_strbuf_add_le32(&blob, sqlite3_column_type(st, 4) == SQLITE_NULL ? INT32_MAX :
		    (uint32_t)sqlite3_column_int(st, 4));
		itss_strbuf_add_le32(&blob, (uint32_t)sqlite3_column_int64(st, 6));
		put_text(&blob, sqlite3_column_text(st, 1), sqlite3_column_bytes(st, 1));
		put_text(&blob, sqlite3_column_text(st, 7), sqlite3_column_bytes(st, 7));
		put_text(&blob, sqlite3_column_text(st, 5), sqlite3_column_bytes(st, 5));
	}
	rc = 0;
out:
	if (rc < 0) {
		itss_sql_discard(st);
		itss_sql_discard(ins);
	} else if ((rc = itss_sql_finalize(s, st, d)) == 0) {
		rc = itss_sql_finalize(s, ins, d);
	} else {
		itss_sql_discard(ins);
	}
	itss_strbuf_release(&blob);
	free(req);
	return rc;
}


/*
 * The evidence's fingerprint: the SHA-256 of every evidence and judgement
 * file's own SHA-256 (what the records and judgements were read from) and
 * of every cited file's hash and state. Two indexes with one fingerprint
 * hold the same evidence. Computed when the index changes, so that an
 * assessment only reads it.
 */


struct itss_summaries {
	struct itss_store *s;
	sqlite3_stmt *st;
	struct itss_summary_group *v;
	size_t alloc;
};

int
itss_summaries_open(struct itss_summaries **out, struct itss_store *s,
    struct itss_diags *d)
{
	struct itss_summaries *sm = itss_xcalloc(1, sizeof(*sm));
	int rc;

	*out = NULL;
	sm->s = s;
	if ((rc = itss_sql_prepare(s, &sm->st, "SELECT data FROM summaries WHERE "
	    "requirement = ?", d)) < 0) {
		free(sm);
		return rc;
	}
	*out = sm;
	return 0;
}

/* A text field: its string (NUL-terminated in the blob), or NULL. */
static const char *
get_text(const unsigned char **p, const unsigned char *end)
{
	uint16_t n;
	const char *t;

	if (end - *p < 2)
		return NULL;
	n = itss_le16(*p);
	*p += 2;
	if (n == 0xffff)
		return NULL;
	if ((size_t)(end - *p) < (size_t)n + 1)
		return NULL;
	t = (const char *)*p;
	*p += n + 1;
	return t;
}

int
itss_summaries_get(const struct itss_summary_group **out, size_t *n,
    struct itss_summaries *sm, const char *requirement, struct itss_diags *d)
{
	const unsigned char *p, *end;
	int rc;

	*out = NULL;
	*n = 0;
	(void)sqlite3_reset(sm->st);	/* the last step told its error */
	itss_sql_bind_copy(sm->st, 1, requirement);
	rc = sqlite3_step(sm->st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return itss_sql_error(sm->s, d, rc, "cannot read the index");
	p = sqlite3_column_blob(sm->st, 0);
	end = p + sqlite3_column_bytes(sm->st, 0);
	while (p && end - p >= GROUP_FIXED) {
		struct itss_summary_group *g;
		itss_xgrow((void **)&sm->v, &sm->alloc, *n + 1, sizeof(*sm->v));
		g = &sm->v[(*n)++];
		g->status = (enum itss_record_status)p[0];
		g->date = (int32_t)itss_le32(p + 1);
		g->valid_until = (int32_t)itss_le32(p + 5);
		g->n = itss_le32(p + 9);
		p += GROUP_FIXED;
		g->kind = get_text(&p, end);
		g->id = get_text(&p, end);
		g->file_problem = get_text(&p, end);
		if (!g->kind || !g->id || g->status > ITSS_REJECTED || !g->n) {
			itss_diags_add(d, ITSS_ERROR, sm->s->path, 0, 0, "a summary "
			    "in the index is damaged; delete .itss/ to rebuild it");
			return ITSS_EIO;
		}
	}
	*out = sm->v;
	return 0;
}

void
itss_summaries_close(struct itss_summaries *sm)
{
	if (!sm)
		return;
	/* A read-only statement: finalizing reports only the last step's
	 * error, already told by _get. */
	itss_sql_discard(sm->st);
	free(sm->v);
	free(sm);
}

