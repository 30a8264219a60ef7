#!/usr/bin/env bash
# The main job: evolve the 175 self-instruct seed tasks three times each (EvolInstruct) through
# the CLI, then show the first result row.
#   bash scripts/demo.sh                                 the bundled mock endpoint, no model needed
#   bash scripts/demo.sh --base-url URL --model NAME     a real OpenAI-compatible endpoint
# Run with --help for every option.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  cat <<'EOF'
usage: bash scripts/demo.sh [--base-url URL --model NAME [--api-key-env VAR]] [--out PATH]

Evolves the 175 self-instruct seed tasks (examples/data/self-instruct-seed-tasks.jsonl) three
times each with EvolInstruct, as `distillery run-task` does, and prints the first result row.

  (no --base-url)        start the bundled mock endpoint and use it: no model, no network;
                         its answers are made up by rules, not by a model
  --base-url URL         an OpenAI-compatible endpoint instead, e.g. http://localhost:11434/v1
                         (Ollama); 525 requests are sent
  --model NAME           the model to ask (required with --base-url), e.g. llama3.1
  --api-key-env VAR      environment variable holding the endpoint's API key, e.g.
                         OPENAI_API_KEY (only with --base-url; local servers need none)
  --out PATH             where to write the rows (default out/demo/evolved.jsonl; replaced if
                         it exists)
  -h, --help             this text
EOF
}

# Prints the problem and the usage to stderr, and exits 2 as the CLI does for bad arguments.
bad_usage() {
  echo "demo.sh: $1" >&2
  echo >&2
  usage >&2
  exit 2
}

base_url=""
model=""
api_key_env=""
out="out/demo/evolved.jsonl"
while [ $# -gt 0 ]; do
  case "$1" in
    -h | --help)
      usage
      exit 0
      ;;
    --base-url | --model | --api-key-env | --out)
      [ $# -ge 2 ] && [ -n "$2" ] && [ "${2#--}" = "$2" ] || bad_usage "$1 needs a value"
      case "$1" in
        --base-url) base_url="$2" ;;
        --model) model="$2" ;;
        --api-key-env) api_key_env="$2" ;;
        --out) out="$2" ;;
      esac
      shift 2
      ;;
    *) bad_usage "unknown argument \"$1\"" ;;
  esac
done

if [ -n "$base_url" ]; then
  case "$base_url" in
    http://* | https://*) ;;
    *) bad_usage "--base-url must be an http:// or https:// URL, such as http://localhost:11434/v1, not \"$base_url\"" ;;
  esac
  [ -n "$model" ] || bad_usage "--base-url needs --model NAME too (the model the endpoint serves, e.g. llama3.1)"
  if [ -n "$api_key_env" ]; then
    [[ "$api_key_env" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || bad_usage "--api-key-env takes the name of an environment variable, such as OPENAI_API_KEY, not the key itself"
    [ -n "${!api_key_env:-}" ] || bad_usage "--api-key-env $api_key_env: that environment variable is not set (export $api_key_env=... first)"
  fi
else
  [ -z "$model" ] || bad_usage "--model only applies with --base-url (the bundled mock has its own model name)"
  [ -z "$api_key_env" ] || bad_usage "--api-key-env only applies with --base-url (the bundled mock needs no key)"
fi

# Installs the dependencies first when they are missing (the prebuild script).
npm run --silent build

mock_notice() {
  echo "==> NOTE: the answers come from the bundled mock endpoint (test/support/mock-openai-main.ts),"
  echo "    not from a real model: its rewrites are made by fixed rules, so they show the shape of"
  echo "    a run's output, not what a model would write. For real answers, run"
  echo "    bash scripts/demo.sh --base-url URL --model NAME (see docs/first-run.md)."
}

mock_pid=""
log=""
cleanup() {
  if [ -n "$mock_pid" ]; then kill "$mock_pid" 2>/dev/null || true; fi
  if [ -n "$log" ]; then rm -f "$log"; fi
}
trap cleanup EXIT

key_args=()
if [ -z "$base_url" ]; then
  mock_notice
  log="$(mktemp)"
  node --import tsx test/support/mock-openai-main.ts >"$log" &
  mock_pid=$!
  for _ in $(seq 100); do grep -q MOCK_OPENAI_URL "$log" && break; sleep 0.1; done
  base_url="$(sed -n 's/^MOCK_OPENAI_URL=//p' "$log")"
  [ -n "$base_url" ] || { echo "demo.sh: the bundled mock endpoint did not start" >&2; exit 1; }
  model="mock-model"
  echo "==> the bundled mock endpoint is listening at $base_url"
else
  echo "==> endpoint $base_url, model $model"
  if [ -n "$api_key_env" ]; then key_args=(--api-key-env "$api_key_env"); fi
fi

mkdir -p "$(dirname "$out")"
echo "==> distillery run-task EvolInstruct --input examples/data/self-instruct-seed-tasks.jsonl --param num_evolutions=3 --out $out --force --base-url $base_url --model $model${api_key_env:+ --api-key-env $api_key_env}"
status=0
# The CLI as built by `npm run build`: the same bundle `distillery` runs once linked.
node dist/cli.js run-task EvolInstruct \
  --input examples/data/self-instruct-seed-tasks.jsonl \
  --param num_evolutions=3 \
  --out "$out" --force \
  --base-url "$base_url" --model "$model" "${key_args[@]}" || status=$?

if [ -s "$out" ]; then
  echo "==> first result row of $out (without its distilabel_metadata):"
  head -n 1 "$out" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s);delete r.distilabel_metadata;console.log(JSON.stringify(r,null,2))})'
fi
if [ -n "$mock_pid" ]; then mock_notice; fi
exit "$status"
