/*
 * import_int.h - what the parts of an import share.
 *
 * An import has three phases, and only the last one writes:
 *   1. walk evidence/ and judgements/ (import_walk.c), and read the files
 *      that are new or changed since the index last saw them (import.c);
 *   2. check everything: ids unique across the repository (import.c), and
 *      every cited file the index knows or the records read name --
 *      stat'ed once, hashed only when it changed (import_files.c) -- the
 *      kept records only as far as their files changed; or, when no
 *      evidence file changed, the quick check against the packed stat
 *      cache (statcache.c);
 *   3. if anything differs from the index, write it in one transaction
 *      (import_write.c, with the summaries of summaries.c).
 * A source with errors is invalid: none of its records count, and it is
 * kept in the index with its located errors (source_errors), so that one
 * broken file blocks nobody. Errors of other kinds stop before phase 3.
 */
#ifndef ITSS_IMPORT_INT_H
#define ITSS_IMPORT_INT_H

#include <sys/stat.h>

#include "itss/hash.h"
#include "itss/saved.h"
#include "store_int.h"

/* What a source file holds. */
enum source_kind { SRC_EVIDENCE, SRC_JUDGEMENT, SRC_ASSESSMENT };
/* As the sources table names them. */
extern const char *const itss_source_kind_names[3];
/* A source against the index: as indexed, changed, new to it, or gone
 * since the walk found it (deleted while the import ran: removed). */
enum source_state { SAME, CHANGED, NEW, GONE };

/* What says a file is unchanged: size, times and inode, as git's index. */
struct stamp {
	int64_t size, mtime_ns, ctime_ns, ino;
};

/* An evidence or judgement file. */
struct source {
	char *path;		/* relative to the root */
	char sha[ITSS_SHA256_HEX];	/* of its bytes, when read */
	enum source_kind kind;
	struct stamp stamp;
	enum source_state state;
	/*
	 * An invalid source: its errors (in the import's diagnostics, located
	 * in it) keep all its records out of the index; it is kept, with them,
	 * and read again by the next import that reads anything.
	 */
	int invalid;
	int was_invalid;	/* the index has it so */
	const char *refused;	/* why the walk will not read it, or NULL */
	/*
	 * Its stamp changed but not its bytes (a checkout, a touch, a cache
	 * restored): read and hashed, not parsed; its records stay, and only
	 * its stamp is written. old_sha: the index's hash (in its entry of
	 * im->indexed, which outlives the marks), NULL when none.
	 */
	const char *old_sha;
	int restamp;
	int diffed;		/* the write kept its unchanged records */
};

struct sources {
	struct source *v;
	size_t n, alloc;
};

/* A cited file: one per path. */
struct cited {
	char *path;
	char *refused;		/* why it is not followed, or NULL */
	/* what the index had */
	int known;
	struct stamp old;
	char old_sha[ITSS_SHA256_HEX];	/* "" when none */
	enum itss_file_state old_state;
	/* what it is now */
	struct stamp now;
	char sha[ITSS_SHA256_HEX];
	enum itss_file_state state;	/* ok, missing or unstable */
	int looked;		/* state is set (the file was looked at) */
	int dirty;		/* differs from the index */
	int uncited;		/* no record cites it any more (the write) */
};

/*
 * The groups of record_requirements (requirement, gkey) with their counts
 * and first ids, as the full path's write counts them while it goes
 * (import_records.c), so that the summaries need no walk of the index
 * after it. Its own strings: the records are let go as they are written.
 */
struct itss_group_count {
	char *requirement, *first, *key;
	uint32_t n;
	size_t hash;
};
struct itss_group_counts {
	struct itss_group_count *v;
	size_t n, alloc;
	size_t *slot, nslot;	/* open addressing: index + 1, or 0 */
};

/*
 * An id where a record (or judgement) uses it, for the check that ids are
 * unique (import_invalid.c). told: its error is in d already (an entry
 * from an earlier batch of the full path); off: its entry in im->off,
 * plus one, or 0.
 */
struct id_at {
	const char *id;
	struct source *src;
	unsigned line, col;
	int told;
	size_t off;
};

/* A finding of the full path's batches, told at the end (import_stream.c). */
struct held_finding {
	struct source *src;
	unsigned line, col;
	const char *path;	/* the cited file's (im->files') */
	char *record, *message;
};

/*
 * An error of the full path's checks, with where it stands in the order
 * an import of one batch tells them: phase 1 the ids used twice (by id,
 * then where), 2 the judgements, 3 the refused files (by file, then
 * record); what is not one of these (0) comes first, as read.
 */
struct told_at {
	size_t diag;
	int phase;
	char *k1, *k2;
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
	/* The source cache, when read (for the quick check alone): each
	 * entry's offset, how many are invalid, and a hash table of them. */
	char *indexed_blob;
	uint32_t *cached;	/* offsets: the cache is under INT_MAX bytes */
	size_t ncached, cached_invalid;
	uint32_t *cached_slot;		/* UINT32_MAX: empty */
	size_t cached_mask;
	int source_cache_missing;	/* read from the table: to be made */
	int merged;		/* found sorted, and its states from the table */
	struct itss_evidence_set set;	/* from new and changed sources */
	struct itss_saved *saved;	/* saved assessments read */
	size_t nsaved, asaved;
	struct itss_arena kept_strings;	/* what kept citations point into */
	struct citation *cit;
	size_t ncit, acit;
	struct cited *files;
	size_t nfiles, afiles;
	int model_changed;
	const char *model_file;	/* the model file's stamp to record, or NULL */
	size_t d_from;		/* where this import's diagnostics start in d */
	size_t findings_from, findings_to;	/* their range in d */
	const char **finding_paths;	/* the file of each, in that order */
	size_t afinding_paths;
	struct refusal {
		size_t diag;	/* the error, in d */
		char *cited;	/* the file refused */
	} *refusals;
	size_t nrefusals, arefusals;
	int all;		/* the write replaces everything (import_write.c) */
	unsigned char *kept;	/* per record of set: as indexed, not written */
	size_t removed_records, removed_judgements;	/* by the write */
	struct itss_import_stats *stats;
	struct itss_strlist indexes;	/* made after the rows, with all */
	struct itss_strbuf key, key_first, key_problem;	/* record_key's */
	struct itss_strbuf docs;	/* a record's documents, as written */
	struct itss_strbuf dig;		/* what a record's digest hashes */
	struct itss_group_counts groups;	/* with all: as written */
	int counted;			/* ... and they are all there */
	size_t written;			/* with all: the records written */
	int started;		/* the write begun (itss_import_write_start) */
	/*
	 * With all, the records are written a batch of sources at a time
	 * (import_stream.c), so that what the import holds does not grow with
	 * the repository; streamed once they are. What it keeps of the
	 * batches written, to check the ids of those that follow: a hash of
	 * every id claimed (most ids are new, and one probe says so), and
	 * where each id stood of the records claimed but not in the index
	 * (their source made invalid after their ids were claimed): off, its
	 * ids in kept_strings.
	 */
	int streamed;
	uint64_t *seen;		/* 0: empty; seen_mask + 1 slots */
	size_t nseen, seen_mask;
	struct id_at *off;
	size_t noff, aoff;
	int off_sorted;
	struct held_finding *held;	/* findings of the batches, to sort */
	size_t nheld, aheld;
	struct told_at *told;	/* errors of the batches' checks, to sort */
	size_t ntold, atold;
	itss_progress_fn progress;
	void *ctx;
};

/* A group already touched (temp.touched) adds to its count. */
#define ITSS_TOUCHED_ADD \
	"ON CONFLICT(requirement, gkey) DO UPDATE SET n = n + excluded.n"

/*
 * import_keep.c: a record's digest (32 bytes of content, 8 of where it
 * stands); and an edited source's unchanged records kept (im->kept), the
 * others gone, its row updated. begin gives NULL when the set's records
 * are not in the order keeping needs.
 */
#define ITSS_DIGEST_LEN 40
struct itss_keep;
/* scratch: where its values are laid out, any thread's own. */
void itss_record_digest(struct itss_strbuf *scratch,
    const struct itss_record *r, unsigned char out[ITSS_DIGEST_LEN]);
int itss_keep_begin(struct import *im, struct itss_keep **out);
int itss_keep_source(struct itss_keep *k, struct import *im,
    struct source *src);
void itss_keep_end(struct itss_keep *k);

/* statcache.c: the source cache made from the table, and read (1 read,
 * 0 none or unsound, or an error); its paths hashed (while the walk runs),
 * and whether every source found is in it, of the same kind and stamp,
 * and none gone. */
int itss_sourcecache_write(struct import *im);
int itss_sourcecache_load(struct import *im);
void itss_sourcecache_forget(struct import *im);
void itss_sourcecache_index(struct import *im);
int itss_sourcecache_all_same(const struct import *im);

/* import_walk.c: the sources, and their stamps. */
struct stamp itss_stamp_of(const struct stat *st);
int itss_stamp_eq(const struct stamp *a, const struct stamp *b);
/* Sort by path; find by path in a sorted array (NULL when absent). */
/*
 * The sources of evidence/, judgements/ and assessments/, unsorted:
 * symbolic links and special files added refused (never read: the import
 * makes them invalid), a missing directory none; the walk cache
 * (.itss/walk) read and written. 0, ITSS_EINPUT or ITSS_EIO.
 */
int itss_import_walk_all(struct sources *out, int rootfd, const char *root,
    struct itss_diags *d);
/* Whether data would be believed as .itss/walk (for the fuzzer). */
int itss_walk_cache_sound(const char *data, size_t len);
/* What a walk started early found, its diagnostics into d. Its rc. */
int itss_walk_take(struct itss_walk *w, struct sources *out,
    struct itss_diags *d);
void itss_sources_sort(struct sources *v);
struct source *itss_source_find(struct source *v, size_t n, const char *path);

/*
 * import_files.c: the cited files. A directory cursor stats the files of
 * one directory after another through an fd on it, so that the kernel
 * does not walk from the root for every file (files sorted by path share
 * their directory with their neighbours).
 */
struct dir_cursor {
	const char *root;
	struct itss_strbuf dir;
	int dfd;
};
void itss_dir_cursor_init(struct dir_cursor *c, const char *root);
/* lstat path (relative to the root) through the cursor: 0, or -1 (errno). */
int itss_dir_cursor_stat(struct dir_cursor *c, const char *path,
    struct stat *st);
void itss_dir_cursor_release(struct dir_cursor *c);

/* Directories known to be real directories (not links), by prefix. */
struct dirs {
	char **v;
	int *plain;
	size_t n, alloc, aplain;
};
/* True when every directory on path (relative to root) is a real one. */
int itss_dirs_parents_plain(struct dirs *ds, const char *root,
    const char *path);
void itss_dirs_release(struct dirs *ds);

int itss_cited_cmp(const void *a, const void *b);
/* What the index knows of the cited files: an entry for each. */
int itss_import_load_known_files(struct import *im);
/* The records read's citations; their files new to the index added. */
void itss_import_gather_cited(struct import *im);
/* The kept citations of the files that changed or were refused. */
int itss_import_load_citers(struct import *im);
/* Stat every cited file, hash it when new or changed. */
int itss_import_check_files(struct import *im,
    struct itss_import_stats *stats);
/* Findings, as warnings in im->d; how many. */
size_t itss_import_report_findings(struct import *im);
/* A citation's finding, as its message (the caller frees it), or NULL. */
char *itss_import_finding(const struct citation *c, const struct cited *f);
/* The cited file of path, or NULL. */
struct cited *itss_import_cited(struct import *im, const char *path);

/* statcache.c: the packed stat cache. */
/* The files but those marked uncited; how many were written. */
size_t itss_statcache_encode(struct itss_strbuf *sb, const struct cited *files,
    size_t n);
/*
 * The quick check, when no evidence file changed: is every cited file as
 * the stat cache says, and no directory on their paths a link? *same
 * tells, *nfiles how many files the cache holds. 0 or ITSS_EIO.
 */
int itss_statcache_check(struct import *im, int *same, size_t *nfiles);

/*
 * import_invalid.c: the sources made invalid, and what is told again.
 * The ids of the records and judgements read, unique across the
 * repository (an id used twice makes every file using it invalid): 0 or
 * ITSS_EIO. The citers of refused files made invalid; what invalid
 * sources hold left out (kept ones written again); whether every error of
 * the import lies in an invalid source (1) or not (0).
 */
int itss_import_claim_ids(struct import *im);
/* The ids of v (records, or judgements) against each other: the files of
 * an id used twice made invalid, an error at each use not told yet. v is
 * sorted, the same use twice kept once: how many are left. */
size_t itss_import_claim(struct import *im, struct id_at *v, size_t n,
    int judgements);
/* The judgements read, against each other (the full path's last batch). */
int itss_import_claim_judgements(struct import *im);
void itss_import_refuse_citers(struct import *im);
void itss_import_drop_invalid(struct import *im);
int itss_import_errors_placed(struct import *im);
/* On the full path, the sources the index has invalid are read again. */
void itss_import_reread_invalid(struct import *im);
/* Do the cited files refused last time stay refused? 1, 0 or an error. */
int itss_import_refusals_hold(struct import *im);
/* As warnings or errors in d: the findings the index keeps, the invalid
 * sources' errors; how many findings, how many invalid sources. */
int itss_import_replay_findings(struct import *im, size_t *n);
int itss_import_replay_errors(struct import *im, size_t *n);

/* import_records.c: the records read written (but those kept), with
 * their requirements, cited files and scores, and, without all, the
 * groups they join touched. */
int itss_import_write_records(struct import *im);

/* import_write.c: phase 3, in the caller's transaction; begun (the
 * summaries' temp.touched made, and with all, the record tables emptied)
 * by the first part of it that writes. */
int itss_import_write_start(struct import *im);
int itss_import_write(struct import *im);
/* A source whose records were written taken out again: their ids and
 * places into im->off first, told as they were in told (of n). */
int itss_import_unwrite(struct import *im, struct source *src,
    const struct id_at *told, size_t n);

/*
 * import_stream.c: the full path's phase 2 and the records of phase 3,
 * a batch of sources at a time; and the reading of some of the sources
 * (import.c), base and total for the progress.
 */
int itss_import_stream(struct import *im, struct itss_import_stats *stats);
/* The error just added to im->d, of phase with its keys (struct told_at):
 * kept to be put in order when streamed. */
void itss_import_told(struct import *im, int phase, const char *k1,
    const char *k2);
int itss_import_read(struct import *im, struct itss_import_stats *stats,
    const size_t *todo, size_t n, size_t base, size_t total);

/*
 * summaries.c: the group key of a record (kept in record_requirements.gkey)
 * and a cited file's problem for it; the summaries of the requirements in
 * temp.touched (or, with all, of every one) rewritten from that key.
 */
void itss_summary_key(struct itss_strbuf *sb, const char *status,
    int32_t date, int32_t valid_until, enum itss_signoff sign,
    int32_t approved_on, const char *kind, const char *problem);
const char *itss_summary_problem(struct itss_strbuf *sb, const char *path,
    const char *recorded, enum itss_file_state state, const char *sha);
void itss_group_counts_add(struct itss_group_counts *g,
    const char *requirement, const char *key, const char *record);
void itss_group_counts_release(struct itss_group_counts *g);
/* all: every summary again, from counted (when the write counted) or from
 * the index; else those of temp.touched. */
int itss_summaries_update(struct itss_store *s, int all,
    const struct itss_group_counts *counted, struct itss_diags *d);
/* The same key in SQL, for the record record_requirements.record. */
#define SUMMARY_KEY_SQL \
	"(SELECT r.status || char(31) || r.date || char(31) || " \
	"coalesce(r.valid_until, '') || char(31) || " \
	"CASE WHEN r.status <> 'approved' THEN '' WHEN r.signoff = 0 " \
	"THEN '0' || r.approved_on ELSE r.signoff END || char(31) || " \
	"r.kind || char(31) || " \
	"coalesce('1' || (SELECT min('file ''' || rf.path || ''' ' || CASE " \
	"WHEN f.state IS NULL OR f.state = 'missing' THEN 'is missing' " \
	"WHEN f.state <> 'ok' THEN 'changed while it was read' " \
	"ELSE 'does not match its recorded SHA-256' END) " \
	"FROM record_files rf LEFT JOIN files f ON f.path = rf.path " \
	"WHERE rf.record = r.id AND " ITSS_CITATION_BAD_SQL "), '0') " \
	"FROM records r WHERE r.id = record_requirements.record)"

#endif
