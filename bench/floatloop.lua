-- floatloop.lua: float loops. Counts the points of a grid that stay in the
-- Mandelbrot set and integrates a function with the midpoint rule; only
-- integer counts are printed, so the output does not depend on how an
-- interpreter formats floats.

local N = tonumber(arg and arg[1]) or 700
local MAXIT = 50

local inside = 0
for py = 0, N - 1 do
  local ci = py * 2.0 / N - 1.0
  for px = 0, N - 1 do
    local cr = px * 3.0 / N - 2.0
    local zr, zi, it = 0.0, 0.0, 0
    while it < MAXIT and zr * zr + zi * zi <= 4.0 do
      zr, zi = zr * zr - zi * zi + cr, 2.0 * zr * zi + ci
      it = it + 1
    end
    if it == MAXIT then inside = inside + 1 end
  end
end

-- integral of 4 / (1 + x^2) over [0, 1] is pi
local steps = 10000000
local h, s = 1.0 / steps, 0.0
for i = 1, steps do
  local x = (i - 0.5) * h
  s = s + 4.0 / (1.0 + x * x)
end

-- floor of a non-negative float as an integer, built from integer
-- additions so that it prints the same everywhere (no string.format, and
-- no 5.3+ operators such as //)
local function ifloor(x)
  local pows = {1}
  while pows[#pows] * 2 <= x do pows[#pows + 1] = pows[#pows] * 2 end
  local r = 0
  for k = #pows, 1, -1 do
    if r + pows[k] <= x then r = r + pows[k] end
  end
  return r
end

print("mandelbrot inside " .. inside .. ", pi*1e6 ~ " .. ifloor(s * h * 1000000))
