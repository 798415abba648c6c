-- spectral.lua: float loops with calls. The spectral norm of the infinite
-- matrix A(i,j) = 1/((i+j)(i+j+1)/2 + i + 1), estimated by power
-- iteration on A^T A; every matrix entry is produced by a function call
-- inside the inner loops. Printed with %.9f. Portable Lua (5.1 to 5.5,
-- LuaJIT).

local function A(i, j)
  local ij = i + j
  return 1.0 / (ij * (ij + 1) * 0.5 + i + 1)
end

local function mulAv(n, v, out)
  for i = 0, n - 1 do
    local s = 0.0
    for j = 0, n - 1 do s = s + A(i, j) * v[j] end
    out[i] = s
  end
end

local function mulAtv(n, v, out)
  for i = 0, n - 1 do
    local s = 0.0
    for j = 0, n - 1 do s = s + A(j, i) * v[j] end
    out[i] = s
  end
end

local function mulAtAv(n, v, out, tmp)
  mulAv(n, v, tmp)
  mulAtv(n, tmp, out)
end

local N = tonumber(arg and arg[1]) or 700
local u, v, t = {}, {}, {}
for i = 0, N - 1 do u[i] = 1.0 end
for _ = 1, 10 do
  mulAtAv(N, u, v, t)
  mulAtAv(N, v, u, t)
end
local vBv, vv = 0.0, 0.0
for i = 0, N - 1 do
  vBv = vBv + u[i] * v[i]
  vv = vv + v[i] * v[i]
end
print(string.format("spectral(%d): %.9f", N, math.sqrt(vBv / vv)))
