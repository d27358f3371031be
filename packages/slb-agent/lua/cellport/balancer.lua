-- cellport.balancer: picks the upstream peer of a request from the server list the agent keeps in
-- the shared dict `cellport_upstreams` (key: "<app>:<port>", value: "ip:port=weight,..."), so a
-- server list change needs no reload. Weighted random choice; on a retry (proxy_next_upstream)
-- the next server of the list, so a failed peer is retried elsewhere.
local balancer = require "ngx.balancer"

local dict = ngx.shared.cellport_upstreams
local _M = {}

-- per worker: upstream id -> { raw, peers, total }, rebuilt when the dict value changes
local cache = {}

local function parse(raw)
  local peers, total = {}, 0
  for host, port, weight in raw:gmatch("([%d%.]+):(%d+)=(%d+)") do
    local w = tonumber(weight)
    peers[#peers + 1] = { host = host, port = tonumber(port), weight = w }
    total = total + w
  end
  return { raw = raw, peers = peers, total = total }
end

local function servers(id)
  local raw = dict:get(id)
  if not raw or raw == "" then
    return nil
  end
  local entry = cache[id]
  if not entry or entry.raw ~= raw then
    entry = parse(raw)
    cache[id] = entry
  end
  return entry
end

local function pick(entry)
  local peers = entry.peers
  if entry.total <= 0 then
    return math.random(#peers)
  end
  local r = math.random() * entry.total
  for i = 1, #peers do
    r = r - peers[i].weight
    if r < 0 then
      return i
    end
  end
  return #peers
end

function _M.balance(id)
  local ctx = ngx.ctx
  local entry = ctx.cp_entry
  if not entry then
    entry = servers(id)
    if not entry or #entry.peers == 0 then
      ngx.log(ngx.ERR, "cellport: no servers for upstream ", id)
      return ngx.exit(502)
    end
    ctx.cp_entry = entry
    ctx.cp_idx = pick(entry)
    if #entry.peers > 1 then
      local ok, err = balancer.set_more_tries(#entry.peers - 1)
      if not ok then
        ngx.log(ngx.WARN, "cellport: set_more_tries: ", err)
      end
    end
  else
    -- a retry: the next server of the list
    ctx.cp_idx = ctx.cp_idx % #entry.peers + 1
  end
  local peer = entry.peers[ctx.cp_idx]
  local ok, err = balancer.set_current_peer(peer.host, peer.port)
  if not ok then
    ngx.log(ngx.ERR, "cellport: set_current_peer ", peer.host, ":", peer.port, ": ", err)
    return ngx.exit(500)
  end
end

return _M
