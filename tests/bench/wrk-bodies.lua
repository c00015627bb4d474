-- wrk script for the relay-callbacks bench: POSTs pre-sealed WeCom callbacks read from the file in
-- WRK_BODIES (one "path<TAB>body" per line), each once in turn, so every request is a new event.
local requests = {}
local n = 0
local i = 0

function init(args)
  for line in io.lines(os.getenv("WRK_BODIES")) do
    local tab = line:find("\t", 1, true)
    n = n + 1
    requests[n] = wrk.format("POST", line:sub(1, tab - 1), { ["Content-Type"] = "text/xml" }, line:sub(tab + 1))
  end
end

function request()
  i = i % n + 1
  return requests[i]
end
