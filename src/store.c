/*
 * store.c - the SQLite index and the import that keeps it in line.
 *
 * An import has three phases, and only the last one writes:
 *   1. walk evidence/ and judgements/, and read the files that are new or
 *      changed since the index last saw them (size, times, inode);
 *   2. check everything: ids unique across the repository, and every file
 *      a record cites -- stat'ed once, hashed only when it changed;
 *   3. if anything differs from the index, write it in one transaction.
 * Input errors stop before phase 3, so a bad record never half-updates
 * the index.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "itss/hash.h"
#include "itss/store.h"

#define APPLICATION_ID 0x49545353	/* "ITSS" */
#define BUSY_TIMEOUT_MS 10000
#define SOURCE_MAX (64u << 20)		/* an evidence register: 64 MiB */

struct itss_store {
	sqlite3 *db;
	char *path;
	char *model;
};

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
};
#define SCHEMA_VERSION ((int)(sizeof(schema) / sizeof(schema[0])))

static int
db_error(struct itss_store *s, struct itss_diags *d, int rc, const char *what)
{
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		itss_diags_add(d, ITSS_ERROR, s->path, 0, 0, "%s: the index is "
		    "locked by another itss process; try again when it has "
		    "finished", what);
	else
		itss_diags_add(d, ITSS_ERROR, s->path, 0, 0, "%s: %s", what,
		    s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
	return ITSS_EIO;
}

static int
exec(struct itss_store *s, const char *sql, struct itss_diags *d)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		return db_error(s, d, rc, "database");
	return 0;
}

static int
pragma_int(struct itss_store *s, const char *sql, int *out, struct itss_diags *d)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return db_error(s, d, rc, "database");
	rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite3_finalize(st);
		return db_error(s, d, rc, "database");
	}
	if ((rc = sqlite3_finalize(st)) != SQLITE_OK)
		return db_error(s, d, rc, "database");
	return 0;
}

static int
migrate(struct itss_store *s, struct itss_diags *d)
{
	int version, app, rc;

	if ((rc = pragma_int(s, "PRAGMA application_id", &app, d)) < 0 ||
	    (rc = pragma_int(s, "PRAGMA user_version", &version, d)) < 0)
		return rc;
	if (app != 0 && app != APPLICATION_ID) {
		itss_diags_add(d, ITSS_ERROR, s->path, 0, 0, "not an itss index "
		    "(another program's database); move it away");
		return ITSS_EIO;
	}
	if (version > SCHEMA_VERSION) {
		itss_diags_add(d, ITSS_ERROR, s->path, 0, 0, "the index was made "
		    "by a newer itss (schema %d, this one knows %d): upgrade itss, "
		    "or delete .itss/ to rebuild it", version, SCHEMA_VERSION);
		return ITSS_EIO;
	}
	while (version < SCHEMA_VERSION) {
		char *bump;

		if ((rc = exec(s, "BEGIN IMMEDIATE", d)) < 0)
			return rc;
		/* Another process may have migrated while we waited. */
		if ((rc = pragma_int(s, "PRAGMA user_version", &version, d)) < 0) {
			exec(s, "ROLLBACK", d);
			return rc;
		}
		if (version >= SCHEMA_VERSION) {
			exec(s, "ROLLBACK", d);
			break;
		}
		bump = itss_xasprintf("%s; PRAGMA application_id = %d; "
		    "PRAGMA user_version = %d;", schema[version], APPLICATION_ID,
		    version + 1);
		rc = exec(s, bump, d);
		free(bump);
		if (rc < 0 || (rc = exec(s, "COMMIT", d)) < 0) {
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			return rc;
		}
		version++;
	}
	return 0;
}

int
itss_store_open(struct itss_store **out, const char *root, int create,
    struct itss_diags *d)
{
	struct itss_store *s = itss_xcalloc(1, sizeof(*s));
	char *dir = itss_xasprintf("%s/%s", root, ITSS_STATE_DIR);
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, rc;
	struct stat st;

	*out = NULL;
	s->path = itss_xasprintf("%s/%s", root, ITSS_INDEX);
	if (create) {
		if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
			itss_diags_add(d, ITSS_ERROR, dir, 0, 0, "cannot create: %s",
			    strerror(errno));
			goto fail;
		}
		flags |= SQLITE_OPEN_CREATE;
	} else if (stat(s->path, &st) < 0) {
		itss_diags_add(d, ITSS_ERROR, s->path, 0, 0, "no index here: %s",
		    strerror(errno));
		goto fail;
	}
	rc = sqlite3_open_v2(s->path, &s->db, flags, NULL);
	if (rc != SQLITE_OK) {
		db_error(s, d, rc, "cannot open the index");
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	/* ITSS_BUSY_TIMEOUT_MS: how long to wait for another process's lock. */
	{
		const char *env = getenv("ITSS_BUSY_TIMEOUT_MS");
		long ms = env ? strtol(env, NULL, 10) : BUSY_TIMEOUT_MS;
		if (ms < 0 || ms > 3600000)
			ms = BUSY_TIMEOUT_MS;
		rc = sqlite3_busy_timeout(s->db, (int)ms);
	}
	if (rc != SQLITE_OK) {
		db_error(s, d, rc, "cannot set a busy timeout");
		goto fail;
	}
	/*
	 * WAL: readers and one writer at once, and a kill at any moment
	 * leaves the last committed state. synchronous=FULL: a commit is on
	 * disk when it returns.
	 */
	/*
	 * Large pages: the index is read in big runs (the stat cache is one
	 * value of about 80 bytes per file), and each page is a system call or
	 * a page fault. Only takes effect on a new, empty database, so before
	 * WAL mode.
	 */
	if (exec(s, "PRAGMA page_size = 65536", d) < 0 ||
	    exec(s, "PRAGMA journal_mode = WAL", d) < 0 ||
	    exec(s, "PRAGMA mmap_size = 268435456", d) < 0 ||
	    exec(s, "PRAGMA synchronous = FULL", d) < 0 ||
	    exec(s, "PRAGMA foreign_keys = ON", d) < 0 ||
	    migrate(s, d) < 0)
		goto fail;
	free(dir);
	*out = s;
	return 0;
fail:
	free(dir);
	if (s->db)
		sqlite3_close(s->db);
	free(s->path);
	free(s);
	return ITSS_EIO;
}

int
itss_store_close(struct itss_store *s, struct itss_diags *d)
{
	int rc, ret = 0;

	if (!s)
		return 0;
	/* Fold the WAL into the database, so a copy of index.db is whole. */
	rc = sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_TRUNCATE,
	    NULL, NULL);
	if (rc != SQLITE_OK && rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
		ret = db_error(s, d, rc, "cannot checkpoint the index");
	rc = sqlite3_close(s->db);
	if (rc != SQLITE_OK) {
		itss_diags_add(d, ITSS_ERROR, s->path, 0, 0, "cannot close the "
		    "index: %s", sqlite3_errstr(rc));
		ret = ITSS_EIO;
	}
	free(s->path);
	free(s->model);
	free(s);
	return ret;
}

const char *
itss_store_model(struct itss_store *s)
{
	sqlite3_stmt *st;

	if (s->model)
		return s->model;
	if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = "
	    "'model'", -1, &st, NULL) != SQLITE_OK)
		return NULL;
	if (sqlite3_step(st) == SQLITE_ROW)
		s->model = itss_xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return s->model;
}

/* ---- phase 1: the walk ---- */

enum { SRC_EVIDENCE, SRC_JUDGEMENT };

struct stamp {
	int64_t size, mtime_ns, ctime_ns, ino;
};

struct source {
	char *path;		/* relative to the root */
	char sha[ITSS_SHA256_HEX];	/* of its bytes, when read */
	int kind;
	struct stamp stamp;
	int state;		/* SAME, CHANGED, NEW */
};
enum { SAME, CHANGED, NEW };

struct sources {
	struct source *v;
	size_t n, alloc;
};

static struct stamp
stamp_of(const struct stat *st)
{
	struct stamp s;

	s.size = (int64_t)st->st_size;
	s.mtime_ns = (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
	s.ctime_ns = (int64_t)st->st_ctim.tv_sec * 1000000000 + st->st_ctim.tv_nsec;
	s.ino = (int64_t)st->st_ino;
	return s;
}

static int
stamp_eq(const struct stamp *a, const struct stamp *b)
{
	return a->size == b->size && a->mtime_ns == b->mtime_ns &&
	    a->ctime_ns == b->ctime_ns && a->ino == b->ino;
}

static int
wanted(const char *name, int kind)
{
	if (name[0] == '.')
		return 0;
	return itss_ends_with(name, ".yaml") || itss_ends_with(name, ".yml") ||
	    (kind == SRC_EVIDENCE && itss_ends_with(name, ".csv"));
}

/*
 * Walk dir (relative to root) for evidence or judgement files. Symbolic
 * links are refused rather than followed: a record's file is part of the
 * repository, not a pointer out of it.
 */
static int
walk(struct sources *out, const char *root, const char *rel, int kind,
    struct itss_diags *d)
{
	char *abs = itss_xasprintf("%s/%s", root, rel);
	struct itss_strlist names = { 0 };
	struct dirent *e;
	DIR *dir = opendir(abs);
	size_t i;
	int rc = 0;

	if (!dir) {
		if (errno == ENOENT) {
			free(abs);
			return 0;
		}
		itss_diags_add(d, ITSS_ERROR, rel, 0, 0, "cannot read the "
		    "directory: %s", strerror(errno));
		free(abs);
		return ITSS_EIO;
	}
	errno = 0;
	while ((e = readdir(dir)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			itss_strlist_add(&names, e->d_name);
	if (errno) {
		itss_diags_add(d, ITSS_ERROR, rel, 0, 0, "cannot read the "
		    "directory: %s", strerror(errno));
		rc = ITSS_EIO;
	}
	closedir(dir);
	for (i = 0; i < names.n && rc != ITSS_EIO; i++) {
		char *path = itss_xasprintf("%s/%s", rel, names.v[i]);
		char *full = itss_xasprintf("%s/%s", root, path);
		struct stat st;

		if (lstat(full, &st) < 0) {
			itss_diags_add(d, ITSS_ERROR, path, 0, 0, "cannot stat: %s",
			    strerror(errno));
			rc = ITSS_EIO;
		} else if (S_ISDIR(st.st_mode)) {
			if (names.v[i][0] != '.') {
				int r = walk(out, root, path, kind, d);
				if (r < 0)
					rc = rc == ITSS_EIO ? rc : r;
			}
		} else if (wanted(names.v[i], kind)) {
			if (S_ISLNK(st.st_mode)) {
				itss_diags_add(d, ITSS_ERROR, path, 0, 0, "a symbolic "
				    "link: evidence and judgement files must be "
				    "regular files in the repository");
				rc = rc ? rc : ITSS_EINPUT;
			} else if (!S_ISREG(st.st_mode)) {
				itss_diags_add(d, ITSS_ERROR, path, 0, 0, "not a "
				    "regular file");
				rc = rc ? rc : ITSS_EINPUT;
			} else {
				struct source *src;
				itss_xgrow((void **)&out->v, &out->alloc, out->n + 1,
				    sizeof(*out->v));
				src = &out->v[out->n++];
				src->path = path;
				path = NULL;
				src->kind = kind;
				src->stamp = stamp_of(&st);
				src->state = NEW;
			}
		}
		free(path);
		free(full);
	}
	itss_strlist_release(&names);
	free(abs);
	return rc;
}

static int
cmp_source(const void *a, const void *b)
{
	return strcmp(((const struct source *)a)->path,
	    ((const struct source *)b)->path);
}

/* ---- small helpers over statements ---- */

static int
prepare(struct itss_store *s, sqlite3_stmt **st, const char *sql,
    struct itss_diags *d)
{
	int rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL);

	if (rc != SQLITE_OK)
		return db_error(s, d, rc, "database");
	return 0;
}

static int
finalize(struct itss_store *s, sqlite3_stmt *st, struct itss_diags *d)
{
	int rc = sqlite3_finalize(st);

	if (rc != SQLITE_OK)
		return db_error(s, d, rc, "database");
	return 0;
}

/* Step a statement that returns no rows, then reset it for reuse. */
static int
run(struct itss_store *s, sqlite3_stmt *st, struct itss_diags *d)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return db_error(s, d, rc, "cannot update the index");
	return 0;
}

static void
bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* A text column into a fixed buffer, cut to fit; "" for NULL. */
static void
copy_col(char *buf, size_t size, sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	size_t n = t ? (size_t)sqlite3_column_bytes(st, i) : 0;

	if (n >= size)
		n = size - 1;
	if (n)
		memcpy(buf, t, n);
	buf[n] = '\0';
}

static char *
col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? itss_xstrdup((const char *)t) : NULL;
}

/* ---- phase 2: what the index holds, and the cited files ---- */

/* A record kept from the index (its source did not change). */
struct kept {
	char *id, *source;
	unsigned line, col;
};

/* A cited file: one per path, with its first citer for messages. */
struct cited {
	char *path;
	const char *by_id, *by_source;	/* borrowed */
	unsigned by_line, by_col;
	/* what the index had */
	int known;
	struct stamp old;
	char old_sha[ITSS_SHA256_HEX];	/* "" when none */
	char old_state[12];
	/* what it is now */
	struct stamp now;
	char sha[ITSS_SHA256_HEX];
	const char *state;	/* ok, missing, unstable */
	int dirty;		/* differs from the index */
};

/* A (record, path, recorded sha) citation, for findings and writing. */
struct citation {
	const char *record, *source, *path, *sha;	/* borrowed */
	unsigned line, col;	/* where the record names the file */
};

struct import {
	struct itss_store *s;
	const struct itss_repo *r;
	const struct itss_model *m;
	struct itss_diags *d;
	struct sources found;
	struct source *indexed;	/* sources as the index has them */
	size_t nindexed;
	struct itss_evidence_set set;	/* from new and changed sources */
	struct kept *kept;
	size_t nkept, akept;
	struct kept *kept_j;	/* judgements kept */
	size_t nkept_j, akept_j;
	char **kept_strings;	/* what the kept citations point into */
	size_t nkept_strings, akept_strings;
	struct citation *cit;
	size_t ncit, acit;
	struct cited *files;
	size_t nfiles, afiles;
	int model_changed;
	size_t findings_from, findings_to;	/* their range in d */
	itss_progress_fn progress;
	void *ctx;
};

static const char *
keep_string(struct import *im, char *s)
{
	itss_xgrow((void **)&im->kept_strings, &im->akept_strings,
	    im->nkept_strings + 1, sizeof(*im->kept_strings));
	im->kept_strings[im->nkept_strings++] = s;
	return s;
}

static int
load_indexed(struct import *im)
{
	sqlite3_stmt *st;
	size_t alloc = 0;
	int rc;

	if ((rc = prepare(im->s, &st, "SELECT path, kind, size, mtime_ns, "
	    "ctime_ns, ino FROM sources ORDER BY path", im->d)) < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct source *src;
		itss_xgrow((void **)&im->indexed, &alloc, im->nindexed + 1,
		    sizeof(*im->indexed));
		src = &im->indexed[im->nindexed++];
		src->path = col_dup(st, 0);
		src->kind = strcmp((const char *)sqlite3_column_text(st, 1),
		    "judgement") ? SRC_EVIDENCE : SRC_JUDGEMENT;
		src->stamp.size = sqlite3_column_int64(st, 2);
		src->stamp.mtime_ns = sqlite3_column_int64(st, 3);
		src->stamp.ctime_ns = sqlite3_column_int64(st, 4);
		src->stamp.ino = sqlite3_column_int64(st, 5);
	}
	if (rc != SQLITE_DONE) {
		sqlite3_finalize(st);
		return db_error(im->s, im->d, rc, "cannot read the index");
	}
	return finalize(im->s, st, im->d);
}

static struct source *
find_source(struct source *v, size_t n, const char *path)
{
	struct source key;

	if (!n)
		return NULL;	/* bsearch() wants a real array, even for none */
	key.path = (char *)path;
	return bsearch(&key, v, n, sizeof(*v), cmp_source);
}

/* Read and check one new or changed source into the set. */
static int
read_source(struct import *im, struct source *src)
{
	char *full = itss_xasprintf("%s/%s", im->r->root, src->path), *buf;
	size_t len;
	int rc;

	if (itss_read_file(&buf, &len, full, SOURCE_MAX) < 0) {
		int e = errno;
		free(full);
		if (e == EFBIG) {
			itss_diags_add(im->d, ITSS_ERROR, src->path, 0, 0, "over the "
			    "limit of %u MiB: split it into several files",
			    SOURCE_MAX >> 20);
			return ITSS_EINPUT;
		}
		itss_diags_add(im->d, ITSS_ERROR, src->path, 0, 0, "cannot read: %s",
		    strerror(e));
		return ITSS_EIO;
	}
	free(full);
	itss_sha256_buf(src->sha, buf, len);
	if (src->kind == SRC_JUDGEMENT)
		rc = itss_judgements_read(&im->set, src->path, buf, len, im->m, im->d);
	else
		rc = itss_evidence_read(&im->set, src->path, buf, len,
		    itss_ends_with(src->path, ".csv"), im->m, im->d);
	free(buf);
	return rc;
}

/*
 * What the index has of the unchanged sources: every citation (one query),
 * and -- only when some source is new or changed, since only then can a
 * clash arise -- their record ids and judged requirements.
 */
static int
load_kept(struct import *im, int any_new)
{
	sqlite3_stmt *st;
	struct source *src;
	int rc, q;

	if ((rc = prepare(im->s, &st, "SELECT record, path, sha256, line, col, "
	    "source FROM record_files", im->d)) < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct citation *c;
		src = find_source(im->found.v, im->found.n,
		    (const char *)sqlite3_column_text(st, 5));
		if (!src || src->state != SAME)
			continue;
		itss_xgrow((void **)&im->cit, &im->acit, im->ncit + 1,
		    sizeof(*im->cit));
		c = &im->cit[im->ncit++];
		c->record = keep_string(im, col_dup(st, 0));
		c->path = keep_string(im, col_dup(st, 1));
		c->sha = sqlite3_column_type(st, 2) == SQLITE_NULL ? NULL :
		    keep_string(im, col_dup(st, 2));
		c->line = (unsigned)sqlite3_column_int(st, 3);
		c->col = (unsigned)sqlite3_column_int(st, 4);
		c->source = src->path;
	}
	if (rc != SQLITE_DONE) {
		sqlite3_finalize(st);
		return db_error(im->s, im->d, rc, "cannot read the index");
	}
	if ((rc = finalize(im->s, st, im->d)) < 0 || !any_new)
		return rc;
	for (q = 0; q < 2; q++) {
		if ((rc = prepare(im->s, &st, q ? "SELECT requirement, source, "
		    "line, col FROM judgements" : "SELECT id, source, line, col "
		    "FROM records", im->d)) < 0)
			return rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			struct kept **v = q ? &im->kept_j : &im->kept;
			size_t *n = q ? &im->nkept_j : &im->nkept;
			size_t *a = q ? &im->akept_j : &im->akept;
			src = find_source(im->found.v, im->found.n,
			    (const char *)sqlite3_column_text(st, 1));
			if (!src || src->state != SAME)
				continue;
			itss_xgrow((void **)v, a, *n + 1, sizeof(**v));
			(*v)[*n].id = col_dup(st, 0);
			(*v)[*n].source = itss_xstrdup(src->path);
			(*v)[*n].line = (unsigned)sqlite3_column_int(st, 2);
			(*v)[*n].col = (unsigned)sqlite3_column_int(st, 3);
			(*n)++;
		}
		if (rc != SQLITE_DONE) {
			sqlite3_finalize(st);
			return db_error(im->s, im->d, rc, "cannot read the index");
		}
		if ((rc = finalize(im->s, st, im->d)) < 0)
			return rc;
	}
	return 0;
}

struct id_at {
	const char *id, *source;
	unsigned line, col;
};

static int
cmp_id_at(const void *a, const void *b)
{
	const struct id_at *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	if (c)
		return c;
	c = strcmp(x->source, y->source);
	return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* Ids unique across new and kept records; one judgement per requirement. */
static size_t
check_unique(struct import *im)
{
	size_t problems = itss_evidence_check_ids(&im->set, im->d), pass;

	for (pass = 0; pass < 2; pass++) {
		size_t nk = pass ? im->nkept_j : im->nkept;
		size_t nn = pass ? im->set.njudgements : im->set.nrecords;
		struct kept *k = pass ? im->kept_j : im->kept;
		struct id_at *v;
		size_t i, n = 0;

		if (!nk || !nn)
			continue;
		v = itss_xcalloc(nk + nn, sizeof(*v));
		for (i = 0; i < nk; i++) {
			v[n].id = k[i].id;
			v[n].source = k[i].source;
			v[n].line = k[i].line;
			v[n++].col = k[i].col;
		}
		for (i = 0; i < nn; i++) {
			if (pass) {
				v[n].id = im->set.judgements[i].requirement;
				v[n].source = im->set.judgements[i].source;
				v[n].line = im->set.judgements[i].line;
				v[n++].col = im->set.judgements[i].col;
			} else {
				v[n].id = im->set.records[i].id;
				v[n].source = im->set.records[i].source;
				v[n].line = im->set.records[i].line;
				v[n++].col = im->set.records[i].col;
			}
		}
		qsort(v, n, sizeof(*v), cmp_id_at);
		for (i = 1; i < n; i++) {
			/* New against new was reported above; kept against kept
			 * cannot clash. Report a clash that involves a kept one. */
			int a_kept = 0, b_kept = 0;
			size_t j;
			if (strcmp(v[i - 1].id, v[i].id))
				continue;
			for (j = 0; j < im->found.n; j++) {
				if (!strcmp(im->found.v[j].path, v[i - 1].source))
					a_kept = im->found.v[j].state == SAME;
				if (!strcmp(im->found.v[j].path, v[i].source))
					b_kept = im->found.v[j].state == SAME;
			}
			if (!a_kept && !b_kept)
				continue;
			{
				const struct id_at *x = b_kept ? &v[i] : &v[i - 1];
				const struct id_at *y = b_kept ? &v[i - 1] : &v[i];
				itss_diags_add(im->d, ITSS_ERROR, y->source, y->line,
				    y->col, pass ? "requirement %s already has a "
				    "judgement at %s:%u:%u; keep one" : "record id '%s' "
				    "is already used at %s:%u:%u; ids are unique in the "
				    "repository", y->id, x->source, x->line, x->col);
			}
			problems++;
		}
		free(v);
	}
	return problems;
}

static int
cmp_cited(const void *a, const void *b)
{
	return strcmp(((const struct cited *)a)->path,
	    ((const struct cited *)b)->path);
}

static int
cmp_citation(const void *a, const void *b)
{
	const struct citation *x = a, *y = b;
	int c = strcmp(x->path, y->path);
	return c ? c : strcmp(x->record, y->record);
}

/* One entry per cited path, with its first citer. */
static void
gather_cited(struct import *im)
{
	size_t i, j;

	for (i = 0; i < im->set.nrecords; i++) {
		const struct itss_record *r = &im->set.records[i];
		for (j = 0; j < r->nfiles; j++) {
			struct citation *c;
			itss_xgrow((void **)&im->cit, &im->acit, im->ncit + 1,
			    sizeof(*im->cit));
			c = &im->cit[im->ncit++];
			c->record = r->id;
			c->source = r->source;
			c->line = r->files[j].line;
			c->col = r->files[j].col;
			c->path = r->files[j].path;
			c->sha = r->files[j].sha256;
		}
	}
	if (im->ncit)
		qsort(im->cit, im->ncit, sizeof(*im->cit), cmp_citation);
	for (i = 0; i < im->ncit; i++) {
		struct cited *f;
		if (i && !strcmp(im->cit[i].path, im->cit[i - 1].path))
			continue;
		itss_xgrow((void **)&im->files, &im->afiles, im->nfiles + 1,
		    sizeof(*im->files));
		f = &im->files[im->nfiles++];
		memset(f, 0, sizeof(*f));
		f->path = itss_xstrdup(im->cit[i].path);
		f->by_id = im->cit[i].record;
		f->by_source = im->cit[i].source;
		f->by_line = im->cit[i].line;
		f->by_col = im->cit[i].col;
	}
}

static int
load_known_files(struct import *im)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = prepare(im->s, &st, "SELECT path, size, mtime_ns, ctime_ns, "
	    "ino, sha256, state FROM files", im->d)) < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct cited key, *f;
		key.path = (char *)sqlite3_column_text(st, 0);
		f = im->nfiles ? bsearch(&key, im->files, im->nfiles,
		    sizeof(*im->files), cmp_cited) : NULL;
		if (!f)
			continue;	/* a row no record cites: dropped on write */
		f->known = 1;
		f->old.size = sqlite3_column_int64(st, 1);
		f->old.mtime_ns = sqlite3_column_int64(st, 2);
		f->old.ctime_ns = sqlite3_column_int64(st, 3);
		f->old.ino = sqlite3_column_int64(st, 4);
		copy_col(f->old_sha, sizeof(f->old_sha), st, 5);
		copy_col(f->old_state, sizeof(f->old_state), st, 6);
	}
	if (rc != SQLITE_DONE) {
		sqlite3_finalize(st);
		return db_error(im->s, im->d, rc, "cannot read the index");
	}
	return finalize(im->s, st, im->d);
}

/*
 * Directories already checked: each prefix of a cited path must be a real
 * directory (a symbolic link sends the file through the slow, resolving
 * path). A sorted list grown as it goes; repositories have few directories.
 */
struct dirs {
	char **v;
	int *plain;
	size_t n, alloc, aplain;
};

/* Compare the first len bytes of rel, as a string, with key. */
static int
cmp_prefix(const char *rel, size_t len, const char *key)
{
	int c = strncmp(rel, key, len);

	if (c)
		return c;
	return key[len] ? -1 : 0;
}

static int
dir_is_plain(struct dirs *ds, const char *root, const char *rel, size_t len)
{
	size_t lo = 0, hi = ds->n;
	struct stat st;
	char *key, *full;
	int plain;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = cmp_prefix(rel, len, ds->v[mid]);
		if (!c)
			return ds->plain[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	key = itss_xstrndup(rel, len);
	full = itss_xasprintf("%s/%s", root, key);
	plain = lstat(full, &st) == 0 && S_ISDIR(st.st_mode);
	free(full);
	itss_xgrow((void **)&ds->v, &ds->alloc, ds->n + 1, sizeof(*ds->v));
	itss_xgrow((void **)&ds->plain, &ds->aplain, ds->n + 1, sizeof(*ds->plain));
	memmove(ds->v + lo + 1, ds->v + lo, (ds->n - lo) * sizeof(*ds->v));
	memmove(ds->plain + lo + 1, ds->plain + lo, (ds->n - lo) * sizeof(*ds->plain));
	ds->v[lo] = key;
	ds->plain[lo] = plain;
	ds->n++;
	return plain;
}

static int
parents_plain(struct dirs *ds, const char *root, const char *path)
{
	const char *p = path;

	while ((p = strchr(p, '/'))) {
		if (!dir_is_plain(ds, root, path, (size_t)(p - path)))
			return 0;
		p++;
	}
	return 1;
}

static void find_citer(struct import *im, struct cited *f);

/*
 * lstat() every cited file from a few threads before the sequential pass,
 * as git's preload-index does: on a warm cache the calls are short, and
 * spreading them over the CPUs is most of what can be gained.
 */
struct prestat {
	const struct import *im;
	struct stat *st;
	int *ok;
	size_t first, step;
};

static void *
prestat_run(void *arg)
{
	struct prestat *p = arg;
	struct itss_strbuf dir = ITSS_STRBUF_INIT;
	size_t i;
	int dfd = -1;

	/*
	 * Files are sorted by path, so neighbours share a directory: open it
	 * once and stat the bare names in it, which spares the kernel the
	 * walk from / for every file.
	 */
	for (i = p->first; i < p->im->nfiles; i += p->step) {
		const char *path = p->im->files[i].path;
		const char *slash = strrchr(path, '/');
		size_t dlen = slash ? (size_t)(slash - path) : 0;

		if (dfd < 0 || dir.len != dlen || memcmp(dir.buf, path, dlen)) {
			char *abs;
			if (dfd >= 0)
				close(dfd);
			itss_strbuf_reset(&dir);
			itss_strbuf_add(&dir, path, dlen);
			abs = dlen ? itss_xasprintf("%s/%s", p->im->r->root, dir.buf) :
			    itss_xstrdup(p->im->r->root);
			dfd = open(abs, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			free(abs);
		}
		p->ok[i] = dfd >= 0 && fstatat(dfd, slash ? slash + 1 : path,
		    &p->st[i], AT_SYMLINK_NOFOLLOW) == 0;
	}
	if (dfd >= 0)
		close(dfd);
	itss_strbuf_release(&dir);
	return NULL;
}

static void
prestat_all(const struct import *im, struct stat *st, int *ok)
{
	/*
	 * A thread per CPU, at least 500 files each: more only contend (on
	 * this 2-CPU machine 2 threads take 18 ms for 10,000 files, 1 thread
	 * 26 ms, 20 threads -- git's choice -- 23 ms).
	 */
	enum { MAX_THREADS = 8, PER_THREAD = 500 };
	struct prestat work[MAX_THREADS];
	pthread_t tid[MAX_THREADS];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t n = im->nfiles / PER_THREAD + 1;
	size_t t, started = 0;

	if (cpus >= 1 && n > (size_t)cpus)
		n = (size_t)cpus;
	if (n > MAX_THREADS)
		n = MAX_THREADS;
	for (t = 0; t < n; t++) {
		work[t].im = im;
		work[t].st = st;
		work[t].ok = ok;
		work[t].first = t;
		work[t].step = n;
	}
	/* Thread 0 is this one; a thread that cannot start leaves its share
	 * to be done here. */
	for (t = 1; t < n; t++) {
		if (pthread_create(&tid[t], NULL, prestat_run, &work[t]) != 0)
			break;
		started = t;
	}
	if (started + 1 < n) {
		/* Fewer threads than planned: this one does the rest. */
		for (t = started + 1; t < n; t++)
			prestat_run(&work[t]);
	}
	prestat_run(&work[0]);
	for (t = 1; t <= started; t++)
		pthread_join(tid[t], NULL);
}

/*
 * Look at every cited file: stat it, and hash it when it is new to the
 * index or its stamp changed. Refusals are input errors; missing and
 * unstable files are findings.
 */
static int
check_files(struct import *im, struct itss_import_stats *stats)
{
	struct dirs ds = { 0 };
	struct itss_strbuf full = ITSS_STRBUF_INIT;
	size_t i, rootlen = strlen(im->r->root);
	struct stat *pre;
	int rc = 0, *pre_ok;

	itss_strbuf_addstr(&full, im->r->root);
	itss_strbuf_addch(&full, '/');
	pre = itss_xcalloc(im->nfiles ? im->nfiles : 1, sizeof(*pre));
	pre_ok = itss_xcalloc(im->nfiles ? im->nfiles : 1, sizeof(*pre_ok));
	prestat_all(im, pre, pre_ok);
	for (i = 0; i < im->nfiles; i++) {
		struct cited *f = &im->files[i];
		struct stat st;
		int fast = 0;

		full.len = rootlen + 1;
		itss_strbuf_addstr(&full, f->path);
		if (im->progress && (i % 64 == 0 || i + 1 == im->nfiles))
			im->progress(im->ctx, "checking files", i + 1, im->nfiles,
			    stats->bytes_hashed);
		/* The fast path: a plain file in plain directories. */
		if (pre_ok[i] && S_ISREG(pre[i].st_mode) &&
		    parents_plain(&ds, im->r->root, f->path)) {
			st = pre[i];
			f->now = stamp_of(&st);
			if (f->known && f->old_sha[0] && !strcmp(f->old_state, "ok") &&
			    stamp_eq(&f->now, &f->old)) {
				memcpy(f->sha, f->old_sha, ITSS_SHA256_HEX);
				f->state = "ok";
				fast = 1;
			}
		}
		if (!fast) {
			const char *why;
			int missing, fd = itss_repo_open_file(im->r, f->path, &st,
			    &why, &missing);

			if (fd < 0 && missing) {
				f->state = "missing";
				memset(&f->now, 0, sizeof(f->now));
				f->sha[0] = '\0';
			} else if (fd < 0) {
				if (!f->by_id)
					find_citer(im, f);
				itss_diags_add(im->d, ITSS_ERROR, f->by_source,
				    f->by_line, f->by_col, "record '%s' cites '%s': %s",
				    f->by_id, f->path, why);
				rc = ITSS_EINPUT;
				continue;
			} else {
				int h = itss_sha256_fd(f->sha, fd, &st);
				int e = errno;
				close(fd);
				if (h < 0) {
					itss_diags_add(im->d, ITSS_ERROR, f->path, 0, 0,
					    "cannot read: %s", strerror(e));
					goto io;
				}
				f->now = stamp_of(&st);
				f->state = h == 1 ? "unstable" : "ok";
				if (h == 1)
					f->sha[0] = '\0';
				stats->files_hashed++;
				stats->bytes_hashed += (uint64_t)st.st_size;
			}
		}
		f->dirty = !f->known || !stamp_eq(&f->now, &f->old) ||
		    strcmp(f->state, f->old_state) || strcmp(f->sha, f->old_sha);
	}
out:
	{
		size_t k;
		for (k = 0; k < ds.n; k++)
			free(ds.v[k]);
		free(ds.v);
		free(ds.plain);
	}
	itss_strbuf_release(&full);
	free(pre);
	free(pre_ok);
	return rc;
io:
	rc = ITSS_EIO;
	goto out;
}

/*
 * The stat cache: u32 count, then per file (little-endian) u32 length of
 * the path with its NUL, the path and NUL, i64 size, mtime_ns, ctime_ns,
 * ino, and u8 state (0 ok, 1 missing, 2 unstable). Paths are sorted.
 *
 * Everything an unchanged import needs, in one value read in one go: on
 * machines where each page the process touches is costly, how little it
 * touches is what makes it fast.
 */
#define ENTRY_FIXED 33	/* the four i64 and the state byte */

static void
put32(struct itss_strbuf *sb, uint32_t v)
{
	unsigned char b[4];
	int i;

	for (i = 0; i < 4; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	itss_strbuf_add(sb, b, 4);
}

static void
put64(struct itss_strbuf *sb, int64_t v)
{
	unsigned char b[8];
	int i;

	for (i = 0; i < 8; i++)
		b[i] = (unsigned char)((uint64_t)v >> (8 * i));
	itss_strbuf_add(sb, b, 8);
}

static int64_t
get64(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return (int64_t)v;
}

static void
stat_encode(struct itss_strbuf *sb, const struct cited *files, size_t n)
{
	size_t i;

	put32(sb, (uint32_t)n);
	for (i = 0; i < n; i++) {
		const struct cited *f = &files[i];
		size_t len = strlen(f->path) + 1;

		put32(sb, (uint32_t)len);
		itss_strbuf_add(sb, f->path, len);
		put64(sb, f->now.size);
		put64(sb, f->now.mtime_ns);
		put64(sb, f->now.ctime_ns);
		put64(sb, f->now.ino);
		itss_strbuf_addch(sb, !strcmp(f->state, "ok") ? 0 :
		    !strcmp(f->state, "missing") ? 1 : 2);
	}
}

/* The work of one checking thread. */
struct quick {
	const unsigned char **entry;	/* each file's entry in the cache */
	size_t n, first, step;
	const char *root;
	unsigned char *differs;		/* per file: 0 the same, 1 look again */
};

/*
 * Is the file as the cache says? A file that was ok: still a regular file
 * with the same stamp. A missing one: still missing. Anything else is
 * looked at again by the full path.
 */
static void *
quick_run(void *arg)
{
	struct quick *q = arg;
	struct itss_strbuf dir = ITSS_STRBUF_INIT;
	size_t i;
	int dfd = -1;

	for (i = q->first; i < q->n; i += q->step) {
		const unsigned char *e = q->entry[i];
		const char *path = (const char *)e + 4;
		const unsigned char *fixed = e + 4 + itss_le32(e);
		const char *slash = strrchr(path, '/');
		size_t dlen = slash ? (size_t)(slash - path) : 0;
		struct stat st;
		struct stamp was, now;
		int r;

		if (dfd < 0 || dir.len != dlen || memcmp(dir.buf, path, dlen)) {
			char *abs;
			if (dfd >= 0)
				close(dfd);
			itss_strbuf_reset(&dir);
			itss_strbuf_add(&dir, path, dlen);
			abs = dlen ? itss_xasprintf("%s/%s", q->root, dir.buf) :
			    itss_xstrdup(q->root);
			dfd = open(abs, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			free(abs);
		}
		r = dfd >= 0 ? fstatat(dfd, slash ? slash + 1 : path, &st,
		    AT_SYMLINK_NOFOLLOW) : -1;
		switch (fixed[32]) {
		case 0:
			was.size = get64(fixed);
			was.mtime_ns = get64(fixed + 8);
			was.ctime_ns = get64(fixed + 16);
			was.ino = get64(fixed + 24);
			if (r == 0 && S_ISREG(st.st_mode)) {
				now = stamp_of(&st);
				q->differs[i] = !stamp_eq(&was, &now);
			} else {
				q->differs[i] = 1;
			}
			break;
		case 1:
			q->differs[i] = !(r < 0 && (errno == ENOENT || errno == ENOTDIR));
			break;
		default:
			q->differs[i] = 1;
		}
	}
	if (dfd >= 0)
		close(dfd);
	itss_strbuf_release(&dir);
	return NULL;
}

/*
 * The quick check, when no evidence file changed: every cited file as the
 * stat cache says, and no directory on their paths turned into a link.
 * *same tells. Uses a thread per CPU (more only contend: on this 2-CPU
 * machine 2 threads check 10,000 files in 18 ms, 1 thread in 26 ms, 20
 * threads -- git's preload-index choice -- in 23 ms).
 */
static int
quick_check(struct import *im, int *same, size_t *nfiles)
{
	enum { MAX_THREADS = 8, PER_THREAD = 500 };
	struct quick work[MAX_THREADS];
	pthread_t tid[MAX_THREADS];
	const unsigned char *data, *p, *end, **entry = NULL;
	unsigned char *differs = NULL;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	struct dirs ds = { 0 };
	sqlite3_stmt *st;
	size_t n, i, t, threads, started = 0;
	int rc;

	*same = 0;
	*nfiles = 0;
	if ((rc = prepare(im->s, &st, "SELECT data FROM stat_cache WHERE id = 1",
	    im->d)) < 0)
		return rc;
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return rc == SQLITE_DONE ? 0 : db_error(im->s, im->d, rc,
		    "cannot read the index");
	}
	data = sqlite3_column_blob(st, 0);
	end = data + sqlite3_column_bytes(st, 0);
	if (end - data < 4)
		goto out;
	n = itss_le32(data);
	entry = itss_xcalloc(n ? n : 1, sizeof(*entry));
	differs = itss_xcalloc(n ? n : 1, 1);
	for (p = data + 4, i = 0; i < n; i++) {
		uint32_t len;
		if (end - p < 4 || (len = itss_le32(p)) == 0 ||
		    (size_t)(end - p - 4) < (size_t)len + ENTRY_FIXED ||
		    p[4 + len - 1] != '\0')
			goto out;	/* malformed: the full path will do */
		entry[i] = p;
		p += 4 + len + ENTRY_FIXED;
	}
	if (p != end)
		goto out;
	threads = n / PER_THREAD + 1;
	if (cpus >= 1 && threads > (size_t)cpus)
		threads = (size_t)cpus;
	if (threads > MAX_THREADS)
		threads = MAX_THREADS;
	for (t = 0; t < threads; t++) {
		work[t].entry = entry;
		work[t].n = n;
		work[t].first = t;
		work[t].step = threads;
		work[t].root = im->r->root;
		work[t].differs = differs;
	}
	for (t = 1; t < threads; t++) {
		if (pthread_create(&tid[t], NULL, quick_run, &work[t]) != 0)
			break;
		started = t;
	}
	for (t = started + 1; t < threads; t++)
		quick_run(&work[t]);	/* threads that could not start */
	quick_run(&work[0]);
	for (t = 1; t <= started; t++)
		pthread_join(tid[t], NULL);
	*same = 1;
	for (i = 0; i < n && *same; i++)
		*same = !differs[i] && parents_plain(&ds, im->r->root,
		    (const char *)entry[i] + 4);
	*nfiles = n;
out:
	for (i = 0; i < ds.n; i++)
		free(ds.v[i]);
	free(ds.v);
	free(ds.plain);
	free(entry);
	free(differs);
	return finalize(im->s, st, im->d);
}

/* The findings the index holds, as warnings: an unchanged import's. */
static int
replay_findings(struct import *im, size_t *n)
{
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	if ((rc = prepare(im->s, &st, "SELECT source, line, col, message FROM "
	    "findings ORDER BY rowid", im->d)) < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		itss_diags_add(im->d, ITSS_WARNING, (const char *)
		    sqlite3_column_text(st, 0), (unsigned)sqlite3_column_int(st, 1),
		    (unsigned)sqlite3_column_int(st, 2), "%s",
		    (const char *)sqlite3_column_text(st, 3));
		(*n)++;
	}
	if (rc != SQLITE_DONE) {
		sqlite3_finalize(st);
		return db_error(im->s, im->d, rc, "cannot read the index");
	}
	return finalize(im->s, st, im->d);
}

/* Who cites path, for an error message on the fast path. */
static void
find_citer(struct import *im, struct cited *f)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(im->s->db, "SELECT record, source, line, col "
	    "FROM record_files WHERE path = ? LIMIT 1", -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_text(st, 1, f->path, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		f->by_id = keep_string(im, col_dup(st, 0));
		f->by_source = keep_string(im, col_dup(st, 1));
		f->by_line = (unsigned)sqlite3_column_int(st, 2);
		f->by_col = (unsigned)sqlite3_column_int(st, 3);
	}
	sqlite3_finalize(st);
}

/* Findings, as warnings: missing, altered, unstable. */
static size_t
report_findings(struct import *im)
{
	size_t i, n = 0;

	for (i = 0; i < im->ncit; i++) {
		const struct citation *c = &im->cit[i];
		struct cited key, *f;

		key.path = (char *)c->path;
		f = im->nfiles ? bsearch(&key, im->files, im->nfiles,
		    sizeof(*im->files), cmp_cited) : NULL;
		if (!f || !f->state)
			continue;
		if (!strcmp(f->state, "missing")) {
			itss_diags_add(im->d, ITSS_WARNING, c->source, c->line, c->col,
			    "record '%s': file '%s' is missing", c->record, c->path);
			n++;
		} else if (!strcmp(f->state, "unstable")) {
			itss_diags_add(im->d, ITSS_WARNING, c->source, c->line, c->col,
			    "record '%s': file '%s' changed while it was read; import "
			    "again when it is still", c->record, c->path);
			n++;
		} else if (c->sha && strcmp(c->sha, f->sha)) {
			itss_diags_add(im->d, ITSS_WARNING, c->source, c->line, c->col,
			    "record '%s': file '%s' is altered: its SHA-256 is %.12s…, "
			    "the record says %.12s…", c->record, c->path, f->sha,
			    c->sha);
			n++;
		}
	}
	return n;
}

/* ---- phase 3: the write ---- */

/*
 * The summaries: for each requirement, its citations with the records
 * alike in all the assessor looks at (kind, status, date, valid_until,
 * the first problem with their files) merged into one, counted, and named
 * by their first id. Encoded per requirement, little-endian: per group
 * u8 status, i32 date, i32 valid_until (INT32_MAX: open-ended), u32 count,
 * then kind, id and problem as u16 length, bytes and NUL (length 0xffff: no
 * problem). Groups are in the order of their first record's id.
 */
static void
put16(struct itss_strbuf *sb, unsigned v)
{
	itss_strbuf_addch(sb, (int)(v & 0xff));
	itss_strbuf_addch(sb, (int)(v >> 8 & 0xff));
}

static void
put_text(struct itss_strbuf *sb, const unsigned char *t, int len)
{
	if (!t) {
		put16(sb, 0xffff);
		return;
	}
	if (len > 0xfffe)
		len = 0xfffe;
	put16(sb, (unsigned)len);
	itss_strbuf_add(sb, t, (size_t)len);
	itss_strbuf_addch(sb, '\0');
}

static const char summary_sql[] =
    "WITH bad AS (SELECT rf.record AS record, min('file ''' || rf.path || "
    "''' ' || CASE WHEN f.state IS NULL OR f.state = 'missing' THEN "
    "'is missing' WHEN f.state <> 'ok' THEN 'changed while it was read' "
    "ELSE 'does not match its recorded SHA-256' END) AS problem "
    "FROM record_files rf LEFT JOIN files f ON f.path = rf.path "
    "WHERE f.state IS NOT 'ok' OR (rf.sha256 IS NOT NULL AND "
    "rf.sha256 IS NOT f.sha256) GROUP BY rf.record) "
    "SELECT q.requirement, r.kind, r.status, r.date, r.valid_until, "
    "b.problem, count(*), min(r.id) AS first "
    "FROM record_requirements q JOIN records r ON r.id = q.record "
    "LEFT JOIN bad b ON b.record = q.record "
    "GROUP BY q.requirement, r.kind, r.status, r.date, r.valid_until, "
    "b.problem ORDER BY q.requirement, first";

static int
build_summaries(struct itss_store *s, struct itss_diags *d)
{
	sqlite3_stmt *st = NULL, *ins = NULL;
	struct itss_strbuf blob = ITSS_STRBUF_INIT;
	char *req = NULL;
	int rc;

	if ((rc = exec(s, "DELETE FROM summaries", d)) < 0 ||
	    (rc = prepare(s, &ins, "INSERT INTO summaries(requirement, data) "
	    "VALUES (?, ?)", d)) < 0 ||
	    (rc = prepare(s, &st, summary_sql, d)) < 0)
		goto out;
	for (;;) {
		int row = sqlite3_step(st);
		const char *r = row == SQLITE_ROW ?
		    (const char *)sqlite3_column_text(st, 0) : NULL;
		enum itss_record_status status = ITSS_DRAFT;

		if (row != SQLITE_ROW && row != SQLITE_DONE) {
			rc = db_error(s, d, row, "cannot summarise the index");
			goto out;
		}
		if (req && (!r || strcmp(r, req))) {
			bind_text(ins, 1, req);
			sqlite3_bind_blob(ins, 2, blob.buf, (int)blob.len, SQLITE_STATIC);
			if ((rc = run(s, ins, d)) < 0)
				goto out;
			free(req);
			req = NULL;
			itss_strbuf_reset(&blob);
		}
		if (!r)
			break;
		if (!req)
			req = itss_xstrdup(r);
		itss_status_parse(&status, (const char *)sqlite3_column_text(st, 2));
		itss_strbuf_addch(&blob, (int)status);
		put32(&blob, (uint32_t)sqlite3_column_int(st, 3));
		put32(&blob, sqlite3_column_type(st, 4) == SQLITE_NULL ? INT32_MAX :
		    (uint32_t)sqlite3_column_int(st, 4));
		put32(&blob, (uint32_t)sqlite3_column_int64(st, 6));
		put_text(&blob, sqlite3_column_text(st, 1), sqlite3_column_bytes(st, 1));
		put_text(&blob, sqlite3_column_text(st, 7), sqlite3_column_bytes(st, 7));
		put_text(&blob, sqlite3_column_text(st, 5), sqlite3_column_bytes(st, 5));
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	sqlite3_finalize(ins);
	itss_strbuf_release(&blob);
	free(req);
	return rc;
}


/*
 * The evidence's fingerprint: the SHA-256 of every evidence and judgement
 * file's own SHA-256 (what the records and judgements were read from) and
 * of every cited file's hash and state. Two indexes with one fingerprint
 * hold the same evidence. Computed when the index changes, so that an
 * assessment only reads it.
 */
static int
fingerprint(struct itss_store *s, char hex[ITSS_SHA256_HEX], struct itss_diags *d)
{
	static const char *const sql[] = {
		"SELECT path, sha256, kind FROM sources ORDER BY path",
		"SELECT path, sha256, state FROM files ORDER BY path",
	};
	struct itss_sha256 *h = itss_sha256_start();
	sqlite3_stmt *st;
	int rc = 0, q, c;

	for (q = 0; q < 2 && rc == 0; q++) {
		if ((rc = prepare(s, &st, sql[q], d)) < 0)
			break;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			for (c = 0; c < 3; c++)
				itss_sha256_addstr(h, (const char *)
				    sqlite3_column_text(st, c));
		rc = rc == SQLITE_DONE ? finalize(s, st, d) :
		    (sqlite3_finalize(st), db_error(s, d, rc, "cannot read the index"));
	}
	itss_sha256_finish(h, hex);
	return rc;
}

static int
write_index(struct import *im)
{
	struct itss_store *s = im->s;
	struct itss_diags *d = im->d;
	sqlite3_stmt *del_src = NULL, *ins_src = NULL, *ins_rec = NULL,
	    *ins_req = NULL, *ins_rf = NULL, *ins_j = NULL, *up_file = NULL,
	    *meta = NULL, *up_cache = NULL, *ins_finding = NULL;
	size_t i, j;
	int rc;

	if ((rc = prepare(s, &del_src, "DELETE FROM sources WHERE path = ?", d)) < 0 ||
	    (rc = prepare(s, &ins_src, "INSERT INTO sources(path, kind, size, "
	    "mtime_ns, ctime_ns, ino, sha256) VALUES (?, ?, ?, ?, ?, ?, ?)",
	    d)) < 0 ||
	    (rc = prepare(s, &ins_rec, "INSERT INTO records(id, source, line, col, "
	    "title, kind, date, valid_until, owner, status, status_given, notes) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", d)) < 0 ||
	    (rc = prepare(s, &ins_req, "INSERT INTO record_requirements(record, "
	    "requirement) VALUES (?, ?)", d)) < 0 ||
	    (rc = prepare(s, &ins_rf, "INSERT INTO record_files(record, path, "
	    "sha256, source, line, col) VALUES (?, ?, ?, ?, ?, ?)", d)) < 0 ||
	    (rc = prepare(s, &ins_j, "INSERT INTO judgements(requirement, source, "
	    "line, col, verdict, reason, by, date) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	    d)) < 0 ||
	    (rc = prepare(s, &up_file, "INSERT OR REPLACE INTO files(path, size, "
	    "mtime_ns, ctime_ns, ino, sha256, state) VALUES (?, ?, ?, ?, ?, ?, ?)",
	    d)) < 0 ||
	    (rc = prepare(s, &meta, "INSERT OR REPLACE INTO meta(key, value) "
	    "VALUES (?, ?)", d)) < 0 ||
	    (rc = prepare(s, &up_cache, "INSERT OR REPLACE INTO stat_cache(id, "
	    "data) VALUES (1, ?)", d)) < 0 ||
	    (rc = prepare(s, &ins_finding, "INSERT INTO findings(source, line, "
	    "col, message) VALUES (?, ?, ?, ?)", d)) < 0)
		goto out;

	/* Removed and changed sources go, with their records (cascade). */
	for (i = 0; i < im->nindexed; i++) {
		struct source *now = find_source(im->found.v, im->found.n,
		    im->indexed[i].path);
		if (now && now->state == SAME)
			continue;
		sqlite3_bind_text(del_src, 1, im->indexed[i].path, -1, SQLITE_STATIC);
		if ((rc = run(s, del_src, d)) < 0)
			goto out;
	}
	for (i = 0; i < im->found.n; i++) {
		const struct source *src = &im->found.v[i];
		if (src->state == SAME)
			continue;
		sqlite3_bind_text(ins_src, 1, src->path, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins_src, 2, src->kind == SRC_JUDGEMENT ?
		    "judgement" : "evidence", -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins_src, 3, src->stamp.size);
		sqlite3_bind_int64(ins_src, 4, src->stamp.mtime_ns);
		sqlite3_bind_int64(ins_src, 5, src->stamp.ctime_ns);
		sqlite3_bind_int64(ins_src, 6, src->stamp.ino);
		bind_text(ins_src, 7, src->sha);
		if ((rc = run(s, ins_src, d)) < 0)
			goto out;
	}
	for (i = 0; i < im->set.nrecords; i++) {
		const struct itss_record *r = &im->set.records[i];
		bind_text(ins_rec, 1, r->id);
		bind_text(ins_rec, 2, r->source);
		sqlite3_bind_int(ins_rec, 3, (int)r->line);
		sqlite3_bind_int(ins_rec, 4, (int)r->col);
		bind_text(ins_rec, 5, r->title);
		bind_text(ins_rec, 6, r->kind);
		sqlite3_bind_int(ins_rec, 7, r->date);
		if (r->valid_until == INT32_MAX)
			sqlite3_bind_null(ins_rec, 8);
		else
			sqlite3_bind_int(ins_rec, 8, r->valid_until);
		bind_text(ins_rec, 9, r->owner);
		bind_text(ins_rec, 10, itss_status_name(r->status));
		sqlite3_bind_int(ins_rec, 11, r->status_given);
		bind_text(ins_rec, 12, r->notes);
		if ((rc = run(s, ins_rec, d)) < 0)
			goto out;
		for (j = 0; j < r->nsatisfies; j++) {
			bind_text(ins_req, 1, r->id);
			bind_text(ins_req, 2, r->satisfies[j]);
			if ((rc = run(s, ins_req, d)) < 0)
				goto out;
		}
		for (j = 0; j < r->nfiles; j++) {
			bind_text(ins_rf, 1, r->id);
			bind_text(ins_rf, 2, r->files[j].path);
			bind_text(ins_rf, 3, r->files[j].sha256);
			bind_text(ins_rf, 4, r->source);
			sqlite3_bind_int(ins_rf, 5, (int)r->files[j].line);
			sqlite3_bind_int(ins_rf, 6, (int)r->files[j].col);
			if ((rc = run(s, ins_rf, d)) < 0)
				goto out;
		}
	}
	for (i = 0; i < im->set.njudgements; i++) {
		const struct itss_judgement *jd = &im->set.judgements[i];
		bind_text(ins_j, 1, jd->requirement);
		bind_text(ins_j, 2, jd->source);
		sqlite3_bind_int(ins_j, 3, (int)jd->line);
		sqlite3_bind_int(ins_j, 4, (int)jd->col);
		bind_text(ins_j, 5, itss_verdict_name(jd->verdict));
		bind_text(ins_j, 6, jd->reason);
		bind_text(ins_j, 7, jd->by);
		if (jd->date == INT32_MIN)
			sqlite3_bind_null(ins_j, 8);
		else
			sqlite3_bind_int(ins_j, 8, jd->date);
		if ((rc = run(s, ins_j, d)) < 0)
			goto out;
	}
	for (i = 0; i < im->nfiles; i++) {
		const struct cited *f = &im->files[i];
		if (!f->dirty)
			continue;
		bind_text(up_file, 1, f->path);
		sqlite3_bind_int64(up_file, 2, f->now.size);
		sqlite3_bind_int64(up_file, 3, f->now.mtime_ns);
		sqlite3_bind_int64(up_file, 4, f->now.ctime_ns);
		sqlite3_bind_int64(up_file, 5, f->now.ino);
		bind_text(up_file, 6, f->sha[0] ? f->sha : NULL);
		bind_text(up_file, 7, f->state);
		if ((rc = run(s, up_file, d)) < 0)
			goto out;
	}
	/* Files no record cites any more. */
	if ((rc = exec(s, "DELETE FROM files WHERE path NOT IN "
	    "(SELECT path FROM record_files)", d)) < 0)
		goto out;
	if ((rc = exec(s, "DELETE FROM findings", d)) < 0)
		goto out;
	for (i = im->findings_from; i < im->findings_to; i++) {
		const struct itss_diag *f = &d->v[i];
		bind_text(ins_finding, 1, f->file);
		sqlite3_bind_int(ins_finding, 2, (int)f->line);
		sqlite3_bind_int(ins_finding, 3, (int)f->col);
		bind_text(ins_finding, 4, f->message);
		if ((rc = run(s, ins_finding, d)) < 0)
			goto out;
	}
	{
		struct itss_strbuf blob = ITSS_STRBUF_INIT;
		stat_encode(&blob, im->files, im->nfiles);
		sqlite3_bind_blob(up_cache, 1, blob.buf, (int)blob.len,
		    SQLITE_TRANSIENT);
		itss_strbuf_release(&blob);
		if ((rc = run(s, up_cache, d)) < 0)
			goto out;
	}
	bind_text(meta, 1, "model");
	bind_text(meta, 2, im->m->id);
	if ((rc = run(s, meta, d)) < 0)
		goto out;
	bind_text(meta, 1, "model_sha256");
	bind_text(meta, 2, im->m->sha256);
	if ((rc = run(s, meta, d)) < 0)
		goto out;
	{
		char fp[ITSS_SHA256_HEX];
		if ((rc = fingerprint(s, fp, d)) < 0)
			goto out;
		bind_text(meta, 1, "fingerprint");
		bind_text(meta, 2, fp);
		if ((rc = run(s, meta, d)) < 0)
			goto out;
	}
	rc = build_summaries(s, d);
out:
	sqlite3_finalize(del_src);
	sqlite3_finalize(ins_src);
	sqlite3_finalize(ins_rec);
	sqlite3_finalize(ins_req);
	sqlite3_finalize(ins_rf);
	sqlite3_finalize(ins_j);
	sqlite3_finalize(up_file);
	sqlite3_finalize(meta);
	sqlite3_finalize(up_cache);
	sqlite3_finalize(ins_finding);
	return rc;
}

/* Two counts from one query. */
static int
count_rows(struct itss_store *s, const char *sql, size_t *a, size_t *b,
    struct itss_diags *d)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = prepare(s, &st, sql, d)) < 0)
		return rc;
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return db_error(s, d, rc, "cannot read the index");
	}
	*a = (size_t)sqlite3_column_int64(st, 0);
	*b = (size_t)sqlite3_column_int64(st, 1);
	return finalize(s, st, d);
}

static int
model_stamp_changed(struct import *im, struct itss_diags *d)
{
	sqlite3_stmt *st;
	int rc, changed = 1;

	if ((rc = prepare(im->s, &st, "SELECT value FROM meta WHERE key = "
	    "'model_sha256'", d)) < 0)
		return rc;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		changed = strcmp((const char *)sqlite3_column_text(st, 0),
		    im->m->sha256) != 0;
	else if (rc != SQLITE_DONE) {
		sqlite3_finalize(st);
		return db_error(im->s, d, rc, "cannot read the index");
	}
	if ((rc = finalize(im->s, st, d)) < 0)
		return rc;
	return changed;
}

static void
import_release(struct import *im)
{
	size_t i;

	for (i = 0; i < im->found.n; i++)
		free(im->found.v[i].path);
	free(im->found.v);
	for (i = 0; i < im->nindexed; i++)
		free(im->indexed[i].path);
	free(im->indexed);
	itss_evidence_set_release(&im->set);
	for (i = 0; i < im->nkept; i++) {
		free(im->kept[i].id);
		free(im->kept[i].source);
	}
	free(im->kept);
	for (i = 0; i < im->nkept_j; i++) {
		free(im->kept_j[i].id);
		free(im->kept_j[i].source);
	}
	free(im->kept_j);
	for (i = 0; i < im->nkept_strings; i++)
		free(im->kept_strings[i]);
	free(im->kept_strings);
	free(im->cit);
	for (i = 0; i < im->nfiles; i++)
		free(im->files[i].path);
	free(im->files);
}

static const struct itss_model *
plain_get(void *ctx)
{
	return ctx;
}

int
itss_store_import(struct itss_store *s, const struct itss_repo *r,
    const struct itss_model *m, struct itss_import_stats *stats,
    itss_progress_fn progress, void *ctx, struct itss_diags *d)
{
	struct itss_model_future mf;

	mf.get = plain_get;
	mf.ctx = (void *)m;
	return itss_store_import_async(s, r, &mf, stats, progress, ctx, d);
}

/* Sources new or changed since the index saw them, or all with a new model. */
static void
mark_sources(struct import *im, struct itss_import_stats *stats, int all)
{
	size_t i;

	stats->sources = im->found.n;
	stats->sources_removed = 0;
	for (i = 0; i < im->found.n; i++) {
		struct source *src = &im->found.v[i];
		struct source *old = find_source(im->indexed, im->nindexed, src->path);
		if (old && old->kind == src->kind && stamp_eq(&old->stamp, &src->stamp) &&
		    !all)
			src->state = SAME;
		else
			src->state = old ? CHANGED : NEW;
	}
	for (i = 0; i < im->nindexed; i++)
		if (!find_source(im->found.v, im->found.n, im->indexed[i].path))
			stats->sources_removed++;
}

int
itss_store_import_async(struct itss_store *s, const struct itss_repo *r,
    const struct itss_model_future *mf, struct itss_import_stats *stats,
    itss_progress_fn progress, void *ctx, struct itss_diags *d)
{
	struct import im;
	size_t i, errors = d->errors;
	int rc, dirty = 0, quick;

	memset(stats, 0, sizeof(*stats));
	memset(&im, 0, sizeof(im));
	im.s = s;
	im.r = r;
	im.d = d;
	im.progress = progress;
	im.ctx = ctx;

	/*
	 * The whole import holds the write lock, so that what it compares
	 * against is what it writes over: a second import waits (busy
	 * timeout) and then sees this one's result. Readers are not blocked
	 * (WAL).
	 */
	if ((rc = exec(s, "BEGIN IMMEDIATE", d)) < 0)
		return rc;

	if ((rc = walk(&im.found, r->root, ITSS_EVIDENCE_DIR, SRC_EVIDENCE, d)) < 0 ||
	    (rc = walk(&im.found, r->root, ITSS_JUDGEMENT_DIR, SRC_JUDGEMENT, d)) < 0)
		goto out;
	if (im.found.n)
		qsort(im.found.v, im.found.n, sizeof(*im.found.v), cmp_source);
	if ((rc = load_indexed(&im)) < 0)
		goto out;
	mark_sources(&im, stats, 0);

	/*
	 * When no evidence file changed, the quick check needs neither the
	 * model (which may still be loading) nor the records: if every cited
	 * file is as the stat cache says and the model is the same, the index
	 * is current and its findings are told again.
	 */
	quick = !stats->sources_removed;
	for (i = 0; i < im.found.n && quick; i++)
		quick = im.found.v[i].state == SAME;
	if (quick && (rc = quick_check(&im, &quick, &stats->files)) < 0)
		goto out;
	if (!(im.m = mf->get(mf->ctx))) {
		rc = ITSS_EINPUT;	/* the model's own errors say why */
		goto out;
	}
	if ((rc = model_stamp_changed(&im, d)) < 0)
		goto out;
	im.model_changed = rc;
	if (quick && !im.model_changed) {
		if ((rc = replay_findings(&im, &stats->findings)) < 0 ||
		    (rc = count_rows(s, "SELECT (SELECT count(*) FROM records), "
		    "(SELECT count(*) FROM judgements)", &stats->records,
		    &stats->judgements, d)) < 0)
			goto out;
		rc = 0;
		goto out;
	}
	if (im.model_changed)
		mark_sources(&im, stats, 1);

	/* The full path: read what changed, check across the repository. */
	for (i = 0; i < im.found.n; i++) {
		if (im.found.v[i].state == SAME)
			continue;
		if (progress)
			progress(ctx, "reading records", i + 1, im.found.n, 0);
		rc = read_source(&im, &im.found.v[i]);
		if (rc == ITSS_EIO)
			goto out;
		stats->sources_read++;
	}
	if ((rc = load_kept(&im, stats->sources_read > 0)) < 0)
		goto out;
	check_unique(&im);
	gather_cited(&im);
	if ((rc = load_known_files(&im)) < 0)
		goto out;
	if ((rc = check_files(&im, stats)) == ITSS_EIO)
		goto out;
	if (stats->sources_read) {
		stats->records = im.nkept + im.set.nrecords;
		stats->judgements = im.nkept_j + im.set.njudgements;
	} else if ((rc = count_rows(s, "SELECT (SELECT count(*) FROM records), "
	    "(SELECT count(*) FROM judgements)", &stats->records,
	    &stats->judgements, d)) < 0) {
		goto out;
	}
	stats->files = im.nfiles;
	if (d->errors > errors) {
		rc = ITSS_EINPUT;
		goto out;
	}
	im.findings_from = d->n;
	stats->findings = report_findings(&im);
	im.findings_to = d->n;

	/* Phase 3: write, only if something differs. */
	dirty = stats->sources_read || stats->sources_removed || im.model_changed;
	for (i = 0; i < im.nfiles && !dirty; i++)
		dirty = im.files[i].dirty;
	if (!dirty) {
		/* Cited files the index still lists but nobody cites? */
		sqlite3_stmt *st;
		if ((rc = prepare(s, &st, "SELECT count(*) FROM files", d)) < 0)
			goto out;
		if (sqlite3_step(st) == SQLITE_ROW &&
		    (size_t)sqlite3_column_int64(st, 0) != im.nfiles)
			dirty = 1;
		if ((rc = finalize(s, st, d)) < 0)
			goto out;
	}
	rc = 0;
	if (dirty) {
		rc = write_index(&im);
		if (rc == 0)
			rc = exec(s, "COMMIT", d);
		stats->changed = rc == 0;
	}
out:
	/* Nothing to keep: end the transaction without writing. */
	if (sqlite3_get_autocommit(s->db) == 0)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	import_release(&im);
	return rc;
}

/* ---- queries ---- */

/* A cited file's state: the index's, or "altered" when the record pins a
 * hash the file no longer has; "missing" when the index has no file. */
static const char *
cited_state(const char *state, const char *recorded, const char *sha256)
{
	if (!state)
		return "missing";
	if (!strcmp(state, "ok") && recorded && sha256 && strcmp(recorded, sha256))
		return "altered";
	return state[0] == 'o' ? "ok" : state[0] == 'm' ? "missing" :
	    state[0] == 'a' ? "altered" : "unstable";
}

#define NO_TEXT SIZE_MAX

/* Copy a column's text into the arena; its offset, or NO_TEXT for NULL. */
static size_t
arena_add(struct itss_strbuf *a, sqlite3_stmt *st, int col)
{
	size_t off = a->len;

	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return NO_TEXT;
	itss_strbuf_add(a, (const char *)sqlite3_column_text(st, col),
	    (size_t)sqlite3_column_bytes(st, col));
	itss_strbuf_add(a, "", 1);	/* keep the NUL */
	return off;
}

int
itss_store_register(struct itss_store *s,
    int (*fn)(void *ctx, const struct itss_record_row *row), void *ctx,
    struct itss_diags *d)
{
	sqlite3_stmt *st = NULL, *q = NULL, *f = NULL;
	struct itss_strbuf arena = ITSS_STRBUF_INIT;
	const char **sat = NULL;
	struct itss_file_row *fr = NULL;
	size_t *soff = NULL, *foff = NULL, asat = 0, afr = 0, asoff = 0, afoff = 0;
	int rc, rq, rf, ret = 0;

	if ((rc = prepare(s, &st, "SELECT id, title, kind, owner, status, "
	    "status_given, source, line, date, valid_until, notes FROM records "
	    "ORDER BY id", d)) < 0 ||
	    (rc = prepare(s, &q, "SELECT record, requirement FROM "
	    "record_requirements ORDER BY record, requirement", d)) < 0 ||
	    (rc = prepare(s, &f, "SELECT rf.record, rf.path, rf.sha256, "
	    "f.sha256, f.state, f.size FROM record_files rf LEFT JOIN files f "
	    "ON f.path = rf.path ORDER BY rf.record, rf.path", d)) < 0) {
		ret = rc;
		goto out;
	}
	rq = sqlite3_step(q);
	rf = sqlite3_step(f);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct itss_record_row row;
		size_t nsat = 0, nfr = 0, i;

		memset(&row, 0, sizeof(row));
		row.id = (const char *)sqlite3_column_text(st, 0);
		row.title = (const char *)sqlite3_column_text(st, 1);
		row.kind = (const char *)sqlite3_column_text(st, 2);
		row.owner = (const char *)sqlite3_column_text(st, 3);
		row.status = (const char *)sqlite3_column_text(st, 4);
		row.status_given = sqlite3_column_int(st, 5);
		row.source = (const char *)sqlite3_column_text(st, 6);
		row.line = (unsigned)sqlite3_column_int(st, 7);
		row.date = sqlite3_column_int(st, 8);
		row.valid_until = sqlite3_column_type(st, 9) == SQLITE_NULL ?
		    INT32_MAX : sqlite3_column_int(st, 9);
		row.notes = (const char *)sqlite3_column_text(st, 10);
		if (!row.id)
			continue;
		itss_strbuf_reset(&arena);
		/* The three walk in the same order: take what is this record's. */
		while (rq == SQLITE_ROW) {
			int c = strcmp((const char *)sqlite3_column_text(q, 0), row.id);
			if (c > 0)
				break;
			if (c == 0) {
				itss_xgrow((void **)&soff, &asoff, nsat + 1,
				    sizeof(*soff));
				soff[nsat++] = arena_add(&arena, q, 1);
			}
			rq = sqlite3_step(q);
		}
		while (rf == SQLITE_ROW) {
			int c = strcmp((const char *)sqlite3_column_text(f, 0), row.id);
			if (c > 0)
				break;
			if (c == 0) {
				itss_xgrow((void **)&foff, &afoff, 3 * (nfr + 1),
				    sizeof(*foff));
				itss_xgrow((void **)&fr, &afr, nfr + 1, sizeof(*fr));
				foff[3 * nfr] = arena_add(&arena, f, 1);
				foff[3 * nfr + 1] = arena_add(&arena, f, 2);
				foff[3 * nfr + 2] = arena_add(&arena, f, 3);
				fr[nfr].state = cited_state(sqlite3_column_type(f, 4) ==
				    SQLITE_NULL ? NULL : (const char *)
				    sqlite3_column_text(f, 4), NULL, NULL);
				fr[nfr].size = sqlite3_column_int64(f, 5);
				nfr++;
			}
			rf = sqlite3_step(f);
		}
		if ((rq != SQLITE_ROW && rq != SQLITE_DONE) ||
		    (rf != SQLITE_ROW && rf != SQLITE_DONE)) {
			ret = db_error(s, d, rq != SQLITE_ROW && rq != SQLITE_DONE ?
			    rq : rf, "cannot read the index");
			goto out;
		}
		/* The arena has stopped moving: offsets become pointers. */
		itss_xgrow((void **)&sat, &asat, nsat ? nsat : 1, sizeof(*sat));
		for (i = 0; i < nsat; i++)
			sat[i] = arena.buf + soff[i];
		for (i = 0; i < nfr; i++) {
			fr[i].path = arena.buf + foff[3 * i];
			fr[i].recorded = foff[3 * i + 1] == NO_TEXT ? NULL :
			    arena.buf + foff[3 * i + 1];
			fr[i].sha256 = foff[3 * i + 2] == NO_TEXT ? NULL :
			    arena.buf + foff[3 * i + 2];
			if (!strcmp(fr[i].state, "ok"))
				fr[i].state = cited_state("ok", fr[i].recorded,
				    fr[i].sha256);
		}
		row.satisfies = sat;
		row.nsatisfies = nsat;
		row.files = fr;
		row.nfiles = nfr;
		if ((ret = fn(ctx, &row)) != 0)
			goto out;
	}
	if (rc != SQLITE_DONE)
		ret = db_error(s, d, rc, "cannot read the index");
out:
	sqlite3_finalize(st);
	sqlite3_finalize(q);
	sqlite3_finalize(f);
	itss_strbuf_release(&arena);
	free(sat);
	free(fr);
	free(soff);
	free(foff);
	return ret;
}

int
itss_store_stream_mode(struct itss_store *s, struct itss_diags *d)
{
	return exec(s, "PRAGMA mmap_size = 0", d) < 0 ? ITSS_EIO : 0;
}

int
itss_store_records(struct itss_store *s, const struct itss_model *m,
    const struct itss_record_filter *f,
    int (*fn)(void *ctx, const struct itss_record_row *row), void *ctx,
    struct itss_diags *d)
{
	struct itss_strbuf sql = ITSS_STRBUF_INIT;
	sqlite3_stmt *st = NULL, *reqs = NULL, *files = NULL;
	const char **item_reqs = NULL;
	size_t nitem_reqs = 0, i;
	int rc, n = 0, ret = 0;

	itss_strbuf_addstr(&sql, "SELECT id, title, kind, owner, status, "
	    "status_given, source, line, date, valid_until, notes FROM records r "
	    "WHERE 1");
	if (f->id)
		itss_strbuf_addstr(&sql, " AND r.id = ?");
	if (f->kind)
		itss_strbuf_addstr(&sql, " AND r.kind = ?");
	if (f->status)
		itss_strbuf_addstr(&sql, " AND r.status = ?");
	if (f->owner)
		itss_strbuf_addstr(&sql, " AND r.owner = ?");
	if (f->expiring_before != INT32_MIN)
		itss_strbuf_addstr(&sql, " AND r.valid_until IS NOT NULL AND "
		    "r.valid_until < ?");
	if (f->requirement)
		itss_strbuf_addstr(&sql, " AND EXISTS (SELECT 1 FROM "
		    "record_requirements q WHERE q.record = r.id AND "
		    "q.requirement = ?)");
	if (f->item) {
		item_reqs = itss_xcalloc(m->nrequirements, sizeof(*item_reqs));
		for (i = 0; i < m->nrequirements; i++)
			if (m->requirements[i].item == f->item)
				item_reqs[nitem_reqs++] = m->requirements[i].id;
		itss_strbuf_addstr(&sql, " AND EXISTS (SELECT 1 FROM "
		    "record_requirements q WHERE q.record = r.id AND "
		    "q.requirement IN (NULL");
		for (i = 0; i < nitem_reqs; i++)
			itss_strbuf_addstr(&sql, ", ?");
		itss_strbuf_addstr(&sql, "))");
	}
	itss_strbuf_addstr(&sql, " ORDER BY r.date, r.id");
	if ((rc = prepare(s, &st, sql.buf, d)) < 0 ||
	    (rc = prepare(s, &reqs, "SELECT requirement FROM record_requirements "
	    "WHERE record = ? ORDER BY requirement", d)) < 0 ||
	    (rc = prepare(s, &files, "SELECT rf.path, rf.sha256, f.sha256, "
	    "f.state, f.size FROM record_files rf LEFT JOIN files f ON f.path = "
	    "rf.path WHERE rf.record = ? ORDER BY rf.path", d)) < 0) {
		ret = rc;
		goto out;
	}
	if (f->id)
		bind_text(st, ++n, f->id);
	if (f->kind)
		bind_text(st, ++n, f->kind);
	if (f->status)
		bind_text(st, ++n, f->status);
	if (f->owner)
		bind_text(st, ++n, f->owner);
	if (f->expiring_before != INT32_MIN)
		sqlite3_bind_int(st, ++n, f->expiring_before);
	if (f->requirement)
		bind_text(st, ++n, f->requirement);
	for (i = 0; i < nitem_reqs; i++)
		bind_text(st, ++n, item_reqs[i]);

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct itss_record_row row;
		const char **sat = NULL;
		struct itss_file_row *fr = NULL;
		size_t nsat = 0, asat = 0, nfr = 0, afr = 0;

		memset(&row, 0, sizeof(row));
		row.id = (const char *)sqlite3_column_text(st, 0);
		row.title = (const char *)sqlite3_column_text(st, 1);
		row.kind = (const char *)sqlite3_column_text(st, 2);
		row.owner = (const char *)sqlite3_column_text(st, 3);
		row.status = (const char *)sqlite3_column_text(st, 4);
		row.status_given = sqlite3_column_int(st, 5);
		row.source = (const char *)sqlite3_column_text(st, 6);
		row.line = (unsigned)sqlite3_column_int(st, 7);
		row.date = sqlite3_column_int(st, 8);
		row.valid_until = sqlite3_column_type(st, 9) == SQLITE_NULL ?
		    INT32_MAX : sqlite3_column_int(st, 9);
		row.notes = (const char *)sqlite3_column_text(st, 10);
		sqlite3_bind_text(reqs, 1, row.id, -1, SQLITE_TRANSIENT);
		while ((rc = sqlite3_step(reqs)) == SQLITE_ROW) {
			itss_xgrow((void **)&sat, &asat, nsat + 1, sizeof(*sat));
			sat[nsat++] = itss_xstrdup((const char *)
			    sqlite3_column_text(reqs, 0));
		}
		sqlite3_reset(reqs);
		if (rc == SQLITE_DONE) {
			sqlite3_bind_text(files, 1, row.id, -1, SQLITE_TRANSIENT);
			while ((rc = sqlite3_step(files)) == SQLITE_ROW) {
				struct itss_file_row *x;
				itss_xgrow((void **)&fr, &afr, nfr + 1, sizeof(*fr));
				x = &fr[nfr++];
				x->path = itss_xstrdup((const char *)
				    sqlite3_column_text(files, 0));
				x->recorded = sqlite3_column_type(files, 1) ==
				    SQLITE_NULL ? NULL : itss_xstrdup((const char *)
				    sqlite3_column_text(files, 1));
				x->sha256 = sqlite3_column_type(files, 2) ==
				    SQLITE_NULL ? NULL : itss_xstrdup((const char *)
				    sqlite3_column_text(files, 2));
				x->state = cited_state(sqlite3_column_type(files, 3) ==
				    SQLITE_NULL ? NULL : (const char *)
				    sqlite3_column_text(files, 3), x->recorded, x->sha256);
				x->size = sqlite3_column_int64(files, 4);
			}
			sqlite3_reset(files);
		}
		if (rc != SQLITE_DONE) {
			ret = db_error(s, d, rc, "cannot read the index");
		} else {
			row.satisfies = sat;
			row.nsatisfies = nsat;
			row.files = fr;
			row.nfiles = nfr;
			ret = fn(ctx, &row);
		}
		for (i = 0; i < nsat; i++)
			free((char *)sat[i]);
		free(sat);
		for (i = 0; i < nfr; i++) {
			free((char *)fr[i].path);
			free((char *)fr[i].recorded);
			free((char *)fr[i].sha256);
		}
		free(fr);
		if (ret)
			goto out;
	}
	if (rc != SQLITE_DONE)
		ret = db_error(s, d, rc, "cannot read the index");
out:
	sqlite3_finalize(st);
	sqlite3_finalize(reqs);
	sqlite3_finalize(files);
	free(item_reqs);
	itss_strbuf_release(&sql);
	return ret;
}

/* ---- strings for what is read from the index ---- */

struct snap_block {
	struct snap_block *next;
	size_t used, size;
	char data[];
};

static const char *
snap_str(struct itss_snapshot *snap, const unsigned char *t, int len)
{
	struct snap_block *b = snap->blocks;
	char *p;

	if (!t)
		return NULL;
	if (!b || b->size - b->used < (size_t)len + 1) {
		size_t size = (size_t)len + 1 > 1u << 20 ? (size_t)len + 1 : 1u << 20;
		b = itss_xmalloc(sizeof(*b) + size);
		b->size = size;
		b->used = 0;
		b->next = snap->blocks;
		snap->blocks = b;
	}
	p = b->data + b->used;
	memcpy(p, t, (size_t)len);
	p[len] = '\0';
	b->used += (size_t)len + 1;
	return p;
}

static const char *
snap_col(struct itss_snapshot *snap, sqlite3_stmt *st, int i)
{
	return snap_str(snap, sqlite3_column_text(st, i), sqlite3_column_bytes(st, i));
}

void
itss_snapshot_release(struct itss_snapshot *snap)
{
	while (snap->blocks) {
		struct snap_block *next = snap->blocks->next;
		free(snap->blocks);
		snap->blocks = next;
	}
	free(snap->judgements);
	memset(snap, 0, sizeof(*snap));
}

/* ---- the ledger ---- */

int
itss_store_save(struct itss_store *s, const struct itss_saved *a, int64_t *id,
    struct itss_diags *d)
{
	sqlite3_stmt *head = NULL, *lv = NULL, *rq = NULL;
	size_t i;
	int rc;

	if ((rc = exec(s, "BEGIN IMMEDIATE", d)) < 0)
		return rc;
	if ((rc = prepare(s, &head, "INSERT INTO assessments(saved_at, as_of, "
	    "organisation, model, model_sha256, fingerprint, git_commit, target, "
	    "level, good, applicable) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    d)) < 0 ||
	    (rc = prepare(s, &lv, "INSERT INTO assessment_levels(assessment, what, "
	    "key, level, good, applicable) VALUES (?, ?, ?, ?, ?, ?)", d)) < 0 ||
	    (rc = prepare(s, &rq, "INSERT INTO assessment_requirements(assessment, "
	    "requirement, status, evidence) VALUES (?, ?, ?, ?)", d)) < 0)
		goto out;
	bind_text(head, 1, a->saved_at);
	sqlite3_bind_int(head, 2, a->as_of);
	bind_text(head, 3, a->organisation);
	bind_text(head, 4, a->model);
	bind_text(head, 5, a->model_sha256);
	bind_text(head, 6, a->fingerprint);
	bind_text(head, 7, a->git_commit);
	bind_text(head, 8, a->target);
	bind_text(head, 9, a->level);
	sqlite3_bind_int(head, 10, (int)a->total.good);
	sqlite3_bind_int(head, 11, (int)a->total.applicable);
	if ((rc = run(s, head, d)) < 0)
		goto out;
	*id = sqlite3_last_insert_rowid(s->db);
	for (i = 0; i < a->nlevels; i++) {
		sqlite3_bind_int64(lv, 1, *id);
		bind_text(lv, 2, a->levels[i].what);
		bind_text(lv, 3, a->levels[i].key);
		bind_text(lv, 4, a->levels[i].level);
		sqlite3_bind_int(lv, 5, (int)a->levels[i].good);
		sqlite3_bind_int(lv, 6, (int)a->levels[i].applicable);
		if ((rc = run(s, lv, d)) < 0)
			goto out;
	}
	for (i = 0; i < a->nreqs; i++) {
		sqlite3_bind_int64(rq, 1, *id);
		bind_text(rq, 2, a->reqs[i].id);
		bind_text(rq, 3, a->reqs[i].status);
		bind_text(rq, 4, a->reqs[i].evidence);
		if ((rc = run(s, rq, d)) < 0)
			goto out;
	}
	rc = exec(s, "COMMIT", d);
out:
	sqlite3_finalize(head);
	sqlite3_finalize(lv);
	sqlite3_finalize(rq);
	if (rc < 0 && !sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

static void
saved_header(struct itss_saved *a, sqlite3_stmt *st, struct itss_snapshot *mem)
{
	a->id = sqlite3_column_int64(st, 0);
	a->saved_at = snap_col(mem, st, 1);
	a->as_of = sqlite3_column_int(st, 2);
	a->organisation = snap_col(mem, st, 3);
	a->model = snap_col(mem, st, 4);
	a->model_sha256 = snap_col(mem, st, 5);
	a->fingerprint = snap_col(mem, st, 6);
	a->git_commit = snap_col(mem, st, 7);
	a->target = snap_col(mem, st, 8);
	a->level = snap_col(mem, st, 9);
	a->total.good = (unsigned)sqlite3_column_int(st, 10);
	a->total.applicable = (unsigned)sqlite3_column_int(st, 11);
}

#define SAVED_HEAD "SELECT id, saved_at, as_of, organisation, model, " \
	"model_sha256, fingerprint, git_commit, target, level, good, " \
	"applicable FROM assessments"

int
itss_store_history(struct itss_store *s,
    int (*fn)(void *ctx, const struct itss_saved *a), void *ctx,
    struct itss_diags *d)
{
	sqlite3_stmt *st;
	int rc, ret = 0;

	if ((rc = prepare(s, &st, SAVED_HEAD " ORDER BY id", d)) < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct itss_saved a;
		memset(&a, 0, sizeof(a));
		saved_header(&a, st, &a.mem);
		ret = fn(ctx, &a);
		itss_saved_release(&a);
		if (ret)
			break;
	}
	if (!ret && rc != SQLITE_DONE)
		ret = db_error(s, d, rc, "cannot read the ledger");
	sqlite3_finalize(st);
	return ret;
}

int
itss_store_load_saved(struct itss_saved *a, struct itss_store *s, int64_t id,
    struct itss_diags *d)
{
	sqlite3_stmt *st = NULL;
	size_t alv = 0, arq = 0;
	int rc;

	memset(a, 0, sizeof(*a));
	if ((rc = prepare(s, &st, SAVED_HEAD " WHERE id = ?", d)) < 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_finalize(st);
		itss_diags_add(d, ITSS_ERROR, NULL, 0, 0, "no saved assessment %lld; "
		    "`itss history` lists them", (long long)id);
		return ITSS_EINPUT;
	}
	if (rc != SQLITE_ROW)
		goto db;
	saved_header(a, st, &a->mem);
	sqlite3_finalize(st);
	st = NULL;
	if ((rc = prepare(s, &st, "SELECT what, key, level, good, applicable FROM "
	    "assessment_levels WHERE assessment = ? ORDER BY what, key", d)) < 0)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct itss_saved_level *l;
		itss_xgrow((void **)&a->levels, &alv, a->nlevels + 1, sizeof(*a->levels));
		l = &a->levels[a->nlevels++];
		l->what = snap_col(&a->mem, st, 0);
		l->key = snap_col(&a->mem, st, 1);
		l->level = snap_col(&a->mem, st, 2);
		l->good = (unsigned)sqlite3_column_int(st, 3);
		l->applicable = (unsigned)sqlite3_column_int(st, 4);
	}
	if (rc != SQLITE_DONE)
		goto db;
	sqlite3_finalize(st);
	st = NULL;
	if ((rc = prepare(s, &st, "SELECT requirement, status, evidence FROM "
	    "assessment_requirements WHERE assessment = ? ORDER BY requirement",
	    d)) < 0)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct itss_saved_req *q;
		itss_xgrow((void **)&a->reqs, &arq, a->nreqs + 1, sizeof(*a->reqs));
		q = &a->reqs[a->nreqs++];
		q->id = snap_col(&a->mem, st, 0);
		q->status = snap_col(&a->mem, st, 1);
		q->evidence = snap_col(&a->mem, st, 2);
	}
	if (rc != SQLITE_DONE)
		goto db;
	sqlite3_finalize(st);
	return 0;
db:
	rc = db_error(s, d, rc, "cannot read the ledger");
fail:
	sqlite3_finalize(st);
	itss_saved_release(a);
	return rc;
}

void
itss_saved_release(struct itss_saved *a)
{
	free(a->levels);
	free(a->reqs);
	itss_snapshot_release(&a->mem);
	memset(a, 0, sizeof(*a));
}

/* ---- summaries for the assessor ---- */

struct itss_summaries {
	struct itss_store *s;
	sqlite3_stmt *st;
	struct itss_summary_group *v;
	size_t alloc;
};

int
itss_summaries_open(struct itss_summaries **out, struct itss_store *s,
    struct itss_diags *d)
{
	struct itss_summaries *sm = itss_xcalloc(1, sizeof(*sm));
	int rc;

	*out = NULL;
	sm->s = s;
	if ((rc = prepare(s, &sm->st, "SELECT data FROM summaries WHERE "
	    "requirement = ?", d)) < 0) {
		free(sm);
		return rc;
	}
	*out = sm;
	return 0;
}

static uint16_t
get16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/* A text field: its string (NUL-terminated in the blob), or NULL. */
static const char *
get_text(const unsigned char **p, const unsigned char *end)
{
	uint16_t n;
	const char *t;

	if (end - *p < 2)
		return NULL;
	n = get16(*p);
	*p += 2;
	if (n == 0xffff)
		return NULL;
	if ((size_t)(end - *p) < (size_t)n + 1)
		return NULL;
	t = (const char *)*p;
	*p += n + 1;
	return t;
}

int
itss_summaries_get(struct itss_summaries *sm, const char *requirement,
    const struct itss_summary_group **out, size_t *n, struct itss_diags *d)
{
	const unsigned char *p, *end;
	int rc;

	*out = NULL;
	*n = 0;
	sqlite3_reset(sm->st);
	sqlite3_bind_text(sm->st, 1, requirement, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(sm->st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return db_error(sm->s, d, rc, "cannot read the index");
	p = sqlite3_column_blob(sm->st, 0);
	end = p + sqlite3_column_bytes(sm->st, 0);
	while (p && end - p >= 13) {
		struct itss_summary_group *g;
		itss_xgrow((void **)&sm->v, &sm->alloc, *n + 1, sizeof(*sm->v));
		g = &sm->v[(*n)++];
		g->status = (enum itss_record_status)p[0];
		g->date = (int32_t)itss_le32(p + 1);
		g->valid_until = (int32_t)itss_le32(p + 5);
		g->n = itss_le32(p + 9);
		p += 13;
		g->kind = get_text(&p, end);
		g->id = get_text(&p, end);
		g->file_problem = get_text(&p, end);
		if (!g->kind || !g->id || g->status > ITSS_REJECTED || !g->n) {
			itss_diags_add(d, ITSS_ERROR, sm->s->path, 0, 0, "a summary "
			    "in the index is damaged; delete .itss/ to rebuild it");
			return ITSS_EIO;
		}
	}
	*out = sm->v;
	return 0;
}

void
itss_summaries_close(struct itss_summaries *sm)
{
	if (!sm)
		return;
	sqlite3_finalize(sm->st);
	free(sm->v);
	free(sm);
}

int
itss_store_judgements(struct itss_snapshot *snap, struct itss_store *s,
    struct itss_diags *d)
{
	sqlite3_stmt *st = NULL;
	size_t aj = 0;
	int rc;

	memset(snap, 0, sizeof(*snap));
	if ((rc = prepare(s, &st, "SELECT requirement, verdict, reason, by, date "
	    "FROM judgements ORDER BY requirement", d)) < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct itss_snap_judgement *j;
		itss_xgrow((void **)&snap->judgements, &aj, snap->njudgements + 1,
		    sizeof(*snap->judgements));
		j = &snap->judgements[snap->njudgements++];
		j->requirement = snap_col(snap, st, 0);
		itss_verdict_parse(&j->verdict, (const char *)sqlite3_column_text(st, 1));
		j->reason = snap_col(snap, st, 2);
		j->by = snap_col(snap, st, 3);
		j->date = sqlite3_column_type(st, 4) == SQLITE_NULL ? INT32_MIN :
		    sqlite3_column_int(st, 4);
	}
	if (rc != SQLITE_DONE)
		goto db;
	sqlite3_finalize(st);
	st = NULL;
	if ((rc = prepare(s, &st, "SELECT value FROM meta WHERE key = "
	    "'fingerprint'", d)) < 0)
		goto fail;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		copy_col(snap->fingerprint, sizeof(snap->fingerprint), st, 0);
	else if (rc != SQLITE_DONE)
		goto db;
	sqlite3_finalize(st);
	st = NULL;
	if ((rc = prepare(s, &st, "SELECT count(*) FROM records", d)) < 0)
		goto fail;
	if ((rc = sqlite3_step(st)) != SQLITE_ROW)
		goto db;
	snap->nrecords_total = (size_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return 0;
db:
	rc = db_error(s, d, rc, "cannot read the index");
fail:
	sqlite3_finalize(st);
	itss_snapshot_release(snap);
	return rc;
}

int
itss_store_expiring(struct itss_store *s, int32_t before,
    int (*fn)(void *ctx, const char *id, int32_t valid_until, size_t cited),
    void *ctx, struct itss_diags *d)
{
	sqlite3_stmt *st;
	int rc, ret = 0;

	if ((rc = prepare(s, &st, "SELECT r.id, r.valid_until, (SELECT count(*) "
	    "FROM record_requirements q WHERE q.record = r.id) FROM records r "
	    "WHERE r.valid_until IS NOT NULL AND r.valid_until < ? AND "
	    "r.status = 'approved' ORDER BY r.valid_until, r.id", d)) < 0)
		return rc;
	sqlite3_bind_int(st, 1, before);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ret = fn(ctx, (const char *)sqlite3_column_text(st, 0),
		    sqlite3_column_int(st, 1), (size_t)sqlite3_column_int64(st, 2));
		if (ret)
			break;
	}
	if (!ret && rc != SQLITE_DONE)
		ret = db_error(s, d, rc, "cannot read the index");
	sqlite3_finalize(st);
	return ret;
}
