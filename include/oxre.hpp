/*
 * oxre.hpp: the C++ interface of oxre.
 *
 * Copyright (c) the oxre authors. SPDX-License-Identifier: MIT OR Apache-2.0
 *
 * A header-only layer over the C API of <oxre.h>, for C++17 and later. It
 * adds no symbol to liboxre and needs no C++ library of its own: a program
 * includes <oxre.hpp> and links with -loxre, as a C program does
 * (`c++ -std=c++17 prog.cc $(pkg-config --cflags --libs oxre)`). Its types
 * are only inline code around the C handles, so the program depends on
 * liboxre.so.1's versioned C ABI alone, whichever compiler built either.
 * oxrecpp(3) gives an overview; the comments below are the reference, and
 * <oxre.h> states the semantics of each C function named here.
 *
 * Conventions, for everything below:
 * - Haystacks, patterns, templates and results are std::string_view or
 *   std::string holding bytes. A regex is of the bytes flavour by default
 *   (any bytes may be searched); flags::text gives the text flavour, which
 *   requires UTF-8 and checks it, as OXRE_TEXT does in C.
 * - Views returned by a search (oxre::match::str(), a group of
 *   oxre::captures, a piece of split()) point into the haystack given to
 *   it: they stay valid as long as the haystack's bytes do.
 * - Errors: every function that can fail comes in two forms. The throwing
 *   form throws oxre::error (a std::runtime_error carrying the OXRE_E*
 *   code, the message and, for a pattern error, the span in the pattern).
 *   The non-throwing form takes a std::error_code& as its last argument,
 *   sets it (category oxre::category(), value the OXRE_E* code) and returns
 *   an empty result; it clears it on success. The thread's oxre_last_error()
 *   holds the details, which oxre::error::last() copies. Built without
 *   exceptions (-fno-exceptions, or OXRE_HPP_EXCEPTIONS defined to 0), only
 *   the non-throwing forms exist. "No match" is never an error.
 * - Costs: each member makes the C calls it names and nothing more; none
 *   allocates unless its comment says so (results that are std::string or
 *   own an oxre handle allocate, as their C counterparts do).
 * - Thread safety is that of the C objects, stated for each type: regex and
 *   set are immutable and may be shared by any number of threads; captures,
 *   the ranges, set_matches, scratch and stream belong to one thread at a
 *   time.
 * - Move-only: the types that own a C handle can be moved, never copied;
 *   a moved-from object is empty, and searching with an empty regex or set
 *   fails with OXRE_ENULL.
 */

#ifndef OXRE_HPP
#define OXRE_HPP

#if !defined(__cplusplus) || (__cplusplus < 201703L && (!defined(_MSVC_LANG) || _MSVC_LANG < 201703L))
#error "oxre.hpp needs C++17 or later; C programs include <oxre.h>"
#endif

#include <oxre.h>

#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

/* 1 when the throwing forms exist: with exceptions enabled, unless the
   program defines it to 0 first. */
#ifndef OXRE_HPP_EXCEPTIONS
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
#define OXRE_HPP_EXCEPTIONS 1
#else
#define OXRE_HPP_EXCEPTIONS 0
#endif
#endif
/* Whether the compiler has exceptions at all: a callback given to oxre
   must never let one through the C frames, whatever OXRE_HPP_EXCEPTIONS
   says. */
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
#define OXRE_HPP_DETAIL_CAN_THROW 1
#else
#define OXRE_HPP_DETAIL_CAN_THROW 0
#endif

namespace oxre {

/* ---- Flags ------------------------------------------------------------ */

/* Compile flags: the OXRE_* flags of oxre_compile(), as a bitmask type.
   Combine them with |; flags{OXRE_TEXT} converts a C value. */
enum class flags : std::uint32_t {
    none = 0,
    case_insensitive = OXRE_CASE_INSENSITIVE,
    multi_line = OXRE_MULTI_LINE,
    dot_matches_new_line = OXRE_DOT_MATCHES_NEW_LINE,
    swap_greed = OXRE_SWAP_GREED,
    ignore_whitespace = OXRE_IGNORE_WHITESPACE,
    no_unicode = OXRE_NO_UNICODE,
    octal = OXRE_OCTAL,
    crlf = OXRE_CRLF,
    /* The text flavour (OXRE_TEXT): only valid UTF-8 matches, and every
       haystack and template is checked to be UTF-8. */
    text = OXRE_TEXT,
};

/* Search flags of regex::search() and regex::search_captures(): the
   OXRE_ANCHORED, OXRE_EARLIEST and OXRE_NO_UTF8_CHECK of oxre_search(). */
enum class search_flags : std::uint32_t {
    none = 0,
    anchored = OXRE_ANCHORED,
    earliest = OXRE_EARLIEST,
    no_utf8_check = OXRE_NO_UTF8_CHECK,
};

constexpr flags operator|(flags a, flags b) noexcept
{
    return flags(std::uint32_t(a) | std::uint32_t(b));
}
constexpr flags operator&(flags a, flags b) noexcept
{
    return flags(std::uint32_t(a) & std::uint32_t(b));
}
constexpr search_flags operator|(search_flags a, search_flags b) noexcept
{
    return search_flags(std::uint32_t(a) | std::uint32_t(b));
}
constexpr search_flags operator&(search_flags a, search_flags b) noexcept
{
    return search_flags(std::uint32_t(a) & std::uint32_t(b));
}

/* A byte range [start, end) of a haystack or a pattern: the C struct. */
using span = ::oxre_span;

/* Limits beyond the flags (size_limit, dfa_size_limit, nest_limit,
   line_terminator): the C struct. Start from default_options(). */
using options = ::oxre_options;

/* The regex crate's default limits (oxre_options_init()). */
inline options default_options() noexcept
{
    options o;
    oxre_options_init(&o);
    return o;
}

/* The version of the liboxre linked at run time ("1.0.0"); compare with
   OXRE_VERSION_NUMBER for the header compiled against. */
inline std::string_view version() noexcept
{
    return oxre_version();
}
inline std::uint32_t version_number() noexcept
{
    return oxre_version_number();
}

/* ---- Errors ----------------------------------------------------------- */

/* The OXRE_E* codes, as an enum for comparing with a std::error_code:
   `if (ec == oxre::errc::syntax)`. */
enum class errc : int {
    null_pointer = OXRE_ENULL,
    invalid_argument = OXRE_EINVAL,
    bad_flags = OXRE_EFLAGS,
    syntax = OXRE_ESYNTAX,
    too_big = OXRE_ESIZE,
    out_of_range = OXRE_ERANGE,
    no_group = OXRE_ENOGROUP,
    bad_utf8 = OXRE_EUTF8,
    panic = OXRE_EPANIC,
    no_space = OXRE_ENOSPC,
    callback = OXRE_ECALLBACK,
    no_memory = OXRE_ENOMEM,
#ifdef OXRE_STREAM_ENDS_ONLY
    history = OXRE_EHISTORY,
    unsupported = OXRE_EUNSUPPORTED,
#endif
};

namespace detail {
class category_impl final : public std::error_category {
public:
    const char *name() const noexcept override
    {
        return "oxre";
    }
    std::string message(int code) const override
    {
        return oxre_strerror(code);
    }
    /* The errno value the C function sets with each code, so that a code
       also compares equal to its std::errc. */
    std::error_condition default_error_condition(int code) const noexcept override
    {
        switch (code) {
        case OXRE_ENULL: return std::errc::bad_address;
        case OXRE_EINVAL:
        case OXRE_EFLAGS:
        case OXRE_ESYNTAX: return std::errc::invalid_argument;
        case OXRE_ESIZE: return std::errc::argument_list_too_long;
        case OXRE_ERANGE:
        case OXRE_ENOSPC: return std::errc::result_out_of_range;
        case OXRE_ENOGROUP: return std::errc::no_such_file_or_directory;
        case OXRE_EUTF8: return std::errc::illegal_byte_sequence;
        case OXRE_EPANIC: return std::errc::state_not_recoverable;
        case OXRE_ECALLBACK: return std::errc::operation_canceled;
        case OXRE_ENOMEM: return std::errc::not_enough_memory;
#ifdef OXRE_STREAM_ENDS_ONLY
        case OXRE_EHISTORY: return std::errc::no_buffer_space;
        case OXRE_EUNSUPPORTED: return std::errc::not_supported;
#endif
        default: return std::error_condition(code, *this);
        }
    }
};
} // namespace detail

/* The error category of oxre's codes: name "oxre", messages from
   oxre_strerror(). One object per program. */
inline const std::error_category &category() noexcept
{
    static const detail::category_impl c;
    return c;
}

inline std::error_code make_error_code(errc e) noexcept
{
    return {int(e), category()};
}

} // namespace oxre

namespace std {
template <>
struct is_error_code_enum<oxre::errc> : true_type {
};
} // namespace std

namespace oxre {

/* A failure of an oxre call: the copy of the thread's last error (struct
   oxre_error) at the time. Plain value; copy it freely. Exists without
   exceptions too (error::last()), but is thrown only by the throwing forms. */
class error : public std::runtime_error {
public:
    /* From a C last error. */
    explicit error(const oxre_error &e)
        : std::runtime_error(e.message), code_(e.code), has_span_(e.has_span), span_(e.span),
          pattern_(e.pattern)
    {
    }
    /* A code without details (the message is oxre_strerror()'s). */
    explicit error(int code)
        : std::runtime_error(oxre_strerror(code)), code_(code), has_span_(false), span_{0, 0},
          pattern_(0)
    {
    }
    /* The thread's last error if it has `code` (any code when `code` is
       0), else an error of `code` without details. Allocates the message. */
    static error last(int code = 0)
    {
        const oxre_error *e = oxre_last_error();
        if (e != nullptr && (code == 0 || e->code == code))
            return error(*e);
        return error(code != 0 ? code : OXRE_EINVAL);
    }
    /* The OXRE_E* code (negative). */
    int code() const noexcept
    {
        return code_;
    }
    /* The code as a std::error_code of category(). */
    std::error_code error_code() const noexcept
    {
        return {code_, category()};
    }
    /* For OXRE_ESYNTAX, the byte span of the offending part of the pattern;
       for OXRE_EUTF8, the first invalid bytes; else {0, 0}. */
    ::oxre::span span() const noexcept
    {
        return span_;
    }
    /* Whether span() locates the error. */
    bool has_span() const noexcept
    {
        return has_span_;
    }
    /* For an error in one of several patterns (regex::many(), set), the
       index of that pattern; else 0. */
    std::size_t pattern() const noexcept
    {
        return pattern_;
    }

private:
    int code_;
    bool has_span_;
    ::oxre::span span_;
    std::size_t pattern_;
};

namespace detail {

inline const std::uint8_t *bytes(std::string_view s) noexcept
{
    return reinterpret_cast<const std::uint8_t *>(s.data());
}

/* Records a C failure: rc is the negative code a function returned, or 0
   for a function that returned NULL (the code is then the last error's). */
inline void fail(std::error_code &ec, int rc = 0) noexcept
{
    if (rc == 0) {
        const oxre_error *e = oxre_last_error();
        rc = e != nullptr ? e->code : OXRE_EPANIC;
    }
    ec.assign(rc, category());
}

/* For C functions returning a pointer: clears `ec`, or sets it from the
   last error. Returns `good`. */
inline bool ok(std::error_code &ec, bool good) noexcept
{
    if (good)
        ec.clear();
    else
        fail(ec);
    return good;
}

/* For C functions returning a status: clears `ec`, or sets it to the
   negative code. Returns `rc`. */
inline int status(std::error_code &ec, int rc) noexcept
{
    if (rc < 0)
        fail(ec, rc);
    else
        ec.clear();
    return rc;
}

/* The error policy of the throwing forms, in place of the std::error_code
   of the others: a failure throws the thread's last error, and success
   costs nothing. */
struct thrower {
};
#if OXRE_HPP_EXCEPTIONS
inline bool ok(thrower &, bool good)
{
    if (!good)
        throw error::last();
    return good;
}
inline int status(thrower &, int rc)
{
    if (rc < 0)
        throw error::last(rc);
    return rc;
}
#endif
/* An allocation of the header's own that fails (set_matches' flags) is
   OXRE_ENOMEM, as the C functions' own are. */
inline void out_of_memory(std::error_code &ec) noexcept
{
    ec.assign(OXRE_ENOMEM, category());
}
#if OXRE_HPP_EXCEPTIONS
inline void out_of_memory(thrower &)
{
    throw error(OXRE_ENOMEM);
}
#endif
/* Whether the policy E throws: a range made with it throws when a step
   fails. */
template <class E>
inline constexpr bool throws = std::is_same_v<E, thrower>;

struct deleter {
    void operator()(oxre_regex *p) const noexcept { oxre_free(p); }
    void operator()(oxre_set *p) const noexcept { oxre_set_free(p); }
    void operator()(oxre_captures *p) const noexcept { oxre_captures_free(p); }
    void operator()(oxre_iter *p) const noexcept { oxre_iter_free(p); }
    void operator()(oxre_split *p) const noexcept { oxre_split_free(p); }
    void operator()(oxre_scratch *p) const noexcept { oxre_scratch_free(p); }
};
template <class T>
using owner = std::unique_ptr<T, deleter>;

/* An oxre_buf freed on every path. */
struct buf {
    oxre_buf b{nullptr, 0, 0};
    buf() noexcept = default;
    buf(const buf &) = delete;
    buf &operator=(const buf &) = delete;
    ~buf() { oxre_buf_free(&b); }
    std::string str() const
    {
        return b.data != nullptr ? std::string(reinterpret_cast<const char *>(b.data), b.len)
                                 : std::string();
    }
};

/* The pointer and length arrays the C compile functions take, from any
   range of things convertible to std::string_view. Allocates them. */
class pattern_list {
public:
    template <class Patterns>
    explicit pattern_list(const Patterns &patterns)
    {
        for (const auto &p : patterns) {
            std::string_view v(p);
            ptrs_.push_back(bytes(v));
            lens_.push_back(v.size());
        }
    }
    /* Calls oxre_compile_many() or oxre_set_compile() with them. */
    template <class T, class F>
    T *compile(T *(*fn)(const std::uint8_t *const *, const std::size_t *, std::size_t,
                        std::uint32_t, const oxre_options *),
               F f, const oxre_options *opts) const noexcept
    {
        return fn(ptrs_.data(), lens_.data(), ptrs_.size(), std::uint32_t(f), opts);
    }

private:
    std::vector<const std::uint8_t *> ptrs_;
    std::vector<std::size_t> lens_;
};

template <class T, class = void>
struct is_pattern_range : std::false_type {
};
template <class T>
struct is_pattern_range<T, std::void_t<decltype(std::string_view(*std::begin(std::declval<const T &>())))>>
    : std::bool_constant<!std::is_convertible_v<const T &, std::string_view>> {
};

/* Enabled for a temporary std::string (S deduced from an rvalue): the
   ranges delete those overloads, whose results would outlive it. */
template <class S>
using if_temporary_string = std::enable_if_t<std::is_same_v<std::remove_const_t<S>, std::string>>;

/* The sentinel ending every range below. */
struct end_sentinel {
};

/* The iterator of the single-pass ranges below: it refers to its range,
   which holds the C iterator and the current element; Range provides
   current(), advance() and done(). Input iterator (C++20: input_iterator,
   with a sentinel). */
template <class Range, class Value>
class range_iterator {
public:
    using iterator_category = std::input_iterator_tag;
    using value_type = Value;
    using difference_type = std::ptrdiff_t;
    using pointer = const Value *;
    using reference = const Value &;

    range_iterator() noexcept = default;
    explicit range_iterator(Range *r) noexcept : r_(r) {}
    reference operator*() const noexcept { return r_->current(); }
    pointer operator->() const noexcept { return &r_->current(); }
    range_iterator &operator++()
    {
        r_->advance();
        return *this;
    }
    void operator++(int) { r_->advance(); }
    friend bool operator==(const range_iterator &i, end_sentinel) noexcept
    {
        return i.at_end();
    }
#if __cplusplus < 202002L
    friend bool operator!=(const range_iterator &i, end_sentinel s) noexcept { return !(i == s); }
    friend bool operator==(end_sentinel s, const range_iterator &i) noexcept { return i == s; }
    friend bool operator!=(end_sentinel s, const range_iterator &i) noexcept { return !(i == s); }
#endif

private:
    bool at_end() const noexcept { return r_ == nullptr || r_->done(); }
    Range *r_ = nullptr;
};

/* What the ranges share: the state of a single pass and how it reports a
   failure to advance (which only a bug in oxre can cause: it is
   OXRE_EPANIC). */
class range_state {
public:
    /* Why iteration stopped early: a failure of the C iterator (the range
       then ends); clear when it ran to the end. */
    std::error_code error() const noexcept
    {
        return err_ != 0 ? std::error_code(err_, category()) : std::error_code();
    }

protected:
    range_state() noexcept = default;
    explicit range_state(bool throws) noexcept : throws_(throws) {}
    /* rc: what the C next function returned; true for an element. */
    bool step(int rc)
    {
        if (rc == 1)
            return true;
        done_ = true;
        if (rc < 0) {
            err_ = rc;
#if OXRE_HPP_EXCEPTIONS
            if (throws_)
                throw error::last(rc);
#else
            (void)throws_; /* only the throwing forms set it */
#endif
        }
        return false;
    }
    bool begin_once()
    {
        bool first = !started_;
        started_ = true;
        return first;
    }
    bool done_ = true;

private:
    bool started_ = false;
    bool throws_ = false;
    int err_ = 0;
};

} // namespace detail

/* ---- Matches and captures --------------------------------------------- */

/* One match: its byte offsets in the haystack, its bytes, and which pattern
   matched (0 for a regex of one pattern). Plain value (a view of the
   haystack and two offsets); copy it freely. */
class match {
public:
    constexpr match() noexcept = default;
    /* The match [start, end) of pattern `pattern` in `haystack`. */
    constexpr match(std::string_view haystack, std::size_t start, std::size_t end,
                    std::size_t pattern = 0) noexcept
        : str_(haystack.data() + start, end - start), start_(start), pattern_(pattern)
    {
    }
    constexpr std::size_t start() const noexcept { return start_; }
    constexpr std::size_t end() const noexcept { return start_ + str_.size(); }
    constexpr std::size_t size() const noexcept { return str_.size(); }
    constexpr bool empty() const noexcept { return str_.empty(); }
    /* The matched bytes, a view into the haystack. */
    constexpr std::string_view str() const noexcept { return str_; }
    /* The index of the pattern that matched. */
    constexpr std::size_t pattern() const noexcept { return pattern_; }
    constexpr ::oxre::span span() const noexcept { return {start(), end()}; }

private:
    std::string_view str_;
    std::size_t start_ = 0;
    std::size_t pattern_ = 0;
};

class regex;

/* The capture groups of one match (an oxre_captures, and the haystack it
   was read from). Group 0 is the whole match. Reading a group by index
   makes no C call: the spans of all groups are copied in one
   oxre_captures_spans() call when the match is recorded, into the object
   itself for up to `inline_groups` groups; for a regex with more, room for
   them is allocated once, by the first match that needs it.

   Thread safety: not synchronized; one thread at a time (the regex that
   fills it may meanwhile be used by other threads). Move-only. */
class captures {
public:
    /* Groups whose spans fit in the object itself. */
    static constexpr std::size_t inline_groups = 16;

    /* An empty captures object, to be filled by regex::captures_read(),
       which then allocates it for its regex. */
    captures() noexcept = default;
    captures(captures &&o) noexcept { *this = std::move(o); }
    captures &operator=(captures &&o) noexcept
    {
        if (this != &o) {
            own_ = std::move(o.own_);
            caps_ = std::exchange(o.caps_, nullptr);
            hay_ = std::exchange(o.hay_, std::string_view());
            n_ = std::exchange(o.n_, 0);
            have_ = std::exchange(o.have_, 0);
            more_ = std::move(o.more_);
            room_ = std::exchange(o.room_, inline_groups);
            for (std::size_t i = 0; !more_ && i < have_; i++)
                inline_[i] = o.inline_[i];
            data_ = more_ ? more_.get() : inline_;
            o.data_ = o.inline_;
        }
        return *this;
    }
    captures(const captures &) = delete;
    captures &operator=(const captures &) = delete;

    /* Whether it holds a match (the last read found one). */
    bool matched() const noexcept { return n_ > 0; }
    /* The number of groups of the match it holds, group 0 included; 0
       when it holds none. */
    std::size_t size() const noexcept { return n_; }

    /* Group `i`'s bytes, or nullopt when the group did not participate,
       does not exist, or there is no match. */
    std::optional<std::string_view> operator[](std::size_t i) const noexcept
    {
        std::optional<::oxre::span> s = span(i);
        return s ? std::optional<std::string_view>(view(*s)) : std::nullopt;
    }
    /* The bytes of the group named `name`, or nullopt when it did not
       participate, no group has that name, or there is no match. One C
       call (oxre_captures_name(): a hash lookup). */
    std::optional<std::string_view> operator[](std::string_view name) const noexcept
    {
        std::optional<::oxre::span> s = span(name);
        return s ? std::optional<std::string_view>(view(*s)) : std::nullopt;
    }
    /* The spans of the same groups, as byte offsets in the haystack. */
    std::optional<::oxre::span> span(std::size_t i) const noexcept
    {
        if (i < have_) {
            const oxre_span &s = data_[i];
            return s.start != SIZE_MAX ? std::optional<::oxre::span>(s) : std::nullopt;
        }
        oxre_span s; /* beyond the room it could allocate: ask C */
        if (i >= n_ || oxre_captures_get(caps_, i, &s) != 1)
            return std::nullopt;
        return s;
    }
    std::optional<::oxre::span> span(std::string_view name) const noexcept
    {
        oxre_span s;
        if (oxre_captures_name(caps_, name.data(), name.size(), &s) != 1)
            return std::nullopt;
        return s;
    }
    /* The index of the pattern whose match it holds (oxre_captures_pattern());
       0 when it holds none. */
    std::size_t pattern() const noexcept
    {
        int p = oxre_captures_pattern(caps_);
        return p > 0 ? std::size_t(p) : 0;
    }
    /* The haystack the match was found in. */
    std::string_view haystack() const noexcept { return hay_; }

    /* The template `tmpl` ($1, ${name}, $$; see regex::replace())
       expanded against this match (oxre_expand()). Allocates the result. */
#if OXRE_HPP_EXCEPTIONS
    std::string expand(std::string_view tmpl) const
    {
        detail::thrower t;
        return expand_(tmpl, t);
    }
#endif
    std::string expand(std::string_view tmpl, std::error_code &ec) const
    {
        return expand_(tmpl, ec);
    }

    /* The C object, for oxre_captures_* calls; NULL when empty. */
    const oxre_captures *get() const noexcept { return caps_; }

private:
    friend class regex;
    friend class captures_range;
    friend class stream;

    template <class E>
    std::string expand_(std::string_view tmpl, E &err) const
    {
        detail::buf b;
        int rc = oxre_expand(caps_, detail::bytes(hay_), hay_.size(), detail::bytes(tmpl),
                             tmpl.size(), &b.b);
        return detail::status(err, rc) < 0 ? std::string() : b.str();
    }

    std::string_view view(const ::oxre::span &s) const noexcept
    {
        return std::string_view(hay_.data() + s.start, s.end - s.start);
    }
    /* Takes in the match that `c` now holds (in `hay`). */
    void record(const oxre_captures *c, std::string_view hay) noexcept
    {
        caps_ = c;
        hay_ = hay;
        int n = oxre_captures_spans(c, data_, room_);
        if (n > 0 && std::size_t(n) > room_) {
            /* Once per object: room for every group of this regex. */
            if (oxre_span *bigger = new (std::nothrow) oxre_span[std::size_t(n)]) {
                more_.reset(bigger);
                data_ = bigger;
                room_ = std::size_t(n);
                n = oxre_captures_spans(c, data_, room_);
            }
        }
        n_ = n > 0 ? std::size_t(n) : 0;
        have_ = n_ < room_ ? n_ : room_;
    }
    /* After a read into target() that returned `rc`: whether it found a
       match (if not, it holds none). */
    bool took(int rc, std::string_view hay) noexcept
    {
        if (rc != 1) {
            /* No match (or a failure): no group to copy, no C call. */
            n_ = have_ = 0;
            return false;
        }
        record(own_.get(), hay);
        return true;
    }
    /* The C object to read into, allocated for `re` on first use. */
    oxre_captures *target(const oxre_regex *re) noexcept
    {
        if (!own_) {
            own_.reset(oxre_captures_new(re));
            caps_ = own_.get();
        }
        return own_.get();
    }

    detail::owner<oxre_captures> own_; /* null for the view a callback gets */
    const oxre_captures *caps_ = nullptr;
    std::string_view hay_;
    std::size_t n_ = 0;                /* groups of the match */
    std::size_t have_ = 0;             /* of which data_ holds the spans */
    std::size_t room_ = inline_groups; /* the size of data_ */
    std::unique_ptr<oxre_span[]> more_; /* for more than inline_groups */
    oxre_span inline_[inline_groups];
    oxre_span *data_ = inline_;        /* inline_, or more_ */
};

/* ---- Ranges ----------------------------------------------------------- */

/* The successive non-overlapping matches of regex::find_all(), as an input
   range for range-for (one pass: begin() once). It owns an oxre_iter, which
   borrows the regex and the haystack: both must outlive the range. Each
   step is one oxre_iter_next_match() call.

   Thread safety: not synchronized; one thread at a time. Move-only. */
class match_range : public detail::range_state {
public:
    using iterator = detail::range_iterator<match_range, match>;
    match_range() noexcept = default;
    iterator begin()
    {
        if (begin_once())
            advance();
        return iterator(this);
    }
    detail::end_sentinel end() const noexcept { return {}; }

private:
    friend class regex;
    friend iterator;
    match_range(oxre_iter *it, std::string_view hay, bool throws) noexcept
        : range_state(throws), it_(it), hay_(hay)
    {
        done_ = it == nullptr;
    }
    const match &current() const noexcept { return cur_; }
    bool done() const noexcept { return done_; }
    void advance()
    {
        oxre_match m;
        if (!done_ && step(oxre_iter_next_match(it_.get(), &m)))
            cur_ = match(hay_, m.start, m.end, m.pattern);
    }
    detail::owner<oxre_iter> it_;
    std::string_view hay_;
    match cur_;
};

/* The capture groups of each successive match, from regex::captures_all():
   an input range of const captures&, one captures object reused for every
   match (allocated once, with the range). Each step is one
   oxre_iter_next_captures() and one oxre_captures_spans() call. Borrows the
   regex and the haystack, as match_range does.

   Thread safety: not synchronized; one thread at a time. Move-only. */
class captures_range : public detail::range_state {
public:
    using iterator = detail::range_iterator<captures_range, captures>;
    captures_range() noexcept = default;
    iterator begin()
    {
        if (begin_once())
            advance();
        return iterator(this);
    }
    detail::end_sentinel end() const noexcept { return {}; }

private:
    friend class regex;
    friend iterator;
    captures_range(oxre_iter *it, captures caps, std::string_view hay, bool throws) noexcept
        : range_state(throws), it_(it), caps_(std::move(caps)), hay_(hay)
    {
        done_ = it == nullptr;
    }
    const captures &current() const noexcept { return caps_; }
    bool done() const noexcept { return done_; }
    void advance()
    {
        oxre_captures *c = caps_.own_.get();
        if (!done_ && step(oxre_iter_next_captures(it_.get(), c)))
            caps_.record(c, hay_);
    }
    detail::owner<oxre_iter> it_;
    captures caps_;
    std::string_view hay_;
};

/* The pieces of the haystack between matches, from regex::split() and
   regex::splitn(): an input range of std::string_view (empty pieces kept).
   Owns an oxre_split, which borrows the regex and the haystack. Each step is
   one oxre_split_next() call.

   Thread safety: not synchronized; one thread at a time. Move-only. */
class split_range : public detail::range_state {
public:
    using iterator = detail::range_iterator<split_range, std::string_view>;
    split_range() noexcept = default;
    iterator begin()
    {
        if (begin_once())
            advance();
        return iterator(this);
    }
    detail::end_sentinel end() const noexcept { return {}; }

private:
    friend class regex;
    friend iterator;
    split_range(oxre_split *s, std::string_view hay, bool throws) noexcept
        : range_state(throws), split_(s), hay_(hay)
    {
        done_ = s == nullptr;
    }
    const std::string_view &current() const noexcept { return cur_; }
    bool done() const noexcept { return done_; }
    void advance()
    {
        oxre_span s;
        if (!done_ && step(oxre_split_next(split_.get(), &s)))
            cur_ = std::string_view(hay_.data() + s.start, s.end - s.start);
    }
    detail::owner<oxre_split> split_;
    std::string_view hay_;
    std::string_view cur_;
};

/* A replacement inserted as it is, with no $ expansion (the regex crate's
   NoExpand; OXRE_LITERAL): re.replace_all(hay, oxre::no_expand{"$1"}). */
struct no_expand {
    std::string_view text;
};

/* ---- scratch (OXRE_1.1) ---------------------------------------------- */

class set;

/* Scratch space of one's own for the searches of one regex or one set (an
   oxre_scratch): the engine's search caches, and for a set the table of
   patterns found. The search members of regex and set taking a scratch&
   after the haystack call the _with C functions (oxre_find_with(), ...):
   the same results as the plain members, but the search takes nothing
   from the regex's shared pool and allocates nothing (the caches grow on
   the first searches, then stay). A scratch fits the regex or set it was
   made from and their clones; with any other, or a regex's scratch with a
   set, a search fails with OXRE_EINVAL and searches nothing; an empty
   scratch fails with OXRE_ENULL. It holds no pointer to the regex: either
   may be destroyed first.

   Thread safety: not synchronized. One thread at a time may use a scratch
   (it may pass to another thread between searches); give each thread its
   own, while the regex or set is shared. Move-only. */
class scratch {
public:
    /* An empty scratch (as a moved-from one). */
    scratch() noexcept = default;

#if OXRE_HPP_EXCEPTIONS
    /* oxre_scratch_new() (a regex) or oxre_set_scratch_new() (a set):
       allocates the caches. Throws oxre::error: OXRE_ENULL for an empty
       regex or set. */
    explicit scratch(const regex &re);
    explicit scratch(const set &s);
#endif
    /* The non-throwing factories: the scratch, or nullopt with `ec` set. */
    static std::optional<scratch> make(const regex &re, std::error_code &ec) noexcept;
    static std::optional<scratch> make(const set &s, std::error_code &ec) noexcept;

    /* Takes ownership of a scratch made through the C API. */
    static scratch adopt(oxre_scratch *s) noexcept
    {
        scratch r;
        r.s_.reset(s);
        return r;
    }
    /* Gives up ownership of the C scratch (to free with oxre_scratch_free()). */
    oxre_scratch *release() noexcept { return s_.release(); }
    /* The C scratch, for oxre_*_with calls; NULL when empty. */
    oxre_scratch *get() noexcept { return s_.get(); }
    const oxre_scratch *get() const noexcept { return s_.get(); }
    explicit operator bool() const noexcept { return s_ != nullptr; }

    /* The bytes it holds on the heap now (oxre_scratch_memory_usage()); 0
       when empty. */
    std::size_t memory_usage() const noexcept
    {
        return s_ ? oxre_scratch_memory_usage(s_.get()) : 0;
    }

private:
    static std::optional<scratch> made(oxre_scratch *p, std::error_code &ec) noexcept
    {
        scratch r = adopt(p);
        if (!detail::ok(ec, p != nullptr))
            return std::nullopt;
        return std::optional<scratch>(std::move(r));
    }
    detail::owner<oxre_scratch> s_;
};

/* ---- regex ------------------------------------------------------------ */

/* A compiled regular expression (an oxre_regex): one pattern, or several
   searched together (regex::many()).

   Thread safety: immutable once compiled; any number of threads may search
   with the same regex at once (each search takes scratch space from the C
   regex's internal pool; clone() gives a thread a pool of its own, an
   oxre::scratch scratch space of its own). Move-only; the ranges borrow
   it. */
class regex {
public:
    /* An empty regex (as a moved-from one): searching with it fails with
       OXRE_ENULL. */
    regex() noexcept = default;

#if OXRE_HPP_EXCEPTIONS
    /* Compiles `pattern` (oxre_compile()) with flags and limits; throws
       oxre::error on failure: OXRE_ESYNTAX (span(): the offending part of
       the pattern), OXRE_EUTF8, OXRE_ESIZE. */
    explicit regex(std::string_view pattern, flags f = flags::none,
                   const options &opts = default_options())
        : re_(oxre_compile(detail::bytes(pattern), pattern.size(), std::uint32_t(f), &opts))
    {
        if (!re_)
            throw error::last();
    }
#endif
    /* The non-throwing factory: the regex, or nullopt with `ec` set. */
    static std::optional<regex> compile(std::string_view pattern, std::error_code &ec) noexcept
    {
        return compile(pattern, flags::none, ec);
    }
    static std::optional<regex> compile(std::string_view pattern, flags f,
                                        std::error_code &ec) noexcept
    {
        return made(oxre_compile(detail::bytes(pattern), pattern.size(), std::uint32_t(f), nullptr),
                    ec);
    }
    static std::optional<regex> compile(std::string_view pattern, flags f, const options &opts,
                                        std::error_code &ec) noexcept
    {
        return made(oxre_compile(detail::bytes(pattern), pattern.size(), std::uint32_t(f), &opts),
                    ec);
    }

#if OXRE_HPP_EXCEPTIONS
    /* Several patterns searched together (oxre_compile_many()): a search
       reports the leftmost-first match among them, and match::pattern()
       tells which. `patterns` is a braced list or any range of things
       convertible to std::string_view. Throws oxre::error (its pattern():
       the index of the pattern in error). Allocates two arrays for the C
       call. */
    static regex many(std::initializer_list<std::string_view> patterns, flags f = flags::none,
                      const options &opts = default_options())
    {
        return many_of(detail::pattern_list(patterns), f, opts);
    }
    template <class Patterns, class = std::enable_if_t<detail::is_pattern_range<Patterns>::value>>
    static regex many(const Patterns &patterns, flags f = flags::none,
                      const options &opts = default_options())
    {
        return many_of(detail::pattern_list(patterns), f, opts);
    }
#endif
    static std::optional<regex> compile_many(std::initializer_list<std::string_view> patterns,
                                             flags f, std::error_code &ec)
    {
        return made(detail::pattern_list(patterns).compile(oxre_compile_many, f, nullptr), ec);
    }
    static std::optional<regex> compile_many(std::initializer_list<std::string_view> patterns,
                                             flags f, const options &opts, std::error_code &ec)
    {
        return made(detail::pattern_list(patterns).compile(oxre_compile_many, f, &opts), ec);
    }
    template <class Patterns, class = std::enable_if_t<detail::is_pattern_range<Patterns>::value>>
    static std::optional<regex> compile_many(const Patterns &patterns, flags f, std::error_code &ec)
    {
        return made(detail::pattern_list(patterns).compile(oxre_compile_many, f, nullptr), ec);
    }
    template <class Patterns, class = std::enable_if_t<detail::is_pattern_range<Patterns>::value>>
    static std::optional<regex> compile_many(const Patterns &patterns, flags f, const options &opts,
                                             std::error_code &ec)
    {
        return made(detail::pattern_list(patterns).compile(oxre_compile_many, f, &opts), ec);
    }

    /* Takes ownership of a regex compiled through the C API. */
    static regex adopt(oxre_regex *re) noexcept
    {
        regex r;
        r.re_.reset(re);
        return r;
    }
    /* Gives up ownership of the C regex (to free with oxre_free()). */
    oxre_regex *release() noexcept { return re_.release(); }
    /* The C regex, for oxre_* calls; NULL when empty. */
    const oxre_regex *get() const noexcept { return re_.get(); }
    explicit operator bool() const noexcept { return re_ != nullptr; }

    /* A regex of its own sharing the compiled program (oxre_clone(): cheap;
       allocates the scratch pool). */
#if OXRE_HPP_EXCEPTIONS
    regex clone() const
    {
        detail::thrower t;
        return clone_(t);
    }
#endif
    regex clone(std::error_code &ec) const noexcept { return clone_(ec); }

    /* Pattern `i` as it was compiled, a view into the regex (empty if `i`
       is not below patterns_size()). */
    std::string_view pattern(std::size_t i = 0) const noexcept
    {
        std::size_t len = 0;
        const std::uint8_t *p = oxre_pattern(get(), i, &len);
        return p != nullptr ? std::string_view(reinterpret_cast<const char *>(p), len)
                            : std::string_view();
    }
    std::size_t patterns_size() const noexcept { return oxre_patterns_len(get()); }
    /* The number of groups, group 0 included (of pattern 0). */
    std::size_t captures_size() const noexcept { return oxre_captures_len(get()); }
    /* The number of named groups (of pattern 0). */
    std::size_t names_size() const noexcept { return oxre_names_count(get()); }
    /* The group count every match has, when it is the same for all. */
    std::optional<std::size_t> static_captures_size() const noexcept
    {
        std::size_t n = 0;
        return oxre_static_captures_len(get(), &n) == 1 ? std::optional<std::size_t>(n)
                                                        : std::nullopt;
    }
    /* The index of the group named `name`, or nullopt. */
    std::optional<std::size_t> capture_index(std::string_view name) const noexcept
    {
        int i = oxre_capture_index(get(), name.data(), name.size());
        return i > 0 ? std::optional<std::size_t>(std::size_t(i)) : std::nullopt;
    }
    /* The name of group `i`, a view into the regex, or nullopt for a group
       without one (or no such group). */
    std::optional<std::string_view> capture_name(std::size_t i) const noexcept
    {
        const char *name = nullptr;
        return oxre_capture_name(get(), i, &name) == 1 ? std::optional<std::string_view>(name)
                                                        : std::nullopt;
    }

    /* ---- Searching: each is one C call. `start` is a byte offset where
       the search begins; look-around still sees the bytes before it.
       Failures: OXRE_ERANGE (start past the end), OXRE_EUTF8 (text
       flavour, haystack not UTF-8), OXRE_ENULL (empty regex). */

    /* Whether it matches (oxre_is_match(): the fastest search). */
#if OXRE_HPP_EXCEPTIONS
    bool is_match(std::string_view hay, std::size_t start = 0) const
    {
        detail::thrower t;
        return is_match_(hay, start, t);
    }
#endif
    bool is_match(std::string_view hay, std::error_code &ec) const noexcept
    {
        return is_match_(hay, 0, ec);
    }
    bool is_match(std::string_view hay, std::size_t start, std::error_code &ec) const noexcept
    {
        return is_match_(hay, start, ec);
    }

    /* The leftmost-first match (oxre_find()). */
#if OXRE_HPP_EXCEPTIONS
    std::optional<match> find(std::string_view hay, std::size_t start = 0) const
    {
        detail::thrower t;
        return find_(hay, start, t);
    }
#endif
    std::optional<match> find(std::string_view hay, std::error_code &ec) const noexcept
    {
        return find_(hay, 0, ec);
    }
    std::optional<match> find(std::string_view hay, std::size_t start,
                              std::error_code &ec) const noexcept
    {
        return find_(hay, start, ec);
    }

    /* The general search (oxre_search()): the leftmost-first match inside
       the window [start, end) of the haystack, anchored or earliest as
       `sf` says, and which pattern matched. Also OXRE_EFLAGS. */
#if OXRE_HPP_EXCEPTIONS
    std::optional<match> search(std::string_view hay, std::size_t start, std::size_t end,
                                search_flags sf = search_flags::none) const
    {
        detail::thrower t;
        return search_(hay, start, end, sf, t);
    }
#endif
    std::optional<match> search(std::string_view hay, std::size_t start, std::size_t end,
                                search_flags sf, std::error_code &ec) const noexcept
    {
        return search_(hay, start, end, sf, ec);
    }

    /* Where a match certainly ends, as early as the engine can tell
       (oxre_shortest_match()); nullopt when there is none. */
#if OXRE_HPP_EXCEPTIONS
    std::optional<std::size_t> shortest_match(std::string_view hay, std::size_t start = 0) const
    {
        detail::thrower t;
        return shortest_match_(hay, start, t);
    }
#endif
    std::optional<std::size_t> shortest_match(std::string_view hay,
                                              std::error_code &ec) const noexcept
    {
        return shortest_match_(hay, 0, ec);
    }
    std::optional<std::size_t> shortest_match(std::string_view hay, std::size_t start,
                                              std::error_code &ec) const noexcept
    {
        return shortest_match_(hay, start, ec);
    }

    /* The number of non-overlapping matches (oxre_count(): faster than
       iterating, it only looks for match ends). 0 on failure. */
#if OXRE_HPP_EXCEPTIONS
    std::size_t count(std::string_view hay, std::size_t start = 0) const
    {
        detail::thrower t;
        return count_(hay, start, t);
    }
#endif
    std::size_t count(std::string_view hay, std::error_code &ec) const noexcept
    {
        return count_(hay, 0, ec);
    }
    std::size_t count(std::string_view hay, std::size_t start, std::error_code &ec) const noexcept
    {
        return count_(hay, start, ec);
    }

    /* ---- Capture groups. */

    /* The groups of the leftmost-first match, in a new captures object
       (oxre_captures_new() and oxre_captures_read(): allocates the
       object; in a loop, reuse one with captures_read()). */
#if OXRE_HPP_EXCEPTIONS
    std::optional<oxre::captures> captures(std::string_view hay, std::size_t start = 0) const
    {
        detail::thrower t;
        return captures_(hay, start, t);
    }
#endif
    std::optional<oxre::captures> captures(std::string_view hay, std::error_code &ec) const noexcept
    {
        return captures_(hay, 0, ec);
    }
    std::optional<oxre::captures> captures(std::string_view hay, std::size_t start,
                                           std::error_code &ec) const noexcept
    {
        return captures_(hay, start, ec);
    }

    /* Reads the groups of the leftmost-first match into `caps`, reusing
       it (allocated on first use if empty): one oxre_captures_read() call,
       and one oxre_captures_spans() when it finds a match; no allocation.
       Returns whether there was a match (if not, `caps` holds none). Also
       OXRE_EINVAL: `caps` was made for a regex with other groups. */
#if OXRE_HPP_EXCEPTIONS
    bool captures_read(oxre::captures &caps, std::string_view hay, std::size_t start = 0) const
    {
        detail::thrower t;
        return captures_read_(caps, hay, start, t);
    }
#endif
    bool captures_read(oxre::captures &caps, std::string_view hay,
                       std::error_code &ec) const noexcept
    {
        return captures_read_(caps, hay, 0, ec);
    }
    bool captures_read(oxre::captures &caps, std::string_view hay, std::size_t start,
                       std::error_code &ec) const noexcept
    {
        return captures_read_(caps, hay, start, ec);
    }
    /* The same over the window [start, end) under search flags
       (oxre_search_captures()). */
#if OXRE_HPP_EXCEPTIONS
    bool search_captures(oxre::captures &caps, std::string_view hay, std::size_t start,
                         std::size_t end, search_flags sf = search_flags::none) const
    {
        detail::thrower t;
        return search_captures_(caps, hay, start, end, sf, t);
    }
#endif
    bool search_captures(oxre::captures &caps, std::string_view hay, std::size_t start,
                         std::size_t end, search_flags sf, std::error_code &ec) const noexcept
    {
        return search_captures_(caps, hay, start, end, sf, ec);
    }

    /* ---- Ranges: lvalue regexes only (a range borrows its regex), and
       no temporary std::string haystack (a range-for would outlive it).
       A range from a throwing form throws if a step fails; one from an
       error_code form ends there, and its error() says why. */

    /* The successive non-overlapping matches from `start` (oxre_iter_new():
       allocates the iterator; the crate's rule for empty matches). */
#if OXRE_HPP_EXCEPTIONS
    match_range find_all(std::string_view hay, std::size_t start = 0) const &
    {
        detail::thrower t;
        return find_all_(hay, start, t);
    }
#endif
    match_range find_all(std::string_view hay, std::error_code &ec) const & noexcept
    {
        return find_all_(hay, 0, ec);
    }
    match_range find_all(std::string_view hay, std::size_t start,
                         std::error_code &ec) const & noexcept
    {
        return find_all_(hay, start, ec);
    }
    template <class S, class... A, class = detail::if_temporary_string<S>>
    match_range find_all(S &&, A &&...) const & = delete;
    template <class... A>
    match_range find_all(A &&...) const && = delete;

    /* The groups of each successive match (oxre_iter_new() and one
       oxre_captures_new() for the range). */
#if OXRE_HPP_EXCEPTIONS
    captures_range captures_all(std::string_view hay, std::size_t start = 0) const &
    {
        detail::thrower t;
        return captures_all_(hay, start, t);
    }
#endif
    captures_range captures_all(std::string_view hay, std::error_code &ec) const & noexcept
    {
        return captures_all_(hay, 0, ec);
    }
    captures_range captures_all(std::string_view hay, std::size_t start,
                                std::error_code &ec) const & noexcept
    {
        return captures_all_(hay, start, ec);
    }
    template <class S, class... A, class = detail::if_temporary_string<S>>
    captures_range captures_all(S &&, A &&...) const & = delete;
    template <class... A>
    captures_range captures_all(A &&...) const && = delete;

    /* The pieces between matches (oxre_split_new()), and at most `limit`
       pieces, the last one unsplit (oxre_splitn_new()). */
#if OXRE_HPP_EXCEPTIONS
    split_range split(std::string_view hay) const &
    {
        detail::thrower t;
        return split_(oxre_split_new(get(), detail::bytes(hay), hay.size()), hay, t);
    }
    split_range splitn(std::string_view hay, std::size_t limit) const &
    {
        detail::thrower t;
        return split_(oxre_splitn_new(get(), detail::bytes(hay), hay.size(), limit), hay, t);
    }
#endif
    split_range split(std::string_view hay, std::error_code &ec) const & noexcept
    {
        return split_(oxre_split_new(get(), detail::bytes(hay), hay.size()), hay, ec);
    }
    split_range splitn(std::string_view hay, std::size_t limit, std::error_code &ec) const & noexcept
    {
        return split_(oxre_splitn_new(get(), detail::bytes(hay), hay.size(), limit), hay, ec);
    }
    template <class S, class... A, class = detail::if_temporary_string<S>>
    split_range split(S &&, A &&...) const & = delete;
    template <class... A>
    split_range split(A &&...) const && = delete;
    template <class S, class... A, class = detail::if_temporary_string<S>>
    split_range splitn(S &&, A &&...) const & = delete;
    template <class... A>
    split_range splitn(A &&...) const && = delete;

    /* ---- Replacing: the first match (replace), all (replace_all), or at
       most `limit` (replacen; 0 is all). The replacement `rep` is one of:
       - a template (anything convertible to std::string_view): $1, ${1},
         $name, ${name}, $$, as in oxre_replace(). Written straight into
         the returned string by oxre_replace_into(): one pass when the
         result fits in the haystack's length plus the template's, two
         otherwise; no allocation but the result's (and the C call's own
         when the template uses groups);
       - no_expand{text}: inserted as it is;
       - any callable taking const oxre::captures& and returning something
         convertible to std::string_view (a std::string, a view, a
         const char*), called once per match, in order (oxre_replace_fn():
         the result is built in an oxre_buf, then copied). An exception it
         throws stops the replacement and propagates from the call, in
         both forms.
       Failures: OXRE_EUTF8 (text flavour, haystack or template not UTF-8),
       OXRE_ENULL (empty regex). */
#if OXRE_HPP_EXCEPTIONS
    template <class Rep>
    std::string replace(std::string_view hay, Rep &&rep) const
    {
        detail::thrower t;
        return replacen_(hay, 1, rep, t);
    }
    template <class Rep>
    std::string replace_all(std::string_view hay, Rep &&rep) const
    {
        detail::thrower t;
        return replacen_(hay, 0, rep, t);
    }
    template <class Rep>
    std::string replacen(std::string_view hay, std::size_t limit, Rep &&rep) const
    {
        detail::thrower t;
        return replacen_(hay, limit, rep, t);
    }
#endif
    template <class Rep>
    std::string replace(std::string_view hay, Rep &&rep, std::error_code &ec) const
    {
        return replacen_(hay, 1, rep, ec);
    }
    template <class Rep>
    std::string replace_all(std::string_view hay, Rep &&rep, std::error_code &ec) const
    {
        return replacen_(hay, 0, rep, ec);
    }
    template <class Rep>
    std::string replacen(std::string_view hay, std::size_t limit, Rep &&rep,
                         std::error_code &ec) const
    {
        return replacen_(hay, limit, rep, ec);
    }

    /* A pattern matching exactly `text` (UTF-8) with every meta character
       escaped (oxre_escape(); allocates the result). OXRE_EUTF8 if `text`
       is not UTF-8. */
#if OXRE_HPP_EXCEPTIONS
    static std::string escape(std::string_view text)
    {
        detail::thrower t;
        return escape_(text, t);
    }
#endif
    static std::string escape(std::string_view text, std::error_code &ec)
    {
        return escape_(text, ec);
    }

    /* The bytes the compiled program holds on the heap (oxre_memory_usage();
       the scratch space of searches is extra); 0 when empty. */
    std::size_t memory_usage() const noexcept { return re_ ? oxre_memory_usage(get()) : 0; }

    /* ---- Searching with a scratch of one's own (OXRE_1.1): the members
       above with an oxre::scratch& after the haystack, each one call of
       the _with C function (oxre_is_match_with(), ...): the same results,
       without the shared pool, and no allocation (but captures()'s
       object). Also OXRE_EINVAL: `scr` was made for another regex or for a
       set; OXRE_ENULL: `scr` is empty. */
#if OXRE_HPP_EXCEPTIONS
    bool is_match(std::string_view hay, scratch &scr, std::size_t start = 0) const
    {
        detail::thrower t;
        return is_match_(hay, start, t, &scr);
    }
    std::optional<match> find(std::string_view hay, scratch &scr, std::size_t start = 0) const
    {
        detail::thrower t;
        return find_(hay, start, t, &scr);
    }
    std::optional<match> search(std::string_view hay, scratch &scr, std::size_t start,
                                std::size_t end, search_flags sf = search_flags::none) const
    {
        detail::thrower t;
        return search_(hay, start, end, sf, t, &scr);
    }
    std::optional<std::size_t> shortest_match(std::string_view hay, scratch &scr,
                                              std::size_t start = 0) const
    {
        detail::thrower t;
        return shortest_match_(hay, start, t, &scr);
    }
    std::size_t count(std::string_view hay, scratch &scr, std::size_t start = 0) const
    {
        detail::thrower t;
        return count_(hay, start, t, &scr);
    }
    std::optional<oxre::captures> captures(std::string_view hay, scratch &scr,
                                           std::size_t start = 0) const
    {
        detail::thrower t;
        return captures_(hay, start, t, &scr);
    }
    bool captures_read(oxre::captures &caps, std::string_view hay, scratch &scr,
                       std::size_t start = 0) const
    {
        detail::thrower t;
        return captures_read_(caps, hay, start, t, &scr);
    }
    bool search_captures(oxre::captures &caps, std::string_view hay, scratch &scr,
                         std::size_t start, std::size_t end,
                         search_flags sf = search_flags::none) const
    {
        detail::thrower t;
        return search_captures_(caps, hay, start, end, sf, t, &scr);
    }
#endif
    bool is_match(std::string_view hay, scratch &scr, std::error_code &ec) const noexcept
    {
        return is_match_(hay, 0, ec, &scr);
    }
    bool is_match(std::string_view hay, scratch &scr, std::size_t start,
                  std::error_code &ec) const noexcept
    {
        return is_match_(hay, start, ec, &scr);
    }
    std::optional<match> find(std::string_view hay, scratch &scr,
                              std::error_code &ec) const noexcept
    {
        return find_(hay, 0, ec, &scr);
    }
    std::optional<match> find(std::string_view hay, scratch &scr, std::size_t start,
                              std::error_code &ec) const noexcept
    {
        return find_(hay, start, ec, &scr);
    }
    std::optional<match> search(std::string_view hay, scratch &scr, std::size_t start,
                                std::size_t end, search_flags sf,
                                std::error_code &ec) const noexcept
    {
        return search_(hay, start, end, sf, ec, &scr);
    }
    std::optional<std::size_t> shortest_match(std::string_view hay, scratch &scr,
                                              std::error_code &ec) const noexcept
    {
        return shortest_match_(hay, 0, ec, &scr);
    }
    std::optional<std::size_t> shortest_match(std::string_view hay, scratch &scr,
                                              std::size_t start,
                                              std::error_code &ec) const noexcept
    {
        return shortest_match_(hay, start, ec, &scr);
    }
    std::size_t count(std::string_view hay, scratch &scr, std::error_code &ec) const noexcept
    {
        return count_(hay, 0, ec, &scr);
    }
    std::size_t count(std::string_view hay, scratch &scr, std::size_t start,
                      std::error_code &ec) const noexcept
    {
        return count_(hay, start, ec, &scr);
    }
    std::optional<oxre::captures> captures(std::string_view hay, scratch &scr,
                                           std::error_code &ec) const noexcept
    {
        return captures_(hay, 0, ec, &scr);
    }
    std::optional<oxre::captures> captures(std::string_view hay, scratch &scr, std::size_t start,
                                           std::error_code &ec) const noexcept
    {
        return captures_(hay, start, ec, &scr);
    }
    bool captures_read(oxre::captures &caps, std::string_view hay, scratch &scr,
                       std::error_code &ec) const noexcept
    {
        return captures_read_(caps, hay, 0, ec, &scr);
    }
    bool captures_read(oxre::captures &caps, std::string_view hay, scratch &scr,
                       std::size_t start, std::error_code &ec) const noexcept
    {
        return captures_read_(caps, hay, start, ec, &scr);
    }
    bool search_captures(oxre::captures &caps, std::string_view hay, scratch &scr,
                         std::size_t start, std::size_t end, search_flags sf,
                         std::error_code &ec) const noexcept
    {
        return search_captures_(caps, hay, start, end, sf, ec, &scr);
    }

    /* Streams are oxre::stream, below. */

private:
    /* The members above, once each: E is std::error_code for the
       non-throwing forms, detail::thrower for the throwing ones. */
    template <class E>
    regex clone_(E &err) const
    {
        regex r = adopt(oxre_clone(get()));
        detail::ok(err, r.re_ != nullptr);
        return r;
    }
    /* `scr`: NULL for the plain C function, else the _with one with its
       scratch (which may be empty: OXRE_ENULL). */
    template <class E>
    bool is_match_(std::string_view hay, std::size_t start, E &err,
                   scratch *scr = nullptr) const
    {
        const std::uint8_t *h = detail::bytes(hay);
        int rc = scr ? oxre_is_match_with(get(), scr->get(), h, hay.size(), start)
                     : oxre_is_match(get(), h, hay.size(), start);
        return detail::status(err, rc) == 1;
    }
    template <class E>
    std::optional<match> find_(std::string_view hay, std::size_t start, E &err,
                               scratch *scr = nullptr) const
    {
        oxre_span s;
        const std::uint8_t *h = detail::bytes(hay);
        int rc = scr ? oxre_find_with(get(), scr->get(), h, hay.size(), start, &s)
                     : oxre_find(get(), h, hay.size(), start, &s);
        if (detail::status(err, rc) != 1)
            return std::nullopt;
        return match(hay, s.start, s.end);
    }
    template <class E>
    std::optional<match> search_(std::string_view hay, std::size_t start, std::size_t end,
                                 search_flags sf, E &err, scratch *scr = nullptr) const
    {
        oxre_match m;
        const std::uint8_t *h = detail::bytes(hay);
        int rc = scr ? oxre_search_with(get(), scr->get(), h, hay.size(), start, end,
                                        std::uint32_t(sf), &m)
                     : oxre_search(get(), h, hay.size(), start, end, std::uint32_t(sf), &m);
        if (detail::status(err, rc) != 1)
            return std::nullopt;
        return match(hay, m.start, m.end, m.pattern);
    }
    template <class E>
    std::optional<std::size_t> shortest_match_(std::string_view hay, std::size_t start, E &err,
                                               scratch *scr = nullptr) const
    {
        std::size_t end = 0;
        const std::uint8_t *h = detail::bytes(hay);
        int rc = scr ? oxre_shortest_match_with(get(), scr->get(), h, hay.size(), start, &end)
                     : oxre_shortest_match(get(), h, hay.size(), start, &end);
        if (detail::status(err, rc) != 1)
            return std::nullopt;
        return end;
    }
    template <class E>
    std::size_t count_(std::string_view hay, std::size_t start, E &err,
                       scratch *scr = nullptr) const
    {
        std::size_t n = 0;
        const std::uint8_t *h = detail::bytes(hay);
        int rc = scr ? oxre_count_with(get(), scr->get(), h, hay.size(), start, &n)
                     : oxre_count(get(), h, hay.size(), start, &n);
        return detail::status(err, rc) < 0 ? 0 : n;
    }
    template <class E>
    std::optional<oxre::captures> captures_(std::string_view hay, std::size_t start, E &err,
                                            scratch *scr = nullptr) const
    {
        oxre::captures c;
        if (!captures_read_(c, hay, start, err, scr))
            return std::nullopt;
        return std::optional<oxre::captures>(std::move(c));
    }
    template <class E>
    bool captures_read_(oxre::captures &caps, std::string_view hay, std::size_t start, E &err,
                        scratch *scr = nullptr) const
    {
        oxre_captures *c = caps.target(get());
        const std::uint8_t *h = detail::bytes(hay);
        int rc = scr ? oxre_captures_read_with(get(), scr->get(), c, h, hay.size(), start)
                     : oxre_captures_read(get(), c, h, hay.size(), start);
        return caps.took(detail::status(err, rc), hay);
    }
    template <class E>
    bool search_captures_(oxre::captures &caps, std::string_view hay, std::size_t start,
                          std::size_t end, search_flags sf, E &err,
                          scratch *scr = nullptr) const
    {
        oxre_captures *c = caps.target(get());
        const std::uint8_t *h = detail::bytes(hay);
        int rc = scr ? oxre_search_captures_with(get(), scr->get(), c, h, hay.size(), start, end,
                                                 std::uint32_t(sf))
                     : oxre_search_captures(get(), c, h, hay.size(), start, end,
                                            std::uint32_t(sf));
        return caps.took(detail::status(err, rc), hay);
    }
    template <class E>
    match_range find_all_(std::string_view hay, std::size_t start, E &err) const
    {
        oxre_iter *it = oxre_iter_new(get(), detail::bytes(hay), hay.size(), start);
        detail::ok(err, it != nullptr);
        return match_range(it, hay, detail::throws<E>);
    }
    template <class E>
    captures_range captures_all_(std::string_view hay, std::size_t start, E &err) const
    {
        oxre::captures c;
        detail::owner<oxre_iter> it(oxre_iter_new(get(), detail::bytes(hay), hay.size(), start));
        if (it && c.target(get()) == nullptr)
            it.reset();
        detail::ok(err, it != nullptr);
        return captures_range(it.release(), std::move(c), hay, detail::throws<E>);
    }
    template <class E>
    static split_range split_(oxre_split *s, std::string_view hay, E &err)
    {
        detail::ok(err, s != nullptr);
        return split_range(s, hay, detail::throws<E>);
    }
    template <class Rep, class E>
    std::string replacen_(std::string_view hay, std::size_t limit, Rep &rep, E &err) const
    {
        using R = std::remove_cv_t<std::remove_reference_t<Rep>>;
        if constexpr (std::is_same_v<R, no_expand>) {
            return replace_template(hay, limit, rep.text, OXRE_LITERAL, err);
        } else if constexpr (std::is_convertible_v<Rep &, std::string_view>) {
            return replace_template(hay, limit, std::string_view(rep), 0, err);
        } else {
            static_assert(std::is_invocable_v<Rep &, const oxre::captures &>,
                          "a replacement is a template, oxre::no_expand, or a callable "
                          "taking const oxre::captures&");
            using Out = std::invoke_result_t<Rep &, const oxre::captures &>;
            static_assert(std::is_convertible_v<Out, std::string_view>,
                          "a replacement callable returns something convertible to "
                          "std::string_view");
            return replace_callback(hay, limit, rep, err);
        }
    }
    template <class E>
    static std::string escape_(std::string_view text, E &err)
    {
        detail::buf b;
        int rc = detail::status(err, oxre_escape(detail::bytes(text), text.size(), &b.b));
        return rc < 0 ? std::string() : b.str();
    }

#if OXRE_HPP_EXCEPTIONS
    static regex many_of(const detail::pattern_list &p, flags f, const options &opts)
    {
        regex r = adopt(p.compile(oxre_compile_many, f, &opts));
        if (!r)
            throw error::last();
        return r;
    }
#endif
    /* The result of a C compile function, as the non-throwing forms give it. */
    static std::optional<regex> made(oxre_regex *re, std::error_code &ec) noexcept
    {
        if (!detail::ok(ec, re != nullptr))
            return std::nullopt;
        return std::optional<regex>(adopt(re));
    }
    template <class E>
    std::string replace_template(std::string_view hay, std::size_t limit, std::string_view tmpl,
                                 std::uint32_t rflags, E &err) const
    {
        std::string out(hay.size() + tmpl.size(), '\0');
        std::size_t needed = 0;
        int rc = OXRE_ENOSPC;
        for (int pass = 0; pass < 2 && rc == OXRE_ENOSPC; pass++) {
            if (pass == 1)
                out.resize(needed);
            /* The capacity excludes the string's terminator: C may write a
               NUL only inside it. */
            rc = oxre_replace_into(get(), detail::bytes(hay), hay.size(), limit,
                                   detail::bytes(tmpl), tmpl.size(), rflags,
                                   reinterpret_cast<std::uint8_t *>(&out[0]), out.size(),
                                   &needed);
        }
        if (detail::status(err, rc) < 0)
            return std::string();
        out.resize(needed);
        return out;
    }

    /* What the trampoline needs: the callable, a captures view of each
       match, and what stopped the C call. */
    template <class F>
    struct callback_ctx {
        callback_ctx(F &fn, std::string_view h) noexcept : f(&fn), hay(h) {}
        F *f;
        oxre::captures view;
        std::string_view hay;
        int append_error = 0;
#if OXRE_HPP_DETAIL_CAN_THROW
        std::exception_ptr thrown;
#endif
    };
    template <class F>
    static int trampoline(void *ctx, const oxre_captures *caps, const std::uint8_t *, std::size_t,
                          oxre_buf *out) noexcept
    {
        auto *x = static_cast<callback_ctx<F> *>(ctx);
        x->view.record(caps, x->hay);
#if OXRE_HPP_DETAIL_CAN_THROW
        try {
#endif
            /* Holds a returned temporary (a std::string) while it is read. */
            decltype(auto) r = std::invoke(*x->f, std::as_const(x->view));
            std::string_view s(r);
            int rc = oxre_buf_append(out, detail::bytes(s), s.size());
            if (rc < 0) {
                x->append_error = rc;
                return 1;
            }
#if OXRE_HPP_DETAIL_CAN_THROW
        } catch (...) {
            x->thrown = std::current_exception();
            return 1;
        }
#endif
        return 0;
    }
    template <class F, class E>
    std::string replace_callback(std::string_view hay, std::size_t limit, F &f, E &err) const
    {
        callback_ctx<F> x(f, hay);
        detail::buf b;
        int rc = oxre_replace_fn(get(), detail::bytes(hay), hay.size(), limit, &trampoline<F>,
                                 &x, &b.b);
#if OXRE_HPP_DETAIL_CAN_THROW
        if (x.thrown)
            std::rethrow_exception(x.thrown);
#endif
        if (x.append_error != 0)
            rc = x.append_error;
        if (detail::status(err, rc) < 0)
            return std::string();
        return b.str();
    }

    detail::owner<oxre_regex> re_;
};

/* ---- set -------------------------------------------------------------- */

/* Which patterns of a set matched (set::matches()): a bool per pattern and
   their count. Iterating gives the indices of those that matched, in
   order. Allocates one bool per pattern when first filled; refilling it
   for a set of no more patterns allocates nothing.

   Thread safety: not synchronized; one thread at a time. Move-only. */
class set_matches {
public:
    set_matches() noexcept = default;
    set_matches(set_matches &&) noexcept = default;
    set_matches &operator=(set_matches &&) noexcept = default;

    /* The number of patterns of the set searched. */
    std::size_t size() const noexcept { return n_; }
    /* How many of them matched. */
    std::size_t count() const noexcept { return count_; }
    bool matched_any() const noexcept { return count_ > 0; }
    /* Whether pattern `i` matched (false for an index out of range). */
    bool matched(std::size_t i) const noexcept { return i < n_ && m_[i]; }

    /* The indices of the patterns that matched. */
    class iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = std::size_t;
        using difference_type = std::ptrdiff_t;
        using pointer = const std::size_t *;
        using reference = std::size_t;
        iterator() noexcept = default;
        std::size_t operator*() const noexcept { return i_; }
        iterator &operator++() noexcept
        {
            i_ = s_->next(i_ + 1);
            return *this;
        }
        iterator operator++(int) noexcept
        {
            iterator t = *this;
            ++*this;
            return t;
        }
        friend bool operator==(const iterator &a, const iterator &b) noexcept
        {
            return a.i_ == b.i_;
        }
        friend bool operator!=(const iterator &a, const iterator &b) noexcept
        {
            return a.i_ != b.i_;
        }

    private:
        friend class set_matches;
        iterator(const set_matches *s, std::size_t i) noexcept : s_(s), i_(i) {}
        const set_matches *s_ = nullptr;
        std::size_t i_ = 0;
    };
    iterator begin() const noexcept { return iterator(this, next(0)); }
    iterator end() const noexcept { return iterator(this, n_); }

private:
    friend class set;
    std::size_t next(std::size_t i) const noexcept
    {
        while (i < n_ && !m_[i])
            i++;
        return i;
    }
    /* Room for `n` flags; false when it cannot be allocated. */
    bool reserve(std::size_t n) noexcept
    {
        if (n > cap_) {
            m_.reset(new (std::nothrow) bool[n]);
            cap_ = m_ ? n : 0;
        }
        n_ = cap_ >= n ? n : 0;
        count_ = 0;
        return cap_ >= n;
    }
    std::unique_ptr<bool[]> m_;
    std::size_t cap_ = 0, n_ = 0, count_ = 0;
};

/* A set of patterns searched together to learn which of them match
   anywhere, overlapping or not, with no positions (an oxre_set; the regex
   crate's RegexSet). For positions, use regex::many().

   Thread safety: immutable once compiled; any number of threads may use it
   at once. Move-only. */
class set {
public:
    set() noexcept = default;

#if OXRE_HPP_EXCEPTIONS
    /* Compiles the patterns (oxre_set_compile(): a braced list or any range
       of things convertible to std::string_view); throws oxre::error, whose
       pattern() is the index of a pattern in error. Allocates two arrays
       for the C call. */
    explicit set(std::initializer_list<std::string_view> patterns, flags f = flags::none,
                 const options &opts = default_options())
        : set(detail::pattern_list(patterns), f, opts)
    {
    }
    template <class Patterns, class = std::enable_if_t<detail::is_pattern_range<Patterns>::value>>
    explicit set(const Patterns &patterns, flags f = flags::none,
                 const options &opts = default_options())
        : set(detail::pattern_list(patterns), f, opts)
    {
    }
#endif
    /* The non-throwing factory: the set, or nullopt with `ec` set. */
    static std::optional<set> compile(std::initializer_list<std::string_view> patterns, flags f,
                                      std::error_code &ec)
    {
        return made(detail::pattern_list(patterns).compile(oxre_set_compile, f, nullptr), ec);
    }
    static std::optional<set> compile(std::initializer_list<std::string_view> patterns, flags f,
                                      const options &opts, std::error_code &ec)
    {
        return made(detail::pattern_list(patterns).compile(oxre_set_compile, f, &opts), ec);
    }
    template <class Patterns, class = std::enable_if_t<detail::is_pattern_range<Patterns>::value>>
    static std::optional<set> compile(const Patterns &patterns, flags f, std::error_code &ec)
    {
        return made(detail::pattern_list(patterns).compile(oxre_set_compile, f, nullptr), ec);
    }
    template <class Patterns, class = std::enable_if_t<detail::is_pattern_range<Patterns>::value>>
    static std::optional<set> compile(const Patterns &patterns, flags f, const options &opts,
                                      std::error_code &ec)
    {
        return made(detail::pattern_list(patterns).compile(oxre_set_compile, f, &opts), ec);
    }

    static set adopt(oxre_set *s) noexcept
    {
        set r;
        r.s_.reset(s);
        return r;
    }
    oxre_set *release() noexcept { return s_.release(); }
    const oxre_set *get() const noexcept { return s_.get(); }
    explicit operator bool() const noexcept { return s_ != nullptr; }

    /* A set of its own sharing the compiled program (oxre_set_clone():
       cheap; allocates the scratch pool). A scratch of this set fits it. */
#if OXRE_HPP_EXCEPTIONS
    set clone() const
    {
        detail::thrower t;
        return clone_(t);
    }
#endif
    set clone(std::error_code &ec) const noexcept { return clone_(ec); }
    /* The bytes the compiled program holds on the heap
       (oxre_set_memory_usage(); the scratch space is extra); 0 when empty. */
    std::size_t memory_usage() const noexcept { return s_ ? oxre_set_memory_usage(get()) : 0; }

    /* The number of patterns. */
    std::size_t size() const noexcept { return oxre_set_len(get()); }
    /* Pattern `i`, a view into the set (empty if out of range). */
    std::string_view pattern(std::size_t i) const noexcept
    {
        std::size_t len = 0;
        const std::uint8_t *p = oxre_set_pattern(get(), i, &len);
        return p != nullptr ? std::string_view(reinterpret_cast<const char *>(p), len)
                            : std::string_view();
    }

    /* Whether any pattern matches at or after `start` (oxre_set_is_match():
       stops at the first match). Failures as for regex::is_match(). */
#if OXRE_HPP_EXCEPTIONS
    bool is_match(std::string_view hay, std::size_t start = 0) const
    {
        detail::thrower t;
        return is_match_(hay, start, t);
    }
#endif
    bool is_match(std::string_view hay, std::error_code &ec) const noexcept
    {
        return is_match_(hay, 0, ec);
    }
    bool is_match(std::string_view hay, std::size_t start, std::error_code &ec) const noexcept
    {
        return is_match_(hay, start, ec);
    }

    /* Which patterns match at or after `start` (oxre_set_matches(): runs to
       the end of the haystack). The first form allocates the result; the
       second refills `into` and returns the count. */
#if OXRE_HPP_EXCEPTIONS
    set_matches matches(std::string_view hay, std::size_t start = 0) const
    {
        detail::thrower t;
        set_matches m;
        matches_(hay, m, start, t);
        return m;
    }
    std::size_t matches(std::string_view hay, set_matches &into, std::size_t start = 0) const
    {
        detail::thrower t;
        return matches_(hay, into, start, t);
    }
#endif
    set_matches matches(std::string_view hay, std::error_code &ec) const noexcept
    {
        return matches(hay, 0, ec);
    }
    set_matches matches(std::string_view hay, std::size_t start, std::error_code &ec) const noexcept
    {
        set_matches m;
        matches_(hay, m, start, ec);
        return m;
    }
    std::size_t matches(std::string_view hay, set_matches &into, std::error_code &ec) const noexcept
    {
        return matches_(hay, into, 0, ec);
    }
    std::size_t matches(std::string_view hay, set_matches &into, std::size_t start,
                        std::error_code &ec) const noexcept
    {
        return matches_(hay, into, start, ec);
    }

    /* Which patterns match inside the window [start, end) of the haystack
       under search flags (oxre_set_search()): with search_flags::anchored,
       only those matching at `start`. Refills `into`; returns the count.
       Also OXRE_EFLAGS, and OXRE_ERANGE for a window outside the haystack. */
#if OXRE_HPP_EXCEPTIONS
    std::size_t search(std::string_view hay, std::size_t start, std::size_t end, search_flags sf,
                       set_matches &into) const
    {
        detail::thrower t;
        return search_(hay, start, end, sf, into, t);
    }
#endif
    std::size_t search(std::string_view hay, std::size_t start, std::size_t end, search_flags sf,
                       set_matches &into, std::error_code &ec) const noexcept
    {
        return search_(hay, start, end, sf, into, ec);
    }

    /* ---- With a scratch of one's own (OXRE_1.1): the members above with
       an oxre::scratch& made from this set (or a clone) after the
       haystack, calling oxre_set_is_match_with(), oxre_set_matches_with()
       and oxre_set_search_with(). Also OXRE_EINVAL: `scr` was made for
       another set or for a regex; OXRE_ENULL: `scr` is empty. */
#if OXRE_HPP_EXCEPTIONS
    bool is_match(std::string_view hay, scratch &scr, std::size_t start = 0) const
    {
        detail::thrower t;
        return is_match_(hay, start, t, &scr);
    }
    set_matches matches(std::string_view hay, scratch &scr, std::size_t start = 0) const
    {
        detail::thrower t;
        set_matches m;
        matches_(hay, m, start, t, &scr);
        return m;
    }
    std::size_t matches(std::string_view hay, scratch &scr, set_matches &into,
                        std::size_t start = 0) const
    {
        detail::thrower t;
        return matches_(hay, into, start, t, &scr);
    }
    std::size_t search(std::string_view hay, scratch &scr, std::size_t start, std::size_t end,
                       search_flags sf, set_matches &into) const
    {
        detail::thrower t;
        return search_(hay, start, end, sf, into, t, &scr);
    }
#endif
    bool is_match(std::string_view hay, scratch &scr, std::error_code &ec) const noexcept
    {
        return is_match_(hay, 0, ec, &scr);
    }
    bool is_match(std::string_view hay, scratch &scr, std::size_t start,
                  std::error_code &ec) const noexcept
    {
        return is_match_(hay, start, ec, &scr);
    }
    set_matches matches(std::string_view hay, scratch &scr, std::error_code &ec) const noexcept
    {
        return matches(hay, scr, std::size_t(0), ec);
    }
    set_matches matches(std::string_view hay, scratch &scr, std::size_t start,
                        std::error_code &ec) const noexcept
    {
        set_matches m;
        matches_(hay, m, start, ec, &scr);
        return m;
    }
    std::size_t matches(std::string_view hay, scratch &scr, set_matches &into,
                        std::error_code &ec) const noexcept
    {
        return matches_(hay, into, 0, ec, &scr);
    }
    std::size_t matches(std::string_view hay, scratch &scr, set_matches &into, std::size_t start,
                        std::error_code &ec) const noexcept
    {
        return matches_(hay, into, start, ec, &scr);
    }
    std::size_t search(std::string_view hay, scratch &scr, std::size_t start, std::size_t end,
                       search_flags sf, set_matches &into, std::error_code &ec) const noexcept
    {
        return search_(hay, start, end, sf, into, ec, &scr);
    }

private:
#if OXRE_HPP_EXCEPTIONS
    set(const detail::pattern_list &p, flags f, const options &opts)
        : s_(p.compile(oxre_set_compile, f, &opts))
    {
        if (!s_)
            throw error::last();
    }
#endif
    /* The members above, once each (E: see regex::clone_(); `scr`: see
       regex::is_match_()). */
    template <class E>
    set clone_(E &err) const
    {
        set r = adopt(oxre_set_clone(get()));
        detail::ok(err, r.s_ != nullptr);
        return r;
    }
    template <class E>
    bool is_match_(std::string_view hay, std::size_t start, E &err,
                   scratch *scr = nullptr) const
    {
        const std::uint8_t *h = detail::bytes(hay);
        int rc = scr ? oxre_set_is_match_with(get(), scr->get(), h, hay.size(), start)
                     : oxre_set_is_match(get(), h, hay.size(), start);
        return detail::status(err, rc) == 1;
    }
    template <class E>
    std::size_t matches_(std::string_view hay, set_matches &into, std::size_t start, E &err,
                         scratch *scr = nullptr) const
    {
        return fill(into, err, [&](bool *m, std::size_t n) {
            const std::uint8_t *h = detail::bytes(hay);
            return scr ? oxre_set_matches_with(get(), scr->get(), h, hay.size(), start, m, n)
                       : oxre_set_matches(get(), h, hay.size(), start, m, n);
        });
    }
    template <class E>
    std::size_t search_(std::string_view hay, std::size_t start, std::size_t end,
                        search_flags sf, set_matches &into, E &err,
                        scratch *scr = nullptr) const
    {
        return fill(into, err, [&](bool *m, std::size_t n) {
            const std::uint8_t *h = detail::bytes(hay);
            return scr ? oxre_set_search_with(get(), scr->get(), h, hay.size(), start, end,
                                              std::uint32_t(sf), m, n)
                       : oxre_set_search(get(), h, hay.size(), start, end, std::uint32_t(sf), m,
                                         n);
        });
    }
    /* Sizes `into` for the set, then lets `call` fill its flags. */
    template <class E, class Call>
    std::size_t fill(set_matches &into, E &err, Call &&call) const
    {
        std::size_t n = size();
        if (!into.reserve(n)) {
            detail::out_of_memory(err);
            return 0;
        }
        int rc = call(into.m_.get(), n);
        if (detail::status(err, rc) < 0) {
            into.n_ = 0;
            return 0;
        }
        into.count_ = std::size_t(rc);
        return into.count_;
    }
    static std::optional<set> made(oxre_set *s, std::error_code &ec) noexcept
    {
        if (!detail::ok(ec, s != nullptr))
            return std::nullopt;
        return std::optional<set>(adopt(s));
    }

    detail::owner<oxre_set> s_;
};

/* scratch's factories, now that regex and set are complete. */
#if OXRE_HPP_EXCEPTIONS
inline scratch::scratch(const regex &re) : s_(oxre_scratch_new(re.get()))
{
    if (!s_)
        throw error::last();
}
inline scratch::scratch(const set &s) : s_(oxre_set_scratch_new(s.get()))
{
    if (!s_)
        throw error::last();
}
#endif
inline std::optional<scratch> scratch::make(const regex &re, std::error_code &ec) noexcept
{
    return made(oxre_scratch_new(re.get()), ec);
}
inline std::optional<scratch> scratch::make(const set &s, std::error_code &ec) noexcept
{
    return made(oxre_set_scratch_new(s.get()), ec);
}


/* ---- Streams (OXRE_1.1) ----------------------------------------------- */
#ifdef OXRE_STREAM_ENDS_ONLY

/* Stream flags of oxre_stream_new(): the leftmost mode (none) or
   OXRE_STREAM_ENDS_ONLY. */
enum class stream_flags : std::uint32_t {
    none = 0,
    ends_only = OXRE_STREAM_ENDS_ONLY,
};

/* The history limit and the cache size of one stream: the C struct. Start
   from default_stream_options(). */
using stream_options = ::oxre_stream_options;

inline stream_options default_stream_options() noexcept
{
    stream_options o;
    oxre_stream_options_init(&o);
    return o;
}

/* A match a stream reports to its callable: valid only during the call
   (copy what you need). Offsets count from the stream's first byte. */
class stream_match {
public:
    std::uint64_t start() const noexcept { return m_->start; }
    std::uint64_t end() const noexcept { return m_->end; }
    std::size_t pattern() const noexcept { return m_->pattern; }
    /* Whether it comes from an ends-only stream (no start, no bytes). */
    bool ends_only() const noexcept { return m_->haystack == nullptr; }
    /* The matched bytes, a view into the chunk being fed or the stream's
       history (empty in ends-only mode). */
    std::string_view str() const noexcept
    {
        if (ends_only())
            return std::string_view();
        return std::string_view(reinterpret_cast<const char *>(m_->haystack) +
                                    (m_->start - m_->haystack_offset),
                                std::size_t(m_->end - m_->start));
    }
    /* The C struct, for oxre_stream_match_captures(). */
    const oxre_stream_match *get() const noexcept { return m_; }

private:
    friend class stream;
    explicit stream_match(const oxre_stream_match *m) noexcept : m_(m) {}
    const oxre_stream_match *m_;
};

/* A search over input given in chunks (an oxre_stream): feed() each chunk,
   then finish(); each calls a callable once per match that became final,
   with a const stream_match&. It borrows its regex, which must outlive it.
   An exception the callable throws stops the call (the stream goes on
   after that match next time, as after OXRE_ECALLBACK) and propagates
   from it, in both forms; it never crosses the C frames.

   Thread safety: not synchronized; one thread at a time. Move-only. */
class stream {
public:
    stream() noexcept = default;
#if OXRE_HPP_EXCEPTIONS
    /* oxre_stream_new(); throws oxre::error (OXRE_ESIZE, OXRE_ENOMEM). */
    explicit stream(const regex &re, stream_flags f = stream_flags::none,
                    const stream_options &opts = default_stream_options())
        : s_(oxre_stream_new(re.get(), std::uint32_t(f), &opts))
    {
        if (!s_)
            throw error::last();
    }
#endif
    /* The non-throwing factory. */
    static std::optional<stream> make(const regex &re, stream_flags f, std::error_code &ec) noexcept
    {
        stream st;
        st.s_.reset(oxre_stream_new(re.get(), std::uint32_t(f), nullptr));
        if (!detail::ok(ec, st.s_ != nullptr))
            return std::nullopt;
        return std::optional<stream>(std::move(st));
    }
    const oxre_stream *get() const noexcept { return s_.get(); }
    explicit operator bool() const noexcept { return s_ != nullptr; }

    /* The next chunk (oxre_stream_feed(); not referred to afterwards):
       returns the number of matches reported. Failures: OXRE_EUTF8,
       OXRE_EHISTORY, OXRE_ENOMEM, OXRE_EINVAL (finished: reset() first). */
#if OXRE_HPP_EXCEPTIONS
    template <class F>
    std::size_t feed(std::string_view chunk, F &&on_match)
    {
        detail::thrower t;
        return call(chunk, &chunk, on_match, t);
    }
    /* The end of the input (oxre_stream_finish()): the pending matches. */
    template <class F>
    std::size_t finish(F &&on_match)
    {
        detail::thrower t;
        return call(std::string_view(), nullptr, on_match, t);
    }
#endif
    template <class F>
    std::size_t feed(std::string_view chunk, F &&on_match, std::error_code &ec)
    {
        return call(chunk, &chunk, on_match, ec);
    }
    template <class F>
    std::size_t finish(F &&on_match, std::error_code &ec)
    {
        return call(std::string_view(), nullptr, on_match, ec);
    }
    /* A new input, keeping the memory (oxre_stream_reset()). */
    void reset() noexcept { oxre_stream_reset(s_.get()); }
    /* The bytes fed since it was made or reset. */
    std::uint64_t offset() const noexcept { return oxre_stream_offset(s_.get()); }
    /* The memory it owns now (oxre_stream_memory()). */
    std::size_t memory() const noexcept { return oxre_stream_memory(s_.get()); }

private:
    struct deleter {
        void operator()(oxre_stream *p) const noexcept { oxre_stream_free(p); }
    };
    template <class F>
    struct ctx {
        explicit ctx(F &fn) noexcept : f(&fn) {}
        F *f;
#if OXRE_HPP_DETAIL_CAN_THROW
        std::exception_ptr thrown;
#endif
    };
    template <class F>
    static int trampoline(void *c, const oxre_stream_match *m) noexcept
    {
        auto *x = static_cast<ctx<F> *>(c);
#if OXRE_HPP_DETAIL_CAN_THROW
        try {
#endif
            const stream_match match(m);
            std::invoke(*x->f, match);
#if OXRE_HPP_DETAIL_CAN_THROW
        } catch (...) {
            x->thrown = std::current_exception();
            return 1;
        }
#endif
        return 0;
    }
    /* feed() when `chunk` is given, finish() when it is NULL. */
    template <class F, class E>
    std::size_t call(std::string_view data, const std::string_view *chunk, F &f, E &err)
    {
        static_assert(std::is_invocable_v<F &, const stream_match &>,
                      "a stream callable takes const oxre::stream_match&");
        ctx<F> x(f);
        int rc = chunk != nullptr ? oxre_stream_feed(s_.get(), detail::bytes(data), data.size(),
                                                     &trampoline<F>, &x)
                                  : oxre_stream_finish(s_.get(), &trampoline<F>, &x);
#if OXRE_HPP_DETAIL_CAN_THROW
        if (x.thrown)
            std::rethrow_exception(x.thrown);
#endif
        return detail::status(err, rc) < 0 ? 0 : std::size_t(rc);
    }
    std::unique_ptr<oxre_stream, deleter> s_;
};

#endif /* OXRE_STREAM_ENDS_ONLY */

} // namespace oxre

#endif /* OXRE_HPP */
