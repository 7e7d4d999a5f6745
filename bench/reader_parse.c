/* reader_parse.c — ringwall's YAML reader (src/core/yaml_reader.h) as
 * raw_parse.c measures libyaml: an event parse of files, each read whole
 * (inside the timed part); a document the reader declines is parsed by
 * libyaml, as the loader does (events counted either way).
 * Prints "events bytes cpu_seconds" summed over the files. */
#include <stdio.h>
#include <stdlib.h>
#include <yaml.h>

#include "../src/core/yaml_reader.h"
#include "parse_files.h"

/* Events other than the stream's start and end: all, and up to the end of
 * the last complete document. */
struct counts {
    long all, complete;
};

static bool count(const yaml_event_t *ev, void *ctx)
{
    struct counts *c = ctx;
    if (ev->type != YAML_STREAM_START_EVENT && ev->type != YAML_STREAM_END_EVENT)
        c->all++;
    if (ev->type == YAML_DOCUMENT_END_EVENT)
        c->complete = c->all;
    return true;
}

/* libyaml's events for buf[from, to) (without the stream's), or -1. */
static long libyaml_part(const char *buf, size_t from, size_t to)
{
    yaml_parser_t p;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, (const unsigned char *)buf + from, to - from);
    struct counts c = {0};
    for (int end = 0; !end;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev))
            return -1;
        count(&ev, &c);
        end = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    return c.all;
}

/* As the loader reads YAML in memory: the reader, and libyaml for each
 * document it declines (to the next document marker), then the reader on. */
static long parse_file(const char *name, long *bytes)
{
    FILE *in = fopen(name, "rb");
    if (!in) {
        perror(name);
        exit(2);
    }
    fseek(in, 0, SEEK_END);
    long size = ftell(in);
    rewind(in);
    char *buf = malloc((size_t)size + 1);
    size_t len = fread(buf, 1, (size_t)size, in);
    fclose(in);
    long events = 2;
    size_t at = 0;
    if (!yaml_reader_readable(buf, len)) { /* libyaml reports its reader's errors */
        events += libyaml_part(buf, 0, len);
        at = len;
    }
    while (at < len) {
        struct counts c = {0};
        struct yaml_reader_stop stop;
        if (yaml_reader_events(buf + at, len - at, count, &c, &stop)) {
            events += c.all;
            break;
        }
        size_t from = at + stop.offset;
        at = yaml_document_end(buf, len, from);
        long part = libyaml_part(buf, from, at);
        if (part < 0) {
            fprintf(stderr, "%s: parse error\n", name);
            return -1;
        }
        events += c.complete + part;
    }
    *bytes += (long)len;
    free(buf);
    return events;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: reader_parse FILE...\n", stderr);
        return 2;
    }
    return parse_files(argv + 1, argc - 1, parse_file);
}
