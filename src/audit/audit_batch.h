/* audit_batch.h — the check a webhook request body passes before it is
 * queued: well-formed JSON whose top level is an EventList, an Event or an
 * array (what the API server's webhook backend POSTs). It reads the text
 * without building a tree, so the request thread answers 400 at once for a
 * bad body and leaves decoding and the rules to the queue's consumer. */
#ifndef RINGWALL_AUDIT_BATCH_H
#define RINGWALL_AUDIT_BATCH_H

#include <stdbool.h>
#include <stddef.h>

/* True when the body may be queued; otherwise why says what is wrong
 * ("malformed JSON: line 3, column 7: ...", "not an EventList: kind ..."). */
bool audit_batch_check(const char *body, size_t len, char *why, size_t why_size);

#endif
