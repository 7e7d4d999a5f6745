/* credential.c — credential-looking names and values (credential.h). */
#include "credential.h"

#include <ctype.h>
#include <string.h>
#include <stdint.h>
#include <strings.h>

/* The bytes a text holds, so that a search for a word with a byte the text
 * lacks is skipped: most names and values hold no credential word. */
struct byte_set {
    uint64_t bits[4];
};

static void byte_set_of(struct byte_set *set, const char *s, size_t n)
{
    memset(set, 0, sizeof *set);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        set->bits[c >> 6] |= 1ull << (c & 63);
    }
}

/* Could the text hold word: does it have every byte of it? */
static bool may_hold(const struct byte_set *set, const char *word)
{
    for (const unsigned char *w = (const unsigned char *)word; *w; w++)
        if (!(set->bits[*w >> 6] & (1ull << (*w & 63))))
            return false;
    return true;
}

static const char *const SECRET_WORDS[] = {
    "password", "passwd", "passphrase", "secret", "token", "apikey", "privatekey",
    "accesskey", "credential", "clientsecret", "encryptionkey", "signingkey", "masterkey",
    "sshkey", "accountkey", "pwd",
};

/* Shell variables that merely contain a secret word: the working directory. */
static const char *const NOT_SECRETS[] = {"pwd", "oldpwd"};

/* Names a vendor's tools read credentials from: prefix ... ending. */
static const struct {
    const char *prefix, *ending;
} VENDOR_NAMES[] = {
    {"azure", "key"},        /* AZURE_STORAGE_KEY, AZURE_CLIENT_KEY */
    {"oci", "keycontent"},   /* OCI_CLI_KEY_CONTENT */
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
    for (size_t i = 0; i < sizeof NOT_SECRETS / sizeof *NOT_SECRETS; i++)
        if (strcmp(buf, NOT_SECRETS[i]) == 0)
            return false;
    for (size_t i = 0; i < sizeof VENDOR_NAMES / sizeof *VENDOR_NAMES; i++)
        if (strncmp(buf, VENDOR_NAMES[i].prefix, strlen(VENDOR_NAMES[i].prefix)) == 0 &&
            ends_with(buf, n, VENDOR_NAMES[i].ending))
            return true;
    struct byte_set seen;
    byte_set_of(&seen, buf, n);
    bool secret = false;
    for (size_t i = 0; i < sizeof SECRET_WORDS / sizeof *SECRET_WORDS && !secret; i++)
        secret = may_hold(&seen, SECRET_WORDS[i]) && strstr(buf, SECRET_WORDS[i]) != NULL;
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
    for (size_t i = 0; n <= sizeof "false" - 1 && i < sizeof BOOLEANS / sizeof *BOOLEANS; i++)
        if (strlen(BOOLEANS[i]) == n && strncasecmp(value, BOOLEANS[i], n) == 0)
            return false;
    return true;
}

/* memmem, which C11 lacks (k > 0): memchr finds each candidate start */
static const char *find(const char *s, size_t n, const char *needle, size_t k)
{
    const char *end = s + n;
    for (const char *p = s; k <= (size_t)(end - p); p++) {
        p = memchr(p, needle[0], (size_t)(end - p) - k + 1);
        if (!p)
            return NULL;
        if (memcmp(p, needle, k) == 0)
            return p;
    }
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

static bool is_placeholder_start(char c)
{
    return c == '$' || c == '{' || c == '<' || c == '%' || c == '*';
}

/* scheme://user:password@host with a literal password. */
static bool has_url_password(const char *v, size_t n)
{
    const char *end = v + n;
    for (const char *p = v; (p = find(p, (size_t)(end - p), "://", 3)) != NULL; p += 3) {
        const char *user = p + 3, *q = user;
        while (q < end && *q != '@' && *q != '/' && !isspace((unsigned char)*q))
            q++;
        if (q == end || *q != '@')
            continue;
        const char *colon = memchr(user, ':', (size_t)(q - user));
        if (colon && colon > user && colon + 1 < q && !is_placeholder_start(colon[1]))
            return true;
    }
    return false;
}

/* A connection string's Password=...; or Pwd=...; with a literal value.
 * Found from each '=', so a long value costs a memchr, not a comparison at
 * every byte. */
static bool has_keyword_password(const char *v, size_t n)
{
    static const char *const KEYS[] = {"password", "pwd"}; /* each before the '=' */
    if (!memchr(v, ';', n))
        return false;
    const char *end = v + n;
    for (const char *eq = v; (eq = memchr(eq, '=', (size_t)(end - eq))) != NULL; eq++) {
        const char *val = eq + 1;
        if (val >= end || *val == ';' || isspace((unsigned char)*val) || is_placeholder_start(*val))
            continue;
        for (size_t k = 0; k < sizeof KEYS / sizeof *KEYS; k++) {
            size_t klen = strlen(KEYS[k]);
            if ((size_t)(eq - v) < klen)
                continue;
            const char *at = eq - klen;
            if (strncasecmp(at, KEYS[k], klen) == 0 && (at == v || !isalnum((unsigned char)at[-1])))
                return true;
        }
    }
    return false;
}

/* A PEM private key, its dashes kept or not: "BEGIN ... PRIVATE KEY". */
static bool has_private_key(const char *v, size_t n)
{
    const char *end = v + n;
    for (const char *p = v; (p = find(p, (size_t)(end - p), "BEGIN ", 6)) != NULL; p++) {
        size_t room = (size_t)(end - p);
        const char *key = find(p, room < 40 ? room : 40, "PRIVATE KEY", 11);
        if (key && !memchr(p, '\n', (size_t)(key - p)))
            return true;
    }
    return false;
}

static const char BASE64URL[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static size_t span_of(const char *s, const char *end, const char *set)
{
    size_t k = 0;
    while (s + k < end && strchr(set, s[k]) && s[k])
        k++;
    return k;
}

/* header.payload.signature, both JSON parts starting {" (base64url "eyJ"). */
static bool has_jwt(const char *v, size_t n)
{
    const char *end = v + n;
    for (const char *p = v; (p = find(p, (size_t)(end - p), "eyJ", 3)) != NULL; p++) {
        if (p > v && strchr(BASE64URL, p[-1]) && p[-1])
            continue;
        size_t h = span_of(p, end, BASE64URL);
        const char *q = p + h;
        if (h < 10 || q + 4 >= end || *q != '.' || strncmp(q + 1, "eyJ", 3) != 0)
            continue;
        size_t b = span_of(q + 1, end, BASE64URL);
        const char *r = q + 1 + b;
        if (b >= 10 && r < end && *r == '.' && span_of(r + 1, end, BASE64URL) >= 16)
            return true;
    }
    return false;
}

/* aws_secret_access_key = <40 characters> (a credentials file) */
static bool has_aws_secret(const char *v, size_t n)
{
    const char *end = v + n;
    const char *p = find(v, n, "aws_secret_access_key", 21);
    if (!p)
        return false;
    p += 21;
    while (p < end && (*p == ' ' || *p == '=' || *p == ':' || *p == '"'))
        p++;
    return span_of(p, end, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+") == 40;
}

/* The shortest value any test below can match: a Slack token's prefix. */
enum { SHORTEST_MATERIAL = sizeof "xoxb-" - 1 };

const char *credential_material(const char *value, size_t n)
{
    if (n < SHORTEST_MATERIAL) /* "json", "256": most values set in env */
        return NULL;
    static const char GITLAB[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    /* each test below needs its word (or, for a keyword password, ';') */
    struct byte_set seen;
    byte_set_of(&seen, value, n);
    if (may_hold(&seen, "BEGIN PRIVATE KEY") && has_private_key(value, n))
        return "a private key";
    if ((may_hold(&seen, "AKIA") && has_token(value, n, "AKIA", 16, UPPER_DIGITS)) ||
        (may_hold(&seen, "ASIA") && has_token(value, n, "ASIA", 16, UPPER_DIGITS)))
        return "an AWS access key";
    if (may_hold(&seen, "aws_secret_access_key") && has_aws_secret(value, n))
        return "an AWS secret access key";
    static const char *const GITHUB[] = {"ghp_", "gho_", "ghu_", "ghs_", "ghr_"};
    for (size_t i = 0; i < sizeof GITHUB / sizeof *GITHUB; i++)
        if (may_hold(&seen, GITHUB[i]) && has_token(value, n, GITHUB[i], 36, ALNUM))
            return "a GitHub token";
    if (may_hold(&seen, "github_pat_") && has_token(value, n, "github_pat_", 82, GITLAB))
        return "a GitHub token";
    if (may_hold(&seen, "glpat-") && has_token(value, n, "glpat-", 20, GITLAB))
        return "a GitLab token";
    static const char *const SLACK[] = {"xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-"};
    for (size_t i = 0; i < sizeof SLACK / sizeof *SLACK; i++)
        if (may_hold(&seen, SLACK[i]) && find(value, n, SLACK[i], 5))
            return "a Slack token";
    if (may_hold(&seen, "hooks.slack.com/services/T") &&
        find(value, n, "hooks.slack.com/services/T", 26))
        return "a Slack webhook URL";
    if (may_hold(&seen, "sk_live_") && has_token(value, n, "sk_live_", 24, ALNUM))
        return "a Stripe secret key";
    if (may_hold(&seen, "eyJ.") && has_jwt(value, n))
        return "a JSON Web Token";
    if ((may_hold(&seen, "://@") && has_url_password(value, n)) ||
        (may_hold(&seen, ";=") && has_keyword_password(value, n)))
        return "a connection string with a password";
    return NULL;
}
