/*
 * cli.h - what the command files share: exit statuses, diagnostics on
 * stderr, the model search path, and terminal tables that line up with
 * Chinese text. Only main.c and cmd_*.c include this.
 */
#ifndef ITSS_CLI_H
#define ITSS_CLI_H

#include <stdio.h>

#include "itss/actions.h"
#include "itss/crosswalk.h"
#include "itss/diag.h"
#include "itss/engine.h"
#include "itss/i18n.h"
#include "itss/json.h"
#include "itss/model.h"
#include "itss/repo.h"
#include "itss/ledger.h"
#include "itss/report.h"
#include "itss/store.h"

/*
 * A command or sub-command, as git's commands[] and tmux's cmd_entry: its
 * name, what runs it, its help (whose first line is its usage; printed by
 * its --help and by `itss help`), a summary for the list, and whether it
 * works inside an evidence repository. A group (evidence, model) runs no
 * function of its own: it has sub-commands, listed after its help and
 * before see (the pointer to its manuals).
 */
enum { CLI_REPO = 1 };	/* opens the repository around the directory */
struct cli_command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
	const char *summary;
	unsigned flags;
	const struct cli_command *sub;	/* a group's sub-commands (ended by a
					 * NULL name), or NULL */
	const char *see;
};

/* Exit statuses (SPEC §4, itss(1) EXIT STATUS). */
enum {
	EXIT_OK = 0,
	EXIT_FINDINGS = 1,	/* check found problems, target not reached */
	EXIT_USAGE = 2,
	EXIT_INPUT = 3,		/* a model, evidence or judgement is invalid */
	EXIT_IO = 4,		/* an I/O or database failure */
};

/* The exit status for a library return code. */
int cli_exit_of(int rc);

/* Print every diagnostic to stderr, one per line. */
void cli_print_diags(const struct itss_diags *d);

/* "itss: message" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* After getopt returned '?': name the option that was not understood. */
/*
 * Wrong usage: say what (an unknown option, after getopt; or as fmt says),
 * then the command's help (when not NULL) on stderr. Returns EXIT_USAGE.
 */
int cli_bad_option(char **argv, int optopt_, const char *help);
/*
 * For a command whose only option is --help: prints help and returns
 * EXIT_OK for it, EXIT_USAGE for any other option, -1 to go on (optind at
 * the first operand).
 */
int cli_only_help(int argc, char **argv, const char *help);
int cli_usage(const char *help, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/*
 * After the options: a command that takes no operands (what: its name, as
 * "evidence import"). Returns EXIT_USAGE with the help when argv has any
 * left past optind, else -1 to go on.
 */
int cli_no_operands(int argc, char **argv, const char *help, const char *what);

/* Today, or ITSS_TODAY when it holds a date. */
int32_t cli_today(void);

/* The model search path: ITSS_MODEL_PATH, the source tree, installed. */
void cli_model_dirs(struct itss_strlist *dirs);

/*
 * Load a model named by id or by file path (anything with a '/' or
 * ending in .yaml that exists). Prints problems; returns an exit status.
 */
int cli_load_model(struct itss_model **out, const char *name);

/*
 * Text from evidence made visible for a terminal (itss_strbuf_add_visible):
 * valid until four more calls; cli_vis_lines keeps newlines, until the
 * next call. Every table cell and message goes through them.
 */
const char *cli_vis(const char *s);
const char *cli_vis_lines(const char *s);

/* n spaces. */
void cli_spaces(FILE *f, size_t n);
/* Write s, made visible, and pad it with spaces to width terminal columns. */
void cli_pad(FILE *f, const char *s, size_t width);
/* Right-aligned. */
void cli_rpad(FILE *f, const char *s, size_t width);

/* Set by main from argv[0] and /proc/self/exe. */
extern const char *cli_exe_dir;

/* An evidence repository opened for a command. */
struct cli_repo {
	struct itss_repo *repo;
	struct itss_model *model;
	/* The other models of itss.yaml's models:, in its order; model->also
	 * points at them. */
	struct itss_model **also;
	size_t nalso;
	struct itss_model *first;	/* itss.yaml's first: what model was */
	/* The crosswalks on the model path between two of its models. */
	struct itss_crosswalk **xw;
	size_t nxw;
	/*
	 * The model commands assess: model, unless cli_repo_select chose
	 * another; prefix how its requirements are cited ("" for the
	 * repository's first, "ID:" for another), target its target as
	 * written (or NULL).
	 */
	const char *prefix, *target;
	char *prefix_buf;
	struct itss_store *store;
	/*
	 * The files the index holds as invalid (their records not counted)
	 * and their errors, by file: what every command that reads the
	 * evidence says, in a banner, a JSON key or a sheet.
	 */
	size_t ninvalid;
	struct itss_diags invalid;
};

/*
 * Find the repository around the current directory, read itss.yaml, load
 * its model, open (or rebuild) the index, and with sync bring the index in
 * line with the files (stats, when not NULL, says what the import did).
 * Prints problems; returns an exit status (EXIT_OK on success).
 */
int cli_repo_open(struct cli_repo *out, int sync,
    struct itss_import_stats *stats);
/* As cli_repo_open, handing the problems to keep instead of printing them. */
int cli_repo_open_keep(struct cli_repo *out, int sync,
    struct itss_import_stats *stats, struct itss_diags *keep);
/*
 * Assess against the repository's model id (one of itss.yaml's models:)
 * from now on: r->model becomes it (r->first is still the first). NULL:
 * nothing changes.
 * EXIT_OK, or EXIT_USAGE (said) when the repository has no such model.
 */
int cli_repo_select(struct cli_repo *r, const char *id);
/* The repository's model whose id is id (the first or another), or NULL. */
const struct itss_model *cli_repo_model(const struct cli_repo *r,
    const char *id);
/* Options for opening an index: create as asked, the busy timeout from
 * ITSS_BUSY_TIMEOUT_MS. */
void cli_store_options(struct itss_store_options *out, int create);
/* Sync values for cli_repo_open. */
enum {
	CLI_NO_SYNC, CLI_SYNC,
	CLI_SYNC_QUIET,		/* errors only, no findings */
	CLI_SYNC_ONLY		/* as CLI_SYNC, for the import alone: the model is
				 * parsed only if the import needs it (out->model
				 * may then be NULL) */
};
/* Close all; returns EXIT_OK or EXIT_IO. */
int cli_repo_close(struct cli_repo *r);
/* The invalid files as "invalid": [{"file", "errors": [{"line", "col",
 * "message"}]}], the key included. */
void cli_invalid_json(struct itss_json *j, const struct cli_repo *r);
/*
 * assess --save and the like: refuse (EXIT_INPUT, saying why) while any
 * file is invalid, since what they write rests on the whole evidence.
 */
int cli_refuse_invalid(const struct cli_repo *r, const char *what,
    const char *why);

struct cli_progress {
	int tty, shown;
	double start, last;
	FILE *out;		/* where it is shown: stderr, unless set */
};
void cli_progress_init(struct cli_progress *p);
/* An itss_progress_fn: on a terminal, after half a second, 10 a second. */
void cli_progress(void *ctx, const char *phase, size_t done, size_t total,
    uint64_t bytes);
void cli_progress_done(struct cli_progress *p);

/* An assessment of an open repository, with what it borrows from. */
struct cli_assessment {
	struct itss_assessment a;
	struct itss_snapshot snap;
	struct itss_engine_judgement *judgements;
	struct itss_report_eval *evals;	/* every item of every table, in order */
	size_t nevals, nlow;
	struct itss_arena texts;
};
/*
 * Assess r as of a date against target (or NULL), the reasons in tr's
 * words (NULL: the English ids, for JSON and saved files). Returns an
 * exit status.
 */
int cli_assess(struct cli_assessment *out, struct cli_repo *r, int32_t as_of,
    const struct itss_level *target, const struct itss_tr *tr);
void cli_assessment_release(struct cli_assessment *x);
/* A level id as its name in m ("—" for none; the id when m lacks it). */
const char *cli_level_name(const struct itss_model *m, const char *level);
/* The commit HEAD names in the git work tree at root, or NULL (caller frees). */
char *cli_git_commit(const char *root);
/*
 * Whether evidence/ and judgements/ have changes git has not committed
 * (untracked files included): 1 clean, 0 dirty, -1 unknown (no git).
 */
int cli_git_clean(const char *root);
/* --as-of and --target, with their errors. Return an exit status. */
int cli_parse_date(int32_t *out, const char *s, const char *option);
int cli_target(const struct itss_level **out, const struct cli_repo *r,
    const char *arg);

/* The commands, with their help texts (the table in main.c). */
int cmd_assess(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_actions(int argc, char **argv);
/* The certificate calendar's event in words ("surveillance assessment 2"). */
void cli_cert_what(struct itss_strbuf *sb, const struct itss_cert_date *e);
/* itss.yaml's certificate and its next date, in a line. */
void cli_cert_line(struct itss_strbuf *sb, const struct cli_repo *r,
    int32_t as_of);
int cmd_requests(int argc, char **argv);
/* The id prefix a new record of kind for item it (or requirement req)
 * takes, as `evidence new` names it (caller frees). */
char *cli_record_prefix(const struct cli_repo *r, const struct itss_item *it,
    const struct itss_requirement *req, const struct itss_kind *kind);
/* Write a new record from its template (never over a file); *out its
 * path under the repository (caller frees). Returns 0 or an error code. */
int cli_new_record(struct cli_repo *r, const struct itss_item *it,
    const struct itss_requirement *req, const struct itss_kind *kind,
    char **out, struct itss_diags *d);
/* The repository's corrective actions (against its first model), their
 * files' errors printed: EXIT_OK, EXIT_INPUT (some file left out) or
 * EXIT_IO. */
int cli_actions_load(struct itss_actions *out, const struct cli_repo *r);
/* "action CA-1 (open, due 2026-01-31)", in the locale's words. */
void cli_action_brief(struct itss_strbuf *sb, const struct itss_action *a,
    int32_t as_of);
int cmd_init(int argc, char **argv);
int cmd_seal(int argc, char **argv);
int cmd_portfolio(int argc, char **argv);
extern const char cmd_portfolio_help[];
extern const char cmd_seal_help[];
extern const char cmd_model_help[], cmd_assess_help[], cmd_history_help[],
    cmd_check_help[], cmd_report_help[], cmd_diff_help[], cmd_actions_help[], cmd_requests_help[], cmd_init_help[],
    cmd_evidence_help[];
/* The groups' sub-commands (cmd_model.c, cmd_evidence.c). */
extern const struct cli_command cmd_model_commands[], cmd_evidence_commands[];

/* The flags of the command running (from its table entry). */
extern unsigned cli_command_flags;

#endif
