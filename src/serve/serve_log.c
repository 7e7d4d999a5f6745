/* serve_log.c — the event log (serve_log in serve.h): one JSON object per
 * line on stderr (time, level, event, then the caller's members), written
 * with a single write so lines from different threads never interleave. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "../output/jsonw.h"
#include "serve_int.h"

static void log_time(FILE *out)
{
    struct timespec ts;
    struct tm tm;
    char buf[32];
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    fprintf(out, "{\"time\":\"%s.%03ldZ\"", buf, ts.tv_nsec / 1000000);
}

void serve_log_line(const char *line, size_t len)
{
    for (size_t off = 0; off < len;) {
        ssize_t n = write(2, line + off, len - off);
        if (n <= 0)
            break;
        off += (size_t)n;
    }
}

void serve_log(const char *level, const char *event, ...)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&buf, &size);
    if (!out)
        return;
    log_time(out);
    fprintf(out, ",\"level\":\"%s\",\"event\":", level);
    json_write_string(out, event);
    va_list ap;
    va_start(ap, event);
    for (const char *k; (k = va_arg(ap, const char *));) {
        const char *v = va_arg(ap, const char *);
        bool raw = *k == '#';
        putc(',', out);
        json_write_string(out, raw ? k + 1 : k);
        putc(':', out);
        if (raw)
            fputs(v, out);
        else
            json_write_string(out, v ? v : "");
    }
    va_end(ap);
    fputs("}\n", out);
    fclose(out);
    serve_log_line(buf, size);
    free(buf);
}
