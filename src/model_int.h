/*
 * model_int.h - what the parts of the model reader share.
 *
 * model.c parses a model file and builds it (the sections in order, then
 * the cross-checks); model_read.c reads the kinds, groups, levels and
 * domains with their items; model_clauses.c the clauses and their
 * requirements; model_matrix.c checks the item x level matrix (Appendix
 * A) against the requirements. Every reader goes on past a problem, so
 * that `itss model validate` shows them all.
 */
#ifndef ITSS_MODEL_INT_H
#define ITSS_MODEL_INT_H

#include "itss/model.h"

struct reader {
	struct itss_model *m;
	const char *file;
	struct itss_diags *d;
	size_t errors_before;
	/*
	 * Set when a clause or requirement could not be put in its place
	 * (unknown level, domain or item; an unusable id): the matrix check
	 * would then report holes that are only echoes of that problem.
	 */
	int unplaced;
};

/*
 * Names that must identify one thing: an item's names and aliases, a
 * level's. A small table checked by linear search; models are small, and
 * the check reports the first place a name was used.
 */
struct name_use {
	const char *name;
	const struct itss_yaml_node *at;
	const char *owner;
};

/* A problem at a node (NULL: the file). */
void itss_model_err(struct reader *r, const struct itss_yaml_node *at,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Whether anything went wrong since reading began. */
int itss_model_failed(const struct reader *r);
/* An identifier: lower-case ASCII letters, digits, '-', '_' and '.'. */
int itss_model_valid_id(const char *s);
/* map's 'id', checked; NULL (with the error) when absent or bad. */
const char *itss_model_get_id(struct reader *r,
    const struct itss_yaml_node *map, const char *what);
/* An optional string member, or NULL. */
const char *itss_model_opt_string(struct reader *r,
    const struct itss_yaml_node *map, const char *key);
/* A required string member: NULL and an error when absent. */
const char *itss_model_req_string(struct reader *r,
    const struct itss_yaml_node *map, const char *key, const char *what);
/* A list of strings (n may be NULL: none), borrowed from the document. */
const char **itss_model_string_list(struct reader *r,
    const struct itss_yaml_node *n, const char *what, size_t *count);
/* A window ("P1Y"); the error names what. 0 or -1. */
int itss_model_read_window(struct reader *r, struct itss_window *out,
    const struct itss_yaml_node *n, const char *what);
/* Record that name names owner; an error when it already names another. */
void itss_model_claim_name(struct reader *r, struct name_use **v, size_t *n,
    size_t *alloc, const char *name, const struct itss_yaml_node *at,
    const char *owner);
/* A list of level ids as a bit set of level indexes. */
unsigned itss_model_level_set(struct reader *r, const struct itss_yaml_node *n,
    const char *what);
/* The index of a level or domain by id, or (size_t)-1. */
size_t itss_model_find_level(const struct itss_model *m, const char *id);
size_t itss_model_find_domain(const struct itss_model *m, const char *id);

/* Whether s is one of item's names (its name or an alias). */
int itss_model_names_item(const struct itss_item *it, const char *s);

/* The sections. */
void itss_model_read_kinds(struct reader *r, const struct itss_yaml_node *n);
void itss_model_read_groups(struct reader *r, const struct itss_yaml_node *n);
void itss_model_read_levels(struct reader *r, const struct itss_yaml_node *n);
void itss_model_read_domains(struct reader *r, const struct itss_yaml_node *n);
/* model_clauses.c: the evaluation tables (before the clauses). */
void itss_model_read_evaluations(struct reader *r,
    const struct itss_yaml_node *n);
void itss_model_read_clauses(struct reader *r, const struct itss_yaml_node *n);
/* The item x level matrix against the requirements; sets items' levels. */
void itss_model_check_matrix(struct reader *r,
    const struct itss_yaml_node *domains);

#endif
