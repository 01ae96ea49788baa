-- Headless Neovim as a real LSP client of the ormlens server (run by test_neovim.py).
-- Env: ORMLENS_PYTHON, ORMLENS_ROOT, ORMLENS_FILE, ORMLENS_HOVER_LINE/COL (0-based),
-- ORMLENS_OUT (JSON results). Works with Neovim 0.7+ (vim.lsp.start_client).
local env = vim.env
local out = {}
local function finish()
  local f = io.open(env.ORMLENS_OUT, 'w')
  f:write(vim.fn.json_encode(out))
  f:close()
  vim.cmd('qall!')
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(env.ORMLENS_FILE))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'python'
  local client_id = vim.lsp.start_client({
    name = 'ormlens',
    cmd = { env.ORMLENS_PYTHON, '-m', 'server' },
    root_dir = env.ORMLENS_ROOT,
    init_options = { ormlens = { dialects = { 'sqlite', 'postgresql' } } },
  })
  out.client_id = client_id
  vim.lsp.buf_attach_client(bufnr, client_id)
  out.initialized = vim.wait(30000, function()
    local c = vim.lsp.get_client_by_id(client_id)
    return c ~= nil and c.initialized
  end, 50)
  out.got_diagnostics = vim.wait(30000, function()
    return #vim.diagnostic.get(bufnr) > 0
  end, 50)
  out.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(out.diagnostics, {
      lnum = d.lnum, col = d.col, message = d.message, source = d.source,
      code = d.user_data and d.user_data.lsp and d.user_data.lsp.code or vim.NIL,
    })
  end
  local client = vim.lsp.get_client_by_id(client_id)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = tonumber(env.ORMLENS_HOVER_LINE), character = tonumber(env.ORMLENS_HOVER_COL) },
  }
  local response = client.request_sync('textDocument/hover', params, 30000, bufnr)
  if response and response.result and response.result.contents then
    out.hover = response.result.contents.value or response.result.contents
  else
    out.hover = vim.NIL
    out.hover_error = response and response.err and response.err.message or 'no response'
  end
  client.stop()
  vim.wait(5000, function() return client.is_stopped() end, 50)
end)
if not ok then out.error = tostring(err) end
finish()
