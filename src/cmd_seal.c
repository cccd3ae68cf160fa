/*
 * cmd_seal.c - itss evidence seal: the current SHA-256 of each file a
 * record cites written into the record's own file (seal.h), so that an
 * approver signs off the files as they are and nobody pastes sha256sum
 * output by hand.
 */
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "itss/atomic.h"
#include "itss/seal.h"

const char cmd_seal_help[] =
    N_("usage: itss evidence seal [--force] [ID...]\n"
    "\n"
    "Write the current SHA-256 of every file the records cite into the\n"
    "records themselves (all records, or those named): a YAML record is\n"
    "edited in place, its comments and layout kept; a CSV register's files\n"
    "cells take the form 'path | sha256'. A file already sealed with its\n"
    "hash is left; one whose recorded hash is not the file's (it changed\n"
    "since it was sealed) is left too, and named, unless --force. Where\n"
    "itss.yaml asks for sign-off, an approved record counts only with\n"
    "every file sealed.\n"
    "\n"
    "  --force    replace a recorded SHA-256 that is not the file's\n"
    "\n"
    "Exit status: 0; 3 a record not found, a file that cannot be hashed\n"
    "or one left unsealed because it changed; 4 a file cannot be written.\n");

/* The records of one source file, and the cited files' hashes. */
struct source {
	char *path;
	struct itss_strlist ids;
};

struct hashed {
	char *path, *sha;	/* sha NULL: not as it must be to seal */
};

struct collect {
	struct source *v;
	size_t n, alloc;
	struct hashed *files;
	size_t nfiles, afiles;
	size_t nrecords;
};

static int
collect_row(void *ctx, const struct itss_record_row *row)
{
	struct collect *c = ctx;
	size_t i;

	for (i = 0; i < c->n && strcmp(c->v[i].path, row->source); i++)
		;
	if (i == c->n) {
		itss_xgrow((void **)&c->v, &c->alloc, c->n + 1, sizeof(*c->v));
		memset(&c->v[c->n], 0, sizeof(*c->v));
		c->v[c->n++].path = itss_xstrdup(row->source);
	}
	itss_strlist_add(&c->v[i].ids, row->id);
	c->nrecords++;
	for (i = 0; i < row->nfiles; i++) {
		const struct itss_file_row *f = &row->files[i];
		struct hashed *h;
		itss_xgrow((void **)&c->files, &c->afiles, c->nfiles + 1,
		    sizeof(*c->files));
		h = &c->files[c->nfiles++];
		h->path = itss_xstrdup(f->path);
		/* Altered: its hash is not the recorded one, but it is known. */
		h->sha = (f->state == ITSS_FILE_OK || f->state ==
		    ITSS_FILE_ALTERED) && f->sha256 ?
		    itss_xstrdup(f->sha256) : NULL;
	}
	return 0;
}

struct told {
	const char *source;
	size_t refused, written, kept;
};

/* What seal's callbacks see: the hashes, and the tally. */
struct both {
	const struct collect *c;
	struct told *t;
};

static const char *
hash_of(void *ctx, const char *path)
{
	const struct collect *c = ((const struct both *)ctx)->c;
	size_t i;

	for (i = 0; i < c->nfiles; i++)
		if (!strcmp(c->files[i].path, path))
			return c->files[i].sha;
	return NULL;
}

static void
tell(void *ctx, const struct itss_seal_event *e)
{
	struct told *t = ((struct both *)ctx)->t;

	switch (e->what) {
	case ITSS_SEAL_WRITTEN:
	case ITSS_SEAL_REPLACED:
		printf(e->what == ITSS_SEAL_WRITTEN ? _("sealed    %s  %s\n") :
		    _("resealed  %s  %s\n"), cli_vis(e->record), cli_vis(e->path));
		t->written++;
		break;
	case ITSS_SEAL_KEPT:
		t->kept++;
		break;
	case ITSS_SEAL_CHANGED:
		fprintf(stderr, _("%s:%u:%u: error: %s: file '%s' is not as it was "
		    "sealed (its SHA-256 differs): check it, then seal it again "
		    "with --force\n"), cli_vis(t->source), e->line, e->col,
		    cli_vis(e->record), cli_vis(e->path));
		t->refused++;
		break;
	case ITSS_SEAL_UNREADABLE:
		fprintf(stderr, _("%s:%u:%u: error: %s: file '%s' cannot be sealed: it is "
		    "missing or changed while it was read (itss evidence show "
		    "%s)\n"), cli_vis(t->source), e->line, e->col,
		    cli_vis(e->record), cli_vis(e->path), cli_vis(e->record));
		t->refused++;
		break;
	}
}

/* One source file: sealed and written back whole, or left as it was. */
static int
seal_source(struct cli_repo *r, struct collect *c, const struct source *s,
    int force, struct told *t, size_t *nfiles)
{
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct itss_seal_opts o;
	struct both b;
	const char *ext = strrchr(s->path, '.');
	char *buf = NULL, *out = NULL, *full;
	size_t len, outlen, changed = 0;
	int missing, rc, is_csv = ext && !strcasecmp(ext, ".csv");

	if (ext && !strcasecmp(ext, ".xlsx")) {
		cli_error(_("%s: seal cannot write an .xlsx register; save it as "
		    "CSV (the same columns) or record the hashes in the workbook "
		    "as 'path | sha256'"), cli_vis(s->path));
		return EXIT_INPUT;
	}
	if (itss_repo_read(&buf, &len, r->repo->rootfd, s->path, 64u << 20,
	    &missing, &d) < 0) {
		if (missing)
			cli_error(_("cannot read %s: it is gone"), cli_vis(s->path));
		cli_print_diags(&d);
		itss_diags_release(&d);
		return EXIT_IO;
	}
	memset(&o, 0, sizeof(o));
	o.ids = &s->ids;
	o.force = force;
	o.hash = hash_of;
	o.tell = tell;
	b.c = c;
	b.t = t;
	o.ctx = &b;
	t->source = s->path;
	rc = itss_seal(&out, &outlen, &changed, s->path, buf, len, is_csv, &o, &d);
	cli_print_diags(&d);
	itss_diags_release(&d);
	if (rc < 0) {
		free(buf);
		return cli_exit_of(rc);
	}
	rc = 0;
	if (changed) {
		/* What is written must read back as the records it was. */
		struct itss_evidence_set set = { 0 };
		if (itss_evidence_read(&set, s->path, out, outlen, is_csv ?
		    ITSS_REGISTER_CSV : 0, r->first, &d) < 0) {
			cli_print_diags(&d);
			cli_error(_("%s: the sealed file would not read back; it is "
			    "left as it was (please report this)"), cli_vis(s->path));
			rc = EXIT_INPUT;
		} else {
			full = itss_xasprintf("%s/%s", r->repo->root, s->path);
			if (itss_write_atomic(full, out, outlen, 0, &d) < 0) {
				cli_print_diags(&d);
				rc = EXIT_IO;
			} else {
				*nfiles += 1;
			}
			free(full);
		}
		itss_evidence_set_release(&set);
		itss_diags_release(&d);
	}
	free(buf);
	free(out);
	return rc;
}

int
cmd_seal(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "force", no_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct collect c;
	struct told t;
	struct cli_repo r;
	struct itss_diags d = ITSS_DIAGS_INIT;
	size_t i, j, nfiles = 0;
	int ch, force = 0, status, rc = 0, worst = EXIT_OK;

	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			fputs(_(cmd_seal_help), stdout);
			return EXIT_OK;
		case 'f':
			force = 1;
			break;
		default:
			return cli_bad_option(argv, optopt, cmd_seal_help);
		}
	}
	if ((status = cli_repo_open(&r, CLI_SYNC_QUIET, NULL)) != EXIT_OK)
		return status;
	memset(&c, 0, sizeof(c));
	memset(&t, 0, sizeof(t));
	if (optind == argc) {
		struct itss_record_filter f;
		itss_record_filter_init(&f);
		rc = itss_store_records(r.store, r.model, &f, collect_row, &c, &d);
	}
	for (i = (size_t)optind; rc == 0 && i < (size_t)argc; i++) {
		struct itss_record_filter f;
		size_t before = c.nrecords;
		itss_record_filter_init(&f);
		f.id = argv[i];
		rc = itss_store_records(r.store, r.model, &f, collect_row, &c, &d);
		if (rc == 0 && c.nrecords == before) {
			cli_error(_("no evidence record '%s'; `itss evidence list` "
			    "shows them"), cli_vis(argv[i]));
			worst = EXIT_INPUT;
		}
	}
	cli_print_diags(&d);
	itss_diags_release(&d);
	if (rc < 0)
		worst = cli_exit_of(rc);
	for (i = 0; rc == 0 && i < c.n; i++) {
		int s = seal_source(&r, &c, &c.v[i], force, &t, &nfiles);
		if (s > worst)
			worst = s;
	}
	if (rc == 0)
		printf(_("files sealed: %zu (record files written: %zu); already "
		    "sealed: %zu%s\n"), t.written, nfiles, t.kept, t.refused ?
		    _("; some left unsealed (above)") : "");
	if (t.refused && worst == EXIT_OK)
		worst = EXIT_INPUT;
	for (i = 0; i < c.n; i++) {
		free(c.v[i].path);
		itss_strlist_release(&c.v[i].ids);
	}
	free(c.v);
	for (j = 0; j < c.nfiles; j++) {
		free(c.files[j].path);
		free(c.files[j].sha);
	}
	free(c.files);
	status = cli_repo_close(&r);
	return worst != EXIT_OK ? worst : status;
}
