/*
 * report_register.c - 证据, the evidence register.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "itss/i18n.h"
#include "report_int.h"

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
	itss_report_cell_append(&bt->text, s, CELL_MAX);
	itss_strbuf_add(&bt->text, "", 1);
	bt->off[bt->nrows][col] = at;
}

/* A record's status in the register: the index's word, or in Chinese. */
static const char *
record_status(const struct itss_record_row *x, int32_t as_of, int english)
{
	static const char *const en[] = { "draft", "approved", "superseded",
		"rejected", "expired" };
	static const char *const zh[] = { "草稿", "已批准", "已替代", "已驳回",
		"已过期" };
	const char *s = itss_record_row_status(x, as_of);
	size_t i;

	for (i = 0; s && !english && i < sizeof(en) / sizeof(en[0]); i++)
		if (!strcmp(s, en[i]))
			return zh[i];
	return s;
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
	{
		/* The kind by the model's name for it (记录, 制度), the status
		 * in Chinese: as the import reads them back. */
		const struct itss_kind *k = q->in->english || !x->kind ? NULL :
		    itss_model_kind(q->in->model, x->kind);
		reg_cell(bt, 2, k && k->name ? k->name : x->kind);
	}
	reg_cell(bt, 3, day);
	reg_cell(bt, 4, until);
	reg_cell(bt, 5, x->owner);
	reg_cell(bt, 6, record_status(x, q->in->assessment->as_of,
	    q->in->english));
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

/* The columns that wrap: id, title, files, requirements, record file. */
#define WRAPPED(c) ((c) <= 1 || (c) >= 7)

int
itss_sheet_register(struct book *b, lxw_worksheet *ws, const struct itss_report_input *in)
{
	static const char *const head[] = { "编号", "标题", "类别", "日期",
		"有效期至", "负责人", "状态", "文件（状态、SHA-256）", "满足要求",
		"记录文件" };
	/* Some 160 characters in all: at a page's width, type of 9 pt or
	 * more; what is longer wraps in its row. */
	static const double width[] = { 20, 20, 8, 11, 11, 9, 8, 30, 16, 20 };
	struct reg_queue *q;
	pthread_t reader;
	lxw_row_t row = 1, last = in->last_row && in->last_row < ROW_MAX ?
	    in->last_row : ROW_MAX;
	size_t i, cut = 0;
	int ret = 0;

	for (i = 0; i < REG_COLS; i++) {
		itss_book_fail(b, worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, width[i],
		    b->text));
		itss_book_put(b, ws, 0, (lxw_col_t)i, head[i], b->head);
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
				b->failed = N_("cannot start a thread");
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
				/* A long id or title, several files or requirements:
				 * wrapped in a row as tall as they need, set before its
				 * cells. */
				{
					double lines = 1;
					for (c = 0; c < REG_COLS; c++)
						if (WRAPPED(c) && bt->off[r][c] != SIZE_MAX) {
							double l = itss_book_lines(bt->text.buf +
							    bt->off[r][c], width[c]);
							lines = l > lines ? l : lines;
						}
					if (lines > 1)
						itss_book_fail(b, worksheet_set_row(ws, row,
						    15 * lines > 409 ? 409 : 15 * lines, NULL));
				}
				for (c = 0; c < REG_COLS; c++)
					if (bt->off[r][c] != SIZE_MAX)
						itss_book_fail(b, worksheet_write_string(ws, row,
						    (lxw_col_t)c, bt->text.buf +
						    bt->off[r][c], WRAPPED(c) ? b->wrap :
						    b->text));
				row++;
			}
			if (in->progress)
				in->progress(in->progress_ctx, N_("writing the register"),
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
		itss_book_put(b, ws, last, 0, t, b->notmet);
		free(t);
	}
	worksheet_freeze_panes(ws, 1, 1);
	/* Over the rows written (constant-memory mode refuses a range that
	 * ends above the last row written: the note's, when there is one). */
	itss_book_fail(b, worksheet_autofilter(ws, 0, 0, cut ? last : row > 1 ? row - 1 : 1,
	    REG_COLS - 1));
	return ret;
}

