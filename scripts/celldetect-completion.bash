# Tab completion for celldetect in bash, without dotnet-suggest: asks the command line's own [suggest] directive
# (System.CommandLine) for the commands, options and choices that fit the cursor; paths complete as usual.
# Use: source scripts/celldetect-completion.bash   (for example from ~/.bashrc); works for celldetect on the PATH
# and for ./celldetect.
_celldetect_complete() {
  local program="${COMP_WORDS[0]}" word="${COMP_WORDS[COMP_CWORD]}"
  local before="${COMP_LINE:0:COMP_POINT}"
  # The directive gets the command line after the program name and the cursor's position in it.
  local rest="${before#*"$program"}"
  rest="${rest# }"
  local candidates
  candidates="$("$program" "[suggest:${#rest}]" "$rest" 2>/dev/null)" || return 0
  local IFS=$'\n' candidate
  COMPREPLY=()
  for candidate in $(compgen -W "$candidates" -- "$word"); do
    # Options only when the word being typed is one; otherwise leave room for file names.
    if [[ "$candidate" == [-/]* && "$word" != -* ]]; then
      continue
    fi
    COMPREPLY+=("$candidate")
  done
}
complete -o default -F _celldetect_complete celldetect
