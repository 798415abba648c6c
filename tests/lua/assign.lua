-- assign.lua: assignments and table constructors: multiple assignment with
-- adjustment, evaluation before assignment (swap, the manual's
-- `i, a[i] = i+1, 20` example), compound targets, constructors with
-- positional/named/bracketed fields and trailing separators, multi-value
-- expansion in the last position, and the length operator on sequences.

-- adjustment
do
  local a, b, c = 1, 2
  assert(a == 1 and b == 2 and c == nil)
  local d, e = 1, 2, 3
  assert(d == 1 and e == 2)
  local f
  assert(f == nil)
  a, b, c = (function() return 7, 8, 9 end)()
  assert(a == 7 and b == 8 and c == 9)
  a, b, c = 0, (function() return 7, 8, 9 end)()
  assert(a == 0 and b == 7 and c == 8)
  a, b, c = (function() return 7, 8, 9 end)(), 0
  assert(a == 7 and b == 0 and c == nil)
end

-- all expressions are evaluated before any assignment
do
  local x, y = 1, 2
  x, y = y, x
  assert(x == 2 and y == 1)
  local a = {}
  local i = 3
  i, a[i] = i + 1, 20
  assert(i == 4 and a[3] == 20 and a[4] == nil)
  local t = {1, 2, 3}
  t[1], t[2], t[3] = t[3], t[1], t[2]
  assert(t[1] == 3 and t[2] == 1 and t[3] == 2)
end

-- targets: locals, globals, fields, upvalues
do
  local env = {}
  local f = load([[
    local l
    local t = {}
    local function up() return l end
    g, t.x, t["y"], l = 1, 2, 3, 4
    return g, t.x, t.y, up()
  ]], "=c", "t", env)
  local a, b, c, d = f()
  assert(a == 1 and b == 2 and c == 3 and d == 4 and env.g == 1)
end

-- assignment through __newindex happens once per target
do
  local log = ""
  local t = setmetatable({}, {__newindex = function(t, k, v) log = log .. k .. "=" .. v .. ";"; rawset(t, k, v) end})
  t.a, t.b = 1, 2
  assert(t.a == 1 and t.b == 2)
  assert(log == "a=1;b=2;" or log == "b=2;a=1;")
end

-- constructors
do
  local t = {1, 2, 3; 4, x = "x", ["y"] = "y", [10] = 10, }
  assert(#t == 4 and t.x == "x" and t.y == "y" and t[10] == 10)
  local e = {}
  assert(next(e) == nil and #e == 0)
  local n = {[1] = "a", "b"}           -- positional fields win
  assert(n[1] == "b")
  local k = {[1 + 1] = "two", [2 * 2.0] = "four"}
  assert(k[2] == "two" and k[4] == "four")
  local nested = {{1, {2, {3}}}, a = {b = {c = "deep"}}}
  assert(nested[1][2][2][1] == 3 and nested.a.b.c == "deep")
  -- trailing separators
  assert(#{1, 2,} == 2 and #{1; 2;} == 2)
  -- nil entries in constructors
  local h = {nil, nil, 3}
  assert(h[3] == 3 and h[1] == nil)
  -- expansion of the last expression only
  local function mr() return 1, 2, 3 end
  assert(#{mr()} == 3 and #{mr(), mr()} == 4 and #{(mr())} == 1)
  assert(#{mr(), nil} == 1)
  local v = {mr(), x = 1}
  assert(v[1] == 1 and v[2] == nil)
  -- a big constructor
  local big = {
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
    21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
    41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60,
  }
  assert(#big == 60 and big[60] == 60)
  -- constructors are evaluated in order
  local log = ""
  local function f(s) log = log .. s; return s end
  local o = {f"a", x = f"b", f"c", [f"d"] = f"e"}
  assert(log == "abcde" and o[2] == "c" and o.d == "e")
end

-- a constructor with many elements built from a string
do
  local src = "return {"
  for i = 1, 1000 do src = src .. i .. "," end
  src = src .. "}"
  local t = assert(load(src))()
  assert(#t == 1000 and t[1000] == 1000 and t[500] == 500)
  local src2 = "return {"
  for i = 1, 300 do src2 = src2 .. "k" .. i .. "=" .. i .. "," end
  local t2 = assert(load(src2 .. "}"))()
  assert(t2.k1 == 1 and t2.k300 == 300)
end

-- the length operator on sequences
do
  local t = {}
  for i = 1, 100 do t[i] = i end
  assert(#t == 100)
  t[101] = 101
  assert(#t == 101)
  t[101] = nil
  assert(#t == 100)
  for i = 100, 51, -1 do t[i] = nil end
  assert(#t == 50)
  local s = {n = 1}
  assert(#s == 0)
  -- a border of a table with holes is any border
  local h = {1, 2, nil, 4}
  local len = #h
  assert(len == 4 or len == 2)
  local u = {}
  u[1] = 1; u[2] = 2; u[4] = 4
  len = #u
  assert(len == 2 or len == 4)
  -- strings
  assert(#"" == 0 and #"abc" == 3 and #"\0\0" == 2)
end

-- compound operations are ordinary expressions
do
  local t = {n = 0}
  for i = 1, 10 do t.n = t.n + i end
  assert(t.n == 55)
  local s = ""
  for i = 1, 5 do s = s .. i end
  assert(s == "12345")
end

-- assignments to _ENV fields through a local _ENV
do
  local _ENV = {assert = assert}
  z = 5
  assert(z == 5 and _ENV.z == 5)
end

-- syntax errors in assignments
do
  local function cerr(src, msg)
    local f, e = load(src, "=c")
    assert(f == nil and e == "c:1: " .. msg, e)
  end
  cerr("x = 1 = 2", "unexpected symbol near '='")
  cerr("(x) = 1", "syntax error near '='")
  cerr("x() = 1", "syntax error near '='")
  cerr("a.b:c = 1", "function arguments expected near '='")
  cerr("x, = 1", "unexpected symbol near '='")
  cerr("local t = {,}", "unexpected symbol near ','")
  cerr("x = }", "unexpected symbol near '}'")
  cerr("x = ", "unexpected symbol near <eof>")
  cerr("1 = x", "unexpected symbol near '1'")
  cerr("x", "syntax error near <eof>")
end

print("OK assign")
