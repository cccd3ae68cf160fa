/*
 * template.h - evidence record templates, derived from the model.
 *
 * For an item (or one requirement) and an evidence kind: a ready-to-fill
 * YAML record citing every requirement of the item that expects that kind,
 * with the clauses' own words as guidance on what it must contain. The
 * files in evidence-templates/ and `itss evidence new` both come from here,
 * so they cannot disagree with the model.
 */
#ifndef ITSS_TEMPLATE_H
#define ITSS_TEMPLATE_H

#include <stdint.h>

#include "itss/model.h"

/*
 * The requirements a template for (item or requirement, kind) cites: the
 * item's own requirements expecting kind, lowest level first, or the one
 * requirement. Returns their count; *out (caller frees) holds them.
 */
size_t itss_template_requirements(const struct itss_requirement ***out,
    const struct itss_model *m, const struct itss_item *item,
    const struct itss_requirement *req, const struct itss_kind *kind);

/*
 * Write one record template into sb. id is the record id to use (or NULL
 * for a placeholder), date the record's date (INT32_MIN: a placeholder),
 * cite what goes before each requirement id in satisfies ("" for the
 * repository's first model, "ID:" for another).
 */
void itss_template_record(struct itss_strbuf *sb, const struct itss_model *m,
    const struct itss_item *item, const struct itss_requirement *req,
    const struct itss_kind *kind, const char *id, int32_t date,
    const char *cite);

/*
 * Where an item's templates live, relative to evidence-templates/ (and
 * the stem of the ids `itss evidence new` gives): "NN-<item id>", the
 * number two digits wide so the directories sort as the standard does.
 * Newly allocated.
 */
char *itss_template_dir(const struct itss_item *item);
/*
 * Where the templates of model m ship, relative to the source tree or the
 * repository: evidence-templates/ for the default model, and
 * evidence-templates/<model id>/ for each other. Allocated.
 */
char *itss_template_root(const struct itss_model *m);
/* The template of an item and kind: "<dir>/<kind id>.yaml". Allocated. */
char *itss_template_path(const struct itss_item *item,
    const struct itss_kind *kind);

#endif
