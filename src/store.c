/*
 * store.c - the index's database: opening it, its schema steps, closing
 * it, and the SQL helpers every part of the index uses (store_int.h).
 *
 * store_build.c builds a new index aside and keeps the locks.
 * The parts: import.c drives an import (import_walk.c finds the sources,
 * import_files.c checks the cited files, statcache.c is the packed stat
 * cache and the quick check, import_write.c writes the index),
 * summaries.c is the per-requirement summaries format, records.c the
 * queries over records and judgements, ledger.c the saved assessments.
 */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "itss/i18n.h"
#include "store_int.h"

#define APPLICATION_ID 0x49545353	/* "ITSS" */

/*
 * Schema steps: step i brings user_version from i to i + 1. Append only;
 * never edit a step that has shipped.
 */
static const char *const schema[] = {
	/* 0 -> 1 */
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)"
	"  WITHOUT ROWID;"
	"CREATE TABLE sources("
	"  path TEXT PRIMARY KEY, kind TEXT NOT NULL, sha256 TEXT NOT NULL,"
	"  size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,"
	"  ctime_ns INTEGER NOT NULL, ino INTEGER NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE records("
	"  id TEXT PRIMARY KEY,"
	"  source TEXT NOT NULL REFERENCES sources(path) ON DELETE CASCADE,"
	"  line INTEGER NOT NULL, col INTEGER NOT NULL,"
	"  title TEXT NOT NULL, kind TEXT NOT NULL, date INTEGER NOT NULL,"
	"  valid_until INTEGER, owner TEXT, status TEXT NOT NULL,"
	"  status_given INTEGER NOT NULL, notes TEXT);"
	"CREATE INDEX records_source ON records(source);"
	"CREATE TABLE record_requirements("
	"  record TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,"
	"  requirement TEXT NOT NULL, PRIMARY KEY(record, requirement))"
	"  WITHOUT ROWID;"
	"CREATE INDEX record_requirements_by_requirement"
	"  ON record_requirements(requirement, record);"
	"CREATE TABLE record_files("
	"  record TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,"
	"  path TEXT NOT NULL, sha256 TEXT, source TEXT NOT NULL,"
	"  line INTEGER NOT NULL, col INTEGER NOT NULL,"
	"  PRIMARY KEY(record, path)) WITHOUT ROWID;"
	"CREATE INDEX record_files_by_path ON record_files(path);"
	"CREATE TABLE files("
	"  path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER,"
	"  ctime_ns INTEGER, ino INTEGER, sha256 TEXT,"
	"  state TEXT NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE judgements("
	"  requirement TEXT PRIMARY KEY,"
	"  source TEXT NOT NULL REFERENCES sources(path) ON DELETE CASCADE,"
	"  line INTEGER NOT NULL, col INTEGER NOT NULL,"
	"  verdict TEXT NOT NULL, reason TEXT NOT NULL, by TEXT, date INTEGER)"
	"  WITHOUT ROWID;"
	"CREATE INDEX judgements_source ON judgements(source);"
	/*
	 * The files table again, packed into one value (stat_encode()): what
	 * an import with nothing changed reads, as git reads its index file,
	 * instead of a row at a time. Rewritten with every change to files.
	 */
	"CREATE TABLE stat_cache(id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  data BLOB NOT NULL);"
	/* The findings of the last import, told again while nothing changes. */
	"CREATE TABLE findings(source TEXT NOT NULL, line INTEGER NOT NULL,"
	"  col INTEGER NOT NULL, message TEXT NOT NULL);",
	/* 1 -> 2: the ledger of saved assessments. */
	"CREATE TABLE assessments("
	"  id INTEGER PRIMARY KEY, saved_at TEXT NOT NULL,"
	"  as_of INTEGER NOT NULL, organisation TEXT, model TEXT NOT NULL,"
	"  model_sha256 TEXT NOT NULL, fingerprint TEXT NOT NULL,"
	"  git_commit TEXT, target TEXT, level TEXT,"
	"  good INTEGER NOT NULL, applicable INTEGER NOT NULL);"
	"CREATE TABLE assessment_levels("
	"  assessment INTEGER NOT NULL REFERENCES assessments(id)"
	"    ON DELETE CASCADE,"
	"  what TEXT NOT NULL, key TEXT NOT NULL, level TEXT,"
	"  good INTEGER NOT NULL, applicable INTEGER NOT NULL,"
	"  PRIMARY KEY(assessment, what, key)) WITHOUT ROWID;"
	"CREATE TABLE assessment_requirements("
	"  assessment INTEGER NOT NULL REFERENCES assessments(id)"
	"    ON DELETE CASCADE,"
	"  requirement TEXT NOT NULL, status TEXT NOT NULL, evidence TEXT,"
	"  PRIMARY KEY(assessment, requirement)) WITHOUT ROWID;",
	/*
	 * 2 -> 3: per requirement, its citations with records alike merged
	 * (build_summaries()), rewritten by every import that writes, so that
	 * an assessment reads a value per requirement instead of every record.
	 */
	"CREATE TABLE summaries(requirement TEXT PRIMARY KEY,"
	"  data BLOB NOT NULL) WITHOUT ROWID;"
	"CREATE INDEX records_valid_until ON records(valid_until)"
	"  WHERE valid_until IS NOT NULL;"
	/* The next import must fill them: as if the model had changed. */
	"DELETE FROM meta WHERE key = 'model_sha256';",
	/*
	 * 3 -> 4: saved assessments are files under assessments/, and the
	 * ledger their index: each row names its file (gone with it), whether
	 * the work tree was clean, and whether the file was edited by hand.
	 * Rows saved before (no file) stay, as they were.
	 */
	"ALTER TABLE assessments ADD COLUMN source TEXT"
	"  REFERENCES sources(path) ON DELETE CASCADE;"
	"ALTER TABLE assessments ADD COLUMN clean INTEGER;"
	"ALTER TABLE assessments ADD COLUMN edited INTEGER NOT NULL DEFAULT 0;"
	"CREATE INDEX assessments_source ON assessments(source);",
	/*
	 * 4 -> 5: one broken file blocks nobody. A source with errors is kept
	 * as invalid (its records left out) with its located errors, told
	 * again while nothing changes; cited names the file a record cites
	 * when the error is that the file was refused (a link out, a FIFO),
	 * which can end without the source changing.
	 */
	"ALTER TABLE sources ADD COLUMN invalid INTEGER NOT NULL DEFAULT 0;"
	"CREATE TABLE source_errors("
	"  source TEXT NOT NULL REFERENCES sources(path) ON DELETE CASCADE,"
	"  line INTEGER NOT NULL, col INTEGER NOT NULL,"
	"  message TEXT NOT NULL, cited TEXT);"
	"CREATE INDEX source_errors_source ON source_errors(source);"
	/*
	 * And the summaries kept in step with the change: each record's group
	 * (what the assessor merges records alike by) beside each of its
	 * requirements, indexed so that a requirement's groups, their counts
	 * and first ids are a walk of the index. The next import fills it.
	 */
	"ALTER TABLE record_requirements ADD COLUMN gkey TEXT;"
	/* Whether some file of the record is not as it needs: for lists. */
	"ALTER TABLE records ADD COLUMN bad INTEGER NOT NULL DEFAULT 0;"
	/* A finding's file, so that only the findings of what changed go. */
	"ALTER TABLE findings ADD COLUMN path TEXT;"
	"CREATE INDEX findings_source ON findings(source);"
	"CREATE INDEX findings_path ON findings(path);"
	"DROP INDEX record_requirements_by_requirement;"
	"CREATE INDEX record_requirements_group"
	"  ON record_requirements(requirement, gkey, record);"
	"DELETE FROM meta WHERE key = 'model_sha256';",
	/* 5 -> 6: which named documents a record is ('\n' between them); the
	 * next import reads every file again to fill it. */
	("ALTER TABLE records ADD COLUMN documents TEXT;"
	"DELETE FROM meta WHERE key = 'model_sha256';"),
	/* 6 -> 7: an evaluation record's scores, item by item, with its
	 * period and post; the next import reads every file again. */
	("CREATE TABLE record_scores("
	"  record TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,"
	"  tbl TEXT NOT NULL, item INTEGER NOT NULL, score REAL NOT NULL,"
	"  remark TEXT, post TEXT, evaluator TEXT, period_from INTEGER,"
	"  period_to INTEGER, PRIMARY KEY(record, tbl, item)) WITHOUT ROWID;"
	"CREATE INDEX record_scores_item ON record_scores(tbl, item);"
	"DELETE FROM meta WHERE key = 'model_sha256';"),
	/* 7 -> 8: a judgement on a whole item ("item:N" as its requirement)
	 * and the levels it covers; the next import reads every file again. */
	("ALTER TABLE judgements ADD COLUMN levels TEXT;"
	"DELETE FROM meta WHERE key = 'model_sha256';"),
	/* 8 -> 9: sign-off, who approved a record and when, and what its
	 * sign-off lacks (itss_record_signoff), in its group key too; the
	 * next import reads every file again and rebuilds the summaries. */
	("ALTER TABLE records ADD COLUMN approved_by TEXT;"
	"ALTER TABLE records ADD COLUMN approved_on INTEGER;"
	"ALTER TABLE records ADD COLUMN signoff INTEGER NOT NULL DEFAULT 1;"
	"DELETE FROM meta WHERE key = 'model_sha256';"),
	/* 9 -> 10: the sources table packed in one value, as the stat cache
	 * packs the files (statcache.c), for the walk to be compared with at
	 * once; rewritten by every import that writes, made by the next one
	 * that finds it missing. A later step that changes sources must
	 * delete it. */
	("CREATE TABLE source_cache(id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  data BLOB NOT NULL);"),
	/* 10 -> 11: each record's digest (import_write.c), so that a file
	 * edited writes again only the records that changed in it; a record
	 * without one is written again the first time its file changes. */
	"ALTER TABLE records ADD COLUMN digest BLOB;",
};
#define SCHEMA_VERSION ((int)(sizeof(schema) / sizeof(schema[0])))

/*
 * Whether the file system holding path (a file in .itss/) is full: SQLite
 * says only "disk I/O error" when even a read needs its WAL index to grow.
 */
static int
disk_full(const char *path)
{
	char *dir = itss_xstrdup(path), *slash = strrchr(dir, '/');
	struct statvfs v;
	int full;

	if (slash)
		*slash = '\0';
	full = statvfs(slash ? dir : ".", &v) == 0 && v.f_bavail == 0;
	free(dir);
	return full;
}

int
itss_sql_error(struct itss_store *s, struct itss_diags *d, int rc, const char *what)
{
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		itss_diags_add(d, ITSS_ERROR, s->path, 0, 0, _("%s: the index is "
		    "locked by another itss process; try again when it has "
		    "finished"), _(what));
	else if (((rc & 0xff) == SQLITE_IOERR || (rc & 0xff) == SQLITE_FULL ||
	    (rc & 0xff) == SQLITE_CANTOPEN) && disk_full(s->path))
		itss_diags_add(d, ITSS_ERROR, s->path, 0, 0, _("%s: no space left on "
		    "the device holding .itss/ (SQLite: %s); free some and run "
		    "again"), _(what), s->db ? sqlite3_errmsg(s->db) :
		    sqlite3_errstr(rc));
	else
		itss_diags_add(d, ITSS_ERROR, s->path, 0, 0, "%s: %s", _(what),
		    s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
	return ITSS_EIO;
}

int
itss_sql_exec(struct itss_store *s, const char *sql, struct itss_diags *d)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		return itss_sql_error(s, d, rc, N_("database"));
	return 0;
}

int
itss_sql_prepare(struct itss_store *s, sqlite3_stmt **out, const char *sql,
    struct itss_diags *d)
{
	int rc = sqlite3_prepare_v2(s->db, sql, -1, out, NULL);

	if (rc != SQLITE_OK)
		return itss_sql_error(s, d, rc, N_("database"));
	return 0;
}

int
itss_sql_finalize(struct itss_store *s, sqlite3_stmt *st, struct itss_diags *d)
{
	int rc = sqlite3_finalize(st);

	if (rc != SQLITE_OK)
		return itss_sql_error(s, d, rc, N_("database"));
	return 0;
}

/* Step a statement that returns no rows, then reset it for reuse. */
int
itss_sql_run(struct itss_store *s, sqlite3_stmt *st, struct itss_diags *d)
{
	int rc = sqlite3_step(st);

	(void)sqlite3_reset(st);	/* it returns the step's error, told below */
	(void)sqlite3_clear_bindings(st);	/* always SQLITE_OK */
	if (rc != SQLITE_DONE)
		return itss_sql_error(s, d, rc, N_("cannot update the index"));
	return 0;
}

/* What a bind returns: only a programmer's error or no memory. */
static void
bound(int rc)
{
	if (rc == SQLITE_NOMEM)
		itss_oom();
	assert(rc == SQLITE_OK);
}

void
itss_sql_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	bound(s ? sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC) :
	    sqlite3_bind_null(st, i));
}

void
itss_sql_bind_copy(sqlite3_stmt *st, int i, const char *s)
{
	bound(s ? sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT) :
	    sqlite3_bind_null(st, i));
}

void
itss_sql_bind_int(sqlite3_stmt *st, int i, int v)
{
	bound(sqlite3_bind_int(st, i, v));
}

void
itss_sql_bind_double(sqlite3_stmt *st, int i, double v)
{
	bound(sqlite3_bind_double(st, i, v));
}

void
itss_sql_bind_int64(sqlite3_stmt *st, int i, int64_t v)
{
	bound(sqlite3_bind_int64(st, i, v));
}

void
itss_sql_bind_null(sqlite3_stmt *st, int i)
{
	bound(sqlite3_bind_null(st, i));
}

void
itss_sql_bind_blob(sqlite3_stmt *st, int i, const void *p, int n, int copy)
{
	bound(sqlite3_bind_blob(st, i, p, n, copy ? SQLITE_TRANSIENT :
	    SQLITE_STATIC));
}

/* A text column into a fixed buffer, cut to fit; "" for NULL. */
void
itss_sql_copy_col(char *buf, size_t size, sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	size_t n = t ? (size_t)sqlite3_column_bytes(st, i) : 0;

	if (n >= size)
		n = size - 1;
	if (n)
		memcpy(buf, t, n);
	buf[n] = '\0';
}

char *
itss_sql_col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? itss_xstrdup((const char *)t) : NULL;
}


void
itss_sql_discard(sqlite3_stmt *st)
{
	(void)sqlite3_finalize(st);
}

void
itss_sql_rollback(struct itss_store *s)
{
	if (sqlite3_get_autocommit(s->db) == 0)
		(void)sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

int
itss_sql_done(struct itss_store *s, sqlite3_stmt *st, int step_rc,
    const char *what, struct itss_diags *d)
{
	int rc = sqlite3_finalize(st);

	if (step_rc != SQLITE_DONE)
		return itss_sql_error(s, d, step_rc, what);
	if (rc != SQLITE_OK)
		return itss_sql_error(s, d, rc, what);
	return 0;
}

int
itss_sql_row(struct itss_store *s, sqlite3_stmt *st, const char *what,
    struct itss_diags *d)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return itss_sql_error(s, d, rc, what);
}

const char *
itss_sql_col_arena(struct itss_arena *a, sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? itss_arena_strndup(a, (const char *)t,
	    (size_t)sqlite3_column_bytes(st, i)) : NULL;
}

/* The first n integers of the one row sql returns. */
static int
count_cols(struct itss_store *s, const char *sql, size_t *out, int n,
    struct itss_diags *d)
{
	sqlite3_stmt *st;
	int rc, i;

	if ((rc = itss_sql_prepare(s, &st, sql, d)) < 0)
		return rc;
	if ((rc = itss_sql_row(s, st, N_("cannot read the index"), d)) <= 0) {
		itss_sql_discard(st);
		return rc < 0 ? rc : itss_sql_error(s, d, SQLITE_CORRUPT,
		    N_("cannot read the index"));
	}
	for (i = 0; i < n; i++)
		out[i] = (size_t)sqlite3_column_int64(st, i);
	return itss_sql_finalize(s, st, d);
}

int
itss_sql_count(struct itss_store *s, const char *sql, size_t *out,
    struct itss_diags *d)
{
	return count_cols(s, sql, out, 1, d);
}

int
itss_sql_count2(struct itss_store *s, const char *sql, size_t *a, size_t *b,
    struct itss_diags *d)
{
	size_t v[2];
	int rc = count_cols(s, sql, v, 2, d);

	if (rc == 0) {
		*a = v[0];
		*b = v[1];
	}
	return rc;
}

/* "file:PATH?mode=ro&immutable=1", the path percent-escaped. */
static char *
immutable_uri(const char *path)
{
	struct itss_strbuf sb = ITSS_STRBUF_INIT;
	const unsigned char *p;

	itss_strbuf_addstr(&sb, "file:");
	for (p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/._-~", *p))
			itss_strbuf_addch(&sb, *p);
		else
			itss_strbuf_addf(&sb, "%%%02X", *p);
	}
	itss_strbuf_addstr(&sb, "?mode=ro&immutable=1");
	return itss_strbuf_detach(&sb, NULL);
}

static int
pragma_int(struct itss_store *s, const char *sql, int *out, struct itss_diags *d)
{
	sqlite3_stmt *st;
	int rc;

	*out = 0;
	if ((rc = itss_sql_prepare(s, &st, sql, d)) < 0)
		return rc;
	if ((rc = itss_sql_row(s, st, "database", d)) < 0) {
		sqlite3_finalize(st);
		return rc;
	}
	if (rc)
		*out = sqlite3_column_int(st, 0);
	return itss_sql_finalize(s, st, d);
}

static int
migrate(struct itss_store *s, struct itss_diags *d)
{
	int version, app, rc;

	if ((rc = pragma_int(s, "PRAGMA application_id", &app, d)) < 0 ||
	    (rc = pragma_int(s, "PRAGMA user_version", &version, d)) < 0)
		return rc;
	if (app != 0 && app != APPLICATION_ID) {
		itss_diags_add(d, ITSS_ERROR, s->path, 0, 0, _("not an itss index "
		    "(another program's database); move it away"));
		return ITSS_EIO;
	}
	if (version > SCHEMA_VERSION) {
		itss_diags_add(d, ITSS_ERROR, s->path, 0, 0, _("the index was made "
		    "by a newer itss (schema %d, this one knows %d): upgrade itss, "
		    "or delete .itss/ to rebuild it"), version, SCHEMA_VERSION);
		return ITSS_EIO;
	}
	if (s->read_only && version < SCHEMA_VERSION) {
		itss_diags_add(d, ITSS_ERROR, s->path, 0, 0, _("the index was made by "
		    "an older itss (schema %d, this one knows %d) and .itss/ cannot "
		    "be written here to bring it up to date"), version,
		    SCHEMA_VERSION);
		return ITSS_EIO;
	}
	while (version < SCHEMA_VERSION) {
		char *bump;

		if ((rc = itss_sql_exec(s, "BEGIN IMMEDIATE", d)) < 0)
			return rc;
		/* Another process may have migrated while we waited. */
		if ((rc = pragma_int(s, "PRAGMA user_version", &version, d)) < 0) {
			itss_sql_rollback(s);
			return rc;
		}
		if (version >= SCHEMA_VERSION) {
			itss_sql_rollback(s);
			break;
		}
		bump = itss_xasprintf("%s; PRAGMA application_id = %d; "
		    "PRAGMA user_version = %d;", schema[version], APPLICATION_ID,
		    version + 1);
		rc = itss_sql_exec(s, bump, d);
		free(bump);
		if (rc < 0 || (rc = itss_sql_exec(s, "COMMIT", d)) < 0) {
			itss_sql_rollback(s);
			return rc;
		}
		version++;
	}
	return 0;
}

/*
 * The connection to path, its pragmas and its schema brought up to date.
 * build: ITSS_OPEN_BUILD, a new index under ITSS_INDEX_NEW (store_build.c);
 * ITSS_OPEN_BUILT, the index just published (its schema is this itss's);
 * or ITSS_OPEN_INDEX.
 * read_only: opened immutable; else the index proper, in WAL mode.
 */
int
itss_store_open_db(struct itss_store *s, const char *path, int flags, int build,
    long busy_timeout_ms, struct itss_diags *d)
{
	int rc;

	if (s->read_only) {
		char *uri = immutable_uri(path);
		rc = sqlite3_open_v2(uri, &s->db, SQLITE_OPEN_READONLY |
		    SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
		free(uri);
	} else {
		rc = sqlite3_open_v2(path, &s->db, flags, NULL);
	}
	if (rc != SQLITE_OK)
		return itss_sql_error(s, d, rc, N_("cannot open the index"));
	sqlite3_extended_result_codes(s->db, 1);
	rc = sqlite3_busy_timeout(s->db, busy_timeout_ms > 0 &&
	    busy_timeout_ms <= 3600000 ? (int)busy_timeout_ms :
	    ITSS_BUSY_TIMEOUT_MS);
	if (rc != SQLITE_OK)
		return itss_sql_error(s, d, rc, N_("cannot set a busy timeout"));
	if (s->read_only) {
		if (itss_sql_exec(s, "PRAGMA mmap_size = 268435456", d) < 0 ||
		    itss_sql_exec(s, "PRAGMA foreign_keys = ON", d) < 0 ||
		    migrate(s, d) < 0)
			return ITSS_EIO;
		return 0;
	}
	/*
	 * Large pages: the index is read in big runs (the stat cache is one
	 * value of about 80 bytes per file), and each page is a system call or
	 * a page fault. Only takes effect on a new, empty database, so before
	 * WAL mode.
	 */
	if (build == ITSS_OPEN_BUILD) {
		/* Nothing of it is kept if it is not finished: no journal on
		 * disk, no sync until it is published. */
		if (itss_sql_exec(s, "PRAGMA page_size = 65536", d) < 0 ||
		    itss_sql_exec(s, "PRAGMA journal_mode = MEMORY", d) < 0 ||
		    itss_sql_exec(s, "PRAGMA synchronous = OFF", d) < 0 ||
		    itss_sql_exec(s, "PRAGMA foreign_keys = ON", d) < 0 ||
		    migrate(s, d) < 0)
			return ITSS_EIO;
		return 0;
	}
	/*
	 * The WAL and its index kept between runs, truncated to 4 MiB (not
	 * made and removed again by every command, which cost a quick one a
	 * fifth of its time); a kill leaves them as SQLite always can.
	 */
	{
		int one = 1;
		(void)sqlite3_file_control(s->db, "main", SQLITE_FCNTL_PERSIST_WAL,
		    &one);
	}
	/*
	 * WAL: readers and one writer at once, and a kill at any moment
	 * leaves the last committed state. synchronous=FULL: a commit is on
	 * disk when it returns.
	 */
	if (itss_sql_exec(s, "PRAGMA page_size = 65536", d) < 0 ||
	    itss_sql_exec(s, "PRAGMA journal_size_limit = 4194304", d) < 0 ||
	    itss_sql_exec(s, "PRAGMA journal_mode = WAL", d) < 0 ||
	    itss_sql_exec(s, "PRAGMA mmap_size = 268435456", d) < 0 ||
	    itss_sql_exec(s, "PRAGMA synchronous = FULL", d) < 0 ||
	    itss_sql_exec(s, "PRAGMA foreign_keys = ON", d) < 0 ||
	    (build != ITSS_OPEN_BUILT && migrate(s, d) < 0))
		return ITSS_EIO;
	return 0;
}

/* s let go, its locks with it (its connection closed already). */
static void
store_free(struct itss_store *s)
{
	if (s->gate_fd >= 0)
		(void)close(s->gate_fd);
	if (s->lock_fd >= 0)
		(void)close(s->lock_fd);
	free(s->building);
	free(s->gate);
	free(s->path);
	free(s);
}

int
itss_store_open(struct itss_store **out, const char *root,
    const struct itss_store_options *opt, struct itss_diags *d)
{
	struct itss_store *s = itss_xcalloc(1, sizeof(*s));
	char *dir = itss_xasprintf("%s/%s", root, ITSS_STATE_DIR);
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	long timeout = opt->busy_timeout_ms > 0 ? opt->busy_timeout_ms :
	    ITSS_BUSY_TIMEOUT_MS;
	struct stat st;

	*out = NULL;
	s->lock_fd = s->gate_fd = -1;
	s->path = itss_xasprintf("%s/%s", root, ITSS_INDEX);
	s->gate = itss_xasprintf("%s/%s", root, ITSS_INDEX_GATE);
	if (opt->create) {
		if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
			itss_diags_add(d, ITSS_ERROR, dir, 0, 0, _("cannot create: %s"),
			    strerror(errno));
			goto fail;
		}
		/* None yet: built aside, by one process at a time; one that
		 * was waiting opens what the other made. */
		if (stat(s->path, &st) < 0 && errno == ENOENT) {
			if (itss_store_lock_take(s, root, 1, timeout, d) < 0)
				goto fail;
			if (stat(s->path, &st) < 0 && errno == ENOENT) {
				s->building = itss_xasprintf("%s/%s", root, ITSS_INDEX_NEW);
				if (unlink(s->building) < 0 && errno != ENOENT) {
					itss_diags_add(d, ITSS_ERROR, s->building, 0, 0,
					    _("cannot remove: %s"), strerror(errno));
					goto fail;
				}
				flags |= SQLITE_OPEN_CREATE | SQLITE_OPEN_EXCLUSIVE;
			} else {
				itss_store_lock_share(s);
			}
		}
	} else if (stat(s->path, &st) < 0) {
		itss_diags_add(d, ITSS_ERROR, s->path, 0, 0, _("no index here: %s"),
		    strerror(errno));
		goto fail;
	}
	/*
	 * A repository that cannot be written (a read-only mount, someone
	 * else's clone): the index is read as it is, immutable, so SQLite
	 * needs neither its lock nor its WAL files; the import then only
	 * checks that nothing changed (import.c).
	 */
	if (!opt->create && access(dir, W_OK) < 0 &&
	    (errno == EROFS || errno == EACCES || errno == EPERM))
		s->read_only = 1;
	/* Shared while it is open (see above), but read-only: no one can
	 * build there. */
	if (!s->read_only && s->lock_fd < 0 &&
	    itss_store_lock_take(s, root, 0, timeout, d) < 0)
		goto fail;
	s->busy_timeout_ms = opt->busy_timeout_ms;
	if (itss_store_open_db(s, s->building ? s->building : s->path, flags,
	    s->building ? ITSS_OPEN_BUILD : ITSS_OPEN_INDEX, opt->busy_timeout_ms,
	    d) < 0)
		goto fail;
	free(dir);
	*out = s;
	return 0;
fail:
	free(dir);
	/* Already failing: the first error is the one to tell. */
	if (s->db)
		(void)sqlite3_close(s->db);
	if (s->building)
		(void)unlink(s->building);
	store_free(s);
	return ITSS_EIO;
}

int
itss_store_close(struct itss_store *s, struct itss_diags *d)
{
	int rc, ret = 0;

	if (!s)
		return 0;
	/* A new index never published (`init`, a failed first import). */
	if (s->building && itss_store_publish(s, d) < 0)
		ret = ITSS_EIO;
	if (!s->db)
		goto out;
	/* Fold the WAL into the database, so a copy of index.db is whole. */
	rc = s->read_only ? SQLITE_OK : sqlite3_wal_checkpoint_v2(s->db, NULL,
	    SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	if (rc != SQLITE_OK && rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
		ret = itss_sql_error(s, d, rc, N_("cannot checkpoint the index"));
	rc = sqlite3_close(s->db);
	if (rc != SQLITE_OK) {
		itss_diags_add(d, ITSS_ERROR, s->path, 0, 0, _("cannot close the "
		    "index: %s"), sqlite3_errstr(rc));
		ret = ITSS_EIO;
	}
out:
	store_free(s);
	return ret;
}

int
itss_store_exists(const char *root)
{
	char *path = itss_xasprintf("%s/%s", root, ITSS_INDEX);
	struct stat st;
	int there = stat(path, &st) == 0;

	free(path);
	return there;
}
