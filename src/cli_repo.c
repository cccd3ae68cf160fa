/*
 * cli_repo.c - what the commands inside an evidence repository share:
 * finding it, its model and index, bringing the index up to date, and
 * progress on a terminal.
 */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "itss/hash.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Progress on stderr, only on a terminal, only once the work has taken
 * more than half a second, and at most ten times a second.
 */
void
cli_progress(void *ctx, const char *phase, size_t done, size_t total,
    uint64_t bytes)
{
	struct cli_progress *p = ctx;
	double t = now();

	/* A phase alone (total 0) is always shown: it is a change. */
	if (!p->tty || t - p->start < 0.5 ||
	    (total && t - p->last < 0.1 && done < total))
		return;
	p->last = t;
	p->shown = 1;
	if (!total) {
		fprintf(p->out, "\r\033[Kitss: %s", _(phase));
		fflush(p->out);
		return;
	}
	fprintf(p->out, "\r\033[Kitss: %s %zu/%zu", _(phase), done, total);
	if (bytes)
		fprintf(p->out, _(" (%.0f MiB)"), (double)bytes / (1 << 20));
	fflush(p->out);
}

void
cli_progress_init(struct cli_progress *p)
{
	p->tty = isatty(STDERR_FILENO);
	p->out = stderr;
	p->start = p->last = now();
	p->shown = 0;
}

void
cli_progress_done(struct cli_progress *p)
{
	if (p->shown) {
		fputs("\r\033[K", p->out);
		fflush(p->out);
	}
}

void
cli_store_options(struct itss_store_options *out, int create)
{
	/* ITSS_BUSY_TIMEOUT_MS: how long to wait for another process's lock. */
	const char *env = getenv("ITSS_BUSY_TIMEOUT_MS");

	memset(out, 0, sizeof(*out));
	out->create = create;
	out->busy_timeout_ms = env ? strtol(env, NULL, 10) : 0;
}

/*
 * The model, loaded on its own thread while the index is opened and
 * checked. The thread first finds the model file and stats it, which the
 * import may compare with what the index recorded before anything else
 * (fstamp); with lazy, it then waits to hear whether the bytes are wanted
 * (sha: hashed, for the index's to compare) and whether the model is (an
 * import with nothing changed reads and parses nothing).
 */
struct model_job {
	const struct itss_repo *repo;
	char *root, *spec;
	struct itss_model *model;
	struct itss_diags d;
	int rc;
	pthread_t tid;
	int running;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int inited, lazy, stamped, sha_wanted, hashed;
	int want;		/* -1 not told, 0 no, 1 yes */
	char sha[ITSS_SHA256_HEX];	/* "" when the file was not read */
	char *path, *buf;	/* what was hashed */
	size_t len;
	int fd;			/* the model file, found, until read */
	struct stat st;		/* as found */
	char *fstamp;		/* path and stat as found; NULL once not the bytes */
	/* The repository's other models, loaded beside it: in its stamp,
	 * and its also once it is loaded. */
	struct itss_model *const *also;
	size_t nalso;
	char stamp[ITSS_SHA256_HEX];
};

/* All of fd (at most the YAML reader's limit) into *out. */
static int
read_fd(char **out, size_t *len, int fd, const char *name, struct itss_diags *d)
{
	size_t max = itss_yaml_default_limits.max_bytes;

	if (itss_read_fd(out, len, fd, max, 0) == 0)
		return 0;
	if (errno == EFBIG) {
		itss_diags_add(d, ITSS_ERROR, name, 0, 0, _("the file is over the "
		    "limit of %zu bytes"), max);
		return ITSS_EINPUT;
	}
	itss_diags_add(d, ITSS_ERROR, name, 0, 0, _("cannot read: %s"),
	    strerror(errno));
	return ITSS_EIO;
}

/*
 * The file and its stat, as text to keep beside the model's hash: the
 * same text later, and the file is the one whose bytes were hashed, unless
 * someone set its times back by hand (the stat cache of cited files, and
 * git's index, trust the same). The scale is in it, as in the model's
 * stamp; with other models beside it there is none (theirs would count).
 */
static char *
file_stamp(const struct model_job *j)
{
	const double *sc = j->repo->scale;

	if (j->repo->nalso)
		return NULL;
	return itss_xasprintf("%s\n%lld %lld.%09ld %lld.%09ld %llu %llu %.17g %.17g",
	    j->path, (long long)j->st.st_size, (long long)j->st.st_mtim.tv_sec,
	    j->st.st_mtim.tv_nsec, (long long)j->st.st_ctim.tv_sec,
	    j->st.st_ctim.tv_nsec, (unsigned long long)j->st.st_ino,
	    (unsigned long long)j->st.st_dev, sc ? sc[0] : -1.0, sc ? sc[1] : -1.0);
}

/*
 * The model file found and opened (j->fd, j->st, j->path): in the
 * repository, under the rule cited files follow (opened without a way
 * out: no '..', no absolute path, no link out); or the file a lookup of
 * the id tries first. 0, or an error (j->d says why) when in the
 * repository; for an id, a file that cannot be opened is left to the
 * lookup.
 */
static int
find_model_file(struct model_job *j, int in_repo)
{
	j->fd = -1;
	if (in_repo) {
		const char *why;
		int missing;
		if ((j->fd = itss_repo_open_file(j->repo, j->spec, &j->st, &why,
		    &missing)) < 0) {
			itss_diags_add(&j->d, ITSS_ERROR, ITSS_CONFIG, 0, 0, _("model "
			    "'%s': %s (a model file lies in the repository; a "
			    "model id finds one on the model path)"), j->spec, _(why));
			return ITSS_EINPUT;
		}
		j->path = itss_xstrdup(j->spec);
	} else {
		struct itss_strlist dirs = { 0 };
		cli_model_dirs(&dirs);
		j->path = itss_model_first_named(j->spec, &dirs);
		itss_strlist_release(&dirs);
		if (j->path && ((j->fd = open(j->path, O_RDONLY | O_CLOEXEC)) < 0 ||
		    fstat(j->fd, &j->st) < 0)) {
			if (j->fd >= 0)
				close(j->fd);
			j->fd = -1;
			free(j->path);
			j->path = NULL;
		}
	}
	if (j->fd >= 0)
		j->fstamp = file_stamp(j);
	return 0;
}

/*
 * The bytes of the file found, read and hashed; its stamp kept only if
 * the file is as it was found after the read.
 */
static int
read_model_file(struct model_job *j, int in_repo)
{
	struct stat after;
	int rc = 0;

	if (j->fd < 0)
		return 0;
	if (in_repo)
		rc = read_fd(&j->buf, &j->len, j->fd, j->spec, &j->d);
	else if (itss_read_fd(&j->buf, &j->len, j->fd,
	    itss_yaml_default_limits.max_bytes, 0) < 0) {
		j->buf = NULL;		/* left to the lookup */
		free(j->path);
		j->path = NULL;
	}
	if (rc == 0 && j->buf && (fstat(j->fd, &after) < 0 ||
	    after.st_size != j->st.st_size || after.st_size != (off_t)j->len ||
	    after.st_mtim.tv_sec != j->st.st_mtim.tv_sec ||
	    after.st_mtim.tv_nsec != j->st.st_mtim.tv_nsec ||
	    after.st_ctim.tv_sec != j->st.st_ctim.tv_sec ||
	    after.st_ctim.tv_nsec != j->st.st_ctim.tv_nsec)) {
		free(j->fstamp);	/* changed while read */
		j->fstamp = NULL;
	}
	close(j->fd);
	j->fd = -1;
	if (rc == 0 && j->buf)
		itss_sha256_buf(j->sha, j->buf, j->len);
	return rc;
}

static void *
load_model(void *arg)
{
	struct model_job *j = arg;
	int in_repo = strchr(j->spec, '/') || itss_ends_with(j->spec, ".yaml");
	int rc = find_model_file(j, in_repo), want;

	pthread_mutex_lock(&j->mu);
	j->stamped = 1;
	pthread_cond_broadcast(&j->cv);
	while (j->lazy && j->want < 0 && !j->sha_wanted)
		pthread_cond_wait(&j->cv, &j->mu);
	want = !j->lazy || j->want > 0 || j->sha_wanted;
	pthread_mutex_unlock(&j->mu);
	if (rc == 0 && want)
		rc = read_model_file(j, in_repo);
	pthread_mutex_lock(&j->mu);
	j->hashed = 1;
	pthread_cond_broadcast(&j->cv);
	while (j->lazy && j->want < 0)
		pthread_cond_wait(&j->cv, &j->mu);
	want = !j->lazy || j->want > 0;
	pthread_mutex_unlock(&j->mu);
	if (j->fd >= 0) {
		close(j->fd);	/* found, and not wanted */
		j->fd = -1;
	}
	if (rc < 0 || !want) {
		j->rc = rc < 0 ? rc : ITSS_EINPUT;
		return NULL;
	}
	if (in_repo) {
		j->rc = itss_model_parse(&j->model, j->spec, j->buf, j->len, &j->d);
		return NULL;
	}
	/* The file tried first, if it holds the model; else the lookup. */
	if (j->buf) {
		struct itss_diags quiet = ITSS_DIAGS_INIT;
		if (itss_model_parse(&j->model, j->path, j->buf, j->len,
		    &quiet) == 0 && !strcmp(j->model->id, j->spec)) {
			itss_diags_release(&quiet);
			j->rc = 0;
			return NULL;
		}
		itss_diags_release(&quiet);
		itss_model_free(j->model);
		j->model = NULL;
	}
	/* Not from the file stamped: the stamp is not the model's. */
	free(j->fstamp);
	j->fstamp = NULL;
	{
		struct itss_strlist dirs = { 0 };
		cli_model_dirs(&dirs);
		j->rc = itss_model_find(&j->model, j->spec, &dirs, &j->d);
		itss_strlist_release(&dirs);
	}
	return NULL;
}

/* The model file's stamp, once found: see itss_model_future. */
static const char *
model_fstamp(void *ctx)
{
	struct model_job *j = ctx;
	const char *fs;

	pthread_mutex_lock(&j->mu);
	while (j->running && !j->stamped)
		pthread_cond_wait(&j->cv, &j->mu);
	fs = j->fstamp;
	pthread_mutex_unlock(&j->mu);
	return fs;
}

static const char *
model_sha(void *ctx)
{
	struct model_job *j = ctx;
	const char *sha;

	pthread_mutex_lock(&j->mu);
	j->sha_wanted = 1;
	pthread_cond_broadcast(&j->cv);
	while (j->running && !j->hashed)
		pthread_cond_wait(&j->cv, &j->mu);
	sha = j->sha[0] ? j->sha : NULL;
	pthread_mutex_unlock(&j->mu);
	if (sha && (j->nalso || j->repo->scale)) {
		itss_model_stamp(j->stamp, sha,
		    (const struct itss_model *const *)j->also, j->nalso,
		    j->repo->scale);
		sha = j->stamp;
	}
	return sha;
}

/* Wanted or not: the thread told, then joined. */
static void
model_settle(struct model_job *j, int want)
{
	pthread_mutex_lock(&j->mu);
	if (j->want < 0)
		j->want = want;
	pthread_cond_broadcast(&j->cv);
	pthread_mutex_unlock(&j->mu);
	if (j->running) {
		pthread_join(j->tid, NULL);
		j->running = 0;
	}
}

static const struct itss_model *
model_get(void *ctx)
{
	struct model_job *j = ctx;

	model_settle(j, 1);
	if (j->rc == 0 && j->model) {
		j->model->also = (const struct itss_model *const *)j->also;
		j->model->nalso = j->nalso;
		itss_model_rescale(j->model, j->repo->scale);
	}
	return j->rc == 0 ? j->model : NULL;
}

/*
 * The crosswalks between two of the repository's models: every
 * crosswalks/ file (.yaml) of the model path's directories that names two of
 * them, the first of an id found. 0 or ITSS_EINPUT (a broken one, told).
 */
static int
load_crosswalks(struct cli_repo *out, struct itss_diags *d)
{
	struct itss_strlist dirs = { 0 }, sub = { 0 }, files = { 0 };
	const struct itss_model **ms;
	size_t i, k, n = out->nalso + 1;
	int rc = 0;

	ms = itss_xcalloc(n, sizeof(*ms));
	ms[0] = out->first;
	for (i = 0; i < out->nalso; i++)
		ms[i + 1] = out->also[i];
	cli_model_dirs(&dirs);
	for (i = 0; i < dirs.n; i++) {
		char *p = itss_xasprintf("%s/crosswalks", dirs.v[i]);
		itss_strlist_add(&sub, p);
		free(p);
	}
	itss_model_candidates(&files, &sub);
	for (i = 0; i < files.n && rc == 0; i++) {
		struct itss_crosswalk *x = NULL;
		char *buf = NULL, *a = NULL, *b = NULL;
		size_t len, hits = 0;
		if (itss_read_file(&buf, &len, files.v[i],
		    itss_yaml_default_limits.max_bytes) == 0 &&
		    itss_crosswalk_peek(buf, len, &a, &b) == 0) {
			for (k = 0; k < n; k++)
				hits += !strcmp(ms[k]->id, a) || !strcmp(ms[k]->id, b);
			if (hits == 2 && strcmp(a, b)) {
				rc = itss_crosswalk_parse(&x, files.v[i], buf, len, ms,
				    n, d);
				for (k = 0; x && k < out->nxw; k++)
					if (!strcmp(out->xw[k]->id, x->id)) {
						itss_crosswalk_free(x);	/* shadowed */
						x = NULL;
					}
				if (x) {
					out->xw = itss_xrealloc(out->xw,
					    (out->nxw + 1) * sizeof(*out->xw));
					out->xw[out->nxw++] = x;
				}
			}
		}
		free(a);
		free(b);
		free(buf);
	}
	itss_strlist_release(&files);
	itss_strlist_release(&sub);
	itss_strlist_release(&dirs);
	free(ms);
	return rc;
}

/*
 * The repository's other models (itss.yaml's models: after the first),
 * each an id on the model path or a file in the repository, as the first
 * is; each target a level of its model. 0 or an error (in d).
 */
static int
load_also(struct cli_repo *out, struct itss_diags *d)
{
	const struct itss_repo *repo = out->repo;
	size_t i;
	int rc = 0;

	out->also = itss_xcalloc(repo->nalso + 1, sizeof(*out->also));
	for (i = 0; i < repo->nalso && rc == 0; i++) {
		const struct itss_repo_model *rm = &repo->also[i];
		struct itss_model *m = NULL;
		if (strchr(rm->spec, '/') || itss_ends_with(rm->spec, ".yaml")) {
			const char *why;
			struct stat st;
			char *buf = NULL;
			size_t len;
			int missing, fd = itss_repo_open_file(repo, rm->spec, &st,
			    &why, &missing);
			if (fd < 0) {
				itss_diags_add(d, ITSS_ERROR, ITSS_CONFIG, rm->line,
				    rm->col, _("model '%s': %s"), rm->spec, _(why));
				return ITSS_EINPUT;
			}
			rc = read_fd(&buf, &len, fd, rm->spec, d);
			close(fd);
			if (rc == 0)
				rc = itss_model_parse(&m, rm->spec, buf, len, d);
			free(buf);
		} else {
			struct itss_strlist dirs = { 0 };
			cli_model_dirs(&dirs);
			rc = itss_model_find(&m, rm->spec, &dirs, d);
			itss_strlist_release(&dirs);
		}
		if (rc < 0)
			break;
		itss_model_rescale(m, repo->scale);
		out->also[out->nalso++] = m;
		if (rm->target && !itss_model_level(m, rm->target)) {
			itss_diags_add(d, ITSS_ERROR, ITSS_CONFIG, rm->line, rm->col,
			    _("model '%s' has no level '%s'"), m->id, rm->target);
			rc = ITSS_EINPUT;
		}
	}
	return rc;
}

static void take_invalid(struct cli_repo *r, size_t n, struct itss_diags *d,
    int quiet);
static void banner(const struct cli_repo *r);

int
cli_repo_open(struct cli_repo *out, int sync, struct itss_import_stats *stats)
{
	return cli_repo_open_keep(out, sync, stats, NULL);
}

int
cli_repo_open_keep(struct cli_repo *out, int sync,
    struct itss_import_stats *stats, struct itss_diags *keep)
{
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct itss_import_stats local;
	struct model_job job;
	struct itss_walk *walk = NULL;
	char *root = NULL;
	int rc;

	/* Only a command whose table entry says so works in a repository. */
	assert(cli_command_flags & CLI_REPO);
	memset(out, 0, sizeof(*out));
	memset(&job, 0, sizeof(job));
	if ((rc = itss_repo_find(&root, ".", &d)) < 0)
		goto out;
	if ((rc = itss_repo_open(&out->repo, root, &d)) < 0)
		goto out;
	job.root = root;
	job.repo = out->repo;
	job.spec = (char *)out->repo->model;
	job.want = -1;
	job.lazy = sync == CLI_SYNC_ONLY;
	if (pthread_mutex_init(&job.mu, NULL) || pthread_cond_init(&job.cv, NULL))
		itss_oom();
	job.inited = 1;
	/* The files walked while the index is opened, for the import. */
	if (sync)
		walk = itss_walk_start(out->repo);
	job.running = pthread_create(&job.tid, NULL, load_model, &job) == 0;
	if (!job.running) {
		job.lazy = 0;	/* on this thread it cannot wait to be told */
		load_model(&job);
	}
	/* The other models meanwhile, here: the import needs them all. */
	if ((rc = load_also(out, &d)) < 0)
		goto out;
	job.also = out->also;
	job.nalso = out->nalso;
	/*
	 * A deleted index is made again here, empty, and filled by the import
	 * that follows (deleting .itss/ loses nothing): the one place besides
	 * `init` that creates it.
	 */
	{
		struct itss_store_options so;
		cli_store_options(&so, !itss_store_exists(root));
		rc = itss_store_open(&out->store, root, &so, &d);
	}
	if (rc == 0 && sync) {
		struct itss_model_future mf = { model_get, model_sha,
		    model_fstamp, &job };
		struct cli_progress p;
		if (!stats)
			stats = &local;
		cli_progress_init(&p);
		rc = itss_store_import_async(out->store, out->repo, &mf, walk,
		    stats, cli_progress, &p, &d);
		cli_progress_done(&p);
		/* Its errors now are those of the invalid files alone. */
		if (rc == 0 && stats->invalid)
			take_invalid(out, stats->invalid, &d, sync == CLI_SYNC_QUIET);
	}
	/*
	 * An import alone, with nothing changed, did not ask for the model:
	 * it is not parsed at all (the index was made with these bytes).
	 */
	model_settle(&job, !job.lazy || rc < 0);
	out->model = out->first = job.model;
	if (out->model) {
		size_t i;
		out->model->also = (const struct itss_model *const *)out->also;
		out->model->nalso = out->nalso;
		itss_model_rescale(out->model, out->repo->scale);
		for (i = 0; i < out->nalso; i++)
			if (!strcmp(out->also[i]->id, out->model->id)) {
				itss_diags_add(&d, ITSS_ERROR, ITSS_CONFIG, 0, 0,
				    _("models: '%s' is named twice"), out->model->id);
				rc = ITSS_EINPUT;
			}
		/* One piece of evidence, several standards. */
		if (rc == 0 && out->nalso)
			rc = load_crosswalks(out, &d);
	}
	/* The model's problems first: they explain the others. */
	if (job.d.n) {
		if (keep)
			itss_diags_append(keep, &job.d);
		else
			cli_print_diags(&job.d);
		if (job.rc < 0 && rc == ITSS_EINPUT)
			rc = job.rc;
	}
	if (rc == 0 && job.rc < 0 && (!job.lazy || job.want > 0))
		rc = job.rc;
	if (rc == 0 && out->model && out->repo->target &&
	    !itss_model_level(out->model, out->repo->target)) {
		itss_diags_add(&d, ITSS_ERROR, ITSS_CONFIG, out->repo->target_line,
		    out->repo->target_col, _("model '%s' has no level '%s'"),
		    out->model->id, out->repo->target);
		rc = ITSS_EINPUT;
	}
out:
	if (job.inited) {
		model_settle(&job, 0);
		pthread_mutex_destroy(&job.mu);
		pthread_cond_destroy(&job.cv);
		if (job.model && job.model != out->model)
			itss_model_free(job.model);	/* left before it was taken */
	}
	itss_walk_free(walk);
	free(job.path);
	free(job.buf);
	free(job.fstamp);
	itss_diags_release(&job.d);
	free(root);
	/* Keep the errors; the findings are import's and check's to tell. */
	if (sync == CLI_SYNC_QUIET && rc == 0)
		itss_diags_drop(&d, ITSS_WARNING);
	if (keep)
		itss_diags_append(keep, &d);
	else
		cli_print_diags(&d);
	itss_diags_release(&d);
	if (rc < 0) {
		cli_repo_close(out);
		return cli_exit_of(rc);
	}
	if (sync == CLI_SYNC_QUIET && out->ninvalid)
		banner(out);
	out->prefix = "";
	out->target = out->repo->target;
	return EXIT_OK;
}

const struct itss_model *
cli_repo_model(const struct cli_repo *r, const char *id)
{
	size_t k;

	if (r->first && id && !strcmp(r->first->id, id))
		return r->first;
	for (k = 0; id && k < r->nalso; k++)
		if (!strcmp(r->also[k]->id, id))
			return r->also[k];
	return NULL;
}

int
cli_repo_select(struct cli_repo *r, const char *id)
{
	size_t k;

	if (!id)
		return EXIT_OK;
	if (!strcmp(id, r->first->id)) {
		r->model = r->first;
		r->prefix = "";
		r->target = r->repo->target;
		return EXIT_OK;
	}
	for (k = 0; k < r->nalso && strcmp(r->also[k]->id, id); k++)
		;
	if (k == r->nalso) {
		struct itss_strbuf sb = ITSS_STRBUF_INIT;
		itss_strbuf_addstr(&sb, r->first->id);
		for (k = 0; k < r->nalso; k++)
			itss_strbuf_addf(&sb, ", %s", r->also[k]->id);
		cli_error(_("the repository is not assessed against model '%s'; its "
		    "models (itss.yaml): %s"), id, sb.buf);
		itss_strbuf_release(&sb);
		return EXIT_USAGE;
	}
	r->model = r->also[k];
	free(r->prefix_buf);
	r->prefix_buf = itss_xasprintf("%s:", r->model->id);
	r->prefix = r->prefix_buf;
	r->target = r->repo->also[k].target;
	return EXIT_OK;
}

static int
cmp_diag_file(const void *a, const void *b)
{
	const struct itss_diag *x = a, *y = b;
	int c = strcmp(x->file ? x->file : "", y->file ? y->file : "");

	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return (x->col > y->col) - (x->col < y->col);
}

/*
 * The invalid files' errors, by file, into r->invalid; with quiet, out of
 * d (the banner tells them instead).
 */
static void
take_invalid(struct cli_repo *r, size_t n, struct itss_diags *d, int quiet)
{
	size_t i;

	r->ninvalid = n;
	for (i = 0; i < d->n; i++)
		if (d->v[i].severity == ITSS_ERROR)
			itss_diags_add(&r->invalid, ITSS_ERROR, d->v[i].file,
			    d->v[i].line, d->v[i].col, "%s", d->v[i].message);
	if (r->invalid.n > 1)
		qsort(r->invalid.v, r->invalid.n, sizeof(*r->invalid.v),
		    cmp_diag_file);
	if (quiet)
		itss_diags_drop(d, ITSS_ERROR);
}

/*
 * On stderr, before the command's output: which files are invalid, each
 * with its first error; `itss evidence import` lists them all.
 */
static void
banner(const struct cli_repo *r)
{
	struct itss_strbuf sb = ITSS_STRBUF_INIT;
	size_t i, j;

	fprintf(stderr, P_("itss: %zu invalid file: its records do not count "
	    "until it is fixed; the rest of the evidence does\n",
	    "itss: %zu invalid files: their records do not count until they "
	    "are fixed; the rest of the evidence does\n", r->ninvalid),
	    r->ninvalid);
	for (i = 0; i < r->invalid.n; i = j) {
		const struct itss_diag *g = &r->invalid.v[i];
		for (j = i + 1; j < r->invalid.n &&
		    !strcmp(r->invalid.v[j].file, g->file); j++)
			;
		itss_strbuf_reset(&sb);
		itss_diag_format(&sb, g);
		fprintf(stderr, "  %s", cli_vis(sb.buf));
		if (j - i > 1)
			fprintf(stderr, _(" (and %zu more: itss evidence import)"),
			    j - i - 1);
		fputc('\n', stderr);
	}
	itss_strbuf_release(&sb);
}

void
cli_invalid_json(struct itss_json *j, const struct cli_repo *r)
{
	size_t i, k;

	itss_json_key(j, "invalid");
	itss_json_array(j);
	for (i = 0; i < r->invalid.n; i = k) {
		const char *file = r->invalid.v[i].file;
		itss_json_object(j);
		itss_json_kv_string(j, "file", file);
		itss_json_key(j, "errors");
		itss_json_array(j);
		for (k = i; k < r->invalid.n && !strcmp(r->invalid.v[k].file,
		    file); k++) {
			const struct itss_diag *g = &r->invalid.v[k];
			itss_json_object(j);
			itss_json_kv_int(j, "line", g->line);
			itss_json_kv_int(j, "col", g->col);
			itss_json_kv_string(j, "message", g->message);
			itss_json_end(j);
		}
		itss_json_end(j);
		itss_json_end(j);
	}
	itss_json_end(j);
}

int
cli_refuse_invalid(const struct cli_repo *r, const char *what,
    const char *why)
{
	if (!r->ninvalid)
		return EXIT_OK;
	fprintf(stderr, P_("itss: %s refused: %zu file is invalid, and %s; fix "
	    "it first (itss evidence import lists the errors)\n",
	    "itss: %s refused: %zu files are invalid, and %s; fix them first "
	    "(itss evidence import lists the errors)\n", r->ninvalid), what,
	    r->ninvalid, why);
	return EXIT_INPUT;
}

int
cli_repo_close(struct cli_repo *r)
{
	struct itss_diags d = ITSS_DIAGS_INIT;
	int rc = itss_store_close(r->store, &d);

	cli_print_diags(&d);
	itss_diags_release(&d);
	free(r->prefix_buf);
	while (r->nxw)
		itss_crosswalk_free(r->xw[--r->nxw]);
	free(r->xw);
	itss_model_free(r->first);
	while (r->nalso)
		itss_model_free(r->also[--r->nalso]);
	free(r->also);
	itss_repo_free(r->repo);
	itss_diags_release(&r->invalid);
	memset(r, 0, sizeof(*r));
	return rc < 0 ? EXIT_IO : EXIT_OK;
}
