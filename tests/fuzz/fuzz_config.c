/* fuzz_config.c - a repository's itss.yaml, then the path rule on its model. */
#include <stdlib.h>

#include "fuzz.h"
#include "itss/repo.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct itss_repo *r;

	if (itss_repo_parse(&r, "/nonexistent", (const char *)data, size,
	    &d) == 0) {
		(void)itss_repo_path_problem(r->model);
		itss_repo_free(r);
	}
	itss_diags_release(&d);
	return 0;
}
