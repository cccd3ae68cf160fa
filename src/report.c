/*
 * report.c - the workbook, with libxlsxwriter: the book and its formats,
 * and the file opened beside its target, closed, checked and put in
 * place (atomic.h). The sheets are report_sheets.c and
 * report_register.c.
 *
 * Constant-memory mode: every sheet is written row by row, in order, so a
 * register of a million records never sits in memory. Its one catch is
 * merged cells: a merge can only be recorded while the writer is on its
 * last row, so the cells of a merged range are written as their rows come
 * and the merge itself on the last of them.
 */
#include <string.h>
#include <unistd.h>

#include "itss/i18n.h"
#include "report_int.h"
#include "itss/atomic.h"


void
itss_book_fail(struct book *b, lxw_error e)
{
	if (e && !b->failed)
		b->failed = lxw_strerror(e);
}

/*
 * The lines a wrapped cell of width w (in characters of the default font:
 * a CJK character takes two) takes, folded as a spreadsheet folds it: a
 * line breaks at a space, after a '-' or '/', or between CJK characters;
 * a word longer than the line is cut where it must. An estimate a little
 * over rather than under: a row too short hides its last lines.
 */
double
itss_book_lines(const char *s, double w)
{
	double per = w > 2 ? w - 1 : 1, lines = 1, col = 0, word = 0;
	size_t len = strlen(s), i = 0;

	/* Most cells: one short line (its bytes are no fewer than its width). */
	if ((double)len <= per && !memchr(s, '\n', len))
		return 1;
	while (i <= len) {
		size_t n = 1;
		uint32_t c = i < len ? itss_utf8_decode(s + i, len - i, &n) : '\n';
		int cw = c == '\n' || c == ' ' ? 0 : itss_char_width(c);
		int end = c == ' ' || c == '\n' || cw == 2 || c == '-' || c == '/';

		word += cw;
		if (end && word > 0) {
			/* The word ends here: on this line, or the next ones. */
			if (col + word > per && col > 0) {
				lines++;
				col = 0;
			}
			while (word > per) {
				lines++;
				word -= per;
			}
			col += word;
			word = 0;
		}
		if (c == ' ' && col > 0)
			col++;
		if (c == '\n' && i < len) {
			lines++;
			col = 0;
		}
		i += n;
	}
	return lines;
}

/* The height row r needs for wrapped text in cells of these widths, set
 * before the row is written, as constant-memory mode needs: neither
 * libxlsxwriter nor every reader fits wrapped rows by itself. */
void
itss_book_fit_row(struct book *b, lxw_worksheet *ws, lxw_row_t r, size_t n,
    const char *const text[], const double width[])
{
	double lines = 1, h;
	size_t i;

	for (i = 0; i < n; i++) {
		double k = text[i] ? itss_book_lines(text[i], width[i]) : 1;
		if (k > lines)
			lines = k;
	}
	if (lines <= 1)
		return;
	h = 15 * lines;
	itss_book_fail(b, worksheet_set_row(ws, r, h > 409 ? 409 : h, NULL));
}

/* Text from anywhere: made safe, and written as text. */
void
itss_book_put(struct book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
    const char *s, lxw_format *f)
{
	/* Nothing to write in a plain cell: its column is text already. */
	if ((!s || !*s) && !f)
		return;
	itss_report_cell_text(&b->cell, s ? s : "", CELL_MAX);
	itss_book_fail(b, worksheet_write_string(ws, r, c, b->cell.buf, f ? f : b->text));
}

void
itss_book_number(struct book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v,
    lxw_format *f)
{
	itss_book_fail(b, worksheet_write_number(ws, r, c, v, f ? f : b->num));
}

static lxw_format *
format(struct book *b)
{
	lxw_format *f = workbook_add_format(b->wb);

	/* Its only failure is an allocation's; the format_set_ functions
	 * would not survive a NULL. */
	if (!f)
		itss_oom();
	/*
	 * A CJK font by name, in every cell: 等线 (DengXian), Excel's own
	 * since 2016 (微软雅黑 on older Windows is found by the same fallback);
	 * LibreOffice substitutes the machine's CJK font (fonts-wqy-microhei
	 * or fonts-noto-cjk; .ci/packages installs one).
	 */
	format_set_font_name(f, "等线");
	return f;
}

/* A state's cell: its colours, centred, bordered. */
static lxw_format *
state_format(struct book *b, lxw_color_t bg, lxw_color_t fg)
{
	lxw_format *f = format(b);

	format_set_bg_color(f, bg);
	format_set_font_color(f, fg);
	format_set_align(f, LXW_ALIGN_CENTER);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	format_set_border(f, LXW_BORDER_THIN);
	format_set_text_wrap(f);	/* an action's line, as well as a word */
	return f;
}

void
itss_book_formats(struct book *b)
{
	lxw_format *f;

	b->title = format(b);
	format_set_bold(b->title);
	format_set_font_size(b->title, 14);
	b->head = format(b);
	format_set_bold(b->head);
	format_set_bg_color(b->head, 0xD9E1F2);
	format_set_border(b->head, LXW_BORDER_THIN);
	format_set_text_wrap(b->head);
	format_set_align(b->head, LXW_ALIGN_VERTICAL_CENTER);
	/*
	 * "@", the text number format: what is typed into such a cell stays
	 * text, so a title starting with = or + never becomes a formula, not
	 * even after an edit (libxlsxwriter 1.1.4 has no quote prefix).
	 */
	b->text = format(b);
	format_set_num_format(b->text, "@");
	format_set_align(b->text, LXW_ALIGN_VERTICAL_TOP);
	b->wrap = format(b);
	format_set_num_format(b->wrap, "@");
	format_set_text_wrap(b->wrap);
	format_set_align(b->wrap, LXW_ALIGN_VERTICAL_TOP);
	b->num = format(b);
	b->pct = format(b);
	format_set_num_format(b->pct, "0%");
	b->met = state_format(b, 0xC6EFCE, 0x006100);
	b->notmet = state_format(b, 0xFFC7CE, 0x9C0006);
	b->notassessed = format(b);
	format_set_bg_color(b->notassessed, 0xEDEDED);
	format_set_border(b->notassessed, LXW_BORDER_THIN);
	b->reached = format(b);
	format_set_bg_color(b->reached, 0xFFEB9C);
	format_set_text_wrap(b->reached);
	format_set_align(b->reached, LXW_ALIGN_VERTICAL_TOP);
	format_set_bold(b->reached);
	b->merged = f = format(b);
	format_set_align(f, LXW_ALIGN_CENTER);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	format_set_border(f, LXW_BORDER_THIN);
	format_set_text_wrap(f);
	b->merged_group = f = format(b);
	format_set_bold(f);
	format_set_align(f, LXW_ALIGN_CENTER);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	format_set_border(f, LXW_BORDER_THIN);
	format_set_bg_color(f, 0xF2F2F2);
}

/* Text for a header: '&' doubled (Excel's codes start with one). */
static void
header_text(struct itss_strbuf *sb, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '&')
			itss_strbuf_addch(sb, '&');
		itss_strbuf_addch(sb, *s);
	}
}

static lxw_worksheet *
sheet(struct book *b, const char *name, const struct itss_report_input *in)
{
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, name);
	struct itss_strbuf sb = ITSS_STRBUF_INIT;
	char day[11];

	if (!ws) {
		if (!b->failed)
			b->failed = N_("cannot add a worksheet");
		return NULL;
	}
	/* Printed: A4 landscape, as wide as one page, as long as it takes. */
	worksheet_set_paper(ws, 9);
	worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	/*
	 * On every page: the organisation, the sheet, the as-of date above;
	 * "第 N 页 / 共 M 页" below; the header row again, but on 概览.
	 */
	itss_strbuf_addstr(&sb, "&L");
	header_text(&sb, in->organisation);
	itss_strbuf_addstr(&sb, "&C&A&R");
	itss_date_format(day, in->assessment->as_of);
	itss_strbuf_addstr(&sb, day);
	if (sb.len > 250) {	/* Excel's limit is 255 */
		itss_strbuf_reset(&sb);
		itss_strbuf_addstr(&sb, "&C&A");
	}
	itss_book_fail(b, worksheet_set_header(ws, sb.buf));
	itss_book_fail(b, worksheet_set_footer(ws, "&C第 &P 页 / 共 &N 页"));
	if (strcmp(name, SHEET_SUMMARY))
		itss_book_fail(b, worksheet_repeat_rows(ws, 0, 0));
	itss_strbuf_release(&sb);
	return ws;
}

/* A series of a chart over rows r0..r1 of a sheet: categories in one
 * column, values in another; NULL (and the book failed) when it cannot. */
lxw_chart_series *
itss_book_series(struct book *b, lxw_chart *chart, const char *sheet_name, lxw_row_t r0,
    lxw_row_t r1, lxw_col_t cat_col, lxw_col_t val_col, const char *name)
{
	lxw_chart_series *s = chart_add_series(chart, NULL, NULL);

	if (!s) {
		if (!b->failed)
			b->failed = N_("cannot add a chart series");
		return NULL;
	}
	chart_series_set_categories(s, sheet_name, r0, cat_col, r1, cat_col);
	chart_series_set_values(s, sheet_name, r0, val_col, r1, val_col);
	chart_series_set_name(s, name);
	return s;
}

/* A level as its name, or "—" for none. */

int
itss_book_begin(struct book *b, struct itss_atomic *file, const char *path,
    struct itss_diags *d)
{
	lxw_workbook_options opts;
	const char *why;
	int rc;

	memset(b, 0, sizeof(*b));
	if ((why = itss_lxw_load())) {
		itss_diags_add(d, ITSS_ERROR, path, 0, 0, "%s", _(why));
		return ITSS_EIO;
	}
	/* Beside the target, the same file system, for the rename. */
	if ((rc = itss_atomic_begin(file, path, d)) < 0)
		return rc;
	close(file->fd);	/* libxlsxwriter writes it by name */
	file->fd = -1;
	memset(&opts, 0, sizeof(opts));
	opts.constant_memory = LXW_TRUE;
	opts.tmpdir = file->dir;	/* its temp files too, not /tmp */
	if (!(b->wb = workbook_new_opt(file->tmp, &opts))) {
		itss_diags_add(d, ITSS_ERROR, path, 0, 0, _("cannot start the "
		    "workbook"));
		itss_atomic_abort(file);
		return ITSS_EIO;
	}
	itss_book_formats(b);
	return 0;
}

int
itss_book_finish(struct book *b, struct itss_atomic *file, const char *path,
    size_t nsheets, void (*progress)(void *, const char *, size_t, size_t,
    uint64_t), void *ctx, struct itss_diags *d)
{
	const char *why;
	lxw_error e;
	int rc;

	if (progress)
		progress(ctx, N_("compressing"), 0, 0, 0);
	e = workbook_close(b->wb);
	if (b->failed || e) {
		itss_diags_add(d, ITSS_ERROR, path, 0, 0, _("cannot write the "
		    "workbook: %s"), b->failed ? _(b->failed) : lxw_strerror(e));
		rc = ITSS_EIO;
		goto out;
	}
	/*
	 * libxlsxwriter 1.1.4 can report success on a truncated file when its
	 * temp space runs out: read it back before it replaces anything.
	 */
	if (progress)
		progress(ctx, N_("checking"), 0, 0, 0);
	if (itss_report_verify(&why, file->tmp, nsheets) < 0) {
		itss_diags_add(d, ITSS_ERROR, path, 0, 0, _("the written workbook %s "
		    "(is the disk full?); the old report is untouched"), _(why));
		rc = ITSS_EIO;
		goto out;
	}
	rc = itss_atomic_commit(file, 0, d);
out:
	if (rc < 0)
		itss_atomic_abort(file);	/* nothing when committing failed */
	itss_strbuf_release(&b->cell);
	return rc;
}

int
itss_report_write(const char *path, const struct itss_report_input *in,
    struct itss_diags *d)
{
	struct itss_atomic file;
	struct book b;
	lxw_worksheet *ws[11];
	int acts = in->actions && in->actions->n;
	int reqs = in->assessment->target >= 0;
	size_t nsheets = 6 + !!in->nhistory + !!in->ninvalid + !!in->nevals +
	    !!acts + !!reqs;
	int rc;

	if ((rc = itss_book_begin(&b, &file, path, d)) < 0)
		return rc;
	ws[0] = sheet(&b, SHEET_SUMMARY, in);
	ws[1] = sheet(&b, SHEET_GAPS, in);
	ws[2] = sheet(&b, SHEET_A, in);
	ws[3] = sheet(&b, SHEET_B, in);
	ws[4] = sheet(&b, SHEET_REQS, in);
	ws[5] = sheet(&b, SHEET_EVIDENCE, in);
	ws[6] = in->nhistory ? sheet(&b, SHEET_TREND, in) : NULL;
	ws[7] = in->ninvalid ? sheet(&b, SHEET_INVALID, in) : NULL;
	ws[8] = in->nevals ? sheet(&b, SHEET_EVALS, in) : NULL;
	ws[9] = acts ? sheet(&b, SHEET_ACTIONS, in) : NULL;
	ws[10] = reqs ? sheet(&b, SHEET_REQUESTS, in) : NULL;
	if (!ws[0] || !ws[1] || !ws[2] || !ws[3] || !ws[4] || !ws[5] ||
	    (in->nhistory && !ws[6]) || (in->ninvalid && !ws[7]) ||
	    (in->nevals && !ws[8]) || (acts && !ws[9]) || (reqs && !ws[10]))
		b.failed = N_("cannot add a worksheet");
	if (!b.failed) {
		itss_sheet_summary(&b, ws[0], in);
		itss_sheet_gaps(&b, ws[1], in);
		itss_sheet_appendix_a(&b, ws[2], in);
		itss_sheet_appendix_b(&b, ws[3], in);
		itss_sheet_requirements(&b, ws[4], in);
		if (itss_sheet_register(&b, ws[5], in) < 0 && !b.failed)
			b.failed = N_("cannot read the evidence register");
		if (ws[6])
			itss_sheet_trend(&b, ws[6], in);
		if (ws[7])
			itss_sheet_invalid(&b, ws[7], in);
		if (ws[8])
			itss_sheet_evals(&b, ws[8], in);
		if (ws[9])
			itss_sheet_actions(&b, ws[9], in);
		if (ws[10])
			itss_sheet_requests(&b, ws[10], in);
	}
	return itss_book_finish(&b, &file, path, nsheets, in->progress,
	    in->progress_ctx, d);
}

