-- wrk script of `make soak`: as addresses.lua (cycle through the addresses
-- listed in the file named by ADDRESSES), also counting the answers by kind:
-- server errors (5xx), other refusals (4xx) and pages answered from the page
-- cache. At the end, one line of JSON that bench/soak.py reads.
local paths = {}
for line in io.lines(os.getenv("ADDRESSES")) do
  if line ~= "" then paths[#paths + 1] = line end
end

local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("id", thread_id)
  thread_id = thread_id + 1
  threads[#threads + 1] = thread
end

-- Per thread (globals, so done() can read them with thread:get).
counter = 0
server_errors = 0
client_errors = 0
hits = 0
answers = 0

function init(args)
  counter = id * 7919 -- threads start at different places in the list
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function response(status, headers, body)
  answers = answers + 1
  if status >= 500 then
    server_errors = server_errors + 1
  elseif status >= 400 then
    client_errors = client_errors + 1
  end
  if headers["X-Page-Cache"] == "hit" then hits = hits + 1 end
end

function done(summary, latency, requests)
  local totals = {server_errors = 0, client_errors = 0, hits = 0, answers = 0}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do
      totals[name] = totals[name] + thread:get(name)
    end
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "answers": %d, "server_errors": %d, ' ..
    '"client_errors": %d, "hits": %d, "errors_connect": %d, "errors_read": %d, ' ..
    '"errors_write": %d, "errors_timeout": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"max_us": %d}\n',
    summary.requests, summary.duration, totals.answers, totals.server_errors,
    totals.client_errors, totals.hits, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
