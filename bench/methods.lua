-- methods.lua: method calls on objects. A small class hierarchy built with
-- metatables (__index chains), a method-heavy particle simulation on
-- integer coordinates, and virtual dispatch through inherited methods.

local Vec = {}
Vec.__index = Vec
function Vec.new(x, y) return setmetatable({x = x, y = y}, Vec) end
function Vec:add(o) return Vec.new(self.x + o.x, self.y + o.y) end
function Vec:addin(o) self.x = self.x + o.x; self.y = self.y + o.y; return self end
function Vec:dot(o) return self.x * o.x + self.y * o.y end
function Vec:wrap(m) self.x = self.x % m; self.y = self.y % m; return self end

local Body = {}
Body.__index = Body
function Body.new(x, y, vx, vy)
  return setmetatable({pos = Vec.new(x, y), vel = Vec.new(vx, vy)}, Body)
end
function Body:step(m) self.pos:addin(self.vel):wrap(m) end
function Body:energy() return self.vel:dot(self.vel) end
function Body:kind() return 1 end

local Heavy = setmetatable({}, {__index = Body})
Heavy.__index = Heavy
function Heavy.new(...)
  local b = Body.new(...)
  return setmetatable(b, Heavy)
end
function Heavy:energy() return 2 * Body.energy(self) end
function Heavy:kind() return 2 end

local N = tonumber(arg and arg[1]) or 20000
local bodies = {}
for i = 1, 100 do
  local cls = (i % 3 == 0) and Heavy or Body
  bodies[i] = cls.new(i, 2 * i, i % 7 - 3, i % 5 - 2)
end

local check = 0
for t = 1, N do
  for i = 1, #bodies do
    local b = bodies[i]
    b:step(1000)
    check = (check + b:energy() * b:kind() + b.pos:dot(b.vel)) % 1000000007
  end
  local sum = Vec.new(0, 0)
  for i = 1, #bodies do sum = sum:add(bodies[i].pos) end
  check = (check + sum.x + sum.y) % 1000000007
end
print("methods checksum " .. check)
