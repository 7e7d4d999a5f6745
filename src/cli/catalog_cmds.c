/* catalog_cmds.c — `ringwall checks` and `ringwall explain ID`: the catalog
 * as a table and one check in full. */
#include <stdio.h>
#include <string.h>

#include "../checks/catalog.h"
#include "commands.h"

int cmd_checks(int argc, char **argv)
{
    (void)argv;
    if (argc > 1) {
        fputs("usage: ringwall checks\n", stderr);
        return 2;
    }
    for (size_t i = 0; i < catalog_count(); i++) {
        const struct check *c = catalog_at(i);
        printf("%-36s %-9s %s\n", c->id, severity_name(c->severity), c->title);
    }
    return 0;
}

static void print_list(const char *label, const char *const *items, size_t max)
{
    if (!items[0])
        return;
    printf("%s:", label);
    for (size_t i = 0; i < max && items[i]; i++)
        printf("%s %s", i ? "," : "", items[i]);
    putchar('\n');
}

int cmd_explain(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: ringwall explain CHECK-ID (or another tool's id, e.g. KSV-0017)\n", stderr);
        return 2;
    }
    const struct check *c = catalog_find(argv[1]);
    if (!c) {
        fprintf(stderr, "ringwall: no check '%s' (see `ringwall checks`)\n", argv[1]);
        return 2;
    }
    printf("%s — %s\nseverity: %s\n\nwhy: %s\n\nfix: %s\n\n", c->id, c->title,
           severity_name(c->severity), c->why, c->fix);
    print_list("references", c->refs, CHECK_MAX_REFS);
    print_list("aliases", c->aliases, CHECK_MAX_ALIASES);
    return 0;
}
