/*
 * cmd_requests.c - itss requests: the evidence request list (证据清单) a
 * consultant hands over before an assessment: every requirement at or
 * below the target that is not good, item by item, with what is missing,
 * the record that exists but does not count and why, the template that
 * closes it, who answers for it (itss.yaml's owners) and by when; and
 * --draft, a draft record from its template for every missing piece.
 */
#include <csv.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "itss/json.h"
#include "itss/template.h"

const char cmd_requests_help[] =
    N_("usage: itss requests [--model ID] [--target LEVEL] [--as-of DATE]\n"
    "                     [--due DATE] [--json | --csv] [--draft]\n"
    "\n"
    "The evidence request list: every requirement at or below the target\n"
    "(default: itss.yaml's) that is not good, grouped by item, with the\n"
    "kinds of evidence missing or stale, the record that exists but does\n"
    "not count and why, the template that closes it, the owner (itss.yaml's\n"
    "owners, by item or domain) and the due date (--due, else itss.yaml's\n"
    "assessment_date).\n"
    "\n"
    "  --json          print the list as JSON\n"
    "  --csv           print it as CSV (UTF-8), a row per requirement\n"
    "  --draft         write a draft record from its template for every item\n"
    "                  and kind missing, named as `itss evidence new` names\n"
    "                  them; never over a file, and not again where a draft\n"
    "                  of that item and kind exists (so run twice, it adds\n"
    "                  nothing); it says what it skipped\n"
    "\n"
    "Exit status: 0; 2 wrong usage; 3 the evidence cannot be read; 4 a draft\n"
    "could not be written.\n");

static const char *
owner_of(const struct cli_repo *r, const struct itss_requirement *q)
{
	const struct itss_model *m = r->model;

	return itss_repo_owner(r->repo, m, q->item ? &m->items[q->item - 1] : NULL,
	    &m->domains[q->domain]);
}

static void
csv_field(FILE *f, const char *s, int last)
{
	s = s ? s : "";
	(void)csv_fwrite(f, s, strlen(s));
	fputc(last ? '\n' : ',', f);
}

static void
print_csv(const struct cli_repo *r, const struct cli_assessment *x,
    const size_t *v, size_t n, int32_t due)
{
	const struct itss_model *m = r->model;
	char day[11] = "";
	size_t i;

	if (due != INT32_MIN)
		itss_date_format(day, due);
	fputs("item,item_name,domain,requirement,level,status,missing,why_not,"
	    "template,owner,due\n", stdout);
	for (i = 0; i < n; i++) {
		const struct itss_requirement *q = &m->requirements[v[i]];
		const struct itss_req_result *rr = &x->a.requirements[v[i]];
		char no[16] = "", *t = itss_report_template_for(m, q, rr);
		if (q->item)
			snprintf(no, sizeof(no), "%u", q->item);
		csv_field(stdout, no, 0);
		csv_field(stdout, q->item ? m->items[q->item - 1].name : "", 0);
		csv_field(stdout, m->domains[q->domain].id, 0);
		csv_field(stdout, q->id, 0);
		csv_field(stdout, m->levels[q->level].id, 0);
		csv_field(stdout, itss_req_status_name(rr->status), 0);
		csv_field(stdout, rr->missing, 0);
		csv_field(stdout, rr->why_not, 0);
		csv_field(stdout, t, 0);
		csv_field(stdout, owner_of(r, q), 0);
		csv_field(stdout, day, 1);
		free(t);
	}
}

static void
print_json(const struct cli_repo *r, const struct cli_assessment *x,
    const size_t *v, size_t n, int32_t due)
{
	const struct itss_model *m = r->model;
	struct itss_strbuf sb = ITSS_STRBUF_INIT;
	struct itss_json j;
	char day[11];
	size_t i;

	itss_json_init(&j, &sb);
	itss_json_object(&j);
	itss_json_kv_string(&j, "model", m->id);
	itss_date_format(day, x->a.as_of);
	itss_json_kv_string(&j, "as_of", day);
	itss_json_kv_string(&j, "target", x->a.target >= 0 ?
	    m->levels[x->a.target].id : NULL);
	itss_json_key(&j, "due");
	if (due == INT32_MIN) {
		itss_json_null(&j);
	} else {
		itss_date_format(day, due);
		itss_json_string(&j, day);
	}
	itss_json_key(&j, "requests");
	itss_json_array(&j);
	for (i = 0; i < n; i++) {
		const struct itss_requirement *q = &m->requirements[v[i]];
		const struct itss_req_result *rr = &x->a.requirements[v[i]];
		char *t = itss_report_template_for(m, q, rr);
		size_t k;
		itss_json_object(&j);
		itss_json_key(&j, "item");
		if (q->item)
			itss_json_int(&j, q->item);
		else
			itss_json_null(&j);
		itss_json_kv_string(&j, "domain", m->domains[q->domain].id);
		itss_json_kv_string(&j, "requirement", q->id);
		itss_json_kv_string(&j, "level", m->levels[q->level].id);
		itss_json_kv_string(&j, "status", itss_req_status_name(rr->status));
		itss_json_kv_string(&j, "missing", rr->missing);
		itss_json_key(&j, "kinds");
		itss_json_array(&j);
		for (k = 0; k < rr->nlacking; k++)
			itss_json_string(&j, rr->lacking[k]->id);
		itss_json_end(&j);
		itss_json_kv_string(&j, "why_not", rr->why_not);
		itss_json_kv_string(&j, "template", t);
		itss_json_kv_string(&j, "owner", owner_of(r, q));
		itss_json_end(&j);
		free(t);
	}
	itss_json_end(&j);
	itss_json_end(&j);
	itss_json_finish(&j);
	fputs(sb.buf, stdout);
	itss_strbuf_release(&sb);
}

static void
print_terminal(const struct cli_repo *r, const struct cli_assessment *x,
    const size_t *v, size_t n, int32_t due)
{
	const struct itss_model *m = r->model;
	size_t i, wi = 9, items = 0;
	char day[11];
	char *label = NULL;

	for (i = 0; i < n; i++) {
		size_t w = strlen(m->requirements[v[i]].id) + 2;
		wi = w > wi ? w : wi;
	}
	printf(_("evidence requests: %s · %s · toward %s"), cli_vis(
	    r->repo->organisation), m->id, x->a.target >= 0 ?
	    m->levels[x->a.target].name : "—");
	if (due != INT32_MIN) {
		itss_date_format(day, due);
		printf(_(" · due %s"), day);
	}
	printf("\n");
	for (i = 0; i < n; i++) {
		const struct itss_requirement *q = &m->requirements[v[i]];
		const struct itss_req_result *rr = &x->a.requirements[v[i]];
		char *l = itss_report_item_label(m, q,
		    _("%s (domain-wide)")), *t;
		const char *owner = owner_of(r, q);
		if (!label || strcmp(label, l)) {
			printf("\n%s", l);
			if (owner)
				printf(_(" (owner: %s)"), cli_vis(owner));
			printf("\n");
			items++;
			free(label);
			label = l;
		} else {
			free(l);
		}
		printf("  ");
		cli_pad(stdout, q->id, wi);
		cli_pad(stdout, _(itss_req_status_name(rr->status)), 11);
		printf("%s", cli_vis(rr->missing ? rr->missing : ""));
		if (rr->why_not && rr->status != ITSS_REQ_EXPIRED)
			printf("%s%s", _("; "), cli_vis(rr->why_not));
		printf("\n");
		t = itss_report_template_for(m, q, rr);
		printf(_("  %*s template: %s\n"), (int)wi, "", t);
		free(t);
	}
	free(label);
	if (n)
		printf("\n");
	printf(P_("%zu request", "%zu requests", n), n);
	printf(P_(" in %zu item\n", " in %zu items\n", items), items);
}

struct draft_probe {
	const char *prefix;
	char *id;		/* a draft's id, when one has the prefix */
};

static int
listed(const struct itss_strlist *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], s))
			return 1;
	return 0;
}

static int
draft_probe(void *ctx, const struct itss_record_row *row)
{
	struct draft_probe *p = ctx;

	if (!p->id && !strncmp(row->id, p->prefix, strlen(p->prefix)) &&
	    row->status && !strcmp(row->status, "draft"))
		p->id = itss_xstrdup(row->id);
	return 0;
}

/*
 * A draft for every item (or domain-wide requirement) and kind missing:
 * one record from the template cites all the item's requirements that
 * expect the kind. Skipped where a draft of that name exists already.
 */
static int
write_drafts(struct cli_repo *r, const struct cli_assessment *x,
    const size_t *v, size_t n)
{
	const struct itss_model *m = r->model;
	struct itss_strlist done = { NULL, 0, 0 };
	size_t i, k, written = 0, skipped = 0;
	int status = EXIT_OK;

	for (i = 0; i < n && status == EXIT_OK; i++) {
		const struct itss_requirement *q = &m->requirements[v[i]];
		const struct itss_req_result *rr = &x->a.requirements[v[i]];
		const struct itss_item *it = q->item ? &m->items[q->item - 1] : NULL;
		size_t nk = rr->nlacking ? rr->nlacking : q->nexpects ? 1 : 0;
		for (k = 0; k < nk && status == EXIT_OK; k++) {
			const struct itss_kind *kind = rr->nlacking ? rr->lacking[k] :
			    q->expects[0];
			struct itss_diags d = ITSS_DIAGS_INIT;
			struct itss_record_filter f;
			struct draft_probe p;
			char *prefix = cli_record_prefix(r, it, it ? NULL : q, kind);
			char *path = NULL;
			int rc;
			if (listed(&done, prefix)) {
				free(prefix);
				continue;
			}
			itss_strlist_add(&done, prefix);
			itss_record_filter_init(&f);
			f.light = 1;
			p.prefix = prefix;
			p.id = NULL;
			if ((rc = itss_store_records(r->store, m, &f, draft_probe, &p,
			    &d)) == 0 && p.id) {
				printf(_("skipped: %s is a draft already (for %s)\n"),
				    p.id, q->id);
				skipped++;
			} else if (rc == 0 && (rc = cli_new_record(r, it, it ? NULL : q,
			    kind, &path, &d)) == 0) {
				printf(_("wrote %s (%s, for %s)\n"), path, kind->name, q->id);
				written++;
			}
			cli_print_diags(&d);
			itss_diags_release(&d);
			if (rc < 0)
				status = cli_exit_of(rc);
			free(p.id);
			free(path);
			free(prefix);
		}
	}
	itss_strlist_release(&done);
	printf(P_("%zu draft written", "%zu drafts written", written), written);
	printf(P_(", %zu skipped (a draft exists); fill them in, then set "
	    "status: approved\n", ", %zu skipped (drafts exist); fill them in, "
	    "then set status: approved\n", skipped), skipped);
	return status;
}

int
cmd_requests(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "target", required_argument, NULL, 't' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "model", required_argument, NULL, 'm' },
		{ "due", required_argument, NULL, 'u' },
		{ "json", no_argument, NULL, 'j' },
		{ "csv", no_argument, NULL, 'c' },
		{ "draft", no_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	const char *target_arg = NULL, *model_arg = NULL;
	const struct itss_level *target;
	int32_t as_of = cli_today(), due = INT32_MIN;
	int c, status, json = 0, csv = 0, draft = 0, has_due = 0;
	struct cli_assessment x;
	size_t *v;
	struct cli_repo r;
	size_t n;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(_(cmd_requests_help), stdout);
			return EXIT_OK;
		case 'a':
			if ((status = cli_parse_date(&as_of, optarg, "--as-of")))
				return status;
			break;
		case 'u':
			if ((status = cli_parse_date(&due, optarg, "--due")))
				return status;
			has_due = 1;
			break;
		case 't': target_arg = optarg; break;
		case 'm': model_arg = optarg; break;
		case 'j': json = 1; break;
		case 'c': csv = 1; break;
		case 'd': draft = 1; break;
		default:
			return cli_bad_option(argv, optopt, cmd_requests_help);
		}
	}
	if ((status = cli_no_operands(argc, argv, cmd_requests_help,
	    "requests")) >= 0)
		return status;
	if (json + csv + draft > 1)
		return cli_usage(cmd_requests_help, _("--json, --csv and --draft "
		    "go one at a time"));
	if ((status = cli_repo_open(&r, CLI_SYNC_QUIET, NULL)) != EXIT_OK)
		return status;
	if ((status = cli_repo_select(&r, model_arg)) != EXIT_OK ||
	    (status = cli_target(&target, &r, target_arg)) != EXIT_OK) {
		cli_repo_close(&r);
		return status;
	}
	if (!target) {
		cli_error(_("requests need a target: --target LEVEL, or target: in "
		    "itss.yaml"));
		cli_repo_close(&r);
		return EXIT_USAGE;
	}
	if ((status = cli_assess(&x, &r, as_of, target, json || csv ? NULL :
	    &itss_tr_gettext)) != EXIT_OK) {
		cli_repo_close(&r);
		return status;
	}
	if (!has_due)
		due = r.repo->assessment_date;
	v = itss_report_requests(r.model, &x.a);
	n = x.a.ngaps;
	if (json)
		print_json(&r, &x, v, n, due);
	else if (csv)
		print_csv(&r, &x, v, n, due);
	else if (draft)
		status = write_drafts(&r, &x, v, n);
	else
		print_terminal(&r, &x, v, n, due);
	free(v);
	cli_assessment_release(&x);
	c = cli_repo_close(&r);
	return status != EXIT_OK ? status : c;
}
