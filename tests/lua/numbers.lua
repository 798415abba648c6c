-- numbers.lua: number <-> string conversion in the base library:
-- tostring/print/concat of floats with the 5.5 format (%.15g, then %.17g
-- when needed to read back exactly, ".0" on integral floats), integers,
-- infinities; tonumber on strings (decimal, hex, hex floats, whitespace,
-- invalid input, bases 2..36, wrapping hex integers) and its argument
-- errors; float/integer identity of table keys.

local function same(x, s) assert(tostring(x) == s, tostring(x) .. " ~= " .. s) end
local function perr(msg, f, ...)
  local ok, e = pcall(f, ...)
  assert(not ok and e == msg, e)
end

-- float formatting
same(1 / 3, "0.33333333333333331")
same(2 / 3, "0.66666666666666663")
same(0.1, "0.1")
same(0.2, "0.2")
same(0.1 + 0.2, "0.30000000000000004")
same(3.14159, "3.14159")
same(12.5, "12.5")
same(255 / 256, "0.99609375")
same(100.0, "100.0")
same(-100.0, "-100.0")
same(2^53, "9007199254740992.0")
same(2^53 + 1.0, "9007199254740992.0")
same(2^24, "16777216.0")
same(2^63, "9.2233720368547758e+18")
same(-2^63, "-9.2233720368547758e+18")
same(2^64, "1.8446744073709552e+19")
same(1e15, "1e+15")
same(1e16, "1e+16")
same(1e21, "1e+21")
same(1e100, "1e+100")
same(1e15 + 0.5, "1000000000000000.5")
same(123456789012345.0, "123456789012345.0")
same(1234567890123456.0, "1234567890123456.0")
same(12345678901234567.0, "12345678901234568.0")
same(1e14, "100000000000000.0")
same(1e-4, "0.0001")
same(1e-5, "1e-05")
same(1e-7, "1e-07")
same(123e-7, "1.23e-05")
same(0.000001, "1e-06")
same(1.7976931348623157e308, "1.7976931348623157e+308")
same(5e-324, "4.94065645841247e-324")
same(2^-1074, "4.94065645841247e-324")
same(1 / 0, "inf")
same(-1 / 0, "-inf")
same(1e300 * 1e10, "inf")
same(-0.0, "-0.0")
same(3.0, "3.0")
same(-7.0, "-7.0")
-- pi needs 17 digits to read back exactly
local pi = 3.141592653589793
same(pi, "3.1415926535897931")
same(-pi, "-3.1415926535897931")

-- integers
same(0, "0")
same(-1, "-1")
same(9223372036854775807, "9223372036854775807")
same(-9223372036854775807 - 1, "-9223372036854775808")
same(100000000000000, "100000000000000")

-- the same format in concatenation and print-like contexts
assert(1.5 .. "" == "1.5")
assert(10 .. "" == "10")
assert(1e100 .. "" == "1e+100")
assert(-0.0 .. "x" == "-0.0x")
assert(2^63 .. "" == "9.2233720368547758e+18")
assert(1 / 3 .. "" == "0.33333333333333331")
assert(1 .. 2 == "12")

-- round trips through tostring/tonumber
do
  local vals = {0.1, 1 / 3, pi, 2^53, 2^63, 1e-300, 5e-324, 1.7976931348623157e308,
                123.456, -0.5, 1e15 + 0.5, 2^-20, 7 / 9}
  for _, v in ipairs(vals) do
    assert(tonumber(tostring(v)) == v, tostring(v))
  end
  local x = 1.0
  for i = 1, 200 do
    x = x * 1.37 + 1 / i
    assert(tonumber(tostring(x)) == x)
  end
end

-- tonumber on strings
same(tonumber("10"), "10")
same(tonumber("  10  "), "10")
same(tonumber("10.0"), "10.0")
same(tonumber("0x10"), "16")
same(tonumber("0X10"), "16")
same(tonumber("0x1p4"), "16.0")
same(tonumber("1e1"), "10.0")
same(tonumber(" -0x10 "), "-16")
same(tonumber(".5"), "0.5")
same(tonumber("5."), "5.0")
same(tonumber("1e500"), "inf")
same(tonumber("-1e500"), "-inf")
same(tonumber("1e+2"), "100.0")
same(tonumber("1E-2"), "0.01")
same(tonumber("0X1P-1"), "0.5")
same(tonumber("0x.1"), "0.0625")
same(tonumber("0xA.8"), "10.5")
same(tonumber("\t\n\v\f\r 12 \t\n"), "12")
same(tonumber("0x1e"), "30")
same(tonumber("00012"), "12")
same(tonumber("0x7fffffffffffffff"), "9223372036854775807")
same(tonumber("0xffffffffffffffff"), "-1")
same(tonumber("0x1ffffffffffffffff"), "-1")
same(tonumber("9223372036854775807"), "9223372036854775807")
same(tonumber("9223372036854775808"), "9.2233720368547758e+18")
same(tonumber("-9223372036854775808"), "-9223372036854775808")
same(tonumber("-9223372036854775809"), "-9.2233720368547758e+18")
-- invalid strings give nil (fail)
for _, s in ipairs({"- 1", "1 2", "", " ", "0x", "1e", ".", "inf", "nan", "1\0",
                    "1e1.5", "1_000", "1a", "0x1g", "--1", "+-1", "1..2", "e1"}) do
  assert(tonumber(s) == nil, s)
end
same(tonumber("+1"), "1")
same(tonumber("+0x10"), "16")
-- non-strings
assert(tonumber(nil) == nil and tonumber({}) == nil and tonumber(true) == nil)
assert(tonumber(print) == nil)
same(tonumber(10), "10")
same(tonumber(1.5), "1.5")
perr("bad argument #1 to 'tonumber' (value expected)", tonumber)

-- tonumber with a base
same(tonumber("10", 2), "2")
same(tonumber("ff", 16), "255")
same(tonumber("FF", 16), "255")
same(tonumber("zz", 36), "1295")
same(tonumber("Z", 36), "35")
same(tonumber("7", 8), "7")
same(tonumber(" 11 ", 2), "3")
same(tonumber("-11", 2), "-3")
same(tonumber("  -7  ", 10), "-7")
same(tonumber("-0", 10), "0")
same(tonumber("7fffffffffffffff", 16), "9223372036854775807")
same(tonumber("ffffffffffffffff", 16), "-1")     -- wraps around
same(tonumber("10000000000000000", 16), "0")
same(tonumber("10", 16.0), "16")
same(tonumber("10", "16"), "16")                 -- the base is coerced
same(tonumber("1010", 2), "10")
same(tonumber("777", 8), "511")
same(tonumber("helloworld", 36), "1767707668033969")
assert(tonumber("8", 8) == nil)
assert(tonumber("1.0", 10) == nil)
assert(tonumber("", 10) == nil)
assert(tonumber("-", 10) == nil)
assert(tonumber("0x10", 16) == nil)
assert(tonumber("1a", 10) == nil)
assert(tonumber("2", 2) == nil)
assert(tonumber("1 1", 2) == nil)
perr("bad argument #2 to 'tonumber' (base out of range)", tonumber, "10", 1)
perr("bad argument #2 to 'tonumber' (base out of range)", tonumber, "10", 37)
perr("bad argument #1 to 'tonumber' (string expected, got number)", tonumber, 10, 10)
perr("bad argument #1 to 'tonumber' (string expected, got table)", tonumber, {}, 10)
perr("bad argument #2 to 'tonumber' (number has no integer representation)", tonumber, "10", 10.5)
do
  for base = 2, 36 do
    -- "10" in every base is the base itself
    assert(tonumber("10", base) == base)
  end
end

-- float keys with integral values are normalised to integers
do
  local t = {}
  t[1.0] = "a"
  t[2] = "b"
  assert(t[1] == "a" and t[2.0] == "b")
  assert(#t == 2)
  t[2^53] = "big"
  assert(t[9007199254740992] == "big")
  local k = next({[3.0] = true})
  same(k, "3")
  t[1.5] = "f"
  assert(t[1.5] == "f")
  local ok, e = pcall(load("local t = {} t[0/0] = 1", "=c"))
  assert(not ok and e == "c:1: table index is NaN", e)
end

-- int/float equality for table keys and comparisons
assert(({[1] = "x"})[1.0] == "x")
assert(({[-0.0] = "z"})[0] == "z")

print("OK numbers")
