/* fuzz_scalar.c — libFuzzer target for scalar resolution: every tag, the
 * timestamp recogniser and map-key text over arbitrary text. The first byte
 * picks the tag. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/core/scalar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    enum scalar_tag tag = (enum scalar_tag)(data[0] % (TAG_OTHER + 1));
    char *text = malloc(size);
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    struct arena a = {0};
    struct node n = {.str = text, .len = (uint32_t)strlen(text)};
    scalar_is_timestamp(text);
    if (!scalar_apply_tag(&n, tag, &a) && n.type != NODE_NULL)
        scalar_key_text(&n, &a);
    arena_free(&a);
    free(text);
    return 0;
}
