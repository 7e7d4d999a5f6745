/* audit_sink_curl.h — libcurl, the HTTP client of the alert sinks, loaded
 * (dlopen by soname) when the first HTTP or Slack sink opens, so that runs
 * without one do not map it. Calls go through the table sink_curl_load
 * fills. */
#ifndef RINGWALL_AUDIT_SINK_CURL_H
#define RINGWALL_AUDIT_SINK_CURL_H

#include <stdbool.h>
#include <stddef.h>

#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>

struct sink_curl {
    CURLcode (*global_init)(long flags);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *h, CURLoption opt, ...);
    CURLcode (*easy_perform)(CURL *h);
    CURLcode (*easy_getinfo)(CURL *h, CURLINFO info, ...);
    void (*easy_cleanup)(CURL *h);
    const char *(*easy_strerror)(CURLcode rc);
    struct curl_slist *(*slist_append)(struct curl_slist *l, const char *s);
    void (*slist_free_all)(struct curl_slist *l);
};

extern struct sink_curl sink_curl;

/* Loads libcurl and initialises it, once (thread-safe); false with the
 * reason in why. */
bool sink_curl_load(char *why, size_t why_size);

#endif
