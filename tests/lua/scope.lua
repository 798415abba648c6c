-- scope.lua: lexical scoping of locals: blocks, shadowing, a local's own
-- initializer, `local function` vs `local f = function`, repeated names in
-- one declaration or parameter list, loop bodies, `until` seeing body
-- locals, and locals/globals with the same name.

local function run(src, env)
  local f
  if env then f = assert(load(src, "=c", "t", env)) else f = assert(load(src, "=c")) end
  return f()
end

-- blocks
do
  local x = 1
  do
    local x = 2
    assert(x == 2)
    do local x = 3; assert(x == 3) end
    assert(x == 2)
  end
  assert(x == 1)
end

-- a local is not in scope in its own initializer
do
  local y = 10
  do
    local y = y + 1
    assert(y == 11)
  end
  assert(y == 10)
  local a, b = 1, 2
  do
    local a, b = b, a
    assert(a == 2 and b == 1)
  end
end

-- `local function` sees itself; `local f = function` does not
do
  local function fact(n) return n <= 1 and 1 or n * fact(n - 1) end
  assert(fact(5) == 120)
  local env = {}
  local r = run("local f = function() return f end return f()", env)
  assert(r == nil)
  env.f = "global f"
  assert(run("local f = function() return f end return f()", env) == "global f")
end

-- repeated names: the last one wins
do
  local a, a = 1, 2
  assert(a == 2)
  local f = run("return function(a, a) return a end")
  assert(f(1, 2) == 2)
  local g = run("local function f() return 1 end local function f() return 2 end return f")
  assert(g() == 2)
end

-- locals shadow globals; _ENV access still reaches the global
do
  local env = {x = "global"}
  assert(run("local x = 'local'; return x, _ENV.x", env) == "local")
  local _, g = run("local x = 'local'; return x, _ENV.x", env)
  assert(g == "global")
end

-- loop bodies open a new scope each iteration
do
  local sum = 0
  for i = 1, 3 do
    local acc = (acc or 0) + i    -- `acc` on the right is the global (nil)
    sum = sum + acc
  end
  assert(sum == 6)
  local i = 100
  for i = 1, 2 do end
  assert(i == 100)                -- the loop variable is a separate local
  local k, v = "k", "v"
  for k, v in pairs({a = 1}) do end
  assert(k == "k" and v == "v")
end

-- `until` sees locals declared in the body
do
  local n = 0
  repeat
    local done = n >= 3
    n = n + 1
  until done
  assert(n == 4)
end

-- while condition does not see body locals
do
  local env = {}
  local count = run([[
    local c = 0
    while not stop do
      local stop = true   -- does not affect the condition
      c = c + 1
      if c == 3 then break end
    end
    return c
  ]], env)
  assert(count == 3)
end

-- if/elseif/else branches each have their own scope
do
  local x = "outer"
  if true then local x = "then"; assert(x == "then") end
  if false then elseif true then local x = "elseif"; assert(x == "elseif") end
  if false then else local x = "else"; assert(x == "else") end
  assert(x == "outer")
end

-- functions capture the variable visible at their definition
do
  local v = "first"
  local function get() return v end
  local v = "second"           -- a new local; get still sees the first
  assert(get() == "first" and v == "second")
end

-- many locals in one function (up to the limit of 200)
do
  local names = {}
  for i = 1, 200 do names[i] = "a" .. i end
  local src = "local "
  for i = 1, 200 do src = src .. names[i] .. (i < 200 and ", " or "") end
  src = src .. " = 1 return a1"
  assert(run(src) == 1)
  local src2 = "local "
  for i = 1, 201 do src2 = src2 .. "a" .. i .. (i < 201 and ", " or "") end
  local f, e = load(src2, "=c")
  assert(f == nil and e == "c:1: too many local variables (limit is 200) in main function near <eof>", e)
  local src3 = ""
  for i = 1, 201 do src3 = src3 .. "local a" .. i .. " = " .. i .. "\n" end
  f, e = load(src3, "=c")
  assert(f == nil and e == "c:202: too many local variables (limit is 200) in main function near <eof>", e)
  -- locals in sibling blocks do not accumulate
  local src4 = ""
  for b = 1, 5 do
    src4 = src4 .. "do "
    for i = 1, 100 do src4 = src4 .. "local x" .. i .. " = " .. i .. " " end
    src4 = src4 .. "end "
  end
  assert(load(src4 .. "return 1", "=c")() == 1)
end

-- a function can return up to 254 expressions in one return statement
do
  local src = "return "
  for i = 1, 254 do src = src .. i .. (i < 254 and ", " or "") end
  assert(select("#", load(src, "=c")()) == 254)
  local src2 = "return "
  for i = 1, 255 do src2 = src2 .. i .. (i < 255 and ", " or "") end
  local f, e = load(src2, "=c")
  assert(f == nil and e == "c:1: too many returns (limit is 255) in main function near <eof>", e)
end

-- nested blocks and functions several levels deep
do
  local src = ""
  for i = 1, 100 do src = src .. "do " end
  src = src .. "x = 1 "
  for i = 1, 100 do src = src .. "end " end
  local env = {}
  run(src, env)
  assert(env.x == 1)
  local src2 = "return "
  for i = 1, 50 do src2 = src2 .. "function() return " end
  src2 = src2 .. "42"
  for i = 1, 50 do src2 = src2 .. " end" end
  local f = run(src2)
  for i = 1, 49 do f = f() end
  assert(f() == 42)
end

print("OK scope")
