/* admit_serve.c — `ringwall admit serve` (the server module is not in this build yet). */
#include "../core/diag.h"
#include "admit_cli.h"

int admit_serve(const struct admit_cli *o, int nargs)
{
    diag_error("admit serve: the HTTPS server module is not in this build");
    return 2;
}
