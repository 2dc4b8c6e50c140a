-- Neovim (0.7+, headless, `-u NONE`) end to end with `prism lsp`: open a WebGL 2 shader,
-- wait for prism's diagnostics, read the inlay hints on the float→int index line, apply the
-- ARI003 fix through a code action and write the buffer's new text for the Rust test to check.
--
-- Environment: PRISM (the prism executable), PRISM_SHADER (the shader to open),
-- PRISM_RESULT (where to write "ok" + the buffer, or the error).
-- Neovim 0.7 has the LSP client but no inlay-hint UI: the hints are asked for through the
-- client object.

local prism = assert(os.getenv("PRISM"), "PRISM not set")
local shader = assert(os.getenv("PRISM_SHADER"), "PRISM_SHADER not set")
local result_path = assert(os.getenv("PRISM_RESULT"), "PRISM_RESULT not set")
local TIMEOUT = 60000

local function write_result(text)
  local f = assert(io.open(result_path, "w"))
  f:write(text)
  f:close()
end

local function check(ok, message)
  if not ok then
    error(message, 2)
  end
end

local function run()
  vim.cmd("edit " .. vim.fn.fnameescape(shader))
  local bufnr = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(bufnr)
  local client_id = vim.lsp.start_client({
    name = "prism",
    cmd = { prism, "lsp" },
    root_dir = vim.fn.fnamemodify(shader, ":h"),
  })
  check(client_id, "vim.lsp.start_client failed")
  vim.lsp.buf_attach_client(bufnr, client_id)
  local client = vim.lsp.get_client_by_id(client_id)

  -- prism's diagnostics, ARI003 among them.
  local function ari003()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.code == "ARI003" then
        return d
      end
    end
  end
  check(vim.wait(TIMEOUT, function() return ari003() ~= nil end, 50), "no ARI003 diagnostic")
  local diagnostic = ari003()
  local line = diagnostic.lnum -- zero-based
  check(vim.api.nvim_buf_get_lines(bufnr, line, line + 1, true)[1]:find("ivec2%(floor"),
    "ARI003 not on the float→int index line")

  -- The inlay hint on that line: a saturating conversion (S).
  local response, err = client.request_sync("textDocument/inlayHint", {
    textDocument = { uri = uri },
    range = { start = { line = 0, character = 0 }, ["end"] = { line = 1000, character = 0 } },
  }, TIMEOUT, bufnr)
  check(response and not response.err, "inlayHint failed: " .. vim.inspect(err or response))
  local hint
  for _, h in ipairs(response.result or {}) do
    if h.position.line == line then
      hint = h.label
    end
  end
  check(hint and hint:find("S"), "no S hint on line " .. line .. ": " .. vim.inspect(response.result))
  local index_hint
  for _, h in ipairs(response.result) do
    if h.position.line == line + 1 then
      index_hint = h.label
    end
  end
  check(index_hint and index_hint:find("B"), "no B hint on the indexing line: " .. vim.inspect(response.result))

  -- The fix, through a code action, applied as a workspace edit.
  local lsp_diagnostic = {
    range = {
      start = { line = diagnostic.lnum, character = diagnostic.col },
      ["end"] = { line = diagnostic.end_lnum, character = diagnostic.end_col },
    },
    message = diagnostic.message,
    code = diagnostic.code,
  }
  response, err = client.request_sync("textDocument/codeAction", {
    textDocument = { uri = uri },
    range = lsp_diagnostic.range,
    context = { diagnostics = { lsp_diagnostic } },
  }, TIMEOUT, bufnr)
  check(response and not response.err, "codeAction failed: " .. vim.inspect(err or response))
  local action
  for _, a in ipairs(response.result or {}) do
    if a.title:find("ARI003", 1, true) then
      action = a
    end
  end
  check(action and action.edit, "no ARI003 action: " .. vim.inspect(response.result))
  vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or "utf-16")

  -- The server sees the edit: ARI003 goes away.
  check(vim.wait(TIMEOUT, function() return ari003() == nil end, 50), "ARI003 still reported after the fix")

  local text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, true), "\n") .. "\n"
  write_result("ok\nhint: " .. hint .. "\ntitle: " .. action.title .. "\n---\n" .. text)
  client.stop()
end

local ok, message = pcall(run)
if not ok then
  write_result("error: " .. tostring(message))
  vim.cmd("cquit 1")
end
vim.cmd("qall!")
