-- indexchain.lua: method calls (SELF) and field reads (GETFIELD, GETTABUP)
-- served through chains of __index tables several levels deep, and every
-- way such a chain can change or stop between two accesses from the same
-- site: a level replaced, an __index function at each level, rawset into
-- a class after a miss was served, nil results, __index values that are
-- not tables, absence caches cleared by writes, weak classes and the GC,
-- and the error messages of failed accesses.

local lines = {}
local function show(...)
  local n = select("#", ...)
  local parts = {}
  for i = 1, n do parts[i] = tostring((select(i, ...))) end
  local line = table.concat(parts, "\t")
  lines[#lines + 1] = line
  print(line)
end

-- a chain of 'depth' classes, each the __index of the next one's metatable;
-- the method 'm' lives in class number 'at' (1 = the deepest base)
local function chain(depth)
  local classes = {}
  for d = 1, depth do
    local c = {}
    c.__index = c
    c.tag = "c" .. d
    if d > 1 then setmetatable(c, classes[d - 1]) end
    classes[d] = c
  end
  return classes
end

-- one SELF site and one GETFIELD site for every object below
local function call(o) return o:m() end
local function field(o) return o.f end
local function get(o, k) return o[k] end

-- depths 1 to 12: past the levels served inline, the general way
for depth = 1, 12 do
  local cs = chain(depth)
  cs[1].m = function (self) return "m@1:" .. self.v end
  cs[1].f = "f@1"
  local o = setmetatable({ v = depth }, cs[depth])
  local r1, r2 = call(o), field(o)
  -- override at the top class: the next call must see it
  cs[depth].m = function (self) return "top:" .. self.v end
  show(depth, r1, r2, call(o), field(o), o.tag)
end

-- a level changed between calls: a middle class loses its metatable,
-- gets another one, and its __index field is replaced by a table and
-- then by a function
do
  local cs = chain(4)
  cs[1].m = function () return "base" end
  local other = { m = function () return "other" end }
  local o = setmetatable({}, cs[4])
  show("chg", call(o))
  setmetatable(cs[2], nil)          -- chain ends at class 2: m is nil
  show("chg", pcall(call, o))
  show("chg", field(o), o.tag)
  setmetatable(cs[2], { __index = other })
  show("chg", call(o))
  cs[3].__index = { m = function () return "replaced" end }
  show("chg", call(o))
  cs[3].__index = function (t, k) return function () return "fn:" .. k end end
  show("chg", call(o), field(o) ~= nil)
  cs[3].__index = cs[3]
  show("chg", call(o))
end

-- an __index function at each level of a three-level chain
for fnat = 1, 3 do
  local cs = chain(3)
  cs[1].m = function () return "found" end
  local seen = {}
  local keep = cs[fnat].__index
  cs[fnat].__index = function (t, k)
    seen[#seen + 1] = k
    if k == "m" then
      return function () return "fn" .. fnat end
    end
    return keep[k]
  end
  local o = setmetatable({}, cs[3])
  show("fnat", fnat, call(o), field(o), o.tag, table.concat(seen, ","))
end

-- rawset into a class after a miss was served through it, and rawset of
-- nil; the same site reads the instance's own field first
do
  local cs = chain(3)
  cs[1].m = function () return "base" end
  local o = setmetatable({}, cs[3])
  show("raw", call(o), field(o))
  rawset(cs[2], "m", function () return "mid" end)
  rawset(cs[2], "f", "midf")
  show("raw", call(o), field(o))
  rawset(cs[2], "m", nil)
  rawset(cs[2], "f", nil)
  show("raw", call(o), field(o))
  rawset(o, "m", function () return "own" end)
  rawset(o, "f", "ownf")
  show("raw", call(o), field(o), rawget(o, "m") ~= nil, rawget(cs[3], "m"))
end

-- nil results: absent everywhere, and a field set to nil in a class
do
  local cs = chain(3)
  local o = setmetatable({}, cs[3])
  show("nil", field(o), get(o, "nothing"), o.tag)
  cs[2].f = false
  show("nil", field(o))
  cs[2].f = nil
  show("nil", field(o))
  local ok, msg = pcall(call, o)
  show("nil", ok, msg)
end

-- metatables that gain __index after accesses cached its absence
do
  local mt = {}
  local o = setmetatable({}, mt)
  show("late", field(o), field(o))
  mt.__index = { f = "late f", m = function () return "late m" end }
  show("late", field(o), call(o))
  mt.__index = nil
  show("late", field(o), pcall(call, o))
  rawset(mt, "__index", { f = "raw f" })
  show("late", field(o))
  -- a class whose own metatable gains __index later (two levels)
  local base = {}
  local cls = setmetatable({}, base)
  cls.__index = cls
  local p = setmetatable({}, cls)
  show("late2", field(p))
  base.__index = { f = "base f" }
  show("late2", field(p))
end

-- __index values that are not tables: strings (their own metatable),
-- numbers and booleans (errors), userdata-like values absent
do
  local cs = chain(2)
  cs[1].__index = "abc"   -- the chain continues into the string library
  local o = setmetatable({}, cs[2])
  show("str", get(o, "len") == string.len, o.upper == string.upper)
  cs[1].__index = 42
  show("num", pcall(field, o))
  show("num", pcall(call, o))
  cs[1].__index = true
  show("bool", pcall(field, o))
end

-- strings and other values as the object of SELF
do
  show("strself", ("abc"):upper(), ("x"):rep(3))
  show("nilself", pcall(function () local t; return t:m() end))
  show("numself", pcall(function () local n = 3; return n:m() end))
  local ok, msg = pcall(function () local t = {}; return t.a.b end)
  show("nilfield", ok, msg)
  ok, msg = pcall(function () local t = {}; return t.a:b() end)
  show("nilmethod", ok, msg)
  ok, msg = pcall(function () return undefinedglobal.x end)
  show("nilglobal", ok, msg)
  ok, msg = pcall(function () return undefinedglobal:x() end)
  show("nilglobalm", ok, msg)
  local cs = chain(3)
  local o = setmetatable({}, cs[3])
  ok, msg = pcall(function () return o.f.g end)
  show("chainnil", ok, msg)
  ok, msg = pcall(function () return o:m() end)
  show("chainnilm", ok, msg)
end

-- a loop of __index tables: the error, the same as a long chain's
do
  local a, b = {}, {}
  a.__index = b
  b.__index = a
  setmetatable(a, b)
  setmetatable(b, a)
  local o = setmetatable({}, a)
  local ok, msg = pcall(field, o)
  show("loop", ok, msg)
  ok, msg = pcall(call, o)
  show("loop", ok, msg)
end

-- a class reachable only through a weak table, collected between calls;
-- the chain must hold its classes alive (they are metatables)
do
  local weak = setmetatable({}, { __mode = "v" })
  local function make()
    local cs = chain(3)
    cs[1].m = function (self) return "weak:" .. self.v end
    weak[1] = cs[1]
    return setmetatable({ v = 1 }, cs[3])
  end
  local o = make()
  collectgarbage(); collectgarbage()
  show("weak", call(o), weak[1] ~= nil)
  -- a weak-keyed metatable of a class (ephemeron): still reachable
  local cls = setmetatable({}, { __mode = "k", __index = { m = function ()
    return "eph" end } })
  cls.__index = cls
  local p = setmetatable({}, cls)
  collectgarbage()
  show("weak", call(p))
end

-- many objects of three classes through one site (field hints change
-- from class to class at every level)
do
  local A = { __index = nil, m = function (s) return s.v end, f = "A" }
  A.__index = A
  local B = setmetatable({ m2 = 1, m3 = 2 }, A)
  B.__index = B
  local C = setmetatable({ f = "C", q = 1, r = 2, s = 3, t = 4 }, B)
  C.__index = C
  local sum, fs = 0, {}
  for i = 1, 30 do
    local cls = (i % 3 == 0) and A or (i % 3 == 1) and B or C
    local o = setmetatable({ v = i }, cls)
    sum = sum + call(o)
    fs[#fs + 1] = field(o)
  end
  show("mix", sum, table.concat(fs, "", 1, 6))
end

-- globals through a chain of _ENV tables (GETTABUP)
do
  local base = { shared = "from base" }
  local mid = setmetatable({}, { __index = base })
  local env = setmetatable({}, { __index = mid })
  local f = load("return shared, missing, string ~= nil", "=env", "t", env)
  show("env", f())
  base.string = string
  show("env", f())
end

-- new fields stored one by one (constructors, init methods): collisions
-- in small node vectors, full vectors that rehash, removed fields whose
-- nodes are reused, and tables turned black by collection steps between
-- stores (a barrier is due then)
do
  local names = { "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k" }
  local function build(n, extra)
    local o = setmetatable({ a = 1, b = 2 }, { __index = { base = true } })
    for i = 3, n do o[names[i]] = i end
    if extra then collectgarbage("step", 0) end
    o.late = { n }               -- a new white object into a maybe black table
    return o
  end
  local bad = 0
  local keep = {}
  collectgarbage("incremental")
  for round = 1, 200 do
    local n = 2 + round % 10
    local o = build(n, round % 3 == 0)
    keep[round % 50 + 1] = o
    local count = 0
    for k, v in pairs(o) do count = count + 1 end
    if count ~= n + 1 or o.late[1] ~= n or o.base ~= true then bad = bad + 1 end
    for i = 1, n do if o[names[i]] ~= i and i > 2 then bad = bad + 1 end end
    o.a = nil; o.c = nil       -- free nodes, then new keys reuse them
    o.x = "x"; o.y = "y"; o.a = 10
    if o.a ~= 10 or o.x ~= "x" or o.y ~= "y" or o.c ~= nil then
      bad = bad + 1
    end
  end
  collectgarbage()
  local alive = 0
  for _, o in pairs(keep) do
    if o.late[1] >= 2 and o.y == "y" then alive = alive + 1 end
  end
  show("fields", bad, alive)
end

assert(table.concat(lines, "\n") == [[
1	m@1:1	f@1	top:1	f@1	c1
2	m@1:2	f@1	top:2	f@1	c2
3	m@1:3	f@1	top:3	f@1	c3
4	m@1:4	f@1	top:4	f@1	c4
5	m@1:5	f@1	top:5	f@1	c5
6	m@1:6	f@1	top:6	f@1	c6
7	m@1:7	f@1	top:7	f@1	c7
8	m@1:8	f@1	top:8	f@1	c8
9	m@1:9	f@1	top:9	f@1	c9
10	m@1:10	f@1	top:10	f@1	c10
11	m@1:11	f@1	top:11	f@1	c11
12	m@1:12	f@1	top:12	f@1	c12
chg	base
chg	false	indexchain.lua:34: attempt to call a nil value (method 'm')
chg	nil	c4
chg	other
chg	replaced
chg	fn:m	true
chg	other
fnat	1	fn1	nil	c3	m,f
fnat	2	fn2	nil	c3	m,f
fnat	3	fn3	nil	c3	m,f,tag
raw	base	nil
raw	mid	midf
raw	base	nil
raw	own	ownf	true	nil
nil	nil	nil	c3
nil	false
nil	nil
nil	false	indexchain.lua:34: attempt to call a nil value (method 'm')
late	nil	nil
late	late f	late m
late	nil	false	indexchain.lua:34: attempt to call a nil value (method 'm')
late	raw f
late2	nil
late2	base f
str	true	true
num	false	indexchain.lua:35: attempt to index a number value
num	false	indexchain.lua:34: attempt to index a number value
bool	false	indexchain.lua:35: attempt to index a boolean value
strself	ABC	xxx
nilself	false	indexchain.lua:158: attempt to index a nil value (local 't')
numself	false	indexchain.lua:159: attempt to index a number value (local 'n')
nilfield	false	indexchain.lua:160: attempt to index a nil value (field 'a')
nilmethod	false	indexchain.lua:162: attempt to index a nil value (field 'a')
nilglobal	false	indexchain.lua:164: attempt to index a nil value (global 'undefinedglobal')
nilglobalm	false	indexchain.lua:166: attempt to index a nil value (global 'undefinedglobal')
chainnil	false	indexchain.lua:170: attempt to index a nil value (field 'f')
chainnilm	false	indexchain.lua:172: attempt to call a nil value (method 'm')
loop	false	indexchain.lua:35: '__index' chain too long; possible loop
loop	false	indexchain.lua:34: '__index' chain too long; possible loop
weak	weak:1	true
weak	eph
mix	465	ACAACA
env	from base	nil	false
env	from base	nil	true
fields	0	50]])
print("OK indexchain")
