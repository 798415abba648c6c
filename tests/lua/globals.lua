-- globals.lua: Lua 5.5 `global` declarations: the contextual keyword, explicit
-- and collective (`global *`, `global<const> *`) forms, attributes, scoping,
-- `global function`, run-time "already defined" checks and compile-time
-- "not declared" errors.

-- Compile `src` with chunkname "=c" and check the exact error message.
local function cerr(src, msg)
  local f, e = load(src, "=c")
  assert(f == nil, "expected a compile error for: " .. src)
  assert(e == "c:1: " .. msg, e)
end

-- Compile `src` and check that it loads.
local function ok(src, env)
  local f, e
  if env then f, e = load(src, "=c", "t", env) else f, e = load(src, "=c") end
  assert(f, e)
  return f
end

-- Run `f` and check the exact run-time error message.
local function rerr(f, msg, ...)
  local st, e = pcall(f, ...)
  assert(not st, "expected a run-time error")
  assert(e == msg, e)
end

-- 1. Without declarations every free name is a global (implicit `global *`).
X1 = 10
assert(_ENV.X1 == 10 and _G.X1 == 10)
X1 = nil

-- 2. Once a declaration is in scope, undeclared names are compile errors.
cerr("global none; local function f() Z = 1 end", "variable 'Z' not declared")
cerr("global x; x = 1; y = 2", "variable 'y' not declared")
cerr("global x; local function f() x = 1; y = 1 end",
     "variable 'y' not declared")
cerr("global y; do local y = 1; z = 2 end", "variable 'z' not declared")
cerr("global function f() end; print(1)", "variable 'print' not declared")

-- ... but only inside the scope of the declaration.
do
  local env = {}
  local f = ok([[
    A = 1
    do global B; B = 2 end
    C = 3
    return A, B, C
  ]], env)
  local a, b, c = f()
  assert(a == 1 and b == 2 and c == 3)
  assert(env.A == 1 and env.B == 2 and env.C == 3)
  cerr("do global B; B = 2; A = 1 end", "variable 'A' not declared")
end

-- 3. Declarations shadow locals and are shadowed by them.
do
  local env = {}
  local f = ok([[
    local X = 10
    do global X; X = 20 end
    return X
  ]], env)
  assert(f() == 10 and env.X == 20)
  -- a local declared after a const global shadows it: assignment is fine
  local g = ok("global x <const>; local x = 1; x = 2; return x", env)
  assert(g() == 2)
  -- `local x; global x`: the global wins inside its scope
  local h = ok("local x = 1; global x; x = 2; return x", env)
  assert(h() == 2 and env.x == 2)
end

-- 4. Collective declarations.
do
  local env = {print = 1}
  local f = ok("global X; global<const> *; X = print; return X", env)
  assert(f() == 1 and env.X == 1)
  cerr("global X; global<const> *; Y = 1", "attempt to assign to const variable 'Y'")
  -- a later `global *` makes them writable again
  local g = ok("global<const> *; global *; Y = 1; return Y", env)
  assert(g() == 1 and env.Y == 1)
  -- an explicit declaration after a collective one takes over that name
  cerr("global *; global<const> Y; Y = 1", "attempt to assign to const variable 'Y'")
  local h = ok("global<const> *; global X; X = 5; return Y", env)
  assert(h() == 1 and env.X == 5)
  -- the collective form ends with its block
  local k = ok("do global<const> *; end; x = 1; return x", env)
  assert(k() == 1)
  -- collective declarations reach into nested functions
  cerr("global<const> *; local function f() V = 1 end",
       "attempt to assign to const variable 'V'")
  -- inside a nested function the implicit default is also voided
  local m = ok("local function f() global<const> *; return print end; G = 1; return f", env)
  assert(m()() == 1 and env.G == 1)
end

-- 5. Attributes on globals.
cerr("global<close> x", "global variables cannot be to-be-closed")
cerr("global x<close>", "global variables cannot be to-be-closed")
cerr("global<foo> x", "unknown attribute 'foo'")
cerr("global x<bar>", "unknown attribute 'bar'")
cerr("global<const> x = 1; x = 2", "attempt to assign to const variable 'x'")
cerr("global a <const>, b; b = 1; a = 2", "attempt to assign to const variable 'a'")
-- a prefix attribute applies to every name of the list
cerr("global<const> x, y<const>, z; z = 1", "attempt to assign to const variable 'z'")
cerr("global<const> x, y; local function f() y = 1 end",
     "attempt to assign to const variable 'y'")
-- compile-time only: the table itself is not read-only
do
  local env = {}
  local f = ok("global<const> K; _ENV.K = 3; return K", env)
  assert(f() == 3 and env.K == 3)
end

-- 6. `global` is a contextual keyword.
do
  local f = ok("local global = 3; return global")
  assert(f() == 3)
  local env = {}
  env.global = function(x) return x * 2 end
  local g = ok("return global (21)", env)
  assert(g() == 42)
  local h = ok("global (print)", env)     -- a call statement
  local got
  env.global = function(x) got = x end
  env.print = "p"
  h()
  assert(got == "p")
  -- `global global` declares a global named "global"
  local k = ok("global global; global = 7; return global", env)
  assert(k() == 7 and env.global == 7)
  global = 5          -- an ordinary global assignment in this chunk
  assert(_ENV.global == 5)
  _ENV.global = nil
  cerr("global 1", "syntax error near '1'")
  cerr("global function", "<name> expected near <eof>")
end

-- 7. Syntax errors of the declaration forms.
cerr("global<const> function f() end", "<name> expected near 'function'")
cerr("global function f.x() end", "'(' expected near '.'")
cerr("global function f:m() end", "'(' expected near ':'")
cerr("global * = 1", "unexpected symbol near '='")
cerr("global a, * ", "<name> expected near '*'")
cerr("global *, a", "unexpected symbol near ','")

-- 8. `global function`.
do
  local env = {}
  local f = ok([[
    global function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
    return fact(10)
  ]], env)
  assert(f() == 3628800 and type(env.fact) == "function")
  -- the name is in scope in its own body and implies a declaration
  local g = ok("global function f() return f end; global print; return f() == f", env)
  assert(g() == true)
  -- it also checks that the name was not defined already
  rerr(ok("global function fact() end", env), "c:1: global 'fact' already defined")
end

-- 9. Initialization: run-time check that the global is nil (false counts as
-- defined), done from the last name to the first.
rerr(ok("global print = 10"), "c:1: global 'print' already defined")
rerr(ok("global print, xyz = 10"), "c:1: global 'print' already defined")
do
  local env = {A = 1}
  rerr(ok("global A, B = 10, 20", env), "c:1: global 'A' already defined")
  assert(env.A == 1 and env.B == 20)
  env.F = false
  rerr(ok("global F = false", env), "c:1: global 'F' already defined")
  -- values adjust like a multiple assignment
  local t = {}
  local f = ok("global a, b = ...; return a, b", t)
  local a, b = f(1, 2, 3)
  assert(a == 1 and b == 2 and t.a == 1 and t.b == 2)
  rerr(ok("global a, b, c = ...; return a, b, c", t), "c:1: global 'b' already defined", 1)
  assert(t.c == nil)
  -- without '=', a declaration keeps the current value
  local g = ok("global a; return a", t)
  assert(g() == 1)
  -- names are not in scope in their own initializer
  local h = ok("local v = 100; global v = v + 1; return v", {})
  assert(h() == 101)
  -- extra values are dropped, missing ones are nil
  local w = {}
  local k = ok("global p, q = 1; return p, q", w)
  local p, q = k()
  assert(p == 1 and q == nil)
  -- a second run finds p defined
  rerr(k, "c:1: global 'p' already defined")
end

-- 10. _ENV declared as a global.
cerr("global _ENV; x = 1", "variable 'x' not declared")
cerr("global _ENV, a; a = 1", "_ENV is global when accessing variable 'a'")
cerr("global _ENV, a; return a", "_ENV is global when accessing variable 'a'")
cerr("global _ENV; local y = a", "variable 'a' not declared")

-- 11. goto may not jump into the scope of a global declaration.
cerr("goto l; global x; ::l:: x = 1", "<goto l> at line 1 jumps into the scope of 'x'")
cerr("goto l; global *; ::l:: print(x)", "<goto l> at line 1 jumps into the scope of '*'")

-- 12. Many declarations in one chunk.
do
  local src = ""
  for i = 1, 300 do src = src .. "global g" .. i .. " = " .. i .. "\n" end
  src = src .. "return g1 + g150 + g300"
  local env = {}
  local f = ok(src, env)
  assert(f() == 451 and env.g299 == 299)
end

-- 13. Declared globals still go through _ENV at run time.
do
  local log = {}
  local env = setmetatable({}, {
    __index = function(_, k) log[#log + 1] = "get " .. k; return 1 end,
    __newindex = function(t, k, v) log[#log + 1] = "set " .. k; rawset(t, k, v) end,
  })
  local f = ok("global a, b; a = b + 1; return a", env)
  assert(f() == 2)
  assert(log[1] == "get b" and log[2] == "set a" and #log == 2)
end

print("OK globals")
