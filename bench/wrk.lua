-- wrk script of the benchmark: replay a file of requests, one "Accept<TAB>path" per line,
-- round-robin, and print one JSON line of figures at the end (bench/run.py reads it).
-- WRK_MAX_REQUESTS > 0 stops the run after that many responses (bounded in count and time).

local requests = {}
local index = 0
local seen = 0
local limit = tonumber(os.getenv("WRK_MAX_REQUESTS") or "0")

function init(args)
  for line in io.lines(args[1]) do
    local accept, path = line:match("^([^\t]*)\t(.*)$")
    requests[#requests + 1] = wrk.format("GET", path, { Accept = accept })
  end
end

function request()
  index = index % #requests + 1
  return requests[index]
end

-- Only count responses when a limit is set: a response() hook costs wrk time per reply.
if limit > 0 then
  function response(status, headers, body)
    seen = seen + 1
    if seen >= limit then
      wrk.thread:stop()
    end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "mean_us": %.1f, '
      .. '"status_errors": %d, "timeouts": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.mean, e.status, e.timeout, e.connect + e.read + e.write))
end
