/*
 * cmd_actions.c - itss actions: the corrective actions (整改) under
 * actions/, and what check and assess say of them (cli_actions_*).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "itss/json.h"

const char cmd_actions_help[] =
    N_("usage: itss actions [--open] [--overdue] [--owner NAME] [--as-of DATE]\n"
    "                    [--json]\n"
    "\n"
    "List the corrective actions (files under actions/, itss-evidence(5)):\n"
    "each one's id, status, due date, owner, the requirements it answers and\n"
    "the nonconformity found, by due date. An action not verified or\n"
    "cancelled by its due date is overdue; `itss check` fails on it.\n"
    "\n"
    "  --open          only the actions not yet verified or cancelled\n"
    "  --overdue       only the overdue ones\n"
    "  --owner NAME    only NAME's\n"
    "  --as-of DATE    overdue as of DATE (YYYY-MM-DD; default today)\n"
    "  --json          print them as JSON\n"
    "\n"
    "Exit status: 0; 3 some action file is invalid (the others are listed).\n");

int
cli_actions_load(struct itss_actions *out, const struct cli_repo *r)
{
	struct itss_diags d = ITSS_DIAGS_INIT;
	int rc = itss_actions_load(out, r->repo, r->first, &d);

	cli_print_diags(&d);
	itss_diags_release(&d);
	if (rc < 0)
		return cli_exit_of(rc);
	return out->ninvalid ? EXIT_INPUT : EXIT_OK;
}

void
cli_action_brief(struct itss_strbuf *sb, const struct itss_action *a,
    int32_t as_of)
{
	char day[11];

	itss_date_format(day, a->due);
	/* TRANSLATORS: an action beside a gap: its id, status, due date. */
	itss_strbuf_addf(sb, _("action %s (%s, due %s)"), a->id,
	    itss_action_overdue(a, as_of) ? _("OVERDUE") :
	    _(itss_action_status_name(a->status)), day);
}

static void
print_json(const struct itss_action *const *v, size_t n, int32_t as_of)
{
	struct itss_strbuf sb = ITSS_STRBUF_INIT;
	struct itss_json j;
	char day[11];
	size_t i, k;

	itss_json_init(&j, &sb);
	itss_json_object(&j);
	itss_date_format(day, as_of);
	itss_json_kv_string(&j, "as_of", day);
	itss_json_key(&j, "actions");
	itss_json_array(&j);
	for (i = 0; i < n; i++) {
		const struct itss_action *a = v[i];
		itss_json_object(&j);
		itss_json_kv_string(&j, "id", a->id);
		itss_json_kv_string(&j, "status", itss_action_status_name(a->status));
		itss_json_kv_bool(&j, "overdue", itss_action_overdue(a, as_of));
		itss_date_format(day, a->due);
		itss_json_kv_string(&j, "due", day);
		itss_json_kv_string(&j, "owner", a->owner);
		itss_json_key(&j, "requirements");
		itss_json_array(&j);
		for (k = 0; k < a->nrequirements; k++)
			itss_json_string(&j, a->requirements[k]);
		itss_json_end(&j);
		itss_json_kv_string(&j, "nonconformity", a->nonconformity);
		itss_json_kv_string(&j, "cause", a->cause);
		itss_json_kv_string(&j, "action", a->action);
		if (a->status == ITSS_ACTION_VERIFIED) {
			itss_json_kv_string(&j, "verified_by", a->verified_by);
			itss_date_format(day, a->verified_on);
			itss_json_kv_string(&j, "verified_on", day);
			itss_json_key(&j, "evidence");
			itss_json_array(&j);
			for (k = 0; k < a->nevidence; k++)
				itss_json_string(&j, a->evidence[k]);
			itss_json_end(&j);
		}
		itss_json_kv_string(&j, "file", a->source);
		itss_json_kv_int(&j, "line", a->line);
		itss_json_end(&j);
	}
	itss_json_end(&j);
	itss_json_end(&j);
	itss_json_finish(&j);
	fputs(sb.buf, stdout);
	itss_strbuf_release(&sb);
}

static void
print_table(const struct itss_action *const *v, size_t n, int32_t as_of,
    size_t all)
{
	size_t wid = 6, wst = 8, wown = 6, i, k, nopen = 0, nover = 0;
	struct itss_strbuf sb = ITSS_STRBUF_INIT;
	char day[11];

	for (i = 0; i < n; i++) {
		size_t w = itss_display_width(cli_vis(v[i]->id)) + 2;
		wid = w > wid ? w : wid;
		w = itss_display_width(itss_action_overdue(v[i], as_of) ?
		    _("OVERDUE") : _(itss_action_status_name(v[i]->status))) + 2;
		wst = w > wst ? w : wst;
		w = itss_display_width(cli_vis(v[i]->owner)) + 2;
		wown = w > wown ? w : wown;
	}
	if (n) {
		cli_pad(stdout, _("ID"), wid);
		cli_pad(stdout, _("STATUS"), wst);
		cli_pad(stdout, _("DUE"), 12);
		cli_pad(stdout, _("OWNER"), wown);
		printf("%s\n", _("REQUIREMENTS / NONCONFORMITY"));
	}
	for (i = 0; i < n; i++) {
		const struct itss_action *a = v[i];
		int over = itss_action_overdue(a, as_of);
		nopen += !itss_action_closed(a);
		nover += (size_t)over;
		cli_pad(stdout, a->id, wid);
		cli_pad(stdout, over ? _("OVERDUE") :
		    _(itss_action_status_name(a->status)), wst);
		itss_date_format(day, a->due);
		cli_pad(stdout, day, 12);
		cli_pad(stdout, a->owner, wown);
		itss_strbuf_reset(&sb);
		for (k = 0; k < a->nrequirements; k++)
			itss_strbuf_addf(&sb, "%s%s", k ? ", " : "", a->requirements[k]);
		itss_strbuf_addstr(&sb, "  ");
		itss_strbuf_addstr(&sb, a->nonconformity);
		printf("%s\n", cli_vis(sb.buf));
	}
	itss_strbuf_release(&sb);
	printf(P_("%zu action", "%zu actions", n), n);
	if (n != all)
		printf(_(" of %zu"), all);
	printf(P_(": %zu open", ": %zu open", nopen), nopen);
	printf(P_(", %zu overdue\n", ", %zu overdue\n", nover), nover);
}

int
cmd_actions(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "open", no_argument, NULL, 'o' },
		{ "overdue", no_argument, NULL, 'd' },
		{ "owner", required_argument, NULL, 'w' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	int c, status, only_open = 0, only_overdue = 0, as_json = 0, loaded;
	const char *owner = NULL;
	int32_t as_of = cli_today();
	const struct itss_action **v;
	struct itss_actions set;
	struct cli_repo r;
	size_t i, n = 0;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(_(cmd_actions_help), stdout);
			return EXIT_OK;
		case 'o': only_open = 1; break;
		case 'd': only_overdue = 1; break;
		case 'w': owner = optarg; break;
		case 'j': as_json = 1; break;
		case 'a':
			if ((status = cli_parse_date(&as_of, optarg, "--as-of")))
				return status;
			break;
		default:
			return cli_bad_option(argv, optopt, cmd_actions_help);
		}
	}
	if ((status = cli_no_operands(argc, argv, cmd_actions_help,
	    "actions")) >= 0)
		return status;
	if ((status = cli_repo_open(&r, CLI_NO_SYNC, NULL)) != EXIT_OK)
		return status;
	loaded = cli_actions_load(&set, &r);
	if (loaded == EXIT_IO) {
		cli_repo_close(&r);
		return loaded;
	}
	v = itss_xcalloc(set.n + 1, sizeof(*v));
	for (i = 0; i < set.n; i++) {
		const struct itss_action *a = &set.v[i];
		if ((only_open && itss_action_closed(a)) ||
		    (only_overdue && !itss_action_overdue(a, as_of)) ||
		    (owner && strcmp(owner, a->owner)))
			continue;
		v[n++] = a;
	}
	itss_actions_by_due(v, n);
	if (as_json)
		print_json(v, n, as_of);
	else if (!set.n && !set.ninvalid)
		printf(_("no corrective actions: files under actions/ hold them "
		    "(itss-evidence(5))\n"));
	else
		print_table(v, n, as_of, set.n);
	free(v);
	itss_actions_release(&set);
	status = cli_repo_close(&r);
	return loaded != EXIT_OK ? loaded : status;
}
