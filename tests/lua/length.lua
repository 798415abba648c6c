-- length.lua: which border '#' picks for tables with holes.  Any border is
-- a valid length, but programs and test suites written against the
-- reference Lua 5.5.0 (lua-cjson's, for one) depend on the one it picks,
-- which follows from the size of the array part and from where the search
-- starts in it.  Every expected value below is what /work/ref/lua gives.

local function isborder(t, n)
  return (n == 0 or t[n] ~= nil) and t[n + 1] == nil
end

-- constructors: the array part is exactly as long as the list
do
  assert(#{nil, true} == 0)
  assert(#{1, nil, 3} == 1)
  assert(#{nil} == 0 and #{nil, nil} == 0)
  assert(#{1, 2, 3, nil} == 3)
  assert(#{1, 2, 3, 4, nil, 6, 7, 8} == 4)
  assert(#{1, nil, 3, 4, 5, 6, 7, 8} == 8)
  assert(#{nil, nil, 3} == 0)
  assert(#{n = 1, 1, nil, 3} == 1)
  -- a multi-value tail sizes the array by the values it brings
  local function f(...) return {...} end
  assert(#f(1, nil, 3) == 1 and #f(nil, true) == 0 and #f(nil, nil, 3) == 0)
  assert(#table.pack(1, nil, 3) == 1)
end

-- generated constructors {source, length}
do
  local cases = {
    {"{1,nil,3,4}", 1},
    {"{1,2,3,nil,nil}", 3},
    {"{nil,2,nil,4,5,nil,nil}", 2},
    {"{nil,2,nil,4,nil,nil,7}", 2},
    {"{1,2,nil,4,5,6,7}", 2},
    {"{nil,2,3,nil,5,nil,nil}", 3},
    {"{nil,2,3,4,5,6,nil}", 6},
    {"{nil,2,3,4,5,6,nil}", 6},
    {"{nil,2,nil,4,5,6,nil}", 2},
    {"{1,nil,3,4,5,6,7}", 7},
    {"{nil,nil,nil,4,5,6,nil}", 0},
    {"{1,2,3,4,nil,6,nil}", 4},
    {"{nil,2,3,nil,5,6,7}", 3},
    {"{1,2,3,4,5,6,7}", 7},
    {"{nil,2,nil,nil,5,6,7}", 2},
    {"{1,2,nil,4,5,6,nil}", 2},
    {"{nil,2,3,nil,nil,6,7}", 3},
    {"{1,nil,3,nil,5,6,7}", 3},
    {"{1,nil,3,4,5,6,7}", 7},
    {"{1,2,nil,nil,5,6,7}", 2},
    {"{1,2,nil,nil,5,nil,7}", 2},
    {"{1,2,3,nil,5,6,7,8,9,10,11,12,nil,14,15,16,17,18,19,nil,21,22,23}", 12},
    {"{nil,2,3,4,5,6,nil}", 6},
    {"{1,2,nil,4,nil,6,7,8,9,nil,11,12,13,14,15}", 9},
    {"{nil,2,3,nil,nil,nil,7,8,9,nil,11,12,13,14,15,16,17,nil,19,nil,21,22,23}", 23},
    {"{1,2,nil,4,5,nil,nil}", 2},
    {"{1,nil,nil,nil,nil,6,7,8,nil,nil,11,12,nil,14,nil}", 8},
    {"{1,2,nil,4,nil,6,nil,8,9,10,11,nil,nil,14,nil,nil,nil,18,19,20,21,nil,nil}", 11},
    {"{nil,nil,3,nil,5,nil,nil}", 3},
    {"{1,2,3,4,5,nil,7,8,9,10,11,nil,13,14,nil}", 14},
    {"{1,2,3,nil,5,6,7,8,9,10,11,12,nil,14,nil}", 12},
    {"{nil,nil,3,nil,5,6,nil,nil,nil,10,nil,12,nil,14,15,nil,nil,18,nil,20,21,22,nil}", 10},
    {"{1,2,nil,4,nil,6,7,nil,9,nil,nil,nil,13,14,nil}", 7},
    {"{nil,2,3,4,5,6,7,8,nil,10,11,nil,13,14,nil,nil,17,18,19,nil,21,nil,23}", 11},
    {"{1,2,3,4,nil,nil,7,nil,9,nil,11,nil,nil,14,15}", 7},
    {"{1,2,nil,4,nil,6,7}", 2},
    {"{1,2,3,4,nil,nil,7,8,9,nil,nil,nil,13,14,15,16,nil,18,nil,nil,21,22,nil}", 9},
    {"{nil,2,3,nil,nil,6,7,8,9,10,11,nil,13,nil,15,16,17,18,19,20,21,22,nil}", 11},
    {"{1,nil,3,4,5,nil,7,8,9,nil,11,nil,13,nil,15}", 9},
    {"{1,nil,3,4,5,nil,7}", 5},
    {"{1,nil,nil,4,5,6,nil}", 1},
    {"{1,nil,3,nil,nil,nil,7,8,9,10,11,12,13,14,15,16,nil,18,19,20,21,22,23}", 23},
    {"{1,2,3,4,5,6,nil}", 6},
    {"{1,2,nil,4,nil,nil,nil}", 2},
    {"{1,nil,3,4,nil,6,7,nil,nil,10,nil,12,13,14,nil,16,17,18,19,20,21,nil,23}", 10},
    {"{nil,2,3,nil,nil,6,7}", 3},
    {"{1,2,nil,4,5,6,nil}", 2},
    {"{1,nil,nil,4,5,6,7,8,nil,nil,nil,nil,nil,nil,15}", 8},
    {"{1,2,3,nil,5,nil,nil,8,nil,10,11,12,13,14,15}", 5},
    {"{1,2,nil,4,nil,nil,nil,nil,9,10,11,nil,nil,14,15,16,nil,18,nil,20,21,22,nil}", 11},
    {"{1,2,3,4,5,6,nil}", 6},
    {"{1,2,nil,nil,5,6,7}", 2},
    {"{nil,nil,nil,4,5,nil,nil,8,nil,nil,11,nil,nil,14,15}", 5},
    {"{1,nil,3,4,5,6,nil}", 6},
    {"{nil,nil,3,4,5,nil,7,nil,9,10,11,12,13,14,15,16,nil,nil,nil,20,21,22,23}", 23},
    {"{nil,nil,3,4,5,6,7,8,nil,10,nil,nil,nil,14,nil,16,17,nil,19,nil,21,nil,23}", 10},
    {"{1,2,3,4,5,6,7,8,9,10,11,12,13,14,nil,nil,17,18,nil,nil,nil,22,23}", 14},
    {"{1,2,nil,nil,5,6,7,8,9,10,nil,nil,13,14,15}", 10},
    {"{1,nil,3,4,nil,6,nil,8,9,10,11,12,nil,14,15}", 6},
    {"{1,2,3,4,nil,6,7,8,9,nil,11,12,13,14,15}", 9},
  }
  for _, c in ipairs(cases) do
    local t = load("return " .. c[1])()
    local n = #t
    assert(n == c[2], c[1] .. ": " .. n .. " instead of " .. c[2])
    assert(#t == n)             -- taking it again changes nothing
  end
end

-- t[k] = true for the keys in this order; the rehashes on the way size the
-- array part (an array of n slots is kept while it holds over n/3 keys)
do
  local cases = {
    {{1,28,4,12,9,23,15,29,24,17,7,11,35,5,25,33,31,13,8,39,3,19,20,16,37,36,21,27,32}, 33},
    {{1,3,4,5,7,8,9,11}, 9},
    {{20,8,12,10,18,6,30,28,22,16,13,24,21,9,2,34,5,26,32,4,29,17,1,25,33,14}, 34},
    {{1,2,4,5,6,8,9,10,12,13,14,16,17,18,20,21,22,24,25,26,28,29,30}, 18},
    {{1,7,3,5,4}, 5},
    {{1,3,4,5,7,8,9,11,12,13,15,16,17,19,20,21,23,24,25,27}, 17},
    {{14,6,4,17,9,5,10,16,21,22,1,8,12,20,13,18,2}, 18},
    {{1,2,3,5}, 3},
    {{4,5,1,2,6}, 6},
    {{1,2,3,5,6,7,9,10,11,13,14,15,17,18,19,21,22,23,25,26,27,29,30,31,33}, 31},
    {{17,15,4,7,9,23,5,16,3,8,12,20,1,11,19,21,13}, 17},
    {{1,3,4,5,7,8,9,11,12,13,15,16,17,19,20,21,23,24,25,27,28,29,31}, 17},
    {{1}, 1},
    {{1,3,4,5,7,8,9,11,12,13,15,16,17,19,20,21,23,24,25,27,28,29,31}, 17},
    {{1}, 1},
    {{1,3,4,5,7,8,9,11,12,13,15,16,17,19,20,21,23,24,25,27,28,29,31}, 17},
    {{14,13,3,33,9,17,5,22,26,30,1,29,27,23,6,21,11,15,25,10,7,18,2,31,19}, 15},
    {{1,3,4,5,7}, 5},
    {{3,1}, 1},
    {{2,3,4,6,7,8,10,11,12,14,15,16,18,19,20,22,23,24}, 16},
    {{1,4,5,10,6,12,14,36,29,30,25,34,28,2,38,32,22,13,9,18,17,33,16,37,8,21,20,24,26}, 34},
    {{1,2,3,5,6,7,9,10,11,13,14,15,17,18,19,21,22,23,25,26,27,29,30,31,33}, 31},
    {{1,17,12,20,9,19,15,27,7,25,5,31,4,11,29,28,8,24,16,3,13,21,23}, 17},
    {{1,2,3,5,6,7,9,10,11,13,14,15,17}, 15},
    {{3,1,7,8,5,4,11,9}, 9},
    {{1,2,4,5,6,8,9,10}, 10},
    {{3,6,27,26,31,30,4,14,22,23,8,2,24,12,10,32,19,15,11,18,16,20,28,7}, 16},
    {{2,3,4,6,7,8,10,11,12,14,15,16,18,19,20,22,23,24,26,27,28,30,31,32,34,35,36,38,39,40}, 32},
    {{2,5,10,8,9,1,4,6}, 6},
    {{2,3,4,6,7,8,10,11,12,14,15,16,18,19,20,22,23,24,26,27,28,30,31,32,34,35,36,38,39,40}, 32},
    {{33,18,30,10,20,6,29,13,28,24,2,9,16,22,5,26,34,32,21,14,8,1,17,4,25,12}, 18},
    {{1,2,4,5,6,8,9,10,12,13,14,16,17,18,20,21,22}, 18},
    {{2,5,27,29,13,22,10,21,15,23,17,18,7,6,25,1,3,19,26,11,14,9}, 15},
    {{2,3,4}, 4},
    {{5,11,7,4,3,1,8,9}, 9},
    {{1,2}, 2},
    {{1,4,5,32,6,9,36,12,14,28,38,33,8,21,18,29,22,30,20,13,17,26,10,37,25,24,16,34,2}, 34},
    {{1}, 1},
    {{1,29,31,9,11,16,17,25,7,20,4,13,12,19,23,3,8,27,21,24,15,5,28}, 17},
    {{1,2,3,5,6,7,9}, 7},
  }
  for i, c in ipairs(cases) do
    local t = {}
    for _, k in ipairs(c[1]) do t[k] = true end
    local n = #t
    assert(n == c[2], "keys case " .. i .. ": " .. n .. " instead of " .. c[2])
  end
end

-- 1..n filled in order, then the listed keys removed
do
  local cases = {
    {33, {33,20,7,29,30,30}, 32},
    {33, {21,33,13,13}, 32},
    {3, {2,2,2,3,1,3}, 0},
    {35, {22,14,6,8}, 35},
    {5, {1,2}, 5},
    {25, {23,13,23,20,4,19}, 18},
    {17, {2,14,8,7}, 17},
    {35, {31,12}, 35},
    {39, {31,14}, 39},
    {27, {14,22,11,8}, 27},
    {29, {12,21,20,20}, 19},
    {15, {5,8,1,14,1,11}, 7},
    {31, {17,14,11,16}, 15},
    {25, {12,3,15,14}, 25},
    {27, {12,7}, 27},
    {7, {7,2,1,5,7,3}, 4},
    {15, {10,4,9,13}, 8},
    {1, {1,1,1,1,1,1}, 0},
    {33, {33,19}, 32},
    {21, {19,5,18,2}, 17},
    {7, {3,5,3,5}, 4},
    {9, {7,8}, 6},
    {37, {13,11,1,3,37,33}, 32},
    {21, {13,10,8,6}, 21},
    {7, {3,5}, 4},
    {3, {2,1,2,1,1,1}, 0},
    {27, {4,16}, 15},
    {7, {4,5}, 3},
    {35, {34,18,32,11,34,18}, 31},
    {19, {7,15,8,1}, 19},
    {37, {14,19,16,17}, 37},
    {23, {16,5,1,16,10,12}, 15},
    {39, {4,2,34,11}, 33},
    {17, {17,8}, 16},
    {21, {2,1,18,18,20,16}, 15},
    {5, {3,3,1,2,2,1}, 5},
    {13, {9,11,9,9}, 8},
    {15, {12,14,2,6,9,6}, 8},
    {15, {3,14}, 13},
    {27, {2,16}, 15},
  }
  for i, c in ipairs(cases) do
    local t = {}
    for k = 1, c[1] do t[k] = k end
    for _, k in ipairs(c[2]) do t[k] = nil end
    local n = #t
    assert(n == c[3], "holes case " .. i .. ": " .. n .. " instead of " .. c[3])
  end
end

-- the search starts from the middle of the array part, so where the holes
-- are decides which border is found
do
  local t = {}
  for i = 1, 16 do t[i] = i end
  t[9] = nil
  assert(#t == 8)
  t = {}
  for i = 1, 16 do t[i] = i end
  t[3] = nil
  assert(#t == 16)
  t = {}
  for i = 1, 16 do t[i] = i end
  t[16] = nil; t[4] = nil
  assert(#t == 15)
end

-- a sequence continuing into the hash part, with string keys around it
do
  local t = {1, 2, 3, 4}
  t.a = 1; t.b = 2
  t[5] = 5; t[6] = 6
  assert(#t == 6)
  for i = 7, 100 do t[i] = i; t["s" .. i] = i end
  assert(#t == 100)
  t[100] = nil
  assert(#t == 99)
end

-- table.insert / table.remove keep '#' on the end of the sequence
do
  local t = {}
  for i = 1, 20 do table.insert(t, i) end
  table.insert(t, 1, 0)
  assert(#t == 21 and t[1] == 0 and t[21] == 20)
  for _ = 1, 5 do table.remove(t) end
  assert(#t == 16 and t[16] == 15)
  table.remove(t, 1)
  assert(#t == 15 and t[1] == 1)
  t[#t + 1] = "x"
  assert(#t == 16)
end

-- keys 1, 2, 4, 8, ... 2^62 must not make '#' probe its way up to 2^62
-- (nor take long): the probe in the hash part is randomized
do
  local t = {}
  local k = 1
  for _ = 0, 62 do t[k] = true; k = k * 2 end
  local n = #t
  assert(isborder(t, n) and n < 1 << 20)
  local start = os.clock()
  for _ = 1, 10000 do n = #t end
  assert(os.clock() - start < 5)
end

-- the largest integer key present alone in a run
do
  local t = {[math.maxinteger] = true}
  assert(#t == 0)
  t = {1, 2, [math.maxinteger - 1] = true}
  assert(#t == 2)
end

-- every rehash restarts the search from the middle of the array part,
-- also when the array part keeps its size (here: a new string key)
do
  local t = {}
  for i = 1, 16 do t[i] = i end
  t[3] = nil
  assert(#t == 16)
  t[16] = nil
  assert(#t == 15)
  t.x = true
  t[12] = nil
  assert(#t == 11)
end

-- the appends of t[#t + 1] = v and the removals of t[#t] = nil, with
-- holes below: the border next to the last one found
do
  local t = {}
  for i = 1, 40 do t[i] = i end
  t[5] = nil
  t[20] = nil
  assert(#t == 40)
  for i = 41, 100 do t[#t + 1] = i end
  assert(#t == 100)
  for _ = 1, 30 do t[#t] = nil end
  assert(#t == 70)
  t[69] = nil
  assert(#t == 70)
  t[70] = nil
  assert(#t == 68)
end

-- a pseudo-random mix of appends, removals and holes over an array part
-- of 32 (and the rehashes past it): the borders '#' finds, summed
do
  local seed = 7
  local function r(n) seed = (seed * 16807) % 2147483647; return seed % n end
  local sum = 0
  for _ = 1, 500 do
    local t = {}
    for i = 1, 32 do t[i] = true end
    for i = 1, 32 do t[i] = nil end
    for i = 1, r(40) do t[i] = i end
    for step = 1, 60 do
      local op = r(4)
      if op == 0 then t[#t + 1] = step
      elseif op == 1 then t[r(24) + 1] = nil
      elseif op == 2 then t[r(24) + 1] = step
      else t[#t] = nil end
      sum = sum + #t
    end
  end
  assert(sum == 574194)  -- the reference's
end

print("OK length")
