-- The request mix of scripts/bench-http and scripts/bench-abuse for wrk: the paths in the file
-- named by MIX_PATHS (one a line), in turn; prints the count of non-2xx/3xx answers.
local paths = {}
for line in io.lines(os.getenv("MIX_PATHS")) do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  io.write(string.format("non-200 responses: %d\n", summary.errors.status))
end
