/*
 * store_build.c - a new index built aside and renamed into place
 * (itss_store_publish, itss_store_aside), and the locks by which the
 * processes that open an index and those that would build one take turns
 * (store_int.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/file.h>
#include <unistd.h>

#include "itss/i18n.h"
#include "store_int.h"

/*
 * A new index is built under another name (ITSS_INDEX_NEW), with its
 * journal in memory and nothing synced, and renamed into place whole when
 * its import has committed (itss_store_publish): an import that writes
 * everything then writes each page once, where the WAL wrote it twice
 * (to the log, then to the database). That is the first import, and one
 * that finds the index empty or made with another model
 * (itss_store_aside) -- the tables such an import does not write again
 * are copied over first.
 *
 * A kill while it is built leaves the index as it was (none, or the old
 * one), and the file under the other name, which the next build removes.
 *
 * Who may do it, by two locks (flock): every process with the index open
 * holds .itss/ itself shared, for as long as it has it open; a builder
 * holds it alone, so no one has the old index open when it is renamed
 * over (their writes would go to a file no longer there). flock cannot
 * change a lock from shared to alone without letting go of it first, so
 * a gate (ITSS_INDEX_GATE, .itss/lock) guards the change: a builder holds
 * it alone while it tries, and until its index is in place; a process
 * opening the index holds it shared while it takes .itss/. While the gate
 * is held alone, then, no one can take .itss/ but the builder, which can
 * always take its shared lock back. An import that cannot have .itss/
 * alone at once rewrites the index in place.
 */

/*
 * flock(fd, how), waited for up to timeout_ms: 1 held, 0 when the file
 * system has no such locks (the index is then never built aside but the
 * first time), or -1 with an error in d.
 */
static int
lock_wait(int fd, int how, long timeout_ms, const char *what,
    struct itss_diags *d)
{
	long waited = 0;

	for (;;) {
		struct timespec ts = { 0, 10 * 1000000L };
		if (flock(fd, how | LOCK_NB) == 0)
			return 1;
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK)
			return 0;	/* ENOLCK, EINVAL: no such locks here */
		if (waited >= timeout_ms) {
			itss_diags_add(d, ITSS_ERROR, what, 0, 0, _("another itss is "
			    "making the index here and has not finished in %ld ms; "
			    "try again when it has"), timeout_ms);
			return -1;
		}
		(void)nanosleep(&ts, NULL);
		waited += 10;
	}
}

/* fd of path opened for locking (created, for the gate), or -1 told. */
static int
lock_open(const char *path, int dir, struct itss_diags *d)
{
	int fd = dir ? open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) :
	    open(path, O_RDONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666);

	if (fd < 0)
		itss_diags_add(d, ITSS_ERROR, path, 0, 0, _("cannot open: %s"),
		    strerror(errno));
	return fd;
}

/*
 * The locks of a process opening the index (see above): .itss/ shared,
 * through the gate, shared too; with build, both alone, for a new index.
 * 0, or ITSS_EIO told.
 */
int
itss_store_lock_take(struct itss_store *s, const char *root, int build,
    long timeout, struct itss_diags *d)
{
	char *dir = itss_xasprintf("%s/%s", root, ITSS_STATE_DIR);
	int g, rc = ITSS_EIO, held;

	if ((s->lock_fd = lock_open(dir, 1, d)) < 0 ||
	    (g = lock_open(s->gate, 0, d)) < 0)
		goto out;
	if ((held = lock_wait(g, build ? LOCK_EX : LOCK_SH, timeout, dir,
	    d)) < 0) {
		(void)close(g);
		goto out;
	}
	/* With the gate held, only the old index's last users can hold
	 * .itss/ against a builder; no one holds it against an opener. */
	if (held && (held = lock_wait(s->lock_fd, build ? LOCK_EX : LOCK_SH,
	    timeout, dir, d)) < 0) {
		(void)close(g);
		goto out;
	}
	s->lock_held = held;
	if (build && held)
		s->gate_fd = g;		/* until the index is in place */
	else
		(void)close(g);
	rc = 0;
out:
	free(dir);
	return rc;
}

/* Built, or given up: .itss/ shared again (at once: the gate is held
 * alone), then the gate let go. */
void
itss_store_lock_share(struct itss_store *s)
{
	if (s->gate_fd < 0)
		return;
	if (flock(s->lock_fd, LOCK_SH | LOCK_NB) < 0)
		s->lock_held = 0;
	(void)close(s->gate_fd);
	s->gate_fd = -1;
}

/* The index built aside let go: its file removed, the lock shared again
 * (the index there, if any, is as it was). */
static void
drop_build(struct itss_store *s)
{
	(void)unlink(s->building);
	free(s->building);
	s->building = NULL;
	itss_store_lock_share(s);
}

/* The old index's WAL and its index, or none: a log left by another
 * database must never meet the new one, which SQLite would replay it
 * into. Only while the lock is held alone. */
static int
remove_wal(const char *path)
{
	static const char *const ext[] = { "-wal", "-shm" };
	size_t i;
	int ret = 0;

	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		char *p = itss_xasprintf("%s%s", path, ext[i]);
		if (unlink(p) < 0 && errno != ENOENT)
			ret = -1;
		free(p);
	}
	return ret;
}

int
itss_store_publish(struct itss_store *s, struct itss_diags *d)
{
	int rc, fd;

	if (!s->building)
		return 0;
	rc = sqlite3_close(s->db);
	s->db = NULL;
	if (s->spoiled) {
		/* What failed left nothing worth keeping: the next command
		 * builds it again. An index there is as it was, open again. */
		drop_build(s);
		s->spoiled = 0;
		if (rc != SQLITE_OK)
			return ITSS_EIO;
		if (access(s->path, F_OK) == 0)
			return itss_store_open_db(s, s->path,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
			    ITSS_OPEN_INDEX, s->busy_timeout_ms, d);
		return 0;
	}
	if (rc != SQLITE_OK) {
		itss_diags_add(d, ITSS_ERROR, s->path, 0, 0, _("cannot close the "
		    "index: %s"), sqlite3_errstr(rc));
		drop_build(s);
		return ITSS_EIO;
	}
	/* On disk before it has the name (nothing was synced while it was
	 * built), and the name on disk before the lock goes. */
	fd = open(s->building, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) < 0 || close(fd) < 0 || remove_wal(s->path) < 0 ||
	    rename(s->building, s->path) < 0 || fsync(s->lock_fd) < 0) {
		itss_diags_add(d, ITSS_ERROR, s->path, 0, 0, _("cannot write the "
		    "index: %s"), strerror(errno));
		drop_build(s);
		return ITSS_EIO;
	}
	free(s->building);
	s->building = NULL;
	/* The index proper from now on, in WAL mode like any other. */
	rc = itss_store_open_db(s, s->path, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, ITSS_OPEN_BUILT, s->busy_timeout_ms, d);
	itss_store_lock_share(s);
	return rc;
}

/* The tables an import that writes everything makes again (import_write.c
 * clear_all): not copied to an index built aside. */
static const char *const rewritten[] = {
	"records", "record_requirements", "record_files", "record_scores",
	"source_errors", "judgements",
};

/* Every other table of old into the new index at s->db, as it is. */
static int
copy_kept(struct itss_store *s, struct itss_diags *d)
{
	struct itss_strbuf sql = ITSS_STRBUF_INIT;
	sqlite3_stmt *st;
	char *attach;
	int rc;

	if (!(attach = sqlite3_mprintf("ATTACH %Q AS old", s->path)))
		itss_oom();
	rc = itss_sql_exec(s, attach, d);
	sqlite3_free(attach);
	if (rc < 0)
		return rc;
	itss_strbuf_addstr(&sql, "BEGIN;");
	if ((rc = itss_sql_prepare(s, &st, "SELECT name FROM old.sqlite_master "
	    "WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY rowid",
	    d)) == 0) {
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *t = (const char *)sqlite3_column_text(st, 0);
			size_t i, skip = 0;
			char *q;
			for (i = 0; i < sizeof(rewritten) / sizeof(rewritten[0]); i++)
				skip |= !strcmp(t, rewritten[i]);
			if (skip)
				continue;
			if (!(q = sqlite3_mprintf("INSERT INTO main.\"%w\" SELECT * "
			    "FROM old.\"%w\";", t, t)))
				itss_oom();
			itss_strbuf_addstr(&sql, q);
			sqlite3_free(q);
		}
		rc = itss_sql_done(s, st, rc, N_("cannot read the index"), d);
	}
	itss_strbuf_addstr(&sql, "COMMIT;");
	if (rc == 0 && (rc = itss_sql_exec(s, sql.buf, d)) < 0)
		itss_sql_rollback(s);
	itss_strbuf_release(&sql);
	if (itss_sql_exec(s, "DETACH old", d) < 0 && rc == 0)
		rc = ITSS_EIO;
	return rc;
}

int
itss_store_aside(struct itss_store *s, struct itss_diags *d)
{
	sqlite3 *old = s->db;
	int rc;

	if (s->building || s->read_only || !s->lock_held)
		return 0;
	/* Alone, or not at all: another process has the index open, or is
	 * opening it. */
	{
		if ((s->gate_fd = lock_open(s->gate, 0, d)) < 0)
			return ITSS_EIO;
		if (flock(s->gate_fd, LOCK_EX | LOCK_NB) < 0) {
			(void)close(s->gate_fd);
			s->gate_fd = -1;
			return 0;
		}
		if (flock(s->lock_fd, LOCK_EX | LOCK_NB) < 0) {
			itss_store_lock_share(s);
			return 0;
		}
	}
	s->building = itss_xasprintf("%s.new", s->path);
	if (unlink(s->building) < 0 && errno != ENOENT) {
		itss_diags_add(d, ITSS_ERROR, s->building, 0, 0, _("cannot remove: "
		    "%s"), strerror(errno));
		free(s->building);
		s->building = NULL;
		itss_store_lock_share(s);
		return ITSS_EIO;
	}
	s->db = NULL;
	if ((rc = itss_store_open_db(s, s->building, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, ITSS_OPEN_BUILD,
	    s->busy_timeout_ms, d)) < 0 || (rc = copy_kept(s, d)) < 0) {
		if (s->db)
			(void)sqlite3_close(s->db);
		s->db = old;
		drop_build(s);
		return rc;
	}
	/*
	 * The old index is done with: no one else has it open (the lock), and
	 * it stays as it is until the new one is renamed over it. Its last
	 * close checkpoints its WAL.
	 */
	if ((rc = sqlite3_close(old)) != SQLITE_OK) {
		itss_diags_add(d, ITSS_ERROR, s->path, 0, 0, _("cannot close the "
		    "index: %s"), sqlite3_errstr(rc));
		s->spoiled = 1;
		return ITSS_EIO;
	}
	return 1;
}

void
itss_store_spoil(struct itss_store *s)
{
	if (s->building)
		s->spoiled = 1;
}
