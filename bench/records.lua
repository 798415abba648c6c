-- records.lua: table.sort with comparators and table.insert/remove.
-- Builds arrays of employee-like records, sorts them with several
-- multi-key comparator functions (every key ends in a unique id, so the
-- order is total and the result does not depend on the sort algorithm),
-- keeps a sorted list by binary search plus table.insert, and drains it
-- with table.remove. Portable Lua (5.1 to 5.5, LuaJIT).

local seed = 7
local function rand(n)
  seed = (seed * 16807) % 2147483647
  return seed % n
end

local depts = { "eng", "ops", "sales", "legal", "hr", "research" }

local function makeRecords(n)
  local recs = {}
  for i = 1, n do
    recs[i] = { id = i, dept = depts[1 + rand(#depts)], age = 20 + rand(45),
      salary = 30000 + rand(90000), name = "emp" .. rand(100000) }
  end
  return recs
end

local byDeptSalary = function(a, b)
  if a.dept ~= b.dept then return a.dept < b.dept end
  if a.salary ~= b.salary then return a.salary > b.salary end
  return a.id < b.id
end

local byAgeName = function(a, b)
  if a.age ~= b.age then return a.age < b.age end
  if a.name ~= b.name then return a.name < b.name end
  return a.id < b.id
end

local byNameDesc = function(a, b)
  if a.name ~= b.name then return a.name > b.name end
  return a.id > b.id
end

local function fold(recs, check)
  for i = 1, #recs, 7 do check = (check * 31 + recs[i].id) % 1000000007 end
  return check
end

local function sortedInsert(list, rec, less)
  local lo, hi = 1, #list + 1
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if less(list[mid], rec) then lo = mid + 1 else hi = mid end
  end
  table.insert(list, lo, rec)
end

local N = tonumber(arg and arg[1]) or 20000
local check = 0
for round = 1, 5 do
  local recs = makeRecords(N)
  table.sort(recs, byDeptSalary)
  check = fold(recs, check)
  table.sort(recs, byAgeName)
  check = fold(recs, check)
  table.sort(recs, byNameDesc)
  check = fold(recs, check)
  -- numeric sort without a comparator
  local salaries = {}
  for i = 1, #recs do salaries[i] = recs[i].salary * 8 + round end
  table.sort(salaries)
  check = (check * 31 + salaries[1] + salaries[#salaries]
    + salaries[math.floor(#salaries / 2)]) % 1000000007
  -- incremental sorted list, then drained from both ends
  local list = {}
  for i = 1, 3000 do sortedInsert(list, recs[i], byAgeName) end
  while #list > 0 do
    local a = table.remove(list, 1)
    local b = table.remove(list)
    check = (check * 31 + a.id) % 1000000007
    if b then check = (check * 31 + b.id) % 1000000007 end
  end
end
print(string.format("records: %d records, checksum %d", N, check))
