/* audit_queue.h — the bounded queue between the audit webhook's request
 * threads and the one thread that decodes batches and runs the rules: many
 * producers, one consumer, bounded both in batches and in bytes. A push that
 * does not fit fails at once (the server answers 429 and the API server's
 * batch backend retries), so a request never waits for the rules. */
#ifndef RINGWALL_AUDIT_QUEUE_H
#define RINGWALL_AUDIT_QUEUE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

struct audit_batch {
    struct audit_batch *next;
    size_t len;
    char body[]; /* len bytes and a NUL */
};

struct audit_queue {
    pthread_mutex_t lock;
    pthread_cond_t ready;
    struct audit_batch *head, *tail;
    size_t n, bytes;          /* held, counting pushes still copying */
    size_t max_n, max_bytes;
    bool closed;
};

void audit_queue_init(struct audit_queue *q, size_t max_batches, size_t max_bytes);
/* True when a batch of len bytes would not fit now. */
bool audit_queue_full(struct audit_queue *q, size_t len);
/* Copies the batch in; false when it does not fit (or the queue is closed). */
bool audit_queue_push(struct audit_queue *q, const char *body, size_t len);
/* The oldest batch (the caller frees it with free()), waiting for one; NULL
 * once the queue is closed and empty. */
struct audit_batch *audit_queue_pop(struct audit_queue *q);
/* No more pushes; pop returns what is left, then NULL. */
void audit_queue_close(struct audit_queue *q);
/* Batches and bytes held now. */
void audit_queue_depth(struct audit_queue *q, size_t *n, size_t *bytes);
void audit_queue_destroy(struct audit_queue *q);

#endif
