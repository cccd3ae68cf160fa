/*
 * crosswalk.h - relations between the requirements of two models, so that
 * one piece of evidence serves several standards (itss-model(5),
 * CROSSWALKS).
 *
 * A crosswalk file names two models and pairs of their parts -- a
 * requirement, a named document of one, or an item -- each pair with a
 * relationship as NIST OLIR names them, read as "the first model's part is
 * <relationship> the second's": equal, subset-of, superset-of, intersects.
 * A record that counts for X counts for Y when X is equal to Y or a
 * superset of it (requirements and named documents only); every other
 * pair, and every pair with an item, only relates them: the other's
 * evidence is listed for the assessor to judge.
 */
#ifndef ITSS_CROSSWALK_H
#define ITSS_CROSSWALK_H

#include "itss/diag.h"
#include "itss/model.h"
#include "itss/yaml.h"

enum itss_xw_rel {
	ITSS_XW_EQUAL, ITSS_XW_SUBSET, ITSS_XW_SUPERSET, ITSS_XW_INTERSECTS
};

/* One side of a pair, resolved against its model. */
struct itss_xw_side {
	const struct itss_requirement *req;	/* its requirement, or the one
						 * whose document it is; NULL
						 * for an item */
	const char *document;		/* a named document of req, or NULL */
	const struct itss_item *item;	/* an item, or NULL */
	unsigned line, col;
};

struct itss_xw_pair {
	struct itss_xw_side side[2];	/* the first model's, the second's */
	enum itss_xw_rel rel;		/* side[0] is rel side[1] */
	const char *note;
	unsigned line, col;
};

struct itss_crosswalk {
	char *path;
	const char *id, *title;
	const char *model_id[2];
	const struct itss_model *model[2];	/* borrowed, once bound */
	struct itss_xw_pair *pairs;
	size_t npairs;
	const char **notes;
	size_t nnotes;
	struct itss_yaml_doc doc;
};

/* "equal", "subset-of", "superset-of", "intersects". */
const char *itss_xw_rel_name(enum itss_xw_rel r);

/*
 * Read a crosswalk from bytes and resolve every part against the two
 * models it names, found by id in models (n of them; a model it names
 * that is not there is an error). Returns 0 with *out, or ITSS_EINPUT
 * with every problem located in d.
 */
int itss_crosswalk_parse(struct itss_crosswalk **out, const char *path,
    const char *buf, size_t len, const struct itss_model *const *models,
    size_t n, struct itss_diags *d);
/* The two model ids a crosswalk's bytes name, without resolving; 0 or -1. */
int itss_crosswalk_peek(const char *buf, size_t len, char **a, char **b);
void itss_crosswalk_free(struct itss_crosswalk *x);

/*
 * Whether a record counting for `from` (side k of a pair) counts for the
 * other side: the pair relates requirements or documents, and side k is
 * equal to the other or a superset of it.
 */
int itss_xw_counts(const struct itss_xw_pair *p, int k);

#endif
