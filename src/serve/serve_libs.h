/* serve_libs.h — libmicrohttpd and GnuTLS are loaded when a server starts
 * (dlopen by soname), not each time ringwall starts: the other commands, and
 * the many short runs of a CI job, do not pay for mapping a dozen libraries.
 * The server's code calls the libraries' functions by their usual names;
 * the macros below route those calls through the table serve_libs_load
 * fills. Included by serve_int.h after the libraries' headers. */
#ifndef RINGWALL_SERVE_LIBS_H
#define RINGWALL_SERVE_LIBS_H

#include <stdbool.h>
#include <stddef.h>

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <microhttpd.h>

#define SERVE_LIB_MHD_SONAME "libmicrohttpd.so.12"
#define SERVE_LIB_GNUTLS_SONAME "libgnutls.so.30"

#define SERVE_LIB_MHD(X) \
    X(MHD_add_connection) \
    X(MHD_add_response_header) \
    X(MHD_create_response_from_buffer) \
    X(MHD_destroy_response) \
    X(MHD_get_connection_info) \
    X(MHD_get_connection_values) \
    X(MHD_lookup_connection_value) \
    X(MHD_queue_response) \
    X(MHD_start_daemon) \
    X(MHD_stop_daemon)

#define SERVE_LIB_GNUTLS(X) \
    X(gnutls_pcert_deinit) \
    X(gnutls_pcert_list_import_x509_raw) \
    X(gnutls_privkey_deinit) \
    X(gnutls_privkey_import_x509_raw) \
    X(gnutls_privkey_init) \
    X(gnutls_pubkey_deinit) \
    X(gnutls_pubkey_export2) \
    X(gnutls_pubkey_import_privkey) \
    X(gnutls_pubkey_init) \
    X(gnutls_strerror)

struct serve_libs {
#define SERVE_LIB_SLOT(f) __typeof__(&f) f;
    SERVE_LIB_MHD(SERVE_LIB_SLOT)
    SERVE_LIB_GNUTLS(SERVE_LIB_SLOT)
#undef SERVE_LIB_SLOT
    gnutls_free_function *gnutls_free; /* a variable in GnuTLS, not a function */
};

extern struct serve_libs serve_lib;

/* Loads both libraries once (thread-safe); false with the reason in why. */
bool serve_libs_load(char *why, size_t why_size);

#ifndef SERVE_LIBS_TABLE
#define MHD_add_connection serve_lib.MHD_add_connection
#define MHD_add_response_header serve_lib.MHD_add_response_header
#define MHD_create_response_from_buffer serve_lib.MHD_create_response_from_buffer
#define MHD_destroy_response serve_lib.MHD_destroy_response
#define MHD_get_connection_info serve_lib.MHD_get_connection_info
#define MHD_get_connection_values serve_lib.MHD_get_connection_values
#define MHD_lookup_connection_value serve_lib.MHD_lookup_connection_value
#define MHD_queue_response serve_lib.MHD_queue_response
#define MHD_start_daemon serve_lib.MHD_start_daemon
#define MHD_stop_daemon serve_lib.MHD_stop_daemon
#define gnutls_pcert_deinit serve_lib.gnutls_pcert_deinit
#define gnutls_pcert_list_import_x509_raw serve_lib.gnutls_pcert_list_import_x509_raw
#define gnutls_privkey_deinit serve_lib.gnutls_privkey_deinit
#define gnutls_privkey_import_x509_raw serve_lib.gnutls_privkey_import_x509_raw
#define gnutls_privkey_init serve_lib.gnutls_privkey_init
#define gnutls_pubkey_deinit serve_lib.gnutls_pubkey_deinit
#define gnutls_pubkey_export2 serve_lib.gnutls_pubkey_export2
#define gnutls_pubkey_import_privkey serve_lib.gnutls_pubkey_import_privkey
#define gnutls_pubkey_init serve_lib.gnutls_pubkey_init
#define gnutls_strerror serve_lib.gnutls_strerror
#define gnutls_free (*serve_lib.gnutls_free)
#endif

#endif
