-- strbuild.lua: string building with `..` and tostring only (no string
-- library), as a program without the string library would do it: lines
-- are built piecewise, then joined pairwise to avoid quadratic copying.

local N = tonumber(arg and arg[1]) or 150000

local lines = {}
for i = 1, N do
  lines[i] = "item " .. tostring(i) .. ": " .. tostring(i * 3) .. "," .. tostring(i % 17) .. ";"
end

-- pairwise join, like a balanced tree of concatenations
local parts = lines
while #parts > 1 do
  local nxt = {}
  for i = 1, #parts, 2 do
    if parts[i + 1] then nxt[#nxt + 1] = parts[i] .. "\n" .. parts[i + 1]
    else nxt[#nxt + 1] = parts[i] end
  end
  parts = nxt
end
local doc = parts[1]

-- many short-lived strings used as table keys
local seen, distinct = {}, 0
for i = 1, N do
  local k = "k" .. tostring(i % 5000) .. "_" .. tostring(i % 3)
  if not seen[k] then seen[k] = true; distinct = distinct + 1 end
end

print("length " .. #doc .. ", distinct keys " .. distinct)
