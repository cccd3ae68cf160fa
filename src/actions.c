/*
 * actions.c - corrective actions: read from actions/NAME.yaml, each checked
 * against the model, ids unique across the files.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "itss/actions.h"
#include "itss/i18n.h"
#include "itss/util.h"
#include "itss/yaml.h"

#define ACTION_FILE_MAX (4 << 20)

static const char *const status_names[] = { N_("open"), N_("in_progress"),
	N_("done"), N_("verified"), N_("cancelled") };

const char *
itss_action_status_name(enum itss_action_status s)
{
	return status_names[s];
}

int
itss_action_closed(const struct itss_action *a)
{
	return a->status == ITSS_ACTION_VERIFIED ||
	    a->status == ITSS_ACTION_CANCELLED;
}

int
itss_action_overdue(const struct itss_action *a, int32_t as_of)
{
	return !itss_action_closed(a) && a->due < as_of;
}

int
itss_action_answers(const struct itss_action *a, const char *prefix,
    const char *id)
{
	size_t i, pl = strlen(prefix);

	for (i = 0; i < a->nrequirements; i++)
		if (!strncmp(a->requirements[i], prefix, pl) &&
		    !strcmp(a->requirements[i] + pl, id))
			return 1;
	return 0;
}

static int
cmp_due(const void *x, const void *y)
{
	const struct itss_action *a = *(const struct itss_action *const *)x;
	const struct itss_action *b = *(const struct itss_action *const *)y;

	if (a->due != b->due)
		return a->due < b->due ? -1 : 1;
	return strcmp(a->id, b->id);
}

void
itss_actions_by_due(const struct itss_action **v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_due);
}

static void
strings_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void
action_release(struct itss_action *a)
{
	free(a->id);
	strings_free(a->requirements, a->nrequirements);
	free(a->nonconformity);
	free(a->cause);
	free(a->action);
	free(a->owner);
	free(a->verified_by);
	strings_free(a->evidence, a->nevidence);
	free(a->source);
}

void
itss_actions_release(struct itss_actions *set)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		action_release(&set->v[i]);
	free(set->v);
	memset(set, 0, sizeof(*set));
}

/* A text member, when present: a non-empty string. */
static int
text(char **out, const char *src, const struct itss_yaml_node *n,
    const char *key, struct itss_diags *d)
{
	const struct itss_yaml_node *x = itss_yaml_get(n, key);
	const char *s;
	char *what;
	int rc;

	if (!x)
		return 0;
	what = itss_xasprintf("'%s'", key);
	rc = itss_yaml_string(&s, src, x, what, d);
	free(what);
	if (rc < 0)
		return -1;
	*out = itss_xstrdup(s);
	return 0;
}

/* A list of strings (or one), each kept: requirements, evidence. */
static int
strings(char ***out, size_t *n, const char *src, const struct itss_yaml_node *x,
    const char *what, struct itss_diags *d)
{
	const struct itss_yaml_node *one[1];
	const struct itss_yaml_node *const *v = one;
	size_t nv = 1, i;
	int bad = 0;

	if (x->type == ITSS_YAML_SEQ) {
		v = (const struct itss_yaml_node *const *)x->kid;
		nv = x->n;
	} else {
		one[0] = x;
	}
	*out = itss_xcalloc(nv + 1, sizeof(**out));
	*n = 0;
	for (i = 0; i < nv; i++) {
		const char *s;
		if (itss_yaml_string(&s, src, v[i], what, d) < 0) {
			bad = 1;
			continue;
		}
		(*out)[(*n)++] = itss_xstrdup(s);
	}
	return bad ? -1 : 0;
}

static int
action_from_yaml(struct itss_actions *set, const char *src,
    const struct itss_yaml_node *n, const struct itss_model *m,
    struct itss_diags *d)
{
	static const char *const keys[] = { "id", "requirements",
		"nonconformity", "cause", "action", "owner", "due", "status",
		"verified_by", "verified_on", "evidence", NULL };
	static const char *const required[] = { "id", "requirements",
		"nonconformity", "action", "owner", "due", "status", NULL };
	const struct itss_yaml_node *x;
	struct itss_action a;
	const char *s;
	size_t i;
	int bad = 0;

	if (itss_yaml_want(src, n, ITSS_YAML_MAP, N_("a corrective action"), d) < 0)
		return ITSS_EINPUT;
	if (itss_yaml_check_keys(src, n, keys, required, d))
		bad = 1;
	memset(&a, 0, sizeof(a));
	a.due = a.verified_on = INT32_MIN;
	if (text(&a.id, src, n, "id", d) < 0 ||
	    text(&a.nonconformity, src, n, "nonconformity", d) < 0 ||
	    text(&a.cause, src, n, "cause", d) < 0 ||
	    text(&a.action, src, n, "action", d) < 0 ||
	    text(&a.owner, src, n, "owner", d) < 0 ||
	    text(&a.verified_by, src, n, "verified_by", d) < 0)
		bad = 1;
	if ((x = itss_yaml_get(n, "requirements"))) {
		if (strings(&a.requirements, &a.nrequirements, src, x,
		    "a requirement id", d) < 0)
			bad = 1;
		for (i = 0; i < a.nrequirements; i++)
			if (!itss_model_cited(m, a.requirements[i], NULL)) {
				const struct itss_yaml_node *at = x->type ==
				    ITSS_YAML_SEQ ? x->kid[i] : x;
				itss_diags_add(d, ITSS_ERROR, src, at->line, at->col,
				    _("unknown requirement '%s' (`itss model show "
				    "--requirement` finds one)"), a.requirements[i]);
				bad = 1;
			}
		if (!a.nrequirements && !bad) {
			itss_diags_add(d, ITSS_ERROR, src, x->line, x->col,
			    _("'requirements' is empty: name the requirements the "
			    "nonconformity is against"));
			bad = 1;
		}
	}
	if ((x = itss_yaml_get(n, "evidence")) &&
	    strings(&a.evidence, &a.nevidence, src, x, "a record id", d) < 0)
		bad = 1;
	if ((x = itss_yaml_get(n, "due")) &&
	    itss_yaml_date(&a.due, src, x, "'due'", d) < 0)
		bad = 1;
	if ((x = itss_yaml_get(n, "verified_on")) &&
	    itss_yaml_date(&a.verified_on, src, x, "'verified_on'", d) < 0)
		bad = 1;
	if ((x = itss_yaml_get(n, "status")) &&
	    itss_yaml_string(&s, src, x, "'status'", d) == 0) {
		/* As written in English, or in Chinese. */
		static const char *const zh[] = { "未开始", "进行中", "已完成",
			"已验证", "已取消" };
		int k = itss_name_index(status_names, 5, s);
		if (k < 0)
			k = itss_name_index(zh, 5, s);
		if (k < 0) {
			itss_diags_add(d, ITSS_ERROR, src, x->line, x->col,
			    _("status must be open, in_progress, done, verified or "
			    "cancelled (未开始, 进行中, 已完成, 已验证, 已取消), not "
			    "'%s'"), s);
			bad = 1;
		} else {
			a.status = (enum itss_action_status)k;
		}
	} else if (x) {
		bad = 1;
	}
	/* Verified: by someone, on a day, with the evidence that shows it;
	 * and not by the one who did it. */
	if (!bad && a.status == ITSS_ACTION_VERIFIED) {
		if (!a.verified_by || a.verified_on == INT32_MIN || !a.nevidence) {
			itss_diags_add(d, ITSS_ERROR, src, n->line, n->col,
			    _("a verified action needs 'verified_by', 'verified_on' "
			    "and 'evidence' (the record ids that show it fixed)"));
			bad = 1;
		} else if (!strcmp(a.verified_by, a.owner)) {
			x = itss_yaml_get(n, "verified_by");
			itss_diags_add(d, ITSS_ERROR, src, x->line, x->col,
			    _("'%s' owns this action and cannot verify it: the "
			    "verifier is someone else"), a.verified_by);
			bad = 1;
		}
	} else if (!bad && (a.verified_by || a.verified_on != INT32_MIN)) {
		x = itss_yaml_get(n, a.verified_by ? "verified_by" : "verified_on");
		itss_diags_add(d, ITSS_ERROR, src, x->line, x->col,
		    _("the action is %s, not verified: 'verified_by' and "
		    "'verified_on' go with status verified"),
		    _(status_names[a.status]));
		bad = 1;
	}
	if (bad) {
		action_release(&a);
		return ITSS_EINPUT;
	}
	a.source = itss_xstrdup(src);
	a.line = n->line;
	a.col = n->col;
	itss_xgrow((void **)&set->v, &set->alloc, set->n + 1, sizeof(*set->v));
	set->v[set->n++] = a;
	return 0;
}

int
itss_actions_parse(struct itss_actions *set, const char *source,
    const char *buf, size_t len, const struct itss_model *m,
    struct itss_diags *d)
{
	struct itss_yaml_doc doc;
	size_t i, before = set->n;
	int rc = 0;

	if ((rc = itss_yaml_parse(&doc, source, buf, len, NULL, d)) < 0)
		return rc;
	if (doc.root->type == ITSS_YAML_SEQ) {
		for (i = 0; i < doc.root->n; i++)
			if (action_from_yaml(set, source, doc.root->kid[i], m, d) < 0)
				rc = ITSS_EINPUT;
	} else {
		rc = action_from_yaml(set, source, doc.root, m, d);
	}
	itss_yaml_doc_release(&doc);
	/* One broken action leaves its whole file out. */
	if (rc < 0) {
		while (set->n > before)
			action_release(&set->v[--set->n]);
	}
	return rc;
}

static int
cmp_action(const void *a, const void *b)
{
	const struct itss_action *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	if (c)
		return c;
	c = strcmp(x->source, y->source);
	return c ? c : (x->line > y->line) - (x->line < y->line);
}

int
itss_actions_load(struct itss_actions *set, const struct itss_repo *r,
    const struct itss_model *m, struct itss_diags *d)
{
	char **names;
	size_t n, i;

	memset(set, 0, sizeof(*set));
	if (itss_repo_list_dir(&names, &n, r->rootfd, ITSS_ACTION_DIR, ".yaml",
	    d) < 0)
		return ITSS_EIO;
	for (i = 0; i < n; i++) {
		char *buf;
		size_t len;
		int missing;
		if (itss_repo_read(&buf, &len, r->rootfd, names[i], ACTION_FILE_MAX,
		    &missing, d) < 0) {
			/* Gone since the listing: no file, no actions. */
			if (!missing)
				set->ninvalid++;
			continue;
		}
		if (itss_actions_parse(set, names[i], buf, len, m, d) < 0)
			set->ninvalid++;
		free(buf);
	}
	strings_free(names, n);
	/* Ids unique across the files: a second one is an error where it is. */
	if (set->n > 1) {
		qsort(set->v, set->n, sizeof(*set->v), cmp_action);
		for (i = 1; i < set->n; i++)
			if (!strcmp(set->v[i].id, set->v[i - 1].id)) {
				itss_diags_add(d, ITSS_ERROR, set->v[i].source,
				    set->v[i].line, set->v[i].col, _("action id '%s' "
				    "is already used at %s:%u:%u; ids are unique"),
				    set->v[i].id, set->v[i - 1].source,
				    set->v[i - 1].line, set->v[i - 1].col);
				set->ninvalid++;
			}
	}
	return 0;
}
