-- math library (everything but random): results, integer/float subtypes,
-- special values and argument errors.

local function check_error (expected, f, ...)
  local ok, msg = pcall(f, ...)
  assert(not ok, "expected an error: " .. expected)
  assert(msg == expected, "got: " .. tostring(msg))
end

-- same value and same subtype
local function eqT (a, b)
  return a == b and math.type(a) == math.type(b)
end

local function isnan (x) return x ~= x end
local function isneg0 (x) return x == 0 and 1 / x < 0 end

local maxI, minI = math.maxinteger, math.mininteger
local inf = math.huge

-- constants
assert(maxI == 0x7fffffffffffffff and minI == 1 << 63)
assert(math.type(maxI) == "integer" and minI - 1 == maxI)
assert(inf > 1e308 and -inf < -1e308 and math.type(inf) == "float")
assert(math.pi > 3.14159265358979 and math.pi < 3.1415926535898)
assert(eqT(math.pi, 3.141592653589793))

-- type, tointeger, ult
assert(math.type(1) == "integer" and math.type(1.0) == "float")
assert(math.type("1") == nil and math.type({}) == nil and math.type(nil) == nil)
check_error("bad argument #1 to 'math.type' (value expected)", math.type)
assert(eqT(math.tointeger(3.0), 3) and eqT(math.tointeger(-0.0), 0))
assert(eqT(math.tointeger(2^53), 1 << 53))
assert(eqT(math.tointeger(minI + 0.0), minI))
assert(math.tointeger(3.5) == nil and math.tointeger(2^63) == nil)
assert(math.tointeger(0/0) == nil and math.tointeger(inf) == nil)
assert(math.tointeger(true) == nil and math.tointeger({}) == nil)
-- strings convertible to integers are accepted (lua_tointegerx)
assert(eqT(math.tointeger("10"), 10) and eqT(math.tointeger("8.0"), 8))
assert(eqT(math.tointeger("0x10"), 16) and math.tointeger("x") == nil)
check_error("bad argument #1 to 'math.tointeger' (value expected)",
            math.tointeger)
assert(math.ult(1, 2) and not math.ult(2, 1) and not math.ult(3, 3))
assert(math.ult(1, -1) and not math.ult(-1, 1) and math.ult(maxI, minI))
assert(math.ult(2.0, 3))
check_error("bad argument #1 to 'math.ult' " ..
            "(number has no integer representation)",
            math.ult, 1.5, 2)
check_error("bad argument #2 to 'math.ult' (number expected, got no value)",
            math.ult, 1)

-- abs
assert(eqT(math.abs(-3), 3) and eqT(math.abs(3), 3))
assert(eqT(math.abs(-3.5), 3.5))
assert(eqT(math.abs(minI), minI))   -- wraps around, as integer negation does
assert(eqT(math.abs(-0.0), 0.0) and not isneg0(math.abs(-0.0)))
assert(eqT(math.abs(-inf), inf))
assert(eqT(math.abs("-3"), 3.0))    -- a string is converted to a float
check_error("bad argument #1 to 'math.abs' (number expected, got string)",
            math.abs, "x")
check_error("bad argument #1 to 'math.abs' (number expected, got no value)",
            math.abs)

-- floor and ceil: integers when the result fits
assert(eqT(math.floor(3.7), 3) and eqT(math.floor(-3.5), -4))
assert(eqT(math.ceil(3.2), 4) and eqT(math.ceil(-3.5), -3))
assert(eqT(math.floor(5), 5) and eqT(math.ceil(-5), -5))
assert(eqT(math.floor(maxI), maxI) and eqT(math.ceil(minI), minI))
assert(eqT(math.floor(minI + 0.0), minI) and eqT(math.ceil(-2^63), minI))
assert(eqT(math.ceil(2^62 + 0.0), 1 << 62))
assert(eqT(math.floor(2^63), 2^63) and eqT(math.ceil(1e308), 1e308))
assert(eqT(math.floor(-inf), -inf) and eqT(math.ceil(inf), inf))
assert(isnan(math.floor(0/0)) and isnan(math.ceil(0/0)))
assert(eqT(math.floor(-0.0), 0) and eqT(math.ceil(-0.5), 0))
assert(eqT(math.floor("3.5"), 3))
check_error("bad argument #1 to 'math.floor' (number expected, got table)",
            math.floor, {})
check_error("bad argument #1 to 'math.ceil' (number expected, got no value)",
            math.ceil)

-- fmod
assert(eqT(math.fmod(7, 3), 1) and eqT(math.fmod(-7, 3), -1))
assert(eqT(math.fmod(7, -3), 1) and eqT(math.fmod(-6, 4), -2))
assert(eqT(math.fmod(minI, -1), 0) and eqT(math.fmod(minI, minI), 0))
assert(eqT(math.fmod(5, minI), 5) and eqT(math.fmod(maxI, -1), 0))
assert(eqT(math.fmod(7.5, 2), 1.5) and eqT(math.fmod(-7.5, 2), -1.5))
assert(eqT(math.fmod(-6, 4.0), -2.0) and eqT(math.fmod(1, inf), 1.0))
assert(isnan(math.fmod(1, 0.0)) and isnan(math.fmod(inf, 1)))
assert(isneg0(math.fmod(-4.0, 2)))
check_error("bad argument #2 to 'math.fmod' (zero)", math.fmod, 1, 0)
check_error("bad argument #2 to 'math.fmod' (zero)", math.fmod, minI, 0)
check_error("bad argument #2 to 'math.fmod' (number expected, got no value)",
            math.fmod, 1)

-- modf: integral part as an integer when it fits, fraction always float
do
  local function m2 (x) return {math.modf(x)} end
  local r = m2(3.75)
  assert(eqT(r[1], 3) and eqT(r[2], 0.75))
  r = m2(-3.75)
  assert(eqT(r[1], -3) and eqT(r[2], -0.75))
  r = m2(5)
  assert(eqT(r[1], 5) and eqT(r[2], 0.0))
  r = m2(inf)
  assert(eqT(r[1], inf) and eqT(r[2], 0.0))
  r = m2(-inf)
  assert(eqT(r[1], -inf) and eqT(r[2], 0.0))
  r = m2(2^63)
  assert(eqT(r[1], 2^63) and eqT(r[2], 0.0))
  r = m2(0/0)
  assert(isnan(r[1]) and isnan(r[2]))
  r = m2(-0.0)
  assert(eqT(r[1], 0) and eqT(r[2], 0.0))
  assert(select("#", math.modf(1)) == 2)
end

-- frexp and ldexp (standard again in 5.5)
do
  for _, x in ipairs{0, 10, 32, -math.pi, 1e10, 1e-10, 1e-310, inf, -inf,
                     -3, 0.5, 2^60} do
    local m, e = math.frexp(x)
    assert(math.type(e) == "integer" and math.type(m) == "float")
    assert(math.ldexp(m, e) == x)
    assert(m == x or (0.5 <= math.abs(m) and math.abs(m) < 1))
  end
  local m, e = math.frexp(8)
  assert(m == 0.5 and e == 4)
  m, e = math.frexp(0)
  assert(eqT(m, 0.0) and e == 0)
  assert(eqT(math.ldexp(1, 3), 8.0) and eqT(math.ldexp(0.75, 4), 12.0))
  assert(eqT(math.ldexp(1, -1075), 0.0) and eqT(math.ldexp(1, 1024), inf))
  assert(eqT(math.ldexp(3, 0), 3.0) and eqT(math.ldexp(1, 2.0), 4.0))
  local n, d = math.frexp(0/0)
  assert(isnan(n))
  check_error("bad argument #2 to 'math.ldexp' " ..
              "(number has no integer representation)",
              math.ldexp, 1, 1.5)
  check_error("bad argument #2 to 'math.ldexp' (number expected, got no value)",
              math.ldexp, 1)
end

-- log, with the exact special cases for bases 2 and 10
assert(eqT(math.log(1), 0.0) and eqT(math.log(8, 2), 3.0))
assert(eqT(math.log(1024, 2), 10.0) and eqT(math.log(1000, 10), 3.0))
assert(eqT(math.log(100, 10), 2.0) and eqT(math.log(8, 4), 1.5))
assert(eqT(math.log(2^-1074, 2), -1074.0))
assert(math.log(0) == -inf and isnan(math.log(-1)))
assert(math.abs(math.log(27, 3) - 3) < 1e-15)
assert(math.abs(math.log(math.exp(2)) - 2) < 1e-15)
assert(eqT(math.log(8, nil), math.log(8)))
check_error("bad argument #2 to 'math.log' (number expected, got string)",
            math.log, 8, "x")

-- exp, sqrt and trigonometry
assert(eqT(math.exp(0), 1.0) and eqT(math.sqrt(4), 2.0))
assert(eqT(math.sqrt(2^52), 2^26))
assert(isnan(math.sqrt(-1)) and eqT(math.sqrt(inf), inf))
assert(eqT(math.sin(0), 0.0) and eqT(math.cos(0), 1.0))
assert(eqT(math.tan(0), 0.0))
assert(math.abs(math.sin(math.pi / 2) - 1) < 1e-15)
assert(math.abs(math.cos(math.pi) + 1) < 1e-15)
assert(math.abs(math.tan(math.pi / 4) - 1) < 1e-15)
assert(eqT(math.asin(1), math.pi / 2) and eqT(math.acos(-1), math.pi))
assert(eqT(math.asin(0), 0.0) and eqT(math.acos(1), 0.0))
assert(eqT(math.atan(1, 0), math.pi / 2) and eqT(math.atan(0, -1), math.pi))
assert(eqT(math.atan(-0.0, -1), -math.pi) and eqT(math.atan(0, 0), 0.0))
assert(eqT(math.atan(1), math.pi / 4) and eqT(math.atan(1, 1), math.pi / 4))
assert(eqT(math.atan(1, nil), math.pi / 4))
assert(isnan(math.asin(2)))

-- deg and rad
assert(eqT(math.deg(math.pi), 180.0) and eqT(math.rad(180), math.pi))
assert(eqT(math.deg(0), 0.0) and eqT(math.rad(90), math.pi / 2))

-- max and min: the language's '<' (first of equal values wins)
assert(eqT(math.max(1, 2.5, 2), 2.5) and eqT(math.min(3, 1.0, 1), 1.0))
assert(eqT(math.max(3, 3.0), 3) and eqT(math.max(3.0, 3), 3.0))
assert(eqT(math.min(maxI, minI), minI) and eqT(math.max(maxI, 2^63), 2^63))
assert(isneg0(math.min(-0.0, 0)) and not isneg0(math.min(0.0, -0.0)))
assert(math.max("a", "b") == "b" and math.min("a", "b") == "a")
assert(eqT(math.max(7), 7) and math.max("10") == "10")
do
  local mt = {__lt = function (a, b) return a.v < b.v end}
  local x, y = setmetatable({v = 1}, mt), setmetatable({v = 2}, mt)
  assert(math.max(x, y) == y and math.min(x, y) == x)
end
check_error("bad argument #1 to 'math.max' (value expected)", math.max)
check_error("bad argument #1 to 'math.min' (value expected)", math.min)
check_error("attempt to compare number with string", math.max, 1, "b")
check_error("attempt to compare two table values", math.min, {}, {})

-- the library table holds exactly the 5.5 names (no compatibility ones)
do
  local expected = {}
  for _, k in ipairs{"abs", "acos", "asin", "atan", "ceil", "cos", "deg",
                     "exp", "floor", "fmod", "frexp", "huge", "ldexp", "log",
                     "max", "maxinteger", "min", "mininteger", "modf", "pi",
                     "rad", "random", "randomseed", "sin", "sqrt", "tan",
                     "tointeger", "type", "ult"} do
    expected[k] = true
  end
  local count = 0
  for k in pairs(math) do
    assert(expected[k], k)
    count = count + 1
  end
  assert(count == 29)
end

print("OK math_basic")
