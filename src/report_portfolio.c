/*
 * report_portfolio.c - the portfolio workbook (itss portfolio): one row
 * per organisation, its level by domain, target, gaps, corrective actions
 * and the certificate's next date, grouped by the model assessed; and
 * each one's trend, every saved assessment in date order. Written,
 * verified and put in place as the assessment workbook is (report.c).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "itss/atomic.h"
#include "itss/i18n.h"
#include "report_int.h"

static const char *
level_name(const struct itss_model *m, const char *id)
{
	const struct itss_level *l = id ? itss_model_level(m, id) : NULL;

	return l ? l->name : id ? id : "—";
}

static int
rank_of(const struct itss_model *m, const char *id)
{
	const struct itss_level *l = id ? itss_model_level(m, id) : NULL;

	return l ? (int)(l - m->levels) : -1;
}

/* The portfolio sheet: a block per model, its domains as columns. */
static void
sheet_portfolio(struct book *b, lxw_worksheet *ws, const struct itss_portfolio *p)
{
	static const char *const head1[] = { "组织", "目录", "评估日期", "等级" };
	static const char *const head2[] = { "目标", "差距数", "未关闭整改",
		"逾期整改", "证书下一日期", "趋势" };
	lxw_row_t r = 0;
	size_t i, k;
	char day[11];

	itss_strbuf_reset(&b->cell);
	itss_date_format(day, p->as_of);
	itss_strbuf_addf(&b->cell, "组合：%zu 个组织（截至 %s）", p->n, day);
	itss_book_put(b, ws, r++, 0, b->cell.buf, b->title);
	for (i = 0; i < p->n; i++) {
		const struct itss_portfolio_org *o = &p->orgs[i];
		const struct itss_model *m = o->model;
		lxw_col_t c = 0;
		int below = o->target && rank_of(m, o->level) < rank_of(m, o->target);

		if (!i || p->orgs[i - 1].model != m) {
			r++;
			itss_strbuf_reset(&b->cell);
			itss_strbuf_addf(&b->cell, "%s（%s）", m->title, m->id);
			itss_book_put(b, ws, r++, 0, b->cell.buf, b->head);
			for (k = 0; k < 4; k++)
				itss_book_put(b, ws, r, c++, head1[k], b->head);
			for (k = 0; k < m->ndomains; k++)
				itss_book_put(b, ws, r, c++, m->domains[k].name, b->head);
			for (k = 0; k < 6; k++)
				itss_book_put(b, ws, r, c++, head2[k], b->head);
			r++;
			c = 0;
		}
		itss_book_put(b, ws, r, c++, o->organisation, b->text);
		itss_book_put(b, ws, r, c++, o->dir, b->text);
		itss_date_format(day, o->as_of);
		itss_book_put(b, ws, r, c++, day, b->text);
		itss_book_put(b, ws, r, c++, level_name(m, o->level),
		    below ? b->notmet : b->met);
		for (k = 0; k < m->ndomains; k++) {
			const char *l = o->domain_levels[k];
			itss_book_put(b, ws, r, c++, level_name(m, l), o->target &&
			    rank_of(m, l) < rank_of(m, o->target) ? b->notmet : b->met);
		}
		itss_book_put(b, ws, r, c++, level_name(m, o->target), b->text);
		itss_book_number(b, ws, r, c++, (double)o->gaps, NULL);
		itss_book_number(b, ws, r, c++, (double)o->open, NULL);
		itss_book_number(b, ws, r, c++, (double)o->overdue,
		    o->overdue ? b->notmet : NULL);
		itss_strbuf_reset(&b->cell);
		if (o->next_date != INT32_MIN) {
			itss_date_format(day, o->next_date);
			itss_strbuf_addf(&b->cell, "%s %s", day, o->next_what ?
			    o->next_what : "");
		} else {
			itss_strbuf_addstr(&b->cell, "—");
		}
		itss_book_put(b, ws, r, c++, b->cell.buf, b->text);
		itss_strbuf_reset(&b->cell);
		for (k = 0; k < o->ntrend; k++) {
			itss_date_format(day, o->trend_dates[k]);
			itss_strbuf_addf(&b->cell, "%s%s %s", k ? " → " : "", day,
			    level_name(m, o->trend_levels[k]));
		}
		itss_book_put(b, ws, r, c++, b->cell.buf, b->wrap);
		r++;
	}
	if (worksheet_set_column(ws, 0, 0, 24, NULL) ||
	    worksheet_set_column(ws, 1, 1, 18, NULL) ||
	    worksheet_set_column(ws, 2, 30, 11, NULL))
		itss_book_fail(b, LXW_ERROR_PARAMETER_VALIDATION);
	(void)worksheet_freeze_panes(ws, 0, 1);
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 8);	/* A3: twenty-odd columns */
	worksheet_fit_to_pages(ws, 1, 0);
}

/* Every saved assessment of every organisation, by organisation and date. */
static void
sheet_trend(struct book *b, lxw_worksheet *ws, const struct itss_portfolio *p)
{
	static const char *const head[] = { "组织", "模型", "评估日期", "等级" };
	lxw_row_t r = 0;
	size_t i, k;
	char day[11];

	itss_book_put(b, ws, r++, 0, "各组织的趋势（每次保存的评估）", b->title);
	for (k = 0; k < 4; k++)
		itss_book_put(b, ws, r, (lxw_col_t)k, head[k], b->head);
	r++;
	for (i = 0; i < p->n; i++) {
		const struct itss_portfolio_org *o = &p->orgs[i];
		for (k = 0; k < o->ntrend && r < ROW_MAX; k++, r++) {
			itss_book_put(b, ws, r, 0, o->organisation, b->text);
			itss_book_put(b, ws, r, 1, o->model->id, b->text);
			itss_date_format(day, o->trend_dates[k]);
			itss_book_put(b, ws, r, 2, day, b->text);
			itss_book_put(b, ws, r, 3, level_name(o->model,
			    o->trend_levels[k]), b->text);
		}
	}
	if (worksheet_set_column(ws, 0, 0, 28, NULL) ||
	    worksheet_set_column(ws, 1, 3, 14, NULL))
		itss_book_fail(b, LXW_ERROR_PARAMETER_VALIDATION);
}

int
itss_portfolio_write(const char *path, const struct itss_portfolio *p,
    struct itss_diags *d)
{
	struct itss_atomic file;
	struct book b;
	lxw_worksheet *ws0, *ws1;
	int rc;

	if ((rc = itss_book_begin(&b, &file, path, d)) < 0)
		return rc;
	ws0 = workbook_add_worksheet(b.wb, SHEET_PORTFOLIO);
	ws1 = workbook_add_worksheet(b.wb, SHEET_PORTFOLIO_TREND);
	if (!ws0 || !ws1)
		b.failed = N_("cannot add a worksheet");
	else {
		sheet_portfolio(&b, ws0, p);
		sheet_trend(&b, ws1, p);
	}
	return itss_book_finish(&b, &file, path, 2, NULL, NULL, d);
}
