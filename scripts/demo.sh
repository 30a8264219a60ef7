#!/usr/bin/env bash
# The main job on sample data: starts the project's mock OpenAI-compatible endpoint, evolves
# the 175 self-instruct seed tasks three times each through the CLI, and shows a result row.
# Point --base-url at a real endpoint (Ollama, vLLM, OpenAI...) to do the same for real.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-deps.sh
npm run --silent build

out="${1:-out/demo/evolved.jsonl}"
mkdir -p "$(dirname "$out")"
log="$(mktemp)"
node --import tsx test/support/mock-openai-main.ts >"$log" &
mock_pid=$!
trap 'kill "$mock_pid" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do grep -q MOCK_OPENAI_URL "$log" && break; sleep 0.1; done
url="$(sed -n 's/^MOCK_OPENAI_URL=//p' "$log")"
[ -n "$url" ] || { echo "the mock endpoint did not start" >&2; exit 1; }

node dist/cli.js run-task EvolInstruct \
  --input examples/data/self-instruct-seed-tasks.jsonl \
  --param num_evolutions=3 \
  --out "$out" --force \
  --base-url "$url" --model mock-model
echo "==> first result row (without its metadata):"
head -n 1 "$out" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s);delete r.distilabel_metadata;console.log(JSON.stringify(r,null,2))})'
