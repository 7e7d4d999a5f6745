/* backup_crypt.h — encrypted backup files: AES-256-GCM over a stream, in
 * chunks, so that neither side ever holds the whole backup. The layout is
 * documented in docs/etcd.md ("Backup file format"):
 *
 *   header  "RWETCDBK" | version 1 | key id length | chunk size (u32 BE) |
 *           base nonce (12) | key check (16) | key id
 *   chunks  flags (1: bit 0 = final) | length (u32 BE) | ciphertext | tag (16)
 *
 * Chunk i is sealed with the nonce base XOR i (big-endian, in the last 8
 * bytes) and authenticates the whole header, its flags and its length, so a
 * reordered, dropped, truncated or altered chunk fails; exactly one chunk,
 * the last, carries the final flag, so a file cut at a chunk boundary fails
 * too. The key check (SHA-256 of a fixed label and the key, first 16 bytes)
 * tells a wrong key apart from damage. */
#ifndef RINGWALL_ETCD_BACKUP_CRYPT_H
#define RINGWALL_ETCD_BACKUP_CRYPT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

enum {
    BACKUP_KEY_SIZE = 32,
    BACKUP_MAGIC_SIZE = 8,
    BACKUP_HEADER_FIXED = 42,       /* header bytes before the key id */
    BACKUP_KEY_ID_MAX = 255,
    BACKUP_CHUNK_SIZE = 1 << 20,    /* plaintext bytes per chunk written */
    BACKUP_CHUNK_MAX = 1 << 24,     /* largest chunk size a reader accepts */
    BACKUP_TAG_SIZE = 16,
};

extern const unsigned char BACKUP_MAGIC[BACKUP_MAGIC_SIZE];

/* Whether the n bytes at head (the start of a file) begin an encrypted
 * backup. */
bool backup_is_encrypted(const unsigned char *head, size_t n);

/* Reads a key file: 32 raw bytes, or 64 hex digits (a trailing newline
 * allowed). 0, or -1 after an error naming the file. */
int backup_key_load(const char *path, unsigned char key[BACKUP_KEY_SIZE]);

/* Encryption: the header is written at begin, chunks as data comes, the
 * final chunk at end. NULL / -1 on a write error (errno set; the caller
 * names the file) or a key id longer than 255 bytes (errno EINVAL). end
 * frees the encryptor whatever it returns; backup_encrypt_abort frees it
 * without writing. The descriptor is neither synced nor closed. */
struct backup_encryptor;
struct backup_encryptor *backup_encrypt_begin(int out_fd, const unsigned char key[BACKUP_KEY_SIZE],
                                              const char *key_id);
int backup_encrypt_write(struct backup_encryptor *e, const void *buf, size_t n);
int backup_encrypt_end(struct backup_encryptor *e);
void backup_encrypt_abort(struct backup_encryptor *e);

/* Decryption: begin reads and checks the header (NULL after an error naming
 * `name`, e.g. not an encrypted backup, unknown version, wrong key); read
 * returns plaintext in order, 0 once the final chunk has been authenticated,
 * -1 after an error naming `name` (damaged or truncated). Nothing is returned
 * from a chunk before its tag is checked. */
struct backup_decryptor;
struct backup_decryptor *backup_decrypt_begin(int in_fd, const char *name,
                                              const unsigned char key[BACKUP_KEY_SIZE]);
ssize_t backup_decrypt_read(struct backup_decryptor *d, void *buf, size_t n);
/* The key id from the header (valid until end). */
const char *backup_decrypt_key_id(const struct backup_decryptor *d);
void backup_decrypt_end(struct backup_decryptor *d);

#endif
