/* audit_builtin.c — the built-in rules (audit_builtin.h). */
#include "audit_builtin.h"

const char AUDIT_BUILTIN_RULES[] =
    "- list: dummy\n"
    "  items: []\n";

const size_t AUDIT_BUILTIN_RULES_LEN = sizeof AUDIT_BUILTIN_RULES - 1;
