/*
 * saved.h - a saved assessment as a file of the repository
 * (assessments/NAME.json, itss-evidence(5)): the JSON `itss assess --json`
 * prints, a "saved" member (when, the model's SHA-256, the git commit and
 * whether the work tree was clean) and, last, a "digest" of all the rest,
 * so that a file edited by hand is known as such. The files are the
 * truth; the ledger (ledger.h) indexes them. The types here are what both
 * the file and the ledger hold.
 */
#ifndef ITSS_SAVED_H
#define ITSS_SAVED_H

#include <stddef.h>
#include <stdint.h>

#include "itss/diag.h"

#define ITSS_ASSESSMENT_DIR "assessments"

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

/* Free what a holds, and zero it. */
void itss_saved_release(struct itss_saved *a);
/* The level of a domain or item in a, or NULL when a has none for it. */
const struct itss_saved_level *itss_saved_find_level(
    const struct itss_saved *a, enum itss_saved_scope scope, const char *key);
/* A requirement in a loaded assessment, or NULL. */
const struct itss_saved_req *itss_saved_find_req(const struct itss_saved *a,
    const char *id);


/*
 * Seal the JSON text in sb (one object, ending "}\n", as itss_json
 * writes it): append the "digest" member, the SHA-256 of the text before
 * it.
 */
void itss_saved_seal(struct itss_strbuf *sb);

/* 1 when buf is sealed and its digest matches; 0 otherwise. */
int itss_saved_digest_ok(const char *buf, size_t len);

/*
 * Read a saved assessment file (source names it in diagnostics) into *out
 * (released by the caller with itss_saved_release, also on failure):
 * its header, levels (domains and items) and requirements, and
 * out->edited when its digest does not match. Returns 0, or ITSS_EINPUT
 * with located errors when it is not a saved assessment at all.
 */
int itss_saved_read(struct itss_saved *out, const char *source,
    const char *buf, size_t len, struct itss_diags *d);

struct itss_repo;
/*
 * Every saved assessment file of the repository (assessments/NAME.json,
 * opened so that no path leaves it), by as-of date and then when saved,
 * into *out (each released with itss_saved_release, the array freed by
 * the caller); a file that is not one is an error in d, left out. Reads
 * the files, not the index. Returns 0, or ITSS_EIO when assessments/
 * cannot be listed.
 */
int itss_saved_load_all(struct itss_saved **out, size_t *n,
    const struct itss_repo *r, struct itss_diags *d);

#endif
