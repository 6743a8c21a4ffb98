/* The non-throwing subset of oxre.hpp, built with -fno-exceptions: the
 * std::error_code forms of the whole surface, as a program built without
 * exceptions uses them (tests/cpp.sh also checks that the throwing forms
 * are absent from such a build). */
#include <oxre.hpp>

#include <check.h>
#include <string>
#include <vector>

static_assert(OXRE_HPP_EXCEPTIONS == 0, "build this test with -fno-exceptions");

namespace {

std::string str(std::optional<std::string_view> v)
{
    return v ? std::string(*v) : "<none>";
}

#define ASSERT_STR(a, b)                                                                  \
    do {                                                                                  \
        std::string got_((a)), want_((b));                                                \
        ck_assert_msg(got_ == want_, "%s is '%s', not '%s'", #a, got_.c_str(), want_.c_str()); \
    } while (0)

} // namespace

START_TEST(compile_and_errors)
{
    std::error_code ec;
    std::optional<oxre::regex> bad = oxre::regex::compile("a(b", ec);
    ck_assert(!bad);
    ck_assert(ec == oxre::errc::syntax);
    /* The details, without exceptions: a copy of the last error. */
    oxre::error e = oxre::error::last(ec.value());
    ck_assert_int_eq(e.code(), OXRE_ESYNTAX);
    ck_assert(e.has_span() && e.span().start == 1);
    oxre::options opts = oxre::default_options();
    opts.size_limit = 100;
    ck_assert(!oxre::regex::compile("\\w{40}", oxre::flags::none, opts, ec));
    ck_assert(ec == oxre::errc::too_big);
    std::optional<oxre::regex> re = oxre::regex::compile("(?<d>[0-9])+", oxre::flags::text, ec);
    ck_assert(re && !ec);
    ck_assert(!oxre::regex::compile_many({"a", "("}, oxre::flags::none, ec));
    ck_assert_uint_eq(oxre::error::last().pattern(), 1);
    std::vector<std::string> pats = {"x", "y"};
    std::optional<oxre::regex> many = oxre::regex::compile_many(pats, oxre::flags::none, ec);
    ck_assert(many && many->patterns_size() == 2);
    oxre::regex twin = re->clone(ec);
    ck_assert(twin && !ec);
    oxre::regex empty;
    ck_assert(!empty.clone(ec) && ec == oxre::errc::null_pointer);
}
END_TEST

START_TEST(search_without_exceptions)
{
    std::error_code ec;
    std::optional<oxre::regex> re = oxre::regex::compile("[0-9]+", oxre::flags::text, ec);
    ck_assert(re.has_value());
    ck_assert(re->is_match("a1", ec) && !ec);
    ck_assert(!re->is_match("a1", 9, ec) && ec == oxre::errc::out_of_range);
    std::optional<oxre::match> m = re->find("ab 12", ec);
    ck_assert(m && m->start() == 3 && !ec);
    ck_assert(!re->find("\xff", ec) && ec == oxre::errc::bad_utf8);
    m = re->search("12", 1, 2, oxre::search_flags::anchored, ec);
    ck_assert(m && m->start() == 1);
    ck_assert(re->shortest_match("a12", ec) == 2u);
    ck_assert_uint_eq(re->count("1 2 3", ec), 3);
    ck_assert_uint_eq(re->count("1 2 3", 2, ec), 2);

    std::string seen;
    for (const oxre::match &x : re->find_all("1 22 333", ec))
        seen += std::string(x.str()) + ",";
    ck_assert(!ec);
    ASSERT_STR(seen, "1,22,333,");
    ck_assert(re->find_all("\xff", ec).begin() == oxre::match_range().end());
    ck_assert(ec == oxre::errc::bad_utf8);

    std::optional<oxre::regex> kv = oxre::regex::compile("(?<k>\\w)=(?<v>\\w)", oxre::flags::none, ec);
    std::optional<oxre::captures> c = kv->captures("a=1", ec);
    ck_assert(c && !ec);
    ASSERT_STR(str((*c)["v"]), "1");
    ASSERT_STR(c->expand("$v$k", ec), "1a");
    oxre::captures reused;
    ck_assert(kv->captures_read(reused, "x=y z=w", 3, ec));
    ASSERT_STR(str(reused[1]), "z");
    seen.clear();
    for (const oxre::captures &k : kv->captures_all("a=1 b=2", ec))
        seen += str(k["k"]);
    ASSERT_STR(seen, "ab");
    seen.clear();
    std::optional<oxre::regex> comma = oxre::regex::compile(",", oxre::flags::none, ec);
    for (std::string_view p : comma->split("a,b,,c", ec))
        seen += "[" + std::string(p) + "]";
    ASSERT_STR(seen, "[a][b][][c]");
    seen.clear();
    for (std::string_view p : comma->splitn("a,b,,c", 2, ec))
        seen += "[" + std::string(p) + "]";
    ASSERT_STR(seen, "[a][b,,c]");
}
END_TEST

START_TEST(replace_without_exceptions)
{
    std::error_code ec;
    std::optional<oxre::regex> re = oxre::regex::compile("(\\w+)@(\\w+)", oxre::flags::none, ec);
    ASSERT_STR(re->replace_all("a@b c@d", "$2@$1", ec), "b@a d@c");
    ASSERT_STR(re->replace("a@b c@d", oxre::no_expand{"$1"}, ec), "$1 c@d");
    ASSERT_STR(re->replacen("a@b c@d e@f", 2,
                            [](const oxre::captures &c) { return std::string(*c[1]) + "!"; }, ec),
               "a! c! e@f");
    ck_assert(!ec);
    ASSERT_STR(oxre::regex::escape("1+1", ec), "1\\+1");
    ck_assert(oxre::regex::escape("\xff", ec).empty() && ec == oxre::errc::bad_utf8);
}
END_TEST

START_TEST(set_without_exceptions)
{
    std::error_code ec;
    std::optional<oxre::set> s = oxre::set::compile({"a", "b", "c"}, oxre::flags::none, ec);
    ck_assert(s && !ec);
    ck_assert(s->is_match("xc", ec));
    oxre::set_matches m = s->matches("cab", ec);
    ck_assert_uint_eq(m.count(), 3);
    ck_assert_uint_eq(s->matches("b", m, ec), 1);
    ck_assert(m.matched(1) && !m.matched(0));
    ck_assert(!oxre::set::compile({"("}, oxre::flags::none, ec) && ec == oxre::errc::syntax);
}
END_TEST

START_TEST(stream_without_exceptions)
{
    std::error_code ec;
    std::optional<oxre::regex> re = oxre::regex::compile("[a-z]+", oxre::flags::none, ec);
    std::optional<oxre::stream> st = oxre::stream::make(*re, oxre::stream_flags::none, ec);
    ck_assert(st && !ec);
    std::string got;
    auto add = [&](const oxre::stream_match &m) { got += std::string(m.str()) + ","; };
    ck_assert_uint_eq(st->feed("ab 1 c", add, ec) + st->finish(add, ec), 2);
    ck_assert(!ec);
    ASSERT_STR(got, "ab,c,");
    ck_assert_uint_eq(st->feed("x", add, ec), 0);
    ck_assert(ec == oxre::errc::invalid_argument);
}
END_TEST

START_TEST(scratch_without_exceptions)
{
    std::error_code ec;
    std::optional<oxre::regex> re = oxre::regex::compile("([0-9]+)", oxre::flags::none, ec);
    std::optional<oxre::regex> other = oxre::regex::compile("([0-9]+)", oxre::flags::none, ec);
    std::optional<oxre::scratch> scr = oxre::scratch::make(*re, ec);
    ck_assert(scr && *scr && !ec);
    std::string hay = "a 12 345";
    ck_assert(re->is_match(hay, *scr, ec) && !ec);
    std::optional<oxre::match> m = re->find(hay, *scr, 3, ec);
    ck_assert(m && m->start() == 3 && m->end() == 4 && !ec);
    ck_assert_uint_eq(re->count(hay, *scr, ec), re->count(hay, ec));
    oxre::captures caps;
    ck_assert(re->captures_read(caps, hay, *scr, 4, ec) && !ec);
    ASSERT_STR(str(caps[1]), "345");
    ck_assert(!re->find(hay, *scr, 99, ec) && ec == oxre::errc::out_of_range);
    /* Another regex's scratch: OXRE_EINVAL, nothing searched. */
    std::optional<oxre::scratch> theirs = oxre::scratch::make(*other, ec);
    ck_assert(theirs && !ec);
    ck_assert(!re->is_match(hay, *theirs, ec) && ec == oxre::errc::invalid_argument);
    ck_assert(!oxre::scratch::make(oxre::regex(), ec) && ec == oxre::errc::null_pointer);

    std::optional<oxre::set> s = oxre::set::compile({"a", "[0-9]"}, oxre::flags::none, ec);
    std::optional<oxre::scratch> sscr = oxre::scratch::make(*s, ec);
    ck_assert(sscr && !ec);
    ck_assert_uint_eq(s->matches(hay, *sscr, ec).count(), 2);
    ck_assert(!ec);
    ck_assert(!s->is_match(hay, *scr, ec) && ec == oxre::errc::invalid_argument);
    oxre::set copy = s->clone(ec);
    ck_assert(copy && !ec);
    ck_assert(copy.is_match("1", *sscr, ec) && !ec);
}
END_TEST

int main()
{
    Suite *s = suite_create("cpp-noexcept");
    TCase *tc = tcase_create("error_code forms");
    tcase_add_test(tc, compile_and_errors);
    tcase_add_test(tc, search_without_exceptions);
    tcase_add_test(tc, replace_without_exceptions);
    tcase_add_test(tc, set_without_exceptions);
    tcase_add_test(tc, stream_without_exceptions);
    tcase_add_test(tc, scratch_without_exceptions);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
