#!/usr/bin/env bash
# Set up everything the project needs, idempotently: .venv/ from requirements.txt and
# node_modules/ from package-lock.json. Re-running does nothing when nothing changed.
# Usage: tools/bootstrap.sh [--browser]   (--browser also checks for Chromium, needed by the tests)
set -euo pipefail
cd "$(dirname "$0")/.."

need() { printf '缺少 %s：%s\n' "$1" "$2" >&2; exit 3; }

command -v python3 >/dev/null || need "python3 (>= 3.11)" "请安装 Python 3.11 或更高版本，例如 apt-get install python3 python3-venv"
python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || need "python3 >= 3.11" "当前是 $(python3 --version 2>&1)，请安装 Python 3.11 或更高版本"
python3 -c 'import venv, ensurepip' 2>/dev/null || need "python3-venv" "请安装 venv 模块，例如 apt-get install python3-venv"
command -v npm >/dev/null || need "npm (Node.js >= 18)" "请安装 Node.js 和 npm，例如 apt-get install nodejs npm"
if [ "${1:-}" = "--browser" ] && [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  need "Chromium" "浏览器测试需要 Debian 的 chromium：apt-get install chromium（或用环境变量 CHROMIUM 指向它）"
fi

stamp() { sha256sum "$@" | sha256sum | cut -c1-16; }

if [ ! -x .venv/bin/python ]; then
  echo "创建虚拟环境 .venv/ …"
  python3 -m venv .venv
fi
want=$(stamp requirements.txt)
if [ "$(cat .venv/.installed 2>/dev/null)" != "$want" ]; then
  echo "安装 Python 依赖（requirements.txt）…"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
  .venv/bin/python -m pip check --disable-pip-version-check >/dev/null \
    || { .venv/bin/python -m pip check; need "一致的依赖" "requirements.txt 中的版本互相冲突：请运行 make lock 重新生成"; }
  echo "$want" > .venv/.installed
fi

want=$(stamp package.json package-lock.json)
if [ "$(cat node_modules/.installed 2>/dev/null)" != "$want" ]; then
  echo "安装 npm 依赖（package-lock.json，校验完整性）…"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  echo "$want" > node_modules/.installed
fi
