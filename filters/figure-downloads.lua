--[[
Download links under every figure the build drew.

A figure whose image lives under `_build/current/<chapter>/figures/<name>` (no
extension: `default-image-extension` picks SVG for the web, PNG for documents)
gets its caption completed with

  Download: SVG, PNG (print resolution), CSV of the plotted data.

On the web the links are relative, so Quarto copies the files into the site.
In PDF and Word relative links lead nowhere, so there these links (and every
other link into `_build/current/`) are absolute and the figure's web address follows ("Online: <url>"), but only when the
build was given a site address (`book-url` metadata, written by
`belpolicy build --site-url`); without one no address is invented and
documents get no download line.

Registered under `filters:` in _quarto.yml (Quarto runs it before its own
cross-reference processing, `at: pre-ast`); plain pandoc runs it too, which is
how the tests compile every chapter to Typst without Quarto.
]]

local FIGURE_SOURCE = "_build/current/([%w_-]+)/figures/[%w_.-]+$"

local site_url = nil

local function is_html()
  if quarto ~= nil and quarto.doc ~= nil and quarto.doc.is_format ~= nil then
    return quarto.doc.is_format("html")
  end
  return FORMAT:match("html") ~= nil
end

local function link(text, target)
  return pandoc.Link({ pandoc.Str(text) }, target)
end

-- "../_build/current/03-sanctions/figures/exports" -> "_build/current/03-sanctions/figures/exports"
local function from_project_root(src)
  return src:gsub("^%.%./", ""):gsub("^%./", "")
end

local function download_inlines(src, figure_id)
  local chapter = src:match(FIGURE_SOURCE)
  if chapter == nil then
    return nil
  end
  local html = is_html()
  if not html and site_url == nil then
    return nil
  end
  -- pandoc's reader has already added `default-image-extension` to the source
  local base = src:gsub("%.svg$", ""):gsub("%.png$", "")
  if not html then
    base = site_url .. "/" .. from_project_root(base)
  end
  local inlines = {
    pandoc.Space(), pandoc.Str("Download:"), pandoc.Space(),
    link("SVG", base .. ".svg"), pandoc.Str(","), pandoc.Space(),
    link("PNG, print resolution", base .. ".png"), pandoc.Str(","), pandoc.Space(),
    link("CSV of the plotted data", base .. ".csv"), pandoc.Str("."),
  }
  if not html and figure_id ~= nil and figure_id ~= "" then
    local page = site_url .. "/chapters/" .. chapter .. ".html#" .. figure_id
    for _, inline in ipairs({ pandoc.Space(), pandoc.Str("Online:"), pandoc.Space(), link(page, page),
                              pandoc.Str(".") }) do
      table.insert(inlines, inline)
    end
  end
  return inlines
end

local function first_image(blocks)
  local found = nil
  pandoc.walk_block(pandoc.Div(blocks), {
    Image = function(image)
      if found == nil then
        found = image
      end
    end,
  })
  return found
end

local function append_to_caption(caption_blocks, inlines)
  local last = caption_blocks[#caption_blocks]
  if last ~= nil and (last.t == "Plain" or last.t == "Para") then
    last.content:extend(inlines)
  else
    caption_blocks:insert(pandoc.Plain(inlines))
  end
  return caption_blocks
end

local function figure(fig)
  local image = first_image(fig.content)
  if image == nil then
    return nil
  end
  local id = fig.identifier ~= "" and fig.identifier or image.identifier
  local inlines = download_inlines(image.src, id)
  if inlines == nil then
    return nil
  end
  fig.caption.long = append_to_caption(fig.caption.long, inlines)
  return fig
end

-- In PDF and Word a relative link into the build (a figure's CSV, a notebook)
-- leads nowhere: point it at the published copy when there is one.
local function absolute_link(link_element)
  if is_html() or site_url == nil then
    return nil
  end
  local target = link_element.target
  if target:match("^%.%./_build/current/") or target:match("^_build/current/") then
    link_element.target = site_url .. "/" .. from_project_root(target)
    return link_element
  end
  return nil
end

return {
  {
    Meta = function(meta)
      local url = meta["book-url"]
      if url ~= nil then
        local text = pandoc.utils.stringify(url):gsub("/+$", "")
        if text ~= "" then
          site_url = text
        end
      end
    end,
  },
  { Figure = figure },
  { Link = absolute_link },
}
