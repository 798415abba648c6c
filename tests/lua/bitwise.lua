-- bitwise.lua: bitwise operators & | ~ << >> and unary ~ on integers and
-- floats with exact integer values, shift edge cases (negative and >= 64
-- counts, logical right shift), precedence, and the error messages for
-- non-integral floats and non-numbers (strings are never coerced).

local function same(x, s) assert(tostring(x) == s, tostring(x) .. " ~= " .. s) end
local function err(src, msg)
  local ok, e = pcall(assert(load(src, "=c")))
  assert(not ok and e == "c:1: " .. msg, e)
end

local function id(...) return ... end
local one, three, five = id(1, 3, 5)

same(0xF0 | 0x0F, "255")
same(0xF0 & 0x3C, "48")
same(5 ~ 3, "6")
same(~0, "-1")
same(~5, "-6")
same(~five, "-6")
same(five ~ three, "6")
same(0xff >> 4, "15")
same(1 << 62, "4611686018427387904")

-- shifts
same(1 << 63, "-9223372036854775808")
same(1 << 64, "0")
same(1 << 100, "0")
same(one << 64, "0")
same(1 << -1, "0")
same(3 >> -1, "6")                     -- negative count shifts the other way
same(three >> -1, "6")
same(-1 >> 1, "9223372036854775807")   -- logical shift, no sign extension
same(-1 >> 63, "1")
same(-1 >> 64, "0")
same(-1 << 1, "-2")
same((-9223372036854775807 - 1) >> 63, "1")
same(1 << 0, "1")
same(one >> 0, "1")

-- floats with an exact integer value are converted; results are integers
same(3.0 | 0, "3")
same(2^53 | 0, "9007199254740992")
same(-0.0 | 0, "0")
same(-2^63 | 0, "-9223372036854775808")
same(~1.0, "-2")
same(6.0 & 3.0, "2")
same(1.0 << 2, "4")

-- precedence, lowest first: comparison, |, ~, &, shift, .., + -
same(1 | 2 ~ 3 & 4, "3")               -- 1 | (2 ~ (3 & 4))
same(1 << 2 + 1, "8")                  -- 1 << (2 + 1)
same(2 & 3 << 1, "2")                  -- 2 & (3 << 1)
assert(1 | 2 < 4)                      -- (1 | 2) < 4
same(~~5, "5")
same(-~5, "6")
same(~-5, "4")

-- algebraic identities over a range of values
do
  local vals = {0, 1, -1, 2, 0x7fffffffffffffff, -0x7fffffffffffffff - 1, 0x5555, 12345678901}
  for _, a in ipairs(vals) do
    for _, b in ipairs(vals) do
      assert(a ~ b == (a | b) & ~(a & b))
      assert(~(a & b) == ~a | ~b)
      assert(a ~ b ~ b == a)
    end
    assert(a << 1 == a * 2)
    assert((a >> 1) == (a // 2) & 0x7fffffffffffffff or a < 0)
  end
end

-- errors
err("return 1.5 | 1", "number has no integer representation")
err("local x = 1.5 return x | 1", "number (local 'x') has no integer representation")
err("local x = 1.5 return ~x", "number (local 'x') has no integer representation")
err("return 2^63 | 0", "number has no integer representation")
err("return (1/0) | 0", "number has no integer representation")
err("return (0/0) | 0", "number has no integer representation")
err("return 1e100 // 1 | 0", "number has no integer representation")
err("local a = 2^63; return a >> 1", "number (local 'a') has no integer representation")
err("local t = {x = 1.5} return t.x | 1", "number (field 'x') has no integer representation")
err("local t = {x = 1.5} return 1 ~ t.x", "number (field 'x') has no integer representation")
err("local t = {} return t & 1", "attempt to perform bitwise operation on a table value (local 't')")
err("local t = {} return 1 & t.x", "attempt to perform bitwise operation on a nil value (field 'x')")
err("return ~{}", "attempt to perform bitwise operation on a table value")
err("local s = 'a' return s << 1", "attempt to perform bitwise operation on a string value (local 's')")
err("local s = '3' return s | 1", "attempt to perform bitwise operation on a string value (local 's')")
err("return x | 1", "attempt to perform bitwise operation on a nil value (global 'x')")
err("local b = true return b ~ 1", "attempt to perform bitwise operation on a boolean value (local 'b')")
err("local f = 2.5 return 1 << f", "number (local 'f') has no integer representation")

print("OK bitwise")
