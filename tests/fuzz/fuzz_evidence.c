/* fuzz_evidence.c - evidence records in YAML, against the ITSS model. */
#include <stdlib.h>

#include "fuzz.h"
#include "itss/evidence.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct itss_evidence_set set = { 0 };

	(void)itss_evidence_read(&set, "evidence/fuzz.yaml", (const char *)data,
	    size, 0, fuzz_model(), &d);
	(void)itss_evidence_check_ids(&set, &d);
	itss_evidence_set_release(&set);
	itss_diags_release(&d);
	return 0;
}
