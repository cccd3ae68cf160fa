/*
 * report_actions.c - the workbook's corrective actions: the sheet 整改
 * (status coloured, overdue in red) and each gap's actions on 差距.
 */
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

/* An action's status in the workbook's words; overdue as of the date. */
static const char *
status_word(const struct itss_action *a, int32_t as_of, int english)
{
	static const char *const zh[] = { "未开始", "进行中", "已完成", "已验证",
		"已取消" };

	if (itss_action_overdue(a, as_of))
		return english ? "overdue" : "已逾期";
	return english ? itss_action_status_name(a->status) : zh[a->status];
}

void
itss_report_gap_actions(struct itss_strbuf *sb,
    const struct itss_report_input *in, const struct itss_requirement *q)
{
	const int32_t as_of = in->assessment->as_of;
	char day[11];
	size_t i;

	itss_strbuf_reset(sb);
	for (i = 0; in->actions && i < in->actions->n; i++) {
		const struct itss_action *a = &in->actions->v[i];
		if (!itss_action_answers(a, in->cite_prefix ? in->cite_prefix : "", q->id))
			continue;
		itss_date_format(day, a->due);
		itss_strbuf_addf(sb, in->english ? "%s%s (%s, due %s)" :
		    "%s%s（%s，到期 %s）", sb->len ? "\n" : "", a->id,
		    status_word(a, as_of, in->english), day);
	}
}

int
itss_report_overdue_for(const struct itss_report_input *in,
    const struct itss_requirement *q)
{
	size_t i;

	for (i = 0; in->actions && i < in->actions->n; i++)
		if (itss_action_answers(&in->actions->v[i], in->cite_prefix ? in->cite_prefix :
		    "", q->id) && itss_action_overdue(&in->actions->v[i],
		    in->assessment->as_of))
			return 1;
	return 0;
}

void
itss_sheet_actions(struct book *b, lxw_worksheet *ws,
    const struct itss_report_input *in)
{
	static const char *const head[] = { "编号", "状态", "到期日", "负责人",
		"要求", "不符合项", "原因", "整改措施", "验证人", "验证日期",
		"验证证据" };
	/* Some 160 characters in all: at a page's width, 9 pt or more. */
	static const double width[] = { 12, 8, 11, 10, 12, 26, 18, 26, 10, 11,
		16 };
	const struct itss_actions *set = in->actions;
	const int32_t as_of = in->assessment->as_of;
	const struct itss_action **v;
	struct itss_strbuf reqs = ITSS_STRBUF_INIT, ev = ITSS_STRBUF_INIT;
	size_t i, k;
	char day[11];

	for (i = 0; i < 11; i++) {
		itss_book_fail(b, worksheet_set_column(ws, (lxw_col_t)i,
		    (lxw_col_t)i, width[i], b->text));
		itss_book_put(b, ws, 0, (lxw_col_t)i, head[i], b->head);
	}
	v = itss_xcalloc(set->n + 1, sizeof(*v));
	for (i = 0; i < set->n; i++)
		v[i] = &set->v[i];
	itss_actions_by_due(v, set->n);
	for (i = 0; i < set->n; i++) {
		const struct itss_action *a = v[i];
		lxw_row_t r = (lxw_row_t)i + 1;
		itss_strbuf_reset(&reqs);
		itss_strbuf_reset(&ev);
		for (k = 0; k < a->nrequirements; k++)
			itss_strbuf_addf(&reqs, "%s%s", k ? ", " : "",
			    a->requirements[k]);
		for (k = 0; k < a->nevidence; k++)
			itss_strbuf_addf(&ev, "%s%s", k ? "\n" : "", a->evidence[k]);
		{
			const char *t[] = { a->id, reqs.buf, a->nonconformity,
				a->cause, a->action, ev.buf };
			const double w[] = { width[0], width[4], width[5], width[6],
				width[7], width[10] };
			itss_book_fit_row(b, ws, r, 6, t, w);
		}
		itss_book_put(b, ws, r, 0, a->id, b->wrap);
		itss_book_put(b, ws, r, 1, status_word(a, as_of, in->english),
		    itss_action_overdue(a, as_of) ? b->notmet :
		    a->status == ITSS_ACTION_VERIFIED ? b->met : b->notassessed);
		itss_date_format(day, a->due);
		itss_book_put(b, ws, r, 2, day, NULL);
		itss_book_put(b, ws, r, 3, a->owner, NULL);
		itss_book_put(b, ws, r, 4, reqs.buf, b->wrap);
		itss_book_put(b, ws, r, 5, a->nonconformity, b->wrap);
		itss_book_put(b, ws, r, 6, a->cause, b->wrap);
		itss_book_put(b, ws, r, 7, a->action, b->wrap);
		itss_book_put(b, ws, r, 8, a->verified_by, NULL);
		if (a->verified_on != INT32_MIN) {
			itss_date_format(day, a->verified_on);
			itss_book_put(b, ws, r, 9, day, NULL);
		}
		itss_book_put(b, ws, r, 10, ev.buf, b->wrap);
	}
	free(v);
	itss_strbuf_release(&reqs);
	itss_strbuf_release(&ev);
	worksheet_freeze_panes(ws, 1, 0);
	itss_book_fail(b, worksheet_autofilter(ws, 0, 0, (lxw_row_t)set->n, 10));
}
