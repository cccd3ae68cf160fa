/*
 * model.h - one standard as data: levels, domains, items, requirements.
 *
 * A model is read from a YAML file (format: itss-model(5)), checked
 * completely, and then read-only. Everything in it is borrowed from the
 * model: strings point into the parsed document the model keeps, and
 * arrays are owned by it. Free it with itss_model_free().
 *
 * Levels are ordered lowest first; a level's rank is its index + 1. Items
 * are held in the order of their numbers, domains in theirs.
 */
#ifndef ITSS_MODEL_H
#define ITSS_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "itss/diag.h"
#include "itss/yaml.h"

/* The model a command uses when none is named: T/CESA 1299—2023. */
#define ITSS_DEFAULT_MODEL "itss1-2023"

/* Levels are sets of bits in an unsigned; a model has at most this many. */
#define ITSS_MAX_LEVELS 16

struct itss_kind {
	const char *id, *name, *description;
};

struct itss_group {
	const char *id, *name;
};

struct itss_level {
	const char *id, *name;
	const char *grade;		/* "四级" or NULL */
	const char **aliases;
	size_t naliases;
	const char *basis, *definition;	/* NULL when absent */
	const char **characteristics;
	size_t ncharacteristics;
	unsigned rank;			/* 1 for the lowest */
	unsigned line, col;
};

/* A period such as P1Y: a record counts if dated within it of the as-of date. */
struct itss_window {
	int years, months, days;	/* all 0: no window */
};

struct itss_item {
	unsigned no;			/* 1..nitems, Table 1's number */
	const char *id, *name;
	const char **aliases;
	size_t naliases;
	size_t domain;			/* index into domains */
	unsigned own_levels;		/* bit r-1: has requirements of its own at rank r */
	unsigned levels;		/* own_levels | the domain's wide_levels */
	unsigned line, col;
};

struct itss_domain {
	unsigned no;
	const char *id, *name;
	const struct itss_group *group;	/* NULL when the model has no groups */
	unsigned wide_levels;		/* levels assessed domain-wide (merged cells) */
	const char **characteristics;	/* per level index; NULL entries when absent */
	size_t first_item, nitems;	/* its items: items[first_item ..] */
	unsigned line, col;
};

/*
 * An evaluation table (T/DGAG 038—2025 Appendix B: B.1 服务人员评价, B.2
 * 整体评价): the items an evaluation record scores, on a scale.
 */
struct itss_eval_item {
	unsigned no;
	const char *name, *content;
	const char **posts;		/* the post categories it is for, or none */
	size_t nposts;
	char *label;			/* "B.1-1 制度与流程建设": its name as a
					 * named document (owned) */
};

struct itss_eval_table {
	const char *id, *name;
	struct itss_eval_item *items;
	size_t nitems;
	double min, max;		/* the scale: 0-100 unless given */
	unsigned line, col;
};

struct itss_requirement {
	const char *id;			/* "7.4.4.a" */
	const char *clause;		/* "7.4.4" */
	size_t level;			/* index into levels */
	size_t domain;			/* index into domains */
	unsigned item;			/* item number, 0 for domain-wide */
	const char *heading;		/* the clause's heading as printed, or NULL */
	const char *lead;		/* the clause's lead-in sentence, or NULL */
	const char *text;		/* the clause text, word for word */
	const struct itss_kind **expects;
	size_t nexpects;
	const char *periodic;		/* the word that makes it periodic, or NULL */
	struct itss_window window;	/* its own window; else the model's default */
	const char *note;
	/*
	 * Named documents: a requirement met only when each document of a
	 * list (T/DGAG 038 Appendix A's 19 policies, for 5.1.6) is covered by
	 * a record that counts and names it. NULL, 0 when it has none.
	 */
	const char *documents_table;	/* where the list is printed, or NULL */
	const char **documents;
	size_t ndocuments;
	/*
	 * Evaluation tables whose every item a record must score (8.1.2 and
	 * 8.1.3 of T/DGAG 038): their items' labels are its documents.
	 */
	const struct itss_eval_table **evaluations;
	size_t nevaluations;
	char *eval_caption;		/* documents_table for them (owned) */
	unsigned line, col;
};

struct itss_model {
	char *path;
	char sha256[65];		/* of the file's bytes */
	const char *id, *title, *title_en, *standard, *version;
	const char *replaces, *publisher;
	int32_t published;		/* days since 1970-01-01, or INT32_MIN */
	struct itss_window default_window;
	struct itss_kind *kinds;
	size_t nkinds;
	struct itss_group *groups;
	size_t ngroups;
	struct itss_level *levels;
	size_t nlevels;
	struct itss_domain *domains;
	size_t ndomains;
	struct itss_item *items;
	size_t nitems;
	struct itss_requirement *requirements;
	size_t nrequirements;
	const struct itss_requirement **by_id;	/* sorted by id, once built */
	size_t nclauses;
	const char **related_standards;
	size_t nrelated_standards;
	const char **notes;
	size_t nnotes;
	struct itss_eval_table *evaluations;
	size_t nevaluations;
	/*
	 * The repository's other models (itss.yaml's models: beyond this
	 * one), whose requirements its records cite as MODEL:ID; borrowed,
	 * set by whoever loads them. NULL, 0 for none.
	 */
	const struct itss_model *const *also;
	size_t nalso;
	struct itss_yaml_doc doc;
};

/*
 * What the index records as the models its records were read against:
 * sha (the model file's SHA-256) alone, or with other models the SHA-256
 * of it and each one's id and SHA-256. out: 65 bytes.
 */
void itss_model_stamp(char out[65], const char *sha,
    const struct itss_model *const *also, size_t nalso, const double *scale);
/* Every evaluation table of m on the scale scale[0]..scale[1] instead. */
void itss_model_rescale(struct itss_model *m, const double *scale);
/*
 * A requirement as a record cites it: an id of m, or MODEL:ID for one of
 * m->also; NULL when none. *in (when not NULL) says whose.
 */
const struct itss_requirement *itss_model_cited(const struct itss_model *m,
    const char *cited, const struct itss_model **in);
/* The model of also (or m itself) whose id is id; NULL when none. */
const struct itss_model *itss_model_also(const struct itss_model *m,
    const char *id);

/*
 * Read and check the model at path. On success returns 0 and *out owns
 * the model. Otherwise returns ITSS_EINPUT (every problem found is in d,
 * located) or ITSS_EIO (the file could not be read), and *out is NULL.
 * Warnings may be added to d on success.
 */
int itss_model_load(struct itss_model **out, const char *path,
    struct itss_diags *d);
/* As itss_model_load, from bytes already in memory. */
int itss_model_parse(struct itss_model **out, const char *path,
    const char *buf, size_t len, struct itss_diags *d);

/* Free the model and everything it holds; NULL is fine. */
void itss_model_free(struct itss_model *m);

/* A level by id, name, grade or alias; NULL when none matches. */
const struct itss_level *itss_model_level(const struct itss_model *m,
    const char *s);
/* An item by number ("17"), id, name or alias; NULL when none matches. */
const struct itss_item *itss_model_item(const struct itss_model *m,
    const char *s);
/* An evaluation table by id; an item of one by number or name. */
const struct itss_eval_table *itss_model_eval_table(const struct itss_model *m,
    const char *id);
const struct itss_eval_item *itss_eval_item_find(const struct itss_eval_table *t,
    const char *s);
/* A domain by id or name; a requirement or a kind by id; NULL when none.
 * What these look-ups return is the model's (borrowed). */
const struct itss_domain *itss_model_domain(const struct itss_model *m,
    const char *s);
const struct itss_requirement *itss_model_requirement(
    const struct itss_model *m, const char *id);
const struct itss_kind *itss_model_kind(const struct itss_model *m,
    const char *id);

/*
 * The window within which a periodic requirement's evidence must fall
 * (zeroes for one that is not periodic): its own, else the repository's
 * (repo, from itss.yaml; NULL or zeroes for none), else the model's
 * default. The one place this rule is written.
 */
struct itss_window itss_requirement_window(const struct itss_model *m,
    const struct itss_requirement *r, const struct itss_window *repo);
/* Parse an ISO 8601 period "P1Y", "P6M", "P2W", "P90D", "P1Y6M"; 0 or -1. */
int itss_window_parse(struct itss_window *out, const char *s);
/* Write the period back as text ("P1Y6M") into sb. */
void itss_window_format(struct itss_strbuf *sb, const struct itss_window *w);

/*
 * Finding models. A search path is a list of directories: those the user
 * names ($ITSS_MODEL_PATH, read by the CLI) first, then the source tree's
 * models/ beside the binary, then the installed data directory.
 */
/*
 * Fill dirs with the search path: the directories of env (a colon-
 * separated list, as $ITSS_MODEL_PATH holds; NULL or "" for none), then
 * exe_dir/models (exe_dir: the running binary's directory, or NULL), then
 * installed (the compiled-in data directory, or NULL).
 */
void itss_model_search_path(struct itss_strlist *dirs, const char *env,
    const char *exe_dir, const char *installed);
/*
 * Every *.yaml file in the directories, in search order and, within a
 * directory, sorted by name. Directories that do not exist are skipped.
 */
void itss_model_candidates(struct itss_strlist *files,
    const struct itss_strlist *dirs);
/*
 * Load the first model on the path whose id is id. Returns 0 with *out,
 * ITSS_EINPUT when none has that id (an error in d), or the load's error
 * when the file with that id is itself invalid.
 */
int itss_model_find(struct itss_model **out, const char *id,
    const struct itss_strlist *dirs, struct itss_diags *d);
/*
 * The file itss_model_find tries first for id (the first <id>.yaml on the
 * path; the caller frees it), or NULL: what it loads whenever that file
 * holds a sound model of that id.
 */
char *itss_model_first_named(const char *id, const struct itss_strlist *dirs);

#endif
