/* audit_builtin.h — ringwall's built-in audit rules, compiled into the
 * binary as the text of a rules file (audit_builtin.c). */
#ifndef RINGWALL_AUDIT_BUILTIN_H
#define RINGWALL_AUDIT_BUILTIN_H

#include <stddef.h>

extern const char AUDIT_BUILTIN_RULES[];
extern const size_t AUDIT_BUILTIN_RULES_LEN;

#endif
