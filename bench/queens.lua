-- queens.lua: a constraint solver written with objects. A Board class
-- keeps column and diagonal occupancy in arrays and is driven through
-- method calls (canPlace/place/remove) by a backtracking Solver that
-- counts every N-queens solution and folds the placements into a
-- checksum. Portable Lua (5.1 to 5.5, LuaJIT).

local Board = {}
Board.__index = Board

function Board.new(n)
  local b = setmetatable({ n = n, cols = {}, diag1 = {}, diag2 = {},
    rows = {} }, Board)
  for i = 1, n do b.cols[i] = false; b.rows[i] = 0 end
  for i = 1, 2 * n do b.diag1[i] = false; b.diag2[i] = false end
  return b
end

function Board:canPlace(row, col)
  return not self.cols[col] and not self.diag1[row + col]
     and not self.diag2[row - col + self.n]
end

function Board:place(row, col)
  self.cols[col] = true
  self.diag1[row + col] = true
  self.diag2[row - col + self.n] = true
  self.rows[row] = col
end

function Board:remove(row, col)
  self.cols[col] = false
  self.diag1[row + col] = false
  self.diag2[row - col + self.n] = false
  self.rows[row] = 0
end

function Board:signature()
  local s = 0
  for r = 1, self.n do s = (s * 11 + self.rows[r]) % 1000003 end
  return s
end

local Solver = {}
Solver.__index = Solver

function Solver.new(n)
  return setmetatable({ board = Board.new(n), n = n, solutions = 0,
    checksum = 0, nodes = 0 }, Solver)
end

function Solver:record()
  self.solutions = self.solutions + 1
  self.checksum = (self.checksum + self.board:signature()) % 1000000007
end

function Solver:search(row)
  local b = self.board
  if row > self.n then
    self:record()
    return
  end
  for col = 1, self.n do
    self.nodes = self.nodes + 1
    if b:canPlace(row, col) then
      b:place(row, col)
      self:search(row + 1)
      b:remove(row, col)
    end
  end
end

local N = tonumber(arg and arg[1]) or 10
local sols, sum, nodes = 0, 0, 0
for n = 4, N do
  for _ = 1, 20 do
    local s = Solver.new(n)
    s:search(1)
    sols = sols + s.solutions
    sum = (sum * 3 + s.checksum) % 1000000007
    nodes = nodes + s.nodes
  end
end
print(string.format("queens: %d solutions, %d nodes, checksum %d",
  sols, nodes, sum))
