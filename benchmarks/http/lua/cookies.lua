-- wrk script: GET wrk.path (the path given on the command line) with a cookie taken from the file
-- named by the COOKIES environment variable (one "name=value" a line).
--   default: in turn; each thread starts at another offset, so connections rotate over all
--            sessions (consecutive requests, so in-flight requests are on distinct sessions as long
--            as there are more sessions than connections);
--   PICK=random: uniformly at random from the file (the sessions-in-the-store curve: a large
--            population, every lookup a different part of the store).
-- Loading the file happens in init(), before wrk starts its clock.
local cookies = {}
local i = 0
local threads = 0
local random = os.getenv("PICK") == "random"

function setup(thread)
  thread:set("offset", threads * 7919)
  threads = threads + 1
end

function init(args)
  local f = assert(io.open(os.getenv("COOKIES"), "r"))
  for line in f:lines() do
    if #line > 0 then cookies[#cookies + 1] = line end
  end
  f:close()
  assert(#cookies > 0, "no cookies in " .. os.getenv("COOKIES"))
  i = (offset or 0) % #cookies
  math.randomseed(os.time() + (offset or 0))
end

function request()
  if random then
    i = math.random(#cookies)
  else
    i = i % #cookies + 1
  end
  return wrk.format("GET", nil, { ["Cookie"] = cookies[i] })
end
