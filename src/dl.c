/*
 * dl.c - a library loaded when first needed (dl.h).
 */
#include <dlfcn.h>

#include "itss/dl.h"

int
itss_dl_load(const char *soname, const struct itss_dl_sym *v, size_t n)
{
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	size_t i;

	if (!h)
		return -1;
	for (i = 0; i < n; i++)
		if (!(*v[i].slot = dlsym(h, v[i].name)))
			return -1;	/* h stays open: dlclose gains nothing here */
	return 0;
}
