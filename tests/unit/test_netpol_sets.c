/* test_netpol_sets.c — the set algebra under NetworkPolicy reachability:
 * port-range sets and their text form, CIDR parsing, ipBlock subtraction and
 * the split of the IPv4 space into elementary ranges. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/netpol/ipblock.h"
#include "../../src/netpol/ports.h"

static void assert_text(const struct conns *c, const char *want)
{
    char *buf = NULL;
    size_t cap = 0;
    conns_format(c, &buf, &cap);
    assert_string_equal(buf, want);
    free(buf);
}

static void test_port_union_merges_adjacent(void **state)
{
    (void)state;
    struct conns c = {0};
    conns_add(&c, PROTO_TCP, 80, 80);
    conns_add(&c, PROTO_TCP, 8080, 8090);
    conns_add(&c, PROTO_TCP, 81, 82);
    conns_add(&c, PROTO_UDP, 53, 53);
    conns_add(&c, PROTO_SCTP, 9003, 9003);
    assert_text(&c, "SCTP 9003,TCP 80-82,8080-8090,UDP 53");
    conns_add(&c, PROTO_TCP, 83, 8079);
    assert_text(&c, "SCTP 9003,TCP 80-8090,UDP 53");
    conns_free(&c);
}

static void test_all_and_none(void **state)
{
    (void)state;
    struct conns c = {0}, d = {0};
    assert_text(&c, "No Connections");
    conns_set_all(&c);
    assert_true(conns_is_all(&c));
    assert_text(&c, "All Connections");
    conns_add(&d, PROTO_TCP, 1, 79);
    conns_add(&d, PROTO_TCP, 81, 65535);
    conns_add_all_ports(&d, PROTO_UDP);
    conns_intersect(&c, &d);
    assert_text(&c, "TCP 1-79,81-65535,UDP 1-65535");
    assert_true(conns_contains(&c, PROTO_UDP, 53));
    assert_false(conns_contains(&c, PROTO_TCP, 80));
    assert_false(conns_contains(&c, PROTO_SCTP, 1));
    conns_free(&c);
    conns_free(&d);
}

static void test_intersection(void **state)
{
    (void)state;
    struct conns a = {0}, b = {0};
    conns_add(&a, PROTO_TCP, 1, 100);
    conns_add(&a, PROTO_TCP, 200, 300);
    conns_add(&b, PROTO_TCP, 50, 250);
    conns_add(&b, PROTO_UDP, 53, 53);
    conns_intersect(&a, &b);
    assert_text(&a, "TCP 50-100,200-250");
    conns_clear(&b);
    conns_intersect(&a, &b);
    assert_true(conns_is_empty(&a));
    conns_free(&a);
    conns_free(&b);
}

static void test_subtraction(void **state)
{
    (void)state;
    struct conns a = {0}, b = {0};
    conns_set_all(&a);
    conns_add(&b, PROTO_TCP, 80, 80);
    conns_add(&b, PROTO_UDP, 1, 52);
    conns_add(&b, PROTO_UDP, 54, 65535);
    conns_add_all_ports(&b, PROTO_SCTP);
    conns_subtract(&a, &b);
    assert_text(&a, "TCP 1-79,81-65535,UDP 53");
    conns_clear(&b);
    conns_add(&b, PROTO_TCP, 1, 100);
    conns_subtract(&a, &b);
    assert_text(&a, "TCP 101-65535,UDP 53");
    conns_free(&a);
    conns_free(&b);
}

static void test_cidr_parse(void **state)
{
    (void)state;
    bool v6;
    uint32_t lo, hi;
    const char *why;
    assert_true(cidr_parse("10.1.2.3/8", &v6, &lo, &hi, &why));
    assert_false(v6);
    assert_int_equal(lo, 0x0a000000u);
    assert_int_equal(hi, 0x0affffffu);
    assert_true(cidr_parse("0.0.0.0/0", &v6, &lo, &hi, &why));
    assert_int_equal(hi, 0xffffffffu);
    assert_true(cidr_parse("fd00::/8", &v6, &lo, &hi, &why));
    assert_true(v6);
    assert_false(cidr_parse("10.0.0.0/33", &v6, &lo, &hi, &why));
    assert_false(cidr_parse("A", &v6, &lo, &hi, &why));
    assert_false(cidr_parse("10.0.0.0", &v6, &lo, &hi, &why));
    assert_false(cidr_parse("10.0.0.0/", &v6, &lo, &hi, &why));
    assert_false(cidr_parse("fd00::/129", &v6, &lo, &hi, &why));
}

static void test_subtract_and_split(void **state)
{
    (void)state;
    struct ipblock b = {.r = malloc(sizeof *b.r), .n = 1};
    b.r[0] = (struct ip_range){0, UINT32_MAX};
    ipblock_subtract(&b, 0x0a000000u, 0x0affffffu); /* 10.0.0.0/8 */
    assert_int_equal(b.n, 2);
    assert_false(ipblock_contains(&b, 0x0a010203u));
    assert_true(ipblock_contains(&b, 0x0b000000u));
    uint64_t cuts[] = {0, 0x0a000000u, 0x0b000000u, (uint64_t)1 << 32, 0x0a000000u};
    size_t n;
    struct ip_range *parts = ip_split(cuts, 5, &n);
    assert_int_equal(n, 3);
    char text[40];
    ip_range_format(parts[0], text, sizeof text);
    assert_string_equal(text, "0.0.0.0-9.255.255.255");
    ip_range_format(parts[1], text, sizeof text);
    assert_string_equal(text, "10.0.0.0-10.255.255.255");
    ip_range_format(parts[2], text, sizeof text);
    assert_string_equal(text, "11.0.0.0-255.255.255.255");
    free(parts);
    free(b.r);
}

/* Named ports kept by name (destinations the input does not have). */
static void test_named_ports(void **state)
{
    (void)state;
    struct conns c = {0}, all = {0}, tcp = {0};
    conns_add_named(&c, PROTO_TCP, false, "local-dns");
    conns_add_named(&c, PROTO_TCP, false, "http");
    conns_add_named(&c, PROTO_TCP, false, "http");
    assert_text(&c, "TCP http,local-dns");
    conns_add(&c, PROTO_TCP, 8080, 8080);
    conns_add_named(&c, PROTO_UDP, true, "dns");
    assert_text(&c, " dns,TCP 8080,http,local-dns");
    /* every port of TCP holds the TCP names; the any-protocol name needs all */
    conns_set_all(&all);
    conns_intersect(&c, &all);
    assert_text(&c, " dns,TCP 8080,http,local-dns");
    conns_add_all_ports(&tcp, PROTO_TCP);
    conns_intersect(&c, &tcp);
    assert_text(&c, "TCP 8080,http,local-dns");
    /* and the other way: a side with all ports keeps the other's names */
    conns_intersect(&tcp, &c);
    assert_text(&tcp, "TCP 8080,http,local-dns");
    conns_subtract(&c, &tcp);
    assert_true(conns_is_empty(&c));
    conns_add_named(&c, PROTO_TCP, false, "http");
    assert_false(conns_is_empty(&c));
    conns_union(&all, &c);
    assert_text(&all, "All Connections");
    conns_free(&c);
    conns_free(&all);
    conns_free(&tcp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_port_union_merges_adjacent),
        cmocka_unit_test(test_all_and_none),
        cmocka_unit_test(test_intersection),
        cmocka_unit_test(test_subtraction),
        cmocka_unit_test(test_cidr_parse),
        cmocka_unit_test(test_subtract_and_split),
        cmocka_unit_test(test_named_ports),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
