-- fieldcache.lua: field access with constant keys on tables whose layouts
-- differ and change (the VM predicts the node of a constant key), method
-- lookup through __index tables and chains, new fields with and without
-- __newindex, and the same code loaded from a binary chunk.

local lines = {}
local function show(...)
  local n = select("#", ...)
  local parts = {}
  for i = 1, n do parts[i] = tostring((select(i, ...))) end
  local line = table.concat(parts, "\t")
  lines[#lines + 1] = line
  print(line)
end

-- one access site, many layouts: the prediction must never give a wrong
-- value, only a slower lookup
local function getx(t) return t.x end
local function setx(t, v) t.x = v end
local shapes = {
  { x = 1 },
  { a = 1, x = 2 },
  { x = 3, a = 1, b = 2, c = 3 },
  { p = 1, q = 2, r = 3, s = 4, t = 5, u = 6, x = 7 },
  setmetatable({}, { __index = { x = 8 } }),
  setmetatable({}, { __index = function (_, k) return k .. "!" end }),
  {},
}
for round = 1, 3 do
  local out = {}
  for i, t in ipairs(shapes) do out[i] = tostring(getx(t)) end
  show(round, table.concat(out, " "))
end

-- removal, re-insertion and rehash between accesses through one site
local t = { x = 1, y = 2 }
show(getx(t))
t.x = nil
show(getx(t))
for i = 1, 40 do t["k" .. i] = i end  -- rehash: x is gone, y moves
show(getx(t), t.y)
setx(t, 5)
show(getx(t), t.y, t.k17)
for i = 1, 40 do t["k" .. i] = nil end
collectgarbage()
setx(t, 6)
show(getx(t), t.y, t.k17)

-- a dead key: the string is collected while its node remains, then a new
-- field of the same name is set and read
do
  local u = {}
  u[string.rep("z", 3) .. "dead"] = 1
  u[string.rep("z", 3) .. "dead"] = nil
  collectgarbage(); collectgarbage()
  u.zzzdead = 2
  show(u.zzzdead)
end

-- methods: own, inherited one and two levels down, overridden, and a
-- method added to a class after calls were made
local Base = {}
Base.__index = Base
function Base.new(v) return setmetatable({ v = v }, Base) end
function Base:get() return self.v end
function Base:kind() return "base" end
local Mid = setmetatable({}, { __index = Base })
Mid.__index = Mid
function Mid:kind() return "mid" end
local Leaf = setmetatable({}, { __index = Mid })
Leaf.__index = Leaf
local objs = { Base.new(1), setmetatable({ v = 2 }, Mid),
               setmetatable({ v = 3 }, Leaf) }
for round = 1, 2 do
  for _, o in ipairs(objs) do show(round, o:get(), o:kind()) end
  function Leaf:kind() return "leaf" end
end
local own = setmetatable({ v = 4, get = function () return "own" end }, Base)
show(own:get(), own:kind())
do
  local ok, msg = pcall(function () return objs[1]:missing() end)
  show(ok, (string.find(msg, "method 'missing'", 1, true)) ~= nil)
end

-- new fields: no metatable, a metatable without __newindex, then one that
-- gains __newindex after stores were made (the cached absence must go)
local log = {}
local mt = {}
local obj = setmetatable({}, mt)
local function fill(o, v) o.a = v; o.b = v; o.c = v end
fill(obj, 1)
obj.a, obj.b, obj.c = nil, nil, nil
mt.__newindex = function (o, k, v) log[#log + 1] = k; rawset(o, k, v * 10) end
fill(obj, 2)
show(obj.a, obj.b, obj.c, table.concat(log, ","))
mt.__newindex = nil
local plain = {}
fill(plain, 3)
show(plain.a, plain.b, plain.c)

-- globals through _ENV (GETTABUP/SETTABUP) while _ENV grows
for i = 1, 50 do _ENV["g" .. i] = i end
g_sum = 0
for i = 1, 50 do g_sum = g_sum + _ENV["g" .. i] end
show(g_sum, g25, g50)

-- string comparisons against constants (EQK)
local function classify(s)
  if s == "alpha" then return 1 elseif s == "" then return 2
  elseif s == 3 then return 3 end
  return 0
end
show(classify("alpha"), classify(""), classify(3), classify("alp" .. "ha"),
     classify(string.rep("alpha", 20)), classify(nil))

-- the same functions from a binary chunk (constants loaded, caches empty)
local f = load(string.dump(function (o, v)
  o.x = v
  o.count = (o.count or 0) + 1
  return o.x, o.count, o:describe()
end))
local C = { describe = function (self) return "C" .. self.x end }
C.__index = C
local inst = setmetatable({}, C)
for i = 1, 3 do show(f(inst, i)) end

assert(table.concat(lines, "\n") == [[
1	1 2 3 7 8 x! nil
2	1 2 3 7 8 x! nil
3	1 2 3 7 8 x! nil
1
nil
nil	2
5	2	17
6	2	nil
2
1	1	base
1	2	mid
1	3	mid
2	1	base
2	2	mid
2	3	leaf
own	base
false	true
20	20	20	a,b,c
3	3	3
1275	25	50
1	2	3	1	0	0
1	1	C1
2	2	C2
3	3	C3]])
print("OK fieldcache")
