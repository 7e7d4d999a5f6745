/* serve_libs.c — fills the table of serve_libs.h from the shared libraries,
 * once, when the first server starts. */
#define SERVE_LIBS_TABLE
#include "serve_libs.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

struct serve_libs serve_lib;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char load_error[256];

static void *open_lib(const char *soname)
{
    void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (!h && !load_error[0])
        snprintf(load_error, sizeof load_error, "cannot load %s: %s", soname, dlerror());
    return h;
}

static void *symbol(void *lib, const char *soname, const char *name)
{
    void *p = lib ? dlsym(lib, name) : NULL;
    if (lib && !p && !load_error[0])
        snprintf(load_error, sizeof load_error, "%s has no %s", soname, name);
    return p;
}

static void load_once(void)
{
    void *mhd = open_lib(SERVE_LIB_MHD_SONAME);
    void *tls = open_lib(SERVE_LIB_GNUTLS_SONAME);
#define SERVE_LIB_FILL(lib, soname, f)                                          \
    serve_lib.f = (__typeof__(serve_lib.f))symbol(lib, soname, #f);
#define SERVE_LIB_FILL_MHD(f) SERVE_LIB_FILL(mhd, SERVE_LIB_MHD_SONAME, f)
#define SERVE_LIB_FILL_GNUTLS(f) SERVE_LIB_FILL(tls, SERVE_LIB_GNUTLS_SONAME, f)
    SERVE_LIB_MHD(SERVE_LIB_FILL_MHD)
    SERVE_LIB_GNUTLS(SERVE_LIB_FILL_GNUTLS)
    SERVE_LIB_FILL(tls, SERVE_LIB_GNUTLS_SONAME, gnutls_free)
}

bool serve_libs_load(char *why, size_t why_size)
{
    pthread_once(&once, load_once);
    if (load_error[0])
        snprintf(why, why_size, "%s", load_error);
    return load_error[0] == 0;
}
