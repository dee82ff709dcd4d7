-- Sentences marked [..]{guard="chapter.check"} whose premise no longer holds on the
-- edition's data are published only with BELPOLICY_STALE_PROSE=mark (otherwise
-- `belpolicy stage` stops the render). This filter makes them visibly marked; the
-- list comes from _build/current/stale-prose.lua, written by `belpolicy stage`.
-- The list is found from this filter's folder (filters/ in the project), whatever pandoc's working directory.
local here = (PANDOC_SCRIPT_FILE or ""):match("^(.*)[/\\]") or "."
local ok, stale = pcall(dofile, here .. "/../_build/current/stale-prose.lua")
if not ok or type(stale) ~= "table" then stale = {} end

local function mark(element, wrap)
  local name = element.attributes["guard"]
  if name and stale[name] then
    element.classes:insert("stale-premise")
    return wrap(element)
  end
end

function Span(span)
  return mark(span, function(s)
    s.content:insert(1, pandoc.Strong({pandoc.Str("[No"), pandoc.Space(), pandoc.Str("longer"), pandoc.Space(),
      pandoc.Str("holds"), pandoc.Space(), pandoc.Str("on"), pandoc.Space(), pandoc.Str("this"), pandoc.Space(),
      pandoc.Str("edition's"), pandoc.Space(), pandoc.Str("data:]")}))
    s.content:insert(2, pandoc.Space())
    return s
  end)
end

function Div(div)
  return mark(div, function(d)
    d.content:insert(1, pandoc.Para({pandoc.Strong({pandoc.Str("No longer holds on this edition's data:")})}))
    return d
  end)
end
