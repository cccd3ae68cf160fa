/*
 * evidence.h - evidence records and judgements, read from their files.
 *
 * Records live under evidence/ as YAML (one record, a mapping, or a list of
 * them) or CSV (a header row of the same keys); judgements live under
 * judgements/ as YAML. Reading checks each against the model: known
 * requirement ids, declared evidence kinds, real dates, paths that stay in
 * the repository. Every problem is appended to the diagnostics, located.
 *
 * A set owns everything in it: strings are copies, freed with the set.
 */
#ifndef ITSS_EVIDENCE_H
#define ITSS_EVIDENCE_H

#include <stddef.h>
#include <stdint.h>

#include "itss/diag.h"
#include "itss/model.h"

enum itss_record_status {
	ITSS_DRAFT,
	ITSS_APPROVED,
	ITSS_SUPERSEDED,
	ITSS_REJECTED,
};

enum itss_verdict {
	ITSS_NOT_APPLICABLE,
	ITSS_CONFORM,
	ITSS_NONCONFORM,
};

/* A cited file's state, as the index finds it. */
enum itss_file_state {
	ITSS_FILE_OK,		/* there, and as the record pins it */
	ITSS_FILE_MISSING,
	ITSS_FILE_ALTERED,	/* its SHA-256 is not the one the record pins */
	ITSS_FILE_UNSTABLE,	/* it changed while it was read */
};

struct itss_evidence_file {
	char *path;		/* relative to the repository root */
	char *sha256;		/* recorded hash (lower case), or NULL */
	unsigned line, col;	/* where the record names it */
};

struct itss_record {
	char *id, *title, *kind;
	char **satisfies;	/* requirement ids */
	size_t nsatisfies;
	int32_t date;
	int32_t valid_until;	/* INT32_MAX when open-ended */
	char *owner, *notes;	/* NULL when absent */
	/* Sign-off: who approved it and when (NULL, INT32_MIN: not given;
	 * the two come together). */
	char *approved_by;
	int32_t approved_on;
	enum itss_record_status status;
	int status_given;	/* 0: absent, which means draft */
	struct itss_evidence_file *files;
	size_t nfiles;
	/* Which named documents of the requirements it satisfies it is
	 * (itss-model(5)); NULL, 0 when none. With scores, the items scored
	 * are among them. */
	char **documents;
	size_t ndocuments;
	/* An evaluation: the period evaluated (INT32_MIN when not given),
	 * who evaluated, the post category evaluated, and its scores. */
	int32_t period_from, period_to;
	char *evaluator, *post;
	struct itss_score {
		char *table;		/* as the index keys it: "B.1", or
					 * "MODEL:B.1" for another model's */
		unsigned item;
		double score;
		char *remark;		/* or NULL */
		unsigned line, col;
	} *scores;
	size_t nscores;
	char *source;		/* the file it was read from */
	unsigned line, col;
	/* Once read, its strings and arrays all lie in this one block,
	 * freed with it (NULL: each is its own allocation). */
	void *block;
};

struct itss_judgement {
	/* The requirement judged; or, for a whole item, "item:N", with
	 * levels its level ids (comma-separated; NULL: all its levels). */
	char *requirement;
	char *levels;
	enum itss_verdict verdict;
	char *reason, *by;	/* by may be NULL */
	int32_t date;		/* INT32_MIN when absent */
	char *source;
	unsigned line, col;
};

struct itss_evidence_set {
	struct itss_record *records;
	size_t nrecords, arecords;
	struct itss_judgement *judgements;
	size_t njudgements, ajudgements;
};

/*
 * A record's sign-off, for a repository that asks for it (itss.yaml's
 * sign_off): ITSS_SIGNED when it names an approver who is not its owner
 * and every file it cites carries its SHA-256; else the first thing
 * wanting, in this order.
 */
enum itss_signoff {
	ITSS_SIGNED,
	ITSS_SIGN_NO_APPROVER,
	ITSS_SIGN_SELF,		/* approved by its owner */
	ITSS_SIGN_UNHASHED,	/* a file without its SHA-256 */
};
enum itss_signoff itss_record_signoff(const struct itss_record *r);
/* "signed", "no_approver", "self", "unhashed": as the index keeps them. */
const char *itss_signoff_name(enum itss_signoff s);

/* Free everything the set holds, and leave it empty. */
void itss_evidence_set_release(struct itss_evidence_set *set);
/* Free what one record holds and leave it empty (all zero), in its place:
 * a set's records let go one by one once used. */
void itss_evidence_record_clear(struct itss_record *r);
/* Append what from holds to to, in its order, and leave from empty. */
void itss_evidence_set_take(struct itss_evidence_set *to,
    struct itss_evidence_set *from);
/* Keep only the records and judgements whose source keep() says to. */
void itss_evidence_set_keep(struct itss_evidence_set *set,
    int (*keep)(void *ctx, const char *source), void *ctx);

/* A register's format, for itss_evidence_read (0: YAML). */
enum { ITSS_REGISTER_CSV = 1, ITSS_REGISTER_XLSX = 2 };

/*
 * Add the records of one file (buf, len) to set, naming it source in
 * diagnostics. is_csv selects the format: 0 YAML, or ITSS_REGISTER_CSV or
 * _XLSX (the sheet named 证据, else the first). Returns 0, or ITSS_EINPUT when
 * the file has problems (all of them in d). Records with problems are
 * added too, so that their ids and files can still be checked: a set
 * whose reading failed is for finding more problems, not for use.
 * Duplicate ids are checked by itss_evidence_check_ids().
 */
int itss_evidence_read(struct itss_evidence_set *set, const char *source,
    const char *buf, size_t len, int is_csv, const struct itss_model *m,
    struct itss_diags *d);

/*
 * Add the judgements of one YAML file under judgements/ to set, as
 * itss_evidence_read adds records: 0, or ITSS_EINPUT with every problem in
 * d. The set owns what it holds (itss_evidence_set_release).
 */
int itss_judgements_read(struct itss_evidence_set *set, const char *source,
    const char *buf, size_t len, const struct itss_model *m,
    struct itss_diags *d);

/*
 * Record ids unique in the set, one judgement per requirement; each
 * duplicate named with both places. Returns the number of problems.
 */
size_t itss_evidence_check_ids(const struct itss_evidence_set *set,
    struct itss_diags *d);

/*
 * The names the files and the index write (static strings), and back:
 * _parse gives 0 with *out, or -1 (out untouched) for anything else.
 */
const char *itss_status_name(enum itss_record_status s);
int itss_status_parse(enum itss_record_status *out, const char *s);
const char *itss_verdict_name(enum itss_verdict v);
int itss_verdict_parse(enum itss_verdict *out, const char *s);
/* "ok", "missing", "altered", "unstable": as the index and JSON say. */
const char *itss_file_state_name(enum itss_file_state s);
int itss_file_state_parse(enum itss_file_state *out, const char *s);

/* A record or file id: letters, digits, '-', '_', '.', '/', ':'; 1-128. */
int itss_evidence_id_valid(const char *s);

#endif
