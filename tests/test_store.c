/*
 * test_store.c - the index: open, schema steps, refusals, import, and
 * failures injected into the library calls it makes (linked with
 * -Wl,--wrap=sqlite3_step,--wrap=fsync,--wrap=rename), each of which must
 * leave the index, or the file being written, as it was.
 */
#include <errno.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"

#include "itss/atomic.h"
#include "itss/ledger.h"
#include "itss/repo.h"
#include "itss/store.h"
#include "../src/store_int.h"

/* ---- injection: the n-th call fails (0: none) ---- */

static int step_fail_at, step_calls;
static int fsync_fail, rename_fail;
static const char *vanish;	/* a file deleted as it is about to be read */

int __real_sqlite3_step(sqlite3_stmt *st);
int __wrap_sqlite3_step(sqlite3_stmt *st);
int __real_fsync(int fd);
int __wrap_fsync(int fd);
int __real_rename(const char *a, const char *b);
int __wrap_rename(const char *a, const char *b);
int __real_itss_repo_openat(int rootfd, const char *path, int links,
    struct stat *st, const char **why, int *missing);
int __wrap_itss_repo_openat(int rootfd, const char *path, int links,
    struct stat *st, const char **why, int *missing);

/* The import opens each record file through this: delete it first. */
int
__wrap_itss_repo_openat(int rootfd, const char *path, int links,
    struct stat *st, const char **why, int *missing)
{
	if (vanish && !strcmp(path, vanish))
		assert_int_equal(unlinkat(rootfd, path, 0), 0);
	return __real_itss_repo_openat(rootfd, path, links, st, why, missing);
}

int
__wrap_sqlite3_step(sqlite3_stmt *st)
{
	if (step_fail_at && ++step_calls == step_fail_at)
		return SQLITE_IOERR;
	return __real_sqlite3_step(st);
}

int
__wrap_fsync(int fd)
{
	if (fsync_fail) {
		errno = EIO;
		return -1;
	}
	return __real_fsync(fd);
}

int
__wrap_rename(const char *a, const char *b)
{
	if (rename_fail) {
		errno = ENOSPC;
		return -1;
	}
	return __real_rename(a, b);
}

/* ---- a repository in a temporary directory ---- */

struct fixture {
	char dir[64];
	struct itss_repo *repo;
	struct itss_model *model;
	struct itss_diags d;
};

static void
write_file(const char *dir, const char *rel, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static int
setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	int created;

	if (!fx)
		return -1;
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/itss-store-XXXXXX");
	if (!mkdtemp(fx->dir))
		return -1;
	if (itss_repo_init(fx->dir, "db11-user-sample", "测试单位", "conform",
	    20000, &created, &fx->d) < 0 ||
	    itss_repo_open(&fx->repo, fx->dir, &fx->d) < 0 ||
	    itss_model_load(&fx->model, "data/models/db11-user.yaml", &fx->d) < 0)
		return -1;
	{
		struct itss_store *s;
		struct itss_store_options o = { 1, 0 };
		if (itss_store_open(&s, fx->dir, &o, &fx->d) < 0 ||
		    itss_store_close(s, &fx->d) < 0)
			return -1;
	}
	write_file(fx->dir, "policy.txt", "管理制度\n");
	write_file(fx->dir, "evidence/a.yaml",
	    "- id: pol-1\n  title: 管理制度\n  kind: policy\n"
	    "  satisfies: [5.3.a]\n  date: 2025-01-10\n  status: approved\n"
	    "  files: [policy.txt]\n");
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;
	char cmd[128];

	itss_repo_free(fx->repo);
	itss_model_free(fx->model);
	itss_diags_release(&fx->d);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->dir);
	if (system(cmd) != 0)
		return -1;
	free(fx);
	return 0;
}

static int
open_store(struct itss_store **out, struct fixture *fx, int create)
{
	struct itss_store_options o = { create, 0 };

	return itss_store_open(out, fx->dir, &o, &fx->d);
}

/* Every table's rows, as text: what "the index as it was" means. */
static char *
dump(const char *dir)
{
	struct itss_strbuf sb = ITSS_STRBUF_INIT;
	char path[256];
	sqlite3 *db;
	sqlite3_stmt *t, *q;

	snprintf(path, sizeof(path), "%s/%s", dir, ITSS_INDEX);
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master "
	    "WHERE type = 'table' ORDER BY name", -1, &t, NULL), SQLITE_OK);
	while (__real_sqlite3_step(t) == SQLITE_ROW) {
		char *sql = itss_xasprintf("SELECT * FROM \"%s\"",
		    (const char *)sqlite3_column_text(t, 0));
		int c;
		itss_strbuf_addf(&sb, "[%s]\n", sqlite3_column_text(t, 0));
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL),
		    SQLITE_OK);
		while (__real_sqlite3_step(q) == SQLITE_ROW) {
			for (c = 0; c < sqlite3_column_count(q); c++) {
				const unsigned char *v = sqlite3_column_blob(q, c);
				int n = sqlite3_column_bytes(q, c), k;
				itss_strbuf_addch(&sb, '|');
				for (k = 0; v && k < n; k++)
					itss_strbuf_addf(&sb, "%02x", v[k]);
			}
			itss_strbuf_addch(&sb, '\n');
		}
		assert_int_equal(sqlite3_finalize(q), SQLITE_OK);
		free(sql);
	}
	assert_int_equal(sqlite3_finalize(t), SQLITE_OK);
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
	return itss_strbuf_detach(&sb, NULL);
}

static int
pragma(const char *dir, const char *sql)
{
	char path[256];
	sqlite3 *db;
	sqlite3_stmt *st;
	int v = -1;

	snprintf(path, sizeof(path), "%s/%s", dir, ITSS_INDEX);
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (__real_sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	assert_int_equal(sqlite3_finalize(st), SQLITE_OK);
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
	return v;
}

static int
import(struct fixture *fx, struct itss_import_stats *stats)
{
	struct itss_store *s;
	int rc = open_store(&s, fx, 0), rc2;

	if (rc < 0)
		return rc;
	rc = itss_store_import(s, fx->repo, fx->model, stats, NULL, NULL,
	    &fx->d);
	rc2 = itss_store_close(s, &fx->d);
	return rc < 0 ? rc : rc2;
}

/* ---- the tests ---- */

static void
test_open_needs_create(void **state)
{
	struct fixture *fx = *state;
	struct itss_store *s = NULL;
	char path[256];

	/* Without one, only an open with create makes one. */
	snprintf(path, sizeof(path), "%s/%s", fx->dir, ITSS_INDEX);
	assert_int_equal(unlink(path), 0);
	assert_false(itss_store_exists(fx->dir));
	assert_int_equal(open_store(&s, fx, 0), ITSS_EIO);
	assert_null(s);
	expect_diag_at(&fx->d, "no index here", 0, 0, __FILE__, __LINE__);
	assert_false(itss_store_exists(fx->dir));
	assert_int_equal(open_store(&s, fx, 1), 0);
	assert_int_equal(itss_store_close(s, &fx->d), 0);
	assert_true(itss_store_exists(fx->dir));
	assert_int_equal(pragma(fx->dir, "PRAGMA application_id"), 0x49545353);
	assert_int_equal(pragma(fx->dir, "PRAGMA user_version"), 11);
}

static void
test_migrate(void **state)
{
	struct fixture *fx = *state;
	struct itss_store *s;

	/* The ledger as schema 3 had it, the sources without their invalid
	 * mark, the records without their documents: the steps 3 -> 4, 4 -> 5
	 * and 5 -> 6 must run on open. */
	assert_int_equal(pragma(fx->dir, "DROP TABLE source_errors"), -1);
	assert_int_equal(pragma(fx->dir, "ALTER TABLE sources DROP COLUMN "
	    "invalid"), -1);
	assert_int_equal(pragma(fx->dir, "DROP INDEX record_requirements_group"),
	    -1);
	assert_int_equal(pragma(fx->dir, "ALTER TABLE record_requirements DROP "
	    "COLUMN gkey"), -1);
	assert_int_equal(pragma(fx->dir, "ALTER TABLE records DROP COLUMN bad"),
	    -1);
	assert_int_equal(pragma(fx->dir, "ALTER TABLE records DROP COLUMN "
	    "documents"), -1);
	assert_int_equal(pragma(fx->dir, "DROP TABLE record_scores"), -1);
	assert_int_equal(pragma(fx->dir, "ALTER TABLE judgements DROP COLUMN "
	    "levels"), -1);
	assert_int_equal(pragma(fx->dir, "ALTER TABLE records DROP COLUMN "
	    "approved_by"), -1);
	assert_int_equal(pragma(fx->dir, "ALTER TABLE records DROP COLUMN "
	    "approved_on"), -1);
	assert_int_equal(pragma(fx->dir, "ALTER TABLE records DROP COLUMN "
	    "signoff"), -1);
	assert_int_equal(pragma(fx->dir, "DROP TABLE source_cache"), -1);
	assert_int_equal(pragma(fx->dir, "ALTER TABLE records DROP COLUMN "
	    "digest"), -1);
	assert_int_equal(pragma(fx->dir, "DROP INDEX findings_source"), -1);
	assert_int_equal(pragma(fx->dir, "DROP INDEX findings_path"), -1);
	assert_int_equal(pragma(fx->dir, "ALTER TABLE findings DROP COLUMN path"),
	    -1);
	assert_int_equal(pragma(fx->dir, "CREATE INDEX "
	    "record_requirements_by_requirement ON record_requirements("
	    "requirement, record)"), -1);
	assert_int_equal(pragma(fx->dir, "DROP TABLE assessment_levels"), -1);
	assert_int_equal(pragma(fx->dir, "DROP TABLE assessment_requirements"), -1);
	assert_int_equal(pragma(fx->dir, "DROP TABLE assessments"), -1);
	assert_int_equal(pragma(fx->dir, "CREATE TABLE assessments("
	    "id INTEGER PRIMARY KEY, saved_at TEXT NOT NULL, as_of INTEGER NOT "
	    "NULL, organisation TEXT, model TEXT NOT NULL, model_sha256 TEXT NOT "
	    "NULL, fingerprint TEXT NOT NULL, git_commit TEXT, target TEXT, "
	    "level TEXT, good INTEGER NOT NULL, applicable INTEGER NOT NULL)"), -1);
	assert_int_equal(pragma(fx->dir, "CREATE TABLE assessment_levels("
	    "assessment INTEGER NOT NULL REFERENCES assessments(id) ON DELETE "
	    "CASCADE, what TEXT NOT NULL, key TEXT NOT NULL, level TEXT, good "
	    "INTEGER NOT NULL, applicable INTEGER NOT NULL, PRIMARY KEY("
	    "assessment, what, key)) WITHOUT ROWID"), -1);
	assert_int_equal(pragma(fx->dir, "CREATE TABLE assessment_requirements("
	    "assessment INTEGER NOT NULL REFERENCES assessments(id) ON DELETE "
	    "CASCADE, requirement TEXT NOT NULL, status TEXT NOT NULL, evidence "
	    "TEXT, PRIMARY KEY(assessment, requirement)) WITHOUT ROWID"), -1);
	assert_int_equal(pragma(fx->dir, "PRAGMA user_version = 3"), -1);
	assert_int_equal(open_store(&s, fx, 0), 0);
	assert_int_equal(itss_store_close(s, &fx->d), 0);
	assert_int_equal(pragma(fx->dir, "PRAGMA user_version"), 11);
	assert_int_equal(pragma(fx->dir, "SELECT count(*) FROM "
	    "pragma_table_info('source_cache')"), 2);
	assert_int_equal(pragma(fx->dir, "SELECT count(*) FROM "
	    "pragma_table_info('records') WHERE name = 'digest'"), 1);
	assert_int_equal(pragma(fx->dir, "SELECT count(*) FROM "
	    "pragma_table_info('records') WHERE name = 'signoff'"), 1);
	assert_int_equal(pragma(fx->dir, "SELECT count(*) FROM "
	    "pragma_table_info('records') WHERE name = 'documents'"), 1);
	assert_int_equal(pragma(fx->dir, "SELECT count(*) FROM "
	    "pragma_table_info('judgements') WHERE name = 'levels'"), 1);
	assert_int_equal(pragma(fx->dir, "SELECT count(*) FROM "
	    "pragma_table_info('record_scores')"), 9);
	assert_int_equal(pragma(fx->dir, "SELECT count(*) FROM "
	    "pragma_table_info('assessments') WHERE name IN ('source', 'clean', "
	    "'edited')"), 3);
	assert_int_equal(pragma(fx->dir, "SELECT count(*) FROM "
	    "pragma_table_info('sources') WHERE name = 'invalid'"), 1);
	assert_int_equal(pragma(fx->dir, "SELECT count(*) FROM "
	    "pragma_table_info('source_errors')"), 5);
	assert_int_equal(pragma(fx->dir, "SELECT count(*) FROM "
	    "pragma_index_info('record_requirements_group')"), 3);
	/* The groups are filled by the next import: as if the model changed. */
	assert_int_equal(pragma(fx->dir, "SELECT count(*) FROM meta WHERE key = "
	    "'model_sha256'"), 0);
}

static void
test_refuse_newer_and_foreign(void **state)
{
	struct fixture *fx = *state;
	struct itss_store *s = NULL;
	char *before;

	assert_int_equal(pragma(fx->dir, "PRAGMA user_version = 99"), -1);
	before = dump(fx->dir);
	assert_int_equal(open_store(&s, fx, 0), ITSS_EIO);
	assert_null(s);
	expect_diag_at(&fx->d, "made by a newer itss (schema 99", 0, 0, __FILE__,
	    __LINE__);
	assert_int_equal(pragma(fx->dir, "PRAGMA user_version"), 99);
	{
		char *after = dump(fx->dir);
		assert_string_equal(before, after);
		free(after);
	}
	free(before);
	assert_int_equal(pragma(fx->dir, "PRAGMA user_version = 5"), -1);
	assert_int_equal(pragma(fx->dir, "PRAGMA application_id = 7"), -1);
	assert_int_equal(open_store(&s, fx, 0), ITSS_EIO);
	expect_diag_at(&fx->d, "not an itss index", 0, 0, __FILE__, __LINE__);
}

static void
test_import(void **state)
{
	struct fixture *fx = *state;
	struct itss_import_stats st;

	assert_int_equal(import(fx, &st), 0);
	assert_int_equal(st.records, 1);
	assert_int_equal(st.files, 1);
	assert_int_equal(st.files_hashed, 1);
	assert_true(st.changed);
	assert_int_equal(pragma(fx->dir, "SELECT count(*) FROM summaries"), 1);
	/* Nothing changed: nothing written, nothing hashed. */
	assert_int_equal(import(fx, &st), 0);
	assert_false(st.changed);
	assert_int_equal(st.files_hashed, 0);
	assert_int_equal(st.records, 1);
}

/*
 * Every sqlite3_step the import makes, failed in turn: the import fails
 * with ITSS_EIO and the index is byte for byte what it was, until the
 * failure point lies past the last step and the import goes through.
 */
static void
test_step_failures_leave_index(void **state)
{
	struct fixture *fx = *state;
	struct itss_import_stats st;
	char *before, *after;
	int n, rc = -1;

	assert_int_equal(import(fx, &st), 0);
	write_file(fx->dir, "evidence/b.yaml",
	    "- id: pol-2\n  title: 第二份制度\n  kind: policy\n"
	    "  satisfies: [5.3.a, 5.3.b]\n  date: 2025-02-10\n"
	    "  status: approved\n  files: [policy.txt]\n");
	before = dump(fx->dir);
	for (n = 1; n < 10000; n++) {
		step_fail_at = n;
		step_calls = 0;
		rc = import(fx, &st);
		step_fail_at = 0;
		if (step_calls < n)
			break;	/* no step left to fail: it went through */
		assert_int_equal(rc, ITSS_EIO);
		after = dump(fx->dir);
		assert_string_equal(before, after);
		free(after);
		itss_diags_release(&fx->d);
	}
	assert_true(n > 10);	/* the import does step, many times */
	assert_int_equal(rc, 0);
	assert_int_equal(st.records, 2);
	after = dump(fx->dir);
	assert_string_not_equal(before, after);
	free(after);
	free(before);
}

/*
 * A record file deleted between the walk and its reading (another process
 * at work): it is a removed file, not a failed import.
 */
static void
test_file_gone_while_importing(void **state)
{
	struct fixture *fx = *state;
	struct itss_import_stats st;

	assert_int_equal(import(fx, &st), 0);
	write_file(fx->dir, "evidence/b.yaml",
	    "- id: pol-2\n  title: 第二份\n  kind: policy\n"
	    "  satisfies: [5.3.b]\n  date: 2025-02-10\n  status: approved\n");
	vanish = "evidence/b.yaml";
	assert_int_equal(import(fx, &st), 0);
	vanish = NULL;
	assert_int_equal(st.sources_removed, 1);
	assert_int_equal(st.records, 1);
	assert_int_equal(pragma(fx->dir, "SELECT count(*) FROM records"), 1);
	/* And a changed one that goes: its old records go with it. */
	write_file(fx->dir, "evidence/a.yaml",
	    "- id: pol-1\n  title: 改了\n  kind: policy\n"
	    "  satisfies: [5.3.a]\n  date: 2025-01-11\n  status: approved\n");
	vanish = "evidence/a.yaml";
	assert_int_equal(import(fx, &st), 0);
	vanish = NULL;
	assert_int_equal(pragma(fx->dir, "SELECT count(*) FROM records"), 0);
	assert_int_equal(pragma(fx->dir, "SELECT count(*) FROM sources"), 0);
}

/*
 * The full path (here a new index) writes without foreign-key checks
 * (import.c): after it, whether it went through or failed, the
 * connection checks them again, and what it wrote passes SQLite's check.
 */
static size_t
connection_count(struct itss_store *s, struct fixture *fx, const char *sql)
{
	size_t n = 99;

	assert_int_equal(itss_sql_count(s, sql, &n, &fx->d), 0);
	return n;
}

static void
test_foreign_keys_after_full_import(void **state)
{
	struct fixture *fx = *state;
	struct itss_import_stats st;
	struct itss_store *s;
	int n, rc = -1;

	/* Every step of it failed in turn, then none. */
	assert_int_equal(open_store(&s, fx, 0), 0);
	for (n = 1; n < 10000; n++) {
		step_fail_at = n;
		step_calls = 0;
		rc = itss_store_import(s, fx->repo, fx->model, &st, NULL, NULL,
		    &fx->d);
		step_fail_at = 0;
		if (step_calls < n)
			break;	/* no step left to fail: it went through */
		assert_int_equal(rc, ITSS_EIO);
		assert_int_equal(connection_count(s, fx, "SELECT foreign_keys "
		    "FROM pragma_foreign_keys"), 1);
		assert_int_equal(connection_count(s, fx, "SELECT count(*) FROM "
		    "records"), 0);
		itss_diags_release(&fx->d);
	}
	assert_true(n > 10);
	assert_int_equal(rc, 0);
	assert_true(st.changed);
	assert_int_equal(st.records, 1);
	assert_int_equal(connection_count(s, fx, "SELECT foreign_keys FROM "
	    "pragma_foreign_keys"), 1);
	assert_int_equal(connection_count(s, fx, "SELECT count(*) FROM "
	    "pragma_foreign_key_check"), 0);
	assert_int_equal(connection_count(s, fx, "SELECT count(*) FROM "
	    "record_requirements"), 1);
	assert_int_equal(itss_store_close(s, &fx->d), 0);
}

/* A failing sqlite3_step while saving: no half-saved assessment. */
static void
test_step_failure_in_ledger(void **state)
{
	struct fixture *fx = *state;
	struct itss_saved_level lv = { ITSS_SAVED_DOMAIN, "governance", NULL,
		0, 1 };
	const char *ev[] = { "pol-1" };
	struct itss_saved_req rq = { "5.3.a", "met", ev, 1 };
	struct itss_saved a;
	struct itss_store *s;
	int64_t id = -1;
	char *before, *after;

	memset(&a, 0, sizeof(a));
	a.saved_at = "2025-03-01T00:00:00Z";
	a.model = "db11-user-sample";
	a.model_sha256 = "0";
	a.fingerprint = "0";
	a.levels = &lv;
	a.nlevels = 1;
	a.reqs = &rq;
	a.nreqs = 1;
	before = dump(fx->dir);
	assert_int_equal(open_store(&s, fx, 0), 0);
	step_fail_at = 3;	/* head, level, then the requirement */
	step_calls = 0;
	assert_int_equal(itss_ledger_save(&id, s, &a, &fx->d), ITSS_EIO);
	step_fail_at = 0;
	assert_int_equal(id, 0);
	assert_int_equal(itss_store_close(s, &fx->d), 0);
	after = dump(fx->dir);
	assert_string_equal(before, after);
	free(after);
	free(before);
	/* And without the failure, it is saved whole and read back. */
	assert_int_equal(open_store(&s, fx, 0), 0);
	assert_int_equal(itss_ledger_save(&id, s, &a, &fx->d), 0);
	assert_int_equal(id, 1);
	{
		struct itss_saved b;
		assert_int_equal(itss_ledger_load(&b, s, id, &fx->d), 0);
		assert_int_equal(b.nlevels, 1);
		assert_int_equal(b.levels[0].scope, ITSS_SAVED_DOMAIN);
		assert_int_equal(b.nreqs, 1);
		assert_int_equal(b.reqs[0].nevidence, 1);
		assert_string_equal(b.reqs[0].evidence[0], "pol-1");
		itss_saved_release(&b);
	}
	assert_int_equal(itss_store_close(s, &fx->d), 0);
}

/* fsync or rename failing: the old file stays, no temporary is left. */
static void
test_atomic_write_failures(void **state)
{
	struct fixture *fx = *state;
	char path[256], buf[64];
	int pass;

	snprintf(path, sizeof(path), "%s/out.txt", fx->dir);
	write_file(fx->dir, "out.txt", "old\n");
	for (pass = 0; pass < 2; pass++) {
		FILE *f;
		char cmd[320];
		fsync_fail = pass == 0;
		rename_fail = pass == 1;
		assert_int_equal(itss_write_atomic(path, "new\n", 4, 0, &fx->d),
		    ITSS_EIO);
		fsync_fail = rename_fail = 0;
		expect_diag_at(&fx->d, pass ? "No space left" : "Input/output error",
		    0, 0, __FILE__, __LINE__);
		f = fopen(path, "r");
		assert_non_null(f);
		assert_non_null(fgets(buf, sizeof(buf), f));
		fclose(f);
		assert_string_equal(buf, "old\n");
		snprintf(cmd, sizeof(cmd), "ls -a '%s' | grep -q 'out.txt.tmp'",
		    fx->dir);
		assert_int_not_equal(system(cmd), 0);
		itss_diags_release(&fx->d);
	}
	assert_int_equal(itss_write_atomic(path, "new\n", 4, 0, &fx->d), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open_needs_create, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_migrate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuse_newer_and_foreign,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_import, setup, teardown),
		cmocka_unit_test_setup_teardown(test_step_failures_leave_index,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreign_keys_after_full_import,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_step_failure_in_ledger, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_file_gone_while_importing,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_atomic_write_failures, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
