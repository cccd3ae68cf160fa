/*
 * saved.c - saved assessment files (saved.h): sealing one as it is
 * written, and reading one back for the ledger. JSON is read with the
 * YAML reader, since JSON is YAML's flow style; its refusals (duplicate
 * keys, NUL, depth, size) hold here too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "itss/i18n.h"
#include "itss/hash.h"
#include "itss/repo.h"
#include "itss/saved.h"
#include "itss/yaml.h"

#define DIGEST_KEY ",\n  \"digest\": \""

void
itss_saved_seal(struct itss_strbuf *sb)
{
	char hex[ITSS_SHA256_HEX];

	itss_sha256_buf(hex, sb->buf, sb->len);
	/* "...\n}\n" becomes "...,\n  "digest": "HEX"\n}\n". */
	if (sb->len >= 3 && !memcmp(sb->buf + sb->len - 3, "\n}\n", 3))
		sb->len -= 3;
	sb->buf[sb->len] = '\0';
	itss_strbuf_addf(sb, DIGEST_KEY "%s\"\n}\n", hex);
}

int
itss_saved_digest_ok(const char *buf, size_t len)
{
	const size_t tail = sizeof(DIGEST_KEY) - 1 + 64 + 4;	/* HEX"\n}\n */
	struct itss_strbuf body = ITSS_STRBUF_INIT;
	char hex[ITSS_SHA256_HEX];
	const char *at;
	int ok;

	if (len < tail)
		return 0;
	at = buf + len - tail;
	if (memcmp(at, DIGEST_KEY, sizeof(DIGEST_KEY) - 1) ||
	    memcmp(buf + len - 4, "\"\n}\n", 4))
		return 0;
	itss_strbuf_add(&body, buf, (size_t)(at - buf));
	itss_strbuf_addstr(&body, "\n}\n");
	itss_sha256_buf(hex, body.buf, body.len);
	ok = !memcmp(hex, at + sizeof(DIGEST_KEY) - 1, 64);
	itss_strbuf_release(&body);
	return ok;
}

/* A string member, copied into the arena; NULL when absent or null. */
static const char *
text(struct itss_saved *a, const struct itss_yaml_node *map, const char *key)
{
	const struct itss_yaml_node *n = itss_yaml_get(map, key);

	if (!n || n->type != ITSS_YAML_SCALAR)
		return NULL;
	return itss_arena_strndup(&a->mem, n->value, n->len);
}

static unsigned
count(const struct itss_yaml_node *map, const char *key)
{
	const struct itss_yaml_node *n = itss_yaml_get(map, key);

	return n && n->type == ITSS_YAML_SCALAR ? (unsigned)strtoul(n->value,
	    NULL, 10) : 0;
}

/* The levels of the domains ("id") or items ("no"). */
static void
read_levels(struct itss_saved *a, const struct itss_yaml_node *list,
    enum itss_saved_scope scope, size_t *alloc)
{
	size_t i;

	for (i = 0; list && list->type == ITSS_YAML_SEQ && i < list->n; i++) {
		const struct itss_yaml_node *e = list->kid[i];
		struct itss_saved_level *l;
		const char *key = text(a, e, scope == ITSS_SAVED_DOMAIN ? "id" :
		    "no");
		if (!key)
			continue;
		itss_xgrow((void **)&a->levels, alloc, a->nlevels + 1,
		    sizeof(*a->levels));
		l = &a->levels[a->nlevels++];
		l->scope = scope;
		l->key = key;
		l->level = text(a, e, "level");
		l->good = count(e, "good");
		l->applicable = count(e, "applicable");
	}
}

static int
cmp_req(const void *x, const void *y)
{
	return strcmp(((const struct itss_saved_req *)x)->id,
	    ((const struct itss_saved_req *)y)->id);
}

static void
read_reqs(struct itss_saved *a, const struct itss_yaml_node *list)
{
	size_t i, k, alloc = 0;

	for (i = 0; list && list->type == ITSS_YAML_SEQ && i < list->n; i++) {
		const struct itss_yaml_node *e = list->kid[i], *ev;
		struct itss_saved_req *q;
		const char *id = text(a, e, "id");
		if (!id)
			continue;
		itss_xgrow((void **)&a->reqs, &alloc, a->nreqs + 1, sizeof(*a->reqs));
		q = &a->reqs[a->nreqs++];
		q->id = id;
		q->status = text(a, e, "status");
		q->evidence = NULL;
		q->nevidence = 0;
		ev = itss_yaml_get(e, "evidence");
		if (ev && ev->type == ITSS_YAML_SEQ && ev->n) {
			const char **v = itss_arena_alloc(&a->mem, ev->n * sizeof(*v));
			for (k = 0; k < ev->n; k++)
				if (ev->kid[k]->type == ITSS_YAML_SCALAR)
					v[q->nevidence++] = itss_arena_strndup(&a->mem,
					    ev->kid[k]->value, ev->kid[k]->len);
			q->evidence = v;
		}
	}
	/* By id, as the ledger loads them (itss_saved_find_req). */
	if (a->nreqs)
		qsort(a->reqs, a->nreqs, sizeof(*a->reqs), cmp_req);
}

int
itss_saved_read(struct itss_saved *out, const char *source, const char *buf,
    size_t len, struct itss_diags *d)
{
	struct itss_yaml_doc doc;
	const struct itss_yaml_node *root, *saved, *x;
	size_t alloc = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = itss_yaml_parse(&doc, source, buf, len, NULL, d)) < 0)
		return rc;
	root = doc.root;
	rc = ITSS_EINPUT;
	if (itss_yaml_want(source, root, ITSS_YAML_MAP, N_("a saved assessment"),
	    d) < 0)
		goto out;
	saved = itss_yaml_get(root, "saved");
	if (!saved || saved->type != ITSS_YAML_MAP) {
		itss_diags_add(d, ITSS_ERROR, source, root->line, root->col, _("not a "
		    "saved assessment: it has no 'saved' (`itss assess --save` "
		    "writes these files)"));
		goto out;
	}
	out->model = text(out, root, "model");
	if (!(x = itss_yaml_get(root, "as_of")) ||
	    itss_yaml_date(&out->as_of, source, x, "'as_of'", d) < 0 ||
	    !out->model) {
		if (!out->model)
			itss_diags_add(d, ITSS_ERROR, source, root->line, root->col,
			    _("a saved assessment names its 'model'"));
		goto out;
	}
	out->source = itss_arena_strndup(&out->mem, source, strlen(source));
	out->level = text(out, root, "level");
	out->target = text(out, root, "target");
	out->organisation = text(out, root, "organisation");
	out->fingerprint = text(out, root, "fingerprint");
	out->total.good = count(root, "good");
	out->total.applicable = count(root, "applicable");
	out->saved_at = text(out, saved, "saved_at");
	out->model_sha256 = text(out, saved, "model_sha256");
	out->git_commit = text(out, saved, "git_commit");
	x = itss_yaml_get(saved, "clean");
	out->clean = !x || x->type != ITSS_YAML_SCALAR ? -1 :
	    !strcmp(x->value, "true");
	if (!out->saved_at)
		out->saved_at = "";
	if (!out->model_sha256)
		out->model_sha256 = "";
	if (!out->fingerprint)
		out->fingerprint = "";
	read_levels(out, itss_yaml_get(root, "domains"), ITSS_SAVED_DOMAIN, &alloc);
	read_levels(out, itss_yaml_get(root, "items"), ITSS_SAVED_ITEM, &alloc);
	read_reqs(out, itss_yaml_get(root, "requirements"));
	out->edited = !itss_saved_digest_ok(buf, len);
	rc = 0;
out:
	itss_yaml_doc_release(&doc);
	return rc;
}

void
itss_saved_release(struct itss_saved *a)
{
	free(a->levels);
	free(a->reqs);
	itss_arena_release(&a->mem);
	memset(a, 0, sizeof(*a));
}

const struct itss_saved_level *
itss_saved_find_level(const struct itss_saved *a, enum itss_saved_scope scope,
    const char *key)
{
	size_t i;

	for (i = 0; i < a->nlevels; i++)
		if (a->levels[i].scope == scope && !strcmp(a->levels[i].key, key))
			return &a->levels[i];
	return NULL;
}

const struct itss_saved_req *
itss_saved_find_req(const struct itss_saved *a, const char *id)
{
	size_t lo = 0, hi = a->nreqs;

	while (lo < hi) {	/* loaded in order of requirement id */
		size_t mid = (lo + hi) / 2;
		int c = strcmp(id, a->reqs[mid].id);
		if (!c)
			return &a->reqs[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static int
by_when(const void *a, const void *b)
{
	const struct itss_saved *x = a, *y = b;
	int c;

	if (x->as_of != y->as_of)
		return x->as_of < y->as_of ? -1 : 1;
	if ((c = strcmp(x->saved_at ? x->saved_at : "", y->saved_at ?
	    y->saved_at : "")))
		return c;
	return strcmp(x->source, y->source);
}

int
itss_saved_load_all(struct itss_saved **out, size_t *n,
    const struct itss_repo *r, struct itss_diags *d)
{
	char **names;
	size_t nnames, i, alloc = 0;
	struct itss_saved *v = NULL;

	*out = NULL;
	*n = 0;
	if (itss_repo_list_dir(&names, &nnames, r->rootfd, ITSS_ASSESSMENT_DIR,
	    ".json", d) < 0)
		return ITSS_EIO;
	for (i = 0; i < nnames; i++) {
		char *buf;
		size_t len;
		int missing;
		if (itss_repo_read(&buf, &len, r->rootfd, names[i], 64u << 20,
		    &missing, d) < 0)
			continue;	/* gone since the listing, or told */
		itss_xgrow((void **)&v, &alloc, *n + 1, sizeof(*v));
		if (itss_saved_read(&v[*n], names[i], buf, len, d) < 0)
			itss_saved_release(&v[*n]);
		else
			(*n)++;
		free(buf);
	}
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	if (*n > 1)
		qsort(v, *n, sizeof(*v), by_when);
	*out = v;
	return 0;
}
