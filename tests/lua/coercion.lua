-- coercion.lua: string -> number coercion in arithmetic, which Lua 5.5
-- implements through the string library's metamethods (so this file needs
-- the string library): results keep the integer/float subtype of the
-- numeral, bitwise operators and comparisons never coerce, and the error
-- messages come from the string metamethods. Number -> string coercion in
-- concatenation is core behaviour and is tested elsewhere too.

if not string then print("SKIP: needs the string library") return end

local function same(x, s) assert(tostring(x) == s, tostring(x) .. " ~= " .. s) end
local function err(src, msg)
  local ok, e = pcall(assert(load(src, "=c")))
  assert(not ok and e == "c:1: " .. msg, e)
end

same("10" + 1, "11")
same("3.0" + 1, "4.0")
same("0x10" * 1, "16")
same(" 10 " + 0, "10")
same(-"2", "-2")
same(-"2.0", "-2.0")
same("10" // "3", "3")
same("2" ^ 2, "4.0")
same("1e1" + 0, "10.0")
same("10" % "3", "1")
same("7" / "2", "3.5")
same("10" - 1.5, "8.5")
same("9223372036854775808" + 0, "9.2233720368547758e+18")
same("0x7fffffffffffffff" + 0, "9223372036854775807")
same("9223372036854775807" + 1, "-9223372036854775808")   -- integer wrap-around
same(10 .. "", "10")
same(1.5 .. "|", "1.5|")

-- strings are never equal to numbers
assert("10" ~= 10 and not ("1" == 1))

-- comparisons do not coerce
err("return '1' < 2", "attempt to compare string with number")
err("return 2 <= '3'", "attempt to compare number with string")
-- bitwise operators do not coerce
err("local s = '10' return s | 1", "attempt to perform bitwise operation on a string value (local 's')")
err("return ~'1'", "attempt to perform bitwise operation on a string value (constant '1')")
-- invalid numerals: errors raised by the string metamethods
err("return 'abc' + 1", "attempt to add a 'string' with a 'number'")
err("local s = 'abc' return s + 1", "attempt to add a 'string' with a 'number'")
err("local s = 'abc' return -s", "attempt to unm a 'string' with a 'string'")
err("return {} + '1'", "attempt to add a 'table' with a 'string'")
err("local t = {} return '1' + t", "attempt to add a 'string' with a 'table'")
err("return '10' * nil", "attempt to mul a 'string' with a 'nil'")

-- the string metatable provides the arithmetic events but no bitwise ones
do
  local mt = getmetatable("")
  assert(type(mt.__add) == "function" and type(mt.__idiv) == "function")
  assert(mt.__band == nil and mt.__shl == nil and mt.__bnot == nil)
  assert(mt.__index == string)
end

-- for loops convert numeric strings themselves (to floats)
do
  local s = ""
  for i = "1", 2 do s = s .. i .. " " end
  assert(s == "1.0 2.0 ")
end

print("OK coercion")
