/*
 * import_keep.c - part of phase 3: a record file edited keeps the rows of
 * its records that did not change. Each record's digest is kept with it
 * (records.digest); those of the same digest stay, moved in place when
 * lines above them came or went, and only the others go and come again,
 * with the summaries' delta of their groups alone.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "itss/hash.h"
#include "itss/i18n.h"
#include "import_int.h"

/* The statements of keeping, prepared once a write. */
enum {
	OLD_RECORDS, TOUCH_RECORD, DEL_RECORD_REQS, DEL_RECORD_FILES,
	DEL_RECORD_SCORES, DEL_RECORD, MOVE_RECORD, MOVE_RECORD_FILE,
	UPDATE_SOURCE, NKEEP
};

static const char *const keep_sql[NKEEP] = {
	/* Its records as indexed; one that changed or went leaves alone,
	 * its groups one fewer. */
	"SELECT id, digest FROM records WHERE source = ? ORDER BY id",
	("INSERT INTO temp.touched SELECT requirement, gkey, -1 FROM "
	"record_requirements WHERE record = ? " ITSS_TOUCHED_ADD),
	"DELETE FROM record_requirements WHERE record = ?",
	"DELETE FROM record_files WHERE record = ?",
	"DELETE FROM record_scores WHERE record = ?",
	"DELETE FROM records WHERE id = ?",
	/* One unchanged but moved in its file (lines above it came or went). */
	"UPDATE records SET line = ?, col = ?, digest = ? WHERE id = ?",
	"UPDATE record_files SET line = ?, col = ? WHERE record = ? AND path = ?",
	("UPDATE sources SET size = ?, mtime_ns = ?, ctime_ns = ?, ino = ?, "
	"sha256 = ?, invalid = 0 WHERE path = ?"),
};

struct itss_keep {
	sqlite3_stmt *q[NKEEP];
};

/*
 * A record's digest: the SHA-256 of everything the write stores of it --
 * its row, its requirements, its scores, its files -- but where it stands
 * in its file and what the files it cites make of it (its group and
 * whether one is bad: the write keeps those in step with the files, for
 * every record that cites one), then 8 bytes of a hash of where it stands
 * (its line and column, and its files'). Two records of one id with the
 * same first part are the same rows in the index; with the same second
 * part too, they are the same byte for byte. The values are laid end to
 * end, each string with its NUL (NULL as an empty one), and hashed once.
 */
static void
dig_int(struct itss_strbuf *sb, int64_t v)
{
	itss_strbuf_add_le64(sb, v);
}

static void
dig_str(struct itss_strbuf *sb, const char *s)
{
	itss_strbuf_add(sb, s ? s : "", s ? strlen(s) + 1 : 1);
}

static uint64_t
pos_mix(uint64_t h, int64_t v)
{
	unsigned char b[8];
	int i;

	for (i = 0; i < 8; i++)
		b[i] = (unsigned char)((uint64_t)v >> (8 * i));
	return itss_fnv1a(h, b, sizeof(b));
}

void
itss_record_digest(struct itss_strbuf *h, const struct itss_record *r,
    unsigned char out[ITSS_DIGEST_LEN])
{
	uint64_t pos = ITSS_FNV_INIT;
	size_t j;
	int i;

	itss_strbuf_reset(h);
	dig_str(h, r->id);
	dig_str(h, r->source);
	dig_str(h, r->title);
	dig_str(h, r->kind);
	dig_int(h, r->date);
	dig_int(h, r->valid_until);
	dig_str(h, r->owner);
	dig_str(h, itss_status_name(r->status));
	dig_int(h, r->status_given);
	dig_str(h, r->notes);
	dig_int(h, (int64_t)r->ndocuments);
	for (j = 0; j < r->ndocuments; j++)
		dig_str(h, r->documents[j]);
	dig_str(h, r->approved_by);
	dig_int(h, r->approved_on);
	dig_int(h, (int64_t)itss_record_signoff(r));
	dig_int(h, (int64_t)r->nsatisfies);
	for (j = 0; j < r->nsatisfies; j++)
		dig_str(h, r->satisfies[j]);
	dig_int(h, (int64_t)r->nscores);
	for (j = 0; j < r->nscores; j++) {
		const struct itss_score *sc = &r->scores[j];
		dig_str(h, sc->table);
		dig_int(h, (int64_t)sc->item);
		itss_strbuf_add(h, &sc->score, sizeof(sc->score));
		dig_str(h, sc->remark);
	}
	dig_str(h, r->post);
	dig_str(h, r->evaluator);
	dig_int(h, r->period_from);
	dig_int(h, r->period_to);
	dig_int(h, (int64_t)r->nfiles);
	pos = pos_mix(pos_mix(pos, r->line), r->col);
	for (j = 0; j < r->nfiles; j++) {
		dig_str(h, r->files[j].path);
		dig_str(h, r->files[j].sha256);
		pos = pos_mix(pos_mix(pos, r->files[j].line), r->files[j].col);
	}
	itss_sha256_raw(out, h->buf, h->len);
	for (i = 0; i < 8; i++)
		out[32 + i] = (unsigned char)(pos >> (8 * i));
}

/*
 * Keeping needs the set's records source by source, in the order of their
 * paths, as the import reads them; with them in any other order every
 * edited source is written anew (*out NULL).
 */
int
itss_keep_begin(struct import *im, struct itss_keep **out)
{
	struct itss_keep *k;
	size_t i;
	int rc = 0, j;

	*out = NULL;
	for (i = 1; i < im->set.nrecords; i++)
		if (strcmp(im->set.records[i - 1].source,
		    im->set.records[i].source) > 0)
			return 0;
	k = itss_xcalloc(1, sizeof(*k));
	for (j = 0; j < NKEEP && rc == 0; j++)
		rc = itss_sql_prepare(im->s, &k->q[j], keep_sql[j], im->d);
	if (rc < 0) {
		itss_keep_end(k);
		return rc;
	}
	*out = k;
	return 0;
}

void
itss_keep_end(struct itss_keep *k)
{
	int j;

	if (!k)
		return;
	/* Statements stepped and reset: a finalize error is one told. */
	for (j = 0; j < NKEEP; j++)
		itss_sql_discard(k->q[j]);
	free(k);
}

/* The set's records of path, first..last. */
static void
record_range(const struct import *im, const char *path, size_t *first,
    size_t *last)
{
	size_t lo = 0, hi = im->set.nrecords;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(im->set.records[mid].source, path) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	while (lo < im->set.nrecords && !strcmp(im->set.records[lo].source, path))
		lo++;
	*last = lo;
}

static int
cmp_id(const void *key, const void *elt)
{
	return strcmp(key, *(char *const *)elt);
}

int
itss_keep_source(struct itss_keep *k, struct import *im, struct source *src)
{
	struct {
		char *id;
		unsigned char dig[ITSS_DIGEST_LEN];
		int has, taken;
	} *old = NULL;
	sqlite3_stmt **q = k->q;
	char **ids = NULL;
	size_t nold = 0, aold = 0, i, j, first, last;
	int rc;

	itss_sql_bind_text(q[OLD_RECORDS], 1, src->path);
	while ((rc = sqlite3_step(q[OLD_RECORDS])) == SQLITE_ROW) {
		const void *d = sqlite3_column_blob(q[OLD_RECORDS], 1);
		itss_xgrow((void **)&old, &aold, nold + 1, sizeof(*old));
		old[nold].id = itss_sql_col_dup(q[OLD_RECORDS], 0);
		old[nold].has = d && sqlite3_column_bytes(q[OLD_RECORDS], 1) ==
		    ITSS_DIGEST_LEN;
		if (old[nold].has)
			memcpy(old[nold].dig, d, ITSS_DIGEST_LEN);
		old[nold].taken = 0;
		nold++;
	}
	(void)sqlite3_reset(q[OLD_RECORDS]);	/* returns the step's error */
	(void)sqlite3_clear_bindings(q[OLD_RECORDS]);
	if (rc != SQLITE_DONE) {
		rc = itss_sql_error(im->s, im->d, rc, N_("cannot read the index"));
		goto out;
	}
	rc = 0;
	ids = itss_xmalloc((nold ? nold : 1) * sizeof(*ids));
	for (i = 0; i < nold; i++)
		ids[i] = old[i].id;
	record_range(im, src->path, &first, &last);
	for (i = first; i < last; i++) {
		const struct itss_record *r = &im->set.records[i];
		unsigned char dig[ITSS_DIGEST_LEN];
		char **hit = bsearch(r->id, ids, nold, sizeof(*ids), cmp_id);

		if (!hit)
			continue;
		j = (size_t)(hit - ids);
		itss_record_digest(&im->dig, r, dig);
		if (!old[j].has || memcmp(dig, old[j].dig, 32))
			continue;	/* changed: goes, and comes again */
		old[j].taken = 1;
		im->kept[i] = 1;
		if (!memcmp(dig + 32, old[j].dig + 32, 8))
			continue;
		itss_sql_bind_int(q[MOVE_RECORD], 1, (int)r->line);
		itss_sql_bind_int(q[MOVE_RECORD], 2, (int)r->col);
		if (sqlite3_bind_blob(q[MOVE_RECORD], 3, dig, ITSS_DIGEST_LEN,
		    SQLITE_TRANSIENT) != SQLITE_OK)
			itss_oom();
		itss_sql_bind_text(q[MOVE_RECORD], 4, r->id);
		if ((rc = itss_sql_run(im->s, q[MOVE_RECORD], im->d)) < 0)
			goto out;
		for (j = 0; j < r->nfiles; j++) {
			itss_sql_bind_int(q[MOVE_RECORD_FILE], 1, (int)r->files[j].line);
			itss_sql_bind_int(q[MOVE_RECORD_FILE], 2, (int)r->files[j].col);
			itss_sql_bind_text(q[MOVE_RECORD_FILE], 3, r->id);
			itss_sql_bind_text(q[MOVE_RECORD_FILE], 4, r->files[j].path);
			if ((rc = itss_sql_run(im->s, q[MOVE_RECORD_FILE], im->d)) < 0)
				goto out;
		}
	}
	for (i = 0; i < nold; i++) {
		int s;
		if (old[i].taken)
			continue;
		for (s = TOUCH_RECORD; s <= DEL_RECORD; s++) {
			itss_sql_bind_text(q[s], 1, old[i].id);
			if ((rc = itss_sql_run(im->s, q[s], im->d)) < 0)
				goto out;
		}
	}
	/* Counted as gone and come again: the set holds the kept ones too. */
	im->removed_records += nold;
	itss_sql_bind_int64(q[UPDATE_SOURCE], 1, src->stamp.size);
	itss_sql_bind_int64(q[UPDATE_SOURCE], 2, src->stamp.mtime_ns);
	itss_sql_bind_int64(q[UPDATE_SOURCE], 3, src->stamp.ctime_ns);
	itss_sql_bind_int64(q[UPDATE_SOURCE], 4, src->stamp.ino);
	itss_sql_bind_text(q[UPDATE_SOURCE], 5, src->sha);
	itss_sql_bind_text(q[UPDATE_SOURCE], 6, src->path);
	if ((rc = itss_sql_run(im->s, q[UPDATE_SOURCE], im->d)) < 0)
		goto out;
	src->diffed = 1;
out:
	for (i = 0; i < nold; i++)
		free(old[i].id);
	free(old);
	free(ids);
	return rc;
}
