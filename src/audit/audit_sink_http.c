/* audit_sink_http.c — the HTTP transports of the alert sinks, over libcurl:
 * a POST of the alert as JSON in Falco's layout (time, rule, priority,
 * output, output_fields, source, tags: what Falcosidekick and other Falco
 * pipelines read), or a Slack incoming-webhook message ({"text": ...}).
 * A 2xx answer delivers; 408, 429, 5xx and transport errors are retried;
 * any other answer fails the alert at once. One connection per sink, kept
 * alive between alerts. */
#include "audit_sink_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/arena.h"
#include "audit_alert.h"
#include "audit_sink_curl.h"
#include "audit_text.h"

struct http_conn {
    CURL *h;
    struct curl_slist *headers;
    char error[CURL_ERROR_SIZE];
};

/* Text on an open_memstream, returned as a malloc'd buffer. */
struct memtext {
    char *p;
    size_t len;
    FILE *f;
};

static FILE *memtext_open(struct memtext *m)
{
    memset(m, 0, sizeof *m);
    m->f = open_memstream(&m->p, &m->len);
    if (!m->f) { /* only when memory is exhausted: as xmalloc does then */
        fputs("ringwall: out of memory\n", stderr);
        abort();
    }
    return m->f;
}

static char *memtext_close(struct memtext *m, size_t *len)
{
    fclose(m->f);
    while (m->len && m->p[m->len - 1] == '\n')
        m->p[--m->len] = '\0';
    *len = m->len;
    return m->p;
}

static char *falco_render(const struct alert_sink *s, const struct audit_alert *a, size_t *len)
{
    struct memtext m;
    struct audit_writer aw;
    audit_writer_begin(&aw, memtext_open(&m), AUDIT_FALCO);
    audit_writer_alert(&aw, a);
    return memtext_close(&m, len);
}

/* Slack's mrkdwn: &, < and > are escaped; the rest is plain text. */
static void slack_escape(struct audit_buf *b, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '&')
            audit_buf_puts(b, "&amp;");
        else if (*s == '<')
            audit_buf_puts(b, "&lt;");
        else if (*s == '>')
            audit_buf_puts(b, "&gt;");
        else
            audit_buf_putc(b, *s);
    }
}

static char *slack_render(const struct alert_sink *s, const struct audit_alert *a, size_t *len)
{
    struct audit_buf text = {0};
    audit_buf_putc(&text, '*');
    audit_buf_puts(&text, audit_priority_name(a->rule->priority));
    audit_buf_puts(&text, "* `");
    slack_escape(&text, a->rule->name);
    audit_buf_puts(&text, "`: ");
    slack_escape(&text, a->output);
    const char *t = audit_event_time(a->ev);
    if (t) {
        audit_buf_puts(&text, " (");
        slack_escape(&text, t);
        audit_buf_putc(&text, ')');
    }
    struct audit_buf body = {0};
    audit_buf_puts(&body, "{\"text\":");
    audit_buf_json_string(&body, audit_buf_str(&text));
    audit_buf_putc(&body, '}');
    audit_buf_free(&text);
    *len = body.len;
    return body.p;
}

static size_t discard(char *p, size_t size, size_t n, void *ctx)
{
    return size * n;
}

static enum sink_result http_deliver(struct alert_sink *s, const char *msg, size_t len,
                                     char *why, size_t why_size)
{
    struct http_conn *c = s->conn;
    sink_curl.easy_setopt(c->h, CURLOPT_POSTFIELDS, msg);
    sink_curl.easy_setopt(c->h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    c->error[0] = '\0';
    CURLcode rc = sink_curl.easy_perform(c->h);
    if (rc != CURLE_OK) {
        snprintf(why, why_size, "%s", c->error[0] ? c->error : sink_curl.easy_strerror(rc));
        return SINK_RETRY;
    }
    long code = 0;
    sink_curl.easy_getinfo(c->h, CURLINFO_RESPONSE_CODE, &code);
    if (code >= 200 && code < 300)
        return SINK_DELIVERED;
    snprintf(why, why_size, "HTTP status %ld", code);
    return code == 408 || code == 429 || code >= 500 ? SINK_RETRY : SINK_FAILED;
}

static void http_close(struct alert_sink *s)
{
    struct http_conn *c = s->conn;
    sink_curl.easy_cleanup(c->h);
    sink_curl.slist_free_all(c->headers);
    free(c);
}

static const struct sink_transport HTTP = {
    .render = falco_render, .deliver = http_deliver, .close = http_close,
};
static const struct sink_transport SLACK = {
    .render = slack_render, .deliver = http_deliver, .close = http_close,
};

bool sink_http_open(struct alert_sink *s, char *why, size_t why_size)
{
    if (strncmp(s->target, "http://", 7) != 0 && strncmp(s->target, "https://", 8) != 0) {
        snprintf(why, why_size, "expected an http:// or https:// URL");
        return false;
    }
    if (!sink_curl_load(why, why_size))
        return false;
    struct http_conn *c = xcalloc(1, sizeof *c);
    c->h = sink_curl.easy_init();
    if (!c->h) {
        free(c);
        snprintf(why, why_size, "libcurl cannot make a handle");
        return false;
    }
    c->headers = sink_curl.slist_append(NULL, "Content-Type: application/json");
    long timeout_ms = (long)(s->o.timeout_s * 1000);
    CURL *h = c->h;
    sink_curl.easy_setopt(h, CURLOPT_URL, s->target);
    sink_curl.easy_setopt(h, CURLOPT_HTTPHEADER, c->headers);
    sink_curl.easy_setopt(h, CURLOPT_USERAGENT, "ringwall");
    sink_curl.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    sink_curl.easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
    sink_curl.easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
    sink_curl.easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
    sink_curl.easy_setopt(h, CURLOPT_ERRORBUFFER, c->error);
    sink_curl.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    s->conn = c;
    s->t = s->kind == SINK_SLACK ? &SLACK : &HTTP;
    return true;
}
