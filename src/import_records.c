/*
 * import_records.c - the records an import writes, with their
 * requirements, cited files and scores: one at a time with the groups
 * they join touched (what changed), or, with all, many rows to a
 * statement (import_int.h).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import_int.h"

/*
 * OR FAIL: a row that breaks a constraint fails the import as it would
 * have (its transaction is rolled back), but SQLite need not keep a
 * statement journal to undo the rows of the statement before it -- a copy
 * of every page a many-row statement touches, which had cost a fresh
 * import of 200,000 CSV rows a sixth of its time.
 */
static const char ins_record[] = "INSERT OR FAIL INTO records(id, source, line, "
    "col, title, kind, date, valid_until, owner, status, status_given, "
    "notes, bad, documents, approved_by, approved_on, signoff, digest) VALUES";
static const char ins_requirement[] = "INSERT OR FAIL INTO record_requirements("
    "record, requirement, gkey) VALUES";
static const char ins_file[] = "INSERT OR FAIL INTO record_files(record, path, "
    "sha256, source, line, col) VALUES";

/*
 * With all (every record written, no foreign keys checked), records,
 * their requirements and their cited files go many rows to a statement:
 * a statement's own cost (its cursors opened, sought and closed) had been
 * most of a row's, and a fresh import of 200,000 CSV rows took 1.3 times
 * as long. A statement for each number of rows, made when first needed;
 * one row at a time is the statement of one row.
 */
#define BATCH_RECORDS 32
#define BATCH_ROWS 128		/* of requirements, of files */
struct rows {
	sqlite3_stmt *rec[BATCH_RECORDS + 1], *req[BATCH_ROWS + 1],
	    *file[BATCH_ROWS + 1], *score, *touch;
	const struct itss_record *r[BATCH_RECORDS];
	/* Each record's key, documents and digest: its chunk's (below). */
	const struct itss_strbuf *key[BATCH_RECORDS], *docs[BATCH_RECORDS];
	const unsigned char *dig[BATCH_RECORDS];
	int bad[BATCH_RECORDS];
	size_t n;			/* records waiting */
	struct { const char *requirement; size_t slot; } q[BATCH_ROWS];
	size_t nq;			/* their requirements waiting */
	struct { const struct itss_record *r; size_t j; } f[BATCH_ROWS];
	size_t nf;			/* their files waiting */
};

/*
 * A record's group key, from the files as this import found them: the
 * first problem (in the order of its text) among its files.
 */
static int
record_key(struct import *im, const struct itss_record *r,
    struct itss_strbuf *key, struct itss_strbuf *first, struct itss_strbuf *p)
{
	size_t j;
	int any = 0;

	for (j = 0; j < r->nfiles; j++) {
		struct cited k, *f;
		const char *why;
		k.path = r->files[j].path;
		f = im->nfiles ? bsearch(&k, im->files, im->nfiles,
		    sizeof(*im->files), itss_cited_cmp) : NULL;
		why = itss_summary_problem(p, r->files[j].path, r->files[j].sha256,
		    f ? f->state : ITSS_FILE_MISSING, f ? f->sha : "");
		if (why && (!any || strcmp(why, first->buf) < 0)) {
			itss_strbuf_reset(first);
			itss_strbuf_addstr(first, why);
			any = 1;
		}
	}
	itss_summary_key(key, itss_status_name(r->status), r->date,
	    r->valid_until, itss_record_signoff(r), r->approved_on, r->kind,
	    any ? first->buf : NULL);
	return any;
}


/*
 * A record's row bound at parameter off + 1 onwards of st: its group key,
 * its documents joined and its digest are the caller's, alive until st
 * is stepped.
 */
#define RECORD_COLUMNS 18
static void
bind_record(sqlite3_stmt *st, int off, const struct itss_record *r, int bad,
    const struct itss_strbuf *docs, const unsigned char *dig)
{
	itss_sql_bind_text(st, off + 1, r->id);
	itss_sql_bind_text(st, off + 2, r->source);
	itss_sql_bind_int(st, off + 3, (int)r->line);
	itss_sql_bind_int(st, off + 4, (int)r->col);
	itss_sql_bind_text(st, off + 5, r->title);
	itss_sql_bind_text(st, off + 6, r->kind);
	itss_sql_bind_int(st, off + 7, r->date);
	if (r->valid_until == INT32_MAX)
		itss_sql_bind_null(st, off + 8);
	else
		itss_sql_bind_int(st, off + 8, r->valid_until);
	itss_sql_bind_text(st, off + 9, r->owner);
	itss_sql_bind_text(st, off + 10, itss_status_name(r->status));
	itss_sql_bind_int(st, off + 11, r->status_given);
	itss_sql_bind_text(st, off + 12, r->notes);
	itss_sql_bind_int(st, off + 13, bad);
	itss_sql_bind_text(st, off + 14, r->ndocuments ? docs->buf : NULL);
	itss_sql_bind_text(st, off + 15, r->approved_by);
	if (r->approved_on == INT32_MIN)
		itss_sql_bind_null(st, off + 16);
	else
		itss_sql_bind_int(st, off + 16, r->approved_on);
	itss_sql_bind_int(st, off + 17, (int)itss_record_signoff(r));
	if (sqlite3_bind_blob(st, off + 18, dig, ITSS_DIGEST_LEN, SQLITE_STATIC) !=
	    SQLITE_OK)
		itss_oom();
}

static void
join_documents(struct itss_strbuf *sb, const struct itss_record *r)
{
	size_t j;

	itss_strbuf_reset(sb);
	for (j = 0; j < r->ndocuments; j++) {
		if (j)
			itss_strbuf_addch(sb, '\n');
		itss_strbuf_addstr(sb, r->documents[j]);
	}
}

/* A record's scores, a row each. */
static int
write_scores(struct import *im, struct rows *b, const struct itss_record *r)
{
	sqlite3_stmt *st;
	size_t j;
	int rc;

	for (j = 0; j < r->nscores; j++) {
		const struct itss_score *sc = &r->scores[j];
		st = b->score;
		itss_sql_bind_text(st, 1, r->id);
		itss_sql_bind_text(st, 2, sc->table);
		itss_sql_bind_int(st, 3, (int)sc->item);
		itss_sql_bind_double(st, 4, sc->score);
		itss_sql_bind_text(st, 5, sc->remark);
		itss_sql_bind_text(st, 6, r->post);
		itss_sql_bind_text(st, 7, r->evaluator);
		if (r->period_from == INT32_MIN) {
			itss_sql_bind_null(st, 8);
			itss_sql_bind_null(st, 9);
		} else {
			itss_sql_bind_int(st, 8, r->period_from);
			itss_sql_bind_int(st, 9, r->period_to);
		}
		if ((rc = itss_sql_run(im->s, st, im->d)) < 0)
			return rc;
	}
	return 0;
}

/* A record's j-th cited file, bound at off + 1 onwards of st. */
#define FILE_COLUMNS 6
static void
bind_file(sqlite3_stmt *st, int off, const struct itss_record *r, size_t j)
{
	itss_sql_bind_text(st, off + 1, r->id);
	itss_sql_bind_text(st, off + 2, r->files[j].path);
	itss_sql_bind_text(st, off + 3, r->files[j].sha256);
	itss_sql_bind_text(st, off + 4, r->source);
	itss_sql_bind_int(st, off + 5, (int)r->files[j].line);
	itss_sql_bind_int(st, off + 6, (int)r->files[j].col);
}

static int
rows_stmt(struct import *im, sqlite3_stmt **cache, const char *head,
    int ncols, size_t n)
{
	struct itss_strbuf sql = ITSS_STRBUF_INIT;
	size_t i;
	int c, rc;

	if (cache[n])
		return 0;
	itss_strbuf_addstr(&sql, head);
	for (i = 0; i < n; i++) {
		itss_strbuf_addstr(&sql, i ? ", (?" : " (?");
		for (c = 1; c < ncols; c++)
			itss_strbuf_addstr(&sql, ", ?");
		itss_strbuf_addch(&sql, ')');
	}
	rc = itss_sql_prepare(im->s, &cache[n], sql.buf, im->d);
	itss_strbuf_release(&sql);
	return rc;
}

/* One record, its rows one statement each, with the groups it joins
 * touched (what changed, not all). */
static int
write_record(struct import *im, struct rows *b, const struct itss_record *r)
{
	unsigned char dig[ITSS_DIGEST_LEN];
	size_t j;
	int rc, bad = record_key(im, r, &im->key, &im->key_first,
	    &im->key_problem);

	join_documents(&im->docs, r);
	itss_record_digest(&im->dig, r, dig);
	bind_record(b->rec[1], 0, r, bad, &im->docs, dig);
	if ((rc = itss_sql_run(im->s, b->rec[1], im->d)) < 0)
		return rc;
	for (j = 0; j < r->nsatisfies; j++) {
		itss_sql_bind_text(b->req[1], 1, r->id);
		itss_sql_bind_text(b->req[1], 2, r->satisfies[j]);
		itss_sql_bind_text(b->req[1], 3, im->key.buf);
		if ((rc = itss_sql_run(im->s, b->req[1], im->d)) < 0)
			return rc;
		itss_sql_bind_text(b->touch, 1, r->satisfies[j]);
		itss_sql_bind_text(b->touch, 2, im->key.buf);
		if ((rc = itss_sql_run(im->s, b->touch, im->d)) < 0)
			return rc;
	}
	for (j = 0; j < r->nfiles; j++) {
		bind_file(b->file[1], 0, r, j);
		if ((rc = itss_sql_run(im->s, b->file[1], im->d)) < 0)
			return rc;
	}
	return write_scores(im, b, r);
}

static int
batch_flush_files(struct import *im, struct rows *b)
{
	sqlite3_stmt *st;
	size_t i;
	int rc;

	if (!b->nf)
		return 0;
	if ((rc = rows_stmt(im, b->file, ins_file, FILE_COLUMNS, b->nf)) < 0)
		return rc;
	st = b->file[b->nf];
	for (i = 0; i < b->nf; i++)
		bind_file(st, (int)i * FILE_COLUMNS, b->f[i].r, b->f[i].j);
	b->nf = 0;
	return itss_sql_run(im->s, st, im->d);
}

static int
batch_flush_requirements(struct import *im, struct rows *b)
{
	sqlite3_stmt *st;
	size_t i;
	int rc;

	if (!b->nq)
		return 0;
	if ((rc = rows_stmt(im, b->req, ins_requirement, 3, b->nq)) < 0)
		return rc;
	st = b->req[b->nq];
	for (i = 0; i < b->nq; i++) {
		itss_sql_bind_text(st, (int)i * 3 + 1, b->r[b->q[i].slot]->id);
		itss_sql_bind_text(st, (int)i * 3 + 2, b->q[i].requirement);
		itss_sql_bind_text(st, (int)i * 3 + 3, b->key[b->q[i].slot]->buf);
	}
	b->nq = 0;
	return itss_sql_run(im->s, st, im->d);
}

/* The records waiting, then their requirements and files (which point at
 * them: their keys are the records' slots'). */
static int
batch_flush(struct import *im, struct rows *b)
{
	sqlite3_stmt *st;
	size_t i;
	int rc;

	if (!b->n)
		return 0;
	if ((rc = rows_stmt(im, b->rec, ins_record, RECORD_COLUMNS, b->n)) < 0)
		return rc;
	st = b->rec[b->n];
	for (i = 0; i < b->n; i++)
		bind_record(st, (int)i * RECORD_COLUMNS, b->r[i], b->bad[i],
		    b->docs[i], b->dig[i]);
	b->n = 0;
	if ((rc = itss_sql_run(im->s, st, im->d)) < 0 ||
	    (rc = batch_flush_requirements(im, b)) < 0)
		return rc;
	return batch_flush_files(im, b);
}

/* The groups as the full path writes them (import_int.h): a table of
 * (requirement, key) with open addressing, grown at half full. */
static void
groups_grow(struct itss_group_counts *g)
{
	size_t i, nslot = g->nslot ? 2 * g->nslot : 1024;

	free(g->slot);
	g->slot = itss_xcalloc(nslot, sizeof(*g->slot));
	g->nslot = nslot;
	for (i = 0; i < g->n; i++) {
		size_t k = g->v[i].hash & (nslot - 1);
		while (g->slot[k])
			k = (k + 1) & (nslot - 1);
		g->slot[k] = i + 1;
	}
}

void
itss_group_counts_add(struct itss_group_counts *g, const char *requirement,
    const char *key, const char *record)
{
	size_t h = itss_hash_str(requirement) * 31 + itss_hash_str(key), k;
	struct itss_group_count *c;

	if (2 * (g->n + 1) > g->nslot)
		groups_grow(g);
	for (k = h & (g->nslot - 1); g->slot[k]; k = (k + 1) & (g->nslot - 1)) {
		c = &g->v[g->slot[k] - 1];
		if (c->hash == h && !strcmp(c->requirement, requirement) &&
		    !strcmp(c->key, key)) {
			c->n++;
			/* The first by id, as SQLite's min() orders text. */
			if (strcmp(record, c->first) < 0) {
				free(c->first);
				c->first = itss_xstrdup(record);
			}
			return;
		}
	}
	itss_xgrow((void **)&g->v, &g->alloc, g->n + 1, sizeof(*g->v));
	c = &g->v[g->n];
	c->requirement = itss_xstrdup(requirement);
	c->key = itss_xstrdup(key);
	c->first = itss_xstrdup(record);
	c->n = 1;
	c->hash = h;
	g->slot[k] = ++g->n;
}

void
itss_group_counts_release(struct itss_group_counts *g)
{
	size_t i;

	for (i = 0; i < g->n; i++) {
		free(g->v[i].requirement);
		free(g->v[i].key);
		free(g->v[i].first);
	}
	free(g->v);
	free(g->slot);
	memset(g, 0, sizeof(*g));
}

/*
 * With all, what a record's row needs besides its fields -- its group key,
 * its documents joined, its digest -- is made on a second thread, a chunk
 * of records ahead of the inserts: that work had been a fifth of a fresh
 * import's writing, on one core while the other stood idle. Two chunks,
 * each filled by the second thread, then written (and flushed, since the
 * statements bind its text) by this one, then filled again.
 */
#define CHUNK 1024
struct chunk {
	struct itss_strbuf key[CHUNK], docs[CHUNK];
	unsigned char dig[CHUNK][ITSS_DIGEST_LEN];
	int bad[CHUNK];
	size_t from, n;
	int full;
};

struct prep {
	struct import *im;
	struct chunk c[2];
	struct itss_strbuf first, problem, scratch;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int stop;			/* the writing failed: fill no more */
};

/* The chunks' lock: these fail only when misused, which is a bug. */
static void
prep_lock(struct prep *p)
{
	if (pthread_mutex_lock(&p->mu))
		abort();
}

static void
prep_unlock(struct prep *p)
{
	if (pthread_mutex_unlock(&p->mu))
		abort();
}

static void
prep_wait(struct prep *p)
{
	if (pthread_cond_wait(&p->cv, &p->mu))
		abort();
}

/* The other thread told, and the lock given up. */
static void
prep_wake(struct prep *p)
{
	if (pthread_cond_broadcast(&p->cv))
		abort();
	prep_unlock(p);
}

static void
chunk_fill(struct prep *p, struct chunk *c, size_t from)
{
	size_t i, n = p->im->set.nrecords - from;

	c->from = from;
	c->n = n < CHUNK ? n : CHUNK;
	for (i = 0; i < c->n; i++) {
		const struct itss_record *r = &p->im->set.records[from + i];
		/* im->files is only read meanwhile: the checks are done. */
		size_t j;
		c->bad[i] = record_key(p->im, r, &c->key[i], &p->first,
		    &p->problem);
		join_documents(&c->docs[i], r);
		itss_record_digest(&p->scratch, r, c->dig[i]);
		/* Only this thread counts, while the writing goes. */
		for (j = 0; j < r->nsatisfies; j++)
			itss_group_counts_add(&p->im->groups, r->satisfies[j],
			    c->key[i].buf, r->id);
	}
}

static void *
prep_run(void *arg)
{
	struct prep *p = arg;
	size_t from, k;

	for (from = 0, k = 0; from < p->im->set.nrecords; k++) {
		struct chunk *c = &p->c[k & 1];
		int stop;
		prep_lock(p);
		while (c->full && !p->stop)
			prep_wait(p);
		stop = p->stop;
		prep_unlock(p);
		if (stop)
			break;
		chunk_fill(p, c, from);
		from += c->n;
		prep_lock(p);
		c->full = 1;
		prep_wake(p);
	}
	return NULL;
}

static int
batch_record(struct import *im, struct rows *b, const struct itss_record *r,
    const struct chunk *c, size_t at)
{
	size_t slot, j;
	int rc;

	if (b->n == BATCH_RECORDS && (rc = batch_flush(im, b)) < 0)
		return rc;
	slot = b->n++;
	b->r[slot] = r;
	b->bad[slot] = c->bad[at];
	b->key[slot] = &c->key[at];
	b->docs[slot] = &c->docs[at];
	b->dig[slot] = c->dig[at];
	for (j = 0; j < r->nsatisfies; j++) {
		if (b->nq == BATCH_ROWS &&
		    (rc = batch_flush_requirements(im, b)) < 0)
			return rc;
		b->q[b->nq].requirement = r->satisfies[j];
		b->q[b->nq++].slot = slot;
	}
	for (j = 0; j < r->nfiles; j++) {
		if (b->nf == BATCH_ROWS && (rc = batch_flush_files(im, b)) < 0)
			return rc;
		b->f[b->nf].r = r;
		b->f[b->nf++].j = j;
	}
	return write_scores(im, b, r);
}

/* fn (init, release) on every buffer the preparing holds. */
static void
prep_bufs(struct prep *p, void (*fn)(struct itss_strbuf *))
{
	size_t i, k;

	for (k = 0; k < 2; k++)
		for (i = 0; i < CHUNK; i++) {
			fn(&p->c[k].key[i]);
			fn(&p->c[k].docs[i]);
		}
	fn(&p->first);
	fn(&p->problem);
	fn(&p->scratch);
}

/* Every record, the second thread preparing them (or, without one, this
 * thread each chunk in turn). */
static int
batch_all(struct import *im, struct rows *b)
{
	struct prep *p = itss_xcalloc(1, sizeof(*p));
	pthread_t th;
	size_t from, i, k;
	int rc = 0, threaded;

	p->im = im;
	prep_bufs(p, itss_strbuf_init);
	if (pthread_mutex_init(&p->mu, NULL))
		itss_oom();
	if (pthread_cond_init(&p->cv, NULL))
		itss_oom();
	threaded = im->set.nrecords > CHUNK &&
	    pthread_create(&th, NULL, prep_run, p) == 0;
	for (from = 0, k = 0; from < im->set.nrecords && rc == 0; k++) {
		struct chunk *c = &p->c[k & 1];
		if (threaded) {
			prep_lock(p);
			while (!c->full)
				prep_wait(p);
			prep_unlock(p);
		} else {
			chunk_fill(p, c, from);
		}
		for (i = 0; i < c->n && rc == 0; i++)
			rc = batch_record(im, b, &im->set.records[c->from + i], c, i);
		/* Its text is bound until the statements run; then its
		 * records are done with (what comes after them counts them,
		 * and the groups have their own strings). */
		if (rc == 0)
			rc = batch_flush(im, b);
		for (i = 0; i < c->n && rc == 0; i++)
			itss_evidence_record_clear(&im->set.records[c->from + i]);
		from += c->n;
		prep_lock(p);
		c->full = 0;
		p->stop = rc != 0;
		prep_wake(p);
	}
	if (threaded && pthread_join(th, NULL))
		abort();
	/* Every record written is counted, or the summaries cannot take
	 * the counts (im->counted is set by the full path's start). */
	if (rc)
		im->counted = 0;
	if (rc == 0) {
		/* And let go, the last of them. */
		im->written += im->set.nrecords;
		free(im->set.records);
		im->set.records = NULL;
		im->set.nrecords = im->set.arecords = 0;
	}
	if (pthread_cond_destroy(&p->cv) || pthread_mutex_destroy(&p->mu))
		abort();
	prep_bufs(p, itss_strbuf_release);
	free(p);
	return rc;
}

int
itss_import_write_records(struct import *im)
{
	struct rows *b = itss_xcalloc(1, sizeof(*b));
	size_t i;
	int rc;

	if ((rc = rows_stmt(im, b->rec, ins_record, RECORD_COLUMNS, 1)) < 0 ||
	    (rc = rows_stmt(im, b->req, ins_requirement, 3, 1)) < 0 ||
	    (rc = rows_stmt(im, b->file, ins_file, FILE_COLUMNS, 1)) < 0 ||
	    (rc = itss_sql_prepare(im->s, &b->score, "INSERT INTO record_scores("
	    "record, tbl, item, score, remark, post, evaluator, period_from, "
	    "period_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", im->d)) < 0 ||
	    (rc = itss_sql_prepare(im->s, &b->touch, "INSERT INTO temp.touched "
	    "VALUES (?, ?, 1) " ITSS_TOUCHED_ADD, im->d)) < 0)
		goto out;
	if (im->all)
		rc = batch_all(im, b);
	else
		for (i = 0; i < im->set.nrecords && rc == 0; i++)
			if (!im->kept[i])
				rc = write_record(im, b, &im->set.records[i]);
out:
	/* Statements stepped and reset: a finalize error would be one
	 * already told. */
	for (i = 0; i <= BATCH_RECORDS; i++)
		itss_sql_discard(b->rec[i]);
	for (i = 0; i <= BATCH_ROWS; i++) {
		itss_sql_discard(b->req[i]);
		itss_sql_discard(b->file[i]);
	}
	itss_sql_discard(b->score);
	itss_sql_discard(b->touch);
	free(b);
	return rc;
}
