/*
 * cmd_history.c - itss history: the ledger of saved assessments.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char cmd_history_help[] =
    N_("usage: itss history\n"
    "\n"
    "List the assessments saved with `itss assess --save`, oldest first:\n"
    "when, as of which date, the level reached, the target, good over\n"
    "applicable requirements, and what they rest on (the evidence's\n"
    "fingerprint and the git commit, marked when the evidence had changes\n"
    "not committed). They are the files under assessments/, indexed\n"
    "first; one whose file was edited by hand is marked so.\n");

struct rows {
	const struct cli_repo *r;
	const struct itss_model *m;
	size_t n;
};

static int
print_row(void *ctx, const struct itss_saved *a)
{
	struct rows *r = ctx;
	char day[11], counts[32];
	/* Each row's levels by its own model's names. */
	const struct itss_model *m = cli_repo_model(r->r, a->model);

	if (!m)
		m = r->m;
	if (!r->n++)
		printf(_("  #  SAVED (UTC)           AS OF       %sLEVEL     TARGET    "
		    "GOOD/APPL  EVIDENCE      COMMIT\n"), r->r->nalso ?
		    "MODEL          " : "");
	itss_date_format(day, a->as_of);
	snprintf(counts, sizeof(counts), "%u/%u", a->total.good,
	    a->total.applicable);
	printf("%3lld  %-20s  %s  ", (long long)a->id, a->saved_at, day);
	/* Several models: which each assessment is against. */
	if (r->r->nalso)
		cli_pad(stdout, a->model, 15);
	cli_pad(stdout, cli_level_name(m, a->level), 10);
	cli_pad(stdout, cli_level_name(m, a->target), 10);
	printf("%-9s  %.12s  %.12s", counts, a->fingerprint,
	    a->git_commit ? a->git_commit : "-");
	/* Evidence not committed when it was saved; a file changed since. */
	if (a->clean == 0)
		printf(_(" (uncommitted evidence)"));
	if (a->edited)
		printf(_("  EDITED BY HAND: %s"), a->source ? a->source : "");
	printf("\n");
	return 0;
}

int
cmd_history(int argc, char **argv)
{
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct cli_repo r;
	struct rows rows;
	int status = cli_only_help(argc, argv, cmd_history_help), rc;

	if (status >= 0)
		return status;
	if ((status = cli_no_operands(argc, argv, cmd_history_help,
	    "history")) >= 0)
		return status;
	if ((status = cli_repo_open(&r, CLI_SYNC_QUIET, NULL)) != EXIT_OK)
		return status;
	rows.r = &r;
	rows.m = r.model;
	rows.n = 0;
	rc = itss_ledger_history(r.store, print_row, &rows, &d);
	cli_print_diags(&d);
	itss_diags_release(&d);
	if (rc == 0 && !rows.n)
		printf(_("no saved assessments; `itss assess --save` saves one\n"));
	status = cli_repo_close(&r);
	return rc < 0 ? cli_exit_of(rc) : status;
}
