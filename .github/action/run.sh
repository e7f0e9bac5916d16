#!/usr/bin/env bash
# The GitHub Action's logic, runnable anywhere: lint, print annotations, optionally write
# SARIF, and append a summary table to the job summary.
#
# Inputs (environment):
#   LADDERLINT            the binary (default: ladderlint on PATH)
#   LADDERLINT_PATHS      files and directories: one per line, or on one line separated
#                         by spaces (default: .)
#   LADDERLINT_CONFIG     a config file (default: look for ladderlint.toml)
#   LADDERLINT_STRICT     "true" to fail on warnings too
#   LADDERLINT_SARIF_FILE where to write SARIF (default: none)
#   GITHUB_STEP_SUMMARY   the job summary file, set by GitHub (default: none)
# Exit code: ladderlint's own (0 pass, 1 findings that fail, 2 trouble).
set -uo pipefail

bin="${LADDERLINT:-ladderlint}"
input="${LADDERLINT_PATHS:-.}"
paths=()
if [[ "$input" == *$'\n'* ]]; then
  # One path per line (a YAML block), so paths may hold spaces.
  while IFS= read -r line; do
    line="${line#"${line%%[![:space:]]*}"}"
    line="${line%"${line##*[![:space:]]}"}"
    [ -n "$line" ] && paths+=("$line")
  done <<<"$input"
else
  read -r -a paths <<<"$input"
fi
[ "${#paths[@]}" -eq 0 ] && paths=(.)
args=(--color never)
[ "${LADDERLINT_STRICT:-false}" = "true" ] && args+=(--strict)
[ -n "${LADDERLINT_CONFIG:-}" ] && args+=(--config "$LADDERLINT_CONFIG")

# Annotations: workflow commands on standard output, read by the runner.
status=0
"$bin" "${args[@]}" --format github "${paths[@]}" || status=$?

if [ -n "${LADDERLINT_SARIF_FILE:-}" ]; then
  "$bin" "${args[@]}" --format sarif --output-file "$LADDERLINT_SARIF_FILE" "${paths[@]}" || true
fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  "$bin" "${args[@]}" --format markdown "${paths[@]}" >>"$GITHUB_STEP_SUMMARY" || true
fi
exit "$status"
