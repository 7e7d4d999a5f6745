/* version.h — the release this tree builds. */
#ifndef RINGWALL_VERSION
#define RINGWALL_VERSION "0.1.0"
#endif

/* Where users read about ringwall (SARIF informationUri). */
#ifndef RINGWALL_URL
#define RINGWALL_URL "https://ringwall.io"
#endif
