/*
 * main.c - itss: global options, the command table, and a clean exit.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#ifndef ITSS_VERSION
#define ITSS_VERSION "0.1.0"
#endif
#ifndef ITSS_LOCALEDIR
#define ITSS_LOCALEDIR "/usr/local/share/locale"
#endif
#ifndef ITSS_DATADIR
#define ITSS_DATADIR "/usr/local/share/itss"
#endif

const char *cli_exe_dir;

unsigned cli_command_flags;

static const struct cli_command commands[] = {
	{ "init", cmd_init, cmd_init_help,
	    N_("make a directory an evidence repository"), 0, NULL, NULL },
	{ "evidence", NULL, cmd_evidence_help,
	    N_("import, list, show and create evidence records"), 0,
	    cmd_evidence_commands,
	    N_("\nSee itss(1) and, for the files, itss-evidence(5).\n") },
	{ "assess", cmd_assess, cmd_assess_help,
	    N_("the level reached, why not higher, the gap"), CLI_REPO, NULL, NULL },
	{ "check", cmd_check, cmd_check_help,
	    N_("for CI: evidence problems, and the target"), CLI_REPO, NULL, NULL },
	{ "report", cmd_report, cmd_report_help,
	    N_("the workbook: summary, gaps, appendices, register"), CLI_REPO, NULL, NULL },
	{ "history", cmd_history, cmd_history_help,
	    N_("list the saved assessments"), CLI_REPO, NULL, NULL },
	{ "diff", cmd_diff, cmd_diff_help,
	    N_("what changed between two saved assessments"), CLI_REPO, NULL, NULL },
	{ "requests", cmd_requests, cmd_requests_help,
	    N_("the evidence request list, item by item; --draft writes drafts"),
	    CLI_REPO, NULL, NULL },
	{ "actions", cmd_actions, cmd_actions_help,
	    N_("the corrective actions: open, overdue, verified"), CLI_REPO,
	    NULL, NULL },
	{ "portfolio", cmd_portfolio, cmd_portfolio_help,
	    N_("several repositories side by side, from their saved assessments"),
	    0, NULL, NULL },
	{ "model", NULL, cmd_model_help,
	    N_("list, show and validate models (standards as data)"), 0,
	    cmd_model_commands,
	    N_("\nSee itss(1) and, for the file format, itss-model(5).\n") },
	{ NULL, NULL, NULL, NULL, 0, NULL, NULL },
};

/* By exact name (no prefix matching) in a table ended by a NULL name. */
static const struct cli_command *
find_command(const struct cli_command *table, const char *name)
{
	for (; table->name; table++)
		if (!strcmp(table->name, name))
			return table;
	return NULL;
}

static void
usage(FILE *f)
{
	size_t i;

	fprintf(f,
	    _("usage: itss [-C DIR] COMMAND [ARGS]\n"
	    "       itss --help | --version\n"
	    "\n"
	    "Assess an IT operation and maintenance organisation against the\n"
	    "ITSS maturity model (T/CESA 1299—2023) and related standards.\n"
	    "\n"
	    "Options:\n"
	    "  -C DIR     run as if started in DIR\n"
	    "  -h, --help print this help; `itss COMMAND --help` for a command\n"
	    "  --version  print the version\n"
	    "\n"
	    "Commands:\n"));
	for (i = 0; commands[i].name; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
	fprintf(f,
	    _("\n"
	    "Exit status: 0 success, 1 findings or target not reached, 2 wrong\n"
	    "usage, 3 bad input (model, evidence, judgement), 4 I/O or database\n"
	    "failure. See itss(1).\n"));
}

/* Edits (insert, delete, substitute, swap two neighbours) from a to b. */
static size_t
edits(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, best;
	size_t *d;

	if (la > 64 || lb > 64)
		return SIZE_MAX;
	d = itss_xcalloc((la + 1) * (lb + 1), sizeof(*d));
#define D(x, y) d[(x) * (lb + 1) + (y)]
	for (i = 0; i <= la; i++)
		D(i, 0) = i;
	for (j = 0; j <= lb; j++)
		D(0, j) = j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			size_t v = D(i - 1, j - 1) + (a[i - 1] != b[j - 1]);
			if (D(i - 1, j) + 1 < v)
				v = D(i - 1, j) + 1;
			if (D(i, j - 1) + 1 < v)
				v = D(i, j - 1) + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && D(i - 2, j - 2) + 1 < v)
				v = D(i - 2, j - 2) + 1;
			D(i, j) = v;
		}
	best = D(la, lb);
#undef D
	free(d);
	return best;
}

/*
 * An unknown command, with the nearest name in table when one is close (at
 * most two edits, and fewer than the name has letters), as git suggests.
 */
static void
unknown_command(const struct cli_command *table, const char *name,
    const char *group)
{
	const char *near = NULL;
	size_t best = 3, e;

	for (; table->name; table++)
		if ((e = edits(name, table->name)) < best && e < strlen(name)) {
			best = e;
			near = table->name;
		}
	if (!group && near)
		cli_error(_("'%s' is not an itss command; did you mean '%s'?"), name,
		    near);
	else if (!group)
		cli_error(_("'%s' is not an itss command; see 'itss --help'"), name);
	else if (near)
		cli_error(_("'%s' is not an 'itss %s' command; did you mean "
		    "'%s'?"), name, group, near);
	else
		cli_error(_("'%s' is not an 'itss %s' command; see 'itss %s "
		    "--help'"), name, group, group);
}

/* A group's help: its usage, its sub-commands, where to read more. */
static void
group_help(FILE *f, const struct cli_command *g)
{
	size_t i;

	fputs(_(g->help), f);
	fputs("\n", f);
	for (i = 0; g->sub[i].name; i++)
		fprintf(f, "  %-9s %s\n", g->sub[i].name, _(g->sub[i].summary));
	fputs(_(g->see), f);
}

/*
 * Run cmd (its flags are the running command's), or for a group the
 * sub-command argv[1]: with none or --help, the group's help.
 */
static int
run_command(const struct cli_command *cmd, int argc, char **argv)
{
	const struct cli_command *sub;

	if (!cmd->sub) {
		cli_command_flags = cmd->flags;
		optind = 0;	/* glibc: re-initialise getopt for the command */
		return cmd->fn(argc, argv);
	}
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		group_help(argc < 2 ? stderr : stdout, cmd);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	if ((sub = find_command(cmd->sub, argv[1])))
		return run_command(sub, argc - 1, argv + 1);
	unknown_command(cmd->sub, argv[1], cmd->name);
	return EXIT_USAGE;
}

/*
 * itss help [COMMAND [SUB-COMMAND]], as git has it: the help of either,
 * as its --help prints it.
 */
static int
help(int argc, char **argv)
{
	const struct cli_command *cmd = NULL, *table = commands;
	int i;

	if (argc < 2) {
		usage(stdout);
		return EXIT_OK;
	}
	for (i = 1; i < argc; i++) {
		if (!table) {
			cli_error(_("'%s' has no sub-commands"), argv[i - 1]);
			return EXIT_USAGE;
		}
		if (!(cmd = find_command(table, argv[i]))) {
			unknown_command(table, argv[i], i == 1 ? NULL : argv[i - 1]);
			return EXIT_USAGE;
		}
		table = cmd->sub;
	}
	if (cmd->sub)
		group_help(stdout, cmd);
	else
		fputs(_(cmd->help), stdout);
	return EXIT_OK;
}


int
cli_exit_of(int rc)
{
	if (rc == 0)
		return EXIT_OK;
	if (rc == ITSS_EIO)
		return EXIT_IO;
	return EXIT_INPUT;
}

void
cli_print_diags(const struct itss_diags *d)
{
	struct itss_strbuf sb = ITSS_STRBUF_INIT;
	size_t i;

	fflush(stdout);	/* results so far before the problems, on a terminal */
	for (i = 0; i < d->n; i++) {
		itss_strbuf_reset(&sb);
		if (!d->v[i].file)
			itss_strbuf_addstr(&sb, _("itss: "));
		itss_diag_format(&sb, &d->v[i]);
		fprintf(stderr, "%s\n", cli_vis(sb.buf));
	}
	itss_strbuf_release(&sb);
}

/* "itss: message" and a newline, on stderr, made visible. */
static void
verror(const char *fmt, va_list ap)
{
	char *msg = itss_xvasprintf(fmt, ap);

	fprintf(stderr, _("itss: %s\n"), cli_vis(msg));
	free(msg);
}

const char *
cli_vis(const char *s)
{
	/* A few at a time, for the arguments of one printf. */
	static struct itss_strbuf ring[4] = { ITSS_STRBUF_INIT, ITSS_STRBUF_INIT,
		ITSS_STRBUF_INIT, ITSS_STRBUF_INIT };
	static unsigned next;
	struct itss_strbuf *sb = &ring[next++ % 4];

	itss_strbuf_reset(sb);
	if (s)
		itss_strbuf_add_visible(sb, s, 0);
	return sb->buf;
}

const char *
cli_vis_lines(const char *s)
{
	static struct itss_strbuf sb = ITSS_STRBUF_INIT;

	itss_strbuf_reset(&sb);
	if (s)
		itss_strbuf_add_visible(&sb, s, 1);
	return sb.buf;
}

void
cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror(fmt, ap);
	va_end(ap);
}

int
cli_bad_option(char **argv, int optopt_, const char *help)
{
	const char *typed = optind > 0 ? argv[optind - 1] : NULL;

	/*
	 * A long option as the user typed it: getopt_long leaves it before
	 * optind, and sets optopt to its value only when its argument is
	 * missing (0 for one it does not know).
	 */
	if (typed && !strncmp(typed, "--", 2)) {
		int len = (int)strcspn(typed, "=");
		if (optopt_)
			cli_error(_("option '%.*s' needs a value: %.*s VALUE"), len,
			    typed, len, typed);
		else
			cli_error(_("unknown option '%.*s'"), len, typed);
	} else if (optopt_) {
		cli_error(_("unknown option '-%c' or its argument is missing"),
		    optopt_);
	} else {
		cli_error(_("unknown option '%s'"), typed ? typed : "?");
	}
	if (help)
		fputs(_(help), stderr);
	return EXIT_USAGE;
}

int
cli_only_help(int argc, char **argv, const char *help)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			fputs(_(help), stdout);
			return EXIT_OK;
		}
		return cli_bad_option(argv, optopt, help);
	}
	return -1;
}

int
cli_no_operands(int argc, char **argv, const char *help, const char *what)
{
	if (optind >= argc)
		return -1;
	return cli_usage(help, _("%s takes no arguments ('%s' is one)"), what,
	    argv[optind]);
}

int
cli_usage(const char *help, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror(fmt, ap);
	va_end(ap);
	fputs(_(help), stderr);
	return EXIT_USAGE;
}

void
cli_model_dirs(struct itss_strlist *dirs)
{
	itss_model_search_path(dirs, getenv("ITSS_MODEL_PATH"), cli_exe_dir,
	    ITSS_DATADIR "/models");
}

int32_t
cli_today(void)
{
	/* ITSS_TODAY=YYYY-MM-DD: a fixed today, for tests and reruns. */
	const char *env = getenv("ITSS_TODAY");
	int32_t d;

	if (env && itss_date_parse(&d, env, strlen(env)) == 0)
		return d;
	return itss_today();
}

int
cli_load_model(struct itss_model **out, const char *name)
{
	struct itss_diags d = ITSS_DIAGS_INIT;
	int rc;

	if (strchr(name, '/') || itss_ends_with(name, ".yaml") ||
	    access(name, F_OK) == 0) {
		rc = itss_model_load(out, name, &d);
	} else {
		struct itss_strlist dirs = { 0 };
		cli_model_dirs(&dirs);
		rc = itss_model_find(out, name, &dirs, &d);
		itss_strlist_release(&dirs);
	}
	cli_print_diags(&d);
	itss_diags_release(&d);
	return cli_exit_of(rc);
}

void
cli_spaces(FILE *f, size_t n)
{
	static const char sp[] = "                                ";

	while (n) {
		size_t k = n < sizeof(sp) - 1 ? n : sizeof(sp) - 1;
		fwrite(sp, 1, k, f);
		n -= k;
	}
}

void
cli_pad(FILE *f, const char *s, size_t width)
{
	size_t w;

	s = cli_vis(s);
	w = itss_display_width(s);
	fputs(s, f);
	if (w < width)
		cli_spaces(f, width - w);
}

void
cli_rpad(FILE *f, const char *s, size_t width)
{
	size_t w;

	s = cli_vis(s);
	w = itss_display_width(s);
	if (w < width)
		cli_spaces(f, width - w);
	fputs(s, f);
}

/* The directory of the running binary, to find models/ in a source tree. */
static char *
exe_dir(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	char *slash;

	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	return itss_xstrdup(buf[0] ? buf : "/");
}

/*
 * Messages by the locale (LC_MESSAGES only: numbers, dates and character
 * classes stay C's, so output a script reads does not change with it).
 * The catalogues: a source tree's (build/locale, beside the binary or
 * one up for the sanitizer build's), else the installed ones.
 */
static void
i18n_init(const char *dir)
{
	const char *subs[] = { "/locale", "/build/locale" };
	char *found = NULL;
	size_t i;

	(void)setlocale(LC_MESSAGES, "");
	for (i = 0; dir && i < sizeof(subs) / sizeof(subs[0]) && !found; i++) {
		char *p = itss_xasprintf("%s%s", dir, subs[i]);
		struct stat st;
		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
			found = p;
		else
			free(p);
	}
	/* Only ENOMEM fails these; English is the fallback then. */
	(void)bindtextdomain(ITSS_DOMAIN, found ? found : ITSS_LOCALEDIR);
	(void)bind_textdomain_codeset(ITSS_DOMAIN, "UTF-8");
	(void)textdomain(ITSS_DOMAIN);
	free(found);
}

/*
 * Flush stdout and report failure, so that `itss model show > /dev/full`
 * cannot succeed silently (git's git.c does the same).
 */
static int
close_stdout(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		if (errno != EPIPE) {
			cli_error(_("cannot write the output: %s"), strerror(errno));
			return EXIT_IO;
		}
	}
	return status;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const struct cli_command *cmd;
	char *dir;
	int c, status;

	/*
	 * Past a file-size limit, a write should fail with EFBIG and be
	 * reported (and the old file kept), not kill the process.
	 */
	signal(SIGXFSZ, SIG_IGN);
	dir = exe_dir();
	cli_exe_dir = dir;
	i18n_init(dir);
	opterr = 0;	/* our own messages, not getopt's with argv[0] */
	/* '+': stop at the command; its options are its own. */
	while ((c = getopt_long(argc, argv, "+C:h", opts, NULL)) != -1) {
		switch (c) {
		case 'C':
			if (chdir(optarg) < 0) {
				cli_error(_("cannot change to '%s': %s"), optarg,
				    strerror(errno));
				return EXIT_USAGE;
			}
			break;
		case 'h':
			usage(stdout);
			return close_stdout(EXIT_OK);
		case 'V':
			printf("itss %s\n", ITSS_VERSION);
			return close_stdout(EXIT_OK);
		default:
			cli_bad_option(argv, optopt, NULL);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[0], "help"))
		return close_stdout(help(argc, argv));
	if (!(cmd = find_command(commands, argv[0]))) {
		unknown_command(commands, argv[0], NULL);
		return EXIT_USAGE;
	}
	status = run_command(cmd, argc, argv);
	free(dir);
	return close_stdout(status);
}
