-- coroutines.lua: coroutine resume/yield. A generator pipeline (producer,
-- filter, consumer) where every value crosses two coroutine switches.

local N = tonumber(arg and arg[1]) or 3000000

local function producer(n)
  return coroutine.wrap(function()
    for i = 1, n do coroutine.yield(i) end
    coroutine.yield(nil)
  end)
end

local function filter(src)
  return coroutine.wrap(function()
    while true do
      local v = src()
      if v == nil then coroutine.yield(nil) return end
      if v % 3 ~= 0 then coroutine.yield(v * 2) end
    end
  end)
end

local sum, count = 0, 0
local f = filter(producer(N))
while true do
  local v = f()
  if v == nil then break end
  sum = (sum + v) % 1000000007
  count = count + 1
end
print("coroutines " .. count .. " " .. sum)
