-- robust_syntax.lua: malformed source gets the reference interpreter's
-- error message, word for word: unfinished strings and comments, bad
-- escape sequences, malformed numbers, invalid characters (including NUL
-- and bytes >= 127), misplaced keywords and punctuation, goto/label and
-- attribute mistakes; chunk names in every form ("=name", "@file",
-- [string "..."] with truncation); and the state keeps working after each.
-- Loads run inside pcall so no message handler adds a traceback.  Uses
-- only the base library.

-- { source, expected message } or { source } for source that must load.
local cases = {
  {"x = \"abc", "s:1: unfinished string near <eof>"},
  {"x = 'abc\n'", "s:1: unfinished string near ''abc'"},
  {"x = \"abc\\", "s:1: unfinished string near <eof>"},
  {"x = [[abc", "s:1: unfinished long string (starting at line 1) near <eof>"},
  {"x = [==[abc]=]", "s:1: unfinished long string (starting at line 1) near <eof>"},
  {"--[[ unfinished", "s:1: unfinished long comment (starting at line 1) near <eof>"},
  {"x = [=", "s:1: invalid long string delimiter near '[='"},
  {"x = [==x", "s:1: invalid long string delimiter near '[=='"},
  {"x = \"\\q\"", "s:1: invalid escape sequence near '\"\\q'"},
  {"x = \"\\x1\"", "s:1: hexadecimal digit expected near '\"\\x1\"'"},
  {"x = \"\\xzz\"", "s:1: hexadecimal digit expected near '\"\\xz'"},
  {"x = \"\\x\"", "s:1: hexadecimal digit expected near '\"\\x\"'"},
  {"x = \"\\u{110000000}\"", "s:1: UTF-8 value too large near '\"\\u{110000000'"},
  {"x = \"\\u{80000000}\"", "s:1: UTF-8 value too large near '\"\\u{80000000'"},
  {"x = \"\\u{7FFFFFFF}\""},
  {"x = \"\\u{zz}\"", "s:1: hexadecimal digit expected near '\"\\u{z'"},
  {"x = \"\\u123\"", "s:1: missing '{' near '\"\\u1'"},
  {"x = \"\\u{12\"", "s:1: missing '}' near '\"\\u{12\"'"},
  {"x = \"\\u{}\"", "s:1: hexadecimal digit expected near '\"\\u{}'"},
  {"x = \"\\999\"", "s:1: decimal escape too large near '\"\\999\"'"},
  {"x = \"\\256\"", "s:1: decimal escape too large near '\"\\256\"'"},
  {"x = \"\\255\""},
  {"x = \"\\z   \n  \""},
  {"x = \"a\\\nb\""},
  {"x = \"\\", "s:1: unfinished string near <eof>"},
  {"x = 1 @ 2", "s:1: unexpected symbol near '@'"},
  {"x = $", "s:1: unexpected symbol near '$'"},
  {"x = 3e", "s:1: malformed number near '3e'"},
  {"x = 0x", "s:1: malformed number near '0x'"},
  {"x = 1..2", "s:1: malformed number near '1..2'"},
  {"x = 0xep1"},
  {"x = 3.4.5", "s:1: malformed number near '3.4.5'"},
  {"x = 08"},
  {"a = 1e+", "s:1: malformed number near '1e+'"},
  {"x = 0x1p", "s:1: malformed number near '0x1p'"},
  {"x = 1e309"},
  {"x = .5"},
  {"x = 5."},
  {"x = 0x.p1", "s:1: malformed number near '0x.p1'"},
  {"x = 0x1P-2"},
  {"x = 12abc", "s:1: malformed number near '12abc'"},
  {"x = 0b101", "s:1: malformed number near '0b101'"},
  {"x = 'a' 'b'", "s:1: unexpected symbol near ''b''"},
  {"goto nowhere", "s:1: no visible label 'nowhere' for <goto> at line 1"},
  {"::a:: ::a::", "s:1: label 'a' already defined on line 1"},
  {"break", "s:1: break outside loop near 'break'"},
  {"local x <foo> = 1", "s:1: unknown attribute 'foo'"},
  {"local x <const> = 1; x = 2", "s:1: attempt to assign to const variable 'x'"},
  {"local x <close>, y <close> = 1, 2", "s:1: multiple to-be-closed variables in local list"},
  {"return return", "s:1: unexpected symbol near 'return'"},
  {"f(", "s:1: unexpected symbol near <eof>"},
  {"a.b:c = 1", "s:1: function arguments expected near '='"},
  {"x = }", "s:1: unexpected symbol near '}'"},
  {"for i = 1 do end", "s:1: ',' expected near 'do'"},
  {"for a, b = 1, 2 do end", "s:1: 'in' expected near '='"},
  {"function a:b:c() end", "s:1: '(' expected near ':'"},
  {"function f() return ... end", "s:1: cannot use '...' outside a vararg function near '...'"},
  {"local function f() end = 1", "s:1: unexpected symbol near '='"},
  {"(a) = 1", "s:1: syntax error near '='"},
  {"a + 1 = 2", "s:1: syntax error near '+'"},
  {"x = {1, 2,, 3}", "s:1: unexpected symbol near ','"},
  {"if x then else elseif y then end", "s:1: 'end' expected near 'elseif'"},
  {"until x", "s:1: <eof> expected near 'until'"},
  {"x = ", "s:1: unexpected symbol near <eof>"},
  {"local", "s:1: <name> expected near <eof>"},
  {"local function", "s:1: <name> expected near <eof>"},
  {"function", "s:1: <name> expected near <eof>"},
  {"return 1,", "s:1: unexpected symbol near <eof>"},
  {"x = \0", "s:1: unexpected symbol"},
  {"\0", "s:1: unexpected symbol"},
  {"x = 1\0", "s:1: unexpected symbol"},
  {"x = \1", "s:1: unexpected symbol near '<\\1>'"},
  {"x = '\0'"},
  {"x = \127", "s:1: unexpected symbol near '<\\127>'"},
  {"x = \255", "s:1: unexpected symbol near '<\\255>'"},
  {"@", "s:1: unexpected symbol near '@'"},
  {"#!", "s:1: unexpected symbol near '#'"},
  {"x = #", "s:1: unexpected symbol near <eof>"},
  {"a.b.c", "s:1: syntax error near <eof>"},
  {"a:b", "s:1: function arguments expected near <eof>"},
  {"a:b.c()", "s:1: function arguments expected near '.'"},
  {"f() = 1", "s:1: syntax error near '='"},
  {"x, = 1", "s:1: unexpected symbol near '='"},
  {"local a, = 1", "s:1: <name> expected near '='"},
  {"do end end", "s:1: <eof> expected near 'end'"},
  {"while true do", "s:1: 'end' expected near <eof>"},
  {"repeat", "s:1: 'until' expected near <eof>"},
  {"if x then", "s:1: 'end' expected near <eof>"},
  {"for k in pairs(t) do", "s:1: 'end' expected near <eof>"},
  {"function f(a,) end", "s:1: <name> or '...' expected near ')'"},
  {"function f(..., a) end", "s:1: ')' expected near ','"},
  {"function f(a b) end", "s:1: ')' expected near 'b'"},
  {"local t = {[1] 2}", "s:1: '=' expected near '2'"},
  {"x = function", "s:1: '(' expected near <eof>"},
  {"x = 1 + + 2", "s:1: unexpected symbol near '+'"},
  {"x = not", "s:1: unexpected symbol near <eof>"},
  {"::", "s:1: <name> expected near <eof>"},
  {"::a", "s:1: '::' expected near <eof>"},
  {"goto", "s:1: <name> expected near <eof>"},
  {"goto 1", "s:1: <name> expected near '1'"},
  {"local 1 = 2", "s:1: <name> expected near '1'"},
  {"local x <const>"},
  {"local x <", "s:1: <name> expected near <eof>"},
  {"local x <const", "s:1: '>' expected near <eof>"},
  {"x = y <const>", "s:1: unexpected symbol near <eof>"},
  {"global x = 1"},
  {"global function f() end"},
  {"global <const> x"},
  {"global *"},
  {"local function f() global x; y = 1 end", "s:1: variable 'y' not declared"},
}

for i, c in ipairs(cases) do
  local ok, f, e = pcall(load, c[1], "=s")
  assert(ok, "case " .. i .. ": load raised " .. tostring(f))
  if c[2] == nil then
    assert(f, "case " .. i .. ": " .. tostring(e))
  else
    assert(f == nil, "case " .. i .. ": expected a syntax error")
    assert(e == c[2], "case " .. i .. ": got '" .. tostring(e) .. "'")
  end
  assert(load("return 1 + 1")() == 2)
end

-- chunk names: the default [string "..."] form, with truncation at the
-- first newline and at LUA_IDSIZE; "@file" and "=name", truncated too
local function msg(src, name)
  local ok, f, e = pcall(load, src, name)
  assert(ok and f == nil)
  return e
end
assert(msg("x = = 1") == [[[string "x = = 1"]:1: unexpected symbol near '=']])
assert(msg("local a\nlocal b\nx = = 1") ==
       [[[string "local a..."]:3: unexpected symbol near '=']])
assert(msg("--[==[ long comment that goes on and on and on and on and on and on"
           .. " and on and on\n]==] x = = 1") ==
       [[[string "--[==[ long comment that goes on and on and o..."]:2: unexpected symbol near '=']])
assert(msg("\n\n\n x = = 1") == [[[string "..."]:4: unexpected symbol near '=']])
assert(msg("x = ", "@file.lua") == "file.lua:1: unexpected symbol near <eof>")
assert(msg("x = ", "=a very long chunk name that is longer than the sixty"
           .. " characters of LUA_IDSIZE surely") ==
       "a very long chunk name that is longer than the sixty charac:1: "
       .. "unexpected symbol near <eof>")
assert(msg("x = ", "@a/very/long/path/name/that/is/longer/than/the/sixty/"
           .. "characters/of/LUA_IDSIZE/surely.lua") ==
       "...onger/than/the/sixty/characters/of/LUA_IDSIZE/surely.lua:1: "
       .. "unexpected symbol near <eof>")
assert(msg("x = ", "a very long source string that is longer than the sixty"
           .. " characters of LUA_IDSIZE surely") ==
       [[[string "a very long source string that is longer than..."]:1: ]]
       .. "unexpected symbol near <eof>")

-- the line number of an error after 200000 lines, and in a long string
-- (200000 newlines, built by doubling: no string library here)
local nl, p, k = "", "\n", 200000
while k > 0 do
  if k % 2 == 1 then nl = nl .. p end
  p = p .. p
  k = k // 2
end
assert(#nl == 200000)
assert(msg(nl .. "return +", "=s") == "s:200001: unexpected symbol near '+'")
assert(msg("x = [[" .. nl .. "]] return +", "=s") ==
       "s:200001: unexpected symbol near '+'")
assert(msg("x = [[" .. nl, "=s") ==
       "s:200001: unfinished long string (starting at line 1) near <eof>")

collectgarbage()
print("OK robust_syntax")
