-- strings_pack.lua: string.pack, packsize and unpack: every option (b B h
-- H i[n] I[n] l L j J T f d n s[n] z x X c[n] ! < > = and spaces),
-- alignment, integers of 1 to 16 bytes in both byte orders, and the
-- reference's error messages.  Assumes a 64-bit host with 2-byte shorts
-- and 4-byte ints, like the reference build it is compared with.

if not string then print("SKIP: needs the string library") return end

local pack, unpack, packsize = string.pack, string.unpack, string.packsize
local maxi = 0x7fffffffffffffff
local mini = 0x8000000000000000

local function eq(a, b)
  assert(a == b, tostring(a) .. " ~= " .. tostring(b))
end

local function list(...)
  local t = {n = select("#", ...), ...}
  local s = ""
  for i = 1, t.n do s = s .. (i > 1 and "," or "") .. tostring(t[i]) end
  return s
end

local function bytes(s) return list(s:byte(1, -1)) end

local function err(msg, f, ...)
  local ok, e = pcall(f, ...)
  assert(not ok, "no error, expected " .. msg)
  assert(type(e) == "string" and e:sub(-#msg) == msg,
         "got '" .. tostring(e) .. "', expected '" .. msg .. "'")
end

-- sizes
eq(packsize("b"), 1); eq(packsize("B"), 1)
eq(packsize("h"), 2); eq(packsize("H"), 2)
eq(packsize("i"), 4); eq(packsize("I"), 4)
eq(packsize("l"), 8); eq(packsize("L"), 8)
eq(packsize("j"), 8); eq(packsize("J"), 8); eq(packsize("T"), 8)
eq(packsize("f"), 4); eq(packsize("d"), 8); eq(packsize("n"), 8)
eq(packsize("i3"), 3); eq(packsize("I16"), 16)
eq(packsize("c10"), 10); eq(packsize("c0"), 0)
eq(packsize("x"), 1); eq(packsize(""), 0); eq(packsize("<>= "), 0)
eq(packsize("hHlLjJTfdn"), 2 + 2 + 8 + 8 + 8 + 8 + 8 + 4 + 8 + 8)
eq(packsize("!8 i1 i8"), 16)
err("(format asks for alignment not power of 2)", packsize, "!i3")
eq(packsize("!4 i1 d"), 12)
eq(packsize("!2 i1 d"), 10)
eq(packsize("x Xi4"), 1); eq(packsize("!4 x Xi4"), 4)
eq(packsize("c1000000000000"), 1000000000000)
err("(variable-length format)", packsize, "s")
err("(variable-length format)", packsize, "z")
err("(format result too large)", packsize, string.rep("c900000000000000000", 11))
err("integral size (17) out of limits [1,16]", packsize, "!17")
err("integral size (0) out of limits [1,16]", packsize, "i0")

-- integers, little and big endian
eq(bytes(pack("<i4", 100)), "100,0,0,0")
eq(bytes(pack(">i4", 100)), "0,0,0,100")
eq(bytes(pack("<i4", -2)), "254,255,255,255")
eq(bytes(pack(">I3", 16777215)), "255,255,255")
eq(bytes(pack("<h>h=h", 1, 1, 1)), bytes(pack("<h", 1) .. pack(">h", 1)
                                         .. pack("h", 1)))
eq(bytes(pack("b B", -128, 255)), "128,255")
eq(bytes(pack("<i16", -2)),
   "254,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255")
eq(bytes(pack(">I16", 2)), "0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,2")
eq(bytes(pack("<j", mini)), "0,0,0,0,0,0,0,128")
eq(bytes(pack("<J", -1)), "255,255,255,255,255,255,255,255")
eq(bytes(pack("I8", -1)), "255,255,255,255,255,255,255,255")
eq(bytes(pack("<i9", mini)), "0,0,0,0,0,0,0,128,255")
for size = 1, 16 do
  local lo = size < 8 and -(1 << (size * 8 - 1)) or mini
  local hi = size < 8 and (1 << (size * 8 - 1)) - 1 or maxi
  for _, v in ipairs({0, 1, -1, lo, hi, 100, -100}) do
    if v >= lo and v <= hi then
      for _, order in ipairs({"<", ">", "="}) do
        local f = order .. "i" .. size
        eq(unpack(f, pack(f, v)), v)
      end
    end
  end
  eq(select(2, unpack("i" .. size, pack("i" .. size, 0))), size + 1)
end
eq(unpack("<i16", string.rep("\255", 16)), -1)
eq(unpack("<I2", "\255\255"), 65535)
eq(unpack("<i2", "\255\255"), -1)
eq(unpack("<I9", string.rep("\255", 8) .. "\0"), -1)   -- fits unsigned
eq(unpack(">i9", "\255" .. pack(">j", -3)), -3)
err("9-byte integer does not fit into Lua Integer", unpack, "<I9",
    string.rep("\0", 8) .. "\1")
err("16-byte integer does not fit into Lua Integer", unpack, "<i16",
    string.rep("\255", 15) .. "\127")
err("bad argument #2 to 'string.pack' (integer overflow)", pack, "b", 128)
err("bad argument #2 to 'string.pack' (integer overflow)", pack, "i3", 8388608)
err("bad argument #2 to 'string.pack' (unsigned overflow)", pack, "B", -1)
err("bad argument #3 to 'string.pack' (unsigned overflow)", pack, "BI2", 1, 65536)
err("number has no integer representation)", pack, "i", 1.5)
err("number has no integer representation)", pack, "j", 2^63)
eq(bytes(pack("<i", 7.0)), "7,0,0,0")
eq(bytes(pack("<i", "7")), "7,0,0,0")

-- floats
eq(bytes(pack("<f", 1.5)), "0,0,192,63")
eq(bytes(pack(">d", 1.5)), "63,248,0,0,0,0,0,0")
eq(list(unpack("<d>f=n", pack("<d>f=n", 1.5, -2.25, 1/3))),
   list(1.5, -2.25, 1/3, 21))
eq(unpack("f", pack("f", 0.1)) ~= 0.1, true)     -- single precision
eq(unpack("d", pack("d", 0.1)), 0.1)
eq(unpack("n", pack("n", 1/0)), 1/0)
eq(unpack(">d", pack(">d", -0.0)), 0.0)
eq(tostring(unpack("n", pack("n", 3))), "3.0")   -- always a float
do local x = unpack("d", pack("d", 0/0)); assert(x ~= x) end

-- strings
eq(pack("z", "abc"), "abc\0")
eq(bytes(pack("<s", "hi")), "2,0,0,0,0,0,0,0,104,105")
eq(bytes(pack(">s2", "hi")), "0,2,104,105")
eq(pack("s1", ""), "\0")
eq(pack("c5", "ab"), "ab\0\0\0")
eq(pack("c2", "ab"), "ab")
eq(pack("c0", ""), "")
eq(list(unpack("z", "abc\0def")), "abc,5")
eq(list(unpack("s1", "\5hello!")), "hello,7")
eq(list(unpack("s2", "\3\0abc")), "abc,6")
eq(list(unpack("c2 c1", "abc")), "ab,c,4")
eq(list(unpack("zz", "a\0\0")), "a,,4")
err("bad argument #2 to 'string.pack' (string contains zeros)", pack, "z",
    "a\0b")
err("bad argument #2 to 'string.pack' (string longer than given size)", pack,
    "c2", "abc")
err("bad argument #2 to 'string.pack' (string length does not fit in given size)",
    pack, "s1", string.rep("x", 256))
err("missing size for format option 'c'", pack, "c")
err("(unfinished string for format 'z')", unpack, "z", "abc")
err("bad argument #2 to 'string.unpack' (data string too short)", unpack,
    "s1", "\5abc")
err("bad argument #2 to 'string.unpack' (data string too short)", unpack,
    "i4", "abc")

-- padding and alignment
eq(bytes(pack("<!8 b Xi8 i2", 1, 2)), "1,0,0,0,0,0,0,0,2,0")
eq(bytes(pack("<!4 b i4", 1, 2)), "1,0,0,0,2,0,0,0")
eq(bytes(pack("<!2 b i4", 1, 2)), "1,0,2,0,0,0")
eq(bytes(pack("<b i4", 1, 2)), "1,2,0,0,0")      -- maxalign 1 by default
eq(bytes(pack("<! b d", 1, 0)), "1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0")
eq(bytes(pack("b x b", 1, 2)), "1,0,2")
eq(bytes(pack("!4 b Xh b", 1, 2)), "1,0,2")
eq(bytes(pack("!4 z Xi4", "ab")), "97,98,0,0")
eq(list(unpack("<!4 b i4", pack("<!4 b i4", 7, 9))), "7,9,9")
eq(list(unpack("!8 b Xd b", "\1" .. string.rep("\0", 7) .. "\2")), "1,2,10")
eq(packsize("!8 b Xh"), 2)
eq(packsize("!8 c3 Xi8"), 8)
err("bad argument #1 to 'string.pack' (invalid next option for option 'X')",
    pack, "X")
err("(invalid next option for option 'X')", pack, "Xc1")
err("(invalid next option for option 'X')", packsize, "X ")
err("(invalid next option for option 'X')", packsize, "X<")
err("(format asks for alignment not power of 2)", pack, "!3i4", 1)
err("(format asks for alignment not power of 2)", packsize, "!4 Xi3")

-- unpack positions
eq(list(unpack("b", "\1\2\3", 2)), "2,3")
eq(list(unpack("b", "\1\2\3", -1)), "3,4")
eq(list(unpack("b", "\1\2\3", -100)), "1,2")
eq(list(unpack("", "abc", 4)), "4")
err("bad argument #3 to 'string.unpack' (initial position out of string)",
    unpack, "b", "abc", 5)
err("(data string too short)", unpack, "b", "abc", 4)

-- options and arguments
err("invalid format option 'y'", pack, "y")
err("invalid format option 'y'", packsize, "i4y")
err("integral size (17) out of limits [1,16]", pack, "i17", 1)
err("integral size (0) out of limits [1,16]", unpack, "I0", "")
err("bad argument #2 to 'string.pack' (number expected, got nil)",
    pack, "i")
err("bad argument #3 to 'string.pack' (number expected, got nil)", pack,
    "ii", 1)
eq(pack("i", 1, 2, 3), pack("i", 1))                 -- extra values ignored
do  -- many results
  local fmtstr = string.rep("b", 200)
  local data = string.rep("\7", 200)
  local t = {unpack(fmtstr, data)}
  eq(#t, 201); eq(t[200], 7); eq(t[201], 201)
end

print("OK strings_pack")
