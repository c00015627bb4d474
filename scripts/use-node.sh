# Sourced by .ci/run (and by contributors: `source scripts/use-node.sh`): when the machine's Node is
# older than the major in .nvmrc, fetch that major from the npm registry (scripts/fetch-node.sh) and
# put it first on PATH for the rest of the shell, so npm, npx and every script run on it.
# shellcheck shell=bash

__want="$(tr -d 'v \n' <"$(dirname "${BASH_SOURCE[0]}")/../.nvmrc")"
__have="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$__have" -lt "$__want" ]; then
  __bin="$(bash "$(dirname "${BASH_SOURCE[0]}")/fetch-node.sh" "$__want")"
  export PATH="$__bin:$PATH"
  hash -r
fi
echo "using Node $(node --version) ($(command -v node)), npm $(npm --version)" >&2
unset __want __have __bin
