#!/usr/bin/env bash
# Checks that every C++ file the repository tracks is laid out as
# .clang-format says (clang-format 14, Debian 12's). Part of the tidy stage
# of scripts/test.sh. Lists the files that differ and exits 1; to fix them:
#   bash scripts/check-format.sh --fix
set -euo pipefail
cd "$(dirname "$0")/.."
format=clang-format-14
command -v "$format" >/dev/null || format=clang-format
mapfile -t files < <(git ls-files '*.cpp' '*.hpp' '*.h')
if [[ "${1:-}" == "--fix" ]]; then
  "$format" -i "${files[@]}"
  exit 0
fi
bad=()
for f in "${files[@]}"; do
  "$format" --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if ((${#bad[@]} > 0)); then
  printf 'check-format: not laid out as .clang-format says: %s\n' "${bad[@]}" >&2
  echo "check-format: ${#bad[@]} of ${#files[@]} files; fix with: bash scripts/check-format.sh --fix" >&2
  exit 1
fi
echo "check-format: all ${#files[@]} files as .clang-format says"
