/*
 * fuzz_xlsx.c - .xlsx registers (src/xlsx_read.c: the zip, its XML, the
 * cells), against the ITSS model.
 */
#include <stdlib.h>

#include "fuzz.h"
#include "itss/evidence.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct itss_evidence_set set = { 0 };

	(void)itss_evidence_read(&set, "evidence/fuzz.xlsx", (const char *)data,
	    size, ITSS_REGISTER_XLSX, fuzz_model(), &d);
	itss_evidence_set_release(&set);
	itss_diags_release(&d);
	return 0;
}
