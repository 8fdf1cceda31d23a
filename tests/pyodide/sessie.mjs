// One Pyodide for a whole test run (tests/pyodide_hulp.py starts it; so does benchmarks/bench_lite.py).
// Protocol: one JSON request per line on stdin, one JSON answer per line on stdout.
//   request:  {"bestanden": {"/pad/naam.py": "tekst", ...}, "python": "code"}   (both optional)
//   answer:   {"ok": true, "uit": <str() of the code's last expression>, "gedrukt": [...], "ms": <run time>}
//             {"ok": false, "fout": "<Python traceback or JS error>", "gedrukt": [...]}
// The first line on stdout is {"klaar": true, "pyodide": <version>, "laden_ms": <cold start>}.
// What Python prints is collected per request ("gedrukt"), so it never mixes with the protocol.
import { loadPyodide } from "pyodide";
import * as readline from "node:readline";

let gedrukt = [];
const begin = performance.now();
const pyodide = await loadPyodide({
  stdout: (regel) => gedrukt.push(regel),
  stderr: (regel) => gedrukt.push(regel),
});
const laden_ms = performance.now() - begin;
process.stdout.write(JSON.stringify({ klaar: true, pyodide: pyodide.version, laden_ms }) + "\n");

const invoer = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const regel of invoer) {
  if (!regel.trim()) continue;
  gedrukt = [];
  let antwoord;
  try {
    const verzoek = JSON.parse(regel);
    for (const [pad, tekst] of Object.entries(verzoek.bestanden ?? {})) {
      pyodide.FS.mkdirTree(pad.substring(0, pad.lastIndexOf("/")) || "/");
      pyodide.FS.writeFile(pad, tekst, { encoding: "utf8" });
    }
    const t0 = performance.now();
    const uit = verzoek.python ? pyodide.runPython(verzoek.python) : undefined;
    const ms = performance.now() - t0;
    antwoord = { ok: true, uit: uit === undefined ? null : String(uit), gedrukt, ms };
    if (uit && typeof uit.destroy === "function") uit.destroy();
  } catch (fout) {
    antwoord = { ok: false, fout: String(fout && fout.message ? fout.message : fout), gedrukt };
  }
  process.stdout.write(JSON.stringify(antwoord) + "\n");
}
