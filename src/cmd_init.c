/*
 * cmd_init.c - itss init [DIR] [--model ID] [--org NAME] [--target LEVEL]
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "itss/repo.h"
#include "itss/store.h"

const char cmd_init_help[] =
    N_("usage: itss init [DIR] [--model ID] [--org NAME] [--target LEVEL]\n"
    "\n"
    "Make DIR (default: the current directory) an evidence repository:\n"
    "itss.yaml (organisation, model, target level, assessment period),\n"
    "evidence/ for evidence records, judgements/ for judgements, .itss/\n"
    "with the index, and a .gitignore line for .itss/. What exists is kept:\n"
    "running it twice harms nothing.\n"
    "\n"
    "  --model ID      the model (default itss1-2023; `itss model list`)\n"
    "  --org NAME      the organisation (default: the directory's name)\n"
    "  --target LEVEL  the level aimed at: id, name or grade (default: the\n"
    "                  model's lowest)\n");

int
cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "model", required_argument, NULL, 'm' },
		{ "org", required_argument, NULL, 'o' },
		{ "target", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dir = ".", *model_id = ITSS_DEFAULT_MODEL, *org = NULL, *target = NULL;
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct itss_model *m = NULL;
	struct itss_store *s = NULL;
	const struct itss_level *level;
	char *abs = NULL, *name = NULL;
	int c, created = 0, status, rc;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(_(cmd_init_help), stdout);
			return EXIT_OK;
		case 'm': model_id = optarg; break;
		case 'o': org = optarg; break;
		case 't': target = optarg; break;
		default:
			return cli_bad_option(argv, optopt, cmd_init_help);
		}
	}
	if (argc - optind > 1)
		return cli_usage(cmd_init_help, _("init takes one directory"));
	if (optind < argc)
		dir = argv[optind];
	if ((status = cli_load_model(&m, model_id)) != EXIT_OK)
		return status;
	level = target ? itss_model_level(m, target) : &m->levels[0];
	if (!level) {
		cli_error(_("model '%s' has no level '%s'; its levels are listed by "
		    "`itss model show %s`"), m->id, target, m->id);
		itss_model_free(m);
		return EXIT_USAGE;
	}
	if (!org) {
		char *real = realpath(dir, NULL);
		const char *base = real ? strrchr(real, '/') : NULL;
		name = itss_xstrdup(base && base[1] ? base + 1 : "organisation");
		free(real);
		org = name;
	}
	rc = itss_repo_init(dir, m->id, org, level->id, cli_today(), &created, &d);
	if (rc == 0)
		abs = realpath(dir, NULL);
	if (rc == 0 && !abs)
		rc = ITSS_EIO;
	if (rc == 0) {
		struct itss_store_options so;
		cli_store_options(&so, 1);
		rc = itss_store_open(&s, abs, &so, &d);
	}
	if (s && itss_store_close(s, &d) < 0)
		rc = ITSS_EIO;
	cli_print_diags(&d);
	if (rc == 0) {
		if (created)
			printf(_("evidence repository ready in %s (model %s, target "
			    "%s)\n"), abs, m->id, level->id);
		else
			printf(_("%s is already an evidence repository; nothing to "
			    "do\n"), abs);
	}
	free(abs);
	free(name);
	itss_diags_release(&d);
	itss_model_free(m);
	return cli_exit_of(rc);
}
