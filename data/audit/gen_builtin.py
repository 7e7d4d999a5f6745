#!/usr/bin/env python3
"""gen_builtin.py — writes src/audit/audit_builtin.c: the built-in audit rules
file (data/audit/builtin_rules.yaml) as a C string, so the binary never reads
the checkout. Run by `make builtin-rules`; a suite checks the output is fresh."""
import sys


def main(src, dst):
    with open(src, encoding="utf-8") as f:
        lines = f.read().splitlines()
    out = ["/* audit_builtin.c — the built-in rules (audit_builtin.h), generated from",
           " * data/audit/builtin_rules.yaml by data/audit/gen_builtin.py: edit that file",
           " * and run `make builtin-rules`. */",
           '#include "audit_builtin.h"', "",
           "const char AUDIT_BUILTIN_RULES[] ="]
    for line in lines:
        esc = line.replace("\\", "\\\\").replace('"', '\\"')
        out.append(f'    "{esc}\\n"')
    out[-1] += ";"
    out += ["", "const size_t AUDIT_BUILTIN_RULES_LEN = sizeof AUDIT_BUILTIN_RULES - 1;", ""]
    with open(dst, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
