/* yaml_reader.c — the fast YAML reader (yaml_reader.h). A recursive descent
 * over the text in memory: each block collection is read at the column of
 * its first entry, each scalar on the spot. Positions are libyaml's: a mark
 * counts characters (not bytes) for its index and column; a collection ends
 * where the next token begins; at the end of the input, the position moves
 * to the start of a new line when the last line has no line break. */
#include "yaml_reader.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

enum {
    MAX_DEPTH = 256,    /* deeper nesting is left to libyaml */
    MAX_SIMPLE_KEY = 1000, /* libyaml takes a key of up to 1024 characters */
    NO_INDENT = 1 << 30,   /* a key's scalar never continues on the next line */
    /* Longer lines and scalars are left to libyaml, which reads them a piece
     * at a time within the scalar limit: read here, they would be held
     * whole. */
    MAX_TEXT = 4u << 20,
};

struct reader {
    const char *buf, *p, *end;
    size_t line, col, cont; /* of p; cont: UTF-8 continuation bytes before p */
    yaml_reader_fn fn;
    void *ctx;
    struct yaml_reader_stop doc; /* where the current document began */
    /* The text is checked a piece at a time as the reading moves on, whole
     * lines ahead: [buf, checked) is checked; odd is where the first
     * character not read here is (a tab), or the start of its line (any
     * other), or NULL. */
    const char *checked, *odd;
    const char *cut; /* where a line too long to read begins (end), or NULL */
    /* The plain key key_ahead found last: where it begins and the `:` after
     * it, so that reading it does not look for its end again. */
    const char *key, *key_colon;
    /* The scalar being read, ntext bytes at value: while it is one piece,
     * that piece where it is (the input, or a constant), else its copy in
     * text. */
    const char *value;
    char *text;
    size_t ntext, captext;
    int depth;
};

/* ---------------------------------------------------------------- cursor */

static yaml_mark_t here(const struct reader *r)
{
    return (yaml_mark_t){(size_t)(r->p - r->buf) - r->cont, r->line, r->col};
}

/* libyaml ends the stream on a new line */
static yaml_mark_t end_mark(const struct reader *r)
{
    yaml_mark_t m = here(r);
    if (r->p == r->end && m.column) {
        m.line++;
        m.column = 0;
    }
    return m;
}

/* Where a block collection at column col ends: where the next token
 * begins. At the end of the input, libyaml first closes the collections
 * deeper than the last line's column there, then moves to a new line. */
static yaml_mark_t block_end(const struct reader *r, long col)
{
    return r->p == r->end && col > (long)r->col ? here(r) : end_mark(r);
}

/* Moves to q on the same line. */
static void step_to(struct reader *r, const char *q)
{
    const char *p = r->p;
    size_t col = r->col, cont = r->cont; /* in registers: the loop writes no memory */
    for (; p < q; p++) {
        if (((unsigned char)*p & 0xC0) == 0x80)
            cont++;
        else
            col++;
    }
    r->p = p;
    r->col = col;
    r->cont = cont;
}

static void check_ahead(struct reader *r);
static void tab_content(struct reader *r, const char *from, const char *eol);

/* A line break: LF, or CR LF (a CR is only ever read before a LF). */
static bool is_break(char c)
{
    return c == '\n' || c == '\r';
}

/* Where the line at q ends: its line break, or the end of the input. */
static const char *line_end(const struct reader *r, const char *q)
{
    const char *eol = memchr(q, '\n', (size_t)(r->end - q));
    if (!eol)
        return r->end;
    return eol > q && eol[-1] == '\r' ? eol - 1 : eol;
}

/* Past the line break at r->p (a CR alone, odd, is taken as one too). */
static void next_line(struct reader *r)
{
    r->p += *r->p == '\r' && r->p + 1 < r->end ? 2 : 1;
    r->line++;
    r->col = 0;
    if (r->p >= r->checked)
        check_ahead(r);
}

static bool at_end(const struct reader *r)
{
    return r->p == r->end;
}

static bool blank_at(const struct reader *r, const char *q)
{
    return q >= r->end || *q == ' ' || is_break(*q);
}

static bool is_flow_indicator_at(const struct reader *r, const char *q)
{
    return q < r->end && strchr(",[]{}", *q) && *q;
}

static bool marker_at(const struct reader *r, const char *q)
{
    return r->end - q >= 3 && (q[0] == '-' || q[0] == '.') && q[1] == q[0] && q[2] == q[0] &&
           blank_at(r, q + 3);
}

/* `---` or `...` at the start of the line */
static bool at_marker(const struct reader *r)
{
    return r->col == 0 && marker_at(r, r->p);
}

static bool at_entry(const struct reader *r)
{
    return !at_end(r) && *r->p == '-' && blank_at(r, r->p + 1);
}

/* Past the spaces at r->p. */
static void skip_blanks(struct reader *r)
{
    const char *q = r->p;
    while (q < r->end && *q == ' ')
        q++;
    r->col += (size_t)(q - r->p);
    r->p = q;
}

/* Spaces, comments and line breaks. */
static void skip_space(struct reader *r)
{
    while (!at_end(r)) {
        char c = *r->p;
        if (c == ' ') {
            skip_blanks(r);
        } else if (is_break(c)) {
            next_line(r);
        } else if (c == '#' && (r->p == r->buf || r->p[-1] == ' ' || r->p[-1] == '\n')) {
            const char *eol = line_end(r, r->p);
            tab_content(r, r->p, eol);
            step_to(r, eol);
        } else {
            return;
        }
    }
}

/* The code point of the UTF-8 sequence at p (len bytes), or -1 when it is
 * not a valid one. */
static long code_point(const unsigned char *p, const unsigned char *end, unsigned *len)
{
    unsigned c = *p;
    *len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (!*len || (size_t)(end - p) < *len)
        return -1;
    if (*len == 1)
        return c;
    unsigned long cp = c & (0x7Fu >> *len);
    for (unsigned i = 1; i < *len; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return -1;
        cp = cp << 6 | (p[i] & 0x3F);
    }
    static const unsigned long LEAST[] = {0, 0, 0x80, 0x800, 0x10000};
    return cp < LEAST[*len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ? -1 : (long)cp;
}

/* Whether the eight bytes of w are all printable ASCII or LF (the bulk of
 * any manifest, short lines included). Each byte is tested on its own low
 * seven bits, whose sums below never carry into the next byte. */
static inline bool ascii_text_word(uint64_t w)
{
    const uint64_t ONES = 0x0101010101010101u, HIGH = 0x8080808080808080u;
    uint64_t low7 = w & ~HIGH;
    uint64_t del = (low7 + ONES) & HIGH;                /* 0x7F */
    uint64_t control = ~(low7 + ONES * 0x60) & HIGH;    /* below 0x20 */
    uint64_t lf = ~((low7 ^ (ONES * '\n')) + ONES * 0x7F) & HIGH; /* 0x0A */
    return !((w & HIGH) | del | (control & ~lf));
}

/* The first character of [p, end) that fails `takes` (which takes LF), or
 * end; ASCII is tested here eight bytes at a time, the rest decoded first. */
static inline const unsigned char *first_not(const unsigned char *p, const unsigned char *end,
                                             bool (*takes)(long c))
{
    while (p < end) {
        uint64_t w;
        if (end - p >= 8) {
            memcpy(&w, p, 8);
            if (ascii_text_word(w)) {
                p += 8;
                continue;
            }
        }
        if ((*p >= 0x20 && *p < 0x7F) || *p == '\n') {
            p++;
            continue;
        }
        unsigned len;
        long c = code_point(p, end, &len);
        if (!takes(c))
            return p;
        p += len;
    }
    return end;
}

/* What libyaml's reader takes (beyond printable ASCII). */
static bool libyaml_reads(long c)
{
    return c == 0x09 || c == 0x0A || c == 0x0D || c == 0x85 || (c >= 0xA0 && c <= 0xD7FF) ||
           (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000;
}

/* What the reader here takes (beyond printable ASCII): no tab, other line
 * breaks (NEL, LS, PS) or byte order mark; a CR before a LF only. */
static bool plain_char(long c)
{
    return c == '\n' || c == '\r' || (c >= 0xA0 && c <= 0xD7FF && c != 0x2028 && c != 0x2029) ||
           (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF) || c >= 0x10000;
}

bool yaml_reader_readable(const char *buf, size_t len)
{
    const unsigned char *end = (const unsigned char *)buf + len;
    return first_not((const unsigned char *)buf, end, libyaml_reads) == end;
}

/* A tab too: where a tab is content (tab_content). */
static bool tab_or_plain_char(long c)
{
    return c == '\t' || plain_char(c);
}

enum { CHECK_AHEAD = 16u << 10 };


/* Checks [from, to) (to at the end of a line or of the input) with `takes`
 * and for a CR alone; sets odd and returns false at the first character it
 * does not take. */
static bool check_text(struct reader *r, const char *from, const char *to, bool (*takes)(long c))
{
    const char *bad = (const char *)first_not((const unsigned char *)from,
                                              (const unsigned char *)to, takes);
    for (const char *cr = from; (cr = memchr(cr, '\r', (size_t)(bad - cr))); cr++)
        if (cr + 1 == r->end || cr[1] != '\n') { /* a line break of its own */
            bad = cr;
            break;
        }
    if (bad == to)
        return true;
    if (*bad != '\t')
        while (bad > r->buf && bad[-1] != '\n')
            bad--;
    r->odd = bad;
    r->checked = r->end; /* nothing past it is read */
    return false;
}

/* Checks the whole lines of the next CHECK_AHEAD bytes or so for text as
 * plain_char takes it: printable UTF-8 as libyaml reads it, without the
 * characters that move positions in ways not followed here. */
static void check_ahead(struct reader *r)
{
    const char *from = r->checked, *to = r->end, *cut = NULL;
    size_t left = (size_t)(r->end - from);
    if (left > CHECK_AHEAD) {
        size_t most = left - CHECK_AHEAD < MAX_TEXT ? left - CHECK_AHEAD : MAX_TEXT;
        const char *eol = memchr(from + CHECK_AHEAD, '\n', most);
        to = eol ? eol + 1 : most < MAX_TEXT ? r->end : NULL;
        if (!to) { /* a long line: checked up to its start */
            for (to = from + CHECK_AHEAD; to > from && to[-1] != '\n'; to--)
                ;
            cut = to;
        }
    }
    if (check_text(r, from, to, plain_char))
        r->checked = to;
    if (cut) /* the input ends there for the reading, which goes no further */
        r->end = r->cut = cut;
}

/* [from, eol) on the line at r->p is content where a tab is read as any
 * other character (a comment, a line of a block scalar): a first tab found
 * there is taken, and the checking goes on from the line's end. */
static void tab_content(struct reader *r, const char *from, const char *eol)
{
    if (!r->odd || r->odd < from || r->odd >= eol || *r->odd != '\t')
        return;
    const char *tab = r->odd;
    r->odd = NULL;
    if (check_text(r, tab, eol, tab_or_plain_char))
        r->checked = eol;
}

/* Whether the reading has come to a line it does not read: everything
 * read from then on is left to libyaml. */
static bool past_odd(const struct reader *r)
{
    return (r->odd && r->p >= r->odd) || (r->cut && r->p == r->cut);
}

/* ---------------------------------------------------------------- events */

static void text_clear(struct reader *r)
{
    r->value = NULL;
    r->ntext = 0;
}

/* Appends the n bytes at s, which stay where they are until the scalar is
 * emitted: the first piece is only pointed to, a second makes a copy. */
static void text_add(struct reader *r, const char *s, size_t n)
{
    if (!r->value) {
        r->value = s;
        r->ntext = n;
        return;
    }
    if (r->ntext + n > r->captext) {
        r->captext = (r->ntext + n) * 2;
        char *text = xrealloc(r->text, r->captext);
        if (r->value == r->text)
            r->value = text;
        r->text = text;
    }
    if (r->value != r->text) {
        memcpy(r->text, r->value, r->ntext);
        r->value = r->text;
    }
    memcpy(r->text + r->ntext, s, n);
    r->ntext += n;
}

/* An event of type between the marks, its data zeroed; false when the
 * reader has passed a character it leaves to libyaml. */
static bool event_at(struct reader *r, yaml_event_t *ev, yaml_event_type_t type,
                     yaml_mark_t start, yaml_mark_t end)
{
    if (past_odd(r))
        return false;
    memset(ev, 0, sizeof *ev);
    ev->type = type;
    ev->start_mark = start;
    ev->end_mark = end;
    return true;
}

static bool emit(struct reader *r, yaml_event_type_t type, yaml_mark_t start, yaml_mark_t end,
                 int style)
{
    yaml_event_t ev;
    if (!event_at(r, &ev, type, start, end))
        return false;
    if (type == YAML_STREAM_START_EVENT)
        ev.data.stream_start.encoding = YAML_UTF8_ENCODING;
    else if (type == YAML_MAPPING_START_EVENT)
        ev.data.mapping_start.implicit = 1, ev.data.mapping_start.style = style;
    else if (type == YAML_SEQUENCE_START_EVENT)
        ev.data.sequence_start.implicit = 1, ev.data.sequence_start.style = style;
    else if (type == YAML_DOCUMENT_START_EVENT)
        ev.data.document_start.implicit = style;
    else if (type == YAML_DOCUMENT_END_EVENT)
        ev.data.document_end.implicit = style;
    return r->fn(&ev, r->ctx);
}

/* The scalar read (text_add). */
static bool emit_scalar(struct reader *r, yaml_scalar_style_t style, yaml_mark_t start,
                        yaml_mark_t end)
{
    yaml_event_t ev;
    if (!event_at(r, &ev, YAML_SCALAR_EVENT, start, end))
        return false;
    ev.data.scalar.value = (yaml_char_t *)(r->value ? r->value : "");
    ev.data.scalar.length = r->ntext;
    ev.data.scalar.plain_implicit = style == YAML_PLAIN_SCALAR_STYLE;
    ev.data.scalar.quoted_implicit = style != YAML_PLAIN_SCALAR_STYLE;
    ev.data.scalar.style = style;
    return r->fn(&ev, r->ctx);
}

/* An empty value: a null plain scalar at m. */
static bool emit_empty(struct reader *r, yaml_mark_t m)
{
    text_clear(r);
    return emit_scalar(r, YAML_PLAIN_SCALAR_STYLE, m, m);
}

/* ---------------------------------------------------------------- scalars */

static int hex_value(char c)
{
    return c >= '0' && c <= '9' ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* The escape at q (a backslash) into the text; the bytes it took, or 0 to
 * decline (escaped line breaks, characters beyond ASCII, unknown escapes). */
static size_t take_escape(struct reader *r, const char *q)
{
    static const char FROM[] = "0abtnvfre \"/\\", TO[] = "\0\a\b\t\n\v\f\r\x1B \"/\\";
    if (q + 1 >= r->end)
        return 0;
    const char *at = q[1] ? strchr(FROM, q[1]) : NULL;
    if (at) {
        text_add(r, &TO[at - FROM], 1);
        return 2;
    }
    int digits = q[1] == 'x' ? 2 : q[1] == 'u' ? 4 : 0;
    unsigned v = 0;
    for (int i = 0; i < digits; i++) {
        int h = q + 2 + i < r->end ? hex_value(q[2 + i]) : -1;
        if (h < 0)
            return 0;
        v = v * 16 + (unsigned)h;
    }
    if (!digits || v >= 0x80)
        return 0;
    char c = (char)v;
    if (!r->value)
        r->value = ""; /* an empty first piece: c, which goes away, is copied */
    text_add(r, &c, 1);
    return (size_t)digits + 2;
}

/* 'single' or "double" quoted, over several lines too: a line break folds
 * to a space, each empty line to a line break, blanks around breaks go. */
static bool read_quoted(struct reader *r, yaml_scalar_style_t *style, yaml_mark_t *start,
                        yaml_mark_t *stop)
{
    *start = here(r);
    char quote = *r->p;
    step_to(r, r->p + 1);
    text_clear(r);
    for (;;) {
        if (r->ntext > MAX_TEXT)
            return false;
        const char *q = r->p, *run = q;
        while (q < r->end && !is_break(*q)) {
            if (*q == quote && quote == '\'' && q + 1 < r->end && q[1] == '\'') {
                text_add(r, run, (size_t)(q - run) + 1);
                run = q += 2;
            } else if (*q == quote) {
                text_add(r, run, (size_t)(q - run));
                step_to(r, q + 1);
                *style = quote == '"' ? YAML_DOUBLE_QUOTED_SCALAR_STYLE
                                      : YAML_SINGLE_QUOTED_SCALAR_STYLE;
                *stop = here(r);
                return true;
            } else if (*q == '\\' && quote == '"') {
                text_add(r, run, (size_t)(q - run));
                size_t took = take_escape(r, q);
                if (!took)
                    return false;
                run = q += took;
            } else {
                q++;
            }
        }
        if (q == r->end)
            return false;
        const char *last = q;
        while (last > run && last[-1] == ' ')
            last--;
        text_add(r, run, (size_t)(last - run));
        step_to(r, q);
        size_t breaks = 0;
        for (next_line(r);;) {
            skip_blanks(r);
            if (at_end(r) || !is_break(*r->p))
                break;
            breaks++;
            next_line(r);
        }
        if (at_end(r) || at_marker(r))
            return false; /* libyaml's errors */
        if (breaks)
            while (breaks--)
                text_add(r, "\n", 1);
        else
            text_add(r, " ", 1);
    }
}

/* The first line break, ':' or '#' at q or after it, or the end: where a
 * plain scalar or key in a block may end. */
static const char *plain_stop(const struct reader *r, const char *q)
{
    static const bool STOP[256] = {['\n'] = true, ['\r'] = true, [':'] = true, ['#'] = true};
    while (q < r->end && !STOP[(unsigned char)*q])
        q++;
    return q;
}

/* A plain scalar inside a block at column `indent`: continuation lines are
 * deeper, folded as in quoted scalars; in a flow sequence, one line only. */
static bool read_plain(struct reader *r, long indent, bool flow, yaml_mark_t *start,
                       yaml_mark_t *stop)
{
    *start = here(r);
    char c0 = *r->p;
    /* what cannot start a plain scalar: an indicator, or NUL */
    static const bool INDICATOR[256] = {
        ['&'] = true, ['*'] = true, ['!'] = true, ['|'] = true, ['>'] = true, ['%'] = true,
        ['@'] = true, ['`'] = true, ['['] = true, [']'] = true, ['{'] = true, ['}'] = true,
        [','] = true, ['#'] = true, ['\''] = true, ['"'] = true, ['\0'] = true};
    if (INDICATOR[(unsigned char)c0] || ((c0 == '-' || c0 == '?' || c0 == ':') &&
                                           (flow || blank_at(r, r->p + 1))))
        return false;
    text_clear(r);
    for (size_t breaks = 0; r->ntext <= MAX_TEXT;) {
        const char *q = r->p, *last = r->p;
        if (flow) {
            for (; q < r->end && !is_break(*q); q++) {
                if (*q == ':' && !blank_at(r, q + 1))
                    return false; /* libyaml versions differ on ':' in flow scalars */
                if (*q == ':' || is_flow_indicator_at(r, q) || (*q == '#' && q[-1] == ' '))
                    break;
                if (*q != ' ')
                    last = q + 1;
            }
        } else if (r->key == r->p) { /* its end is known: the `:` and the blanks before */
            for (q = r->key_colon; q > r->p && q[-1] == ' '; q--)
                ;
            last = q;
        } else {
            for (;; q++) { /* a run at a time, up to a byte that may end the scalar */
                const char *run = q, *trimmed;
                q = plain_stop(r, q);
                for (trimmed = q; trimmed > run && trimmed[-1] == ' '; trimmed--)
                    ;
                if (trimmed > run)
                    last = trimmed;
                if (q == r->end || is_break(*q) || (*q == ':' && blank_at(r, q + 1)) ||
                    (*q == '#' && q[-1] == ' '))
                    break;
                last = q + 1;
            }
        }
        if (breaks == 1)
            text_add(r, " ", 1);
        for (size_t i = 1; i < breaks; i++)
            text_add(r, "\n", 1);
        text_add(r, r->p, (size_t)(last - r->p));
        step_to(r, last);
        *stop = here(r);
        const char *after = last;
        while (after < r->end && *after == ' ')
            after++;
        if (after < r->end && !is_break(*after))
            return true; /* `: `, ` #` or a flow indicator ends it */
        /* a continuation: past line breaks and blanks, deeper than the block */
        breaks = 0;
        long col = 0;
        const char *line = after;
        for (; after < r->end && (*after == ' ' || is_break(*after)); after++) {
            col = *after == '\n' ? 0 : col + 1;
            breaks += *after == '\n';
            line = *after == '\n' ? after + 1 : line;
        }
        if (after == r->end || col <= indent || *after == '#' || (col == 0 && marker_at(r, line)))
            return true;
        if (flow)
            return false;
        while (r->p < after && !at_end(r)) /* the end may come closer (cut) */
            if (is_break(*r->p))
                next_line(r);
            else
                r->p++, r->col++;
        for (const char *z = r->p; z < r->end && !is_break(*z); z++)
            if (*z == ':' && blank_at(r, z + 1))
                return false; /* a key inside a scalar: libyaml's error */
    }
    return false;
}

static bool read_scalar(struct reader *r, long indent, bool flow)
{
    yaml_scalar_style_t style = YAML_PLAIN_SCALAR_STYLE;
    yaml_mark_t start, stop;
    bool ok = *r->p == '\'' || *r->p == '"' ? read_quoted(r, &style, &start, &stop)
                                             : read_plain(r, indent, flow, &start, &stop);
    return ok && emit_scalar(r, style, start, stop);
}

/* | or > with a chomping indicator (- +) and an indentation indicator (1-9)
 * or not, in either order, nothing after them on the line, in a block at
 * column `indent`. The content's indentation is the indicator's from the
 * block, or its first line's (leading empty lines are declined). */
static bool read_block_scalar(struct reader *r, long indent)
{
    yaml_mark_t start = here(r);
    bool folded = *r->p == '>';
    const char *q = r->p + 1;
    int chomp = 0;
    long given = 0;
    for (int i = 0; i < 2 && q < r->end; i++) {
        if (!chomp && (*q == '-' || *q == '+'))
            chomp = *q++ == '-' ? -1 : 1;
        else if (!given && *q >= '1' && *q <= '9')
            given = *q++ - '0';
    }
    if (q >= r->end || !is_break(*q))
        return false;
    step_to(r, q);
    next_line(r);
    long first = 0, want = given ? (indent >= 0 ? indent : 0) + given : 0;
    for (q = r->p; q < r->end && *q == ' ' && (!want || first < want); q++)
        first++;
    if (q == r->end || is_break(*q) || (*q == '\t' && !want) || first <= indent ||
        first < 1 || first < want)
        return false; /* a tab there: libyaml's error */
    text_clear(r);
    size_t breaks = 0; /* line breaks after the last content line */
    bool had = false, was_deeper = false;
    for (;;) {
        if (r->ntext > MAX_TEXT)
            return false;
        const char *line = r->p;
        long c = 0;
        while (!at_end(r) && *r->p == ' ' && c < first)
            r->p++, r->col++, c++;
        if (!at_end(r) && is_break(*r->p)) {
            breaks++;
            next_line(r);
            continue;
        }
        if (at_end(r) || c < first) { /* the scalar ends before this line */
            r->p = line;
            r->col = 0;
            break;
        }
        bool deeper = *r->p == ' ' || *r->p == '\t';
        if (had) {
            size_t newlines = breaks;
            if (folded && !deeper && !was_deeper && !--newlines) /* a single break folds */
                text_add(r, " ", 1);
            while (newlines--)
                text_add(r, "\n", 1);
        }
        const char *eol = line_end(r, r->p);
        tab_content(r, r->p, eol);
        text_add(r, r->p, (size_t)(eol - r->p));
        step_to(r, eol);
        had = true, was_deeper = deeper, breaks = 0;
        if (at_end(r))
            break;
        next_line(r);
        breaks = 1;
    }
    if (chomp == 0 && breaks)
        text_add(r, "\n", 1);
    for (size_t i = 0; chomp == 1 && i < breaks; i++)
        text_add(r, "\n", 1);
    return emit_scalar(r, folded ? YAML_FOLDED_SCALAR_STYLE : YAML_LITERAL_SCALAR_STYLE, start,
                       here(r));
}

/* ---------------------------------------------------------------- collections */

static bool read_node(struct reader *r, long indent);

static bool read_flow(struct reader *r);

/* Spaces, comments and line breaks inside a flow collection; false at a
 * document marker (libyaml's error). */
static bool skip_flow_space(struct reader *r)
{
    skip_space(r);
    return !at_marker(r);
}

/* An entry of a flow collection, or a value in a flow mapping: a flow
 * collection or a scalar. */
static bool read_flow_node(struct reader *r)
{
    if (at_end(r) || is_break(*r->p) || *r->p == ',' || *r->p == ']' || *r->p == '}')
        return false; /* an empty node */
    return *r->p == '[' || *r->p == '{' ? read_flow(r) : read_scalar(r, NO_INDENT, true);
}

/* `key: ` in a flow mapping: a scalar on one line, as short as a simple key,
 * then the value indicator and a blank. */
static bool read_flow_key(struct reader *r)
{
    size_t line = r->line;
    yaml_mark_t key = here(r);
    if (at_end(r) || strchr("[]{},", *r->p) || is_break(*r->p) ||
        !read_scalar(r, NO_INDENT, true) || r->line != line)
        return false;
    skip_blanks(r);
    if (at_end(r) || *r->p != ':' || !blank_at(r, r->p + 1) ||
        here(r).index - key.index > MAX_SIMPLE_KEY)
        return false;
    step_to(r, r->p + 1);
    return skip_flow_space(r);
}

/* [ entries ] or { key: value, ... }: scalars and flow collections, each
 * key a scalar on one line, over any number of lines (a plain scalar on
 * one). */
static bool read_flow(struct reader *r)
{
    char open = *r->p, close = open == '[' ? ']' : '}';
    bool seq = open == '[';
    yaml_mark_t start = here(r);
    if (++r->depth > MAX_DEPTH)
        return false;
    step_to(r, r->p + 1);
    if (!emit(r, seq ? YAML_SEQUENCE_START_EVENT : YAML_MAPPING_START_EVENT, start, here(r),
              seq ? YAML_FLOW_SEQUENCE_STYLE : YAML_FLOW_MAPPING_STYLE))
        return false;
    if (!skip_flow_space(r))
        return false;
    while (!at_end(r) && *r->p != close) {
        if ((!seq && !read_flow_key(r)) || !read_flow_node(r) || !skip_flow_space(r))
            return false;
        if (at_end(r) || *r->p == ':')
            return false; /* a single pair in a sequence, or a key not read here */
        if (*r->p == close)
            break;
        if (*r->p != ',')
            return false;
        step_to(r, r->p + 1);
        if (!skip_flow_space(r))
            return false;
    }
    if (at_end(r))
        return false;
    start = here(r);
    step_to(r, r->p + 1);
    r->depth--;
    return emit(r, seq ? YAML_SEQUENCE_END_EVENT : YAML_MAPPING_END_EVENT, start, here(r), 0);
}

/* Whether the line at r->p holds `key:` (a plain or quoted key). */
static bool key_ahead(struct reader *r)
{
    const char *q = r->p;
    if (*q == '[' || *q == '{')
        return false;
    if (*q == '\'' || *q == '"') {
        char quote = *q++;
        for (; q < r->end && !is_break(*q) && *q != quote; q++)
            if ((*q == '\\' && quote == '"') || (*q == '\'' && quote == '\'' && q + 1 < r->end &&
                                                 q[1] == '\''))
                q++;
        if (q >= r->end || *q != quote)
            return false;
        for (q++; q < r->end && *q == ' '; q++)
            ;
        return q < r->end && *q == ':' && blank_at(r, q + 1);
    }
    for (;; q++) {
        q = plain_stop(r, q);
        if (q == r->end || is_break(*q))
            return false;
        if (*q == ':' && blank_at(r, q + 1)) {
            r->key = r->p;
            r->key_colon = q;
            return true;
        }
        if (*q == '#' && q > r->buf && q[-1] == ' ')
            return false;
    }
}

/* After a value in a block at column `indent`: nothing follows on its line
 * (when on_line), and nothing deeper comes next. */
static bool value_ends(struct reader *r, long indent, bool on_line)
{
    size_t line = r->line;
    skip_space(r);
    return at_end(r) || ((!on_line || r->line != line) && (long)r->col <= indent);
}

/* A value after `key: ` or `- ` on the same line. */
static bool read_inline(struct reader *r, long indent)
{
    if (*r->p == '|' || *r->p == '>')
        return read_block_scalar(r, indent) && value_ends(r, indent, false);
    if (*r->p == '[' || *r->p == '{')
        return read_flow(r) && value_ends(r, indent, true);
    return read_scalar(r, indent, false) && value_ends(r, indent, true);
}

/* `- entries` at r->col; indentless (the value of a key at that column)
 * when indent is that column too. */
static bool read_sequence(struct reader *r, bool indentless)
{
    long col = (long)r->col;
    yaml_mark_t start = here(r), start_end = start;
    if (indentless)
        start_end.index++, start_end.column++;
    if (!emit(r, YAML_SEQUENCE_START_EVENT, start, start_end, YAML_BLOCK_SEQUENCE_STYLE))
        return false;
    while (at_entry(r) && (long)r->col == col) {
        size_t line = r->line;
        step_to(r, r->p + 1);
        skip_space(r);
        if (at_end(r) || (r->line != line && (indentless || (long)r->col <= col)))
            return false; /* an empty entry, or one on its own lines below an indentless `-` */
        if (!read_node(r, col))
            return false;
        if (at_marker(r))
            break;
    }
    if (!at_end(r) && (long)r->col > col)
        return false;
    yaml_mark_t m = block_end(r, col);
    return emit(r, YAML_SEQUENCE_END_EVENT, m, m, 0);
}

static bool read_mapping(struct reader *r)
{
    long col = (long)r->col;
    yaml_mark_t m = here(r);
    if (!emit(r, YAML_MAPPING_START_EVENT, m, m, YAML_BLOCK_MAPPING_STYLE))
        return false;
    for (;;) {
        size_t key_line = r->line;
        yaml_mark_t key = here(r);
        if (!key_ahead(r) || !read_scalar(r, NO_INDENT, false) || r->line != key_line)
            return false;
        skip_blanks(r);
        if (at_end(r) || *r->p != ':' || here(r).index - key.index > MAX_SIMPLE_KEY)
            return false;
        step_to(r, r->p + 1);
        yaml_mark_t after_colon = here(r); /* where libyaml puts an empty value */
        skip_space(r);
        bool ok;
        if (at_end(r) || at_marker(r) || (long)r->col < col ||
            ((long)r->col == col && !at_entry(r)))
            ok = emit_empty(r, after_colon);
        else if (r->line == key_line)
            ok = !at_entry(r) && !key_ahead(r) && read_inline(r, col);
        else if ((long)r->col == col)
            ok = read_sequence(r, true);
        else
            ok = read_node(r, col);
        if (!ok)
            return false;
        if (at_end(r) || (long)r->col < col || at_marker(r))
            break;
        if ((long)r->col != col)
            return false;
    }
    m = block_end(r, col);
    return emit(r, YAML_MAPPING_END_EVENT, m, m, 0);
}

/* A node at r->p, in a block at column `indent`. */
static bool read_node(struct reader *r, long indent)
{
    if (++r->depth > MAX_DEPTH)
        return false;
    bool ok = at_entry(r) ? read_sequence(r, false)
              : key_ahead(r) ? read_mapping(r)
                             : read_inline(r, indent);
    r->depth--;
    return ok;
}

/* ---------------------------------------------------------------- documents */

/* Nothing else can be at the start of a line inside a document. */
size_t yaml_document_end(const char *buf, size_t len, size_t from)
{
    struct reader r = {.buf = buf, .end = buf + len};
    const char *end = buf + len;
    for (const char *q = buf + from + (from < len); (q = memchr(q, '\n', (size_t)(end - q))); q++)
        if (marker_at(&r, q + 1))
            return (size_t)(q + 1 - buf);
    return len;
}

/* A document at r->p. */
static bool read_document(struct reader *r)
{
    yaml_mark_t start = here(r), stop = start;
    bool implicit = !at_marker(r);
    if (!implicit) {
        if (*r->p == '.')
            return false;
        size_t line = r->line;
        step_to(r, r->p + 3);
        stop = here(r);
        skip_space(r);
        if (!at_end(r) && r->line == line)
            return false; /* content after `---` */
    } else if (*r->p == '%' || r->col != 0) {
        return false;
    }
    if (!emit(r, YAML_DOCUMENT_START_EVENT, start, stop, implicit))
        return false;
    bool ok;
    if (at_end(r) || at_marker(r))
        ok = (at_end(r) || *r->p == '-') && emit_empty(r, end_mark(r));
    else
        ok = r->col == 0 && read_node(r, -1);
    if (!ok || (!at_end(r) && (!at_marker(r) || *r->p != '-')))
        return false;
    yaml_mark_t m = end_mark(r);
    return emit(r, YAML_DOCUMENT_END_EVENT, m, m, 1);
}

bool yaml_reader_events(const char *buf, size_t len, yaml_reader_fn fn, void *ctx,
                        struct yaml_reader_stop *stop)
{
    struct reader r = {.buf = buf, .p = buf, .end = buf + len, .checked = buf, .fn = fn,
                       .ctx = ctx};
    check_ahead(&r);
    yaml_mark_t zero = {0, 0, 0};
    bool ok = emit(&r, YAML_STREAM_START_EVENT, zero, zero, 0);
    /* each document, from where the text before it (comments) began, at the
     * start of a line, where libyaml may take the input from */
    while (ok) {
        r.doc = (struct yaml_reader_stop){(size_t)(r.p - buf), here(&r)};
        skip_space(&r);
        if (at_end(&r))
            break;
        ok = read_document(&r);
    }
    ok = ok && emit(&r, YAML_STREAM_END_EVENT, end_mark(&r), end_mark(&r), 0);
    if (stop)
        *stop = ok ? (struct yaml_reader_stop){0} : r.doc;
    free(r.text);
    return ok;
}
