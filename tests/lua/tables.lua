-- tables.lua: table behaviour in the core: growth of the array and hash
-- parts, keys of every type (integer/float normalisation, negative and zero
-- indices, booleans, tables, functions), deletion, traversal with next and
-- pairs while modifying, the length operator on sequences, and identity.

-- array part growth and shrinking
do
  local t = {}
  for i = 1, 10000 do t[i] = i * 2 end
  assert(#t == 10000 and t[5000] == 10000)
  local sum = 0
  for i = 1, #t do sum = sum + t[i] end
  assert(sum == 100010000)
  for i = 10000, 5001, -1 do t[i] = nil end
  assert(#t == 5000)
  -- filling backwards
  local r = {}
  for i = 100, 1, -1 do r[i] = i end
  assert(#r == 100 and r[1] == 1)
end

-- hash part with many keys, deletions and reinsertions
do
  local h = {}
  for i = 1, 5000 do h["k" .. i] = i end
  for i = 1, 5000, 2 do h["k" .. i] = nil end
  local n, sum = 0, 0
  for k, v in pairs(h) do n = n + 1; sum = sum + v end
  assert(n == 2500 and sum == 2500 * 2501)
  for i = 1, 5000, 2 do h["k" .. i] = -i end
  n = 0
  for k in pairs(h) do n = n + 1 end
  assert(n == 5000 and h.k1 == -1)
end

-- key normalisation: floats with integral values are integers
do
  local t = {}
  t[1.0] = "a"; t[2] = "b"; t[3.0] = "c"
  assert(t[1] == "a" and t[2.0] == "b" and t[3] == "c" and #t == 3)
  t[-0.0] = "zero"
  assert(t[0] == "zero")
  t[2^53] = "big"
  assert(t[9007199254740992] == "big")
  t[0.5] = "half"
  assert(t[0.5] == "half" and t[1] == "a")
  -- integers beyond 2^53 are distinct from the nearest floats
  local u = {}
  u[9007199254740993] = "int"
  assert(u[2^53 + 1] == nil)        -- 2^53 + 1 is the float 2^53
  -- integer keys and string keys are different
  u[1] = "one"; u["1"] = "string"
  assert(u[1] == "one" and u["1"] == "string")
end

-- unusual keys
do
  local t = {}
  local f, tb, co = print, {}, coroutine.create(print)
  t[0] = "zero"; t[-1] = "neg"; t[true] = "t"; t[false] = "f"
  t[f] = "fn"; t[tb] = "tbl"; t[co] = "co"; t[1e300] = "huge"; t[1 / 0] = "inf"
  assert(t[0] == "zero" and t[-1] == "neg" and t[true] == "t" and t[false] == "f")
  assert(t[f] == "fn" and t[tb] == "tbl" and t[co] == "co")
  assert(t[1e300] == "huge" and t[1 / 0] == "inf" and t[-1 / 0] == nil)
  local n = 0
  for k in pairs(t) do n = n + 1 end
  assert(n == 9)
  assert(#t == 0 or #t >= 0)
  -- the maximum and minimum integers
  t[9223372036854775807] = "max"
  t[-9223372036854775807 - 1] = "min"
  assert(t[9223372036854775807] == "max" and t[-9223372036854775807 - 1] == "min")
end

-- table identity
do
  local a, b = {}, {}
  assert(a ~= b and a == a)
  local t = {[a] = 1, [b] = 2}
  assert(t[a] == 1 and t[b] == 2)
  local c = a
  c.x = 5
  assert(a.x == 5)
end

-- traversal: every key exactly once; assigning existing keys and clearing
-- keys during traversal are allowed
do
  local t = {}
  for i = 1, 50 do t[i] = i; t["s" .. i] = i; t[i + 0.5] = i end
  local seen, n = {}, 0
  for k, v in pairs(t) do
    assert(not seen[k])
    seen[k] = true
    n = n + 1
    t[k] = v + 1
  end
  assert(n == 150 and t[1] == 2 and t.s1 == 2 and t[1.5] == 2)
  for k in pairs(t) do t[k] = nil end
  assert(next(t) == nil and #t == 0)
end

-- next with explicit keys
do
  local t = {10, 20, 30}
  local k, v = next(t)
  local count = 0
  while k do count = count + 1; k, v = next(t, k) end
  assert(count == 3)
  assert(next({}, nil) == nil)
end

-- nested and self-referential tables
do
  local t = {}
  t.self = t
  assert(t.self.self.self == t)
  local deep = {}
  local cur = deep
  for i = 1, 1000 do cur.next = {i = i}; cur = cur.next end
  cur = deep
  local last
  while cur.next do cur = cur.next; last = cur.i end
  assert(last == 1000)
end

-- sequences with a length operator
do
  local t = {n = 0}
  for i = 1, 100 do t[#t + 1] = i end
  assert(#t == 100 and t[100] == 100)
  t[#t] = nil
  assert(#t == 99)
  local s = {}
  s[1] = 1
  assert(#s == 1)
  s[1] = nil
  assert(#s == 0)
  -- a border is any index n with t[n] ~= nil and t[n+1] == nil (or 0)
  local holes = {1, 2, 3, nil, 5}
  local b = #holes
  assert((b == 0 or holes[b] ~= nil) and holes[b + 1] == nil)
end

-- tables created by constructors with mixed parts
do
  local t = {1, 2, 3, a = 1, b = 2, [10] = 10, [-1] = -1}
  local n = 0
  for k in pairs(t) do n = n + 1 end
  assert(n == 7)
end

-- table assignment through a function parameter modifies the caller's table
do
  local function fill(t) for i = 1, 3 do t[i] = i end end
  local t = {}
  fill(t)
  assert(#t == 3)
end

print("OK tables")
