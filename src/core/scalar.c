/* scalar.c — YAML 1.1 scalar resolution and tags (rules in scalar.h). */
#include "scalar.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "base64.h"

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int digit_value(char c)
{
    if (is_digit(c))
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

/* Go's strconv.ParseUint(s, 0, ...) on an unsigned magnitude: base prefixes
 * 0x, 0o, 0b, a leading 0 for octal. *big is set when the digits are valid
 * but the value needs more than 64 bits (its approximation goes to *approx). */
static bool parse_magnitude(const char *s, int *base_out, uint64_t *out, bool *big,
                            double *approx)
{
    int base = 10;
    if (s[0] == '0' && s[1]) {
        if (s[1] == 'x' || s[1] == 'X')
            base = 16, s += 2;
        else if (s[1] == 'o' || s[1] == 'O')
            base = 8, s += 2;
        else if (s[1] == 'b' || s[1] == 'B')
            base = 2, s += 2;
        else
            base = 8, s += 1;
    }
    if (!*s)
        return false;
    uint64_t v = 0;
    double f = 0;
    *big = false;
    for (; *s; s++) {
        int d = digit_value(*s);
        if (d >= base)
            return false;
        f = f * base + d;
        if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
            *big = true;
        v = v * (uint64_t)base + (uint64_t)d;
    }
    *base_out = base;
    *out = v;
    *approx = f;
    return true;
}

static void set_float(struct node *n, double f)
{
    n->type = NODE_FLOAT;
    n->num.f = f;
}

/* ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ */
static bool yaml_style_float(const char *s)
{
    if (*s == '-' || *s == '+')
        s++;
    if (*s == '.') {
        s++;
        if (!is_digit(*s))
            return false;
        while (is_digit(*s))
            s++;
    } else {
        if (!is_digit(*s))
            return false;
        while (is_digit(*s))
            s++;
        if (*s == '.')
            for (s++; is_digit(*s); s++)
                ;
    }
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '-' || *s == '+')
            s++;
        if (!is_digit(*s))
            return false;
        while (is_digit(*s))
            s++;
    }
    return *s == '\0';
}

/* Floats in go-yaml's accepted spelling; overflow stays a string (Go's
 * ParseFloat fails with ErrRange), underflow rounds to zero as in Go. */
static bool resolve_float(struct node *n, const char *s)
{
    if (!yaml_style_float(s))
        return false;
    errno = 0;
    char *end;
    double f = strtod(s, &end);
    if (*end || (errno == ERANGE && isinf(f)))
        return false;
    set_float(n, f);
    return true;
}

/* ParseInt, then ParseUint (no sign allowed), then big integers. */
static bool resolve_int(struct node *n, const char *plain)
{
    bool neg = plain[0] == '-', sign = neg || plain[0] == '+';
    uint64_t v;
    int base;
    bool big;
    double approx;
    if (!parse_magnitude(plain + sign, &base, &v, &big, &approx))
        return false;
    if (!big && neg && v <= (uint64_t)INT64_MAX + 1) {
        n->type = NODE_INT;
        n->num.i = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
        return true;
    }
    if (!big && !neg && v <= INT64_MAX) {
        n->type = NODE_INT;
        n->num.i = (int64_t)v;
        return true;
    }
    if (!big && !sign) { /* ParseUint */
        set_float(n, (double)v);
        return true;
    }
    /* Then the float rule (decimal spelling, even with a leading 0); last a
     * big.Int, only for an unsigned prefixed number too large for 64 bits. */
    if (sign || yaml_style_float(plain))
        return false;
    set_float(n, approx);
    return true;
}

static void resolve_number(struct node *n)
{
    char small[128], *plain = n->len < sizeof small ? small : xmalloc(n->len + 1);
    size_t j = 0;
    for (size_t i = 0; i < n->len; i++)
        if (n->str[i] != '_')
            plain[j++] = n->str[i];
    plain[j] = '\0';
    if (!resolve_int(n, plain))
        resolve_float(n, plain);
    if (plain != small)
        free(plain);
}

/* go-yaml's resolve table: which first characters may start a non-string. */
enum hint { HINT_NONE, HINT_WORD, HINT_NUMBER, HINT_DOT };

static enum hint first_char_hint(unsigned char c)
{
    static const char WORD_STARTS[] = "yYnNtTfFoO~";
    if (is_digit((char)c) || c == '+' || c == '-')
        return HINT_NUMBER;
    if (c == '.')
        return HINT_DOT;
    return c && memchr(WORD_STARTS, c, sizeof WORD_STARTS - 1) ? HINT_WORD : HINT_NONE;
}

/* The words of go-yaml's resolve map (the longest has 5 characters). */
enum word { WORD_NONE, WORD_TRUE, WORD_FALSE, WORD_NULL, WORD_NAN, WORD_INF, WORD_NEG_INF };
enum { LONGEST_WORD = 5 };

/* s (len bytes) is `lower` written in lower case, capitalised or in upper
 * case: the three spellings go-yaml accepts (null, Null, NULL). */
static bool spelled(const char *s, size_t len, const char *lower)
{
    if (len != strlen(lower) || (s[0] != lower[0] && s[0] != lower[0] - 'a' + 'A'))
        return false;
    if (memcmp(s + 1, lower + 1, len - 1) == 0)
        return true;
    for (size_t i = 1; i < len; i++)
        if (s[i] != lower[i] - 'a' + 'A')
            return false;
    return s[0] != lower[0]; /* all upper case */
}

/* inf, Inf, INF after a dot; nan, NaN, NAN likewise. */
static bool dotted(const char *s, bool nan)
{
    return nan ? memcmp(s, "nan", 3) == 0 || memcmp(s, "NaN", 3) == 0 || memcmp(s, "NAN", 3) == 0
               : memcmp(s, "inf", 3) == 0 || memcmp(s, "Inf", 3) == 0 || memcmp(s, "INF", 3) == 0;
}

/* The word s (len bytes, at most LONGEST_WORD) is, by its first character
 * and its length: no list to search. */
static enum word find_word(const char *s, size_t len)
{
    switch (s[0]) {
    case 'y': case 'Y':
        return len == 1 || spelled(s, len, "yes") ? WORD_TRUE : WORD_NONE;
    case 'n': case 'N':
        return len == 1 || spelled(s, len, "no") ? WORD_FALSE
               : spelled(s, len, "null")          ? WORD_NULL
                                                  : WORD_NONE;
    case 'o': case 'O':
        return spelled(s, len, "on") ? WORD_TRUE : spelled(s, len, "off") ? WORD_FALSE : WORD_NONE;
    case 't': case 'T':
        return spelled(s, len, "true") ? WORD_TRUE : WORD_NONE;
    case 'f': case 'F':
        return spelled(s, len, "false") ? WORD_FALSE : WORD_NONE;
    case '~':
        return len == 1 ? WORD_NULL : WORD_NONE;
    case '.':
        return len != 4 ? WORD_NONE : dotted(s + 1, true) ? WORD_NAN
                                    : dotted(s + 1, false) ? WORD_INF
                                                           : WORD_NONE;
    case '+': case '-':
        if (len != 5 || s[1] != '.' || !dotted(s + 2, false))
            return WORD_NONE;
        return s[0] == '+' ? WORD_INF : WORD_NEG_INF;
    default:
        return WORD_NONE;
    }
}

/* The words of go-yaml's resolve map; false when n's text is none of them. */
static bool resolve_word(struct node *n)
{
    enum word w = find_word(n->str, n->len);
    switch (w) {
    case WORD_TRUE:
    case WORD_FALSE:
        n->type = NODE_BOOL;
        n->num.b = w == WORD_TRUE;
        return true;
    case WORD_NULL:
        n->type = NODE_NULL;
        return true;
    case WORD_NAN:
        set_float(n, NAN);
        return true;
    case WORD_INF:
        set_float(n, INFINITY);
        return true;
    case WORD_NEG_INF:
        set_float(n, -INFINITY);
        return true;
    default:
        return false;
    }
}

void scalar_resolve(struct node *n)
{
    const char *s = n->str;
    n->type = NODE_STR;
    if (n->len == 0) {
        n->type = NODE_NULL;
        return;
    }
    enum hint hint = first_char_hint((unsigned char)s[0]);
    if (hint == HINT_NONE || (n->len <= LONGEST_WORD && resolve_word(n)))
        return;
    if (hint == HINT_DOT)
        resolve_float(n, s);
    else if (hint == HINT_NUMBER && !scalar_is_timestamp(s))
        resolve_number(n);
}

/* ---------------------------------------------------------------- timestamps */

/* 1 or 2 digits (Go layout elements "1", "2", "15", "4", "5"). */
static bool take_num(const char **p, int *out)
{
    const char *s = *p;
    if (!is_digit(s[0]))
        return false;
    int v = s[0] - '0';
    s++;
    if (is_digit(s[0]))
        v = v * 10 + (*s++ - '0');
    *out = v;
    *p = s;
    return true;
}

static bool take_char(const char **p, char c)
{
    if (**p != c)
        return false;
    (*p)++;
    return true;
}

static int days_in_month(int year, int month)
{
    static const int DAYS[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : DAYS[month - 1];
}

/* "15:4:5" with an optional ".fraction". */
static bool take_time(const char **p)
{
    int h, m, sec;
    if (!take_num(p, &h) || !take_char(p, ':') || !take_num(p, &m) || !take_char(p, ':') ||
        !take_num(p, &sec))
        return false;
    if (h > 23 || m > 59 || sec > 59)
        return false;
    if (take_char(p, '.')) {
        if (!is_digit(**p))
            return false;
        while (is_digit(**p))
            (*p)++;
    }
    return true;
}

/* Layouts of go-yaml v2: 2006-1-2T15:4:5.999999999Z07:00 (T or t),
 * 2006-1-2 15:4:5.999999999 and 2006-1-2. */
bool scalar_is_timestamp(const char *s)
{
    for (int i = 0; i < 4; i++)
        if (!is_digit(s[i]))
            return false;
    int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    const char *p = s + 4;
    int month, day;
    if (!take_char(&p, '-') || !take_num(&p, &month) || !take_char(&p, '-') ||
        !take_num(&p, &day))
        return false;
    if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month))
        return false;
    if (!*p)
        return true;
    if (*p == ' ')
        return p++, take_time(&p) && !*p;
    if (*p != 'T' && *p != 't')
        return false;
    p++;
    if (!take_time(&p))
        return false;
    if (take_char(&p, 'Z'))
        return !*p;
    if (*p != '+' && *p != '-')
        return false;
    p++;
    return is_digit(p[0]) && is_digit(p[1]) && p[2] == ':' && is_digit(p[3]) &&
           is_digit(p[4]) && !p[5];
}

/* ---------------------------------------------------------------- tags */

enum scalar_tag scalar_tag_kind(const char *tag)
{
    static const struct {
        const char *name;
        enum scalar_tag kind;
    } TAGS[] = {
        {YAML_STR_TAG, TAG_STR},     {"tag:yaml.org,2002:binary", TAG_BINARY},
        {YAML_BOOL_TAG, TAG_BOOL},   {YAML_INT_TAG, TAG_INT},
        {YAML_FLOAT_TAG, TAG_FLOAT}, {YAML_NULL_TAG, TAG_NULL},
        {YAML_TIMESTAMP_TAG, TAG_TIMESTAMP}, {"tag:yaml.org,2002:merge", TAG_MERGE},
    };
    if (!tag)
        return TAG_NONE;
    for (size_t i = 0; i < sizeof TAGS / sizeof *TAGS; i++)
        if (strcmp(tag, TAGS[i].name) == 0)
            return TAGS[i].kind;
    return TAG_OTHER;
}

/* Go's base64.StdEncoding.DecodeString: padded, CR and LF ignored. */
static bool decode_base64(struct node *n, struct arena *a)
{
    unsigned char *out = arena_alloc(a, base64_decoded_max(n->len));
    size_t o;
    if (!base64_decode(n->str, n->len, out, &o))
        return false;
    n->str = (char *)out;
    n->len = (uint32_t)o;
    return true;
}

static const char *short_tag(enum node_type t)
{
    static const char *NAMES[] = {"!!null", "!!bool", "!!int", "!!float", "!!str"};
    return t <= NODE_STR ? NAMES[t] : "!!str";
}

const char *scalar_apply_tag(struct node *n, enum scalar_tag tag, struct arena *a)
{
    static const enum node_type WANT[] = {
        [TAG_BOOL] = NODE_BOOL, [TAG_INT] = NODE_INT, [TAG_FLOAT] = NODE_FLOAT,
        [TAG_NULL] = NODE_NULL,
    };
    static const char *TAG_NAMES[] = {
        [TAG_BOOL] = "!!bool", [TAG_INT] = "!!int", [TAG_FLOAT] = "!!float",
        [TAG_NULL] = "!!null", [TAG_TIMESTAMP] = "!!timestamp",
    };
    switch (tag) {
    case TAG_NONE:
        scalar_resolve(n);
        return NULL;
    case TAG_STR:
    case TAG_OTHER:
    case TAG_MERGE:
        n->type = NODE_STR;
        return NULL;
    case TAG_BINARY:
        n->type = NODE_STR;
        return decode_base64(n, a) ? NULL : "!!binary value contains invalid base64 data";
    default:
        break;
    }
    bool timestamp = scalar_is_timestamp(n->str);
    scalar_resolve(n);
    if (timestamp) { /* a string holding its text */
        if (tag == TAG_TIMESTAMP)
            return NULL;
    } else if (tag == TAG_FLOAT && n->type == NODE_INT) {
        set_float(n, (double)n->num.i);
        return NULL;
    } else if (tag != TAG_TIMESTAMP && n->type == WANT[tag]) {
        return NULL;
    }
    const char *have = timestamp ? "!!timestamp" : short_tag(n->type);
    return arena_printf(a, "cannot decode %s `%.40s` as a %s", have, n->str, TAG_NAMES[tag]);
}

/* ---------------------------------------------------------------- map keys */

/* Go's strconv.FormatFloat(f, 'g', -1, 32). */
static const char *float32_text(double d, struct arena *a)
{
    float f = (float)d;
    if (isnan(f))
        return ".nan";
    if (isinf(f))
        return f > 0 ? ".inf" : "-.inf";
    char buf[64];
    int prec = 1;
    for (; prec < 9; prec++) {
        snprintf(buf, sizeof buf, "%.*e", prec - 1, (double)f);
        if (strtof(buf, NULL) == f)
            break;
    }
    snprintf(buf, sizeof buf, "%.*e", prec - 1, (double)f);
    int exp = atoi(strchr(buf, 'e') + 1);
    if (exp < -4 || exp >= 6)
        return arena_strdup(a, buf);
    int decimals = prec - 1 - exp;
    return arena_printf(a, "%.*f", decimals > 0 ? decimals : 0, (double)f);
}

const char *scalar_key_text(const struct node *k, struct arena *a)
{
    switch (k->type) {
    case NODE_NULL:
        return NULL;
    case NODE_BOOL:
        return k->num.b ? "true" : "false";
    case NODE_INT:
        return arena_printf(a, "%lld", (long long)k->num.i);
    case NODE_FLOAT:
        return float32_text(k->num.f, a);
    default:
        return k->str;
    }
}
