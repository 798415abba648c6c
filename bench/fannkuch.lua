-- fannkuch.lua: integer array loops. Walks every permutation of 1..n in
-- a fixed order (counting-array generator), and for each one repeatedly
-- reverses the prefix whose length is the first element until a 1 comes
-- first, tallying the flips. Written from scratch for this suite; the
-- permutation order differs from the classic benchmark's, so only the
-- maximum and the total are reported. Portable Lua (5.1 to 5.5, LuaJIT).

local function flips(perm, work, n)
  for i = 1, n do work[i] = perm[i] end
  local count = 0
  local first = work[1]
  while first ~= 1 do
    local i, j = 1, first
    while i < j do
      work[i], work[j] = work[j], work[i]
      i = i + 1
      j = j - 1
    end
    count = count + 1
    first = work[1]
  end
  return count
end

local function run(n)
  local perm, work, c = {}, {}, {}
  for i = 1, n do perm[i] = i; c[i] = 0 end
  local maxf, total, nperm, sign = 0, 0, 0, 1
  -- Heap's algorithm, iterative form
  local function visit()
    local f = flips(perm, work, n)
    nperm = nperm + 1
    if f > maxf then maxf = f end
    total = total + sign * f
    sign = -sign
  end
  visit()
  local i = 1
  while i <= n do
    if c[i] < i - 1 then
      if i % 2 == 1 then
        perm[1], perm[i] = perm[i], perm[1]
      else
        local k = c[i] + 1
        perm[k], perm[i] = perm[i], perm[k]
      end
      visit()
      c[i] = c[i] + 1
      i = 1
    else
      c[i] = 0
      i = i + 1
    end
  end
  return maxf, total, nperm
end

local N = tonumber(arg and arg[1]) or 9
local REPEAT = tonumber(arg and arg[2]) or 3
local maxf, total, nperm = 0, 0, 0
for _ = 1, REPEAT do
  local m, t, np = run(N)
  if m > maxf then maxf = m end
  total = total + t
  nperm = nperm + np
end
print(string.format("fannkuch(%d): %d permutations, max %d flips, checksum %d",
  N, nperm, maxf, total))
