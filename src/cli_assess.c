/*
 * cli_assess.c - from the index to an assessment: the snapshot of the
 * evidence turned into the engine's input, shared by assess, check and
 * report.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "itss/review.h"

extern char **environ;

/*
 * The engine asks for each requirement's citations in turn: read from the
 * index's summaries, one requirement at a time, into a buffer reused for
 * the next -- a million records never sit in memory at once. With
 * crosswalks between the repository's models, the citations of the other
 * model's related requirements join them: counting through an equal or
 * superset pair, or only listed (related) through the others.
 */
struct feed {
	const struct cli_repo *r;
	const struct itss_model *m;
	const char *prefix;		/* how records cite m's requirements */
	struct itss_strbuf key;
	struct itss_summaries *sm;
	struct itss_engine_citation *buf;
	size_t alloc;
	struct itss_arena texts;	/* the current requirement's */
	int failed;
};

/* How records cite model x's requirements: "" for the first. */
static const char *
prefix_of(struct feed *f, const struct itss_model *x)
{
	return x == f->r->first ? "" : itss_arena_strndup(&f->texts, x->id,
	    strlen(x->id));
}

/*
 * The citations of requirement q of model x (cited as its prefix and id)
 * as citations of requirement ri of the model assessed: only the records
 * naming document filter (when not NULL), each naming doc for ri (when
 * not NULL), marked via and related as asked. Strings are copied: the
 * summaries' last only until the next read.
 */
static void
add_cited(struct feed *f, size_t ri, const struct itss_model *x,
    const struct itss_requirement *q, const char *filter, const char *doc,
    const char *via, int related, size_t *n)
{
	const struct itss_summary_group *g;
	struct itss_diags d = ITSS_DIAGS_INIT;
	const char *pre = prefix_of(f, x);
	size_t ng, i;

	itss_strbuf_reset(&f->key);
	itss_strbuf_addf(&f->key, "%s%s%s", pre, *pre ? ":" : "", q->id);
	/* Named documents tell records apart: those are read one by one. */
	if ((q->ndocuments ? itss_summaries_records : itss_summaries_get)(&g,
	    &ng, f->sm, f->key.buf, &d) < 0) {
		cli_print_diags(&d);
		f->failed = 1;
		ng = 0;
	}
	itss_diags_release(&d);
	itss_xgrow((void **)&f->buf, &f->alloc, *n + ng + 1, sizeof(*f->buf));
	for (i = 0; i < ng; i++) {
		struct itss_engine_citation *c = &f->buf[*n];
		/* The import checked every kind; another model's by its id. */
		const struct itss_kind *kind = itss_model_kind(f->m, g[i].kind);

		if (!kind && !related)
			continue;
		if (filter && !itss_names_document(g[i].documents, filter))
			continue;
		memset(c, 0, sizeof(*c));
		c->requirement = ri;
		c->id = itss_arena_strndup(&f->texts, g[i].id, strlen(g[i].id));
		c->kind = kind ? kind : &f->m->kinds[0];
		c->date = g[i].date;
		c->valid_until = g[i].valid_until;
		c->status = g[i].status;
		c->signoff = g[i].signoff;
		c->approved_on = g[i].approved_on;
		c->file_problem = g[i].file_problem ? itss_arena_strndup(&f->texts,
		    g[i].file_problem, strlen(g[i].file_problem)) : NULL;
		c->n = g[i].n;
		c->documents = doc ? doc : (g[i].documents && !via ?
		    itss_arena_strndup(&f->texts, g[i].documents,
		    strlen(g[i].documents)) : NULL);
		c->via = via;
		c->related = related;
		(*n)++;
	}
}

/* The crosswalks' pairs of requirement ri of the model assessed. */
static void
add_crossed(struct feed *f, size_t ri, size_t *n)
{
	const struct itss_requirement *req = &f->m->requirements[ri];
	size_t w, p, k, i;

	for (w = 0; w < f->r->nxw; w++) {
		const struct itss_crosswalk *x = f->r->xw[w];
		for (p = 0; p < x->npairs; p++) {
			const struct itss_xw_pair *pr = &x->pairs[p];
			for (k = 0; k < 2; k++) {
				const struct itss_xw_side *me = &pr->side[k];
				const struct itss_xw_side *o = &pr->side[1 - k];
				const struct itss_model *om = x->model[1 - k];
				int counts;
				char *via;
				if (x->model[k] != f->m || me->req != req)
					continue;
				counts = itss_xw_counts(pr, 1 - k);
				via = itss_arena_alloc(&f->texts, 512);
				if (o->item)
					snprintf(via, 512, "%s item %u %s, %s", om->id,
					    o->item->no, o->item->name,
					    itss_xw_rel_name(pr->rel));
				else
					snprintf(via, 512, "%s %s%s%s%s%s", om->id,
					    o->req->id, o->document ? " " : "",
					    o->document ? o->document : "",
					    counts ? "" : ", ",
					    counts ? "" : itss_xw_rel_name(pr->rel));
				if (o->req) {
					add_cited(f, ri, om, o->req, o->document,
					    counts ? me->document : NULL, via,
					    !counts, n);
					continue;
				}
				/* An item: its requirements' records, listed. */
				for (i = 0; i < om->nrequirements; i++)
					if (om->requirements[i].item == o->item->no)
						add_cited(f, ri, om,
						    &om->requirements[i], NULL, NULL,
						    via, 1, n);
			}
		}
	}
}

static const struct itss_engine_citation *
feed_citations(void *ctx, size_t ri, size_t *n)
{
	struct feed *f = ctx;

	*n = 0;
	itss_arena_reset(&f->texts);
	add_cited(f, ri, f->m, &f->m->requirements[ri], NULL, NULL, NULL, 0, n);
	if (f->r->nxw)
		add_crossed(f, ri, n);
	return f->buf;
}

static int load_evals(struct cli_assessment *out, const struct cli_repo *r);

int
cli_assess(struct cli_assessment *out, struct cli_repo *r, int32_t as_of,
    const struct itss_level *target, const struct itss_tr *tr)
{
	const struct itss_model *m = r->model;
	struct itss_engine_input in;
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct feed f;
	size_t i, k;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&f, 0, sizeof(f));
	f.r = r;
	f.m = m;
	f.prefix = r->prefix ? r->prefix : "";
	itss_strbuf_init(&f.key);
	if ((rc = itss_store_judgements(&out->snap, r->store, &d)) < 0 ||
	    (rc = itss_summaries_open(&f.sm, r->store, &d)) < 0) {
		cli_print_diags(&d);
		itss_diags_release(&d);
		itss_snapshot_release(&out->snap);
		return cli_exit_of(rc);
	}
	itss_diags_release(&d);
	out->judgements = itss_xcalloc(out->snap.njudgements + 1,
	    sizeof(*out->judgements));
	for (i = k = 0; i < out->snap.njudgements; i++) {
		const struct itss_snap_judgement *s = &out->snap.judgements[i];
		size_t pl = strlen(f.prefix);
		const struct itss_requirement *q;
		/* A whole item's, of the first model (the one items are named
		 * in): its number and levels. */
		if (!strncmp(s->requirement, "item:", 5)) {
			memset(&out->judgements[k], 0, sizeof(out->judgements[k]));
			if (pl || itss_item_judgement(m, s->requirement, s->levels,
			    &out->judgements[k]) <= 0)
				continue;
		} else {
			/* This model's: cited with its prefix, or plainly for
			 * the first. */
			q = strncmp(s->requirement, f.prefix, pl) || (!pl &&
			    strchr(s->requirement, ':')) ? NULL :
			    itss_model_requirement(m, s->requirement + pl);
			if (!q)
				continue;
			memset(&out->judgements[k], 0, sizeof(out->judgements[k]));
			out->judgements[k].requirement = (size_t)(q - m->requirements);
		}
		out->judgements[k].verdict = s->verdict;
		out->judgements[k].reason = s->reason;
		out->judgements[k].by = s->by;
		out->judgements[k].date = s->date;
		k++;
	}
	memset(&in, 0, sizeof(in));
	in.model = m;
	in.citations_of = feed_citations;
	in.ctx = &f;
	in.judgements = out->judgements;
	in.njudgements = k;
	in.as_of = as_of;
	in.target = target;
	in.window = r->repo->window;
	in.sign_off = r->repo->sign_off;
	in.tr = tr;
	itss_assess(&out->a, &in);
	itss_summaries_close(f.sm);
	itss_strbuf_release(&f.key);
	itss_arena_release(&f.texts);
	free(f.buf);
	if (!f.failed && m->nevaluations && load_evals(out, r) < 0)
		f.failed = 1;
	if (f.failed) {
		cli_assessment_release(out);
		return EXIT_IO;
	}
	return EXIT_OK;
}

void
cli_assessment_release(struct cli_assessment *x)
{
	size_t i;

	itss_assessment_release(&x->a);
	free(x->judgements);
	itss_snapshot_release(&x->snap);
	for (i = 0; i < x->nevals; i++)
		free(x->evals[i].v);
	free(x->evals);
	itss_arena_release(&x->texts);
}

/* The evaluation scores, onto their items (cli_eval). */
struct eval_fill {
	struct cli_assessment *x;
	const char *prefix;
};

static int
fill_score(void *ctx, const struct itss_score_row *row)
{
	struct eval_fill *f = ctx;
	size_t pl = strlen(f->prefix), i;

	if (strncmp(row->table, f->prefix, pl) || (!pl && strchr(row->table, ':')))
		return 0;	/* another model's */
	for (i = 0; i < f->x->nevals; i++) {
		struct itss_report_eval *e = &f->x->evals[i];
		struct itss_report_score *s;
		if (strcmp(e->table->id, row->table + pl) || e->item->no != row->item)
			continue;
		e->v = itss_xrealloc(e->v, (e->n + 1) * sizeof(*e->v));
		s = &e->v[e->n++];
		s->score = row->score;
		s->date = row->date;
		s->record = itss_arena_strndup(&f->x->texts, row->record,
		    strlen(row->record));
		s->post = row->post ? itss_arena_strndup(&f->x->texts, row->post,
		    strlen(row->post)) : NULL;
		break;
	}
	return 0;
}

/* Every item of the model's evaluation tables, with its scores. */
static int
load_evals(struct cli_assessment *out, const struct cli_repo *r)
{
	const struct itss_model *m = r->model;
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct eval_fill f = { out, r->prefix ? r->prefix : "" };
	size_t t, k, n = 0;
	int rc;

	for (t = 0; t < m->nevaluations; t++)
		n += m->evaluations[t].nitems;
	out->evals = itss_xcalloc(n + 1, sizeof(*out->evals));
	for (t = 0; t < m->nevaluations; t++)
		for (k = 0; k < m->evaluations[t].nitems; k++) {
			out->evals[out->nevals].table = &m->evaluations[t];
			out->evals[out->nevals++].item = &m->evaluations[t].items[k];
		}
	rc = itss_store_scores(r->store, fill_score, &f, &d);
	cli_print_diags(&d);
	itss_diags_release(&d);
	for (k = 0; k < out->nevals && r->repo->eval_threshold >= 0; k++) {
		struct itss_report_eval *e = &out->evals[k];
		e->low = e->n && e->v[e->n - 1].score < r->repo->eval_threshold;
		out->nlow += (size_t)e->low;
	}
	return rc;
}

int
cli_parse_date(int32_t *out, const char *s, const char *option)
{
	if (itss_date_parse(out, s, strlen(s)) < 0) {
		cli_error(_("%s must be a date YYYY-MM-DD, not '%s'"), option, s);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

int
cli_target(const struct itss_level **out, const struct cli_repo *r,
    const char *arg)
{
	const char *want = arg ? arg : r->target;

	*out = NULL;
	if (!want)
		return EXIT_OK;
	*out = itss_model_level(r->model, want);
	if (!*out) {
		struct itss_strbuf sb = ITSS_STRBUF_INIT;
		size_t i;
		for (i = 0; i < r->model->nlevels; i++)
			itss_strbuf_addf(&sb, "%s%s (%s)", i ? ", " : "",
			    r->model->levels[i].id, r->model->levels[i].name);
		cli_error(_("model '%s' has no level '%s'; its levels: %s"),
		    r->model->id, want, sb.buf);
		itss_strbuf_release(&sb);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/*
 * The commit checked out in the repository, when it is a git work tree:
 * .git/HEAD, a ref under .git/refs or in .git/packed-refs. NULL otherwise.
 */
char *
cli_git_commit(const char *root)
{
	char *path = itss_xasprintf("%s/.git", root), *buf = NULL, *dir, *ref;
	size_t len;
	struct stat st;
	char *out = NULL;

	if (stat(path, &st) < 0) {
		free(path);
		return NULL;
	}
	if (S_ISREG(st.st_mode)) {
		/* A worktree or submodule: "gitdir: PATH". */
		if (itss_read_file(&buf, &len, path, 4096) < 0 ||
		    strncmp(buf, "gitdir: ", 8)) {
			free(buf);
			free(path);
			return NULL;
		}
		buf[strcspn(buf, "\n")] = '\0';
		dir = buf[8] == '/' ? itss_xstrdup(buf + 8) :
		    itss_xasprintf("%s/%s", root, buf + 8);
		free(buf);
		free(path);
	} else {
		dir = path;
	}
	path = itss_xasprintf("%s/HEAD", dir);
	if (itss_read_file(&buf, &len, path, 4096) == 0) {
		buf[strcspn(buf, "\n")] = '\0';
		if (!strncmp(buf, "ref: ", 5)) {
			char *refpath = itss_xasprintf("%s/%s", dir, buf + 5), *rb;
			ref = itss_xstrdup(buf + 5);
			if (itss_read_file(&rb, &len, refpath, 4096) == 0) {
				rb[strcspn(rb, "\n")] = '\0';
				if (strlen(rb) == 40)
					out = rb;
				else
					free(rb);
			} else {
				char *packed = itss_xasprintf("%s/packed-refs", dir), *pb;
				if (itss_read_file(&pb, &len, packed, 16u << 20) == 0) {
					char *line = pb;
					while (line && *line) {
						char *nl = strchr(line, '\n');
						if (nl)
							*nl = '\0';
						if (strlen(line) > 41 && line[40] == ' ' &&
						    !strcmp(line + 41, ref)) {
							out = itss_xstrndup(line, 40);
							break;
						}
						line = nl ? nl + 1 : NULL;
					}
					free(pb);
				}
				free(packed);
			}
			free(refpath);
			free(ref);
		} else if (strlen(buf) == 40) {
			out = itss_xstrdup(buf);
		}
		free(buf);
	}
	free(path);
	free(dir);
	return out;
}

const char *
cli_level_name(const struct itss_model *m, const char *level)
{
	const struct itss_level *l;

	if (!level)
		return "—";
	l = itss_model_level(m, level);
	return l ? l->name : level;
}

int
cli_git_clean(const char *root)
{
	/* posix_spawn wants char *, and string literals are const here. */
	char git[] = "git", c[] = "-C", st[] = "status", pc[] = "--porcelain",
	    un[] = "--untracked-files=all", dd[] = "--", ev[] = ITSS_EVIDENCE_DIR,
	    ju[] = ITSS_JUDGEMENT_DIR;
	char *dir = itss_xstrdup(root);
	char *const argv[] = { git, c, dir, st, pc, un, dd, ev, ju, NULL };
	posix_spawn_file_actions_t fa;
	char *out = NULL;
	size_t got = 0;
	int fds[2], status, ok, n;
	pid_t pid;

	if (pipe(fds) < 0) {
		free(dir);
		return -1;
	}
	if (posix_spawn_file_actions_init(&fa) != 0) {
		close(fds[0]);
		close(fds[1]);
		free(dir);
		return -1;
	}
	ok = posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO) == 0 &&
	    posix_spawn_file_actions_addclose(&fa, fds[0]) == 0 &&
	    posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null",
	    O_WRONLY, 0) == 0 &&
	    posix_spawnp(&pid, "git", &fa, NULL, argv, environ) == 0;
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	free(dir);
	if (!ok) {
		close(fds[0]);
		return -1;	/* no git: unknown */
	}
	/* Any output at all is a change; read it to the end all the same. */
	n = itss_read_fd(&out, &got, fds[0], 64u << 20, 0);
	free(n == 0 ? out : NULL);
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (n < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -1;	/* not a work tree, or git failed */
	return got == 0;
}

void
cli_cert_what(struct itss_strbuf *sb, const struct itss_cert_date *e)
{
	switch (e->what) {
	case ITSS_CERT_SURVEILLANCE:
		itss_strbuf_addf(sb, _("surveillance assessment %d"), e->n);
		break;
	case ITSS_CERT_REASSESSMENT:
		itss_strbuf_addstr(sb, _("re-assessment application"));
		break;
	case ITSS_CERT_EXPIRY:
		itss_strbuf_addstr(sb, _("expiry"));
		break;
	}
}

void
cli_cert_line(struct itss_strbuf *sb, const struct cli_repo *r, int32_t as_of)
{
	const struct itss_certificate *c = &r->repo->cert;
	struct itss_cert_date v[8];
	size_t n = itss_certificate_calendar(c, v);
	const struct itss_cert_date *next = itss_certificate_next(c, v, n, as_of);
	const struct itss_level *l = itss_model_level(r->first, c->level);
	char d1[11], d2[11];

	itss_date_format(d1, c->issued);
	itss_date_format(d2, c->expires);
	itss_strbuf_addf(sb, _("certificate %s"), l ? l->name : c->level);
	if (c->number)
		itss_strbuf_addf(sb, _(" (No. %s)"), c->number);
	itss_strbuf_addf(sb, _(", issued %s, expires %s"), d1, d2);
	if (!next) {
		itss_strbuf_addstr(sb, _(": EXPIRED"));
		return;
	}
	{
		struct itss_strbuf w = ITSS_STRBUF_INIT;
		itss_date_format(d1, next->date);
		cli_cert_what(&w, next);
		/* TRANSLATORS: the certificate's next date: what, when. */
		itss_strbuf_addf(sb, _("; next: %s on %s"), w.buf, d1);
		itss_strbuf_release(&w);
	}
}
