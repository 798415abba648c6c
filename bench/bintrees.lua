-- bintrees.lua: GC-heavy allocation, after the binary-trees benchmark:
-- many short-lived trees of small tables plus one long-lived tree.

local function bottomup(depth)
  if depth == 0 then return {} end
  depth = depth - 1
  return {bottomup(depth), bottomup(depth)}
end

local function check(tree)
  if tree[1] then return 1 + check(tree[1]) + check(tree[2]) end
  return 1
end

local N = tonumber(arg and arg[1]) or 15
local mindepth = 4
local maxdepth = N
if mindepth + 2 > N then maxdepth = mindepth + 2 end

local total = check(bottomup(maxdepth + 1))
local longlived = bottomup(maxdepth)

for depth = mindepth, maxdepth, 2 do
  local iters = 1
  for _ = 1, maxdepth - depth + mindepth do iters = iters * 2 end
  local c = 0
  for _ = 1, iters do c = c + check(bottomup(depth)) end
  total = total + c
end
total = total + check(longlived)

print("bintrees checksum " .. total)
