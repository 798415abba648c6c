-- mandelbrot.lua: float loops with calls. Renders the Mandelbrot set as
-- a 1-bit image: one function call per pixel runs the escape-time loop,
-- another packs 8 pixels into a byte (arithmetic only, no bitwise
-- operators), and the bytes are folded into a checksum along with the
-- total iteration count. Portable Lua (5.1 to 5.5, LuaJIT).

local MAXITER = 50

local function escape(cr, ci)
  local zr, zi = 0.0, 0.0
  for k = 1, MAXITER do
    local zr2, zi2 = zr * zr, zi * zi
    if zr2 + zi2 > 4.0 then return k end
    zi = 2.0 * zr * zi + ci
    zr = zr2 - zi2 + cr
  end
  return 0
end

local function pack(bits, n)
  local byte = 0
  for i = 1, n do byte = byte * 2 + bits[i] end
  for _ = n + 1, 8 do byte = byte * 2 end
  return byte
end

local function render(w, h)
  local bits = {}
  local checksum, inside, iters = 0, 0, 0
  for y = 0, h - 1 do
    local ci = 2.0 * y / h - 1.0
    local nb = 0
    for x = 0, w - 1 do
      local cr = 2.0 * x / w - 1.5
      local k = escape(cr, ci)
      nb = nb + 1
      if k == 0 then
        bits[nb] = 1
        inside = inside + 1
        iters = iters + MAXITER
      else
        bits[nb] = 0
        iters = iters + k
      end
      if nb == 8 or x == w - 1 then
        checksum = (checksum * 33 + pack(bits, nb)) % 1000000007
        nb = 0
      end
    end
  end
  return checksum, inside, iters
end

local N = tonumber(arg and arg[1]) or 1000
local checksum, inside, iters = render(N, N)
print(string.format("mandelbrot(%d): %d inside, %d iterations, checksum %d",
  N, inside, iters, checksum))
