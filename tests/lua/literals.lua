-- literals.lua: the lexer: string escapes (\a..\v, \ddd, \xhh, \u{...},
-- \z, escaped newlines), long strings and long comments with levels and
-- newline normalisation, numerals (decimal, hex, hex floats, integers that
-- overflow into floats or wrap as hex), line counting with \r\n, and the
-- lexer's error messages.

local function cerr(src, msg)
  local f, e = load(src, "=c")
  assert(f == nil, "expected an error for: " .. src)
  assert(e == msg, e)
end
local function same(x, s) assert(tostring(x) == s, tostring(x) .. " ~= " .. s) end
local function eval(src) return assert(load("return " .. src, "=c"))() end

-- simple escapes
assert(#"\a\b\f\n\r\t\v\\\"\'" == 10)
assert("\65\066\0671" == "ABC1")
assert("\x41\x62\x7A" == "Abz")
assert("\x41" == "\65" and "\x0a" == "\n" and "\10" == "\n" and "\9" == "\t")
assert("\u{48}\u{49}" == "HI")
assert("\u{41}" == "A" and "\u{0000041}" == "A")
assert(#"\0\00\000" == 3 and "\0" ~= "" and "\0a" ~= "\0b")
assert("\z
        abc" == "abc")
assert("a\z  b" == "ab")
assert("a\
b" == "a\nb")
assert('\'' == "'" and "\"" == '"')
assert("\\n" ~= "\n" and #"\\n" == 2)
assert("\1\2\3" == "\x01\x02\x03")
assert("\255" == "\xff" and "\xFF" == "\xff")
assert("\0010" == "\1" .. "0")         -- at most three decimal digits

-- UTF-8 encodings of \u{} escapes
assert(#"\u{7F}" == 1 and #"\u{80}" == 2 and #"\u{7FF}" == 2)
assert(#"\u{800}" == 3 and #"\u{FFFF}" == 3 and #"\u{10000}" == 4)
assert(#"\u{10FFFF}" == 4 and #"\u{110000}" == 4 and #"\u{1FFFFF}" == 4)
assert(#"\u{200000}" == 5 and #"\u{3FFFFFF}" == 5 and #"\u{4000000}" == 6)
assert(#"\u{7FFFFFFF}" == 6)
assert("\u{E9}" == "\xC3\xA9")
assert("\u{20AC}" == "\xE2\x82\xAC")
assert("\u{1F600}" == "\xF0\x9F\x98\x80")

-- long strings
assert([[abc]] == "abc")
assert([==[
first line
]] ]=] ]==] == "first line\n]] ]=] ")
assert([[]] == "" and [[
]] == "")                              -- the first newline is skipped
assert(#[[

x]] == 2)
assert([=[a]]b]=] == "a]]b")
assert([[\n\t]] == "\\n\\t")           -- no escapes in long strings
-- newline sequences are normalised to \n inside long strings
assert(eval("[[a\r\nb]]") == "a\nb")
assert(eval("[[a\n\rb]]") == "a\nb")
assert(eval("[[a\r\rb]]") == "a\n\nb")
assert(eval("[[a\n\nb]]") == "a\n\nb")
assert(eval("'a\\\r\nb'") == "a\nb")

-- comments
local x = 1 --[[ a long
comment ]] + 1
assert(x == 2)
x = 1 --[==[ x ]] ]==] + 2
assert(x == 3)
-- a short comment --[[ does not start a long one
x = 4
assert(x == 4)
---[[ this is a short comment
x = 5
--]]
assert(x == 5)

-- numerals
same(3, "3")
same(3.0, "3.0")
same(3., "3.0")
same(.5, "0.5")
same(.5e1, "5.0")
same(5.e-1, "0.5")
same(1E2, "100.0")
same(1e-2, "0.01")
same(3e0, "3.0")
same(1e+2, "100.0")
same(0xa, "10")
same(0xA, "10")
same(0Xff, "255")
same(0x0.1p4, "1.0")
same(0X1P+2, "4.0")
same(0x.8p1, "1.0")
same(0xA.8p0, "10.5")
same(0x1p-2, "0.25")
same(0x10p2, "64.0")
same(0x.8, "0.5")
same(0x1p-1074, "4.94065645841247e-324")
same(1e309, "inf")
same(0x7FFFFFFFFFFFFFFF, "9223372036854775807")
same(0x8000000000000000, "-9223372036854775808")   -- hex integers wrap around
same(0xffffffffffffffff, "-1")
same(0xffffffffffffffffff, "-1")
same(0x123456789abcdef0123, "5001117282205630755")
same(9223372036854775807, "9223372036854775807")
same(9223372036854775808, "9.2233720368547758e+18") -- decimal ones become floats
same(18446744073709551616, "1.8446744073709552e+19")
same(-9223372036854775808, "-9.2233720368547758e+18") -- minus applies to a float
same(-9223372036854775807 - 1, "-9223372036854775808")
same(00012, "12")
same(08, "8")
same(0xep1, "28.0")                    -- a hex float: 0xe * 2^1
same(1e1, "10.0")

-- line counting: \n, \r, \r\n and \n\r each end one line
local function line_of_error(src)
  local ok, e = pcall(assert(load(src, "=c")))
  return e
end
assert(line_of_error("\r\n\r\nerror'x'") == "c:3: x")
assert(line_of_error("\n\r\n\rerror'x'") == "c:3: x")
assert(line_of_error("\r\rerror'x'") == "c:3: x")
assert(line_of_error("\n\nerror'x'") == "c:3: x")
assert(line_of_error("--[[\n\n]] error'x'") == "c:3: x")
assert(line_of_error("-- comment\nerror'x'") == "c:2: x")
assert(line_of_error("local s = 'a\\z\n\n   b' error(s)") == "c:3: ab")
assert(line_of_error("local s = [[\n\n\n]] error'x'") == "c:4: x")

-- lexer errors
cerr([[return "\q"]], [[c:1: invalid escape sequence near '"\q']])
cerr([[return "\x4"]], [[c:1: hexadecimal digit expected near '"\x4"']])
cerr([[return "\xg0"]], [[c:1: hexadecimal digit expected near '"\xg']])
cerr([[return "\256"]], [[c:1: decimal escape too large near '"\256"']])
cerr([[return "\9999"]], [[c:1: decimal escape too large near '"\9999']])
cerr([[return "\u{80000000}"]], [[c:1: UTF-8 value too large near '"\u{80000000']])
cerr([[return "\u{}"]], [[c:1: hexadecimal digit expected near '"\u{}']])
cerr([[return "\u41"]], [[c:1: missing '{' near '"\u4']])
cerr([[return "\u{41"]], [[c:1: missing '}' near '"\u{41"']])
cerr("return 'abc", "c:1: unfinished string near <eof>")
cerr("return 'abc\ndef'", "c:1: unfinished string near ''abc'")
cerr("x = 'abc\\", "c:1: unfinished string near <eof>")
cerr("return [[abc", "c:1: unfinished long string (starting at line 1) near <eof>")
cerr("\nreturn [==[abc]=]", "c:2: unfinished long string (starting at line 2) near <eof>")
cerr("x = [=", "c:1: invalid long string delimiter near '[='")
cerr("--[[ unfinished", "c:1: unfinished long comment (starting at line 1) near <eof>")
cerr("return 0x", "c:1: malformed number near '0x'")
cerr("return 1e", "c:1: malformed number near '1e'")
cerr("return 3..2", "c:1: malformed number near '3..2'")
cerr("return 1.2.3", "c:1: malformed number near '1.2.3'")
cerr("return 1x", "c:1: malformed number near '1x'")
cerr("x = 1 @", "c:1: unexpected symbol near '@'")
cerr("x = $", "c:1: unexpected symbol near '$'")
cerr("#!shebang\nreturn 1", "c:1: unexpected symbol near '#'")

print("OK literals")
