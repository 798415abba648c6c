-- arrays.lua: array reads and writes in numeric loops: a sieve of
-- Eratosthenes (repeated on fresh tables) and an insertion sort of a
-- pseudo-random array.

local N = tonumber(arg and arg[1]) or 1000000

local count = 0
for round = 1, 8 do
  local composite = {}
  for i = 1, N do composite[i] = false end
  for i = 2, N do
    if not composite[i] then
      count = count + 1
      for j = i * i, N, i do composite[j] = true end
    end
  end
end

local a, x = {}, 1
for i = 1, 5000 do x = (x * 16807) % 2147483647; a[i] = x % 100000 end
for i = 2, #a do
  local v, j = a[i], i - 1
  while j >= 1 and a[j] > v do a[j + 1] = a[j]; j = j - 1 end
  a[j + 1] = v
end
local sorted = 1
for i = 2, #a do if a[i - 1] > a[i] then sorted = 0 end end

print("primes " .. count .. ", sorted " .. sorted .. ", min " .. a[1] .. ", max " .. a[#a])
