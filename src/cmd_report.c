/*
 * cmd_report.c - itss report [-o FILE.xlsx] [--model ID] [--as-of DATE]
 * [--target LEVEL]
 */
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "itss/report.h"

const char cmd_report_help[] =
    N_("usage: itss report [-o FILE.xlsx] [--model ID] [--as-of DATE]\n"
    "                   [--target LEVEL] [--lang zh-CN|en]\n"
    "\n"
    "Write the workbook for a management review or an audit: 概览 (the\n"
    "level, each domain's level and conformance, a radar of the domains\n"
    "against the target, a bar chart), 差距 (every requirement at or below\n"
    "the target not met, with what is missing and the template that would\n"
    "close it), 附录A (items by levels, coloured by this organisation's\n"
    "state), 附录B (the domains' characteristics, the reached level\n"
    "highlighted), 要求 (every requirement), 证据 (the evidence register) and,\n"
    "with saved assessments, 趋势 (the levels over time), with corrective\n"
    "actions, 整改 (each action; on 差距, each gap's), and with a target,\n"
    "证据清单 (the evidence request list of `itss requests`: each gap item\n"
    "by item, with its owner and itss.yaml's assessment_date as its due\n"
    "date).\n"
    "\n"
    "  -o FILE         the workbook to write (default itss-report.xlsx); it is\n"
    "                  written beside it, checked and renamed into place\n"
    "  --model ID      for ID, one of itss.yaml's models:; without it, with\n"
    "                  several models, a workbook for each: FILE for the\n"
    "                  first, FILE-ID.xlsx for each other\n"
    "  --as-of DATE    judge as of DATE (default today)\n"
    "  --target LEVEL  the level aimed at (default: the model's target in\n"
    "                  itss.yaml)\n"
    "  --lang LANG     the statuses, reasons and what is missing: zh-CN (符合,\n"
    "                  缺失, 缺少：记录; the default, or itss.yaml's language)\n"
    "                  or en\n");

struct register_src {
	struct itss_store *s;
	const struct itss_model *m;
	struct itss_diags *d;
};

static int
all_records(void *ctx, int (*row)(void *rctx, const struct itss_record_row *r),
    void *rctx)
{
	struct register_src *src = ctx;

	return itss_store_register(src->s, row, rctx, src->d);
}

struct saved_list {
	struct itss_store *s;
	const char *model;		/* the trend of this model's alone */
	struct itss_saved *v;
	size_t n, alloc;
	struct itss_diags *d;
};

static int
collect(void *ctx, const struct itss_saved *a)
{
	struct saved_list *l = ctx;

	if (strcmp(a->model, l->model))
		return 0;	/* another of the repository's models */
	/* A file edited by hand is no record of an assessment: not trended. */
	if (a->edited) {
		itss_diags_add(l->d, ITSS_WARNING, a->source, 0, 0, _("assessment "
		    "%lld was edited by hand (its digest no longer matches): left "
		    "out of the trend; restore it from git, or save it again"),
		    (long long)a->id);
		return 0;
	}
	itss_xgrow((void **)&l->v, &l->alloc, l->n + 1, sizeof(*l->v));
	if (itss_ledger_load(&l->v[l->n], l->s, a->id, l->d) < 0)
		return -1;
	l->n++;
	return 0;
}

/*
 * libxlsxwriter prints its own "[ERROR]..." lines on stderr when a write
 * fails (a full disk): the user should read one message, itss's. So the
 * write runs with stderr on a pipe (progress keeps the real stderr), and
 * what else arrived there is passed on afterwards, the library's lines
 * dropped. A pipe that fills only loses the excess.
 */
static int
write_quietly(const char *out, const struct itss_report_input *in,
    struct cli_progress *prog, struct itss_diags *d)
{
	int fds[2], saved, rc;
	FILE *real;

	fflush(stderr);
	if (pipe(fds) < 0 || (saved = dup(STDERR_FILENO)) < 0)
		return itss_report_write(out, in, d);	/* as it is, then */
	if (fcntl(fds[1], F_SETFL, O_NONBLOCK) < 0 ||
	    fcntl(fds[0], F_SETFL, O_NONBLOCK) < 0 ||
	    !(real = fdopen(saved, "w")) || dup2(fds[1], STDERR_FILENO) < 0) {
		close(fds[0]);
		close(fds[1]);
		close(saved);
		return itss_report_write(out, in, d);
	}
	close(fds[1]);
	prog->out = real;
	rc = itss_report_write(out, in, d);
	fflush(stderr);
	(void)dup2(saved, STDERR_FILENO);	/* saved is open: cannot fail */
	prog->out = stderr;
	{
		char *text = NULL, *line, *nl;
		size_t len;

		if (itss_read_fd(&text, &len, fds[0], 1u << 20, 0) == 0)
			for (line = text; line && *line; line = nl ? nl + 1 : NULL) {
				if ((nl = strchr(line, '\n')))
					*nl = '\0';
				if (strncmp(line, "[ERROR]", 7) && *line)
					fprintf(stderr, "%s\n", line);
			}
		free(text);
	}
	close(fds[0]);
	fclose(real);
	return rc;
}

/* One model's workbook, into out: EXIT_OK or the failure's status. */
static int
write_one(struct cli_repo *r, const char *out, int32_t as_of,
    const char *target_arg)
{
	const struct itss_level *target;
	struct itss_diags d = ITSS_DIAGS_INIT, reg_d = ITSS_DIAGS_INIT;
	struct itss_report_input in;
	struct itss_actions acts = { NULL, 0, 0, 0 };
	struct register_src src;
	struct saved_list hist;
	struct cli_progress prog;
	struct cli_assessment x;
	int status, rc = 0;
	size_t i;

	if ((status = cli_target(&target, r, target_arg)) != EXIT_OK ||
	    (status = cli_assess(&x, r, as_of, target, r->repo->english ?
	    NULL : itss_tr_lang("zh-CN"))) != EXIT_OK)
		return status;
	memset(&hist, 0, sizeof(hist));
	hist.s = r->store;
	hist.d = &d;
	hist.model = r->model->id;
	rc = itss_ledger_history(r->store, collect, &hist, &d);
	if (rc == 0)
		rc = itss_store_stream_mode(r->store, &d);
	if (rc == 0) {
		src.s = r->store;
		src.m = r->model;
		src.d = &reg_d;	/* its own: the register is read on a thread */
		memset(&in, 0, sizeof(in));
		in.model = r->model;
		in.assessment = &x.a;
		in.organisation = r->repo->organisation;
		in.fingerprint = x.snap.fingerprint;
		in.records = all_records;
		in.records_ctx = &src;
		in.nrecords = x.snap.nrecords_total;
		in.progress = cli_progress;
		in.progress_ctx = &prog;
		in.history = hist.v;
		in.nhistory = hist.n;
		in.invalid = &r->invalid;
		in.ninvalid = r->ninvalid;
		in.evals = x.evals;
		in.nevals = x.nevals;
		in.threshold = r->repo->eval_threshold;
		in.english = r->repo->english;
		/* A broken action file is told, and blocks nobody. */
		if (cli_actions_load(&acts, r) != EXIT_IO)
			in.actions = &acts;
		in.cite_prefix = r->prefix;
		in.certificate = &r->repo->cert;
		in.repo = r->repo;
		in.due = r->repo->assessment_date;
		cli_progress_init(&prog);
		rc = write_quietly(out, &in, &prog, &d);
		cli_progress_done(&prog);
		itss_diags_append(&d, &reg_d);
		itss_diags_release(&reg_d);
	}
	cli_print_diags(&d);
	itss_diags_release(&d);
	if (rc == 0)
		printf("%s\n", out);
	itss_actions_release(&acts);
	for (i = 0; i < hist.n; i++)
		itss_saved_release(&hist.v[i]);
	free(hist.v);
	cli_assessment_release(&x);
	return rc < 0 ? cli_exit_of(rc) : EXIT_OK;
}

int
cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "target", required_argument, NULL, 't' },
		{ "model", required_argument, NULL, 'm' },
		{ "lang", required_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 },
	};
	const char *out = "itss-report.xlsx", *target_arg = NULL;
	const char *model_arg = NULL, *lang = NULL;
	struct cli_repo r;
	int32_t as_of = cli_today();
	int c, status, closed;
	size_t k;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(_(cmd_report_help), stdout);
			return EXIT_OK;
		case 'o': out = optarg; break;
		case 'a':
			if ((status = cli_parse_date(&as_of, optarg, "--as-of")))
				return status;
			break;
		case 't': target_arg = optarg; break;
		case 'm': model_arg = optarg; break;
		case 'l':
			if (strcmp(optarg, "zh-CN") && strcmp(optarg, "en")) {
				cli_error(_("--lang is zh-CN or en, not '%s'"), optarg);
				return EXIT_USAGE;
			}
			lang = optarg;
			break;
		default:
			return cli_bad_option(argv, optopt, cmd_report_help);
		}
	}
	if ((status = cli_no_operands(argc, argv, cmd_report_help, "report")) >= 0)
		return status;
	if (!itss_ends_with(out, ".xlsx")) {
		cli_error(_("-o names an .xlsx file, not '%s'"), out);
		return EXIT_USAGE;
	}
	if ((status = cli_repo_open(&r, CLI_SYNC_QUIET, NULL)) != EXIT_OK)
		return status;
	/* The workbook's words: --lang, else itss.yaml's, else Chinese. */
	if (lang)
		r.repo->english = !strcmp(lang, "en");
	if (r.nalso && !model_arg && target_arg) {
		cli_error(_("the repository has %zu models: give --model with "
		    "--target"), r.nalso + 1);
		cli_repo_close(&r);
		return EXIT_USAGE;
	}
	if ((status = cli_repo_select(&r, model_arg)) == EXIT_OK)
		status = write_one(&r, out, as_of, target_arg);
	/* Without --model, a workbook for each of the others too, beside it:
	 * FILE-ID.xlsx. */
	for (k = 0; k < r.nalso && !model_arg && status == EXIT_OK; k++) {
		char *each = itss_xasprintf("%.*s-%s.xlsx",
		    (int)(strlen(out) - strlen(".xlsx")), out, r.also[k]->id);
		if ((status = cli_repo_select(&r, r.also[k]->id)) == EXIT_OK)
			status = write_one(&r, each, as_of, NULL);
		free(each);
	}
	closed = cli_repo_close(&r);
	return status != EXIT_OK ? status : closed;
}
