/*
 * fuzz_crosswalk.c - crosswalk files, against the two bundled models they
 * relate (T/DGAG 038—2025 beside ITSS_FUZZ_MODEL's T/CESA 1299—2023).
 */
#include <stdio.h>
#include <string.h>

#include "fuzz.h"
#include "itss/crosswalk.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct itss_model *ms[2];
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct itss_crosswalk *x = NULL;
	char *a, *b;

	if (!ms[0]) {
		/* The DGAG model beside the ITSS one, in models/. */
		const char *itss = getenv("ITSS_FUZZ_MODEL");
		const char *slash = itss ? strrchr(itss, '/') : NULL;
		char path[4096];
		struct itss_model *m;
		if (!slash || snprintf(path, sizeof(path), "%.*s/dgag038-2025.yaml",
		    (int)(slash - itss), itss) >= (int)sizeof(path) ||
		    itss_model_load(&m, path, &d) < 0)
			abort();
		ms[0] = m;
		ms[1] = fuzz_model();
		itss_diags_release(&d);
	}
	if (itss_crosswalk_peek((const char *)data, size, &a, &b) == 0) {
		free(a);
		free(b);
	}
	(void)itss_crosswalk_parse(&x, "fuzz.yaml", (const char *)data, size, ms,
	    2, &d);
	itss_crosswalk_free(x);
	itss_diags_release(&d);
	return 0;
}
