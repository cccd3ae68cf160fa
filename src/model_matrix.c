/*
 * model_matrix.c - the item x level matrix (the standard's Appendix A,
 * items' own levels and domains' wide levels) checked against where the
 * requirements stand, and the levels each item is assessed at.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "itss/i18n.h"
#include "model_int.h"

static void
level_names(struct itss_strbuf *sb, const struct itss_model *m, unsigned set)
{
	size_t i;

	for (i = 0; i < m->nlevels; i++)
		if (set & (1u << i))
			itss_strbuf_addf(sb, "%s%s", sb->len ? ", " : "",
			    m->levels[i].id);
}

/* Where a level of an item or domain is first held by a requirement. */
static const struct itss_requirement *
first_at(const struct itss_model *m, size_t level, size_t domain, unsigned item)
{
	size_t i;

	for (i = 0; i < m->nrequirements; i++) {
		const struct itss_requirement *rq = &m->requirements[i];
		if (rq->level == level && rq->domain == domain && rq->item == item)
			return rq;
	}
	return NULL;
}

/*
 * The item x level matrix (Appendix A) against the requirements: an item
 * is marked at a level exactly when it has requirements of its own there,
 * a domain's wide_levels exactly where it has domain-wide requirements.
 */
void
itss_model_check_matrix(struct reader *r, const struct itss_yaml_node *domains)
{
	struct itss_model *m = r->m;
	unsigned *own = itss_xcalloc(m->nitems + 1, sizeof(*own));
	unsigned *wide = itss_xcalloc(m->ndomains ? m->ndomains : 1, sizeof(*wide));
	unsigned *count = itss_xcalloc(m->nlevels, sizeof(*count));
	size_t i, l;

	for (i = 0; i < m->nrequirements; i++) {
		const struct itss_requirement *rq = &m->requirements[i];
		if (rq->item)
			own[rq->item] |= 1u << rq->level;
		else
			wide[rq->domain] |= 1u << rq->level;
		count[rq->level]++;
	}
	for (i = 0; i < m->nitems; i++) {
		struct itss_item *it = &m->items[i];
		const struct itss_domain *dm = &m->domains[it->domain];
		const struct itss_yaml_node *at = NULL;
		unsigned extra = it->own_levels & ~own[it->no];
		unsigned lacking = own[it->no] & ~it->own_levels;
		size_t k;

		/* Locate the item's 'levels' for the messages. */
		if (domains && domains->type == ITSS_YAML_SEQ && it->domain < domains->n) {
			const struct itss_yaml_node *its = itss_yaml_get(
			    domains->kid[it->domain], "items");
			k = i - dm->first_item;
			if (its && its->type == ITSS_YAML_SEQ && k < its->n)
				at = itss_yaml_get(its->kid[k], "levels");
		}
		for (l = 0; l < m->nlevels; l++) {
			if (extra & (1u << l))
				itss_model_err(r, at, _("item %u (%s) is marked at level '%s' but "
				    "has no requirement of its own there"), it->no,
				    it->name, m->levels[l].id);
			if (lacking & (1u << l)) {
				const struct itss_requirement *rq = first_at(m, l,
				    it->domain, it->no);
				itss_model_err(r, at, _("item %u (%s) has requirements at level "
				    "'%s' (clause %s) but its 'levels' do not list it"),
				    it->no, it->name, m->levels[l].id,
				    rq ? rq->clause : "?");
			}
		}
		/* A specification's general clauses (一般要求) stand beside its
		 * items' at its one level. */
		if ((it->own_levels & dm->wide_levels) && m->nlevels > 1) {
			struct itss_strbuf sb = ITSS_STRBUF_INIT;
			level_names(&sb, m, it->own_levels & dm->wide_levels);
			itss_model_err(r, at, _("item %u (%s) is marked at %s, where domain '%s' "
			    "is assessed as a whole (wide_levels)"), it->no,
			    it->name, sb.buf, dm->id);
			itss_strbuf_release(&sb);
		}
		it->levels = it->own_levels | dm->wide_levels;
		if (!it->levels)
			itss_model_err(r, at, _("item %u (%s) is assessed at no level"), it->no,
			    it->name);
	}
	for (i = 0; i < m->ndomains; i++) {
		struct itss_domain *dm = &m->domains[i];
		unsigned extra = dm->wide_levels & ~wide[i];
		unsigned lacking = wide[i] & ~dm->wide_levels;
		const struct itss_yaml_node *at = NULL;

		/* At its wide_levels, or at the domain when it has none. */
		if (domains && domains->type == ITSS_YAML_SEQ && i < domains->n) {
			at = itss_yaml_get(domains->kid[i], "wide_levels");
			if (!at)
				at = domains->kid[i];
		}
		for (l = 0; l < m->nlevels; l++) {
			if (extra & (1u << l))
				itss_model_err(r, at, _("domain '%s' lists level '%s' in "
				    "wide_levels but has no domain-wide requirement "
				    "there"), dm->id, m->levels[l].id);
			if (lacking & (1u << l)) {
				const struct itss_requirement *rq = first_at(m, l, i, 0);
				itss_model_err(r, at, _("domain '%s' has domain-wide requirements "
				    "at level '%s' (clause %s) but its wide_levels do "
				    "not list it"), dm->id, m->levels[l].id,
				    rq ? rq->clause : "?");
			}
		}
	}
	/*
	 * Reachability: a level nobody has requirements at cannot be told
	 * from the one below; reaching it would prove nothing.
	 */
	for (l = 0; l < m->nlevels; l++)
		if (!count[l])
			itss_diags_add(r->d, ITSS_ERROR, r->file, m->levels[l].line,
			    m->levels[l].col, _("level '%s' has no requirement: it "
			    "cannot be reached on its own merit; give it "
			    "requirements or remove it"), m->levels[l].id);
	free(own);
	free(wide);
	free(count);
}
