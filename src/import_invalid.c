/*
 * import_invalid.c - which sources an import holds invalid, and what it
 * tells again: ids used twice (checked against the index one lookup
 * each), records citing refused files, what invalid sources hold left
 * out; and, while nothing changes, the invalid sources' errors and the
 * findings the index keeps (import_int.h).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "itss/i18n.h"
#include "import_int.h"

/*
 * Ids unique across the repository, one judgement per requirement. An id
 * used twice says nothing sure of either record: every file that uses it
 * is invalid until one changes, whichever came first -- so the same files
 * give the same valid set, whatever the index held and in any order.
 * Records of files already invalid take no part.
 */
static int
cmp_id_at(const void *a, const void *b)
{
	const struct id_at *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	if (c)
		return c;
	/* found is sorted by path: its order is the paths' order. */
	if (x->src != y->src)
		return x->src < y->src ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return (x->col > y->col) - (x->col < y->col);
}

size_t
itss_import_claim(struct import *im, struct id_at *v, size_t n, int judgements)
{
	size_t i, j, k;

	/* A register is often in the order of its ids already: then one
	 * pass, not a sort (a tenth of a 200,000-row import's checks). */
	for (i = 1; i < n && cmp_id_at(&v[i - 1], &v[i]) <= 0; i++)
		;
	if (i < n)
		qsort(v, n, sizeof(*v), cmp_id_at);
	/* One kept record found by two new ones: one entry. */
	for (i = j = 0; i < n; i++)
		if (!j || cmp_id_at(&v[i], &v[j - 1]))
			v[j++] = v[i];
	n = j;
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && !strcmp(v[j].id, v[i].id); j++)
			;
		if (j - i < 2)
			continue;
		for (k = i; k < j; k++) {
			const struct id_at *o = &v[k == i ? i + 1 : i];
			/* Told by an earlier batch, with the same other use:
			 * batches come in the order of their paths. */
			if (v[k].told)
				continue;
			v[k].told = 1;
			if (judgements && !strncmp(v[k].id, "item:", 5)) {
				itss_diags_add(im->d, ITSS_ERROR, v[k].src->path,
				    v[k].line, v[k].col, _("item %s also has a "
				    "judgement at %s:%u:%u; keep one (a requirement's "
				    "own may stand beside it): neither counts until "
				    "then"), v[k].id + 5, o->src->path, o->line, o->col);
				itss_import_told(im, 2, v[k].id, NULL);
				v[k].src->invalid = 1;
				continue;
			}
			itss_diags_add(im->d, ITSS_ERROR, v[k].src->path, v[k].line,
			    v[k].col, judgements ? _("requirement %s also has a "
			    "judgement at %s:%u:%u; keep one: neither counts until "
			    "then") : _("record id '%s' is also used at %s:%u:%u; ids "
			    "are unique in the repository: neither record counts "
			    "until one changes"), v[k].id, o->src->path, o->line,
			    o->col);
			itss_import_told(im, judgements ? 2 : 1, v[k].id, NULL);
			v[k].src->invalid = 1;
		}
	}
	return n;
}

/*
 * The index's record (or judgement) of id, when it comes from a source
 * kept as it was: an entry for claim(). 1 found, 0 not, or an error.
 */
static int
kept_with(struct import *im, sqlite3_stmt *st, const char *id,
    struct id_at *out)
{
	int rc;

	itss_sql_bind_text(st, 1, id);
	if ((rc = itss_sql_row(im->s, st, N_("cannot read the index"), im->d)) > 0) {
		struct source *src = itss_source_find(im->found.v, im->found.n,
		    (const char *)sqlite3_column_text(st, 0));
		rc = src && src->state == SAME && !src->invalid;
		if (rc) {
			out->id = id;
			out->src = src;
			out->line = (unsigned)sqlite3_column_int(st, 1);
			out->col = (unsigned)sqlite3_column_int(st, 2);
		}
	}
	(void)sqlite3_reset(st);	/* an error of the step is told */
	return rc;
}

/*
 * The ids of the records and judgements read, against each other and,
 * one lookup each, against those the index keeps: only the ids that were
 * read are looked at, not every id in the repository.
 */
static int
claim_pass(struct import *im, int pass)
{
	size_t nn = pass ? im->set.njudgements : im->set.nrecords;
	struct id_at *v = itss_xcalloc(2 * nn + 1, sizeof(*v));
	size_t i, n = 0;
	sqlite3_stmt *st;
	int rc;

	if ((rc = itss_sql_prepare(im->s, &st, pass ? "SELECT source, line, "
	    "col FROM judgements WHERE requirement = ?" : "SELECT source, "
	    "line, col FROM records WHERE id = ?", im->d)) < 0) {
		free(v);
		return rc;
	}
	for (i = 0; i < nn && rc >= 0; i++) {
		const char *source;
		if (pass) {
			const struct itss_judgement *jd = &im->set.judgements[i];
			v[n].id = jd->requirement;
			source = jd->source;
			v[n].line = jd->line;
			v[n].col = jd->col;
		} else {
			const struct itss_record *r = &im->set.records[i];
			v[n].id = r->id;
			source = r->source;
			v[n].line = r->line;
			v[n].col = r->col;
		}
		/* A file's records come together: its source once. */
		v[n].src = n && v[n - 1].src &&
		    !strcmp(v[n - 1].src->path, source) ? v[n - 1].src :
		    itss_source_find(im->found.v, im->found.n, source);
		if (!v[n].src || v[n].src->invalid)
			continue;
		n++;
		/* With all, no source is kept as it was. */
		if (!im->all &&
		    (rc = kept_with(im, st, v[n - 1].id, &v[n])) > 0)
			n++;
	}
	itss_sql_discard(st);
	if (rc >= 0) {
		rc = 0;
		(void)itss_import_claim(im, v, n, pass);
	}
	free(v);
	return rc;
}

int
itss_import_claim_ids(struct import *im)
{
	int rc = claim_pass(im, 0);

	return rc < 0 ? rc : claim_pass(im, 1);
}

int
itss_import_claim_judgements(struct import *im)
{
	return claim_pass(im, 1);
}

/* Is the source at path valid (for itss_evidence_set_keep)? */
static int
source_valid(void *ctx, const char *path)
{
	struct import *im = ctx;
	const struct source *src = itss_source_find(im->found.v, im->found.n,
	    path);

	return !src || !src->invalid;
}

/*
 * Leave out what invalid sources hold: records and judgements read, and
 * citations kept from the index. A source the index has as valid
 * is written again (as invalid). The citations go first: those of records
 * read point into them.
 */
void
itss_import_drop_invalid(struct import *im)
{
	size_t i, n = 0;

	for (i = 0; i < im->found.n && !im->found.v[i].invalid; i++)
		;
	if (i == im->found.n)
		return;		/* the usual case: nothing to drop */
	for (i = 0; i < im->ncit; i++)
		if (source_valid(im, im->cit[i].source))
			im->cit[n++] = im->cit[i];
	im->ncit = n;
	itss_evidence_set_keep(&im->set, source_valid, im);
	for (i = 0; i < im->found.n; i++)
		if (im->found.v[i].invalid && im->found.v[i].state == SAME)
			im->found.v[i].state = CHANGED;
}

/*
 * A cited file refused (a way out of the repository, not a regular file)
 * is never followed, and every record citing it makes its source invalid,
 * with the error where the record names the file.
 */
void
itss_import_refuse_citers(struct import *im)
{
	size_t i;

	for (i = 0; i < im->ncit; i++) {
		const struct citation *c = &im->cit[i];
		struct cited key, *f;
		struct source *src;
		struct refusal *rf;

		key.path = (char *)c->path;
		f = im->nfiles ? bsearch(&key, im->files, im->nfiles,
		    sizeof(*im->files), itss_cited_cmp) : NULL;
		if (!f || !f->refused)
			continue;
		itss_diags_add(im->d, ITSS_ERROR, c->source, c->line, c->col,
		    _("record '%s' cites '%s': %s"), c->record, c->path, _(f->refused));
		itss_import_told(im, 3, c->path, c->record);
		if ((src = itss_source_find(im->found.v, im->found.n, c->source)))
			src->invalid = 1;
		itss_xgrow((void **)&im->refusals, &im->arefusals,
		    im->nrefusals + 1, sizeof(*im->refusals));
		rf = &im->refusals[im->nrefusals++];
		rf->diag = im->d->n - 1;
		rf->cited = itss_xstrdup(c->path);
	}
}

int
itss_import_replay_findings(struct import *im, size_t *n)
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
	return itss_sql_done(im->s, st, rc, N_("cannot read the index"), im->d);
}

/*
 * The invalid sources' errors, told again while nothing changes, and how
 * many sources they are.
 */
int
itss_import_replay_errors(struct import *im, size_t *n)
{
	sqlite3_stmt *st;
	size_t i;
	int rc;

	if ((rc = itss_sql_prepare(im->s, &st, "SELECT e.source, e.line, e.col, "
	    "e.message FROM source_errors e JOIN sources s ON s.path = e.source "
	    "ORDER BY s.path, e.rowid", im->d)) < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		itss_diags_add(im->d, ITSS_ERROR, (const char *)
		    sqlite3_column_text(st, 0), (unsigned)sqlite3_column_int(st, 1),
		    (unsigned)sqlite3_column_int(st, 2), "%s",
		    (const char *)sqlite3_column_text(st, 3));
	if ((rc = itss_sql_done(im->s, st, rc, N_("cannot read the index"),
	    im->d)) < 0)
		return rc;
	/* Counted from the sources the index has, read already. */
	if (im->indexed_blob) {
		*n = im->cached_invalid;
		return 0;
	}
	for (*n = 0, i = 0; i < im->nindexed; i++)
		*n += (size_t)im->indexed[i].invalid;
	return 0;
}

/*
 * Do the cited files refused at the last import stay refused? A refusal
 * can end (the link replaced by the file) while no source changes. 1 yes,
 * 0 no, or an error.
 */
int
itss_import_refusals_hold(struct import *im)
{
	sqlite3_stmt *st;
	int rc, hold = 1;

	if ((rc = itss_sql_prepare(im->s, &st, "SELECT DISTINCT cited FROM "
	    "source_errors WHERE cited IS NOT NULL", im->d)) < 0)
		return rc;
	while (hold && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *why;
		struct stat sb;
		int missing, fd = itss_repo_open_file(im->r, (const char *)
		    sqlite3_column_text(st, 0), &sb, &why, &missing);
		if (fd >= 0)
			close(fd);
		hold = fd < 0 && !missing;
	}
	if (!hold) {
		itss_sql_discard(st);
		return 0;
	}
	if ((rc = itss_sql_done(im->s, st, rc, N_("cannot read the index"),
	    im->d)) < 0)
		return rc;
	return 1;
}

/*
 * On the full path the invalid sources are read again, even unchanged:
 * what made them invalid (an id another file used, a refused file) may
 * have gone with the change.
 */
void
itss_import_reread_invalid(struct import *im)
{
	size_t i;

	for (i = 0; i < im->found.n; i++)
		if (im->found.v[i].was_invalid && im->found.v[i].state == SAME)
			im->found.v[i].state = CHANGED;
}

/*
 * Did every error of this import land in an invalid source? Then the
 * import goes on without them; any other is an input error.
 */
int
itss_import_errors_placed(struct import *im)
{
	size_t i;

	for (i = im->d_from; i < im->d->n; i++) {
		const struct itss_diag *g = &im->d->v[i];
		const struct source *src;
		if (g->severity != ITSS_ERROR)
			continue;
		src = g->file ? itss_source_find(im->found.v, im->found.n,
		    g->file) : NULL;
		if (!src || !src->invalid)
			return 0;
	}
	return 1;
}
