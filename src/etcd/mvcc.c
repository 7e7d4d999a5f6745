/* mvcc.c — revision keys and mvccpb.KeyValue (mvcc.h), read field by
 * field (protobuf.h). */
#include "mvcc.h"

#include <string.h>

#include "protobuf.h"

bool mvcc_parse_revision(const unsigned char *k, size_t n, struct mvcc_revision *out)
{
    if (!(n == 17 || (n == 18 && k[17] == 't')) || k[8] != '_')
        return false;
    out->main = 0;
    out->sub = 0;
    for (int i = 0; i < 8; i++) {
        out->main = out->main << 8 | k[i];
        out->sub = out->sub << 8 | k[9 + i];
    }
    out->tombstone = n == 18;
    return true;
}

bool mvcc_decode_kv(const unsigned char *p, size_t n, struct mvcc_kv *out)
{
    memset(out, 0, sizeof *out);
    const unsigned char *end = p + n;
    bool have_key = false;
    struct pb_field f;
    int rc;
    while ((rc = pb_next(&p, end, &f)) > 0) {
        if (f.wire == PB_VARINT) {
            if (f.number == 2)
                out->create_revision = (int64_t)f.varint;
            else if (f.number == 3)
                out->mod_revision = (int64_t)f.varint;
            else if (f.number == 4)
                out->version = (int64_t)f.varint;
            else if (f.number == 6)
                out->lease = (int64_t)f.varint;
        } else if (f.wire == PB_BYTES && f.number == 1) {
            out->key = f.bytes;
            out->key_len = f.len;
            have_key = true;
        } else if (f.wire == PB_BYTES && f.number == 5) {
            out->value = f.bytes;
            out->value_len = f.len;
        }
    }
    return rc == 0 && have_key;
}
