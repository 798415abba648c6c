-- math.random / math.randomseed: the exact xoshiro256** sequence of the
-- reference (seeding, float conversion, range projection with rejection),
-- argument checks, and reproducibility of randomseed()'s results.

local function check_error (expected, f, ...)
  local ok, msg = pcall(f, ...)
  assert(not ok, "expected an error: " .. expected)
  assert(msg == expected, "got: " .. tostring(msg))
end

local NOINT = "number has no integer representation"

local function draws (n, ...)
  local t = {}
  for i = 1, n do t[i] = math.random(...) end
  return t
end

local function same (a, b)
  assert(#a == #b)
  for i = 1, #a do
    assert(a[i] == b[i] and math.type(a[i]) == math.type(b[i]),
           "index " .. i .. ": " .. tostring(a[i]) .. " vs " .. tostring(b[i]))
  end
end

-- the value checked by the official math.lua
math.randomseed(1007)
assert(math.random(0) == 0x7a7040a5a323c9d6)

-- full 64-bit integers
math.randomseed(42)
same(draws(6, 0), {-1276290044721465627, 8333941968102511665,
                   -8358531260401861301, -3807604385970496171,
                   -7059243630996204619, 177101407732369983})

-- two-part seeds
math.randomseed(42, 7)
same(draws(4, 0), {-3100642489518372304, -513943613097109053,
                   3114548357680379993, -3377422445478072817})
math.randomseed(1007, 0)
assert(math.random(0) == 0x7a7040a5a323c9d6)

-- floats from the top 53 bits
math.randomseed(-1)
same(draws(5), {0.64588803338814316, 0.93513561224856689,
                0.85629716275528922, 0.64594643353090575,
                0.8931080669923227})

-- small ranges
math.randomseed(3)
same(draws(12, 6), {2, 2, 4, 4, 5, 5, 2, 3, 2, 4, 1, 1})
math.randomseed(3)
same(draws(12, -1000, 1000), {417, -159, -677, -309, -876, -881, -772,
                              -631, 351, -182, -946, 719})

-- the whole integer range needs no projection
math.randomseed(5)
same(draws(6, math.mininteger, math.maxinteger),
     {-5674012787638661302, -6956899089192397067, 1561235579935215015,
      773933929579488765, -3751844714358832189, 2242502316986165287})

-- a range just above a power of two: rejected draws consume extra values
math.randomseed(5)
same(draws(6, 0, (1 << 62) + 1),
     {3549359249216114506, 2266472947662378741, 1561235579935215015,
      773933929579488765, 2242502316986165287, 3537159408485002096})

-- a one-value interval still advances the generator once per call
math.randomseed(9)
same(draws(8, 100, 100), {100, 100, 100, 100, 100, 100, 100, 100})
math.randomseed(9)
math.random(100, 100)
assert(math.random(0) == -9047980058493422452)

-- a failing call advances the generator too
math.randomseed(11)
check_error("bad argument #1 to 'math.random' (interval is empty)",
            math.random, 2, 1)
assert(math.random(0) == 5500094494156248147)

-- results stay in range and have the right subtype
do
  math.randomseed(77)
  for _ = 1, 2000 do
    local f = math.random()
    assert(math.type(f) == "float" and 0 <= f and f < 1)
    local i = math.random(10)
    assert(math.type(i) == "integer" and 1 <= i and i <= 10)
    local j = math.random(-3, 3)
    assert(-3 <= j and j <= 3)
    local k = math.random(math.maxinteger - 1, math.maxinteger)
    assert(k >= math.maxinteger - 1)
  end
  assert(math.random(3.0) >= 1)    -- floats with integral values are fine
end

-- argument checks
check_error("bad argument #1 to 'math.random' (interval is empty)",
            math.random, 0, -1)
check_error("bad argument #1 to 'math.random' (interval is empty)",
            math.random, -5)
check_error("bad argument #1 to 'math.random' (" .. NOINT .. ")",
            math.random, 1.5)
check_error("bad argument #2 to 'math.random' (" .. NOINT .. ")",
            math.random, 1, 2.5)
check_error("wrong number of arguments", math.random, 1, 2, 3)
check_error("bad argument #1 to 'math.randomseed' (" .. NOINT .. ")",
            math.randomseed, 1.5)
check_error("bad argument #1 to 'math.randomseed' (number expected, got nil)",
            math.randomseed, nil)

-- randomseed returns its seeds; randomseed() returns ones that reproduce
do
  local a, b = math.randomseed(123)
  assert(a == 123 and b == 0)
  a, b = math.randomseed(-4, 9)
  assert(a == -4 and b == 9)
  local x, y = math.randomseed()
  assert(math.type(x) == "integer" and math.type(y) == "integer")
  local first = draws(5, 0)
  local x2, y2 = math.randomseed(x, y)
  assert(x2 == x and y2 == y)
  same(draws(5, 0), first)
end

print("OK math_random")
