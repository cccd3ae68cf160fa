/*
 * atomic.c - files put in place whole (atomic.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "itss/i18n.h"
#include "itss/atomic.h"

int
itss_atomic_begin(struct itss_atomic *out, const char *path,
    struct itss_diags *d)
{
	const char *slash = strrchr(path, '/');

	memset(out, 0, sizeof(*out));
	out->tmp = itss_xasprintf("%s.tmp.XXXXXX", path);
	out->fd = mkstemp(out->tmp);
	if (out->fd < 0) {
		itss_diags_add(d, ITSS_ERROR, path, 0, 0, _("cannot create a file "
		    "beside it: %s"), strerror(errno));
		free(out->tmp);
		memset(out, 0, sizeof(*out));
		out->fd = -1;
		return ITSS_EIO;
	}
	out->path = itss_xstrdup(path);
	out->dir = slash ? itss_xstrndup(path, slash == path ? 1 :
	    (size_t)(slash - path)) : itss_xstrdup(".");
	return 0;
}

static void
release(struct itss_atomic *a)
{
	if (a->fd >= 0)
		close(a->fd);
	free(a->path);
	free(a->tmp);
	free(a->dir);
	memset(a, 0, sizeof(*a));
	a->fd = -1;
}

void
itss_atomic_abort(struct itss_atomic *a)
{
	if (a->tmp)
		unlink(a->tmp);
	release(a);
}

int
itss_atomic_commit(struct itss_atomic *a, int exclusive, struct itss_diags *d)
{
	int saved;

	/* A library that wrote the file by name: open it again to sync it. */
	if (a->fd < 0 && (a->fd = open(a->tmp, O_RDONLY | O_CLOEXEC)) < 0)
		goto fail;
	if (fchmod(a->fd, (mode_t)itss_file_mode()) < 0 || fsync(a->fd) < 0)
		goto fail;
	if (close(a->fd) < 0) {
		a->fd = -1;
		goto fail;
	}
	a->fd = -1;
	if (exclusive) {
		/* link() fails when the target exists: never overwrite. */
		if (link(a->tmp, a->path) < 0)
			goto fail;
		unlink(a->tmp);
	} else if (rename(a->tmp, a->path) < 0) {
		goto fail;
	}
	release(a);
	return 0;
fail:
	saved = errno;
	itss_diags_add(d, ITSS_ERROR, a->path, 0, 0, _("cannot write: %s"),
	    strerror(saved));
	itss_atomic_abort(a);
	return saved == EEXIST ? ITSS_EINPUT : ITSS_EIO;
}

int
itss_write_atomic(const char *path, const void *data, size_t len, int exclusive,
    struct itss_diags *d)
{
	struct itss_atomic a;
	const char *p = data;
	int rc;

	if ((rc = itss_atomic_begin(&a, path, d)) < 0)
		return rc;
	while (len) {
		ssize_t n = write(a.fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			itss_diags_add(d, ITSS_ERROR, path, 0, 0, _("cannot write: %s"),
			    strerror(errno));
			itss_atomic_abort(&a);
			return ITSS_EIO;
		}
		p += n;
		len -= (size_t)n;
	}
	return itss_atomic_commit(&a, exclusive, d);
}
