-- strformat.lua: string.format and patterns. Generates log lines with
-- string.format (%d with widths, %.2f, %-5s, %x), then parses them back
-- with string.match captures, gmatch iteration, gsub with string, table
-- and function replacements, and string.find with plain and anchored
-- patterns; results are folded into an integer checksum. Portable Lua
-- (5.1 to 5.5, LuaJIT).

local format, match, gmatch, gsub, find = string.format, string.match,
  string.gmatch, string.gsub, string.find

local seed = 2024
local function rand(n)
  seed = (seed * 16807) % 2147483647
  return seed % n
end

local levels = { "INFO", "WARN", "ERROR", "DEBUG" }
local hosts = { "alpha.example.org", "beta.example.org", "db-1.internal",
  "cache_7.internal" }

local function makeLine(i)
  return format("%04d-%02d-%02d %02d:%02d:%02d [%-5s] host=%s pid=%d "
    .. "latency=%.2fms bytes=%x msg=\"request %d done\"",
    2000 + rand(30), 1 + rand(12), 1 + rand(28), rand(24), rand(60),
    rand(60), levels[1 + rand(4)], hosts[1 + rand(4)], 100 + rand(30000),
    rand(100000) / 100, rand(1000000), i)
end

local abbrev = { INFO = "I", WARN = "W", ERROR = "E", DEBUG = "D" }

local N = tonumber(arg and arg[1]) or 40000
local check, errors, bytes, fields = 0, 0, 0, 0
local hostCount = {}
for i = 1, N do
  local line = makeLine(i)
  local y, mo, d, h, mi, s, lvl = match(line,
    "^(%d+)%-(%d+)%-(%d+) (%d+):(%d+):(%d+) %[(%u+)%s*%]")
  local host = match(line, "host=([%w%.%-_]+)")
  local ms = tonumber(match(line, "latency=(%d+%.%d+)ms"))
  local hex = tonumber(match(line, "bytes=(%x+)"), 16)
  bytes = bytes + hex
  hostCount[host] = (hostCount[host] or 0) + 1
  if lvl == "ERROR" then errors = errors + 1 end
  for k, v in gmatch(line, "(%a+)=([^ ]+)") do
    fields = fields + #k + #v
  end
  local short = gsub(line, "%[(%u+)%s*%]", abbrev)
  short = gsub(short, "%d%d:%d%d:%d%d", "T")
  short = gsub(short, "%.example%.org", ".ex")
  short = gsub(short, "(%d+)", function(n) return #n end)
  local stamp = format("%s%s%s|%6.1f|%08.3f", y, mo, d, ms, ms / 7)
  local p = find(line, "msg=", 1, true) or 0
  check = (check * 31 + #short + #stamp + p + tonumber(h) * 60
    + tonumber(mi) + tonumber(s)) % 1000000007
end
local names = {}
for host in pairs(hostCount) do names[#names + 1] = host end
table.sort(names)
for _, host in ipairs(names) do
  check = (check * 31 + hostCount[host]) % 1000000007
end
print(format("strformat: %d lines, %d errors, %d field chars, bytes %d, "
  .. "checksum %d", N, errors, fields, bytes, check))
