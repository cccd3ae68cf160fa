/* fuzz_judgements.c - judgements, against the ITSS model. */
#include <stdlib.h>

#include "fuzz.h"
#include "itss/evidence.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct itss_evidence_set set = { 0 };

	(void)itss_judgements_read(&set, "judgements/fuzz.yaml",
	    (const char *)data, size, fuzz_model(), &d);
	itss_evidence_set_release(&set);
	itss_diags_release(&d);
	return 0;
}
