/* etcd_offline.c — `ringwall etcd verify` and `ringwall etcd inspect`:
 * snapshot files (or encrypted backups of them) read without any etcd
 * running, reported as findings in every report format. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../checks/check.h"
#include "../core/diag.h"
#include "../core/openssl_libs.h"
#include "../core/sort.h"
#include "../core/strmap.h"
#include "../etcd/at_rest.h"
#include "../etcd/snapshot.h"
#include "../output/output.h"
#include "cli_util.h"
#include "etcd_cli.h"

static const char VERIFY_USAGE[] =
    "usage: ringwall etcd verify [OPTIONS] FILE\n"
    "Checks an etcd snapshot (`etcdctl snapshot save`, `ringwall etcd backup`), or an\n"
    "encrypted backup of one: its SHA-256 trailer, both bbolt meta pages and their\n"
    "checksums, the whole page tree, and the MVCC keyspace; reports the figures\n"
    "`etcdctl snapshot status` gives (hash, revision, total keys, total size).\n"
    "  -k, --encrypt-key-file K  the key of an encrypted backup (32 bytes or 64 hex digits)\n"
    "  -f, --format FMT          text (default; or txt), json, jsonl, sarif, junit\n"
    "  -o, --output FILE         write the report to FILE (atomically)\n"
    "      --fail-on SEV         exit 1 on a finding this severe or worse (default high)\n"
    "      --no-color            never colour the text report (NO_COLOR works too)\n"
    "\n"
    "Exit status: 0 sound, 1 findings at or above --fail-on, 2 a damaged, truncated or\n"
    "undecryptable file (reported as etcd/snapshot-damaged too), usage or I/O error.\n";

static const char INSPECT_USAGE[] =
    "usage: ringwall etcd inspect [OPTIONS] FILE\n"
    "Reads an etcd snapshot (or an encrypted backup of one) offline: every Secret stored\n"
    "plain (etcd/secret-plain, by namespace and name), the encryption providers and key\n"
    "names in use, and the number of objects of each resource at the snapshot's revision.\n"
    "Secret values are never printed.\n"
    "  -k, --encrypt-key-file K  the key of an encrypted backup (32 bytes or 64 hex digits)\n"
    "      --prefix P            the API server's --etcd-prefix (default /registry)\n"
    "  -f, --format FMT          text (default; or txt), json, jsonl, sarif, junit\n"
    "  -o, --output FILE         write the report to FILE (atomically)\n"
    "      --fail-on SEV         exit 1 on a finding this severe or worse (default high)\n"
    "      --no-color            never colour the text report (NO_COLOR works too)\n"
    "\n"
    "Exit status: 0 no finding at or above --fail-on, 1 such findings, 2 a damaged or\n"
    "undecryptable file, usage or I/O error.\n";

enum { OPT_FAIL_ON = 256, OPT_NO_COLOR, OPT_PREFIX };

static const struct option OPTIONS[] = {
    {"encrypt-key-file", required_argument, NULL, 'k'},
    {"format", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"fail-on", required_argument, NULL, OPT_FAIL_ON},
    {"no-color", no_argument, NULL, OPT_NO_COLOR},
    {"prefix", required_argument, NULL, OPT_PREFIX},
    {"help", no_argument, NULL, 'h'},
    {0},
};

struct offline_options {
    const char *usage;
    const char *key_file;
    enum output_format format;
    const char *output;
    enum severity fail_on;
    bool no_color;
    const char *prefix; /* inspect: the API server's --etcd-prefix */
    const char *path;
};

/* Returns -1 to go on, else an exit status. */
static int parse_options(int argc, char **argv, struct offline_options *o)
{
    int c, rc;
    o->fail_on = SEV_HIGH;
    o->prefix = "/registry";
    optind = 1;
    while ((c = getopt_long(argc, argv, "k:f:o:h", OPTIONS, NULL)) != -1) {
        switch (c) {
        case 'k':
            o->key_file = optarg;
            break;
        case 'f':
            if (!output_format_parse(optarg, &o->format) &&
                !output_format_parse(cli_format_other(optarg), &o->format))
                return cli_usage_error(o->usage,
                                       "unknown format '%s' (text, json, jsonl, sarif, junit)",
                                       optarg);
            break;
        case 'o':
            if ((rc = cli_output_arg(o->usage, optarg, &o->output)) >= 0)
                return rc;
            break;
        case OPT_FAIL_ON:
            if (!severity_parse(optarg, &o->fail_on))
                return cli_usage_error(
                    o->usage, "unknown severity '%s' (critical, high, medium, low, info, none)",
                    optarg);
            break;
        case OPT_NO_COLOR:
            o->no_color = true;
            break;
        case OPT_PREFIX:
            if (o->usage != INSPECT_USAGE)
                return cli_usage_error(o->usage, "--prefix is an option of etcd inspect");
            o->prefix = optarg;
            break;
        case 'h':
            return cli_help(o->usage);
        default:
            return cli_bad_option(o->usage);
        }
    }
    if ((rc = cli_need_inputs(o->usage, optind, argc)) >= 0)
        return rc;
    if (argc - optind > 1)
        return cli_usage_error(o->usage, "give one snapshot file");
    o->path = argv[optind];
    return -1;
}

/* One run: the snapshot open, the findings, the report. */
struct offline_run {
    struct offline_options o;
    struct snapshot snap;
    struct findings findings;
    struct report_ctx r;
    bool damaged; /* or unreadable: exit 2 */
    size_t objects;
};

/* Reports the damage in s->problem: on stderr, and as a finding. */
static void report_damage(struct offline_run *run, const char *problem)
{
    diag_error("%s: %s", run->o.path, problem);
    struct object_ref ref = {.file = run->o.path};
    report_ref(&run->r, "etcd/snapshot-damaged", &ref, NULL, NULL, "%s", problem);
    run->damaged = true;
}

/* Parses the options, loads the key and opens the snapshot: -1 to go on
 * (run->damaged tells whether the file is readable), else an exit status. */
static int begin(struct offline_run *run, int argc, char **argv)
{
    int rc = parse_options(argc, argv, &run->o);
    if (rc >= 0)
        return rc;
    unsigned char key[BACKUP_KEY_SIZE];
    if (run->o.key_file && backup_key_load(run->o.key_file, key) != 0)
        return 2;
    run->r.out = &run->findings;
    enum snapshot_rc src = snapshot_open(&run->snap, run->o.path, run->o.key_file ? key : NULL);
    OPENSSL_cleanse(key, sizeof key);
    if (src == SNAPSHOT_DAMAGED)
        report_damage(run, run->snap.problem);
    else if (src == SNAPSHOT_ERROR) {
        struct object_ref ref = {.file = run->o.path};
        if (run->snap.encrypted && run->o.key_file)
            report_ref(&run->r, "etcd/snapshot-damaged", &ref, NULL, NULL,
                       "the encrypted backup cannot be decrypted: wrong key, damaged or "
                       "truncated (the error says which)");
        run->damaged = true;
    }
    return -1;
}

static int finish(struct offline_run *run)
{
    struct cli_sink sink;
    int rc = 0;
    if (!cli_sink_open(&sink, run->o.output))
        rc = 2;
    else {
        struct scan_result res = {.findings = &run->findings, .fail_on = run->o.fail_on,
                                  .summary = {.files = 1, .objects = run->objects}};
        output_write(sink.f, run->o.format, &res,
                     cli_use_color(run->o.format == FORMAT_TEXT, sink.path, run->o.no_color));
        if (cli_sink_close(&sink) != 0)
            rc = 2;
    }
    if (!rc && findings_failing(&run->findings, run->o.fail_on))
        rc = 1;
    if (run->damaged)
        rc = 2;
    findings_free(&run->findings);
    snapshot_close(&run->snap);
    return rc;
}

/* A subcommand: options, the snapshot, body (unless the file is damaged
 * or unreadable), the report. */
static int offline_main(int argc, char **argv, const char *usage,
                        void (*body)(struct offline_run *run))
{
    struct offline_run run = {.o.usage = usage};
    int rc = begin(&run, argc, argv);
    if (rc >= 0)
        return rc;
    if (!run.damaged)
        body(&run);
    return finish(&run);
}

/* verify */

static void verify(struct offline_run *run)
{
    struct snapshot *s = &run->snap;
    int trailer = snapshot_check_trailer(s);
    if (trailer == 0)
        report_damage(run, s->problem);
    struct snapshot_status st;
    if (snapshot_status(s, &st) != SNAPSHOT_OK) {
        report_damage(run, s->problem);
        return;
    }
    size_t live = 0;
    if (snapshot_live_keys(s, NULL, NULL, &live) != SNAPSHOT_OK) {
        report_damage(run, s->problem);
        return;
    }
    run->objects = live;
    struct object_ref ref = {.file = run->o.path};
    if (trailer < 0)
        report_ref(&run->r, "etcd/snapshot-no-hash", &ref, NULL, NULL,
                   "no SHA-256 trailer: not saved by etcdctl snapshot save or ringwall etcd "
                   "backup; the structure was checked, the data bytes could not be");
    if (trailer == 0)
        return;
    char freelist[64];
    if (st.stats.freelist_stored)
        snprintf(freelist, sizeof freelist, "%llu free", (unsigned long long)st.stats.free);
    else
        snprintf(freelist, sizeof freelist, "%llu unused, freelist not stored",
                 (unsigned long long)st.stats.unreachable);
    char enc[BACKUP_KEY_ID_MAX + 64] = "";
    if (s->encrypted)
        snprintf(enc, sizeof enc, "; decrypted and authenticated (key id \"%s\")", s->key_id);
    report_ref(&run->r, "etcd/snapshot-summary", &ref, NULL, NULL,
               "hash %u, revision %llu, total keys %llu, total size %llu; %zu live keys, "
               "%llu revisions (%llu deletions), consistent index %llu, compacted at %llu; "
               "%llu pages of %u bytes (%llu branch, %llu leaf, %llu overflow, %s), "
               "%s%s",
               st.hash, (unsigned long long)st.revision, (unsigned long long)st.total_keys,
               (unsigned long long)st.total_size, live, (unsigned long long)st.revisions,
               (unsigned long long)st.tombstones, (unsigned long long)st.consistent_index,
               (unsigned long long)st.compact_revision, (unsigned long long)st.stats.pages,
               s->db.page_size, (unsigned long long)st.stats.branch,
               (unsigned long long)st.stats.leaf, (unsigned long long)st.stats.overflow,
               freelist,
               trailer > 0 ? "SHA-256 trailer matches" : "no SHA-256 trailer", enc);
}

int etcd_verify_main(int argc, char **argv)
{
    return offline_main(argc, argv, VERIFY_USAGE, verify);
}

/* inspect */

struct resource_count {
    const char *name;
    size_t count;
};

struct inspect {
    struct offline_run *run;
    const char *prefix;      /* the API server's --etcd-prefix, with a slash */
    size_t prefix_len;
    struct at_rest_summary secrets;
    struct strmap ranks;     /* resources, numbered as first seen ... */
    struct resource_count *counts; /* ... with their names and counts */
    size_t ncounts, cap;
};

/* The resource of a key: the segment after the prefix, or group/resource
 * when that segment is an API group (it has a dot); NULL for a key outside
 * the prefix. Written into buf. */
static const char *resource_of(const struct inspect *in, const unsigned char *k, size_t n,
                               char *buf, size_t size)
{
    if (n <= in->prefix_len || memcmp(k, in->prefix, in->prefix_len) != 0)
        return NULL;
    const unsigned char *p = k + in->prefix_len, *end = k + n;
    const unsigned char *slash = memchr(p, '/', (size_t)(end - p));
    const unsigned char *stop = slash ? slash : end;
    if (memchr(p, '.', (size_t)(stop - p)) && slash) {
        const unsigned char *next = memchr(slash + 1, '/', (size_t)(end - slash - 1));
        stop = next ? next : end;
    }
    size_t len = (size_t)(stop - p);
    if (len >= size)
        len = size - 1;
    memcpy(buf, p, len);
    buf[len] = 0;
    return buf;
}

static void inspect_key(void *ctx, const struct snapshot_key *k)
{
    struct inspect *in = ctx;
    char buf[256];
    const char *res = resource_of(in, k->key, k->key_len, buf, sizeof buf);
    bool secret = res && strcmp(res, "secrets") == 0;
    if (!res)
        res = "(keys outside the prefix)";
    size_t i = strmap_rank(&in->ranks, res, strlen(res));
    if (i == in->ncounts) {
        ARRAY_GROW(in->counts, in->ncounts, in->cap);
        in->counts[in->ncounts++] = (struct resource_count){xstrdup(res), 0};
    }
    in->counts[i].count++;
    if (secret && !memchr(k->key, 0, k->key_len)) {
        char *key = xmalloc(k->key_len + 1);
        memcpy(key, k->key, k->key_len);
        key[k->key_len] = 0;
        at_rest_summary_add(&in->secrets, key, k->value, k->value_len);
        free(key);
    }
}

static int cmp_resource(const void *a, const void *b)
{
    return strcmp(((const struct resource_count *)a)->name,
                  ((const struct resource_count *)b)->name);
}

/* The counts, by resource name. */
static void report_counts(struct inspect *in)
{
    struct resource_count *v = in->counts;
    sort_array(v, in->ncounts, sizeof *v, cmp_resource);
    struct object_ref ref = {.file = in->run->o.path};
    for (size_t i = 0; i < in->ncounts; i++)
        report_ref(&in->run->r, "etcd/snapshot-objects", &ref, NULL, v[i].name, "%s: %zu",
                   v[i].name, v[i].count);
}

static void inspect(struct offline_run *run)
{
    char *prefix = arena_printf(&run->findings.arena, "%s/", run->o.prefix);
    while (strlen(prefix) > 1 && prefix[strlen(prefix) - 2] == '/')
        prefix[strlen(prefix) - 1] = 0; /* one slash at the end */
    struct inspect in = {.run = run, .prefix = prefix, .prefix_len = strlen(prefix)};
    at_rest_summary_init(&in.secrets, run->o.path);
    size_t live = 0;
    if (snapshot_live_keys(&run->snap, inspect_key, &in, &live) != SNAPSHOT_OK) {
        report_damage(run, run->snap.problem);
    } else {
        run->objects = live;
        at_rest_summary_report(&in.secrets, &run->r);
        report_counts(&in);
    }
    for (size_t i = 0; i < in.ncounts; i++)
        free((char *)in.counts[i].name);
    free(in.counts);
    strmap_free(&in.ranks);
    at_rest_summary_free(&in.secrets);
}

int etcd_inspect_main(int argc, char **argv)
{
    return offline_main(argc, argv, INSPECT_USAGE, inspect);
}
