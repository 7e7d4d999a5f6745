/* audit_sink_curl.c — fills the libcurl table of audit_sink_curl.h, once. */
#include "audit_sink_curl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

struct sink_curl sink_curl;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char load_error[256];

/* The OpenSSL build first (libcurl4-openssl-dev's), then the GnuTLS one. */
static const char *const SONAMES[] = {"libcurl.so.4", "libcurl-gnutls.so.4"};

static void load_once(void)
{
    void *lib = NULL;
    for (size_t i = 0; !lib && i < sizeof SONAMES / sizeof *SONAMES; i++)
        lib = dlopen(SONAMES[i], RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        snprintf(load_error, sizeof load_error, "cannot load libcurl (%s): %s", SONAMES[0],
                 dlerror());
        return;
    }
#define SINK_CURL_FILL(slot, name)                                              \
    if (!(*(void **)&sink_curl.slot = dlsym(lib, name)) && !load_error[0])      \
        snprintf(load_error, sizeof load_error, "libcurl has no %s", name);
    SINK_CURL_FILL(global_init, "curl_global_init")
    SINK_CURL_FILL(easy_init, "curl_easy_init")
    SINK_CURL_FILL(easy_setopt, "curl_easy_setopt")
    SINK_CURL_FILL(easy_perform, "curl_easy_perform")
    SINK_CURL_FILL(easy_getinfo, "curl_easy_getinfo")
    SINK_CURL_FILL(easy_cleanup, "curl_easy_cleanup")
    SINK_CURL_FILL(easy_strerror, "curl_easy_strerror")
    SINK_CURL_FILL(slist_append, "curl_slist_append")
    SINK_CURL_FILL(slist_free_all, "curl_slist_free_all")
#undef SINK_CURL_FILL
    if (!load_error[0] && sink_curl.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        snprintf(load_error, sizeof load_error, "libcurl failed to initialise");
}

bool sink_curl_load(char *why, size_t why_size)
{
    pthread_once(&once, load_once);
    if (load_error[0])
        snprintf(why, why_size, "%s", load_error);
    return load_error[0] == 0;
}
