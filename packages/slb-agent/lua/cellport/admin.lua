-- cellport.admin: the loopback admin endpoint of the slb agent.
--   PUT /cellport/upstreams   body: one line per upstream "<app>:<port> ip:port=weight,..."; the
--                             lines replace the whole set (upstreams not named are removed)
--   GET /cellport/upstreams   the current set, same format
--   GET /cellport/stats       "key value" lines of the request counters (see cellport.stats)
local upstreams = ngx.shared.cellport_upstreams
local stats = ngx.shared.cellport_stats

local _M = {}

local function fail(status, message)
  ngx.status = status
  ngx.header["Content-Type"] = "text/plain"
  ngx.say(message)
  return ngx.exit(status)
end

local function list_upstreams()
  ngx.header["Content-Type"] = "text/plain"
  local keys = upstreams:get_keys(0)
  table.sort(keys)
  for _, k in ipairs(keys) do
    ngx.say(k, " ", upstreams:get(k) or "")
  end
end

local function put_upstreams()
  ngx.req.read_body()
  local body = ngx.req.get_body_data()
  if not body then
    local file = ngx.req.get_body_file()
    if file then
      local f = io.open(file, "r")
      body = f:read("*a")
      f:close()
    end
  end
  local wanted = {}
  for line in (body or ""):gmatch("[^\n]+") do
    local id, list = line:match("^%s*([a-z0-9%-]+:%d+)%s*(%S*)%s*$")
    if not id then
      return fail(400, "bad line: " .. line)
    end
    for entry in list:gmatch("[^,]+") do
      if not entry:match("^%d+%.%d+%.%d+%.%d+:%d+=%d+$") then
        return fail(400, "bad server '" .. entry .. "' in upstream " .. id)
      end
    end
    wanted[id] = list
  end
  for id, list in pairs(wanted) do
    local ok, err = upstreams:safe_set(id, list)
    if not ok then
      return fail(507, "cannot store upstream " .. id .. ": " .. err)
    end
  end
  for _, k in ipairs(upstreams:get_keys(0)) do
    if wanted[k] == nil then
      upstreams:delete(k)
    end
  end
  list_upstreams()
end

local function get_stats()
  ngx.header["Content-Type"] = "text/plain"
  local keys = stats:get_keys(0)
  local out = {}
  for _, k in ipairs(keys) do
    local v = stats:get(k)
    if v then
      out[#out + 1] = k .. " " .. string.format("%.6f", v)
    end
  end
  ngx.print(table.concat(out, "\n"), "\n")
end

function _M.handle()
  local uri, method = ngx.var.uri, ngx.req.get_method()
  if uri == "/cellport/upstreams" then
    if method == "PUT" then
      return put_upstreams()
    end
    if method == "GET" then
      return list_upstreams()
    end
    return fail(405, "use GET or PUT")
  end
  if uri == "/cellport/stats" and method == "GET" then
    return get_stats()
  end
  return fail(404, "no such admin resource")
end

return _M
