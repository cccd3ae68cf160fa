/*
 * report.c - the workbook, with libxlsxwriter.
 *
 * Constant-memory mode: every sheet is written row by row, in order, so a
 * register of a million records never sits in memory. Its one catch is
 * merged cells: a merge can only be recorded while the writer is on its
 * last row, so the cells of a merged range are written as their rows come
 * and the merge itself on the last of them.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zlib.h>

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

/* itss_report_cell_text, appending to what sb holds. */
static void
cell_text_append(struct itss_strbuf *sb, const char *s, size_t max)
{
	static const char mark[] = "…（已截断）";
	size_t len = strlen(s), i = 0, chars = 0;

	/* Most text is sound and short: one pass, then one copy. */
	if (len <= max && itss_utf8_check(s, len) == (size_t)-1) {
		for (i = 0; i < len; i++)
			if ((unsigned char)s[i] < 0x20 && s[i] != '\t' &&
			    s[i] != '\n')
				break;
		if (i == len) {
			itss_strbuf_add(sb, s, len);
			return;
		}
		i = 0;
	}
	while (i < len) {
		/* This character alone: a window of at most four bytes. */
		size_t bad = itss_utf8_check(s + i, len - i < 4 ? len - i : 4), n;
		uint32_t c;

		if (bad == 0) {
			itss_strbuf_addstr(sb, "\xef\xbf\xbd");	/* U+FFFD */
			i++;
			chars++;
			continue;
		}
		c = itss_utf8_decode(s + i, len - i, &n);
		if (chars >= max) {
			itss_strbuf_addstr(sb, mark);
			return;
		}
		/* XML 1.0 cannot hold other control characters. */
		if (c < 0x20 && c != '\t' && c != '\n')
			itss_strbuf_addstr(sb, c == '\r' ? "" : "\xef\xbf\xbd");
		else
			itss_strbuf_add(sb, s + i, n);
		i += n;
		chars++;
	}
}

void
itss_report_cell_text(struct itss_strbuf *sb, const char *s, size_t max)
{
	itss_strbuf_reset(sb);
	cell_text_append(sb, s, max);
}

struct book {
	lxw_workbook *wb;
	lxw_format *title, *head, *text, *wrap, *num, *pct, *met, *notmet,
	    *notassessed, *reached, *merged, *merged_group;
	struct itss_strbuf cell;
	const char *failed;	/* the first libxlsxwriter error */
};

static void
fail(struct book *b, lxw_error e)
{
	if (e && !b->failed)
		b->failed = lxw_strerror(e);
}

/* The height a row needs for wrapped text in cells of these widths (in
 * characters of the default font: a CJK character takes two), set before
 * the row is written, as constant-memory mode needs: neither
 * libxlsxwriter nor every reader fits wrapped rows by itself. */
static void
fit_row(struct book *b, lxw_worksheet *ws, lxw_row_t r, size_t n,
    const char *const text[], const double width[])
{
	double lines = 1, h;
	size_t i;

	for (i = 0; i < n; i++) {
		double w = text[i] ? (double)itss_display_width(text[i]) : 0;
		double per = width[i] > 2 ? width[i] - 1 : 1;
		double k = w > 0 ? (double)(size_t)((w + per - 1) / per) : 1;
		if (k > lines)
			lines = k;
	}
	if (lines <= 1)
		return;
	h = 15 * lines;
	fail(b, worksheet_set_row(ws, r, h > 409 ? 409 : h, NULL));
}

/* Text from anywhere: made safe, and written as text. */
static void
put(struct book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
    const char *s, lxw_format *f)
{
	/* Nothing to write in a plain cell: its column is text already. */
	if ((!s || !*s) && !f)
		return;
	itss_report_cell_text(&b->cell, s ? s : "", CELL_MAX);
	fail(b, worksheet_write_string(ws, r, c, b->cell.buf, f ? f : b->text));
}

static void
number(struct book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v,
    lxw_format *f)
{
	fail(b, worksheet_write_number(ws, r, c, v, f ? f : b->num));
}

static lxw_format *
format(struct book *b)
{
	lxw_format *f = workbook_add_format(b->wb);

	/* Its only failure is an allocation's; the format_set_ functions
	 * would not survive a NULL. */
	if (!f)
		itss_oom();
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
	return f;
}

static void
formats(struct book *b)
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

static lxw_worksheet *
sheet(struct book *b, const char *name)
{
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, name);

	if (!ws) {
		if (!b->failed)
			b->failed = "cannot add a worksheet";
		return NULL;
	}
	/* Printed: A4 landscape, as wide as one page, as long as it takes. */
	worksheet_set_paper(ws, 9);
	worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	return ws;
}

/* A series of a chart over rows r0..r1 of a sheet: categories in one
 * column, values in another; NULL (and the book failed) when it cannot. */
static lxw_chart_series *
series(struct book *b, lxw_chart *chart, const char *sheet_name, lxw_row_t r0,
    lxw_row_t r1, lxw_col_t cat_col, lxw_col_t val_col, const char *name)
{
	lxw_chart_series *s = chart_add_series(chart, NULL, NULL);

	if (!s) {
		if (!b->failed)
			b->failed = "cannot add a chart series";
		return NULL;
	}
	chart_series_set_categories(s, sheet_name, r0, cat_col, r1, cat_col);
	chart_series_set_values(s, sheet_name, r0, val_col, r1, val_col);
	chart_series_set_name(s, name);
	return s;
}

/* A level as its name, or "—" for none. */
static const char *
level_name(const struct itss_model *m, int l)
{
	return l < 0 ? "—" : m->levels[l].name;
}

/* Are all of these requirements good (item or domain-wide, at a level)? */
static int
all_good(const struct itss_model *m, const struct itss_assessment *a,
    size_t domain, unsigned item, size_t level)
{
	size_t i;

	for (i = 0; i < m->nrequirements; i++) {
		const struct itss_requirement *r = &m->requirements[i];
		if (r->level == level && r->domain == domain && r->item == item &&
		    !itss_req_good(a->requirements[i].status))
			return 0;
	}
	return 1;
}

static void
summary(struct book *b, lxw_worksheet *ws, const struct itss_report_input *in)
{
	const struct itss_model *m = in->model;
	const struct itss_assessment *a = in->assessment;
	char day[11];
	lxw_row_t r = 0, first;
	size_t i;
	lxw_chart *radar, *bars;
	lxw_chart_series *s;
	lxw_chart_fill target_fill = { .color = 0xC0504D, .transparency = 50 };
	lxw_chart_fill level_fill = { .color = 0x4F81BD };

	fail(b, worksheet_set_column(ws, 0, 0, 16, NULL));
	fail(b, worksheet_set_column(ws, 1, 6, 12, NULL));
	put(b, ws, r++, 0, "运维服务能力成熟度自评估", b->title);
	r++;
	put(b, ws, r, 0, "组织", b->head);
	put(b, ws, r++, 1, in->organisation, NULL);
	put(b, ws, r, 0, "模型", b->head);
	{
		char *t = itss_xasprintf("%s %s", m->id, m->title);
		put(b, ws, r++, 1, t, NULL);
		free(t);
	}
	itss_date_format(day, a->as_of);
	put(b, ws, r, 0, "评估日期", b->head);
	put(b, ws, r++, 1, day, NULL);
	put(b, ws, r, 0, "证据指纹", b->head);
	put(b, ws, r++, 1, in->fingerprint, NULL);
	put(b, ws, r, 0, "达到等级", b->head);
	put(b, ws, r++, 1, level_name(m, a->level), a->level >= 0 ? b->reached :
	    b->notmet);
	put(b, ws, r, 0, "目标等级", b->head);
	put(b, ws, r++, 1, a->target >= 0 ? m->levels[a->target].name : "—", NULL);
	put(b, ws, r, 0, "目标达成", b->head);
	put(b, ws, r++, 1, a->target < 0 ? "—" : a->target_reached ? "是" : "否",
	    a->target < 0 ? NULL : a->target_reached ? b->met : b->notmet);
	put(b, ws, r, 0, "差距", b->head);
	number(b, ws, r++, 1, (double)a->ngaps, NULL);
	r++;
	put(b, ws, r, 0, "能力域", b->head);
	put(b, ws, r, 1, "达到等级", b->head);
	put(b, ws, r, 2, "等级序号", b->head);
	put(b, ws, r, 3, "目标序号", b->head);
	put(b, ws, r, 4, "符合", b->head);
	put(b, ws, r, 5, "适用", b->head);
	put(b, ws, r++, 6, "符合率", b->head);
	first = r;
	for (i = 0; i < m->ndomains; i++, r++) {
		const struct itss_level_result *d = &a->domains[i];
		put(b, ws, r, 0, m->domains[i].name, NULL);
		put(b, ws, r, 1, level_name(m, d->level), NULL);
		number(b, ws, r, 2, d->level + 1, NULL);
		number(b, ws, r, 3, a->target + 1, NULL);
		number(b, ws, r, 4, d->total.good, NULL);
		number(b, ws, r, 5, d->total.applicable, NULL);
		number(b, ws, r, 6, d->total.applicable ? (double)d->total.good /
		    d->total.applicable : 0, b->pct);
	}
	put(b, ws, r, 0, "组织", b->head);
	put(b, ws, r, 1, level_name(m, a->level), b->head);
	number(b, ws, r, 2, a->level + 1, NULL);
	number(b, ws, r, 3, a->target + 1, NULL);
	number(b, ws, r, 4, a->total.good, NULL);
	number(b, ws, r, 5, a->total.applicable, NULL);
	number(b, ws, r++, 6, a->total.applicable ? (double)a->total.good /
	    a->total.applicable : 0, b->pct);

	/* The radar: each domain's level, against the target. */
	radar = workbook_add_chart(b->wb, LXW_CHART_RADAR_FILLED);
	bars = workbook_add_chart(b->wb, LXW_CHART_BAR);
	if (!radar || !bars) {
		if (!b->failed)
			b->failed = "cannot add a chart";
		return;
	}
	chart_title_set_name(radar, "各能力域等级");
	/* The target behind, half transparent; the level reached over it. */
	if (a->target >= 0) {
		s = series(b, radar, SHEET_SUMMARY, first,
		    first + m->ndomains - 1, 0, 3, "目标等级");
		if (!s)
			return;
		chart_series_set_fill(s, &target_fill);
	}
	s = series(b, radar, SHEET_SUMMARY, first, first + m->ndomains - 1, 0,
	    2, "达到等级");
	if (!s)
		return;
	chart_series_set_fill(s, &level_fill);
	chart_legend_set_position(radar, LXW_CHART_LEGEND_BOTTOM);
	chart_axis_set_min(radar->y_axis, 0);
	chart_axis_set_max(radar->y_axis, (double)m->nlevels);
	chart_axis_set_major_unit(radar->y_axis, 1);
	fail(b, worksheet_insert_chart(ws, r + 1, 0, radar));
	chart_title_set_name(bars, "各能力域符合率");
	if (!series(b, bars, SHEET_SUMMARY, first, first + m->ndomains - 1, 0,
	    6, "符合率"))
		return;
	chart_legend_set_position(bars, LXW_CHART_LEGEND_NONE);
	chart_axis_set_min(bars->x_axis, 0);
	chart_axis_set_max(bars->x_axis, 1);
	chart_axis_set_num_format(bars->x_axis, "0%");
	fail(b, worksheet_insert_chart(ws, r + 1, 4, bars));
}

/* A template that would close a gap: for its first lacking kind. */
static char *
template_for(const struct itss_model *m, const struct itss_requirement *q,
    const struct itss_req_result *rr)
{
	const struct itss_kind *k = q->nexpects ? q->expects[0] : NULL;
	size_t i;

	/* Prefer a kind the status says is lacking. */
	for (i = 0; rr->missing && i < q->nexpects; i++)
		if (strstr(rr->missing, q->expects[i]->id)) {
			k = q->expects[i];
			break;
		}
	if (!q->item)
		return itss_xasprintf("itss evidence new --requirement %s%s%s", q->id,
		    k ? " --kind " : "", k ? k->id : "");
	return itss_xasprintf("evidence-templates/%02u-%s/%s.yaml", q->item,
	    m->items[q->item - 1].id, k ? k->id : "record");
}

static void
gaps(struct book *b, lxw_worksheet *ws, const struct itss_report_input *in)
{
	static const char *const head[] = { "等级", "能力域", "能力项", "条款",
		"条文", "状态", "缺少", "可用模板" };
	static const double width[] = { 8, 10, 16, 10, 60, 10, 40, 44 };
	const struct itss_model *m = in->model;
	const struct itss_assessment *a = in->assessment;
	size_t i;

	for (i = 0; i < 8; i++) {
		fail(b, worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, width[i],
		    b->text));
		put(b, ws, 0, (lxw_col_t)i, head[i], b->head);
	}
	for (i = 0; i < a->ngaps; i++) {
		const struct itss_requirement *q = &m->requirements[a->gaps[i]];
		const struct itss_req_result *rr = &a->requirements[a->gaps[i]];
		lxw_row_t r = (lxw_row_t)i + 1;
		char *t = template_for(m, q, rr), *item = q->item ?
		    itss_xasprintf("%u %s", q->item, m->items[q->item - 1].name) :
		    itss_xstrdup("（全域）");
		{
			const char *t2[] = { q->text, rr->missing };
			const double w2[] = { width[4], width[6] };
			fit_row(b, ws, r, 2, t2, w2);
		}
		put(b, ws, r, 0, m->levels[q->level].name, NULL);
		put(b, ws, r, 1, m->domains[q->domain].name, NULL);
		put(b, ws, r, 2, item, NULL);
		put(b, ws, r, 3, q->id, NULL);
		put(b, ws, r, 4, q->text, b->wrap);
		put(b, ws, r, 5, itss_req_status_name(rr->status), b->notmet);
		put(b, ws, r, 6, rr->missing, b->wrap);
		put(b, ws, r, 7, t, NULL);
		free(t);
		free(item);
	}
	worksheet_freeze_panes(ws, 1, 0);
	fail(b, worksheet_autofilter(ws, 0, 0, (lxw_row_t)(a->ngaps ? a->ngaps : 1),
	    7));
}

static void
appendix_a(struct book *b, lxw_worksheet *ws, const struct itss_report_input *in)
{
	const struct itss_model *m = in->model;
	const struct itss_assessment *a = in->assessment;
	lxw_col_t lc = 4;	/* the first level column */
	lxw_row_t r = 2;
	size_t d, k, l;

	fail(b, worksheet_set_column(ws, 0, 0, 6, NULL));
	fail(b, worksheet_set_column(ws, 1, 1, 10, NULL));
	fail(b, worksheet_set_column(ws, 2, 2, 6, NULL));
	fail(b, worksheet_set_column(ws, 3, 3, 24, NULL));
	fail(b, worksheet_set_column(ws, lc, lc + (lxw_col_t)m->nlevels - 1, 9,
	    NULL));
	fail(b, worksheet_set_row(ws, 0, 22, NULL));
	put(b, ws, 0, 0, "附录A 运维服务能力项与成熟度等级对应关系（按本组织状态着色）",
	    b->title);
	fail(b, worksheet_set_row(ws, 1, 30, NULL));	/* two-line heads */
	put(b, ws, 1, 0, "能力域序号", b->head);
	put(b, ws, 1, 1, "能力域", b->head);
	put(b, ws, 1, 2, "能力项序号", b->head);
	put(b, ws, 1, 3, "能力项", b->head);
	for (l = 0; l < m->nlevels; l++)
		put(b, ws, 1, lc + (lxw_col_t)l, m->levels[l].name, b->head);
	for (d = 0; d < m->ndomains; d++) {
		const struct itss_domain *dm = &m->domains[d];
		lxw_row_t top = r, last = r + (lxw_row_t)dm->nitems - 1;
		char no[16];

		for (k = 0; k < dm->nitems; k++, r++) {
			const struct itss_item *it = &m->items[dm->first_item + k];
			snprintf(no, sizeof(no), "%u", dm->no);
			/* The domain's columns: merged across its items. */
			if (k == 0) {
				put(b, ws, r, 0, no, b->merged);
				put(b, ws, r, 1, dm->name, b->merged);
			} else {
				fail(b, worksheet_write_blank(ws, r, 0, b->merged));
				fail(b, worksheet_write_blank(ws, r, 1, b->merged));
			}
			number(b, ws, r, 2, it->no, NULL);
			put(b, ws, r, 3, it->name, NULL);
			for (l = 0; l < m->nlevels; l++) {
				lxw_col_t c = lc + (lxw_col_t)l;
				if (dm->wide_levels & (1u << l)) {
					/* Domain-wide: one merged cell, as drawn. */
					lxw_format *f = all_good(m, a, d, 0, l) ?
					    b->met : b->notmet;
					if (k == 0)
						put(b, ws, r, c, "✓", f);
					else
						fail(b, worksheet_write_blank(ws, r, c, f));
				} else if (it->own_levels & (1u << l)) {
					put(b, ws, r, c, "✓", all_good(m, a, d, it->no, l) ?
					    b->met : b->notmet);
				} else {
					fail(b, worksheet_write_blank(ws, r, c,
					    b->notassessed));
				}
			}
			/* On the domain's last row, its merges can be recorded. */
			if (r == last && last > top) {
				fail(b, worksheet_merge_range(ws, top, 0, last, 0, no,
				    b->merged));
				fail(b, worksheet_merge_range(ws, top, 1, last, 1,
				    dm->name, b->merged));
				for (l = 0; l < m->nlevels; l++)
					if (dm->wide_levels & (1u << l))
						fail(b, worksheet_merge_range(ws, top,
						    lc + (lxw_col_t)l, last, lc + (lxw_col_t)l,
						    "✓", all_good(m, a, d, 0, l) ?
						    b->met : b->notmet));
			}
		}
	}
	r++;
	put(b, ws, r, 3, "图例", b->head);
	put(b, ws, r++, 4, "✓", b->met);
	put(b, ws, r - 1, 5, "符合：该等级的要求均已满足或不适用", NULL);
	put(b, ws, r, 4, "✓", b->notmet);
	put(b, ws, r++, 5, "未符合：该等级尚有要求未满足", NULL);
	fail(b, worksheet_write_blank(ws, r, 4, b->notassessed));
	put(b, ws, r++, 5, "不评估：该能力项在此等级无要求", NULL);
	put(b, ws, r, 5, "合并单元格：该等级按能力域整体评估（如 9.4、10.x）", NULL);
	worksheet_freeze_panes(ws, 2, 4);
}

static void
appendix_b(struct book *b, lxw_worksheet *ws, const struct itss_report_input *in)
{
	const struct itss_model *m = in->model;
	const struct itss_assessment *a = in->assessment;
	lxw_row_t r = 2, group_top = 2;
	size_t d, l;

	fail(b, worksheet_set_column(ws, 0, 1, 10, NULL));
	fail(b, worksheet_set_column(ws, 2, 1 + (lxw_col_t)m->nlevels, 36, NULL));
	put(b, ws, 0, 0, "附录B 运维服务能力成熟度各等级之间的对应关系（黄色：本组织达到的等级）",
	    b->title);
	put(b, ws, 1, 0, "能力", b->head);
	put(b, ws, 1, 1, "能力域", b->head);
	for (l = 0; l < m->nlevels; l++)
		put(b, ws, 1, 2 + (lxw_col_t)l, m->levels[l].name, b->head);
	for (d = 0; d < m->ndomains; d++, r++) {
		const struct itss_domain *dm = &m->domains[d];
		const struct itss_group *g = dm->group;
		int first = !d || m->domains[d - 1].group != g;
		int lastg = d + 1 == m->ndomains || m->domains[d + 1].group != g;

		{
			const char *tb[8];
			double wb[8];
			for (l = 0; l < m->nlevels && l < 8; l++) {
				tb[l] = dm->characteristics[l];
				wb[l] = 36;
			}
			fit_row(b, ws, r, l, tb, wb);
		}
		if (first) {
			group_top = r;
			put(b, ws, r, 0, g ? g->name : "", b->merged_group);
		} else {
			fail(b, worksheet_write_blank(ws, r, 0, b->merged_group));
		}
		put(b, ws, r, 1, dm->name, b->head);
		for (l = 0; l < m->nlevels; l++)
			put(b, ws, r, 2 + (lxw_col_t)l, dm->characteristics[l] ?
			    dm->characteristics[l] : "", (int)l ==
			    a->domains[d].level ? b->reached : b->wrap);
		/* On the group's last row, its merge can be recorded. */
		if (lastg && !first)
			fail(b, worksheet_merge_range(ws, group_top, 0, r, 0,
			    g ? g->name : "", b->merged_group));
	}
	if (m->nrelated_standards) {
		struct itss_strbuf sb = ITSS_STRBUF_INIT;
		size_t i;
		for (i = 0; i < m->nrelated_standards; i++)
			itss_strbuf_addf(&sb, "%s%s", i ? ", " : "",
			    m->related_standards[i]);
		put(b, ws, r, 1, "涉及标准", b->head);
		put(b, ws, r++, 2, sb.buf, NULL);
		itss_strbuf_release(&sb);
	}
	if (m->nnotes)
		put(b, ws, r, 1, m->notes[0], NULL);
	worksheet_freeze_panes(ws, 2, 2);
}

static void
requirements(struct book *b, lxw_worksheet *ws, const struct itss_report_input *in)
{
	static const char *const head[] = { "条款", "等级", "能力域", "能力项",
		"状态", "理由", "证据", "条文" };
	static const double width[] = { 10, 8, 10, 16, 12, 60, 30, 60 };
	const struct itss_model *m = in->model;
	const struct itss_assessment *a = in->assessment;
	size_t i, k;

	for (i = 0; i < 8; i++) {
		fail(b, worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, width[i],
		    b->text));
		put(b, ws, 0, (lxw_col_t)i, head[i], b->head);
	}
	for (i = 0; i < m->nrequirements; i++) {
		const struct itss_requirement *q = &m->requirements[i];
		const struct itss_req_result *rr = &a->requirements[i];
		struct itss_strbuf ev = ITSS_STRBUF_INIT;
		lxw_row_t r = (lxw_row_t)i + 1;
		char *item = q->item ? itss_xasprintf("%u %s", q->item,
		    m->items[q->item - 1].name) : itss_xstrdup("（全域）");
		for (k = 0; k < rr->nevidence; k++)
			itss_strbuf_addf(&ev, "%s%s", k ? ", " : "", rr->evidence[k]);
		{
			const char *t3[] = { rr->reason, ev.buf, q->text };
			const double w3[] = { width[5], width[6], width[7] };
			fit_row(b, ws, r, 3, t3, w3);
		}
		put(b, ws, r, 0, q->id, NULL);
		put(b, ws, r, 1, m->levels[q->level].name, NULL);
		put(b, ws, r, 2, m->domains[q->domain].name, NULL);
		put(b, ws, r, 3, item, NULL);
		put(b, ws, r, 4, itss_req_status_name(rr->status),
		    itss_req_good(rr->status) ? b->met : b->notmet);
		put(b, ws, r, 5, rr->reason, b->wrap);
		put(b, ws, r, 6, ev.buf, b->wrap);
		put(b, ws, r, 7, q->text, b->wrap);
		itss_strbuf_release(&ev);
		free(item);
	}
	worksheet_freeze_panes(ws, 1, 1);
	fail(b, worksheet_autofilter(ws, 0, 0, (lxw_row_t)m->nrequirements, 7));
}

/*
 * The register: a million rows. The index is read and each row's cells
 * made safe on a thread of its own, a batch of rows at a time, while this
 * one hands the cells to libxlsxwriter: the two cores share the work.
 */
#define REG_COLS 10
#define REG_BATCH 512
#define REG_SLOTS 4

struct reg_batch {
	struct itss_strbuf text;	/* the cells, each NUL-terminated */
	size_t off[REG_BATCH][REG_COLS];
	size_t nrows;
};

struct reg_queue {
	pthread_mutex_t lock;
	pthread_cond_t filled, emptied;
	struct reg_batch slot[REG_SLOTS];
	size_t head, count;	/* the oldest filled slot; how many are */
	int done, stop, ret;	/* the reader finished (with ret); stop it */
	const struct itss_report_input *in;
	struct reg_batch *cur;	/* the reader's slot being filled */
	struct itss_strbuf files, reqs;
};

/* The reader's side: a filled slot is passed on; wait for a free one. */
static int
reg_next_slot(struct reg_queue *q, int pass)
{
	int stop;

	pthread_mutex_lock(&q->lock);
	if (pass && q->cur) {
		q->count++;
		pthread_cond_signal(&q->filled);
	}
	while (q->count == REG_SLOTS && !q->stop)
		pthread_cond_wait(&q->emptied, &q->lock);
	stop = q->stop;
	q->cur = stop ? NULL : &q->slot[(q->head + q->count) % REG_SLOTS];
	pthread_mutex_unlock(&q->lock);
	if (q->cur) {
		itss_strbuf_reset(&q->cur->text);
		q->cur->nrows = 0;
	}
	return stop ? -1 : 0;
}

static void
reg_cell(struct reg_batch *bt, size_t col, const char *s)
{
	size_t at = bt->text.len;

	if (!s || !*s) {
		bt->off[bt->nrows][col] = SIZE_MAX;
		return;
	}
	cell_text_append(&bt->text, s, CELL_MAX);
	itss_strbuf_add(&bt->text, "", 1);
	bt->off[bt->nrows][col] = at;
}

static int
reg_row(void *ctx, const struct itss_record_row *x)
{
	struct reg_queue *q = ctx;
	struct reg_batch *bt = q->cur;
	char day[11], until[11];
	size_t i;

	itss_strbuf_reset(&q->files);
	itss_strbuf_reset(&q->reqs);
	for (i = 0; i < x->nfiles; i++) {
		if (i)
			itss_strbuf_addstr(&q->files, "\n");
		itss_strbuf_addstr(&q->files, x->files[i].path);
		itss_strbuf_addstr(&q->files, " [");
		itss_strbuf_addstr(&q->files, itss_file_state_name(x->files[i].state));
		itss_strbuf_addstr(&q->files, "] ");
		if (x->files[i].sha256)
			itss_strbuf_addstr(&q->files, x->files[i].sha256);
	}
	for (i = 0; i < x->nsatisfies; i++) {
		if (i)
			itss_strbuf_addstr(&q->reqs, ", ");
		itss_strbuf_addstr(&q->reqs, x->satisfies[i]);
	}
	itss_date_format(day, x->date);
	if (x->valid_until == INT32_MAX)
		snprintf(until, sizeof(until), "—");
	else
		itss_date_format(until, x->valid_until);
	reg_cell(bt, 0, x->id);
	reg_cell(bt, 1, x->title);
	reg_cell(bt, 2, x->kind);
	reg_cell(bt, 3, day);
	reg_cell(bt, 4, until);
	reg_cell(bt, 5, x->owner);
	reg_cell(bt, 6, x->status);
	reg_cell(bt, 7, q->files.buf);
	reg_cell(bt, 8, q->reqs.buf);
	reg_cell(bt, 9, x->source);
	if (++bt->nrows == REG_BATCH)
		return reg_next_slot(q, 1);
	return 0;
}

static void *
reg_reader(void *arg)
{
	struct reg_queue *q = arg;
	int ret = reg_next_slot(q, 0);

	if (ret == 0)
		ret = q->in->records(q->in->records_ctx, reg_row, q);
	pthread_mutex_lock(&q->lock);
	if (q->cur && q->cur->nrows && ret == 0)
		q->count++;	/* the last, partial batch */
	q->done = 1;
	q->ret = ret;
	pthread_cond_signal(&q->filled);
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

static int
evidence(struct book *b, lxw_worksheet *ws, const struct itss_report_input *in)
{
	static const char *const head[] = { "编号", "标题", "类别", "日期",
		"有效期至", "负责人", "状态", "文件（状态、SHA-256）", "满足要求",
		"记录文件" };
	static const double width[] = { 24, 36, 12, 11, 11, 14, 11, 60, 30, 30 };
	struct reg_queue *q;
	pthread_t reader;
	lxw_row_t row = 1, last = in->last_row && in->last_row < ROW_MAX ?
	    in->last_row : ROW_MAX;
	size_t i, cut = 0;
	int ret = 0;

	for (i = 0; i < REG_COLS; i++) {
		fail(b, worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, width[i],
		    b->text));
		put(b, ws, 0, (lxw_col_t)i, head[i], b->head);
	}
	if (in->records) {
		static const pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
		static const pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
		q = itss_xcalloc(1, sizeof(*q));
		q->in = in;
		q->lock = lock;
		q->filled = cond;
		q->emptied = cond;
		if (pthread_create(&reader, NULL, reg_reader, q)) {
			if (!b->failed)
				b->failed = "cannot start a thread";
			free(q);
			return 0;
		}
		for (;;) {
			struct reg_batch *bt;
			size_t r, c;

			pthread_mutex_lock(&q->lock);
			while (!q->count && !q->done)
				pthread_cond_wait(&q->filled, &q->lock);
			if (!q->count) {
				pthread_mutex_unlock(&q->lock);
				break;
			}
			bt = &q->slot[q->head];
			pthread_mutex_unlock(&q->lock);
			for (r = 0; r < bt->nrows && !b->failed; r++) {
				if (row >= last) {
					cut++;
					continue;
				}
				for (c = 0; c < REG_COLS; c++)
					if (bt->off[r][c] != SIZE_MAX)
						fail(b, worksheet_write_string(ws, row,
						    (lxw_col_t)c, bt->text.buf +
						    bt->off[r][c], b->text));
				row++;
			}
			if (in->progress)
				in->progress(in->progress_ctx, "writing the register",
				    row - 1, in->nrecords, 0);
			pthread_mutex_lock(&q->lock);
			q->head = (q->head + 1) % REG_SLOTS;
			q->count--;
			if (b->failed)
				q->stop = 1;
			pthread_cond_signal(&q->emptied);
			pthread_mutex_unlock(&q->lock);
		}
		/* Joining a joinable thread of ours cannot fail. */
		(void)pthread_join(reader, NULL);
		ret = q->stop ? 0 : q->ret;
		pthread_mutex_destroy(&q->lock);
		pthread_cond_destroy(&q->filled);
		pthread_cond_destroy(&q->emptied);
		for (i = 0; i < REG_SLOTS; i++)
			itss_strbuf_release(&q->slot[i].text);
		itss_strbuf_release(&q->files);
		itss_strbuf_release(&q->reqs);
		free(q);
	}
	if (cut) {
		char *t = itss_xasprintf("…还有 %zu 条记录超出 Excel 的行数上限，未列出",
		    cut);
		/* The last row Excel has: the note replaces one record. */
		put(b, ws, last, 0, t, b->notmet);
		free(t);
	}
	worksheet_freeze_panes(ws, 1, 1);
	/* Over the rows written (constant-memory mode refuses a range that
	 * ends above the last row written: the note's, when there is one). */
	fail(b, worksheet_autofilter(ws, 0, 0, cut ? last : row > 1 ? row - 1 : 1,
	    REG_COLS - 1));
	return ret;
}

static void
trend(struct book *b, lxw_worksheet *ws, const struct itss_report_input *in)
{
	const struct itss_model *m = in->model;
	lxw_chart *chart;
	size_t i, d, k;
	char day[11];

	fail(b, worksheet_set_column(ws, 0, 0, 6, NULL));
	fail(b, worksheet_set_column(ws, 1, 1, 12, NULL));
	put(b, ws, 0, 0, "评估", b->head);
	put(b, ws, 0, 1, "评估日期", b->head);
	put(b, ws, 0, 2, "组织", b->head);
	for (d = 0; d < m->ndomains; d++)
		put(b, ws, 0, 3 + (lxw_col_t)d, m->domains[d].name, b->head);
	for (i = 0; i < in->nhistory; i++) {
		const struct itss_saved *s = &in->history[i];
		const struct itss_level *l = s->level ? itss_model_level(m, s->level) :
		    NULL;
		lxw_row_t r = (lxw_row_t)i + 1;
		number(b, ws, r, 0, (double)s->id, NULL);
		itss_date_format(day, s->as_of);
		put(b, ws, r, 1, day, NULL);
		number(b, ws, r, 2, l ? l->rank : 0, NULL);
		for (d = 0; d < m->ndomains; d++) {
			double v = 0;
			for (k = 0; k < s->nlevels; k++)
				if (s->levels[k].scope == ITSS_SAVED_DOMAIN &&
				    !strcmp(s->levels[k].key, m->domains[d].id) &&
				    s->levels[k].level) {
					const struct itss_level *x = itss_model_level(m,
					    s->levels[k].level);
					v = x ? x->rank : 0;
				}
			number(b, ws, r, 3 + (lxw_col_t)d, v, NULL);
		}
	}
	chart = workbook_add_chart(b->wb, LXW_CHART_LINE);
	if (!chart) {
		if (!b->failed)
			b->failed = "cannot add a chart";
		return;
	}
	chart_title_set_name(chart, "各能力域等级趋势");
	for (d = 0; d <= m->ndomains; d++) {
		lxw_col_t c = d == m->ndomains ? 2 : 3 + (lxw_col_t)d;

		if (!series(b, chart, SHEET_TREND, 1, (lxw_row_t)in->nhistory,
		    1, c, d == m->ndomains ? "组织" : m->domains[d].name))
			return;
	}
	chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
	chart_axis_set_major_unit(chart->y_axis, 1);
	chart_axis_set_min(chart->y_axis, 0);
	chart_axis_set_max(chart->y_axis, (double)m->nlevels);
	fail(b, worksheet_insert_chart(ws, (lxw_row_t)in->nhistory + 2, 0, chart));
}

/* ---- checking the file, and putting it in place ---- */

/* Read exactly n bytes at off; -1 when the file is shorter or unreadable. */
static int
read_at(int fd, void *p, size_t n, off_t off)
{
	size_t got = 0;

	while (got < n) {
		ssize_t k = pread(fd, (char *)p + got, n - got, off + (off_t)got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		got += (size_t)k;
	}
	return 0;
}

/*
 * Inflate one member, a buffer at a time: its size and CRC-32 must be the
 * ones the directory records, and a worksheet or the workbook must end
 * with its closing tag (libxlsxwriter 1.1.4 can package a sheet whose
 * temporary file was cut short by a full disk, and report success).
 */
static int
check_member(int fd, off_t data, size_t csize, size_t usize, unsigned method,
    uint32_t crc, const char *end_tag, const char **why)
{
	unsigned char in[65536], out[65536], tail[32];
	size_t left = csize, total = 0, ntail = 0, t = end_tag ? strlen(end_tag) : 0;
	uLong sum = crc32(0L, Z_NULL, 0);
	z_stream z;
	int rc = Z_OK;

	memset(&z, 0, sizeof(z));
	if (method == 8 && inflateInit2(&z, -MAX_WBITS) != Z_OK) {
		*why = "cannot be inflated (zlib)";
		return -1;
	}
	if (method != 0 && method != 8) {
		*why = "has a member compressed in an unknown way";
		return -1;
	}
	*why = "has a member that is cut short or corrupt";
	while (left > 0 || (method == 8 && rc != Z_STREAM_END)) {
		size_t k = left < sizeof(in) ? left : sizeof(in), produced;
		if (k == 0 || read_at(fd, in, k, data + (off_t)(csize - left)) < 0)
			goto bad;
		left -= k;
		if (method == 0) {
			sum = crc32(sum, in, (uInt)k);
			total += k;
			produced = k < sizeof(tail) ? k : sizeof(tail);
			memcpy(tail, in + k - produced, produced);
			ntail = produced;
			continue;
		}
		z.next_in = in;
		z.avail_in = (uInt)k;
		do {
			z.next_out = out;
			z.avail_out = sizeof(out);
			rc = inflate(&z, Z_NO_FLUSH);
			if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
				goto bad;
			produced = sizeof(out) - z.avail_out;
			sum = crc32(sum, out, (uInt)produced);
			total += produced;
			if (produced >= sizeof(tail)) {
				memcpy(tail, out + produced - sizeof(tail), sizeof(tail));
				ntail = sizeof(tail);
			} else if (produced) {
				size_t keep = ntail + produced > sizeof(tail) ?
				    sizeof(tail) - produced : ntail;
				memmove(tail, tail + ntail - keep, keep);
				memcpy(tail + keep, out, produced);
				ntail = keep + produced;
			}
		} while (z.avail_out == 0 && rc != Z_STREAM_END);
		if (rc == Z_STREAM_END && left)
			goto bad;
	}
	if (method == 8)
		inflateEnd(&z);
	if (total != usize || sum != crc)
		return -1;
	while (ntail && (tail[ntail - 1] == '\n' || tail[ntail - 1] == '\r' ||
	    tail[ntail - 1] == ' '))
		ntail--;
	if (t && (ntail < t || memcmp(tail + ntail - t, end_tag, t))) {
		*why = "has a sheet cut short (the disk or temp space ran out?)";
		return -1;
	}
	return 0;
bad:
	if (method == 8)
		inflateEnd(&z);
	return -1;
}

int
itss_report_verify(const char *path, size_t nsheets, const char **why)
{
	unsigned char tailbuf[65557], *dir = NULL;
	struct stat st;
	size_t len, tn, i, n, off, dsize, sheets = 0;
	size_t eocd;
	int fd, workbook = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		*why = "cannot be read back";
		if (fd >= 0)
			close(fd);
		return -1;
	}
	len = (size_t)st.st_size;
	*why = "is not a whole zip archive";
	if (len < 22)
		goto bad;
	/* The end of central directory record: within the last 64 KiB. */
	tn = len < sizeof(tailbuf) ? len : sizeof(tailbuf);
	if (read_at(fd, tailbuf, tn, (off_t)(len - tn)) < 0)
		goto bad;
	for (eocd = tn - 22;; eocd--) {
		if (itss_le32(tailbuf + eocd) == 0x06054b50)
			break;
		if (eocd == 0)
			goto bad;
	}
	n = itss_le16(tailbuf + eocd + 10);
	dsize = itss_le32(tailbuf + eocd + 12);
	off = itss_le32(tailbuf + eocd + 16);
	if (off > len || dsize > len - off || dsize > ((size_t)64 << 20))
		goto bad;
	dir = malloc(dsize ? dsize : 1);
	if (!dir || read_at(fd, dir, dsize, (off_t)off) < 0)
		goto bad;
	for (i = 0, off = 0; i < n; i++) {
		const unsigned char *c = dir + off;
		unsigned char lh[30];
		size_t name, extra, comment, local, csize, usize, data;
		const char *end_tag = NULL;
		if (off + 46 > dsize || itss_le32(c) != 0x02014b50)
			goto bad;
		csize = itss_le32(c + 20);
		usize = itss_le32(c + 24);
		name = itss_le16(c + 28);
		extra = itss_le16(c + 30);
		comment = itss_le16(c + 32);
		local = itss_le32(c + 42);
		if (off + 46 + name > dsize || local + 30 > len ||
		    read_at(fd, lh, 30, (off_t)local) < 0 ||
		    itss_le32(lh) != 0x04034b50)
			goto bad;
		data = local + 30 + itss_le16(lh + 26) + itss_le16(lh + 28);
		if (data > len || csize > len - data)
			goto bad;
		if (name == 15 && !memcmp(c + 46, "xl/workbook.xml", 15)) {
			workbook = 1;
			end_tag = "</workbook>";
		} else if (name > 19 && !memcmp(c + 46, "xl/worksheets/sheet", 19)) {
			sheets++;
			end_tag = "</worksheet>";
		}
		if (check_member(fd, (off_t)data, csize, usize, itss_le16(c + 10),
		    itss_le32(c + 16), end_tag, why) < 0)
			goto bad;
		off += 46 + name + extra + comment;
	}
	free(dir);
	close(fd);
	if (!workbook || sheets != nsheets) {
		*why = "lacks some of its sheets";
		return -1;
	}
	return 0;
bad:
	free(dir);
	close(fd);
	return -1;
}

int
itss_report_write(const char *path, const struct itss_report_input *in,
    struct itss_diags *d)
{
	lxw_workbook_options opts;
	struct itss_atomic file;
	struct book b;
	lxw_worksheet *ws[7];
	size_t nsheets = in->nhistory ? 7 : 6, i;
	lxw_error e;
	int rc = 0;
	const char *why;

	/* Beside the target, the same file system, for the rename. */
	if ((rc = itss_atomic_begin(&file, path, d)) < 0)
		return rc;
	close(file.fd);		/* libxlsxwriter writes it by name */
	file.fd = -1;
	memset(&opts, 0, sizeof(opts));
	opts.constant_memory = LXW_TRUE;
	opts.tmpdir = file.dir;	/* its temp files too, not /tmp */
	memset(&b, 0, sizeof(b));
	b.wb = workbook_new_opt(file.tmp, &opts);
	if (!b.wb) {
		itss_diags_add(d, ITSS_ERROR, path, 0, 0, "cannot start the "
		    "workbook");
		rc = ITSS_EIO;
		goto out;
	}
	formats(&b);
	ws[0] = sheet(&b, SHEET_SUMMARY);
	ws[1] = sheet(&b, SHEET_GAPS);
	ws[2] = sheet(&b, SHEET_A);
	ws[3] = sheet(&b, SHEET_B);
	ws[4] = sheet(&b, SHEET_REQS);
	ws[5] = sheet(&b, SHEET_EVIDENCE);
	ws[6] = in->nhistory ? sheet(&b, SHEET_TREND) : NULL;
	for (i = 0; i < nsheets && !b.failed; i++)
		if (!ws[i])
			b.failed = "cannot add a worksheet";
	if (!b.failed) {
		summary(&b, ws[0], in);
		gaps(&b, ws[1], in);
		appendix_a(&b, ws[2], in);
		appendix_b(&b, ws[3], in);
		requirements(&b, ws[4], in);
		if (evidence(&b, ws[5], in) < 0 && !b.failed)
			b.failed = "cannot read the evidence register";
		if (ws[6])
			trend(&b, ws[6], in);
	}
	if (in->progress)
		in->progress(in->progress_ctx, "compressing", 0, 0, 0);
	e = workbook_close(b.wb);
	if (b.failed || e) {
		itss_diags_add(d, ITSS_ERROR, path, 0, 0, "cannot write the "
		    "workbook: %s", b.failed ? b.failed : lxw_strerror(e));
		rc = ITSS_EIO;
		goto out;
	}
	/*
	 * libxlsxwriter 1.1.4 can report success on a truncated file when its
	 * temp space runs out: read it back before it replaces anything.
	 */
	if (in->progress)
		in->progress(in->progress_ctx, "checking", 0, 0, 0);
	if (itss_report_verify(file.tmp, nsheets, &why) < 0) {
		itss_diags_add(d, ITSS_ERROR, path, 0, 0, "the written workbook %s "
		    "(is the disk full?); the old report is untouched", why);
		rc = ITSS_EIO;
		goto out;
	}
	rc = itss_atomic_commit(&file, 0, d);
out:
	if (rc < 0)
		itss_atomic_abort(&file);	/* nothing when committing failed */
	itss_strbuf_release(&b.cell);
	return rc;
}
