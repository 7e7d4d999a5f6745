/* test_credential.c — which names and values look like credentials
 * (credential.h), one row each: the heuristics behind workload/secret-in-env
 * and configmap/credentials. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/checks/credential.h"

struct name_row {
    const char *name;
    bool credential;
};

static const struct name_row NAMES[] = {
    {"PASSWORD", true}, {"DB_PASSWORD", true}, {"dbPassword", true}, {"db-password", true},
    {"MYSQL_ROOT_PASSWORD", true}, {"PASSWD", true}, {"GPG_PASSPHRASE", true},
    {"SECRET", true}, {"CLIENT_SECRET", true}, {"clientSecret", true}, {"SECRET_KEY", true},
    {"AWS_SECRET_ACCESS_KEY", true}, {"GITHUB_TOKEN", true}, {"api-token", true},
    {"API_KEY", true}, {"apiKey", true}, {"PRIVATE_KEY", true}, {"ACCESS_KEY", true},
    {"CREDENTIALS", true}, {"GOOGLE_CREDENTIALS", true}, {"TOKEN_SECRET", true},
    {"SECRET_PASSWORD_LENGTH", false}, {"PASSWORD_FILE", false}, {"DB_PASSWORD_PATH", false},
    {"SECRET_NAME", false}, {"secretName", false}, {"TOKEN_URL", false},
    {"tokenEndpoint", false}, {"TOKEN_TTL", false}, {"TOKEN_TIMEOUT", false},
    {"ACCESS_KEY_ID", false}, {"AWS_ACCESS_KEY_ID", false}, {"SECRETS_DIR", false},
    {"TOKEN_AUDIENCE", false}, {"TOKEN_ISSUER", false}, {"SECRET_NAMESPACE", false},
    {"PASSWORD_HASH", false}, {"SERVICE_ACCOUNT_TOKEN_MOUNT", false},
    {"LOG_LEVEL", false}, {"PWD", false}, {"HOME", false}, {"KEY", false},
    {"MONKEY", false}, {"", false},
    {"DB_PWD", true}, {"OLDPWD", false}, {"ENCRYPTION_KEY", true}, {"SIGNING_KEY", true},
    {"MASTER_KEY", true}, {"SSH_KEY", true}, {"AZURE_STORAGE_ACCOUNT_KEY", true},
    {"AZURE_CLIENT_KEY", true}, {"OCI_CLI_KEY_CONTENT", true}, {"ENCRYPTION_KEY_FILE", false},
    {"SSH_KEY_PATH", false}, {"MASTER_KEY_ID", false}, {"AZURE_KEY_VAULT_NAME", false},
    {"OCI_KEY_FILE", false},
};

static void test_names(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof NAMES / sizeof *NAMES; i++)
        if (credential_name(NAMES[i].name) != NAMES[i].credential)
            fail_msg("\"%s\": want %s", NAMES[i].name, NAMES[i].credential ? "yes" : "no");
}

struct value_row {
    const char *value;
    bool literal;
};

static const struct value_row LITERALS[] = {
    {"hunter2", true}, {"0000", true}, {"changeme", true}, {"$(A)$(B)", true},
    {"pre-$(A)", true}, {"", false}, {"   ", false}, {"$(API_TOKEN)", false},
    {"${API_TOKEN}", false}, {"true", false}, {"False", false}, {"yes", false},
    {"off", false},
};

static void test_literals(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof LITERALS / sizeof *LITERALS; i++)
        if (credential_literal(LITERALS[i].value) != LITERALS[i].literal)
            fail_msg("\"%s\": want %s", LITERALS[i].value, LITERALS[i].literal ? "yes" : "no");
}

struct material_row {
    const char *value;
    const char *what; /* NULL: none */
};

static const struct material_row MATERIAL[] = {
    {"-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----", "a private key"},
    {"x: |\n  -----BEGIN OPENSSH PRIVATE KEY-----\n  b3Bl\n", "a private key"},
    {"-----BEGIN EC PRIVATE KEY-----", "a private key"},
    {"-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----", NULL},
    {"-----BEGIN PUBLIC KEY-----", NULL},
    {"PRIVATE KEY-----", NULL},
    {"AKIAIOSFODNN7EXAMPLE", "an AWS access key"},
    {"aws_access_key_id=AKIAIOSFODNN7EXAMPLE\n", "an AWS access key"},
    {"ASIAIOSFODNN7EXAMPLE", "an AWS access key"},
    {"AKIAIOSFODNN7EXAMPL", NULL},
    {"AKIAIOSFODNN7EXAMPLEX", NULL},
    {"XAKIAIOSFODNN7EXAMPLE", NULL},
    {"akiaiosfodnn7example", NULL},
    {"ghp_0123456789abcdefghijABCDEFGHIJ012345", "a GitHub token"},
    {"token: ghp_0123456789abcdefghij", NULL},
    {"xoxb-1234-5678-abcdef", "a Slack token"},
    {"sk_live_0123456789abcdefghijABCD", "a Stripe secret key"},
    {"sk_test_0123456789abcdefghijABCD", NULL},
    {"plain configuration", NULL},
    {"", NULL},
    {"BEGIN RSA PRIVATE KEY MIIE", "a private key"},
    {"BEGIN CERTIFICATE\nPRIVATE KEY", NULL},
    {"aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "an AWS secret access key"},
    {"aws_secret_access_key = ${AWS_SECRET}", NULL},
    {"ghs_0123456789abcdefghijABCDEFGHIJ012345", "a GitHub token"},
    {"glpat-abcdefghij0123456789", "a GitLab token"},
    {"glpat-short", NULL},
    {"xoxa-2-123", "a Slack token"},
    {"https://hooks.slack.com/services/T000/B000/XXXX", "a Slack webhook URL"},
    {"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV",
     "a JSON Web Token"},
    {"eyJhbGciOiJIUzI1NiJ9", NULL},
    {"postgres://app:s3cr3t@db:5432/app", "a connection string with a password"},
    {"postgres://app@db:5432/app", NULL},
    {"postgres://app:${DB_PASSWORD}@db:5432/app", NULL},
    {"https://example.com/a:b@c", NULL},
    {"Server=db;User Id=app;Password=s3cr3t;", "a connection string with a password"},
    {"Server=db;Password=;", NULL},
    {"password=secret", NULL},
    {"Data Source=x;PWD=hunter2", "a connection string with a password"},
    {"pwd=hunter2;", "a connection string with a password"},
    {"a=1;b=2;c=3;Password=s3cr3t", "a connection string with a password"},
    {"Server=db;OldPassword=s3cr3t;", NULL},
    {"Server=db;Password= s3cr3t;", NULL},
    {"Server=db;Password=${DB_PASSWORD};", NULL},
    {"Server=db;Password", NULL},
    {"=;Password=", NULL},
};

static void test_material(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof MATERIAL / sizeof *MATERIAL; i++) {
        const struct material_row *r = &MATERIAL[i];
        const char *got = credential_material(r->value, strlen(r->value));
        if ((got == NULL) != (r->what == NULL) || (got && strcmp(got, r->what) != 0))
            fail_msg("row %zu: got %s, want %s", i, got ? got : "none", r->what ? r->what : "none");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_literals),
        cmocka_unit_test(test_material),
    };
    return cmocka_run_group_tests_name("credential", tests, NULL, NULL);
}
