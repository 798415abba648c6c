-- goto.lua: goto and labels: forward and backward jumps, `continue` idiom,
-- leaving nested loops, fresh locals per backward jump, label visibility and
-- the 5.5 scoping rules with their exact compile-time messages.

local function cerr(src, msg)
  local f, e = load(src, "=c")
  assert(f == nil, "expected a compile error for: " .. src)
  assert(e == msg, e)
end

local function compiles(src)
  local f, e = load(src, "=c")
  assert(f, e)
  return f
end

-- backward goto as a loop
do
  local i, sum = 1, 0
  ::top::
  if i <= 10 then
    sum = sum + i
    i = i + 1
    goto top
  end
  assert(sum == 55)
end

-- `continue`
do
  local odd = 0
  for i = 1, 10 do
    if i % 2 == 0 then goto continue end
    odd = odd + i
    ::continue::
  end
  assert(odd == 25)
end

-- continue in while and repeat loops
do
  local i, n = 0, 0
  while i < 10 do
    i = i + 1
    if i > 5 then goto cont end
    n = n + 1
    ::cont::
  end
  assert(n == 5)
  local j = 0
  repeat
    j = j + 1
    if j < 3 then goto cont2 end
    n = n + 100
    ::cont2::
  until j == 4
  assert(n == 205)
end

-- leaving nested loops
do
  local found
  for i = 1, 10 do
    for j = 1, 10 do
      if i * j == 42 then found = {i, j}; goto done end
    end
  end
  ::done::
  assert(found[1] == 6 and found[2] == 7)
end

-- every backward jump creates fresh locals for closures
do
  local fs = {}
  local i = 1
  ::again::
  local x = i * 10
  fs[i] = function() return x end
  i = i + 1
  if i <= 3 then goto again end
  assert(fs[1]() == 10 and fs[2]() == 20 and fs[3]() == 30)
end

-- closures and goto inside a loop body
do
  local fs = {}
  for i = 1, 3 do
    local v = i
    fs[#fs + 1] = function() v = v + 1; return v end
    if i == 2 then goto skip end
    fs[#fs + 1] = function() return v * 100 end
    ::skip::
  end
  assert(#fs == 5)
  assert(fs[1]() == 2 and fs[2]() == 200)   -- fs[1] and fs[2] share v
  assert(fs[3]() == 3)                      -- i == 2 has its own v
  assert(fs[4]() == 4 and fs[5]() == 400)   -- fs[4] and fs[5] share v
end

-- goto skipping code in the same block
do
  local x = 1
  goto l
  x = 2
  ::l::
  assert(x == 1)
end

-- label names are separate from variable names
do
  local l = 5
  goto l
  l = 6
  ::l::
  assert(l == 5)
end

-- nested functions have their own labels
do
  local function f()
    goto l
    do return 1 end
    ::l::
    return 2
  end
  ::l::
  assert(f() == 2)
end

-- a goto that jumps over a block with its own locals
assert(compiles("goto l; do local x end ::l:: return 1")() == 1)

-- a label at the end of a block is outside the scope of the block's locals
assert(compiles("goto l; local x; ::l::"))
assert(compiles("goto l; local x; ::l:: ;"))
assert(compiles("goto l; local x; ::l:: ::m::"))
assert(compiles("goto l; local x; ::l:: ; ; ::m:: ;"))
assert(compiles("do goto l; local x; ::l:: end"))
assert(compiles("goto l; global x; ::l::"))
assert(compiles("do goto l end; local x; ::l::"))
assert(compiles("local x; goto l; ::l:: ; x = 1"))
assert(compiles("while true do goto l end ::l::"))
assert(compiles("for i=1,2 do if i then goto l end end ::l:: return"))

-- errors
cerr("goto l", "c:1: no visible label 'l' for <goto> at line 1")
cerr("do ::l:: end goto l", "c:1: no visible label 'l' for <goto> at line 1")
cerr("local function f() goto l end ::l::", "c:1: no visible label 'l' for <goto> at line 1")
cerr("do\n goto l\n end\n do ::l:: end", "c:4: no visible label 'l' for <goto> at line 2")
cerr("::l:: ::l::", "c:1: label 'l' already defined on line 1")
-- 5.5: a label may not repeat a visible label, even from an enclosing block
cerr("::l:: do ::l:: end", "c:1: label 'l' already defined on line 1")
cerr("::a::\nlocal x\n::a::", "c:3: label 'a' already defined on line 1")
cerr("::a::\ndo\n::a:: end", "c:3: label 'a' already defined on line 1")
-- but the same name in sibling blocks is fine
assert(compiles("do ::l:: end ::l::"))
assert(compiles("do ::l:: end do ::l:: end"))
-- jumping into the scope of a local
cerr("goto l; local x; ::l:: print(x)", "c:1: <goto l> at line 1 jumps into the scope of 'x'")
cerr("goto l; local x <const> = 1; ::l:: return x",
     "c:1: <goto l> at line 1 jumps into the scope of 'x'")
cerr("goto l\nlocal x\n::l::\nprint(x)", "c:4: <goto l> at line 1 jumps into the scope of 'x'")
cerr("\ngoto l\n\nlocal x\n\n::l::\nprint(x)",
     "c:7: <goto l> at line 2 jumps into the scope of 'x'")
cerr("goto continue\n local x\n ::continue::\n x = 1",
     "c:4: <goto continue> at line 1 jumps into the scope of 'x'")
cerr("if true then goto l end local a = 1 ::l:: return",
     "c:1: <goto l> at line 1 jumps into the scope of 'a'")
-- `until` sees the locals of the loop body, so the label is not at the end
cerr("repeat goto cont; local x; ::cont:: until x",
     "c:1: <goto cont> at line 1 jumps into the scope of 'x'")
-- ... and into the scope of global declarations
cerr("goto l; global x; ::l:: x = 1", "c:1: <goto l> at line 1 jumps into the scope of 'x'")
cerr("goto l; global *; ::l:: x = 1", "c:1: <goto l> at line 1 jumps into the scope of '*'")
-- syntax
cerr("::1:: ", "c:1: <name> expected near '1'")
cerr("goto 1", "c:1: <name> expected near '1'")
cerr("goto = 1", "c:1: <name> expected near '='")
cerr("local goto = 1", "c:1: <name> expected near 'goto'")
cerr("break", "c:1: break outside loop near 'break'")
cerr("do break end", "c:1: break outside loop near 'break'")
cerr("::l", "c:1: '::' expected near <eof>")

-- break inside nested blocks of a loop
do
  local n = 0
  while true do
    do
      n = n + 1
      if n == 3 then break end
    end
  end
  assert(n == 3)
end

-- goto out of a loop that has to-be-closed variables closes them
do
  local closed = 0
  local mt = {__close = function() closed = closed + 1 end}
  for i = 1, 3 do
    local c <close> = setmetatable({}, mt)
    if i == 2 then goto out end
  end
  ::out::
  assert(closed == 2)
end

print("OK goto")
