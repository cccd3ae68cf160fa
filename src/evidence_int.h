/*
 * evidence_int.h - what the two record readers share: the raw form a YAML
 * or CSV record is turned into (each key with its text or list of texts,
 * and where they were written), and the one check that makes a record of
 * it (evidence.c), so the formats cannot drift apart in what they accept.
 */
#ifndef ITSS_EVIDENCE_INT_H
#define ITSS_EVIDENCE_INT_H

#include "itss/evidence.h"
#include "itss/yaml.h"

#define NFIELDS 13
extern const char *const itss_record_keys[NFIELDS + 1];
enum { F_ID, F_TITLE, F_KIND, F_SATISFIES, F_DATE, F_VALID_UNTIL, F_OWNER,
	F_STATUS, F_FILES, F_NOTES, F_DOCUMENTS, F_APPROVED_BY, F_APPROVED_ON };

struct raw_value {
	char *text;
	char *sha256;		/* files only */
	unsigned line, col;
};

struct raw_field {
	int present;
	int is_list;
	struct raw_value one;	/* a single value */
	struct raw_value *items;	/* a list */
	size_t n;
	unsigned line, col;	/* where the value starts */
};

struct raw_record {
	struct raw_field f[NFIELDS];
	/* An evaluation's period, evaluator, post and scores: YAML only. */
	const struct itss_yaml_node *period, *evaluator, *post, *scores;
	unsigned line, col;
};

/*
 * A requirement cited that is not one (an unknown model, or not in its
 * model, with a hint when another of the repository's models has it):
 * its error at v.
 */
void itss_unknown_requirement(const char *src, const struct raw_value *v,
    const struct itss_model *m, struct itss_diags *d);

/* Free a raw record's texts. */
void itss_raw_release(struct raw_record *r);
/* Append an item (text[0..len), a pinned sha or NULL) to a list field,
 * written at line:col. */
void itss_raw_add_item(struct raw_field *f, const char *text, size_t len,
    const char *sha, unsigned line, unsigned col);
/* Check raw and, when it has an id, append it to set: 0 or ITSS_EINPUT. */
int itss_raw_check_record(struct itss_evidence_set *set, const char *src,
    struct raw_record *raw, const struct itss_model *m, struct itss_diags *d);

/* xlsx_read.c: a workbook's register sheet as rows of cells (NULL: empty),
 * 1-based as the sheet numbers them. 0, or -1 with *why. */
struct itss_xlsx_row {
	char **cells;
	size_t n, alloc;
};
struct itss_xlsx_rows {
	struct itss_xlsx_row *rows;
	size_t nrows, arows;
};
int itss_xlsx_rows(struct itss_xlsx_rows *out, const char *buf, size_t len,
    const char **why);
void itss_xlsx_rows_release(struct itss_xlsx_rows *x);
/* evidence_csv.c: an .xlsx register's records into set (0 or ITSS_EINPUT). */
int itss_evidence_read_xlsx(struct itss_evidence_set *set, const char *src,
    const char *buf, size_t len, const struct itss_model *m,
    struct itss_diags *d);

/* evidence_csv.c: the field a register's header cell names (a key or its
 * Chinese name), -1 for none, -2 for a column the reader ignores. */
int itss_csv_column_of(const char *h);

/* evidence_csv.c: raw bytes a register may not hold (0 or ITSS_EINPUT),
 * and a register's records into set (0 or ITSS_EINPUT). */
int itss_evidence_csv_prescan(const char *src, const char *buf, size_t len,
    struct itss_diags *d);
int itss_evidence_read_csv(struct itss_evidence_set *set, const char *src,
    const char *buf, size_t len, const struct itss_model *m,
    struct itss_diags *d);

/* evidence_set.c: r's strings and arrays moved into one block
 * (r->block), as a set keeps its records. */
void itss_record_pack(struct itss_record *r);

#endif
