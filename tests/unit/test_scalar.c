/* test_scalar.c — every YAML 1.1 resolution rule of scalar.h, one row each,
 * as the API server's decoder (sigs.k8s.io/yaml, go-yaml v2) resolves them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "../../src/core/scalar.h"

struct row {
    const char *text;
    enum node_type type;
    int64_t i;   /* NODE_INT, NODE_BOOL (0/1) */
    double f;    /* NODE_FLOAT */
};

static const struct row ROWS[] = {
    /* null */
    {"", NODE_NULL, 0, 0}, {"~", NODE_NULL, 0, 0}, {"null", NODE_NULL, 0, 0},
    {"Null", NODE_NULL, 0, 0}, {"NULL", NODE_NULL, 0, 0}, {"nULL", NODE_STR, 0, 0},
    /* booleans, YAML 1.1 */
    {"y", NODE_BOOL, 1, 0}, {"Y", NODE_BOOL, 1, 0}, {"yes", NODE_BOOL, 1, 0},
    {"Yes", NODE_BOOL, 1, 0}, {"YES", NODE_BOOL, 1, 0}, {"on", NODE_BOOL, 1, 0},
    {"On", NODE_BOOL, 1, 0}, {"ON", NODE_BOOL, 1, 0}, {"true", NODE_BOOL, 1, 0},
    {"True", NODE_BOOL, 1, 0}, {"TRUE", NODE_BOOL, 1, 0},
    {"n", NODE_BOOL, 0, 0}, {"N", NODE_BOOL, 0, 0}, {"no", NODE_BOOL, 0, 0},
    {"No", NODE_BOOL, 0, 0}, {"NO", NODE_BOOL, 0, 0}, {"off", NODE_BOOL, 0, 0},
    {"Off", NODE_BOOL, 0, 0}, {"OFF", NODE_BOOL, 0, 0}, {"false", NODE_BOOL, 0, 0},
    {"False", NODE_BOOL, 0, 0}, {"FALSE", NODE_BOOL, 0, 0},
    {"yEs", NODE_STR, 0, 0}, {"tRUE", NODE_STR, 0, 0}, {"o", NODE_STR, 0, 0},
    /* integers: strconv.ParseInt(s, 0, 64) after removing underscores */
    {"0", NODE_INT, 0, 0}, {"10", NODE_INT, 10, 0}, {"+10", NODE_INT, 10, 0},
    {"-10", NODE_INT, -10, 0}, {"0x1F", NODE_INT, 31, 0}, {"0X1f", NODE_INT, 31, 0},
    {"-0x1F", NODE_INT, -31, 0}, {"0o17", NODE_INT, 15, 0}, {"017", NODE_INT, 15, 0},
    {"0b101", NODE_INT, 5, 0}, {"-0b101", NODE_INT, -5, 0}, {"1_000", NODE_INT, 1000, 0},
    {"9223372036854775807", NODE_INT, INT64_MAX, 0},
    {"-9223372036854775808", NODE_INT, INT64_MIN, 0},
    /* floats */
    {"1.5", NODE_FLOAT, 0, 1.5}, {"-1.5", NODE_FLOAT, 0, -1.5}, {".5", NODE_FLOAT, 0, 0.5},
    {"1e3", NODE_FLOAT, 0, 1000}, {"1.", NODE_FLOAT, 0, 1}, {"08", NODE_FLOAT, 0, 8},
    {"1_000.5", NODE_FLOAT, 0, 1000.5}, {".inf", NODE_FLOAT, 0, INFINITY},
    {"-.Inf", NODE_FLOAT, 0, -INFINITY}, {"+.INF", NODE_FLOAT, 0, INFINITY},
    /* strings */
    {"0x", NODE_STR, 0, 0}, {"1.2.3", NODE_STR, 0, 0}, {"12abc", NODE_STR, 0, 0},
    {"-", NODE_STR, 0, 0}, {".", NODE_STR, 0, 0}, {"=", NODE_STR, 0, 0},
    {"<<", NODE_STR, 0, 0}, {"2001-12-14", NODE_STR, 0, 0}, {"1e", NODE_STR, 0, 0},
    {"0b2", NODE_STR, 0, 0}, {"nginx:1.25", NODE_STR, 0, 0},
    /* underscores go before any parsing, wherever they are */
    {"1__0", NODE_INT, 10, 0}, {"+_1", NODE_INT, 1, 0}, {"0x_1F", NODE_INT, 31, 0},
    {"_1", NODE_STR, 0, 0}, {"._5", NODE_STR, 0, 0},
    /* beyond int64: ParseUint (no sign), else the float rule */
    {"9223372036854775808", NODE_FLOAT, 0, 9223372036854775808.0},
    {"18446744073709551615", NODE_FLOAT, 0, 18446744073709551615.0},
    {"0xFFFFFFFFFFFFFFFF", NODE_FLOAT, 0, 18446744073709551615.0},
    {"+18446744073709551615", NODE_FLOAT, 0, 18446744073709551615.0},
    {"-9223372036854775809", NODE_FLOAT, 0, -9223372036854775809.0},
    {"123456789012345678901234567890", NODE_FLOAT, 0, 123456789012345678901234567890.0},
    /* big.Int only for an unsigned prefixed number; a signed one is a string */
    {"0x10000000000000000", NODE_FLOAT, 0, 18446744073709551616.0},
    {"-0x10000000000000000", NODE_STR, 0, 0}, {"+0x10000000000000000", NODE_STR, 0, 0},
    /* a leading-zero octal too big for 64 bits reads as a decimal float */
    {"0777777777777777777777777", NODE_FLOAT, 0, 777777777777777777777777.0},
    /* float range: overflow stays a string, underflow is zero */
    {"1e400", NODE_STR, 0, 0}, {"-1e400", NODE_STR, 0, 0}, {"1e-400", NODE_FLOAT, 0, 0},
    {".1e999", NODE_STR, 0, 0},
    /* float spellings */
    {"+.5", NODE_FLOAT, 0, 0.5}, {"-.5e1", NODE_FLOAT, 0, -5}, {"1E3", NODE_FLOAT, 0, 1000},
    {"1e+3", NODE_FLOAT, 0, 1000}, {"1.5e-1", NODE_FLOAT, 0, 0.15}, {".5e", NODE_STR, 0, 0},
    {"-.NaN", NODE_STR, 0, 0}, {".Nan", NODE_STR, 0, 0}, {"inf", NODE_STR, 0, 0},
    {"+inf", NODE_STR, 0, 0}, {"0x1p3", NODE_STR, 0, 0}, {"1,000", NODE_STR, 0, 0},
    /* sexagesimal (base 60) numbers are deliberately strings */
    {"1:20", NODE_STR, 0, 0}, {"190:20:30", NODE_STR, 0, 0},
    /* timestamps stay strings holding their text */
    {"2001-12-14t21:59:43.10-05:00", NODE_STR, 0, 0}, {"2001-12-14 21:59:43.10", NODE_STR, 0, 0},
    {"2002-12-14", NODE_STR, 0, 0}, {"2001-1-2", NODE_STR, 0, 0},
    /* long numeric text is resolved too */
    {"1000000000000000000000000000000000000000000000000000000000000000000000000000000000"
     "0000000000000000000000000000000000000000000000000000000000000000", NODE_FLOAT, 0, 1e145},
    /* words near the tables */
    {"yes!", NODE_STR, 0, 0}, {"ture", NODE_STR, 0, 0}, {"~~", NODE_STR, 0, 0},
    {"NUll", NODE_STR, 0, 0}, {"0o", NODE_STR, 0, 0}, {"0o8", NODE_STR, 0, 0},
    {"0b", NODE_STR, 0, 0}, {"--1", NODE_STR, 0, 0}, {"+", NODE_STR, 0, 0},
};

static void test_rows(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof ROWS / sizeof *ROWS; k++) {
        const struct row *r = &ROWS[k];
        struct node n = {.str = r->text, .len = (uint32_t)strlen(r->text)};
        scalar_resolve(&n);
        if (n.type != r->type)
            fail_msg("'%s': type %d, want %d", r->text, n.type, r->type);
        if (r->type == NODE_INT && n.num.i != r->i)
            fail_msg("'%s': %lld, want %lld", r->text, (long long)n.num.i, (long long)r->i);
        if (r->type == NODE_BOOL && n.num.b != (r->i != 0))
            fail_msg("'%s': wrong boolean", r->text);
        if (r->type == NODE_FLOAT && n.num.f != r->f)
            fail_msg("'%s': %g, want %g", r->text, n.num.f, r->f);
    }
}

static void test_nan(void **state)
{
    (void)state;
    struct node n = {.str = ".NaN", .len = 4};
    scalar_resolve(&n);
    assert_int_equal(n.type, NODE_FLOAT);
    assert_true(isnan(n.num.f));
}

/* Every mix of upper and lower case of every word: only the spellings
 * go-yaml lists resolve, the others stay strings. */
static void test_word_casings(void **state)
{
    (void)state;
    static const struct {
        const char *word;
        enum node_type type;
        const char *spellings[3];
    } WORDS[] = {
        {"yes", NODE_BOOL, {"yes", "Yes", "YES"}},  {"no", NODE_BOOL, {"no", "No", "NO"}},
        {"on", NODE_BOOL, {"on", "On", "ON"}},      {"off", NODE_BOOL, {"off", "Off", "OFF"}},
        {"true", NODE_BOOL, {"true", "True", "TRUE"}},
        {"false", NODE_BOOL, {"false", "False", "FALSE"}},
        {"null", NODE_NULL, {"null", "Null", "NULL"}}, {"y", NODE_BOOL, {"y", "Y"}},
        {"n", NODE_BOOL, {"n", "N"}},
        {".nan", NODE_FLOAT, {".nan", ".NaN", ".NAN"}},
        {".inf", NODE_FLOAT, {".inf", ".Inf", ".INF"}},
        {"+.inf", NODE_FLOAT, {"+.inf", "+.Inf", "+.INF"}},
        {"-.inf", NODE_FLOAT, {"-.inf", "-.Inf", "-.INF"}},
    };
    for (size_t w = 0; w < sizeof WORDS / sizeof *WORDS; w++) {
        size_t len = strlen(WORDS[w].word);
        for (unsigned mask = 0; mask < 1u << len; mask++) {
            char text[8];
            for (size_t i = 0; i < len; i++) {
                char c = WORDS[w].word[i];
                text[i] = mask >> i & 1 && c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
            }
            text[len] = '\0';
            bool listed = false;
            for (size_t k = 0; k < 3 && WORDS[w].spellings[k]; k++)
                listed |= strcmp(text, WORDS[w].spellings[k]) == 0;
            struct node n = {.str = text, .len = (uint32_t)len};
            scalar_resolve(&n);
            if (n.type != (listed ? WORDS[w].type : NODE_STR))
                fail_msg("'%s': type %d", text, n.type);
        }
    }
}

static void test_timestamps(void **state)
{
    (void)state;
    static const char *const YES[] = {
        "2001-12-14", "2001-1-2", "2000-02-29", "2001-12-14T21:59:43Z",
        "2001-12-14t21:59:43.10-05:00", "2001-12-14T1:2:3+01:00", "2001-12-14 21:59:43.10",
        "2001-12-14T21:59:43.999999999Z", NULL};
    static const char *const NO[] = {
        "2001-13-14", "2001-02-29", "2001-12-32", "2001-12-14T25:00:00Z", "2001-12-14T21:59:43",
        "2001-12-14 21:59:43.10 -5", "2001-12-14 21:59:43Z", "01-12-14", "2001/12/14",
        "2001-12-14T21:59:43+0100", "20011-12-14", "2001-12-14x", "2001-12-", NULL};
    for (const char *const *s = YES; *s; s++)
        if (!scalar_is_timestamp(*s))
            fail_msg("'%s' should be a timestamp", *s);
    for (const char *const *s = NO; *s; s++)
        if (scalar_is_timestamp(*s))
            fail_msg("'%s' should not be a timestamp", *s);
}

static void test_tag_kinds(void **state)
{
    (void)state;
    assert_int_equal(scalar_tag_kind(NULL), TAG_NONE);
    assert_int_equal(scalar_tag_kind("tag:yaml.org,2002:str"), TAG_STR);
    assert_int_equal(scalar_tag_kind("tag:yaml.org,2002:binary"), TAG_BINARY);
    assert_int_equal(scalar_tag_kind("tag:yaml.org,2002:bool"), TAG_BOOL);
    assert_int_equal(scalar_tag_kind("tag:yaml.org,2002:int"), TAG_INT);
    assert_int_equal(scalar_tag_kind("tag:yaml.org,2002:float"), TAG_FLOAT);
    assert_int_equal(scalar_tag_kind("tag:yaml.org,2002:null"), TAG_NULL);
    assert_int_equal(scalar_tag_kind("tag:yaml.org,2002:timestamp"), TAG_TIMESTAMP);
    assert_int_equal(scalar_tag_kind("tag:yaml.org,2002:merge"), TAG_MERGE);
    assert_int_equal(scalar_tag_kind("!"), TAG_OTHER);
    assert_int_equal(scalar_tag_kind("!custom"), TAG_OTHER);
    assert_int_equal(scalar_tag_kind("tag:yaml.org,2002:map"), TAG_OTHER);
}

struct tag_row {
    enum scalar_tag tag;
    const char *text;
    enum node_type type; /* result type when error is NULL */
    double value;        /* int, bool (0/1) or float value */
    const char *error;
};

static const struct tag_row TAG_ROWS[] = {
    {TAG_NONE, "10", NODE_INT, 10, NULL},
    {TAG_STR, "10", NODE_STR, 0, NULL},
    {TAG_STR, "yes", NODE_STR, 0, NULL},
    {TAG_OTHER, "10", NODE_STR, 0, NULL},
    {TAG_MERGE, "<<", NODE_STR, 0, NULL},
    {TAG_INT, "0x10", NODE_INT, 16, NULL},
    {TAG_INT, "abc", NODE_STR, 0, "cannot decode !!str `abc` as a !!int"},
    {TAG_INT, "1.5", NODE_STR, 0, "cannot decode !!float `1.5` as a !!int"},
    {TAG_INT, "2001-12-14", NODE_STR, 0, "cannot decode !!timestamp `2001-12-14` as a !!int"},
    {TAG_FLOAT, "1", NODE_FLOAT, 1, NULL},
    {TAG_FLOAT, "1.5", NODE_FLOAT, 1.5, NULL},
    {TAG_FLOAT, "true", NODE_STR, 0, "cannot decode !!bool `true` as a !!float"},
    {TAG_BOOL, "on", NODE_BOOL, 1, NULL},
    {TAG_BOOL, "1", NODE_STR, 0, "cannot decode !!int `1` as a !!bool"},
    {TAG_NULL, "~", NODE_NULL, 0, NULL},
    {TAG_NULL, "", NODE_NULL, 0, NULL},
    {TAG_NULL, "0", NODE_STR, 0, "cannot decode !!int `0` as a !!null"},
    {TAG_TIMESTAMP, "2001-12-14", NODE_STR, 0, NULL},
    {TAG_TIMESTAMP, "soon", NODE_STR, 0, "cannot decode !!str `soon` as a !!timestamp"},
    {TAG_BINARY, "aGVsbG8=", NODE_STR, 0, NULL},
    {TAG_BINARY, "aGVs\nbG8h", NODE_STR, 0, NULL},
    {TAG_BINARY, "aGVsbG8", NODE_STR, 0, "!!binary value contains invalid base64 data"},
    {TAG_BINARY, "aG=sbG8=", NODE_STR, 0, "!!binary value contains invalid base64 data"},
    {TAG_BINARY, "a*Vs", NODE_STR, 0, "!!binary value contains invalid base64 data"},
};

static void test_tags(void **state)
{
    (void)state;
    struct arena a = {0};
    for (size_t k = 0; k < sizeof TAG_ROWS / sizeof *TAG_ROWS; k++) {
        const struct tag_row *r = &TAG_ROWS[k];
        struct node n = {.str = r->text, .len = (uint32_t)strlen(r->text), .quoted = 1};
        const char *err = scalar_apply_tag(&n, r->tag, &a);
        if (r->error) {
            if (!err || strcmp(err, r->error) != 0)
                fail_msg("%s: error '%s', want '%s'", r->text, err ? err : "(none)", r->error);
            continue;
        }
        if (err)
            fail_msg("%s: unexpected error '%s'", r->text, err);
        if (n.type != r->type)
            fail_msg("%s: type %d, want %d", r->text, n.type, r->type);
        double v = n.type == NODE_INT ? (double)n.num.i : n.type == NODE_BOOL ? n.num.b
                 : n.type == NODE_FLOAT ? n.num.f : 0;
        if (v != r->value)
            fail_msg("%s: value %g, want %g", r->text, v, r->value);
    }
    struct node bin = {.str = "aGVsbG8=", .len = 8};
    assert_null(scalar_apply_tag(&bin, TAG_BINARY, &a));
    assert_string_equal(bin.str, "hello");
    assert_int_equal(bin.len, 5);
    struct node bin2 = {.str = "aGVs\r\nbG8h", .len = 10};
    assert_null(scalar_apply_tag(&bin2, TAG_BINARY, &a));
    assert_string_equal(bin2.str, "hello!");
    arena_free(&a);
}

/* Map keys become JSON object keys the way sigs.k8s.io/yaml converts them. */
static void test_key_text(void **state)
{
    (void)state;
    struct arena a = {0};
    static const struct {
        const char *text, *key;
    } ROWS[] = {
        {"yes", "true"}, {"Off", "false"}, {"0x10", "16"}, {"-017", "-15"}, {"1_000", "1000"},
        {"1.0", "1"}, {"1.5", "1.5"}, {"0.1", "0.1"}, {"1e6", "1e+06"}, {"123456", "123456"},
        {"1e-5", "1e-05"}, {"0.0001", "0.0001"}, {"3.14159265", "3.1415927"},
        {".inf", ".inf"}, {"-.inf", "-.inf"}, {".nan", ".nan"}, {"-0.0", "-0"},
        {"2001-12-14", "2001-12-14"}, {"name", "name"},
    };
    for (size_t k = 0; k < sizeof ROWS / sizeof *ROWS; k++) {
        struct node n = {.str = ROWS[k].text, .len = (uint32_t)strlen(ROWS[k].text)};
        scalar_resolve(&n);
        const char *got = scalar_key_text(&n, &a);
        if (!got || strcmp(got, ROWS[k].key) != 0)
            fail_msg("key %s: '%s', want '%s'", ROWS[k].text, got ? got : "(null)", ROWS[k].key);
    }
    struct node null = {.str = "~", .len = 1};
    scalar_resolve(&null);
    assert_null(scalar_key_text(&null, &a));
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_nan),
        cmocka_unit_test(test_word_casings),
        cmocka_unit_test(test_timestamps),
        cmocka_unit_test(test_tag_kinds),
        cmocka_unit_test(test_tags),
        cmocka_unit_test(test_key_text),
    };
    return cmocka_run_group_tests_name("scalar", tests, NULL, NULL);
}
