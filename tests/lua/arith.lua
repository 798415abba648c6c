-- arith.lua: integer and float arithmetic with Lua 5.5 semantics:
-- wrap-around integer overflow, floor division and modulo (signs, zero
-- divisors, infinities), float division, exponentiation, unary minus,
-- mixed integer/float operations and exact int/float comparisons.
-- Subtypes are checked through tostring ("3" vs "3.0"), not math.type.

local function str(x) return tostring(x) end
local function same(x, s) assert(tostring(x) == s, tostring(x) .. " ~= " .. s) end

local maxi = 9223372036854775807
local mini = -9223372036854775807 - 1

-- Values kept in locals that the compiler cannot fold.
local function id(...) return ... end
local zero, one, two, three, seven = id(0, 1, 2, 3, 7)
local fzero, fone = id(0.0, 1.0)

-- integer results stay integers
same(1 + 2, "3")
same(one + two, "3")
same(7 - 10, "-3")
same(6 * 7, "42")
same(7 // 2, "3")
same(-7 // 2, "-4")
same(7 // -2, "-4")
same(-7 // -2, "3")
same(7 % 3, "1")
same(-7 % 3, "2")
same(7 % -3, "-2")
same(-7 % -3, "-1")
same(0 * -1, "0")

-- '/' and '^' always give floats
same(10 / 2, "5.0")
same(1 / 2, "0.5")
same(2 ^ 2, "4.0")
same(2 ^ -1, "0.5")
same((-2) ^ 2, "4.0")
same(-2 ^ 2, "-4.0")                   -- ^ binds tighter than unary minus
same(2 ^ 0.5, "1.4142135623730951")
same(2 ^ 3 ^ 2, "512.0")               -- right associative

-- a float operand makes the result a float
same(1 + 2.0, "3.0")
same(3 - 5.0, "-2.0")
same(2 * 0.5, "1.0")
same(7.0 // 2, "3.0")
same(-7.5 // 2, "-4.0")
same(10.0 // 3, "3.0")
same(10 % 3.0, "1.0")
same(7.5 % 2, "1.5")
same(-7.5 % 2, "0.5")
same(7.5 % -2, "-0.5")
same(5.0 % -3, "-1.0")
same(5 // 0.5, "10.0")
same(1.5 // 0.5, "3.0")
same(5.3 % 1, "0.29999999999999982")
same(1e16 // 1, "1e+16")

-- wrap-around on integer overflow (run time and constant folding agree)
same(maxi + 1, "-9223372036854775808")
assert(maxi + one == mini)
assert(mini - one == maxi)
same(maxi * 2, "-2")
same(maxi + maxi, "-2")
same(mini * -1, "-9223372036854775808")
same(-mini, "-9223372036854775808")
local m = mini
same(-m, "-9223372036854775808")
same(m * -one, "-9223372036854775808")
same(mini // -1, "-9223372036854775808")
same(m // -one, "-9223372036854775808")
same(mini % -1, "0")
same(m % -one, "0")
same(maxi // -1, "-9223372036854775807")
same(mini // 1, "-9223372036854775808")
same(mini / -1, "9.2233720368547758e+18")
same(3 % mini, "-9223372036854775805")
same(-3 % mini, "-3")
same(mini % 3, "1")
same(mini % -3, "-2")
same(0x7fffffffffffffff * 0x7fffffffffffffff, "1")

-- integer division and modulo by zero
local function err(f, msg)
  local ok, e = pcall(f)
  assert(not ok and e == msg, e)
end
err(load("return 1 // 0", "=c"), "c:1: attempt to divide by zero")
err(load("local a = 0; return 1 // a", "=c"), "c:1: attempt to divide by zero")
err(load("return 1 % 0", "=c"), "c:1: attempt to perform 'n%0'")
err(load("local a, b = 5, 0; return a % b", "=c"), "c:1: attempt to perform 'n%0'")
err(load("return (... or 5) // 0", "=c"), "c:1: attempt to divide by zero")

-- float division and modulo by zero do not raise
same(3 / 0, "inf")
same(-3 / 0, "-inf")
same(one / zero, "inf")
same(5 // 0.0, "inf")
same(-5 // 0.0, "-inf")
same(3.0 // 0, "inf")
same(1 / fzero, "inf")
same(1 / -0.0, "-inf")
assert(0 / 0 ~= 0 / 0)                 -- NaN is not equal to itself
assert(0 // 0.0 ~= 0 // 0.0)
local nan = 0 / 0
assert(not (nan == nan) and nan ~= nan and not (nan < nan) and not (nan <= nan))
assert(not (nan < 1) and not (nan > 1) and not (1 <= nan))
assert(5 % 0.0 ~= 5 % 0.0)             -- NaN

-- modulo with infinities
same(5 % (1 / 0), "5.0")
same(-5 % (1 / 0), "inf")
same(5 % (-1 / 0), "-inf")
same(-5 % (-1 / 0), "-5.0")
same(-0.0 % 1, "-0.0")

-- overflow of floats
same(1e308 * 10, "inf")
same(-1e308 * 10, "-inf")
same(1e308 + 1e308, "inf")

-- negative zero
same(-0.0, "-0.0")
same(0.0, "0.0")
same(-(-0.0), "0.0")
same(0.0 * -1, "-0.0")
assert(0.0 == -0.0)
assert(1 / 0.0 == 1 / 0.0 and 1 / -0.0 < 0)

-- mixed comparisons are exact (no conversion to float)
assert(1 == 1.0)
assert(maxi ~= maxi + 0.0)             -- maxi + 0.0 is 2^63
assert(maxi < maxi + 0.0)
assert(mini == mini + 0.0)
assert(mini <= mini + 0.0)
assert(maxi + 0.0 > maxi)
assert(2^53 == 2^53 + 1)               -- float arithmetic
local i53 = 9007199254740992
assert(i53 + 1 ~= 2^53 and i53 + 1 > 2^53 and 2^53 < i53 + 1)
assert(i53 == 2^53)
assert(1 < 1.5 and -1 > -1.5 and 2 > 1.5 and -2 < -1.5)
assert(maxi < 1 / 0 and mini > -1 / 0)
assert(not (maxi < nan) and not (maxi >= nan) and maxi ~= nan)
same(maxi + 0.0, "9.2233720368547758e+18")
same(mini + 0.0, "-9.2233720368547758e+18")
assert(2^63 == maxi + 1.0)

-- integer results of float-valued operations
same(2^63 // 1, "9.2233720368547758e+18")
same(3 // 1, "3")
same(3.0 // 1, "3.0")

-- unary minus and precedence
same(- - 2, "2")
same(-(1 // 1), "-1")
same(2 + 3 * 4 ^ 2 / 8 - 1, "7.0")
same((2 + 3) * 4, "20")
same(-3 % 5, "2")                      -- unary minus before %
same(-2 ^ -2, "-0.25")
same(2 * -3, "-6")
same(1 - -1, "2")

-- large integer literals
same(9007199254740993, "9007199254740993")
same(123456789012 * 1000, "123456789012000")

-- arithmetic errors with non-numbers (no string coercion here)
err(load("local t = {}; return t + 1", "=c"), "c:1: attempt to perform arithmetic on a table value (local 't')")
err(load("return 1 + nil", "=c"), "c:1: attempt to perform arithmetic on a nil value")
err(load("return -{}", "=c"), "c:1: attempt to perform arithmetic on a table value")
err(load("return x * 2", "=c"), "c:1: attempt to perform arithmetic on a nil value (global 'x')")
err(load("local b = true; return 2 ^ b", "=c"), "c:1: attempt to perform arithmetic on a boolean value (local 'b')")
err(load("local t = {}; return t.f / 2", "=c"), "c:1: attempt to perform arithmetic on a nil value (field 'f')")

-- a long sum that must stay exact in integers
do
  local s = 0
  for i = 1, 100000 do s = s + i * i end
  same(s, "333338333350000")
  local f = 0.0
  for i = 1, 1000 do f = f + 0.1 end
  same(f, "99.9999999999986")
end

print("OK arith")
