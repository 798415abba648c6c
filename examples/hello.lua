-- hello.lua: a first program for the elara launcher
--   build/cli/elara examples/hello.lua [name]

local who = arg[1] or "world"
print(("Hello, %s, from %s!"):format(who, _VERSION))

-- A few standard libraries at work (each one is a plugin).
local squares = {}
for i = 1, 10 do
  squares[#squares + 1] = i * i
end
print("squares: " .. table.concat(squares, " "))
print("sum:     " .. (function (t)
  local s = 0
  for _, v in ipairs(t) do s = s + v end
  return s
end)(squares))

local co = coroutine.wrap(function (n)
  for i = 1, n do coroutine.yield(i) end
end)
print("counted: " .. co(3) .. " " .. co() .. " " .. co())
print(("pi is about %.4f, 2^53 is %d"):format(math.pi, 1 << 53))
