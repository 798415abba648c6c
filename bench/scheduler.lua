-- scheduler.lua: method-heavy object code. A discrete scheduler
-- simulation: Task objects with a small state machine, a ring-buffer
-- Queue class per priority level, a Mailbox class for messages between
-- tasks, and a Scheduler that dispatches through method calls. Portable
-- Lua (5.1 to 5.5, LuaJIT); only integers below 2^53 are printed.

local Queue = {}
Queue.__index = Queue

function Queue.new()
  return setmetatable({ items = {}, head = 1, tail = 0 }, Queue)
end

function Queue:push(x)
  local t = self.tail + 1
  self.tail = t
  self.items[t] = x
end

function Queue:pop()
  local h = self.head
  if h > self.tail then return nil end
  local x = self.items[h]
  self.items[h] = nil
  self.head = h + 1
  return x
end

function Queue:size()
  return self.tail - self.head + 1
end

function Queue:isEmpty()
  return self.head > self.tail
end

local Mailbox = {}
Mailbox.__index = Mailbox

function Mailbox.new()
  return setmetatable({ queue = Queue.new(), received = 0 }, Mailbox)
end

function Mailbox:send(msg)
  self.queue:push(msg)
end

function Mailbox:receive()
  local m = self.queue:pop()
  if m then self.received = self.received + 1 end
  return m
end

-- Task: the base class. A task runs for a quantum, then blocks, yields
-- or finishes; kinds override step().
local Task = {}
Task.__index = Task

function Task.new(id, prio, work)
  local t = setmetatable({}, Task)
  t:init(id, prio, work)
  return t
end

function Task:init(id, prio, work)
  self.id = id
  self.prio = prio
  self.work = work
  self.done = 0
  self.state = "ready"
  self.mailbox = Mailbox.new()
  self.acc = id
end

function Task:remaining()
  return self.work - self.done
end

function Task:isFinished()
  return self.done >= self.work
end

function Task:step(sched)
  self.acc = (self.acc * 31 + self.done) % 1000003
  self.done = self.done + 1
end

function Task:run(sched, quantum)
  for _ = 1, quantum do
    if self:isFinished() then return "finished" end
    self:step(sched)
    if self.state == "blocked" then return "blocked" end
  end
  if self:isFinished() then return "finished" end
  return "yield"
end

-- Producer: sends a message to a consumer every few steps.
local Producer = setmetatable({}, { __index = Task })
Producer.__index = Producer

function Producer.new(id, prio, work, target)
  local t = setmetatable({}, Producer)
  t:init(id, prio, work)
  t.target = target
  return t
end

function Producer:step(sched)
  Task.step(self, sched)
  if self.done % 3 == 0 then
    sched:deliver(self.target, self.acc % 997)
  end
end

-- Consumer: blocks when its mailbox is empty.
local Consumer = setmetatable({}, { __index = Task })
Consumer.__index = Consumer

function Consumer.new(id, prio, work)
  local t = setmetatable({}, Consumer)
  t:init(id, prio, work)
  t.sum = 0
  return t
end

function Consumer:step(sched)
  local m = self.mailbox:receive()
  if m == nil then
    self.state = "blocked"
    return
  end
  self.sum = (self.sum + m * (self.done + 1)) % 1000003
  self.done = self.done + 1
end

local Scheduler = {}
Scheduler.__index = Scheduler

function Scheduler.new(levels, quantum)
  local s = setmetatable({ levels = {}, nlevels = levels, quantum = quantum,
    tasks = {}, blocked = {}, clock = 0, switches = 0, finished = 0,
    checksum = 0 }, Scheduler)
  for i = 1, levels do s.levels[i] = Queue.new() end
  return s
end

function Scheduler:add(task)
  self.tasks[task.id] = task
  task.state = "ready"
  self.levels[task.prio]:push(task)
end

function Scheduler:deliver(id, msg)
  local t = self.tasks[id]
  if t == nil then return end
  t.mailbox:send(msg)
  if t.state == "blocked" then
    self.blocked[id] = nil
    self:add(t)
  end
end

function Scheduler:pick()
  for i = 1, self.nlevels do
    local q = self.levels[i]
    if not q:isEmpty() then return q:pop() end
  end
  return nil
end

function Scheduler:retire(task)
  self.finished = self.finished + 1
  self.tasks[task.id] = nil
  task.state = "finished"
  local v = task.acc + (task.sum or 0)
  self.checksum = (self.checksum * 7 + v + task.id) % 1000000007
end

function Scheduler:runAll()
  while true do
    local t = self:pick()
    if t == nil then break end
    self.switches = self.switches + 1
    t.state = "running"
    local r = t:run(self, self.quantum)
    self.clock = self.clock + 1
    if r == "finished" then
      self:retire(t)
    elseif r == "blocked" then
      self.blocked[t.id] = t
    else
      -- demote a yielding task one level, then age it back to the top
      local p = t.prio + 1
      if p > self.nlevels then p = 1 end
      t.prio = p
      self:add(t)
    end
  end
  -- consumers still blocked when everything else is done
  local ids = {}
  for id in pairs(self.blocked) do ids[#ids + 1] = id end
  table.sort(ids)
  for _, id in ipairs(ids) do self:retire(self.blocked[id]) end
end

local ROUNDS = tonumber(arg and arg[1]) or 20
local total, switches = 0, 0
for r = 1, ROUNDS do
  local s = Scheduler.new(4, 5)
  local id = 0
  for i = 1, 300 do
    id = id + 1
    local cid = id
    s:add(Consumer.new(cid, 1 + i % 4, 40 + i % 17))
    id = id + 1
    s:add(Producer.new(id, 1 + (i * 7) % 4, 150 + (i * 13) % 61, cid))
    id = id + 1
    s:add(Task.new(id, 1 + (i * 3) % 4, 100 + (i + r) % 37))
  end
  s:runAll()
  total = (total * 31 + s.checksum + s.finished) % 1000000007
  switches = switches + s.switches
end
print(string.format("scheduler: %d switches, checksum %d", switches, total))
