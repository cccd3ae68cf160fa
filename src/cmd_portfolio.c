/*
 * cmd_portfolio.c - itss portfolio DIR...: several evidence repositories
 * (a group's subsidiaries, a consultancy's clients) side by side, from
 * their saved assessment files, not their indexes: each one's level by
 * domain, target, gaps, corrective actions, the certificate's next date
 * and its trend; in the terminal, as JSON, or as a workbook.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "itss/review.h"
#include "itss/json.h"
#include "itss/report.h"
#include "itss/saved.h"

const char cmd_portfolio_help[] =
    N_("usage: itss portfolio [-o FILE.xlsx] [--as-of DATE] [--json] DIR...\n"
    "\n"
    "Several evidence repositories side by side, from the assessments saved\n"
    "in each (itss assess --save, the files under assessments/), not from\n"
    "their indexes: per organisation and model, the latest saved level by\n"
    "domain, the target, the gaps to it, the open and overdue corrective\n"
    "actions, the certificate's next date and the trend of every saved\n"
    "assessment. Each DIR is a repository (or a directory inside one).\n"
    "\n"
    "  -o FILE.xlsx    also write the portfolio workbook\n"
    "  --as-of DATE    actions overdue and the certificate's next date as of\n"
    "                  DATE (YYYY-MM-DD; default today)\n"
    "  --json          print it as JSON\n"
    "\n"
    "Exit status: 0; 1 some organisation is below its target or has an\n"
    "overdue action; 2 wrong usage; 3 a repository or one of its saved\n"
    "assessments is invalid, or none is saved; 4 the workbook cannot be\n"
    "written.\n");

/* One repository, read. */
struct repo {
	char *root;
	struct itss_repo *r;
	struct itss_saved *saved;
	size_t nsaved;
	struct itss_actions acts;
};

struct state {
	struct repo *repos;
	size_t nrepos;
	struct itss_model **models;	/* loaded once per id */
	size_t nmodels;
	struct itss_portfolio_org *orgs;
	size_t norgs, aorgs;
	int32_t as_of;
	int failed;			/* an input was refused */
};

static const struct itss_model *
model_for(struct state *st, const char *id, const struct itss_repo *r)
{
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct itss_strlist dirs = { 0 };
	struct itss_model *m = NULL;
	size_t i;

	for (i = 0; i < st->nmodels; i++)
		if (!strcmp(st->models[i]->id, id))
			return st->models[i];
	cli_model_dirs(&dirs);
	/* A model kept in the repository: its directory too. */
	if (r->model && (strchr(r->model, '/') || itss_ends_with(r->model,
	    ".yaml"))) {
		char *p = itss_xasprintf("%s/%s", r->root, r->model), *slash;
		if ((slash = strrchr(p, '/')))
			*slash = '\0';
		itss_strlist_add(&dirs, p);
		free(p);
	}
	if (itss_model_find(&m, id, &dirs, &d) < 0) {
		cli_print_diags(&d);
		m = NULL;
	}
	itss_diags_release(&d);
	itss_strlist_release(&dirs);
	if (!m)
		return NULL;
	st->models = itss_xrealloc(st->models, (st->nmodels + 1) *
	    sizeof(*st->models));
	st->models[st->nmodels++] = m;
	return m;
}

static int
rank(const struct itss_model *m, const char *id)
{
	const struct itss_level *l = id ? itss_model_level(m, id) : NULL;

	return l ? (int)(l - m->levels) : -1;
}

/* The rows of one repository: one per model it has assessments of. */
static void
add_rows(struct state *st, struct repo *rp, const char *dir)
{
	size_t i, k, q;

	for (i = 0; i < rp->nsaved; i++) {
		const struct itss_saved *a = &rp->saved[i], *last = a;
		const struct itss_model *m;
		struct itss_portfolio_org *o;
		int32_t *dates;
		int seen = 0, t;

		for (k = 0; k < i && !seen; k++)
			seen = !strcmp(rp->saved[k].model, a->model);
		if (seen)
			continue;
		if (!(m = model_for(st, a->model, rp->r))) {
			st->failed = 1;
			continue;
		}
		itss_xgrow((void **)&st->orgs, &st->aorgs, st->norgs + 1,
		    sizeof(*st->orgs));
		o = &st->orgs[st->norgs++];
		memset(o, 0, sizeof(*o));
		o->organisation = rp->r->organisation;
		o->dir = dir;
		o->model = m;
		dates = itss_xcalloc(rp->nsaved, sizeof(*dates));
		o->trend_levels = itss_xcalloc(rp->nsaved, sizeof(*o->trend_levels));
		for (k = i; k < rp->nsaved; k++)
			if (!strcmp(rp->saved[k].model, a->model)) {
				last = &rp->saved[k];
				dates[o->ntrend] = last->as_of;
				o->trend_levels[o->ntrend++] = last->level;
			}
		o->trend_dates = dates;
		o->level = last->level;
		o->as_of = last->as_of;
		o->target = last->target ? last->target : rp->r->target;
		if (o->target && !itss_model_level(m, o->target))
			o->target = NULL;
		o->domain_levels = itss_xcalloc(m->ndomains + 1,
		    sizeof(*o->domain_levels));
		for (k = 0; k < m->ndomains; k++) {
			const struct itss_saved_level *l = itss_saved_find_level(last,
			    ITSS_SAVED_DOMAIN, m->domains[k].id);
			o->domain_levels[k] = l ? l->level : NULL;
		}
		/* The gaps: its requirements at or below the target not good. */
		t = rank(m, o->target);
		for (q = 0; t >= 0 && q < last->nreqs; q++) {
			const struct itss_requirement *req = itss_model_requirement(m,
			    last->reqs[q].id);
			if (req && (int)req->level <= t &&
			    strcmp(last->reqs[q].status, "met") &&
			    strcmp(last->reqs[q].status, "not_applicable"))
				o->gaps++;
		}
		for (k = 0; k < rp->acts.n; k++) {
			o->open += !itss_action_closed(&rp->acts.v[k]);
			o->overdue += itss_action_overdue(&rp->acts.v[k], st->as_of);
		}
		o->next_date = INT32_MIN;
		if (rp->r->cert.given) {
			struct itss_cert_date v[8];
			size_t n = itss_certificate_calendar(&rp->r->cert, v);
			const struct itss_cert_date *next = itss_certificate_next(
			    &rp->r->cert, v, n, st->as_of);
			if (next) {
				struct itss_strbuf sb = ITSS_STRBUF_INIT;
				cli_cert_what(&sb, next);
				o->next_date = next->date;
				o->next_what = itss_strbuf_detach(&sb, NULL);
			}
		}
	}
}

/* Read one repository: itss.yaml, its saved assessments, its actions. */
static int
read_repo(struct state *st, struct repo *rp, const char *dir)
{
	struct itss_diags d = ITSS_DIAGS_INIT;
	const struct itss_model *first = NULL;
	int rc;

	memset(rp, 0, sizeof(*rp));
	if ((rc = itss_repo_find(&rp->root, dir, &d)) < 0 ||
	    (rc = itss_repo_open(&rp->r, rp->root, &d)) < 0) {
		cli_print_diags(&d);
		itss_diags_release(&d);
		cli_error(_("%s: not an evidence repository that can be read"),
		    cli_vis(dir));
		free(rp->root);
		itss_repo_free(rp->r);
		memset(rp, 0, sizeof(*rp));
		return cli_exit_of(rc);
	}
	rc = itss_saved_load_all(&rp->saved, &rp->nsaved, rp->r, &d);
	if (d.errors)
		st->failed = 1;
	cli_print_diags(&d);
	itss_diags_release(&d);
	if (rc < 0)
		return cli_exit_of(rc);
	if (!rp->nsaved) {
		cli_error(_("%s: no saved assessment under assessments/; run "
		    "`itss assess --save` there first"), cli_vis(dir));
		st->failed = 1;
		return EXIT_OK;
	}
	/* Actions against the model of its latest assessment. */
	first = model_for(st, rp->saved[rp->nsaved - 1].model, rp->r);
	if (first) {
		rc = itss_actions_load(&rp->acts, rp->r, first, &d);
		if (rc < 0 || rp->acts.ninvalid)
			st->failed = 1;
		cli_print_diags(&d);
		itss_diags_release(&d);
	}
	return EXIT_OK;
}


static const char *
lname(const struct itss_model *m, const char *id)
{
	const struct itss_level *l = id ? itss_model_level(m, id) : NULL;

	return l ? l->name : id ? id : "—";
}

/* A domain's column: its name or its widest level, and two spaces. */
static size_t
domain_width(const struct state *st, const struct itss_model *m, size_t k)
{
	size_t w = itss_display_width(m->domains[k].name), i;

	for (i = 0; i < st->norgs; i++)
		if (st->orgs[i].model == m) {
			size_t l = itss_display_width(lname(m,
			    st->orgs[i].domain_levels[k]));
			if (l > w)
				w = l;
		}
	return w + 2;
}

static void
print_text(const struct state *st)
{
	size_t i, k, w0 = 0;
	char day[11];

	for (i = 0; i < st->norgs; i++) {
		size_t w = itss_display_width(cli_vis(st->orgs[i].organisation));
		if (w > w0)
			w0 = w;
	}
	if (w0 < 12)
		w0 = 12;
	for (i = 0; i < st->norgs; i++) {
		const struct itss_portfolio_org *o = &st->orgs[i];
		const struct itss_model *m = o->model;
		if (!i || st->orgs[i - 1].model != m) {
			printf("%s%s (%s)\n", i ? "\n" : "", m->title, m->id);
			cli_pad(stdout, _("organisation"), w0 + 2);
			cli_pad(stdout, _("as of"), 12);
			cli_pad(stdout, _("level"), 8);
			for (k = 0; k < m->ndomains; k++)
				cli_pad(stdout, m->domains[k].name,
				    domain_width(st, m, k));
			cli_pad(stdout, _("target"), 8);
			cli_pad(stdout, _("gaps"), 6);
			cli_pad(stdout, _("actions open/overdue"), 22);
			printf("%s\n", _("certificate next"));
		}
		cli_pad(stdout, o->organisation, w0 + 2);
		itss_date_format(day, o->as_of);
		cli_pad(stdout, day, 12);
		cli_pad(stdout, lname(m, o->level), 8);
		for (k = 0; k < m->ndomains; k++)
			cli_pad(stdout, lname(m, o->domain_levels[k]),
			    domain_width(st, m, k));
		cli_pad(stdout, lname(m, o->target), 8);
		printf("%-6zu", o->gaps);
		{
			char buf[48];
			snprintf(buf, sizeof(buf), "%zu/%zu", o->open, o->overdue);
			cli_pad(stdout, buf, 22);
		}
		if (o->next_date != INT32_MIN) {
			itss_date_format(day, o->next_date);
			printf("%s %s\n", day, o->next_what);
		} else {
			printf("—\n");
		}
		printf("  %s ", _("trend:"));
		for (k = 0; k < o->ntrend; k++) {
			itss_date_format(day, o->trend_dates[k]);
			printf("%s%s %s", k ? " → " : "", day,
			    lname(m, o->trend_levels[k]));
		}
		printf("\n");
	}
}

static void
print_json(const struct state *st)
{
	struct itss_strbuf sb = ITSS_STRBUF_INIT;
	struct itss_json j;
	size_t i, k;
	char day[11];

	itss_json_init(&j, &sb);
	itss_json_object(&j);
	itss_date_format(day, st->as_of);
	itss_json_kv_string(&j, "as_of", day);
	itss_json_key(&j, "organisations");
	itss_json_array(&j);
	for (i = 0; i < st->norgs; i++) {
		const struct itss_portfolio_org *o = &st->orgs[i];
		itss_json_object(&j);
		itss_json_kv_string(&j, "organisation", o->organisation);
		itss_json_kv_string(&j, "dir", o->dir);
		itss_json_kv_string(&j, "model", o->model->id);
		itss_date_format(day, o->as_of);
		itss_json_kv_string(&j, "as_of", day);
		itss_json_kv_string(&j, "level", o->level);
		itss_json_key(&j, "domains");
		itss_json_object(&j);
		for (k = 0; k < o->model->ndomains; k++)
			itss_json_kv_string(&j, o->model->domains[k].id,
			    o->domain_levels[k]);
		itss_json_end(&j);
		itss_json_kv_string(&j, "target", o->target);
		itss_json_kv_int(&j, "gaps", (long long)o->gaps);
		itss_json_key(&j, "actions");
		itss_json_object(&j);
		itss_json_kv_int(&j, "open", (long long)o->open);
		itss_json_kv_int(&j, "overdue", (long long)o->overdue);
		itss_json_end(&j);
		itss_json_key(&j, "certificate_next");
		if (o->next_date == INT32_MIN) {
			itss_json_null(&j);
		} else {
			itss_json_object(&j);
			itss_date_format(day, o->next_date);
			itss_json_kv_string(&j, "date", day);
			itss_json_kv_string(&j, "what", o->next_what);
			itss_json_end(&j);
		}
		itss_json_key(&j, "trend");
		itss_json_array(&j);
		for (k = 0; k < o->ntrend; k++) {
			itss_json_object(&j);
			itss_date_format(day, o->trend_dates[k]);
			itss_json_kv_string(&j, "as_of", day);
			itss_json_kv_string(&j, "level", o->trend_levels[k]);
			itss_json_end(&j);
		}
		itss_json_end(&j);
		itss_json_end(&j);
	}
	itss_json_end(&j);
	itss_json_end(&j);
	itss_json_finish(&j);
	fputs(sb.buf, stdout);
	itss_strbuf_release(&sb);
}

/* Grouped by model, in the order the models first appear; stable. */
static void
group_by_model(struct state *st)
{
	struct itss_portfolio_org *v = itss_xcalloc(st->norgs + 1, sizeof(*v));
	size_t i, k, n = 0;

	for (i = 0; i < st->norgs; i++) {
		int first = 1;
		for (k = 0; k < i; k++)
			if (st->orgs[k].model == st->orgs[i].model)
				first = 0;
		if (!first)
			continue;
		for (k = i; k < st->norgs; k++)
			if (st->orgs[k].model == st->orgs[i].model)
				v[n++] = st->orgs[k];
	}
	free(st->orgs);
	st->orgs = v;
	st->aorgs = st->norgs + 1;
}

int
cmd_portfolio(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "output", required_argument, NULL, 'o' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct state st;
	const char *out = NULL;
	int c, json = 0, status = EXIT_OK, worst = EXIT_OK;
	size_t i, k;

	memset(&st, 0, sizeof(st));
	st.as_of = cli_today();
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(_(cmd_portfolio_help), stdout);
			return EXIT_OK;
		case 'o':
			out = optarg;
			break;
		case 'a':
			if ((status = cli_parse_date(&st.as_of, optarg, "--as-of")))
				return status;
			break;
		case 'j':
			json = 1;
			break;
		default:
			return cli_bad_option(argv, optopt, cmd_portfolio_help);
		}
	}
	if (optind == argc)
		return cli_usage(cmd_portfolio_help,
		    _("portfolio takes one or more repository directories"));
	st.repos = itss_xcalloc((size_t)(argc - optind) + 1, sizeof(*st.repos));
	for (i = (size_t)optind; i < (size_t)argc; i++) {
		struct repo *rp = &st.repos[st.nrepos];
		if ((status = read_repo(&st, rp, argv[i])) != EXIT_OK) {
			if (status > worst)
				worst = status;
			continue;
		}
		st.nrepos++;
		add_rows(&st, rp, argv[i]);
	}
	group_by_model(&st);
	if (st.norgs) {
		if (json)
			print_json(&st);
		else
			print_text(&st);
	}
	if (out && st.norgs) {
		struct itss_diags d = ITSS_DIAGS_INIT;
		struct itss_portfolio p;
		p.orgs = st.orgs;
		p.n = st.norgs;
		p.as_of = st.as_of;
		if (itss_portfolio_write(out, &p, &d) < 0) {
			if (EXIT_IO > worst)
				worst = EXIT_IO;
		} else if (!json) {
			printf(_("workbook: %s\n"), cli_vis(out));
		}
		cli_print_diags(&d);
		itss_diags_release(&d);
	}
	if (st.failed && worst < EXIT_INPUT)
		worst = EXIT_INPUT;
	if (worst == EXIT_OK)
		for (i = 0; i < st.norgs; i++) {
			const struct itss_portfolio_org *o = &st.orgs[i];
			if (o->overdue || (o->target && rank(o->model, o->level) <
			    rank(o->model, o->target)))
				worst = EXIT_FINDINGS;
		}
	for (i = 0; i < st.norgs; i++) {
		free((void *)st.orgs[i].trend_dates);
		free(st.orgs[i].trend_levels);
		free(st.orgs[i].domain_levels);
		free((char *)st.orgs[i].next_what);
	}
	free(st.orgs);
	for (i = 0; i < st.nrepos; i++) {
		for (k = 0; k < st.repos[i].nsaved; k++)
			itss_saved_release(&st.repos[i].saved[k]);
		free(st.repos[i].saved);
		itss_actions_release(&st.repos[i].acts);
		itss_repo_free(st.repos[i].r);
		free(st.repos[i].root);
	}
	free(st.repos);
	for (i = 0; i < st.nmodels; i++)
		itss_model_free(st.models[i]);
	free(st.models);
	return worst;
}
