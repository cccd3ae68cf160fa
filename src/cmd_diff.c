/*
 * cmd_diff.c - itss diff A B: what changed between two saved assessments.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char cmd_diff_help[] =
    N_("usage: itss diff A B\n"
    "\n"
    "What changed from saved assessment A to B (numbers from `itss history`):\n"
    "the organisation's level, each domain's and item's, the requirements\n"
    "newly met and those lost, and those whose evidence changed.\n");

static int
good(const char *status)
{
	return status && (!strcmp(status, "met") || !strcmp(status, "not_applicable"));
}

static int
same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Whether two requirements rest on the same records. */
static int
same_evidence(const struct itss_saved_req *x, const struct itss_saved_req *y)
{
	size_t i;

	if (x->nevidence != y->nevidence)
		return 0;
	for (i = 0; i < x->nevidence; i++)
		if (strcmp(x->evidence[i], y->evidence[i]))
			return 0;
	return 1;
}

static void
print_evidence(const char *label, const struct itss_saved_req *q)
{
	size_t i;

	printf("   %s", label);
	for (i = 0; i < q->nevidence; i++)
		printf("%s%s", i ? "," : "", q->evidence[i]);
}

static int
parse_id(int64_t *out, const char *s)
{
	char *end;
	long long v = strtoll(s, &end, 10);

	if (!*s || *end || v < 1) {
		cli_error(_("'%s' is not an assessment number; `itss history` lists "
		    "them"), s);
		return EXIT_USAGE;
	}
	*out = v;
	return EXIT_OK;
}

static void
level_change(const struct itss_model *m, const struct itss_saved *a,
    const struct itss_saved *b, enum itss_saved_scope scope, const char *key,
    const char *label, size_t *n)
{
	const struct itss_saved_level *x = itss_saved_find_level(a, scope, key);
	const struct itss_saved_level *y = itss_saved_find_level(b, scope, key);

	if (!y || (x && same(x->level, y->level) && x->good == y->good &&
	    x->applicable == y->applicable))
		return;
	if (!(*n)++)
		printf("\n%s:\n", scope == ITSS_SAVED_DOMAIN ? _("domains") : _("items"));
	printf("  ");
	cli_pad(stdout, label, 28);
	printf("%s → %s", x ? cli_level_name(m, x->level) : _("(absent)"),
	    cli_level_name(m, y->level));
	printf("   %u/%u → %u/%u\n", x ? x->good : 0, x ? x->applicable : 0,
	    y->good, y->applicable);
}

/* Domains and items whose level or counts changed, in the model's order. */
static void
level_changes(const struct itss_model *m, const struct itss_saved *a,
    const struct itss_saved *b)
{
	size_t i, n = 0;
	char key[16];

	for (i = 0; i < m->ndomains; i++)
		level_change(m, a, b, ITSS_SAVED_DOMAIN, m->domains[i].id,
		    m->domains[i].name, &n);
	n = 0;
	for (i = 0; i < m->nitems; i++) {
		char *label = itss_xasprintf("%u %s", m->items[i].no,
		    m->items[i].name);
		snprintf(key, sizeof(key), "%u", m->items[i].no);
		level_change(m, a, b, ITSS_SAVED_ITEM, key, label, &n);
		free(label);
	}
}

int
cmd_diff(int argc, char **argv)
{
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct itss_saved a, b;
	struct cli_repo r;
	const struct itss_model *m;
	int64_t ia, ib;
	int status = cli_only_help(argc, argv, cmd_diff_help), rc, pass;
	size_t i;
	char da[11], db[11];

	if (status >= 0)
		return status;
	if (argc - optind != 2)
		return cli_usage(cmd_diff_help,
		    _("diff takes two assessment numbers"));
	if ((status = parse_id(&ia, argv[optind])) != EXIT_OK ||
	    (status = parse_id(&ib, argv[optind + 1])) != EXIT_OK)
		return status;
	if ((status = cli_repo_open(&r, CLI_SYNC_QUIET, NULL)) != EXIT_OK)
		return status;
	m = r.model;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	if ((rc = itss_ledger_load(&a, r.store, ia, &d)) < 0 ||
	    (rc = itss_ledger_load(&b, r.store, ib, &d)) < 0) {
		cli_print_diags(&d);
		itss_diags_release(&d);
		itss_saved_release(&a);
		cli_repo_close(&r);
		return cli_exit_of(rc);
	}
	/* Two assessments against one model; its own names for them. */
	if (strcmp(a.model, b.model)) {
		cli_error(_("assessments %lld and %lld are against different models "
		    "(%s, %s): there is nothing to compare"), (long long)a.id,
		    (long long)b.id, a.model, b.model);
		itss_saved_release(&a);
		itss_saved_release(&b);
		cli_repo_close(&r);
		return EXIT_USAGE;
	}
	if (cli_repo_model(&r, a.model))
		m = cli_repo_model(&r, a.model);
	for (pass = 0; pass < 2; pass++) {
		const struct itss_saved *e = pass ? &b : &a;
		if (!e->edited)
			continue;
		cli_error(_("assessment %lld (%s) was edited by hand: its digest no "
		    "longer matches; restore it from git, or save it again"),
		    (long long)e->id, e->source ? e->source : "?");
		itss_saved_release(&a);
		itss_saved_release(&b);
		itss_diags_release(&d);
		cli_repo_close(&r);
		return EXIT_INPUT;
	}
	itss_date_format(da, a.as_of);
	itss_date_format(db, b.as_of);
	printf(_("assessment %lld (as of %s) → %lld (as of %s)\n"), (long long)ia, da,
	    (long long)ib, db);
	printf(_("level: %s → %s"), cli_level_name(m, a.level), cli_level_name(m, b.level));
	printf(_("    good/applicable: %u/%u → %u/%u\n"), a.total.good,
	    a.total.applicable, b.total.good, b.total.applicable);
	if (strcmp(a.model_sha256, b.model_sha256))
		printf(_("model: %s (%.12s) → %s (%.12s): the standard's data changed\n"),
		    a.model, a.model_sha256, b.model, b.model_sha256);
	printf(_("evidence: %.12s → %.12s%s\n"), a.fingerprint, b.fingerprint,
	    strcmp(a.fingerprint, b.fingerprint) ? "" : _(" (unchanged)"));
	level_changes(m, &a, &b);

	/* Requirements newly met, lost, and met on other evidence. */
	for (pass = 0; pass < 3; pass++) {
		static const char *const heads[] = { N_("newly met"), N_("lost"),
			N_("met on changed evidence") };
		size_t n = 0;
		for (i = 0; i < b.nreqs; i++) {
			const struct itss_saved_req *y = &b.reqs[i];
			const struct itss_saved_req *x = itss_saved_find_req(&a, y->id);
			const char *xs = x ? x->status : NULL;
			int show = pass == 0 ? good(y->status) && !good(xs) :
			    pass == 1 ? !good(y->status) && good(xs) :
			    good(y->status) && good(xs) && !same_evidence(x, y);
			if (!show)
				continue;
			if (!n++)
				printf(_("\nrequirements %s:\n"), _(heads[pass]));
			printf("  %-9s %s → %s", y->id, xs ? xs : _("(absent)"), y->status);
			if (x && x->nevidence && !same_evidence(x, y))
				print_evidence(_("evidence was: "), x);
			if (y->nevidence)
				print_evidence(_("evidence: "), y);
			printf("\n");
		}
	}
	itss_saved_release(&a);
	itss_saved_release(&b);
	itss_diags_release(&d);
	return cli_repo_close(&r);
}
