/*
 * model_find.c - where models are found: the search path and lookup by id.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "itss/i18n.h"
#include "itss/model.h"

void
itss_model_search_path(struct itss_strlist *dirs, const char *env,
    const char *exe_dir, const char *installed)
{
	if (env && *env) {
		const char *p = env;
		while (*p) {
			size_t n = strcspn(p, ":");
			if (n) {
				char *dir = itss_xstrndup(p, n);
				itss_strlist_add(dirs, dir);
				free(dir);
			}
			p += n;
			if (*p == ':')
				p++;
		}
	}
	if (exe_dir) {
		char *dir = itss_xasprintf("%s/models", exe_dir);
		itss_strlist_add(dirs, dir);
		free(dir);
	}
	if (installed)
		itss_strlist_add(dirs, installed);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
itss_model_candidates(struct itss_strlist *files, const struct itss_strlist *dirs)
{
	size_t i, j, k;

	for (i = 0; i < dirs->n; i++) {
		struct itss_strlist names = { 0 };
		struct dirent *e;
		DIR *dir;

		/* The same directory twice on the path: read it once. */
		for (k = 0; k < i; k++)
			if (!strcmp(dirs->v[k], dirs->v[i]))
				break;
		if (k < i)
			continue;
		if (!(dir = opendir(dirs->v[i])))
			continue;
		while ((e = readdir(dir)))
			if (e->d_name[0] != '.' && itss_ends_with(e->d_name, ".yaml"))
				itss_strlist_add(&names, e->d_name);
		closedir(dir);
		if (names.n)
			qsort(names.v, names.n, sizeof(*names.v), cmp_str);
		for (j = 0; j < names.n; j++) {
			char *path = itss_xasprintf("%s/%s", dirs->v[i], names.v[j]);
			struct stat st;
			if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
				itss_strlist_add(files, path);
			free(path);
		}
		itss_strlist_release(&names);
	}
}

/*
 * The id of a model file without checking the whole of it: files named
 * <id>.yaml are tried first, so the usual lookup reads one file.
 */
static int
file_named(const char *path, const char *id)
{
	const char *base = strrchr(path, '/');
	size_t n = strlen(id);

	base = base ? base + 1 : path;
	return !strncmp(base, id, n) && !strcmp(base + n, ".yaml");
}

char *
itss_model_first_named(const char *id, const struct itss_strlist *dirs)
{
	struct itss_strlist files = { 0 };
	char *found = NULL;
	size_t i;

	itss_model_candidates(&files, dirs);
	for (i = 0; i < files.n && !found; i++)
		if (file_named(files.v[i], id))
			found = itss_xstrdup(files.v[i]);
	itss_strlist_release(&files);
	return found;
}

int
itss_model_find(struct itss_model **out, const char *id,
    const struct itss_strlist *dirs, struct itss_diags *d)
{
	struct itss_strlist files = { 0 };
	size_t pass, i;
	int rc = ITSS_EINPUT;

	*out = NULL;
	itss_model_candidates(&files, dirs);
	for (pass = 0; pass < 2 && !*out; pass++) {
		for (i = 0; i < files.n; i++) {
			struct itss_diags quiet = ITSS_DIAGS_INIT;
			struct itss_model *m;
			int named = file_named(files.v[i], id);

			if (named != (pass == 0))
				continue;
			rc = itss_model_load(&m, files.v[i], &quiet);
			if (rc == 0 && !strcmp(m->id, id)) {
				*out = m;
				itss_diags_release(&quiet);
				break;
			}
			if (rc == 0) {
				itss_model_free(m);
			} else if (named) {
				/* The file that should hold it is broken: say so. */
				size_t k;
				for (k = 0; k < quiet.n; k++)
					itss_diags_add(d, quiet.v[k].severity,
					    quiet.v[k].file, quiet.v[k].line,
					    quiet.v[k].col, "%s", quiet.v[k].message);
				itss_diags_release(&quiet);
				itss_strlist_release(&files);
				return rc;
			}
			itss_diags_release(&quiet);
		}
	}
	itss_strlist_release(&files);
	if (*out)
		return 0;
	{
		struct itss_strbuf sb = ITSS_STRBUF_INIT;
		for (i = 0; i < dirs->n; i++)
			itss_strbuf_addf(&sb, "%s%s", i ? ":" : "", dirs->v[i]);
		itss_diags_add(d, ITSS_ERROR, NULL, 0, 0,
		    _("no model '%s' on the model path (%s); `itss model list` "
		    "shows the models found, ITSS_MODEL_PATH adds directories"),
		    id, sb.len ? sb.buf : "empty");
		itss_strbuf_release(&sb);
	}
	return ITSS_EINPUT;
}
