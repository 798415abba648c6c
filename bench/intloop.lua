-- intloop.lua: integer loops. Euclid's gcd over a grid of pairs and a
-- linear congruential checksum, using only + - * % on values below 2^53,
-- so the results are the same with integers (5.3+) and doubles (LuaJIT).

local N = tonumber(arg and arg[1]) or 1500

local function gcd(a, b)
  while b ~= 0 do a, b = b, a % b end
  return a
end

local gsum, coprime = 0, 0
for i = 1, N do
  for j = 1, N do
    local g = gcd(i, j)
    gsum = gsum + g
    if g == 1 then coprime = coprime + 1 end
  end
end

local x, acc = 12345, 0
for i = 1, 10000000 do
  x = (x * 1103 + 12345) % 2147483647
  acc = (acc + x % 1000) % 1000000007
end

print("gcd sum " .. gsum .. ", coprime " .. coprime .. ", lcg " .. acc)
