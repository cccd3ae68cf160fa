/*
 * diag.c - the diagnostics list.
 */
#include <stdarg.h>
#include <stdlib.h>

#include "itss/i18n.h"
#include "itss/diag.h"

void
itss_diags_init(struct itss_diags *d)
{
	d->v = NULL;
	d->n = d->alloc = d->errors = 0;
}

void
itss_diags_release(struct itss_diags *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].message);
	}
	free(d->v);
	itss_diags_init(d);
}

void
itss_diags_vadd(struct itss_diags *d, enum itss_severity sev,
    const char *file, unsigned line, unsigned col, const char *fmt, va_list ap)
{
	struct itss_diag *dg;

	itss_xgrow((void **)&d->v, &d->alloc, d->n + 1, sizeof(*d->v));
	dg = &d->v[d->n++];
	dg->file = file ? itss_xstrdup(file) : NULL;
	dg->line = line;
	dg->col = col;
	dg->severity = sev;
	dg->message = itss_xvasprintf(fmt, ap);
	if (sev == ITSS_ERROR)
		d->errors++;
}

void
itss_diags_add(struct itss_diags *d, enum itss_severity sev, const char *file,
    unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	itss_diags_vadd(d, sev, file, line, col, fmt, ap);
	va_end(ap);
}

void
itss_diag_format(struct itss_strbuf *sb, const struct itss_diag *dg)
{
	static const char *const names[] = { N_("error"), N_("warning"),
		N_("note") };

	if (dg->file) {
		itss_strbuf_addstr(sb, dg->file);
		if (dg->line) {
			itss_strbuf_addf(sb, ":%u", dg->line);
			if (dg->col)
				itss_strbuf_addf(sb, ":%u", dg->col);
		}
		itss_strbuf_addstr(sb, ": ");
	}
	itss_strbuf_addf(sb, _("%s: %s"), _(names[dg->severity]), dg->message);
}

void
itss_diags_append(struct itss_diags *to, const struct itss_diags *from)
{
	size_t i;

	for (i = 0; i < from->n; i++)
		itss_diags_add(to, from->v[i].severity, from->v[i].file,
		    from->v[i].line, from->v[i].col, "%s", from->v[i].message);
}

void
itss_diags_drop(struct itss_diags *d, enum itss_severity sev)
{
	size_t i, k = 0;

	for (i = 0; i < d->n; i++) {
		if (d->v[i].severity == sev) {
			free(d->v[i].file);
			free(d->v[i].message);
		} else {
			d->v[k++] = d->v[i];
		}
	}
	d->n = k;
}
