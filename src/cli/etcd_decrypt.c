/* etcd_decrypt.c — `ringwall etcd decrypt`: an encrypted backup back to the
 * plain snapshot `etcdctl snapshot restore` (or etcdutl) takes. The output
 * is written atomically and readable by its owner only; a wrong key, a
 * damaged or a truncated file leaves nothing under its name. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/atomic_file.h"
#include "../core/diag.h"
#include "../etcd/backup_crypt.h"
#include "cli_util.h"
#include "etcd_cli.h"

static const char USAGE[] =
    "usage: ringwall etcd decrypt --encrypt-key-file K --out FILE BACKUP\n"
    "Decrypts a backup written by `etcd backup --encrypt-key-file` into the plain\n"
    "snapshot for `etcdctl snapshot restore` (etcd 3.4) or `etcdutl snapshot restore`\n"
    "(3.5 and later). Every chunk is authenticated before it is written; FILE appears\n"
    "only once the whole backup decrypted (mode 0600).\n"
    "  -k, --encrypt-key-file K  the backup's key (32 raw bytes or 64 hex digits)\n"
    "      --out FILE            the plain snapshot to write\n"
    "\n"
    "Exit status: 0 written, 2 wrong key, damaged or truncated backup, usage or I/O\n"
    "error (nothing written).\n";

enum { OPT_OUT = 256 };

static const struct option OPTIONS[] = {
    {"encrypt-key-file", required_argument, NULL, 'k'},
    {"out", required_argument, NULL, OPT_OUT},
    {"help", no_argument, NULL, 'h'},
    {0},
};

/* Copies the plaintext of d into f; false after reporting an error. */
static bool copy_plain(struct backup_decryptor *d, FILE *f, const char *out)
{
    static unsigned char buf[1 << 16];
    for (;;) {
        ssize_t n = backup_decrypt_read(d, buf, sizeof buf);
        if (n < 0)
            return false; /* reported, naming the backup */
        if (n == 0)
            return true;
        if (fwrite(buf, 1, (size_t)n, f) != (size_t)n) {
            diag_error("%s: %s", out, strerror(errno));
            return false;
        }
    }
}

int etcd_decrypt_main(int argc, char **argv)
{
    const char *key_file = NULL, *out = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "k:h", OPTIONS, NULL)) != -1) {
        if (c == 'k')
            key_file = optarg;
        else if (c == OPT_OUT)
            out = optarg;
        else if (c == 'h')
            return cli_help(USAGE);
        else
            return cli_bad_option(USAGE);
    }
    if (!key_file || !out || optind != argc - 1)
        return cli_usage_error(USAGE, "give --encrypt-key-file, --out and one backup file");
    const char *in = argv[optind];
    unsigned char key[BACKUP_KEY_SIZE];
    if (backup_key_load(key_file, key) != 0)
        return 2;
    int fd = open(in, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        diag_error("%s: %s", in, strerror(errno));
        return 2;
    }
    struct backup_decryptor *d = backup_decrypt_begin(fd, in, key);
    memset(key, 0, sizeof key);
    struct atomic_file af;
    FILE *f = d ? atomic_open(&af, out) : NULL;
    if (d && !f)
        diag_error("%s: %s", out, strerror(errno));
    bool ok = f && (!af.tmp || fchmod(fileno(f), 0600) == 0) && copy_plain(d, f, out);
    if (f && !ok)
        atomic_abort(&af);
    else if (f && atomic_commit(&af) != 0) {
        diag_error("%s: %s", out, strerror(errno));
        ok = false;
    }
    if (d)
        backup_decrypt_end(d);
    close(fd);
    return ok ? 0 : 2;
}
