-- wrk script: every request asks for WRK_PATH with each "{N}" replaced by a fresh random
-- number of at least 100000, so that no answer cache can serve two requests alike.
local template = os.getenv("WRK_PATH")
math.randomseed(os.time())
request = function()
  local path = template:gsub("{N}", tostring(math.random(100000, 999999999)))
  return wrk.format("GET", path)
end
