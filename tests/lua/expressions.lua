-- expressions.lua: operator precedence and associativity for every
-- operator level, logical operators (short-circuit, values not booleans,
-- truthiness of 0 and ""), comparison chains, unary operator stacking, and
-- expression syntax errors.

local function same(x, s) assert(tostring(x) == s, tostring(x) .. " ~= " .. s) end
local function ev(src) return assert(load("return " .. src, "=c"))() end

-- precedence, from the lowest: or, and, comparison, |, ~, &, shift, ..,
-- + -, * / // %, unary (not # - ~), ^
same(2 + 3 * 4, "14")
same(2 ^ 3 ^ 2, "512.0")
same(-2 ^ 2, "-4.0")
same(2 ^ -2, "0.25")
same(-2 ^ -2, "-0.25")
same(2 ^ -3 ^ 2, "0.001953125")
same(assert(load("local x <const> = 5 return -x ^ 2"))(), "-25.0")
same(1 .. 2 .. 3, "123")
same(1 + 2 .. "", "3")
same(2 * 3 .. 4, "64")
same(2 .. 3 + 1, "24")                 -- + binds tighter than ..
same(7 // 2 * 2 + 7 % 2, "7")
same(2 * 3 % 4, "2")                   -- left to right at the same level
same(3 - 2 - 1, "0")
same(64 / 4 / 2, "8.0")
same(-3 // 2, "-2")
same(1 | 2 & 3 ~ 4 << 1, "11")          -- 1 | ((2 & 3) ~ (4 << 1))
same(1 << 2 + 1, "8")
same(#"abc" + 1, "4")
same(-#"ab", "-2")
same(not #"", "false")
assert(not nil == true)                -- (not nil) == true
assert((not 1 == 2) == false)          -- (not 1) == 2
assert(1 < 2 == true)
assert("a" .. "b" == "ab")
assert(1 == 1 ~= false)
assert(ev("'x' < 'y' == true") == true)
do
  local ok, e = pcall(load("return 1 .. 2 << 1", "=c"))
  assert(not ok and e == "c:1: attempt to perform bitwise operation on a string value")
end

-- unary stacking
same(- - 1, "1")
same(ev("- - 1"), "1")
same(~ ~ 5, "5")
same(not not nil, "false")
same(- -2 ^ 2, "4.0")
same(-(-2) ^ 2, "-4.0")

-- logical operators return operands
assert((5 > 3 and "y" or "n") == "y")
assert((nil and 1) == nil)
assert((false or nil) == nil)
assert((nil or false) == false)
assert((0 and 1) == 1)                 -- 0 is true
assert(("" or 2) == "")                -- "" is true
assert((1 and 2 or 3 and 4) == 2)
assert((nil and nil or "x") == "x")
assert((false and error("not evaluated")) == false)
assert((true or error("not evaluated")) == true)
assert((1 < 2 and 2 < 3) == true)
assert(ev("'a' .. 'b' == 'ab' and 1") == 1)
assert(not 0 == false and not "" == false and not false == true)

-- short-circuit evaluation
do
  local log = ""
  local function t(x) log = log .. tostring(x); return x end
  local _ = t(false) and t(1)
  _ = t(nil) or t(2)
  _ = t(3) or t(4)
  _ = t(true) and t(5)
  assert(log == "falsenil23true5", log)
  -- in conditions
  log = ""
  if t(false) and t(6) then end
  if t(7) or t(8) then end
  while t(false) and t(9) do end
  assert(log == "false7false", log)
end

-- the `a and b or c` idiom and its false pitfall
do
  local function pick(c, a, b) return c and a or b end
  assert(pick(true, 1, 2) == 1 and pick(false, 1, 2) == 2)
  assert(pick(true, false, 2) == 2)
end

-- comparison operators
assert(1 < 2 and 2 > 1 and 1 <= 1 and 1 >= 1 and 1 ~= 2 and 1 == 1)
assert(not (1 < 1) and not (1 > 1) and not (2 <= 1))
assert(-1 < 0 and -1.5 < -1 and 1e308 < 1 / 0)
assert("abc" < "abd" and "ab" < "abc" and not ("b" < "a"))
assert(nil == nil and false == false and nil ~= false)
assert({} ~= {} and print == print)
local t = {}
assert(t == t)

-- parenthesised expressions
same((2 + 3) * 4, "20")
same(((((1)))), "1")
assert((nil) == nil)

-- numbers and strings are different even when they look alike
assert(1 ~= "1" and 0 ~= false and "" ~= nil)

-- deep but reasonable nesting
do
  local src = ""
  for i = 1, 100 do src = src .. "(" end
  src = src .. "1"
  for i = 1, 100 do src = src .. " + 1)" end
  assert(ev(src) == 101)
  local chain = "1"
  for i = 1, 150 do chain = chain .. " + 1" end
  assert(ev(chain) == 151)
  local cat = "'a'"
  for i = 1, 100 do cat = cat .. " .. 'a'" end
  assert(#ev(cat) == 101)
end

-- syntax errors
do
  local function cerr(src, msg)
    local f, e = load(src, "=c")
    assert(f == nil and e == "c:1: " .. msg, e)
  end
  cerr("return not", "unexpected symbol near <eof>")
  cerr("return 1 + + 1", "unexpected symbol near '+'")
  cerr("return 1 +", "unexpected symbol near <eof>")
  cerr("return (1", "')' expected near <eof>")
  cerr("return 1)", "<eof> expected near ')'")
  cerr("return 1 == == 2", "unexpected symbol near '=='")
  cerr("return a.", "<name> expected near <eof>")
  cerr("return a:b", "function arguments expected near <eof>")
  cerr("return {1 2}", "'}' expected near '2'")
  cerr("return 1 2", "<eof> expected near '2'")
  cerr("return !1", "unexpected symbol near '!'")
  cerr("return 1 && 2", "unexpected symbol near '&'")
  cerr("return a ? b : c", "<eof> expected near '?'")
end

print("OK expressions")
