/* serve_tls.c — the server's certificate and key. GnuTLS asks for them on
 * every handshake (MHD_OPTION_HTTPS_CERT_CALLBACK), so a reload swaps one
 * pointer under a lock: new connections get the new pair, handshakes under
 * way keep the old one, which is freed after a grace period. A pair that
 * fails to load or whose key does not match its certificate is never used.
 * The files are watched by identity (device, inode, size, mtime), which
 * catches cert-manager's symlink swap as well as an in-place rewrite. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gnutls/gnutls.h>

#include "metrics.h"
#include "serve_int.h"

enum { TLS_MAX_CHAIN = 16, TLS_MAX_FILE = 1 << 20 };

struct tls_pair {
    gnutls_pcert_st pcert[TLS_MAX_CHAIN];
    unsigned npcert;
    gnutls_privkey_t key;
    int64_t retired_ms;
    struct tls_pair *next;    /* retired list */
};

struct tls_sig {              /* identity of the two files */
    dev_t dev[2];
    ino_t ino[2];
    off_t size[2];
    struct timespec mtime[2];
    bool missing;
};

static pthread_mutex_t tls_lock = PTHREAD_MUTEX_INITIALIZER;
static struct tls_pair *tls_current;
static struct tls_pair *tls_retired;
static char *tls_paths[2];
static struct tls_sig tls_loaded_sig, tls_pending_sig;

static void pair_free(struct tls_pair *p)
{
    for (unsigned i = 0; i < p->npcert; i++)
        gnutls_pcert_deinit(&p->pcert[i]);
    if (p->key)
        gnutls_privkey_deinit(p->key);
    free(p);
}

static bool file_read(const char *path, gnutls_datum_t *d, char *why, size_t why_size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(why, why_size, "%s: %s", path, strerror(errno));
        return false;
    }
    d->data = malloc(TLS_MAX_FILE);
    ssize_t n = 0, total = 0;
    while (d->data && total < TLS_MAX_FILE &&
           (n = read(fd, d->data + total, TLS_MAX_FILE - (size_t)total)) > 0)
        total += n;
    close(fd);
    if (!d->data || n < 0 || total >= TLS_MAX_FILE || total == 0) {
        snprintf(why, why_size, "%s: %s", path,
                 n < 0 ? strerror(errno) : total ? "larger than 1 MiB" : "empty file");
        free(d->data);
        d->data = NULL;
        return false;
    }
    d->size = (unsigned)total;
    return true;
}

static void datum_wipe(gnutls_datum_t *d)
{
    if (d->data)
        explicit_bzero(d->data, d->size);
    free(d->data);
}

static bool pubkey_der(gnutls_pubkey_t k, gnutls_datum_t *out)
{
    return gnutls_pubkey_export2(k, GNUTLS_X509_FMT_DER, out) == 0;
}

/* Whether KEY is the private half of the certificate's public key. */
static bool pair_matches(struct tls_pair *p)
{
    gnutls_pubkey_t pub;
    gnutls_datum_t a = {0}, b = {0};
    bool same = false;
    if (gnutls_pubkey_init(&pub) < 0)
        return false;
    if (gnutls_pubkey_import_privkey(pub, p->key, 0, 0) == 0 && pubkey_der(pub, &a) &&
        pubkey_der(p->pcert[0].pubkey, &b))
        same = a.size == b.size && !memcmp(a.data, b.data, a.size);
    gnutls_free(a.data);
    gnutls_free(b.data);
    gnutls_pubkey_deinit(pub);
    return same;
}

static struct tls_pair *pair_load(const char *cert, const char *key, char *why, size_t why_size)
{
    gnutls_datum_t c = {0}, k = {0};
    struct tls_pair *p = calloc(1, sizeof *p);
    int rc;
    if (!p || !file_read(cert, &c, why, why_size) || !file_read(key, &k, why, why_size))
        goto fail;
    p->npcert = TLS_MAX_CHAIN;
    rc = gnutls_pcert_list_import_x509_raw(p->pcert, &p->npcert, &c, GNUTLS_X509_FMT_PEM, 0);
    if (rc < 0 || p->npcert == 0) {
        p->npcert = 0;
        snprintf(why, why_size, "%s: %s", cert, rc < 0 ? gnutls_strerror(rc) : "no certificate");
        goto fail;
    }
    if ((rc = gnutls_privkey_init(&p->key)) < 0 ||
        (rc = gnutls_privkey_import_x509_raw(p->key, &k, GNUTLS_X509_FMT_PEM, NULL, 0)) < 0) {
        snprintf(why, why_size, "%s: %s", key, gnutls_strerror(rc));
        goto fail;
    }
    if (!pair_matches(p)) {
        snprintf(why, why_size, "%s does not match the certificate in %s", key, cert);
        goto fail;
    }
    free(c.data);
    datum_wipe(&k);
    return p;
fail:
    free(c.data);
    datum_wipe(&k);
    if (p)
        pair_free(p);
    return NULL;
}

static struct tls_sig sig_now(void)
{
    struct tls_sig s = {0};
    for (int i = 0; i < 2; i++) {
        struct stat st;
        if (!tls_paths[i] || stat(tls_paths[i], &st) != 0) {
            s.missing = true;
            continue;
        }
        s.dev[i] = st.st_dev;
        s.ino[i] = st.st_ino;
        s.size[i] = st.st_size;
        s.mtime[i] = st.st_mtim;
    }
    return s;
}

static bool sig_equal(const struct tls_sig *a, const struct tls_sig *b)
{
    for (int i = 0; i < 2; i++)
        if (a->dev[i] != b->dev[i] || a->ino[i] != b->ino[i] || a->size[i] != b->size[i] ||
            a->mtime[i].tv_sec != b->mtime[i].tv_sec || a->mtime[i].tv_nsec != b->mtime[i].tv_nsec)
            return false;
    return a->missing == b->missing;
}

static void paths_set(const char *cert, const char *key)
{
    const char *src[2] = {cert, key};
    for (int i = 0; i < 2; i++) {
        if (tls_paths[i] && !strcmp(tls_paths[i], src[i]))
            continue;
        free(tls_paths[i]);
        tls_paths[i] = strdup(src[i]);
    }
}

bool serve_tls_load(const char *cert, const char *key, char *why, size_t why_size)
{
    paths_set(cert, key);
    tls_loaded_sig = tls_pending_sig = sig_now();
    struct tls_pair *p = pair_load(cert, key, why, why_size);
    if (!p)
        return false;
    pthread_mutex_lock(&tls_lock);
    struct tls_pair *old = tls_current;
    tls_current = p;
    if (old) {
        old->retired_ms = serve_now_ms();
        old->next = tls_retired;
        tls_retired = old;
    }
    pthread_mutex_unlock(&tls_lock);
    return true;
}

bool serve_tls_changed(void)
{
    struct tls_sig now = sig_now();
    if (sig_equal(&now, &tls_loaded_sig))
        return false;
    if (!sig_equal(&now, &tls_pending_sig)) {
        tls_pending_sig = now;  /* wait one more check for the files to settle */
        return false;
    }
    return !now.missing;
}

void serve_tls_free_retired(int64_t grace_ms)
{
    int64_t now = serve_now_ms();
    pthread_mutex_lock(&tls_lock);
    for (struct tls_pair **pp = &tls_retired; *pp;) {
        struct tls_pair *p = *pp;
        if (grace_ms >= 0 && now - p->retired_ms < grace_ms) {
            pp = &p->next;
            continue;
        }
        *pp = p->next;
        pair_free(p);
    }
    if (grace_ms < 0 && tls_current) {
        pair_free(tls_current);
        tls_current = NULL;
    }
    pthread_mutex_unlock(&tls_lock);
}

int serve_tls_pick(gnutls_session_t s, const gnutls_datum_t *req_ca_dn, int nreqs,
                   const gnutls_pk_algorithm_t *pk_algos, int pk_algos_length,
                   gnutls_pcert_st **pcert, unsigned int *pcert_length, gnutls_privkey_t *key)
{
    pthread_mutex_lock(&tls_lock);
    struct tls_pair *p = tls_current;
    pthread_mutex_unlock(&tls_lock);
    metrics_add("ringwall_tls_handshakes_total",
                "TLS handshakes that reached certificate selection", NULL, 1);
    if (!p)
        return -1;
    *pcert = p->pcert;
    *pcert_length = p->npcert;
    *key = p->key;
    return 0;
}
