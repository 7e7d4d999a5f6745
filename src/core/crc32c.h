/* crc32c.h — CRC-32C (Castagnoli), the checksum etcd reports for a snapshot
 * (`etcdctl snapshot status`). SSE4.2's crc32 instruction where the
 * processor has it, else slicing-by-8 tables. */
#ifndef RINGWALL_CRC32C_H
#define RINGWALL_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/* Continues the CRC crc (0 to start) over n bytes. */
uint32_t crc32c(uint32_t crc, const void *data, size_t n);

#endif
