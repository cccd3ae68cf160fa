/*
 * import_stream.c - the full path (a new index, a new model): phases 2
 * and 3 of the records a batch of sources at a time, so that an import
 * holds one batch of records, not the repository's (import_int.h).
 *
 * A batch is read, checked as the whole repository is on the other path
 * -- its ids against each other and against the batches before, its cited
 * files looked at (each file once, the first time a batch cites it), the
 * citers of refused files made invalid -- and its valid records written
 * and let go. What the batches before leave behind is what the next ones
 * are checked against: a hash of every id claimed, the index itself for
 * the records written, and, rarely, the ids of records claimed but not in
 * it (their source made invalid after their ids were claimed); and the
 * findings, told at the end in the order the other path tells them.
 *
 * Batches come in the order of the sources' paths, so an id used twice
 * is told as the whole-repository check tells it: the first use names
 * the second, every other use the first. A source of an earlier batch
 * made invalid by a later one (an id both use) has its rows taken out
 * again.
 */
#include <stdlib.h>
#include <string.h>

#include "itss/i18n.h"
#include "import_int.h"

/*
 * Sources read to a batch: about 8 MiB of their bytes, some 16 MiB of
 * records in memory -- large enough that a batch's own costs (its threads,
 * its statements) are lost in its work, small beside SQLite's page cache.
 */
#define BATCH_BYTES (8u << 20)

/* Where a use of an id in v came from, besides the batch (off == 0). */
#define FROM_INDEX SIZE_MAX

static uint64_t
id_hash(const char *id)
{
	uint64_t h = itss_fnv1a(ITSS_FNV_INIT, id, strlen(id));

	return h ? h : 1;	/* 0 marks an empty slot */
}

static void
seen_add(struct import *im, const char *id)
{
	uint64_t h = id_hash(id);
	size_t k;

	if (2 * (im->nseen + 1) > (im->seen ? im->seen_mask + 1 : 0)) {
		size_t nslot = im->seen ? 2 * (im->seen_mask + 1) : 4096, i;
		uint64_t *old = im->seen;
		im->seen = itss_xcalloc(nslot, sizeof(*im->seen));
		for (i = 0; old && i <= im->seen_mask; i++) {
			if (!old[i])
				continue;
			for (k = old[i] & (nslot - 1); im->seen[k];
			    k = (k + 1) & (nslot - 1))
				;
			im->seen[k] = old[i];
		}
		free(old);
		im->seen_mask = nslot - 1;
	}
	for (k = h & im->seen_mask; im->seen[k]; k = (k + 1) & im->seen_mask)
		if (im->seen[k] == h)
			return;
	im->seen[k] = h;
	im->nseen++;
}

static int
seen_has(const struct import *im, const char *id)
{
	uint64_t h;
	size_t k;

	if (!im->seen)
		return 0;
	h = id_hash(id);
	for (k = h & im->seen_mask; im->seen[k]; k = (k + 1) & im->seen_mask)
		if (im->seen[k] == h)
			return 1;
	return 0;
}

static int
cmp_off(const void *a, const void *b)
{
	return strcmp(((const struct id_at *)a)->id,
	    ((const struct id_at *)b)->id);
}

static struct id_at *
push(struct id_at **v, size_t *n, size_t *alloc)
{
	itss_xgrow((void **)v, alloc, *n + 1, sizeof(**v));
	memset(&(*v)[*n], 0, sizeof(**v));
	return &(*v)[(*n)++];
}

/*
 * The other uses of id the batches before claimed: in the index (one
 * lookup), or among those kept aside. Only for ids the hash has seen.
 */
static int
earlier_uses(struct import *im, sqlite3_stmt *look, const char *id,
    struct id_at **v, size_t *n, size_t *alloc)
{
	struct id_at key, *o;
	int rc;

	itss_sql_bind_text(look, 1, id);
	if ((rc = itss_sql_row(im->s, look, N_("cannot read the index"),
	    im->d)) > 0) {
		struct source *src = itss_source_find(im->found.v, im->found.n,
		    (const char *)sqlite3_column_text(look, 0));
		if (src) {
			o = push(v, n, alloc);
			o->id = id;
			o->src = src;
			o->line = (unsigned)sqlite3_column_int(look, 1);
			o->col = (unsigned)sqlite3_column_int(look, 2);
			o->off = FROM_INDEX;
		}
	}
	(void)sqlite3_reset(look);	/* an error of the step is told */
	if (rc < 0)
		return rc;
	if (!im->noff)
		return 0;
	if (!im->off_sorted) {
		qsort(im->off, im->noff, sizeof(*im->off), cmp_off);
		im->off_sorted = 1;
	}
	key.id = id;
	if (!(o = bsearch(&key, im->off, im->noff, sizeof(*im->off), cmp_off)))
		return 0;
	while (o > im->off && !strcmp(o[-1].id, id))
		o--;
	for (; o < im->off + im->noff && !strcmp(o->id, id); o++) {
		size_t at = (size_t)(o - im->off);
		struct id_at *e = push(v, n, alloc);
		*e = *o;
		e->off = at + 1;
	}
	return 0;
}

/*
 * The batch's record ids, against each other and the batches before:
 * *v the uses, sorted (kept for what follows the file checks). A source
 * of an earlier batch made invalid here has its rows taken out.
 */
static int
claim_batch(struct import *im, sqlite3_stmt *look, struct id_at **v,
    size_t *nv)
{
	size_t i, n = 0, alloc = 0;
	struct source *src = NULL;
	int rc = 0;

	*v = NULL;
	for (i = 0; i < im->set.nrecords && rc == 0; i++) {
		const struct itss_record *r = &im->set.records[i];
		struct id_at *e;
		if (!src || strcmp(src->path, r->source))
			src = itss_source_find(im->found.v, im->found.n, r->source);
		/* Records of files already invalid take no part. */
		if (!src || src->invalid)
			continue;
		e = push(v, &n, &alloc);
		e->id = r->id;
		e->src = src;
		e->line = r->line;
		e->col = r->col;
		if (seen_has(im, r->id))
			rc = earlier_uses(im, look, r->id, v, &n, &alloc);
	}
	if (rc < 0)
		return rc;
	*nv = n = itss_import_claim(im, *v, n, 0);
	for (i = 0; i < n; i++)
		if ((*v)[i].off && (*v)[i].off != FROM_INDEX)
			im->off[(*v)[i].off - 1].told = (*v)[i].told;
	for (i = 0; i < n && rc == 0; i++)
		if ((*v)[i].off == FROM_INDEX && (*v)[i].src->invalid)
			rc = itss_import_unwrite(im, (*v)[i].src, *v, n);
	return rc;
}

/*
 * After the file checks: the batch's uses whose source is now invalid are
 * kept aside (the index will not have them), and every id of the batch
 * goes into the hash.
 */
static void
remember(struct import *im, const struct id_at *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct id_at *o;
		if (v[i].off)
			continue;
		seen_add(im, v[i].id);
		if (!v[i].src->invalid)
			continue;
		o = push(&im->off, &im->noff, &im->aoff);
		*o = v[i];
		o->id = itss_arena_strndup(&im->kept_strings, v[i].id,
		    strlen(v[i].id));
		im->off_sorted = 0;
	}
}

/* The batch's findings, held to be told in order at the end. */
static void
hold_findings(struct import *im)
{
	size_t i;

	for (i = 0; i < im->ncit; i++) {
		const struct citation *c = &im->cit[i];
		struct cited *f = itss_import_cited(im, c->path);
		char *msg = itss_import_finding(c, f);
		struct held_finding *h;

		if (!msg)
			continue;
		itss_xgrow((void **)&im->held, &im->aheld, im->nheld + 1,
		    sizeof(*im->held));
		h = &im->held[im->nheld++];
		h->src = itss_source_find(im->found.v, im->found.n, c->source);
		h->line = c->line;
		h->col = c->col;
		h->path = f->path;
		h->record = itss_xstrdup(c->record);
		h->message = msg;
	}
}

static int
cmp_held(const void *a, const void *b)
{
	const struct held_finding *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	if (!c)
		c = strcmp(x->record, y->record);
	if (!c && x->src != y->src)
		c = x->src < y->src ? -1 : 1;
	if (!c)
		c = (x->line > y->line) - (x->line < y->line);
	return c ? c : (x->col > y->col) - (x->col < y->col);
}

/* The findings of the sources still valid, told (as warnings). */
static size_t
tell_findings(struct import *im)
{
	size_t i, n = 0;

	if (im->nheld > 1)
		qsort(im->held, im->nheld, sizeof(*im->held), cmp_held);
	im->findings_from = im->d->n;
	for (i = 0; i < im->nheld; i++) {
		const struct held_finding *h = &im->held[i];
		if (!h->src || h->src->invalid)
			continue;
		itss_diags_add(im->d, ITSS_WARNING, h->src->path, h->line, h->col,
		    "%s", h->message);
		n++;
		itss_xgrow((void **)&im->finding_paths, &im->afinding_paths, n,
		    sizeof(*im->finding_paths));
		im->finding_paths[n - 1] = h->path;
	}
	im->findings_to = im->d->n;
	return n;
}

void
itss_import_told(struct import *im, int phase, const char *k1, const char *k2)
{
	struct told_at *t;

	if (!im->streamed)
		return;
	itss_xgrow((void **)&im->told, &im->atold, im->ntold + 1,
	    sizeof(*im->told));
	t = &im->told[im->ntold++];
	t->diag = im->d->n - 1;
	t->phase = phase;
	t->k1 = itss_xstrdup(k1);
	t->k2 = k2 ? itss_xstrdup(k2) : NULL;
}

struct told_slot {
	size_t diag;
	const struct told_at *t;	/* NULL: phase 0 */
	const struct itss_diag *g;
};

static int
cmp_told(const void *a, const void *b)
{
	const struct told_slot *x = a, *y = b;
	int px = x->t ? x->t->phase : 0, py = y->t ? y->t->phase : 0, c = 0;

	if (px != py)
		return px < py ? -1 : 1;
	if (px == 1 || px == 3)
		c = strcmp(x->t->k1, y->t->k1);
	if (!c && px == 1) {
		c = strcmp(x->g->file, y->g->file);
		if (!c)
			c = (x->g->line > y->g->line) - (x->g->line < y->g->line);
		if (!c)
			c = (x->g->col > y->g->col) - (x->g->col < y->g->col);
	}
	if (!c && px == 3)
		c = strcmp(x->t->k2, y->t->k2);
	return c ? c : (x->diag > y->diag) - (x->diag < y->diag);
}

static int
cmp_refusal(const void *a, const void *b)
{
	size_t x = ((const struct refusal *)a)->diag,
	    y = ((const struct refusal *)b)->diag;

	return (x > y) - (x < y);
}

/*
 * The import's diagnostics in the order one batch would have told them,
 * whatever the batches: what reading told, in the order of the sources,
 * then the checks' errors, each kind in the order of its keys.
 */
static void
reorder(struct import *im)
{
	struct itss_diags *d = im->d;
	size_t n = d->n - im->d_from, i, *moved;
	struct told_slot *v;
	struct itss_diag *g;

	if (!im->ntold)
		return;
	v = itss_xcalloc(n, sizeof(*v));
	for (i = 0; i < n; i++) {
		v[i].diag = im->d_from + i;
		v[i].g = &d->v[im->d_from + i];
	}
	for (i = 0; i < im->ntold; i++)
		v[im->told[i].diag - im->d_from].t = &im->told[i];
	qsort(v, n, sizeof(*v), cmp_told);
	g = itss_xcalloc(n, sizeof(*g));
	moved = itss_xcalloc(n, sizeof(*moved));
	for (i = 0; i < n; i++) {
		g[i] = d->v[v[i].diag];
		moved[v[i].diag - im->d_from] = im->d_from + i;
	}
	memcpy(d->v + im->d_from, g, n * sizeof(*g));
	for (i = 0; i < im->nrefusals; i++)
		im->refusals[i].diag = moved[im->refusals[i].diag - im->d_from];
	/* write_errors walks the refusals in the order of their errors. */
	if (im->nrefusals > 1)
		qsort(im->refusals, im->nrefusals, sizeof(*im->refusals),
		    cmp_refusal);
	free(moved);
	free(g);
	free(v);
}

/* One batch: the sources todo[0..n), read, checked and written. */
static int
batch(struct import *im, struct itss_import_stats *stats, sqlite3_stmt *look,
    const size_t *todo, size_t n, size_t base, size_t total, int last)
{
	struct id_at *v = NULL;
	size_t nv = 0;
	int rc;

	if ((rc = itss_import_read(im, stats, todo, n, base, total)) < 0 ||
	    (rc = claim_batch(im, look, &v, &nv)) < 0)
		goto out;
	/* The judgements are few, and kept to the end: checked there. */
	if (last && (rc = itss_import_claim_judgements(im)) < 0)
		goto out;
	itss_import_gather_cited(im);
	if ((rc = itss_import_check_files(im, stats)) == ITSS_EIO)
		goto out;
	itss_import_refuse_citers(im);
	remember(im, v, nv);
	itss_import_drop_invalid(im);
	hold_findings(im);
	im->ncit = 0;		/* they point into the records */
	rc = itss_import_write_records(im);
out:
	free(v);
	return rc < 0 ? rc : 0;
}

/* The batch's bytes: BATCH_BYTES, or ITSS_IMPORT_BATCH_BYTES (for the
 * tests, which show small repositories read in many batches). */
static uint64_t
batch_bytes(void)
{
	const char *env = getenv("ITSS_IMPORT_BATCH_BYTES");
	char *end;
	unsigned long long v;

	if (!env || !*env)
		return BATCH_BYTES;
	v = strtoull(env, &end, 10);
	return *end || !v ? BATCH_BYTES : (uint64_t)v;
}

int
itss_import_stream(struct import *im, struct itss_import_stats *stats)
{
	sqlite3_stmt *look = NULL;
	size_t *todo = itss_xcalloc(im->found.n + 1, sizeof(*todo));
	size_t i, n = 0, from, to;
	uint64_t limit = batch_bytes();
	int rc;

	im->counted = 1;
	for (i = 0; i < im->found.n; i++)
		if (im->found.v[i].state != SAME)
			todo[n++] = i;
	if ((rc = itss_import_load_known_files(im)) < 0)
		goto out;
	/* With nothing to read, the write has nothing to begin early. */
	if (n && ((rc = itss_import_write_start(im)) < 0 ||
	    (rc = itss_sql_prepare(im->s, &look, "SELECT source, line, col FROM "
	    "records WHERE id = ?", im->d)) < 0))
		goto out;
	im->streamed = n > 0;
	for (from = 0; from < n && rc == 0; from = to) {
		uint64_t bytes = 0;
		for (to = from; to < n && (to == from || bytes < limit); to++)
			bytes += (uint64_t)im->found.v[todo[to]].stamp.size;
		rc = batch(im, stats, look, todo + from, to - from, from, n,
		    to == n);
	}
	if (rc < 0)
		goto out;
	/* The files the index knows that no batch cited: looked at too. */
	if ((rc = itss_import_check_files(im, stats)) == ITSS_EIO)
		goto out;
	rc = 0;
	reorder(im);
	if (!itss_import_errors_placed(im)) {
		rc = ITSS_EINPUT;
		goto out;
	}
	stats->findings = tell_findings(im);
out:
	itss_sql_discard(look);
	free(todo);
	return rc;
}
