/* credential.c — credential-looking names and values (credential.h). */
#include "credential.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static const char *const SECRET_WORDS[] = {
    "password", "passwd", "passphrase", "secret", "token", "apikey", "privatekey",
    "accesskey", "credential", "clientsecret",
};

/* Endings of names that refer to a credential instead of holding it. */
static const char *const REFERENCE_ENDINGS[] = {
    "file", "path", "dir", "name", "names", "url", "uri", "endpoint", "ttl", "timeout",
    "expiry", "expiration", "lifetime", "length", "ref", "id", "enabled", "enable", "mount",
    "type", "header", "format", "location", "audience", "issuer", "mode", "policy", "size",
    "version", "namespace", "source", "provider", "store", "hash",
    "required", "rotation", "period", "duration", "interval", "seconds",
};

static size_t compact(const char *name, char *out, size_t size)
{
    size_t n = 0;
    for (const char *p = name; *p && n + 1 < size; p++)
        if (isalnum((unsigned char)*p))
            out[n++] = (char)tolower((unsigned char)*p);
    out[n] = '\0';
    return n;
}

static bool ends_with(const char *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

bool credential_name(const char *name)
{
    char buf[256];
    size_t n = compact(name, buf, sizeof buf);
    bool secret = false;
    for (size_t i = 0; i < sizeof SECRET_WORDS / sizeof *SECRET_WORDS && !secret; i++)
        secret = strstr(buf, SECRET_WORDS[i]) != NULL;
    if (!secret)
        return false;
    for (size_t i = 0; i < sizeof SECRET_WORDS / sizeof *SECRET_WORDS; i++)
        if (ends_with(buf, n, SECRET_WORDS[i]))
            return true;
    for (size_t i = 0; i < sizeof REFERENCE_ENDINGS / sizeof *REFERENCE_ENDINGS; i++)
        if (ends_with(buf, n, REFERENCE_ENDINGS[i]))
            return false;
    return true;
}

bool credential_literal(const char *value)
{
    size_t n = strlen(value);
    while (n > 0 && isspace((unsigned char)value[n - 1]))
        n--;
    if (n == 0)
        return false;
    if (n >= 3 && (value[0] == '$') && (value[1] == '(' || value[1] == '{') &&
        (value[n - 1] == ')' || value[n - 1] == '}') && !memchr(value + 2, '$', n - 3))
        return false;
    static const char *const BOOLEANS[] = {"true", "false", "yes", "no", "on", "off"};
    for (size_t i = 0; i < sizeof BOOLEANS / sizeof *BOOLEANS; i++)
        if (strlen(BOOLEANS[i]) == n && strncasecmp(value, BOOLEANS[i], n) == 0)
            return false;
    return true;
}

/* memmem, which C11 lacks */
static const char *find(const char *s, size_t n, const char *needle, size_t k)
{
    for (size_t i = 0; k <= n && i <= n - k; i++)
        if (s[i] == needle[0] && memcmp(s + i, needle, k) == 0)
            return s + i;
    return NULL;
}

static bool all_of(const char *s, size_t n, const char *set)
{
    for (size_t i = 0; i < n; i++)
        if (!s[i] || !strchr(set, s[i]))
            return false;
    return true;
}

static const char UPPER_DIGITS[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
static const char ALNUM[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/* A token `prefix` followed by `len` characters of `set`, not inside a word. */
static bool has_token(const char *v, size_t n, const char *prefix, size_t len, const char *set)
{
    size_t plen = strlen(prefix);
    const char *end = v + n;
    for (const char *p = v; (p = find(p, (size_t)(end - p), prefix, plen)) != NULL; p++) {
        if (p > v && isalnum((unsigned char)p[-1]))
            continue;
        if ((size_t)(end - p) >= plen + len && all_of(p + plen, len, set) &&
            (p + plen + len == end || !isalnum((unsigned char)p[plen + len])))
            return true;
    }
    return false;
}

const char *credential_material(const char *value, size_t n)
{
    if (find(value, n, "PRIVATE KEY-----", 16) && find(value, n, "-----BEGIN", 10))
        return "a private key";
    if (has_token(value, n, "AKIA", 16, UPPER_DIGITS) ||
        has_token(value, n, "ASIA", 16, UPPER_DIGITS))
        return "an AWS access key";
    if (has_token(value, n, "ghp_", 36, ALNUM) || has_token(value, n, "gho_", 36, ALNUM))
        return "a GitHub token";
    if (find(value, n, "xoxb-", 5) || find(value, n, "xoxp-", 5))
        return "a Slack token";
    if (has_token(value, n, "sk_live_", 24, ALNUM))
        return "a Stripe secret key";
    return NULL;
}
