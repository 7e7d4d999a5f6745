/* audit_queue.c — the webhook's bounded batch queue (audit_queue.h). Space
 * is reserved under the lock before the body is copied outside it, so
 * concurrent producers never overshoot the bounds and never copy while
 * holding the lock. */
#include "audit_queue.h"

#include <stdlib.h>
#include <string.h>

void audit_queue_init(struct audit_queue *q, size_t max_batches, size_t max_bytes)
{
    memset(q, 0, sizeof *q);
    pthread_mutex_init(&q->lock, NULL);
    pthread_cond_init(&q->ready, NULL);
    q->max_n = max_batches;
    q->max_bytes = max_bytes;
}

static bool fits(const struct audit_queue *q, size_t len)
{
    return !q->closed && q->n < q->max_n && len <= q->max_bytes - q->bytes;
}

bool audit_queue_full(struct audit_queue *q, size_t len)
{
    pthread_mutex_lock(&q->lock);
    bool full = !fits(q, len);
    pthread_mutex_unlock(&q->lock);
    return full;
}

static void release(struct audit_queue *q, size_t len)
{
    q->n--;
    q->bytes -= len;
}

bool audit_queue_push(struct audit_queue *q, const char *body, size_t len)
{
    pthread_mutex_lock(&q->lock);
    bool ok = fits(q, len);
    if (ok) {
        q->n++;
        q->bytes += len;
    }
    pthread_mutex_unlock(&q->lock);
    if (!ok)
        return false;
    struct audit_batch *b = malloc(sizeof *b + len + 1);
    pthread_mutex_lock(&q->lock);
    if (!b) {
        release(q, len);
        pthread_mutex_unlock(&q->lock);
        return false;
    }
    memcpy(b->body, body, len);
    b->body[len] = '\0';
    b->len = len;
    b->next = NULL;
    if (q->tail)
        q->tail->next = b;
    else
        q->head = b;
    q->tail = b;
    pthread_cond_signal(&q->ready);
    pthread_mutex_unlock(&q->lock);
    return true;
}

struct audit_batch *audit_queue_pop(struct audit_queue *q)
{
    pthread_mutex_lock(&q->lock);
    while (!q->head && !(q->closed && q->n == 0))
        pthread_cond_wait(&q->ready, &q->lock);
    struct audit_batch *b = q->head;
    if (b) {
        q->head = b->next;
        if (!q->head)
            q->tail = NULL;
        release(q, b->len);
    }
    pthread_mutex_unlock(&q->lock);
    return b;
}

void audit_queue_close(struct audit_queue *q)
{
    pthread_mutex_lock(&q->lock);
    q->closed = true;
    pthread_cond_broadcast(&q->ready);
    pthread_mutex_unlock(&q->lock);
}

void audit_queue_depth(struct audit_queue *q, size_t *n, size_t *bytes)
{
    pthread_mutex_lock(&q->lock);
    *n = q->n;
    *bytes = q->bytes;
    pthread_mutex_unlock(&q->lock);
}

void audit_queue_destroy(struct audit_queue *q)
{
    struct audit_batch *b = q->head;
    while (b) {
        struct audit_batch *next = b->next;
        free(b);
        b = next;
    }
    pthread_cond_destroy(&q->ready);
    pthread_mutex_destroy(&q->lock);
}
