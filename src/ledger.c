/*
 * ledger.c - saved assessments in the index (ledger.h).
 *
 * Tables assessments, assessment_levels (what: "domain" or "item") and
 * assessment_requirements (evidence: the record ids, comma-separated;
 * record ids hold no comma, itss-evidence(5)).
 */
#include <stdlib.h>
#include <string.h>

#include "itss/i18n.h"
#include "itss/ledger.h"
#include "store_int.h"

static const char *const scope_names[] = { "domain", "item" };

static int
scope_parse(enum itss_saved_scope *out, const char *s)
{
	int i = itss_name_index(scope_names, 2, s);

	if (i >= 0)
		*out = (enum itss_saved_scope)i;
	return i < 0 ? -1 : 0;
}

/* The evidence ids as the table keeps them: comma-separated. */
static void
join_ids(struct itss_strbuf *sb, const char *const *ids, size_t n)
{
	size_t i;

	itss_strbuf_reset(sb);
	for (i = 0; i < n; i++) {
		if (i)
			itss_strbuf_addch(sb, ',');
		itss_strbuf_addstr(sb, ids[i]);
	}
}

/* And back: the list, in the arena. */
static void
split_ids(struct itss_saved_req *q, const char *text, struct itss_arena *mem)
{
	const char **v;
	const char *p;
	size_t n = 1, i = 0;

	q->evidence = NULL;
	q->nevidence = 0;
	if (!text || !*text)
		return;
	for (p = text; *p; p++)
		n += *p == ',';
	v = itss_arena_alloc(mem, n * sizeof(*v));
	for (p = text;; ) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		v[i++] = itss_arena_strndup(mem, p, len);
		if (!comma)
			break;
		p = comma + 1;
	}
	q->evidence = v;
	q->nevidence = i;
}

static const char *const save_sql[] = {
	"INSERT INTO assessments(saved_at, as_of, organisation, model, "
	"model_sha256, fingerprint, git_commit, target, level, good, applicable, "
	"source, clean, edited) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	"INSERT INTO assessment_levels(assessment, what, key, level, good, "
	"applicable) VALUES (?, ?, ?, ?, ?, ?)",
	"INSERT INTO assessment_requirements(assessment, requirement, status, "
	"evidence) VALUES (?, ?, ?, ?)",
};

static int
save_rows(int64_t *out, struct itss_store *s, sqlite3_stmt **q,
    const struct itss_saved *a, struct itss_diags *d)
{
	struct itss_strbuf ev = ITSS_STRBUF_INIT;
	size_t i;
	int rc;

	itss_sql_bind_text(q[0], 1, a->saved_at);
	itss_sql_bind_int(q[0], 2, a->as_of);
	itss_sql_bind_text(q[0], 3, a->organisation);
	itss_sql_bind_text(q[0], 4, a->model);
	itss_sql_bind_text(q[0], 5, a->model_sha256);
	itss_sql_bind_text(q[0], 6, a->fingerprint);
	itss_sql_bind_text(q[0], 7, a->git_commit);
	itss_sql_bind_text(q[0], 8, a->target);
	itss_sql_bind_text(q[0], 9, a->level);
	itss_sql_bind_int(q[0], 10, (int)a->total.good);
	itss_sql_bind_int(q[0], 11, (int)a->total.applicable);
	itss_sql_bind_text(q[0], 12, a->source);
	if (a->clean < 0)
		itss_sql_bind_null(q[0], 13);
	else
		itss_sql_bind_int(q[0], 13, a->clean);
	itss_sql_bind_int(q[0], 14, a->edited);
	if ((rc = itss_sql_run(s, q[0], d)) < 0)
		return rc;
	*out = sqlite3_last_insert_rowid(s->db);
	for (i = 0; i < a->nlevels; i++) {
		itss_sql_bind_int64(q[1], 1, *out);
		itss_sql_bind_text(q[1], 2, scope_names[a->levels[i].scope]);
		itss_sql_bind_text(q[1], 3, a->levels[i].key);
		itss_sql_bind_text(q[1], 4, a->levels[i].level);
		itss_sql_bind_int(q[1], 5, (int)a->levels[i].good);
		itss_sql_bind_int(q[1], 6, (int)a->levels[i].applicable);
		if ((rc = itss_sql_run(s, q[1], d)) < 0)
			return rc;
	}
	for (i = 0; i < a->nreqs && rc == 0; i++) {
		join_ids(&ev, a->reqs[i].evidence, a->reqs[i].nevidence);
		itss_sql_bind_int64(q[2], 1, *out);
		itss_sql_bind_text(q[2], 2, a->reqs[i].id);
		itss_sql_bind_text(q[2], 3, a->reqs[i].status);
		itss_sql_bind_text(q[2], 4, ev.buf);
		rc = itss_sql_run(s, q[2], d);
	}
	itss_strbuf_release(&ev);
	return rc;
}

int
itss_ledger_insert(int64_t *out, struct itss_store *s,
    const struct itss_saved *a, struct itss_diags *d)
{
	sqlite3_stmt *q[3] = { 0 };
	size_t k;
	int rc = 0;

	*out = 0;
	for (k = 0; k < 3 && rc == 0; k++)
		rc = itss_sql_prepare(s, &q[k], save_sql[k], d);
	if (rc == 0)
		rc = save_rows(out, s, q, a, d);
	/* Stepped and reset statements: an error would be one already told. */
	for (k = 0; k < 3; k++)
		itss_sql_discard(q[k]);
	if (rc < 0)
		*out = 0;
	return rc;
}

int
itss_ledger_save(int64_t *out, struct itss_store *s, const struct itss_saved *a,
    struct itss_diags *d)
{
	int rc;

	*out = 0;
	if ((rc = itss_sql_exec(s, "BEGIN IMMEDIATE", d)) < 0)
		return rc;
	if ((rc = itss_ledger_insert(out, s, a, d)) == 0)
		rc = itss_sql_exec(s, "COMMIT", d);
	itss_sql_rollback(s);
	if (rc < 0)
		*out = 0;
	return rc;
}

#define SAVED_HEAD "SELECT id, saved_at, as_of, organisation, model, " \
	"model_sha256, fingerprint, git_commit, target, level, good, " \
	"applicable, source, clean, edited FROM assessments"

/* SAVED_HEAD's columns into a, strings in a's arena. */
static void
saved_header(struct itss_saved *a, sqlite3_stmt *st)
{
	struct itss_arena *mem = &a->mem;

	a->id = sqlite3_column_int64(st, 0);
	a->saved_at = itss_sql_col_arena(mem, st, 1);
	a->as_of = sqlite3_column_int(st, 2);
	a->organisation = itss_sql_col_arena(mem, st, 3);
	a->model = itss_sql_col_arena(mem, st, 4);
	a->model_sha256 = itss_sql_col_arena(mem, st, 5);
	a->fingerprint = itss_sql_col_arena(mem, st, 6);
	a->git_commit = itss_sql_col_arena(mem, st, 7);
	a->target = itss_sql_col_arena(mem, st, 8);
	a->level = itss_sql_col_arena(mem, st, 9);
	a->total.good = (unsigned)sqlite3_column_int(st, 10);
	a->total.applicable = (unsigned)sqlite3_column_int(st, 11);
	a->source = itss_sql_col_arena(mem, st, 12);
	a->clean = sqlite3_column_type(st, 13) == SQLITE_NULL ? -1 :
	    sqlite3_column_int(st, 13);
	a->edited = sqlite3_column_int(st, 14);
}

int
itss_ledger_history(struct itss_store *s,
    int (*fn)(void *ctx, const struct itss_saved *a), void *ctx,
    struct itss_diags *d)
{
	sqlite3_stmt *st;
	int rc, ret = 0;

	if ((rc = itss_sql_prepare(s, &st, SAVED_HEAD " ORDER BY id", d)) < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct itss_saved a;
		memset(&a, 0, sizeof(a));
		saved_header(&a, st);
		ret = fn(ctx, &a);
		itss_saved_release(&a);
		if (ret)
			break;
	}
	if (ret) {
		itss_sql_discard(st);
		return ret;
	}
	return itss_sql_done(s, st, rc, N_("cannot read the ledger"), d);
}

/* The levels of assessment a->id. */
static int
load_levels(struct itss_saved *a, struct itss_store *s, struct itss_diags *d)
{
	sqlite3_stmt *st;
	size_t alloc = 0;
	int rc;

	if ((rc = itss_sql_prepare(s, &st, "SELECT what, key, level, good, "
	    "applicable FROM assessment_levels WHERE assessment = ? "
	    "ORDER BY what, key", d)) < 0)
		return rc;
	itss_sql_bind_int64(st, 1, a->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct itss_saved_level *l;
		enum itss_saved_scope scope;
		if (scope_parse(&scope, (const char *)sqlite3_column_text(st, 0)) < 0)
			continue;	/* a kind this itss does not know */
		itss_xgrow((void **)&a->levels, &alloc, a->nlevels + 1,
		    sizeof(*a->levels));
		l = &a->levels[a->nlevels++];
		l->scope = scope;
		l->key = itss_sql_col_arena(&a->mem, st, 1);
		l->level = itss_sql_col_arena(&a->mem, st, 2);
		l->good = (unsigned)sqlite3_column_int(st, 3);
		l->applicable = (unsigned)sqlite3_column_int(st, 4);
	}
	return itss_sql_done(s, st, rc, N_("cannot read the ledger"), d);
}

/* The requirements of assessment a->id, by id. */
static int
load_reqs(struct itss_saved *a, struct itss_store *s, struct itss_diags *d)
{
	sqlite3_stmt *st;
	size_t alloc = 0;
	int rc;

	if ((rc = itss_sql_prepare(s, &st, "SELECT requirement, status, evidence "
	    "FROM assessment_requirements WHERE assessment = ? "
	    "ORDER BY requirement", d)) < 0)
		return rc;
	itss_sql_bind_int64(st, 1, a->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct itss_saved_req *q;
		itss_xgrow((void **)&a->reqs, &alloc, a->nreqs + 1, sizeof(*a->reqs));
		q = &a->reqs[a->nreqs++];
		q->id = itss_sql_col_arena(&a->mem, st, 0);
		q->status = itss_sql_col_arena(&a->mem, st, 1);
		split_ids(q, (const char *)sqlite3_column_text(st, 2), &a->mem);
	}
	return itss_sql_done(s, st, rc, N_("cannot read the ledger"), d);
}

int
itss_ledger_load(struct itss_saved *out, struct itss_store *s, int64_t id,
    struct itss_diags *d)
{
	sqlite3_stmt *st = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = itss_sql_prepare(s, &st, SAVED_HEAD " WHERE id = ?", d)) < 0)
		return rc;
	itss_sql_bind_int64(st, 1, id);
	if ((rc = itss_sql_row(s, st, N_("cannot read the ledger"), d)) <= 0) {
		itss_sql_discard(st);
		if (rc < 0)
			return rc;
		itss_diags_add(d, ITSS_ERROR, NULL, 0, 0, _("no saved assessment %lld; "
		    "`itss history` lists them"), (long long)id);
		return ITSS_EINPUT;
	}
	saved_header(out, st);
	if ((rc = itss_sql_finalize(s, st, d)) < 0 ||
	    (rc = load_levels(out, s, d)) < 0 ||
	    (rc = load_reqs(out, s, d)) < 0) {
		itss_saved_release(out);
		return rc;
	}
	return 0;
}
