-- data/runtime-error.lua: a helper for load.lua raising an error on line 3
local t = nil
return t.field
