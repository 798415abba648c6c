-- table.sort: results, comparators, metamethods, inconsistent orders and
-- size limits.  Only the sortedness of the result is checked, never the
-- order of equal elements (sort is not stable).

local function check_error (expected, f, ...)
  local ok, msg = pcall(f, ...)
  assert(not ok, "expected an error: " .. expected)
  assert(msg == expected, "got: " .. tostring(msg))
end

local function is_sorted (t, lt, n)
  lt = lt or function (a, b) return a < b end
  for i = 2, n or #t do
    if lt(t[i], t[i - 1]) then return false end
  end
  return true
end

-- a deterministic generator (no dependency on math.random)
local seed = 12345
local function rnd (n)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % n
end

-- trivial sizes
do
  local t = {}
  table.sort(t)
  t = {1}
  table.sort(t)
  assert(t[1] == 1)
  t = {2, 1}
  table.sort(t)
  assert(t[1] == 1 and t[2] == 2)
  t = {3, 1, 2}
  table.sort(t)
  assert(t[1] == 1 and t[2] == 2 and t[3] == 3)
end

-- all permutations of small arrays
do
  local function permute (a, n, f)
    if n <= 1 then f(a) return end
    for i = 1, n do
      a[i], a[n] = a[n], a[i]
      permute(a, n - 1, f)
      a[i], a[n] = a[n], a[i]
    end
  end
  for size = 1, 7 do
    local base = {}
    for i = 1, size do base[i] = i end
    local count = 0
    permute(base, size, function (p)
      local c = {table.unpack(p)}
      table.sort(c)
      for i = 1, size do assert(c[i] == i) end
      table.sort(c, function (a, b) return a > b end)
      for i = 1, size do assert(c[i] == size + 1 - i) end
      count = count + 1
    end)
    local fact = 1
    for i = 2, size do fact = fact * i end
    assert(count == fact)
  end
end

-- random, sorted, reversed, equal and few distinct values
do
  local N = 3000
  local inputs = {
    function (i) return rnd(100000) end,
    function (i) return i end,
    function (i) return N - i end,
    function (i) return 7 end,
    function (i) return rnd(3) end,
    function (i) return i % 2 == 0 and i or -i end,   -- organ pipe-ish
    function (i) return (i * 7919) % N + 0.5 end,     -- floats
  }
  for _, gen in ipairs(inputs) do
    local t = {}
    for i = 1, N do t[i] = gen(i) end
    local sum = 0
    for i = 1, N do sum = sum + t[i] end
    table.sort(t)
    assert(#t == N and is_sorted(t))
    local sum2 = 0
    for i = 1, N do sum2 = sum2 + t[i] end
    assert(sum == sum2)
    table.sort(t, function (a, b) return a > b end)
    assert(is_sorted(t, function (a, b) return a > b end))
  end
end

-- strings and mixed integer/float numbers
do
  local months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
                  "Sep", "Oct", "Nov", "Dec"}
  table.sort(months)
  assert(table.concat(months, " ") ==
         "Apr Aug Dec Feb Jan Jul Jun Mar May Nov Oct Sep")
  local nums = {3, 1.5, -2, 2^53, -0.5, 10, 1}
  table.sort(nums)
  assert(is_sorted(nums) and nums[1] == -2 and nums[7] == 2^53)
end

-- a comparator that returns non-boolean values
do
  local t = {5, 3, 9, 1, 7, 2, 8}
  table.sort(t, function (a, b) if a < b then return "yes" end end)
  assert(table.concat(t, ",") == "1,2,3,5,7,8,9")
  -- all equal: a comparator that is always false is a valid order
  t = {}
  for i = 1, 500 do t[i] = i end
  table.sort(t, function () return false end)
  local seen = {}
  for i = 1, 500 do seen[t[i]] = true end
  for i = 1, 500 do assert(seen[i]) end
end

-- __lt on elements
do
  local mt = {__lt = function (a, b) return a.v < b.v end}
  local t = {}
  for i = 1, 200 do t[i] = setmetatable({v = rnd(1000)}, mt) end
  table.sort(t)
  for i = 2, 200 do assert(t[i - 1].v <= t[i].v) end
end

-- a proxy table: sort goes through __index, __newindex and __len
do
  local store = {}
  for i = 1, 100 do store[i] = rnd(50) end
  local reads, writes = 0, 0
  local proxy = setmetatable({}, {
    __index = function (_, k) reads = reads + 1; return store[k] end,
    __newindex = function (_, k, v) writes = writes + 1; store[k] = v end,
    __len = function () return 100 end,
  })
  table.sort(proxy)
  assert(is_sorted(store, nil, 100) and reads > 0 and writes > 0)
  assert(next(proxy) == nil)
end

-- inconsistent comparators raise an error instead of reading outside the
-- array (the comparator asserts that it never gets a nil)
do
  local function always (a, b) assert(a ~= nil and b ~= nil); return true end
  for n = 4, 40 do
    local t = {}
    for i = 1, n do t[i] = i end
    check_error("invalid order function for sorting", table.sort, t, always)
  end
  -- a random comparator may or may not be detected, but never sees nil
  for round = 1, 50 do
    local t = {}
    for i = 1, 60 do t[i] = i end
    pcall(table.sort, t, function (a, b)
      assert(a ~= nil and b ~= nil)
      return rnd(2) == 0
    end)
    local seen, count = {}, 0
    for i = 1, 60 do
      if t[i] ~= nil and not seen[t[i]] then
        seen[t[i]] = true
        count = count + 1
      end
    end
    assert(count == 60)   -- still a permutation
  end
end

-- errors from the comparator propagate
do
  local ok, msg = pcall(table.sort, {3, 2, 1}, function () error("boom", 0) end)
  assert(not ok and msg == "boom")
  ok, msg = pcall(table.sort, {1, "x", 2})
  assert(not ok)
end

-- argument checks and lengths
do
  local weird = setmetatable({}, {__len = function () return -1 end})
  table.sort(weird, error)    -- length below 2: nothing to compare
  local huge = setmetatable({}, {__len = function ()
                                  return 0x7fffffffffffffff end})
  check_error("bad argument #1 to 'table.sort' (array too big)",
              table.sort, huge)
  check_error("bad argument #2 to 'table.sort' (function expected, got number)",
              table.sort, {1, 2}, 3)
  check_error("bad argument #1 to 'table.sort' (table expected, got string)",
              table.sort, "abc")
  table.sort({2, 1}, nil)
end

-- a larger run, also from a coroutine, with a yielding-free comparator
do
  local co = coroutine.wrap(function ()
    local t = {}
    for i = 1, 20000 do t[i] = rnd(1 << 30) end
    local calls = 0
    table.sort(t, function (a, b) calls = calls + 1; return a < b end)
    assert(is_sorted(t))
    coroutine.yield(calls)
  end)
  assert(co() > 20000)
end

-- comparator calls: 0, 1 and 2 elements, extra parameters, varargs,
-- results that are missing or more than one, C functions as comparators
do
  local calls = 0
  local function cmp (a, b) calls = calls + 1; return a < b end
  local t = {}
  table.sort(t, cmp)
  t = {5}
  table.sort(t, cmp)
  assert(t[1] == 5 and calls == 0)
  t = {5, 4}
  table.sort(t, cmp)
  assert(t[1] == 4 and t[2] == 5 and calls == 1)
  t = {4, 5}
  table.sort(t, cmp)
  assert(t[1] == 4 and t[2] == 5 and calls == 2)
  -- missing parameters are nil, extra ones see exactly two arguments
  t = {3, 1, 2, 9, 7}
  table.sort(t, function (a, b, c, d)
    assert(c == nil and d == nil)
    return a < b
  end)
  assert(table.concat(t, ",") == "1,2,3,7,9")
  table.sort(t, function (...)
    assert(select("#", ...) == 2)
    local a, b = ...
    return a > b
  end)
  assert(table.concat(t, ",") == "9,7,3,2,1")
  -- no result is false; only the first of several results counts
  table.sort(t, function () end)
  table.sort(t, function (a, b) return a < b, true, 1 end)
  assert(table.concat(t, ",") == "1,2,3,7,9")
  table.sort(t, function (a, b) return false, true end)
  -- a C function as the comparator
  t = {3, -1, 2, -5, 0, 7}
  table.sort(t, math.ult)
  assert(table.concat(t, ",") == "0,2,3,7,-5,-1")
end

-- errors raised by the comparator, at the first call and late in a
-- large sort, with non-string error values; the table stays a permutation
do
  local err = {}
  local ok, msg = pcall(table.sort, {2, 1}, function () error(err) end)
  assert(not ok and msg == err)
  local t = {}
  for i = 1, 1000 do t[i] = rnd(1000) end
  local n = 0
  ok, msg = pcall(table.sort, t, function (a, b)
    n = n + 1
    if n == 5000 then error("late", 0) end
    return a < b
  end)
  assert(not ok and msg == "late" and n == 5000 and #t == 1000)
  ok, msg = pcall(table.sort, t, function (a, b) return a.x < b end)
  assert(not ok and string.find(msg, "attempt to index a number value"))
  -- a C comparator raising
  ok, msg = pcall(table.sort, {1, 2, 3}, math.ult)
  assert(ok)
  ok, msg = pcall(table.sort, {1, "x", 3}, math.ult)
  assert(not ok and string.find(msg, "bad argument"))
end

-- a comparator that yields: sort is not a continuation point
do
  local co = coroutine.create(function ()
    table.sort({3, 2, 1}, function (a, b) coroutine.yield(); return a < b end)
  end)
  local ok, msg = coroutine.resume(co)
  assert(not ok and string.find(msg, "attempt to yield across a C%-call boundary"))
  co = coroutine.wrap(function () table.sort({1, 2, 3}, coroutine.yield) end)
  ok, msg = pcall(co)
  assert(not ok and string.find(msg, "attempt to yield across a C%-call boundary"))
  -- yields inside a coroutine the comparator itself runs are fine
  local t = {5, 1, 4, 2, 3}
  table.sort(t, function (a, b)
    local inner = coroutine.wrap(function (x, y) coroutine.yield(x < y) end)
    return inner(a, b)
  end)
  assert(table.concat(t, ",") == "1,2,3,4,5")
end

-- a comparator that grows the stack (recursion moves it) and one that
-- collects garbage while the elements are fresh strings and tables
do
  local function deep (n) if n == 0 then return 0 end return 1 + deep(n - 1) end
  local t = {}
  for i = 1, 300 do t[i] = rnd(10000) end
  local k = 0
  table.sort(t, function (a, b)
    k = k + 1
    if k % 50 == 0 then assert(deep(2000 + k % 3000) > 0) end
    return a < b
  end)
  assert(is_sorted(t))
  t = {}
  for i = 1, 300 do t[i] = {s = "k" .. rnd(100000)} end
  k = 0
  table.sort(t, function (a, b)
    k = k + 1
    if k % 97 == 0 then collectgarbage() end
    if k % 13 == 0 then local junk = {tostring(k), {}} end
    return a.s < b.s
  end)
  for i = 2, 300 do assert(t[i - 1].s <= t[i].s) end
  t = {}
  for i = 1, 300 do t[i] = "s" .. rnd(100000) end
  k = 0
  table.sort(t, function (a, b)
    k = k + 1
    if k % 61 == 0 then collectgarbage("step") end
    return a .. "" < b .. ""
  end)
  assert(is_sorted(t))
end

-- recursion through the comparator: nested sorts work, endless ones end
-- with a stack overflow error
do
  local t = {3, 1, 2}
  table.sort(t, function (a, b)
    local u = {b, a, 4}
    table.sort(u, function (x, y) return x > y end)
    return a < b
  end)
  assert(table.concat(t, ",") == "1,2,3")
  local function cmp (a, b) table.sort({1, 2}, cmp); return a < b end
  local ok, msg = pcall(table.sort, {1, 2}, cmp)
  assert(not ok and string.find(msg, "stack overflow"))
end

-- hooks see the comparator calls
do
  local calls = 0
  local function cmp (a, b) return a < b end
  local t = {}
  for i = 1, 50 do t[i] = rnd(100) end
  debug.sethook(function ()
    if debug.getinfo(2, "f").func == cmp then calls = calls + 1 end
  end, "c")
  table.sort(t, cmp)
  debug.sethook()
  assert(calls > 50 and is_sorted(t))
end

-- a comparator on a proxy table and on a table with __index/__newindex
-- whose array is partly elsewhere
do
  local store = {}
  for i = 1, 100 do store[i] = rnd(50) end
  local proxy = setmetatable({}, {
    __index = function (_, k) return store[k] end,
    __newindex = function (_, k, v) store[k] = v end,
    __len = function () return 100 end,
  })
  table.sort(proxy, function (a, b) return a > b end)
  assert(is_sorted(store, function (a, b) return a > b end, 100))
  local half = {}
  local t = setmetatable({}, {__index = half, __len = function () return 60 end,
    __newindex = function (t, k, v) rawset(t, k, v) end})
  for i = 1, 60 do if i % 2 == 0 then half[i] = rnd(1000) else t[i] = rnd(1000) end end
  table.sort(t, function (a, b) return a < b end)
  local prev = -1
  for i = 1, 60 do assert(t[i] >= prev); prev = t[i] end
end

-- numbers of both kinds and infinities take the comparison's fast path;
-- with a NaN '<' is no order (the result is a permutation, or the error)
do
  local t = {3, 1.5, -math.huge, math.huge, 2, 0.0, -0.0, 1, 1.0,
             math.mininteger, math.maxinteger, 2^63, -2^63, 0.5}
  table.sort(t)
  assert(is_sorted(t) and t[1] == -math.huge and t[#t] == math.huge)
  local nan = 0/0
  for n = 5, 300, 59 do
    local u = {}
    for i = 1, n do u[i] = (i % 7 == 0) and nan or rnd(100) end
    local ok, msg = pcall(table.sort, u)
    assert(ok or string.find(msg, "invalid order function"))
    local c = 0
    for i = 1, n do if u[i] ~= u[i] then c = c + 1 end end
    assert(c == n // 7)
  end
end

-- large ranges (a ninther pivot) with inconsistent comparators: never an
-- element outside the range, always a permutation
do
  for round = 1, 20 do
    local n = 200 + round * 37
    local t = {}
    for i = 1, n do t[i] = i end
    pcall(table.sort, t, function (a, b)
      assert(a ~= nil and b ~= nil)
      return rnd(3) == 0
    end)
    local seen, count = {}, 0
    for i = 1, n do
      if t[i] ~= nil and not seen[t[i]] then
        seen[t[i]] = true
        count = count + 1
      end
    end
    assert(count == n)
  end
  local t = {}
  for i = 1, 1000 do t[i] = i end
  check_error("invalid order function for sorting", table.sort, t,
              function (a, b) return true end)
  -- a comparison count in the n log n range on random input
  local calls = 0
  t = {}
  for i = 1, 5000 do t[i] = rnd(1 << 20) end
  table.sort(t, function (a, b) calls = calls + 1; return a < b end)
  assert(is_sorted(t) and calls < 5000 * 15)
end

print("OK table_sort")
