/*
 * report_int.h - what the parts of the workbook share: the book (the
 * workbook and its formats, made once), the helpers that write cells
 * safely, and the sheets each part builds.
 *
 * report.c opens, closes, verifies and places the file; report_sheets.c
 * builds the summary, gaps, appendices, requirements and trend;
 * report_register.c the evidence register on its reader thread;
 * report_text.c makes text safe for a cell; xlsx_verify.c checks the
 * finished zip.
 *
 * libxlsxwriter errors are kept, the first one, in the book (failed):
 * each helper returns nothing, and the driver checks failed once.
 */
#ifndef ITSS_REPORT_INT_H
#define ITSS_REPORT_INT_H

#include "report_lxw.h"

#include "itss/atomic.h"
#include "itss/report.h"

#if LXW_VERSION_ID < 114
#error "libxlsxwriter 1.1.4 or newer is needed"
#endif

/* Excel's limit is 32,767 characters a cell; keep clear of it. */
#define CELL_MAX 32000
#define ROW_MAX 1048575

#define SHEET_SUMMARY "概览"
#define SHEET_GAPS "差距"
#define SHEET_A "附录A"
#define SHEET_B "附录B"
#define SHEET_REQS "要求"
#define SHEET_EVIDENCE "证据"
#define SHEET_TREND "趋势"
#define SHEET_INVALID "无效文件"
#define SHEET_EVALS "评价"
#define SHEET_ACTIONS "整改"
#define SHEET_REQUESTS "证据清单"
#define SHEET_PORTFOLIO "组合"
#define SHEET_PORTFOLIO_TREND "组合趋势"

struct book {
	lxw_workbook *wb;
	lxw_format *title, *head, *text, *wrap, *num, *pct, *met, *notmet,
	    *notassessed, *reached, *merged, *merged_group;
	struct itss_strbuf cell;
	const char *failed;	/* the first libxlsxwriter error */
};

/*
 * A requirement's status in the workbook's words (符合, 部分符合, 已过期,
 * 缺失, 不适用, 不符合; with english, the engine's), and what it lacks
 * ("缺少：记录、制度", the documents or items not named) into sb.
 */
const char *itss_report_status(enum itss_req_status s, int english);
void itss_report_missing(struct itss_strbuf *sb,
    const struct itss_requirement *q, const struct itss_req_result *rr,
    int english);

/*
 * The workbook begun for path: libxlsxwriter loaded, a temporary file
 * beside path (file), the formats made. 0, or ITSS_EIO with nothing left.
 */
int itss_book_begin(struct book *b, struct itss_atomic *file, const char *path,
    struct itss_diags *d);
/*
 * The workbook closed, read back (it must have nsheets sheets) and put in
 * place of path; on any failure path is untouched and the temporary file
 * gone. 0 or ITSS_EIO. Progress, when given, hears "compressing" and
 * "checking".
 */
int itss_book_finish(struct book *b, struct itss_atomic *file, const char *path,
    size_t nsheets, void (*progress)(void *, const char *, size_t, size_t,
    uint64_t), void *ctx, struct itss_diags *d);
/* The book's formats, made once after workbook_new. */
void itss_book_formats(struct book *b);
/* Keep e as the book's failure, when it is the first. */
void itss_book_fail(struct book *b, lxw_error e);
/* The lines text takes, wrapped in a cell of width w characters. */
double itss_book_lines(const char *s, double w);
/* Make room in row r for wrapped text of n cells of these widths. */
void itss_book_fit_row(struct book *b, lxw_worksheet *ws, lxw_row_t r,
    size_t n, const char *const text[], const double width[]);
/* Text from anywhere: made safe, written as text (f NULL: plain text). */
void itss_book_put(struct book *b, lxw_worksheet *ws, lxw_row_t r,
    lxw_col_t c, const char *s, lxw_format *f);
void itss_book_number(struct book *b, lxw_worksheet *ws, lxw_row_t r,
    lxw_col_t c, double v, lxw_format *f);
/* Widen id, domain and item columns to the model's widest requirement id,
 * domain name and "N item name" label. */
void itss_book_model_widths(const struct itss_model *m, double *id,
    double *domain, double *item);
/* A chart series over rows r0..r1; NULL (and the book failed) when not. */
lxw_chart_series *itss_book_series(struct book *b, lxw_chart *chart,
    const char *sheet_name, lxw_row_t r0, lxw_row_t r1, lxw_col_t cat_col,
    lxw_col_t val_col, const char *name);

/*
 * itss_report_cell_text, appending to what sb holds; max counts
 * characters, not bytes.
 */
void itss_report_cell_append(struct itss_strbuf *sb, const char *s,
    size_t max);

/* The sheets (report_sheets.c, report_register.c). */
void itss_sheet_summary(struct book *b, lxw_worksheet *ws,
    const struct itss_report_input *in);
void itss_sheet_gaps(struct book *b, lxw_worksheet *ws,
    const struct itss_report_input *in);
void itss_sheet_appendix_a(struct book *b, lxw_worksheet *ws,
    const struct itss_report_input *in);
void itss_sheet_appendix_b(struct book *b, lxw_worksheet *ws,
    const struct itss_report_input *in);
void itss_sheet_requirements(struct book *b, lxw_worksheet *ws,
    const struct itss_report_input *in);
void itss_sheet_trend(struct book *b, lxw_worksheet *ws,
    const struct itss_report_input *in);
void itss_sheet_invalid(struct book *b, lxw_worksheet *ws,
    const struct itss_report_input *in);
void itss_sheet_evals(struct book *b, lxw_worksheet *ws,
    const struct itss_report_input *in);
void itss_sheet_actions(struct book *b, lxw_worksheet *ws,
    const struct itss_report_input *in);
/* Whether an action answering gap q is overdue. */
int itss_report_overdue_for(const struct itss_report_input *in,
    const struct itss_requirement *q);
/* The actions answering gap q, each "CA-1（已逾期，到期 2025-11-30）", one a
 * line, in the workbook's words, into sb (reset first). */
void itss_report_gap_actions(struct itss_strbuf *sb,
    const struct itss_report_input *in, const struct itss_requirement *q);
/* The label format of a domain-wide requirement's "item", in the
 * workbook's words. */
const char *itss_report_domain_wide(int english);
/* The evidence request list (report_requests.c). */
void itss_sheet_requests(struct book *b, lxw_worksheet *ws,
    const struct itss_report_input *in);
/* The register: 0, or what the records callback returned (< 0). */
int itss_sheet_register(struct book *b, lxw_worksheet *ws,
    const struct itss_report_input *in);

#endif
