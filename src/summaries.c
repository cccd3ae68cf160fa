/*
 * summaries.c - the per-requirement summaries, written by the import
 * (itss_summaries_update, in its transaction) and read by the assessor
 * (itss_summaries_open/_get/_close, store.h): the encoder and the decoder
 * of one format, side by side.
 *
 * Per requirement, its citations with the records alike in all the
 * assessor looks at (kind, status, date, valid_until, an approved
 * record's sign-off, the first problem with their files) merged into one,
 * counted, and named by their first id. Encoded per requirement,
 * little-endian: per group u8 status (its sign-off in the high nibble),
 * i32 date, i32 valid_until (INT32_MAX: open-ended), u32 count, i32
 * approved_on (INT32_MIN: none), then kind, id and problem as u16 length,
 * bytes and NUL (length 0xffff: no problem).
 * Groups are in the order of their first record's id.
 */
#include <stdlib.h>
#include <string.h>

#include "itss/i18n.h"
#include "import_int.h"

/* The fixed part of a group: status, date, valid_until, count,
 * approved_on. */
#define GROUP_FIXED 17

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

/*
 * The group key (record_requirements.gkey) of a record: what makes records
 * alike for the assessor, as text with unit separators -- status, date,
 * valid_until ("" when open-ended), the sign-off of an approved record
 * (its digit, and for a signed one the day of the approval; "" for
 * another status), kind, then "0", or "1" and the first problem with its
 * files. Written by the import for the records it reads
 * (itss_summary_key, from the files it has just checked) and recomputed in
 * SQL (SUMMARY_KEY_SQL) for records whose files changed; both give the
 * same text.
 */
/* An int in decimal, as SQLite writes one (and printf's %d). */
static void
put_int(struct itss_strbuf *sb, int32_t v)
{
	char buf[12], *p = buf + sizeof(buf);
	uint32_t u = v < 0 ? 0u - (uint32_t)v : (uint32_t)v;

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10));
	if (v < 0)
		*--p = '-';
	itss_strbuf_add(sb, p, (size_t)(buf + sizeof(buf) - p));
}

void
itss_summary_key(struct itss_strbuf *sb, const char *status, int32_t date,
    int32_t valid_until, enum itss_signoff sign, int32_t approved_on,
    const char *kind, const char *problem)
{
	/* Made for every record an import writes: no printf. */
	itss_strbuf_reset(sb);
	itss_strbuf_addstr(sb, status);
	itss_strbuf_addch(sb, 0x1f);
	put_int(sb, date);
	itss_strbuf_addch(sb, 0x1f);
	if (valid_until != INT32_MAX)
		put_int(sb, valid_until);
	itss_strbuf_addch(sb, 0x1f);
	if (!strcmp(status, "approved")) {
		itss_strbuf_addch(sb, '0' + (int)sign);
		if (sign == ITSS_SIGNED)
			put_int(sb, approved_on);
	}
	itss_strbuf_addch(sb, 0x1f);
	itss_strbuf_addstr(sb, kind);
	itss_strbuf_addch(sb, 0x1f);
	itss_strbuf_addch(sb, problem ? '1' : '0');
	if (problem)
		itss_strbuf_addstr(sb, problem);
}

/*
 * A cited file's problem as a record citing it sees it (NULL: none), for
 * itss_summary_key: the words of SUMMARY_KEY_SQL.
 */
const char *
itss_summary_problem(struct itss_strbuf *sb, const char *path,
    const char *recorded, enum itss_file_state state, const char *sha)
{
	const char *what;

	if (state == ITSS_FILE_MISSING)
		what = "is missing";
	else if (state != ITSS_FILE_OK)
		what = "changed while it was read";
	else if (recorded && strcmp(recorded, sha))
		what = "does not match its recorded SHA-256";
	else
		return NULL;
	itss_strbuf_reset(sb);
	itss_strbuf_addf(sb, "file '%s' %s", path, what);
	return sb->buf;
}

/*
 * A key's sign-off field back: "" (not approved: nothing asked), a digit,
 * and after ITSS_SIGNED's the day approved. 0, or -1 when it is not one.
 */
static int
sign_field(const char *t, size_t len, enum itss_signoff *sign, int32_t *on)
{
	char *end;
	long v;

	*sign = ITSS_SIGNED;
	*on = INT32_MIN;
	if (!len)
		return 0;
	if (t[0] < '0' || t[0] > '0' + ITSS_SIGN_UNHASHED)
		return -1;
	*sign = (enum itss_signoff)(t[0] - '0');
	if (*sign != ITSS_SIGNED)
		return len == 1 ? 0 : -1;
	v = strtol(t + 1, &end, 10);
	if (len == 1 || end != t + len)
		return -1;
	*on = (int32_t)v;
	return 0;
}

/* One group of a requirement, being encoded. */
struct group {
	char *key, *first;
	uint32_t n;
};

static int
cmp_first(const void *a, const void *b)
{
	return strcmp(((const struct group *)a)->first,
	    ((const struct group *)b)->first);
}

/* A group into the blob, from its key (split in place). */
static void
encode_group(struct itss_strbuf *blob, struct group *g)
{
	static char none[] = "";
	char *f[6], *p = g->key;
	enum itss_record_status status = ITSS_DRAFT;
	enum itss_signoff sign;
	int32_t on;
	int i;

	for (i = 0; i < 6; i++) {
		f[i] = p;
		if (i == 5)
			break;
		if ((p = strchr(p, '\x1f')))
			*p++ = '\0';
		else
			p = none;
	}
	(void)itss_status_parse(&status, f[0]);
	sign_field(f[3], strlen(f[3]), &sign, &on);
	itss_strbuf_addch(blob, (int)status | (int)sign << 4);
	itss_strbuf_add_le32(blob, (uint32_t)strtol(f[1], NULL, 10));
	itss_strbuf_add_le32(blob, *f[2] ? (uint32_t)strtol(f[2], NULL, 10) :
	    (uint32_t)INT32_MAX);
	itss_strbuf_add_le32(blob, g->n);
	itss_strbuf_add_le32(blob, (uint32_t)on);
	put_text(blob, (const unsigned char *)f[4], (int)strlen(f[4]));
	put_text(blob, (const unsigned char *)g->first, (int)strlen(g->first));
	if (f[5][0] == '1')
		put_text(blob, (const unsigned char *)f[5] + 1,
		    (int)strlen(f[5] + 1));
	else
		put_text(blob, NULL, 0);
}

/* The groups of one requirement, in the order of their first ids. */
static int
put_summary(struct itss_store *s, sqlite3_stmt *ins, const char *req,
    struct group *v, size_t n, struct itss_strbuf *blob, struct itss_diags *d)
{
	size_t i;

	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_first);
	itss_strbuf_reset(blob);
	for (i = 0; i < n; i++)
		encode_group(blob, &v[i]);
	itss_sql_bind_text(ins, 1, req);
	itss_sql_bind_blob(ins, 2, blob->buf, (int)blob->len, 0);
	return itss_sql_run(s, ins, d);
}

static void
groups_clear(struct group *v, size_t *n)
{
	size_t i;

	for (i = 0; i < *n; i++) {
		free(v[i].key);
		free(v[i].first);
	}
	*n = 0;
}

static const char *get_text(const unsigned char **p, const unsigned char *end);

/*
 * A summary as written, back into groups with their keys; 0, or -1 when
 * it is damaged.
 */
static int
decode_summary(struct group **v, size_t *n, size_t *alloc,
    const unsigned char *p, const unsigned char *end, struct itss_strbuf *key)
{
	while (p && end - p >= GROUP_FIXED) {
		enum itss_record_status status = (enum itss_record_status)(p[0] & 15);
		enum itss_signoff sign = (enum itss_signoff)(p[0] >> 4);
		int32_t date = (int32_t)itss_le32(p + 1);
		int32_t until = (int32_t)itss_le32(p + 5);
		uint32_t count = itss_le32(p + 9);
		int32_t on = (int32_t)itss_le32(p + 13);
		const char *kind, *id, *problem;
		struct group *g;

		p += GROUP_FIXED;
		kind = get_text(&p, end);
		id = get_text(&p, end);
		problem = get_text(&p, end);
		if (!kind || !id || status > ITSS_REJECTED ||
		    sign > ITSS_SIGN_UNHASHED)
			return -1;
		itss_summary_key(key, itss_status_name(status), date, until, sign,
		    on, kind, problem);
		itss_xgrow((void **)v, alloc, *n + 1, sizeof(**v));
		g = &(*v)[(*n)++];
		g->key = itss_xstrdup(key->buf);
		g->first = itss_xstrdup(id);
		g->n = count;
	}
	return 0;
}

/* Statements of summaries_delta. */
enum { D_TOUCHED, D_OLD, D_GROUP, D_PUT, D_DEL, D_N };

/*
 * One requirement: its old groups, each touched one's count moved by the
 * rows that came and went (dn), and its first id found again (one seek on
 * the groups' index, not a count of the group's rows).
 */
static int
delta_one(struct itss_store *s, sqlite3_stmt **q, const char *req,
    const struct itss_strlist *keys, const int64_t *dn,
    struct itss_strbuf *blob, struct itss_strbuf *key, struct itss_diags *d)
{
	struct group *v = NULL;
	size_t n = 0, alloc = 0, i, j;
	int rc, damaged = 0;

	itss_sql_bind_text(q[D_OLD], 1, req);
	if ((rc = itss_sql_row(s, q[D_OLD], N_("cannot read the index"), d)) < 0)
		return rc;
	if (rc > 0) {
		const unsigned char *p = sqlite3_column_blob(q[D_OLD], 0);
		int len = sqlite3_column_bytes(q[D_OLD], 0);
		damaged = decode_summary(&v, &n, &alloc, p, p + len, key) < 0;
		rc = 0;
	}
	(void)sqlite3_reset(q[D_OLD]);
	for (i = 0; i < keys->n && rc >= 0 && !damaged; i++) {
		int64_t count;
		char *first = NULL;

		for (j = 0; j < n && strcmp(v[j].key, keys->v[i]); j++)
			;
		count = (j < n ? (int64_t)v[j].n : 0) + dn[i];
		if (count < 0 || count > UINT32_MAX) {
			damaged = 1;	/* the summary and the rows disagree */
			break;
		}
		if (count) {
			itss_sql_bind_text(q[D_GROUP], 1, req);
			itss_sql_bind_text(q[D_GROUP], 2, keys->v[i]);
			if ((rc = itss_sql_row(s, q[D_GROUP], N_("cannot read the "
			    "index"), d)) < 0)
				break;
			if (rc == 0) {
				damaged = 1;	/* counted, but no row */
				break;
			}
			first = itss_sql_col_dup(q[D_GROUP], 0);
			(void)sqlite3_reset(q[D_GROUP]);
		}
		if (j == n && count) {
			itss_xgrow((void **)&v, &alloc, n + 1, sizeof(*v));
			v[n].key = itss_xstrdup(keys->v[i]);
			v[n].first = NULL;
			n++;
		}
		if (j < n && count) {
			free(v[j].first);
			v[j].first = first;
			v[j].n = (uint32_t)count;
		} else if (j < n) {
			free(v[j].key);
			free(v[j].first);
			v[j] = v[--n];
		}
	}
	if (rc < 0 || damaged) {
		(void)sqlite3_reset(q[D_GROUP]);
		groups_clear(v, &n);
		free(v);
		if (damaged)
			itss_diags_add(d, ITSS_ERROR, s->path, 0, 0, _("a summary in "
			    "the index is damaged; delete .itss/ to rebuild it"));
		return ITSS_EIO;
	}
	if (n)
		rc = put_summary(s, q[D_PUT], req, v, n, blob, d);
	else {
		itss_sql_bind_text(q[D_DEL], 1, req);
		rc = itss_sql_run(s, q[D_DEL], d);
	}
	groups_clear(v, &n);
	free(v);
	return rc;
}

/*
 * The touched groups alone (temp.touched: requirement, group key): each
 * touched requirement's summary read back, its touched groups counted
 * again over their own range of the index, and written again -- work in
 * proportion to the change, not to the evidence.
 */
static int
summaries_delta(struct itss_store *s, struct itss_diags *d)
{
	static const char *const sql[D_N] = {
		"SELECT requirement, gkey, n FROM temp.touched ORDER BY "
		"requirement",
		"SELECT data FROM summaries WHERE requirement = ?",
		("SELECT record FROM record_requirements WHERE requirement = ? "
		"AND gkey = ? ORDER BY record LIMIT 1"),
		"INSERT OR REPLACE INTO summaries(requirement, data) VALUES (?, ?)",
		"DELETE FROM summaries WHERE requirement = ?",
	};
	sqlite3_stmt *q[D_N] = { 0 };
	struct itss_strbuf blob = ITSS_STRBUF_INIT, key = ITSS_STRBUF_INIT;
	struct itss_strlist keys = { 0 };
	int64_t *dn = NULL;
	size_t adn = 0;
	char *req = NULL;
	int rc = 0, k;

	for (k = 0; k < D_N && rc == 0; k++)
		rc = itss_sql_prepare(s, &q[k], sql[k], d);
	while (rc == 0) {
		int row = sqlite3_step(q[D_TOUCHED]);
		const char *r = row == SQLITE_ROW ?
		    (const char *)sqlite3_column_text(q[D_TOUCHED], 0) : NULL;

		if (row != SQLITE_ROW && row != SQLITE_DONE) {
			rc = itss_sql_error(s, d, row, N_("cannot summarise the index"));
			break;
		}
		if (req && (!r || strcmp(r, req))) {
			if ((rc = delta_one(s, q, req, &keys, dn, &blob, &key,
			    d)) < 0)
				break;
			itss_strlist_release(&keys);
			free(req);
			req = NULL;
		}
		if (!r)
			break;
		if (!req)
			req = itss_xstrdup(r);
		itss_xgrow((void **)&dn, &adn, keys.n + 1, sizeof(*dn));
		dn[keys.n] = sqlite3_column_int64(q[D_TOUCHED], 2);
		itss_strlist_add(&keys, (const char *)
		    sqlite3_column_text(q[D_TOUCHED], 1));
	}
	for (k = 0; k < D_N; k++)
		itss_sql_discard(q[k]);	/* their errors were told as they came */
	itss_strlist_release(&keys);
	free(dn);
	itss_strbuf_release(&blob);
	itss_strbuf_release(&key);
	free(req);
	return rc;
}

static int
cmp_counted(const void *a, const void *b)
{
	const struct itss_group_count *x =
	    *(const struct itss_group_count *const *)a;
	const struct itss_group_count *y =
	    *(const struct itss_group_count *const *)b;
	int c = strcmp(x->requirement, y->requirement);

	return c ? c : strcmp(x->key, y->key);
}

/* Every summary, from the groups the write counted: those the walk of the
 * index below gives, in its order. */
static int
summaries_counted(struct itss_store *s, const struct itss_group_counts *g,
    struct itss_diags *d)
{
	const struct itss_group_count **by = itss_xcalloc(g->n + 1, sizeof(*by));
	struct itss_strbuf blob = ITSS_STRBUF_INIT;
	struct group *v = itss_xcalloc(g->n + 1, sizeof(*v));
	sqlite3_stmt *ins = NULL;
	size_t i, j, n = 0;
	int rc;

	for (i = 0; i < g->n; i++)
		by[i] = &g->v[i];
	qsort(by, g->n, sizeof(*by), cmp_counted);
	if ((rc = itss_sql_exec(s, "DELETE FROM summaries", d)) < 0 ||
	    (rc = itss_sql_prepare(s, &ins, "INSERT INTO summaries(requirement, "
	    "data) VALUES (?, ?)", d)) < 0)
		goto out;
	for (i = 0; i < g->n && rc == 0; i = j) {
		for (j = i; j < g->n && !strcmp(by[j]->requirement,
		    by[i]->requirement); j++) {
			v[n].key = itss_xstrdup(by[j]->key);
			v[n].first = itss_xstrdup(by[j]->first);
			v[n++].n = by[j]->n;
		}
		rc = put_summary(s, ins, by[i]->requirement, v, n, &blob, d);
		groups_clear(v, &n);
	}
	if (rc == 0)
		rc = itss_sql_finalize(s, ins, d);
	else
		itss_sql_discard(ins);
out:
	itss_strbuf_release(&blob);
	free(v);
	free(by);
	return rc;
}

/*
 * Rewrite the summaries: with all, every one, from the groups the write
 * counted, or else from a walk of the index on (requirement, gkey,
 * record), which gives each group's count and first id without a sort;
 * without all, only the groups in temp.touched.
 */
int
itss_summaries_update(struct itss_store *s, int all,
    const struct itss_group_counts *counted, struct itss_diags *d)
{
	sqlite3_stmt *st = NULL, *ins = NULL;
	struct itss_strbuf blob = ITSS_STRBUF_INIT;
	struct group *v = NULL;
	size_t n = 0, alloc = 0;
	char *req = NULL;
	int rc;

	if (!all)
		return summaries_delta(s, d);
	if (counted)
		return summaries_counted(s, counted, d);
	if ((rc = itss_sql_exec(s, "DELETE FROM summaries", d)) < 0 ||
	    (rc = itss_sql_prepare(s, &ins, "INSERT INTO summaries(requirement, "
	    "data) VALUES (?, ?)", d)) < 0 ||
	    (rc = itss_sql_prepare(s, &st, "SELECT requirement, gkey, "
	    "count(*), min(record) FROM record_requirements GROUP BY "
	    "requirement, gkey ORDER BY requirement, gkey", d)) < 0)
		goto out;
	for (;;) {
		int row = sqlite3_step(st);
		const char *r = row == SQLITE_ROW ?
		    (const char *)sqlite3_column_text(st, 0) : NULL;
		struct group *g;

		if (row != SQLITE_ROW && row != SQLITE_DONE) {
			rc = itss_sql_error(s, d, row, N_("cannot summarise the index"));
			goto out;
		}
		if (req && (!r || strcmp(r, req))) {
			if ((rc = put_summary(s, ins, req, v, n, &blob, d)) < 0)
				goto out;
			groups_clear(v, &n);
			free(req);
			req = NULL;
		}
		if (!r)
			break;
		if (!req)
			req = itss_xstrdup(r);
		itss_xgrow((void **)&v, &alloc, n + 1, sizeof(*v));
		g = &v[n++];
		g->key = itss_sql_col_dup(st, 1);
		g->n = (uint32_t)sqlite3_column_int64(st, 2);
		g->first = itss_sql_col_dup(st, 3);
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
	groups_clear(v, &n);
	free(v);
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
	sqlite3_stmt *st, *records;	/* records: prepared when first asked */
	struct itss_summary_group *v;
	size_t alloc;
	struct itss_arena texts;	/* itss_summaries_records' */
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
		return itss_sql_error(sm->s, d, rc, N_("cannot read the index"));
	p = sqlite3_column_blob(sm->st, 0);
	end = p + sqlite3_column_bytes(sm->st, 0);
	while (p && end - p >= GROUP_FIXED) {
		struct itss_summary_group *g;
		itss_xgrow((void **)&sm->v, &sm->alloc, *n + 1, sizeof(*sm->v));
		g = &sm->v[(*n)++];
		g->status = (enum itss_record_status)(p[0] & 15);
		g->signoff = (enum itss_signoff)(p[0] >> 4);
		g->date = (int32_t)itss_le32(p + 1);
		g->valid_until = (int32_t)itss_le32(p + 5);
		g->n = itss_le32(p + 9);
		g->approved_on = (int32_t)itss_le32(p + 13);
		p += GROUP_FIXED;
		g->documents = NULL;
		g->kind = get_text(&p, end);
		g->id = get_text(&p, end);
		g->file_problem = get_text(&p, end);
		if (!g->kind || !g->id || g->status > ITSS_REJECTED || !g->n ||
		    g->signoff > ITSS_SIGN_UNHASHED) {
			itss_diags_add(d, ITSS_ERROR, sm->s->path, 0, 0, _("a summary "
			    "in the index is damaged; delete .itss/ to rebuild it"));
			return ITSS_EIO;
		}
	}
	*out = sm->v;
	return 0;
}

/*
 * A group key (itss_summary_key) back into a group: status, date,
 * valid_until, kind and the first problem, in texts. 0, or -1 when it is
 * not one.
 */
static int
parse_key(struct itss_summary_group *g, struct itss_arena *texts,
    const char *key)
{
	const char *f[6], *p = key;
	size_t k, len[6];
	char *end;
	long v;

	for (k = 0; k < 6; k++) {
		const char *us = k < 5 ? strchr(p, 0x1f) : p + strlen(p);
		if (!us)
			return -1;
		f[k] = p;
		len[k] = (size_t)(us - p);
		p = us + (k < 5);
	}
	{
		const char *st = itss_arena_strndup(texts, f[0], len[0]);
		if (itss_status_parse(&g->status, st) < 0)
			return -1;
	}
	v = strtol(f[1], &end, 10);
	if (end != f[1] + len[1] || !len[1])
		return -1;
	g->date = (int32_t)v;
	if (!len[2]) {
		g->valid_until = INT32_MAX;
	} else {
		v = strtol(f[2], &end, 10);
		if (end != f[2] + len[2])
			return -1;
		g->valid_until = (int32_t)v;
	}
	if (sign_field(f[3], len[3], &g->signoff, &g->approved_on) < 0)
		return -1;
	g->kind = itss_arena_strndup(texts, f[4], len[4]);
	if (!len[5] || (f[5][0] != '0' && f[5][0] != '1'))
		return -1;
	g->file_problem = f[5][0] == '1' ?
	    itss_arena_strndup(texts, f[5] + 1, len[5] - 1) : NULL;
	g->n = 1;
	return 0;
}

int
itss_summaries_records(const struct itss_summary_group **out, size_t *n,
    struct itss_summaries *sm, const char *requirement, struct itss_diags *d)
{
	int rc;

	*out = NULL;
	*n = 0;
	if (!sm->records && (rc = itss_sql_prepare(sm->s, &sm->records,
	    "SELECT q.record, q.gkey, r.documents FROM record_requirements q "
	    "JOIN records r ON r.id = q.record WHERE q.requirement = ? "
	    "ORDER BY q.record", d)) < 0)
		return rc;
	itss_arena_reset(&sm->texts);
	(void)sqlite3_reset(sm->records);	/* the last step told its error */
	itss_sql_bind_copy(sm->records, 1, requirement);
	while ((rc = sqlite3_step(sm->records)) == SQLITE_ROW) {
		struct itss_summary_group *g;
		const char *key = (const char *)sqlite3_column_text(sm->records, 1);
		itss_xgrow((void **)&sm->v, &sm->alloc, *n + 1, sizeof(*sm->v));
		g = &sm->v[*n];
		memset(g, 0, sizeof(*g));
		if (!key || parse_key(g, &sm->texts, key) < 0) {
			itss_diags_add(d, ITSS_ERROR, sm->s->path, 0, 0, _("a record's "
			    "group in the index is damaged; delete .itss/ to "
			    "rebuild it"));
			return ITSS_EIO;
		}
		g->id = itss_sql_col_arena(&sm->texts, sm->records, 0);
		g->documents = itss_sql_col_arena(&sm->texts, sm->records, 2);
		(*n)++;
	}
	if (rc != SQLITE_DONE)
		return itss_sql_error(sm->s, d, rc, N_("cannot read the index"));
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
	itss_sql_discard(sm->records);
	itss_arena_release(&sm->texts);
	free(sm->v);
	free(sm);
}

