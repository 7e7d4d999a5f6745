/* version.h — the release this tree builds. */
#ifndef RINGWALL_VERSION
#define RINGWALL_VERSION "0.1.0"
#endif
