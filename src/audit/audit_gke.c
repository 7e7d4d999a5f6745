/* audit_gke.c — GKE Cloud Audit Log to audit Event (audit_gke.h).
 * methodName "io.k8s.core.v1.pods.exec.create" gives the verb (last part);
 * resourceName "core/v1/namespaces/NS/pods/NAME/exec" the objectRef; the
 * principal, caller IP and user agent, the gRPC status (mapped to HTTP), the
 * authorization decision, request and response follow. */
#include "audit_gke.h"

#include <stdio.h>
#include <string.h>

/* Starts the member KEY of an object being written (a comma before all but
 * the first). */
static void kv_key(struct audit_buf *b, const char *key, bool *first)
{
    if (!*first)
        audit_buf_putc(b, ',');
    *first = false;
    audit_buf_json_string(b, key);
    audit_buf_putc(b, ':');
}

static void kv_str(struct audit_buf *b, const char *key, const char *val, bool *first)
{
    if (!val)
        return;
    kv_key(b, key, first);
    audit_buf_json_string(b, val);
}

static void kv_node(struct audit_buf *b, const char *key, const struct node *val, bool *first)
{
    if (!val)
        return;
    kv_key(b, key, first);
    audit_buf_json_node(b, val);
}

static int http_code(const struct node *status)
{
    int64_t c = 0;
    if (!node_int(node_get(status, "code"), &c) || c == 0)
        return 200;
    static const int map[] = {200, 499, 500, 400, 504, 404, 409, 403, 429, 400,
                              409, 400, 501, 500, 503, 500, 401};
    return c > 0 && c < (int64_t)(sizeof map / sizeof *map) ? map[c] : 500;
}

/* objectRef from resourceName: GROUP/VERSION[/namespaces/NS]/RESOURCE[/NAME[/SUB]] */
static void write_object_ref(struct audit_buf *b, const char *rn)
{
    char segs[8][256];
    size_t n = 0;
    const char *p = rn;
    while (*p && n < 8) {
        const char *s = strchr(p, '/');
        size_t len = s ? (size_t)(s - p) : strlen(p);
        if (len >= sizeof segs[0])
            len = sizeof segs[0] - 1;
        memcpy(segs[n], p, len);
        segs[n++][len] = '\0';
        if (!s)
            break;
        p = s + 1;
    }
    bool first = true;
    audit_buf_puts(b, ",\"objectRef\":{");
    if (n >= 1 && strcmp(segs[0], "core") != 0)
        kv_str(b, "apiGroup", segs[0], &first);
    if (n >= 2)
        kv_str(b, "apiVersion", segs[1], &first);
    size_t i = 2;
    if (n >= i + 3 && strcmp(segs[i], "namespaces") == 0) {
        kv_str(b, "namespace", segs[i + 1], &first);
        i += 2;
    }
    const char *keys[] = {"resource", "name", "subresource"};
    for (size_t k = 0; k < 3 && i < n; k++, i++)
        kv_str(b, keys[k], segs[i], &first);
    audit_buf_putc(b, '}');
}

bool audit_gke_to_event(const struct node *rec, struct audit_buf *b)
{
    const struct node *pp = node_get(rec, "protoPayload");
    const char *method = node_str(node_get(pp, "methodName"));
    if (!method || strncmp(method, "io.k8s.", 7) != 0)
        return false;
    const char *verb = strrchr(method, '.') + 1;
    bool first = true;
    audit_buf_putc(b, '{');
    kv_str(b, "kind", "Event", &first);
    kv_str(b, "apiVersion", "audit.k8s.io/v1", &first);
    kv_str(b, "stage", "ResponseComplete", &first);
    kv_node(b, "auditID", node_get(rec, "insertId"), &first);
    kv_node(b, "stageTimestamp", node_get(rec, "timestamp"), &first);
    kv_node(b, "requestReceivedTimestamp", node_get(rec, "receiveTimestamp"), &first);
    kv_str(b, "verb", verb, &first);
    const struct node *auth = node_get(pp, "authenticationInfo");
    const char *user = node_str(node_get(auth, "principalEmail"));
    if (!user)
        user = node_str(node_get(auth, "authoritySelector"));
    if (user) {
        audit_buf_puts(b, ",\"user\":{");
        bool f2 = true;
        kv_str(b, "username", user, &f2);
        audit_buf_putc(b, '}');
    }
    const struct node *md = node_get(pp, "requestMetadata");
    const struct node *ip = node_get(md, "callerIp");
    if (!ip)
        ip = node_get(md, "callerIP");
    if (node_str(ip)) {
        audit_buf_puts(b, ",\"sourceIPs\":[");
        audit_buf_json_string(b, ip->str);
        audit_buf_putc(b, ']');
    }
    kv_node(b, "userAgent", node_get(md, "callerSuppliedUserAgent"), &first);
    const char *rn = node_str(node_get(pp, "resourceName"));
    if (rn)
        write_object_ref(b, rn);
    char code[64];
    snprintf(code, sizeof code, ",\"responseStatus\":{\"code\":%d}", http_code(node_get(pp, "status")));
    audit_buf_puts(b, code);
    const struct node *az = node_at(node_get(pp, "authorizationInfo"), 0);
    const struct node *granted = node_get(az, "granted");
    if (granted) {
        audit_buf_puts(b, ",\"annotations\":{\"authorization.k8s.io/decision\":");
        audit_buf_json_string(b, node_is_true(granted) ? "allow" : "forbid");
        audit_buf_putc(b, '}');
    }
    kv_node(b, "requestObject", node_get(pp, "request"), &first);
    kv_node(b, "responseObject", node_get(pp, "response"), &first);
    audit_buf_putc(b, '}');
    return true;
}
