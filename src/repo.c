/*
 * repo.c - the evidence repository: itss.yaml, init, and safe paths.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "itss/i18n.h"
#include "itss/atomic.h"
#include "itss/repo.h"

static int
exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

int
itss_repo_find(char **out, const char *dir, struct itss_diags *d)
{
	char *cur = realpath(dir, NULL);

	*out = NULL;
	if (!cur) {
		itss_diags_add(d, ITSS_ERROR, NULL, 0, 0, _("cannot resolve '%s': %s"),
		    dir, strerror(errno));
		return ITSS_EIO;
	}
	for (;;) {
		char *cfg = itss_xasprintf("%s/%s", strcmp(cur, "/") ? cur : "",
		    ITSS_CONFIG);
		int found = exists(cfg);
		char *slash;

		free(cfg);
		if (found) {
			*out = cur;
			return 0;
		}
		slash = strrchr(cur, '/');
		if (!slash || slash == cur)
			break;
		*slash = '\0';
	}
	free(cur);
	itss_diags_add(d, ITSS_ERROR, NULL, 0, 0, _("not in an evidence repository "
	    "(no %s here or above); create one with `itss init`"), ITSS_CONFIG);
	return ITSS_EINPUT;
}

int
itss_repo_open(struct itss_repo **out, const char *root, struct itss_diags *d)
{
	char *path = itss_xasprintf("%s/%s", root, ITSS_CONFIG), *buf;
	size_t len;
	int rc, fd;

	*out = NULL;
	/* What cited files are opened below: never the root by name again. */
	if ((fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		itss_diags_add(d, ITSS_ERROR, root, 0, 0, _("cannot open the "
		    "repository: %s"), strerror(errno));
		free(path);
		return ITSS_EIO;
	}
	if ((rc = itss_yaml_read_file(&buf, &len, path,
	    itss_yaml_default_limits.max_bytes, d)) < 0) {
		close(fd);
		free(path);
		return rc;
	}
	free(path);
	rc = itss_repo_parse(out, root, buf, len, d);
	free(buf);
	if (rc < 0)
		close(fd);
	else
		(*out)->rootfd = fd;
	return rc;
}

/*
 * models: [ID, {id: ID, target: LEVEL}, ...]: the first is the model (and
 * its target the target), the others also assessed. With model: as well,
 * or neither, or one named twice, an error.
 */
static void
read_models(struct itss_repo *r, const struct itss_yaml_node *root,
    struct itss_diags *d)
{
	static const char *const mkeys[] = { "id", "target", NULL };
	const struct itss_yaml_node *x = itss_yaml_get(root, "models");
	size_t i, j;

	if (!x) {
		if (!itss_yaml_get(root, "model"))
			itss_diags_add(d, ITSS_ERROR, ITSS_CONFIG, root->line,
			    root->col, _("missing key 'model' (or 'models')"));
		return;
	}
	if (itss_yaml_get(root, "model")) {
		itss_diags_add(d, ITSS_ERROR, ITSS_CONFIG, x->line, x->col, _("give "
		    "'model' or 'models', not both"));
		return;
	}
	if (itss_yaml_want(ITSS_CONFIG, x, ITSS_YAML_SEQ, "'models'", d) < 0)
		return;
	if (!x->n) {
		itss_diags_add(d, ITSS_ERROR, ITSS_CONFIG, x->line, x->col,
		    _("'models' must name at least one model"));
		return;
	}
	r->also = itss_xcalloc(x->n, sizeof(*r->also));
	for (i = 0; i < x->n; i++) {
		const struct itss_yaml_node *e = x->kid[i], *y;
		struct itss_repo_model rm = { NULL, NULL, e->line, e->col };

		if (e->type == ITSS_YAML_MAP) {
			if (itss_yaml_check_keys(ITSS_CONFIG, e, mkeys, NULL, d))
				continue;
			if (!(y = itss_yaml_get(e, "id"))) {
				itss_diags_add(d, ITSS_ERROR, ITSS_CONFIG, e->line,
				    e->col, _("an entry of 'models' has no 'id'"));
				continue;
			}
			if (itss_yaml_string(&rm.spec, ITSS_CONFIG, y, "'id'", d) < 0)
				continue;
			if ((y = itss_yaml_get(e, "target")) &&
			    itss_yaml_string(&rm.target, ITSS_CONFIG, y, "'target'",
			    d) < 0)
				continue;
		} else if (itss_yaml_string(&rm.spec, ITSS_CONFIG, e,
		    "an entry of 'models'", d) < 0) {
			continue;
		}
		for (j = 0; j < r->nalso && strcmp(r->also[j].spec, rm.spec); j++)
			;
		if ((j < r->nalso) || (i && r->model && !strcmp(r->model,
		    rm.spec))) {
			itss_diags_add(d, ITSS_ERROR, ITSS_CONFIG, e->line, e->col,
			    _("model '%s' is named twice"), rm.spec);
			continue;
		}
		if (!i) {
			r->model = rm.spec;
			if (rm.target && itss_yaml_get(root, "target")) {
				itss_diags_add(d, ITSS_ERROR, ITSS_CONFIG, e->line,
				    e->col, _("the first model's target is given twice "
				    "(here and in 'target')"));
			} else if (rm.target) {
				r->target = rm.target;
				r->target_line = e->line;
				r->target_col = e->col;
			}
			continue;
		}
		r->also[r->nalso++] = rm;
	}
}

/* certificate: {level, number, issued, expires}, issued before expires. */
static void
read_certificate(struct itss_repo *r, const struct itss_yaml_node *x,
    struct itss_diags *d)
{
	static const char *const keys[] = { "level", "number", "issued",
		"expires", NULL };
	static const char *const required[] = { "level", "issued", "expires",
		NULL };
	struct itss_certificate *c = &r->cert;
	const struct itss_yaml_node *y;
	size_t errors = d->errors;

	if (itss_yaml_want(ITSS_CONFIG, x, ITSS_YAML_MAP, "'certificate'", d) < 0)
		return;
	itss_yaml_check_keys(ITSS_CONFIG, x, keys, required, d);
	c->issued = c->expires = INT32_MIN;
	if ((y = itss_yaml_get(x, "level")))
		itss_yaml_string(&c->level, ITSS_CONFIG, y, "'level'", d);
	if ((y = itss_yaml_get(x, "number")))
		itss_yaml_string(&c->number, ITSS_CONFIG, y, "'number'", d);
	if ((y = itss_yaml_get(x, "issued")))
		itss_yaml_date(&c->issued, ITSS_CONFIG, y, "'issued'", d);
	if ((y = itss_yaml_get(x, "expires")))
		itss_yaml_date(&c->expires, ITSS_CONFIG, y, "'expires'", d);
	if (d->errors == errors && c->expires <= c->issued)
		itss_diags_add(d, ITSS_ERROR, ITSS_CONFIG, x->line, x->col,
		    _("the certificate expires before it is issued"));
	c->line = x->line;
	c->col = x->col;
	c->given = d->errors == errors;
}

int
itss_repo_parse(struct itss_repo **out, const char *root, const char *buf,
    size_t len, struct itss_diags *d)
{
	static const char *const keys[] = { "organisation", "model", "models",
		"target", "period", "window", "evaluation_threshold",
		"evaluation_scale", "language", "assessment_date", "owners", "certificate",
		"sign_off", NULL };
	static const char *const required[] = { "organisation", NULL };
	static const char *const pkeys[] = { "from", "to", NULL };
	struct itss_repo *r = itss_xcalloc(1, sizeof(*r));
	const struct itss_yaml_node *root_node, *x;
	size_t errors = d->errors;
	int rc;

	*out = NULL;
	r->root = itss_xstrdup(root);
	r->rootfd = -1;
	r->period_from = r->period_to = INT32_MIN;
	r->assessment_date = INT32_MIN;
	r->eval_threshold = -1;
	/* Diagnostics name the file as the user sees it in the repository. */
	if ((rc = itss_yaml_parse(&r->doc, ITSS_CONFIG, buf, len, NULL, d)) < 0) {
		itss_repo_free(r);
		return rc;
	}
	root_node = r->doc.root;
	if (itss_yaml_want(ITSS_CONFIG, root_node, ITSS_YAML_MAP, ITSS_CONFIG,
	    d) == 0) {
		itss_yaml_check_keys(ITSS_CONFIG, root_node, keys, required, d);
		if ((x = itss_yaml_get(root_node, "organisation")))
			itss_yaml_string(&r->organisation, ITSS_CONFIG, x,
			    "'organisation'", d);
		if ((x = itss_yaml_get(root_node, "model")))
			itss_yaml_string(&r->model, ITSS_CONFIG, x, "'model'", d);
		read_models(r, root_node, d);
		if ((x = itss_yaml_get(root_node, "target")) &&
		    x->type != ITSS_YAML_NULL &&
		    itss_yaml_string(&r->target, ITSS_CONFIG, x, "'target'", d) == 0) {
			r->target_line = x->line;
			r->target_col = x->col;
		}
		if ((x = itss_yaml_get(root_node, "period")) &&
		    itss_yaml_want(ITSS_CONFIG, x, ITSS_YAML_MAP, "'period'", d) == 0) {
			const struct itss_yaml_node *y;
			itss_yaml_check_keys(ITSS_CONFIG, x, pkeys, pkeys, d);
			if ((y = itss_yaml_get(x, "from")))
				itss_yaml_date(&r->period_from, ITSS_CONFIG, y,
				    "'from'", d);
			if ((y = itss_yaml_get(x, "to")))
				itss_yaml_date(&r->period_to, ITSS_CONFIG, y, "'to'", d);
			if (r->period_from != INT32_MIN && r->period_to != INT32_MIN &&
			    r->period_to < r->period_from)
				itss_diags_add(d, ITSS_ERROR, ITSS_CONFIG, x->line,
				    x->col, _("the period ends before it begins"));
		}
		if ((x = itss_yaml_get(root_node, "evaluation_threshold"))) {
			const char *s;
			char *end = NULL;
			if (itss_yaml_string(&s, ITSS_CONFIG, x,
			    "'evaluation_threshold'", d) == 0 &&
			    (!*s || (r->eval_threshold = strtod(s, &end), *end) ||
			    r->eval_threshold < 0)) {
				itss_diags_add(d, ITSS_ERROR, ITSS_CONFIG, x->line,
				    x->col, _("'evaluation_threshold' must be a score "
				    "(a number, 0 or more), not '%s'"), s);
				r->eval_threshold = -1;
			}
			r->eval_threshold_line = x->line;
			r->eval_threshold_col = x->col;
		}
		if ((x = itss_yaml_get(root_node, "language"))) {
			const char *s;
			if (itss_yaml_string(&s, ITSS_CONFIG, x, "'language'", d) == 0) {
				if (!strcmp(s, "en"))
					r->english = 1;
				else if (strcmp(s, "zh-CN"))
					itss_diags_add(d, ITSS_ERROR, ITSS_CONFIG, x->line,
					    x->col, _("'language' is zh-CN (the default) or en, "
					    "not '%s'"), s);
			}
		}
		if ((x = itss_yaml_get(root_node, "evaluation_scale"))) {
			char *e1 = NULL, *e2 = NULL;
			if (x->type != ITSS_YAML_SEQ || x->n != 2 ||
			    x->kid[0]->type != ITSS_YAML_SCALAR ||
			    x->kid[1]->type != ITSS_YAML_SCALAR ||
			    (r->eval_scale[0] = strtod(x->kid[0]->value, &e1), *e1) ||
			    (r->eval_scale[1] = strtod(x->kid[1]->value, &e2), *e2) ||
			    !*x->kid[0]->value || !*x->kid[1]->value ||
			    r->eval_scale[1] <= r->eval_scale[0])
				itss_diags_add(d, ITSS_ERROR, ITSS_CONFIG, x->line,
				    x->col, _("'evaluation_scale' is [lowest, highest], "
				    "two numbers, the lowest first, such as [0, 5]"));
			else
				r->scale = r->eval_scale;
		}
		if ((x = itss_yaml_get(root_node, "assessment_date")))
			itss_yaml_date(&r->assessment_date, ITSS_CONFIG, x,
			    "'assessment_date'", d);
		if ((x = itss_yaml_get(root_node, "owners")) &&
		    itss_yaml_want(ITSS_CONFIG, x, ITSS_YAML_MAP, "'owners'", d) == 0) {
			size_t i;
			const char *s;
			for (i = 0; i + 1 < x->n; i += 2)
				(void)itss_yaml_string(&s, ITSS_CONFIG, x->kid[i + 1],
				    "an owner's name", d);
			r->owners = x;
		}
		if ((x = itss_yaml_get(root_node, "certificate")))
			read_certificate(r, x, d);
		if ((x = itss_yaml_get(root_node, "sign_off"))) {
			const char *s;
			if (itss_yaml_string(&s, ITSS_CONFIG, x, "'sign_off'", d) == 0) {
				if (!strcmp(s, "true"))
					r->sign_off = 1;
				else if (strcmp(s, "false"))
					itss_diags_add(d, ITSS_ERROR, ITSS_CONFIG, x->line,
					    x->col, _("'sign_off' is true or false, not "
					    "'%s'"), s);
			}
		}
		if ((x = itss_yaml_get(root_node, "window"))) {
			const char *s;
			if (itss_yaml_string(&s, ITSS_CONFIG, x, "'window'", d) == 0 &&
			    itss_window_parse(&r->window, s) < 0)
				itss_diags_add(d, ITSS_ERROR, ITSS_CONFIG, x->line,
				    x->col, _("'window' must be a period such as P1Y "
				    "or P6M, not '%s'"), s);
		}
	}
	if (d->errors > errors) {
		itss_repo_free(r);
		return ITSS_EINPUT;
	}
	*out = r;
	return 0;
}

size_t
itss_certificate_calendar(const struct itss_certificate *c,
    struct itss_cert_date out[8])
{
	int y, m, d, k;
	size_t n = 0;
	int32_t apply;

	if (!c->given)
		return 0;
	itss_date_split(c->issued, &y, &m, &d);
	for (k = 1; k <= 5; k++) {
		int32_t at = itss_date_make(y + k, m, d);
		if (at >= c->expires)
			break;
		out[n].what = ITSS_CERT_SURVEILLANCE;
		out[n].n = k;
		out[n++].date = at;
	}
	itss_date_split(c->expires, &y, &m, &d);
	m -= 6;
	if (m < 1) {
		m += 12;
		y--;
	}
	apply = itss_date_make(y, m, d);
	/* In date order: the application may come before a surveillance. */
	for (k = (int)n; k > 0 && out[k - 1].date > apply; k--)
		out[k] = out[k - 1];
	out[k].what = ITSS_CERT_REASSESSMENT;
	out[k].n = 0;
	out[k].date = apply;
	n++;
	out[n].what = ITSS_CERT_EXPIRY;
	out[n].n = 0;
	out[n++].date = c->expires;
	return n;
}

const char *
itss_repo_owner(const struct itss_repo *r, const struct itss_model *m,
    const struct itss_item *it, const struct itss_domain *dom)
{
	const struct itss_yaml_node *o = r->owners;
	const char *by_domain = NULL;
	size_t i;

	for (i = 0; o && i + 1 < o->n; i += 2) {
		const char *key = o->kid[i]->value, *v = o->kid[i + 1]->value;
		if (!key || !v || o->kid[i + 1]->type != ITSS_YAML_SCALAR)
			continue;
		if (it && itss_model_item(m, key) == it)
			return v;
		if (dom && (!strcmp(key, dom->id) || !strcmp(key, dom->name)))
			by_domain = v;
	}
	return by_domain;
}

void
itss_repo_free(struct itss_repo *r)
{
	if (!r)
		return;
	itss_yaml_doc_release(&r->doc);
	free(r->also);
	if (r->rootfd >= 0)
		close(r->rootfd);
	free(r->root);
	free(r);
}

static int
make_dir(const char *path, int *created, struct itss_diags *d)
{
	if (mkdir(path, 0777) == 0) {
		(*created)++;
		return 0;
	}
	if (errno == EEXIST) {
		struct stat st;
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			return 0;
		itss_diags_add(d, ITSS_ERROR, path, 0, 0, _("exists and is not a "
		    "directory"));
		return ITSS_EIO;
	}
	itss_diags_add(d, ITSS_ERROR, path, 0, 0, _("cannot create: %s"),
	    strerror(errno));
	return ITSS_EIO;
}

/* Append ".itss/" to .gitignore unless a line already ignores it. */
static int
ignore_state(const char *dir, int *created, struct itss_diags *d)
{
	char *path = itss_xasprintf("%s/.gitignore", dir), *buf = NULL;
	struct itss_strbuf sb = ITSS_STRBUF_INIT;
	size_t len = 0;
	const char *line;
	int rc = 0;

	if (itss_read_file(&buf, &len, path, 1 << 20) < 0 && errno != ENOENT) {
		itss_diags_add(d, ITSS_ERROR, path, 0, 0, _("cannot read: %s"),
		    strerror(errno));
		free(path);
		return ITSS_EIO;
	}
	for (line = buf; line && *line; ) {
		size_t n = strcspn(line, "\n");
		if ((n == 6 && !strncmp(line, ".itss/", 6)) ||
		    (n == 5 && !strncmp(line, ".itss", 5)) ||
		    (n == 7 && !strncmp(line, "/.itss/", 7)))
			goto out;
		line += n + (line[n] == '\n');
	}
	if (buf)
		itss_strbuf_add(&sb, buf, len);
	if (sb.len && sb.buf[sb.len - 1] != '\n')
		itss_strbuf_addch(&sb, '\n');
	itss_strbuf_addstr(&sb, "# the itss index: rebuilt from the files by any itss command\n.itss/\n");
	rc = itss_write_atomic(path, sb.buf, sb.len, 0, d);
	if (rc == 0)
		(*created)++;
out:
	itss_strbuf_release(&sb);
	free(buf);
	free(path);
	return rc;
}

static void
config_text(struct itss_strbuf *sb, const char *model_id, const char *org,
    const char *target, int32_t t)
{
	char today[11], from[11], to[11];

	itss_date_format(today, t);
	memcpy(from, today, 5);
	memcpy(from + 5, "01-01", 6);
	memcpy(to, today, 5);
	memcpy(to + 5, "12-31", 6);
	itss_strbuf_addstr(sb,
	    "# The evidence repository's settings; see itss-evidence(5).\n");
	itss_strbuf_addstr(sb, "organisation: ");
	/* Double-quoted, with the two characters that need it escaped. */
	itss_strbuf_addch(sb, '"');
	for (; *org; org++) {
		if (*org == '"' || *org == '\\')
			itss_strbuf_addch(sb, '\\');
		itss_strbuf_addch(sb, *org);
	}
	itss_strbuf_addstr(sb, "\"\n");
	itss_strbuf_addf(sb, "# A model id (`itss model list`) or a model file in "
	    "this repository.\nmodel: %s\n", model_id);
	itss_strbuf_addf(sb, "# The level aimed at: its id, name or grade.\n"
	    "target: %s\n", target);
	itss_strbuf_addf(sb, "# The period under assessment.\nperiod:\n"
	    "  from: %s\n  to: %s\n", from, to);
	itss_strbuf_addstr(sb, "# The window a record of a periodic (定期) "
	    "requirement must fall in.\n# window: P1Y\n");
}

int
itss_repo_init(const char *dir, const char *model_id, const char *org,
    const char *target, int32_t today, int *created, struct itss_diags *d)
{
	char *path;
	int rc;

	*created = 0;
	if ((rc = make_dir(dir, created, d)) < 0)
		return rc;
	path = itss_xasprintf("%s/%s", dir, ITSS_CONFIG);
	if (!exists(path)) {
		struct itss_strbuf sb = ITSS_STRBUF_INIT;
		config_text(&sb, model_id, org, target, today);
		rc = itss_write_atomic(path, sb.buf, sb.len, 1, d);
		itss_strbuf_release(&sb);
		if (rc == 0)
			(*created)++;
	}
	free(path);
	if (rc < 0)
		return rc;
	{
		static const char *const dirs[] = { ITSS_EVIDENCE_DIR,
			ITSS_JUDGEMENT_DIR, ITSS_STATE_DIR };
		size_t i;
		for (i = 0; i < 3; i++) {
			path = itss_xasprintf("%s/%s", dir, dirs[i]);
			rc = make_dir(path, created, d);
			free(path);
			if (rc < 0)
				return rc;
		}
	}
	return ignore_state(dir, created, d);
}

const char *
itss_repo_path_problem(const char *path)
{
	const char *p = path;

	if (!*path)
		return N_("the path is empty");
	if (*path == '/')
		return N_("an absolute path: name files relative to the repository root");
	if (strchr(path, '\\'))
		return N_("a backslash in the path: separate directories with '/'");
	while (*p) {
		size_t n = strcspn(p, "/");
		if (n == 0)
			return N_("an empty component ('//' or a trailing '/') in the path");
		if (n == 1 && p[0] == '.')
			return N_("a '.' component in the path: write it without");
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return N_("a '..' component: the path must stay inside the repository");
		p += n;
		if (*p == '/') {
			p++;
			if (!*p)
				return N_("an empty component ('//' or a trailing '/') in the path");
		}
	}
	if (!strncmp(path, ".git/", 5) || !strcmp(path, ".git"))
		return N_("a path into .git: cite the files themselves, not git's store");
	if (!strncmp(path, ".itss/", 6) || !strcmp(path, ".itss"))
		return N_("a path into .itss, which is itss's own index");
	return NULL;
}

/* Push path's components on todo so that the first is taken first. */
static void
push_components(struct itss_strlist *todo, const char *path)
{
	const char *end = path + strlen(path), *p;

	while (end > path) {
		for (p = end; p > path && p[-1] != '/'; p--)
			;
		itss_strlist_add_len(todo, p, (size_t)(end - p));
		end = p > path ? p - 1 : path;
	}
}

/* A file opened: required to be a regular one, and read blocking. */
static int
regular(int fd, struct stat *st, const char **why)
{
	if (fstat(fd, st) < 0) {
		*why = strerror(errno);
		return -1;
	}
	if (!S_ISREG(st->st_mode)) {
		*why = S_ISFIFO(st->st_mode) ? N_("a FIFO, not a regular file") :
		    S_ISDIR(st->st_mode) ? N_("a directory, not a file") :
		    S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode) ?
		    N_("a device, not a regular file") : N_("not a regular file");
		return -1;
	}
	/* Reads of a regular file do not block; clear the flag anyway. */
	if (fcntl(fd, F_SETFL, 0) < 0) {
		*why = strerror(errno);
		return -1;
	}
	return 0;
}

#define LINKS_MAX 40	/* as the kernel's own limit */

/*
 * The walk of itss_repo_openat: each component opened relative to the fd
 * of the directory before it, never by a path the kernel would resolve.
 */
static int
walk_open(int rootfd, struct itss_strlist *todo, int links, const char **why,
    int *missing)
{
	int *fds = NULL, top = 0, hops = 0, fd = -1;
	size_t afds = 0;
	char target[PATH_MAX];

	itss_xgrow((void **)&fds, &afds, 1, sizeof(*fds));
	fds[0] = rootfd;
	while (todo->n) {
		char *comp = todo->v[--todo->n];
		int last = todo->n == 0, cur = fds[top];
		ssize_t n;

		if (!*comp || !strcmp(comp, ".")) {
			free(comp);
			if (last)
				*why = N_("a symbolic link to a directory, not a file");
			if (last)
				goto out;
			continue;
		}
		if (!strcmp(comp, "..")) {
			free(comp);
			if (top == 0) {
				*why = N_("a symbolic link leads outside the repository");
				goto out;
			}
			close(fds[top--]);
			if (last) {
				*why = N_("a symbolic link to a directory, not a file");
				goto out;
			}
			continue;
		}
		/* Only a link can lead here: the text rule refuses the name. */
		if (top == 0 && (!strcmp(comp, ".git") || !strcmp(comp, ".itss"))) {
			free(comp);
			*why = N_("a symbolic link leads into .git or .itss");
			goto out;
		}
		/* Non-blocking, so a FIFO is refused instead of waited on. */
		fd = openat(cur, comp, last ? O_RDONLY | O_NONBLOCK | O_NOFOLLOW |
		    O_CLOEXEC | O_NOCTTY : O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
		if (fd >= 0 || (errno != ELOOP && errno != ENOTDIR)) {
			if (fd < 0) {
				*missing = errno == ENOENT;
				*why = *missing ? "no such file" : strerror(errno);
			}
			free(comp);
			if (fd < 0 || last)
				goto out;
			itss_xgrow((void **)&fds, &afds, (size_t)top + 2, sizeof(*fds));
			fds[++top] = fd;
			fd = -1;
			continue;
		}
		/* A link (or a file where a directory was wanted): read it. */
		n = readlinkat(cur, comp, target, sizeof(target) - 1);
		free(comp);
		if (n < 0) {
			*missing = errno == EINVAL || errno == ENOENT;
			*why = *missing ? "no such file" : strerror(errno);
			goto out;
		}
		target[n] = '\0';
		if (!links)
			*why = N_("a symbolic link, not followed");
		else if (n == 0 || target[0] == '/')
			*why = N_("a symbolic link leads outside the repository");
		else if (++hops > LINKS_MAX)
			*why = N_("a loop of symbolic links");
		if (*why)
			goto out;
		push_components(todo, target);
	}
out:
	while (top > 0)
		close(fds[top--]);
	free(fds);
	return fd;
}

int
itss_repo_openat(int rootfd, const char *path, int links, struct stat *st,
    const char **why, int *missing)
{
	struct itss_strlist todo = { 0 };
	int fd;

	*missing = 0;
	*why = NULL;
	if ((*why = itss_repo_path_problem(path)))
		return -1;
	push_components(&todo, path);
	fd = walk_open(rootfd, &todo, links, why, missing);
	itss_strlist_release(&todo);
	if (fd >= 0 && regular(fd, st, why) < 0) {
		close(fd);
		return -1;
	}
	if (fd < 0 && !*why)
		*why = N_("cannot open");
	return fd;
}

int
itss_repo_open_file(const struct itss_repo *r, const char *path,
    struct stat *st, const char **why, int *missing)
{
	return itss_repo_openat(r->rootfd, path, 1, st, why, missing);
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
itss_repo_list_dir(char ***names, size_t *n, int rootfd, const char *dir,
    const char *suffix, struct itss_diags *d)
{
	size_t alloc = 0, sl = strlen(suffix);
	struct dirent *e;
	DIR *dp;
	int fd;

	*names = NULL;
	*n = 0;
	fd = openat(rootfd, dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		itss_diags_add(d, ITSS_ERROR, dir, 0, 0,
		    errno == ENOTDIR || errno == ELOOP ? _("not a directory (a "
		    "symbolic link is not followed)") : _("cannot open: %s"),
		    strerror(errno));
		return -1;
	}
	if (!(dp = fdopendir(fd))) {
		itss_diags_add(d, ITSS_ERROR, dir, 0, 0, _("cannot open: %s"),
		    strerror(errno));
		close(fd);
		return -1;
	}
	while ((errno = 0, e = readdir(dp))) {
		size_t len = strlen(e->d_name);
		if (e->d_name[0] == '.' || len <= sl ||
		    strcmp(e->d_name + len - sl, suffix))
			continue;
		itss_xgrow((void **)names, &alloc, *n + 1, sizeof(**names));
		(*names)[(*n)++] = itss_xasprintf("%s/%s", dir, e->d_name);
	}
	closedir(dp);
	if (*n > 1)
		qsort(*names, *n, sizeof(**names), cmp_name);
	return 0;
}

int
itss_repo_read(char **buf, size_t *len, int rootfd, const char *path,
    size_t max, int *missing, struct itss_diags *d)
{
	const char *why = NULL;
	struct stat st;
	int fd, err;

	*buf = NULL;
	*len = 0;
	*missing = 0;
	if ((fd = itss_repo_openat(rootfd, path, 0, &st, &why, missing)) < 0) {
		if (!*missing)
			itss_diags_add(d, ITSS_ERROR, path, 0, 0, "%s", _(why));
		return -1;
	}
	if (itss_read_fd(buf, len, fd, max, (size_t)st.st_size) < 0) {
		err = errno;
		itss_diags_add(d, ITSS_ERROR, path, 0, 0, _("cannot read: %s"),
		    strerror(err));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}
