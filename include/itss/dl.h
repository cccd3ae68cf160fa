/*
 * dl.h - a library loaded when first needed, not linked.
 *
 * libcrypto (hashing), libxlsxwriter (the workbook) and libxml2 (.xlsx
 * registers) are each needed by some commands only, and linking them cost
 * every command their relocations at start: some 1.5 ms together, beside a
 * `git status` of 5 ms. Each is loaded by its SONAME on first use, and
 * each function is taken into a pointer declared with the type its own
 * header gives (__typeof__), so that a mismatch is a compile error.
 */
#ifndef ITSS_DL_H
#define ITSS_DL_H

#include <stddef.h>

struct itss_dl_sym {
	const char *name;
	void **slot;	/* where the function's address goes */
};

/*
 * Load soname and every symbol of v into its slot. 0, or -1 when the
 * library or one of its symbols cannot be found (the slots are then not
 * to be used). A library loaded stays loaded: there is no unload.
 */
int itss_dl_load(const char *soname, const struct itss_dl_sym *v, size_t n);

/* The line of an X-macro list that makes v's entry for function f. */
#define ITSS_DL_SYM(s, f) { #f, (void **)&(s).f },

#endif
