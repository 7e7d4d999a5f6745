/* credential.c — credential-looking names and values (credential.h). */
#include "credential.h"

#include <ctype.h>
#include <pthread.h>
#include <string.h>
#include <stdint.h>
#include <strings.h>

/* The bytes below 128 a text holds, so that a search for a word with a byte
 * the text lacks is skipped: most names and values hold no credential word.
 * Every word searched for is ASCII. */
struct byte_set {
    uint64_t lo, hi; /* bytes 0-63, 64-127 */
};

static void byte_set_add(struct byte_set *set, unsigned char c)
{
    uint64_t bit = 1ull << (c & 63);
    if (c < 64)
        set->lo |= bit;
    else if (c < 128)
        set->hi |= bit;
}

static struct byte_set byte_set_of(const char *s, size_t n)
{
    struct byte_set set = {0, 0};
    for (size_t i = 0; i < n; i++)
        byte_set_add(&set, (unsigned char)s[i]);
    return set;
}

/* A word with its length and its bytes, these filled in once (words_init). */
struct word {
    const char *text;
    size_t len;
    struct byte_set bytes;
};

#define WORD(s) {(s), sizeof(s) - 1, {0, 0}}

/* Could the text hold the word: does it have every byte of it? */
static bool may_hold(const struct byte_set *set, const struct word *w)
{
    return (set->lo & w->bytes.lo) == w->bytes.lo && (set->hi & w->bytes.hi) == w->bytes.hi;
}

static bool ends_with(const char *s, size_t n, const struct word *suffix)
{
    return n >= suffix->len && memcmp(s + n - suffix->len, suffix->text, suffix->len) == 0;
}

static struct word SECRET_WORDS[] = {
    WORD("password"), WORD("passwd"), WORD("passphrase"), WORD("secret"), WORD("token"),
    WORD("apikey"), WORD("privatekey"), WORD("accesskey"), WORD("credential"),
    WORD("clientsecret"), WORD("encryptionkey"), WORD("signingkey"), WORD("masterkey"),
    WORD("sshkey"), WORD("accountkey"), WORD("pwd"),
};

/* Shell variables that merely contain a secret word: the working directory. */
static const struct word NOT_SECRETS[] = {WORD("pwd"), WORD("oldpwd")};

/* Names a vendor's tools read credentials from: prefix ... ending. */
static const struct {
    struct word prefix, ending;
} VENDOR_NAMES[] = {
    {WORD("azure"), WORD("key")},      /* AZURE_STORAGE_KEY, AZURE_CLIENT_KEY */
    {WORD("oci"), WORD("keycontent")}, /* OCI_CLI_KEY_CONTENT */
};

/* Endings of names that refer to a credential instead of holding it. */
static const struct word REFERENCE_ENDINGS[] = {
    WORD("file"), WORD("path"), WORD("dir"), WORD("name"), WORD("names"), WORD("url"),
    WORD("uri"), WORD("endpoint"), WORD("ttl"), WORD("timeout"), WORD("expiry"),
    WORD("expiration"), WORD("lifetime"), WORD("length"), WORD("ref"), WORD("id"),
    WORD("enabled"), WORD("enable"), WORD("mount"), WORD("type"), WORD("header"),
    WORD("format"), WORD("location"), WORD("audience"), WORD("issuer"), WORD("mode"),
    WORD("policy"), WORD("size"), WORD("version"), WORD("namespace"), WORD("source"),
    WORD("provider"), WORD("store"), WORD("hash"), WORD("required"), WORD("rotation"),
    WORD("period"), WORD("duration"), WORD("interval"), WORD("seconds"),
};

/* The words credential_material looks for, in the order of its tests. */
enum {
    MW_PRIVATE_KEY, MW_AKIA, MW_ASIA, MW_AWS_SECRET,
    MW_GITHUB, MW_GITHUB_PAT = MW_GITHUB + 5, MW_GITLAB,
    MW_SLACK, MW_SLACK_WEBHOOK = MW_SLACK + 5, MW_STRIPE, MW_JWT, MW_URL_PASSWORD,
    MW_KEYWORD_PASSWORD, MW_COUNT
};

/* What each test needs the value to hold, as one word: for the tests of
 * several parts (a private key's "BEGIN " and "PRIVATE KEY", a JWT's "eyJ"
 * and its dots, a URL's "://" and '@') every part, so only the tests that
 * look for one word (GitHub and Slack tokens) search for its text. */
static struct word MATERIAL_WORDS[MW_COUNT] = {
    [MW_PRIVATE_KEY] = WORD("BEGIN PRIVATE KEY"),
    [MW_AKIA] = WORD("AKIA"),
    [MW_ASIA] = WORD("ASIA"),
    [MW_AWS_SECRET] = WORD("aws_secret_access_key"),
    [MW_GITHUB] = WORD("ghp_"), WORD("gho_"), WORD("ghu_"), WORD("ghs_"), WORD("ghr_"),
    [MW_GITHUB_PAT] = WORD("github_pat_"),
    [MW_GITLAB] = WORD("glpat-"),
    [MW_SLACK] = WORD("xoxb-"), WORD("xoxp-"), WORD("xoxa-"), WORD("xoxr-"), WORD("xoxs-"),
    [MW_SLACK_WEBHOOK] = WORD("hooks.slack.com/services/T"),
    [MW_STRIPE] = WORD("sk_live_"),
    [MW_JWT] = WORD("eyJ."),
    [MW_URL_PASSWORD] = WORD("://@"),
    [MW_KEYWORD_PASSWORD] = WORD(";="),
};

static pthread_once_t words_once = PTHREAD_ONCE_INIT;

static void words_init(void)
{
    for (size_t i = 0; i < sizeof SECRET_WORDS / sizeof *SECRET_WORDS; i++)
        SECRET_WORDS[i].bytes = byte_set_of(SECRET_WORDS[i].text, SECRET_WORDS[i].len);
    for (size_t i = 0; i < MW_COUNT; i++)
        MATERIAL_WORDS[i].bytes = byte_set_of(MATERIAL_WORDS[i].text, MATERIAL_WORDS[i].len);
}

/* The letters and digits of name, lower case, into out; *set receives
 * the bytes they hold. */
static size_t compact(const char *name, char *out, size_t size, struct byte_set *set)
{
    size_t n = 0;
    *set = (struct byte_set){0, 0};
    for (const unsigned char *p = (const unsigned char *)name; *p && n + 1 < size; p++) {
        unsigned char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
            continue;
        out[n++] = (char)c;
        byte_set_add(set, c);
    }
    out[n] = '\0';
    return n;
}

bool credential_name(const char *name)
{
    pthread_once(&words_once, words_init);
    char buf[256];
    struct byte_set seen;
    size_t n = compact(name, buf, sizeof buf, &seen);
    for (size_t i = 0; i < sizeof NOT_SECRETS / sizeof *NOT_SECRETS; i++)
        if (n == NOT_SECRETS[i].len && memcmp(buf, NOT_SECRETS[i].text, n) == 0)
            return false;
    for (size_t i = 0; i < sizeof VENDOR_NAMES / sizeof *VENDOR_NAMES; i++)
        if (n >= VENDOR_NAMES[i].prefix.len &&
            memcmp(buf, VENDOR_NAMES[i].prefix.text, VENDOR_NAMES[i].prefix.len) == 0 &&
            ends_with(buf, n, &VENDOR_NAMES[i].ending))
            return true;
    /* the words are letters, which are bytes 64-127: the other half of the
     * set is left out of the test (only ever a weaker one) */
    bool secret = false;
    for (size_t i = 0; i < sizeof SECRET_WORDS / sizeof *SECRET_WORDS && !secret; i++)
        secret = (seen.hi & SECRET_WORDS[i].bytes.hi) == SECRET_WORDS[i].bytes.hi &&
                 strstr(buf, SECRET_WORDS[i].text) != NULL;
    if (!secret)
        return false;
    for (size_t i = 0; i < sizeof SECRET_WORDS / sizeof *SECRET_WORDS; i++)
        if (ends_with(buf, n, &SECRET_WORDS[i]))
            return true;
    for (size_t i = 0; i < sizeof REFERENCE_ENDINGS / sizeof *REFERENCE_ENDINGS; i++)
        if (ends_with(buf, n, &REFERENCE_ENDINGS[i]))
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
    static const struct word BOOLEANS[] = {WORD("true"), WORD("false"), WORD("yes"),
                                           WORD("no"), WORD("on"), WORD("off")};
    for (size_t i = 0; n <= sizeof "false" - 1 && i < sizeof BOOLEANS / sizeof *BOOLEANS; i++)
        if (BOOLEANS[i].len == n && strncasecmp(value, BOOLEANS[i].text, n) == 0)
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
    pthread_once(&words_once, words_init);
    static const char GITLAB[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    const struct word *w = MATERIAL_WORDS;
    /* each test below needs its words (or, for a keyword password, ';') */
    struct byte_set seen = byte_set_of(value, n);
    if (may_hold(&seen, &w[MW_PRIVATE_KEY]) && has_private_key(value, n))
        return "a private key";
    if ((may_hold(&seen, &w[MW_AKIA]) && has_token(value, n, "AKIA", 16, UPPER_DIGITS)) ||
        (may_hold(&seen, &w[MW_ASIA]) && has_token(value, n, "ASIA", 16, UPPER_DIGITS)))
        return "an AWS access key";
    if (may_hold(&seen, &w[MW_AWS_SECRET]) && has_aws_secret(value, n))
        return "an AWS secret access key";
    for (size_t i = 0; i < 5; i++)
        if (may_hold(&seen, &w[MW_GITHUB + i]) &&
            has_token(value, n, w[MW_GITHUB + i].text, 36, ALNUM))
            return "a GitHub token";
    if (may_hold(&seen, &w[MW_GITHUB_PAT]) && has_token(value, n, "github_pat_", 82, GITLAB))
        return "a GitHub token";
    if (may_hold(&seen, &w[MW_GITLAB]) && has_token(value, n, "glpat-", 20, GITLAB))
        return "a GitLab token";
    for (size_t i = 0; i < 5; i++)
        if (may_hold(&seen, &w[MW_SLACK + i]) && find(value, n, w[MW_SLACK + i].text, 5))
            return "a Slack token";
    if (may_hold(&seen, &w[MW_SLACK_WEBHOOK]) &&
        find(value, n, "hooks.slack.com/services/T", 26))
        return "a Slack webhook URL";
    if (may_hold(&seen, &w[MW_STRIPE]) && has_token(value, n, "sk_live_", 24, ALNUM))
        return "a Stripe secret key";
    if (may_hold(&seen, &w[MW_JWT]) && has_jwt(value, n))
        return "a JSON Web Token";
    if ((may_hold(&seen, &w[MW_URL_PASSWORD]) && has_url_password(value, n)) ||
        (may_hold(&seen, &w[MW_KEYWORD_PASSWORD]) && has_keyword_password(value, n)))
        return "a connection string with a password";
    return NULL;
}
