-- json.lua: string scanning and building. A small JSON encoder and
-- recursive-descent decoder written in Lua for this suite: the encoder
-- escapes strings with gsub and builds output in a buffer joined with
-- table.concat (object keys sorted, so the text does not depend on table
-- iteration order); the decoder scans with string.byte, string.find and
-- string.sub. A generated document is encoded, decoded, re-encoded and
-- checked. Numbers are integers or eighths (exact in binary, printed with
-- %.3f). Portable Lua (5.1 to 5.5, LuaJIT).

local byte, sub, find, char = string.byte, string.sub, string.find, string.char
local format, concat = string.format, table.concat
local floor = math.floor

-- encoder ------------------------------------------------------------------

local escapes = {
  ['"'] = '\\"', ['\\'] = '\\\\', ['\n'] = '\\n', ['\t'] = '\\t',
  ['\r'] = '\\r', ['\b'] = '\\b', ['\f'] = '\\f',
}

local function escapeChar(c)
  return escapes[c] or format("\\u%04x", byte(c))
end

local encodeValue

local function encodeString(s, buf, n)
  n = n + 1
  buf[n] = '"' .. s:gsub('[%c"\\]', escapeChar) .. '"'
  return n
end

local function isArray(t)
  local count = 0
  for _ in pairs(t) do count = count + 1 end
  return count == #t
end

function encodeValue(v, buf, n)
  local tv = type(v)
  if tv == "string" then
    return encodeString(v, buf, n)
  elseif tv == "number" then
    n = n + 1
    if floor(v) == v then buf[n] = format("%d", v)
    else buf[n] = format("%.3f", v) end
    return n
  elseif tv == "boolean" then
    n = n + 1
    buf[n] = v and "true" or "false"
    return n
  elseif tv == "table" then
    if isArray(v) and (#v > 0 or next(v) == nil) then
      n = n + 1; buf[n] = "["
      for i = 1, #v do
        if i > 1 then n = n + 1; buf[n] = "," end
        n = encodeValue(v[i], buf, n)
      end
      n = n + 1; buf[n] = "]"
    else
      local keys = {}
      for k in pairs(v) do keys[#keys + 1] = k end
      table.sort(keys)
      n = n + 1; buf[n] = "{"
      for i = 1, #keys do
        if i > 1 then n = n + 1; buf[n] = "," end
        n = encodeString(keys[i], buf, n)
        n = n + 1; buf[n] = ":"
        n = encodeValue(v[keys[i]], buf, n)
      end
      n = n + 1; buf[n] = "}"
    end
    return n
  end
  n = n + 1
  buf[n] = "null"
  return n
end

local function encode(v)
  local buf = {}
  local n = encodeValue(v, buf, 0)
  return concat(buf, "", 1, n)
end

-- decoder ------------------------------------------------------------------

local decodeAt

local function skip(s, i)
  local _, e = find(s, "^[ \t\r\n]*", i)
  return e + 1
end

local unescape = { [98] = "\b", [102] = "\f", [110] = "\n", [114] = "\r",
  [116] = "\t", [34] = '"', [92] = "\\", [47] = "/" }

local function decodeString(s, i)
  -- s:byte(i) is the opening quote
  local parts, np = {}, 0
  local j = i + 1
  while true do
    local c = byte(s, j)
    if c == 34 then
      np = np + 1; parts[np] = sub(s, i + 1, j - 1)
      return concat(parts, "", 1, np), j + 1
    elseif c == 92 then
      np = np + 1; parts[np] = sub(s, i + 1, j - 1)
      local e = byte(s, j + 1)
      if e == 117 then
        np = np + 1; parts[np] = char(tonumber(sub(s, j + 2, j + 5), 16))
        j = j + 6
      else
        np = np + 1; parts[np] = unescape[e]
        j = j + 2
      end
      i = j - 1
    elseif c == nil then
      error("unterminated string")
    else
      j = j + 1
    end
  end
end

function decodeAt(s, i)
  i = skip(s, i)
  local c = byte(s, i)
  if c == 123 then -- {
    local obj = {}
    i = skip(s, i + 1)
    if byte(s, i) == 125 then return obj, i + 1 end
    while true do
      local k
      k, i = decodeString(s, skip(s, i))
      i = skip(s, i)
      if byte(s, i) ~= 58 then error("expected ':' at " .. i) end
      obj[k], i = decodeAt(s, i + 1)
      i = skip(s, i)
      c = byte(s, i)
      if c == 125 then return obj, i + 1 end
      if c ~= 44 then error("expected ',' at " .. i) end
      i = i + 1
    end
  elseif c == 91 then -- [
    local arr, n = {}, 0
    i = skip(s, i + 1)
    if byte(s, i) == 93 then return arr, i + 1 end
    while true do
      n = n + 1
      arr[n], i = decodeAt(s, i)
      i = skip(s, i)
      c = byte(s, i)
      if c == 93 then return arr, i + 1 end
      if c ~= 44 then error("expected ',' at " .. i) end
      i = i + 1
    end
  elseif c == 34 then
    return decodeString(s, i)
  elseif c == 116 then
    return true, i + 4
  elseif c == 102 then
    return false, i + 5
  elseif c == 110 then
    return nil, i + 4
  else
    local _, e = find(s, "^-?%d+%.?%d*", i)
    return tonumber(sub(s, i, e)), e + 1
  end
end

local function decode(s)
  local v = decodeAt(s, 1)
  return v
end

-- document -----------------------------------------------------------------

local seed = 12345
local function rand(n)
  seed = (seed * 16807) % 2147483647
  return seed % n
end

local words = { "alpha", "beta", "gamma", "delta", "tab\there", "quote\"d",
  "back\\slash", "new\nline", "plain", "ctrl\1char", "longer word here" }

local function makeRecord(id)
  local tags = {}
  for i = 1, 1 + rand(5) do tags[i] = words[1 + rand(#words)] end
  return {
    id = id,
    name = words[1 + rand(#words)] .. " " .. id,
    score = rand(10000) * 0.25 + 0.125,
    active = rand(2) == 1,
    tags = tags,
    pos = { x = rand(1000) - 500, y = rand(1000) - 500 },
    note = rand(4) == 0 and "" or words[1 + rand(#words)],
  }
end

local function hash(s)
  local h = #s
  for i = 1, #s, 3 do h = (h * 31 + byte(s, i)) % 1000000007 end
  return h
end

local N = tonumber(arg and arg[1]) or 2000
local ROUNDS = tonumber(arg and arg[2]) or 6
local total, ok = 0, 0
for r = 1, ROUNDS do
  local doc = { version = r, records = {} }
  for i = 1, N do doc.records[i] = makeRecord(i) end
  local text = encode(doc)
  local back = decode(text)
  local again = encode(back)
  if again == text then ok = ok + 1 end
  local sum = 0
  for i = 1, #back.records do
    local rec = back.records[i]
    sum = sum + rec.pos.x + #rec.tags + (rec.active and 1 or 0)
  end
  total = (total * 31 + hash(again) + sum + #text) % 1000000007
end
print(format("json: %d/%d round trips, checksum %d", ok, ROUNDS, total))
