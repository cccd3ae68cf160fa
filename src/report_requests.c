/*
 * report_requests.c - the evidence request list (证据清单), shared by
 * `itss requests` and the workbook's sheet of that name: the gaps in
 * item order, each with what is missing, the record that exists but does
 * not count, the template that closes it, its owner and due date.
 */
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

static const struct itss_model *order_model;

/* Domain by domain, item by item (domain-wide last), in the model's order. */
static int
by_item(const void *x, const void *y)
{
	size_t i = *(const size_t *)x, j = *(const size_t *)y;
	const struct itss_requirement *a = &order_model->requirements[i];
	const struct itss_requirement *b = &order_model->requirements[j];
	unsigned ia = a->item ? a->item : 100000, ib = b->item ? b->item : 100000;

	if (a->domain != b->domain)
		return a->domain < b->domain ? -1 : 1;
	if (ia != ib)
		return ia < ib ? -1 : 1;
	return i < j ? -1 : i > j;
}

size_t *
itss_report_requests(const struct itss_model *m,
    const struct itss_assessment *a)
{
	size_t *v = itss_xcalloc(a->ngaps + 1, sizeof(*v));

	if (a->ngaps)
		memcpy(v, a->gaps, a->ngaps * sizeof(*v));
	order_model = m;	/* the CLI and the workbook: one thread */
	if (a->ngaps > 1)
		qsort(v, a->ngaps, sizeof(*v), by_item);
	return v;
}

char *
itss_report_item_label(const struct itss_model *m,
    const struct itss_requirement *q, const char *domain_wide)
{
	if (q->item)
		return itss_xasprintf("%u %s", q->item, m->items[q->item - 1].name);
	return itss_xasprintf(domain_wide, m->domains[q->domain].name);
}

const char *
itss_report_domain_wide(int english)
{
	return english ? "%s (domain-wide)" : "%s（全域）";
}

static const char *
owner_of(const struct itss_report_input *in, const struct itss_requirement *q)
{
	const struct itss_model *m = in->model;

	return in->repo ? itss_repo_owner(in->repo, m, q->item ?
	    &m->items[q->item - 1] : NULL, &m->domains[q->domain]) : NULL;
}

void
itss_sheet_requests(struct book *b, lxw_worksheet *ws,
    const struct itss_report_input *in)
{
	static const char *const head[] = { "能力项", "负责人", "条款", "等级",
		"状态", "缺少", "现有记录为何不计", "可用模板", "到期日" };
	/* Some 160 characters in all: at a page's width, 9 pt or more. */
	double width[] = { 16, 8, 10, 8, 10, 18, 28, 28, 11 };
	const struct itss_model *m = in->model;
	const struct itss_assessment *a = in->assessment;
	struct itss_strbuf miss = ITSS_STRBUF_INIT;
	size_t *v = itss_report_requests(m, a), i;
	char day[11] = "";

	{
		double domain = 0;
		itss_book_model_widths(m, &width[2], &domain, &width[0]);
	}
	/* The owners' names whole, up to a point (then they wrap). */
	for (i = 0; i < a->ngaps; i++) {
		const char *o = owner_of(in, &m->requirements[a->gaps[i]]);
		double w = o ? (double)itss_display_width(o) + 2 : 0;
		if (w > width[1])
			width[1] = w > 18 ? 18 : w;
	}
	for (i = 0; i < 9; i++) {
		itss_book_fail(b, worksheet_set_column(ws, (lxw_col_t)i,
		    (lxw_col_t)i, width[i], b->text));
		itss_book_put(b, ws, 0, (lxw_col_t)i, head[i], b->head);
	}
	if (in->due != INT32_MIN)
		itss_date_format(day, in->due);
	for (i = 0; i < a->ngaps; i++) {
		const struct itss_requirement *q = &m->requirements[v[i]];
		const struct itss_req_result *rr = &a->requirements[v[i]];
		const char *owner = owner_of(in, q);
		/* An expired record's why is its status and what it lacks. */
		const char *why = rr->status != ITSS_REQ_EXPIRED ? rr->why_not :
		    NULL;
		lxw_row_t r = (lxw_row_t)i + 1;
		char *t = itss_report_template_for(m, q, rr);
		char *item = itss_report_item_label(m, q,
		    itss_report_domain_wide(in->english));
		itss_report_missing(&miss, q, rr, in->english);
		{
			const char *t2[] = { item, owner, miss.buf, why, t };
			const double w2[] = { width[0], width[1], width[5],
				width[6], width[7] };
			itss_book_fit_row(b, ws, r, 5, t2, w2);
		}
		itss_book_put(b, ws, r, 0, item, b->wrap);
		itss_book_put(b, ws, r, 1, owner, b->wrap);
		itss_book_put(b, ws, r, 2, q->id, NULL);
		itss_book_put(b, ws, r, 3, m->levels[q->level].name, NULL);
		itss_book_put(b, ws, r, 4, itss_report_status(rr->status,
		    in->english), b->notmet);
		itss_book_put(b, ws, r, 5, miss.buf, b->wrap);
		itss_book_put(b, ws, r, 6, why, b->wrap);
		itss_book_put(b, ws, r, 7, t, b->wrap);
		itss_book_put(b, ws, r, 8, day, NULL);
		free(t);
		free(item);
	}
	worksheet_freeze_panes(ws, 1, 0);
	itss_book_fail(b, worksheet_autofilter(ws, 0, 0, (lxw_row_t)(a->ngaps ?
	    a->ngaps : 1), 8));
	itss_strbuf_release(&miss);
	free(v);
}
