/*
 * diag.h - the diagnostics list every layer appends to.
 *
 * Below the command line nothing prints: a function that finds a problem
 * appends it here (file, 1-based line and column, severity, message) and
 * returns a negative code, so `itss model validate` can report every
 * problem at once and tests can inspect each one.
 *
 * Ownership: the list owns copies of the file names and messages.
 */
#ifndef ITSS_DIAG_H
#define ITSS_DIAG_H

#include <stdarg.h>
#include <stddef.h>

#include "itss/util.h"

/*
 * Return codes shared by every layer: 0 success, negative failure. The
 * command line maps them to exit statuses (SPEC §4): bad input 3, I/O 4.
 */
enum {
	ITSS_OK = 0,
	ITSS_EINPUT = -3,	/* the input is wrong; diagnostics say where */
	ITSS_EIO = -4,		/* a file or the database failed; errno or diagnostics say why */
};

enum itss_severity {
	ITSS_ERROR,
	ITSS_WARNING,
	ITSS_NOTE,
};

struct itss_diag {
	char *file;		/* NULL when not about a file */
	unsigned line, col;	/* 1-based; 0 when unknown */
	enum itss_severity severity;
	char *message;
};

struct itss_diags {
	struct itss_diag *v;
	size_t n, alloc;
	size_t errors;		/* how many have ITSS_ERROR */
};

#define ITSS_DIAGS_INIT { NULL, 0, 0, 0 }

/* An empty list; _release frees every diagnostic and leaves it empty. */
void itss_diags_init(struct itss_diags *d);
void itss_diags_release(struct itss_diags *d);

/* Append one diagnostic; file may be NULL, line/col 0. */
void itss_diags_add(struct itss_diags *d, enum itss_severity sev,
    const char *file, unsigned line, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
void itss_diags_vadd(struct itss_diags *d, enum itss_severity sev,
    const char *file, unsigned line, unsigned col, const char *fmt,
    va_list ap) __attribute__((format(printf, 6, 0)));

/* Copy every diagnostic of from onto the end of to. */
void itss_diags_append(struct itss_diags *to, const struct itss_diags *from);
/* Remove every diagnostic of severity sev, keeping the others in order. */
void itss_diags_drop(struct itss_diags *d, enum itss_severity sev);

/*
 * Format one diagnostic as "file:line:col: error: message" (the parts that
 * are known) into sb, without a newline.
 */
void itss_diag_format(struct itss_strbuf *sb, const struct itss_diag *dg);

#endif
