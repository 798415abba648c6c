-- pqueue.lua: a binary-heap priority queue (table.insert, table.remove and
-- index swaps driven by a comparator) used in two ways: a discrete-event
-- simulation of customers at service desks, and Dijkstra's shortest paths
-- on a generated grid graph. Ties are broken by a sequence number so
-- the pop order is total. Portable Lua (5.1 to 5.5, LuaJIT).

local Heap = {}
Heap.__index = Heap

function Heap.new(less)
  return setmetatable({ items = {}, less = less }, Heap)
end

function Heap:push(x)
  local items, less = self.items, self.less
  table.insert(items, x)
  local i = #items
  while i > 1 do
    local p = math.floor(i / 2)
    if less(items[i], items[p]) then
      items[i], items[p] = items[p], items[i]
      i = p
    else
      break
    end
  end
end

function Heap:pop()
  local items, less = self.items, self.less
  local n = #items
  if n == 0 then return nil end
  local top = items[1]
  local last = table.remove(items)
  n = n - 1
  if n > 0 then
    items[1] = last
    local i = 1
    while true do
      local l, r, m = 2 * i, 2 * i + 1, i
      if l <= n and less(items[l], items[m]) then m = l end
      if r <= n and less(items[r], items[m]) then m = r end
      if m == i then break end
      items[i], items[m] = items[m], items[i]
      i = m
    end
  end
  return top
end

function Heap:size() return #self.items end

local seed = 99
local function rand(n)
  seed = (seed * 16807) % 2147483647
  return seed % n
end

local function eventLess(a, b)
  if a.time ~= b.time then return a.time < b.time end
  return a.seq < b.seq
end

local function simulate(customers, desks)
  local events = Heap.new(eventLess)
  local seq = 0
  local function schedule(time, kind, who)
    seq = seq + 1
    events:push({ time = time, seq = seq, kind = kind, who = who })
  end
  local t = 0
  for c = 1, customers do
    t = t + rand(10)
    schedule(t, "arrive", c)
  end
  local free, waiting, whead, wtail = desks, {}, 1, 0
  local served, totalWait, arrived, now = 0, 0, {}, 0
  while events:size() > 0 do
    local e = events:pop()
    now = e.time
    if e.kind == "arrive" then
      arrived[e.who] = now
      if free > 0 then
        free = free - 1
        schedule(now + 5 + rand(30), "leave", e.who)
      else
        wtail = wtail + 1
        waiting[wtail] = e.who
      end
    else
      served = served + 1
      if whead <= wtail then
        local c = waiting[whead]
        waiting[whead] = nil
        whead = whead + 1
        totalWait = totalWait + (now - arrived[c])
        schedule(now + 5 + rand(30), "leave", c)
      else
        free = free + 1
      end
    end
  end
  return served, totalWait, now
end

local function dijkstra(w, h)
  local cost = {}
  for i = 1, w * h do cost[i] = 1 + rand(9) end
  local dist = {}
  local q = Heap.new(function(a, b)
    if a[1] ~= b[1] then return a[1] < b[1] end
    return a[2] < b[2]
  end)
  dist[1] = 0
  q:push({ 0, 1 })
  local settled = 0
  while q:size() > 0 do
    local top = q:pop()
    local d, v = top[1], top[2]
    if d == dist[v] then
      settled = settled + 1
      local x, y = (v - 1) % w, math.floor((v - 1) / w)
      local function relax(u)
        local nd = d + cost[u]
        local old = dist[u]
        if old == nil or nd < old then
          dist[u] = nd
          q:push({ nd, u })
        end
      end
      if x > 0 then relax(v - 1) end
      if x < w - 1 then relax(v + 1) end
      if y > 0 then relax(v - w) end
      if y < h - 1 then relax(v + w) end
    end
  end
  return dist[w * h], settled
end

local check = 0
local served, wait, finish = simulate(100000, 3)
check = (check * 31 + served + wait + finish) % 1000000007
local d, settled = dijkstra(250, 250)
check = (check * 31 + d + settled) % 1000000007
print(string.format("pqueue: served %d, wait %d, shortest %d, checksum %d",
  served, wait, d, check))
