/* fuzz_walk.c - the walk cache (.itss/walk), which a hand may have edited. */
#include "fuzz.h"
#include "../../src/import_int.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	(void)itss_walk_cache_sound((const char *)data, size);
	return 0;
}
