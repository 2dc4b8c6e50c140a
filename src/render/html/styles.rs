//! The page's stylesheet: fixed rules, plus the heat switch per column (see the module doc
//! of `render::html` for how it works without script).

use std::fmt::Write;

/// The page's CSS: the fixed part, then the heat switch for every column a pane can have.
pub(super) fn stylesheet(helper_slots: usize) -> String {
    let mut css = String::from(STYLE);
    let keys = ["ir", "spv", "opt"]
        .map(String::from)
        .into_iter()
        .chain((0..helper_slots).map(|slot| format!("t{slot}")));
    for key in keys {
        let _ = writeln!(
            css,
            ".hs-{key}:checked~.scroll tr.l{{--heat:var(--{key},0)}}\
             .hs-{key}:checked~.scroll .c-{key},.hs-{key}:checked~.heatbar .c-{key}{{font-weight:700;color:var(--fg)}}\
             .hs-{key}:checked~.heatbar label.c-{key}{{background:var(--chip);border-color:var(--hot-edge)}}\
             .hs-{key}:focus-visible~.heatbar label.c-{key}{{outline:2px solid var(--hot-edge)}}"
        );
    }
    css
}

const STYLE: &str = r#"
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1d22;--dim:#6b7079;--rule:#e3e5e9;--chip:#eef1f5;
--hot:68 119 170;--gain:1;--hot-edge:#4477aa;--card:#f8f9fb;
--k-alu:#4477aa;--k-conversion:#aa3377;--k-memory:#ccbb44;--k-control:#228833;--k-bounds-check:#cc3311;--k-other:#bbbbbb;
--b-bounds:#cc3311;--b-sat:#aa3377;--b-helper:#ee7733;--b-loop:#0077bb;--b-helper-fg:#1b1d22}
@media (prefers-color-scheme:dark){:root{--bg:#15171c;--fg:#e4e6ea;--dim:#9097a3;--rule:#2c3038;--chip:#242933;
--hot:102 170 238;--gain:1.25;--hot-edge:#66aaee;--card:#1b1e24}}
*{box-sizing:border-box}
body{margin:0;padding:16px 20px;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif}
h1{font-size:18px;margin:0 0 4px}h2{font-size:16px;margin:0 0 6px;overflow-wrap:anywhere}h3{font-size:13px;margin:0 0 6px}
code,.src,.items{font-family:ui-monospace,"SF Mono",Menlo,Consolas,"DejaVu Sans Mono",monospace}
.key{margin:0 0 14px;color:var(--dim);font-size:13px}.key b{color:var(--fg);font-weight:600}
.dim,.z{color:var(--dim)}.err{color:var(--b-bounds)}
.panes{display:grid;grid-template-columns:repeat(var(--panes),minmax(0,1fr));gap:20px;align-items:start}
.pane{min-width:0}
.ph{border-bottom:2px solid var(--rule);padding-bottom:6px;margin-bottom:10px}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0;font-size:13px}
.meta dt{color:var(--dim)}.meta dd{margin:0}
.notes{margin:0 0 10px;padding:6px 10px 6px 26px;background:var(--chip);border-left:3px solid var(--b-helper);font-size:13px}
.totals{background:var(--card);border:1px solid var(--rule);border-radius:6px;padding:10px 12px;margin-bottom:12px}
.barrow{display:flex;align-items:center;gap:8px;margin:3px 0}
.bl{width:7em;color:var(--dim);font-size:12px;text-align:right}.bn{width:3.5em;font-variant-numeric:tabular-nums}
.track{flex:1}.bar{display:flex;height:14px;border-radius:3px;overflow:hidden;min-width:2px}
.bar span{min-width:2px}
.k-alu{background:var(--k-alu)}.k-conversion{background:var(--k-conversion)}.k-memory{background:var(--k-memory)}
.k-control{background:var(--k-control)}.k-bounds-check{background:var(--k-bounds-check)}.k-other{background:var(--k-other)}
.sw{display:inline-block;width:9px;height:9px;border-radius:2px;margin-right:4px}
.cats{border-collapse:collapse;font-size:12px;margin-top:8px}
.cats th,.cats td{padding:1px 0 1px 14px;text-align:right;font-weight:normal;white-space:nowrap}.cats .n{width:auto}
.cats tr:first-child th{color:var(--dim)}.cats th:first-child{color:var(--dim);text-align:right;width:7em;padding-left:0}
.totals p{margin:6px 0 0;font-size:12px}
.vh{position:absolute;opacity:0;width:1px;height:1px;margin:0;pointer-events:none}
.heatbar{display:flex;align-items:center;flex-wrap:wrap;gap:4px;font-size:12px;margin:0 0 6px}
.heatbar label{cursor:pointer;padding:1px 8px;border:1px solid var(--rule);border-radius:10px;color:var(--dim)}
.ramp{width:90px;height:10px;margin-left:8px;border-radius:2px;border:1px solid var(--rule);
background:linear-gradient(90deg,rgb(var(--hot)/.1),rgb(var(--hot)/.65))}
.scroll{overflow-x:auto;border:1px solid var(--rule);border-radius:6px}
.src{border-collapse:collapse;width:100%;font-size:12.5px;line-height:1.5}
.src th{font-weight:600;font-size:11px;color:var(--dim);font-family:system-ui,sans-serif;padding:3px 5px;border-bottom:1px solid var(--rule);white-space:nowrap}
.src thead label{cursor:pointer;border-bottom:1px dotted currentColor}
.src .groups th{border-bottom:0;padding-bottom:0;font-weight:normal;text-align:center}
.src th.code{text-align:left}
.src td{padding:0 5px;vertical-align:top}
tr.l{background-color:rgb(var(--hot)/calc(var(--heat,0)*var(--gain)))}
tr.l:hover{outline:1px solid var(--hot-edge);outline-offset:-1px}
.ln{color:var(--dim);text-align:right;user-select:none;width:1%;white-space:nowrap}
.n{text-align:right;font-variant-numeric:tabular-nums;width:1%;white-space:nowrap;user-select:none}
.src td.n{color:var(--fg);opacity:.85}.src td.n.z{color:var(--dim);opacity:.6}
.src td.code{border-left:1px solid var(--rule)}
.line{display:flex;gap:4px}
.marks{flex:none;width:3.6em;display:flex;gap:2px;user-select:none}
.text{white-space:pre-wrap;overflow-wrap:anywhere;tab-size:4;min-width:0}
summary{display:flex;cursor:pointer;list-style:none}summary::-webkit-details-marker{display:none}
summary .marks::after{content:"\25B8";color:var(--dim);font-size:11px;align-self:center}
details[open]>summary .marks::after{content:"\25BE"}
.badge{display:inline-block;min-width:1.35em;padding:0 3px;border-radius:3px;font:700 10.5px/1.45 system-ui,sans-serif;text-align:center;color:#fff;align-self:center}
.b-bounds{background:var(--b-bounds)}.b-sat{background:var(--b-sat)}.b-helper{background:var(--b-helper);color:var(--b-helper-fg)}.b-loop{background:var(--b-loop)}
.items{border-collapse:collapse;margin:2px 0 6px 3.6em;font-size:12px;background:var(--bg);border:1px solid var(--rule);border-radius:4px}
.items td{padding:1px 8px 1px 4px;vertical-align:baseline}.items .target{color:var(--dim);white-space:nowrap}
tfoot th,tfoot td{border-top:1px solid var(--rule)}tfoot .code{font-family:system-ui,sans-serif;color:var(--dim);font-size:12px}
tr.total td.n{font-weight:700;opacity:1}
tr.file th{text-align:left;color:var(--fg);background:var(--chip);font-family:ui-monospace,monospace}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin-top:12px}
.card{flex:1 1 260px;background:var(--card);border:1px solid var(--rule);border-radius:6px;padding:10px 12px;font-size:13px}
.funcs{border-collapse:collapse;width:100%}.funcs th,.funcs td{padding:1px 8px 1px 0;text-align:left;vertical-align:top}
.funcs th{font-weight:600;color:var(--dim)}.funcs .n{text-align:right}
.diff{margin:0 0 12px;max-width:760px}.diff h2{font-size:14px;margin:0 0 6px}
.nums{border-collapse:collapse}.nums th,.nums td{padding:1px 10px 1px 0;text-align:right}
.nums th:first-child,.nums td:first-child{text-align:left}.nums th{color:var(--dim);font-weight:600}
.nums tr.better td:last-child{font-weight:700}.nums tr.worse td:last-child{font-weight:700;text-decoration:underline}
.nums tr.better td:last-child::before{content:"▼ "}.nums tr.worse td:last-child::before{content:"▲ "}
"#;
