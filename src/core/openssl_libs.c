/* openssl_libs.c — fills the table of openssl_libs.h from libcrypto and
 * libssl, each once, when the first caller needs it. */
#define OPENSSL_LIBS_TABLE
#include "openssl_libs.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct openssl_libs openssl_lib;
int openssl_libs_loaded;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* Opens soname and fills its part of the table; false with the reason. */
static bool fill(const char *soname, bool ssl, char *why, size_t why_size)
{
    void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        snprintf(why, why_size, "cannot load %s (OpenSSL %d): %s", soname,
                 OPENSSL_VERSION_MAJOR, dlerror());
        return false;
    }
    const char *missing = NULL;
#define OPENSSL_LIBS_FILL(f)                                                    \
    if (!(openssl_lib.f = (__typeof__(openssl_lib.f))dlsym(h, #f)) && !missing) \
        missing = #f;
    if (ssl) {
        OPENSSL_LIBS_SSL(OPENSSL_LIBS_FILL)
    } else {
        OPENSSL_LIBS_CRYPTO(OPENSSL_LIBS_FILL)
    }
#undef OPENSSL_LIBS_FILL
    if (missing) {
        snprintf(why, why_size, "%s has no %s", soname, missing);
        return false;
    }
    return true;
}

bool openssl_libs_load(int need, char *why, size_t why_size)
{
    pthread_mutex_lock(&lock);
    int have = openssl_libs_loaded;
    bool ok = true;
    if (!(have & OPENSSL_LIBS_NEED_CRYPTO)) {
        ok = fill(OPENSSL_LIBS_CRYPTO_SONAME, false, why, why_size);
        if (ok)
            have |= OPENSSL_LIBS_NEED_CRYPTO;
    }
    if (ok && (need & ~have)) {
        ok = fill(OPENSSL_LIBS_SSL_SONAME, true, why, why_size);
        if (ok)
            have |= OPENSSL_LIBS_NEED_SSL;
    }
    __atomic_store_n(&openssl_libs_loaded, have, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&lock);
    return ok;
}

void openssl_libs_require(int need)
{
    char why[512];
    if (!openssl_libs_load(need, why, sizeof why)) {
        fprintf(stderr, "ringwall: %s\n", why);
        exit(2);
    }
}
