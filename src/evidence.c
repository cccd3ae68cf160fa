/*
 * evidence.c - reading evidence records (YAML, CSV); judgements.c reads
 * the judgements and checks ids across files; evidence_set.c holds what a
 * set owns.
 *
 * YAML and CSV records are first turned into the same raw form -- each key
 * with its text or list of texts and where they were written -- and then
 * checked by one function, so the two formats cannot drift apart in what
 * they accept.
 */
#include <stdlib.h>
#include <string.h>

#include "itss/i18n.h"
#include "itss/evidence.h"
#include "itss/hash.h"
#include "itss/repo.h"
#include "itss/yaml.h"
#include "evidence_int.h"

#define RECORD_KEYS "id", "title", "kind", "satisfies", "date", \
	"valid_until", "owner", "status", "files", "notes", "documents", \
	"approved_by", "approved_on"
const char *const itss_record_keys[NFIELDS + 1] = { RECORD_KEYS, NULL };
/* In YAML, an evaluation's besides. */
static const char *const yaml_record_keys[] = { RECORD_KEYS, "period",
	"evaluator", "post", "scores", NULL };

void
itss_raw_release(struct raw_record *r)
{
	size_t i, j;

	for (i = 0; i < NFIELDS; i++) {
		free(r->f[i].one.text);
		for (j = 0; j < r->f[i].n; j++) {
			free(r->f[i].items[j].text);
			free(r->f[i].items[j].sha256);
		}
		free(r->f[i].items);
	}
	memset(r, 0, sizeof(*r));
}

void
itss_raw_add_item(struct raw_field *f, const char *text, size_t len,
    const char *sha, unsigned line, unsigned col)
{
	f->items = itss_xrealloc(f->items, (f->n + 1) * sizeof(*f->items));
	f->items[f->n].text = itss_xstrndup(text, len);
	f->items[f->n].sha256 = sha ? itss_xstrdup(sha) : NULL;
	f->items[f->n].line = line;
	f->items[f->n].col = col;
	f->n++;
}

static const char *const status_names[] = { N_("draft"), N_("approved"),
	N_("superseded"), N_("rejected") };
static const char *const state_names[] = { N_("ok"), N_("missing"),
	N_("altered"), N_("unstable") };
static const char *const verdict_names[] = { N_("not_applicable"),
	N_("conform"), N_("nonconform") };
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *
itss_status_name(enum itss_record_status s)
{
	return status_names[s];
}

int
itss_status_parse(enum itss_record_status *out, const char *s)
{
	int i = itss_name_index(status_names, COUNT(status_names), s);

	if (i >= 0)
		*out = (enum itss_record_status)i;
	return i < 0 ? -1 : 0;
}

const char *
itss_file_state_name(enum itss_file_state s)
{
	return state_names[s];
}

int
itss_file_state_parse(enum itss_file_state *out, const char *s)
{
	int i = itss_name_index(state_names, COUNT(state_names), s);

	if (i >= 0)
		*out = (enum itss_file_state)i;
	return i < 0 ? -1 : 0;
}

const char *
itss_verdict_name(enum itss_verdict v)
{
	return verdict_names[v];
}

int
itss_verdict_parse(enum itss_verdict *out, const char *s)
{
	int i = itss_name_index(verdict_names, COUNT(verdict_names), s);

	if (i >= 0)
		*out = (enum itss_verdict)i;
	return i < 0 ? -1 : 0;
}

int
itss_evidence_id_valid(const char *s)
{
	size_t n = 0;

	for (; *s; s++, n++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' ||
		    *s == '.' || *s == '/' || *s == ':'))
			return 0;
	return n >= 1 && n <= 128;
}

/* ---- the one check, for both formats ---- */

static int
single(const char *src, const struct raw_field *f, const char *key,
    struct itss_diags *d)
{
	if (f->is_list) {
		itss_diags_add(d, ITSS_ERROR, src, f->line, f->col,
		    _("'%s' must be a single value, not a list"), key);
		return -1;
	}
	return 0;
}

static char *
take_text(const char *src, struct raw_field *f, const char *key, int required,
    unsigned rl, unsigned rc, struct itss_diags *d, int *bad)
{
	if (!f->present || (!f->is_list && (!f->one.text || !*f->one.text))) {
		if (required) {
			itss_diags_add(d, ITSS_ERROR, src, f->present ? f->line : rl,
			    f->present ? f->col : rc, _("the record has no '%s'"), key);
			*bad = 1;
		}
		return NULL;
	}
	if (single(src, f, key, d) < 0) {
		*bad = 1;
		return NULL;
	}
	return itss_xstrdup(f->one.text);
}

static int
take_date(int32_t *out, const char *src, const struct raw_field *f,
    const char *key, struct itss_diags *d)
{
	if (single(src, f, key, d) < 0)
		return -1;
	if (!f->one.text)
		return -1;	/* a mapping: told as it was read */
	if (itss_date_parse(out, f->one.text, strlen(f->one.text)) < 0) {
		itss_diags_add(d, ITSS_ERROR, src, f->one.line, f->one.col,
		    _("'%s' must be a date written YYYY-MM-DD, not '%s'"), key,
		    f->one.text);
		return -1;
	}
	return 0;
}

/* The kind: one of the model's. 0, or -1 with the error. */
static int
check_kind(const char *src, const struct raw_field *f, const char *kind,
    const struct itss_model *m, struct itss_diags *d)
{
	struct itss_strbuf sb = ITSS_STRBUF_INIT;
	size_t i;

	if (!kind || itss_model_kind(m, kind))
		return 0;
	/* Or a kind of another of the repository's models. */
	for (i = 0; i < m->nalso; i++)
		if (itss_model_kind(m->also[i], kind))
			return 0;
	for (i = 0; i < m->nkinds; i++)
		itss_strbuf_addf(&sb, "%s%s", i ? ", " : "", m->kinds[i].id);
	itss_diags_add(d, ITSS_ERROR, src, f->one.line, f->one.col, _("unknown kind "
	    "'%s'; the model's kinds are: %s"), kind, sb.buf);
	itss_strbuf_release(&sb);
	return -1;
}

/* A kind given by the model's Chinese name (记录, 制度): its id instead. */
static void
kind_by_name(char **kind, const struct itss_model *m)
{
	size_t i, k;

	if (!*kind || itss_model_kind(m, *kind))
		return;
	for (i = 0; i <= m->nalso; i++) {
		const struct itss_model *x = i ? m->also[i - 1] : m;
		for (k = 0; k < x->nkinds; k++)
			if (!strcmp(x->kinds[k].name, *kind)) {
				free(*kind);
				*kind = itss_xstrdup(x->kinds[k].id);
				return;
			}
	}
}

/*
 * A requirement cited that is not one: of an unknown model, or not in its
 * model (with a hint when another of the repository's models has it).
 */
void
itss_unknown_requirement(const char *src, const struct raw_value *v,
    const struct itss_model *m, struct itss_diags *d)
{
	const char *colon = strchr(v->text, ':');
	struct itss_strbuf sb = ITSS_STRBUF_INIT;
	size_t i;

	if (colon) {
		const struct itss_model *x = NULL;
		for (i = 0; i < m->nalso && !x; i++)
			if (strlen(m->also[i]->id) == (size_t)(colon - v->text) &&
			    !strncmp(m->also[i]->id, v->text, (size_t)(colon -
			    v->text)))
				x = m->also[i];
		if (x) {
			itss_diags_add(d, ITSS_ERROR, src, v->line, v->col, _("unknown "
			    "requirement '%s' in model '%s' (`itss model show %s "
			    "--json` lists them)"), colon + 1, x->id, x->id);
			return;
		}
		itss_strbuf_addstr(&sb, m->id);
		for (i = 0; i < m->nalso; i++)
			itss_strbuf_addf(&sb, ", %s", m->also[i]->id);
		itss_diags_add(d, ITSS_ERROR, src, v->line, v->col, _("unknown model "
		    "'%.*s' in '%s': the repository's models are %s"),
		    (int)(colon - v->text), v->text, v->text, sb.buf);
		itss_strbuf_release(&sb);
		return;
	}
	for (i = 0; i < m->nalso; i++)
		if (itss_model_requirement(m->also[i], v->text)) {
			itss_diags_add(d, ITSS_ERROR, src, v->line, v->col, _("unknown "
			    "requirement '%s' in model '%s', the repository's first; "
			    "write %s:%s for model %s's"), v->text, m->id,
			    m->also[i]->id, v->text, m->also[i]->id);
			return;
		}
	itss_diags_add(d, ITSS_ERROR, src, v->line, v->col, _("unknown "
	    "requirement '%s' in model '%s' (`itss model show %s --json` lists "
	    "them)"), v->text, m->id, m->id);
}

/* 'satisfies': a list of the model's requirement ids, none twice. */
static int
take_satisfies(struct itss_record *r, const char *src, const struct raw_field *f,
    unsigned rl, unsigned rc, const struct itss_model *m, struct itss_diags *d)
{
	size_t i, j;
	int bad = 0;

	if (!f->present) {
		itss_diags_add(d, ITSS_ERROR, src, rl, rc, _("the record has no "
		    "'satisfies' (the requirement ids it serves)"));
		return -1;
	}
	if (!f->is_list) {
		itss_diags_add(d, ITSS_ERROR, src, f->line, f->col, _("'satisfies' "
		    "must be a list of requirement ids, such as [7.4.4.a, 7.4.4.e]"));
		return -1;
	}
	if (!f->n) {
		itss_diags_add(d, ITSS_ERROR, src, f->line, f->col, _("'satisfies' is "
		    "empty: name at least one requirement"));
		bad = 1;
	}
	r->satisfies = itss_xcalloc(f->n + 1, sizeof(char *));
	for (i = 0; i < f->n; i++) {
		const struct raw_value *v = &f->items[i];
		if (!itss_model_cited(m, v->text, NULL)) {
			itss_unknown_requirement(src, v, m, d);
			bad = 1;
			continue;
		}
		for (j = 0; j < r->nsatisfies; j++)
			if (!strcmp(r->satisfies[j], v->text))
				break;
		if (j < r->nsatisfies) {
			itss_diags_add(d, ITSS_ERROR, src, v->line, v->col,
			    _("requirement '%s' is listed twice"), v->text);
			bad = 1;
			continue;
		}
		r->satisfies[r->nsatisfies++] = itss_xstrdup(v->text);
	}
	return bad ? -1 : 0;
}

/*
 * 'documents', when given: which of the named documents (itss-model(5))
 * of the requirements it satisfies the record is, each once.
 */
static int
take_documents(struct itss_record *r, const char *src,
    const struct raw_field *f, const struct itss_model *m,
    struct itss_diags *d)
{
	const struct itss_requirement *lists = NULL;
	size_t i, j, k;
	int bad = 0;

	if (!f->present || (f->one.text && !*f->one.text && !f->is_list))
		return 0;
	if (!f->is_list) {
		itss_diags_add(d, ITSS_ERROR, src, f->line, f->col, _("'documents' "
		    "must be a list of the documents the record is"));
		return -1;
	}
	for (j = 0; j < r->nsatisfies && !lists; j++) {
		const struct itss_requirement *q = itss_model_cited(m,
		    r->satisfies[j], NULL);
		if (q && q->ndocuments)
			lists = q;
	}
	if (!lists) {
		itss_diags_add(d, ITSS_ERROR, src, f->line, f->col, _("'documents' "
		    "names documents, but none of the requirements the record "
		    "satisfies has a list of them"));
		return -1;
	}
	r->documents = itss_xcalloc(f->n + 1, sizeof(*r->documents));
	for (i = 0; i < f->n; i++) {
		const struct raw_value *v = &f->items[i];
		int found = 0;
		for (j = 0; j < r->nsatisfies && !found; j++) {
			const struct itss_requirement *q = itss_model_cited(m,
			    r->satisfies[j], NULL);
			for (k = 0; q && k < q->ndocuments && !found; k++)
				found = !strcmp(q->documents[k], v->text);
		}
		if (!found) {
			itss_diags_add(d, ITSS_ERROR, src, v->line, v->col, _("'%s' is "
			    "not a document of %s%s%s (`itss model show %s "
			    "--requirement %s` lists them)"), v->text, lists->id,
			    lists->documents_table ? ", " : "",
			    lists->documents_table ? lists->documents_table : "",
			    m->id, lists->id);
			bad = 1;
			continue;
		}
		for (k = 0; k < r->ndocuments; k++)
			if (!strcmp(r->documents[k], v->text))
				break;
		if (k < r->ndocuments) {
			itss_diags_add(d, ITSS_ERROR, src, v->line, v->col,
			    _("document '%s' is listed twice"), v->text);
			bad = 1;
			continue;
		}
		r->documents[r->ndocuments++] = itss_xstrdup(v->text);
	}
	return bad ? -1 : 0;
}

/*
 * An evaluation (itss-evidence(5)): period {from, to}, evaluator, post,
 * and scores [{table, item, score, remark}], each item of an evaluation
 * table of a requirement the record satisfies, once, on its scale; the
 * items scored join the record's documents.
 */
static int
take_evaluation(struct itss_record *r, const char *src,
    const struct raw_record *raw, const struct itss_model *m,
    struct itss_diags *d)
{
	static const char *const pkeys[] = { "from", "to", NULL };
	static const char *const skeys[] = { "table", "item", "score", "remark",
		NULL };
	static const char *const sreq[] = { "table", "item", "score", NULL };
	const struct itss_yaml_node *x;
	const char *s;
	size_t i, j, k;
	int bad = 0;

	r->period_from = r->period_to = INT32_MIN;
	if ((x = raw->period)) {
		if (itss_yaml_want(src, x, ITSS_YAML_MAP, "'period'", d) < 0 ||
		    itss_yaml_check_keys(src, x, pkeys, pkeys, d) ||
		    itss_yaml_date(&r->period_from, src, itss_yaml_get(x, "from"),
		    "'from'", d) < 0 ||
		    itss_yaml_date(&r->period_to, src, itss_yaml_get(x, "to"),
		    "'to'", d) < 0)
			bad = 1;
		else if (r->period_to < r->period_from) {
			itss_diags_add(d, ITSS_ERROR, src, x->line, x->col, _("the "
			    "period ends before it begins"));
			bad = 1;
		}
	}
	if (raw->evaluator && itss_yaml_string(&s, src, raw->evaluator,
	    "'evaluator'", d) == 0)
		r->evaluator = itss_xstrdup(s);
	else if (raw->evaluator)
		bad = 1;
	if (raw->post && itss_yaml_string(&s, src, raw->post, "'post'", d) == 0)
		r->post = itss_xstrdup(s);
	else if (raw->post)
		bad = 1;
	if (!(x = raw->scores))
		return bad ? -1 : 0;
	if (itss_yaml_want(src, x, ITSS_YAML_SEQ, "'scores'", d) < 0)
		return -1;
	r->scores = itss_xcalloc(x->n + 1, sizeof(*r->scores));
	for (i = 0; i < x->n; i++) {
		const struct itss_yaml_node *e = x->kid[i], *y;
		const struct itss_eval_table *t = NULL;
		const struct itss_eval_item *it;
		const struct itss_model *tm = NULL;
		struct itss_score *sc;
		const char *tid, *iid, *v;
		char *end;
		double score;

		if (itss_yaml_want(src, e, ITSS_YAML_MAP, N_("a score"), d) < 0 ||
		    itss_yaml_check_keys(src, e, skeys, sreq, d) ||
		    itss_yaml_string(&tid, src, itss_yaml_get(e, "table"),
		    "'table'", d) < 0 ||
		    itss_yaml_string(&iid, src, itss_yaml_get(e, "item"), "'item'",
		    d) < 0 ||
		    itss_yaml_string(&v, src, itss_yaml_get(e, "score"), "'score'",
		    d) < 0) {
			bad = 1;
			continue;
		}
		/* The table, of a requirement the record satisfies. */
		for (j = 0; j < r->nsatisfies && !t; j++) {
			const struct itss_model *in;
			const struct itss_requirement *q = itss_model_cited(m,
			    r->satisfies[j], &in);
			for (k = 0; q && k < q->nevaluations && !t; k++)
				if (!strcmp(q->evaluations[k]->id, tid)) {
					t = q->evaluations[k];
					tm = in;
				}
		}
		y = itss_yaml_get(e, "table");
		if (!t) {
			itss_diags_add(d, ITSS_ERROR, src, y->line, y->col, _("no "
			    "requirement the record satisfies asks for evaluation "
			    "table '%s'"), tid);
			bad = 1;
			continue;
		}
		y = itss_yaml_get(e, "item");
		if (!(it = itss_eval_item_find(t, iid))) {
			itss_diags_add(d, ITSS_ERROR, src, y->line, y->col, _("table %s "
			    "has no item '%s' (by number, 1-%zu, or name)"), t->id, iid,
			    t->nitems);
			bad = 1;
			continue;
		}
		y = itss_yaml_get(e, "score");
		score = strtod(v, &end);
		if (!*v || *end || score < t->min || score > t->max) {
			itss_diags_add(d, ITSS_ERROR, src, y->line, y->col, _("score "
			    "'%s' of %s: a number from %g to %g"), v, it->label,
			    t->min, t->max);
			bad = 1;
			continue;
		}
		if (r->post && it->nposts) {
			for (k = 0; k < it->nposts && strcmp(it->posts[k], r->post);
			    k++)
				;
			if (k == it->nposts) {
				itss_diags_add(d, ITSS_ERROR, src, e->line, e->col, _("%s "
				    "is for %s, not post '%s'"), it->label,
				    it->posts[0], r->post);
				bad = 1;
				continue;
			}
		}
		for (k = 0; k < r->nscores; k++)
			if (r->scores[k].item == it->no &&
			    !strcmp(strchr(r->scores[k].table, ':') ?
			    strchr(r->scores[k].table, ':') + 1 :
			    r->scores[k].table, t->id))
				break;
		if (k < r->nscores) {
			itss_diags_add(d, ITSS_ERROR, src, e->line, e->col, _("%s is "
			    "scored twice"), it->label);
			bad = 1;
			continue;
		}
		sc = &r->scores[r->nscores++];
		sc->table = tm == m ? itss_xstrdup(t->id) :
		    itss_xasprintf("%s:%s", tm->id, t->id);
		sc->item = it->no;
		sc->score = score;
		sc->line = e->line;
		sc->col = e->col;
		if ((y = itss_yaml_get(e, "remark")) &&
		    itss_yaml_string(&v, src, y, "'remark'", d) == 0)
			sc->remark = itss_xstrdup(v);
		/* Scoring an item names it, for the requirements that ask. */
		for (k = 0; k < r->ndocuments && strcmp(r->documents[k],
		    it->label); k++)
			;
		if (k == r->ndocuments) {
			r->documents = itss_xrealloc(r->documents,
			    (r->ndocuments + 2) * sizeof(*r->documents));
			r->documents[r->ndocuments++] = itss_xstrdup(it->label);
		}
	}
	return bad ? -1 : 0;
}

/* 'date', required, and 'valid_until', not before it. */
static int
take_dates(struct itss_record *r, const char *src, const struct raw_field *f,
    unsigned rl, unsigned rc, struct itss_diags *d)
{
	const struct raw_field *date = &f[F_DATE], *until = &f[F_VALID_UNTIL];
	int bad = 0;

	if (!date->present) {
		itss_diags_add(d, ITSS_ERROR, src, rl, rc, _("the record has no 'date'"));
		bad = 1;
	} else if (take_date(&r->date, src, date, "date", d) < 0) {
		bad = 1;
	}
	if (!until->present || !until->one.text || !*until->one.text)
		return bad ? -1 : 0;
	if (take_date(&r->valid_until, src, until, "valid_until", d) < 0)
		return -1;
	if (date->present && r->valid_until < r->date) {
		itss_diags_add(d, ITSS_ERROR, src, until->one.line, until->one.col,
		    _("'valid_until' is before the record's date"));
		return -1;
	}
	return bad ? -1 : 0;
}

/*
 * 'approved_by' and 'approved_on', together or not at all; the approval
 * not before the record's date.
 */
static int
take_approval(struct itss_record *r, const char *src, struct raw_field *f,
    unsigned rl, unsigned rc, struct itss_diags *d)
{
	struct raw_field *by = &f[F_APPROVED_BY], *on = &f[F_APPROVED_ON];
	int bad = 0, has_on = on->present && on->one.text && *on->one.text;

	r->approved_by = take_text(src, by, "approved_by", 0, rl, rc, d, &bad);
	if (has_on && take_date(&r->approved_on, src, on, "approved_on", d) < 0)
		return -1;
	if (bad)
		return -1;
	if (r->approved_by && !has_on) {
		itss_diags_add(d, ITSS_ERROR, src, by->line, by->col,
		    _("'approved_by' needs 'approved_on', the date of the approval"));
		return -1;
	}
	if (has_on && !r->approved_by) {
		itss_diags_add(d, ITSS_ERROR, src, on->line, on->col,
		    _("'approved_on' needs 'approved_by', who approved the record"));
		return -1;
	}
	if (has_on && f[F_DATE].present && r->approved_on < r->date) {
		itss_diags_add(d, ITSS_ERROR, src, on->one.line, on->one.col,
		    _("'approved_on' is before the record's date"));
		return -1;
	}
	return 0;
}

enum itss_signoff
itss_record_signoff(const struct itss_record *r)
{
	size_t i;

	if (!r->approved_by)
		return ITSS_SIGN_NO_APPROVER;
	if (r->owner && !strcmp(r->owner, r->approved_by))
		return ITSS_SIGN_SELF;
	for (i = 0; i < r->nfiles; i++)
		if (!r->files[i].sha256)
			return ITSS_SIGN_UNHASHED;
	return ITSS_SIGNED;
}

static const char *const signoff_names[] = { "signed", "no_approver", "self",
	"unhashed" };

const char *
itss_signoff_name(enum itss_signoff s)
{
	return signoff_names[s];
}

/* 'status', when given: one of the four. */
static int
take_status(struct itss_record *r, const char *src, const struct raw_field *f,
    struct itss_diags *d)
{
	if (!f->present || !f->one.text || !*f->one.text)
		return 0;
	if (single(src, f, "status", d) < 0)
		return -1;
	if (itss_status_parse(&r->status, f->one.text) < 0) {
		/* As Chinese registers write them; and an approved record past
		 * its date as the workbook's register shows it (its expiry is
		 * valid_until's, not the status's). */
		static const char *const zh[] = { "草稿", "已批准", "已替代",
			"已驳回", "已过期", "expired" };
		int i = itss_name_index(zh, 6, f->one.text);
		if (i >= 4)
			i = ITSS_APPROVED;
		if (i < 0) {
			itss_diags_add(d, ITSS_ERROR, src, f->one.line, f->one.col,
			    _("status must be draft, approved, superseded or rejected "
			    "(草稿, 已批准, 已替代, 已驳回), not '%s'"), f->one.text);
			return -1;
		}
		r->status = (enum itss_record_status)i;
	}
	r->status_given = 1;
	return 0;
}

/* One cited file: the path rule, a well-formed hash, not cited twice. */
static int
take_file(struct itss_record *r, const char *src, const struct raw_value *v,
    struct itss_diags *d)
{
	const char *why = itss_repo_path_problem(v->text);
	struct itss_evidence_file *f;
	size_t j;

	if (why) {
		itss_diags_add(d, ITSS_ERROR, src, v->line, v->col, _("file '%s': %s"),
		    v->text, _(why));
		return -1;
	}
	if (v->sha256 && !itss_sha256_valid(v->sha256)) {
		itss_diags_add(d, ITSS_ERROR, src, v->line, v->col, _("file '%s': the "
		    "sha256 must be 64 hexadecimal digits"), v->text);
		return -1;
	}
	for (j = 0; j < r->nfiles; j++)
		if (!strcmp(r->files[j].path, v->text)) {
			itss_diags_add(d, ITSS_ERROR, src, v->line, v->col,
			    _("file '%s' is listed twice"), v->text);
			return -1;
		}
	f = &r->files[r->nfiles++];
	f->path = itss_xstrdup(v->text);
	f->line = v->line;
	f->col = v->col;
	if (v->sha256) {
		char *h = itss_xstrdup(v->sha256);
		for (j = 0; h[j]; j++)
			if (h[j] >= 'A' && h[j] <= 'F')
				h[j] = (char)(h[j] - 'A' + 'a');
		f->sha256 = h;
	}
	return 0;
}

/* 'files', when given: a list of paths in the repository. */
static int
take_files(struct itss_record *r, const char *src, const struct raw_field *f,
    struct itss_diags *d)
{
	size_t i;
	int bad = 0;

	if (!f->present || (f->one.text && !*f->one.text && !f->is_list))
		return 0;
	if (!f->is_list) {
		itss_diags_add(d, ITSS_ERROR, src, f->line, f->col,
		    _("'files' must be a list of paths"));
		return -1;
	}
	r->files = itss_xcalloc(f->n + 1, sizeof(*r->files));
	for (i = 0; i < f->n; i++)
		if (take_file(r, src, &f->items[i], d) < 0)
			bad = 1;
	return bad ? -1 : 0;
}

/*
 * Check a raw record and, when sound, append it to the set. Returns 0 or
 * ITSS_EINPUT.
 */
int
itss_raw_check_record(struct itss_evidence_set *set, const char *src,
    struct raw_record *raw, const struct itss_model *m, struct itss_diags *d)
{
	struct itss_record r;
	struct raw_field *f = raw->f;
	unsigned rl = raw->line, rc = raw->col;
	int bad = 0;

	memset(&r, 0, sizeof(r));
	r.valid_until = INT32_MAX;
	r.approved_on = INT32_MIN;
	r.id = take_text(src, &f[F_ID], "id", 1, rl, rc, d, &bad);
	if (r.id && !itss_evidence_id_valid(r.id)) {
		itss_diags_add(d, ITSS_ERROR, src, f[F_ID].one.line, f[F_ID].one.col,
		    _("'%s' is not a usable record id: use up to 128 letters, "
		    "digits and - _ . / :"), r.id);
		bad = 1;
	}
	r.title = take_text(src, &f[F_TITLE], "title", 1, rl, rc, d, &bad);
	r.kind = take_text(src, &f[F_KIND], "kind", 1, rl, rc, d, &bad);
	kind_by_name(&r.kind, m);
	if (check_kind(src, &f[F_KIND], r.kind, m, d) < 0)
		bad = 1;
	if (take_satisfies(&r, src, &f[F_SATISFIES], rl, rc, m, d) < 0)
		bad = 1;
	if (take_dates(&r, src, f, rl, rc, d) < 0)
		bad = 1;
	r.owner = take_text(src, &f[F_OWNER], "owner", 0, rl, rc, d, &bad);
	r.notes = take_text(src, &f[F_NOTES], "notes", 0, rl, rc, d, &bad);
	if (take_status(&r, src, &f[F_STATUS], d) < 0)
		bad = 1;
	if (take_approval(&r, src, f, rl, rc, d) < 0)
		bad = 1;
	if (take_files(&r, src, &f[F_FILES], d) < 0)
		bad = 1;
	if (take_documents(&r, src, &f[F_DOCUMENTS], m, d) < 0)
		bad = 1;
	if (take_evaluation(&r, src, raw, m, d) < 0)
		bad = 1;
	/*
	 * A record with problems stays in the set, so that its files and its
	 * id are checked too and one run reports everything; the caller must
	 * not use a set whose reading failed.
	 */
	if (!r.id) {
		itss_evidence_record_clear(&r);
		return ITSS_EINPUT;
	}
	r.source = itss_xstrdup(src);
	r.line = rl;
	r.col = rc;
	itss_record_pack(&r);
	itss_xgrow((void **)&set->records, &set->arecords, set->nrecords + 1,
	    sizeof(*set->records));
	set->records[set->nrecords++] = r;
	return bad ? ITSS_EINPUT : 0;
}

/* ---- YAML ---- */

static void
raw_from_node(struct raw_field *f, const char *src, const char *key,
    const struct itss_yaml_node *n, struct itss_diags *d, int *bad)
{
	size_t i;

	f->present = 1;
	f->line = n->line;
	f->col = n->col;
	if (n->type == ITSS_YAML_SCALAR || n->type == ITSS_YAML_NULL) {
		f->one.text = itss_xstrdup(n->type == ITSS_YAML_NULL ? "" : n->value);
		f->one.line = n->line;
		f->one.col = n->col;
		return;
	}
	if (n->type == ITSS_YAML_MAP) {
		itss_diags_add(d, ITSS_ERROR, src, n->line, n->col,
		    _("'%s' must be %s, not a mapping"), key,
		    !strcmp(key, "satisfies") || !strcmp(key, "files") ||
		    !strcmp(key, "documents") ? "a list" : "a single value");
		*bad = 1;
		return;
	}
	f->is_list = 1;
	for (i = 0; i < n->n; i++) {
		const struct itss_yaml_node *it = n->kid[i];
		if (it->type == ITSS_YAML_SCALAR) {
			itss_raw_add_item(f, it->value, it->len, NULL, it->line, it->col);
		} else if (it->type == ITSS_YAML_MAP && !strcmp(key, "files")) {
			static const char *const fk[] = { "path", "sha256", NULL };
			static const char *const freq[] = { "path", NULL };
			const struct itss_yaml_node *p = itss_yaml_get(it, "path");
			const struct itss_yaml_node *h = itss_yaml_get(it, "sha256");
			const char *path, *sha = NULL;

			if (itss_yaml_check_keys(src, it, fk, freq, d)) {
				*bad = 1;
				continue;
			}
			if (itss_yaml_string(&path, src, p, "'path'", d) < 0 ||
			    (h && itss_yaml_string(&sha, src, h, "'sha256'", d) < 0)) {
				*bad = 1;
				continue;
			}
			itss_raw_add_item(f, path, strlen(path), sha, p->line, p->col);
		} else {
			itss_diags_add(d, ITSS_ERROR, src, it->line, it->col,
			    _("an entry of '%s' must be %s, not %s"), key,
			    !strcmp(key, "files") ? "a path or {path, sha256}" :
			    "a string", itss_yaml_type_name(it));
			*bad = 1;
		}
	}
}

static int
record_from_yaml(struct itss_evidence_set *set, const char *src,
    const struct itss_yaml_node *n, const struct itss_model *m,
    struct itss_diags *d)
{
	struct raw_record raw;
	size_t i;
	int bad = 0, rc;

	if (itss_yaml_want(src, n, ITSS_YAML_MAP, N_("an evidence record"), d) < 0)
		return ITSS_EINPUT;
	memset(&raw, 0, sizeof(raw));
	raw.line = n->line;
	raw.col = n->col;
	if (itss_yaml_check_keys(src, n, yaml_record_keys, NULL, d))
		bad = 1;
	raw.period = itss_yaml_get(n, "period");
	raw.evaluator = itss_yaml_get(n, "evaluator");
	raw.post = itss_yaml_get(n, "post");
	raw.scores = itss_yaml_get(n, "scores");
	for (i = 0; i < NFIELDS; i++) {
		const struct itss_yaml_node *v = itss_yaml_get(n, itss_record_keys[i]);
		if (v)
			raw_from_node(&raw.f[i], src, itss_record_keys[i], v, d, &bad);
	}
	rc = itss_raw_check_record(set, src, &raw, m, d);
	itss_raw_release(&raw);
	return bad ? ITSS_EINPUT : rc;
}

int
itss_evidence_read(struct itss_evidence_set *set, const char *source,
    const char *buf, size_t len, int is_csv, const struct itss_model *m,
    struct itss_diags *d)
{
	struct itss_yaml_doc doc;
	const struct itss_yaml_node *root;
	size_t i;
	int rc = 0;

	if (is_csv == ITSS_REGISTER_XLSX)
		return itss_evidence_read_xlsx(set, source, buf, len, m, d);
	if (is_csv) {
		if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3)) {
			buf += 3;
			len -= 3;
		}
		/* Chinese Excel's "CSV" is GB18030: read as such when it is. */
		if (itss_utf8_check(buf, len) != (size_t)-1 &&
		    !memchr(buf, '\0', len)) {
			char *u8;
			size_t n8;
			if (itss_gb18030_to_utf8(&u8, &n8, buf, len) == 0) {
				itss_diags_add(d, ITSS_WARNING, source, 0, 0, _("read as "
				    "GB18030, not UTF-8 (as Chinese Excel saves CSV); "
				    "save it as UTF-8 to be sure"));
				rc = itss_evidence_read_csv(set, source, u8, n8, m, d);
				free(u8);
				return rc;
			}
		}
		if ((rc = itss_evidence_csv_prescan(source, buf, len, d)) < 0)
			return rc;
		return itss_evidence_read_csv(set, source, buf, len, m, d);
	}
	if ((rc = itss_yaml_parse(&doc, source, buf, len, NULL, d)) < 0)
		return rc;
	root = doc.root;
	if (root->type == ITSS_YAML_SEQ) {
		for (i = 0; i < root->n; i++)
			if (record_from_yaml(set, source, root->kid[i], m, d) < 0)
				rc = ITSS_EINPUT;
	} else if (root->type == ITSS_YAML_MAP) {
		rc = record_from_yaml(set, source, root, m, d);
	} else {
		itss_diags_add(d, ITSS_ERROR, source, root->line, root->col,
		    _("an evidence file holds a record (a mapping) or a list of "
		    "records, not %s"), itss_yaml_type_name(root));
		rc = ITSS_EINPUT;
	}
	itss_yaml_doc_release(&doc);
	return rc;
}
