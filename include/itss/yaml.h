/*
 * yaml.h - the YAML reader every file format of itss stands on.
 *
 * A small layer over libyaml that turns one file into a tree of nodes with
 * 1-based positions, and refuses, with a located diagnostic, everything a
 * data file of ours has no business containing or that libyaml handles
 * badly: syntax errors, invalid UTF-8, NUL bytes (raw or escaped),
 * duplicate keys (naming both places), anchors and aliases (so no billion
 * laughs and no cycles), tags other than the core ones, nesting deeper than
 * a fixed limit (stopped before libyaml's quadratic deep-nesting cost can
 * grow), files over a size limit, more than one document, and empty files.
 *
 * Every plain scalar stays a string; the typed accessors below parse and
 * range-check numbers and dates, and say where a value has the wrong type.
 */
#ifndef ITSS_YAML_H
#define ITSS_YAML_H

#include <stddef.h>
#include <stdint.h>

#include "itss/diag.h"

enum itss_yaml_type {
	ITSS_YAML_NULL,		/* a plain empty, ~ or null value */
	ITSS_YAML_SCALAR,
	ITSS_YAML_SEQ,
	ITSS_YAML_MAP,
};

struct itss_yaml_node {
	enum itss_yaml_type type;
	unsigned line, col;	/* 1-based, where the node starts */
	/* Where it ends (just past it; a block collection's end may be
	 * where the next node starts), and a collection written in flow
	 * style, [..] or {..}: what edits in place (evidence seal) need. */
	unsigned end_line, end_col;
	int flow;
	int plain;		/* scalar written without quotes or | > */
	const char *value;	/* scalar bytes, NUL-terminated, no inner NUL */
	size_t len;
	/*
	 * Children: a sequence's items in order; a mapping's keys and values
	 * interleaved (kid[2i] is a key scalar, kid[2i+1] its value).
	 */
	struct itss_yaml_node **kid;
	size_t n;
	size_t alloc;
};

struct itss_yaml_limits {
	size_t max_bytes;	/* file size */
	unsigned max_depth;	/* nesting of sequences and mappings */
};

/* The defaults: 16 MiB, 64 levels. */
extern const struct itss_yaml_limits itss_yaml_default_limits;

/* A parsed file: owns its nodes and strings. */
struct itss_yaml_doc {
	char *file;			/* the name used in diagnostics */
	struct itss_yaml_node *root;	/* never NULL after success */
	struct itss_arena arena;	/* nodes and strings, freed at once */
};

/*
 * Parse buf[0..len) as one YAML document, naming it file in diagnostics.
 * On success returns 0 and fills *out (release with itss_yaml_doc_release).
 * On bad input returns ITSS_EINPUT, appends one or more located errors to
 * d and leaves *out empty. lim may be NULL for the defaults.
 */
int itss_yaml_parse(struct itss_yaml_doc *out, const char *file,
    const char *buf, size_t len, const struct itss_yaml_limits *lim,
    struct itss_diags *d);

/*
 * Read a whole file of at most max bytes for parsing (itss_read_file),
 * with its failure as a diagnostic: too big or not a regular file is
 * ITSS_EINPUT, anything else (errno's message) ITSS_EIO.
 */
int itss_yaml_read_file(char **out, size_t *len, const char *path,
    size_t max, struct itss_diags *d);

/*
 * Read and parse the file at path. Returns ITSS_EIO (with an error in d
 * naming the file and the system's reason) when it cannot be read, and
 * otherwise as itss_yaml_parse. A file over the size limit is bad input.
 */
int itss_yaml_load(struct itss_yaml_doc *out, const char *path,
    const struct itss_yaml_limits *lim, struct itss_diags *d);

/* Free the document: every node and string it handed out. */
void itss_yaml_doc_release(struct itss_yaml_doc *doc);

/* "a string", "a list", "a mapping", "nothing": for messages. */
const char *itss_yaml_type_name(const struct itss_yaml_node *n);

/* The value under key in a mapping, or NULL. */
const struct itss_yaml_node *itss_yaml_get(const struct itss_yaml_node *map,
    const char *key);

/*
 * Typed access. Each returns 0 when n has the wanted type and value, or
 * ITSS_EINPUT after appending "file:line:col: error: WHAT must be ..." to
 * d. what names the value for the reader, e.g. "'levels'".
 */
int itss_yaml_want(const char *file, const struct itss_yaml_node *n,
    enum itss_yaml_type type, const char *what, struct itss_diags *d);
/* A non-empty string (quoted or plain). */
int itss_yaml_string(const char **out, const char *file,
    const struct itss_yaml_node *n, const char *what, struct itss_diags *d);
/* A plain decimal integer in [min, max]. */
int itss_yaml_int(long *out, const char *file, const struct itss_yaml_node *n,
    long min, long max, const char *what, struct itss_diags *d);
/* A calendar date YYYY-MM-DD; *out is days since 1970-01-01. */
int itss_yaml_date(int32_t *out, const char *file,
    const struct itss_yaml_node *n, const char *what, struct itss_diags *d);

/*
 * Refuse keys of map not in allowed (NULL-terminated), each located, and
 * report each missing one of required (NULL-terminated, may be NULL) at
 * the mapping. Returns the number of problems found.
 */
size_t itss_yaml_check_keys(const char *file, const struct itss_yaml_node *map,
    const char *const *allowed, const char *const *required,
    struct itss_diags *d);

#endif
