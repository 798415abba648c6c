-- strings_fixed.lua: string.format's %f, %d, %x, %c and %s against the C
-- library, over many values.  Elara formats the common cases itself; the
-- printed lines are compared byte for byte with the reference's by the
-- differential suite (tests/diff), and each %f / %.Nf is also checked here
-- against the same conversion with the '#' flag, which only adds a point
-- when the precision is 0 and which Elara leaves to snprintf.
-- Values: random bit patterns (every exponent, infinities, NaNs,
-- subnormals), exact ties at each precision (odd / 2^(N+1), which printf
-- rounds to even), decimals k / 10^j that are not exact, integers near
-- 2^53 and 2^64 (the end of the fast range), and signed zeros.

if not (string and string.pack) then
  print("SKIP: needs the string library") return
end

local fmt = string.format

-- A fixed 64-bit generator of our own, so the values do not depend on
-- math.random's algorithm.
local seed = 0x2545F4914F6CDD1D
local function rand64()
  seed = seed ~ (seed << 13)
  seed = seed ~ (seed >> 7)
  seed = seed ~ (seed << 17)
  return seed
end
local function randint(n) return (rand64() >> 1) % n end
local function frombits(u)
  return (string.unpack("<d", string.pack("<i8", u)))
end

local checked = 0
local function checkf(spec, x)
  local s = fmt(spec, x)
  if not (spec:find("%.0?f$") and x == x and x - x == 0) then
    local alt = fmt("%#" .. spec:sub(2), x)
    assert(s == alt, spec .. " of " .. fmt("%a", x) .. ": '" .. s
           .. "' but '#' gives '" .. alt .. "'")
  else
    -- precision 0 of a finite x: '#' adds a point, which would shift the
    -- padding; compare without the width
    local core = spec:gsub("%d*%.", ".")
    local a, alt = fmt(core, x), fmt("%#" .. core:sub(2), x)
    assert(a .. "." == alt, core .. " of " .. fmt("%a", x) .. ": '" .. a
           .. "' but '#' gives '" .. alt .. "'")
  end
  checked = checked + 1
  return s
end

local fspecs = { "%.0f", "%.1f", "%.2f", "%.3f", "%.4f", "%.5f", "%f",
                 "%.7f", "%.8f", "%.9f", "%.12f", "%.15f", "%.17f" }
local wspecs = { "%5.2f", "%-8.3f", "%+.2f", "% .1f", "%08.2f", "%-+9.0f",
                 "%+010.4f", "% 012.6f", "%-12f", "%3.f", "%99.2f" }

-- every precision and some widths and flags of one value, on one line
local function line(x)
  local out = {}
  for _, spec in ipairs(fspecs) do out[#out + 1] = checkf(spec, x) end
  for _, spec in ipairs(wspecs) do out[#out + 1] = checkf(spec, x) end
  print(table.concat(out, "|"))
end

-- edge values
local edge = { 0.0, -0.0, 0.5, 1.5, 2.5, -0.5, -2.5, 0.125, 0.375, 2.675,
  1.005, 0.05, 0.15, 0.25, 0.35, 1e15 + 0.5, 1e15 - 0.5, 2^52 + 0.5,
  2^53, 2^53 + 2, 2^63, -2^63, 2^64 - 2048, -(2^64 - 2048), 2^64, 2^64 + 4096,
  1e19, 1e20, 1e300, -1e300, 1/0, -1/0, 0/0, 1e-5, 5e-324, -5e-324,
  2.2250738585072014e-308, 0.49999999999999994, 0.9999999999999999,
  9.9999999999999995, 0.095, 0.0095, 0.00095, 123456789.987654321,
  -0.001, -0.0049, -0.005, -0.0051, 1/3, 2/3, -1/7, 1e-10, 4.35, 4.45 }
for _, x in ipairs(edge) do line(x) end

-- exact ties at each precision n: odd / 2^(n+1), plus an integer part
for n = 0, 9 do
  local spec = "%." .. n .. "f"
  local out = {}
  for _ = 1, 40 do
    local odd = 2 * randint(1 << (n + 1)) + 1
    local x = odd / 2.0 ^ (n + 1) + randint(1000)
    if randint(2) == 0 then x = -x end
    out[#out + 1] = checkf(spec, x)
    out[#out + 1] = checkf(spec, x * 2 ^ -randint(20))
  end
  print(table.concat(out, " "))
end

-- decimals k / 10^j near the ties
for _ = 1, 300 do
  local j = randint(10)
  local x = randint(10000000) / 10.0 ^ j
  if randint(2) == 0 then x = -x end
  line(x)
end

-- random bit patterns: any exponent
for _ = 1, 300 do line(frombits(rand64())) end

-- random bit patterns in [2^-70, 2^66): the fast range and its ends
for _ = 1, 600 do
  local exp = 1023 - 70 + randint(136)
  local bits = (exp << 52) | (rand64() & ((1 << 52) - 1))
  if randint(2) == 0 then bits = bits | math.mininteger end
  line(frombits(bits))
end

-- one ulp either side of the ties
for n = 0, 6 do
  local out = {}
  for _ = 1, 30 do
    local x = (2 * randint(1000) + 1) / 2.0 ^ (n + 1)
    local b = string.unpack("<i8", string.pack("<d", x))
    out[#out + 1] = checkf("%." .. n .. "f", frombits(b + 1))
    out[#out + 1] = checkf("%." .. n .. "f", frombits(b - 1))
  end
  print(table.concat(out, " "))
end

-- integers: %d, %i, %x, %X with widths and flags
local ispecs = { "%d", "%5d", "%-5d|", "%05d", "%+d", "% d", "%+05d", "%- 7d|",
                 "%i", "%20d", "%-+21d|", "%x", "%X", "%8x", "%-8X|", "%08x",
                 "%016X", "%u", "%o", "%.3d", "%#x" }
local ints = { 0, 1, -1, 9, 10, 99, 100, 12345, -12345, math.maxinteger,
               math.mininteger, 1 << 32, -(1 << 32) }
for _ = 1, 200 do ints[#ints + 1] = rand64() >> randint(64) end
for _ = 1, 50 do ints[#ints + 1] = -(rand64() >> randint(64)) end
for _, i in ipairs(ints) do
  local out = {}
  for _, spec in ipairs(ispecs) do out[#out + 1] = fmt(spec, i) end
  print(table.concat(out, " "))
end

-- %c and %s with widths, flags and precisions
for _, s in ipairs({ "", "a", "abc", "hello world", string.rep("x", 99),
                     string.rep("y", 100), string.rep("z", 150) }) do
  print(fmt("[%s|%5s|%-5s|%.2s|%5.1s|%-7.3s|%.0s|%.s|%99s]", s, s, s, s, s,
            s, s, s, s))
end
print(fmt("[%5s|%-6s|%s|%.3s]", 12, 1.5, true, nil))
print(fmt("[%c|%3c|%-3c|%c]", 65, 66, 67, 256 + 68))
assert(fmt("%c", 0) == "\0" and fmt("%3c", 0) == "  \0")

-- the mixed conversions of the benchmarks
for k = 1, 50 do
  print(fmt("%6d|%-8s|%5.2f|%04d-%02d|%x|%.2fms|%6.1f|%08.3f", k * 37,
            "x" .. k % 7, (k * 13 % 1000) / 7, 2000 + k, k % 12, k * 999,
            k * 1.37, k / 3, -k / 9))
end

-- printf's %f writes the decimal point of LC_NUMERIC: under a locale
-- with a comma (when one is installed) the fast path must step aside
if os and os.setlocale then
  for _, name in ipairs({ "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8",
                          "de_DE", "fr_FR" }) do
    if os.setlocale(name, "numeric") then
      local s = fmt("%.2f|%5.1f|%f|%-6.0f|%d", 3.14159, -2.5, 1 / 3, 2.5, 7)
      os.setlocale("C", "numeric")
      assert(s:find(",", 1, true), s)
      print(s)
      break
    end
  end
  os.setlocale("C", "numeric")
  assert(fmt("%.2f", 3.14159) == "3.14")
end

assert(checked > 15000)
print("OK strings_fixed")
