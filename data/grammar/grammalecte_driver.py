# mtlint's driver for Grammalecte (Debian python3-grammalecte, pulled in by grammalecte-cli):
# run by `mtlint --grammar grammalecte` as `python3 -c <this file>`. It speaks JSON lines: it
# writes {"ready": …} once the engine is loaded, then reads one request per line,
# {"texts": [paragraph, …], "options": {option: bool}}, and answers one line,
# {"results": [[error, …] per paragraph]} with Grammalecte's error objects (nStart, nEnd: character
# offsets in the paragraph; sRuleId, sType, sMessage, aSuggestions). It ends when its standard
# input closes, so it never outlives mtlint.
import json
import sys

try:
    import grammalecte
except ImportError as e:
    sys.stdout.write(json.dumps({"error": "cannot import grammalecte: " + str(e)}) + "\n")
    sys.exit(3)

checker = grammalecte.GrammarChecker("fr")
engine = checker.getGCEngine()
defaults = dict(engine.getOptions())
sys.stdout.write(json.dumps({"ready": True, "version": engine.version}) + "\n")
sys.stdout.flush()
for line in sys.stdin:
    if not line.strip():
        continue
    try:
        request = json.loads(line)
        options = dict(defaults)
        options.update(request.get("options") or {})
        results = []
        for text in request["texts"]:
            errors = engine.parse(text, "FR", dOptions=options)
            results.append([
                {k: e.get(k) for k in ("nStart", "nEnd", "sRuleId", "sType", "sMessage", "aSuggestions")}
                for e in errors
            ])
        answer = {"results": results}
    except Exception as e:  # noqa: BLE001 - reported to mtlint, which names the batch
        answer = {"error": "%s: %s" % (type(e).__name__, e)}
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
