/*
 * cmd_history.c - itss history, itss diff A B: the ledger of saved
 * assessments, and what changed between two of them.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char history_help[] =
    "usage: itss history\n"
    "\n"
    "List the assessments saved with `itss assess --save`, oldest first:\n"
    "when, as of which date, the level reached, the target, good over\n"
    "applicable requirements, and what they rest on (the evidence's\n"
    "fingerprint and the git commit).\n";

static const char diff_help[] =
    "usage: itss diff A B\n"
    "\n"
    "What changed from saved assessment A to B (numbers from `itss history`):\n"
    "the organisation's level, each domain's and item's, the requirements\n"
    "newly met and those lost, and those whose evidence changed.\n";

/* A level id as its name in the model, when the model knows it. */
static const char *
name_of(const struct itss_model *m, const char *level)
{
	const struct itss_level *l;

	if (!level)
		return "—";
	l = itss_model_level(m, level);
	return l ? l->name : level;
}

struct rows {
	const struct itss_model *m;
	size_t n;
};

static int
print_row(void *ctx, const struct itss_saved *a)
{
	struct rows *r = ctx;
	char day[11], counts[32];

	if (!r->n++)
		printf("  #  SAVED (UTC)           AS OF       LEVEL     TARGET    "
		    "GOOD/APPL  EVIDENCE      COMMIT\n");
	itss_date_format(day, a->as_of);
	snprintf(counts, sizeof(counts), "%u/%u", a->total.good,
	    a->total.applicable);
	printf("%3lld  %-20s  %s  ", (long long)a->id, a->saved_at, day);
	cli_pad(stdout, name_of(r->m, a->level), 10);
	cli_pad(stdout, name_of(r->m, a->target), 10);
	printf("%-9s  %.12s  %.12s\n", counts, a->fingerprint,
	    a->git_commit ? a->git_commit : "-");
	return 0;
}

int
cmd_history(int argc, char **argv)
{
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct cli_repo r;
	struct rows rows;
	int status = cli_only_help(argc, argv, history_help), rc;

	if (status >= 0)
		return status;
	if (optind < argc) {
		cli_error("history takes no arguments");
		return EXIT_USAGE;
	}
	if ((status = cli_repo_open(&r, CLI_NO_SYNC, NULL)) != EXIT_OK)
		return status;
	rows.m = r.model;
	rows.n = 0;
	rc = itss_store_history(r.store, print_row, &rows, &d);
	cli_print_diags(&d);
	itss_diags_release(&d);
	if (rc == 0 && !rows.n)
		printf("no saved assessments; `itss assess --save` saves one\n");
	status = cli_repo_close(&r);
	return rc < 0 ? cli_exit_of(rc) : status;
}

static const struct itss_saved_level *
find_level(const struct itss_saved *a, const char *what, const char *key)
{
	size_t i;

	for (i = 0; i < a->nlevels; i++)
		if (!strcmp(a->levels[i].what, what) && !strcmp(a->levels[i].key, key))
			return &a->levels[i];
	return NULL;
}

static const struct itss_saved_req *
find_req(const struct itss_saved *a, const char *id)
{
	size_t lo = 0, hi = a->nreqs;

	while (lo < hi) {	/* loaded in order of requirement id */
		size_t mid = (lo + hi) / 2;
		int c = strcmp(id, a->reqs[mid].id);
		if (!c)
			return &a->reqs[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

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

static int
parse_id(int64_t *out, const char *s)
{
	char *end;
	long long v = strtoll(s, &end, 10);

	if (!*s || *end || v < 1) {
		cli_error("'%s' is not an assessment number; `itss history` lists "
		    "them", s);
		return EXIT_USAGE;
	}
	*out = v;
	return EXIT_OK;
}

static void
level_change(const struct itss_model *m, const struct itss_saved *a,
    const struct itss_saved *b, const char *what, const char *key,
    const char *label, size_t *n)
{
	const struct itss_saved_level *x = find_level(a, what, key);
	const struct itss_saved_level *y = find_level(b, what, key);

	if (!y || (x && same(x->level, y->level) && x->good == y->good &&
	    x->applicable == y->applicable))
		return;
	if (!(*n)++)
		printf("\n%s:\n", !strcmp(what, "domain") ? "domains" : "items");
	printf("  ");
	cli_pad(stdout, label, 28);
	printf("%s → %s", x ? name_of(m, x->level) : "(absent)",
	    name_of(m, y->level));
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
		level_change(m, a, b, "domain", m->domains[i].id,
		    m->domains[i].name, &n);
	n = 0;
	for (i = 0; i < m->nitems; i++) {
		char *label = itss_xasprintf("%u %s", m->items[i].no,
		    m->items[i].name);
		snprintf(key, sizeof(key), "%u", m->items[i].no);
		level_change(m, a, b, "item", key, label, &n);
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
	int status = cli_only_help(argc, argv, diff_help), rc, pass;
	size_t i;
	char da[11], db[11];

	if (status >= 0)
		return status;
	if (argc - optind != 2)
		return cli_usage(diff_help,
		    "diff takes two assessment numbers");
	if ((status = parse_id(&ia, argv[optind])) != EXIT_OK ||
	    (status = parse_id(&ib, argv[optind + 1])) != EXIT_OK)
		return status;
	if ((status = cli_repo_open(&r, CLI_NO_SYNC, NULL)) != EXIT_OK)
		return status;
	m = r.model;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	if ((rc = itss_store_load_saved(&a, r.store, ia, &d)) < 0 ||
	    (rc = itss_store_load_saved(&b, r.store, ib, &d)) < 0) {
		cli_print_diags(&d);
		itss_diags_release(&d);
		itss_saved_release(&a);
		cli_repo_close(&r);
		return cli_exit_of(rc);
	}
	itss_date_format(da, a.as_of);
	itss_date_format(db, b.as_of);
	printf("assessment %lld (as of %s) → %lld (as of %s)\n", (long long)ia, da,
	    (long long)ib, db);
	printf("level: %s → %s", name_of(m, a.level), name_of(m, b.level));
	printf("    good/applicable: %u/%u → %u/%u\n", a.total.good,
	    a.total.applicable, b.total.good, b.total.applicable);
	if (strcmp(a.model_sha256, b.model_sha256))
		printf("model: %s (%.12s) → %s (%.12s): the standard's data changed\n",
		    a.model, a.model_sha256, b.model, b.model_sha256);
	printf("evidence: %.12s → %.12s%s\n", a.fingerprint, b.fingerprint,
	    strcmp(a.fingerprint, b.fingerprint) ? "" : " (unchanged)");
	level_changes(m, &a, &b);

	/* Requirements newly met, lost, and met on other evidence. */
	for (pass = 0; pass < 3; pass++) {
		static const char *const heads[] = { "newly met", "lost",
			"met on changed evidence" };
		size_t n = 0;
		for (i = 0; i < b.nreqs; i++) {
			const struct itss_saved_req *y = &b.reqs[i];
			const struct itss_saved_req *x = find_req(&a, y->id);
			const char *xs = x ? x->status : NULL;
			int show = pass == 0 ? good(y->status) && !good(xs) :
			    pass == 1 ? !good(y->status) && good(xs) :
			    good(y->status) && good(xs) &&
			    !same(x->evidence, y->evidence);
			if (!show)
				continue;
			if (!n++)
				printf("\nrequirements %s:\n", heads[pass]);
			printf("  %-9s %s → %s", y->id, xs ? xs : "(absent)", y->status);
			if (x && x->evidence && *x->evidence &&
			    !same(x->evidence, y->evidence))
				printf("   evidence was: %s", x->evidence);
			if (y->evidence && *y->evidence)
				printf("   evidence: %s", y->evidence);
			printf("\n");
		}
	}
	itss_saved_release(&a);
	itss_saved_release(&b);
	itss_diags_release(&d);
	return cli_repo_close(&r);
}
