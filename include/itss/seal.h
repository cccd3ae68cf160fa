/*
 * seal.h - writing the current SHA-256 of each cited file into the record
 * that cites it (itss evidence seal), editing the record's file in place:
 * a YAML record keeps every byte outside the values it changes (comments,
 * layout, key order); a CSV register keeps every cell but the files cells
 * it changes, which take the "path | sha256" form.
 */
#ifndef ITSS_SEAL_H
#define ITSS_SEAL_H

#include <stddef.h>

#include "itss/diag.h"
#include "itss/util.h"

/* What seal did with one cited file. */
enum itss_seal_what {
	ITSS_SEAL_WRITTEN,	/* its SHA-256 written in, where none was */
	ITSS_SEAL_KEPT,		/* the recorded one is the file's */
	ITSS_SEAL_REPLACED,	/* a different recorded one replaced (force) */
	ITSS_SEAL_CHANGED,	/* a different one recorded: left, not forced */
	ITSS_SEAL_UNREADABLE,	/* the file cannot be hashed (missing, ...) */
};

struct itss_seal_event {
	const char *record, *path;
	enum itss_seal_what what;
	unsigned line, col;	/* where the record names the file */
};

struct itss_seal_opts {
	/* The ids of the records to seal; NULL: every record of the file. */
	const struct itss_strlist *ids;
	int force;		/* replace a recorded SHA-256 that differs */
	/* The file's SHA-256 now (64 lower-case hex digits), or NULL when it
	 * cannot be hashed. */
	const char *(*hash)(void *ctx, const char *path);
	/* Told of every cited file of the records sealed. */
	void (*tell)(void *ctx, const struct itss_seal_event *e);
	void *ctx;
};

/*
 * The record file buf[0..len) (YAML, or a CSV register with is_csv; named
 * src in diagnostics) with the hashes written in, into *out (owned, with
 * *outlen; the same bytes when nothing changed) and the number of files
 * changed into *changed. Returns 0, or ITSS_EINPUT with located errors
 * in d (a file that is not a readable record file; a CSV register that is
 * not UTF-8), *out then NULL.
 */
int itss_seal(char **out, size_t *outlen, size_t *changed, const char *src,
    const char *buf, size_t len, int is_csv, const struct itss_seal_opts *o,
    struct itss_diags *d);

#endif
