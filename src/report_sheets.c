/*
 * report_sheets.c - the workbook's sheets but the register: 概览 (summary
 * and charts), 差距 (gaps), 附录A and 附录B as the standard draws them,
 * 要求 (every requirement) and 趋势 (the trend of saved assessments).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "itss/i18n.h"
#include "report_int.h"
#include "itss/review.h"
#include "itss/template.h"

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

/* The counts of levels 0..max(target, reached), at least the lowest. */
static struct itss_count
up_to(const struct itss_count *by_level, int target, int reached)
{
	struct itss_count c = { 0, 0 };
	int l, limit = target > reached ? target : reached;

	for (l = 0; l <= (limit < 0 ? 0 : limit); l++) {
		c.good += by_level[l].good;
		c.applicable += by_level[l].applicable;
	}
	return c;
}

void
itss_sheet_summary(struct book *b, lxw_worksheet *ws, const struct itss_report_input *in)
{
	const struct itss_model *m = in->model;
	const struct itss_assessment *a = in->assessment;
	char day[11];
	lxw_row_t r = 0, first;
	size_t i;
	lxw_chart *radar, *bars;
	lxw_chart_series *s;
	/* The target a light grey behind, the level reached a clear blue in
	 * front: two colours, not two blends. */
	lxw_chart_fill target_fill = { .color = 0xBFBFBF, .transparency = 40 };
	lxw_chart_fill level_fill = { .color = 0x2E75B6, .transparency = 20 };

	/* One page, charts and all: what management looks at first. */
	worksheet_fit_to_pages(ws, 1, 1);
	itss_book_fail(b, worksheet_set_column(ws, 0, 0, 16, NULL));
	itss_book_fail(b, worksheet_set_column(ws, 1, 1, 12, NULL));
	/* The ranks (C, D) are the radar's data, nothing to show: hidden. */
	{
		lxw_row_col_options hidden = { .hidden = LXW_TRUE };
		itss_book_fail(b, worksheet_set_column_opt(ws, 2, 3, 12, NULL,
		    &hidden));
	}
	itss_book_fail(b, worksheet_set_column(ws, 4, 6, 12, NULL));
	/* H: the radar's axis labels, each domain with its level's name. */
	{
		lxw_row_col_options hidden = { .hidden = LXW_TRUE };
		itss_book_fail(b, worksheet_set_column_opt(ws, 7, 7, 20, NULL,
		    &hidden));
	}
	itss_book_put(b, ws, r++, 0, "运维服务能力成熟度自评估", b->title);
	r++;
	itss_book_put(b, ws, r, 0, "组织", b->head);
	itss_book_put(b, ws, r++, 1, in->organisation, NULL);
	itss_book_put(b, ws, r, 0, "模型", b->head);
	{
		char *t = itss_xasprintf("%s %s", m->id, m->title);
		itss_book_put(b, ws, r++, 1, t, NULL);
		free(t);
	}
	itss_date_format(day, a->as_of);
	itss_book_put(b, ws, r, 0, "评估日期", b->head);
	itss_book_put(b, ws, r++, 1, day, NULL);
	itss_book_put(b, ws, r, 0, "证据指纹", b->head);
	itss_book_put(b, ws, r++, 1, in->fingerprint, NULL);
	itss_book_put(b, ws, r, 0, "达到等级", b->head);
	itss_book_put(b, ws, r++, 1, level_name(m, a->level), a->level >= 0 ? b->reached :
	    b->notmet);
	itss_book_put(b, ws, r, 0, "目标等级", b->head);
	itss_book_put(b, ws, r++, 1, a->target >= 0 ? m->levels[a->target].name : "—", NULL);
	itss_book_put(b, ws, r, 0, "目标达成", b->head);
	itss_book_put(b, ws, r++, 1, a->target < 0 ? "—" : a->target_reached ? "是" : "否",
	    a->target < 0 ? NULL : a->target_reached ? b->met : b->notmet);
	itss_book_put(b, ws, r, 0, "差距", b->head);
	itss_book_number(b, ws, r++, 1, (double)a->ngaps, NULL);
	if (in->ninvalid) {
		char *t = itss_xasprintf("%zu 个文件无效，其记录未计入（见“%s”表）",
		    in->ninvalid, SHEET_INVALID);
		itss_book_put(b, ws, r, 0, "无效文件", b->head);
		itss_book_put(b, ws, r++, 1, t, b->notmet);
		free(t);
	}
	r++;
	itss_book_fail(b, worksheet_set_row(ws, r, 30, NULL));	/* two-line heads */
	itss_book_put(b, ws, r, 0, "能力域", b->head);
	itss_book_put(b, ws, r, 1, "达到等级", b->head);
	itss_book_put(b, ws, r, 2, "等级序号", b->head);
	itss_book_put(b, ws, r, 3, "目标序号", b->head);
	/*
	 * Conformance up to the target level, or the reached one when that is
	 * higher: over all five levels a domain that reaches 协同级 would read
	 * as failing, which is not what a management review should see.
	 */
	itss_book_put(b, ws, r, 4, "符合（至目标等级）", b->head);
	itss_book_put(b, ws, r, 5, "适用（至目标等级）", b->head);
	itss_book_put(b, ws, r++, 6, "符合率（至目标等级）", b->head);
	first = r;
	for (i = 0; i < m->ndomains; i++, r++) {
		const struct itss_level_result *d = &a->domains[i];
		struct itss_count c = up_to(d->by_level, a->target, d->level);
		itss_book_put(b, ws, r, 0, m->domains[i].name, NULL);
		itss_book_put(b, ws, r, 1, level_name(m, d->level), NULL);
		itss_book_number(b, ws, r, 2, d->level + 1, NULL);
		itss_book_number(b, ws, r, 3, a->target + 1, NULL);
		itss_book_number(b, ws, r, 4, c.good, NULL);
		itss_book_number(b, ws, r, 5, c.applicable, NULL);
		itss_book_number(b, ws, r, 6, c.applicable ? (double)c.good /
		    c.applicable : 0, b->pct);
		{
			char *t = itss_xasprintf("%s\n%s", m->domains[i].name,
			    level_name(m, d->level));
			itss_book_put(b, ws, r, 7, t, NULL);
			free(t);
		}
	}
	{
		struct itss_count c = up_to(a->by_level, a->target, a->level);
		itss_book_put(b, ws, r, 0, "组织", b->head);
		itss_book_put(b, ws, r, 1, level_name(m, a->level), b->head);
		itss_book_number(b, ws, r, 2, a->level + 1, NULL);
		itss_book_number(b, ws, r, 3, a->target + 1, NULL);
		itss_book_number(b, ws, r, 4, c.good, NULL);
		itss_book_number(b, ws, r, 5, c.applicable, NULL);
		itss_book_number(b, ws, r++, 6, c.applicable ? (double)c.good /
		    c.applicable : 0, b->pct);
	}

	/* Below the table, the certificate and its next date (监督评估, 再评估申请, 到期). */
	if (in->certificate && in->certificate->given) {
		const struct itss_certificate *c = in->certificate;
		const struct itss_level *l = itss_model_level(m, c->level);
		struct itss_cert_date v[8];
		size_t n = itss_certificate_calendar(c, v);
		const struct itss_cert_date *next;
		char d1[11], d2[11];
		char *t;
		r++;	/* a row between */
		itss_date_format(d1, c->issued);
		itss_date_format(d2, c->expires);
		t = itss_xasprintf("%s%s%s · %s 至 %s", l ? l->name : c->level,
		    c->number ? " · " : "", c->number ? c->number : "", d1, d2);
		itss_book_put(b, ws, r, 0, "证书", b->head);
		itss_book_put(b, ws, r++, 1, t, NULL);
		free(t);
		next = itss_certificate_next(c, v, n, a->as_of);
		itss_book_put(b, ws, r, 0, "下一日期", b->head);
		if (!next) {
			itss_book_put(b, ws, r++, 1, "证书已过期", b->notmet);
		} else {
			itss_date_format(d1, next->date);
			t = next->what == ITSS_CERT_SURVEILLANCE ?
			    itss_xasprintf("第 %d 次监督评估 %s", next->n, d1) :
			    next->what == ITSS_CERT_REASSESSMENT ?
			    itss_xasprintf("再评估申请 %s", d1) :
			    itss_xasprintf("证书到期 %s", d1);
			itss_book_put(b, ws, r++, 1, t, next->date <= a->as_of + 30 ?
			    b->notmet : NULL);
			free(t);
		}
	}
	/* The radar: each domain's level, against the target. */
	radar = workbook_add_chart(b->wb, LXW_CHART_RADAR_FILLED);
	bars = workbook_add_chart(b->wb, LXW_CHART_BAR);
	if (!radar || !bars) {
		if (!b->failed)
			b->failed = N_("cannot add a chart");
		return;
	}
	chart_title_set_name(radar, "各能力域等级");
	/* The target behind, half transparent; the level reached over it. */
	if (a->target >= 0) {
		s = itss_book_series(b, radar, SHEET_SUMMARY, first,
		    first + m->ndomains - 1, 7, 3, "目标等级");
		if (!s)
			return;
		chart_series_set_fill(s, &target_fill);
	}
	s = itss_book_series(b, radar, SHEET_SUMMARY, first, first + m->ndomains - 1, 7,
	    2, "达到等级");
	if (!s)
		return;
	chart_series_set_fill(s, &level_fill);
	chart_legend_set_position(radar, LXW_CHART_LEGEND_BOTTOM);
	chart_show_hidden_data(radar);
	chart_axis_set_min(radar->y_axis, 0);
	chart_axis_set_max(radar->y_axis, (double)m->nlevels);
	chart_axis_set_major_unit(radar->y_axis, 1);
	/*
	 * The rings' numbers say nothing to a reader (0, 2, 4 of what?), and a
	 * number format can name at most two of them: the axis around the
	 * radar names each domain's level instead, and the rings go unlabelled.
	 */
	chart_axis_set_label_position(radar->y_axis, LXW_CHART_AXIS_LABEL_POSITION_NONE);
	{
		lxw_chart_options tall = { .y_scale = 1.4 };
		itss_book_fail(b, worksheet_insert_chart_opt(ws, r + 1, 0, radar,
		    &tall));
	}
	chart_title_set_name(bars, "各能力域符合率（至目标等级）");
	if (!itss_book_series(b, bars, SHEET_SUMMARY, first, first + m->ndomains - 1, 0,
	    6, "符合率"))
		return;
	chart_legend_set_position(bars, LXW_CHART_LEGEND_NONE);
	/* Bars run bottom up: reversed, they read as the table, top down. */
	chart_axis_set_reverse(bars->y_axis);
	chart_axis_set_min(bars->x_axis, 0);
	chart_axis_set_max(bars->x_axis, 1);
	chart_axis_set_num_format(bars->x_axis, "0%");
	/* Beside the radar (480 px wide), whatever the columns' widths. */
	{
		lxw_chart_options beside = { .x_offset = 490, .y_scale = 1.4 };
		itss_book_fail(b, worksheet_insert_chart_opt(ws, r + 1, 0, bars,
		    &beside));
	}
}

/* A template that would close a gap: for its first lacking kind. */
char *
itss_report_template_for(const struct itss_model *m, const struct itss_requirement *q,
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
	{
		char *rel = itss_template_path(&m->items[q->item - 1], k);
		char *root = itss_template_root(m);
		char *path = itss_xasprintf("%s/%s", root, rel);
		free(rel);
		free(root);
		return path;
	}
}

/*
 * Columns as wide as the model's widest entry, so that no id or name is
 * cut off: its requirement ids, domain names and "N item name" labels,
 * each at least as wide as given.
 */
void
itss_book_model_widths(const struct itss_model *m, double *id, double *domain,
    double *item)
{
	size_t i;
	char no[16];

	for (i = 0; i < m->nrequirements; i++)
		if ((double)strlen(m->requirements[i].id) + 2 > *id)
			*id = (double)strlen(m->requirements[i].id) + 2;
	for (i = 0; i < m->ndomains; i++)
		if ((double)itss_display_width(m->domains[i].name) + 2 > *domain)
			*domain = (double)itss_display_width(m->domains[i].name) + 2;
	for (i = 0; i < m->nitems; i++) {
		double w;
		snprintf(no, sizeof(no), "%u ", m->items[i].no);
		w = (double)(strlen(no) + itss_display_width(m->items[i].name)) + 2;
		if (w > *item)
			*item = w;
	}
}

void
itss_sheet_gaps(struct book *b, lxw_worksheet *ws, const struct itss_report_input *in)
{
	static const char *const head[] = { "等级", "能力域", "能力项", "条款",
		"条文", "状态", "缺少", "可用模板", "整改" };
	/* Some 160 characters in all: at a page's width, type of 9 pt or more. */
	double width[] = { 8, 10, 16, 10, 26, 10, 18, 26, 18 };
	struct itss_strbuf acts = ITSS_STRBUF_INIT;
	size_t ncols = in->actions && in->actions->n ? 9 : 8;
	const struct itss_model *m = in->model;
	const struct itss_assessment *a = in->assessment;
	struct itss_strbuf miss = ITSS_STRBUF_INIT;
	size_t i;

	itss_book_model_widths(m, &width[3], &width[1], &width[2]);
	/* Without actions, the room is the text's. */
	if (ncols == 8) {
		width[4] += 10;
		width[7] += 8;
	}
	for (i = 0; i < ncols; i++) {
		itss_book_fail(b, worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, width[i],
		    b->text));
		itss_book_put(b, ws, 0, (lxw_col_t)i, head[i], b->head);
	}
	for (i = 0; i < a->ngaps; i++) {
		const struct itss_requirement *q = &m->requirements[a->gaps[i]];
		const struct itss_req_result *rr = &a->requirements[a->gaps[i]];
		lxw_row_t r = (lxw_row_t)i + 1;
		char *t = itss_report_template_for(m, q, rr),
		    *item = itss_report_item_label(m, q,
		    itss_report_domain_wide(in->english));
		itss_report_missing(&miss, q, rr, in->english);
		{
			const char *t2[] = { q->text, miss.buf, t, NULL };
			const double w2[] = { width[4], width[6], width[7], width[8] };
			itss_report_gap_actions(&acts, in, q);
			t2[3] = acts.buf;
			itss_book_fit_row(b, ws, r, ncols == 9 ? 4 : 3, t2, w2);
		}
		itss_book_put(b, ws, r, 0, m->levels[q->level].name, NULL);
		itss_book_put(b, ws, r, 1, m->domains[q->domain].name, NULL);
		itss_book_put(b, ws, r, 2, item, NULL);
		itss_book_put(b, ws, r, 3, q->id, NULL);
		itss_book_put(b, ws, r, 4, q->text, b->wrap);
		itss_book_put(b, ws, r, 5, itss_report_status(rr->status,
		    in->english), b->notmet);
		itss_book_put(b, ws, r, 6, miss.buf, b->wrap);
		itss_book_put(b, ws, r, 7, t, b->wrap);
		if (acts.len)
			itss_book_put(b, ws, r, 8, acts.buf, itss_report_overdue_for(in,
			    q) ? b->notmet : b->wrap);
		free(t);
		free(item);
	}
	worksheet_freeze_panes(ws, 1, 0);
	itss_book_fail(b, worksheet_autofilter(ws, 0, 0, (lxw_row_t)(a->ngaps ? a->ngaps : 1),
	    (lxw_col_t)ncols - 1));
	itss_strbuf_release(&miss);
	itss_strbuf_release(&acts);
}

void
itss_sheet_appendix_a(struct book *b, lxw_worksheet *ws, const struct itss_report_input *in)
{
	const struct itss_model *m = in->model;
	const struct itss_assessment *a = in->assessment;
	lxw_col_t lc = 4;	/* the first level column */
	lxw_row_t r = 2, *breaks;
	size_t d, k, l, nbreaks = 0;

	itss_book_fail(b, worksheet_set_column(ws, 0, 0, 6, NULL));
	itss_book_fail(b, worksheet_set_column(ws, 1, 1, 10, NULL));
	itss_book_fail(b, worksheet_set_column(ws, 2, 2, 6, NULL));
	itss_book_fail(b, worksheet_set_column(ws, 3, 3, 24, NULL));
	itss_book_fail(b, worksheet_set_column(ws, lc, lc + (lxw_col_t)m->nlevels - 1, 9,
	    NULL));
	itss_book_fail(b, worksheet_set_row(ws, 0, 22, NULL));
	itss_book_put(b, ws, 0, 0, "附录A 运维服务能力项与成熟度等级对应关系（按本组织状态着色）",
	    b->title);
	itss_book_fail(b, worksheet_set_row(ws, 1, 30, NULL));	/* two-line heads */
	itss_book_put(b, ws, 1, 0, "能力域序号", b->head);
	itss_book_put(b, ws, 1, 1, "能力域", b->head);
	itss_book_put(b, ws, 1, 2, "能力项序号", b->head);
	itss_book_put(b, ws, 1, 3, "能力项", b->head);
	for (l = 0; l < m->nlevels; l++)
		itss_book_put(b, ws, 1, lc + (lxw_col_t)l, m->levels[l].name, b->head);
	/* A domain's rows and its merged cells on one page: a break before
	 * each domain but the first. */
	breaks = itss_xcalloc(m->ndomains + 1, sizeof(*breaks));
	for (d = 0; d < m->ndomains; d++) {
		const struct itss_domain *dm = &m->domains[d];
		lxw_row_t top = r, last = r + (lxw_row_t)dm->nitems - 1;
		char no[16];

		if (d)
			breaks[nbreaks++] = top;
		for (k = 0; k < dm->nitems; k++, r++) {
			const struct itss_item *it = &m->items[dm->first_item + k];
			snprintf(no, sizeof(no), "%u", dm->no);
			/* The domain's columns: merged across its items. */
			if (k == 0) {
				itss_book_put(b, ws, r, 0, no, b->merged);
				itss_book_put(b, ws, r, 1, dm->name, b->merged);
			} else {
				itss_book_fail(b, worksheet_write_blank(ws, r, 0, b->merged));
				itss_book_fail(b, worksheet_write_blank(ws, r, 1, b->merged));
			}
			itss_book_number(b, ws, r, 2, it->no, NULL);
			itss_book_put(b, ws, r, 3, it->name, NULL);
			for (l = 0; l < m->nlevels; l++) {
				lxw_col_t c = lc + (lxw_col_t)l;
				if (dm->wide_levels & (1u << l)) {
					/* Domain-wide: one merged cell, as drawn. */
					lxw_format *f = all_good(m, a, d, 0, l) ?
					    b->met : b->notmet;
					if (k == 0)
						itss_book_put(b, ws, r, c, "✓", f);
					else
						itss_book_fail(b, worksheet_write_blank(ws, r, c, f));
				} else if (it->own_levels & (1u << l)) {
					itss_book_put(b, ws, r, c, "✓", all_good(m, a, d, it->no, l) ?
					    b->met : b->notmet);
				} else {
					itss_book_fail(b, worksheet_write_blank(ws, r, c,
					    b->notassessed));
				}
			}
			/* On the domain's last row, its merges can be recorded. */
			if (r == last && last > top) {
				itss_book_fail(b, worksheet_merge_range(ws, top, 0, last, 0, no,
				    b->merged));
				itss_book_fail(b, worksheet_merge_range(ws, top, 1, last, 1,
				    dm->name, b->merged));
				for (l = 0; l < m->nlevels; l++)
					if (dm->wide_levels & (1u << l))
						itss_book_fail(b, worksheet_merge_range(ws, top,
						    lc + (lxw_col_t)l, last, lc + (lxw_col_t)l,
						    "✓", all_good(m, a, d, 0, l) ?
						    b->met : b->notmet));
			}
		}
	}
	r++;
	itss_book_put(b, ws, r, 3, "图例", b->head);
	itss_book_put(b, ws, r++, 4, "✓", b->met);
	itss_book_put(b, ws, r - 1, 5, "符合：该等级的要求均已满足或不适用", NULL);
	itss_book_put(b, ws, r, 4, "✓", b->notmet);
	itss_book_put(b, ws, r++, 5, "未符合：该等级尚有要求未满足", NULL);
	itss_book_fail(b, worksheet_write_blank(ws, r, 4, b->notassessed));
	itss_book_put(b, ws, r++, 5, "不评估：该能力项在此等级无要求", NULL);
	itss_book_put(b, ws, r, 5, "合并单元格：该等级按能力域整体评估（如 9.4、10.x）", NULL);
	worksheet_freeze_panes(ws, 2, 4);
	itss_book_fail(b, worksheet_repeat_rows(ws, 0, 1));
	if (nbreaks)
		itss_book_fail(b, worksheet_set_h_pagebreaks(ws, breaks));
	free(breaks);
}

void
itss_sheet_appendix_b(struct book *b, lxw_worksheet *ws, const struct itss_report_input *in)
{
	const struct itss_model *m = in->model;
	const struct itss_assessment *a = in->assessment;
	lxw_row_t r = 2, group_top = 2;
	size_t d, l;

	itss_book_fail(b, worksheet_set_column(ws, 0, 1, 10, NULL));
	itss_book_fail(b, worksheet_set_column(ws, 2, 1 + (lxw_col_t)m->nlevels,
	    m->nlevels ? 130.0 / (double)m->nlevels : 26, NULL));
	itss_book_put(b, ws, 0, 0, "附录B 运维服务能力成熟度各等级之间的对应关系（黄色：本组织达到的等级）",
	    b->title);
	itss_book_put(b, ws, 1, 0, "能力", b->head);
	itss_book_put(b, ws, 1, 1, "能力域", b->head);
	for (l = 0; l < m->nlevels; l++)
		itss_book_put(b, ws, 1, 2 + (lxw_col_t)l, m->levels[l].name, b->head);
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
			itss_book_fit_row(b, ws, r, l, tb, wb);
		}
		if (first) {
			group_top = r;
			itss_book_put(b, ws, r, 0, g ? g->name : "", b->merged_group);
		} else {
			itss_book_fail(b, worksheet_write_blank(ws, r, 0, b->merged_group));
		}
		itss_book_put(b, ws, r, 1, dm->name, b->head);
		for (l = 0; l < m->nlevels; l++)
			itss_book_put(b, ws, r, 2 + (lxw_col_t)l, dm->characteristics[l] ?
			    dm->characteristics[l] : "", (int)l ==
			    a->domains[d].level ? b->reached : b->wrap);
		/* On the group's last row, its merge can be recorded. */
		if (lastg && !first)
			itss_book_fail(b, worksheet_merge_range(ws, group_top, 0, r, 0,
			    g ? g->name : "", b->merged_group));
	}
	if (m->nrelated_standards) {
		struct itss_strbuf sb = ITSS_STRBUF_INIT;
		size_t i;
		for (i = 0; i < m->nrelated_standards; i++)
			itss_strbuf_addf(&sb, "%s%s", i ? ", " : "",
			    m->related_standards[i]);
		itss_book_put(b, ws, r, 1, "涉及标准", b->head);
		itss_book_put(b, ws, r++, 2, sb.buf, NULL);
		itss_strbuf_release(&sb);
	}
	if (m->nnotes)
		itss_book_put(b, ws, r, 1, m->notes[0], NULL);
	worksheet_freeze_panes(ws, 2, 2);
}

void
itss_sheet_requirements(struct book *b, lxw_worksheet *ws, const struct itss_report_input *in)
{
	static const char *const head[] = { "条款", "等级", "能力域", "能力项",
		"状态", "理由", "证据", "条文" };
	double width[] = { 10, 8, 10, 16, 10, 36, 22, 34 };
	const struct itss_model *m = in->model;
	const struct itss_assessment *a = in->assessment;
	size_t i, k;

	itss_book_model_widths(m, &width[0], &width[2], &width[3]);
	for (i = 0; i < 8; i++) {
		itss_book_fail(b, worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, width[i],
		    b->text));
		itss_book_put(b, ws, 0, (lxw_col_t)i, head[i], b->head);
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
			itss_book_fit_row(b, ws, r, 3, t3, w3);
		}
		itss_book_put(b, ws, r, 0, q->id, NULL);
		itss_book_put(b, ws, r, 1, m->levels[q->level].name, NULL);
		itss_book_put(b, ws, r, 2, m->domains[q->domain].name, NULL);
		itss_book_put(b, ws, r, 3, item, NULL);
		itss_book_put(b, ws, r, 4, itss_report_status(rr->status,
		    in->english), itss_req_good(rr->status) ? b->met : b->notmet);
		itss_book_put(b, ws, r, 5, rr->reason, b->wrap);
		itss_book_put(b, ws, r, 6, ev.buf, b->wrap);
		itss_book_put(b, ws, r, 7, q->text, b->wrap);
		itss_strbuf_release(&ev);
		free(item);
	}
	worksheet_freeze_panes(ws, 1, 1);
	itss_book_fail(b, worksheet_autofilter(ws, 0, 0, (lxw_row_t)m->nrequirements, 7));
}

void
itss_sheet_trend(struct book *b, lxw_worksheet *ws, const struct itss_report_input *in)
{
	const struct itss_model *m = in->model;
	/* The organisation's rank, the chart's data, after the domains. */
	const lxw_col_t rank = 3 + (lxw_col_t)m->ndomains;
	lxw_chart *chart;
	lxw_chart_series *series;
	lxw_chart_data_label *labels, **lp;
	size_t i, d, k;
	char day[11];

	itss_book_fail(b, worksheet_set_column(ws, 0, 0, 6, NULL));
	itss_book_fail(b, worksheet_set_column(ws, 1, 1, 12, NULL));
	itss_book_fail(b, worksheet_set_column(ws, 2, rank - 1, 9, NULL));
	{
		lxw_row_col_options hidden = { .hidden = LXW_TRUE };
		itss_book_fail(b, worksheet_set_column_opt(ws, rank, rank, 6, NULL,
		    &hidden));
	}
	itss_book_put(b, ws, 0, 0, "评估", b->head);
	itss_book_put(b, ws, 0, 1, "评估日期", b->head);
	itss_book_put(b, ws, 0, 2, "组织", b->head);
	for (d = 0; d < m->ndomains; d++)
		itss_book_put(b, ws, 0, 3 + (lxw_col_t)d, m->domains[d].name, b->head);
	itss_book_put(b, ws, 0, rank, "等级序号", b->head);
	labels = itss_xcalloc(in->nhistory + 1, sizeof(*labels));
	lp = itss_xcalloc(in->nhistory + 1, sizeof(*lp));
	/*
	 * Each saved assessment a row, the levels by name: the domains as a
	 * table (nine lines on one axis cross and hide each other), the
	 * organisation's level as the chart.
	 */
	for (i = 0; i < in->nhistory; i++) {
		const struct itss_saved *s = &in->history[i];
		const struct itss_level *l = s->level ? itss_model_level(m, s->level) :
		    NULL;
		lxw_row_t r = (lxw_row_t)i + 1;
		itss_book_number(b, ws, r, 0, (double)s->id, NULL);
		itss_date_format(day, s->as_of);
		itss_book_put(b, ws, r, 1, day, NULL);
		itss_book_put(b, ws, r, 2, l ? l->name : "—", l ? b->reached :
		    b->notmet);
		itss_book_number(b, ws, r, rank, l ? l->rank : 0, NULL);
		labels[i].value = (char *)(l ? l->name : "—");
		lp[i] = &labels[i];
		for (d = 0; d < m->ndomains; d++) {
			const struct itss_level *x = NULL;
			for (k = 0; k < s->nlevels; k++)
				if (s->levels[k].scope == ITSS_SAVED_DOMAIN &&
				    !strcmp(s->levels[k].key, m->domains[d].id) &&
				    s->levels[k].level)
					x = itss_model_level(m, s->levels[k].level);
			itss_book_put(b, ws, r, 3 + (lxw_col_t)d, x ? x->name : "—",
			    NULL);
		}
	}
	chart = workbook_add_chart(b->wb, LXW_CHART_LINE);
	if (!chart) {
		if (!b->failed)
			b->failed = N_("cannot add a chart");
		goto out;
	}
	chart_title_set_name(chart, "组织等级趋势");
	series = itss_book_series(b, chart, SHEET_TREND, 1, (lxw_row_t)in->nhistory,
	    1, rank, "组织");
	if (!series)
		goto out;
	chart_series_set_marker_type(series, LXW_CHART_MARKER_CIRCLE);
	/* Each point named by its level: the axis's numbers are only ranks. */
	chart_series_set_labels(series);
	chart_series_set_labels_position(series, LXW_CHART_LABEL_POSITION_ABOVE);
	itss_book_fail(b, chart_series_set_labels_custom(series, lp));
	chart_show_hidden_data(chart);
	chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
	chart_axis_set_major_unit(chart->y_axis, 1);
	chart_axis_set_min(chart->y_axis, 0);
	chart_axis_set_max(chart->y_axis, (double)m->nlevels);
	chart_axis_set_label_position(chart->y_axis, LXW_CHART_AXIS_LABEL_POSITION_NONE);
	itss_book_fail(b, worksheet_insert_chart(ws, (lxw_row_t)in->nhistory + 2, 0, chart));
out:
	free(labels);
	free(lp);
}


/* The invalid files: each error where it is; their records do not count. */
void
itss_sheet_invalid(struct book *b, lxw_worksheet *ws,
    const struct itss_report_input *in)
{
	static const char *const head[] = { "文件", "行", "列", "错误" };
	static const double width[] = { 48, 6, 6, 90 };
	size_t i;

	for (i = 0; i < 4; i++) {
		itss_book_fail(b, worksheet_set_column(ws, (lxw_col_t)i,
		    (lxw_col_t)i, width[i], i == 1 || i == 2 ? NULL : b->text));
		itss_book_put(b, ws, 0, (lxw_col_t)i, head[i], b->head);
	}
	for (i = 0; i < in->invalid->n; i++) {
		const struct itss_diag *g = &in->invalid->v[i];
		lxw_row_t r = (lxw_row_t)i + 1;
		const char *t[] = { g->message };
		const double w[] = { width[3] };
		itss_book_fit_row(b, ws, r, 1, t, w);
		itss_book_put(b, ws, r, 0, g->file, NULL);
		itss_book_number(b, ws, r, 1, g->line, NULL);
		itss_book_number(b, ws, r, 2, g->col, NULL);
		itss_book_put(b, ws, r, 3, g->message, b->wrap);
	}
	worksheet_freeze_panes(ws, 1, 0);
	itss_book_fail(b, worksheet_autofilter(ws, 0, 0,
	    (lxw_row_t)(in->invalid->n ? in->invalid->n : 1), 3));
}

/*
 * 评价: each evaluation item of the model (Appendix B), its latest score,
 * date and record, and its scores oldest first, a score under the
 * repository's threshold marked.
 */
void
itss_sheet_evals(struct book *b, lxw_worksheet *ws,
    const struct itss_report_input *in)
{
	static const char *const head[] = { "表", "序号", "评价项", "评价内容",
		"最新得分", "日期", "记录", "岗位", "历次得分（由旧到新）", "低于阈值" };
	static const double width[] = { 6, 6, 20, 40, 10, 12, 20, 10, 22, 10 };
	struct itss_strbuf sb = ITSS_STRBUF_INIT;
	size_t i, k;
	char day[11];

	for (i = 0; i < 10; i++) {
		itss_book_fail(b, worksheet_set_column(ws, (lxw_col_t)i,
		    (lxw_col_t)i, width[i], i == 1 || i == 4 ? NULL : b->text));
		itss_book_put(b, ws, 0, (lxw_col_t)i, head[i], b->head);
	}
	for (i = 0; i < in->nevals; i++) {
		const struct itss_report_eval *e = &in->evals[i];
		const struct itss_report_score *last = e->n ? &e->v[e->n - 1] : NULL;
		lxw_row_t r = (lxw_row_t)i + 1;
		const char *t[] = { e->item->content ? e->item->content : "" };
		const double w[] = { width[3] };

		itss_book_fit_row(b, ws, r, 1, t, w);
		itss_book_put(b, ws, r, 0, e->table->id, NULL);
		itss_book_number(b, ws, r, 1, e->item->no, NULL);
		itss_book_put(b, ws, r, 2, e->item->name, NULL);
		itss_book_put(b, ws, r, 3, e->item->content, b->wrap);
		if (!last) {
			itss_book_put(b, ws, r, 4, "未评价", NULL);
			continue;
		}
		itss_book_number(b, ws, r, 4, last->score, e->low ? b->notmet :
		    NULL);
		itss_date_format(day, last->date);
		itss_book_put(b, ws, r, 5, day, NULL);
		itss_book_put(b, ws, r, 6, last->record, NULL);
		itss_book_put(b, ws, r, 7, last->post, NULL);
		itss_strbuf_reset(&sb);
		for (k = 0; k < e->n; k++)
			itss_strbuf_addf(&sb, "%s%g", k ? " → " : "", e->v[k].score);
		itss_book_put(b, ws, r, 8, sb.buf, NULL);
		if (in->threshold >= 0)
			itss_book_put(b, ws, r, 9, e->low ? "是" : "否", NULL);
	}
	itss_strbuf_release(&sb);
	worksheet_freeze_panes(ws, 1, 0);
	itss_book_fail(b, worksheet_autofilter(ws, 0, 0,
	    (lxw_row_t)(in->nevals ? in->nevals : 1), 9));
}
