/*
 * cmd_check.c - itss check: for CI on the evidence repository.
 *
 * Every evidence problem (an invalid record or judgement, a file missing
 * or altered, expired evidence still cited) fails the check; evidence
 * expiring soon is a warning; with a target, every requirement at or
 * below it that is not good fails too. The result goes to the terminal,
 * and as JSON or a JUnit file for the CI server's test view.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "itss/atomic.h"
#include "itss/json.h"
#include "itss/review.h"

const char cmd_check_help[] =
    N_("usage: itss check [--model ID] [--target LEVEL] [--as-of DATE] [--json]\n"
    "                  [--junit FILE] [--expiring-within DAYS]\n"
    "\n"
    "Check the evidence repository, for CI: every evidence problem (an\n"
    "invalid record or judgement, an unknown requirement, a cited file\n"
    "missing, altered or changing while read, expired evidence still cited)\n"
    "and, with a target (default: itss.yaml's), every requirement at or\n"
    "below it not met. Evidence expiring within DAYS (default 30) and\n"
    "records dated after the as-of date are warnings. Corrective actions\n"
    "(actions/): one past its due date and not verified is a problem, one\n"
    "due within DAYS a warning, a verified one whose evidence no longer\n"
    "counts a problem; a nonconform judgement no action answers, a warning.\n"
    "With several models in itss.yaml, each model's target is checked, and\n"
    "one not reached is a problem naming it; --model ID checks that model\n"
    "alone.\n"
    "\n"
    "  --json         print the result as JSON on standard output\n"
    "  --junit FILE   write a JUnit XML file: a test case per requirement at\n"
    "                 or below the target and per evidence problem\n"
    "\n"
    "Exit status: 0 clean, 1 problems found or the target not reached,\n"
    "3 the evidence could not be read at all (the report still lists why).\n");

struct problem {
	int failing;		/* 0: a warning */
	const char *kind;	/* input, file, expired, expiring, future */
	char *file, *message;
	char *detail;		/* for the JUnit failure's text, or NULL */
	unsigned line, col;
};

struct problems {
	struct problem *v;
	size_t n, alloc;
};

static void
add(struct problems *p, int failing, const char *kind, const char *file,
    unsigned line, unsigned col, char *message)
{
	itss_xgrow((void **)&p->v, &p->alloc, p->n + 1, sizeof(*p->v));
	p->v[p->n].failing = failing;
	p->v[p->n].kind = kind;
	p->v[p->n].file = file ? itss_xstrdup(file) : NULL;
	p->v[p->n].line = line;
	p->v[p->n].col = col;
	p->v[p->n].message = message;
	p->v[p->n].detail = NULL;
	p->n++;
}

/* A cited file not as the record needs it: a problem, located. */
static int
file_problem(void *ctx, const struct itss_file_problem *f)
{
	struct problems *p = ctx;
	static const char *const what[] = { N_("is there"), N_("is missing"),
		N_("is altered"), N_("changed while it was read; import again "
		"when it is still") };
	struct problem *q;

	if (f->state == ITSS_FILE_ALTERED)
		add(p, 1, "file", f->source, f->line, f->col, itss_xasprintf(
		    _("record '%s' cites '%s', which is altered: its SHA-256 is "
		    "%.12s…, the record pins %.12s…"), f->record, f->path,
		    f->sha256 ? f->sha256 : "?", f->recorded));
	else
		add(p, 1, "file", f->source, f->line, f->col, itss_xasprintf(
		    _("record '%s' cites '%s', which %s"), f->record, f->path,
		    _(what[f->state])));
	q = &p->v[p->n - 1];
	if (f->state == ITSS_FILE_ALTERED)
		q->detail = itss_xasprintf(_("record: %s\nfile: %s\nexpected "
		    "SHA-256: %s\nactual SHA-256: %s\n"), f->record, f->path,
		    f->recorded, f->sha256 ? f->sha256 : _("(unknown)"));
	else
		q->detail = itss_xasprintf(_("record: %s\nfile: %s\nstate: %s\n"),
		    f->record, f->path, itss_file_state_name(f->state));
	return 0;
}

/* A record dated after the as-of date: it does not count, yet. */
static int
future_record(void *ctx, const struct itss_record_row *r)
{
	struct problems *p = ctx;
	char day[11];

	itss_date_format(day, r->date);
	add(p, 0, "future", r->source, r->line, 0, itss_xasprintf(_("record '%s' "
	    "is dated %s, after the as-of date: it does not count until then "
	    "(a typo in its date?)"), r->id, day));
	return 0;
}

struct expiry {
	struct problems *p;
	int32_t as_of;
	long within;
};

static int
expiry(void *ctx, const char *id, int32_t valid_until, size_t cited)
{
	struct expiry *e = ctx;
	char day[11];

	itss_date_format(day, valid_until);
	if (valid_until < e->as_of)
		add(e->p, 1, "expired", NULL, 0, 0, itss_xasprintf(P_("record "
		    "'%s' expired on %s and is still cited by %zu requirement; "
		    "renew it, or mark it superseded", "record '%s' expired on %s "
		    "and is still cited by %zu requirements; renew it, or mark it "
		    "superseded", cited), id, day, cited));
	else
		add(e->p, 0, "expiring", NULL, 0, 0, itss_xasprintf(_("record '%s' "
		    "expires on %s, within %ld days"), id, day, e->within));
	return 0;
}

/* XML text: escaped, and without the characters XML 1.0 cannot hold. */
static void
xml(struct itss_strbuf *sb, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '&': itss_strbuf_addstr(sb, "&amp;"); break;
		case '<': itss_strbuf_addstr(sb, "&lt;"); break;
		case '>': itss_strbuf_addstr(sb, "&gt;"); break;
		case '"': itss_strbuf_addstr(sb, "&quot;"); break;
		default:
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
				itss_strbuf_addch(sb, '?');
			else
				itss_strbuf_addch(sb, c);
		}
	}
}

static void
junit(struct itss_strbuf *sb, const struct problems *p,
    const struct cli_repo *r, const struct cli_assessment *x)
{
	const struct itss_model *m = r ? r->model : NULL;
	size_t i, nreq = 0, nfail = 0, pfail = 0;

	for (i = 0; i < p->n; i++)
		pfail += p->v[i].failing;
	if (x && x->a.target >= 0)
		for (i = 0; i < m->nrequirements; i++)
			if ((int)m->requirements[i].level <= x->a.target) {
				nreq++;
				nfail += !itss_req_good(x->a.requirements[i].status);
			}
	itss_strbuf_addstr(sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	itss_strbuf_addf(sb, "<testsuites name=\"itss check\" tests=\"%zu\" "
	    "failures=\"%zu\">\n", nreq + p->n, nfail + pfail);
	itss_strbuf_addf(sb, "  <testsuite name=\"evidence\" tests=\"%zu\" "
	    "failures=\"%zu\">\n", p->n, pfail);
	for (i = 0; i < p->n; i++) {
		const struct problem *q = &p->v[i];
		itss_strbuf_addf(sb, "    <testcase classname=\"evidence.%s\" name=\"",
		    q->kind);
		if (q->file) {
			xml(sb, q->file);
			if (q->line)
				itss_strbuf_addf(sb, ":%u", q->line);
			if (q->col)
				itss_strbuf_addf(sb, ":%u", q->col);
			itss_strbuf_addstr(sb, ": ");
		}
		xml(sb, q->message);
		itss_strbuf_addstr(sb, "\">");
		if (q->failing) {
			itss_strbuf_addstr(sb, "<failure message=\"");
			xml(sb, q->message);
			itss_strbuf_addf(sb, "\" type=\"%s\"", q->kind);
			if (q->detail) {
				itss_strbuf_addstr(sb, ">");
				xml(sb, q->detail);
				itss_strbuf_addstr(sb, "</failure>");
			} else {
				itss_strbuf_addstr(sb, "/>");
			}
		} else {
			itss_strbuf_addstr(sb, "<system-out>warning: ");
			xml(sb, q->message);
			itss_strbuf_addstr(sb, "</system-out>");
		}
		itss_strbuf_addstr(sb, "</testcase>\n");
	}
	itss_strbuf_addstr(sb, "  </testsuite>\n");
	if (x && x->a.target >= 0) {
		itss_strbuf_addstr(sb, "  <testsuite name=\"requirements up to ");
		xml(sb, m->levels[x->a.target].name);
		itss_strbuf_addf(sb, "\" tests=\"%zu\" failures=\"%zu\">\n", nreq, nfail);
		for (i = 0; i < m->nrequirements; i++) {
			const struct itss_requirement *q = &m->requirements[i];
			const struct itss_req_result *rr = &x->a.requirements[i];
			if ((int)q->level > x->a.target)
				continue;
			itss_strbuf_addf(sb, "    <testcase classname=\"%s.%s\" name=\"%s ",
			    m->levels[q->level].id, m->domains[q->domain].id, q->id);
			xml(sb, q->item ? m->items[q->item - 1].name :
			    m->domains[q->domain].name);
			itss_strbuf_addstr(sb, "\">");
			if (!itss_req_good(rr->status)) {
				itss_strbuf_addf(sb, "<failure type=\"%s\" message=\"",
				    itss_req_status_name(rr->status));
				xml(sb, rr->missing ? rr->missing : rr->reason);
				itss_strbuf_addstr(sb, "\">");
				xml(sb, q->text);
				itss_strbuf_addstr(sb, "\n");
				xml(sb, rr->reason);
				itss_strbuf_addstr(sb, "</failure>");
			}
			itss_strbuf_addstr(sb, "</testcase>\n");
		}
		itss_strbuf_addstr(sb, "  </testsuite>\n");
	}
	itss_strbuf_addstr(sb, "</testsuites>\n");
}

static void
json(const struct problems *p, const struct cli_repo *r,
    const struct cli_assessment *x, int ok)
{
	struct itss_strbuf sb = ITSS_STRBUF_INIT;
	struct itss_json j;
	size_t i;

	itss_json_init(&j, &sb);
	itss_json_object(&j);
	itss_json_kv_bool(&j, "ok", ok);
	itss_json_key(&j, "target");
	if (x && x->a.target >= 0)
		itss_json_string(&j, r->model->levels[x->a.target].id);
	else
		itss_json_null(&j);
	itss_json_key(&j, "target_reached");
	if (x && x->a.target >= 0)
		itss_json_bool(&j, x->a.target_reached);
	else
		itss_json_null(&j);
	itss_json_key(&j, "level");
	if (x && x->a.level >= 0)
		itss_json_string(&j, r->model->levels[x->a.level].id);
	else
		itss_json_null(&j);
	itss_json_key(&j, "problems");
	itss_json_array(&j);
	for (i = 0; i < p->n; i++) {
		itss_json_object(&j);
		itss_json_kv_string(&j, "severity", p->v[i].failing ? "error" : "warning");
		itss_json_kv_string(&j, "kind", p->v[i].kind);
		itss_json_kv_string(&j, "file", p->v[i].file);
		itss_json_kv_int(&j, "line", p->v[i].line);
		itss_json_kv_int(&j, "col", p->v[i].col);
		itss_json_kv_string(&j, "message", p->v[i].message);
		itss_json_end(&j);
	}
	itss_json_end(&j);
	itss_json_key(&j, "gaps");
	itss_json_array(&j);
	for (i = 0; x && i < x->a.ngaps; i++) {
		const struct itss_requirement *q = &r->model->requirements[x->a.gaps[i]];
		itss_json_object(&j);
		itss_json_kv_string(&j, "requirement", q->id);
		itss_json_kv_string(&j, "level", r->model->levels[q->level].id);
		itss_json_kv_string(&j, "status", itss_req_status_name(
		    x->a.requirements[x->a.gaps[i]].status));
		itss_json_kv_string(&j, "missing", x->a.requirements[x->a.gaps[i]].missing);
		itss_json_end(&j);
	}
	itss_json_end(&j);
	itss_json_end(&j);
	itss_json_finish(&j);
	fwrite(sb.buf, 1, sb.len, stdout);
	itss_strbuf_release(&sb);
}

struct check_opts {
	const char *target, *junit, *model;
	int32_t as_of;
	long within;
	int as_json;
};

static int add_actions(struct problems *p, const struct cli_repo *r,
    const struct cli_assessment *x, const struct check_opts *o, int again);

/*
 * The repository's other models, each against its own target (itss.yaml):
 * one not reached is a failing problem that names it; and the corrective
 * actions answering its requirements. r is back on its first model after.
 * EXIT_OK, or the assessment's failure.
 */
static int
other_models(struct problems *p, struct cli_repo *r,
    const struct check_opts *o)
{
	size_t k;
	int status = EXIT_OK;

	for (k = 0; k < r->nalso && status == EXIT_OK; k++) {
		const struct itss_level *target;
		struct cli_assessment y;
		const struct itss_model *m = r->also[k];
		if ((status = cli_repo_select(r, m->id)) != EXIT_OK ||
		    (status = cli_target(&target, r, NULL)) != EXIT_OK ||
		    (status = cli_assess(&y, r, o->as_of, target,
		    &itss_tr_gettext)) != EXIT_OK)
			break;
		if (y.a.target >= 0 && !y.a.target_reached)
			add(p, 1, "target", ITSS_CONFIG, 0, 0, itss_xasprintf(P_("model "
			    "%s: target %s not reached, %zu requirement not met "
			    "(`itss assess --model %s` says which)", "model %s: "
			    "target %s not reached, %zu requirements not met "
			    "(`itss assess --model %s` says which)", y.a.ngaps),
			    m->id, m->levels[y.a.target].name, y.a.ngaps, m->id));
		status = add_actions(p, r, &y, o, 1);
		cli_assessment_release(&y);
	}
	(void)cli_repo_select(r, r->first->id);
	return status;
}

/* The options; -1 to go on, else the exit status. */
static int
parse_opts(struct check_opts *o, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "target", required_argument, NULL, 't' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ "junit", required_argument, NULL, 'u' },
		{ "model", required_argument, NULL, 'm' },
		{ "expiring-within", required_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 },
	};
	int c, status;

	memset(o, 0, sizeof(*o));
	o->as_of = cli_today();
	o->within = 30;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		char *end;
		switch (c) {
		case 'h':
			fputs(_(cmd_check_help), stdout);
			return EXIT_OK;
		case 't': o->target = optarg; break;
		case 'a':
			if ((status = cli_parse_date(&o->as_of, optarg, "--as-of")))
				return status;
			break;
		case 'j': o->as_json = 1; break;
		case 'u': o->junit = optarg; break;
		case 'm': o->model = optarg; break;
		case 'e':
			o->within = strtol(optarg, &end, 10);
			if (*end || end == optarg || o->within < 0 ||
			    o->within > 3650) {
				cli_error(_("--expiring-within takes a number of days, "
				    "0 to 3650"));
				return EXIT_USAGE;
			}
			break;
		default:
			return cli_bad_option(argv, optopt, cmd_check_help);
		}
	}
	return cli_no_operands(argc, argv, cmd_check_help, "check");
}

static void
problems_release(struct problems *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		free(p->v[i].file);
		free(p->v[i].message);
		free(p->v[i].detail);
	}
	free(p->v);
}

/* The problems and warnings, one a line, then the count and the target. */
static void
print_text(const struct problems *p, const struct cli_repo *r,
    const struct cli_assessment *x, size_t failing, size_t warnings)
{
	struct itss_strbuf sb = ITSS_STRBUF_INIT;
	size_t i, others = 0;

	for (i = 0; i < p->n; i++) {
		struct itss_diag g;
		others += !strcmp(p->v[i].kind, "target");
		g.file = p->v[i].file;
		g.line = p->v[i].line;
		g.col = p->v[i].col;
		g.severity = p->v[i].failing ? ITSS_ERROR : ITSS_WARNING;
		g.message = p->v[i].message;
		itss_strbuf_reset(&sb);
		if (!g.file)
			itss_strbuf_addstr(&sb, _("itss: "));
		itss_diag_format(&sb, &g);
		printf("%s\n", sb.buf);
	}
	itss_strbuf_release(&sb);
	/* Another model's target not reached is not an evidence problem. */
	failing -= others;
	printf(P_("check: %zu evidence problem", "check: %zu evidence problems",
	    failing), failing);
	printf(P_(", %zu warning", ", %zu warnings", warnings), warnings);
	if (x && x->a.target >= 0 && x->a.target_reached)
		printf(P_("; target %s reached (%zu requirement not met)",
		    "; target %s reached (%zu requirements not met)", x->a.ngaps),
		    r->model->levels[x->a.target].name, x->a.ngaps);
	else if (x && x->a.target >= 0)
		printf(P_("; target %s not reached (%zu requirement not met)",
		    "; target %s not reached (%zu requirements not met)",
		    x->a.ngaps), r->model->levels[x->a.target].name, x->a.ngaps);
	if (r && r->nalso && others)
		printf(P_("; %zu other model short of its target",
		    "; %zu other models short of their target", others), others);
	printf("\n");
}

/* The JUnit file, put in place whole: EXIT_OK or EXIT_IO. */
static int
write_junit(const char *path, const struct problems *p,
    const struct cli_repo *r, const struct cli_assessment *x)
{
	struct itss_strbuf sb = ITSS_STRBUF_INIT;
	struct itss_diags wd = ITSS_DIAGS_INIT;
	int rc;

	junit(&sb, p, r, x);
	rc = itss_write_atomic(path, sb.buf, sb.len, 0, &wd);
	cli_print_diags(&wd);
	itss_diags_release(&wd);
	itss_strbuf_release(&sb);
	return rc < 0 ? EXIT_IO : EXIT_OK;
}

/*
 * What the index knows: cited files not as the records need them,
 * records dated after the as-of date, expired evidence still cited and
 * evidence about to expire.
 */
static int
add_from_index(struct problems *p, struct cli_repo *r,
    const struct check_opts *o)
{
	struct expiry e = { p, o->as_of, o->within };
	struct itss_diags ed = ITSS_DIAGS_INIT;
	struct itss_record_filter f;
	int rc;

	itss_record_filter_init(&f);
	f.dated_after = o->as_of;
	if ((rc = itss_store_file_problems(r->store, file_problem, p, &ed)) == 0 &&
	    (rc = itss_store_records(r->store, r->model, &f, future_record, p,
	    &ed)) == 0)
		rc = itss_store_expiring(r->store, o->as_of + (int32_t)o->within,
		    expiry, &e, &ed);
	cli_print_diags(&ed);
	itss_diags_release(&ed);
	return rc < 0 ? EXIT_IO : EXIT_OK;
}

/*
 * The corrective actions, against the assessment of the model selected
 * (itss_actions_review's rules): one past its due date and not verified
 * fails, one due within the window warns, a verified one whose evidence no
 * longer counts for what it answers fails; a nonconform judgement nothing
 * answers warns. An action file with errors fails, as any invalid input
 * does. again: for another model after the first, only what is that
 * model's (its evidence, its nonconformities).
 */
static int
add_actions(struct problems *p, const struct cli_repo *r,
    const struct cli_assessment *x, const struct check_opts *o, int again)
{
	struct itss_diags d = ITSS_DIAGS_INIT;
	const struct itss_model *m = r->model;
	struct itss_action_review rv;
	struct itss_actions set;
	char day[11] = "";
	size_t i;
	int rc = itss_actions_load(&set, r->repo, r->first, &d);

	for (i = 0; i < d.n && !again; i++)
		add(p, 1, "input", d.v[i].file, d.v[i].line, d.v[i].col,
		    itss_xstrdup(d.v[i].message));
	itss_diags_release(&d);
	if (rc < 0)
		return again ? EXIT_OK : cli_exit_of(rc);
	(void)itss_actions_review(&rv, &set, m, &x->a, r->prefix, o->as_of,
	    o->within);
	for (i = 0; i < rv.n; i++) {
		const struct itss_action_finding *f = &rv.v[i];
		const struct itss_action *a = f->action;
		/* The dates are the actions', told once, not once a model. */
		if (again && (f->kind == ITSS_FINDING_OVERDUE ||
		    f->kind == ITSS_FINDING_DUE_SOON))
			continue;
		if (a)
			itss_date_format(day, a->due);
		switch (f->kind) {
		case ITSS_FINDING_OVERDUE:
			add(p, 1, "action", a->source, a->line, a->col,
			    itss_xasprintf(_("corrective action %s was due on %s and "
			    "is %s, not verified"), a->id, day,
			    _(itss_action_status_name(a->status))));
			break;
		case ITSS_FINDING_DUE_SOON:
			add(p, 0, "action", a->source, a->line, a->col,
			    itss_xasprintf(_("corrective action %s is due on %s, "
			    "within %ld days"), a->id, day, o->within));
			break;
		case ITSS_FINDING_EVIDENCE:
			add(p, 1, "action", a->source, a->line, a->col,
			    itss_xasprintf(_("corrective action %s is verified "
			    "with %s, which does not count for %s%s (any more): "
			    "reopen the action, or fix the evidence"), a->id,
			    f->evidence, r->prefix, m->requirements[f->requirement].id));
			break;
		case ITSS_FINDING_UNANSWERED:
			add(p, 0, "action", NULL, 0, 0, itss_xasprintf(_("%s%s is "
			    "judged nonconform and no corrective action answers it: "
			    "add one under actions/"), r->prefix,
			    m->requirements[f->requirement].id));
			break;
		}
	}
	itss_action_review_release(&rv);
	itss_actions_release(&set);
	return EXIT_OK;
}

struct latest_saved {
	int32_t as_of;		/* the latest saved assessment's; INT32_MIN */
};

static int
latest_saved(void *ctx, const struct itss_saved *s)
{
	struct latest_saved *l = ctx;

	if (s->as_of > l->as_of)
		l->as_of = s->as_of;
	return 0;
}

/*
 * The certificate calendar (itss.yaml): a date within the window warns, an
 * expired certificate warns, and so does a surveillance date passed with
 * no saved assessment as of it or later.
 */
static int
add_certificate(struct problems *p, const struct cli_repo *r,
    const struct check_opts *o)
{
	const struct itss_certificate *c = &r->repo->cert;
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct latest_saved l = { INT32_MIN };
	struct itss_strbuf sb = ITSS_STRBUF_INIT;
	struct itss_cert_finding v[8];
	size_t n, i;
	char day[11];
	int rc;

	if (!c->given)
		return EXIT_OK;
	rc = itss_ledger_history(r->store, latest_saved, &l, &d);
	cli_print_diags(&d);
	itss_diags_release(&d);
	if (rc < 0)
		return cli_exit_of(rc);
	n = itss_certificate_review(c, o->as_of, o->within, l.as_of, v);
	for (i = 0; i < n; i++) {
		const struct itss_cert_date *e = &v[i].date;
		itss_strbuf_reset(&sb);
		cli_cert_what(&sb, e);
		itss_date_format(day, e->date);
		switch (v[i].kind) {
		case ITSS_CERT_FINDING_EXPIRED:
			add(p, 0, "certificate", ITSS_CONFIG, c->line, c->col,
			    itss_xasprintf(_("the certificate expired on %s: "
			    "assess again for a new one"), day));
			break;
		case ITSS_CERT_FINDING_DUE_SOON:
			add(p, 0, "certificate", ITSS_CONFIG, c->line, c->col,
			    itss_xasprintf(_("the certificate's %s is due on %s, "
			    "within %ld days"), sb.buf, day, o->within));
			break;
		case ITSS_CERT_FINDING_UNASSESSED:
			add(p, 0, "certificate", ITSS_CONFIG, c->line, c->col,
			    itss_xasprintf(_("the certificate's %s was due on %s and "
			    "no assessment as of then or later is saved (`itss assess "
			    "--save`)"), sb.buf, day));
			break;
		}
	}
	itss_strbuf_release(&sb);
	return EXIT_OK;
}

int
cmd_check(int argc, char **argv)
{
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct problems p = { NULL, 0, 0 };
	const struct itss_level *target = NULL;
	struct check_opts o;
	struct cli_assessment x;
	struct cli_repo r;
	int status, opened, assessed = 0;
	size_t i, failing = 0, warnings = 0;

	if ((status = parse_opts(&o, argc, argv)) >= 0)
		return status;
	opened = cli_repo_open_keep(&r, CLI_SYNC, NULL, &d);
	/*
	 * The import's findings (warnings) are told again, with all they
	 * know, from the index below: a cited file not as its record needs
	 * it fails the check.
	 */
	itss_diags_drop(&d, ITSS_WARNING);
	for (i = 0; i < d.n; i++) {
		const struct itss_diag *g = &d.v[i];
		add(&p, 1, "input", g->file, g->line, g->col,
		    itss_xstrdup(g->message));
	}
	itss_diags_release(&d);
	if (opened == EXIT_OK) {
		if ((status = cli_repo_select(&r, o.model)) != EXIT_OK ||
		    (status = cli_target(&target, &r, o.target)) != EXIT_OK) {
			cli_repo_close(&r);
			problems_release(&p);
			return status;
		}
		if ((opened = cli_assess(&x, &r, o.as_of, target,
		    o.as_json ? NULL : &itss_tr_gettext)) != EXIT_OK)
			cli_repo_close(&r);
		else
			assessed = 1;
	}
	if (assessed && (status = add_from_index(&p, &r, &o)) != EXIT_OK)
		goto out;
	if (assessed && (status = add_actions(&p, &r, &x, &o, 0)) != EXIT_OK)
		goto out;
	if (assessed && (status = add_certificate(&p, &r, &o)) != EXIT_OK)
		goto out;
	if (assessed && !o.model && (status = other_models(&p, &r, &o)) != EXIT_OK)
		goto out;
	/* A latest evaluation score under itss.yaml's threshold. */
	for (i = 0; assessed && i < x.nevals; i++) {
		const struct itss_report_eval *e = &x.evals[i];
		char day[11];
		if (!e->low)
			continue;
		itss_date_format(day, e->v[e->n - 1].date);
		add(&p, 1, "score", ITSS_CONFIG, r.repo->eval_threshold_line,
		    r.repo->eval_threshold_col, itss_xasprintf(_("%s scored %g in %s "
		    "(%s), under the evaluation_threshold %g"), e->item->label,
		    e->v[e->n - 1].score, e->v[e->n - 1].record, day,
		    r.repo->eval_threshold));
	}
	for (i = 0; i < p.n; i++) {
		failing += (size_t)p.v[i].failing;
		warnings += !p.v[i].failing;
	}
	if (o.junit && (status = write_junit(o.junit, &p, assessed ? &r : NULL,
	    assessed ? &x : NULL)) != EXIT_OK)
		goto out;
	if (o.as_json)
		json(&p, assessed ? &r : NULL, assessed ? &x : NULL,
		    !failing && (!assessed || x.a.target < 0 || x.a.target_reached) &&
		    opened == EXIT_OK);
	else
		print_text(&p, &r, assessed ? &x : NULL, failing, warnings);
	if (opened != EXIT_OK)
		status = opened;
	else if (failing || (x.a.target >= 0 && !x.a.target_reached))
		status = EXIT_FINDINGS;
	else
		status = EXIT_OK;
out:
	if (assessed) {
		int c;
		cli_assessment_release(&x);
		if ((c = cli_repo_close(&r)) != EXIT_OK)
			status = c;
	}
	problems_release(&p);
	return status;
}
