/*
 * actions.h - corrective actions (整改): files under actions/, each one
 * action or a list (itss-evidence(5)): the nonconformity found against
 * some requirements, its cause, the action, its owner, due date and
 * status, and for a verified one who verified it, when, with which
 * evidence. They are read from the files when a command needs them (a
 * repository keeps a few dozen, not a million).
 */
#ifndef ITSS_ACTIONS_H
#define ITSS_ACTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "itss/diag.h"
#include "itss/model.h"
#include "itss/repo.h"

#define ITSS_ACTION_DIR "actions"

enum itss_action_status {
	ITSS_ACTION_OPEN,
	ITSS_ACTION_IN_PROGRESS,
	ITSS_ACTION_DONE,		/* done, not yet verified */
	ITSS_ACTION_VERIFIED,
	ITSS_ACTION_CANCELLED,
};

struct itss_action {
	char *id;
	char **requirements;		/* as cited: ID, or MODEL:ID */
	size_t nrequirements;
	char *nonconformity, *cause, *action, *owner;	/* cause may be NULL */
	int32_t due;
	enum itss_action_status status;
	/* Verified: by whom (not the owner), when, and the record ids that
	 * show it fixed; else NULL, INT32_MIN, none. */
	char *verified_by;
	int32_t verified_on;
	char **evidence;
	size_t nevidence;
	char *source;
	unsigned line, col;
};

struct itss_actions {
	struct itss_action *v;
	size_t n, alloc;
	size_t ninvalid;		/* files refused: their actions left out */
};

/* The status's id (open, in_progress, ...), for JSON and the catalogue. */
const char *itss_action_status_name(enum itss_action_status s);
/* Verified or cancelled: nothing more to do. */
int itss_action_closed(const struct itss_action *a);
/* Not closed, and due before as_of. */
int itss_action_overdue(const struct itss_action *a, int32_t as_of);

/* Whether a answers requirement id of the model cited with prefix ("" for
 * the repository's first, "ID:" for another). */
int itss_action_answers(const struct itss_action *a, const char *prefix,
    const char *id);
/* Sort v[0..n) by due date, then id: the order every list shows. */
void itss_actions_by_due(const struct itss_action **v, size_t n);

/*
 * Add the actions of one file (its text) to set, each checked against m:
 * known requirements, a status of the five, verified ones complete and
 * verified by someone other than the owner. Returns 0, or ITSS_EINPUT
 * with every error located in d (the file's actions left out).
 */
int itss_actions_parse(struct itss_actions *set, const char *source,
    const char *buf, size_t len, const struct itss_model *m,
    struct itss_diags *d);

/*
 * Every actions/NAME.yaml of the repository, by name, opened so that no path
 * leaves it (itss_repo_openat); ids unique across them. A file with errors
 * is left out and counted in ninvalid, its errors in d. Returns 0 (no
 * actions/ is none), or ITSS_EIO.
 */
int itss_actions_load(struct itss_actions *set, const struct itss_repo *r,
    const struct itss_model *m, struct itss_diags *d);

void itss_actions_release(struct itss_actions *set);

#endif
