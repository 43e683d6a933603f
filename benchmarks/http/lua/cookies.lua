-- wrk script: GET wrk.path (the path given on the command line) with a cookie taken in turn from
-- the file named by the COOKIES environment variable (one "name=value" a line). Each thread starts
-- at another offset, so connections rotate over all sessions.
local cookies = {}
local i = 0
local threads = 0

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
end

function request()
  i = i % #cookies + 1
  return wrk.format("GET", nil, { ["Cookie"] = cookies[i] })
end
