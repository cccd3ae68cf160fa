/*
 * helpers.h - what the cmocka tests share: finding a diagnostic by its
 * message and checking where it points.
 */
#ifndef ITSS_TEST_HELPERS_H
#define ITSS_TEST_HELPERS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "itss/diag.h"

/*
 * Assert that d holds an error whose message contains needle, at line:col
 * (0 for "not located"). Prints every diagnostic when it does not, so a
 * failure says what was found instead.
 */
static inline void
expect_diag_at(const struct itss_diags *d, const char *needle, unsigned line,
    unsigned col, const char *file, int src_line)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (strstr(d->v[i].message, needle) && d->v[i].line == line &&
		    d->v[i].col == col && d->v[i].severity == ITSS_ERROR)
			return;
	print_error("%s:%d: no error containing '%s' at %u:%u; found %zu:\n",
	    file, src_line, needle, line, col, d->n);
	for (i = 0; i < d->n; i++)
		print_error("  %u:%u: %s\n", d->v[i].line, d->v[i].col,
		    d->v[i].message);
	fail();
}

#define expect_diag(d, needle, line, col) \
	expect_diag_at((d), (needle), (line), (col), __FILE__, __LINE__)

#endif
