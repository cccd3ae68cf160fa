/*
 * evidence_set.c - what an evidence set owns, and its life: a record's
 * strings and arrays packed into one block once read, records and
 * judgements released, sets taken into others and filtered by source.
 */
#include <stdlib.h>
#include <string.h>

#include "itss/evidence.h"
#include "itss/util.h"
#include "evidence_int.h"

static void
record_release(struct itss_record *r)
{
	size_t j;

	if (r->block) {
		free(r->block);
		return;
	}
	free(r->id);
	free(r->title);
	free(r->kind);
	for (j = 0; j < r->nsatisfies; j++)
		free(r->satisfies[j]);
	free(r->satisfies);
	free(r->owner);
	free(r->notes);
	free(r->approved_by);
	for (j = 0; j < r->nfiles; j++) {
		free(r->files[j].path);
		free(r->files[j].sha256);
	}
	free(r->files);
	for (j = 0; j < r->ndocuments; j++)
		free(r->documents[j]);
	free(r->documents);
	free(r->evaluator);
	free(r->post);
	for (j = 0; j < r->nscores; j++) {
		free(r->scores[j].table);
		free(r->scores[j].remark);
	}
	free(r->scores);
	free(r->source);
}

/*
 * A record's strings and arrays moved into one block (r->block): read, a
 * record had held some fifteen allocations, each with malloc's own
 * overhead, and an import holds every record it reads until it writes
 * them -- a million at once. The arrays come first, each a multiple of
 * its alignment, then the strings.
 */
struct pack {
	char *at;
};

static size_t
pack_size(const char *s)
{
	return s ? strlen(s) + 1 : 0;
}

static char *
pack_str(struct pack *pk, const char *s)
{
	size_t n = pack_size(s);
	char *out;

	if (!s)
		return NULL;
	out = memcpy(pk->at, s, n);
	pk->at += n;
	return out;
}

static void *
pack_array(struct pack *pk, const void *v, size_t n, size_t size)
{
	void *out;

	if (!v)
		return NULL;
	out = pk->at;
	if (n)
		memcpy(out, v, n * size);
	pk->at += n * size;
	return out;
}

void
itss_record_pack(struct itss_record *r)
{
	struct itss_record old = *r;
	struct pack pk;
	size_t need, j;

	need = (r->satisfies ? r->nsatisfies * sizeof(*r->satisfies) : 0) +
	    (r->files ? r->nfiles * sizeof(*r->files) : 0) +
	    (r->documents ? r->ndocuments * sizeof(*r->documents) : 0) +
	    (r->scores ? r->nscores * sizeof(*r->scores) : 0) +
	    pack_size(r->id) + pack_size(r->title) + pack_size(r->kind) +
	    pack_size(r->owner) + pack_size(r->notes) +
	    pack_size(r->approved_by) + pack_size(r->evaluator) +
	    pack_size(r->post) + pack_size(r->source);
	for (j = 0; j < r->nsatisfies; j++)
		need += pack_size(r->satisfies[j]);
	for (j = 0; j < r->nfiles; j++)
		need += pack_size(r->files[j].path) +
		    pack_size(r->files[j].sha256);
	for (j = 0; j < r->ndocuments; j++)
		need += pack_size(r->documents[j]);
	for (j = 0; j < r->nscores; j++)
		need += pack_size(r->scores[j].table) +
		    pack_size(r->scores[j].remark);
	pk.at = r->block = itss_xmalloc(need ? need : 1);
	r->satisfies = pack_array(&pk, old.satisfies, r->nsatisfies,
	    sizeof(*r->satisfies));
	r->files = pack_array(&pk, old.files, r->nfiles, sizeof(*r->files));
	r->documents = pack_array(&pk, old.documents, r->ndocuments,
	    sizeof(*r->documents));
	r->scores = pack_array(&pk, old.scores, r->nscores, sizeof(*r->scores));
	r->id = pack_str(&pk, old.id);
	r->title = pack_str(&pk, old.title);
	r->kind = pack_str(&pk, old.kind);
	r->owner = pack_str(&pk, old.owner);
	r->notes = pack_str(&pk, old.notes);
	r->approved_by = pack_str(&pk, old.approved_by);
	r->evaluator = pack_str(&pk, old.evaluator);
	r->post = pack_str(&pk, old.post);
	r->source = pack_str(&pk, old.source);
	for (j = 0; j < r->nsatisfies; j++)
		r->satisfies[j] = pack_str(&pk, old.satisfies[j]);
	for (j = 0; j < r->nfiles; j++) {
		r->files[j].path = pack_str(&pk, old.files[j].path);
		r->files[j].sha256 = pack_str(&pk, old.files[j].sha256);
	}
	for (j = 0; j < r->ndocuments; j++)
		r->documents[j] = pack_str(&pk, old.documents[j]);
	for (j = 0; j < r->nscores; j++) {
		r->scores[j].table = pack_str(&pk, old.scores[j].table);
		r->scores[j].remark = pack_str(&pk, old.scores[j].remark);
	}
	record_release(&old);
}

void
itss_evidence_record_clear(struct itss_record *r)
{
	record_release(r);
	memset(r, 0, sizeof(*r));
}

static void
judgement_release(struct itss_judgement *jd)
{
	free(jd->requirement);
	free(jd->levels);
	free(jd->reason);
	free(jd->by);
	free(jd->source);
}

void
itss_evidence_set_release(struct itss_evidence_set *set)
{
	size_t i;

	for (i = 0; i < set->nrecords; i++)
		record_release(&set->records[i]);
	free(set->records);
	for (i = 0; i < set->njudgements; i++)
		judgement_release(&set->judgements[i]);
	free(set->judgements);
	memset(set, 0, sizeof(*set));
}

void
itss_evidence_set_take(struct itss_evidence_set *to,
    struct itss_evidence_set *from)
{
	if (from->nrecords) {
		itss_xgrow((void **)&to->records, &to->arecords, to->nrecords +
		    from->nrecords, sizeof(*to->records));
		memcpy(to->records + to->nrecords, from->records,
		    from->nrecords * sizeof(*from->records));
		to->nrecords += from->nrecords;
	}
	if (from->njudgements) {
		itss_xgrow((void **)&to->judgements, &to->ajudgements,
		    to->njudgements + from->njudgements, sizeof(*to->judgements));
		memcpy(to->judgements + to->njudgements, from->judgements,
		    from->njudgements * sizeof(*from->judgements));
		to->njudgements += from->njudgements;
	}
	free(from->records);
	free(from->judgements);
	memset(from, 0, sizeof(*from));
}

void
itss_evidence_set_keep(struct itss_evidence_set *set,
    int (*keep)(void *ctx, const char *source), void *ctx)
{
	size_t i, n;

	for (i = n = 0; i < set->nrecords; i++)
		if (keep(ctx, set->records[i].source))
			set->records[n++] = set->records[i];
		else
			record_release(&set->records[i]);
	set->nrecords = n;
	for (i = n = 0; i < set->njudgements; i++)
		if (keep(ctx, set->judgements[i].source))
			set->judgements[n++] = set->judgements[i];
		else
			judgement_release(&set->judgements[i]);
	set->njudgements = n;
}
