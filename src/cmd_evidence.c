/*
 * cmd_evidence.c - itss evidence import | list | show | new | template.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "itss/atomic.h"
#include "itss/template.h"

const char cmd_evidence_help[] =
    N_("usage: itss evidence import\n"
    "       itss evidence list [--item N] [--requirement ID] [--kind K]\n"
    "                          [--status S] [--owner NAME] [--expiring-before DATE]\n"
    "       itss evidence show ID\n"
    "       itss evidence new (--item N | --requirement ID) [--kind K]\n"
    "       itss evidence template DIR\n");

/* ---- import ---- */

static const char import_help[] =
    N_("usage: itss evidence import\n"
    "\n"
    "Bring the index (.itss/) in line with the files: new, changed and\n"
    "deleted evidence records and judgements, in one transaction. Every file\n"
    "a record cites is checked and hashed with SHA-256 unless unchanged since\n"
    "the last import. A file with errors is invalid: its records are not\n"
    "counted, the rest is indexed, and the errors are all reported (exit 3).\n"
    "Missing files, files that differ from their recorded hash and files\n"
    "that change while read are reported as findings.\n");

static int
evidence_import(int argc, char **argv)
{
	struct itss_import_stats st;
	struct cli_repo r;
	int status = cli_only_help(argc, argv, import_help);

	if (status >= 0)
		return status;
	if ((status = cli_no_operands(argc, argv, import_help,
	    "evidence import")) >= 0)
		return status;
	if ((status = cli_repo_open(&r, CLI_SYNC_ONLY, &st)) != EXIT_OK)
		return status;
	printf(P_("%zu evidence and judgement file (%zu read",
	    "%zu evidence and judgement files (%zu read", st.sources),
	    st.sources, st.sources_read);
	/* Touched, checked out again: hashed, their records kept. */
	if (st.sources_same)
		printf(_(", %zu of them as indexed"), st.sources_same);
	printf(_("), %zu removed; "), st.sources_removed);
	printf(P_("%zu record", "%zu records", st.records), st.records);
	printf(P_(", %zu judgement", ", %zu judgements", st.judgements),
	    st.judgements);
	printf(P_("; %zu cited file", "; %zu cited files", st.files), st.files);
	printf(_(" (%zu hashed, %.1f MiB)%s%s\n"),
	    st.files_hashed, (double)st.bytes_hashed / (1 << 20),
	    st.changed ? _("; index updated") : _("; index unchanged"),
	    st.findings ? _("; findings above") : "");
	/* The rest is indexed; the broken files are still input errors. */
	if (st.invalid)
		printf(P_("%zu invalid file (errors above): its records not "
		    "counted until fixed\n", "%zu invalid files (errors above): "
		    "their records not counted until fixed\n", st.invalid),
		    st.invalid);
	status = cli_repo_close(&r);
	return status != EXIT_OK ? status : st.invalid ? EXIT_INPUT : EXIT_OK;
}

/* ---- list ---- */

static const char list_help[] =
    N_("usage: itss evidence list [--item N] [--requirement ID] [--kind K]\n"
    "                          [--status S] [--owner NAME]\n"
    "                          [--expiring-before DATE]\n"
    "\n"
    "List evidence records, by date, with their kind, status, validity and\n"
    "owner. A '!' after the status marks a record with a missing or altered\n"
    "file. The index is brought up to date first.\n"
    "\n"
    "  --item N               records serving item N (number, id or name)\n"
    "  --requirement ID       records citing requirement ID (e.g. 7.4.4.a)\n"
    "  --kind K               records of kind K (policy, record, ...)\n"
    "  --status S             draft, approved, superseded or rejected\n"
    "  --owner NAME           records owned by NAME\n"
    "  --expiring-before DATE records valid until before DATE (YYYY-MM-DD)\n");

/*
 * The list, in two walks of the index so that memory does not grow with
 * the records: the first measures the columns, the second prints.
 */
#define COLS 7
struct table {
	int32_t today;		/* what "expired" is measured against */
	int printing;
	size_t rows, w[COLS];
	struct itss_strbuf cell[COLS];
};

static void
row_cells(struct table *t, const struct itss_record_row *row)
{
	char day[11], until[11];
	size_t c;

	for (c = 0; c < COLS; c++)
		itss_strbuf_reset(&t->cell[c]);
	itss_date_format(day, row->date);
	if (row->valid_until == INT32_MAX)
		snprintf(until, sizeof(until), "-");
	else
		itss_date_format(until, row->valid_until);
	/* Made visible here, so that the widths are those printed. */
	itss_strbuf_addstr(&t->cell[0], cli_vis(row->id));
	itss_strbuf_addstr(&t->cell[1], day);
	itss_strbuf_addstr(&t->cell[2], cli_vis(row->kind));
	itss_strbuf_addf(&t->cell[3], "%s%s", _(itss_record_row_status(row,
	    t->today)), row->bad_files ? "!" : "");
	itss_strbuf_addstr(&t->cell[4], until);
	itss_strbuf_addstr(&t->cell[5], row->owner ? cli_vis(row->owner) : "-");
	itss_strbuf_addstr(&t->cell[6], cli_vis(row->title));
}

static int
list_row(void *ctx, const struct itss_record_row *row)
{
	struct table *t = ctx;
	size_t c;

	row_cells(t, row);
	t->rows++;
	/* The cells are visible already: measured, then padded, as they are. */
	for (c = 0; c + 1 < COLS; c++) {
		size_t x = itss_display_width(t->cell[c].buf);
		if (!t->printing) {
			if (x > t->w[c])
				t->w[c] = x;
			continue;
		}
		fwrite(t->cell[c].buf, 1, t->cell[c].len, stdout);
		cli_spaces(stdout, t->w[c] + 2 - x);
	}
	if (t->printing) {
		fwrite(t->cell[c].buf, 1, t->cell[c].len, stdout);
		fputc('\n', stdout);
	}
	return 0;
}

/* The list's column heads. */
static const char *const list_head[COLS] = { N_("ID"), N_("DATE"), N_("KIND"),
	N_("STATUS"), N_("VALID UNTIL"), N_("OWNER"), N_("TITLE") };

static void
print_head(const struct table *t)
{
	size_t c;

	for (c = 0; c < COLS; c++) {
		const char *h = _(list_head[c]);
		if (c + 1 < COLS)
			cli_pad(stdout, h, (t->w[c] > itss_display_width(h) ?
			    t->w[c] : itss_display_width(h)) + 2);
		else
			fputs(h, stdout);
	}
	fputc('\n', stdout);
}

static int
evidence_list(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "item", required_argument, NULL, 'i' },
		{ "requirement", required_argument, NULL, 'r' },
		{ "kind", required_argument, NULL, 'k' },
		{ "status", required_argument, NULL, 's' },
		{ "owner", required_argument, NULL, 'o' },
		{ "expiring-before", required_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 },
	};
	struct itss_record_filter f;
	struct itss_diags d = ITSS_DIAGS_INIT;
	const char *item = NULL;
	struct table t;
	enum itss_record_status st;
	struct cli_repo r;
	size_t i;
	int c, status, rc;

	itss_record_filter_init(&f);
	f.light = 1;
	memset(&t, 0, sizeof(t));
	for (i = 0; i < COLS; i++)
		itss_strbuf_init(&t.cell[i]);
	t.today = cli_today();
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(_(list_help), stdout);
			return EXIT_OK;
		case 'i': item = optarg; break;
		case 'r': f.requirement = optarg; break;
		case 'k': f.kind = optarg; break;
		case 's':
			if (itss_status_parse(&st, optarg) < 0) {
				cli_error(_("--status must be draft, approved, "
				    "superseded or rejected"));
				return EXIT_USAGE;
			}
			f.status = optarg;
			break;
		case 'o': f.owner = optarg; break;
		case 'e':
			if (itss_date_parse(&f.expiring_before, optarg,
			    strlen(optarg)) < 0) {
				cli_error(_("--expiring-before must be a date "
				    "YYYY-MM-DD, not '%s'"), optarg);
				return EXIT_USAGE;
			}
			break;
		default:
			return cli_bad_option(argv, optopt, list_help);
		}
	}
	if ((status = cli_no_operands(argc, argv, list_help,
	    "evidence list")) >= 0)
		return status;
	if ((status = cli_repo_open(&r, CLI_SYNC_QUIET, NULL)) != EXIT_OK)
		return status;
	if (item) {
		const struct itss_item *it = itss_model_item(r.model, item);
		if (!it) {
			cli_error(_("model '%s' has no item '%s'"), r.model->id, item);
			cli_repo_close(&r);
			return EXIT_USAGE;
		}
		f.item = it->no;
	}
	if (f.requirement && !itss_model_requirement(r.model, f.requirement)) {
		cli_error(_("model '%s' has no requirement '%s'"), r.model->id,
		    f.requirement);
		cli_repo_close(&r);
		return EXIT_USAGE;
	}
	if (f.kind && !itss_model_kind(r.model, f.kind)) {
		cli_error(_("model '%s' has no evidence kind '%s'"), r.model->id,
		    f.kind);
		cli_repo_close(&r);
		return EXIT_USAGE;
	}
	/* One read transaction: both walks see the same index. */
	if ((rc = itss_store_stream_mode(r.store, &d)) == 0)
		rc = itss_store_read_begin(r.store, &d);
	if (rc == 0)
		rc = itss_store_records(r.store, r.model, &f, list_row, &t, &d);
	if (rc == 0 && t.rows) {
		for (i = 0; i < COLS; i++)
			if (itss_display_width(_(list_head[i])) > t.w[i])
				t.w[i] = itss_display_width(_(list_head[i]));
		print_head(&t);
		t.printing = 1;
		rc = itss_store_records(r.store, r.model, &f, list_row, &t, &d);
	} else if (rc == 0) {
		printf(_("no records match\n"));
	}
	itss_store_read_end(r.store);
	cli_print_diags(&d);
	itss_diags_release(&d);
	for (i = 0; i < COLS; i++)
		itss_strbuf_release(&t.cell[i]);
	status = cli_repo_close(&r);
	return rc < 0 ? cli_exit_of(rc) : status;
}

/* ---- show ---- */

static const char show_help[] =
    N_("usage: itss evidence show ID\n"
    "\n"
    "Show one evidence record: its fields, its files with their SHA-256 and\n"
    "state (ok, missing, altered, unstable), and the requirements it serves\n"
    "with their text.\n");

static int
show_row(void *ctx, const struct itss_record_row *row)
{
	const struct itss_model *m = ctx;
	char day[11];
	size_t i;

	printf("%s  %s\n", cli_vis(row->id), cli_vis(row->title));
	printf(_("  kind:        %s\n"), cli_vis(row->kind));
	itss_date_format(day, row->date);
	printf(_("  date:        %s\n"), day);
	if (row->valid_until != INT32_MAX) {
		itss_date_format(day, row->valid_until);
		printf(_("  valid until: %s\n"), day);
	}
	printf(_("  status:      %s%s\n"), _(itss_record_row_status(row, cli_today())),
	    row->status_given ? "" :
	    _(" (no status given: a draft until it says approved)"));
	if (row->owner)
		printf(_("  owner:       %s\n"), cli_vis(row->owner));
	if (row->approved_by) {
		itss_date_format(day, row->approved_on);
		printf(_("  approved by: %s on %s%s\n"), cli_vis(row->approved_by),
		    day, row->signoff == ITSS_SIGN_SELF ? _(" (its own owner)") :
		    row->signoff == ITSS_SIGN_UNHASHED ?
		    _(" (a file has no SHA-256: itss evidence seal)") : "");
	}
	printf(_("  defined in:  %s:%u\n"), cli_vis(row->source), row->line);
	if (row->notes)
		printf(_("  notes:       %s\n"), cli_vis_lines(row->notes));
	printf(_("files:\n"));
	if (!row->nfiles)
		printf(_("  (none)\n"));
	for (i = 0; i < row->nfiles; i++) {
		const struct itss_file_row *f = &row->files[i];
		printf("  %-8s %s\n", itss_file_state_name(f->state), cli_vis(f->path));
		if (f->sha256)
			printf(_("           sha256 %s\n"), f->sha256);
		if (f->recorded && (!f->sha256 || strcmp(f->recorded, f->sha256)))
			printf(_("           recorded %s\n"), f->recorded);
	}
	if (row->documents) {
		const char *p = row->documents, *nl;
		printf(_("names:\n"));
		do {
			char *line;
			nl = strchr(p, '\n');
			line = itss_xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
			printf("  %s\n", cli_vis(line));
			free(line);
			p = nl ? nl + 1 : p;
		} while (nl);
	}
	printf(_("serves:\n"));
	for (i = 0; i < row->nsatisfies; i++) {
		/* Another model's as MODEL:ID, by that model's names. */
		const struct itss_model *in;
		const struct itss_requirement *r = itss_model_cited(m,
		    row->satisfies[i], &in);
		const char *p;
		if (!r)
			continue;
		printf("  %s  %s, %s", row->satisfies[i], in->levels[r->level].name,
		    r->item ? in->items[r->item - 1].name :
		    in->domains[r->domain].name);
		printf("\n      ");
		for (p = r->text; *p; p++) {
			fputc(*p, stdout);
			if (*p == '\n')
				fputs("      ", stdout);
		}
		fputc('\n', stdout);
	}
	return 1;	/* found: stop */
}

static int
evidence_show(int argc, char **argv)
{
	struct itss_record_filter f;
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct cli_repo r;
	size_t ninvalid;
	int status = cli_only_help(argc, argv, show_help), rc;

	if (status >= 0)
		return status;
	if (argc - optind != 1)
		return cli_usage(show_help,
		    _("evidence show takes one record id"));
	if ((status = cli_repo_open(&r, CLI_SYNC_QUIET, NULL)) != EXIT_OK)
		return status;
	itss_record_filter_init(&f);
	f.id = argv[optind];
	rc = itss_store_records(r.store, r.model, &f, show_row, r.model, &d);
	cli_print_diags(&d);
	itss_diags_release(&d);
	ninvalid = r.ninvalid;
	status = cli_repo_close(&r);
	if (rc == 0) {
		/* It may be one of an invalid file's, which are not indexed. */
		if (ninvalid)
			cli_error(_("no evidence record '%s' among those counted; it "
			    "may be in one of the invalid files above, whose records "
			    "are not indexed until they are fixed"), argv[optind]);
		else
			cli_error(_("no evidence record '%s'; `itss evidence list` "
			    "shows them"), argv[optind]);
		return EXIT_INPUT;
	}
	return rc < 0 ? cli_exit_of(rc) : status;
}

/* ---- new ---- */

static const char new_help[] =
    N_("usage: itss evidence new (--item N | --requirement ID) [--kind K]\n"
    "                         [--model ID]\n"
    "\n"
    "Write a new evidence record from its template into evidence/, with a\n"
    "fresh id and today's date, and print its path. The template cites the\n"
    "item's requirements that expect the kind, and quotes their clauses as\n"
    "guidance. Without --kind, the kind most of them expect. It never\n"
    "overwrites a file. --model: an item or requirement of another of\n"
    "itss.yaml's models, cited as ID:REQ.\n");

/* The kind most of the requirements (of an item, or one) expect. */
static const struct itss_kind *
usual_kind(const struct itss_model *m, const struct itss_item *it,
    const struct itss_requirement *req)
{
	size_t best = 0, bestn = 0, k;

	for (k = 0; k < m->nkinds; k++) {
		const struct itss_requirement **rs;
		size_t n = itss_template_requirements(&rs, m, it, req, &m->kinds[k]);
		size_t real = 0, i, j;
		for (i = 0; i < n; i++)
			for (j = 0; j < rs[i]->nexpects; j++)
				real += rs[i]->expects[j] == &m->kinds[k];
		free(rs);
		if (real > bestn) {
			best = k;
			bestn = real;
		}
	}
	return &m->kinds[best];
}

struct id_probe {
	const char *prefix;
	unsigned max;
};

static int
probe_id(void *ctx, const struct itss_record_row *row)
{
	struct id_probe *p = ctx;
	size_t n = strlen(p->prefix);
	char *end;
	unsigned long v;

	if (strncmp(row->id, p->prefix, n))
		return 0;
	v = strtoul(row->id + n, &end, 10);
	if (!*end && v > p->max && v < 100000)
		p->max = (unsigned)v;
	return 0;
}

/*
 * The id prefix a new record of kind for it (or req) takes:
 * [MODEL-]<item dir>-<kind>- or [MODEL-]<req>-<kind>- (caller frees).
 */
char *
cli_record_prefix(const struct cli_repo *r, const struct itss_item *it,
    const struct itss_requirement *req, const struct itss_kind *kind)
{
	const char *mp = *r->prefix ? r->model->id : "";
	const char *dash = *r->prefix ? "-" : "";
	char *prefix;

	if (!it && req->item)
		it = &r->model->items[req->item - 1];
	if (it) {
		char *stem = itss_template_dir(it);
		prefix = itss_xasprintf("%s%s%s-%s-", mp, dash, stem, kind->id);
		free(stem);
	} else {
		prefix = itss_xasprintf("%s%s%s-%s-", mp, dash, req->id, kind->id);
	}
	return prefix;
}

int
cli_new_record(struct cli_repo *r, const struct itss_item *it,
    const struct itss_requirement *req, const struct itss_kind *kind,
    char **out, struct itss_diags *d)
{
	struct itss_strbuf text = ITSS_STRBUF_INIT;
	struct itss_record_filter f;
	struct id_probe probe;
	char *prefix, *id = NULL, *path = NULL, *dir;
	int rc = 0, attempt;

	*out = NULL;
	/* A fresh id: <item>-<kind>-NNN, one more than the highest in use;
	 * named as for its item, when the requirement has one; another
	 * model's records with its id first, so no two models' collide. */
	prefix = cli_record_prefix(r, it, req, kind);
	if (!it && req->item)
		it = &r->model->items[req->item - 1];
	itss_record_filter_init(&f);
	probe.prefix = prefix;
	probe.max = 0;
	if ((rc = itss_store_records(r->store, r->model, &f, probe_id, &probe,
	    d)) < 0) {
		free(prefix);
		return rc;
	}
	dir = itss_xasprintf("%s/%s", r->repo->root, ITSS_EVIDENCE_DIR);
	if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
		itss_diags_add(d, ITSS_ERROR, ITSS_EVIDENCE_DIR, 0, 0,
		    _("cannot create: %s"), strerror(errno));
		free(dir);
		free(prefix);
		return ITSS_EIO;
	}
	free(dir);
	/* Never overwrite: a file of that name (not yet imported) moves us on. */
	for (attempt = 1; attempt < 1000; attempt++) {
		free(id);
		free(path);
		id = itss_xasprintf("%s%03u", prefix, probe.max + (unsigned)attempt);
		path = itss_xasprintf("%s/%s/%s.yaml", r->repo->root,
		    ITSS_EVIDENCE_DIR, id);
		itss_strbuf_reset(&text);
		itss_template_record(&text, r->model, it, req, kind, id, cli_today(),
		    r->prefix);
		rc = itss_write_atomic(path, text.buf, text.len, 1, d);
		if (rc != ITSS_EINPUT)
			break;
		itss_diags_release(d);
	}
	if (rc == 0)
		*out = itss_xasprintf("%s/%s.yaml", ITSS_EVIDENCE_DIR, id);
	itss_strbuf_release(&text);
	free(prefix);
	free(id);
	free(path);
	return rc;
}

static int
evidence_new(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "item", required_argument, NULL, 'i' },
		{ "requirement", required_argument, NULL, 'r' },
		{ "kind", required_argument, NULL, 'k' },
		{ "model", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	const char *item_arg = NULL, *req_arg = NULL, *kind_arg = NULL;
	const char *model_arg = NULL;
	const struct itss_item *it = NULL;
	const struct itss_requirement *req = NULL;
	const struct itss_kind *kind;
	const struct itss_requirement **rs;
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct cli_repo r;
	char *path = NULL;
	int c, status, rc = 0;
	size_t n;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(_(new_help), stdout);
			return EXIT_OK;
		case 'i': item_arg = optarg; break;
		case 'r': req_arg = optarg; break;
		case 'k': kind_arg = optarg; break;
		case 'm': model_arg = optarg; break;
		default:
			return cli_bad_option(argv, optopt, new_help);
		}
	}
	if (!item_arg == !req_arg || optind < argc)
		return cli_usage(new_help,
		    _("evidence new needs one of --item or --requirement"));
	if ((status = cli_repo_open(&r, CLI_SYNC_QUIET, NULL)) != EXIT_OK)
		return status;
	if ((status = cli_repo_select(&r, model_arg)) != EXIT_OK)
		goto out;
	status = EXIT_USAGE;
	if (item_arg && !(it = itss_model_item(r.model, item_arg))) {
		cli_error(_("model '%s' has no item '%s'"), r.model->id, item_arg);
		goto out;
	}
	if (req_arg && !(req = itss_model_requirement(r.model, req_arg))) {
		cli_error(_("model '%s' has no requirement '%s'"), r.model->id, req_arg);
		goto out;
	}
	kind = kind_arg ? itss_model_kind(r.model, kind_arg) :
	    usual_kind(r.model, it, req);
	if (!kind) {
		cli_error(_("model '%s' has no evidence kind '%s'"), r.model->id,
		    kind_arg);
		goto out;
	}
	if (req && req->nexpects) {
		size_t k;
		for (k = 0; k < req->nexpects && req->expects[k] != kind; k++)
			;
		if (k == req->nexpects) {
			struct itss_strbuf sb = ITSS_STRBUF_INIT;
			for (k = 0; k < req->nexpects; k++)
				itss_strbuf_addf(&sb, "%s%s", k ? ", " : "",
				    req->expects[k]->id);
			cli_error(_("requirement %s does not expect a %s; it expects: "
			    "%s"), req->id, kind->id, sb.buf);
			itss_strbuf_release(&sb);
			goto out;
		}
	}
	n = itss_template_requirements(&rs, r.model, it, req, kind);
	free(rs);
	if (!n) {
		cli_error(_("no requirement of item %u expects a %s; try another "
		    "--kind"), it->no, kind->id);
		goto out;
	}
	if ((rc = cli_new_record(&r, it, req, kind, &path, &d)) == 0) {
		cli_print_diags(&d);
		printf("%s\n", path);
		status = EXIT_OK;
	} else {
		cli_print_diags(&d);
		status = cli_exit_of(rc);
	}
out:
	itss_diags_release(&d);
	free(path);
	c = cli_repo_close(&r);
	return status == EXIT_OK ? c : status;
}

/* ---- template ---- */

static const char template_help[] =
    N_("usage: itss evidence template [--model ID|FILE] [--force] DIR\n"
    "\n"
    "Write the evidence templates of a model (default itss1-2023) into DIR:\n"
    "for each item a directory NN-ITEM-ID/ holding one ready-to-fill record\n"
    "per evidence kind its requirements expect, with the clauses as\n"
    "guidance. The repository's evidence-templates/ is made this way.\n"
    "A template already there that differs (one you edited) is kept and\n"
    "named; --force writes over it.\n");

/* Whether path exists and holds something other than sb. */
static int
differs(const char *path, const struct itss_strbuf *sb)
{
	char *buf;
	size_t len;
	int d;

	if (itss_read_file(&buf, &len, path, 1 << 24) < 0)
		return 0;	/* absent (or unreadable: the write will say) */
	d = len != sb->len || memcmp(buf, sb->buf, len) != 0;
	free(buf);
	return d;
}

static int
evidence_template(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "model", required_argument, NULL, 'm' },
		{ "force", no_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	const char *model = ITSS_DEFAULT_MODEL;
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct itss_strbuf sb = ITSS_STRBUF_INIT;
	struct itss_model *m;
	size_t i, k, written = 0, kept = 0;
	int c, status, rc = 0, force = 0;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(_(template_help), stdout);
			return EXIT_OK;
		case 'm': model = optarg; break;
		case 'f': force = 1; break;
		default:
			return cli_bad_option(argv, optopt, template_help);
		}
	}
	if (argc - optind != 1)
		return cli_usage(template_help,
		    _("evidence template takes one directory"));
	if ((status = cli_load_model(&m, model)) != EXIT_OK)
		return status;
	if (mkdir(argv[optind], 0777) < 0 && errno != EEXIST) {
		cli_error(_("cannot create %s: %s"), argv[optind], strerror(errno));
		itss_model_free(m);
		return EXIT_IO;
	}
	for (i = 0; i < m->nitems && rc == 0; i++) {
		const struct itss_item *it = &m->items[i];
		char *stem = itss_template_dir(it);
		char *dir = itss_xasprintf("%s/%s", argv[optind], stem);
		free(stem);
		if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
			cli_error(_("cannot create %s: %s"), dir, strerror(errno));
			free(dir);
			rc = ITSS_EIO;
			break;
		}
		for (k = 0; k < m->nkinds && rc == 0; k++) {
			const struct itss_requirement **rs;
			size_t n = itss_template_requirements(&rs, m, it, NULL,
			    &m->kinds[k]);
			size_t real = 0, a, b;
			char *path;
			/* Only kinds some requirement names, not the wildcard. */
			for (a = 0; a < n; a++)
				for (b = 0; b < rs[a]->nexpects; b++)
					real += rs[a]->expects[b] == &m->kinds[k];
			free(rs);
			if (!real)
				continue;
			itss_strbuf_reset(&sb);
			itss_template_record(&sb, m, it, NULL, &m->kinds[k], NULL,
			    INT32_MIN, "");
			{
				char *rel = itss_template_path(it, &m->kinds[k]);
				path = itss_xasprintf("%s/%s", argv[optind], rel);
				free(rel);
			}
			if (!force && differs(path, &sb)) {
				fprintf(stderr, _("itss: kept %s: it differs from the "
				    "template (edited?); --force writes over it\n"),
				    path);
				kept++;
			} else {
				rc = itss_write_atomic(path, sb.buf, sb.len, 0, &d);
				written++;
			}
			free(path);
		}
		free(dir);
	}
	cli_print_diags(&d);
	if (rc == 0)
		printf(_("%zu templates for %zu items of %s in %s%s\n"), written,
		    m->nitems, m->id, argv[optind], kept ? _("; edited ones kept") :
		    "");
	itss_diags_release(&d);
	itss_strbuf_release(&sb);
	itss_model_free(m);
	return cli_exit_of(rc);
}


const struct cli_command cmd_evidence_commands[] = {
	{ "import", evidence_import, import_help,
	    N_("bring the index in line with the files"), CLI_REPO, NULL, NULL },
	{ "list", evidence_list, list_help, N_("list evidence records, filtered"),
	    CLI_REPO, NULL, NULL },
	{ "show", evidence_show, show_help,
	    N_("show one record, its files and requirements"), CLI_REPO, NULL, NULL },
	{ "new", evidence_new, new_help, N_("write a new record from its template"),
	    CLI_REPO, NULL, NULL },
	{ "seal", cmd_seal, cmd_seal_help,
	    N_("write the cited files' SHA-256 into the records"), CLI_REPO,
	    NULL, NULL },
	{ "template", evidence_template, template_help,
	    N_("write a model's evidence templates"), 0, NULL, NULL },
	{ NULL, NULL, NULL, NULL, 0, NULL, NULL },
};

