-- cellport.stats: per domain and upstream server request counters by status class and a latency
-- histogram, in the shared dict `cellport_stats`; the agent reads them through the admin endpoint
-- and exposes them to Prometheus.
--   r|<domain>|<server>|<class>   requests
--   h|<domain>|<server>|<le>      requests whose time fell in the bucket ending at le (not cumulative)
--   s|<domain>|<server>           sum of request times (seconds)
local stats = ngx.shared.cellport_stats
local BUCKETS = { 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10 }

local _M = { buckets = BUCKETS }

function _M.log()
  local domain = ngx.var.cellport_domain
  if not domain or domain == "" then
    return
  end
  local addr = ngx.var.upstream_addr or "-"
  -- after retries upstream_addr is "a, b : c": the last server answered
  addr = addr:match("([^,:%s]+:%d+)%s*$") or addr:match("([^,%s]+)%s*$") or "-"
  local status = tonumber(ngx.var.status) or 0
  local base = domain .. "|" .. addr
  stats:incr("r|" .. base .. "|" .. math.floor(status / 100) .. "xx", 1, 0)
  local t = tonumber(ngx.var.request_time) or 0
  local le = "+Inf"
  for _, b in ipairs(BUCKETS) do
    if t <= b then
      le = tostring(b)
      break
    end
  end
  stats:incr("h|" .. base .. "|" .. le, 1, 0)
  stats:incr("s|" .. base, t, 0)
end

return _M
