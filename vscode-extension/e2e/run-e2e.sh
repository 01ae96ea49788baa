#!/usr/bin/env bash
# The packaged extension in a real VS Code: code-server + headless Chromium (playwright-core).
# Installs code-server first when CS_HOME lacks it (offline-safe, see
# ../shared/recipes/vscode-e2e/install.sh), packages the .vsix, opens e2e/sample, hovers a query,
# applies the N+1 quick fix, and writes hover.png / quickfix.png to SHOT_DIR.
#
#   CS_HOME         code-server install root      (default ~/.cache/ormlens/code-server)
#   ORMLENS_PYTHON  interpreter with ormlens       (default: the repository's .venv)
#   SHOT_DIR        screenshots                    (default $CS_HOME/shots)
#   PORT            code-server port               (default: a free one)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
EXT=$(dirname "$HERE")
REPO=$(dirname "$EXT")
CS_HOME=${CS_HOME:-$HOME/.cache/ormlens/code-server}
ORMLENS_PYTHON=${ORMLENS_PYTHON:-$REPO/.venv/bin/python}
SHOT_DIR=${SHOT_DIR:-$CS_HOME/shots}
PORT=${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
CS="$CS_HOME/node_modules/.bin/code-server"

if [ ! -x "$CS" ] || [ ! -d "$CS_HOME/tools/node_modules/playwright-core" ]; then
  echo "installing code-server into $CS_HOME"
  CS_HOME="$CS_HOME" bash "$HERE/install-code-server.sh"
fi

RUN=$(mktemp -d "$CS_HOME/run.XXXXXX")
cleanup() {
  if [ -n "${CS_PID:-}" ]; then kill "$CS_PID" 2>/dev/null || true; wait "$CS_PID" 2>/dev/null || true; fi
  rm -rf "$RUN"
}
trap cleanup EXIT

# the .vsix, built from a clean copy of this tree (the working tree's node_modules stay untouched)
mkdir -p "$RUN/ext"
(cd "$EXT" && cp -r src test package.json package-lock.json tsconfig.json tsconfig.test.json \
   build.mjs LICENSE README.md .vscodeignore "$RUN/ext/")
(cd "$RUN/ext" && npm ci --no-audit --no-fund >/dev/null 2>&1 && npm run build >/dev/null \
  && npx --yes @vscode/vsce@3 package --no-dependencies -o "$RUN/ormlens.vsix" >/dev/null)
export TMPDIR="$RUN/tmp" XDG_CONFIG_HOME="$RUN/xdg/config" XDG_DATA_HOME="$RUN/xdg/data" XDG_CACHE_HOME="$RUN/xdg/cache"
mkdir -p "$TMPDIR" "$RUN/ud/User" "$RUN/exts" "$SHOT_DIR"
cp -r "$HERE/sample" "$RUN/ws"
mkdir -p "$RUN/ws/.vscode"
cat > "$RUN/ud/User/settings.json" <<'EOF'
{
  "workbench.startupEditor": "none", "workbench.tips.enabled": false,
  "workbench.enableExperiments": false, "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off", "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false, "extensions.ignoreRecommendations": true, "update.mode": "none",
  "chat.commandCenter.enabled": false, "window.commandCenter": false,
  "workbench.reduceMotion": "on", "editor.hover.delay": 200, "editor.minimap.enabled": false,
  "workbench.colorTheme": "Default Light Modern"
}
EOF
cat > "$RUN/ws/.vscode/settings.json" <<EOF
{ "ormlens.serverPath": "$ORMLENS_PYTHON" }
EOF

COMMON=(--user-data-dir "$RUN/ud" --extensions-dir "$RUN/exts")
"$CS" "${COMMON[@]}" --install-extension "$RUN/ormlens.vsix" >/dev/null
"$CS" "${COMMON[@]}" --bind-addr "127.0.0.1:$PORT" --auth none --disable-telemetry \
  --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  > "$RUN/code-server.log" 2>&1 &
CS_PID=$!
for _ in $(seq 1 150); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.2; done

CS_URL="http://127.0.0.1:$PORT" WS_DIR="$RUN/ws" SHOT_DIR="$SHOT_DIR" \
  NODE_PATH="$CS_HOME/tools/node_modules" node "$HERE/vscode-e2e.js" || {
  echo "--- extension log"; find "$RUN/ud/logs" -name '*ormlens*' -exec tail -n 40 {} + 2>/dev/null || true
  exit 1
}
