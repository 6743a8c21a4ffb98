/* A C++ consumer of oxre.hpp that includes nothing else: it shows that the
 * header brings every declaration it uses (tests/cpp.sh compiles it alone
 * under each compiler and standard), and tests/consumer-cpp.sh builds it
 * against an installed oxre with the pkg-config flags alone. Its exit
 * status is 0, or the number of the first check that failed. */
#include <oxre.hpp>

int main()
{
    int check = 0;
#define CHECK(cond)      \
    do {                 \
        ++check;         \
        if (!(cond))     \
            return check; \
    } while (0)

    oxre::regex re("(?<key>\\w+)=(?<value>\\w+)");
    std::string text = "a=1 b=2";
    std::optional<oxre::match> m = re.find(text);
    CHECK(m && m->start() == 0 && m->end() == 3 && m->str() == "a=1");

    std::string pairs;
    for (const oxre::captures &c : re.captures_all(text))
        pairs += std::string(*c["key"]) + ">" + std::string(*c[2]) + ";";
    CHECK(pairs == "a>1;b>2;");

    std::size_t n = 0;
    for (const oxre::match &x : re.find_all(text))
        n += x.size();
    CHECK(n == 6);

    CHECK(re.replace_all(text, "$value=$key") == "1=a 2=b");
    CHECK(re.replace(text, [](const oxre::captures &c) { return c["value"].value_or("?"); }) ==
          "1 b=2");

    oxre::regex comma(",");
    std::vector<std::string_view> parts;
    for (std::string_view p : comma.split("x,,y"))
        parts.push_back(p);
    CHECK(parts.size() == 3 && parts[1].empty() && parts[2] == "y");

    CHECK(oxre::regex::escape("1+1") == "1\\+1");

    oxre::regex many = oxre::regex::many({"[0-9]+", "[a-z]+"});
    std::optional<oxre::match> first = many.find("-- 42");
    CHECK(first && first->pattern() == 0);

    oxre::set s({"a", "b", "z"});
    oxre::set_matches which = s.matches("cab");
    CHECK(which.count() == 2 && which.matched(1) && !which.matched(2));

    try {
        oxre::regex bad("a(");
        return 100;
    } catch (const oxre::error &e) {
        CHECK(e.code() == OXRE_ESYNTAX && e.has_span());
    }
    std::error_code ec;
    CHECK(!oxre::regex::compile("a(", ec) && ec == oxre::errc::syntax);

    oxre::regex text_re("\\w", oxre::flags::text | oxre::flags::case_insensitive);
    CHECK(!text_re.is_match("\xff", ec) && ec == oxre::errc::bad_utf8);

    CHECK(oxre::version_number() >= 10000 && !oxre::version().empty());
    return 0;
}
