/* audit_cond.h — Falco filter conditions: parsed once into a tree (macros
 * and lists expanded at load time), evaluated per event with field values
 * extracted lazily. */
#ifndef RINGWALL_AUDIT_COND_H
#define RINGWALL_AUDIT_COND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/arena.h"
#include "audit_event.h"
#include "audit_fields.h"

enum cond_kind { COND_AND, COND_OR, COND_NOT, COND_CMP };

enum cond_op {
    OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_IN, OP_INTERSECTS, OP_CONTAINS,
    OP_ICONTAINS, OP_STARTSWITH, OP_ENDSWITH, OP_EXISTS, OP_PMATCH, OP_GLOB,
};

struct cond {
    enum cond_kind kind;
    enum cond_op op;
    const struct audit_field *field;
    const char **vals;
    size_t nvals;
    bool numeric;  /* vals[0] is a number, held in num */
    double num;
    const struct cond *a, *b;
    /* A macro's root, evaluated by many rules: its result for the current
     * event is kept (for the engine whose field cache is memo_cache). A
     * rule set is therefore evaluated by one thread at a time. */
    bool shared;
    bool memo;
    uint32_t memo_gen;
    const void *memo_cache;
};

/* What the compiler asks its caller about names. */
struct cond_env {
    struct arena *arena;
    void *ctx;
    /* Items of list `name`, or NULL when it is not a list. */
    const char *const *(*list)(void *ctx, const char *name, size_t *n);
    /* The compiled macro `name`; NULL when it is not a macro (*err empty)
     * or fails to compile (*err set). */
    const struct cond *(*macro)(void *ctx, const char *name, char *err, size_t errlen);
    /* A field reference with its cache slot. */
    const struct audit_field *(*field)(void *ctx, const struct audit_field_def *def,
                                       const char *name, const char *arg);
};

/* Compiles text; NULL with a message in err on error. */
const struct cond *cond_compile(const char *text, const struct cond_env *env, char *err,
                                size_t errlen);

bool cond_eval(const struct cond *c, struct audit_event *ev);
/* Marks c as a macro's root (its results are kept per event). */
void cond_share(const struct cond *c);
/* Forgets every kept result below c (the engine's event counter wrapped). */
void cond_forget(const struct cond *c);

/* Calls fn on each field the condition reads. */
void cond_fields(const struct cond *c, void (*fn)(const struct audit_field *f, void *ctx),
                 void *ctx);

#endif
