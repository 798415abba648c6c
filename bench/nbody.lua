-- nbody.lua: float arithmetic on table fields. A planar-plus-depth
-- gravitational simulation of a small star system, written for this
-- suite: bodies are tables with x/y/z/vx/vy/vz/mass fields, advanced with
-- a symplectic Euler step; the energy is printed with %.9f, so every
-- interpreter prints the same text. Portable Lua (5.1 to 5.5, LuaJIT).

local sqrt = math.sqrt

local function body(x, y, z, vx, vy, vz, mass)
  return { x = x, y = y, z = z, vx = vx, vy = vy, vz = vz, mass = mass }
end

local function system()
  local G = 39.47841760435743 -- 4*pi^2 in AU^3 / (solar mass * year^2)
  local bodies = {
    body(0, 0, 0, 0, 0, 0, 1.0 * G),
    body(0.39, 0.02, 0.001, -0.3, 10.0, 0.05, 1.66e-7 * G),
    body(-0.72, 0.1, -0.002, -1.1, -7.3, 0.02, 2.45e-6 * G),
    body(0.3, -0.95, 0.0, 6.1, 1.8, -0.01, 3.0e-6 * G),
    body(1.52, 0.4, 0.03, -1.3, 4.9, 0.0, 3.2e-7 * G),
    body(-5.2, 0.6, -0.1, -0.35, -2.7, 0.01, 9.54e-4 * G),
    body(2.1, 9.3, 0.3, -2.0, 0.45, -0.02, 2.86e-4 * G),
  }
  -- move to the centre-of-momentum frame
  local px, py, pz, m = 0, 0, 0, 0
  for i = 1, #bodies do
    local b = bodies[i]
    px = px + b.vx * b.mass
    py = py + b.vy * b.mass
    pz = pz + b.vz * b.mass
    m = m + b.mass
  end
  local s = bodies[1]
  s.vx = -px / s.mass
  s.vy = -py / s.mass
  s.vz = -pz / s.mass
  return bodies
end

local function energy(bodies)
  local e = 0
  local n = #bodies
  for i = 1, n do
    local a = bodies[i]
    e = e + 0.5 * a.mass * (a.vx * a.vx + a.vy * a.vy + a.vz * a.vz)
    for j = i + 1, n do
      local b = bodies[j]
      local dx, dy, dz = a.x - b.x, a.y - b.y, a.z - b.z
      e = e - a.mass * b.mass / sqrt(dx * dx + dy * dy + dz * dz)
    end
  end
  return e
end

local function advance(bodies, n, dt)
  for i = 1, n do
    local a = bodies[i]
    local ax, ay, az, am = a.x, a.y, a.z, a.mass
    for j = i + 1, n do
      local b = bodies[j]
      local dx, dy, dz = ax - b.x, ay - b.y, az - b.z
      local d2 = dx * dx + dy * dy + dz * dz
      local mag = dt / (d2 * sqrt(d2))
      local bm = b.mass * mag
      a.vx = a.vx - dx * bm
      a.vy = a.vy - dy * bm
      a.vz = a.vz - dz * bm
      local amm = am * mag
      b.vx = b.vx + dx * amm
      b.vy = b.vy + dy * amm
      b.vz = b.vz + dz * amm
    end
  end
  for i = 1, n do
    local b = bodies[i]
    b.x = b.x + dt * b.vx
    b.y = b.y + dt * b.vy
    b.z = b.z + dt * b.vz
  end
end

local STEPS = tonumber(arg and arg[1]) or 200000
local bodies = system()
local n = #bodies
local e0 = energy(bodies)
for _ = 1, STEPS do advance(bodies, n, 0.0001) end
local e1 = energy(bodies)
print(string.format("nbody: %d steps, energy %.9f -> %.9f, sun at %.6f %.6f",
  STEPS, e0, e1, bodies[1].x, bodies[1].y))
