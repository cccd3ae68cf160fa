/*
 * atomic.h - writing a file so that readers see the old one or the new
 * one whole, never a part: written beside its target (the same file
 * system), synced, then renamed into place (or linked, to never
 * overwrite). The one way itss puts a file in place.
 */
#ifndef ITSS_ATOMIC_H
#define ITSS_ATOMIC_H

#include <stddef.h>

#include "itss/diag.h"

/* A file being written: the target, and the temporary beside it. */
struct itss_atomic {
	char *path;	/* the target, as given */
	char *tmp;	/* "<path>.tmp.XXXXXX", made by mkstemp */
	char *dir;	/* the target's directory ("." for a bare name) */
	int fd;		/* open on tmp, or -1 once closed */
};

/*
 * Create the temporary beside path. Returns 0 with out filled (the caller
 * writes to out->fd, or closes it and has a library write out->tmp), or
 * ITSS_EIO with the reason in d and nothing left behind.
 */
int itss_atomic_begin(struct itss_atomic *out, const char *path,
    struct itss_diags *d);

/*
 * Put the temporary in place: the mode a new file gets under the umask,
 * fsync, then rename over path, or with exclusive link() so an existing
 * path is never replaced. Returns 0; ITSS_EINPUT when exclusive and path
 * exists; ITSS_EIO otherwise. Either way a is released and, on failure,
 * the temporary is removed and path is as it was.
 */
int itss_atomic_commit(struct itss_atomic *a, int exclusive,
    struct itss_diags *d);

/* Give up: remove the temporary and release a. */
void itss_atomic_abort(struct itss_atomic *a);

/*
 * The whole of it for bytes in memory: write data[0..len) to path
 * atomically. Returns as itss_atomic_commit.
 */
int itss_write_atomic(const char *path, const void *data, size_t len,
    int exclusive, struct itss_diags *d);

#endif
