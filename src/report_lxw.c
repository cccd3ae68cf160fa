/*
 * report_lxw.c - libxlsxwriter loaded by its SONAME (report_lxw.h).
 */
#define ITSS_LXW_LOADER		/* the names, not the calls through them */
#include <pthread.h>

#include "itss/dl.h"
#include "itss/i18n.h"
#include "report_lxw.h"

#ifndef ITSS_LIBXLSXWRITER_SONAME
#define ITSS_LIBXLSXWRITER_SONAME "libxlsxwriter.so.4"	/* Debian 12's 1.1.5 */
#endif

struct itss_lxw itss_lxw;
static pthread_once_t lxw_once = PTHREAD_ONCE_INIT;
static const char missing[] = N_("libxlsxwriter, which writes the workbook, "
    "cannot be loaded: install Debian's libxlsxwriter4 package");
static const char *why = missing;

static void
load(void)
{
#define LXW_SYM(f) ITSS_DL_SYM(itss_lxw, f)
	const struct itss_dl_sym v[] = { LXW_FUNCS(LXW_SYM) };

	if (itss_dl_load(ITSS_LIBXLSXWRITER_SONAME, v, sizeof(v) / sizeof(v[0])) == 0)
		why = NULL;
}

const char *
itss_lxw_load(void)
{
	if (pthread_once(&lxw_once, load) != 0)
		return missing;
	return why;
}
