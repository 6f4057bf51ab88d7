-- Replays pre-generated HTTP requests with wrk, so the load generator does almost nothing
-- per request: read the next record of the pool file, count the answer's status, and (for
-- the server under test) note the id of every acknowledged check-in.
--
--   BENCH_POOL=… BENCH_OUT=… BENCH_RECORD=1 wrk -t1 -c100 -d15s -s bench/replay.lua URL
--
-- BENCH_POOL: records of "<8 hex digits: length><raw HTTP/1.1 request>", one file per
--   thread (BENCH_POOL.<thread>). BENCH_OUT: a prefix; thread n writes BENCH_OUT.<n>.acked
--   (one id a line) and done() writes BENCH_OUT.json. BENCH_RECORD: "1" to note
--   acknowledged ids. Settings come from the environment because done() runs in a Lua
--   state that init()'s arguments never reach. Driven by bench/wrk.ts, which reads the JSON.

local threads = {}
local counter = 0
local cpu_at_setup = nil

local function cpu_ticks()
  local f = io.open("/proc/self/stat", "r")
  if not f then return nil end
  local s = f:read("*l")
  f:close()
  -- Fields after the command name (which may hold spaces, inside parentheses).
  local rest = s:match("%) (.*)$")
  local fields = {}
  for v in rest:gmatch("%S+") do fields[#fields + 1] = v end
  -- utime and stime are fields 14 and 15 of the line, 12 and 13 after "pid (comm)".
  return tonumber(fields[12]) + tonumber(fields[13])
end

function setup(thread)
  if cpu_at_setup == nil then cpu_at_setup = cpu_ticks() end
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local pool, acked, record
local sent, answered, exhausted, finished = 0, 0, false, false
statuses = {}
-- Only for wrk's check that request() parses, before the run.
local spare = "GET /api/v1/health HTTP/1.1\r\nHost: bench\r\n\r\n"

local function mark(name)
  local f = io.open(os.getenv("BENCH_OUT") .. "." .. tid .. "." .. name, "w")
  if f then f:close() end
end

local function finish_when_answered()
  if exhausted and not finished and answered >= sent then
    finished = true
    if acked then acked:flush() end
    mark("done")
    wrk.thread:stop()
  end
end

function init(args)
  pool = assert(io.open(os.getenv("BENCH_POOL") .. "." .. tid, "rb"))
  record = os.getenv("BENCH_RECORD") == "1"
  if record then acked = assert(io.open(os.getenv("BENCH_OUT") .. "." .. tid .. ".acked", "w")) end
end

local verified = false

function request()
  -- wrk calls thread 0's request() once before the run only to check that it parses:
  -- give it the spare, so no pre-generated check-in is taken and never sent.
  if not verified then
    verified = true
    if tid == 0 then return spare end
  end
  -- Nothing more to send: the connection idles while the last check-ins are answered.
  if exhausted then return "" end
  local head = pool:read(8)
  if head == nil then
    exhausted = true
    statuses["exhausted"] = 1
    mark("exhausted")
    finish_when_answered()
    return ""
  end
  sent = sent + 1
  return pool:read(tonumber(head, 16))
end

function response(status, headers, body)
  answered = answered + 1
  statuses[status] = (statuses[status] or 0) + 1
  -- Both servers answer {"id":"<36 characters>",…} for a stored (or echoed) check-in.
  if record and status >= 200 and status < 300 then acked:write(body:sub(8, 43), "\n") end
  finish_when_answered()
end

function done(summary, latency, requests)
  local ticks = cpu_ticks()
  local byStatus = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for k, v in pairs(s) do byStatus[tostring(k)] = (byStatus[tostring(k)] or 0) + v end
  end
  local parts = {}
  for k, v in pairs(byStatus) do parts[#parts + 1] = string.format('"%s":%d', k, v) end
  local e = summary.errors
  local out = assert(io.open(os.getenv("BENCH_OUT") .. ".json", "w"))
  out:write(string.format(
    '{"durationUs":%d,"requests":%d,"bytes":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latencyUs":{"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f},"statuses":{%s},"cpuTicks":%d}\n',
    summary.duration, summary.requests, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    table.concat(parts, ","), (ticks or 0) - (cpu_at_setup or 0)))
  out:close()
end
