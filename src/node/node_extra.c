/* node_extra.c — ringwall's own node checks (catalog family "node"):
 * certificates and keys (OpenSSL), the kubelet's effective settings (flag,
 * else config file, else the kubelet's own default), kernel security modules,
 * API server audit logging and encryption at rest. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../checks/catalog.h"
#include "../core/input.h"
#include "../core/key_strength.h"
#include "../core/openssl_libs.h"
#include "node_eval.h"
#include "node_files.h"

enum { SOON_SECONDS = 30 * 24 * 3600, PEM_MAX = 1 << 20 };

static void add(struct node_results *out, const char *id, enum node_verdict v,
                const char *evidence, const char *file, const char *path, const char *expected)
{
    const struct check *c = catalog_find(id);
    node_results_add(out, &(struct node_result){
        .check = c, .id = id, .group = "ringwall", .target = NODE_TARGET_NODE, .verdict = v,
        .evidence = evidence, .file = file, .path = path, .expected = expected,
        .severity = c->severity,
    });
}

/* ---- certificates and keys ---- */

struct pki {
    struct node_host *h;
    struct node_results *out;
    long long now;
    size_t expired, expiring, weak;
};

static void check_pem(struct pki *p, const char *path)
{
    struct node_host *h = p->h;
    size_t len;
    char *text = input_slurp(node_host_path(h, path), PEM_MAX, &len);
    if (!text)
        return;
    BIO *bio = BIO_new_mem_buf(text, (int)len);
    X509 *x;
    bool any = false;
    while ((x = PEM_read_bio_X509(bio, NULL, NULL, NULL))) {
        any = true;
        char subject[256];
        X509_NAME_oneline(X509_get_subject_name(x), subject, sizeof subject);
        time_t now = (time_t)p->now, soon = now + SOON_SECONDS;
        const ASN1_TIME *end = X509_get0_notAfter(x);
        char until[64] = "";
        BIO *mb = BIO_new(BIO_s_mem());
        if (mb && ASN1_TIME_print(mb, end) > 0)
            until[BIO_read(mb, until, sizeof until - 1) > 0 ? strlen(until) : 0] = '\0';
        BIO_free(mb);
        if (X509_cmp_time(end, &now) <= 0) {
            p->expired++;
            add(p->out, "node/cert-expired", NODE_FAIL,
                arena_printf(&h->arena, "%s expired %s", subject, until), path, NULL,
                "notAfter in the future");
        } else if (X509_cmp_time(end, &soon) <= 0) {
            p->expiring++;
            add(p->out, "node/cert-expiring", NODE_FAIL,
                arena_printf(&h->arena, "%s expires %s", subject, until), path, NULL,
                "valid for 30 more days");
        }
        EVP_PKEY *k = X509_get0_pubkey(x);
        char weak[64];
        if (k && key_is_weak(k, weak, sizeof weak)) {
            p->weak++;
            add(p->out, "node/weak-key", NODE_FAIL,
                arena_printf(&h->arena, "certificate %s: %s", subject, weak), path, NULL,
                "RSA 2048+ or EC 256+");
        }
        X509_free(x);
    }
    if (!any) { /* a key file */
        BIO_free(bio);
        bio = BIO_new_mem_buf(text, (int)len);
        EVP_PKEY *k = PEM_read_bio_PrivateKey(bio, NULL, NULL, (void *)"");
        char weak[64];
        if (k && key_is_weak(k, weak, sizeof weak)) {
            p->weak++;
            add(p->out, "node/weak-key", NODE_FAIL,
                arena_printf(&h->arena, "private key: %s", weak), path, NULL,
                "RSA 2048+ or EC 256+");
        }
        EVP_PKEY_free(k);
    }
    BIO_free(bio);
    free(text);
}

/* A key whose certificate (same name, .crt) sits beside it has the
 * certificate's strength, judged there: decoding private keys is the
 * slow part of a run. */
static bool has_certificate(struct node_host *h, const char *key)
{
    struct stat st;
    const char *crt = arena_printf(&h->arena, "%.*s.crt", (int)(strlen(key) - 4), key);
    return stat(node_host_path(h, crt), &st) == 0 && S_ISREG(st.st_mode);
}

static void check_dir(struct pki *p, const char *dir, int depth)
{
    DIR *d = opendir(node_host_path(p->h, dir));
    if (!d)
        return;
    const char *names[512];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < sizeof names / sizeof *names)
        if (e->d_name[0] != '.')
            names[n++] = arena_printf(&p->h->arena, "%s/%s", dir, e->d_name);
    closedir(d);
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (stat(node_host_path(p->h, names[i]), &st) != 0)
            continue;
        size_t l = strlen(names[i]);
        if (S_ISDIR(st.st_mode) && depth < 4)
            check_dir(p, names[i], depth + 1);
        else if (S_ISREG(st.st_mode) && l > 4 &&
                 (!strcmp(names[i] + l - 4, ".crt") || !strcmp(names[i] + l - 4, ".pem") ||
                  (!strcmp(names[i] + l - 4, ".key") && !has_certificate(p->h, names[i]))))
            check_pem(p, names[i]);
    }
}

static void eval_pki(struct node_host *h, long long now, struct node_results *out)
{
    struct pki p = {h, out, now, 0, 0, 0};
    check_dir(&p, "/etc/kubernetes/pki", 0);
    const char *cert = node_host_flag(h, NODE_KUBELET, "--tls-cert-file");
    if (!cert)
        cert = node_text(node_host_key(h, NODE_KUBELET, "tlsCertFile"));
    if (cert && strncmp(cert, "/etc/kubernetes/pki/", 20) != 0)
        check_pem(&p, cert);
    const char *dir = node_host_flag(h, NODE_KUBELET, "--cert-dir");
    check_dir(&p, dir ? dir : "/var/lib/kubelet/pki", 0);
    if (!p.expired)
        add(out, "node/cert-expired", NODE_PASS, "no expired certificate", NULL, NULL, NULL);
    if (!p.expiring)
        add(out, "node/cert-expiring", NODE_PASS, "none expires within 30 days", NULL, NULL, NULL);
    if (!p.weak)
        add(out, "node/weak-key", NODE_PASS, "no weak key", NULL, NULL, NULL);
}

/* ---- the kubelet's effective settings ---- */

/* The flag, else the config key, else dflt; *where says which. */
static const char *effective(struct node_host *h, const char *flag, const char *key,
                             const char *dflt, const char **where)
{
    const char *v = node_host_flag(h, NODE_KUBELET, flag);
    *where = h->comp[NODE_KUBELET].origin;
    if (v)
        return v;
    const struct node *n = node_host_key(h, NODE_KUBELET, key);
    if (n && node_text(n)) {
        *where = h->config_path[NODE_KUBELET];
        return node_text(n);
    }
    *where = NULL;
    return dflt;
}

static void kubelet_setting(struct node_host *h, struct node_results *out, const char *id,
                            const char *flag, const char *key, const char *dflt, const char *good,
                            bool want_equal)
{
    const char *where, *v = effective(h, flag, key, dflt, &where);
    bool ok = (strcasecmp(v, good) == 0) == want_equal;
    size_t rl = strlen(h->root);
    if (where && strncmp(where, h->root, rl) == 0)
        where += rl;
    add(out, id, ok ? NODE_PASS : NODE_FAIL,
        arena_printf(&h->arena, "%s (%s) = %s%s", key, flag, v, where ? "" : " (kubelet default)"),
        where, key, arena_printf(&h->arena, "%s%s", want_equal ? "" : "not ", good));
}

static void eval_kubelet(struct node_host *h, struct node_results *out)
{
    /* defaults: the KubeletConfiguration's when the kubelet reads a file, its
     * flags' otherwise */
    bool file = h->config[NODE_KUBELET] != NULL;
    kubelet_setting(h, out, "node/kubelet-anonymous-auth", "--anonymous-auth",
                    "authentication.anonymous.enabled", file ? "false" : "true", "false", true);
    kubelet_setting(h, out, "node/kubelet-read-only-port", "--read-only-port", "readOnlyPort",
                    file ? "0" : "10255", "0", true);
    kubelet_setting(h, out, "node/kubelet-authz-always-allow", "--authorization-mode",
                    "authorization.mode", file ? "Webhook" : "AlwaysAllow", "AlwaysAllow", false);
    kubelet_setting(h, out, "node/kubelet-protect-kernel-defaults", "--protect-kernel-defaults",
                    "protectKernelDefaults", "false", "true", true);
    kubelet_setting(h, out, "node/kubelet-no-rotation", "--rotate-certificates",
                    "rotateCertificates", "false", "true", true);
}

/* ---- kernel security modules ---- */

static char *read_small(struct node_host *h, const char *path)
{
    size_t len;
    char *t = input_slurp(node_host_path(h, path), 1 << 16, &len);
    return t;
}

static void eval_kernel(struct node_host *h, struct node_results *out)
{
    char *aa = read_small(h, "/sys/module/apparmor/parameters/enabled");
    char *se = read_small(h, "/sys/fs/selinux/enforce");
    char *profiles = read_small(h, "/sys/kernel/security/apparmor/profiles");
    bool apparmor = aa && aa[0] == 'Y';
    bool selinux = se && se[0] == '1';
    const char *ev = arena_printf(
        &h->arena, "AppArmor %s%s; SELinux %s", apparmor ? "enabled" : aa ? "disabled" : "absent",
        apparmor ? (profiles && strstr(profiles, "(enforce)") ? " (profiles enforcing)"
                                                              : " (no profile enforcing)")
                 : "",
        selinux ? "enforcing" : se ? "permissive" : "absent");
    add(out, "node/no-lsm", apparmor || selinux ? NODE_PASS : NODE_FAIL, ev,
        apparmor ? "/sys/module/apparmor/parameters/enabled"
                 : selinux ? "/sys/fs/selinux/enforce" : NULL,
        NULL, "AppArmor enabled or SELinux enforcing");
    free(aa);
    free(se);
    free(profiles);
    /* a node's filesystem without its /proc cannot tell */
    char *status = read_small(h, "/proc/self/status");
    const char *sc = status ? strstr(status, "\nSeccomp:") : NULL;
    add(out, "node/no-seccomp", !status ? NODE_INFO : sc ? NODE_PASS : NODE_FAIL,
        !status ? "no /proc/self/status under the root"
        : sc    ? "kernel reports Seccomp in /proc/self/status"
                : "no Seccomp line in /proc/self/status",
        "/proc/self/status", NULL, "seccomp available");
    free(status);
}

/* ---- API server: audit logging, encryption at rest ---- */

static void eval_apiserver(struct node_host *h, struct node_results *out)
{
    const char *policy, *problem = NULL;
    struct doc *d = node_host_flag_doc(h, NODE_APISERVER, "--audit-policy-file", &policy, &problem);
    if (d && (!node_str_eq(node_get(d->root, "kind"), "Policy") ||
              node_len(node_get(d->root, "rules")) == 0))
        problem = arena_printf(&h->arena, "%s is not an audit Policy with rules", policy);
    if (d)
        doc_free(d);
    const char *log = node_host_flag(h, NODE_APISERVER, "--audit-log-path");
    const char *hook = node_host_flag(h, NODE_APISERVER, "--audit-webhook-config-file");
    if (!problem && !log && !hook)
        problem = "neither --audit-log-path nor --audit-webhook-config-file set";
    add(out, "node/audit-logging", problem ? NODE_FAIL : NODE_PASS,
        problem ? problem
                : arena_printf(&h->arena, "policy %s, log %s", policy, log ? log : hook),
        policy, "--audit-policy-file", "a parsing audit Policy and a log or webhook");

    static const char *const REAL[] = {"aescbc", "aesgcm", "secretbox", "kms"};
    const char *first = node_encryption_provider(h, &problem);
    bool real = false;
    for (size_t i = 0; first && i < sizeof REAL / sizeof *REAL; i++)
        real |= strcmp(first, REAL[i]) == 0;
    if (first && !real)
        problem = arena_printf(&h->arena, "first provider for secrets is %s%s", first,
                               strcmp(first, "identity") == 0 ? " (plain text)" : "");
    const char *enc = node_host_flag(h, NODE_APISERVER, "--encryption-provider-config");
    add(out, "node/encryption-at-rest", real ? NODE_PASS : NODE_FAIL,
        real ? arena_printf(&h->arena, "%s: secrets first go to %s", enc, first) : problem, enc,
        "--encryption-provider-config", "a real provider first for secrets");
}

void node_eval_extra(struct node_host *h, node_targets targets, long long now,
                     struct node_results *out)
{
    eval_pki(h, now, out);
    if (h->comp[NODE_KUBELET].source)
        eval_kubelet(h, out);
    eval_kernel(h, out);
    if (h->comp[NODE_APISERVER].source)
        eval_apiserver(h, out);
    (void)targets;
}
