/* test_backup_crypt.c — encrypted backups (backup_crypt.h): round trips at
 * chunk-boundary sizes, and every kind of damage (wrong key, flipped bit,
 * cut at or inside a chunk, chunks swapped, data appended) refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../src/etcd/backup_crypt.h"

static const unsigned char KEY[BACKUP_KEY_SIZE] = "0123456789abcdef0123456789abcdef";

/* A temporary file, unlinked, as a descriptor. */
static int temp_fd(void)
{
    char path[] = "/tmp/ringwall-test-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    unlink(path);
    return fd;
}

static unsigned char *pattern(size_t n)
{
    unsigned char *p = malloc(n ? n : 1);
    uint32_t x = 2463534242u;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        p[i] = (unsigned char)x;
    }
    return p;
}

/* Encrypts n bytes in pieces of `step` into a new file; returns its fd. */
static int encrypt_to_file(const unsigned char *data, size_t n, size_t step, const char *key_id)
{
    int fd = temp_fd();
    struct backup_encryptor *e = backup_encrypt_begin(fd, KEY, key_id);
    assert_non_null(e);
    for (size_t at = 0; at < n; at += step)
        assert_int_equal(backup_encrypt_write(e, data + at, at + step > n ? n - at : step), 0);
    assert_int_equal(backup_encrypt_end(e), 0);
    return fd;
}

/* Decrypts the file at fd with key; returns the plaintext (length in *n),
 * or NULL when decryption failed at some point. */
static unsigned char *decrypt_file(int fd, const unsigned char *key, size_t *n)
{
    assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
    struct backup_decryptor *d = backup_decrypt_begin(fd, "test.enc", key);
    if (!d)
        return NULL;
    size_t cap = 1 << 16, len = 0;
    unsigned char *out = malloc(cap);
    for (;;) {
        if (len + 4096 > cap)
            out = realloc(out, cap *= 2);
        ssize_t r = backup_decrypt_read(d, out + len, 4096);
        if (r < 0) {
            free(out);
            backup_decrypt_end(d);
            return NULL;
        }
        if (r == 0)
            break;
        len += (size_t)r;
    }
    backup_decrypt_end(d);
    *n = len;
    return out;
}

static void test_round_trip(void **state)
{
    (void)state;
    const size_t C = BACKUP_CHUNK_SIZE;
    const size_t sizes[] = {0, 1, 100, C - 1, C, C + 1, 3 * C, 3 * C + 17};
    const size_t steps[] = {1 << 20, 7, 65536, 3 * 1024 * 1024};
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        unsigned char *data = pattern(sizes[i]);
        size_t step = steps[i % 4];
        int fd = encrypt_to_file(data, sizes[i], step, "backup-key-2026");
        size_t n = 0;
        unsigned char *back = decrypt_file(fd, KEY, &n);
        if (!back)
            fail_msg("size %zu: does not decrypt", sizes[i]);
        assert_int_equal(n, sizes[i]);
        assert_memory_equal(back, data, n);
        /* the ciphertext is not the plaintext */
        if (sizes[i] >= 1000) {
            unsigned char head[200];
            assert_int_equal(pread(fd, head, sizeof head, 0), (ssize_t)sizeof head);
            assert_null(memmem(head, sizeof head, data, 32));
        }
        free(back);
        free(data);
        close(fd);
    }
}

static size_t file_size(int fd)
{
    off_t end = lseek(fd, 0, SEEK_END);
    assert_true(end >= 0);
    return (size_t)end;
}

static void test_key_id_and_wrong_key(void **state)
{
    (void)state;
    unsigned char *data = pattern(5000);
    int fd = encrypt_to_file(data, 5000, 5000, "k1");
    assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
    struct backup_decryptor *d = backup_decrypt_begin(fd, "x", KEY);
    assert_non_null(d);
    assert_string_equal(backup_decrypt_key_id(d), "k1");
    backup_decrypt_end(d);
    unsigned char other[BACKUP_KEY_SIZE];
    memcpy(other, KEY, sizeof other);
    other[31] ^= 1;
    size_t n;
    assert_null(decrypt_file(fd, other, &n));
    free(data);
    close(fd);
    char long_id[300];
    memset(long_id, 'a', sizeof long_id - 1);
    long_id[sizeof long_id - 1] = 0;
    assert_null(backup_encrypt_begin(temp_fd(), KEY, long_id));
}

/* Every single bit flipped anywhere in a small file is caught. */
static void test_bit_flips(void **state)
{
    (void)state;
    unsigned char *data = pattern(300);
    int fd = encrypt_to_file(data, 300, 300, "k");
    size_t size = file_size(fd);
    unsigned char *file = malloc(size);
    assert_int_equal(pread(fd, file, size, 0), (ssize_t)size);
    for (size_t i = 0; i < size; i++) {
        for (int bit = 0; bit < 8; bit += 3) {
            file[i] ^= (unsigned char)(1 << bit);
            int g = temp_fd();
            assert_int_equal(write(g, file, size), (ssize_t)size);
            size_t n;
            unsigned char *back = decrypt_file(g, KEY, &n);
            if (back)
                fail_msg("bit %d of byte %zu flipped: still decrypts", bit, i);
            close(g);
            file[i] ^= (unsigned char)(1 << bit);
        }
    }
    free(file);
    free(data);
    close(fd);
}

static int file_from(const unsigned char *p, size_t n)
{
    int g = temp_fd();
    assert_int_equal(write(g, p, n), (ssize_t)n);
    return g;
}

static void test_cuts_swaps_appends(void **state)
{
    (void)state;
    const size_t C = BACKUP_CHUNK_SIZE;
    unsigned char *data = pattern(3 * C + 10);
    int fd = encrypt_to_file(data, 3 * C + 10, C, "k");
    size_t size = file_size(fd);
    unsigned char *file = malloc(size + 1);
    assert_int_equal(pread(fd, file, size, 0), (ssize_t)size);
    size_t header = BACKUP_HEADER_FIXED + 1, chunk = 5 + C + BACKUP_TAG_SIZE;
    size_t n;
    /* cut at each chunk boundary, inside a chunk, inside the header */
    const size_t cuts[] = {header + chunk, header + 2 * chunk, header + 3 * chunk,
                           header + chunk / 2, size - 1, 20, header, 0};
    for (size_t i = 0; i < sizeof cuts / sizeof *cuts; i++) {
        int g = file_from(file, cuts[i]);
        if (decrypt_file(g, KEY, &n))
            fail_msg("cut at %zu of %zu: still decrypts", cuts[i], size);
        close(g);
    }
    /* chunks 0 and 1 swapped */
    unsigned char *swapped = malloc(size);
    memcpy(swapped, file, size);
    memcpy(swapped + header, file + header + chunk, chunk);
    memcpy(swapped + header + chunk, file + header, chunk);
    int g = file_from(swapped, size);
    assert_null(decrypt_file(g, KEY, &n));
    close(g);
    /* a byte appended */
    file[size] = 0;
    g = file_from(file, size + 1);
    assert_null(decrypt_file(g, KEY, &n));
    close(g);
    /* the intact file still decrypts */
    g = file_from(file, size);
    unsigned char *back = decrypt_file(g, KEY, &n);
    assert_non_null(back);
    assert_int_equal(n, 3 * C + 10);
    free(back);
    close(g);
    free(swapped);
    free(file);
    free(data);
    close(fd);
}

static const char *write_temp(const void *p, size_t n, char *path)
{
    strcpy(path, "/tmp/ringwall-key-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, p, n), (ssize_t)n);
    close(fd);
    return path;
}

static void test_key_files(void **state)
{
    (void)state;
    char path[64];
    unsigned char key[BACKUP_KEY_SIZE];
    assert_int_equal(backup_key_load(write_temp(KEY, 32, path), key), 0);
    assert_memory_equal(key, KEY, 32);
    unlink(path);
    const char *hex = "000102030405060708090a0b0c0d0e0f101112131415161718191A1B1C1D1E1F\n";
    assert_int_equal(backup_key_load(write_temp(hex, strlen(hex), path), key), 0);
    for (int i = 0; i < 32; i++)
        assert_int_equal(key[i], i);
    unlink(path);
    const char *bad[] = {"short",
                         "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1g",
                         "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e"};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(backup_key_load(write_temp(bad[i], strlen(bad[i]), path), key), -1);
        unlink(path);
    }
    assert_int_equal(backup_key_load("/nonexistent/key", key), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_key_id_and_wrong_key),
        cmocka_unit_test(test_bit_flips),
        cmocka_unit_test(test_cuts_swaps_appends),
        cmocka_unit_test(test_key_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
