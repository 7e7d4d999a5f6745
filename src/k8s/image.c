/* image.c — image reference parsing and registry matching (image.h). */
#include "image.h"

#include <string.h>
#include <strings.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

static bool is_lower_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static bool is_alnum(char c)
{
    return is_lower_alnum(c) || (c >= 'A' && c <= 'Z');
}

static bool is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* path-component: [a-z0-9]+ ((\.|_|__|-+)[a-z0-9]+)* */
static bool valid_path_component(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t run = i;
        while (i < n && is_lower_alnum(s[i]))
            i++;
        if (i == run)
            return false; /* empty run: leading, trailing or doubled separator */
        if (i == n)
            return true;
        if (s[i] == '.')
            i++;
        else if (s[i] == '_')
            i += (i + 1 < n && s[i + 1] == '_') ? 2 : 1;
        else if (s[i] == '-')
            while (i < n && s[i] == '-')
                i++;
        else
            return false;
        if (i == n)
            return false;
    }
    return n > 0;
}

static bool valid_path(const char *s, size_t n)
{
    for (size_t start = 0;;) {
        const char *slash = memchr(s + start, '/', n - start);
        size_t end = slash ? (size_t)(slash - s) : n;
        if (!valid_path_component(s + start, end - start))
            return false;
        if (!slash)
            return true;
        start = end + 1;
    }
}

/* domain-component: [A-Za-z0-9] | [A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9] */
static bool valid_domain_name(const char *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.') {
            if (i == start || s[i - 1] == '-')
                return false;
            start = i + 1;
        } else if (!is_alnum(s[i]) && (s[i] != '-' || i == start)) {
            return false;
        }
    }
    return n > start && s[n - 1] != '-';
}

/* host [':' port], host a domain name, IPv4 address or [IPv6 address] */
static bool valid_registry(const char *s, size_t n)
{
    size_t host_end = n;
    if (n > 0 && s[0] == '[') {
        const char *close = memchr(s, ']', n);
        if (!close || close == s + 1)
            return false;
        bool colon = false;
        for (const char *p = s + 1; p < close; p++) {
            if (!is_hex(*p) && *p != ':' && *p != '.')
                return false;
            colon |= *p == ':';
        }
        if (!colon)
            return false;
        host_end = (size_t)(close - s) + 1;
        if (host_end < n && s[host_end] != ':')
            return false;
    } else {
        const char *colon = memchr(s, ':', n);
        if (colon)
            host_end = (size_t)(colon - s);
        if (!valid_domain_name(s, host_end))
            return false;
    }
    if (host_end == n)
        return true;
    size_t digits = n - host_end - 1;
    if (digits == 0 || digits > 5)
        return false;
    for (size_t i = host_end + 1; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static bool valid_tag(const char *t, size_t n)
{
    if (n == 0 || n > IMAGE_TAG_MAX || !(is_alnum(t[0]) || t[0] == '_'))
        return false;
    for (size_t i = 1; i < n; i++)
        if (!(is_alnum(t[i]) || t[i] == '_' || t[i] == '.' || t[i] == '-'))
            return false;
    return true;
}

static bool is_lower_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* Are the n bytes at s all [0-9a-f]? Sixteen at a time with SSE2: a
 * digest is most of what a pinned reference holds. */
static bool all_lower_hex(const char *s, size_t n)
{
    size_t i = 0;
#ifdef __SSE2__
    const __m128i below_digits = _mm_set1_epi8('0' - 1), above_digits = _mm_set1_epi8('9' + 1);
    const __m128i below_letters = _mm_set1_epi8('a' - 1), above_letters = _mm_set1_epi8('f' + 1);
    for (; i + 16 <= n; i += 16) {
        /* signed comparisons: bytes from 0x80 up are negative, in no range */
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, below_digits),
                                      _mm_cmplt_epi8(v, above_digits));
        __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(v, below_letters),
                                       _mm_cmplt_epi8(v, above_letters));
        if (_mm_movemask_epi8(_mm_or_si128(digit, letter)) != 0xffff)
            return false;
    }
#endif
    for (; i < n; i++)
        if (!is_lower_hex(s[i]))
            return false;
    return true;
}

/* algorithm ':' hex; algorithm components [A-Za-z][A-Za-z0-9]* joined by [+._-] */
static bool valid_digest(const char *d, size_t n)
{
    const char *colon = memchr(d, ':', n);
    if (!colon || colon == d)
        return false;
    size_t alg_len = (size_t)(colon - d);
    bool component_start = true;
    for (size_t i = 0; i < alg_len; i++) {
        char c = d[i];
        if (component_start) {
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
                return false;
            component_start = false;
        } else if (c == '+' || c == '.' || c == '_' || c == '-') {
            component_start = true;
        } else if (!is_alnum(c)) {
            return false;
        }
    }
    if (component_start)
        return false;
    const char *hex = colon + 1;
    size_t hex_len = n - alg_len - 1;
    static const struct {
        const char *name;
        size_t len;
    } REGISTERED[] = {{"sha256", 64}, {"sha384", 96}, {"sha512", 128}};
    for (size_t i = 0; i < sizeof REGISTERED / sizeof *REGISTERED; i++)
        if (alg_len == strlen(REGISTERED[i].name) && memcmp(d, REGISTERED[i].name, alg_len) == 0) {
            if (hex_len != REGISTERED[i].len)
                return false;
            return all_lower_hex(hex, hex_len);
        }
    if (hex_len < 32)
        return false;
    for (size_t k = 0; k < hex_len; k++)
        if (!is_hex(hex[k]))
            return false;
    return true;
}

/* Is the first component of a name (before its first '/') a registry? */
static bool looks_like_registry(const char *s, size_t n)
{
    if (memchr(s, '.', n) || memchr(s, ':', n) || (n == 9 && memcmp(s, "localhost", 9) == 0))
        return true;
    for (size_t i = 0; i < n; i++)
        if (s[i] >= 'A' && s[i] <= 'Z')
            return true;
    return n > 0 && s[0] == '[';
}

static void set(char *dst, const char *s, size_t n)
{
    memcpy(dst, s, n);
    dst[n] = '\0';
}

bool image_parse(const char *ref, struct image_ref *out)
{
    /* strings only: what follows each terminator is never read */
    out->registry[0] = out->repository[0] = out->tag[0] = out->digest[0] = '\0';
    out->explicit_registry = false;
    size_t len = strlen(ref);
    const char *at = memchr(ref, '@', len);
    size_t name_len = at ? (size_t)(at - ref) : len;
    if (at) {
        size_t dlen = len - name_len - 1;
        if (dlen >= sizeof out->digest || !valid_digest(at + 1, dlen))
            return false;
        set(out->digest, at + 1, dlen);
    }
    /* the tag follows the last ':' after the last '/' */
    const char *last_slash = memrchr(ref, '/', name_len);
    const char *after_slash = last_slash ? last_slash : ref;
    const char *tag_colon = memrchr(after_slash, ':', (size_t)(ref + name_len - after_slash));
    if (tag_colon) {
        size_t tlen = (size_t)(ref + name_len - tag_colon - 1);
        if (!valid_tag(tag_colon + 1, tlen))
            return false;
        set(out->tag, tag_colon + 1, tlen);
        name_len = (size_t)(tag_colon - ref);
    }
    if (name_len == 0 || name_len > IMAGE_NAME_MAX)
        return false;
    const char *path = ref;
    const char *first_slash = memchr(ref, '/', name_len);
    if (first_slash && looks_like_registry(ref, (size_t)(first_slash - ref))) {
        size_t rlen = (size_t)(first_slash - ref);
        if (!valid_registry(ref, rlen))
            return false;
        set(out->registry, ref, rlen);
        out->explicit_registry = true;
        path = first_slash + 1;
    }
    size_t path_len = (size_t)(ref + name_len - path);
    if (!valid_path(path, path_len))
        return false;
    if (!out->explicit_registry || strcmp(out->registry, "index.docker.io") == 0)
        strcpy(out->registry, "docker.io");
    if (strcmp(out->registry, "docker.io") == 0 && !memchr(path, '/', path_len)) {
        memcpy(out->repository, "library/", 8);
        set(out->repository + 8, path, path_len);
    } else {
        set(out->repository, path, path_len);
    }
    return true;
}

/* Does `repo` start with the path prefix p[0..n) on a component boundary? */
static bool path_has_prefix(const char *repo, const char *p, size_t n)
{
    return strncmp(repo, p, n) == 0 && (repo[n] == '\0' || repo[n] == '/');
}

bool image_from(const struct image_ref *ref, const char *source)
{
    const char *s = source;
    if (strncmp(s, "https://", 8) == 0)
        s += 8;
    else if (strncmp(s, "http://", 7) == 0)
        s += 7;
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == '/')
        n--;
    if (n == 0)
        return false;
    const char *slash = memchr(s, '/', n);
    size_t first = slash ? (size_t)(slash - s) : n;
    const char *host = "docker.io";
    size_t host_len = 9;
    const char *prefix = s;
    size_t prefix_len = n;
    if (looks_like_registry(s, first)) {
        host = s;
        host_len = first;
        prefix = slash ? slash + 1 : s + n;
        prefix_len = slash ? n - first - 1 : 0;
        if (host_len == 15 && strncasecmp(host, "index.docker.io", 15) == 0) {
            host = "docker.io";
            host_len = 9;
        }
    }
    if (strlen(ref->registry) != host_len || strncasecmp(ref->registry, host, host_len) != 0)
        return false;
    if (prefix_len == 0)
        return true;
    if (path_has_prefix(ref->repository, prefix, prefix_len))
        return true;
    /* docker.io/nginx names the official image library/nginx too */
    return strcmp(ref->registry, "docker.io") == 0 && !memchr(prefix, '/', prefix_len) &&
           strncmp(ref->repository, "library/", 8) == 0 &&
           strlen(ref->repository + 8) == prefix_len &&
           memcmp(ref->repository + 8, prefix, prefix_len) == 0;
}
