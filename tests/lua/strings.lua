-- strings.lua: string values in the core, without the string library:
-- concatenation (of strings and numbers, long chains, large results),
-- equality and ordering, length, embedded zeros, strings as table keys
-- (short and long), and immutability.

-- concatenation
assert("a" .. "b" == "ab")
assert("" .. "" == "")
assert("x" .. 1 == "x1" and 1 .. "x" == "1x")
assert(1.5 .. "" == "1.5" and -0.0 .. "" == "-0.0")
assert(2^63 .. "" == "9.2233720368547758e+18")
assert(10 // 1 .. "" == "10")
do
  local a, b, c = "p", "q", "r"
  assert(a .. b .. c == "pqr")
  local n = 42
  assert(a .. n .. b == "p42q")
end

-- building large strings
do
  local s = ""
  for i = 1, 1000 do s = s .. "x" end
  assert(#s == 1000)
  local t = s .. s .. s .. s
  assert(#t == 4000)
  local big = "ab"
  for i = 1, 20 do big = big .. big end
  assert(#big == 2 * 2^20)
  -- many operands in one expression
  local src = "return 'a'"
  for i = 1, 150 do src = src .. " .. 'b'" end
  assert(#load(src)() == 151)
end

-- equality: same contents means equal strings, short or long
do
  local s1 = "hello" .. " " .. "world"
  local s2 = "hello world"
  assert(s1 == s2 and rawequal(s1, s2))
  local long1, long2 = "", ""
  for i = 1, 100 do long1 = long1 .. i; long2 = long2 .. i end
  assert(long1 == long2 and rawequal(long1, long2))
  assert(long1 ~= long1 .. "x")
  assert("a\0b" ~= "a\0c" and "a\0b" == "a\0" .. "b")
end

-- ordering is by bytes, with embedded zeros
assert("a" < "b" and "A" < "a" and "" < "\0" and "\0" < "\1")
assert("a\0b" < "a\0c" and "a\0" > "a")
assert("abc" < "abd" and "abc" <= "abc" and "abcd" > "abc")
assert("Z" < "a" and "9" < "A" and "10" < "9")
assert("\xff" > "\x7f")
do
  local long1, long2 = "", ""
  for i = 1, 100 do long1 = long1 .. "a"; long2 = long2 .. "a" end
  long2 = long2 .. "b"
  assert(long1 < long2 and not (long2 < long1))
  assert(long1 .. "\0" < long1 .. "\1")
end

-- length counts bytes
assert(#"" == 0 and #"abc" == 3 and #"\0\0\0" == 3 and #"\u{20AC}" == 3)
do
  local s = "x"
  assert(#(s .. s) == 2)
end

-- strings as table keys
do
  local t = {}
  t["key"] = 1
  local k = "k" .. "ey"
  assert(t[k] == 1)
  local long = ""
  for i = 1, 60 do long = long .. "z" end
  t[long] = "long"
  local long2 = ""
  for i = 1, 60 do long2 = long2 .. "z" end
  assert(t[long2] == "long")
  t["1"] = "string one"
  t[1] = "number one"
  assert(t["1"] == "string one" and t[1] == "number one")
  t[""] = "empty"
  assert(t[""] == "empty")
  t["\0"] = "zero"
  assert(t["\0"] == "zero" and t[""] == "empty")
  -- many distinct keys
  local m = {}
  for i = 1, 5000 do m["key" .. i] = i end
  local n = 0
  for key, v in pairs(m) do n = n + 1; assert(m["key" .. v] == v) end
  assert(n == 5000)
end

-- strings are values: copies are independent of later changes to a variable
do
  local a = "abc"
  local b = a
  a = a .. "d"
  assert(b == "abc" and a == "abcd")
end

-- type and tostring
assert(type("") == "string" and tostring("x") == "x")

-- the string metatable is shared by all strings (its contents depend on
-- the string library, so only check that the two queries agree)
assert(getmetatable("a") == getmetatable("b"))

-- indexing a string without a string library metatable fails; with it,
-- fields come from the string table: only check that it is consistent
do
  local mt = getmetatable("")
  local ok, v = pcall(function() return ("abc").nosuchfield end)
  if mt and mt.__index then assert(ok and v == nil) else assert(not ok) end
end

print("OK strings")
