-- bench/gcpause.lua: the longest single collector pause while a program
-- builds a large object graph, drops it and builds another.
-- The pause is measured from Lua as the longest gap between two
-- consecutive iterations of an allocating loop (each iteration does a few
-- microseconds of work, so a long gap is a collector step).  Reported for
-- the incremental mode, the generational mode and, for comparison, a
-- stop-the-world collector (incremental with stepmul 0).
-- Usage: elara bench/gcpause.lua [N]   (N objects per graph, default 300000)

local N = tonumber(arg and arg[1]) or 300000
local clock = os.clock

local function run (label, mode, stepmul)
  collectgarbage(mode)
  local oldmul = collectgarbage("param", "stepmul", stepmul)
  collectgarbage()
  local maxgap = 0
  local t0 = clock()
  local last = t0
  local function tick ()
    local now = clock()
    if now - last > maxgap then maxgap = now - last end
    last = now
  end
  local keep
  for round = 1, 4 do
    local graph = {}
    for i = 1, N do
      graph[i] = {i, {x = i, y = graph[i - 1]}, "k" .. (i % 1000)}
      tick()
    end
    keep = graph              -- the previous graph becomes garbage
    for i = 1, N // 2 do      -- short-lived churn
      local t = {i, i + 1}
      t[3] = t
      tick()
    end
  end
  local total = clock() - t0
  keep = nil
  collectgarbage("param", "stepmul", oldmul)
  collectgarbage()
  print(string.format("%-22s longest pause %8.2f ms   total %6.2f s   peak-ish %7.0f KB",
                      label, maxgap * 1000, total, collectgarbage("count")))
  return maxgap
end

print(string.format("gcpause: %d objects per graph", N))
run("incremental", "incremental", 200)
run("generational", "generational", 200)
run("stop-the-world", "incremental", 0)
