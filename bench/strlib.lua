-- strlib.lua: string building with the string and table libraries
-- (table.concat, string.format, string.rep, string.sub, string.byte).
-- Without these libraries it prints a "SKIP:" line, which the runner
-- reports as skipped (as it does for an "attempt to index a nil value").

if not (string and table) then print("SKIP: needs the string and table libraries") return end

local N = tonumber(arg and arg[1]) or 300000

local buf = {}
for i = 1, N do
  buf[#buf + 1] = string.format("%6d|%-8s|%5.2f", i, "x" .. (i % 100), (i % 1000) / 7)
end
local doc = table.concat(buf, "\n")

local sum = 0
for i = 1, #doc, 97 do sum = (sum + string.byte(doc, i)) % 1000000007 end

local words = {}
for i = 1, 20000 do words[i] = string.rep(string.char(97 + i % 26), 1 + i % 5) end
local joined = table.concat(words, " ")
local upper = string.upper(string.sub(joined, 1, 1000))

print("length " .. #doc .. ", bytes " .. sum .. ", joined " .. #joined .. ", upper " .. #upper)
