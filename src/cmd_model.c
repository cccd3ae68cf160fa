/*
 * cmd_model.c - itss model list | show | validate.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "itss/crosswalk.h"
#include "itss/json.h"


const char cmd_model_help[] =
    N_("usage: itss model list\n"
    "       itss model show [ID|FILE] [--json]\n"
    "       itss model validate FILE...\n");


/*
 * Options common to the subcommands: --help, and --json where json is not
 * NULL. Returns -1 to go on, or the exit status to return at once.
 */
static int
parse_opts(int argc, char **argv, const char *help, int *json)
{
	static const struct option with_json[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", with_json, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(_(help), stdout);
			return EXIT_OK;
		case 'j':
			if (!json)
				return cli_usage(help,
				    _("--json is not an option of this command"));
			*json = 1;
			break;
		default:
			return cli_bad_option(argv, optopt, help);
		}
	}
	return -1;
}

/* "5 levels, 8 domains, 48 items[, 312 clauses], 700 requirements". */
static void
print_counts(const struct itss_model *m, int clauses)
{
	printf(P_("%zu level", "%zu levels", m->nlevels), m->nlevels);
	printf(P_(", %zu domain", ", %zu domains", m->ndomains), m->ndomains);
	printf(P_(", %zu item", ", %zu items", m->nitems), m->nitems);
	if (clauses)
		printf(P_(", %zu clause", ", %zu clauses", m->nclauses),
		    m->nclauses);
	printf(P_(", %zu requirement", ", %zu requirements",
	    m->nrequirements), m->nrequirements);
}

/* "FILE: invalid, N errors". */
static void
print_invalid(const char *file, size_t errors)
{
	printf(P_("%s: invalid, %zu error\n", "%s: invalid, %zu errors\n",
	    errors), file, errors);
}

/* ---- list ---- */

static const char list_help[] =
    N_("usage: itss model list\n"
    "\n"
    "List the models on the model path: the directories of ITSS_MODEL_PATH,\n"
    "then models/ beside the itss binary, then the installed models. A model\n"
    "whose id an earlier one already has is shown as shadowed; a file that\n"
    "is not a valid model is shown as invalid (`itss model validate` says why).\n");

static int
model_list(int argc, char **argv)
{
	struct itss_strlist dirs = { 0 }, files = { 0 }, seen = { 0 };
	size_t i, j, wid = 2, wtitle = 5;
	struct itss_model **models;
	int rc = parse_opts(argc, argv, list_help, NULL);

	if (rc >= 0)
		return rc;
	if ((rc = cli_no_operands(argc, argv, list_help, "model list")) >= 0)
		return rc;
	cli_model_dirs(&dirs);
	itss_model_candidates(&files, &dirs);
	models = itss_xcalloc(files.n ? files.n : 1, sizeof(*models));
	for (i = 0; i < files.n; i++) {
		struct itss_diags d = ITSS_DIAGS_INIT;
		itss_model_load(&models[i], files.v[i], &d);
		itss_diags_release(&d);
		if (models[i]) {
			if (strlen(models[i]->id) > wid)
				wid = strlen(models[i]->id);
			if (itss_display_width(models[i]->title) > wtitle)
				wtitle = itss_display_width(models[i]->title);
		}
	}
	if (!files.n) {
		printf(_("no models found; the model path is:\n"));
		for (i = 0; i < dirs.n; i++)
			printf("  %s\n", dirs.v[i]);
	} else {
		cli_pad(stdout, _("ID"), wid + 2);
		cli_pad(stdout, _("TITLE"), wtitle + 2);
		printf(_("LEVELS DOMAINS ITEMS REQUIREMENTS  FILE\n"));
	}
	for (i = 0; i < files.n; i++) {
		struct itss_model *m = models[i];
		if (!m) {
			cli_pad(stdout, "-", wid + 2);
			cli_pad(stdout, _("(invalid: run `itss model validate`)"),
			    wtitle + 2);
			printf("%6s %7s %5s %12s  %s\n", "-", "-", "-", "-",
			    files.v[i]);
			continue;
		}
		for (j = 0; j < seen.n; j++)
			if (!strcmp(seen.v[j], m->id))
				break;
		cli_pad(stdout, m->id, wid + 2);
		cli_pad(stdout, m->title, wtitle + 2);
		printf("%6zu %7zu %5zu %12zu  %s%s\n", m->nlevels, m->ndomains,
		    m->nitems, m->nrequirements, files.v[i],
		    j < seen.n ? _(" (shadowed)") : "");
		itss_strlist_add(&seen, m->id);
	}
	for (i = 0; i < files.n; i++)
		itss_model_free(models[i]);
	free(models);
	itss_strlist_release(&seen);
	itss_strlist_release(&files);
	itss_strlist_release(&dirs);
	return EXIT_OK;
}

/* ---- show ---- */

/*
 * The model of the evidence repository around the current directory (its
 * itss.yaml's first), as an id or a file's path; NULL outside one, or when
 * its itss.yaml cannot be read (the commands in it say why).
 */
static char *
repo_model(void)
{
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct itss_repo *r = NULL;
	char *root = NULL, *out = NULL;

	if (itss_repo_find(&root, ".", &d) == 0 &&
	    itss_repo_open(&r, root, &d) == 0 && r->model)
		out = strchr(r->model, '/') || itss_ends_with(r->model, ".yaml") ?
		    itss_xasprintf("%s/%s", root, r->model) :
		    itss_xstrdup(r->model);
	itss_repo_free(r);
	free(root);
	itss_diags_release(&d);
	return out;
}

static const char show_help[] =
    "usage: itss model show [ID|FILE] [--json] [--item N] [--requirement PREFIX]\n"
    "\n"
    "Show a model: its levels, and for each domain and item the number of\n"
    "requirements at each level (· where the item is not assessed, = where\n"
    "the domain is assessed as a whole). Without ID or FILE, the model of\n"
    "the evidence repository around (the first of itss.yaml's), else the ITSS\n"
    "model (" ITSS_DEFAULT_MODEL ").\n"
    "\n"
    "  --json                print the whole model as one JSON object\n"
    "  --item N              the requirements of item N (number, id or name):\n"
    "                        id, level, the evidence they expect, the text\n"
    "  --requirement PREFIX  the requirements whose id is PREFIX or starts\n"
    "                        with PREFIX. (a clause: 8.4.4)\n";

static void
json_strings(struct itss_json *j, const char *const *v, size_t n)
{
	size_t i;

	itss_json_array(j);
	for (i = 0; i < n; i++)
		itss_json_string(j, v[i]);
	itss_json_end(j);
}

static void
json_levels(struct itss_json *j, const struct itss_model *m, unsigned set)
{
	size_t i;

	itss_json_array(j);
	for (i = 0; i < m->nlevels; i++)
		if (set & (1u << i))
			itss_json_string(j, m->levels[i].id);
	itss_json_end(j);
}

static void
show_json(const struct itss_model *m)
{
	struct itss_strbuf sb = ITSS_STRBUF_INIT, win = ITSS_STRBUF_INIT;
	struct itss_json j;
	size_t i, k;

	itss_json_init(&j, &sb);
	itss_json_object(&j);
	itss_json_kv_string(&j, "id", m->id);
	itss_json_kv_string(&j, "title", m->title);
	itss_json_kv_string(&j, "standard", m->standard);
	itss_json_kv_string(&j, "title_en", m->title_en);
	itss_json_kv_string(&j, "version", m->version);
	itss_json_kv_string(&j, "replaces", m->replaces);
	itss_json_kv_string(&j, "publisher", m->publisher);
	itss_json_key(&j, "published");
	if (m->published != INT32_MIN) {
		char d[11];
		itss_date_format(d, m->published);
		itss_json_string(&j, d);
	} else {
		itss_json_null(&j);
	}
	itss_json_key(&j, "related_standards");
	json_strings(&j, m->related_standards, m->nrelated_standards);
	itss_json_key(&j, "notes");
	json_strings(&j, m->notes, m->nnotes);
	itss_json_key(&j, "default_window");
	itss_window_format(&win, &m->default_window);
	itss_json_string(&j, win.buf);
	/* Evaluation tables, when the model has them (Appendix B of DGAG). */
	if (m->nevaluations) {
		itss_json_key(&j, "evaluations");
		itss_json_array(&j);
		for (i = 0; i < m->nevaluations; i++) {
			const struct itss_eval_table *t = &m->evaluations[i];
			size_t e;
			itss_json_object(&j);
			itss_json_kv_string(&j, "id", t->id);
			itss_json_kv_string(&j, "name", t->name);
			itss_json_key(&j, "scale");
			itss_json_array(&j);
			itss_json_number(&j, t->min);
			itss_json_number(&j, t->max);
			itss_json_end(&j);
			itss_json_key(&j, "items");
			itss_json_array(&j);
			for (e = 0; e < t->nitems; e++) {
				itss_json_object(&j);
				itss_json_kv_int(&j, "number", t->items[e].no);
				itss_json_kv_string(&j, "name", t->items[e].name);
				itss_json_kv_string(&j, "content", t->items[e].content);
				itss_json_key(&j, "posts");
				json_strings(&j, t->items[e].posts, t->items[e].nposts);
				itss_json_end(&j);
			}
			itss_json_end(&j);
			itss_json_end(&j);
		}
		itss_json_end(&j);
	}

	itss_json_key(&j, "levels");
	itss_json_array(&j);
	for (i = 0; i < m->nlevels; i++) {
		const struct itss_level *l = &m->levels[i];
		itss_json_object(&j);
		itss_json_kv_string(&j, "id", l->id);
		itss_json_kv_string(&j, "name", l->name);
		itss_json_kv_int(&j, "rank", l->rank);
		itss_json_kv_string(&j, "grade", l->grade);
		itss_json_key(&j, "aliases");
		json_strings(&j, l->aliases, l->naliases);
		itss_json_kv_string(&j, "basis", l->basis);
		itss_json_kv_string(&j, "definition", l->definition);
		itss_json_key(&j, "characteristics");
		json_strings(&j, l->characteristics, l->ncharacteristics);
		itss_json_end(&j);
	}
	itss_json_end(&j);

	itss_json_key(&j, "evidence_kinds");
	itss_json_array(&j);
	for (i = 0; i < m->nkinds; i++) {
		itss_json_object(&j);
		itss_json_kv_string(&j, "id", m->kinds[i].id);
		itss_json_kv_string(&j, "name", m->kinds[i].name);
		itss_json_kv_string(&j, "description", m->kinds[i].description);
		itss_json_end(&j);
	}
	itss_json_end(&j);

	itss_json_key(&j, "domains");
	itss_json_array(&j);
	for (i = 0; i < m->ndomains; i++) {
		const struct itss_domain *dm = &m->domains[i];
		itss_json_object(&j);
		itss_json_kv_string(&j, "id", dm->id);
		itss_json_kv_string(&j, "name", dm->name);
		itss_json_kv_int(&j, "number", dm->no);
		itss_json_kv_string(&j, "group", dm->group ? dm->group->name : NULL);
		itss_json_key(&j, "wide_levels");
		json_levels(&j, m, dm->wide_levels);
		itss_json_key(&j, "characteristics");
		itss_json_object(&j);
		for (k = 0; k < m->nlevels; k++) {
			if (!dm->characteristics[k])
				continue;
			itss_json_key(&j, m->levels[k].id);
			itss_json_string(&j, dm->characteristics[k]);
		}
		itss_json_end(&j);
		itss_json_key(&j, "items");
		itss_json_array(&j);
		for (k = 0; k < dm->nitems; k++) {
			const struct itss_item *it = &m->items[dm->first_item + k];
			itss_json_object(&j);
			itss_json_kv_int(&j, "no", it->no);
			itss_json_kv_string(&j, "id", it->id);
			itss_json_kv_string(&j, "name", it->name);
			itss_json_key(&j, "aliases");
			json_strings(&j, it->aliases, it->naliases);
			itss_json_key(&j, "levels");
			json_levels(&j, m, it->levels);
			itss_json_key(&j, "own_levels");
			json_levels(&j, m, it->own_levels);
			itss_json_end(&j);
		}
		itss_json_end(&j);
		itss_json_end(&j);
	}
	itss_json_end(&j);

	itss_json_key(&j, "requirements");
	itss_json_array(&j);
	for (i = 0; i < m->nrequirements; i++) {
		const struct itss_requirement *r = &m->requirements[i];
		itss_json_object(&j);
		itss_json_kv_string(&j, "id", r->id);
		itss_json_kv_string(&j, "level", m->levels[r->level].id);
		itss_json_kv_string(&j, "domain", m->domains[r->domain].id);
		itss_json_key(&j, "item");
		if (r->item)
			itss_json_int(&j, r->item);
		else
			itss_json_null(&j);
		itss_json_kv_string(&j, "text", r->text);
		itss_json_key(&j, "expects");
		itss_json_array(&j);
		for (k = 0; k < r->nexpects; k++)
			itss_json_string(&j, r->expects[k]->id);
		itss_json_end(&j);
		itss_json_kv_string(&j, "clause", r->clause);
		itss_json_kv_string(&j, "heading", r->heading);
		itss_json_kv_string(&j, "lead", r->lead);
		itss_json_kv_string(&j, "periodic", r->periodic);
		itss_json_key(&j, "window");
		if (r->periodic) {
			struct itss_window w = itss_requirement_window(m, r, NULL);
			itss_strbuf_reset(&win);
			itss_window_format(&win, &w);
			itss_json_string(&j, win.buf);
		} else {
			itss_json_null(&j);
		}
		itss_json_kv_string(&j, "note", r->note);
		if (r->nevaluations) {
			itss_json_key(&j, "evaluations");
			itss_json_array(&j);
			for (k = 0; k < r->nevaluations; k++)
				itss_json_string(&j, r->evaluations[k]->id);
			itss_json_end(&j);
		} else if (r->ndocuments) {
			itss_json_key(&j, "documents");
			itss_json_object(&j);
			itss_json_kv_string(&j, "table", r->documents_table);
			itss_json_key(&j, "names");
			itss_json_array(&j);
			for (k = 0; k < r->ndocuments; k++)
				itss_json_string(&j, r->documents[k]);
			itss_json_end(&j);
			itss_json_end(&j);
		}
		itss_json_end(&j);
	}
	itss_json_end(&j);
	itss_json_end(&j);
	itss_json_finish(&j);
	fwrite(sb.buf, 1, sb.len, stdout);
	itss_strbuf_release(&sb);
	itss_strbuf_release(&win);
}

/* Requirements per (item or domain-wide, level). */
static size_t
count_at(const struct itss_model *m, size_t domain, unsigned item, size_t level)
{
	size_t i, n = 0;

	for (i = 0; i < m->nrequirements; i++) {
		const struct itss_requirement *r = &m->requirements[i];
		n += r->domain == domain && r->item == item && r->level == level;
	}
	return n;
}

static void
show_outline(const struct itss_model *m)
{
	size_t i, k, l, wname = 0, wcol = 6;
	char buf[32];

	printf("%s  %s\n", m->id, m->title);
	if (m->standard) {
		printf("%s", m->standard);
		if (m->replaces)
			printf(_(" (replaces %s)"), m->replaces);
		if (m->published != INT32_MIN) {
			char d[11];
			itss_date_format(d, m->published);
			printf(_(", published %s"), d);
		}
		printf("\n");
	}
	print_counts(m, 1);
	printf("\n");
	printf(_("evidence kinds:"));
	for (i = 0; i < m->nkinds; i++)
		printf(" %s", m->kinds[i].id);
	printf(_("\n\nLevels, lowest first:\n"));
	for (l = 0; l < m->nlevels; l++) {
		size_t n = 0, w = itss_display_width(m->levels[l].name);
		for (i = 0; i < m->nrequirements; i++)
			n += m->requirements[i].level == l;
		if (w + 2 > wcol)
			wcol = w + 2;
		printf("  %zu  ", (size_t)m->levels[l].rank);
		cli_pad(stdout, m->levels[l].id, 15);
		cli_pad(stdout, m->levels[l].name, 10);
		cli_pad(stdout, m->levels[l].grade ? m->levels[l].grade : "", 6);
		printf(P_("%4zu requirement\n", "%4zu requirements\n", n), n);
	}

	for (i = 0; i < m->nitems; i++) {
		size_t w = itss_display_width(m->items[i].name) + 5;
		if (w > wname)
			wname = w;
	}
	for (i = 0; i < m->ndomains; i++) {
		size_t w = itss_display_width(m->domains[i].name) +
		    strlen(m->domains[i].id) + 4;
		if (w > wname)
			wname = w;
	}
	if (wname < 20)
		wname = 20;
	printf(_("\nRequirements per item and level "
	    "(· not assessed, = assessed as a domain):\n"));
	cli_pad(stdout, "", wname + 2);
	for (l = 0; l < m->nlevels; l++)
		cli_rpad(stdout, m->levels[l].name, wcol);
	printf("\n");
	for (i = 0; i < m->ndomains; i++) {
		const struct itss_domain *dm = &m->domains[i];
		printf("%u %s %s", dm->no, dm->name, dm->id);
		if (dm->group)
			printf("  [%s]", dm->group->name);
		printf("\n");
		for (k = 0; k < dm->nitems; k++) {
			const struct itss_item *it = &m->items[dm->first_item + k];
			snprintf(buf, sizeof(buf), "%3u ", it->no);
			printf("  ");
			fputs(buf, stdout);
			cli_pad(stdout, it->name, wname - 4);
			for (l = 0; l < m->nlevels; l++) {
				if (it->own_levels & (1u << l))
					snprintf(buf, sizeof(buf), "%zu",
					    count_at(m, i, it->no, l));
				else
					snprintf(buf, sizeof(buf), "%s",
					    dm->wide_levels & (1u << l) ? "=" : "·");
				cli_rpad(stdout, buf, wcol);
			}
			printf("\n");
		}
		if (dm->wide_levels) {
			printf("      ");
			cli_pad(stdout, "(domain-wide)", wname - 4);
			for (l = 0; l < m->nlevels; l++) {
				if (dm->wide_levels & (1u << l))
					snprintf(buf, sizeof(buf), "%zu",
					    count_at(m, i, 0, l));
				else
					snprintf(buf, sizeof(buf), "·");
				cli_rpad(stdout, buf, wcol);
			}
			printf("\n");
		}
	}
}

/* Does id fall under prefix: itself, or a clause or requirement below it? */
static int
under(const char *id, const char *prefix)
{
	size_t n = strlen(prefix);

	return !strncmp(id, prefix, n) && (id[n] == '\0' || id[n] == '.' ||
	    (n && prefix[n - 1] == '.'));
}

/* The requirements of an item, or under a prefix, one a line. */
static int
show_requirements(const struct itss_model *m, const struct itss_item *it,
    const char *prefix)
{
	struct itss_strbuf ex = ITSS_STRBUF_INIT;
	size_t i, k, n = 0, wid = 2, wlevel = 2;

	for (i = 0; i < m->nrequirements; i++) {
		const struct itss_requirement *q = &m->requirements[i];
		if ((it && q->item != it->no) || (prefix && !under(q->id, prefix)))
			continue;
		if (strlen(q->id) + 2 > wid)
			wid = strlen(q->id) + 2;
		if (itss_display_width(m->levels[q->level].name) + 2 > wlevel)
			wlevel = itss_display_width(m->levels[q->level].name) + 2;
	}
	if (it)
		printf("%u %s (%s)\n", it->no, it->name, it->id);
	for (i = 0; i < m->nrequirements; i++) {
		const struct itss_requirement *q = &m->requirements[i];
		if ((it && q->item != it->no) || (prefix && !under(q->id, prefix)))
			continue;
		itss_strbuf_reset(&ex);
		for (k = 0; k < q->nexpects; k++)
			itss_strbuf_addf(&ex, "%s%s (%s)", k ? ", " : "",
			    q->expects[k]->id, q->expects[k]->name);
		if (!q->nexpects)
			itss_strbuf_addstr(&ex, "any record");
		if (q->periodic)
			itss_strbuf_addf(&ex, "; periodic (%s)", q->periodic);
		printf("  ");
		cli_pad(stdout, q->id, wid);
		cli_pad(stdout, m->levels[q->level].name, wlevel);
		printf("%s\n", ex.buf);
		printf("  ");
		cli_pad(stdout, "", wid + wlevel);
		printf("%s\n", q->text);
		/* Named documents: one a line, as `documents:` takes them. */
		if (q->ndocuments) {
			printf("  ");
			cli_pad(stdout, "", wid + wlevel);
			printf(_("documents (%s), a record naming each:\n"),
			    q->documents_table ? q->documents_table : "named");
			for (k = 0; k < q->ndocuments; k++) {
				printf("  ");
				cli_pad(stdout, "", wid + wlevel + 2);
				printf("%s\n", q->documents[k]);
			}
		}
		n++;
	}
	itss_strbuf_release(&ex);
	if (!n) {
		if (it)
			printf(_("item %u has no requirements\n"), it->no);
		else
			cli_error(_("model '%s' has no requirement '%s' or under it; "
			    "`itss model show --json` lists them"), m->id, prefix);
		return it ? EXIT_OK : EXIT_USAGE;
	}
	return EXIT_OK;
}

static int
model_show(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ "item", required_argument, NULL, 'i' },
		{ "requirement", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	const char *item_arg = NULL, *prefix = NULL;
	struct itss_model *m;
	int json = 0, rc, c;
	const char *name;
	char *here = NULL;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(_(show_help), stdout);
			return EXIT_OK;
		case 'j': json = 1; break;
		case 'i': item_arg = optarg; break;
		case 'r': prefix = optarg; break;
		default:
			return cli_bad_option(argv, optopt, show_help);
		}
	}
	if (json + !!item_arg + !!prefix > 1)
		return cli_usage(show_help, _("model show takes one of --json, "
		    "--item and --requirement"));
	if (argc - optind > 1)
		return cli_usage(show_help,
		    _("model show takes one model, not %d"), argc - optind);
	name = optind < argc ? argv[optind] : NULL;
	if (!name)
		name = here = repo_model();
	if (!name)
		name = ITSS_DEFAULT_MODEL;
	rc = cli_load_model(&m, name);
	free(here);
	if (rc != EXIT_OK)
		return rc;
	rc = EXIT_OK;
	if (json) {
		show_json(m);
	} else if (item_arg) {
		const struct itss_item *it = itss_model_item(m, item_arg);
		if (!it) {
			cli_error(_("model '%s' has no item '%s'"), m->id, item_arg);
			rc = EXIT_USAGE;
		} else {
			rc = show_requirements(m, it, NULL);
		}
	} else if (prefix) {
		rc = show_requirements(m, NULL, prefix);
	} else {
		show_outline(m);
	}
	itss_model_free(m);
	return rc;
}

/* ---- validate ---- */

static const char validate_help[] =
    N_("usage: itss model validate FILE...\n"
    "\n"
    "Check model files and report every problem, located as file:line:col.\n"
    "Beyond the YAML shape: ids are unique; every reference resolves (item\n"
    "to domain, requirement to level, domain and item, expects to declared\n"
    "evidence kinds); the item x level matrix agrees with the requirements;\n"
    "every level is reachable.\n"
    "\n"
    "Exit status: 0 all valid, 3 a file is invalid, 4 a file cannot be read.\n");

/*
 * A crosswalk file (its first key 'crosswalk'), against the two models it
 * names, found on the model path: the exit status, or -1 when file is no
 * crosswalk (a model, then).
 */
static int
validate_crosswalk(const char *file)
{
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct itss_strlist dirs = { 0 };
	struct itss_model *m[2] = { NULL, NULL };
	struct itss_crosswalk *x = NULL;
	char *buf = NULL, *id[2];
	size_t len, k, counting = 0;
	int status = EXIT_OK, rc = 0;

	if (itss_read_file(&buf, &len, file, itss_yaml_default_limits.max_bytes) < 0)
		return -1;	/* the model reader says why */
	if (itss_crosswalk_peek(buf, len, &id[0], &id[1]) < 0) {
		free(buf);
		return -1;
	}
	cli_model_dirs(&dirs);
	for (k = 0; k < 2 && rc == 0; k++)
		rc = itss_model_find(&m[k], id[k], &dirs, &d);
	if (rc == 0)
		rc = itss_crosswalk_parse(&x, file, buf, len,
		    (const struct itss_model *const *)m, 2, &d);
	cli_print_diags(&d);
	if (rc == 0) {
		for (k = 0; k < x->npairs; k++)
			counting += itss_xw_counts(&x->pairs[k], 0) ||
			    itss_xw_counts(&x->pairs[k], 1);
		printf(P_("%s: valid crosswalk '%s': %zu pair between %s and %s, "
		    "%zu through which evidence counts\n", "%s: valid crosswalk "
		    "'%s': %zu pairs between %s and %s, %zu through which evidence "
		    "counts\n", x->npairs), file, x->id, x->npairs, id[0], id[1],
		    counting);
	} else {
		print_invalid(file, d.errors);
		status = rc == ITSS_EIO ? EXIT_IO : EXIT_INPUT;
	}
	itss_crosswalk_free(x);
	for (k = 0; k < 2; k++) {
		itss_model_free(m[k]);
		free(id[k]);
	}
	itss_strlist_release(&dirs);
	itss_diags_release(&d);
	free(buf);
	return status;
}

static int
model_validate(int argc, char **argv)
{
	int rc = parse_opts(argc, argv, validate_help, NULL), status = EXIT_OK;

	if (rc >= 0)
		return rc;
	if (optind >= argc)
		return cli_usage(validate_help,
		    _("model validate needs at least one FILE"));
	for (; optind < argc; optind++) {
		struct itss_diags d = ITSS_DIAGS_INIT;
		struct itss_model *m;
		const char *file = argv[optind];
		int xw = validate_crosswalk(file);

		if (xw >= 0) {
			if (xw != EXIT_OK && status == EXIT_OK)
				status = xw;
			continue;
		}
		rc = itss_model_load(&m, file, &d);
		cli_print_diags(&d);
		if (rc == 0) {
			printf(_("%s: valid model '%s': "), file, m->id);
			print_counts(m, 0);
			printf("\n");
			itss_model_free(m);
		} else if (rc == ITSS_EIO) {
			status = EXIT_IO;
		} else {
			print_invalid(file, d.errors);
			if (status == EXIT_OK)
				status = EXIT_INPUT;
		}
		itss_diags_release(&d);
	}
	return status;
}

const struct cli_command cmd_model_commands[] = {
	{ "list", model_list, list_help, N_("list the models found"), 0, NULL, NULL },
	{ "show", model_show, show_help,
	    N_("show a model's outline, or all of it as JSON"), 0, NULL, NULL },
	{ "validate", model_validate, validate_help,
	    N_("check model files, every problem located"), 0, NULL, NULL },
	{ NULL, NULL, NULL, NULL, 0, NULL, NULL },
};

