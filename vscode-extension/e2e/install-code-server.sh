#!/usr/bin/env bash
# code-server (VS Code in the browser) from the npm registry, and playwright-core, into CS_HOME,
# without downloads from github.com or nodejs.org (works offline but for the npm registry):
#   - @vscode/ripgrep's postinstall finds a prepared download cache made of Debian's `rg`;
#   - node-gyp builds against the installed Node headers (npm_config_nodedir=/usr);
#   - `npx node-gyp` in node-pty's postinstall needs npm_config_yes; root needs unsafe_perm.
# Needs: Node 20, build-essential, python3, libkrb5-dev, ripgrep, chromium (Debian packages).
set -euo pipefail
CS_HOME=${CS_HOME:-$HOME/.cache/ormlens/code-server}
CS_VERSION=${CS_VERSION:-4.100.3}

node -v | grep -q '^v20\.' || { echo "code-server $CS_VERSION needs Node 20 (have $(node -v))"; exit 1; }
command -v rg >/dev/null || { echo "needs ripgrep (apt-get install ripgrep)"; exit 1; }
command -v chromium >/dev/null || { echo "needs chromium (apt-get install chromium)"; exit 1; }

mkdir -p "$CS_HOME/tmp"
cd "$CS_HOME"
[ -f package.json ] || echo '{"private":true}' > package.json
export TMPDIR="$CS_HOME/tmp" npm_config_yes=true npm_config_unsafe_perm=true
export npm_config_nodedir="${npm_config_nodedir:-/usr}"

npm install --no-audit --no-fund --ignore-scripts "code-server@$CS_VERSION"
RG_PKG=$(node -p 'require("./node_modules/code-server/lib/vscode/npm-shrinkwrap.json").packages["node_modules/@vscode/ripgrep"].version')
RG_TAG=${RG_TAG:-v13.0.0-10}   # the release @vscode/ripgrep 1.15.x asks for
case "$(uname -m)" in
  x86_64) RG_TARGET=x86_64-unknown-linux-musl ;;
  aarch64) RG_TARGET=aarch64-unknown-linux-musl ;;
  *) echo "unsupported architecture $(uname -m)"; exit 1 ;;
esac
mkdir -p "$TMPDIR/vscode-ripgrep-cache-$RG_PKG"
tar -C "$(dirname "$(command -v rg)")" -czf "$TMPDIR/vscode-ripgrep-cache-$RG_PKG/ripgrep-$RG_TAG-$RG_TARGET.tar.gz" rg
npm rebuild
mkdir -p tools
[ -f tools/package.json ] || echo '{"private":true}' > tools/package.json
(cd tools && npm install --no-audit --no-fund playwright-core@1)
XDG_CONFIG_HOME="$TMPDIR/xdg" XDG_DATA_HOME="$TMPDIR/xdg" node_modules/.bin/code-server --version
