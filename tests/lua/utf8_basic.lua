-- utf8 library: char, charpattern, codes, codepoint, len and offset (with
-- 5.5's two results), strict and lax decoding, and argument errors.

local function check_error (expected, f, ...)
  local ok, msg = pcall(f, ...)
  assert(not ok, "expected an error: " .. expected)
  assert(msg == expected, "got: " .. tostring(msg))
end

-- errors raised from inside a for loop carry a position prefix that
-- depends on the chunk name: check only the end (when string exists)
local function check_suffix (suffix, f, ...)
  local ok, msg = pcall(f, ...)
  assert(not ok, "expected an error: " .. suffix)
  if string then
    assert(msg:sub(-#suffix) == suffix, "got: " .. tostring(msg))
  end
end

local function list (...)
  return {n = select("#", ...), ...}
end

-- 't' lists the expected results; t.n overrides #t when they hold nils
local function same (t, ...)
  local r = list(...)
  local n = t.n or #t
  assert(r.n == n, "count " .. r.n .. " vs " .. n)
  for i = 1, n do
    assert(r[i] == t[i], "index " .. i .. ": " .. tostring(r[i]))
  end
end

-- charpattern: unchanged from 5.4, contains a NUL byte
assert(utf8.charpattern == "[\0-\x7F\xC2-\xFD][\x80-\xBF]*")
assert(#utf8.charpattern == 14)

-- char
assert(utf8.char() == "")
assert(utf8.char(72, 105) == "Hi")
assert(utf8.char(0x41, 0x20AC) == "A\xE2\x82\xAC")
assert(utf8.char(0) == "\0")
assert(utf8.char(0x7F, 0x80, 0x7FF, 0x800) ==
       "\x7F\xC2\x80\xDF\xBF\xE0\xA0\x80")
assert(utf8.char(0xFFFF, 0x10000) == "\xEF\xBF\xBF\xF0\x90\x80\x80")
assert(utf8.char(0x10FFFF) == "\xF4\x8F\xBF\xBF")
-- beyond Unicode: the original 5- and 6-byte forms
assert(utf8.char(0x200000) == "\xF8\x88\x80\x80\x80")
assert(utf8.char(0x7FFFFFFF) == "\xFD\xBF\xBF\xBF\xBF\xBF")
assert(utf8.char(0xD800) == "\xED\xA0\x80")    -- surrogates are encoded
assert(utf8.char(0x41.0) == "A")
check_error("bad argument #1 to 'utf8.char' (value out of range)",
            utf8.char, -1)
check_error("bad argument #2 to 'utf8.char' (value out of range)",
            utf8.char, 65, 0x80000000)
check_error("bad argument #2 to 'utf8.char' (number expected, got string)",
            utf8.char, 1, "x")
check_error("bad argument #1 to 'utf8.char' " ..
            "(number has no integer representation)",
            utf8.char, 1.5)

-- char and codepoint round-trip through the code point ranges
for _, c in ipairs{0, 1, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFF,
                   0x10000, 0x10FFFF} do
  assert(utf8.codepoint(utf8.char(c)) == c)
  assert(utf8.len(utf8.char(c)) == 1)
end
for _, c in ipairs{0xD800, 0xDFFF, 0x110000, 0x200000, 0x3FFFFFF,
                   0x4000000, 0x7FFFFFFF} do
  local s = utf8.char(c)
  assert(utf8.codepoint(s, 1, 1, true) == c)
  assert(utf8.len(s, 1, -1, true) == 1)
  check_error("invalid UTF-8 code", utf8.codepoint, s)
  same({n = 2, nil, 1}, utf8.len(s))
end

-- len
assert(utf8.len("") == 0 and utf8.len("abc") == 3)
assert(utf8.len("h\u{E9}llo") == 5)
assert(utf8.len("\u{20AC}\u{10348}") == 2)
assert(utf8.len("abc", 4) == 0 and utf8.len("", 1) == 0)
assert(utf8.len("abc", -1) == 1 and utf8.len("abc", 2, 1) == 0)
assert(utf8.len("abc", 2, 2) == 1 and utf8.len("abc", -2, -1) == 2)
assert(utf8.len("a\u{E9}", 1, 2) == 2)   -- characters starting in [i, j]
same({n = 2, nil, 2}, utf8.len("a\x80", 2))
same({n = 2, nil, 2}, utf8.len("a\xFFb"))
same({n = 2, nil, 1}, utf8.len("\xF4\x90\x80\x80"))   -- above U+10FFFF
same({n = 2, nil, 1}, utf8.len("\xED\xA0\x80"))       -- a surrogate
same({n = 2, nil, 1}, utf8.len("\xC0\x80"))           -- overlong NUL
-- overlong even in lax mode
same({n = 2, nil, 1}, utf8.len("\xC0\x80", 1, -1, true))
same({n = 2, nil, 1}, utf8.len("\xE0\x80\x80", 1, -1, true))
same({n = 2, nil, 1}, utf8.len("\xFE"))
same({n = 2, nil, 1}, utf8.len("\xFE", 1, -1, true))
same({n = 2, nil, 3}, utf8.len("ab\xE2\x82"))        -- truncated sequence
same({1}, utf8.len("\xF4\x90\x80\x80", 1, -1, true))
check_error("bad argument #3 to 'utf8.len' (final position out of bounds)",
            utf8.len, "abc", 1, 4)
check_error("bad argument #2 to 'utf8.len' (initial position out of bounds)",
            utf8.len, "abc", 5)
check_error("bad argument #2 to 'utf8.len' (initial position out of bounds)",
            utf8.len, "abc", 0)
check_error("bad argument #2 to 'utf8.len' (initial position out of bounds)",
            utf8.len, "abc", -5)
check_error("bad argument #1 to 'utf8.len' (string expected, got no value)",
            utf8.len)
assert(utf8.len(12345) == 5)   -- numbers are strings here

-- codepoint
same({104, 233, 108, 108, 111}, utf8.codepoint("h\u{E9}llo", 1, -1))
same({104}, utf8.codepoint("h\u{E9}llo"))
same({233}, utf8.codepoint("h\u{E9}llo", 2))
same({}, utf8.codepoint("abc", 4, 3))
same({}, utf8.codepoint("", 1, 0))
same({8364}, utf8.codepoint("a\u{20AC}", -3))
-- the last character may extend past j
same({97, 8364}, utf8.codepoint("a\u{20AC}", 1, 2))
check_error("bad argument #2 to 'utf8.codepoint' (out of bounds)",
            utf8.codepoint, "abc", 0)
check_error("bad argument #3 to 'utf8.codepoint' (out of bounds)",
            utf8.codepoint, "abc", 1, 4)
check_error("bad argument #3 to 'utf8.codepoint' (out of bounds)",
            utf8.codepoint, "abc", 4)
check_error("invalid UTF-8 code", utf8.codepoint, "\xFF")
check_error("invalid UTF-8 code", utf8.codepoint, "a\u{20AC}", 3)  -- mid-char
check_error("invalid UTF-8 code", utf8.codepoint, "\xED\xA0\x80")
same({0xD800}, utf8.codepoint("\xED\xA0\x80", 1, 1, true))

-- offset: two results in 5.5, the first and the last byte
local s = "a\u{20AC}b"    -- bytes: a | E2 82 AC | b
same({1, 1}, utf8.offset(s, 1))
same({2, 4}, utf8.offset(s, 2))
same({5, 5}, utf8.offset(s, 3))
same({6, 6}, utf8.offset(s, 4))   -- just past the end
same({n = 1, nil}, utf8.offset(s, 5))
same({5, 5}, utf8.offset(s, -1))
same({2, 4}, utf8.offset(s, -2))
same({1, 1}, utf8.offset(s, -3))
same({n = 1, nil}, utf8.offset(s, -4))
same({2, 4}, utf8.offset(s, 0, 3))   -- the character containing byte 3
same({2, 4}, utf8.offset(s, 0, 4))
same({5, 5}, utf8.offset(s, 0, 5))
same({6, 6}, utf8.offset(s, 0, 6))
same({2, 4}, utf8.offset(s, 1, 2))
same({5, 5}, utf8.offset(s, 2, 2))
same({1, 1}, utf8.offset(s, -1, 2))
same({2, 4}, utf8.offset(s, -1, -1))
same({1, 1}, utf8.offset("", 1))
same({n = 1, nil}, utf8.offset("", -1))
same({1, 1}, utf8.offset("", 0))
same({2, 3}, utf8.offset("a\u{E9}", 2))
same({4, 4}, utf8.offset("a\u{E9}", 3))
check_error("initial position is a continuation byte", utf8.offset, s, 1, 3)
check_error("initial position is a continuation byte", utf8.offset, s, -1, 4)
check_error("initial position is a continuation byte",
            utf8.offset, "\x80", 1)
-- n == 0 on a string starting with a stray continuation byte
check_error("initial position is a continuation byte",
            utf8.offset, "\x80\x80", 0, 2)
check_error("bad argument #3 to 'utf8.offset' (position out of bounds)",
            utf8.offset, "abc", 1, 5)
check_error("bad argument #3 to 'utf8.offset' (position out of bounds)",
            utf8.offset, "abc", 1, 0)
check_error("bad argument #2 to 'utf8.offset' (number expected, got no value)",
            utf8.offset, "abc")

-- codes
do
  local got = {}
  for p, c in utf8.codes("a\u{E9}\u{20AC}\u{10348}") do
    got[#got + 1] = p
    got[#got + 1] = c
  end
  assert(#got == 8)
  same({1, 97, 2, 233, 4, 8364, 7, 0x10348},
       got[1], got[2], got[3], got[4], got[5], got[6], got[7], got[8])
  local n = 0
  for _ in utf8.codes("") do n = n + 1 end
  assert(n == 0)
  -- lax mode accepts what strict mode rejects
  got = {}
  for p, c in utf8.codes("\u{7FFFFFFF}x\xED\xA0\x80", true) do
    got[#got + 1] = p
    got[#got + 1] = c
  end
  same({1, 0x7FFFFFFF, 7, 120, 8, 0xD800},
       got[1], got[2], got[3], got[4], got[5], got[6])
  -- the iterator triple
  local f, str, ctl = utf8.codes("xy")
  assert(type(f) == "function" and str == "xy" and ctl == 0)
  same({1, 120}, f(str, ctl))
  same({2, 121}, f(str, 1))
  same({}, f(str, 2))
end
local function walk (str, lax)
  for _ in utf8.codes(str, lax) do end
end
check_suffix("invalid UTF-8 code", walk, "ab\xC3")
-- a stray continuation byte after a character
check_suffix("invalid UTF-8 code", walk, "a\xC3\xA9\xA9")
check_suffix("invalid UTF-8 code", walk, "\u{7FFFFFFF}x")
check_suffix("invalid UTF-8 code", walk, "\xED\xA0\x80")
check_suffix("invalid UTF-8 code", walk, "\xC0\x80", true)
check_error("bad argument #1 to 'utf8.codes' (invalid UTF-8 code)",
            utf8.codes, "\x80")
check_error("bad argument #1 to 'utf8.codes' (string expected, got table)",
            utf8.codes, {})

-- with the string library: charpattern matches one character at a time
if string then
  local chars = {}
  for c in string.gmatch("a\u{E9}\u{20AC}", utf8.charpattern) do
    chars[#chars + 1] = c
  end
  assert(#chars == 3 and chars[2] == "\u{E9}" and chars[3] == "\u{20AC}")
end

print("OK utf8_basic")
