-- wrk script: cycle through the addresses listed, one per line, in the file
-- named by the ADDRESSES environment variable; at the end, print one line of
-- JSON with the figures bench/run.py reads.
local paths = {}
for line in io.lines(os.getenv("ADDRESSES")) do
  if line ~= "" then paths[#paths + 1] = line end
end

local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("id", thread_id)
  thread_id = thread_id + 1
  threads[#threads + 1] = thread
end

function init(args)
  counter = id * 7919 -- threads start at different places in the list
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "errors_connect": %d, ' ..
    '"errors_read": %d, "errors_write": %d, "errors_status": %d, ' ..
    '"errors_timeout": %d, "p50_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read,
    e.write, e.status, e.timeout, latency:percentile(50),
    latency:percentile(99), latency.max))
end
