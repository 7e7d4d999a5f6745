/* fuzz_backup_crypt.c — libFuzzer target for the encrypted-backup reader:
 * any bytes decrypted with a fixed key never crash, and nothing is handed
 * out unless its chunk authenticates. The corpus holds backups encrypted
 * with that key (0x00, 0x01, ... 0x1f). */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../src/etcd/backup_crypt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char key[BACKUP_KEY_SIZE];
    for (int i = 0; i < BACKUP_KEY_SIZE; i++)
        key[i] = (unsigned char)i;
    int fd = memfd_create("fuzz", MFD_CLOEXEC);
    if (fd < 0 || write(fd, data, size) != (ssize_t)size || lseek(fd, 0, SEEK_SET) != 0)
        abort();
    struct backup_decryptor *d = backup_decrypt_begin(fd, "fuzz.enc", key);
    if (d) {
        unsigned char buf[4096];
        size_t total = 0;
        ssize_t n;
        while ((n = backup_decrypt_read(d, buf, sizeof buf)) > 0)
            total += (size_t)n;
        /* the plaintext is never longer than the ciphertext */
        if (total > size)
            abort();
        backup_decrypt_end(d);
    }
    close(fd);
    return 0;
}
