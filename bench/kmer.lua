-- kmer.lua: sequence generation and k-mer counting. Generates a
-- pseudo-random DNA sequence (weighted alphabet, a linear congruential
-- generator) in 60-column lines built with string.char and table.concat,
-- strips the newlines with gsub, builds the reverse complement, and counts
-- k-mers of several lengths with string.sub into hash tables; the
-- frequency tables are sorted (count, then k-mer) so the output does not
-- depend on table iteration order. Portable Lua (5.1 to 5.5, LuaJIT).

local sub, char, byte = string.sub, string.char, string.byte
local concat = table.concat
local unpack = table.unpack or unpack

local seed = 42
local function rand(n)
  seed = (seed * 16807) % 2147483647
  return seed % n
end

-- weighted alphabet: cumulative thousandths
local alphabet = { { 97, 300 }, { 99, 500 }, { 103, 700 }, { 116, 1000 } }

local function generate(len)
  local lines, nl = {}, 0
  local line = {}
  local col = 0
  for _ = 1, len do
    local r = rand(1000)
    local c = 116
    for j = 1, 4 do
      if r < alphabet[j][2] then c = alphabet[j][1]; break end
    end
    col = col + 1
    line[col] = c
    if col == 60 then
      nl = nl + 1
      lines[nl] = char(unpack(line, 1, 60))
      col = 0
    end
  end
  if col > 0 then
    nl = nl + 1
    lines[nl] = char(unpack(line, 1, col))
  end
  return concat(lines, "\n") .. "\n"
end

local complement = { a = "t", c = "g", g = "c", t = "a" }

local function revcomp(seq)
  local out = {}
  local n = #seq
  for i = n, 1, -1 do out[n - i + 1] = complement[sub(seq, i, i)] end
  return concat(out)
end

local function count(seq, k)
  local freq = {}
  for i = 1, #seq - k + 1 do
    local key = sub(seq, i, i + k - 1)
    freq[key] = (freq[key] or 0) + 1
  end
  return freq
end

local function sorted(freq)
  local list = {}
  for key, n in pairs(freq) do list[#list + 1] = { key = key, n = n } end
  table.sort(list, function(a, b)
    if a.n ~= b.n then return a.n > b.n end
    return a.key < b.key
  end)
  return list
end

local LEN = tonumber(arg and arg[1]) or 250000
local text = generate(LEN)
local seq = text:gsub("\n", "")
local rc = revcomp(seq)
local check = #text
for _, s in ipairs({ seq, rc }) do
  local byK = {}
  for _, k in ipairs({ 1, 2, 3, 4, 6 }) do
    byK[k] = count(s, k)
    local list = sorted(byK[k])
    local top = list[1]
    check = (check * 31 + #list + top.n + byte(top.key, k)) % 1000000007
  end
  byK[12] = count(s, 12)
  for _, probe in ipairs({ "ggt", "ggta", "ggtatt", "ggtattttaatt" }) do
    check = (check * 31 + (byK[#probe][probe] or 0)) % 1000000007
  end
  local distinct = 0
  for _ in pairs(byK[12]) do distinct = distinct + 1 end
  check = (check * 31 + distinct) % 1000000007
end
print(string.format("kmer: %d bases, checksum %d", #seq, check))
