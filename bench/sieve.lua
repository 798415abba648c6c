-- sieve.lua: integer array loops. An odd-only sieve of Eratosthenes over
-- a flat boolean array, then a segmented sieve (a small reusable segment
-- array swept across a larger range) with prime gaps and twin primes
-- tallied from both. Distinct from arrays.lua's plain sieve: strided
-- index arithmetic, segment reuse and integer bookkeeping per prime.
-- Portable Lua (5.1 to 5.5, LuaJIT).

local function oddSieve(n)
  -- composite[i] describes the odd number 2*i+1
  local half = math.floor((n - 1) / 2)
  local composite = {}
  for i = 1, half do composite[i] = false end
  local i = 1
  while true do
    local p = 2 * i + 1
    local sq = p * p
    if sq > n then break end
    if not composite[i] then
      for j = math.floor((sq - 1) / 2), half, p do composite[j] = true end
    end
    i = i + 1
  end
  local primes = { 2 }
  for k = 1, half do
    if not composite[k] then primes[#primes + 1] = 2 * k + 1 end
  end
  return primes
end

local function segmented(lo, hi, base, segsize)
  local seg = {}
  local count, twins, maxgap, last, sum = 0, 0, 0, 0, 0
  local start = lo
  while start <= hi do
    local stop = start + segsize - 1
    if stop > hi then stop = hi end
    for k = 0, stop - start do seg[k] = true end
    for bi = 1, #base do
      local p = base[bi]
      if p * p > stop then break end
      local first = math.floor((start + p - 1) / p) * p
      if first < p * p then first = p * p end
      for m = first, stop, p do seg[m - start] = false end
    end
    for k = 0, stop - start do
      if seg[k] then
        local v = start + k
        if v >= 2 then
          count = count + 1
          sum = (sum + v) % 1000000007
          if last > 0 then
            local g = v - last
            if g > maxgap then maxgap = g end
            if g == 2 then twins = twins + 1 end
          end
          last = v
        end
      end
    end
    start = stop + 1
  end
  return count, twins, maxgap, sum
end

local N = tonumber(arg and arg[1]) or 3000000
local check = 0
local primes
for _ = 1, 4 do
  primes = oddSieve(N)
  check = (check * 31 + #primes + primes[#primes]) % 1000000007
end
local base = oddSieve(math.floor(math.sqrt(4 * N)) + 1)
local count, twins, maxgap, sum = segmented(2 * N, 4 * N, base, 32768)
print(string.format("sieve: %d primes <= %d, last %d, [%d,%d]: %d primes, "
  .. "%d twins, max gap %d, sum %d, checksum %d", #primes, N, primes[#primes],
  2 * N, 4 * N, count, twins, maxgap, sum, check))
