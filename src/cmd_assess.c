/*
 * cmd_assess.c - itss assess [--as-of DATE] [--target LEVEL] [--items]
 *     [--json] [--save]
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "itss/atomic.h"
#include "itss/json.h"
#include "itss/saved.h"
#include "itss/json.h"

const char cmd_assess_help[] =
    N_("usage: itss assess [--model ID] [--as-of DATE] [--target LEVEL] [--items]\n"
    "                   [--json] [--save]\n"
    "\n"
    "Assess the organisation from its evidence and judgements: the level it\n"
    "reaches, domain by domain and item by item, what stops the next level,\n"
    "and every requirement at or below the target that is not met, with what\n"
    "is missing. The index is brought up to date first.\n"
    "\n"
    "  --model ID      against ID, one of itss.yaml's models: (default the\n"
    "                  first); records cite its requirements as ID:REQ\n"
    "  --as-of DATE    judge as of DATE (YYYY-MM-DD; default today)\n"
    "  --target LEVEL  the level aimed at (default: the model's target in\n"
    "                  itss.yaml)\n"
    "  --items         the item table too: each item's level and counts\n"
    "  --json          print the assessment as one JSON object (itss(1))\n"
    "  --save          save it as a file under assessments/ (commit it like\n"
    "                  evidence), indexed for itss history and itss diff;\n"
    "                  refused while any evidence file is invalid\n"
    "\n"
    "Invalid evidence files are not counted, and said so (\"invalid\" in the\n"
    "JSON). Exit status: 0 the target is reached (or none is set), 1 it is\n"
    "not, 3 --save refused.\n");

static const char *
level_label(const struct itss_model *m, int l)
{
	return l < 0 ? "—" : m->levels[l].name;
}

static void
cell(char *buf, size_t size, const struct itss_level_result *lr, size_t l)
{
	const struct itss_count *c = &lr->by_level[l];
	const char *mark = (int)l <= lr->level ? "✓" : (int)l == lr->level + 1 ?
	    "✗" : "·";

	if (!c->applicable && !c->good)
		snprintf(buf, size, "%s", (int)l <= lr->level ? "✓ -" : "-");
	else
		snprintf(buf, size, "%s %u/%u", mark, c->good, c->applicable);
}

/* Each item: its number and name, its counts at each level, its level. */
static void
print_items(const struct itss_model *m, const struct itss_assessment *a,
    size_t wcol)
{
	size_t i, l, wname = 0;
	char buf[64];

	for (i = 0; i < m->nitems; i++) {
		size_t w = itss_display_width(m->items[i].name) + 5;
		if (w > wname)
			wname = w;
	}
	printf("\n");
	cli_pad(stdout, _("item"), wname);
	for (l = 0; l < m->nlevels; l++)
		cli_pad(stdout, m->levels[l].name, wcol);
	printf(_("LEVEL\n"));
	for (i = 0; i < m->nitems; i++) {
		char *label = itss_xasprintf("%2u %s", m->items[i].no,
		    m->items[i].name);
		cli_pad(stdout, label, wname);
		free(label);
		for (l = 0; l < m->nlevels; l++) {
			cell(buf, sizeof(buf), &a->items[i], l);
			cli_pad(stdout, buf, wcol);
		}
		printf("%s\n", level_label(m, a->items[i].level));
	}
}

/*
 * The evaluation items scored, each with its latest score and its scores
 * oldest first, and how many are not scored yet.
 */
static void
print_evals(const struct cli_repo *r, const struct cli_assessment *x)
{
	size_t i, k, wl = 0, scored = 0;
	char day[11];

	for (i = 0; i < x->nevals; i++) {
		size_t w = itss_display_width(x->evals[i].item->label) + 2;
		if (x->evals[i].n) {
			scored++;
			wl = w > wl ? w : wl;
		}
	}
	if (!x->nevals)
		return;
	printf(_("\nevaluations: %zu of %zu items scored"), scored, x->nevals);
	if (r->repo->eval_threshold >= 0)
		printf(_("; %zu latest under the threshold %g"), x->nlow,
		    r->repo->eval_threshold);
	printf("\n");
	for (i = 0; i < x->nevals; i++) {
		const struct itss_report_eval *e = &x->evals[i];
		const struct itss_report_score *last = e->n ? &e->v[e->n - 1] : NULL;
		if (!last)
			continue;
		printf("  ");
		cli_pad(stdout, e->item->label, wl);
		itss_date_format(day, last->date);
		printf("%5g  %s  %s", last->score, day, last->record);
		if (e->n > 1) {
			printf(_("  trend"));
			for (k = 0; k < e->n; k++)
				printf(" %g", e->v[k].score);
		}
		if (e->low)
			printf(_("  under the threshold"));
		printf("\n");
	}
}

/*
 * The repository's corrective actions, for the terminal and the JSON of
 * this run (not a saved file's: an action is not part of the assessment).
 */
static const struct itss_actions *actions;

/* The actions answering requirement q of r's model (as cited there). */
static void
actions_of(const struct cli_repo *r, const struct itss_requirement *q,
    void (*fn)(void *ctx, const struct itss_action *a), void *ctx)
{
	size_t i;

	for (i = 0; actions && i < actions->n; i++)
		if (itss_action_answers(&actions->v[i], r->prefix, q->id))
			fn(ctx, &actions->v[i]);
}

struct brief {
	struct itss_strbuf *sb;
	int32_t as_of;
};

static void
brief_one(void *ctx, const struct itss_action *a)
{
	struct brief *b = ctx;

	itss_strbuf_addstr(b->sb, b->sb->len ? _("; ") : "");
	cli_action_brief(b->sb, a, b->as_of);
}

static void
json_action(void *ctx, const struct itss_action *a)
{
	struct itss_json *j = ctx;
	char day[11];

	itss_json_object(j);
	itss_json_kv_string(j, "id", a->id);
	itss_json_kv_string(j, "status", itss_action_status_name(a->status));
	itss_date_format(day, a->due);
	itss_json_kv_string(j, "due", day);
	itss_json_end(j);
}

static void
print_terminal(const struct cli_repo *r, const struct cli_assessment *x,
    int items)
{
	const struct itss_model *m = r->model;
	const struct itss_assessment *a = &x->a;
	size_t i, l, wname = 14, wcol = 11;	/* "organisation", "✓ 129/129" */
	char buf[64], day[11];

	itss_date_format(day, a->as_of);
	printf(_("%s · %s %s · as of %s\n"), r->repo->organisation, m->id, m->title,
	    day);
	printf(_("level reached: %s"), a->level < 0 ? _("none (below the lowest)") :
	    m->levels[a->level].name);
	if (a->level >= 0)
		printf(_(" (%s)"), m->levels[a->level].id);
	if (a->target >= 0)
		printf(_("    target %s (%s): %s"), m->levels[a->target].name,
		    m->levels[a->target].id, a->target_reached ? _("reached") :
		    _("not reached"));
	printf("\n");
	printf(P_("evidence: %zu record", "evidence: %zu records",
	    x->snap.nrecords_total), x->snap.nrecords_total);
	printf(P_(", %zu judgement", ", %zu judgements", x->snap.njudgements),
	    x->snap.njudgements);
	printf(_("; fingerprint %.12s\n"), x->snap.fingerprint);
	if (r->repo->cert.given) {
		struct itss_strbuf sb = ITSS_STRBUF_INIT;
		cli_cert_line(&sb, r, a->as_of);
		printf("%s\n", cli_vis(sb.buf));
		itss_strbuf_release(&sb);
	}
	printf("\n");

	for (i = 0; i < m->ndomains; i++)
		if (itss_display_width(m->domains[i].name) + 2 > wname)
			wname = itss_display_width(m->domains[i].name) + 2;
	for (l = 0; l < m->nlevels; l++)
		if (itss_display_width(m->levels[l].name) + 2 > wcol)
			wcol = itss_display_width(m->levels[l].name) + 2;
	cli_pad(stdout, "", wname);
	for (l = 0; l < m->nlevels; l++)
		cli_pad(stdout, m->levels[l].name, wcol);
	printf(_("LEVEL\n"));
	for (i = 0; i < m->ndomains; i++) {
		cli_pad(stdout, m->domains[i].name, wname);
		for (l = 0; l < m->nlevels; l++) {
			cell(buf, sizeof(buf), &a->domains[i], l);
			cli_pad(stdout, buf, wcol);
		}
		printf("%s\n", level_label(m, a->domains[i].level));
	}
	cli_pad(stdout, _("organisation"), wname);
	for (l = 0; l < m->nlevels; l++) {
		snprintf(buf, sizeof(buf), "%s %u/%u", (int)l <= a->level ? "✓" :
		    (int)l == a->level + 1 ? "✗" : "·", a->by_level[l].good,
		    a->by_level[l].applicable);
		cli_pad(stdout, buf, wcol);
	}
	printf("%s\n", level_label(m, a->level));
	if (items)
		print_items(m, a, wcol);

	/* What holds each domain below the top: its first blockers. */
	printf(_("\nwhat stops the next level:\n"));
	for (i = 0; i < m->ndomains; i++) {
		const struct itss_level_result *dr = &a->domains[i];
		size_t k;
		if (dr->level + 1 >= (int)m->nlevels)
			continue;
		/* TRANSLATORS: a domain and the level it does not reach; its
		 * blocking requirements follow. */
		printf(_("  %s → %s: "), m->domains[i].name,
		    m->levels[dr->level + 1].name);
		for (k = 0; k < dr->nblockers && k < 4; k++) {
			const struct itss_requirement *q = &m->requirements[dr->blockers[k]];
			printf("%s%s %s", k ? _("; ") : "", q->id,
			    _(itss_req_status_name(
			    a->requirements[dr->blockers[k]].status)));
			if (q->item)
				printf(_(" (%u %s)"), q->item, m->items[q->item - 1].name);
		}
		if (dr->nblockers > 4)
			printf("%s…", _("; "));
		printf("\n");
	}

	if (a->target >= 0) {
		/* Columns as wide as their widest entry (ids such as 5.2.2.1.a). */
		size_t wl = 8, wd = 10, wi = 9;
		for (i = 0; i < a->ngaps; i++) {
			const struct itss_requirement *q = &m->requirements[a->gaps[i]];
			size_t w = itss_display_width(m->levels[q->level].name) + 2;
			wl = w > wl ? w : wl;
			w = itss_display_width(m->domains[q->domain].name) + 2;
			wd = w > wd ? w : wd;
			w = strlen(q->id) + 1;
			wi = w > wi ? w : wi;
		}
		printf(P_("\ngap to %s: %zu requirement\n",
		    "\ngap to %s: %zu requirements\n", a->ngaps),
		    m->levels[a->target].name, a->ngaps);
		for (i = 0; i < a->ngaps; i++) {
			const struct itss_requirement *q = &m->requirements[a->gaps[i]];
			const struct itss_req_result *rr = &a->requirements[a->gaps[i]];
			printf("  ");
			cli_pad(stdout, m->levels[q->level].name, wl);
			cli_pad(stdout, m->domains[q->domain].name, wd);
			cli_pad(stdout, q->id, wi);
			cli_pad(stdout, _(itss_req_status_name(rr->status)), 11);
			printf("%s", rr->missing ? rr->missing : "");
			/* Why what exists does not count (expired says it already). */
			if (rr->why_not && rr->status != ITSS_REQ_EXPIRED)
				printf("%s%s", _("; "), rr->why_not);
			printf("\n");
			/* The corrective actions on it, on a line of their own. */
			{
				struct itss_strbuf sb = ITSS_STRBUF_INIT;
				struct brief b = { &sb, a->as_of };
				actions_of(r, q, brief_one, &b);
				if (sb.len)
					printf("    → %s\n", cli_vis(sb.buf));
				itss_strbuf_release(&sb);
			}
		}
	}
	print_evals(r, x);
}

static void
json_count(struct itss_json *j, const struct itss_count *c)
{
	itss_json_kv_int(j, "good", c->good);
	itss_json_kv_int(j, "applicable", c->applicable);
}

static void
json_level(struct itss_json *j, const struct itss_model *m, int l)
{
	if (l < 0)
		itss_json_null(j);
	else
		itss_json_string(j, m->levels[l].id);
}

static void
json_by_level(struct itss_json *j, const struct itss_model *m,
    const struct itss_count *c)
{
	size_t l;

	itss_json_key(j, "by_level");
	itss_json_array(j);
	for (l = 0; l < m->nlevels; l++) {
		itss_json_object(j);
		itss_json_kv_string(j, "level", m->levels[l].id);
		json_count(j, &c[l]);
		itss_json_end(j);
	}
	itss_json_end(j);
}

/* What a saved assessment adds to the JSON (saved.h). */
struct saved_meta {
	const char *saved_at, *git_commit;
	int clean;		/* 1, 0, -1 unknown */
};

/* The assessment as SPEC §5's object (and, for a saved one, "saved"). */
static void evals_json(struct itss_json *j, const struct cli_repo *r,
    const struct cli_assessment *x);

static void
assessment_json(struct itss_strbuf *sb, const struct cli_repo *r,
    const struct cli_assessment *x, const struct saved_meta *saved)
{
	const struct itss_model *m = r->model;
	const struct itss_assessment *a = &x->a;
	struct itss_json j;
	char day[11];
	size_t i, k;

	itss_json_init(&j, sb);
	itss_json_object(&j);
	itss_json_kv_string(&j, "model", m->id);
	itss_json_key(&j, "as_of");
	itss_date_format(day, a->as_of);
	itss_json_string(&j, day);
	itss_json_key(&j, "level");
	json_level(&j, m, a->level);
	itss_json_key(&j, "domains");
	itss_json_array(&j);
	for (i = 0; i < m->ndomains; i++) {
		itss_json_object(&j);
		itss_json_kv_string(&j, "id", m->domains[i].id);
		itss_json_key(&j, "level");
		json_level(&j, m, a->domains[i].level);
		json_count(&j, &a->domains[i].total);
		json_by_level(&j, m, a->domains[i].by_level);
		itss_json_end(&j);
	}
	itss_json_end(&j);
	itss_json_key(&j, "items");
	itss_json_array(&j);
	for (i = 0; i < m->nitems; i++) {
		itss_json_object(&j);
		itss_json_kv_int(&j, "no", m->items[i].no);
		itss_json_key(&j, "level");
		json_level(&j, m, a->items[i].level);
		json_count(&j, &a->items[i].total);
		itss_json_kv_string(&j, "id", m->items[i].id);
		itss_json_kv_string(&j, "name", m->items[i].name);
		itss_json_end(&j);
	}
	itss_json_end(&j);
	itss_json_key(&j, "requirements");
	itss_json_array(&j);
	for (i = 0; i < m->nrequirements; i++) {
		const struct itss_req_result *rr = &a->requirements[i];
		itss_json_object(&j);
		itss_json_kv_string(&j, "id", m->requirements[i].id);
		itss_json_kv_string(&j, "status", itss_req_status_name(rr->status));
		itss_json_kv_string(&j, "reason", rr->reason);
		/* Which judgement decided: the requirement's own, or its item's
		 * (and the item's its own overrode). */
		if (rr->by_judgement) {
			itss_json_key(&j, "judged_by");
			itss_json_string(&j, rr->judged_item ? "item" : "requirement");
		}
		if (rr->judged_item || rr->overrode_item)
			itss_json_kv_int(&j, rr->judged_item ? "judged_item" :
			    "overrode_item", rr->judged_item ? rr->judged_item :
			    rr->overrode_item);
		itss_json_key(&j, "evidence");
		itss_json_array(&j);
		for (k = 0; k < rr->nevidence; k++)
			itss_json_string(&j, rr->evidence[k]);
		itss_json_end(&j);
		/* Through a crosswalk, for the assessor to judge. */
		if (rr->nrelated) {
			itss_json_key(&j, "related");
			itss_json_array(&j);
			for (k = 0; k < rr->nrelated; k++)
				itss_json_string(&j, rr->related[k]);
			itss_json_end(&j);
		}
		/* Named documents: those no counting record names. */
		if (m->requirements[i].ndocuments) {
			itss_json_key(&j, "missing_documents");
			itss_json_array(&j);
			for (k = 0; k < rr->nmissing_documents; k++)
				itss_json_string(&j, rr->missing_documents[k]);
			itss_json_end(&j);
		}
		itss_json_end(&j);
	}
	itss_json_end(&j);
	itss_json_key(&j, "gaps");
	itss_json_array(&j);
	for (i = 0; i < a->ngaps; i++) {
		const struct itss_requirement *q = &m->requirements[a->gaps[i]];
		itss_json_object(&j);
		itss_json_kv_string(&j, "requirement", q->id);
		itss_json_kv_string(&j, "level", m->levels[q->level].id);
		itss_json_kv_string(&j, "missing", a->requirements[a->gaps[i]].missing);
		/* Beside each gap, its corrective actions (not in a saved file). */
		if (!saved && actions) {
			itss_json_key(&j, "actions");
			itss_json_array(&j);
			actions_of(r, q, json_action, &j);
			itss_json_end(&j);
		}
		itss_json_end(&j);
	}
	itss_json_end(&j);
	/* Beyond SPEC §5: welcome, and keeping their meaning. */
	itss_json_kv_string(&j, "organisation", r->repo->organisation);
	itss_json_key(&j, "target");
	json_level(&j, m, a->target);
	itss_json_key(&j, "target_reached");
	if (a->target < 0)
		itss_json_null(&j);
	else
		itss_json_bool(&j, a->target_reached);
	itss_json_kv_string(&j, "fingerprint", x->snap.fingerprint);
	/* The certificate and its calendar (not in a saved file). */
	if (!saved && r->repo->cert.given) {
		const struct itss_certificate *c = &r->repo->cert;
		struct itss_cert_date v[8];
		size_t n = itss_certificate_calendar(c, v), e;
		static const char *const what[] = { "surveillance",
			"reassessment_application", "expiry" };
		itss_json_key(&j, "certificate");
		itss_json_object(&j);
		itss_json_kv_string(&j, "level", c->level);
		itss_json_kv_string(&j, "number", c->number);
		itss_date_format(day, c->issued);
		itss_json_kv_string(&j, "issued", day);
		itss_date_format(day, c->expires);
		itss_json_kv_string(&j, "expires", day);
		itss_json_kv_bool(&j, "expired", c->expires < a->as_of);
		itss_json_key(&j, "calendar");
		itss_json_array(&j);
		for (e = 0; e < n; e++) {
			itss_json_object(&j);
			itss_json_kv_string(&j, "what", what[v[e].what]);
			if (v[e].what == ITSS_CERT_SURVEILLANCE)
				itss_json_kv_int(&j, "n", v[e].n);
			itss_date_format(day, v[e].date);
			itss_json_kv_string(&j, "date", day);
			itss_json_end(&j);
		}
		itss_json_end(&j);
		itss_json_end(&j);
	}
	json_count(&j, &a->total);
	json_by_level(&j, m, a->by_level);
	/* Printed, not saved: a saved assessment has none (--save refuses). */
	if (!saved)
		cli_invalid_json(&j, r);
	if (!saved && x->nevals)
		evals_json(&j, r, x);
	if (saved) {
		itss_json_key(&j, "saved");
		itss_json_object(&j);
		itss_json_kv_string(&j, "saved_at", saved->saved_at);
		itss_json_kv_string(&j, "model_sha256", m->sha256);
		itss_json_kv_string(&j, "git_commit", saved->git_commit);
		itss_json_key(&j, "clean");
		if (saved->clean < 0)
			itss_json_null(&j);
		else
			itss_json_bool(&j, saved->clean);
		itss_json_end(&j);
	}
	itss_json_end(&j);
	itss_json_finish(&j);
}

static void
score_json(struct itss_json *j, const struct itss_report_score *s)
{
	char day[11];

	itss_json_object(j);
	itss_json_key(j, "score");
	itss_json_number(j, s->score);
	itss_date_format(day, s->date);
	itss_json_kv_string(j, "date", day);
	itss_json_kv_string(j, "record", s->record);
	itss_json_kv_string(j, "post", s->post);
	itss_json_end(j);
}

/* Each evaluation item: its latest score, its trend, under the threshold. */
static void
evals_json(struct itss_json *j, const struct cli_repo *r,
    const struct cli_assessment *x)
{
	size_t i, k;

	itss_json_key(j, "evaluations");
	itss_json_array(j);
	for (i = 0; i < x->nevals; i++) {
		const struct itss_report_eval *e = &x->evals[i];
		itss_json_object(j);
		itss_json_kv_string(j, "table", e->table->id);
		itss_json_kv_int(j, "item", e->item->no);
		itss_json_kv_string(j, "name", e->item->name);
		itss_json_key(j, "latest");
		if (e->n)
			score_json(j, &e->v[e->n - 1]);
		else
			itss_json_null(j);
		itss_json_key(j, "trend");
		itss_json_array(j);
		for (k = 0; k < e->n; k++)
			score_json(j, &e->v[k]);
		itss_json_end(j);
		itss_json_key(j, "below_threshold");
		if (r->repo->eval_threshold < 0)
			itss_json_null(j);
		else
			itss_json_bool(j, e->low);
		itss_json_end(j);
	}
	itss_json_end(j);
}

static void
print_json(const struct cli_repo *r, const struct cli_assessment *x)
{
	struct itss_strbuf sb = ITSS_STRBUF_INIT;

	assessment_json(&sb, r, x, NULL);
	fwrite(sb.buf, 1, sb.len, stdout);
	itss_strbuf_release(&sb);
}

/* An assessment already saved: same model, evidence, as-of and target. */
struct same {
	const char *model_sha256, *fingerprint, *target;
	int32_t as_of;
	char *source;		/* found: its file */
	int64_t id;
};

static int
find_same(void *ctx, const struct itss_saved *a)
{
	struct same *w = ctx;

	if (a->as_of == w->as_of && !a->edited &&
	    !strcmp(a->model_sha256, w->model_sha256) &&
	    !strcmp(a->fingerprint, w->fingerprint) &&
	    ((!a->target && !w->target) || (a->target && w->target &&
	    !strcmp(a->target, w->target)))) {
		free(w->source);
		w->source = a->source ? itss_xstrdup(a->source) : NULL;
		w->id = a->id;
	}
	return 0;
}

/*
 * --save: the assessment as a file under assessments/, written beside its
 * name and linked into place (never over another), then indexed by an
 * import, as evidence is. The user commits it like evidence.
 */
static int
save_file(struct cli_repo *r, const struct cli_assessment *x)
{
	const struct itss_assessment *a = &x->a;
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct itss_strbuf sb = ITSS_STRBUF_INIT;
	struct itss_import_stats st;
	struct saved_meta meta;
	struct same same;
	char when[32], day[11], *dir, *path = NULL, *rel = NULL;
	time_t now = time(NULL);
	struct tm tm;
	int rc, k;

	memset(&same, 0, sizeof(same));
	same.model_sha256 = r->model->sha256;
	same.fingerprint = x->snap.fingerprint;
	same.target = a->target >= 0 ? r->model->levels[a->target].id : NULL;
	same.as_of = a->as_of;
	if ((rc = itss_ledger_history(r->store, find_same, &same, &d)) == 0 &&
	    same.id) {
		fprintf(stderr, _("itss: already saved as assessment %lld%s%s%s: the "
		    "same model, evidence, as-of date and target\n"),
		    (long long)same.id, same.source ? " (" : "",
		    same.source ? same.source : "", same.source ? ")" : "");
		free(same.source);
		return EXIT_OK;
	}
	free(same.source);
	if (rc < 0)
		goto out;
	if (!gmtime_r(&now, &tm) ||
	    !strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(when, sizeof(when), "%s", _("unknown"));
	meta.saved_at = when;
	meta.git_commit = cli_git_commit(r->repo->root);
	meta.clean = meta.git_commit ? cli_git_clean(r->repo->root) : -1;
	assessment_json(&sb, r, x, &meta);
	itss_saved_seal(&sb);
	free((char *)meta.git_commit);
	dir = itss_xasprintf("%s/%s", r->repo->root, ITSS_ASSESSMENT_DIR);
	if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
		itss_diags_add(&d, ITSS_ERROR, dir, 0, 0, _("cannot create: %s"),
		    strerror(errno));
		free(dir);
		rc = ITSS_EIO;
		goto out;
	}
	free(dir);
	itss_date_format(day, a->as_of);
	/* <as-of>-<fingerprint>.json; another of that name moves us on. */
	for (k = 1, rc = ITSS_EINPUT; k < 100 && rc == ITSS_EINPUT; k++) {
		struct itss_diags wd = ITSS_DIAGS_INIT;
		free(rel);
		free(path);
		rel = k == 1 ? itss_xasprintf("%s/%s-%.8s.json", ITSS_ASSESSMENT_DIR,
		    day, x->snap.fingerprint) : itss_xasprintf("%s/%s-%.8s-%d.json",
		    ITSS_ASSESSMENT_DIR, day, x->snap.fingerprint, k);
		path = itss_xasprintf("%s/%s", r->repo->root, rel);
		rc = itss_write_atomic(path, sb.buf, sb.len, 1, &wd);
		if (rc == ITSS_EIO)
			itss_diags_append(&d, &wd);
		itss_diags_release(&wd);
	}
	if (rc < 0)
		goto out;
	/* Indexed like evidence: the ledger is the index of these files. */
	if ((rc = itss_store_import(r->store, r->repo, r->model, &st, NULL, NULL,
	    &d)) == 0) {
		itss_diags_drop(&d, ITSS_WARNING);	/* assess has told them */
		fprintf(stderr, _("itss: saved as %s; commit it as you commit "
		    "evidence\n"), rel);
	}
out:
	cli_print_diags(&d);
	itss_diags_release(&d);
	itss_strbuf_release(&sb);
	free(path);
	free(rel);
	return cli_exit_of(rc);
}

int
cmd_assess(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "target", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ "save", no_argument, NULL, 's' },
		{ "items", no_argument, NULL, 'i' },
		{ "model", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	const char *target_arg = NULL, *model_arg = NULL;
	const struct itss_level *target;
	struct cli_assessment x;
	struct cli_repo r;
	int32_t as_of = cli_today();
	int c, json = 0, save = 0, items = 0, status;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(_(cmd_assess_help), stdout);
			return EXIT_OK;
		case 'a':
			if ((status = cli_parse_date(&as_of, optarg, "--as-of")))
				return status;
			break;
		case 't': target_arg = optarg; break;
		case 'j': json = 1; break;
		case 's': save = 1; break;
		case 'i': items = 1; break;
		case 'm': model_arg = optarg; break;
		default:
			return cli_bad_option(argv, optopt, cmd_assess_help);
		}
	}
	if ((status = cli_no_operands(argc, argv, cmd_assess_help, "assess")) >= 0)
		return status;
	if ((status = cli_repo_open(&r, CLI_SYNC_QUIET, NULL)) != EXIT_OK)
		return status;
	if ((status = cli_repo_select(&r, model_arg)) != EXIT_OK ||
	    (save && (status = cli_refuse_invalid(&r, "assess --save", _("a saved "
	    "assessment rests on the whole evidence"))) != EXIT_OK) ||
	    (status = cli_target(&target, &r, target_arg)) != EXIT_OK ||
	    (status = cli_assess(&x, &r, as_of, target, json ? NULL :
	    &itss_tr_gettext)) != EXIT_OK) {
		cli_repo_close(&r);
		return status;
	}
	{
		static struct itss_actions set;
		/* A broken action file is told, and blocks nobody. */
		if (cli_actions_load(&set, &r) != EXIT_IO)
			actions = &set;
		if (json)
			print_json(&r, &x);
		else
			print_terminal(&r, &x, items);
		actions = NULL;
		itss_actions_release(&set);
	}
	status = x.a.target >= 0 && !x.a.target_reached ? EXIT_FINDINGS : EXIT_OK;
	if (save) {
		/* A saved file keeps the English ids, whatever the locale. */
		struct cli_assessment y;
		int s, again = !json && itss_tr_active(&itss_tr_gettext);
		if (!again)
			s = save_file(&r, &x);
		else if ((s = cli_assess(&y, &r, as_of, target, NULL)) == EXIT_OK) {
			s = save_file(&r, &y);
			cli_assessment_release(&y);
		}
		if (s != EXIT_OK)
			status = s;
	}
	cli_assessment_release(&x);
	c = cli_repo_close(&r);
	return c != EXIT_OK ? c : status;
}
