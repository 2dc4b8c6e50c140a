#!/bin/sh
# prism's front-end coverage corpus (issue 10; README.md in this folder says what it is).
# usage: sh benches/coverage/measure.sh PRISM_BINARY [-v]
#        COVERAGE_ROOT=DIR sh benches/coverage/measure.sh PRISM_BINARY [-v]
#   COVERAGE_ROOT (optional, default: this script's folder) is another corpus root with the same
#   layout (webgl1/ webgl2/ vulkan/ compute/ bad/, includes in vulkan/include/), e.g.
#   benches/coverage/round2; a relative path is taken from the current directory. The glslang
#   conf file is always this repository's fixtures/glslang/webgl1_appendixA.conf.
#
# Sets: webgl1/ webgl2/ vulkan/ compute/ (valid; glslang accepts each) and bad/ (glslang rejects each).
# good: "all" = `prism compile -t spirv,hlsl,msl,glsl,wgsl -o DIR FILE` exits 0;
#       "spv" = `prism compile -t spirv -o X.spv FILE` exits 0; each such module is then checked
#       with `spirv-val --target-env vulkan1.2` ("invalid" counts failures).
#       "unsup" = the all-targets run failed with error[E-UNSUPPORTED].
#       "glslang-rej" must be 0: a good shader glslang rejects is a corpus bug.
##       each WGSL output of an all-targets success is read back with naga-cli 30 (`naga X.wgsl`
#       validates it; `cargo install naga-cli --version 30.0.1`); "WGSL failing naga read-back"
#       counts failures ("not checked" when naga-cli is not installed).
#       vulkan/ and compute/ get `-I vulkan/include` (GL_GOOGLE_include_directive).
# bad:  "rejected" = `prism compile -t spirv` exits nonzero; "on line" = prism's first
#       `FILE:LINE` is glslang's line from the file's `expect-error-line: N` header.
# glslang: webgl1 with fixtures/glslang/webgl1_appendixA.conf (GLSL ES 1.00 Appendix A loop / sampler-index
#       limits that browsers (ANGLE) enforce for WebGL 1: while/do-while, non-inductive for,
#       non-constant sampler indexing); webgl2 plain; vulkan/compute `-V --target-env vulkan1.2`.
# -v prints every failure with prism's first error line.
P=${1:?prism binary}; V=$2
S=$(cd "$(dirname "$0")" && pwd)
D=$(cd "${COVERAGE_ROOT:-$S}" && pwd) || { echo "COVERAGE_ROOT: no such folder: $COVERAGE_ROOT" >&2; exit 2; }
T=$(mktemp -d)
INC="$D/vulkan/include"
CONF="$S/../../fixtures/glslang/webgl1_appendixA.conf"
command -v naga >/dev/null 2>&1 && NAGA=1 || NAGA=

glslang_ok() { # set file
  case $1 in
    webgl1) glslangValidator "$CONF" "$2" >/dev/null 2>&1 ;;
    webgl2) glslangValidator "$2" >/dev/null 2>&1 ;;
    *) glslangValidator -V --target-env vulkan1.2 -I"$INC" -o "$T/g.spv" "$2" >/dev/null 2>&1 ;;
  esac
}
firsterr() { grep -m1 -E '^(error|bug|warning: internal)|panicked' "$1" | cut -c1-220; }

for set in webgl1 webgl2 vulkan compute; do
  n=0; all=0; spv=0; unsup=0; invalid=0; grej=0; wgslbad=0
  for f in "$D/$set"/*.*; do
    [ -f "$f" ] || continue
    n=$((n+1)); name="$set/$(basename "$f")"
    glslang_ok $set "$f" || { grej=$((grej+1)); echo "GLSLANG-REJECTS good $name"; }
    inc=""; case $set in vulkan|compute) inc="-I $INC";; esac
    rm -rf "$T/out"
    if timeout 60 "$P" compile $inc -t spirv,hlsl,msl,glsl,wgsl -o "$T/out" "$f" >"$T/log" 2>&1; then all=$((all+1))
      [ -n "$NAGA" ] && for w in "$T"/out/*.wgsl; do
        # naga 30's WGSL reader refuses `enable subgroups;` (not yet implemented) although it
        # reads every subgroup operation: blank the directive, as prism's own reader does.
        sed -e '/^enable subgroups;/d' -e '/^enable /s/, *subgroups//' "$w" >"$T/r.wgsl"
        naga "$T/r.wgsl" >"$T/nv" 2>&1 || { wgslbad=$((wgslbad+1)); echo "WGSL-READBACK-FAILS $name: $(grep -m1 -iE 'error|panick' "$T/nv" | cut -c1-200)"; }
      done
    else
      grep -q 'E-UNSUPPORTED' "$T/log" && unsup=$((unsup+1))
      [ -n "$V" ] && echo "FAIL-ALL $name: $(firsterr "$T/log")"
    fi
    rm -f "$T/x.spv"
    if timeout 60 "$P" compile $inc -t spirv -o "$T/x.spv" "$f" >"$T/log2" 2>&1; then
      spv=$((spv+1))
      if ! spirv-val --target-env vulkan1.2 "$T/x.spv" >"$T/val" 2>&1; then
        invalid=$((invalid+1)); echo "INVALID-SPIRV $name: $(head -1 "$T/val" | cut -c1-200)"
      fi
    else [ -n "$V" ] && echo "FAIL-SPV $name: $(firsterr "$T/log2")"; fi
  done
  echo "$set: all targets $all/$n; SPIR-V $spv/$n; E-UNSUPPORTED $unsup; SPIR-V failing spirv-val $invalid; WGSL failing naga read-back $([ -n "$NAGA" ] && echo $wgslbad || echo 'not checked'); glslang-rejected good $grej"
done

n=0; rej=0; online=0; grej=0
for f in "$D"/bad/*; do
  n=$((n+1)); name="bad/$(basename "$f")"
  exp=$(head -1 "$f" | sed -n 's/.*expect-error-line: \([0-9]*\).*/\1/p')
  case $(basename "$f") in
    *recursion*) glslangValidator -l "$f" >/dev/null 2>&1 ;;
    es1_*) glslangValidator "$CONF" "$f" >/dev/null 2>&1 ;;
    *) glslangValidator "$f" >/dev/null 2>&1 ;;
  esac && { grej=$((grej+1)); echo "GLSLANG-ACCEPTS bad $name"; }
  if timeout 60 "$P" compile -t spirv -o "$T/o.spv" "$f" >"$T/log" 2>&1; then
    [ -n "$V" ] && echo "ACCEPTED bad $name"
  else
    rej=$((rej+1))
    got=$(grep -m1 -o "$(basename "$f"):[0-9]*" "$T/log" | sed 's/.*://')
    if [ "$got" = "$exp" ]; then online=$((online+1))
    else [ -n "$V" ] && echo "LINE bad $name: expected $exp, prism ${got:-none}: $(firsterr "$T/log")"; fi
  fi
done
echo "bad: $rej/$n rejected, $online/$n on glslang's line; glslang-accepted bad $grej"
rm -rf "$T"
