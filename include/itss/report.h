/*
 * report.h - the workbook: an XLSX file for management reviews and
 * auditors, written with libxlsxwriter.
 *
 * Sheets: 概览 (summary, with a radar of the domains' levels against the
 * target and a bar chart of conformance), 差距 (the gaps), 附录A (items by
 * levels, coloured by this organisation's state, domain-wide levels as
 * merged cells as the standard draws them), 附录B (the domains'
 * characteristics by level, the reached level highlighted), 要求 (every
 * requirement), 证据 (the evidence register), with saved assessments 趋势
 * (the levels over time), and, while some evidence files are invalid,
 * 无效文件 (each file's located errors: its records are not counted);
 * with a model's evaluation items 评价, with corrective actions 整改, and
 * with a target 证据清单 (the evidence request list of `itss requests`).
 *
 * Text from the evidence is always text: written through the "@" text
 * number format (libxlsxwriter 1.1.4 has no quote prefix), so a title
 * that starts with = + - @ stays text even after an edit; invalid UTF-8 and
 * control characters never reach the file; text over Excel's 32,767
 * characters is cut with a visible mark. The file is written beside its
 * target, checked after closing, synced and renamed into place: a failure
 * leaves any old report untouched.
 */
#ifndef ITSS_REPORT_H
#define ITSS_REPORT_H

#include "itss/diag.h"
#include "itss/actions.h"
#include "itss/engine.h"
#include "itss/model.h"
#include "itss/ledger.h"
#include "itss/repo.h"
#include "itss/store.h"

/* An evaluation item of the model, with its scores (a sheet of them). */
struct itss_report_eval {
	const struct itss_eval_table *table;
	const struct itss_eval_item *item;
	struct itss_report_score {
		double score;
		int32_t date;
		const char *record, *post;
	} *v;				/* oldest first; the last is the latest */
	size_t n;
	int low;			/* the latest under the repository's threshold */
};

struct itss_report_input {
	const struct itss_model *model;
	const struct itss_assessment *assessment;
	const char *organisation, *fingerprint;
	/* The evidence register, streamed: calls row once per record, and
	 * returns 0 or a negative code (the workbook then fails). It is
	 * called on a thread of its own while the caller's thread writes
	 * the rows, so it must touch nothing the caller's thread uses
	 * meanwhile -- its own diagnostics list included; the callbacks
	 * below (progress) run on the caller's thread. */
	int (*records)(void *ctx,
	    int (*row)(void *rctx, const struct itss_record_row *r), void *rctx);
	void *records_ctx;
	size_t nrecords;	/* how many records will come, for progress */
	/* The register's last row (0-based), where a note counts the records
	 * left out: 0 for Excel's last, 1,048,575; tests set it lower. */
	unsigned last_row;
	/* Progress, or NULL: "writing the register" row by row, then
	 * "compressing" and "checking" (total 0: a phase alone). Called on
	 * the caller's thread. */
	void (*progress)(void *ctx, const char *phase, size_t done,
	    size_t total, uint64_t bytes);
	void *progress_ctx;
	/* Saved assessments, oldest first, for the trend; may be none. */
	const struct itss_saved *history;
	size_t nhistory;
	/* The invalid files' errors, sorted by file (their records are not
	 * counted), and how many files: a sheet of them and a line in the
	 * summary; none, no sheet. */
	const struct itss_diags *invalid;
	size_t ninvalid;
	/* The model's evaluation items with their scores, and the threshold
	 * (-1: none): the sheet 评价; none, no sheet. */
	const struct itss_report_eval *evals;
	size_t nevals;
	double threshold;
	/* The workbook's words: 0 Chinese (statuses 符合, 缺失, ...), 1 English
	 * (the engine's own). */
	int english;
	/* The corrective actions (or NULL): the sheet 整改 and, on 差距,
	 * each gap's; cite_prefix is how the model's requirements are cited
	 * ("" for the repository's first, "ID:" for another). */
	const struct itss_actions *actions;
	const char *cite_prefix;
	/* itss.yaml's certificate (or NULL): on the summary, with its next
	 * date. */
	const struct itss_certificate *certificate;
	/* The evidence request list (the sheet 证据清单, when the assessment
	 * has a target): itss.yaml (or NULL) for each item's owner, and the
	 * date the requests are due by (INT32_MIN: none). */
	const struct itss_repo *repo;
	int32_t due;
};

/*
 * Write the workbook to path: built beside it, verified, then renamed
 * over it. Returns 0, or ITSS_EIO with the reason in d (path untouched,
 * no temporary left).
 */
int itss_report_write(const char *path, const struct itss_report_input *in,
    struct itss_diags *d);

/*
 * A portfolio (itss portfolio): several repositories, each by the saved
 * assessments of one model, side by side.
 */
struct itss_portfolio_org {
	const char *organisation, *dir;
	const struct itss_model *model;
	const char *level;		/* the latest's level id, or NULL */
	const char **domain_levels;	/* per model domain: a level id or NULL */
	const char *target;		/* a level id, or NULL */
	int32_t as_of;			/* the latest's */
	size_t gaps;			/* at or below the target, not good */
	size_t open, overdue;		/* corrective actions */
	int32_t next_date;		/* the certificate's next, or INT32_MIN */
	const char *next_what;		/* in words, or NULL */
	/* Each saved assessment's as-of date and level id (NULL: none). */
	const int32_t *trend_dates;
	const char **trend_levels;
	size_t ntrend;
};
struct itss_portfolio {
	const struct itss_portfolio_org *orgs;	/* grouped by model */
	size_t n;
	int32_t as_of;
};
/* Write the portfolio workbook to path as itss_report_write writes its
 * own: 0, or ITSS_EIO with the reason in d (path untouched). */
int itss_portfolio_write(const char *path, const struct itss_portfolio *p,
    struct itss_diags *d);

/*
 * Make s safe for a cell: well-formed UTF-8 (invalid bytes become U+FFFD),
 * no control characters but tab and line feed, at most max characters
 * (code points, not bytes; cut with a visible mark). The result is in sb,
 * which is reset first.
 */
void itss_report_cell_text(struct itss_strbuf *sb, const char *s, size_t max);

/*
 * Check a finished XLSX file: a whole zip archive whose every member lies
 * inside the file and inflates to the size and CRC-32 its directory
 * records, holding the workbook and nsheets worksheets, each ending with
 * its closing tag. Reads a buffer at a time: memory does not grow with the
 * file. Returns 0, or -1 with a static reason in *why.
 */
int itss_report_verify(const char **why, const char *path, size_t nsheets);

/*
 * What would close gap q (its result rr): the template of its item for its
 * first lacking kind, "evidence-templates/<item>/<kind>.yaml" under the
 * model's template root; for a domain-wide requirement, the `itss evidence
 * new` command that writes one (caller frees).
 */
char *itss_report_template_for(const struct itss_model *m,
    const struct itss_requirement *q, const struct itss_req_result *rr);

/*
 * The evidence request list: a's gaps (requirement indices) domain by
 * domain, item by item, domain-wide ones last, in the model's order
 * (caller frees; a->ngaps of them).
 */
size_t *itss_report_requests(const struct itss_model *m,
    const struct itss_assessment *a);

/* A requirement's item as "17 事件管理", or for a domain-wide one its
 * domain's name through the format domain_wide ("%s（全域）") (caller
 * frees). */
char *itss_report_item_label(const struct itss_model *m,
    const struct itss_requirement *q, const char *domain_wide);

#endif
