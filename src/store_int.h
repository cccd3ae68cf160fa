/*
 * store_int.h - what the parts of the index share (store.c, import*.c,
 * statcache.c, summaries.c, records.c, ledger.c): the handle, and the SQL
 * helpers through which every statement is prepared, stepped and
 * finalized, so that no SQLite error is dropped or reported two ways.
 *
 * Every helper that can fail appends "what: SQLite's message" (or the
 * locked-by-another-process message) to d and returns ITSS_EIO.
 */
#ifndef ITSS_STORE_INT_H
#define ITSS_STORE_INT_H

#include <sqlite3.h>

#include "itss/store.h"

struct itss_store {
	sqlite3 *db;
	char *path;		/* the database file, for messages */
	int read_only;		/* .itss/ cannot be written: opened immutable */
	char *building;		/* a new index, built under this name */
	int spoiled;		/* ... by a failed import: not to be kept */
	int lock_fd;		/* .itss/, locked (store.c); or -1 */
	int lock_held;		/* ... it is: flock works there */
	int gate_fd;		/* .itss/lock, held alone to build; or -1 */
	char *gate;		/* its path */
	long busy_timeout_ms;
};

/*
 * store_build.c: a new index built aside, and the locks (see there). The
 * new index's file, and the gate.
 */
#define ITSS_INDEX_NEW ITSS_INDEX ".new"
#define ITSS_INDEX_GATE ITSS_STATE_DIR "/lock"
/* How itss_store_open_db opens: the index; a new one to build; the one
 * just built and renamed into place (its schema is this itss's). */
enum { ITSS_OPEN_INDEX, ITSS_OPEN_BUILD, ITSS_OPEN_BUILT };
/* store.c: s->db opened on path, its pragmas set for how, its schema
 * brought up to date (but for ITSS_OPEN_BUILT); 0 or ITSS_EIO told. */
int itss_store_open_db(struct itss_store *s, const char *path, int flags,
    int how, long busy_timeout_ms, struct itss_diags *d);
/* The locks of a process opening the index at root: .itss/ shared; with
 * build, both it and the gate alone, for a new index. 0 or ITSS_EIO. */
int itss_store_lock_take(struct itss_store *s, const char *root, int build,
    long timeout, struct itss_diags *d);
/* Built, or given up: .itss/ shared again, the gate let go. */
void itss_store_lock_share(struct itss_store *s);
/*
 * A new index (store_build.c) linked into place and opened as any other: by the
 * import once it has committed, or at close. Nothing when the index is
 * not new; 0 or ITSS_EIO (then s->db is NULL: close it and stop).
 */
int itss_store_publish(struct itss_store *s, struct itss_diags *d);
/*
 * For an import that writes everything: the index from now on built aside
 * (store.c), the tables such an import keeps copied over, the old index
 * closed, and s->db the new one, out of any transaction. 1 when done, 0
 * when another process has the index open (it is then written in place),
 * or ITSS_EIO.
 */
int itss_store_aside(struct itss_store *s, struct itss_diags *d);
/* A failed import: a new index is then dropped, not published. */
void itss_store_spoil(struct itss_store *s);

/* rc from SQLite as a diagnostic about the index; returns ITSS_EIO. */
int itss_sql_error(struct itss_store *s, struct itss_diags *d, int rc,
    const char *what);
/* Fixed SQL (DDL, pragmas, BEGIN/COMMIT): 0 or ITSS_EIO. */
int itss_sql_exec(struct itss_store *s, const char *sql, struct itss_diags *d);
/* Prepare sql into *out: 0 or ITSS_EIO (*out is then NULL). */
int itss_sql_prepare(struct itss_store *s, sqlite3_stmt **out,
    const char *sql, struct itss_diags *d);
/* Finalize st (NULL is fine): 0 or ITSS_EIO. */
int itss_sql_finalize(struct itss_store *s, sqlite3_stmt *st,
    struct itss_diags *d);
/*
 * The end of a read loop: step_rc is the last sqlite3_step()'s result.
 * Finalizes st; returns 0 when the loop ended at SQLITE_DONE and the
 * finalize succeeded, else ITSS_EIO with what in d.
 */
int itss_sql_done(struct itss_store *s, sqlite3_stmt *st, int step_rc,
    const char *what, struct itss_diags *d);
/*
 * Finalize st after an error that is already in d (or a read-only
 * statement whose step errors were told): finalizing only repeats the
 * last step's error, so its result is of no use.
 */
void itss_sql_discard(sqlite3_stmt *st);
/* End a transaction that is still open, after an error (or to write
 * nothing): its effects are dropped, and so is a failure of ROLLBACK,
 * since SQLite rolls back on close anyway. */
void itss_sql_rollback(struct itss_store *s);
/* Step a statement that returns no rows, then reset it and its bindings. */
int itss_sql_run(struct itss_store *s, sqlite3_stmt *st, struct itss_diags *d);
/* One step expecting a row: 1 a row, 0 none, ITSS_EIO an error. */
int itss_sql_row(struct itss_store *s, sqlite3_stmt *st, const char *what,
    struct itss_diags *d);

/*
 * Binding. A bind fails only for a parameter that does not exist (a
 * programmer's error: an assert) or out of memory (itss_oom), so these
 * return nothing. _text binds s, or NULL for s == NULL, and s must
 * outlive the step; _copy has SQLite copy it; _blob copies when copy.
 */
void itss_sql_bind_text(sqlite3_stmt *st, int i, const char *s);
void itss_sql_bind_copy(sqlite3_stmt *st, int i, const char *s);
void itss_sql_bind_int(sqlite3_stmt *st, int i, int v);
void itss_sql_bind_int64(sqlite3_stmt *st, int i, int64_t v);
void itss_sql_bind_double(sqlite3_stmt *st, int i, double v);
void itss_sql_bind_null(sqlite3_stmt *st, int i);
void itss_sql_bind_blob(sqlite3_stmt *st, int i, const void *p, int n,
    int copy);
/* A text column into a fixed buffer, cut to fit; "" for NULL. */
void itss_sql_copy_col(char *buf, size_t size, sqlite3_stmt *st, int i);
/* A text column, newly allocated; NULL for NULL. */
char *itss_sql_col_dup(sqlite3_stmt *st, int i);
/* A text column copied into an arena; NULL for NULL. */
const char *itss_sql_col_arena(struct itss_arena *a, sqlite3_stmt *st, int i);

/* A count from a query returning one integer (write "SELECT count(*) FROM
 * t" alone: SQLite then counts pages, not rows). */
int itss_sql_count(struct itss_store *s, const char *sql, size_t *out,
    struct itss_diags *d);
/*
 * A citation rf (record_files) whose file f (files, LEFT JOINed on the
 * path) is not as the record needs it: missing (or never seen), changed
 * while read, or not the SHA-256 the record pins. The one definition, for
 * the findings, the groups of the summaries and the lists' mark.
 */
#define ITSS_CITATION_BAD_SQL "(f.state IS NOT 'ok' OR (rf.sha256 IS NOT " \
	"NULL AND rf.sha256 IS NOT f.sha256))"

/* ledger.c: one saved assessment into the ledger, in the caller's
 * transaction; *out is its number. 0 or ITSS_EIO. */
struct itss_saved;
int itss_ledger_insert(int64_t *out, struct itss_store *s,
    const struct itss_saved *a, struct itss_diags *d);

/* Two counts from one query returning one row of two integers. */
int itss_sql_count2(struct itss_store *s, const char *sql, size_t *a,
    size_t *b, struct itss_diags *d);

#endif
