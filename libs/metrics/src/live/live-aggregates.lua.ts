/**
 * Applies one event's effect atomically. KEYS: the set of helplines with live metrics. ARGV: base, eventId,
 * dedupeTtlSeconds (0: no counters, no dedupe), minute bucket, minute ttl, day bucket, day ttl, entity kind ('' for
 * none), entity id, seq, field count, helpline id, then field name/value pairs, then counter field/increment pairs. Returns 1 when applied, 0 for an event seen before.
 *
 * Entity fields are last-writer-wins by outbox seq, field by field, so deliveries in any order leave the latest
 * value; a closed callback stays closed. The entity's set memberships (waiting contacts, open callbacks, agents by
 * state) are then recomputed from its fields, so they never depend on the order either.
 */
export const APPLY_LUA = `
local base = ARGV[1]
if ARGV[3] ~= '0' then
  if not redis.call('SET', base .. 'seen:' .. ARGV[2], '1', 'NX', 'EX', ARGV[3]) then return 0 end
end
redis.call('SADD', KEYS[1], ARGV[12])

local function move_z(old, new, member, score)
  if old ~= new and old ~= '' then redis.call('ZREM', old, member) end
  if new ~= '' then redis.call('ZADD', new, score, member) end
end
local function move_s(old, new, member)
  if old ~= new and old ~= '' then redis.call('SREM', old, member) end
  if new ~= '' and old ~= new then redis.call('SADD', new, member) end
end

local function contact(key, id)
  local f = redis.call('HMGET', key, 's', 'ch', 'q', 'l', 'fa', 'mq', 'ml')
  local s, ch, q, l, fa = f[1], f[2], f[3], f[4], f[5]
  local mq, ml = f[6] or '', f[7] or ''
  local waiting = (s == 'queued' or s == 'offered') and ch and ch ~= 'callback' and q and l and fa
  local wq, wl = '', ''
  if waiting then wq = base .. 'w:q:' .. q; wl = base .. 'w:l:' .. l end
  move_z(mq, wq, id, fa)
  move_z(ml, wl, id, fa)
  if waiting then redis.call('ZADD', base .. 'w:all', fa, id) else redis.call('ZREM', base .. 'w:all', id) end
  redis.call('HSET', key, 'mq', wq, 'ml', wl)
  if s == 'completed' or s == 'abandoned' or s == 'expired' or s == 'merged' then redis.call('EXPIRE', key, 172800) end
end

local function callback(key, id)
  local f = redis.call('HMGET', key, 'st', 'od', 'q', 'pb', 'mset', 'mq')
  local st, od, q, pb = f[1], f[2], f[3], f[4] or '0'
  local mset, mq = f[5] or '', f[6] or ''
  -- Leave where it was counted, then join where it belongs now (both idempotent).
  if mset ~= '' then
    redis.call('SREM', base .. 'cb:' .. mset .. ':all', id)
    redis.call('SREM', base .. 'cb:' .. mset .. ':q:' .. mq, id)
  end
  if mq ~= '' then redis.call('ZREM', base .. 'cb:od:q:' .. mq, id) end
  redis.call('ZREM', base .. 'cb:od:all', id)
  local set = ''
  if q and st == 'pending' then set = 'pending' elseif q and (st == 'due' or st == 'calling') then set = 'due' end
  if set ~= '' then
    redis.call('SADD', base .. 'cb:' .. set .. ':all', id)
    redis.call('SADD', base .. 'cb:' .. set .. ':q:' .. q, id)
  end
  if od == '1' and st ~= 'closed' and q then
    redis.call('ZADD', base .. 'cb:od:all', pb, id)
    redis.call('ZADD', base .. 'cb:od:q:' .. q, pb, id)
  end
  redis.call('HSET', key, 'mset', set, 'mq', q or '')
  if st == 'closed' then redis.call('EXPIRE', key, 172800) end
end

local function agent(key, id)
  local f = redis.call('HMGET', key, 's', 'ls', 'ms', 'mls')
  local s, ls, ms, mls = f[1], f[2] or '', f[3] or '', f[4] or ''
  local want = s or ''
  if ms ~= '' and (ms ~= want or mls ~= ls) then
    redis.call('SREM', base .. 'ag:' .. ms, id)
    for lang in string.gmatch(mls, '[^,]+') do redis.call('SREM', base .. 'ag:l:' .. lang .. ':' .. ms, id) end
  end
  if want ~= '' then
    redis.call('SADD', base .. 'ag:' .. want, id)
    for lang in string.gmatch(ls, '[^,]+') do redis.call('SADD', base .. 'ag:l:' .. lang .. ':' .. want, id) end
  end
  redis.call('HSET', key, 'ms', want, 'mls', ls)
end

local function help(key, id)
  local f = redis.call('HMGET', key, 'st', 'at')
  -- Answered stays answered, whatever order the two events come in.
  if f[1] == 'open' and f[2] and redis.call('HGET', key, 'done') ~= '1' then
    redis.call('ZADD', base .. 'help:open', f[2], id)
  else
    redis.call('ZREM', base .. 'help:open', id)
  end
  if f[1] == 'acknowledged' then
    redis.call('HSET', key, 'done', '1')
    redis.call('EXPIRE', key, 172800)
  end
end

local kind = ARGV[8]
local nf = tonumber(ARGV[11])
local i = 13
if kind ~= '' then
  local id = ARGV[9]
  local key = base .. kind .. ':' .. id
  local seq = tonumber(ARGV[10])
  local closed = kind == 'callback' and redis.call('HGET', key, 'st') == 'closed'
  local changed = false
  for j = 0, nf - 1 do
    local name, value = ARGV[i + 2 * j], ARGV[i + 2 * j + 1]
    local current = tonumber(redis.call('HGET', key, name .. '@') or '-1')
    if seq > current and not (closed and name == 'st') then
      redis.call('HSET', key, name, value, name .. '@', seq)
      changed = true
    end
  end
  if changed then
    if kind == 'contact' then contact(key, id) elseif kind == 'callback' then callback(key, id)
    elseif kind == 'help' then help(key, id) else agent(key, id) end
  end
end
i = i + 2 * nf
if i <= #ARGV then
  local minute, day = base .. 'min:' .. ARGV[4], base .. 'day:' .. ARGV[6]
  while i <= #ARGV do
    if ARGV[4] ~= '' then redis.call('HINCRBY', minute, ARGV[i], ARGV[i + 1]) end
    if ARGV[6] ~= '' then redis.call('HINCRBY', day, ARGV[i], ARGV[i + 1]) end
    i = i + 2
  end
  if ARGV[4] ~= '' then redis.call('EXPIRE', minute, ARGV[5]) end
  if ARGV[6] ~= '' then redis.call('EXPIRE', day, ARGV[7]) end
end
redis.call('INCR', base .. 'version')
return 1
`;
