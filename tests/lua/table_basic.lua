-- table library: concat, create, insert, remove, move, pack, unpack,
-- including proxies driven by __index/__newindex/__len.

local function check_error (expected, f, ...)
  local ok, msg = pcall(f, ...)
  assert(not ok, "expected an error: " .. expected)
  assert(msg == expected, "got: " .. tostring(msg))
end

local maxI, minI = 0x7fffffffffffffff, 1 << 63

-- concat
assert(table.concat({}) == "")
assert(table.concat({1, 2, 3}) == "123")
assert(table.concat({"a", "b", "c"}, ", ") == "a, b, c")
assert(table.concat({"a", "b", "c"}, "-", 2) == "b-c")
assert(table.concat({"a", "b", "c"}, "-", 2, 2) == "b")
assert(table.concat({"a", "b", "c"}, "-", 3, 2) == "")
assert(table.concat({1, 2.5, "x"}, "|") == "1|2.5|x")
assert(table.concat({[maxI - 1] = "y", [maxI] = "z"}, "", maxI - 1, maxI)
       == "yz")
check_error("invalid value (table) at index 2 in table for 'concat'",
            table.concat, {1, {}, 3})
check_error("invalid value (nil) at index 3 in table for 'concat'",
            table.concat, {1, 2}, "", 1, 3)
check_error("invalid value (boolean) at index 1 in table for 'concat'",
            table.concat, {true})

-- create (5.5)
do
  local t = table.create(100, 20)
  assert(type(t) == "table" and #t == 0 and next(t) == nil)
  t = table.create(0)
  assert(#t == 0)
  check_error("bad argument #1 to 'table.create' (out of range)",
              table.create, -1)
  check_error("bad argument #1 to 'table.create' (out of range)",
              table.create, 1 << 31)
  check_error("bad argument #2 to 'table.create' (out of range)",
              table.create, 1, -1)
  check_error("bad argument #1 to 'table.create' " ..
              "(number expected, got no value)",
              table.create)
end

-- insert
do
  local t = {}
  table.insert(t, "a")
  table.insert(t, "c")
  table.insert(t, 2, "b")
  table.insert(t, 1, "0")
  table.insert(t, #t + 1, "d")
  assert(table.concat(t) == "0abcd")
  check_error("wrong number of arguments to 'insert'", table.insert, t)
  check_error("wrong number of arguments to 'insert'", table.insert, t, 1, 2, 3)
  check_error("bad argument #2 to 'table.insert' (position out of bounds)",
              table.insert, t, 0, "x")
  check_error("bad argument #2 to 'table.insert' (position out of bounds)",
              table.insert, t, 7, "x")
  check_error("bad argument #2 to 'table.insert' (position out of bounds)",
              table.insert, t, -1, "x")
  check_error("bad argument #1 to 'table.insert' (table expected, got nil)",
              table.insert, nil, 1)
  -- inserting nil at the end is allowed
  table.insert(t, nil)
  assert(#t == 5)
end

-- remove
do
  local t = {"a", "b", "c", "d"}
  assert(table.remove(t) == "d" and #t == 3)
  assert(table.remove(t, 1) == "a" and table.concat(t) == "bc")
  assert(table.remove(t, #t + 1) == nil and #t == 2)
  check_error("bad argument #2 to 'table.remove' (position out of bounds)",
              table.remove, t, 4)
  check_error("bad argument #2 to 'table.remove' (position out of bounds)",
              table.remove, t, -1)
  local e = {}
  assert(table.remove(e) == nil)
  assert(table.remove(e, 0) == nil)
  assert(table.remove(e, #e) == nil)
  -- position 0 of an empty list may hold a value
  e[0] = "zero"
  assert(table.remove(e, 0) == "zero" and e[0] == nil)
  check_error("bad argument #2 to 'table.remove' (position out of bounds)",
              table.remove, e, 2)
end

-- move
do
  local a = {1, 2, 3, 4, 5}
  assert(table.move(a, 1, 3, 3) == a)
  assert(table.concat(a, ",") == "1,2,1,2,3")
  a = {1, 2, 3, 4, 5}
  table.move(a, 2, 5, 1)
  assert(table.concat(a, ",") == "2,3,4,5,5")
  local b = table.move({1, 2, 3}, 1, 3, 2, {})
  assert(b[1] == nil and b[2] == 1 and b[4] == 3)
  -- nothing happens when f > e
  b = table.move({1}, 2, 1, 1, {"x"})
  assert(b[1] == "x")
  -- large indices at the ends of the integer range
  b = table.move({[maxI - 2] = 1, [maxI - 1] = 2, [maxI] = 3},
                 maxI - 2, maxI, -10, {})
  assert(b[-10] == 1 and b[-9] == 2 and b[-8] == 3)
  b = table.move({[minI] = 1, [minI + 1] = 2}, minI, minI + 1, 1, {})
  assert(b[1] == 1 and b[2] == 2)
  check_error("bad argument #3 to 'table.move' (too many elements to move)",
              table.move, {}, minI, maxI, 1)
  check_error("bad argument #4 to 'table.move' (destination wrap around)",
              table.move, {}, 1, maxI, 2)
  check_error("bad argument #4 to 'table.move' (destination wrap around)",
              table.move, {}, 1, 2, maxI)
  check_error("bad argument #4 to 'table.move' (destination wrap around)",
              table.move, {}, minI, -2, 2)
  check_error("bad argument #2 to 'table.move' (number expected, got no value)",
              table.move, {})
end

-- pack and unpack
do
  local t = table.pack()
  assert(t.n == 0 and #t == 0)
  t = table.pack(1, nil, 3, nil)
  assert(t.n == 4 and t[1] == 1 and t[2] == nil and t[3] == 3)
  local a, b, c = table.unpack({1, 2, 3})
  assert(a == 1 and b == 2 and c == 3)
  assert(select("#", table.unpack({})) == 0)
  assert(select("#", table.unpack({1, 2, 3}, 2)) == 2)
  assert(select("#", table.unpack({1, 2, 3}, 2, 5)) == 4)
  assert(select("#", table.unpack({}, 3, 2)) == 0)
  a, b = table.unpack({[maxI - 1] = "p", [maxI] = "q"}, maxI - 1, maxI)
  assert(a == "p" and b == "q")
  a, b = table.unpack({[minI] = "m", [minI + 1] = "n"}, minI, minI + 1)
  assert(a == "m" and b == "n")
  check_error("too many results to unpack", table.unpack, {}, 1, 1e7)
  check_error("too many results to unpack", table.unpack, {}, 0, maxI)
  check_error("too many results to unpack", table.unpack, {}, minI, maxI)
  -- unpack does not require a table, only indexing
  local s = setmetatable({}, {__index = function (_, k) return k * 10 end,
                              __len = function () return 3 end})
  a, b, c = table.unpack(s)
  assert(a == 10 and b == 20 and c == 30)
end

-- metamethods: a proxy with no array of its own
do
  local store = {}
  local log = {}
  local proxy = setmetatable({}, {
    __index = function (_, k) return store[k] end,
    __newindex = function (_, k, v) log[#log + 1] = k; store[k] = v end,
    __len = function () return #store end,
  })
  table.insert(proxy, "a")
  table.insert(proxy, "b")
  table.insert(proxy, 1, "z")
  assert(store[1] == "z" and store[2] == "a" and store[3] == "b")
  assert(table.concat(proxy, ",") == "z,a,b")
  assert(table.remove(proxy, 1) == "z")
  assert(#store == 2 and store[1] == "a")
  table.move(proxy, 1, 2, 3)
  assert(store[3] == "a" and store[4] == "b")
  assert(rawget(proxy, 1) == nil)
  assert(#log > 0)

  -- __len alone decides the length
  local t = setmetatable({1, 2, 3, 4}, {__len = function () return 2 end})
  assert(table.concat(t) == "12")
  assert(table.remove(t) == 2 and t[2] == nil and t[3] == 3)

  -- a non-table with the right metamethods is accepted
  local ud_like = setmetatable({}, {__index = store})
  assert(select("#", table.unpack(ud_like, 1, 2)) == 2)
end

-- non-tables without metamethods are rejected
check_error("bad argument #1 to 'table.concat' (table expected, got number)",
            table.concat, 1)
check_error("bad argument #1 to 'table.move' (table expected, got boolean)",
            table.move, true, 1, 2, 3)
check_error("bad argument #5 to 'table.move' (table expected, got number)",
            table.move, {}, 1, 2, 3, 5)

print("OK table_basic")
