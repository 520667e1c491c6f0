#!/usr/bin/env bash
# Write .env for docker-compose.yml from .env.example, every empty value a fresh random secret
# (64 hex characters). Refuses to overwrite an existing file.
#   usage: deploy/compose/make-env.sh [output, default .env at the repository root]
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$root/.env}"
if [ -e "$out" ]; then
  echo "$out exists: not overwriting it (delete it first to make new secrets)" >&2
  exit 1
fi

random_secret() {
  if command -v openssl >/dev/null 2>&1; then
    openssl rand -hex 32
  else
    python3 -c 'import secrets; print(secrets.token_hex(32))'
  fi
}

umask 077
while IFS= read -r line || [ -n "$line" ]; do
  if [[ "$line" =~ ^([A-Z][A-Z0-9_]*)=$ ]]; then
    echo "${BASH_REMATCH[1]}=$(random_secret)"
  else
    echo "$line"
  fi
done < "$root/.env.example" > "$out"
echo "wrote $out (keep it secret; the operations token is RETURNERS_OPERATIONS_TOKEN)"
if command -v git >/dev/null 2>&1 && git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1 \
   && [[ "$out" == "$root"/* ]] && ! git -C "$root" check-ignore -q "$out"; then
  echo "warning: $out is not git-ignored: add it to .gitignore so that it is never committed" >&2
fi
