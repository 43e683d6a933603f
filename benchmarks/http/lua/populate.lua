-- wrk script: creates sessions fast. GET wrk.path (/new, or /new?pad=N) without a cookie and append
-- each answer's Set-Cookie (name=value) to the file named by OUT; the thread stops once it has
-- collected TARGET cookies (a few more sessions may be created by requests still in flight; their
-- cookies are not written). Run with -t1 (one file writer) and a -d that bounds the time.
local out, target, n = nil, tonumber(os.getenv("TARGET")), 0

function init(args)
  out = assert(io.open(os.getenv("OUT"), "a"))
  out:setvbuf("full")
end

function response(status, headers, body)
  if n >= target then return end
  for k, v in pairs(headers) do
    if string.lower(k) == "set-cookie" then
      out:write(string.match(v, "^[^;]*"), "\n")
      n = n + 1
      break
    end
  end
  if n % 1000 == 0 or n >= target then out:flush() end
  if n >= target then
    out:close()
    wrk.thread:stop()
  end
end
