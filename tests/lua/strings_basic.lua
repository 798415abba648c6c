-- strings_basic.lua: string.len, sub, byte, char, rep, reverse, lower,
-- upper, dump, the method syntax on strings, and the arithmetic
-- metamethods of the string metatable (numeral coercion keeps the
-- integer/float subtype; failures name the operand types).

if not string then print("SKIP: needs the string library") return end

local maxi = 0x7fffffffffffffff
local mini = 0x8000000000000000   -- hexadecimal integers wrap around

local function eq(a, b)
  assert(a == b, tostring(a) .. " ~= " .. tostring(b))
end

-- the message of a failing call ends with 'msg'
local function err(msg, f, ...)
  local ok, e = pcall(f, ...)
  assert(not ok, "no error, expected " .. msg)
  assert(type(e) == "string" and e:sub(-#msg) == msg,
         "got '" .. tostring(e) .. "', expected '" .. msg .. "'")
end

local function list(...)
  local t = {n = select("#", ...), ...}
  local s = ""
  for i = 1, t.n do s = s .. (i > 1 and "," or "") .. tostring(t[i]) end
  return s
end

-- len
eq(string.len(""), 0)
eq(string.len("\0\0\0"), 3)
eq(#"abc", 3)
eq(string.len(123), 3)        -- numbers are strings here
err("bad argument #1 to 'string.len' (string expected, got no value)", string.len)
err("(string expected, got table)", string.len, {})

-- sub
eq(string.sub("hello", 2, 4), "ell")
eq(string.sub("hello", 2), "ello")
eq(string.sub("hello", -3), "llo")
eq(string.sub("hello", -3, -2), "ll")
eq(string.sub("hello", 0), "hello")
eq(string.sub("hello", 10), "")
eq(string.sub("hello", 3, 2), "")
eq(string.sub("hello", -100, 100), "hello")
eq(string.sub("hello", 2, -10), "")
eq(string.sub("hello", maxi), "")
eq(string.sub("hello", mini, maxi), "hello")
eq(string.sub("hello", 2.0, 3), "el")
eq(("hello"):sub(1, 1), "h")
err("number has no integer representation)", string.sub, "x", 1.5)
err("bad argument #2 to 'string.sub' (number expected, got no value)", string.sub, "x")

-- byte and char
eq(list(string.byte("abc")), "97")
eq(list(string.byte("abc", 1, -1)), "97,98,99")
eq(list(string.byte("abc", -1)), "99")
eq(list(string.byte("abc", 2, 10)), "98,99")
eq(select("#", string.byte("abc", 10)), 0)
eq(select("#", string.byte("abc", 3, 2)), 0)
eq(select("#", string.byte("")), 0)
eq(list(string.byte("\0\255")), "0")
eq(list(string.byte("\0\255", 1, 2)), "0,255")
eq(string.char(), "")
eq(string.char(72, 105, 0, 255), "Hi\0\255")
eq(string.char("65", 66.0), "AB")
err("bad argument #1 to 'string.char' (value out of range)", string.char, 256)
err("bad argument #2 to 'string.char' (value out of range)", string.char, 1, -1)
err("bad argument #1 to 'string.char' (number expected, got nil)", string.char, nil)
do
  local all = {}
  for i = 0, 255 do all[#all + 1] = string.char(i) end
  local s = ""
  for i = 1, #all do s = s .. all[i] end
  eq(#s, 256)
  for i = 0, 255 do eq(s:byte(i + 1), i) end
end

-- rep
eq(string.rep("ab", 3), "ababab")
eq(string.rep("ab", 3, ","), "ab,ab,ab")
eq(string.rep("ab", 1, ","), "ab")
eq(string.rep("ab", 0), "")
eq(string.rep("ab", -5, "x"), "")
eq(string.rep("", 5), "")
eq(string.rep("", 3, "-"), "--")
eq(string.rep("x", 3.0), "xxx")
eq(#string.rep("a", 10000, "bc"), 10000 + 9999 * 2)
err("resulting string too large", string.rep, "x", maxi)
err("resulting string too large", string.rep, "xx", maxi // 2 + 1)
err("number has no integer representation)", string.rep, "x", 1.5)

-- reverse, lower, upper (C locale: bytes >= 128 are unchanged)
eq(string.reverse(""), "")
eq(string.reverse("abc"), "cba")
eq(string.reverse("a\0b"), "b\0a")
eq(string.lower("HeLLo, World! 123"), "hello, world! 123")
eq(string.upper("HeLLo, World! 123"), "HELLO, WORLD! 123")
eq(string.lower("\200\255ABC"), "\200\255abc")
eq(string.upper("\200\255abc\0x"), "\200\255ABC\0X")

-- dump
do
  local function f(x, y) return x * 10 + y end
  local d = string.dump(f)
  eq(type(d), "string")
  eq(load(d, "d", "b")(4, 2), 42)
  eq(load(string.dump(f, true), "d", "b")(1, 2), 12)
  err("bad argument #1 to 'string.dump' (Lua function expected)", string.dump, print)
  err("bad argument #1 to 'string.dump' (Lua function expected)", string.dump, 1)
  -- upvalues are not kept, but the function still loads
  local up = 5
  local g = function() return up end
  eq(type(load(string.dump(g))), "function")
end

-- methods through the string metatable
do
  local mt = getmetatable("")
  eq(mt.__index, string)
  eq(("x"):rep(3), "xxx")
  eq(("%d"):format(7), "7")
  local s = "abc"
  eq(s:upper(), "ABC")
  eq(#s:rep(2), 6)
  eq(rawequal(getmetatable("a"), getmetatable("b")), true)
  -- no bitwise or concatenation metamethods
  eq(mt.__band, nil)
  eq(mt.__concat, nil)
  eq(mt.__unm ~= nil and mt.__idiv ~= nil, true)
end

-- arithmetic on numerals
local function same(x, s) eq(tostring(x), s) end
same("10" + 1, "11")
same("10" + "1", "11")
same(1 + "10", "11")
same("3.0" + 1, "4.0")
same("0x10" * 1, "16")
same(" 10 " + 0, "10")
same("1e1" + 0, "10.0")
same("7" % "4", "3")
same("2" ^ "3", "8.0")
same("10" / 2, "5.0")
same("7" // 2, "3")
same("7.5" // 2, "3.0")
same(-"3", "-3")
same(-"3.5", "-3.5")
same("10" - 1.5, "8.5")
same("0x7fffffffffffffff" + 1, "-9223372036854775808")

local function aerr(msg, f)
  local ok, e = pcall(f)
  assert(not ok and e:sub(-#msg) == msg, e)
end
aerr("attempt to add a 'string' with a 'number'", function() return "a" + 1 end)
aerr("attempt to add a 'number' with a 'string'", function() return 1 + "a" end)
aerr("attempt to sub a 'string' with a 'string'", function() return "1" - "x" end)
aerr("attempt to mul a 'string' with a 'table'", function() return "1" * {} end)
aerr("attempt to unm a 'string' with a 'string'", function() return -"x" end)
aerr("attempt to idiv a 'string' with a 'boolean'",
     function() return "1" // true end)
aerr("attempt to pow a 'string' with a 'nil'", function() return "1" ^ nil end)
-- bitwise operators never convert strings
aerr("attempt to perform bitwise operation on a string value (constant '10')",
     function() return "10" | 1 end)

-- the other operand's metamethod is used when the string is no numeral
do
  local mt = {__add = function(a, b) return "mt-add" end,
              __div = function(a, b) return "mt-div" end}
  local obj = setmetatable({}, mt)
  eq("1" + obj, "mt-add")
  eq("x" + obj, "mt-add")
  eq("x" / obj, "mt-div")
  eq(obj + "x", "mt-add")
end

-- comparisons and concatenation are not arithmetic
eq("10" < "9", true)
eq("a" .. 1 .. 2.0, "a12.0")

print("OK strings_basic")
