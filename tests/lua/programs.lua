-- programs.lua: small complete programs mixing many features, checked by
-- their results: sieve of Eratosthenes, quicksort, N-queens, memoised
-- recursion, matrix multiplication, breadth-first search, a serializer with
-- sorted keys, a tokenizer driven by a coroutine, and big-integer digits.

-- sieve
local function sieve(n)
  local composite, count, last = {}, 0, 0
  for i = 2, n do
    if not composite[i] then
      count, last = count + 1, i
      for j = i * i, n, i do composite[j] = true end
    end
  end
  return count, last
end
do
  local c, l = sieve(100000)
  assert(c == 9592 and l == 99991)
end

-- quicksort on an array, with a comparison function
local function qsort(a, lo, hi, lt)
  lo, hi = lo or 1, hi or #a
  lt = lt or function(x, y) return x < y end
  if lo >= hi then return a end
  local p = a[(lo + hi) // 2]
  local i, j = lo, hi
  while i <= j do
    while lt(a[i], p) do i = i + 1 end
    while lt(p, a[j]) do j = j - 1 end
    if i <= j then a[i], a[j] = a[j], a[i]; i, j = i + 1, j - 1 end
  end
  qsort(a, lo, j, lt)
  qsort(a, i, hi, lt)
  return a
end
do
  local a, seed = {}, 42
  for i = 1, 2000 do
    seed = (seed * 1103515245 + 12345) % 2147483648
    a[i] = seed % 1000
  end
  qsort(a)
  for i = 2, #a do assert(a[i - 1] <= a[i]) end
  local words = {"pear", "apple", "fig", "banana", "cherry"}
  qsort(words, nil, nil, function(x, y) return x > y end)
  assert(words[1] == "pear" and words[5] == "apple")
end

-- N-queens
local function queens(n)
  local cols, d1, d2, count = {}, {}, {}, 0
  local function place(r)
    if r > n then count = count + 1; return end
    for c = 1, n do
      if not cols[c] and not d1[r + c] and not d2[r - c + n] then
        cols[c], d1[r + c], d2[r - c + n] = true, true, true
        place(r + 1)
        cols[c], d1[r + c], d2[r - c + n] = nil, nil, nil
      end
    end
  end
  place(1)
  return count
end
assert(queens(6) == 4 and queens(8) == 92)

-- memoisation with a weak-valued cache
do
  local calls = 0
  local function memo(f)
    local m = {}
    return function(n)
      local v = m[n]
      if v == nil then calls = calls + 1; v = f(n); m[n] = v end
      return v
    end
  end
  local fib
  fib = memo(function(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end)
  assert(fib(90) == 2880067194370816120 and calls == 91)
end

-- matrix multiplication
do
  local function matmul(a, b)
    local n, m, p = #a, #b, #b[1]
    local c = {}
    for i = 1, n do
      local row = {}
      for j = 1, p do
        local s = 0
        for k = 1, m do s = s + a[i][k] * b[k][j] end
        row[j] = s
      end
      c[i] = row
    end
    return c
  end
  local id = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}
  local m = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}
  local r = matmul(m, id)
  assert(r[2][3] == 6)
  local sq = matmul(m, m)
  assert(sq[1][1] == 30 and sq[3][3] == 150)
  local f = matmul({{0.5, 0.25}}, {{2}, {4}})
  assert(f[1][1] == 2.0)
end

-- breadth-first search on a grid
do
  local grid = {
    "S.#.....",
    ".##.###.",
    "....#...",
    ".##...#E",
  }
  -- without the string library: decode rows with a lookup of characters
  local cells = {}
  local chars = {["S"] = "S", ["."] = ".", ["#"] = "#", ["E"] = "E"}
  local rows = {
    {"S", ".", "#", ".", ".", ".", ".", "."},
    {".", "#", "#", ".", "#", "#", "#", "."},
    {".", ".", ".", ".", "#", ".", ".", "."},
    {".", "#", "#", ".", ".", ".", "#", "E"},
  }
  local H, W = #rows, #rows[1]
  local start, goal
  for r = 1, H do for c = 1, W do
    if rows[r][c] == "S" then start = {r, c} elseif rows[r][c] == "E" then goal = {r, c} end
  end end
  local dist = {}
  local function key(r, c) return r * 100 + c end
  local queue, head = {start}, 1
  dist[key(start[1], start[2])] = 0
  while queue[head] do
    local cur = queue[head]; head = head + 1
    local r, c = cur[1], cur[2]
    for _, d in ipairs({{1, 0}, {-1, 0}, {0, 1}, {0, -1}}) do
      local nr, nc = r + d[1], c + d[2]
      if nr >= 1 and nr <= H and nc >= 1 and nc <= W and rows[nr][nc] ~= "#"
         and dist[key(nr, nc)] == nil then
        dist[key(nr, nc)] = dist[key(r, c)] + 1
        queue[#queue + 1] = {nr, nc}
      end
    end
  end
  assert(dist[key(goal[1], goal[2])] == 12, dist[key(goal[1], goal[2])])
  assert(#grid == H and chars["#"] == "#")
end

-- a serializer with sorted keys (insertion sort; keys of mixed types)
local function serialize(v, indent)
  indent = indent or ""
  local tv = type(v)
  if tv == "table" then
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = k end
    local function before(a, b)
      local ta, tb = type(a), type(b)
      if ta ~= tb then return ta < tb end
      return a < b
    end
    for i = 2, #keys do
      local k, j = keys[i], i - 1
      while j >= 1 and before(k, keys[j]) do keys[j + 1] = keys[j]; j = j - 1 end
      keys[j + 1] = k
    end
    local out = "{"
    for i, k in ipairs(keys) do
      if i > 1 then out = out .. "," end
      local ks = type(k) == "string" and k or "[" .. tostring(k) .. "]"
      out = out .. ks .. "=" .. serialize(v[k], indent)
    end
    return out .. "}"
  elseif tv == "string" then
    return '"' .. v .. '"'
  else
    return tostring(v)
  end
end
assert(serialize({b = 1, a = {x = true, [1] = 2.5}, [3] = "s", [1] = -1}) ==
       '{[1]=-1,[3]="s",a={[1]=2.5,x=true},b=1}')

-- a tokenizer over a list of characters, driven by a coroutine
do
  local input = {"1", "2", "+", "3", "4", "*", "(", "5", ")", " ", "7"}
  local digits = {}
  for d = 0, 9 do digits[tostring(d)] = d end
  local tokens = coroutine.wrap(function()
    local num
    for _, ch in ipairs(input) do
      if digits[ch] then
        num = (num or 0) * 10 + digits[ch]
      else
        if num then coroutine.yield("num", num); num = nil end
        if ch ~= " " then coroutine.yield("op", ch) end
      end
    end
    if num then coroutine.yield("num", num) end
    coroutine.yield(nil)
  end)
  local out = ""
  while true do
    local kind, val = tokens()
    if not kind then break end
    out = out .. kind .. ":" .. val .. " "
  end
  assert(out == "num:12 op:+ num:34 op:* op:( num:5 op:) num:7 ", out)
end

-- factorial of 50 with base-10^7 limbs
do
  local BASE = 10000000
  local digits = {1}
  for n = 2, 50 do
    local carry = 0
    for i = 1, #digits do
      local v = digits[i] * n + carry
      digits[i] = v % BASE
      carry = v // BASE
    end
    while carry > 0 do digits[#digits + 1] = carry % BASE; carry = carry // BASE end
  end
  local s = tostring(digits[#digits])
  for i = #digits - 1, 1, -1 do
    local part = tostring(digits[i])
    while #part < 7 do part = "0" .. part end
    s = s .. part
  end
  assert(s == "30414093201713378043612608166064768844377641568960512000000000000")
end

print("OK programs")
