-- objects.lua: object-oriented patterns built from metatables: classes with
-- __index, constructors via __call, multi-level inheritance and super
-- calls, __tostring/__eq/__lt/__le/__len/__concat on class instances,
-- private state in closures, and method lookup through __index functions.

-- a class helper
local function class(parent)
  local c = {}
  c.__index = c
  setmetatable(c, {
    __index = parent,
    __call = function(cls, ...)
      local o = setmetatable({}, cls)
      if cls.init then cls.init(o, ...) end
      return o
    end,
  })
  c.super = parent
  return c
end

local Point = class()
function Point:init(x, y) self.x, self.y = x, y end
function Point:len2() return self.x * self.x + self.y * self.y end
Point.__tostring = function(p) return "(" .. p.x .. "," .. p.y .. ")" end
Point.__eq = function(a, b) return a.x == b.x and a.y == b.y end
Point.__lt = function(a, b) return a:len2() < b:len2() end
Point.__le = function(a, b) return a:len2() <= b:len2() end
Point.__add = function(a, b) return Point(a.x + b.x, a.y + b.y) end
Point.__unm = function(a) return Point(-a.x, -a.y) end
Point.__concat = function(a, b) return tostring(a) .. tostring(b) end
Point.__len = function(a) return 2 end
Point.__call = function(self, k) return self[k] end

do
  local p, q = Point(1, 2), Point(1, 2)
  assert(tostring(p) == "(1,2)")
  assert(p == q and p ~= Point(2, 1))
  assert(Point(0, 1) < Point(2, 0) and Point(1, 0) <= Point(0, 1))
  assert(tostring(p + q) == "(2,4)" and tostring(-p) == "(-1,-2)")
  assert(p .. q == "(1,2)(1,2)" and p .. "!" == "(1,2)!")
  assert(#p == 2 and p("y") == 2)
  assert(getmetatable(p) == Point and p.len2 == Point.len2)
end

-- inheritance and super calls
local Point3 = class(Point)
function Point3:init(x, y, z)
  Point.init(self, x, y)
  self.z = z
end
function Point3:len2() return Point.len2(self) + self.z * self.z end
Point3.__tostring = function(p) return "(" .. p.x .. "," .. p.y .. "," .. p.z .. ")" end

do
  local p = Point3(1, 2, 2)
  assert(p:len2() == 9 and tostring(p) == "(1,2,2)")
  assert(Point3.super == Point)
  -- metamethods are not inherited through __index: Point3 has no __eq
  assert(rawget(Point3, "__eq") == nil)
  assert(Point3(1, 1, 1) ~= Point3(1, 1, 1))
  -- but ordinary methods are
  Point.describe = function(self) return "point " .. tostring(self) end
  assert(p:describe() == "point (1,2,2)")
end

-- three levels
do
  local A = class()
  function A:name() return "A" end
  function A:chain() return self:name() end
  local B = class(A)
  function B:name() return "B>" .. A.name(self) end
  local C = class(B)
  function C:name() return "C>" .. B.name(self) end
  assert(C():chain() == "C>B>A")
  assert(B():chain() == "B>A")
end

-- private state through closures
do
  local function Counter()
    local count = 0
    return {
      inc = function() count = count + 1; return count end,
      get = function() return count end,
    }
  end
  local c1, c2 = Counter(), Counter()
  c1.inc(); c1.inc(); c2.inc()
  assert(c1.get() == 2 and c2.get() == 1 and c1.count == nil)
end

-- method lookup through an __index function (dynamic dispatch)
do
  local calls = 0
  local Dyn = setmetatable({}, {__index = function(t, name)
    calls = calls + 1
    return function(self, ...) return name .. ":" .. select("#", ...) end
  end})
  assert(Dyn:anything(1, 2) == "anything:2" and calls == 1)
  assert(Dyn.other(nil) == "other:0" and calls == 2)
end

-- a class whose instances count themselves via __gc
do
  local alive = 0
  local Res = class()
  Res.__gc = function() alive = alive - 1 end
  function Res:init() alive = alive + 1 end
  for i = 1, 10 do Res() end
  collectgarbage()
  collectgarbage()
  assert(alive == 0, alive)
end

-- objects as keys and in sets
do
  local set = {}
  local a, b = Point(1, 1), Point(1, 1)
  set[a] = true
  assert(set[a] and not set[b])     -- keys use raw identity, not __eq
end

-- a simple stack class with error checking
do
  local Stack = class()
  function Stack:init() self.items, self.n = {}, 0 end
  function Stack:push(v) self.n = self.n + 1; self.items[self.n] = v end
  function Stack:pop()
    if self.n == 0 then error("stack empty", 2) end
    local v = self.items[self.n]
    self.items[self.n] = nil
    self.n = self.n - 1
    return v
  end
  local s = Stack()
  for i = 1, 5 do s:push(i) end
  local out = ""
  while s.n > 0 do out = out .. s:pop() end
  assert(out == "54321")
  local ok, e = pcall(load("local s = ... s:pop()", "=c"), s)
  assert(not ok and e == "c:1: stack empty")
end

print("OK objects")
