/*
 * ledger.h - saved assessments, kept in the index (ledger.c), so that a
 * result can be reproduced and trusted (the model's SHA-256, the
 * evidence's fingerprint, the git commit) and compared (levels per domain
 * and item, each requirement's status and evidence).
 */
#ifndef ITSS_LEDGER_H
#define ITSS_LEDGER_H

#include <stddef.h>
#include <stdint.h>

#include "itss/diag.h"
#include "itss/store.h"

/* What a saved level is of. */
enum itss_saved_scope {
	ITSS_SAVED_DOMAIN,	/* key: the domain's id */
	ITSS_SAVED_ITEM,	/* key: the item's number */
};

struct itss_saved_level {
	enum itss_saved_scope scope;
	const char *key;
	const char *level;	/* level id, or NULL for none */
	unsigned good, applicable;
};

struct itss_saved_req {
	const char *id, *status;
	const char *const *evidence;	/* the record ids it rests on */
	size_t nevidence;
};

/*
 * One saved assessment. What _save is given is borrowed from the caller;
 * what _history and _load give lives in mem (and levels and reqs) until
 * itss_saved_release.
 */
struct itss_saved {
	int64_t id;
	const char *saved_at;		/* UTC, YYYY-MM-DDTHH:MM:SSZ */
	int32_t as_of;
	const char *organisation, *model, *model_sha256, *fingerprint;
	const char *git_commit, *target, *level;	/* may be NULL */
	struct { unsigned good, applicable; } total;
	struct itss_saved_level *levels;
	size_t nlevels;
	struct itss_saved_req *reqs;	/* by requirement id, when loaded */
	size_t nreqs;
	const char *source;	/* its file under assessments/, or NULL */
	int clean;		/* the work tree: 1 clean, 0 dirty, -1 unknown */
	int edited;		/* its file's digest does not match */
	struct itss_arena mem;
};

/*
 * Save a in one transaction; *out is its number in the ledger. Returns 0
 * or ITSS_EIO (nothing saved).
 */
int itss_ledger_save(int64_t *out, struct itss_store *s,
    const struct itss_saved *a, struct itss_diags *d);
/*
 * Call fn with each saved assessment's header (no levels, no
 * requirements), oldest first; a is valid during the call. Returns 0,
 * ITSS_EIO, or what fn returned when non-zero (which stops the walk).
 */
int itss_ledger_history(struct itss_store *s,
    int (*fn)(void *ctx, const struct itss_saved *a), void *ctx,
    struct itss_diags *d);
/*
 * Load one, whole, into *out (released by the caller, also on failure).
 * Returns 0, ITSS_EINPUT when there is no such id, or ITSS_EIO.
 */
int itss_ledger_load(struct itss_saved *out, struct itss_store *s,
    int64_t id, struct itss_diags *d);
void itss_saved_release(struct itss_saved *a);

/* The level of a domain or item in a, or NULL when a has none for it. */
const struct itss_saved_level *itss_saved_find_level(
    const struct itss_saved *a, enum itss_saved_scope scope, const char *key);
/* A requirement in a loaded assessment, or NULL. */
const struct itss_saved_req *itss_saved_find_req(const struct itss_saved *a,
    const char *id);

#endif
