/*
 * store.h - the index: SQLite under .itss/, kept in line with the files.
 *
 * The files are the truth. The index holds what the assessor queries: the
 * records and judgements read from them, and for every file a record cites
 * its size, times, inode and SHA-256, so that an unchanged file is not read
 * again (git's index does the same). Deleting .itss/ loses nothing: the
 * next import rebuilds it.
 *
 * The database: schema steps keyed on PRAGMA user_version (a newer one is
 * refused), application_id 'ITSS', WAL, foreign keys, BEGIN IMMEDIATE for
 * writes, a busy timeout with a clear message when another process holds
 * the lock, and a checkpoint on close.
 */
#ifndef ITSS_STORE_H
#define ITSS_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "itss/diag.h"
#include "itss/evidence.h"
#include "itss/model.h"
#include "itss/repo.h"

struct itss_store;

/* How long to wait for another process's lock, unless told otherwise. */
#define ITSS_BUSY_TIMEOUT_MS 10000

struct itss_store_options {
	/* Make .itss/ and the database when they are missing: only `init`,
	 * and the rebuild of a deleted index (itss_store_exists), ask. */
	int create;
	/* How long to wait for another process's write lock; 0 (or out of
	 * 1..3,600,000): ITSS_BUSY_TIMEOUT_MS. */
	long busy_timeout_ms;
};

/*
 * Open the index of the repository at root. Without opt->create a
 * missing database is an error. Returns 0 with *out (closed by the
 * caller), or ITSS_EIO (cannot open, locked, not an itss index, made by a
 * newer itss) with the reason in d.
 */
int itss_store_open(struct itss_store **out, const char *root,
    const struct itss_store_options *opt, struct itss_diags *d);
/* Whether the repository at root has an index (the database file). */
int itss_store_exists(const char *root);
/* Checkpoint the WAL and close; s is freed either way. Returns 0 or
 * ITSS_EIO. NULL is fine. */
int itss_store_close(struct itss_store *s, struct itss_diags *d);

struct itss_import_stats {
	size_t sources;		/* evidence and judgement files found */
	size_t sources_read;	/* of them, new or changed, read and checked */
	size_t sources_same;	/* of those, their bytes as indexed: restamped */
	size_t sources_removed;
	size_t records, judgements;
	size_t files;		/* files cited */
	size_t files_hashed;
	uint64_t bytes_hashed;
	size_t findings;	/* missing, altered or unstable files */
	size_t invalid;		/* sources with errors: not counted */
	int changed;		/* the index was written */
};

/* Progress of a long import: phase, done of total, bytes hashed so far. */
typedef void (*itss_progress_fn)(void *ctx, const char *phase, size_t done,
    size_t total, uint64_t bytes);

/*
 * Bring the index in line with the files of repository r read against
 * model m, in one transaction. Input errors (unreadable or invalid
 * records and judgements, duplicate ids, paths that escape the repository,
 * symbolic links, FIFOs and devices among cited files) are all reported in
 * d as errors, each in the file it makes invalid: that file's records do
 * not count, the rest is indexed, and the import returns 0 with
 * stats->invalid saying how many files (their errors are told again, from
 * the index, while nothing changes). Findings -- a cited
 * file missing, different from its recorded hash, or changing while it was
 * read -- are warnings in d and are kept in the index. A run with nothing
 * changed writes nothing.
 */
int itss_store_import(struct itss_store *s, const struct itss_repo *r,
    const struct itss_model *m, struct itss_import_stats *stats,
    itss_progress_fn progress, void *ctx, struct itss_diags *d);

/*
 * A model that may still be loading (in another thread): get() waits for
 * it, and returns NULL when it could not be loaded.
 */
struct itss_model_future {
	const struct itss_model *(*get)(void *ctx);
	/*
	 * The SHA-256 of the model file's bytes, before (or without) parsing
	 * them, or NULL when not known; may be NULL itself. When it is the
	 * index's, and nothing else changed, the import needs no model.
	 */
	const char *(*sha)(void *ctx);
	/*
	 * The model file's path and stat (and what else its stamp holds) as
	 * text, or NULL; may be NULL itself. When the index recorded the
	 * same text with its model, the file is the one it was made with:
	 * it need not even be read. After get(), NULL unless the model came
	 * from the bytes this text describes (then the import records it).
	 */
	const char *(*fstamp)(void *ctx);
	void *ctx;
};

/*
 * The repository's evidence, judgement and assessment files walked (and
 * stat'ed) on a thread of their own from this call on, so that the index
 * is opened meanwhile; given to the import, which waits for it and takes
 * what it found. NULL when no thread could be made: the import then walks
 * itself.
 */
struct itss_walk;
struct itss_walk *itss_walk_start(const struct itss_repo *r);
/* Waited for if still running, and freed; NULL is nothing. */
void itss_walk_free(struct itss_walk *w);

/*
 * As itss_store_import, with the model asked for only when needed: when no
 * evidence file changed, the cited files are checked while it loads.
 * walk, when not NULL, is the walk started before the index was opened
 * (itss_walk_start); it stays the caller's to free. Returns ITSS_EINPUT,
 * adding nothing to d, when get() gives NULL.
 */
int itss_store_import_async(struct itss_store *s, const struct itss_repo *r,
    const struct itss_model_future *m, struct itss_walk *walk,
    struct itss_import_stats *stats, itss_progress_fn progress, void *ctx,
    struct itss_diags *d);

/* A cited file as the index knows it. */
struct itss_file_row {
	const char *path;
	const char *recorded;	/* the record's sha256, or NULL */
	const char *sha256;	/* as hashed, or NULL */
	enum itss_file_state state;
	int64_t size;
};

/* A record as the index knows it, for lists and the assessor. */
struct itss_record_row {
	const char *id, *title, *kind, *owner, *status, *source, *notes;
	/* The named documents (or evaluation items scored) it is, '\n'
	 * between them; NULL for none. */
	const char *documents;
	int status_given;
	int32_t date, valid_until;	/* valid_until INT32_MAX: open-ended */
	/* Sign-off: who and when (NULL, INT32_MIN: none), what it lacks. */
	const char *approved_by;
	int32_t approved_on;
	enum itss_signoff signoff;
	unsigned line;
	const char **satisfies;
	size_t nsatisfies;
	struct itss_file_row *files;
	size_t nfiles;
	int bad_files;		/* some file missing, altered or unstable */
};

struct itss_record_filter {
	unsigned item;		/* 0: any; needs the model */
	const char *requirement, *kind, *status, *owner;
	int32_t expiring_before;	/* INT32_MIN: any */
	int32_t dated_after;		/* INT32_MAX: any */
	const char *id;		/* one record */
	/*
	 * Rows without their requirements and files, only whether some file
	 * is not as the record needs it (row->bad_files): one query, for
	 * listing many records.
	 */
	int light;
};

/* A filter that lets every record through: start from it. */
void itss_record_filter_init(struct itss_record_filter *f);

/*
 * The status to show for a record as of a date: "expired" for an
 * approved one whose validity ended before as_of, else its own.
 */
const char *itss_record_row_status(const struct itss_record_row *r,
    int32_t as_of);

/* A citation of a file that is not as the record needs it. */
struct itss_file_problem {
	const char *record, *source, *path;
	unsigned line, col;		/* where the record names the file */
	enum itss_file_state state;	/* missing, altered or unstable */
	const char *recorded;		/* the record's SHA-256, or NULL */
	const char *sha256;		/* the file's, or NULL when unknown */
};

/*
 * Call fn for every cited file that is missing, altered (its SHA-256 not
 * the one the record pins) or unstable, by source, line and column; the
 * problem is valid during the call. Returns 0, ITSS_EIO, or fn's non-zero.
 */
int itss_store_file_problems(struct itss_store *s,
    int (*fn)(void *ctx, const struct itss_file_problem *p), void *ctx,
    struct itss_diags *d);

/*
 * Before reading the whole index once (the workbook's register): read it
 * through SQLite's small page cache rather than the memory map, so that
 * the pages read do not stay counted in the process's memory.
 */
int itss_store_stream_mode(struct itss_store *s, struct itss_diags *d);

/* Reads that must see one state of the index (two walks): 0 or ITSS_EIO. */
int itss_store_read_begin(struct itss_store *s, struct itss_diags *d);
void itss_store_read_end(struct itss_store *s);

/*
 * Every record, by id, with its requirements and files, as
 * itss_store_records gives them: the register. The records and their
 * requirements and files are read side by side, each in its own order,
 * with no look-up per record; the row is valid during the call only.
 * Returns 0, ITSS_EIO, or what fn returned when non-zero (which stops).
 */
int itss_store_register(struct itss_store *s,
    int (*fn)(void *ctx, const struct itss_record_row *row), void *ctx,
    struct itss_diags *d);

/*
 * Call fn for each record matching f, ordered by date then id. Rows and
 * their strings are valid during the call only. m resolves an item to its
 * requirements. Returns 0, ITSS_EIO, or what fn returned when non-zero.
 */
int itss_store_records(struct itss_store *s, const struct itss_model *m,
    const struct itss_record_filter *f,
    int (*fn)(void *ctx, const struct itss_record_row *row), void *ctx,
    struct itss_diags *d);

/*
 * Judgements, the evidence's fingerprint (kept by the import: the SHA-256
 * of every evidence and judgement file's bytes and of every cited file's
 * hash and state, so that a saved assessment names the evidence it rests
 * on) and the number of records. Strings live in the snapshot's blocks.
 */
struct itss_snap_judgement {
	/* requirement "item:N" for a whole item, levels its level ids
	 * (comma-separated) or NULL for all */
	const char *requirement, *reason, *by, *levels;
	enum itss_verdict verdict;
	int32_t date;			/* INT32_MIN when not given */
};

struct itss_snapshot {
	struct itss_snap_judgement *judgements;
	size_t njudgements;
	size_t nrecords_total;
	char fingerprint[65];	/* "" before the first import */
	struct itss_arena mem;	/* the judgements' strings */
};

/* Free what the snapshot holds, and zero it. */
void itss_snapshot_release(struct itss_snapshot *snap);

/*
 * The summaries the import keeps for the assessor: per requirement, the
 * records citing it with those alike (kind, status, date, valid_until,
 * the first problem with their files) merged into one group, counted and
 * named by their first id. Read one requirement at a time; what _get
 * returns lasts until the next call.
 */
struct itss_summary_group {
	const char *kind, *id, *file_problem;	/* file_problem may be NULL */
	/* The named documents the record is ('\n' between them), read only
	 * by itss_summaries_records; else NULL. */
	const char *documents;
	int32_t date, valid_until;
	enum itss_record_status status;
	/* An approved record's sign-off, and the day it was signed
	 * (INT32_MIN: not); ITSS_SIGNED for another status. */
	enum itss_signoff signoff;
	int32_t approved_on;
	uint32_t n;
};
struct itss_summaries;
/* Start reading: 0 with *out (closed by the caller), or ITSS_EIO. */
int itss_summaries_open(struct itss_summaries **out, struct itss_store *s,
    struct itss_diags *d);
/*
 * The groups of one requirement into *out (owned by sm, valid until the
 * next call) and their number into *n: none when no record cites it.
 * Returns 0, or ITSS_EIO (a database error, or a damaged summary).
 */
int itss_summaries_get(const struct itss_summary_group **out, size_t *n,
    struct itss_summaries *sm, const char *requirement, struct itss_diags *d);
/*
 * As itss_summaries_get, but a group for each citing record, with the
 * named documents it is: for a requirement with named documents
 * (itss-model(5)), whose records are not alike when they name different
 * ones. Its citers only: a handful of records, not the summaries' millions.
 */
int itss_summaries_records(const struct itss_summary_group **out, size_t *n,
    struct itss_summaries *sm, const char *requirement, struct itss_diags *d);
void itss_summaries_close(struct itss_summaries *sm);

/*
 * Read the judgements, the fingerprint and the number of records into
 * *snap (released by the caller; on failure it is released already).
 * Returns 0 or ITSS_EIO.
 */
int itss_store_judgements(struct itss_snapshot *snap, struct itss_store *s,
    struct itss_diags *d);

/* A score of an approved evaluation record, as the index keeps it. */
struct itss_score_row {
	const char *table;		/* "B.1", or "MODEL:B.1" */
	unsigned item;
	double score;
	int32_t date;			/* the end of its period, else the record's */
	const char *record, *post, *evaluator, *remark;	/* may be NULL but record */
};
/*
 * Every score of an approved record, by table, item and date. Returns 0,
 * ITSS_EIO, or fn's non-zero.
 */
int itss_store_scores(struct itss_store *s,
    int (*fn)(void *ctx, const struct itss_score_row *row), void *ctx,
    struct itss_diags *d);

/*
 * Approved records valid until before a date, with how many requirements
 * they are cited for, by date. Returns 0, ITSS_EIO, or fn's non-zero.
 */
int itss_store_expiring(struct itss_store *s, int32_t before,
    int (*fn)(void *ctx, const char *id, int32_t valid_until, size_t cited),
    void *ctx, struct itss_diags *d);

#endif
