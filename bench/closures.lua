-- closures.lua: closure creation and calls. Builds counters, adders and
-- composed functions in loops, so upvalue capture, closing and calls
-- through upvalues dominate.

local function counter()
  local n = 0
  return function(d) n = n + d; return n end
end

local function compose(f, g) return function(x) return f(g(x)) end end

local N = tonumber(arg and arg[1]) or 2000000
local total = 0
for i = 1, N do
  local c = counter()
  c(i % 10)
  local add = function(x) return x + i % 7 end
  local twice = compose(add, add)
  total = (total + c(1) + twice(i % 100)) % 1000000007
end

-- closures that share one upvalue, created and called many times
local fs = {}
for k = 1, 100 do
  local shared = k
  fs[k] = {function() shared = shared + 1 end, function() return shared end}
end
for r = 1, 20000 do
  for k = 1, 100 do fs[k][1]() end
end
for k = 1, 100 do total = (total + fs[k][2]()) % 1000000007 end

print("closures checksum " .. total)
