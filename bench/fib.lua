-- fib.lua: recursive calls. Naive Fibonacci exercises Lua-to-Lua calls,
-- returns and small integer arithmetic. Portable Lua (5.1 to 5.5, LuaJIT).

local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end

local N = tonumber(arg and arg[1]) or 36
print("fib(" .. N .. ") = " .. fib(N))
