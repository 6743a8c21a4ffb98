/* The C++ interface (oxre.hpp): every member, in its throwing and its
 * std::error_code form, the error paths, the ranges (empty matches across
 * multi-byte characters included), sets, and C++ mixed with the C API. */
#include <oxre.hpp> /* first: the header needs nothing included before it */

#include <array>
#include <check.h>
#include <cstring>
#include <list>
#include <oxre.h>
#include <string>
#include <thread>
#include <vector>

using namespace std::literals;

namespace {

/* The bytes of an optional view, or "<none>". */
std::string str(std::optional<std::string_view> v)
{
    return v ? std::string(*v) : "<none>";
}

/* The matches of a range as "start-end/pattern ..." */
std::string spans(oxre::match_range r)
{
    std::string out;
    for (const oxre::match &m : r)
        out += std::to_string(m.start()) + "-" + std::to_string(m.end()) + "/" +
               std::to_string(m.pattern()) + " ";
    return out;
}

/* The pieces of a split as "[piece]..." */
std::string pieces(oxre::split_range r)
{
    std::string out;
    for (std::string_view p : r)
        out += "[" + std::string(p) + "]";
    return out;
}

/* Runs f, which must throw an oxre::error with `code`; returns it. */
template <class F>
oxre::error thrown(F &&f, int code)
{
    try {
        f();
    } catch (const oxre::error &e) {
        ck_assert_int_eq(e.code(), code);
        ck_assert(e.error_code() == oxre::make_error_code(oxre::errc(code)));
        return e;
    }
    ck_abort_msg("no oxre::error was thrown (expected code %d)", code);
    return oxre::error(code);
}

/* Compares as std::strings (ck_assert_str_eq would keep pointers into
   temporaries). */
#define ASSERT_STR(a, b)                                                                  \
    do {                                                                                  \
        std::string got_((a)), want_((b));                                                \
        ck_assert_msg(got_ == want_, "%s is '%s', not '%s'", #a, got_.c_str(), want_.c_str()); \
    } while (0)

const std::string_view e_acute = "\xc3\xa9"; /* é, two bytes */

} // namespace

/* ---- Errors -------------------------------------------------------------- */

START_TEST(error_from_bad_pattern)
{
    oxre::error e = thrown([] { oxre::regex re("a(b"); }, OXRE_ESYNTAX);
    ck_assert(e.has_span());
    ck_assert_uint_eq(e.span().start, 1);
    ck_assert_uint_eq(e.span().end, 2);
    ck_assert_uint_eq(e.pattern(), 0);
    ck_assert(std::strstr(e.what(), "unclosed group") != nullptr);
    /* A std::runtime_error, catchable as such. */
    try {
        oxre::regex re("[z-a]");
        ck_abort_msg("compiled");
    } catch (const std::runtime_error &r) {
        ck_assert(std::strlen(r.what()) > 0);
    }
}
END_TEST

START_TEST(error_codes_and_category)
{
    std::error_code ec = oxre::make_error_code(oxre::errc::syntax);
    ck_assert_int_eq(ec.value(), OXRE_ESYNTAX);
    ck_assert_str_eq(ec.category().name(), "oxre");
    ASSERT_STR(ec.message(), oxre_strerror(OXRE_ESYNTAX));
    ck_assert(&ec.category() == &oxre::category());
    /* Each code compares equal to the errno the C call sets. */
    ck_assert(ec == std::errc::invalid_argument);
    ck_assert(oxre::make_error_code(oxre::errc::bad_utf8) == std::errc::illegal_byte_sequence);
    ck_assert(oxre::make_error_code(oxre::errc::null_pointer) == std::errc::bad_address);
    ck_assert(oxre::make_error_code(oxre::errc::too_big) == std::errc::argument_list_too_long);
    ck_assert(oxre::make_error_code(oxre::errc::out_of_range) == std::errc::result_out_of_range);
    ck_assert(oxre::make_error_code(oxre::errc::no_space) == std::errc::result_out_of_range);
    ck_assert(oxre::make_error_code(oxre::errc::no_group) == std::errc::no_such_file_or_directory);
    ck_assert(oxre::make_error_code(oxre::errc::panic) == std::errc::state_not_recoverable);
    ck_assert(oxre::make_error_code(oxre::errc::callback) == std::errc::operation_canceled);
    ck_assert(oxre::make_error_code(oxre::errc::no_memory) == std::errc::not_enough_memory);
    ck_assert(oxre::make_error_code(oxre::errc::bad_flags) == std::errc::invalid_argument);
    ck_assert(oxre::make_error_code(oxre::errc::invalid_argument) == std::errc::invalid_argument);
    ck_assert(oxre::make_error_code(oxre::errc::syntax) != std::errc::illegal_byte_sequence);
    /* An unknown code stays in its own category. */
    ck_assert(oxre::category().default_error_condition(-999).category() == oxre::category());
    ASSERT_STR(oxre::category().message(-999), "unknown error code");
}
END_TEST

START_TEST(error_last_and_from_code)
{
    oxre_last_error_clear();
    std::error_code ec;
    ck_assert(!oxre::regex::compile("(?<n>a)(?<n>b)", ec));
    oxre::error last = oxre::error::last();
    ck_assert_int_eq(last.code(), OXRE_ESYNTAX);
    ck_assert_int_eq(ec.value(), OXRE_ESYNTAX);
    /* Asking for another code than the last error's gives a bare error. */
    oxre::error other = oxre::error::last(OXRE_ERANGE);
    ck_assert_int_eq(other.code(), OXRE_ERANGE);
    ck_assert(!other.has_span());
    ck_assert_str_eq(other.what(), oxre_strerror(OXRE_ERANGE));
    oxre::error bare(OXRE_ENOGROUP);
    ck_assert_int_eq(bare.code(), OXRE_ENOGROUP);
    ck_assert_uint_eq(bare.span().start, 0);
    ck_assert_uint_eq(bare.span().end, 0);
    oxre_last_error_clear();
    ck_assert_int_eq(oxre::error::last().code(), OXRE_EINVAL);
}
END_TEST

START_TEST(empty_objects_fail_with_enull)
{
    oxre::regex re;
    ck_assert(!re);
    ck_assert_ptr_null(re.get());
    thrown([&] { (void)re.is_match("a"); }, OXRE_ENULL);
    thrown([&] { (void)re.find("a"); }, OXRE_ENULL);
    thrown([&] { (void)re.find_all("a"); }, OXRE_ENULL);
    thrown([&] { (void)re.clone(); }, OXRE_ENULL);
    std::error_code ec;
    ck_assert(!re.is_match("a", ec));
    ck_assert(ec == oxre::errc::null_pointer);
    ck_assert(!re.clone(ec));
    ck_assert(ec == oxre::errc::null_pointer);
    ck_assert_uint_eq(re.patterns_size(), 0);
    ck_assert_uint_eq(re.pattern().size(), 0);

    oxre::set s;
    ck_assert(!s);
    thrown([&] { (void)s.is_match("a"); }, OXRE_ENULL);
    ck_assert_uint_eq(s.size(), 0);

    /* A moved-from regex is empty too. */
    oxre::regex a("a");
    oxre::regex b = std::move(a);
    ck_assert(b && !a);
    ck_assert(b.is_match("xa"));
    thrown([&] { (void)a.count("a"); }, OXRE_ENULL);
}
END_TEST

/* ---- Compiling ------------------------------------------------------------ */

START_TEST(compile_forms)
{
    oxre::regex re("a+b", oxre::flags::case_insensitive);
    ck_assert(re.is_match("xAAB"));
    ASSERT_STR(re.pattern(), "a+b");
    ASSERT_STR(re.pattern(0), "a+b");
    ck_assert_uint_eq(re.pattern(1).size(), 0);
    ck_assert_uint_eq(re.patterns_size(), 1);

    oxre::options opts = oxre::default_options();
    ck_assert_uint_eq(opts.nest_limit, 250);
    ck_assert_uint_eq(opts.line_terminator, '\n');
    opts.size_limit = 100;
    thrown([&] { oxre::regex big("\\w{50}", oxre::flags::none, opts); }, OXRE_ESIZE);
    opts = oxre::default_options();
    opts.line_terminator = ';';
    oxre::regex lines("^b", oxre::flags::multi_line, opts);
    ck_assert(lines.is_match("a;b"));
    ck_assert(!lines.is_match("a\nb"));

    std::error_code ec = oxre::make_error_code(oxre::errc::panic);
    std::optional<oxre::regex> ok = oxre::regex::compile("x", ec);
    ck_assert(ok && !ec);
    ck_assert(ok->is_match("x"));
    ok = oxre::regex::compile("X", oxre::flags::case_insensitive, ec);
    ck_assert(ok && !ec && ok->is_match("x"));
    ok = oxre::regex::compile("^b", oxre::flags::multi_line, opts, ec);
    ck_assert(ok && !ec && ok->is_match("a;b"));
    opts.size_limit = 100;
    ck_assert(!oxre::regex::compile("\\w{50}", oxre::flags::none, opts, ec));
    ck_assert(ec == oxre::errc::too_big);
    ck_assert(!oxre::regex::compile("(", ec));
    ck_assert(ec == oxre::errc::syntax);
    ck_assert(!oxre::regex::compile("a", oxre::flags(1u << 30), ec));
    ck_assert(ec == oxre::errc::bad_flags);
    ck_assert(!oxre::regex::compile("\xff", ec));
    ck_assert(ec == oxre::errc::bad_utf8);
    thrown([] { oxre::regex re("\xff"); }, OXRE_EUTF8);
    /* The text flavour refuses a pattern that could match invalid UTF-8. */
    thrown([] { oxre::regex re("(?-u:\\xff)", oxre::flags::text); }, OXRE_ESYNTAX);
    oxre::regex bytes("(?-u:\\xff)");
    ck_assert(bytes.is_match("a\xff"));
}
END_TEST

START_TEST(flags_combine)
{
    constexpr oxre::flags f = oxre::flags::case_insensitive | oxre::flags::text;
    static_assert(std::uint32_t(f) == (OXRE_CASE_INSENSITIVE | OXRE_TEXT));
    static_assert((f & oxre::flags::text) == oxre::flags::text);
    static_assert((f & oxre::flags::multi_line) == oxre::flags::none);
    static_assert(std::uint32_t(oxre::search_flags::anchored | oxre::search_flags::earliest) ==
                  (OXRE_ANCHORED | OXRE_EARLIEST));
    static_assert((oxre::search_flags::no_utf8_check & oxre::search_flags::anchored) ==
                  oxre::search_flags::none);
    static_assert(oxre::flags{OXRE_TEXT} == oxre::flags::text);
    oxre::regex re("a.b", oxre::flags::dot_matches_new_line | oxre::flags::swap_greed);
    ck_assert(re.is_match("a\nb"));
    ASSERT_STR(oxre::regex("a+", oxre::flags::swap_greed).find("aaa")->str(), "a");
    ck_assert(oxre::regex("a b # comment", oxre::flags::ignore_whitespace).is_match("ab"));
    ck_assert(!oxre::regex("\\w", oxre::flags::no_unicode).is_match(e_acute));
    ck_assert(oxre::regex("\\141", oxre::flags::octal).is_match("a"));
    ck_assert(oxre::regex("a$", oxre::flags::multi_line | oxre::flags::crlf).is_match("a\r\nb"));
}
END_TEST

START_TEST(group_information)
{
    oxre::regex re("(a)(?<x>b)(?<y>c)?");
    ck_assert_uint_eq(re.captures_size(), 4);
    ck_assert_uint_eq(re.names_size(), 2);
    ck_assert(re.capture_index("x") == 2u);
    ck_assert(re.capture_index("y") == 3u);
    ck_assert(!re.capture_index("z"));
    ck_assert(!re.capture_name(0));
    ck_assert(!re.capture_name(1));
    ASSERT_STR(*re.capture_name(2), "x");
    ck_assert(!re.capture_name(9));
    ck_assert(!re.static_captures_size()); /* y is optional */
    ck_assert(oxre::regex("(a)(b)").static_captures_size() == 3u);
}
END_TEST

START_TEST(adopt_release_clone)
{
    oxre_regex *c = oxre_compile(reinterpret_cast<const std::uint8_t *>("b+"), 2, 0, nullptr);
    oxre::regex re = oxre::regex::adopt(c);
    ck_assert_ptr_eq(re.get(), c);
    ASSERT_STR(re.find("abbc")->str(), "bb");
    oxre::regex twin = re.clone();
    ck_assert(twin.get() != re.get());
    ck_assert_uint_eq(twin.count("b b b"), 3);
    std::error_code ec;
    oxre::regex third = twin.clone(ec);
    ck_assert(third && !ec);
    oxre_regex *back = re.release();
    ck_assert(!re);
    ck_assert_ptr_eq(back, c);
    ck_assert_int_eq(oxre_is_match(back, reinterpret_cast<const std::uint8_t *>("b"), 1, 0), 1);
    oxre_free(back);
}
END_TEST

/* ---- Searching ------------------------------------------------------------ */

START_TEST(search_members)
{
    oxre::regex re("[0-9]+");
    std::string hay = "ab 123 4567";
    ck_assert(re.is_match(hay));
    ck_assert(re.is_match(hay, 7));
    ck_assert(!re.is_match("abc"));

    std::optional<oxre::match> m = re.find(hay);
    ck_assert(m.has_value());
    ck_assert_uint_eq(m->start(), 3);
    ck_assert_uint_eq(m->end(), 6);
    ck_assert_uint_eq(m->size(), 3);
    ck_assert(!m->empty());
    ck_assert_uint_eq(m->pattern(), 0);
    ck_assert_uint_eq(m->span().start, 3);
    ck_assert_uint_eq(m->span().end, 6);
    ASSERT_STR(m->str(), "123");
    ck_assert(m->str().data() == hay.data() + 3); /* a view into the haystack */
    m = re.find(hay, 5);
    ck_assert(m && m->start() == 5 && m->end() == 6);
    ck_assert(!re.find("none"));

    ck_assert(re.shortest_match(hay) == 4u);
    ck_assert(re.shortest_match(hay, 7) == 8u);
    ck_assert(!re.shortest_match("x"));
    ck_assert_uint_eq(re.count(hay), 2);
    ck_assert_uint_eq(re.count(hay, 4), 2);
    ck_assert_uint_eq(re.count(hay, 6), 1);

    /* Window search: look-around sees outside, matches stay inside. */
    oxre::regex foo("\\bfoo\\b");
    std::string_view a = "a foo bar";
    m = foo.search(a, 2, 5);
    ck_assert(m && m->start() == 2 && m->end() == 5);
    ck_assert(!oxre::regex("^foo").search(a, 2, 5));
    ck_assert(!re.search(hay, 0, 6, oxre::search_flags::anchored));
    m = re.search(hay, 3, 11, oxre::search_flags::anchored);
    ck_assert(m && m->end() == 6);
    m = re.search(hay, 3, 11, oxre::search_flags::earliest);
    ck_assert(m && m->end() == 4);

    /* Start past the end: OXRE_ERANGE in both forms. */
    thrown([&] { (void)re.is_match(hay, 99); }, OXRE_ERANGE);
    thrown([&] { (void)re.find(hay, 99); }, OXRE_ERANGE);
    thrown([&] { (void)re.shortest_match(hay, 99); }, OXRE_ERANGE);
    thrown([&] { (void)re.count(hay, 99); }, OXRE_ERANGE);
    thrown([&] { (void)re.search(hay, 5, 4); }, OXRE_ERANGE);
    thrown([&] { (void)re.search(hay, 0, 1, oxre::search_flags(1u << 20)); }, OXRE_EFLAGS);
    std::error_code ec;
    ck_assert(!re.is_match(hay, 99, ec) && ec == oxre::errc::out_of_range);
    ck_assert(re.is_match(hay, ec) && !ec);
    ck_assert(!re.find(hay, 99, ec) && ec == oxre::errc::out_of_range);
    ck_assert(re.find(hay, ec) && !ec);
    ck_assert(!re.shortest_match(hay, 99, ec) && ec == oxre::errc::out_of_range);
    ck_assert(re.shortest_match(hay, ec) == 4u && !ec);
    ck_assert(re.count(hay, 99, ec) == 0 && ec == oxre::errc::out_of_range);
    ck_assert(re.count(hay, ec) == 2 && !ec);
    ck_assert(!re.search(hay, 5, 4, oxre::search_flags::none, ec) && ec == oxre::errc::out_of_range);
    ck_assert(re.search(hay, 0, 11, oxre::search_flags::none, ec) && !ec);
}
END_TEST

START_TEST(haystacks_are_bytes)
{
    oxre::regex re("b");
    std::string hay("a\0b\xff", 4);
    std::optional<oxre::match> m = re.find(hay);
    ck_assert(m && m->start() == 2);
    ck_assert_uint_eq(oxre::regex("(?-u:\\xff)").find(hay)->start(), 3);
    ck_assert_uint_eq(oxre::regex("\\x00").find(hay)->start(), 1);
    /* An empty view, even with a null data pointer. */
    ck_assert(oxre::regex("").is_match(std::string_view()));
    ck_assert(!re.is_match(std::string_view()));
}
END_TEST

START_TEST(text_flavour)
{
    oxre::regex re("\\w+", oxre::flags::text);
    std::string good = "caf" + std::string(e_acute);
    ASSERT_STR(re.find(good)->str(), good);
    std::string bad = "ab\xff";
    oxre::error e = thrown([&] { (void)re.find(bad); }, OXRE_EUTF8);
    ck_assert(e.has_span() && e.span().start == 2 && e.span().end == 3);
    thrown([&] { (void)re.is_match(bad); }, OXRE_EUTF8);
    thrown([&] { (void)re.find_all(bad); }, OXRE_EUTF8);
    thrown([&] { (void)re.captures_all(bad); }, OXRE_EUTF8);
    thrown([&] { (void)re.split(bad); }, OXRE_EUTF8);
    thrown([&] { (void)re.splitn(bad, 2); }, OXRE_EUTF8);
    thrown([&] { (void)re.replace_all(bad, "x"); }, OXRE_EUTF8);
    thrown([&] { (void)re.replace_all("ab", "\xff"); }, OXRE_EUTF8);
    thrown([&] { (void)re.captures(bad); }, OXRE_EUTF8);
    std::error_code ec;
    ck_assert(spans(re.find_all(bad, ec)).empty() && ec == oxre::errc::bad_utf8);
    ck_assert(pieces(re.split(bad, ec)).empty() && ec == oxre::errc::bad_utf8);
    ck_assert(pieces(re.splitn(bad, 3, ec)).empty() && ec == oxre::errc::bad_utf8);
    ck_assert(re.replace_all(bad, "x", ec).empty() && ec == oxre::errc::bad_utf8);
    /* The bytes flavour takes the same haystack. */
    ASSERT_STR(oxre::regex("\\w+").find(bad)->str(), "ab");
    /* A checked haystack searched from a loop without re-checking it. */
    std::optional<oxre::match> m =
        re.search(good, 1, good.size(), oxre::search_flags::no_utf8_check);
    ck_assert(m && m->start() == 1);
}
END_TEST

/* ---- Capture groups ------------------------------------------------------- */

START_TEST(captures_members)
{
    oxre::regex re("(?<key>\\w+)=(?<value>\\w+)?(;)?");
    std::string hay = "-- k=v";
    std::optional<oxre::captures> c = re.captures(hay);
    ck_assert(c.has_value());
    ck_assert(c->matched());
    ck_assert_uint_eq(c->size(), 4);
    ASSERT_STR(str((*c)[0]), "k=v");
    ASSERT_STR(str((*c)[1]), "k");
    ASSERT_STR(str((*c)["key"]), "k");
    ASSERT_STR(str((*c)["value"]), "v");
    ASSERT_STR(str((*c)[3]), "<none>"); /* did not participate */
    ASSERT_STR(str((*c)[4]), "<none>"); /* no such group */
    ASSERT_STR(str((*c)["nope"]), "<none>");
    ck_assert(c->span(0)->start == 3 && c->span(0)->end == 6);
    ck_assert(c->span("value")->start == 5);
    ck_assert(!c->span(3));
    ck_assert(!c->span(99));
    ck_assert(!c->span("nope"));
    ck_assert_uint_eq(c->pattern(), 0);
    ck_assert(c->haystack().data() == hay.data());
    ck_assert((*c)[1]->data() == hay.data() + 3);
    ck_assert_ptr_nonnull(c->get());
    ASSERT_STR(c->expand("$value:${key}$$"), "v:k$");
    std::error_code ec;
    ASSERT_STR(c->expand("[$2]", ec), "[v]");
    ck_assert(!ec);

    ck_assert(!re.captures("no pairs"));
    std::optional<oxre::captures> at = re.captures("a=b c=d", 3);
    ck_assert(at && str((*at)["key"]) == "c");
    thrown([&] { (void)re.captures(hay, 99); }, OXRE_ERANGE);
    ck_assert(!re.captures(hay, 99, ec) && ec == oxre::errc::out_of_range);
    ck_assert(re.captures(hay, ec) && !ec);

    /* Moving keeps the groups; the moved-from object holds none. */
    oxre::captures moved = std::move(*c);
    ASSERT_STR(str(moved["key"]), "k");
    ck_assert(!c->matched());
    ck_assert_uint_eq(c->size(), 0);
    ck_assert(!(*c)[0]);
    ck_assert_ptr_null(c->get());
    oxre::captures assigned;
    assigned = std::move(moved);
    ASSERT_STR(str(assigned[2]), "v");
    thrown([&] { (void)c->expand("$1"); }, OXRE_ENULL);
    ck_assert(c->expand("$1", ec).empty() && ec == oxre::errc::null_pointer);
}
END_TEST

START_TEST(captures_reused)
{
    oxre::regex re("(\\d)(\\d)?");
    std::string hay = "1 23 4";
    oxre::captures caps; /* empty: the first read allocates it */
    ck_assert(!caps.matched());
    ck_assert_ptr_null(caps.get());
    std::string seen;
    std::size_t at = 0;
    while (re.captures_read(caps, hay, at)) {
        seen += str(caps[1]) + str(caps[2]) + ",";
        at = caps.span(0)->end;
    }
    ASSERT_STR(seen, "1<none>,23,4<none>,");
    ck_assert(!caps.matched()); /* the last read found nothing */
    const oxre_captures *c = caps.get();
    ck_assert(re.captures_read(caps, "9"));
    ck_assert_ptr_eq(caps.get(), c); /* the same object, reused */
    std::error_code ec;
    ck_assert(re.captures_read(caps, "56", ec) && !ec);
    ASSERT_STR(str(caps[2]), "6");
    ck_assert(!re.captures_read(caps, "56", 9, ec) && ec == oxre::errc::out_of_range);
    ck_assert(!caps.matched());
    thrown([&] { (void)re.captures_read(caps, "5", 9); }, OXRE_ERANGE);
    /* A captures object made for other groups: OXRE_EINVAL. */
    oxre::regex other("(a)(b)(c)(d)");
    thrown([&] { (void)other.captures_read(caps, "abcd"); }, OXRE_EINVAL);

    /* Windows, anchored. */
    ck_assert(re.search_captures(caps, "ab12", 2, 4, oxre::search_flags::anchored));
    ASSERT_STR(str(caps[0]), "12");
    ck_assert(!re.search_captures(caps, "ab12", 0, 4, oxre::search_flags::anchored));
    ck_assert(re.search_captures(caps, "ab12", 0, 3, oxre::search_flags::none, ec) && !ec);
    ASSERT_STR(str(caps[0]), "1");
    ck_assert(!re.search_captures(caps, "ab12", 3, 2, oxre::search_flags::none, ec));
    ck_assert(ec == oxre::errc::out_of_range);
    thrown([&] { (void)re.search_captures(caps, "ab", 3, 2); }, OXRE_ERANGE);
}
END_TEST

START_TEST(captures_beyond_inline_groups)
{
    /* More groups than fit in the captures object itself: it makes room
       for them once, and reads them as the others. */
    std::string pat, hay;
    for (int i = 0; i < 20; i++) {
        pat += i == 18 ? "(x)?" : "(.)";
        if (i != 18)
            hay += char('a' + i);
    }
    oxre::regex re(pat);
    std::optional<oxre::captures> c = re.captures(hay);
    ck_assert(c.has_value());
    ck_assert_uint_eq(c->size(), 21);
    static_assert(oxre::captures::inline_groups < 21);
    ASSERT_STR(str((*c)[1]), "a");
    ASSERT_STR(str((*c)[16]), "p");
    ASSERT_STR(str((*c)[17]), "q");
    ASSERT_STR(str((*c)[18]), "r");
    ASSERT_STR(str((*c)[19]), "<none>");
    ASSERT_STR(str((*c)[20]), "t");
    ck_assert(c->span(20)->start == 18);
    ASSERT_STR(str((*c)[21]), "<none>");
    /* Moved, and reused for the next match, it keeps the room. */
    oxre::captures moved = std::move(*c);
    ASSERT_STR(str(moved[20]), "t");
    std::string twice = hay + hay;
    ck_assert(re.captures_read(moved, twice, hay.size()));
    ck_assert(moved.span(20)->start == hay.size() + 18);
    /* The same through a range and a replacement callable. */
    std::string lasts;
    for (const oxre::captures &k : re.captures_all(twice))
        lasts += str(k[20]);
    ASSERT_STR(lasts, "tt");
    ASSERT_STR(re.replace_all(twice, [](const oxre::captures &k) { return *k[20]; }), "tt");
}
END_TEST

/* ---- Iteration ------------------------------------------------------------ */

START_TEST(find_all_members)
{
    oxre::regex re("a*");
    ASSERT_STR(spans(re.find_all("baaab")), "0-0/0 1-4/0 5-5/0 ");
    ASSERT_STR(spans(re.find_all("baaab", 2)), "2-4/0 5-5/0 ");
    std::error_code ec;
    ASSERT_STR(spans(re.find_all("baaab", ec)), "0-0/0 1-4/0 5-5/0 ");
    ck_assert(!ec);
    ASSERT_STR(spans(re.find_all("baaab", 4, ec)), "4-4/0 5-5/0 ");
    ck_assert(spans(re.find_all("b", 9, ec)).empty() && ec == oxre::errc::out_of_range);
    thrown([&] { (void)re.find_all("b", 9); }, OXRE_ERANGE);

    /* The range: single pass, views into the haystack, no error. */
    std::string hay = "x1y22z";
    oxre::regex digits("[0-9]+");
    oxre::match_range r = digits.find_all(hay);
    auto it = r.begin();
    ck_assert(it != r.end());
    ASSERT_STR(it->str(), "1");
    ck_assert(it->str().data() == hay.data() + 1);
    ++it;
    ASSERT_STR((*it).str(), "22");
    it++;
    ck_assert(it == r.end());
    ck_assert(r.end() == it);
    ck_assert(!(r.end() != it));
    ck_assert(r.begin() == r.end()); /* a second begin() does not restart */
    ck_assert(!r.error());
    oxre::match_range empty;
    ck_assert(empty.begin() == empty.end());
    ck_assert(oxre::match_range::iterator() == r.end());
}
END_TEST

START_TEST(empty_matches_across_multibyte)
{
    /* "aé" is 61 C3 A9. The bytes flavour may match between the bytes of
       a character; the text flavour never splits one. */
    std::string hay = "a" + std::string(e_acute);
    oxre::regex bytes("");
    ASSERT_STR(spans(bytes.find_all(hay)), "0-0/0 1-1/0 2-2/0 3-3/0 ");
    oxre::regex text("", oxre::flags::text);
    ASSERT_STR(spans(text.find_all(hay)), "0-0/0 1-1/0 3-3/0 ");
    ASSERT_STR(pieces(text.split(hay)), "[][a][\xc3\xa9][]");
    ASSERT_STR(pieces(bytes.split(hay)), "[][a][\xc3][\xa9][]");
    ASSERT_STR(text.replace_all(hay, "-"), "-a-\xc3\xa9-");
    ASSERT_STR(oxre::regex("").replace_all(hay, "-"), "-a-\xc3-\xa9-");
    ck_assert_uint_eq(text.count(hay), 3);
    ck_assert_uint_eq(oxre::regex("").count(hay), 4);
    /* x* over "éxé": empty, "x", empty at the end; never inside é. */
    oxre::regex xs("x*", oxre::flags::text);
    std::string h2 = std::string(e_acute) + "x" + std::string(e_acute);
    ASSERT_STR(spans(xs.find_all(h2)), "0-0/0 2-3/0 5-5/0 ");
    std::string groups;
    for (const oxre::captures &c : xs.captures_all(h2))
        groups += std::to_string(c.span(0)->start) + ",";
    ASSERT_STR(groups, "0,2,5,");
    ASSERT_STR(pieces(xs.split(h2)), "[][\xc3\xa9][\xc3\xa9][]");
    /* The bytes flavour, in Unicode mode, still matches only whole
       characters with `.`, but empty matches land on every byte. */
    oxre::regex xs_bytes("x*"), dot(".");
    ASSERT_STR(spans(xs_bytes.find_all(h2)), "0-0/0 1-1/0 2-3/0 4-4/0 5-5/0 ");
    ASSERT_STR(spans(dot.find_all(e_acute)), "0-2/0 ");
}
END_TEST

START_TEST(captures_all_members)
{
    oxre::regex re("(?<k>\\w)=(?<v>\\w)?");
    std::string hay = "a=1 b= c=3";
    std::string out;
    for (const oxre::captures &c : re.captures_all(hay))
        out += str(c["k"]) + ":" + str(c["v"]) + "@" + std::to_string(c.span(0)->start) + " ";
    ASSERT_STR(out, "a:1@0 b:<none>@4 c:3@7 ");
    out.clear();
    for (const oxre::captures &c : re.captures_all(hay, 4))
        out += str(c[1]);
    ASSERT_STR(out, "bc");
    std::error_code ec;
    out.clear();
    for (const oxre::captures &c : re.captures_all(hay, ec))
        out += str(c[2]);
    ck_assert(!ec);
    ASSERT_STR(out, "1<none>3");
    for (const oxre::captures &c : re.captures_all(hay, 5, ec))
        out += str(c[1]);
    ASSERT_STR(out, "1<none>3c");
    oxre::captures_range bad = re.captures_all(hay, 99, ec);
    ck_assert(ec == oxre::errc::out_of_range);
    ck_assert(bad.begin() == bad.end());
    thrown([&] { (void)re.captures_all(hay, 99); }, OXRE_ERANGE);
    /* The range reuses one captures object: the reference stays the same. */
    oxre::captures_range r = re.captures_all(hay);
    auto it = r.begin();
    const oxre::captures *first = &*it;
    ++it;
    ck_assert(first == &*it);
    ASSERT_STR(str(it->operator[]("k")), "b");
    oxre::captures_range none;
    ck_assert(none.begin() == none.end());
    ck_assert(!r.error());
}
END_TEST

START_TEST(moved_range_fails_with_enull)
{
    oxre::regex re("[a-z]");
    std::string hay = "abc";
    /* Moved mid-way: the moved-to range goes on from the current match,
       the moved-from one ends with OXRE_ENULL at its next step (thrown:
       throwing form). */
    oxre::match_range r = re.find_all(hay);
    auto it = r.begin();
    ASSERT_STR(it->str(), "a");
    oxre::match_range taken = std::move(r);
    ASSERT_STR(spans(std::move(taken)), "0-1/0 1-2/0 2-3/0 ");
    thrown([&] { ++it; }, OXRE_ENULL);
    ck_assert(it == r.end());
    ck_assert(r.error() == oxre::errc::null_pointer);

    /* Non-throwing form: the range just ends, error() says why. */
    std::error_code ec;
    oxre::split_range s = re.split(hay, ec);
    auto si = s.begin();
    oxre::split_range s2 = std::move(s);
    ++si;
    ck_assert(si == s.end());
    ck_assert(s.error() == oxre::errc::null_pointer);
    ck_assert(!s2.error());

    oxre::captures_range c = re.captures_all(hay, ec);
    auto ci = c.begin();
    oxre::captures_range c2 = std::move(c);
    ++ci;
    ck_assert(ci == c.end());
    ck_assert(c.error() == oxre::errc::null_pointer);
    std::string rest;
    for (const oxre::captures &k : c2)
        rest += str(k[0]);
    ASSERT_STR(rest, "abc");
}
END_TEST

#if __cplusplus >= 202002L
#include <ranges>
static_assert(std::ranges::input_range<oxre::match_range>);
static_assert(std::ranges::input_range<oxre::captures_range>);
static_assert(std::ranges::input_range<oxre::split_range>);
static_assert(std::input_iterator<oxre::match_range::iterator>);
static_assert(std::sentinel_for<decltype(std::declval<oxre::match_range &>().end()),
                                oxre::match_range::iterator>);
#endif
static_assert(!std::is_copy_constructible_v<oxre::regex>);
static_assert(std::is_nothrow_move_constructible_v<oxre::regex>);
static_assert(!std::is_copy_constructible_v<oxre::captures>);
static_assert(std::is_nothrow_move_constructible_v<oxre::captures>);
static_assert(!std::is_copy_constructible_v<oxre::match_range>);
static_assert(!std::is_copy_constructible_v<oxre::set>);
static_assert(std::is_trivially_copyable_v<oxre::match>);
/* A range of a temporary std::string, or of a temporary regex, would
   dangle: those calls do not compile. */
template <class R, class H, class = void>
struct can_find_all : std::false_type {
};
template <class R, class H>
struct can_find_all<R, H, std::void_t<decltype(std::declval<R>().find_all(std::declval<H>()))>>
    : std::true_type {
};
static_assert(can_find_all<const oxre::regex &, std::string_view>::value);
static_assert(can_find_all<const oxre::regex &, const std::string &>::value);
static_assert(can_find_all<const oxre::regex &, const char *>::value);
static_assert(!can_find_all<const oxre::regex &, std::string>::value);
static_assert(!can_find_all<oxre::regex, std::string_view>::value);

START_TEST(ranges_with_algorithms)
{
    oxre::regex re("[0-9]");
    std::vector<std::string> all;
    for (const oxre::match &m : re.find_all("1a2b3"))
        all.emplace_back(m.str());
    ck_assert_uint_eq(all.size(), 3);
    oxre::match_range r = re.find_all("1a2b3");
    std::size_t n = 0;
    for (auto it = r.begin(); it != r.end(); ++it)
        n += it->size();
    ck_assert_uint_eq(n, 3);
}
END_TEST

/* ---- Split ---------------------------------------------------------------- */

START_TEST(split_members)
{
    oxre::regex comma(",");
    ASSERT_STR(pieces(comma.split("a,,b")), "[a][][b]");
    ASSERT_STR(pieces(comma.split("")), "[]");
    ASSERT_STR(pieces(comma.splitn("a,b,c", 2)), "[a][b,c]");
    ASSERT_STR(pieces(comma.splitn("a,b,c", 0)), "");
    std::error_code ec;
    ASSERT_STR(pieces(comma.split("x,y", ec)), "[x][y]");
    ck_assert(!ec);
    ASSERT_STR(pieces(comma.splitn("x,y,z", 1, ec)), "[x,y,z]");
    ck_assert(!ec);
    std::string hay = "k=v";
    oxre::regex eq("=");
    oxre::split_range r = eq.split(hay);
    auto it = r.begin();
    ck_assert(it->data() == hay.data());
    ck_assert(!r.error());
    oxre::split_range none;
    ck_assert(none.begin() == none.end());
    oxre::regex empty;
    thrown([&] { (void)empty.split("a"); }, OXRE_ENULL);
    thrown([&] { (void)empty.splitn("a", 2); }, OXRE_ENULL);
    ck_assert(pieces(empty.splitn("a", 2, ec)).empty() && ec == oxre::errc::null_pointer);
}
END_TEST

/* ---- Replace -------------------------------------------------------------- */

START_TEST(replace_templates)
{
    oxre::regex re("(?<first>\\w+)\\s+(?<last>\\w+)");
    ASSERT_STR(re.replace("Springsteen Bruce, Prine John", "$last $first"),
               "Bruce Springsteen, Prine John");
    ASSERT_STR(re.replace_all("Springsteen Bruce, Prine John", "${last}_$1"),
               "Bruce_Springsteen, John_Prine");
    ASSERT_STR(re.replacen("a b c d e f", 2, "<$2$1>"), "<ba> <dc> e f");
    ASSERT_STR(re.replacen("a b c d e f", 0, "$$"), "$ $ $");
    std::string tmpl = "[$first]";
    ASSERT_STR(re.replace("x y", tmpl), "[x]");
    ASSERT_STR(re.replace("x y", std::string_view(tmpl)), "[x]");
    ASSERT_STR(re.replace("x y", tmpl.c_str()), "[x]");
    ASSERT_STR(re.replace("no", "$1"), "no");
    /* Literal: no expansion. */
    ASSERT_STR(re.replace_all("a b", oxre::no_expand{"$1$$"}), "$1$$");
    ASSERT_STR(re.replacen("a b c d", 1, oxre::no_expand{"${x}"}), "${x} c d");
    /* Results much longer than the haystack take a second pass. */
    std::string big(1000, 'x');
    ASSERT_STR(oxre::regex("x").replace_all("xx", big), big + big);
    ASSERT_STR(oxre::regex("(x)").replace_all("xxx", "$1$1$1$1"), "xxxxxxxxxxxx");
    ASSERT_STR(oxre::regex("x").replace_all("", "yy"), "");
    ASSERT_STR(oxre::regex("").replace_all("", "yy"), "yy");
    /* Binary results keep their NUL bytes. */
    std::string nul = oxre::regex("b").replace_all(std::string("a\0b", 3), "\\0"s);
    ck_assert_uint_eq(nul.size(), 4);
    std::error_code ec;
    ASSERT_STR(re.replace("p q", "$2", ec), "q");
    ck_assert(!ec);
    ASSERT_STR(re.replace_all("p q r s", "$2", ec), "q s");
    ASSERT_STR(re.replacen("p q r s", 1, oxre::no_expand{"$"}, ec), "$ r s");
    oxre::regex empty;
    thrown([&] { (void)empty.replace("a", "b"); }, OXRE_ENULL);
    ck_assert(empty.replace_all("a", "b", ec).empty() && ec == oxre::errc::null_pointer);
}
END_TEST

START_TEST(replace_with_callables)
{
    oxre::regex re("[0-9]+");
    /* Returning a std::string (a temporary, kept alive while it is read). */
    ASSERT_STR(re.replace_all("a1b22c333",
                              [](const oxre::captures &c) {
                                  return std::to_string(c[0]->size());
                              }),
               "a1b2c3");
    /* A view into the haystack, a C string, a function object with state. */
    ASSERT_STR(re.replace("x12y", [](const oxre::captures &c) { return c[0]->substr(1); }), "x2y");
    ASSERT_STR(re.replacen("1 2 3", 2, [](const oxre::captures &) { return "n"; }), "n n 3");
    struct counter {
        int n = 0;
        std::string operator()(const oxre::captures &) { return std::to_string(++n); }
    } count;
    ASSERT_STR(re.replace_all("7 7 7", count), "1 2 3");
    ck_assert_int_eq(count.n, 3);
    /* Captures by name inside the callable. */
    oxre::regex kv("(?<k>\\w+)=(?<v>\\w+)");
    ASSERT_STR(kv.replace_all("a=1,b=2",
                              [](const oxre::captures &c) {
                                  return std::string(*c["v"]) + "=" + std::string(*c["k"]);
                              }),
               "1=a,2=b");
    /* A function pointer. */
    std::string_view (*fp)(const oxre::captures &) = [](const oxre::captures &) {
        return "F"sv;
    };
    ASSERT_STR(re.replace_all("1a2", fp), "FaF");
    std::error_code ec;
    ASSERT_STR(re.replace_all("1a2", fp, ec), "FaF");
    ck_assert(!ec);
    ASSERT_STR(re.replace("1a2", fp, ec), "Fa2");
    /* An exception from the callable stops the replacement and comes out
       of the call (through the C frames, which never see it). */
    int calls = 0;
    auto throwing = [&](const oxre::captures &) -> std::string {
        if (++calls == 2)
            throw std::logic_error("stop here");
        return "ok";
    };
    try {
        (void)re.replace_all("1 2 3", throwing);
        ck_abort_msg("nothing thrown");
    } catch (const std::logic_error &e) {
        ck_assert_str_eq(e.what(), "stop here");
    }
    ck_assert_int_eq(calls, 2);
    calls = 0;
    try {
        (void)re.replace_all("1 2 3", throwing, ec);
        ck_abort_msg("nothing thrown");
    } catch (const std::logic_error &) {
    }
    /* Text flavour: the callable's output is appended as it is. */
    oxre::regex t("x", oxre::flags::text);
    ASSERT_STR(t.replace_all("axb", [](const oxre::captures &) { return e_acute; }),
               "a\xc3\xa9" "b");
    thrown([&] { (void)t.replace_all("\xff", [](const oxre::captures &) { return ""; }); },
           OXRE_EUTF8);
    ck_assert(t.replace_all("\xff", fp, ec).empty() && ec == oxre::errc::bad_utf8);
}
END_TEST

START_TEST(escape_members)
{
    std::string e = oxre::regex::escape("a.b*c");
    ASSERT_STR(e, "a\\.b\\*c");
    oxre::regex re(e);
    ck_assert(re.is_match("xa.b*cx"));
    ck_assert(!re.is_match("aXbbc"));
    ASSERT_STR(oxre::regex::escape(""), "");
    thrown([] { (void)oxre::regex::escape("\xff"); }, OXRE_EUTF8);
    std::error_code ec;
    ck_assert(oxre::regex::escape("\xff", ec).empty() && ec == oxre::errc::bad_utf8);
    ASSERT_STR(oxre::regex::escape("(", ec), "\\(");
    ck_assert(!ec);
}
END_TEST

/* ---- Several patterns ----------------------------------------------------- */

START_TEST(many_members)
{
    oxre::regex re = oxre::regex::many({"[0-9]+", "[a-z]+", "(?<up>[A-Z])[a-z]*"});
    ck_assert_uint_eq(re.patterns_size(), 3);
    ASSERT_STR(re.pattern(1), "[a-z]+");
    ASSERT_STR(spans(re.find_all("-- abc 42 Hello")), "3-6/1 7-9/0 10-15/2 ");
    std::optional<oxre::match> m = re.search("- 7", 0, 3);
    ck_assert(m && m->pattern() == 0 && m->start() == 2);
    std::optional<oxre::captures> c = re.captures("Hi");
    ck_assert(c && c->pattern() == 2);
    ASSERT_STR(str((*c)["up"]), "H");
    /* Any range of string-likes. */
    std::vector<std::string> v = {"ab", "abc", "a"};
    oxre::regex from_vector = oxre::regex::many(v);
    ASSERT_STR(spans(from_vector.find_all("abc")), "0-2/0 ");
    std::array<const char *, 2> arr = {"x", "y"};
    oxre::regex from_array = oxre::regex::many(arr, oxre::flags::case_insensitive);
    ASSERT_STR(spans(from_array.find_all("XY")), "0-1/0 1-2/1 ");
    std::list<std::string_view> l = {"q"};
    oxre::options opts = oxre::default_options();
    ck_assert(oxre::regex::many(l, oxre::flags::none, opts).is_match("q"));
    ck_assert(!oxre::regex::many(std::vector<std::string>{}).is_match("anything"));
    /* The pattern in error. */
    oxre::error e = thrown([] { (void)oxre::regex::many({"a", "b", "(c"}); }, OXRE_ESYNTAX);
    ck_assert_uint_eq(e.pattern(), 2);
    std::error_code ec;
    ck_assert(!oxre::regex::compile_many({"ok", "[bad"}, oxre::flags::none, ec));
    ck_assert(ec == oxre::errc::syntax);
    ck_assert_uint_eq(oxre::error::last().pattern(), 1);
    std::optional<oxre::regex> r = oxre::regex::compile_many({"a", "b"}, oxre::flags::none, ec);
    ck_assert(r && !ec && r->patterns_size() == 2);
    r = oxre::regex::compile_many({"A"}, oxre::flags::case_insensitive, opts, ec);
    ck_assert(r && r->is_match("a"));
    r = oxre::regex::compile_many(v, oxre::flags::none, ec);
    ck_assert(r && r->patterns_size() == 3);
    r = oxre::regex::compile_many(arr, oxre::flags::none, opts, ec);
    ck_assert(r && r->is_match("y"));
    opts.size_limit = 10;
    ck_assert(!oxre::regex::compile_many(arr, oxre::flags::none, opts, ec));
    ck_assert(ec == oxre::errc::too_big);
}
END_TEST

START_TEST(set_members)
{
    oxre::set s({"[0-9]+", "[a-z]+", "foo", "X"});
    ck_assert(s);
    ck_assert_uint_eq(s.size(), 4);
    ASSERT_STR(s.pattern(2), "foo");
    ck_assert_uint_eq(s.pattern(4).size(), 0);
    ck_assert(s.is_match("foo"));
    ck_assert(!s.is_match("!!"));
    ck_assert(!s.is_match("foo 1", 5));
    oxre::set_matches m = s.matches("foo 1");
    ck_assert_uint_eq(m.size(), 4);
    ck_assert_uint_eq(m.count(), 3);
    ck_assert(m.matched_any());
    ck_assert(m.matched(0) && m.matched(1) && m.matched(2) && !m.matched(3));
    ck_assert(!m.matched(99));
    std::string which;
    for (std::size_t i : m)
        which += std::to_string(i);
    ASSERT_STR(which, "012");
    ck_assert_uint_eq(s.matches("foo 1", 4).count(), 1);
    /* Refilling: no new allocation, new answer. */
    ck_assert_uint_eq(s.matches("X", m), 1);
    ck_assert(m.matched(3) && !m.matched(0));
    ck_assert_uint_eq(s.matches("X 1", m, 1), 1);
    ck_assert(m.matched(0));
    std::error_code ec;
    ck_assert(s.is_match("1", ec) && !ec);
    ck_assert(!s.is_match("1", 9, ec) && ec == oxre::errc::out_of_range);
    ck_assert_uint_eq(s.matches("a1", ec).count(), 2);
    ck_assert(!ec);
    ck_assert(!s.matches("a1", 9, ec).matched_any() && ec == oxre::errc::out_of_range);
    ck_assert_uint_eq(s.matches("a", m, ec), 1);
    ck_assert(!ec);
    ck_assert_uint_eq(s.matches("a", m, 7, ec), 0);
    ck_assert(ec == oxre::errc::out_of_range);
    ck_assert_uint_eq(m.size(), 0);
    ck_assert(m.begin() == m.end());
    thrown([&] { (void)s.is_match("1", 9); }, OXRE_ERANGE);
    thrown([&] { (void)s.matches("1", 9); }, OXRE_ERANGE);
    thrown([&] { (void)s.matches("1", m, 9); }, OXRE_ERANGE);
    /* Windows, anchored. */
    ck_assert_uint_eq(s.search("1 foo", 2, 5, oxre::search_flags::none, m), 2);
    ck_assert(m.matched(1) && m.matched(2) && !m.matched(0));
    ck_assert_uint_eq(s.search("1 foo", 0, 5, oxre::search_flags::anchored, m), 1);
    ck_assert(m.matched(0) && !m.matched(1));
    ck_assert_uint_eq(s.search("1 foo", 2, 5, oxre::search_flags::anchored, m, ec), 2);
    ck_assert(!ec);
    ck_assert_uint_eq(s.search("1 foo", 3, 2, oxre::search_flags::none, m, ec), 0);
    ck_assert(ec == oxre::errc::out_of_range && m.size() == 0);
    thrown([&] { (void)s.search("1", 0, 1, oxre::search_flags(1u << 9), m); }, OXRE_EFLAGS);
    oxre::set_matches none;
    ck_assert(none.begin() == none.end() && none.size() == 0 && !none.matched_any());
    oxre::set_matches moved = s.matches("1");
    none = std::move(moved);
    ck_assert(none.matched(0));
}
END_TEST

START_TEST(set_construction)
{
    std::vector<std::string> v = {"a", "B"};
    oxre::set s(v, oxre::flags::case_insensitive);
    ck_assert_uint_eq(s.matches("b").count(), 1);
    oxre::options opts = oxre::default_options();
    oxre::set t({"x"}, oxre::flags::none, opts);
    ck_assert(t.is_match("x"));
    oxre::set u(v, oxre::flags::none, opts);
    ck_assert(!u.is_match("b"));
    oxre::error e = thrown([] { oxre::set bad({"a", "("}); }, OXRE_ESYNTAX);
    ck_assert_uint_eq(e.pattern(), 1);
    std::error_code ec;
    std::optional<oxre::set> ok = oxre::set::compile({"a", "b"}, oxre::flags::none, ec);
    ck_assert(ok && !ec && ok->size() == 2);
    ok = oxre::set::compile({"A"}, oxre::flags::case_insensitive, opts, ec);
    ck_assert(ok && ok->is_match("a"));
    ok = oxre::set::compile(v, oxre::flags::none, ec);
    ck_assert(ok && ok->size() == 2);
    ok = oxre::set::compile(v, oxre::flags::none, opts, ec);
    ck_assert(ok && !ec);
    ck_assert(!oxre::set::compile({"[", "a"}, oxre::flags::none, ec));
    ck_assert(ec == oxre::errc::syntax && oxre::error::last().pattern() == 0);
    opts.size_limit = 10;
    ck_assert(!oxre::set::compile(v, oxre::flags::none, opts, ec));
    ck_assert(ec == oxre::errc::too_big);
    oxre::set empty = oxre::set(std::vector<std::string>{});
    ck_assert(!empty.is_match("a") && empty.size() == 0);
    ck_assert_uint_eq(empty.matches("a").size(), 0);
    /* Adopting and releasing the C object. */
    oxre_set *raw = s.release();
    ck_assert(!s);
    oxre::set back = oxre::set::adopt(raw);
    ck_assert_ptr_eq(back.get(), raw);
    ck_assert_int_eq(oxre_set_is_match(back.get(), reinterpret_cast<const std::uint8_t *>("A"),
                                       1, 0),
                     1);
}
END_TEST

/* ---- Streams --------------------------------------------------------------- */

START_TEST(stream_members)
{
    oxre::regex re("[0-9]+");
    oxre::stream st(re);
    ck_assert(st && st.get() != nullptr);
    std::string got;
    auto collect = [&](const oxre::stream_match &m) {
        got += std::string(m.str()) + "@" + std::to_string(m.start()) + "-" +
               std::to_string(m.end()) + "/" + std::to_string(m.pattern()) + " ";
        ck_assert(!m.ends_only());
        ck_assert_ptr_nonnull(m.get());
    };
    /* One byte at a time: the matches of the whole input, in order. */
    std::size_t n = 0;
    for (char ch : std::string("a1b22c333"))
        n += st.feed(std::string_view(&ch, 1), collect);
    n += st.finish(collect);
    ASSERT_STR(got, "1@1-2/0 22@3-5/0 333@6-9/0 ");
    ck_assert_uint_eq(n, 3);
    ck_assert_uint_eq(st.offset(), 9);
    ck_assert(st.memory() > 0);
    /* Finished: feeding again is OXRE_EINVAL until reset(). */
    thrown([&] { (void)st.feed("1", collect); }, OXRE_EINVAL);
    std::error_code ec;
    ck_assert_uint_eq(st.feed("1", collect, ec), 0);
    ck_assert(ec == oxre::errc::invalid_argument);
    st.reset();
    ck_assert_uint_eq(st.offset(), 0);
    got.clear();
    ck_assert_uint_eq(st.feed("x7y", collect, ec), 1);
    ck_assert(!ec);
    ck_assert_uint_eq(st.finish(collect, ec), 0);
    ASSERT_STR(got, "7@1-2/0 ");
    /* An exception from the callable comes out; the stream goes on after
       that match. */
    st.reset();
    int calls = 0;
    try {
        st.feed("1 2 3 ", [&](const oxre::stream_match &) {
            if (++calls == 2)
                throw std::runtime_error("enough");
        });
        ck_abort_msg("nothing thrown");
    } catch (const std::runtime_error &e) {
        ck_assert_str_eq(e.what(), "enough");
    }
    got.clear();
    st.finish(collect);
    ASSERT_STR(got, "3@4-5/0 ");
    /* Ends-only mode: every end, no bytes. */
    oxre::regex many = oxre::regex::many({"ab", "b"});
    oxre::stream ends(many, oxre::stream_flags::ends_only);
    std::string e;
    ends.feed("xab", [&](const oxre::stream_match &m) {
        ck_assert(m.ends_only() && m.str().empty());
        e += std::to_string(m.end()) + "/" + std::to_string(m.pattern()) + " ";
    });
    ends.finish([](const oxre::stream_match &) {});
    ASSERT_STR(e, "3/0 3/1 ");
    /* Errors: text flavour with invalid UTF-8; the non-throwing factory
       (a Unicode \b streams in ends-only mode too). */
    oxre::regex text("a", oxre::flags::text);
    oxre::stream ts(text);
    thrown([&] { ts.feed("\xff", collect); }, OXRE_EUTF8);
    ck_assert(oxre::make_error_code(oxre::errc::bad_utf8) == std::errc::illegal_byte_sequence);
    oxre::regex word("\\bx");
    std::optional<oxre::stream> uw = oxre::stream::make(word, oxre::stream_flags::ends_only, ec);
    ck_assert(uw && !ec);
    std::string uends;
    auto note = [&](const oxre::stream_match &m) { uends += std::to_string(m.end()) + " "; };
    uw->feed("\xc3\xa9x x\xc3", note);
    uw->feed("\xa9x", note);
    uw->finish(note);
    ASSERT_STR(uends, "5 ");
    ck_assert(oxre::make_error_code(oxre::errc::unsupported) == std::errc::not_supported);
    std::optional<oxre::stream> made = oxre::stream::make(word, oxre::stream_flags::none, ec);
    ck_assert(made && !ec);
    oxre::stream_options small = oxre::default_stream_options();
    small.history_limit = 4;
    oxre::regex long_match("a.*b");
    oxre::stream hist(long_match, oxre::stream_flags::none, small);
    thrown([&] { hist.feed("a0123456789", collect); }, OXRE_EHISTORY);
    ck_assert(oxre::make_error_code(oxre::errc::history) == std::errc::no_buffer_space);
    oxre::stream moved = std::move(st);
    ck_assert(moved && !st);
}
END_TEST

/* ---- The recipes of docs/re2-mapping.md ---------------------------------- */

START_TEST(re2_recipes)
{
    /* FullMatch: \A(?:p)\z, not an anchored search's end. */
    oxre::regex full("\\A(?:a|ab)\\z");
    ck_assert(full.is_match("ab"));
    oxre::regex alt("a|ab");
    std::optional<oxre::match> m = alt.search("ab", 0, 2, oxre::search_flags::anchored);
    ck_assert(m && m->end() == 1);
    /* PartialMatch with groups, and a number parsed from one. */
    oxre::regex kv("(\\w+):(\\d+)");
    std::optional<oxre::captures> c = kv.captures("x port:8080 y");
    ck_assert(c && str((*c)[1]) == "port" && std::stoi(std::string(*(*c)[2])) == 8080);
    /* Consume: anchored at the front, then drop the match. */
    oxre::regex word("\\w+\\s*");
    std::string_view input = "one two three!";
    int words = 0;
    while (std::optional<oxre::match> w =
               word.search(input, 0, input.size(), oxre::search_flags::anchored)) {
        input.remove_prefix(w->end());
        words++;
    }
    ck_assert_int_eq(words, 3);
    ASSERT_STR(input, "!");
    /* FindAndConsume. */
    oxre::regex num("[0-9]+");
    input = "a1b22c";
    std::string found;
    while (std::optional<oxre::match> n = num.find(input)) {
        found += std::string(n->str()) + ",";
        input.remove_prefix(n->end());
    }
    ASSERT_STR(found, "1,22,");
    /* Replace and GlobalReplace templates: \1 becomes $1; the count. */
    std::string str = "a-b c-d";
    oxre::regex pair("(\\w)-(\\w)");
    std::size_t count = pair.count(str);
    str = pair.replace_all(str, "$2-$1");
    ASSERT_STR(str, "b-a d-c");
    ck_assert_uint_eq(count, 2);
    ASSERT_STR(pair.replace("x-y", "${1}a"), "xa");
    ASSERT_STR(pair.replace("x-y", "$1a"), ""); /* the group "1a" does not exist */
    ASSERT_STR(pair.replace("x-y", "\\$0"), "\\x-y");
    /* Extract. */
    std::optional<oxre::captures> e = pair.captures("--p-q--");
    ASSERT_STR(e->expand("$2:$1"), "q:p");
    /* Empty matches in a global replacement. */
    oxre::regex stars("a*");
    ASSERT_STR(stars.replace_all("baaab", "-"), "-b-b-");
    /* Any byte. */
    oxre::regex any("(?s-u:.)");
    ck_assert_uint_eq(any.count("\xff\n\xc3"), 3);
    /* A set anchored at the start. */
    oxre::set s({"a", "b"});
    oxre::set_matches sm;
    ck_assert_uint_eq(s.search("ba", 0, 2, oxre::search_flags::anchored, sm), 1);
    ck_assert(sm.matched(1));
}
END_TEST

/* ---- C and C++ together ---------------------------------------------------- */

START_TEST(mixed_with_c)
{
    /* The C++ objects hand their C handles to the C API, and adopt C ones. */
    oxre::regex re("(?<w>[a-z]+)");
    const char *hay = "12 abc";
    oxre_span s;
    ck_assert_int_eq(oxre_find(re.get(), reinterpret_cast<const std::uint8_t *>(hay),
                               std::strlen(hay), 0, &s),
                     1);
    ck_assert_uint_eq(s.start, 3);
    oxre::span same = s; /* the same struct */
    ck_assert_uint_eq(same.end, 6);
    std::optional<oxre::captures> c = re.captures(hay);
    oxre_span w;
    ck_assert_int_eq(oxre_captures_name(c->get(), "w", 1, &w), 1);
    ck_assert_uint_eq(w.start, 3);
    oxre_iter *it = oxre_iter_new(re.get(), reinterpret_cast<const std::uint8_t *>(hay),
                                  std::strlen(hay), 0);
    ck_assert_int_eq(oxre_iter_next(it, &s), 1);
    oxre_iter_free(it);
    /* C flags and C++ flags are the same bits. */
    oxre::regex t("X", oxre::flags{OXRE_CASE_INSENSITIVE | OXRE_TEXT});
    ck_assert(t.is_match("x"));
    /* The C last error is the one the C++ error copied. */
    std::error_code ec;
    ck_assert(!oxre::regex::compile("a)", ec));
    const oxre_error *last = oxre_last_error();
    ck_assert_ptr_nonnull(last);
    ck_assert_int_eq(last->code, ec.value());
    oxre::error e(*last);
    ck_assert_str_eq(e.what(), last->message);
    ck_assert_uint_eq(e.span().start, last->span.start);
    ASSERT_STR(oxre::version(), oxre_version());
    ck_assert_uint_eq(oxre::version_number(), oxre_version_number());
    ck_assert_uint_eq(oxre::version_number() / 10000, OXRE_VERSION_MAJOR);
}
END_TEST

/* ---- Scratch (OXRE_1.1) ------------------------------------------------ */

static_assert(!std::is_copy_constructible_v<oxre::scratch> &&
                  !std::is_copy_assignable_v<oxre::scratch> &&
                  std::is_nothrow_move_constructible_v<oxre::scratch> &&
                  std::is_nothrow_move_assignable_v<oxre::scratch>,
              "oxre::scratch is move-only");

START_TEST(scratch_regex_members)
{
    oxre::regex re("([0-9])([0-9]*)");
    std::string hay = "ab 123 4567 8";
    oxre::scratch scr(re);
    ck_assert(scr && scr.get() != nullptr);
    /* Every member with a scratch answers as the plain one, at each start. */
    for (std::size_t at = 0; at <= hay.size(); at++) {
        ck_assert(re.is_match(hay, scr, at) == re.is_match(hay, at));
        std::optional<oxre::match> a = re.find(hay, scr, at), b = re.find(hay, at);
        ck_assert(a.has_value() == b.has_value());
        if (a)
            ck_assert(a->start() == b->start() && a->end() == b->end());
        ck_assert(re.shortest_match(hay, scr, at) == re.shortest_match(hay, at));
        ck_assert_uint_eq(re.count(hay, scr, at), re.count(hay, at));
        a = re.search(hay, scr, at, hay.size(), oxre::search_flags::anchored);
        b = re.search(hay, at, hay.size(), oxre::search_flags::anchored);
        ck_assert(a.has_value() == b.has_value());
        if (a)
            ck_assert(a->start() == b->start() && a->end() == b->end());
    }
    ck_assert(re.find(hay, scr) && re.find(hay, scr)->start() == 3);
    ck_assert(re.shortest_match(hay, scr) == 4u);
    ck_assert_uint_eq(re.count(hay, scr), 3);
    ck_assert(!re.is_match("abc", scr));
    std::optional<oxre::match> m = re.search(hay, scr, 4, 11);
    ck_assert(m && m->start() == 4 && m->end() == 6);

    std::optional<oxre::captures> c = re.captures(hay, scr, 4);
    ck_assert(c.has_value());
    ASSERT_STR(str((*c)[1]), "2");
    ASSERT_STR(str((*c)[2]), "3");
    oxre::captures caps;
    ck_assert(re.captures_read(caps, hay, scr));
    ASSERT_STR(str(caps[0]), "123");
    ck_assert(re.captures_read(caps, hay, scr, 7));
    ASSERT_STR(str(caps[2]), "567");
    ck_assert(!re.captures_read(caps, "x", scr));
    ck_assert(re.search_captures(caps, hay, scr, 7, 9, oxre::search_flags::anchored));
    ASSERT_STR(str(caps[0]), "45");
    ck_assert(!re.search_captures(caps, hay, scr, 6, 9, oxre::search_flags::anchored));

    std::error_code ec = oxre::errc::panic;
    ck_assert(re.is_match(hay, scr, ec) && !ec);
    ck_assert(!re.is_match(hay, scr, 99, ec) && ec == oxre::errc::out_of_range);
    ck_assert(re.find(hay, scr, 12, ec) && !ec);
    ck_assert(!re.find(hay, scr, 99, ec) && ec == oxre::errc::out_of_range);
    ck_assert(re.find(hay, scr, ec) && !ec);
    ck_assert(re.shortest_match(hay, scr, 7, ec) == 8u && !ec);
    ck_assert(!re.shortest_match(hay, scr, 99, ec) && ec == oxre::errc::out_of_range);
    ck_assert(re.shortest_match(hay, scr, ec) == 4u && !ec);
    ck_assert(re.count(hay, scr, 99, ec) == 0 && ec == oxre::errc::out_of_range);
    ck_assert(re.count(hay, scr, ec) == 3 && !ec);
    ck_assert(re.count(hay, scr, 7, ec) == 2 && !ec);
    ck_assert(!re.search(hay, scr, 5, 4, oxre::search_flags::none, ec) &&
              ec == oxre::errc::out_of_range);
    ck_assert(re.search(hay, scr, 0, 4, oxre::search_flags::none, ec) && !ec);
    ck_assert(re.captures(hay, scr, ec) && !ec);
    ck_assert(!re.captures(hay, scr, 99, ec) && ec == oxre::errc::out_of_range);
    ck_assert(re.captures_read(caps, hay, scr, ec) && !ec);
    ck_assert(!re.captures_read(caps, hay, scr, 99, ec) && ec == oxre::errc::out_of_range);
    ck_assert(re.search_captures(caps, hay, scr, 0, 13, oxre::search_flags::none, ec) && !ec);
    ck_assert(!re.search_captures(caps, hay, scr, 0, 1, oxre::search_flags(1u << 20), ec) &&
              ec == oxre::errc::bad_flags);
    thrown([&] { (void)re.is_match(hay, scr, 99); }, OXRE_ERANGE);
    thrown([&] { (void)re.find(hay, scr, 99); }, OXRE_ERANGE);
    thrown([&] { (void)re.shortest_match(hay, scr, 99); }, OXRE_ERANGE);
    thrown([&] { (void)re.count(hay, scr, 99); }, OXRE_ERANGE);
    thrown([&] { (void)re.search(hay, scr, 5, 4); }, OXRE_ERANGE);
    thrown([&] { (void)re.captures(hay, scr, 99); }, OXRE_ERANGE);
    thrown([&] { (void)re.captures_read(caps, hay, scr, 99); }, OXRE_ERANGE);
    thrown([&] { (void)re.search_captures(caps, hay, scr, 5, 4); }, OXRE_ERANGE);

    /* A scratch fits the regex's clones, and outlives the regex. */
    oxre::regex copy = re.clone();
    ck_assert_uint_eq(copy.count(hay, scr), 3);
    oxre::scratch kept(copy);
    copy = oxre::regex();
    ck_assert_uint_eq(re.count(hay, kept), 3);

    /* Memory: the program's and the scratch's, each its own report. */
    ck_assert_uint_eq(re.memory_usage(), oxre_memory_usage(re.get()));
    ck_assert_uint_gt(re.memory_usage(), 0);
    ck_assert_uint_eq(scr.memory_usage(), oxre_scratch_memory_usage(scr.get()));
    ck_assert_uint_gt(scr.memory_usage(), 0);
    ck_assert_uint_eq(oxre::regex().memory_usage(), 0);
    ck_assert_uint_eq(oxre::scratch().memory_usage(), 0);
}
END_TEST

START_TEST(scratch_of_another_fails)
{
    oxre::regex re("[0-9]+"), other("[0-9]+");
    oxre::set s({"[0-9]+", "x"});
    oxre::scratch mine(re), theirs(other), of_set(s);
    std::string hay = "ab 12";
    oxre::captures caps;
    oxre::set_matches m;
    /* Another regex's scratch, or a set's: OXRE_EINVAL, in both forms. */
    for (oxre::scratch *bad : {&theirs, &of_set}) {
        thrown([&] { (void)re.is_match(hay, *bad); }, OXRE_EINVAL);
        thrown([&] { (void)re.find(hay, *bad); }, OXRE_EINVAL);
        thrown([&] { (void)re.shortest_match(hay, *bad); }, OXRE_EINVAL);
        thrown([&] { (void)re.count(hay, *bad); }, OXRE_EINVAL);
        thrown([&] { (void)re.search(hay, *bad, 0, 5); }, OXRE_EINVAL);
        thrown([&] { (void)re.captures(hay, *bad); }, OXRE_EINVAL);
        thrown([&] { (void)re.captures_read(caps, hay, *bad); }, OXRE_EINVAL);
        thrown([&] { (void)re.search_captures(caps, hay, *bad, 0, 5); }, OXRE_EINVAL);
        std::error_code ec;
        ck_assert(!re.is_match(hay, *bad, ec) && ec == oxre::errc::invalid_argument);
        ec.clear();
        ck_assert(!re.find(hay, *bad, ec) && ec == oxre::errc::invalid_argument);
        ec.clear();
        ck_assert(!re.shortest_match(hay, *bad, ec) && ec == oxre::errc::invalid_argument);
        ec.clear();
        ck_assert(re.count(hay, *bad, ec) == 0 && ec == oxre::errc::invalid_argument);
        ec.clear();
        ck_assert(!re.search(hay, *bad, 0, 5, oxre::search_flags::none, ec) &&
                  ec == oxre::errc::invalid_argument);
        ec.clear();
        ck_assert(!re.captures(hay, *bad, ec) && ec == oxre::errc::invalid_argument);
        ec.clear();
        ck_assert(!re.captures_read(caps, hay, *bad, ec) && ec == oxre::errc::invalid_argument);
        ec.clear();
        ck_assert(!re.search_captures(caps, hay, *bad, 0, 5, oxre::search_flags::none, ec) &&
                  ec == oxre::errc::invalid_argument);
        ck_assert(ec == std::errc::invalid_argument);
    }
    /* A regex's scratch given to a set. */
    thrown([&] { (void)s.is_match(hay, mine); }, OXRE_EINVAL);
    thrown([&] { (void)s.matches(hay, mine); }, OXRE_EINVAL);
    thrown([&] { (void)s.matches(hay, mine, m); }, OXRE_EINVAL);
    thrown([&] { (void)s.search(hay, mine, 0, 5, oxre::search_flags::none, m); }, OXRE_EINVAL);
    std::error_code ec;
    ck_assert(!s.is_match(hay, mine, ec) && ec == oxre::errc::invalid_argument);
    ec.clear();
    ck_assert(!s.matches(hay, mine, ec).matched_any() && ec == oxre::errc::invalid_argument);
    ec.clear();
    ck_assert(s.matches(hay, mine, m, ec) == 0 && ec == oxre::errc::invalid_argument);
    ck_assert_uint_eq(m.size(), 0);
    ec.clear();
    ck_assert(s.search(hay, mine, 0, 5, oxre::search_flags::none, m, ec) == 0 &&
              ec == oxre::errc::invalid_argument);
    /* The right one still works after all that. */
    ck_assert_uint_eq(re.count(hay, mine), 1);

    /* An empty (moved-from) scratch: OXRE_ENULL. */
    oxre::scratch moved = std::move(mine);
    ck_assert(!mine && moved);
    thrown([&] { (void)re.find(hay, mine); }, OXRE_ENULL);
    ck_assert(!re.is_match(hay, mine, ec) && ec == oxre::errc::null_pointer);
    thrown([&] { (void)s.is_match(hay, mine); }, OXRE_ENULL);
    ck_assert(re.is_match(hay, moved));

    /* Factories: from an empty regex or set, OXRE_ENULL in both forms. */
    thrown([&] { oxre::scratch x{oxre::regex()}; }, OXRE_ENULL);
    thrown([&] { oxre::scratch x{oxre::set()}; }, OXRE_ENULL);
    ec.clear();
    ck_assert(!oxre::scratch::make(oxre::regex(), ec) && ec == oxre::errc::null_pointer);
    ec.clear();
    ck_assert(!oxre::scratch::make(oxre::set(), ec) && ec == oxre::errc::null_pointer);
    std::optional<oxre::scratch> made = oxre::scratch::make(re, ec);
    ck_assert(made && *made && !ec);
    ck_assert_uint_eq(re.count(hay, *made), 1);
    made = oxre::scratch::make(s, ec);
    ck_assert(made && !ec);
    ck_assert(s.is_match(hay, *made));

    /* adopt() and release() pass the C handle across. */
    oxre::scratch adopted = oxre::scratch::adopt(oxre_scratch_new(re.get()));
    ck_assert(re.is_match(hay, adopted));
    oxre_scratch *raw = adopted.release();
    ck_assert(!adopted && raw != nullptr);
    ck_assert_int_eq(oxre_is_match_with(re.get(), raw, oxre::detail::bytes(hay), hay.size(), 0), 1);
    oxre_scratch_free(raw);
}
END_TEST

START_TEST(scratch_set_members)
{
    oxre::set s({"[0-9]+", "[a-z]+", "foo", "X"});
    oxre::scratch scr(s);
    std::string hay = "1 foo X";
    for (std::size_t at = 0; at <= hay.size(); at++) {
        ck_assert(s.is_match(hay, scr, at) == s.is_match(hay, at));
        oxre::set_matches a = s.matches(hay, scr, at), b = s.matches(hay, at);
        ck_assert_uint_eq(a.count(), b.count());
        for (std::size_t i = 0; i < s.size(); i++)
            ck_assert(a.matched(i) == b.matched(i));
    }
    oxre::set_matches m;
    ck_assert_uint_eq(s.matches(hay, scr, m), 4);
    ck_assert(m.matched(0) && m.matched(1) && m.matched(2) && m.matched(3));
    ck_assert_uint_eq(s.matches(hay, scr, m, 6), 1);
    ck_assert(m.matched(3) && !m.matched(0));
    ck_assert_uint_eq(s.search(hay, scr, 2, 5, oxre::search_flags::anchored, m), 2);
    ck_assert(m.matched(1) && m.matched(2) && !m.matched(0));
    std::error_code ec;
    ck_assert(s.is_match(hay, scr, ec) && !ec);
    ck_assert(!s.is_match(hay, scr, 99, ec) && ec == oxre::errc::out_of_range);
    ck_assert_uint_eq(s.matches(hay, scr, ec).count(), 4);
    ck_assert(!ec);
    ck_assert(!s.matches(hay, scr, 99, ec).matched_any() && ec == oxre::errc::out_of_range);
    ck_assert_uint_eq(s.matches(hay, scr, m, ec), 4);
    ck_assert(!ec);
    ck_assert_uint_eq(s.matches(hay, scr, m, 99, ec), 0);
    ck_assert(ec == oxre::errc::out_of_range);
    ck_assert_uint_eq(s.search(hay, scr, 0, 1, oxre::search_flags::none, m, ec), 1);
    ck_assert(!ec && m.matched(0));
    ck_assert_uint_eq(s.search(hay, scr, 3, 2, oxre::search_flags::none, m, ec), 0);
    ck_assert(ec == oxre::errc::out_of_range);
    thrown([&] { (void)s.is_match(hay, scr, 99); }, OXRE_ERANGE);
    thrown([&] { (void)s.matches(hay, scr, 99); }, OXRE_ERANGE);
    thrown([&] { (void)s.matches(hay, scr, m, 99); }, OXRE_ERANGE);
    thrown([&] { (void)s.search(hay, scr, 0, 1, oxre::search_flags(1u << 9), m); }, OXRE_EFLAGS);

    /* set::clone(): equal answers, and the scratch fits it; another set's
       does not. */
    oxre::set copy = s.clone();
    ck_assert(copy && copy.get() != s.get());
    ck_assert_uint_eq(copy.matches(hay, scr).count(), 4);
    oxre::set other({"[0-9]+", "[a-z]+", "foo", "X"});
    thrown([&] { (void)other.is_match(hay, scr); }, OXRE_EINVAL);
    oxre::set copy2 = s.clone(ec);
    ck_assert(copy2 && !ec);
    oxre::set empty;
    oxre::set none = empty.clone(ec);
    ck_assert(!none && ec == oxre::errc::null_pointer);
    thrown([&] { (void)empty.clone(); }, OXRE_ENULL);
    ck_assert_uint_eq(s.memory_usage(), oxre_set_memory_usage(s.get()));
    ck_assert_uint_gt(s.memory_usage(), 0);
    ck_assert_uint_eq(empty.memory_usage(), 0);
    ck_assert_uint_gt(scr.memory_usage(), 0);
}
END_TEST

/* One shared regex and set, a scratch per thread: every thread's answers
   are those of the plain calls. */
START_TEST(scratch_per_thread)
{
    const oxre::regex re("[a-z]+[0-9]");
    const oxre::set s({"[a-z]+", "[0-9]+"});
    std::string hay;
    for (int i = 0; i < 200; i++)
        hay += "word" + std::to_string(i % 10) + " ";
    const std::size_t want = re.count(hay);
    ck_assert_uint_eq(want, 200);
    std::vector<std::size_t> got(4, 0), sets(4, 0);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < got.size(); t++)
        threads.emplace_back([&, t] {
            std::error_code ec;
            std::optional<oxre::scratch> scr = oxre::scratch::make(re, ec);
            std::optional<oxre::scratch> sscr = oxre::scratch::make(s, ec);
            if (!scr || !sscr)
                return;
            for (int round = 0; round < 20; round++) {
                got[t] += re.count(hay, *scr, ec);
                sets[t] += s.matches(hay, *sscr, ec).count();
            }
        });
    for (std::thread &th : threads)
        th.join();
    for (std::size_t t = 0; t < got.size(); t++) {
        ck_assert_uint_eq(got[t], 20 * want);
        ck_assert_uint_eq(sets[t], 20 * 2);
    }
}
END_TEST

int main()
{
    Suite *s = suite_create("cpp");
    struct {
        const char *name;
        const TTest *tests[8];
    } cases[] = {
        {"errors",
         {error_from_bad_pattern, error_codes_and_category, error_last_and_from_code,
          empty_objects_fail_with_enull}},
        {"compile", {compile_forms, flags_combine, group_information, adopt_release_clone}},
        {"search", {search_members, haystacks_are_bytes, text_flavour}},
        {"captures", {captures_members, captures_reused, captures_beyond_inline_groups}},
        {"iteration",
         {find_all_members, empty_matches_across_multibyte, captures_all_members,
          moved_range_fails_with_enull, ranges_with_algorithms, split_members}},
        {"replace", {replace_templates, replace_with_callables, escape_members}},
        {"many", {many_members, set_members, set_construction}},
        {"interop", {mixed_with_c, re2_recipes}},
        {"streams", {stream_members}},
        {"scratch",
         {scratch_regex_members, scratch_of_another_fails, scratch_set_members,
          scratch_per_thread}},
    };
    for (auto &c : cases) {
        TCase *tc = tcase_create(c.name);
        for (const TTest *t : c.tests)
            if (t != nullptr)
                tcase_add_test(tc, t);
        suite_add_tcase(s, tc);
    }
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
