--[[
Embedded cells name their notebook by a path relative to the page.

Quarto wraps every `{{< embed >}}` in a Div of class `quarto-embed-nb-cell`
whose `notebook` attribute is the notebook's path; the review of the rendered
book found it written absolute (`data-notebook="/…/_build/current/…"`), so
every page showed the builder's folders and two builds of the same inputs in
different folders differed. Here the path becomes relative to the page's own
folder, which is how Quarto resolves a relative one when it links the notebook.

Registered under `filters:` in _quarto.yml; plain pandoc runs it in the tests.
]]

local function page_folder()
  local input = nil
  if quarto ~= nil and quarto.doc ~= nil and quarto.doc.input_file ~= nil then
    input = quarto.doc.input_file
  elseif PANDOC_STATE.input_files[1] ~= nil and PANDOC_STATE.input_files[1] ~= "-" then
    input = PANDOC_STATE.input_files[1]
  end
  local working = pandoc.system.get_working_directory()
  if input == nil then
    return working
  end
  if not pandoc.path.is_absolute(input) then
    input = pandoc.path.join({ working, input })
  end
  return pandoc.path.directory(input)
end

local function relative_notebook(div)
  if not div.classes:includes("quarto-embed-nb-cell") then
    return nil
  end
  local notebook = div.attributes["notebook"]
  if notebook == nil or not pandoc.path.is_absolute(notebook) then
    return nil
  end
  div.attributes["notebook"] = pandoc.path.make_relative(pandoc.path.normalize(notebook),
                                                         pandoc.path.normalize(page_folder()), true)
  return div
end

return { { Div = relative_notebook } }
